"""English short names, acronyms and former names: each finds its one entity, case aside,
and the build refuses an English name that breaks the rules of `entity_aliases`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import run

from etl.paths import Paths

# The names English texts use for the organisations of the article, and the entity each means.
EXPECTED = {
    "Tsinghua": "tsinghua", "CAS": "cas", "Baotou Steel": "baogang", "Baogang": "baogang",
    "USTB": "ustb", "BUAA": "beihang", "Beihang": "beihang", "PKU": "pku",
    "North Heavy Industries": "north_heavy", "Little Sheep": "xiaofeiyang", "BIT": "bit",
    "Nankai": "nankai", "CAE": "cae", "CAU": "cau", "CAAS": "caas", "BJUT": "bjut",
}


def _resolve(release: Paths, name: str) -> list[str]:
    import duckdb

    con = duckdb.connect(str(release.duckdb), read_only=True)
    try:
        rows = con.execute("SELECT DISTINCT entity_id FROM entity_names "
                           "WHERE lower(name) = lower(?)", [name]).fetchall()
    finally:
        con.close()
    return [r[0] for r in rows]


@pytest.mark.parametrize(("name", "entity_id"), EXPECTED.items())
def test_each_english_short_name_finds_its_one_entity_in_any_case(release, name, entity_id):
    for spelling in (name, name.lower(), name.upper()):
        assert _resolve(release, spelling) == [entity_id]


def test_every_name_of_the_release_finds_exactly_one_entity_case_aside(release):
    import duckdb

    con = duckdb.connect(str(release.duckdb), read_only=True)
    try:
        shared = con.execute(
            "SELECT lower(name), list(DISTINCT entity_id) FROM entity_names "
            "WHERE kind <> 'as printed here' GROUP BY lower(name) "
            "HAVING count(DISTINCT entity_id) > 1").fetchall()
        english = con.execute(
            "SELECT language, kind, count(*) FROM entity_names WHERE kind IN "
            "('short name', 'acronym', 'former name') GROUP BY ALL ORDER BY ALL").fetchall()
    finally:
        con.close()
    assert shared == []
    assert {language for language, _, _ in english} == {"en"}
    assert {kind for _, kind, _ in english} == {"short name", "acronym", "former name"}


@pytest.fixture
def built(mini_built: Paths, tmp_path: Path) -> Paths:
    root = tmp_path / "tree"
    shutil.copytree(mini_built.root, root)
    return Paths(root)


@pytest.mark.parametrize(("row", "column", "rule"), [
    ("Chinese Academy,cas,zh,printed,\n", "alias_zh", "alias_in_source"),
    ("Academia,cas,zh,acronym,A name.\n", "language", "english_alias"),
    ("中科院力学所,cas,en,short_name,Printed after all.\n", "alias_kind", "english_alias"),
    ("Old Academy,cas,en,former_name,\n", "note", "english_alias"),
])
def test_a_broken_english_name_is_refused_on_its_line(built: Paths, row, column, rule):
    path = built.raw_csv("entity_aliases")
    lines = path.read_text("utf-8").count("\n")
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(row)
    result = run(built.root, "build")
    assert result.exit_code == 1, result.output
    where = f"data/raw/entity_aliases.csv:{lines + 1}:"
    assert any(line.startswith(where) and f"column {column}:" in line and f"rule {rule}:" in line
               for line in result.output.splitlines()), result.output
