"""The Python data package of dist/: a wheel by the spec, small, reproducible, with only
pandas and pyarrow required; installed in a venv holding nothing of the repository, run from
a folder outside it, it loads every table and view with the published types, describes them,
answers the cookbook through DuckDB, and cites; its sdist builds the same files."""

from __future__ import annotations

import base64
import hashlib
import json
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
from distributions import (
    ROOT,
    TARGETS_2017,
    built_dist,
    fresh_venv,
    recipe,
    targets_2017_labels,
)

from etl.distribute import python_package
from etl.distribute.reproducible import source_date_epoch
from etl.metadata import TABLES, VIEWS
from etl.metadata import package as pkg
from etl.paths import Paths

MODULE = "baotou_sci_tech"


@pytest.fixture(scope="module")
def dist(tmp_path_factory):
    return built_dist(tmp_path_factory)


@pytest.fixture(scope="module")
def wheel(dist) -> Path:
    return dist / python_package.wheel_name()


def test_the_wheel_is_small_and_requires_only_pandas_and_pyarrow(wheel):
    assert wheel.stat().st_size <= 3 * 1024 * 1024
    with zipfile.ZipFile(wheel) as archive:
        metadata = archive.read(f"{MODULE}-{pkg.VERSION}.dist-info/METADATA").decode()
    required = [line.split(": ", 1)[1] for line in metadata.splitlines()
                if line.startswith("Requires-Dist: ")]
    assert sorted(r for r in required if "extra ==" not in r) == ["pandas>=2.0", "pyarrow>=14"]
    assert "Name: baotou-sci-tech" in metadata and f"Version: {pkg.VERSION}" in metadata
    assert "Provides-Extra: duckdb" in metadata and "Provides-Extra: polars" in metadata


