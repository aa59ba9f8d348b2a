"""The command line as a user meets it: help, tables, describe, and a start that stays light."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import run

from etl.metadata import TABLES

HEAVY = ("great_expectations", "frictionless", "pandas")


@pytest.mark.parametrize("args", [["--help"], ["tables"], ["describe", "figures"],
                                  ["build", "--help"], ["query", "--help"]])
def test_light_commands_never_import_heavy_libraries(args, tmp_path):
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from etl.cli import main\n"
        f"result = CliRunner().invoke(main, {args!r})\n"
        "assert result.exit_code == 0, result.output\n"
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=tmp_path, check=True)
    assert out.stdout.strip() == ""


def test_query_does_not_import_heavy_libraries(mini_built):
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from etl.cli import main\n"
        f"result = CliRunner().invoke(main, ['--root', {str(mini_built.root)!r}, 'query', "
        "'SELECT count(*) FROM figures'])\n"
        "assert result.exit_code == 0, result.output\n"
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == ""


def test_tables_lists_every_table(tmp_path):
    out = run(tmp_path, "tables").output
    assert [line.split()[0] for line in out.splitlines()] == [t.name for t in TABLES]


def test_describe_shows_fields_units_and_derivation(tmp_path):
    out = run(tmp_path, "describe", "figures").output
    assert "value_as_printed (string)" in out
    assert "source_start (integer) [character]" in out
    assert "value (number) [derived]" in out
    raw = run(tmp_path, "describe", "figures", "--raw").output
    assert "value (number)" not in raw and "value_as_printed" in raw


def test_describe_unknown_table_is_a_usage_error(tmp_path):
    result = run(tmp_path, "describe", "nope")
    assert result.exit_code == 2 and "try: sources" in result.output


def test_python_dash_m_runs_the_cli():
    out = subprocess.run([sys.executable, "-m", "etl", "--help"], capture_output=True,
                         text=True, check=True)
    assert "Usage:" in out.stdout
