"""R researchers: rOpenSci's frictionless reads every table of the package as the CSVs hold it.

Needs Rscript and the R package (`bash ../shared/consumers/install-r.sh` as root installs
both; .ci/run does it); skipped with the reason otherwise.
"""

from __future__ import annotations

import json
import shutil
import subprocess

import polars as pl
import pytest
from conftest import ROOT

from etl.metadata import TABLES

SCRIPT = ROOT / "tests" / "consumers" / "read_with_r.R"
R_CLASSES = {"string": "character", "integer": "numeric", "number": "numeric",
             "boolean": "logical", "date": "Date"}


def _r_has_frictionless() -> str | None:
    if not shutil.which("Rscript"):
        return "Rscript is not installed (see shared/consumers/install-r.sh)"
    probe = subprocess.run(["Rscript", "-e", "packageVersion('frictionless')"],
                           capture_output=True, text=True, timeout=120)
    if probe.returncode != 0:
        return "the R package frictionless is not installed (shared/consumers/install-r.sh)"
    return None


@pytest.fixture(scope="module")
def read_by_r(release) -> dict:
    reason = _r_has_frictionless()
    if reason:
        pytest.skip(reason)
    result = subprocess.run(["Rscript", str(SCRIPT), "datapackage.json"], cwd=release.root,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


def _comparable(value, kind: str):
    if value is None:
        return None
    if kind in {"integer", "number"}:
        return float(value)
    if kind == "date":
        return str(value)
    return value


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name)
def test_r_frictionless_reads_every_table_like_the_csv(read_by_r, release, table):
    csv = pl.read_csv(release.processed / f"{table.name}.csv", schema=table.polars_schema())
    got = read_by_r[table.name]
    assert got["rows"] == csv.height
    assert got["classes"] == {f.name: "factor" if f.enum else R_CLASSES[f.type]  # enum: levels
                              for f in table.fields}
    for position, row in (("first", 0), ("last", csv.height - 1)):
        expected = {f.name: _comparable(csv[row, f.name], f.type) for f in table.fields}
        actual = {f.name: _comparable(got[position][f.name], f.type) for f in table.fields}
        assert actual == expected, position


def test_r_sees_every_resource(read_by_r, release):
    assert set(read_by_r) == {t.name for t in TABLES}
