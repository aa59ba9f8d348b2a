"""The archive of dist/: the release with its SQLite file, licences, citation and portal
exports in one zip; unzipped where the repository is not, frictionless validates it, DuckDB
1.1 opens its database and Hugging Face `datasets` (offline) loads a table by name from its
dataset card. SHA256SUMS checks every file of dist/; BASE_URL makes the exports absolute."""

from __future__ import annotations

import json
import subprocess
import zipfile
from pathlib import Path

import pytest
import yaml
from consumer_envs import consumer_env, run_python
from distributions import (
    BASE_URL,
    ROOT,
    TARGETS_2017,
    built_dist,
    recipe,
    targets_2017_labels,
)

from etl.distribute import archive
from etl.metadata import TABLES
from etl.metadata import package as pkg
from etl.paths import Paths

RELEASE = Paths(ROOT)
EXPORTS = ("zenodo.json", "ckan.json", "datacite.json", "dataset.jsonld")


@pytest.fixture(scope="module")
def dist(tmp_path_factory):
    return built_dist(tmp_path_factory)


@pytest.fixture(scope="module")
def unzipped(dist, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("portal")
    with zipfile.ZipFile(dist / archive.archive_name()) as zipped:
        zipped.extractall(folder)
    return folder / archive.folder_name()


def test_the_archive_holds_the_release_and_what_portals_need(dist, unzipped):
    release_files = [RELEASE.descriptor, RELEASE.source_text, RELEASE.workbook,
                     RELEASE.sql_script, RELEASE.duckdb, RELEASE.report,
                     *(RELEASE.csv(t.name) for t in TABLES),
                     *(RELEASE.parquet(t.name) for t in TABLES)]
    for path in release_files:
        assert (unzipped / RELEASE.rel(path)).read_bytes() == path.read_bytes(), path
    for name in ("baotou_sci_tech.sqlite", "baotou_sci_tech.metadata.json"):
        assert (unzipped / name).read_bytes() == (dist / name).read_bytes()
    for name in ("README.md", "LICENSE", "LICENSE-DATA.md", "CITATION.cff", *EXPORTS):
        assert (unzipped / name).is_file(), name


def test_sha256sums_checks_every_file_of_dist(dist):
    listed = [line.split("  ", 1)[1] for line in (dist / "SHA256SUMS").read_text().splitlines()]
    assert sorted(listed) == sorted(p.name for p in dist.iterdir() if p.name != "SHA256SUMS")
    result = subprocess.run(["sha256sum", "--check", "--strict", "SHA256SUMS"], cwd=dist,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


def test_frictionless_without_extras_validates_the_unzipped_package(unzipped):
    frictionless = consumer_env("frictionless-plain.lock").parent / "frictionless"
    result = subprocess.run([str(frictionless), "validate", "datapackage.json"], cwd=unzipped,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:]


DUCKDB_READER = """
import json, sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
print(json.dumps([duckdb.__version__, [r[0] for r in con.execute(sys.argv[2]).fetchall()]]))
"""


def test_duckdb_1_1_opens_the_archives_database_and_answers_the_2017_targets(unzipped):
    python = consumer_env("duckdb-1.1.lock")
    result = run_python(python, "-c", DUCKDB_READER,
                        str(unzipped / RELEASE.rel(RELEASE.duckdb)), recipe(TARGETS_2017).sql,
                        cwd=unzipped)
    assert result.returncode == 0, result.stderr[-3000:]
    version, labels = json.loads(result.stdout)
    assert version.startswith("1.1.") and labels == targets_2017_labels()


def test_the_dataset_card_has_one_config_per_table_at_its_parquet_file(unzipped):
    text = (unzipped / "README.md").read_text("utf-8")
    assert text.startswith("---\n")
    card = yaml.safe_load(text.split("---\n")[1])
    configs = {c["config_name"]: c["data_files"] for c in card["configs"]}
    assert configs == {t.name: RELEASE.rel(RELEASE.parquet(t.name)) for t in TABLES}
    assert all((unzipped / path).is_file() for path in configs.values())
    assert card["license"] == "cc-by-4.0"


HF_READER = """
import json, sys
from datasets import load_dataset
figures = load_dataset(sys.argv[1], "figures", split="train")
targets = figures.filter(lambda r: r["status"] == "target" and r["ref_date"] == "2017")
print(json.dumps({"rows": figures.num_rows, "columns": figures.column_names,
                  "targets_2017": sorted(targets["label_en"])}, ensure_ascii=False))
"""


def test_hugging_face_datasets_loads_a_table_by_name_offline(unzipped, tmp_path):
    python = consumer_env("hf-datasets-5.lock")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "HF_HOME": str(tmp_path / "hf"),
           "HF_DATASETS_OFFLINE": "1", "HF_HUB_OFFLINE": "1", "LANG": "C.UTF-8"}
    result = subprocess.run([str(python), "-c", HF_READER, str(unzipped)], cwd=tmp_path,
                            env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    got = json.loads(result.stdout)
    figures = next(t for t in TABLES if t.name == "figures")
    assert got["columns"] == list(figures.field_names)
    assert got["targets_2017"] == sorted(targets_2017_labels())


def test_zenodo_deposit_metadata_names_creators_licence_and_source(unzipped):
    deposit = json.loads((unzipped / "zenodo.json").read_text("utf-8"))
    assert deposit["creators"] == [{"name": "Baotou open data developers"}]
    assert deposit["title"] == pkg.TITLE and deposit["version"] == pkg.VERSION
    assert deposit["license"] == "cc-by-4.0" and deposit["upload_type"] == "dataset"
    assert "<h2>Caveats</h2>" in deposit["description"]
    assert set(pkg.KEYWORDS) == set(deposit["keywords"])
    [source] = deposit["related_identifiers"]
    assert source["relation"] == "isDerivedFrom"
    assert source["identifier"] == RELEASE.rel(RELEASE.source_text)


def _urls(folder: Path) -> dict[str, list[str]]:
    """Every address each portal export gives for the release's files and pages."""
    def read(name: str) -> dict:
        return json.loads((folder / name).read_text("utf-8"))

    ckan, zenodo = read("ckan.json"), read("zenodo.json")
    datacite, jsonld = read("datacite.json"), read("dataset.jsonld")
    return {
        "ckan.json": [r["url"] for r in ckan["resources"]],
        "zenodo.json": [r["identifier"] for r in zenodo["related_identifiers"]],
        "datacite.json": [datacite["url"]] if "url" in datacite else [],
        "dataset.jsonld": [d["contentUrl"] for d in jsonld["distribution"]]
                          + [jsonld["isBasedOn"]["url"], *([jsonld["url"]] if "url" in jsonld
                                                         else [])],
    }


def test_without_a_base_url_the_exports_give_paths_inside_the_archive(unzipped):
    for name, urls in _urls(unzipped).items():
        for url in urls:
            assert "://" not in url and (unzipped / url).is_file(), (name, url)
    assert len(_urls(unzipped)["ckan.json"]) == 2 * len(TABLES) + 3


def test_with_a_base_url_every_export_address_is_absolute_under_it(tmp_path_factory):
    dist = built_dist(tmp_path_factory, BASE_URL)
    folder = tmp_path_factory.mktemp("based")
    with zipfile.ZipFile(dist / archive.archive_name()) as zipped:
        zipped.extractall(folder)
    urls = _urls(folder / archive.folder_name())
    assert all(urls.values())
    for name, addresses in urls.items():
        for url in addresses:
            assert url.startswith(BASE_URL), (name, url)
            inside = url.removeprefix(BASE_URL)
            assert inside == "" or (folder / archive.folder_name() / inside).is_file(), url
