"""dist/ for the distribution tests (tests/test_dist_*.py): `make release` of the committed
release, written once per test process into a temporary folder (never the repository's
dist/), and the cookbook's 2017-targets question every artifact must answer."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from etl.distribute.cookbook import Recipe, recipes
from etl.distribute.release import write_release
from etl.paths import Paths

ROOT = Path(__file__).resolve().parents[1]
BASE_URL = "https://data.example.org/baotou/1.2/"
_BUILT: dict[str | None, Path] = {}


def built_dist(tmp_path_factory: pytest.TempPathFactory, base_url: str | None = None) -> Path:
    """dist/ as `make release [BASE_URL=…]` writes it, made once per process and base."""
    if base_url not in _BUILT:
        out = tmp_path_factory.mktemp("release") / "dist"
        write_release(Paths(ROOT), out, base_url)
        _BUILT[base_url] = out
    return _BUILT[base_url]


def recipe(number: int) -> Recipe:
    return next(r for r in recipes(Paths(ROOT)) if r.number == number)


def answer_rows(number: int) -> list[dict[str, str]]:
    """The cookbook's stated answer to question `number`, as rows of text."""
    return list(csv.DictReader(io.StringIO(recipe(number).answer)))


TARGETS_2017 = 2
"""The cookbook's question "Which targets fall due in 2017?"."""


def targets_2017_labels() -> list[str]:
    labels = [row["label_en"] for row in answer_rows(TARGETS_2017)]
    assert len(labels) >= 10  # the question has its answer; a missing one fails here
    return labels


def same_number(a: object, b: object) -> bool:
    """Cells equal as the cookbook prints them: numbers by value ('49' is 49.0)."""
    if a in (None, "") or b in (None, ""):
        return a in (None, "") and b in (None, "")
    try:
        return float(str(a)) == float(str(b))
    except ValueError:
        return str(a) == str(b)
