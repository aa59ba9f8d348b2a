"""Read-only SQL on the published DuckDB file, rendered for people or for other programs.

`etl query` is meant to be safe behind a web form, so every call is fenced in:

* the database is opened read-only with external access off (no file reads or writes
  outside the database, no extensions installed or loaded), a fixed memory limit, a fixed
  number of threads, no spilling to a temporary directory, and the configuration locked,
  so `SET`, `PRAGMA` and `RESET` cannot lift any of it;
* the SQL is parsed before anything runs; it must be exactly one read-only statement
  (SELECT, WITH, VALUES, FROM, TABLE, PIVOT/UNPIVOT with an IN list, SHOW, DESCRIBE,
  SUMMARIZE, EXPLAIN of one of those, or a few catalogue PRAGMAs), otherwise nothing runs;
* the query runs on a worker thread, interrupted after `timeout` seconds (or at Ctrl-C),
  and at most `max_rows` rows are returned (a larger result is refused, not cut short).

Every refusal is a `QueryError` (exit 3 in the CLI) whose text is one problem: DuckDB's
whole message, hints and caret included, with control characters made visible.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import threading
import unicodedata
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from uuid import UUID

import click

DEFAULT_TIMEOUT = 30.0
MAX_ROWS = 100_000
MEMORY_LIMIT = "1GB"
THREADS = 2

#: Given to `duckdb.connect`; `lock_configuration` is set after the session options below.
CONFIG: dict[str, str | int | bool] = {
    "enable_external_access": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "allow_community_extensions": False,
    "memory_limit": MEMORY_LIMIT,
    "threads": THREADS,
    "temp_directory": "",  # no spilling: the default is a folder next to the published file
}
#: Session options DuckDB will not take in `connect(config=…)`; set, then locked.
SESSION = ("SET enable_progress_bar = false", "SET lock_configuration = true")

#: PRAGMAs that only describe the catalogue (everything else, e.g. database_list, is refused).
PRAGMAS = frozenset({"table_info", "show_tables", "show_tables_expanded", "show_databases",
                     "version", "platform"})


class QueryError(Exception):
    """A query that cannot run: bad SQL, a refused statement, a limit reached, no database.

    The message is one problem; continuation lines are indented, control characters escaped.
    """

    def __init__(self, message: str):
        lines = [visible(line.rstrip("\r")).rstrip() for line in message.split("\n")]
        lines = [line for line in lines if line]
        super().__init__("\n  ".join(lines))


class EmptyQuery(click.UsageError):
    """SQL with no statement in it: only spaces, semicolons or comments (exit 2)."""

    def __init__(self):
        super().__init__("the SQL has no statement in it (only spaces, semicolons or "
                         "comments)", click.get_current_context(silent=True))


def connect(database: Path):
    """The locked-down, read-only connection every query runs on."""
    import duckdb

    if not database.is_file():
        raise QueryError(f"no database at {database}; run `make build` first")
    try:
        con = duckdb.connect(str(database), read_only=True, config=dict(CONFIG))
    except duckdb.Error as err:
        raise QueryError(_open_failure(database, err)) from None
    try:
        for statement in SESSION:
            con.execute(statement)
    except BaseException:
        con.close()
        raise
    return con


def _open_failure(database: Path, err: Exception) -> str:
    message = str(err)
    held = re.search(r"Conflicting lock is held in .*?\(PID (\d+)\)", message)
    if held:
        return (f"cannot open {database}: another process (PID {held.group(1)}) has it open "
                "for writing; try again when it has finished")
    return f"cannot open {database}: {message.splitlines()[0] if message else err!r}"


def run_query(database: Path, sql: str, timeout: float = DEFAULT_TIMEOUT,
              max_rows: int = MAX_ROWS) -> tuple[list[str], list[tuple]]:
    """Columns and rows of one read-only statement, or a `QueryError` (`EmptyQuery`)."""
    import duckdb

    con = connect(database)
    try:
        try:
            statements = con.extract_statements(sql)
        except duckdb.Error as err:
            raise QueryError(_message(err)) from None
        check(con, statements)
        return _execute(con, statements[0], timeout, max_rows)
    finally:
        con.close()


def check(con, statements: list) -> None:
    """Refuse the whole call unless it is exactly one allowed statement; nothing runs."""
    if not statements:
        raise EmptyQuery()
    refused = [(n, _describe(s)) for n, s in enumerate(statements, 1) if not _allowed(con, s)]
    if refused:
        which = "; ".join(f"statement {n} is {name}" for n, name in refused)
        raise QueryError(f"`etl query` is read-only and runs only SELECT-like statements: "
                         f"{which}; nothing was run")
    if len(statements) > 1:
        raise QueryError(f"give one statement per call, not {len(statements)}; "
                         "nothing was run")


_LEAD = re.compile(r"(?:\s+|--[^\n]*(?:\n|$)|/\*.*?\*/)*", re.DOTALL)
_EXPLAIN = re.compile(r"EXPLAIN\s+(?:ANALY[SZ]E\s+)?(?:\([^()]*\)\s*)?", re.IGNORECASE)


def _text_of(statement) -> str:
    """The statement's SQL without leading spaces and comments."""
    text = statement.query
    lead = _LEAD.match(text)
    return text[lead.end():] if lead else text


