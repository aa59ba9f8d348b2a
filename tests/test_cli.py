"""The command line as a user meets it: help, tables, describe, and a start that stays light."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import run

from etl.metadata import TABLES

HEAVY = ("great_expectations", "frictionless", "pandas")
WRITERS = ("pyarrow", "duckdb")  # the build imports them only to write


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


def test_tables_lists_every_table_then_every_view(tmp_path):
    from etl.metadata import VIEWS

    lines = run(tmp_path, "tables").output.splitlines()
    assert [line.split()[0] for line in lines] == [t.name for t in TABLES] + [
        v.name for v in VIEWS]
    assert all("view:" in line for line in lines[len(TABLES):])


def test_describe_a_view_shows_its_columns(tmp_path):
    out = run(tmp_path, "describe", "entity_facts").output
    assert out.startswith("entity_facts (view)")
    assert "  role (string): " in out and "  source_start (integer) [character]: " in out


def test_describe_shows_fields_units_and_derivation(tmp_path):
    out = run(tmp_path, "describe", "figures").output
    assert "value_as_printed (string)" in out
    assert "source_start (integer) [character]" in out
    assert "value (number) [derived]" in out
    raw = run(tmp_path, "describe", "figures", "--raw").output
    assert "value (number)" not in raw and "value_as_printed" in raw


def test_describe_unknown_table_is_a_usage_error(tmp_path):
    result = run(tmp_path, "describe", "nope")
    assert result.exit_code == 2 and "`etl tables` lists" in result.output


@pytest.mark.parametrize(("typo", "suggested"), [("figure", "figures"), ("Figures", "figures"),
                                                  ("entity_fact", "entity_facts")])
def test_describe_suggests_the_nearest_names(tmp_path, typo, suggested):
    result = run(tmp_path, "describe", typo)
    assert result.exit_code == 2
    assert f"did you mean {suggested}" in result.output
    assert result.output.count(",") < 3  # not the whole list


def test_python_dash_m_runs_the_cli():
    out = subprocess.run([sys.executable, "-m", "etl", "--help"], capture_output=True,
                         text=True, check=True)
    assert "Usage:" in out.stdout


def test_importing_etl_changes_no_environment_and_adds_only_real_modules():
    """Every etl module, imported after the libraries they import at their top (which may
    set their own variables); the heavy ones they import only where used must stay out."""
    code = (
        "import importlib, os, pkgutil, sys, types\n"
        "import click, duckdb, polars, pyarrow, pyarrow.parquet, yaml\n"
        "before = dict(os.environ)  # after the libraries, which set their own\n"
        "known = set(sys.modules)\n"
        "import etl\n"
        "names = [m.name for m in pkgutil.walk_packages(etl.__path__, 'etl.')\n"
        "         if not m.name.endswith('.__main__')]\n"
        "for name in names:\n"
        "    importlib.import_module(name)\n"
        "assert dict(os.environ) == before, set(os.environ.items()) ^ set(before.items())\n"
        "fake = [n for n, m in sys.modules.items() if n not in known and\n"
        "        (type(m) is not types.ModuleType or m.__spec__ is None)]\n"
        "assert not fake, fake\n"
        f"assert not [m for m in {HEAVY!r} if m in sys.modules]\n"
        "print(len(names))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert int(out.stdout) > 20


def test_a_broken_header_is_reported_before_the_heavy_libraries_load(mini):
    path = mini.raw_csv("figures")
    path.write_text(path.read_text("utf-8").replace("figure_id,", "figure_idd,", 1), "utf-8")
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from etl.cli import main\n"
        f"result = CliRunner().invoke(main, ['--root', {str(mini.root)!r}, 'build'])\n"
        "print(result.exit_code)\n"
        "print('rule header' in result.output)\n"
        f"print(','.join(m for m in {HEAVY + WRITERS!r} if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.split("\n")[:3] == ["1", "True", ""]


def test_quiet_and_verbose_work_after_the_subcommand(mini):
    """On a tree with a broken header (found at once): -q leaves only the problem, -v adds
    every step and its time."""
    units = mini.raw_csv("units")
    units.write_text(units.read_text("utf-8").replace("unit_id", "unit", 1), encoding="utf-8")
    normal = run(mini.root, "validate")
    assert "[1/6] load" in normal.output and "(0." not in normal.output
    quiet = run(mini.root, "validate", "--quiet")
    assert quiet.exit_code == 1 and "rule header" in quiet.output and "[1/6]" not in quiet.output
    loud = run(mini.root, "validate", "-v")
    assert loud.exit_code == 1 and "rule header" in loud.output
    assert "[1/6] load" in loud.output and "(0." in loud.output


def test_a_missing_root_is_a_usage_error(tmp_path):
    result = run(tmp_path / "nowhere", "build")
    assert result.exit_code == 2 and "does not exist" in result.output


def test_a_bug_is_one_line_and_exit_4_and_verbose_shows_the_traceback(mini, monkeypatch):
    import etl.pipeline

    def broken(*_args, **_kwargs):
        raise KeyError("surprise")

    monkeypatch.setattr(etl.pipeline, "derive_table", broken)
    result = run(mini.root, "build")
    assert result.exit_code == 4
    lines = result.output.strip().splitlines()
    assert lines[-1].startswith("internal error: KeyError") and "--verbose" in lines[-1]
    assert "Traceback" not in result.output
    verbose = run(mini.root, "build", "--verbose")
    assert verbose.exit_code == 4 and "Traceback" in verbose.output


def test_a_full_disk_is_one_line_exit_5_and_nothing_published(mini, monkeypatch, checks_store):
    import errno

    import etl.publish.outputs

    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", "data/processed/x.csv")

    monkeypatch.setattr(etl.publish.outputs, "write_csv", full)
    result = run(mini.root, "build", checks=checks_store)  # a fault in writing
    assert result.exit_code == 5
    last = result.output.strip().splitlines()[-1]
    assert last.startswith("error: ") and "no space left on device" in last.lower()
    assert not mini.processed.exists() and not mini.staging.exists()


def test_the_readmes_query_examples_run_as_written(release, tmp_path):
    """Each command of the README's Querying block, run by a shell in a folder laid out
    like the checkout (the release linked in), exits 0 with an answer."""
    import re

    readme = (release.root / "README.md").read_text("utf-8")
    found = re.search(r"## Querying\n\n```sh\n(.*?)```", readme, re.DOTALL)
    assert found is not None
    block = found.group(1)
    for name in (".venv", "data", "pyproject.toml"):
        (tmp_path / name).symlink_to(release.root / name)
    for command in block.strip().splitlines():
        done = subprocess.run(["bash", "-c", command], cwd=tmp_path, capture_output=True,
                              text=True, timeout=120)
        assert done.returncode == 0, (command, done.stderr)
        assert "error" not in done.stderr.lower(), (command, done.stderr)


def test_etl_finds_the_project_root_from_a_subfolder(release):
    done = subprocess.run([sys.executable, "-m", "etl", "query", "--format", "csv",
                           "SELECT count(*) AS n FROM sources"], cwd=release.root / "docs",
                          capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stdout) == (0, "n\n1\n"), done.stderr
