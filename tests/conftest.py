"""Shared fixtures: the real release in the repository, and small trees to break."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from click.testing import CliRunner
from hypothesis import settings

from etl.cli import Seams, main
from etl.paths import MANIFEST_NAME, Paths

if TYPE_CHECKING:
    from etl.pipeline import Checks

ROOT = Path(__file__).resolve().parents[1]
pytest.register_assert_rewrite("site_browser")  # the site tests' shared browser fixtures
MINI = ROOT / "tests" / "fixtures" / "mini"

# CI (.ci/run sets HYPOTHESIS_PROFILE=ci) draws the same examples every run, so a red run is
# a change's doing; elsewhere they are random, and a failure found is replayed from
# .hypothesis/ until it is fixed.
settings.register_profile("ci", derandomize=True, database=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


# `make test` hands whole files to its workers (pytest-xdist, `--dist loadfile`), in the order
# collected (`--no-loadscope-reorder`): the longest files first, so that no worker is left
# running a long file alone at the end. The rest keep their order. Within a file, the tests
# on the SQL console's DuckDB engine come last, so that it starts once for all of them
# where a test does not restart it on purpose (compiling its 34 MB engine is the site
# tests' largest cost).
LONGEST_FIRST = ("test_kills.py", "test_release_safety.py", "test_site_a11y.py", "test_query.py",
                 "test_site.py", "test_bad_input.py", "test_site_console.py")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "duckdb: the test runs the SQL console on DuckDB-WASM")


def _on_duckdb(item: pytest.Item) -> bool:
    callspec = getattr(item, "callspec", None)
    return (item.get_closest_marker("duckdb") is not None
            or (callspec is not None and callspec.params.get("engine") == "duckdb"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {name: i for i, name in enumerate(LONGEST_FIRST)}
    files: dict[Path, int] = {}
    for item in items:
        files.setdefault(item.path, len(files))
    items.sort(key=lambda item: (rank.get(item.path.name, len(rank)), files[item.path],
                                 _on_duckdb(item)))  # stable: files stay whole


def shared_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The run's temporary folder, which pytest-xdist's workers share (each has its own
    below it): for what one worker makes once for all."""
    folder = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        folder = folder.parent  # pytest-of-<user>/pytest-<n>/, above each worker's own folder
    return folder


@pytest.fixture
def mini(tmp_path: Path) -> Paths:
    """A copy of the small valid raw tree, not yet built."""
    shutil.copytree(MINI / "data" / "raw", tmp_path / "data" / "raw")
    return Paths(tmp_path)


@pytest.fixture(scope="session")
def mini_built(tmp_path_factory: pytest.TempPathFactory, checks_store) -> Paths:
    """The small tree, built once for read-only tests (its checks kept for `checks_once`)."""
    root = tmp_path_factory.mktemp("mini_built")
    shutil.copytree(MINI / "data" / "raw", root / "data" / "raw")
    return _built(root, checks_store)


def _built(root: Path, checks_store) -> Paths:
    """`etl build` of the tree at root, its checks run through (and kept in) `checks_store`."""
    result = run(root, "build", checks=checks_store)
    assert result.exit_code == 0, result.output
    return Paths(root)


@pytest.fixture(scope="session")
def release() -> Paths:
    """The committed release of the real data (built by `make build` before the tests)."""
    paths = Paths(ROOT)
    assert paths.descriptor.is_file(), "run `make build` first"
    return paths


def run(root: Path, *args: str, input: str | None = None, checks: Checks | None = None):
    """The CLI in-process, as a user calls it; `checks` in place of the real ones (the
    publishing tests reuse the checks of raw data already checked: `releases.ChecksOnce`)."""
    return CliRunner().invoke(main, ["--root", str(root), *args], input=input,
                              catch_exceptions=False, obj=Seams(checks=checks))


def run_process(root: Path, *args: str, env: dict | None = None, cwd: Path | None = None,
                timeout: float = 300) -> subprocess.CompletedProcess:
    """The CLI in a separate process: for exit codes, tracebacks, signals and environments."""
    return subprocess.run([sys.executable, "-m", "etl", "--root", str(root), *args],
                          capture_output=True, text=True, env=env, cwd=cwd, timeout=timeout)


def snapshot(paths: Paths) -> dict[str, bytes]:
    """Every published file's bytes (DuckDB excluded: it embeds a random id; so is the
    release manifest, which holds the DuckDB file's sha256)."""
    files = {}
    if paths.descriptor.exists():
        files["datapackage.json"] = paths.descriptor.read_bytes()
    if paths.processed.is_dir():
        for p in sorted(paths.processed.iterdir()):
            if p.suffix != ".duckdb" and p.name != MANIFEST_NAME:
                files[p.name] = p.read_bytes()
    return files


# --- The publishing tests (test_release_safety.py, test_kills.py; helpers in releases.py)


@pytest.fixture(scope="session")
def checks_store(tmp_path_factory: pytest.TempPathFactory):
    """The checks run so far in this test run, by raw content (`releases.ChecksOnce`)."""
    from releases import CHECKS

    CHECKS.share_in(shared_folder(tmp_path_factory))
    return CHECKS


@pytest.fixture(scope="session")
def new_tree(mini_built: Paths, checks_store, tmp_path_factory) -> Paths:
    """The small tree with a valid edit (`releases.change_data`), built: the next release."""
    from releases import change_data, copy_tree

    paths = copy_tree(mini_built, tmp_path_factory.mktemp("new") / "tree")
    change_data(paths)
    return _built(paths.root, checks_store)


@pytest.fixture(scope="session")
def new_release(new_tree: Paths) -> dict[str, bytes]:
    """The bytes a completed build of the changed data publishes."""
    return snapshot(new_tree)
