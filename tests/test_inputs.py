"""Inputs are regular files inside the project: a FIFO, a device, a folder or a link out
of the project in data/raw is refused with one line naming the file and the rule, at once
(never a hang), and nothing is published."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import snapshot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.load.raw import load
from etl.metadata import TABLES
from etl.paths import Paths


def _fifo(path: Path, _: Path) -> None:
    os.mkfifo(path)


def _folder(path: Path, _: Path) -> None:
    path.mkdir()


def _device(path: Path, _: Path) -> None:
    path.symlink_to("/dev/zero")


def _link_out(path: Path, outside: Path) -> None:
    target = outside / path.name
    target.write_text("figure_id\n", encoding="utf-8")
    path.symlink_to(target)


def _link_out_through_a_folder(path: Path, outside: Path) -> None:
    """The link is a folder of data/raw, not the file: the file resolves out all the same."""
    folder = outside / "linked"
    folder.mkdir(exist_ok=True)
    (folder / path.name).write_text("x\n", encoding="utf-8")
    (path.parent / "linked").symlink_to(folder)
    path.symlink_to(Path("linked") / path.name)


def _dangling(path: Path, outside: Path) -> None:
    path.symlink_to(outside / "gone.csv")


KINDS = {"fifo": (_fifo, "regular_file", "FIFO"),
         "folder": (_folder, "regular_file", "a folder"),
         "device": (_device, "regular_file", "character device"),
         "link out": (_link_out, "inside_project", "outside the project"),
         "link out through a folder": (_link_out_through_a_folder, "inside_project",
                                       "outside the project"),
         "dangling link": (_dangling, "file_exists", "missing")}
FILES = [f"data/raw/{t.name}.csv" for t in TABLES] + ["data/raw/source/article.txt"]


def _replace(paths: Paths, file: str, kind: str, outside: Path) -> None:
    path = paths.root / file
    path.unlink()
    KINDS[kind][0](path, outside)


def _load_within(paths: Paths, seconds: float = 30):
    """`load`, which must return within `seconds` (a FIFO once hung the build forever)."""
    result: list = []
    thread = threading.Thread(target=lambda: result.append(load(paths)), daemon=True)
    thread.start()
    thread.join(seconds)
    assert result, "the load did not return: it waits on an input"
    return result[0]


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(file=st.sampled_from(FILES), kind=st.sampled_from(sorted(KINDS)))
def test_every_input_that_is_not_a_regular_file_inside_the_project_is_refused(
        mini_built, tmp_path_factory, file, kind):
    folder = tmp_path_factory.mktemp("inputs")
    paths = Paths(folder / "tree")
    paths.raw.parent.mkdir(parents=True)
    import shutil

    shutil.copytree(mini_built.raw, paths.raw)
    outside = folder / "outside"
    outside.mkdir()
    _replace(paths, file, kind, outside)
    raw = _load_within(paths)
    _, rule, words = KINDS[kind]
    mine = [p for p in raw.problems if p.file == file]
    assert [p.rule for p in mine] == [rule], raw.problems
    assert words in str(mine[0]) and str(mine[0]).startswith(f"{file}: ")
    assert str(folder) not in str(mine[0])  # no absolute path of the machine
    assert all(p.file == file for p in raw.problems)


def test_a_fifo_in_data_raw_is_one_line_and_exit_1_not_a_hang(mini_built, tmp_path):
    """The real command, in a process of its own: a FIFO nobody writes to."""
    import shutil

    root = tmp_path / "tree"
    shutil.copytree(mini_built.root, root)
    paths = Paths(root)
    before = snapshot(paths)
    figures = paths.raw_csv("figures")
    figures.unlink()
    os.mkfifo(figures)
    result = subprocess.run([sys.executable, "-m", "etl", "--root", str(root), "build"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stderr
    lines = [line for line in result.stderr.splitlines() if ": rule " in line]
    assert lines == ["data/raw/figures.csv: rule regular_file: is a FIFO (named pipe), not a "
                     "regular file: the build reads only regular files"]
    assert "Traceback" not in result.stderr
    assert snapshot(paths) == before


def test_a_link_inside_the_project_is_read(mini, tmp_path):
    """A link that stays inside the project is an input like any other."""
    units = mini.raw_csv("units")
    kept = mini.root / "curation" / "units.csv"
    kept.parent.mkdir()
    units.rename(kept)
    units.symlink_to(Path("..", "..", "curation", "units.csv"))
    raw = load(mini)
    assert raw.problems == [] and "units" in raw.frames


@pytest.mark.parametrize("size", [0, 1])
def test_the_size_bound_holds_without_reading_past_it(mini, size):
    """A raw file one byte over the limit is refused; at the limit it is read."""
    figures = mini.raw_csv("figures")
    limit = figures.stat().st_size - 1 + size
    raw = load(mini, limit)
    rules = [p.rule for p in raw.problems if p.file == "data/raw/figures.csv"]
    assert rules == ([] if size else ["max_size"])
