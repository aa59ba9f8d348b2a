"""`etl query`: SQL from an argument, a file or stdin; four formats; read-only and fenced in,
safe behind a web form (one statement, no files, locked limits, a timeout, escaped output)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from conftest import run, run_process
from counts import ROW_COUNTS
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st


def _digest(paths) -> str:
    return hashlib.sha256(paths.duckdb.read_bytes()).hexdigest()


def _published(root: Path) -> dict[str, str]:
    """A digest of every file under the tree: data/processed, datapackage.json and the rest."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _one_error(text: str) -> None:
    """One problem: `error: …`, continuation lines indented, no traceback."""
    assert text.startswith("error: "), text
    assert "Traceback" not in text
    assert all(line.startswith("  ") for line in text.splitlines()[1:]), text


SQL = "SELECT figure_id, value FROM figures ORDER BY figure_id"


def test_formats(mini_built):
    rows = json.loads(run(mini_built.root, "query", SQL, "--format", "json").output)
    assert rows == [{"figure_id": "extruder", "value": 36000.0},
                    {"figure_id": "partners", "value": 50.0},
                    {"figure_id": "tensile", "value": None}]
    table = list(csv.reader(io.StringIO(run(mini_built.root, "query", SQL, "--format",
                                            "csv").output)))
    assert table == [["figure_id", "value"], ["extruder", "36000"], ["partners", "50"],
                     ["tensile", ""]]
    markdown = run(mini_built.root, "query", SQL, "--format", "markdown").output.splitlines()
    assert markdown[:3] == ["| figure_id | value |", "| --- | --- |", "| extruder | 36000 |"]
    plain = run(mini_built.root, "query", SQL).output
    assert "extruder" in plain and "(3 rows)" in plain


def test_sql_from_a_file_and_from_stdin(mini_built, tmp_path):
    path = tmp_path / "q.sql"
    path.write_text("SELECT count(*) AS n FROM figures", encoding="utf-8")
    assert json.loads(run(mini_built.root, "query", "-f", str(path), "--format",
                          "json").output) == [{"n": 3}]
    assert json.loads(run(mini_built.root, "query", "--format", "json",
                          input="SELECT count(*) AS n FROM units").output) == [{"n": 5}]


def test_chinese_names_query(mini_built):
    out = run(mini_built.root, "query",
              "SELECT entity_id FROM entity_names WHERE name = '中科院'", "--format", "csv")
    assert out.output.splitlines() == ["entity_id", "cas"]


NO_FILES = "file system operations are disabled"

