"""The benchmark's inputs still fit the pipeline: a small synthetic tree passes every check."""

from __future__ import annotations

from pathlib import Path

from bench.synthetic import make_tree
from etl.metadata import TABLES
from etl.paths import Paths
from etl.pipeline import cheap_checks


def test_synthetic_tree_passes_the_cheap_checks(tmp_path: Path) -> None:
    make_tree(tmp_path, 200)
    frames, _, warnings = cheap_checks(Paths(tmp_path))
    assert frames["figures"].height == 200
    assert set(frames) == {t.name for t in TABLES}
    assert warnings == []


def test_stage_timer_runs_on_a_synthetic_tree(tmp_path: Path) -> None:
    from bench.stages import STAGING, time_stages

    make_tree(tmp_path, 200)
    timed = time_stages(tmp_path, 16 * 2**20, with_frictionless=False)
    for stage in ("load", "derive", "rules", "suites", *STAGING):
        assert timed["stages"][stage] >= 0, stage
    assert not (tmp_path / ".etl-staging").exists()
    assert timed["peak_mib"] > 0
