"""What portals and researchers get beside the tables: CKAN mapping, citation, Data Docs."""

from __future__ import annotations

import json
import re

from conftest import run

from etl.metadata import TABLES


def test_the_descriptor_maps_to_a_valid_ckan_dataset(release):
    from frictionless_ckan_mapper import frictionless_to_ckan

    descriptor = json.loads(release.descriptor.read_text("utf-8"))
    dataset = frictionless_to_ckan.package(descriptor)
    assert re.fullmatch(r"[a-z0-9_-]{2,100}", dataset["name"])
    assert "Caveats" in dataset["notes"] and "column" in dataset["notes"]
    assert dataset["license_id"] == "CC-BY-4.0" and dataset["license_title"]
    assert dataset["author"]
    tags = {t["name"] for t in dataset["tags"]}
    assert {"Baotou", "包头", "产学研"} <= tags
    assert all(re.fullmatch(r"[\w .-]{2,100}", t) for t in tags)
    assert len(dataset["resources"]) == len(TABLES) + 1
    for resource in dataset["resources"]:
        assert resource["url"] and resource["format"] in {"csv", "sql"}
        assert resource["name"] and resource["description"]


def test_contributors_carry_role_and_roles(release):
    descriptor = json.loads(release.descriptor.read_text("utf-8"))
    for contributor in descriptor["contributors"]:
        assert contributor["title"] and contributor["role"] and contributor["roles"]
    source = descriptor["sources"][0]
    assert source["path"] == "data/raw/source/article.txt" and len(source["sha256"]) == 64
    assert {"name", "path", "title"} <= set(descriptor["licenses"][0])


def test_citation_cites_the_article(release):
    citation = (release.root / "CITATION.cff").read_text("utf-8")
    assert "preferred-citation:" in citation and "用创新之魂 筑强市之梦" in citation


def test_data_docs_are_built_outside_the_release(mini_built, tmp_path):
    result = run(mini_built.root, "docs", "--output", str(tmp_path / "docs"))
    assert result.exit_code == 0, result.output
    index = tmp_path / "docs" / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"
    assert index.is_file()
    html = index.read_text("utf-8")
    assert all(t.name in html for t in TABLES)
    # a page of each suite, and of its validation: the site is built once, after them all
    for kind in ("expectations", "validations"):
        pages = {p.relative_to(index.parent / kind).parts[0].removesuffix(".html")
                 for p in (index.parent / kind).rglob("*.html")}
        assert pages == {t.name for t in TABLES}, kind
    assert "Calculating Metrics" not in result.output  # no progress bars of GX's own