#: (id, SQL with {tmp} and {root} placeholders, what the error says, files that must not
#: appear in tmp). Every case: exit 3, one `error:` problem on stderr, nothing on stdout,
#: nothing written in tmp, every file of the tree byte for byte unchanged.
ATTACKS = [
    ("read_csv", "SELECT * FROM read_csv('/etc/passwd')", NO_FILES, []),
    ("read_text scalar", "SELECT read_text('/etc/passwd')", "table function", []),
    ("read_text", "SELECT * FROM read_text('/etc/passwd')", NO_FILES, []),
    ("glob", "SELECT * FROM glob('*')", NO_FILES, []),
    ("replacement scan", "SELECT * FROM '/etc/passwd'", "does not exist", []),
    ("a published parquet", "SELECT * FROM '{root}/data/processed/figures.parquet'",
     NO_FILES, []),
    ("read_parquet", "SELECT * FROM read_parquet('{root}/data/processed/figures.parquet')",
     NO_FILES, []),
    ("query() of a COPY", "SELECT * FROM query('COPY figures TO ''{tmp}/q.csv''')",
     "Expected a single SELECT statement", ["q.csv"]),
    ("COPY TO", "COPY figures TO '{tmp}/x.csv'", "statement 1 is COPY", ["x.csv"]),
    ("COPY over a published file", "COPY figures TO '{root}/data/processed/figures.csv'",
     "statement 1 is COPY", []),
    ("COPY a .pth", "COPY (SELECT 'import os') TO '{tmp}/evil.pth' (HEADER false)",
     "statement 1 is COPY", ["evil.pth"]),
    ("COPY FROM", "COPY figures FROM '/etc/passwd'", "statement 1 is COPY", []),
    ("EXPORT DATABASE", "EXPORT DATABASE '{tmp}/y'", "statement 1 is EXPORT", ["y"]),
    ("SELECT then COPY", "SELECT 1; COPY figures TO '{tmp}/x.csv'", "statement 2 is COPY",
     ["x.csv"]),
    ("COPY after comments", "SELECT 1 -- ;\n; /* ; */ COPY figures TO '{tmp}/x.csv'",
     "statement 2 is COPY", ["x.csv"]),
    ("EXPLAIN ANALYZE COPY", "EXPLAIN ANALYZE COPY figures TO '{tmp}/x.csv'",
     "statement 1 is EXPLAIN", ["x.csv"]),
    ("SET memory_limit", "SET memory_limit = '100GB'", "statement 1 is SET", []),
    ("SET lock_configuration", "SET lock_configuration = false", "statement 1 is SET", []),
    ("RESET", "RESET memory_limit", "statement 1 is RESET (a SET statement)", []),
    ("SET VARIABLE", "SET VARIABLE x = 1", "statement 1 is SET", []),
    ("PRAGMA threads", "PRAGMA threads = 64", "statement 1 is PRAGMA (a SET statement)", []),
    ("PRAGMA enable_profiling", "PRAGMA enable_profiling", "statement 1 is PRAGMA", []),
    ("PRAGMA database_list", "PRAGMA database_list", "statement 1 is PRAGMA", []),
    ("ATTACH", "ATTACH '{tmp}/z.duckdb' AS z", "statement 1 is ATTACH", ["z.duckdb"]),
    ("DETACH", "DETACH baotou_sci_tech", "statement 1 is DETACH", []),
    ("INSTALL", "INSTALL httpfs", "statement 1 is INSTALL (a LOAD statement)", []),
    ("LOAD", "LOAD httpfs", "statement 1 is LOAD", []),
    ("CALL", "CALL checkpoint()", "statement 1 is CALL", []),
    ("CHECKPOINT", "CHECKPOINT", "statement 1 is CHECKPOINT (a CALL statement)", []),
    ("CREATE TABLE", "CREATE TABLE t (a INT)", "statement 1 is CREATE", []),
    ("CREATE TEMP TABLE", "CREATE TEMP TABLE t AS SELECT 1", "statement 1 is CREATE", []),
    ("CREATE MACRO", "CREATE MACRO m(a) AS a", "statement 1 is CREATE", []),
    ("INSERT", "INSERT INTO lists VALUES ('x', 'x', 'x', NULL, 1)", "statement 1 is INSERT",
     []),
    ("WITH … INSERT", "WITH v AS (SELECT 1) INSERT INTO lists SELECT * FROM lists",
     "statement 1 is WITH (an INSERT statement)", []),
    ("UPDATE", "UPDATE figures SET value = 0", "statement 1 is UPDATE", []),
    ("DELETE", "DELETE FROM figures", "statement 1 is DELETE", []),
    ("DROP", "DROP VIEW timeline", "statement 1 is DROP", []),
    ("ALTER", "ALTER TABLE figures RENAME TO f", "statement 1 is ALTER", []),
    ("BEGIN", "BEGIN TRANSACTION", "statement 1 is BEGIN", []),
    ("VACUUM", "VACUUM", "statement 1 is VACUUM", []),
    ("PIVOT without IN", "PIVOT figures ON qualifier USING count(*)",
     "statement 1 is PIVOT (a MULTI statement), which needs its values listed", []),
    ("two SELECTs", "SELECT 1; SELECT 2", "give one statement per call, not 2", []),
    ("table typo", "SELECT * FROM figurs", 'Did you mean "figures"?', []),
    ("column typo", "SELECT valeu FROM figures", "Candidate bindings", []),
    ("syntax", "SELEC 1", "LINE 1: SELEC 1", []),
    ("too many rows", "SELECT * FROM range(1000000000)", "more than 100,000 rows", []),
    ("out of memory", "SELECT range::VARCHAR || repeat('x', 30) AS s FROM range(100000000) "
     "ORDER BY random()", "more memory than `etl query` allows (1GB)", []),
]


