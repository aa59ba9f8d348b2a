"""One Excel workbook of every table, for Excel and WPS users.

A CSV without a byte-order mark opens garbled in Excel and WPS (they guess the local code
page); a workbook carries its encoding. The first sheet describes the package, the tables
and every field (type, unit, description); then one sheet per table, its header row
frozen, with typed cells: numbers as numbers, booleans as booleans, dates as dates, empty
cells for missing values.

The bytes are reproducible: document properties come from the package (created and
modified at the release date), and XlsxWriter's in-memory mode stamps every member of the
zip archive 1980-01-01 and writes them in a fixed order.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import polars as pl

from etl.metadata import TABLES
from etl.metadata import package as pkg
from etl.problems import Kind, Problem

READS_BACK = Kind("workbook_reads_back", "W01", "sheet {table} reads back {got!r} where the "
                  "table has {want!r}: the workbook would not hold the same content as the CSV")
MEDIATYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ABOUT_SHEET = "about"
MAX_WIDTH = 60
MAX_CELL_CHARACTERS = 32_767
"""Excel's limit on the text of one cell: a longer string would be cut without a word."""
MAX_ROWS = 1_048_576
"""Rows of one worksheet, the header included."""
FIELD_HEADER = ("table", "field", "type", "unit", "required", "description")
TABLE_HEADER = ("table", "title", "title (Chinese)", "rows", "description")


def display_width(text: str) -> int:
    """Columns a string takes in a spreadsheet: wide (CJK) characters count double."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _width(values: Iterable[object]) -> float:
    longest = max((display_width(str(v)) for v in values if v is not None), default=0)
    return min(max(longest, 4) + 2, MAX_WIDTH)


def about_rows() -> list[tuple[str, str]]:
    rows = [
        ("title", pkg.TITLE),
        ("title (Chinese)", pkg.TITLE_ZH),
        ("name", pkg.NAME),
        ("id", pkg.ID),
        ("version", pkg.VERSION),
        ("released", pkg.RELEASE_DATE),
        ("licence", f"{pkg.DATA_LICENSE['title']} ({pkg.DATA_LICENSE['path']})"),
        ("rights of the article", pkg.ARTICLE_RIGHTS),
    ]
    if pkg.HOMEPAGE:
        rows.append(("homepage", pkg.HOMEPAGE))
    rows.append(("sheets", "This sheet describes the tables and every field; each table "
                 "follows on a sheet of its name. Empty cells are missing values."))
    return rows


def write_xlsx(frames: dict[str, pl.DataFrame], path: Path) -> None:
    """The workbook of the published frames (rows in published order)."""
    import xlsxwriter

    moment = datetime.fromisoformat(pkg.RELEASE_DATE)
    book = xlsxwriter.Workbook(str(path), {"in_memory": True, "strings_to_numbers": False,
                                           "strings_to_formulas": False,
                                           "strings_to_urls": False})
    book.set_properties({"title": pkg.TITLE, "subject": pkg.TITLE_ZH,
                         "author": pkg.CONTRIBUTORS[0]["title"],
                         "keywords": ", ".join(pkg.KEYWORDS), "created": moment,
                         "comments": f"{pkg.NAME} {pkg.VERSION}"})
    bold = book.add_format({"bold": True})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    _about_sheet(book.add_worksheet(ABOUT_SHEET), frames, bold, wrap)
    for table in TABLES:
        sheet = book.add_worksheet(table.name)
        frame = frames[table.name]
        sheet.write_row(0, 0, table.field_names, bold)
        sheet.freeze_panes(1, 0)
        if frame.height:
            sheet.autofilter(0, 0, frame.height, len(table.fields) - 1)
        for c, f in enumerate(table.fields):
            column = frame.get_column(f.name)
            sheet.set_column(c, c, _width([f.name, *column.to_list()]))
            for r, value in enumerate(column.to_list(), start=1):
                if value is None:
                    continue
                if f.type == "boolean":
                    sheet.write_boolean(r, c, value)
                elif f.type in {"integer", "number"}:
                    sheet.write_number(r, c, value)
                elif f.type == "date":
                    sheet.write_datetime(r, c, value, day)
                else:
                    sheet.write_string(r, c, value)
    book.close()


def differences(frames: dict[str, pl.DataFrame],
                path: Path) -> Iterator[tuple[str, int | None, str | None, Any, Any]]:
    """Every cell the workbook, read back as a consumer reads it (openpyxl), does not hold
    as the table has it: (table, row of the sheet, field, in the workbook, in the table)."""
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True)
    try:
        for table in TABLES:
            frame = frames[table.name]
            rows = list(book[table.name].iter_rows(values_only=True))
            if len(rows) != frame.height + 1 or tuple(rows[0]) != table.field_names:
                yield table.name, None, None, f"{len(rows) - 1} rows", f"{frame.height} rows"
                continue
            for number, (read, expected) in enumerate(
                    zip(rows[1:], frame.iter_rows(), strict=True), start=2):
                for f, got, want in zip(table.fields, read, expected, strict=True):
                    if _as_written(got, f.type) != want:
                        yield table.name, number, f.name, got, want
    finally:
        book.close()


def workbook_problems(frames: dict[str, pl.DataFrame], path: Path,
                      file: str) -> list[Problem]:
    """The workbook's differences from the checked rows, as problems of the release."""
    return [READS_BACK(file=file, line=line,
                       column=None if column is None else f"{table}.{column}",
                       value=None if got is None else str(got), table=table, got=got, want=want)
            for table, line, column, got, want in differences(frames, path)]


def _as_written(value: Any, kind: str) -> Any:
    """A cell as its table has it: a date cell is read as a datetime at midnight."""
    if kind == "date" and isinstance(value, datetime):
        return value.date()
    return value


def _about_sheet(sheet: Any, frames: dict[str, pl.DataFrame], bold: Any, wrap: Any) -> None:
    row = 0
    for key, value in about_rows():
        sheet.write_string(row, 0, key, bold)
        sheet.write_string(row, 1, value)
        row += 1
    row += 1
    sheet.write_row(row, 0, TABLE_HEADER, bold)
    row += 1
    for table in TABLES:
        sheet.write_row(row, 0, (table.name, table.title, table.title_zh))
        sheet.write_number(row, 3, frames[table.name].height)
        sheet.write_string(row, 4, table.description)
        row += 1
    row += 1
    sheet.write_row(row, 0, FIELD_HEADER, bold)
    sheet.freeze_panes(row + 1, 0)
    header = row
    row += 1
    for table in TABLES:
        for f in table.fields:
            sheet.write_row(row, 0, (table.name, f.name, f.type, f.unit or "",
                                     "yes" if f.required else "no"))
            sheet.write_string(row, 5, f.described)
            row += 1
    sheet.autofilter(header, 0, row - 1, len(FIELD_HEADER) - 1)
    names = [t.name for t in TABLES] + [f.name for t in TABLES for f in t.fields]
    sheet.set_column(0, 0, _width([*names[:len(TABLES)], *(k for k, _ in about_rows())]))
    sheet.set_column(1, 1, _width(f.name for t in TABLES for f in t.fields))
    sheet.set_column(2, 4, 12)
    sheet.set_column(5, 5, MAX_WIDTH, wrap)
