"""Problems a curator can act on: file, line, column, value and the rule broken."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice

PER_RULE_LIMIT = 20
"""Lines printed for one rule in one file; the rest are counted in one more line."""


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int | None
    column: str | None
    rule: str
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


def _shown(value: str) -> str:
    """A value as it can be printed safely: control characters escaped, long ones cut."""
    shown = value if len(value) <= 60 else value[:57] + "..."
    return ascii(shown) if any(_is_control(ch) for ch in shown) else repr(shown)


def _is_control(ch: str) -> bool:
    return ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F


def bounded(found: Iterable[Problem], count: int, file: str, rule: str,
            column: str | None = None) -> list[Problem]:
    """The first PER_RULE_LIMIT of `count` problems, then one line for the rest.

    `found` may be a generator longer than the limit: only the first ones are made.
    """
    problems = list(islice(found, PER_RULE_LIMIT))
    if count > len(problems):
        problems.append(Problem(file, None, column, rule, "", omitted=count - len(problems)))
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
    shown: dict[tuple[str, str], int] = {}
    omitted: dict[tuple[str, str], int] = {}
    for p in problems:
        key = (p.file, p.rule)
        if p.omitted:
            omitted[key] = omitted.get(key, 0) + p.omitted
        elif shown.get(key, 0) < PER_RULE_LIMIT:
            shown[key] = shown.get(key, 0) + 1
            kept.append(p)
        else:
            omitted[key] = omitted.get(key, 0) + 1
    return kept + [Problem(file, None, None, rule, "", omitted=n)
                   for (file, rule), n in omitted.items()]
