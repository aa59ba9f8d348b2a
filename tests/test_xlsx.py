"""The Excel workbook: every table on its sheet, typed, equal to the CSVs; reproducible."""

from __future__ import annotations

import hashlib
import zipfile
from datetime import date, datetime

import openpyxl
import polars as pl
import pytest

from etl.metadata import TABLES
from etl.metadata import package as pkg
from etl.publish.xlsx import ABOUT_SHEET, FIELD_HEADER, display_width


@pytest.fixture(scope="module")
def book(release):
    return openpyxl.load_workbook(release.workbook, read_only=False)


def _cell(value, kind: str):
    if kind == "date" and isinstance(value, datetime):
        return value.date()
    return value


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name)
def test_each_sheet_holds_its_csv_with_typed_cells(book, release, table):
    csv = pl.read_csv(release.processed / f"{table.name}.csv", schema=table.polars_schema())
    sheet = book[table.name]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == table.field_names
    assert sheet.freeze_panes == "A2"
    kinds = [f.type for f in table.fields]
    body = [tuple(_cell(v, k) for v, k in zip(row, kinds, strict=True)) for row in rows[1:]]
    assert body == [tuple(r) for r in csv.iter_rows()]
    python_types: dict[str, type | tuple[type, ...]] = {
        "integer": int, "number": (int, float), "boolean": bool, "date": date, "string": str}
    for row in body:
        for value, kind in zip(row, kinds, strict=True):
            if value is not None:
                assert isinstance(value, python_types[kind]), (kind, value)
                if kind == "integer":
                    assert not isinstance(value, bool)


def test_the_first_sheet_describes_the_package_and_every_field(book):
    assert book.sheetnames == [ABOUT_SHEET, *(t.name for t in TABLES)]
    rows = list(book[ABOUT_SHEET].iter_rows(values_only=True))
    about = {r[0]: r[1] for r in rows if r[0] and r[1] and r[2] is None}
    assert about["title"] == pkg.TITLE and about["version"] == pkg.VERSION
    assert about["title (Chinese)"] == pkg.TITLE_ZH
    start = rows.index(FIELD_HEADER)
    assert book[ABOUT_SHEET].freeze_panes == f"A{start + 2}"
    described = {(r[0], r[1]): r for r in rows[start + 1:]}
    for table in TABLES:
        for f in table.fields:
            row = described[(table.name, f.name)]
            assert row[2] == f.type and (row[3] or None) == f.unit
            assert row[5].startswith(f.description)


def test_column_widths_count_wide_characters_double(book):
    assert display_width("包头") == 4 and display_width("Baotou") == 6
    sheet = book["entities"]
    widths = {sheet.cell(1, c + 1).value: sheet.column_dimensions[
        openpyxl.utils.get_column_letter(c + 1)].width for c in range(sheet.max_column)}
    assert widths["name_zh"] > len("name_zh") + 2  # wide enough for the Chinese names
    assert all(4 <= w <= 62 for w in widths.values())


def test_the_workbook_holds_no_clock(mini_built):
    """No time of writing in the archive, so a rebuild gives the same bytes (the rebuild
    test of test_build.py compares the workbook with every other published file)."""
    with zipfile.ZipFile(mini_built.workbook) as archive:
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert f"{pkg.RELEASE_DATE}T00:00:00Z" in core


def test_the_committed_workbook_is_the_one_the_build_writes(release, tmp_path):
    from etl.publish.xlsx import write_xlsx

    frames = {t.name: pl.read_csv(release.processed / f"{t.name}.csv",
                                  schema=t.polars_schema()) for t in TABLES}
    write_xlsx(frames, tmp_path / "again.xlsx")
    digest = hashlib.sha256((tmp_path / "again.xlsx").read_bytes()).hexdigest()
    assert digest == hashlib.sha256((release.workbook).read_bytes()).hexdigest()


# --- Every format holds the same content: the workbook read back, and Excel's limits

def _frames(release) -> dict[str, pl.DataFrame]:
    return {t.name: pl.read_csv(release.processed / f"{t.name}.csv",
                                schema=t.polars_schema()) for t in TABLES}


def test_the_release_workbook_reads_back_as_its_tables(release):
    from etl.publish.xlsx import workbook_problems

    assert workbook_problems(_frames(release), release.workbook, "book.xlsx") == []


@pytest.mark.parametrize("value", [0.30000000000000004, 2.0**53 + 1, 1 / 3])
def test_a_number_the_workbook_cannot_hold_exactly_is_refused(release, tmp_path, value):
    from etl.publish.xlsx import workbook_problems, write_xlsx

    frames = _frames(release)
    frames["figures"] = frames["figures"].with_columns(
        value=pl.when(pl.col("figure_id") == frames["figures"]["figure_id"][0])
        .then(pl.lit(value)).otherwise(pl.col("value")))
    write_xlsx(frames, tmp_path / "book.xlsx")
    problems = workbook_problems(frames, tmp_path / "book.xlsx", "book.xlsx")
    held = float(f"{value:.16G}") == value  # what XlsxWriter writes
    assert bool(problems) == (not held)
    if problems:
        (p,) = problems
        assert (p.line, p.column, p.rule) == (2, "figures.value", "workbook_reads_back")