def _keyword(statement) -> str:
    match = re.match(r"[A-Za-z_]+", _text_of(statement))
    return match.group(0).upper() if match else statement.type.name


def _describe(statement) -> str:
    keyword, kind = _keyword(statement), statement.type.name
    article = "an" if kind[0] in "AEIOU" else "a"
    name = keyword if keyword == kind else f"{keyword} ({article} {kind} statement)"
    if kind == "MULTI" and keyword == "PIVOT":
        name += ", which needs its values listed: PIVOT … ON column IN (…)"
    return name


def _allowed(con, statement) -> bool:
    import duckdb

    kind = statement.type
    if kind == duckdb.StatementType.SELECT:
        return True
    if kind == duckdb.StatementType.PRAGMA:
        name = re.match(r"PRAGMA\s+(\w+)", _text_of(statement), re.IGNORECASE)
        return name is not None and name.group(1).lower() in PRAGMAS
    if kind == duckdb.StatementType.EXPLAIN:
        text = _text_of(statement)
        prefix = _EXPLAIN.match(text)
        if not prefix:
            return False
        try:
            inner = con.extract_statements(text[prefix.end():])
        except duckdb.Error:
            return False
        return len(inner) == 1 and inner[0].type == duckdb.StatementType.SELECT
    return False


def _execute(con, statement, timeout: float, max_rows: int):
    """Run on a worker thread, so that the timeout and Ctrl-C both reach `con.interrupt()`
    (a thread inside DuckDB does not see signals)."""
    import duckdb

    outcome: dict = {}
    finished = threading.Event()  # not Thread.join: a Ctrl-C can end a join early (gh-90882)

    def work() -> None:
        try:
            cursor = con.execute(statement)
            if cursor.description is not None:
                outcome["columns"] = [d[0] for d in cursor.description]
                outcome["rows"] = cursor.fetchmany(max_rows + 1)
        except duckdb.Error as err:
            outcome["error"] = err
        finally:
            finished.set()

    worker = threading.Thread(target=work, name="etl-query", daemon=True)
    worker.start()
    try:
        stopped = not finished.wait(timeout)
    except KeyboardInterrupt:
        con.interrupt()
        finished.wait()
        raise QueryError("the query was interrupted") from None
    if stopped:
        con.interrupt()
        finished.wait()
    err = outcome.get("error")
    if stopped and (err is None or isinstance(err, duckdb.InterruptException)):
        raise QueryError(f"the query ran longer than {timeout:g} s and was stopped")
    if err is not None:
        raise QueryError(_message(err))
    rows = outcome.get("rows", [])
    if len(rows) > max_rows:
        raise QueryError(f"the result has more than {max_rows:,} rows; add a LIMIT or "
                         "aggregate (nothing was printed)")
    return outcome.get("columns", []), rows