@pytest.mark.parametrize(("sql", "says", "absent"), [a[1:] for a in ATTACKS],
                         ids=[a[0] for a in ATTACKS])
def test_attacks_are_one_error_and_change_nothing(mini_built, tmp_path, sql, says, absent):
    before = _published(mini_built.root)
    sql = sql.format(tmp=tmp_path, root=mini_built.root)
    result = run(mini_built.root, "query", sql)
    assert result.exit_code == 3, result.output
    assert result.stdout == ""
    _one_error(result.stderr)
    assert says in result.stderr
    if says.startswith("statement "):
        assert result.stderr.rstrip().endswith("nothing was run")
    for name in absent:
        assert not (tmp_path / name).exists()
    assert list(tmp_path.iterdir()) == []
    assert _published(mini_built.root) == before


def test_the_whole_duckdb_message_is_printed(mini_built):
    result = run(mini_built.root, "query", "SELECT * FROM figurs")
    assert result.stderr.splitlines() == [
        "error: Catalog Error: Table with name figurs does not exist!",
        '  Did you mean "figures"?',
        "  LINE 1: SELECT * FROM figurs",
        "                        ^^^^^^"]


@pytest.mark.parametrize("sql", [";", " ; ;\n", "-- only a comment", "/* c */ ;", "\n\t "],
                         ids=["semicolon", "semicolons", "comment", "block comment",
                              "whitespace"])
def test_no_statement_is_a_usage_error(mini_built, sql):
    before = _published(mini_built.root)
    result = run(mini_built.root, "query", input=sql)
    assert result.exit_code == 2, result.output
    assert "Error: " in result.stderr and "Traceback" not in result.stderr
    assert _published(mini_built.root) == before


def test_no_sql_is_a_usage_error(mini_built):
    assert run_process(mini_built.root, "query").returncode == 2


@pytest.mark.parametrize("sql", [
    "PRAGMA table_info('figures')",
    "PRAGMA show_tables",
    "DESCRIBE figures",
    "SHOW TABLES",
    "SUMMARIZE units",
    "EXPLAIN SELECT * FROM figures",
    "EXPLAIN ANALYZE SELECT count(*) FROM figures",
    "FROM units LIMIT 1",
    "WITH u AS (SELECT * FROM units) SELECT count(*) FROM u",
    "VALUES (1), (2)",
    "PIVOT figures ON qualifier IN ('exact') USING count(*)",
    "-- a comment first\nSELECT 1;",
])
def test_read_only_statements_run(mini_built, sql):
    before = _published(mini_built.root)
    result = run(mini_built.root, "query", "--", sql)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert _published(mini_built.root) == before


def test_the_limits_are_in_force(mini_built):
    out = run(mini_built.root, "query", "--format", "json", "SELECT "
              "current_setting('threads') AS threads, "
              "current_setting('enable_external_access') AS external, "
              "current_setting('lock_configuration') AS locked, "
              "current_setting('temp_directory') AS temp, "
              "current_setting('memory_limit') AS memory").output
    assert json.loads(out) == [{"threads": 2, "external": False, "locked": True, "temp": "",
                                "memory": "953.6 MiB"}]


@pytest.mark.parametrize("sql", [
    "SET memory_limit = '100GB'",
    "SET lock_configuration = false",
    "SET enable_external_access = true",
    "RESET threads",
    "PRAGMA threads = 64",
    "SELECT * FROM read_csv('/etc/passwd')",
    "COPY figures TO '{tmp}/x.csv'",
    "INSTALL httpfs",
    "LOAD httpfs",
])
def test_the_connection_refuses_on_its_own(mini_built, tmp_path, sql):
    """Behind the statement check, DuckDB itself refuses: the second wall."""
    import duckdb

    from etl.query.runner import connect

    con = connect(mini_built.duckdb)
    try:
        with pytest.raises(duckdb.Error):
            con.execute(sql.format(tmp=tmp_path))
    finally:
        con.close()
    assert list(tmp_path.iterdir()) == []


