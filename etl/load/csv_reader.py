"""Read the raw CSV tables strictly: size, encoding, line ends, header, field counts and types.

Python's csv module in strict mode reads every file, record by record, so that every fault
is named with the line it starts on. polars takes over once the cells are strings.
"""

from __future__ import annotations

import csv
import io
import os
import stat
from pathlib import Path

import polars as pl

from etl.load import MAX_RAW_BYTES
from etl.metadata import Field, Table
from etl.problems import PER_RULE_LIMIT, Problem, bounded

LINE_COLUMN = "_line"
"""Physical line of each record in its raw file; kept until publication for error messages."""


TYPE_HINTS = {
    "boolean": " (write true or false)",
    "integer": " (ASCII digits only)",
    "number": " (a finite decimal number)",
    "date": " (YYYY-MM-DD)",
}


def read_bytes(path: Path, file: str, limit: int,
               root: Path | None = None) -> tuple[bytes | None, list[Problem]]:
    """The file's bytes, or why they cannot be read: missing, not a regular file, a link
    out of the project (`root`), unreadable or too large. Never waits on a FIFO or a device:
    it is looked at before it is opened, opened without blocking, and read with a bound."""
    try:
        problem = _not_an_input(path, file, root)
        if problem is not None:
            return None, [problem]
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
        with os.fdopen(fd, "rb") as handle:
            status = os.fstat(handle.fileno())
            if not stat.S_ISREG(status.st_mode):  # replaced since it was looked at
                return None, [_irregular(file, status.st_mode)]
            data = handle.read(limit + 1) if status.st_size <= limit else b""
        if status.st_size > limit or len(data) > limit:
            size = max(len(data), status.st_size)
            return None, [Problem(file, None, None, "max_size",
                                  f"{size:,} bytes, more than the limit of {limit:,}; "
                                  "raise it with --max-raw-bytes if the file is right")]
        return data, []
    except FileNotFoundError:
        return None, [Problem(file, None, None, "file_exists", "the file is missing")]
    except OSError as err:
        return None, [Problem(file, None, None, "readable",
                              f"cannot be read: {err.strerror or err}")]


def _not_an_input(path: Path, file: str, root: Path | None) -> Problem | None:
    """Why `path` is no input of the build: not a regular file, or (through links) a file
    outside the project; None when it is one."""
    kind = os.stat(path).st_mode  # follows links; FileNotFoundError for a missing or dangling one
    if not stat.S_ISREG(kind):
        return _irregular(file, kind)
    if root is not None and not path.resolve().is_relative_to(root.resolve()):
        return Problem(file, None, None, "inside_project",
                       "a symbolic link to a file outside the project: the build reads only "
                       "files inside it; copy the file into data/raw")
    return None


_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISSOCK, "a socket"))


def _irregular(file: str, mode: int) -> Problem:
    what = next((name for test, name in _KINDS if test(mode)), "not a regular file")
    return Problem(file, None, None, "regular_file",
                   f"is {what}, not a regular file: the build reads only regular files")


def decode(data: bytes, file: str) -> tuple[str | None, list[Problem]]:
    """UTF-8 without BOM and with LF line ends, or the problem that prevents it."""
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


def read_table(path: Path, file: str, table: Table, limit: int = MAX_RAW_BYTES,
               root: Path | None = None) -> tuple[pl.DataFrame | None, list[Problem]]:
    """One raw table under its schema, or the problems that prevent loading it."""
    data, problems = read_bytes(path, file, limit, root)
    if data is None:
        return None, problems
    text, problems = decode(data, file)
    if text is None:
        return None, problems
    return parse(text, table, file)


def parse(text: str, table: Table, file: str) -> tuple[pl.DataFrame | None, list[Problem]]:
    """The typed rows of one decoded raw file, each with the physical line it starts on."""
    expected = [f.name for f in table.raw_fields]
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as err:
        return None, [Problem(file, 1, None, "csv_syntax", str(err))]
    if header != expected:
        return None, [Problem(file, 1, None, "header",
                              f"header must be exactly {','.join(expected)}",
                              ",".join(header or []))]
    good: list[list[str]] = []
    lines: list[int] = []
    bad: list[tuple[int, int]] = []  # (line, field count) of the first records that are off
    bad_count = 0
    start = reader.line_num + 1
    try:
        for record in reader:
            if len(record) == len(expected):
                good.append(record)
                lines.append(start)
            else:
                bad_count += 1
                if len(bad) < PER_RULE_LIMIT:
                    bad.append((start, len(record)))
            start = reader.line_num + 1
    except csv.Error as err:
        return None, [Problem(file, reader.line_num, None, "csv_syntax", str(err))]
    problems = bounded(
        (Problem(file, line, None, "field_count", f"{fields} fields, expected "
                 f"{len(expected)}" if fields else "blank line; remove it")
         for line, fields in bad), bad_count, file, "field_count")
    if not good and not bad_count:
        problems.append(Problem(file, None, None, "has_rows", "the table has no data rows"))
    columns = list(zip(*good, strict=True)) if good else [() for _ in expected]
    frame = pl.DataFrame({name: list(col) for name, col in zip(expected, columns, strict=True)},
                         schema=dict.fromkeys(expected, pl.String))
    frame = frame.with_columns(pl.Series(LINE_COLUMN, lines, dtype=pl.Int64))
    typed, type_problems = cast(frame, table, file)
    return typed, problems + type_problems


def cast(frame: pl.DataFrame, table: Table, file: str) -> tuple[pl.DataFrame, list[Problem]]:
    """Give every raw column its declared type; each cell that does not fit is a problem."""
    typed = frame.select([*(_typed(f) for f in table.raw_fields), pl.col(LINE_COLUMN)])
    problems: list[Problem] = []
    for f in table.raw_fields:
        if f.type == "string":
            continue
        bad = frame.filter((pl.col(f.name) != "") & typed[f.name].is_null())
        rule, message = f"type_{f.type}", f"not a valid {f.type}{TYPE_HINTS[f.type]}"
        problems += bounded(
            (Problem(file, line, f.name, rule, message, value) for value, line
             in bad.head(PER_RULE_LIMIT).select(f.name, LINE_COLUMN).iter_rows()),
            bad.height, file, rule, f.name)
    return typed, problems


def _typed(f: Field) -> pl.Expr:
    """The column in its declared type; an empty cell is null, a cell that does not fit too."""
    raw = pl.when(pl.col(f.name) == "").then(None).otherwise(pl.col(f.name))
    if f.type == "boolean":
        typed = raw.replace_strict({"true": True, "false": False}, default=None,
                                   return_dtype=pl.Boolean)
    elif f.type == "integer":
        typed = pl.when(raw.str.contains(r"^-?[0-9]+$")).then(raw.cast(pl.Int64, strict=False))
    elif f.type == "number":
        number = pl.when(raw.str.contains(r"^[-+]?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$")).then(
            raw.cast(pl.Float64, strict=False))
        typed = pl.when(number.is_finite()).then(number)
    elif f.type == "date":
        typed = raw.str.to_date("%Y-%m-%d", strict=False)
    else:
        typed = raw
    return typed.alias(f.name)
