"""Everything is described in Chinese too: every table, field, view, view column and code,
in the metadata, the descriptor, `etl describe --lang zh` and the Chinese data dictionary."""

from __future__ import annotations

import json
import re

import pytest
from conftest import ROOT, run

from etl.docs.dictionary import render_dictionary
from etl.metadata import TABLES, VIEWS, Table, View
from etl.metadata import package as pkg
from etl.metadata.tables import CATEGORY_LABELS, VOCABULARIES

HAN = re.compile(r"[\u4e00-\u9fff]")
OBJECTS: list[Table | View] = [*TABLES, *VIEWS]


def _chinese(text: str | None) -> bool:
    """Written in Chinese: at least as many Han characters as Latin letters outside `code`."""
    if not text:
        return False
    prose = re.sub(r"`[^`]*`", "", text)
    return len(HAN.findall(prose)) >= len(re.findall(r"[A-Za-z]", prose))


@pytest.mark.parametrize("obj", OBJECTS, ids=lambda o: o.name)
def test_every_table_view_and_column_has_a_chinese_description(obj):
    assert _chinese(obj.description_zh), obj.name
    missing = [f.name for f in obj.fields if not _chinese(f.description_zh)]
    assert not missing, f"{obj.name}: no Chinese description for {missing}"


def test_every_code_of_every_vocabulary_has_a_chinese_label_and_description():
    for name, vocabulary in VOCABULARIES.items():
        assert vocabulary.categories == CATEGORY_LABELS[name], name
        for code, category in vocabulary.categories.items():
            assert HAN.search(category.label_zh), (name, code)
            assert category.description and _chinese(category.description_zh), (name, code)


def test_the_judge_of_chinese_refuses_english_and_empty_text():
    assert not _chinese(None) and not _chinese("")
    assert not _chinese("Key of the entity.")
    assert _chinese("实体的键（`entity_id`）。")


def test_the_descriptor_carries_the_chinese_beside_the_english():
    descriptor = json.loads((ROOT / "datapackage.json").read_text("utf-8"))
    assert descriptor["title_zh"] == pkg.TITLE_ZH and _chinese(descriptor["description_zh"])
    by_name = {t.name: t for t in TABLES}
    tables = [r for r in descriptor["resources"] if r["name"] in by_name]
    assert len(tables) == len(TABLES)
    for resource in tables:
        table = by_name[resource["name"]]
        assert resource["title_zh"] == table.title_zh
        assert resource["description_zh"] == table.description_zh
        for field, meta in zip(resource["schema"]["fields"], table.fields, strict=True):
            assert field["description_zh"].startswith(meta.description_zh), field["name"]
            if meta.unit:
                assert field["description_zh"].endswith(f"（{meta.unit}）。")


def test_the_duckdb_comments_are_in_both_languages(release):
    """A researcher reading `duckdb_tables()`, `duckdb_views()` or `duckdb_columns()` of the
    release finds each description in English and in Chinese."""
    import duckdb

    with duckdb.connect(str(release.duckdb), read_only=True) as con:
        about = dict(con.execute("SELECT table_name, comment FROM duckdb_tables() UNION ALL "
                                 "SELECT view_name, comment FROM duckdb_views() "
                                 "WHERE NOT internal").fetchall())
        columns = {(t, c): comment for t, c, comment in con.execute(
            "SELECT table_name, column_name, comment FROM duckdb_columns()").fetchall()}
    for obj in OBJECTS:
        assert obj.description in about[obj.name] and obj.description_zh in about[obj.name]
        for f in obj.fields:
            comment = columns[obj.name, f.name]
            assert comment.startswith(f.described) and f.described_zh in comment, f.name


def test_describe_in_chinese_shows_the_chinese_descriptions(tmp_path):
    out = run(tmp_path, "describe", "figures", "--lang", "zh").output
    figures = next(t for t in TABLES if t.name == "figures")
    assert out.startswith("figures：数据（Figures）")
    assert figures.description_zh in out
    for f in figures.fields:
        assert f"  {f.name}（" in out and f.description_zh in out
    assert "value（数值） [推导]" in out
    view = run(tmp_path, "describe", "entity_facts", "--lang", "zh").output
    assert view.startswith("entity_facts（视图）") and "role（文本）：该实体在该行中的角色" in view
    unknown = run(tmp_path, "describe", "nope", "--lang", "zh")
    assert unknown.exit_code == 2 and "可选：sources" in unknown.output


def test_the_chinese_data_dictionary_is_current_and_chinese():
    path = ROOT / "docs" / "data-dictionary.zh.md"
    text = render_dictionary("zh")
    assert path.read_text("utf-8") == text, "run `etl dictionary`"
    for obj in OBJECTS:
        assert obj.description_zh is not None and obj.description_zh in text
    english = render_dictionary("en")
    assert len(HAN.findall(text)) > 3 * len(HAN.findall(english))


def test_dictionary_check_fails_on_a_stale_chinese_dictionary(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "data-dictionary.md").write_text(render_dictionary("en"), "utf-8")
    (tmp_path / "docs" / "data-dictionary.zh.md").write_text("# 旧版\n", "utf-8")
    result = run(tmp_path, "dictionary", "--check")
    assert result.exit_code != 0 and "data-dictionary.zh.md is stale" in result.output
    assert run(tmp_path, "dictionary").exit_code == 0
    assert run(tmp_path, "dictionary", "--check").exit_code == 0
