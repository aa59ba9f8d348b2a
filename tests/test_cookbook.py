"""Every query of docs/cookbook.md runs against the built database and gives its stated answer."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT, run

COOKBOOK = (ROOT / "docs" / "cookbook.md").read_text("utf-8")
RECIPES = re.findall(r"## (\d+)\. [^\n]*\n.*?```sql\n(.*?)```.*?```csv\n(.*?)```", COOKBOOK,
                     flags=re.S)


def test_the_cookbook_has_at_least_ten_questions():
    assert len(RECIPES) >= 10


@pytest.mark.parametrize(("number", "sql", "answer"), RECIPES, ids=[r[0] for r in RECIPES])
def test_recipe_gives_its_stated_answer(release, number, sql, answer):
    result = run(release.root, "query", sql, "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.output == answer
