"""Problems a curator can act on: file, line, column, value and the rule broken."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int | None
    column: str | None
    rule: str
    message: str
    value: str | None = None

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        parts = [where]
        if self.column:
            parts.append(f"column {self.column}")
        if self.value is not None:
            shown = self.value if len(self.value) <= 60 else self.value[:57] + "..."
            parts.append(f"value {shown!r}")
        parts.append(f"rule {self.rule}")
        return ": ".join(parts) + f": {self.message}"


class BuildFailed(Exception):
    """Raised with every problem of a run; the CLI prints them and exits non-zero."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=_sort_key)
        super().__init__(f"{len(self.problems)} problem(s)")


def _sort_key(p: Problem) -> tuple:
    return (p.file, p.line or 0, p.column or "", p.rule, p.message)
