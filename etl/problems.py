"""Problems a curator can act on: file, line, column, value and the rule broken."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from itertools import islice
from typing import Any

PER_RULE_LIMIT = 20
"""Lines printed for one rule in one file; the rest are counted in one more line."""


@dataclass(frozen=True, order=True, kw_only=True)
class Problem:
    """One problem at one place, built by its `Kind` (with keywords only)."""

    file: str
    line: int | None = None
    column: str | None = None
    rule: str
    code: str
    message: str
    value: str | None = None
    omitted: int = 0
    """For the last line of a bounded list: how many more problems like the ones above."""

    def __str__(self) -> str:
        if self.omitted:
            return f"{self.file}: rule {self.rule}: … and {self.omitted} more like these"
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        parts = [where]
        if self.column:
            parts.append(f"column {self.column}")
        if self.value is not None:
            parts.append(f"value {_shown(self.value)}")
        parts.append(f"rule {self.rule}")
        return ": ".join(parts) + f": {self.message}"

    def as_json(self) -> str:
        """One JSON line for editors and CI annotations (the same fields, machine-readable)."""
        fields: dict[str, str | int | None] = {
            "file": self.file, "line": self.line, "column": self.column, "rule": self.rule,
            "code": self.code, "message": self.message, "value": self.value}
        if self.omitted:
            fields["omitted"] = self.omitted
        return json.dumps(fields, ensure_ascii=True)


@dataclass(frozen=True)
class Kind:
    """A kind of problem, declared once: its rule's name, a stable code for tools, and the
    message template its details fill (`str.format` fields)."""

    rule: str
    code: str
    message: str

    def __call__(self, *, file: str, line: int | None = None, column: str | None = None,
                 value: str | None = None, rule: str | None = None,
                 **details: Any) -> Problem:
        """The problem at one place; `rule` names a declared instance (an `Ordered` pair)."""
        return Problem(file=file, line=line, column=column, rule=rule or self.rule,
                       code=self.code, message=self.message.format(**details), value=value)


def _shown(value: str) -> str:
    """A value as it can be printed safely: control characters escaped, long ones cut."""
    shown = value if len(value) <= 60 else value[:57] + "..."
    return ascii(shown) if any(_is_control(ch) for ch in shown) else repr(shown)


def _is_control(ch: str) -> bool:
    return ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F


def bounded(found: Iterable[Problem], count: int) -> list[Problem]:
    """The first PER_RULE_LIMIT of `count` problems, then one line for the rest.

    `found` may be a generator longer than the limit: only the first ones are made.
    """
    problems = list(islice(found, PER_RULE_LIMIT))
    if count > len(problems):
        last = problems[-1]
        problems.append(replace(last, line=None, message="", value=None,
                                omitted=count - len(problems)))
    return problems


class BuildFailed(Exception):
    """Raised with every problem of a run, root causes first; the CLI prints them."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(dict.fromkeys(problems))
        super().__init__(f"{len(self.problems)} problem(s)")


def in_order(problems: Iterable[Problem]) -> list[Problem]:
    """By file, then line: a problem of the whole file first, the count of the omitted last."""
    def key(p: Problem) -> tuple[str, int, int, str, str, str]:
        place = 2 if p.omitted else (0 if p.line is None else 1)
        return (p.file, place, p.line or 0, p.column or "", p.rule, p.message)
    return sorted(set(problems), key=key)


def capped(problems: Iterable[Problem]) -> list[Problem]:
    """At most PER_RULE_LIMIT problems of one rule in one file, then one line for the rest.

    A count of omitted problems already in the list (from `bounded`) is added to that line.
    """
    kept: list[Problem] = []
    shown: dict[tuple[str, str, str], int] = {}
    omitted: dict[tuple[str, str, str], int] = {}
    for p in problems:
        key = (p.file, p.rule, p.code)
        if p.omitted:
            omitted[key] = omitted.get(key, 0) + p.omitted
        elif shown.get(key, 0) < PER_RULE_LIMIT:
            shown[key] = shown.get(key, 0) + 1
            kept.append(p)
        else:
            omitted[key] = omitted.get(key, 0) + 1
    return kept + [Problem(file=file, rule=rule, code=code, message="", omitted=n)
                   for (file, rule, code), n in omitted.items()]