def test_a_cross_join_stops_at_the_timeout(mini_built):
    before = _published(mini_built.root)
    started = time.monotonic()
    result = run_process(mini_built.root, "query", "--timeout", "1",
                         "SELECT count(*) FROM range(1000000) a, range(1000000) b",
                         timeout=60)
    elapsed = time.monotonic() - started
    assert result.returncode == 3
    assert result.stderr == "error: the query ran longer than 1 s and was stopped\n"
    assert result.stdout == ""
    assert elapsed < 30  # it stops; a cross join of 10^18 rows never would
    assert _published(mini_built.root) == before


def _wait_until_querying(pid: int) -> None:
    """Until DuckDB's worker threads run in the query's child process (the query has
    begun), then a little."""
    def querying() -> bool:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        return any(len(os.listdir(f"/proc/{child}/task")) >= 2 for child in children
                   if Path(f"/proc/{child}").exists())
    end = time.monotonic() + 60
    while not querying() and time.monotonic() < end:
        time.sleep(0.05)
    time.sleep(0.5)


def test_ctrl_c_stops_the_query(mini_built):
    import signal

    process = subprocess.Popen([sys.executable, "-m", "etl", "--root", str(mini_built.root),
                                "query", "--timeout", "120", "SELECT count(*) FROM "
                                "range(1000000) a, range(1000000) b"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _wait_until_querying(process.pid)
    started = time.monotonic()
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert time.monotonic() - started < 10
    assert (process.returncode, out, err) == (3, "", "error: the query was interrupted\n")


def test_the_timeout_option(mini_built):
    assert re.search(r"--timeout SECONDS.*\[default: 30", run(mini_built.root, "query",
                                                               "--help").output, re.DOTALL)
    assert run(mini_built.root, "query", "--timeout", "0", "SELECT 1").exit_code == 2


def test_the_timeout_in_process(mini_built):
    from etl.query.runner import QueryError, run_query

    started = time.monotonic()
    with pytest.raises(QueryError, match=r"longer than 0.5 s"):
        run_query(mini_built.duckdb, "SELECT count(*) FROM range(1000000) a, "
                  "range(1000000) b", timeout=0.5)
    assert time.monotonic() - started < 5
    assert run_query(mini_built.duckdb, "SELECT 1 AS one", timeout=0.5) == (["one"], [(1,)])


def test_the_row_limit(mini_built):
    from etl.query.runner import QueryError, run_query

    assert len(run_query(mini_built.duckdb, "SELECT * FROM range(5)", max_rows=5)[1]) == 5
    with pytest.raises(QueryError, match="more than 5 rows"):
        run_query(mini_built.duckdb, "SELECT * FROM range(6)", max_rows=5)


def test_repeated_column_names_stay_apart_in_json(mini_built):
    out = run(mini_built.root, "query", "--format", "json",
              "SELECT 1 AS a, 2 AS a, 3 AS a_1, 4 AS a").output
    assert json.loads(out) == [{"a": 1, "a_2": 2, "a_1": 3, "a_3": 4}]


def _refuse(name):
    raise ValueError(f"not JSON: {name}")


def test_json_is_strict_json(mini_built):
    sql = ("SELECT 'nan'::DOUBLE AS nan, 'inf'::DOUBLE AS inf, '-inf'::FLOAT AS ninf, "
           "[1.5, 'nan'::DOUBLE] AS list, {'v': 'inf'::DOUBLE} AS struct, "
           "DATE '2016-05-01' AS day, TIMESTAMP '2016-05-01 08:30:00' AS at, "
           "TIME '08:30' AS clock, 12.50::DECIMAL(6, 2) AS money, 7::DECIMAL(4, 0) AS whole, "
           "INTERVAL 90 MINUTE AS span, 'x' || chr(27) AS esc")
    result = run(mini_built.root, "query", "--format", "json", sql)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output, parse_constant=_refuse) == [{
        "nan": None, "inf": None, "ninf": None, "list": [1.5, None], "struct": {"v": None},
        "day": "2016-05-01", "at": "2016-05-01T08:30:00", "clock": "08:30:00",
        "money": 12.5, "whole": 7, "span": "P0DT5400S", "esc": "x\x1b"}]
    assert "\x1b" not in result.output  # JSON writes it as \u001b


CONTROLS = ("SELECT chr(27) || '[31mred' AS x, 'a' || chr(0) || 'b' AS nul, "
            "'c' || chr(13) || 'd' AS cr, 'e' || chr(155) || '2J' AS csi, "
            "'f' || chr(8238) || 'g' AS bidi, 'line' || chr(10) || 'two' AS nl, "
            "chr(27) AS \"h\x1b[2J\"")


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_control_characters_never_reach_the_terminal(mini_built, fmt):
    result = run(mini_built.root, "query", "--format", fmt, CONTROLS)
    assert result.exit_code == 0, result.output
    out = result.output
    assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", out)
    for shown in ["\\x1b[31mred", "a\\x00b", "c\\rd", "e\\x9b2J", "f\\u202eg", "line\\ntwo",
                  "h\\x1b[2J"]:
        assert shown in out
    assert len(out.splitlines()) == (4 if fmt == "table" else 3)


def test_csv_stays_faithful(mini_built):
    result = run(mini_built.root, "query", "--format", "csv", CONTROLS)
    rows = list(csv.reader(io.StringIO(result.output, newline="")))
    assert rows == [["x", "nul", "cr", "csi", "bidi", "nl", "h\x1b[2J"],
                    ["\x1b[31mred", "a\x00b", "c\rd", "e\x9b2J", "f\u202eg", "line\ntwo",
                     "\x1b"]]


def test_control_characters_in_an_error_are_escaped(mini_built):
    result = run(mini_built.root, "query", "SELECT * FROM \"t\x1b[2J\"")
    assert result.exit_code == 3
    _one_error(result.stderr)
    assert "\x1b" not in result.stderr and "t\\x1b[2J" in result.stderr


def test_a_database_held_for_writing_fails_cleanly(mini_built, tmp_path):
    root = tmp_path / "tree"
    shutil.copytree(mini_built.root, root)
    database = root / mini_built.duckdb.relative_to(mini_built.root)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys\n"
         f"con = duckdb.connect({str(database)!r})\n"
         "print('held', flush=True)\nsys.stdin.read()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None
    try:
        assert holder.stdout.readline() == "held\n"
        result = run(root, "query", "SELECT 1")
    finally:
        holder.communicate("", timeout=30)
    assert result.exit_code == 3
    assert result.stderr.count("\n") == 1
    assert re.match(r"error: cannot open .*baotou_sci_tech\.duckdb: another process "
                    r"\(PID \d+\) has it open for writing", result.stderr)


def test_bad_sql_gets_a_readable_message(mini_built):
    result = run_process(mini_built.root, "query", "SELEC 1")
    assert result.returncode == 3
    _one_error(result.stderr)


def test_missing_database(mini):
    result = run_process(mini.root, "query", "SELECT 1")
    assert result.returncode == 3 and "make build" in result.stderr
    _one_error(result.stderr)


def test_the_database_opens_in_the_duckdb_cli_api(mini_built):
    import duckdb

    con = duckdb.connect(str(mini_built.duckdb), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM figures_bilingual").fetchone() == (3,)
    finally:
        con.close()


def test_the_database_opens_unchanged_in_the_duckdb_command_line(release):
    cli = shutil.which("duckdb", path=str(Path(sys.executable).parent))
    assert cli, "the duckdb-cli package installs the DuckDB command line"
    before = _digest(release)
    out = subprocess.run([cli, "-readonly", "-csv", str(release.duckdb), "-c",
                          "SELECT count(*) AS n FROM figures_bilingual"],
                         capture_output=True, text=True, check=True)
    assert out.stdout.splitlines()[-1] == str(ROW_COUNTS["figures"])
    assert _digest(release) == before


# --- The fence around the whole command: time, memory, size, and the machine's paths


def _fenced(paths, sql: str, fmt: str = "csv", **limits):
    from etl.query.fence import run_fenced

    return run_fenced(paths.duckdb, paths.root, sql, fmt, limits.pop("timeout", 60), **limits)


def test_the_timeout_covers_converting_and_rendering(mini_built):
    """DuckDB answers this at once; turning 50 MB into an aligned table takes seconds. The
    deadline is the whole command's."""
    from etl.query.runner import QueryError

    sql = "SELECT repeat('x', 500) AS x FROM range(100000)"
    started = time.monotonic()
    with pytest.raises(QueryError, match="longer than 1 s"):
        _fenced(mini_built, sql, "table", timeout=1)
    assert time.monotonic() - started < 5


FENCED = """import json, sys
from pathlib import Path
from etl.query.fence import run_fenced
from etl.query.runner import QueryError
root = Path(sys.argv[1])
for mib, sql in json.loads(sys.argv[2]):
    try:
        text = run_fenced(root / 'data/processed/baotou_sci_tech.duckdb', root, sql, 'csv',
                          60, max_bytes=2**31, memory=mib * 2**20)
        print(json.dumps(len(text)))
    except QueryError as error:
        print(json.dumps(str(error)))
"""


def _fenced_afresh(paths, cases: list[tuple[int, str]]) -> list[int | str]:
    """Each (budget in MiB, sql) run by the fence in turn, in a new process as the command
    line runs it, not in this one (a process with many threads has address space reserved
    already, which the budget does not count): each answer's length or error. A bug in the
    fence is a traceback there, and a non-zero exit."""
    done = subprocess.run([sys.executable, "-c", FENCED, str(paths.root), json.dumps(cases)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


def test_the_memory_fence_reaches_beyond_duckdb(mini_built):
    """Under a small address-space budget, a result DuckDB holds within its own 1 GB
    (400 MB) is refused cleanly once it is turned into Python objects and text; a small one
    runs under the same budget."""
    sql = "SELECT repeat('x', 4000) AS x FROM range({})"
    [large] = _fenced_afresh(mini_built, [(128, sql.format(100_000))])
    [small] = _fenced_afresh(mini_built, [(128, sql.format(1000))])
    assert "more memory than `etl query` allows" in str(large)
    assert small == 2 + 1000 * 4001


@settings(max_examples=4, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, 400), st.sampled_from([1, 1000, 100_000])),
                min_size=1, max_size=6))
@example([(32, 1)])
def test_any_memory_budget_gives_an_answer_or_one_clean_error(mini_built, cases):
    """However little address space the query's process may add, what comes back is the
    answer or an error about memory: never a bug (exit 4). Under 8 to 64 MB the query's own
    thread found no room for its stack, and that was reported as a bug; and a MemoryError on
    that thread gave an empty answer."""
    sql = "SELECT repeat('x', 400) AS x FROM range({})"
    answers = _fenced_afresh(mini_built, [(mib, sql.format(n)) for mib, n in cases])
    assert len(answers) == len(cases)
    for (_, rows), answer in zip(cases, answers, strict=True):
        # the whole answer (its header and every row), or a refusal: never a part of it
        assert answer == 2 + rows * 401 or "more memory than `etl query` allows" in str(answer)


class _OutOfMemoryAt:
    """A DuckDB connection whose `n`-th call of any method raises DuckDB's out-of-memory
    error, as a process near its address-space budget meets it, at whichever call it is
    (`close` closes, then raises: a connection left open would keep the database's locked
    configuration alive in this process for the next example)."""

    def __init__(self, con, n: int) -> None:
        self._con, self._left = con, n

    def __getattr__(self, name: str):
        import duckdb

        attribute = getattr(self._con, name)
        if not callable(attribute):
            return attribute

        def call(*args, **kwargs):
            self._left -= 1
            if self._left < 0:
                if name == "close":
                    attribute()
                raise duckdb.OutOfMemoryException("Out of Memory Error: failed to allocate")
            result = attribute(*args, **kwargs)
            return self if result is self._con else result

        return call


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(n=st.integers(0, 12), sql=st.sampled_from([
    "SELECT 1 AS one", "EXPLAIN SELECT 1 AS one", "PRAGMA show_tables", "SELEC 1"]))
def test_out_of_memory_at_any_duckdb_call_is_the_memory_refusal(mini_built, n, sql):
    """DuckDB can run out of memory in any call, not only the query's (a full run found
    it in the connection's settings, reported as a bug, exit 4): the answer, or an error that
    says so (or the SQL's own error), never another exception."""
    from unittest import mock

    import duckdb

    from etl.query.runner import QueryError, run_query

    real = duckdb.connect
    with mock.patch.object(duckdb, "connect", lambda *a, **k: _OutOfMemoryAt(real(*a, **k), n)):
        try:
            columns, rows = run_query(mini_built.duckdb, sql)
        except QueryError as error:
            assert ("more memory than `etl query` allows" in error.message
                    or (sql == "SELEC 1" and "syntax error" in error.message)), error.message
        else:
            assert sql != "SELEC 1" and columns and rows


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.integers(0, 3000), width=st.integers(0, 300),
       fmt=st.sampled_from(["table", "csv", "json", "markdown"]))
