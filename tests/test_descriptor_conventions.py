"""The descriptor meets the conventions of both Data Package versions, so that v1 readers
(rOpenSci's frictionless for R) and v2 readers (frictionless-py) take every resource."""

from __future__ import annotations

import json
import uuid

import jsonschema
from conftest import ROOT

from etl.metadata import TABLES
from etl.metadata import package as pkg

SPEC = ROOT / "tests" / "profiles" / "datapackage-2.0"


def _descriptor(paths) -> dict:
    return json.loads(paths.descriptor.read_text("utf-8"))


def test_tabular_resources_carry_the_v1_profile_and_the_v2_type(release):
    resources = _descriptor(release)["resources"]
    tabular = [r for r in resources if "schema" in r]
    assert {r["name"] for r in tabular} == {t.name for t in TABLES}
    for resource in tabular:
        assert resource["type"] == "table"  # Data Package 2.0
        assert resource["profile"] == "tabular-data-resource"  # Data Package v1, R reader
    for resource in resources:
        if "schema" not in resource:  # plain files: neither marker
            assert "type" not in resource and "profile" not in resource


def test_the_release_still_passes_the_2_0_profile_and_frictionless(release):
    from frictionless import Package, system

    profile = json.loads((SPEC / "datapackage.json").read_text("utf-8"))
    errors = list(jsonschema.Draft7Validator(profile).iter_errors(_descriptor(release)))
    assert not errors, [e.message for e in errors]
    with system.use_context(trusted=True):
        report = Package(str(release.descriptor)).validate()
    assert report.valid, report.flatten(["type", "note"])


def test_the_package_has_a_stable_id(release):
    descriptor = _descriptor(release)
    assert descriptor["id"] == pkg.ID == "a9c3c169-f83c-5bb9-be98-d8c3a351ee60"
    assert uuid.UUID(pkg.ID).version == 5
    assert str(uuid.uuid5(uuid.NAMESPACE_URL, f"urn:datapackage:{pkg.NAME}")) == pkg.ID


def test_no_unconfirmed_homepage_is_published(release):
    assert pkg.HOMEPAGE is None
    assert "homepage" not in _descriptor(release)
    citation = (release.root / "CITATION.cff").read_text("utf-8")
    assert "repository-code" not in citation and "\nurl:" not in citation
    assert "github.com" not in release.descriptor.read_text("utf-8")


def test_each_contributors_v1_role_is_one_of_its_roles_and_the_makers_are_creators_first(
        release):
    v1_roles = {"author", "publisher", "maintainer", "wrangler", "contributor"}
    for contributor in _descriptor(release)["contributors"]:
        assert contributor["role"] in v1_roles
        assert contributor["role"] in contributor["roles"]
    authors = [c["title"] for c in pkg.CONTRIBUTORS if c["role"] == "author"]
    assert authors == ["Baotou open data developers"]  # the dataset's makers
    creators = [c["title"] for c in _descriptor(release)["contributors"]
                if c["roles"][0] == "creator"]
    assert creators == authors  # 2.0 tools (dplib-py's Zenodo mapping) read the first role


def test_both_ckan_mappings_name_the_same_author(release):
    from frictionless_ckan_mapper import frictionless_to_ckan

    from etl.publish.ckan import dataset

    mapped = frictionless_to_ckan.package(_descriptor(release))  # reads v1 `role`
    ours = dataset(release, "https://data.example.org/r/")  # reads `role` too
    by_roles = "; ".join(c["title"] for c in pkg.CONTRIBUTORS if "author" in c["roles"])
    assert mapped["author"] == ours["author"] == by_roles
