"""Read-only SQL on the published DuckDB file: the locked-down connection and the runner.

`etl query` is meant to be safe behind a web form, so every call is fenced in (and the
whole command, rendering included, in a child process too: `etl.query.fence`):

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
whole message, hints and caret included, with control characters made visible. SQL with
no statement at all is an `EmptyQuery` (a usage error, exit 2).
"""

from __future__ import annotations

import contextlib
import re
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from etl.query.render import visible

if TYPE_CHECKING:
    import duckdb

Row = tuple[Any, ...]

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
        self.message = message  # as given: what the query's process hands to the parent
        lines = [visible(line.rstrip("\r")).rstrip() for line in message.split("\n")]
        lines = [line for line in lines if line]
        super().__init__("\n  ".join(lines))


class EmptyQuery(QueryError):
    """SQL with no statement in it: only spaces, semicolons or comments (exit 2)."""

    def __init__(self) -> None:
        super().__init__("the SQL has no statement in it (only spaces, semicolons or "
                         "comments)")


def connect(database: Path, shown: str | None = None) -> duckdb.DuckDBPyConnection:
    """The locked-down, read-only connection every query runs on (`shown`: the database's
    name in messages, e.g. relative to the project root)."""
    import duckdb

    shown = shown or str(database)
    if not database.is_file():
        raise QueryError(f"no database at {shown}; run `make build` first")
    try:
        con = duckdb.connect(str(database), read_only=True, config=dict(CONFIG))
    except duckdb.OutOfMemoryException as err:
        raise QueryError(_message(err)) from None
    except duckdb.Error as err:
        raise QueryError(_open_failure(shown, err)) from None
    try:
        for statement in SESSION:
            con.execute(statement)
    except duckdb.Error as err:  # e.g. no memory left for the session's settings
        _close(con)
        raise QueryError(_message(err)) from None
    except BaseException:
        _close(con)
        raise
    return con


def _close(con: duckdb.DuckDBPyConnection) -> None:
    """Close a read-only connection: if closing fails (out of memory), nothing is lost."""
    import duckdb

    with contextlib.suppress(duckdb.Error):
        con.close()


def _open_failure(database: str, err: Exception) -> str:
    message = str(err)
    held = re.search(r"Conflicting lock is held in .*?\(PID (\d+)\)", message)
    if held:
        return (f"cannot open {database}: another process (PID {held.group(1)}) has it open "
                "for writing; try again when it has finished")
    return f"cannot open {database}: {message.splitlines()[0] if message else err!r}"


def run_query(database: Path, sql: str, timeout: float = DEFAULT_TIMEOUT,
              max_rows: int = MAX_ROWS,
              shown: str | None = None) -> tuple[list[str], list[Row]]:
    """Columns and rows of one read-only statement, or a `QueryError` (`EmptyQuery`)."""
    import duckdb

    con = connect(database, shown)
    try:
        statements = con.extract_statements(sql)
        check(con, statements)
        return _execute(con, statements[0], timeout, max_rows)
    except duckdb.Error as err:  # from any call (out of memory can be met anywhere)
        raise QueryError(_message(err)) from None
    finally:
        _close(con)


def check(con: duckdb.DuckDBPyConnection, statements: list[duckdb.Statement]) -> None:
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


def _text_of(statement: duckdb.Statement) -> str:
    """The statement's SQL without leading spaces and comments."""
    text = statement.query
    lead = _LEAD.match(text)
    return text[lead.end():] if lead else text


def _keyword(statement: duckdb.Statement) -> str:
    match = re.match(r"[A-Za-z_]+", _text_of(statement))
    return match.group(0).upper() if match else statement.type.name


def _describe(statement: duckdb.Statement) -> str:
    keyword, kind = _keyword(statement), statement.type.name
    article = "an" if kind[0] in "AEIOU" else "a"
    name = keyword if keyword == kind else f"{keyword} ({article} {kind} statement)"
    if kind == "MULTI" and keyword == "PIVOT":
        name += ", which needs its values listed: PIVOT … ON column IN (…)"
    return name


def _allowed(con: duckdb.DuckDBPyConnection, statement: duckdb.Statement) -> bool:
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
        except duckdb.ParserException:  # other errors (out of memory) are the query's
            return False
        return len(inner) == 1 and inner[0].type == duckdb.StatementType.SELECT
    return False


def _execute(con: duckdb.DuckDBPyConnection, statement: duckdb.Statement, timeout: float,
             max_rows: int) -> tuple[list[str], list[Row]]:
    """Run on a worker thread, so that the timeout and Ctrl-C both reach `con.interrupt()`
    (a thread inside DuckDB does not see signals)."""
    import duckdb

    outcome: dict[str, Any] = {}
    finished = threading.Event()  # not Thread.join: a Ctrl-C can end a join early (gh-90882)

    def work() -> None:
        try:
            cursor = con.execute(statement)
            if cursor.description is not None:
                outcome["columns"] = [d[0] for d in cursor.description]
                outcome["rows"] = cursor.fetchmany(max_rows + 1)
        except BaseException as err:  # raised again below, on the caller's thread
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
    if isinstance(err, duckdb.Error):
        raise QueryError(_message(err))
    if err is not None:  # MemoryError (the fence's budget), or a bug: never an empty answer
        raise err
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