def _message(err: Exception) -> str:
    """DuckDB's whole message: the hints, candidates and caret are the useful part."""
    import duckdb

    message = str(err)
    if isinstance(err, duckdb.OutOfMemoryException):
        # DuckDB's "possible solutions" (SET threads, SET memory_limit…) are locked here.
        return (f"the query needed more memory than `etl query` allows ({MEMORY_LIMIT}) and "
                f"was stopped: {message.splitlines()[0]}")
    if "read-only mode" in message:
        return "the database is read-only: `etl query` runs queries, not changes"
    return message


# --- rendering ---------------------------------------------------------------------------

#: Characters that must not reach a terminal raw: C0 and C1 controls, DEL, line and
#: paragraph separators, and the bidirectional overrides and isolates.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def visible(text: str, newline: str = "\\n") -> str:
    """`text` with control characters as escapes (`\\x1b`, `\\u202e`); newlines as given."""
    def escape(match: re.Match) -> str:
        ch = match.group(0)
        if ch == "\n":
            return newline
        if ch in _NAMED:
            return _NAMED[ch]
        return f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"
    return _UNSAFE.sub(escape, text)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _json_value(value):
    """A JSON-safe value: NaN and infinities as null, dates as ISO text, decimals as numbers."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Decimal):
        if not value.is_finite():
            return None
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, timedelta):  # ISO 8601 duration; days may be negative
        return f"P{value.days}DT{value.seconds + value.microseconds / 1e6:g}S"
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return "".join(chr(b) if 32 <= b < 127 and b != 92 else f"\\x{b:02X}"
                       for b in bytes(value))
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_value(v) for v in value]
    return str(value)


def render(columns: list[str], rows: list[tuple], fmt: str) -> str:
    if fmt == "json":
        keys = _unique(columns)
        records = [{c: _json_value(v) for c, v in zip(keys, row, strict=True)}
                   for row in rows]
        return json.dumps(records, ensure_ascii=False, indent=1, allow_nan=False) + "\n"
    if fmt == "csv":
        return _csv([columns, *([_text(v) for v in row] for row in rows)])
    columns = [visible(c) for c in columns]
    cells = [[visible(_text(v)) for v in row] for row in rows]
    if fmt == "markdown":
        def line(values: list[str]) -> str:
            return "| " + " | ".join(v.replace("|", "\\|") for v in values) + " |"
        return "\n".join([line(columns), line(["---"] * len(columns)),
                          *(line(r) for r in cells)]) + "\n"
    widths = [max([_width(c)] + [_width(r[i]) for r in cells]) for i, c in enumerate(columns)]
    def pad(values: list[str]) -> str:
        return "  ".join(v + " " * (w - _width(v)) for v, w in zip(values, widths, strict=True))
    lines = [pad(columns), pad(["-" * w for w in widths]), *(pad(r) for r in cells)]
    return "\n".join(line.rstrip() for line in lines) + f"\n({len(rows)} rows)\n"


def _unique(columns: list[str]) -> list[str]:
    """Column names as JSON keys: a repeated name gets _1, _2… (not another column's name)."""
    taken, used, keys = set(columns), set(), []
    for name in columns:
        key, n = name, 0
        while key in used or (n and key in taken):
            n += 1
            key = f"{name}_{n}"
        used.add(key)
        keys.append(key)
    return keys


def _csv(records) -> str:
    """CSV lines ending in LF, faithful to every value: a field holding a lone CR is quoted
    too (the csv module quotes only the characters of its line terminator)."""
    out, buffer = [], io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for record in records:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(record)
        out.append(buffer.getvalue()[:-2] + "\n")
    return "".join(out)


def _width(text: str) -> int:
    """Display width: CJK characters take two columns in a terminal."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
