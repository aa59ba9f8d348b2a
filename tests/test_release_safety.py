"""Crash safety, concurrent readers and reproducible bytes of the release."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import duckdb
import pytest
from conftest import run, run_process, snapshot

from etl.paths import Paths
from etl.publish.release import KILL_POINT_ENV, KILL_POINTS


def _tree(source: Paths, root: Path) -> Paths:
    shutil.copytree(source.root, root)
    return Paths(root)


def _change_data(paths: Paths) -> None:
    """A valid edit, so that the next release differs from the current one."""
    path = paths.raw_csv("figures")
    path.write_text(path.read_text("utf-8").replace("Extrusion press", "Extrusion press force"),
                    encoding="utf-8")


def _hashes_match(paths: Paths) -> bool:
    descriptor = json.loads(paths.descriptor.read_text("utf-8"))
    return all(
        r["hash"] == "sha256:" + hashlib.sha256((paths.root / r["path"]).read_bytes()).hexdigest()
        for r in descriptor["resources"]
    )


@pytest.fixture(scope="module")
def new_release(mini_built: Paths, tmp_path_factory) -> dict[str, bytes]:
    """The bytes a completed build of the changed data publishes."""
    paths = _tree(mini_built, tmp_path_factory.mktemp("new") / "tree")
    _change_data(paths)
    assert run(paths.root, "build").exit_code == 0
    return snapshot(paths)


@pytest.mark.parametrize("point", KILL_POINTS)
def test_a_killed_build_leaves_the_old_or_the_new_release(mini_built, new_release, tmp_path,
                                                          point):
    paths = _tree(mini_built, tmp_path / "tree")
    old = snapshot(paths)
    _change_data(paths)
    result = run_process(paths.root, "build", env={**os.environ, KILL_POINT_ENV: point})
    assert result.returncode == -9, result.stderr
    if not paths.journal.exists():  # before the commit point, or after it completed
        assert snapshot(paths) in (old, new_release)
        assert _hashes_match(paths)
    # The next command finishes (or discards) what the killed build left.
    assert run(paths.root, "query", "SELECT 1").exit_code == 0
    assert run(paths.root, "validate").exit_code == 0
    assert not paths.journal.exists() and not paths.staging.exists()
    assert snapshot(paths) in (old, new_release)
    assert _hashes_match(paths)
    expected = old if point in ("during_staging", "before_journal") else new_release
    assert snapshot(paths) == expected


def test_a_reader_holding_the_database_open_does_not_stop_a_build(mini_built, tmp_path):
    paths = _tree(mini_built, tmp_path / "tree")
    reader = duckdb.connect(str(paths.duckdb), read_only=True)
    try:
        before = reader.execute("SELECT label_en FROM figures ORDER BY figure_id").fetchall()
        _change_data(paths)
        result = run_process(paths.root, "build")
        assert result.returncode == 0, result.stderr
        # The reader keeps its consistent view of the release it opened.
        assert reader.execute(
            "SELECT label_en FROM figures ORDER BY figure_id").fetchall() == before
    finally:
        reader.close()
    fresh = duckdb.connect(str(paths.duckdb), read_only=True)
    try:
        labels = [r[0] for r in fresh.execute("SELECT label_en FROM figures").fetchall()]
    finally:
        fresh.close()
    assert "Extrusion press force" in labels


def test_same_raw_data_gives_the_same_bytes_in_any_environment(mini, tmp_path):
    first = _tree(mini, tmp_path / "a")
    second = _tree(mini, tmp_path / "b")
    env_a = {**os.environ, "POLARS_MAX_THREADS": "1", "PYTHONHASHSEED": "0", "TZ": "UTC",
             "LC_ALL": "C"}
    env_b = {**os.environ, "PYTHONHASHSEED": "4242", "TZ": "Asia/Shanghai",
             "LC_ALL": "C.UTF-8"}
    env_b.pop("POLARS_MAX_THREADS", None)
    a = run_process(first.root, "build", env=env_a, cwd=tmp_path)
    b = run_process(second.root, "build", env=env_b, cwd=second.root)
    assert a.returncode == 0 and b.returncode == 0, a.stderr + b.stderr
    assert snapshot(first) == snapshot(second)


def test_source_date_epoch_sets_created(mini, tmp_path):
    result = run_process(mini.root, "build", env={**os.environ, "SOURCE_DATE_EPOCH": "0"})
    assert result.returncode == 0, result.stderr
    assert json.loads(mini.descriptor.read_text("utf-8"))["created"] == "1970-01-01T00:00:00Z"
