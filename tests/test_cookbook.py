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


def _recipe(title_part: str) -> tuple[str, str]:
    for heading, sql, answer in re.findall(
            r"## \d+\. ([^\n]*)\n.*?```sql\n(.*?)```.*?```csv\n(.*?)```", COOKBOOK, flags=re.S):
        if title_part in heading:
            return sql, answer
    raise AssertionError(f"no recipe about {title_part}")


def test_the_tsinghua_question_uses_entity_facts_and_finds_the_rails_press_and_saline_land(
        release):
    sql, answer = _recipe("清华大学相关的全部数据")
    assert "entity_facts" in sql and "entity_names" in sql
    rows = dict(((t, r), int(n)) for t, r, n in
                (line.split(",") for line in answer.strip().splitlines()[1:]))
    assert rows[("figures", "technology_source")] == 4  # the bainite rails
    assert rows[("figures", "developer")] == 4  # the 36,000-tonne press
    assert rows[("relations", "agreement:object")] == 2  # incl. the 2011 saline-land agreement
    assert rows[("events", "partner")] == 1  # the 2011 agreement, filed under Tsinghua too
    sql, answer = _recipe("Which figures is Tsinghua University behind")
    assert "entity_facts" in sql
    for figure_id in ("fig_bainite_tensile_strength_increase", "fig_press_force",
                      "fig_saline_ph_before"):
        assert figure_id in answer
    result = run(release.root, "query", sql, "--format", "csv")
    assert result.output == answer


def test_every_everything_about_question_uses_entity_facts():
    for heading, sql, _ in re.findall(
            r"## \d+\. ([^\n]*)\n.*?```sql\n(.*?)```.*?```csv\n(.*?)```", COOKBOOK, flags=re.S):
        if "全部" in heading or "everything about" in heading.lower():
            assert "entity_facts" in sql, heading