def test_an_answer_larger_than_the_bound_is_refused_never_cut(mini_built, rows, width, fmt):
    from etl.query.runner import QueryError

    sql = f"SELECT range AS n, repeat('字', {width}) AS s FROM range({rows})"
    whole = _fenced(mini_built, sql, fmt, max_bytes=2**31)
    size = len(whole.encode("utf-8"))
    bound = 50_000
    try:
        answer = _fenced(mini_built, sql, fmt, max_bytes=bound)
    except QueryError as error:
        assert size > bound and "larger than 50,000 bytes" in str(error)
    else:
        assert size <= bound and answer == whole


SENSITIVE_SOURCES = [
    "SELECT * FROM duckdb_databases()", "SELECT * FROM duckdb_settings()",
    "SELECT * FROM pragma_database_list", "SELECT * FROM duckdb_extensions()",
    "SELECT * FROM duckdb_secrets()", "SELECT * FROM duckdb_temporary_files()",
    "SELECT * FROM pragma_database_size()", "SELECT * FROM duckdb_tables()",
    "SELECT * FROM read_csv('{root}/data/raw/figures.csv')",
    "SELECT * FROM '{root}/data/processed/nothing.parquet'",
    "ATTACH '{root}/x.duckdb'", "SELECT * FROM which_secret('s3://b/k', 's3')",
]
SETTINGS = ["home_directory", "extension_directory", "secret_directory", "temp_directory",
            "allowed_paths", "allowed_directories", "custom_extension_repository",
            "autoinstall_extension_repository", "profile_output", "log_query_path",
            "default_secret_storage", "file_search_path"]


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sql=st.one_of(
    st.sampled_from(SENSITIVE_SOURCES),
    st.lists(st.sampled_from(SETTINGS), min_size=1, max_size=4).map(
        lambda names: "SELECT " + ", ".join(f"current_setting('{n}') AS c{i}"
                                            for i, n in enumerate(names))),
    st.sampled_from(SENSITIVE_SOURCES[:4]).map(
        lambda s: f"SELECT string_agg(t::VARCHAR, ';') FROM ({s}) t")),
    fmt=st.sampled_from(["table", "csv", "json", "markdown"]))
def test_no_absolute_path_of_the_machine_in_any_answer_or_error(mini_built, sql, fmt):
    """Catalog functions, settings and error messages name files; none of the machine's
    folders (the tree, the home, the temporary folder, this checkout) reaches the user."""
    result = run(mini_built.root, "query", "--format", fmt, sql.format(root=mini_built.root))
    assert result.exit_code in (0, 3), result.output
    text = result.stdout + result.stderr
    for folder in {str(mini_built.root), str(Path.home()), tempfile.gettempdir(),
                   str(Path(__file__).resolve().parents[1]), sys.prefix}:
        assert folder + "/" not in text and not text.rstrip().endswith(folder), (folder, text)
