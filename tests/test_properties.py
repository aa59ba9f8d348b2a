"""Property-based tests of the loader, the checks and the writers (hypothesis)."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import duckdb
import polars as pl
from conftest import MINI
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.load.csv_reader import parse
from etl.metadata import TABLES, TABLES_BY_NAME
from etl.metadata.tables import ENTITY_TYPES, LOCATIONS
from etl.paths import Paths
from etl.pipeline import cheap_checks
from etl.problems import BuildFailed, Problem
from etl.publish.outputs import write_csv, write_duckdb, write_parquet

FIGURES = TABLES_BY_NAME["figures"]
TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=30)


HEADER = ",".join(f.name for f in TABLES_BY_NAME["figures"].raw_fields) + "\n"


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(exclude_categories=["Cs"]), max_size=400))
def test_the_loader_turns_any_rows_into_typed_rows_or_problems(body):
    """Seeded with the real header, so that every example reaches the rows."""
    frame, problems = parse(HEADER + body, FIGURES, "figures.csv")
    assert all(isinstance(p, Problem) and p.rule for p in problems)
    assert all(p.rule != "header" for p in problems)
    if frame is not None:
        assert frame.columns == [*(f.name for f in FIGURES.raw_fields), "_line"]
        assert frame["_line"].is_sorted() and (frame["_line"] >= 2).all()


def _mutated_figures(rows: list[list[str]], draw_cells: list[tuple[int, int, str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    body = [list(r) for r in rows]
    for r, c, value in draw_cells:
        row = body[1 + r % (len(body) - 1)]
        row[c % len(row)] = value
    writer.writerows(body)
    return out.getvalue()


MINI_FIGURES = list(csv.reader(io.StringIO(
    (MINI / "data" / "raw" / "figures.csv").read_text("utf-8"))))


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, 50), st.integers(0, 50), TEXT), min_size=1,
                max_size=4))
def test_a_malformed_table_fails_the_check_cleanly(tmp_path_factory, cells):
    root = tmp_path_factory.mktemp("prop")
    shutil.copytree(MINI / "data" / "raw", root / "data" / "raw")
    (root / "data" / "raw" / "figures.csv").write_text(_mutated_figures(MINI_FIGURES, cells),
                                                       encoding="utf-8")
    try:
        frames, _, _ = cheap_checks(Paths(root))
    except BuildFailed as failed:
        assert failed.problems and all(p.rule for p in failed.problems)
    else:
        assert frames["figures"].height == len(MINI_FIGURES) - 1


IDS = st.from_regex(r"[a-z][a-z0-9_]{0,12}", fullmatch=True)
NAMES = st.text(st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=20)


@st.composite
def entity_tables(draw) -> pl.DataFrame:
    ids = draw(st.lists(IDS, min_size=1, max_size=15, unique=True))
    rows = [{
        "entity_id": entity_id,
        "name_zh": draw(NAMES),
        "name_en": draw(NAMES),
        "entity_type": draw(st.sampled_from(ENTITY_TYPES.codes)),
        "parent_id": draw(st.none() | st.sampled_from(ids)),
        "location": draw(st.sampled_from(LOCATIONS.codes)),
        "note": draw(st.none() | NAMES),
    } for entity_id in ids]
    schema = TABLES_BY_NAME["entities"].polars_schema()
    return pl.DataFrame(rows, schema=schema).sort("entity_id")


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entity_tables())
def test_valid_tables_come_out_of_csv_parquet_and_duckdb_unchanged(tmp_path_factory, frame):
    folder: Path = tmp_path_factory.mktemp("roundtrip")
    table = TABLES_BY_NAME["entities"]
    schema = table.polars_schema()
    write_csv(frame, folder / "entities.csv")
    write_parquet(frame, table, folder / "entities.parquet")
    empty = {t.name: pl.DataFrame(schema=t.polars_schema()) for t in TABLES}
    write_duckdb({**empty, "entities": frame}, folder / "db.duckdb")
    assert pl.read_csv(folder / "entities.csv", schema=schema).equals(frame, null_equal=True)
    assert pl.read_parquet(folder / "entities.parquet").equals(frame, null_equal=True)
    con = duckdb.connect(str(folder / "db.duckdb"), read_only=True)
    try:
        db = pl.from_arrow(con.sql("SELECT * FROM entities ORDER BY entity_id")
                           .to_arrow_table())
        assert isinstance(db, pl.DataFrame)
        db = db.cast(pl.Schema(schema))
    finally:
        con.close()
    assert db.sort("entity_id").equals(frame, null_equal=True)
