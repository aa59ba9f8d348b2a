"""The cookbook's questions (docs/cookbook.md), each with its SQL and its stated answer."""

from __future__ import annotations

import re
from typing import NamedTuple

from etl.paths import Paths

_RECIPE = re.compile(r"^## (\d+)\. ([^\n]*)\n.*?```sql\n(.*?)```.*?```csv\n(.*?)```",
                     re.S | re.M)


class Recipe(NamedTuple):
    number: int
    question: str
    sql: str
    answer: str
    """The answer as CSV, header first."""


def recipes(paths: Paths) -> list[Recipe]:
    text = (paths.root / "docs" / "cookbook.md").read_text("utf-8")
    return [Recipe(int(n), question.strip(), sql.strip(), answer)
            for n, question, sql, answer in _RECIPE.findall(text)]
