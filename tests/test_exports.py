"""`etl export ckan` and `etl export datacite`: what a portal or a registry takes."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from conftest import ROOT, run
from consumer_envs import consumer_env, run_python

from etl.metadata import TABLES
from etl.metadata import package as pkg

BASE = "https://data.example.org/baotou/1.0.0"
CKAN_VALIDATE = ROOT / "tests" / "consumers" / "ckan_validate.py"
# CKAN 2.12's rules, from ckan/logic/validators.py and ckan/model, restated so that they are
# checked even where the CKAN venv below cannot be installed.
CKAN_NAME = re.compile(r"[a-z0-9_\-]*$")  # name_validator, 2 to 100 characters
CKAN_TAG = re.compile(r"[\w \-.]*$", re.UNICODE)  # tag_name_validator, 2 to 100 characters
CKAN_LICENSE_IDS = {"notspecified", "odc-pddl", "odc-odbl", "odc-by", "cc-zero", "cc-by",
                    "cc-by-sa", "gfdl", "other-open", "other-pd", "other-at", "uk-ogl",
                    "cc-nc", "other-nc", "other-closed"}  # ckan/model/license.py
CKAN_PACKAGE_KEYS = {"id", "name", "title", "author", "author_email", "maintainer",
                     "maintainer_email", "license_id", "notes", "url", "version", "state",
                     "type", "owner_org", "private", "resources", "tags", "tag_string",
                     "plugin_data", "extras", "groups", "relationships_as_object",
                     "relationships_as_subject"}  # default_create_package_schema
CKAN_RESOURCE_KEYS = {"id", "url", "description", "format", "hash", "name", "resource_type",
                      "url_type", "mimetype", "mimetype_inner", "cache_url", "size",
                      "created", "last_modified", "cache_last_updated"}


@pytest.fixture(scope="module")
def ckan(release) -> dict:
    result = run(release.root, "export", "ckan", "--base-url", BASE + "/")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_ckan_dataset_follows_ckans_own_rules(ckan):
    assert set(ckan) <= CKAN_PACKAGE_KEYS
    assert 2 <= len(ckan["name"]) <= 100 and CKAN_NAME.match(ckan["name"])
    assert ckan["title"] == pkg.TITLE and "Caveats" in ckan["notes"]
    assert ckan["version"] == pkg.VERSION and len(ckan["version"]) <= 100
    assert ckan["license_id"] == "cc-by" and ckan["license_id"] in CKAN_LICENSE_IDS
    assert ckan["author"] == "Baotou open data developers"
    tags = [t["name"] for t in ckan["tags"]]
    assert tags == list(pkg.KEYWORDS)  # every keyword, Chinese ones included
    assert all(2 <= len(t) <= 100 and CKAN_TAG.match(t) for t in tags)
    keys = [e["key"] for e in ckan["extras"]]
    assert len(keys) == len(set(keys)) and not set(keys) & CKAN_PACKAGE_KEYS
    assert all(isinstance(e["value"], str) for e in ckan["extras"])
    assert {"key": "identifier", "value": f"urn:uuid:{pkg.ID}"} in ckan["extras"]
    assert "url" not in ckan  # no homepage until one is confirmed


def test_ckan_resources_are_every_published_file_at_an_absolute_url(ckan, release):
    resources = ckan["resources"]
    paths = [r["url"].removeprefix(BASE + "/") for r in resources]
    assert all(r["url"].startswith(BASE + "/data/") or r["url"] == BASE + "/datapackage.json"
               for r in resources)
    expected = {f"data/processed/{t.name}.{ext}" for t in TABLES for ext in ("csv", "parquet")}
    expected |= {"data/processed/baotou_sci_tech.sql", "data/processed/baotou_sci_tech.xlsx",
                 "datapackage.json"}
    assert sorted(paths) == sorted(expected)
    for resource, path in zip(resources, paths, strict=True):
        assert set(resource) <= CKAN_RESOURCE_KEYS
        data = (release.root / path).read_bytes()
        assert resource["size"] == len(data)
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        assert resource["name"] and resource["description"] and resource["mimetype"]
        assert resource["format"] in {"CSV", "Parquet", "XLSX", "SQL", "JSON"}


def test_ckan_export_refuses_a_relative_base_url(release):
    result = run(release.root, "export", "ckan", "--base-url", "data/processed")
    assert result.exit_code == 2 and "absolute" in result.output


def test_frictionless_ckan_mapper_agrees_on_the_core_fields(ckan, release):
    from frictionless_ckan_mapper import frictionless_to_ckan

    mapped = frictionless_to_ckan.package(json.loads(release.descriptor.read_text("utf-8")))
    for key in ("name", "title", "notes", "version", "author"):
        assert mapped[key] == ckan[key], key
    assert {t["name"] for t in mapped["tags"]} == {t["name"] for t in ckan["tags"]}


@pytest.fixture(scope="module")
def datacite(release) -> dict:
    result = run(release.root, "export", "datacite")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_datacite_record_is_valid_against_the_4_5_schema(datacite):
    from datacite.schema45 import validator

    errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(datacite)]
    assert not errors, errors


def test_datacite_record_says_what_a_registry_needs(datacite):
    assert datacite["types"]["resourceTypeGeneral"] == "Dataset"
    assert [c["name"] for c in datacite["creators"]] == ["Baotou open data developers"]
    assert {"title": pkg.TITLE_ZH, "lang": "zh", "titleType": "TranslatedTitle"} in \
        datacite["titles"]
    assert datacite["publisher"]["name"] and datacite["publicationYear"] == "2026"
    assert datacite["version"] == pkg.VERSION and datacite["language"] == "zh"
    assert datacite["rightsList"][0]["rightsIdentifier"] == "cc-by-4.0"
    assert {s["subject"] for s in datacite["subjects"]} == set(pkg.KEYWORDS)
    assert datacite["alternateIdentifiers"] == [
        {"alternateIdentifier": f"urn:uuid:{pkg.ID}", "alternateIdentifierType": "URN"}]
    assert {d["dateType"] for d in datacite["dates"]} >= {"Issued"}
    assert "url" not in datacite
    (article,) = datacite["relatedItems"]
    assert article["relationType"] == "IsDerivedFrom"
    assert article["titles"][0]["title"].startswith("用创新之魂")
    assert article["creators"][0]["familyName"] == "胡" and article["publicationYear"] == "2012"
    assert "publisher" not in article  # the page does not name the newspaper


@pytest.fixture(scope="module")
def ckan_python() -> Path:
    """A venv with CKAN 2.12 and what its schema module imports (tests/consumers)."""
    return consumer_env("ckan-2.12.lock")


def _ckan_validate(python, dataset: dict, folder) -> dict:
    path = folder / "dataset.json"
    path.write_text(json.dumps(dataset, ensure_ascii=False), encoding="utf-8")
    result = run_python(python, str(CKAN_VALIDATE), str(path))
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


def test_ckans_own_package_create_schema_accepts_the_dataset(ckan, ckan_python, tmp_path):
    checked = _ckan_validate(ckan_python, ckan, tmp_path)
    assert checked["errors"] == {}
    assert checked["name"] == ckan["name"] and checked["tags"] == list(pkg.KEYWORDS)
    assert checked["resources"] == len(ckan["resources"])


def test_ckans_schema_is_really_checking(ckan, ckan_python, tmp_path):
    broken = json.loads(json.dumps(ckan))
    broken["name"] = "Baotou Data!"
    broken["tags"].append({"name": "科技/合作"})
    broken["resources"][0]["size"] = "large"
    broken["extras"].append({"key": "title", "value": "shadows a core field"})
    errors = _ckan_validate(ckan_python, broken, tmp_path)["errors"]
    assert set(errors) == {"name", "tags", "resources", "extras"}
