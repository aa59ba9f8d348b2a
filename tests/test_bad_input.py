"""Every mistake a curator can make: a clear message per problem, and nothing published."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import run, run_process, snapshot

from etl.paths import Paths
from etl.problems import PER_RULE_LIMIT


def _edit(table: str, old: str, new: str, count: int = 1) -> Callable[[Paths], None]:
    def apply(paths: Paths) -> None:
        path = paths.raw_csv(table)
        text = path.read_text("utf-8")
        assert old in text, f"fixture lacks {old!r}"
        path.write_text(text.replace(old, new, count), encoding="utf-8")
    return apply


def _append(table: str, line: str) -> Callable[[Paths], None]:
    def apply(paths: Paths) -> None:
        with open(paths.raw_csv(table), "a", encoding="utf-8") as handle:
            handle.write(line)
    return apply


def _bytes(table: str, transform: Callable[[bytes], bytes]) -> Callable[[Paths], None]:
    def apply(paths: Paths) -> None:
        path = paths.raw_csv(table)
        path.write_bytes(transform(path.read_bytes()))
    return apply


def _duplicate_last_row(table: str) -> Callable[[Paths], None]:
    def apply(paths: Paths) -> None:
        path = paths.raw_csv(table)
        lines = path.read_text("utf-8").splitlines(keepends=True)
        path.write_text("".join([*lines, lines[-1]]), encoding="utf-8")
    return apply


def _source_changed(paths: Paths) -> None:
    with open(paths.source_text, "a", encoding="utf-8") as handle:
        handle.write("。")


# (case, mutation, file, line (None: no line), column, rule)
CASES = [
    ("wrong field count", _append("units", "kg,kg,kilogram\n"), "data/raw/units.csv", 7, None,
     "field_count"),
    ("text in a number column", _edit("figures", ",391,", ",three hundred,"),
     "data/raw/figures.csv", 2, "source_start", "type_integer"),
    ("required value missing", _edit("figures", ",50多所,", ",,"), "data/raw/figures.csv", 2,
     "value_as_printed", "required"),
    ("value outside its enum", _edit("figures", ",reported,", ",rumoured,"),
     "data/raw/figures.csv", 2, "status", "enum"),
    ("value outside its range", _edit("units", ",10000,", ",-10000,"), "data/raw/units.csv", 3,
     "factor", "minimum"),
    ("duplicate key", _duplicate_last_row("entities"), "data/raw/entities.csv", None,
     "entity_id", "unique"),
    ("reference to nothing", _edit("figures", "partners,baotou,", "partners,nobody,"),
     "data/raw/figures.csv", 2, "subject_id", "foreign_key"),
    ("quote not at its offsets", _edit("figures", ",391,", ",392,"), "data/raw/figures.csv", 2,
     "source_start", "quote_at_offsets"),
    ("quote not in the source", _edit("events", "9月29日，将在北京召开", "9月30日，将在北京召开"),
     "data/raw/events.csv", 2, "source_start", "quote_at_offsets"),
    ("printed value does not parse", _edit("figures", ",3.6万吨,", ",万吨,"),
     "data/raw/figures.csv", 3, "value_as_printed", "printed_value_parses"),
    ("unit missing from the units table", _edit("figures", ",wan_t,", ",wan_jin,"),
     "data/raw/figures.csv", 3, "printed_unit_id", "foreign_key"),
    ("printed unit marker absent", _edit("figures", ",suo,", ",percent,"),
     "data/raw/figures.csv", 2, "printed_unit_id", "printed_unit_marker"),
    ("pattern broken", _edit("figures", "extruder,", "Extruder-1,"), "data/raw/figures.csv", 3,
     "figure_id", "pattern"),
    ("boolean not true or false", _edit("events", ",true,", ",yes,"), "data/raw/events.csv", 2,
     "date_inferred", "type_boolean"),
    ("not a real date", _edit("events", "2012-09-29,", "2012-09-31,"), "data/raw/events.csv",
     2, "date", "real_date"),
    ("alias not in the source", _edit("entity_aliases", "中科院,", "中科大,"),
     "data/raw/entity_aliases.csv", 3, "alias_zh", "alias_in_source"),
    ("join without continuation", _edit("corrections", ",misreading,", ",column_break_join,"),
     "data/raw/corrections.csv", 2, "continues_quote", "join_has_continuation"),
    ("list positions with a gap", _edit("list_items", "pillars,2,", "pillars,3,"),
     "data/raw/list_items.csv", 2, "position", "positions_contiguous"),
    ("wrong header", _edit("lists", "list_id,name_en", "list,name_en"), "data/raw/lists.csv",
     1, None, "header"),
    ("invalid UTF-8", _bytes("entities", lambda b: b.replace("包头市".encode(), b"\xff\xfe")),
     "data/raw/entities.csv", 2, None, "utf8"),
    ("byte-order mark", _bytes("lists", lambda b: b"\xef\xbb\xbf" + b), "data/raw/lists.csv", 1,
     None, "no_bom"),
    ("CRLF line ends", _bytes("units", lambda b: b.replace(b"\n", b"\r\n")),
     "data/raw/units.csv", 1, None, "lf_line_ends"),
    ("empty file", _bytes("relations", lambda b: b""), "data/raw/relations.csv", None, None,
     "not_empty"),
    ("header only", _bytes("relations", lambda b: b.splitlines(keepends=True)[0]),
     "data/raw/relations.csv", None, None, "has_rows"),
    ("missing file", lambda p: p.raw_csv("lists").unlink(), "data/raw/lists.csv", None, None,
     "file_exists"),
    ("changed source text", _source_changed, "data/raw/sources.csv", 2, "sha256",
     "source_hash"),
    # the edges: whole values, ASCII digits, real dates, blank names, control characters
    ("id with a trailing newline", _edit("entities", "\ncas,", '\n"cas\n",'),
     "data/raw/entities.csv", 3, "entity_id", "pattern"),
    ("full-width digits in a date", _edit("events", "2012-09-29,", "２０１２-09-29,"),
     "data/raw/events.csv", 2, "date", "pattern"),
    ("a ten-digit year", _edit("events", "2012-09-29,", "2200000000,"), "data/raw/events.csv",
     2, "date", "pattern"),
    ("month 13 in a reference date", _edit("figures", ",2012-09,", ",2012-13-99,"),
     "data/raw/figures.csv", 2, "ref_date", "real_date"),
    ("month 00 in a publication date", _edit("sources", ",2012-09,", ",2012-00,"),
     "data/raw/sources.csv", 2, "publication_date", "real_date"),
    ("a required name of only spaces", _edit("entities", ",中国科学院,", ",   ,"),
     "data/raw/entities.csv", 3, "name_zh", "required"),
    ("an escape character in a note", _edit("events", ",year inferred", ",year \x1b[31minferred"),
     "data/raw/events.csv", 2, "note", "no_control_characters"),
    ("a NUL character in a name", _edit("entities", ",Chinese Academy", ",Chinese\0Academy"),
     "data/raw/entities.csv", 3, "name_en", "no_control_characters"),
    ("printed value not at its offset in the quote", _edit("figures", ",50多所,5,", ",50多所,4,"),
     "data/raw/figures.csv", 2, "value_offset", "printed_value_at_offset"),
    ("two figures take one printed number", _append(
        "figures", "partners_again,baotou,partner_institutions,Partners again,合作高校,50多所,5,"
        "suo,reported,2012-09,true,先后与国内50多所知名高校和科研院所建立了产学研合作关系,391,,\n"),
     "data/raw/figures.csv", 5, "value_offset", "printed_values_apart"),
    ("a parent_id cycle",
     _edit("entities", "baotou,包头市,Baotou,city,,", "baotou,包头市,Baotou,city,baotou,"),
     "data/raw/entities.csv", 2, "parent_id", "parents_acyclic"),
    ("a raw file that is a folder", lambda p: (p.raw_csv("lists").unlink(),
                                             p.raw_csv("lists").mkdir()),
     "data/raw/lists.csv", None, None, "regular_file"),
    ("a raw file above the size limit", _append("lists", "x" * (16 * 2**20)),
     "data/raw/lists.csv", None, None, "max_size"),
]


@pytest.fixture
def built(mini_built: Paths, tmp_path: Path) -> Paths:
    """A private copy of a built tree, so each case can break it."""
    root = tmp_path / "tree"
    shutil.copytree(mini_built.root, root)
    return Paths(root)


@pytest.mark.parametrize(("case", "mutate", "file", "line", "column", "rule"), CASES,
                         ids=[c[0] for c in CASES])
def test_bad_input_is_reported_and_nothing_is_published(built: Paths, case, mutate, file, line,
                                                        column, rule):
    before = snapshot(built)
    mutate(built)
    result = run(built.root, "build")
    assert result.exit_code == 1, result.output
    where = f"{file}:{line}:" if line is not None else f"{file}:"
    expected = [ln for ln in result.output.splitlines()
                if ln.startswith(where) and f"rule {rule}:" in ln
                and (column is None or f"column {column}:" in ln)]
    assert expected, result.output
    assert "nothing was published" in result.output
    assert snapshot(built) == before
    assert not built.staging.exists()


def test_all_problems_of_a_run_are_reported(built: Paths):
    _edit("figures", ",reported,", ",rumoured,")(built)
    _edit("events", ",true,", ",yes,")(built)
    _append("units", "kg\n")(built)
    result = run(built.root, "build")
    assert result.exit_code == 1
    assert "rule enum" in result.output
    assert "rule type_boolean" in result.output
    assert "rule field_count" in result.output
    assert "3 problem(s)" in result.output


@pytest.mark.parametrize("case", ["invalid UTF-8", "missing file", "reference to nothing"])
def test_no_traceback_and_a_nonzero_exit_in_a_real_process(built: Paths, case):
    mutate = next(c[1] for c in CASES if c[0] == case)
    mutate(built)
    result = run_process(built.root, "build")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert "nothing was published" in result.stderr


def test_a_missing_printed_value_is_one_problem_not_its_consequences(built: Paths):
    _edit("figures", ",50多所,", ",,")(built)
    result = run(built.root, "build")
    problems = [ln for ln in result.output.splitlines() if ": rule " in ln]
    assert problems == ["data/raw/figures.csv:2: column value_as_printed: rule "
                        "required: a value is required"]


def test_an_unknown_raw_file_is_a_warning_and_changes_nothing(built: Paths):
    (built.raw / "my_notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    result = run(built.root, "build")
    assert result.exit_code == 0, result.output
    assert "warning: data/raw/my_notes.csv is not a table of the package" in result.output


def test_a_missing_table_is_the_root_cause_not_its_references(built: Paths):
    built.raw_csv("units").unlink()
    result = run(built.root, "build")
    problems = [ln for ln in result.output.splitlines() if ": rule " in ln]
    assert problems == ["data/raw/units.csv: rule file_exists: the file is missing"]


def test_junk_rows_are_reported_in_bounded_lines_memory_and_time(built: Paths):
    """20 MB of junk rows in one file, the size limit raised to let it in: a few dozen
    lines, well under a GiB, in seconds (by default the file is refused unread)."""
    import sys
    import time

    with open(built.raw_csv("relations"), "a", encoding="utf-8") as handle:
        handle.write("junk,row\n" * (20 * 2**20 // 9))
    # VmHWM, the peak of this process's own memory: ru_maxrss would also count the memory
    # of the test process it was started from (Linux carries it over the exec).
    code = ("import re, sys\n"
            "from click.testing import CliRunner\n"
            "from etl.cli import main\n"
            f"r = CliRunner().invoke(main, ['--root', {str(built.root)!r}, 'build',\n"
            "                              '--max-raw-bytes', '64000000'])\n"
            "sys.stdout.write(r.output)\n"
            "status = open('/proc/self/status').read()\n"
            "print('peak', re.search(r'VmHWM:\\s+(\\d+) kB', status).group(1))\n")
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120).stdout
    elapsed = time.perf_counter() - start
    lines = [ln for ln in out.splitlines() if ": rule " in ln]
    assert 1 < len(lines) <= PER_RULE_LIMIT + 1, out[-2000:]
    junk = 20 * 2**20 // 9
    assert lines[-1] == (f"data/raw/relations.csv: rule field_count: … and "
                         f"{junk - PER_RULE_LIMIT} more like these"), lines[-1]
    peak_kib = int(out.rsplit("peak", 1)[1])
    assert peak_kib < 2**20, f"{peak_kib / 1024:.0f} MiB"
    assert elapsed < 30


def test_a_raw_file_without_read_permission_is_one_problem(built: Paths, monkeypatch):
    """Root reads any file, so the refusal the kernel gives a user is made here."""
    import os
    from pathlib import Path

    refused = built.raw_csv("events")
    real = os.open

    def refusing_open(path, flags, *args, **kwargs):
        if Path(path) == refused:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, flags, *args, **kwargs)

    before = snapshot(built)
    monkeypatch.setattr(os, "open", refusing_open)
    result = run(built.root, "build")
    assert result.exit_code == 1
    assert [ln for ln in result.output.splitlines() if ": rule " in ln] == [
        "data/raw/events.csv: rule readable: cannot be read: Permission denied"]
    assert snapshot(built) == before


def test_a_full_disk_in_duckdb_is_one_line_and_nothing_published(built: Paths, monkeypatch,
                                                                  checks_store):
    import duckdb

    import etl.publish.outputs

    def full(*_args, **_kwargs):
        raise duckdb.FatalException("FATAL Error: could not write file: No space left on device")

    before = snapshot(built)
    monkeypatch.setattr(etl.publish.outputs, "write_duckdb", full)
    result = run(built.root, "build", checks=checks_store)  # a fault in writing
    assert result.exit_code == 5
    assert result.output.strip().splitlines()[-1].startswith("error: the machine refused: ")
    assert "Traceback" not in result.output
    assert snapshot(built) == before and not built.staging.exists()
