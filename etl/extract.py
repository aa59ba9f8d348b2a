"""Read the raw CSV tables strictly: encoding, line ends, field counts, header and types."""

from __future__ import annotations

import csv
import gc
import io
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import polars as pl

from etl.metadata import Table
from etl.paths import Paths
from etl.problems import Problem

LINE_COLUMN = "_line"
"""Physical line of each record in its raw file; kept until publication for error messages."""

POLARS_TYPES = {
    "string": pl.String,
    "integer": pl.Int64,
    "number": pl.Float64,
    "boolean": pl.Boolean,
    "date": pl.Date,
}


def polars_schema(table: Table, raw_only: bool = False) -> dict[str, pl.DataType]:
    fields = table.raw_fields if raw_only else table.fields
    return {f.name: POLARS_TYPES[f.type] for f in fields}


def decode(data: bytes, file: str) -> tuple[str | None, list[Problem]]:
    """UTF-8 without BOM and with LF line ends, or the problems that prevent it."""
    if not data:
        return None, [Problem(file, None, None, "not_empty", "the file is empty (0 bytes)")]
    if data.startswith(b"\xef\xbb\xbf"):
        return None, [Problem(file, 1, None, "no_bom",
                              "starts with a UTF-8 byte-order mark; save without BOM")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        col = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
        return None, [Problem(file, line, None, "utf8",
                              f"invalid UTF-8 byte 0x{data[err.start]:02x} at byte {col} of "
                              "the line; save the file as UTF-8")]
    if "\r" in text:
        line = text.count("\n", 0, text.index("\r")) + 1
        return None, [Problem(file, line, None, "lf_line_ends",
                              "CR or CRLF line end; raw files use LF line ends only")]
    return text, []


def read_table(paths: Paths, table: Table) -> tuple[pl.DataFrame | None, list[Problem]]:
    """Load one raw table under its schema, or report why it cannot be loaded.

    A plainly sound file is read straight from its bytes; any other file is decoded and
    read record by record, so that every fault is named with its line.
    """
    path = paths.raw_csv(table.name)
    file = paths.rel(path)
    if not path.is_file():
        return None, [Problem(file, None, None, "file_exists",
                              f"missing raw file for table {table.name}")]
    data = path.read_bytes()
    names = [f.name for f in table.raw_fields]
    frame = read_sound(data, names)
    if frame is not None:
        return cast(frame, table, file)
    text, problems = decode(data, file)
    if text is None:
        return None, problems
    return parse(text, table, file)


def parse(text: str, table: Table, file: str) -> tuple[pl.DataFrame | None, list[Problem]]:
    """Rows of one decoded raw file, with the physical line each record starts on.

    Python's strict csv module names the line and the fault of every record that is not
    sound: polars alone would fill a short row with nulls.
    """
    expected = [f.name for f in table.raw_fields]
    try:
        first_line = text[:text.find("\n") + 1] if "\n" in text else text
        header = next(csv.reader(io.StringIO(first_line, newline=""), strict=True), None)
    except csv.Error as err:
        return None, [Problem(file, 1, None, "csv_syntax", str(err))]
    if header != expected:
        return None, [Problem(file, 1, None, "header",
                              f"header must be exactly {','.join(expected)}",
                              ",".join(header or []))]
    frame, problems = _read_record_by_record(text, expected, file)
    if frame is None:
        return None, problems
    typed, type_problems = cast(frame, table, file)
    return typed, problems + type_problems


def read_sound(data: bytes, names: list[str]) -> pl.DataFrame | None:
    """The rows of a plainly sound file as strings, read by polars; None for any other.

    Plainly sound: no byte-order mark, LF line ends, the exact header, every record found
    sound in bulk by `csv_records`, and valid UTF-8 throughout (polars checks that).
    """
    from etl.csv_records import record_lines

    if data.startswith(b"\xef\xbb\xbf") or b"\r" in data:
        return None
    if not data.startswith(",".join(names).encode("utf-8") + b"\n"):
        return None
    # The bulk check and polars both run outside Python's lock: side by side they take
    # little more than the longer of the two. A file the check rejects loses its frame.
    with ThreadPoolExecutor(max_workers=1) as pool:
        checked = pool.submit(record_lines, data, len(names))
        frame = _polars_strings(data, names)
        lines = checked.result()
    if lines is None or frame is None or frame.height != len(lines):
        return None
    return frame.with_columns(pl.Series(LINE_COLUMN, lines, dtype=pl.Int64))


def _polars_strings(data: bytes, names: list[str]) -> pl.DataFrame | None:
    try:
        return pl.read_csv(data, schema=dict.fromkeys(names, pl.String), has_header=True,
                           quote_char='"')
    except pl.exceptions.PolarsError:
        return None  # e.g. text after a closing quote: the csv module names the line


def _read_record_by_record(text: str, expected: list[str],
                           file: str) -> tuple[pl.DataFrame | None, list[Problem]]:
    """Python's strict csv module: every syntax fault and wrong field count, by line."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    next(reader)
    with _gc_paused():
        try:
            records = list(reader)
        except csv.Error as err:
            return None, [Problem(file, reader.line_num, None, "csv_syntax", str(err))]
    lines = _record_lines(text, len(records))
    problems = [
        Problem(file, line, None, "field_count",
                f"{len(record)} fields, expected {len(expected)}" if record
                else "blank line; remove it")
        for record, line in zip(records, lines, strict=True) if len(record) != len(expected)
    ]
    if not records:
        problems.append(Problem(file, None, None, "has_rows", "the table has no data rows"))
    good = [(r, n) for r, n in zip(records, lines, strict=True) if len(r) == len(expected)]
    columns = list(zip(*(r for r, _ in good), strict=True)) or [() for _ in expected]
    frame = pl.DataFrame(dict(zip(expected, map(list, columns), strict=True)),
                         schema={name: pl.String for name in expected})
    frame = frame.with_columns(pl.Series(LINE_COLUMN, [n for _, n in good], dtype=pl.Int64))
    return frame, problems


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Millions of small lists make the cyclic collector run for nothing."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _record_lines(text: str, count: int) -> list[int]:
    """The physical line each data record starts on (records may hold quoted newlines)."""
    physical = text.count("\n") + (0 if text.endswith("\n") else 1)
    if physical == count + 1:
        return list(range(2, count + 2))
    reader = csv.reader(io.StringIO(text, newline=""))
    next(reader)
    lines, start = [], reader.line_num + 1
    for _ in reader:
        lines.append(start)
        start = reader.line_num + 1
    return lines


def cast(frame: pl.DataFrame, table: Table, file: str) -> tuple[pl.DataFrame, list[Problem]]:
    """Give every raw column its declared type; each cell that does not fit is a problem."""
    problems: list[Problem] = []
    exprs = []
    for f in table.raw_fields:
        raw = pl.when(pl.col(f.name) == "").then(None).otherwise(pl.col(f.name))
        if f.type == "string":
            exprs.append(raw.alias(f.name))
        elif f.type == "boolean":
            exprs.append(raw.replace_strict({"true": True, "false": False}, default=None,
                                            return_dtype=pl.Boolean).alias(f.name))
        elif f.type == "integer":
            ok = raw.str.contains(r"^-?[0-9]+$")
            exprs.append(pl.when(ok).then(raw.cast(pl.Int64, strict=False)).alias(f.name))
        elif f.type == "number":
            num = raw.cast(pl.Float64, strict=False)
            exprs.append(pl.when(num.is_finite()).then(num).alias(f.name))
        else:
            exprs.append(raw.str.to_date("%Y-%m-%d", strict=False).alias(f.name))
    typed = frame.select([*exprs, pl.col(LINE_COLUMN)])
    for f in table.raw_fields:
        if f.type == "string":
            continue
        bad = frame.filter((frame[f.name] != "") & typed[f.name].is_null())
        for value, line in zip(bad[f.name], bad[LINE_COLUMN], strict=True):
            problems.append(Problem(file, line, f.name, f"type_{f.type}",
                                    f"not a valid {f.type}" + _type_hint(f.type), value))
    return typed, problems


def _type_hint(kind: str) -> str:
    return {
        "boolean": " (write true or false)",
        "integer": " (digits only)",
        "number": " (a finite decimal number)",
        "date": " (YYYY-MM-DD)",
    }.get(kind, "")