def test_the_record_lists_every_file_with_its_hash_and_the_entries_are_dated_at_the_release(
        wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        record = archive.read(f"{MODULE}-{pkg.VERSION}.dist-info/RECORD").decode()
        listed = {}
        for line in record.splitlines():
            name, digest, size = line.rsplit(",", 2)
            listed[name] = (digest, size)
        assert set(listed) == set(names)
        for name in names:
            if name.endswith("/RECORD"):
                continue
            data = archive.read(name)
            encoded = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
            assert listed[name] == (f"sha256={encoded.decode()}", str(len(data))), name
        stamps = {info.date_time for info in archive.infolist()}
    assert len(stamps) == 1
    tables = {f"{MODULE}/data/processed/{t.name}.parquet" for t in TABLES}
    views = {f"{MODULE}/views/{v.name}.parquet" for v in VIEWS}
    assert tables | views | {f"{MODULE}/datapackage.json"} <= set(names)


def test_the_same_release_gives_the_same_wheel_and_sdist_bytes(wheel, dist):
    paths = Paths(ROOT)
    assert python_package.wheel(paths) == wheel.read_bytes()
    assert python_package.sdist(paths) == (dist / python_package.sdist_name()).read_bytes()
    with tarfile.open(dist / python_package.sdist_name()) as tar:
        assert {m.mtime for m in tar.getmembers()} == {source_date_epoch()}


READER = """
import json, sys
import baotou_sci_tech as bst
import pyarrow.parquet as pq

out = {"file": bst.__file__, "version": bst.__version__, "tables": bst.tables(),
       "describe": bst.describe("figures"), "citation": bst.citation()}
figures = bst.load("figures")
out["dtypes"] = {name: str(dtype) for name, dtype in figures.dtypes.items()}
out["rows"] = len(figures)
out["missing_correction_ids"] = int(figures.correction_id.isna().sum())
out["empty_correction_ids"] = int((figures.correction_id == "").sum())
targets = bst.load("targets_by_year")
out["targets_2017"] = sorted(targets[targets.target_year == "2017"].label_en)
out["polars_rows"] = bst.load("figures", backend="polars").height
con = bst.connect()
out["connect"] = [list(map(str, row)) for row in con.execute(sys.argv[1]).fetchall()]
out["connect_objects"] = sorted(r[0] for r in con.execute(
    "SELECT table_name FROM information_schema.tables").fetchall())
try:
    bst.load("no_such_table")
except KeyError as error:
    out["unknown"] = str(error)
print(json.dumps(out, ensure_ascii=False))
"""


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> dict:
    """The wheel installed by pip (its dependencies resolved, no index) into a fresh venv,
    then read from a folder outside the repository."""
    outside = tmp_path_factory.mktemp("researcher")
    python = fresh_venv(outside / "venv,o'k")  # a comma and a quote in the install path
    env = {"PATH": "/usr/bin:/bin", "HOME": str(outside)}
    install = subprocess.run([str(python), "-m", "pip", "install", "--no-index", "--quiet",
                              "--disable-pip-version-check", str(wheel)], capture_output=True,
                             text=True, timeout=300, env=env)
    assert install.returncode == 0, install.stderr[-3000:]
    check = subprocess.run([str(python), "-m", "pip", "check", "--disable-pip-version-check"],
                           capture_output=True, text=True, timeout=300, env=env)
    assert check.returncode == 0, check.stdout  # its requirements are met by the lock's
    assert "baotou-sci-tech" in subprocess.run(
        [str(python), "-m", "pip", "list", "--disable-pip-version-check"],
        capture_output=True, text=True, timeout=300, env=env).stdout
    result = subprocess.run([str(python), "-c", READER, recipe(TARGETS_2017).sql],
                            capture_output=True, text=True, timeout=300, env=env, cwd=outside)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


def test_it_is_imported_from_the_venv_not_the_repository(installed):
    assert not Path(installed["file"]).is_relative_to(ROOT / "etl")
    assert "/researcher" in installed["file"] and "/venv,o'k/lib/" in installed["file"]
    assert installed["version"] == pkg.VERSION


def test_tables_lists_every_table_and_view_and_describe_gives_units(installed):
    assert list(installed["tables"]) == [t.name for t in TABLES] + [v.name for v in VIEWS]
    fields = {f["name"]: f for f in installed["describe"]}
    assert list(fields) == list(TABLES[[t.name for t in TABLES].index("figures")].field_names)
    assert fields["source_start"]["unit"] == "character" and fields["value"]["description"]


ARROW_DTYPES = {"string": "string[pyarrow]", "integer": "int64[pyarrow]",
                "number": "double[pyarrow]", "boolean": "bool[pyarrow]",
                "date": "date32[day][pyarrow]"}


def test_load_gives_the_published_types_and_missing_values_as_na(installed):
    figures = next(t for t in TABLES if t.name == "figures")
    assert installed["dtypes"] == {f.name: ARROW_DTYPES[f.type] for f in figures.fields}
    assert installed["missing_correction_ids"] > 0 and installed["empty_correction_ids"] == 0
    assert installed["rows"] == installed["polars_rows"] > 0


def test_load_and_connect_answer_the_2017_targets(installed):
    labels = targets_2017_labels()
    assert installed["targets_2017"] == sorted(labels)
    assert [row[0] for row in installed["connect"]] == labels
    assert {t.name for t in TABLES} | {v.name for v in VIEWS} <= set(installed["connect_objects"])


def test_citation_and_a_helpful_unknown_name(installed):
    assert pkg.TITLE in installed["citation"] and pkg.VERSION in installed["citation"]
    assert "no_such_table" in installed["unknown"] and "figures" in installed["unknown"]


def test_the_sdist_builds_a_wheel_with_the_same_files(dist, wheel, tmp_path):
    """setuptools (the project's own, no network) builds the sdist; its package equals ours."""
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-index",
                             "--no-build-isolation", "--quiet", "--disable-pip-version-check",
                             "-w", str(tmp_path), str(dist / python_package.sdist_name())],
                            capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    built = next(tmp_path.glob("*.whl"))

    def package(path: Path) -> dict[str, bytes]:
        with zipfile.ZipFile(path) as archive:
            return {n: archive.read(n) for n in archive.namelist() if n.startswith(MODULE + "/")}

    assert package(built) == package(wheel)
