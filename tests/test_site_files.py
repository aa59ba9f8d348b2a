"""The site publishes the release's own files, by the manifest, and nothing else: a
researcher's files in data/processed and the targets of links there never reach site/."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.paths import MANIFEST_NAME
from etl.publish.errors import ReleaseError
from etl.site.files import copy_release


def _release_copy(release, into: Path) -> set[str]:
    """A copy of the built release under `into`; returns the names its manifest owns."""
    shutil.copytree(release.processed, into / "data" / "processed")
    shutil.copy(release.descriptor, into / "datapackage.json")
    return set(json.loads((into / "data" / "processed" / MANIFEST_NAME).read_text())["files"])


def _published(out: Path) -> set[str]:
    return {str(p.relative_to(out)) for p in out.rglob("*")
            if p.is_file() and not str(p.relative_to(out)).startswith("static/")}


@pytest.fixture()
def root(release, tmp_path) -> Path:
    _release_copy(release, tmp_path / "root")
    return tmp_path / "root"


def test_only_the_manifest_files_are_published(root, tmp_path):
    processed = root / "data" / "processed"
    owned = set(json.loads((processed / MANIFEST_NAME).read_text())["files"])
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the site")
    (processed / "my_analysis.csv").write_text("a,b\n1,2\n")
    (processed / "notes").mkdir()
    (processed / "notes" / "draft.md").write_text("draft")
    (processed / "link_out.csv").symlink_to(secret)
    (processed / "link_dir").symlink_to(tmp_path)
    out = tmp_path / "site"
    copy_release(root, out)
    assert _published(out) == {f"data/processed/{n}" for n in owned} | {"datapackage.json"}
    assert not any("not for the site" in p.read_text("utf-8", "replace")
                   for p in out.rglob("*") if p.is_file())


def test_a_link_in_place_of_a_release_file_refuses(root, tmp_path):
    processed = root / "data" / "processed"
    secret = tmp_path / "secret.csv"
    secret.write_text("figure_id\nleak\n")
    (processed / "figures.csv").unlink()
    (processed / "figures.csv").symlink_to(secret)
    out = tmp_path / "site"
    with pytest.raises(ReleaseError, match=r"figures\.csv.*links"):
        copy_release(root, out)
    assert not out.exists()


def test_changed_bytes_of_a_release_file_refuse(root, tmp_path):
    with open(root / "data" / "processed" / "units.csv", "a", encoding="utf-8") as handle:
        handle.write("extra,row\n")
    with pytest.raises(ReleaseError, match=r"units\.csv: not the bytes"):
        copy_release(root, tmp_path / "site")


def test_a_fifo_in_place_of_a_release_file_refuses_without_hanging(root, tmp_path):
    processed = root / "data" / "processed"
    (processed / "units.csv").unlink()
    os.mkfifo(processed / "units.csv")
    with pytest.raises(ReleaseError, match=r"units\.csv: not a regular file"):
        copy_release(root, tmp_path / "site")


@pytest.mark.parametrize("name", ["../datapackage.json", "/etc/passwd", "sub/figures.csv", ".."])
def test_a_manifest_naming_a_path_outside_refuses(root, tmp_path, name):
    manifest = root / "data" / "processed" / MANIFEST_NAME
    data = json.loads(manifest.read_text())
    data["files"][name] = "0" * 64
    manifest.write_text(json.dumps(data))
    with pytest.raises(ReleaseError, match="is not a file name of the release"):
        copy_release(root, tmp_path / "site")


NAMES = st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="/\0"),
                min_size=1, max_size=40).filter(lambda n: n not in (".", "..")
                                                and len(n.encode()) < 200)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(extra=st.lists(st.tuples(NAMES, st.sampled_from(["file", "dir", "link_file",
                                                        "link_dir"])),
                      min_size=1, max_size=4, unique_by=lambda e: e[0]))
def test_no_generated_name_of_a_researcher_reaches_the_site(release, extra):
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        owned = _release_copy(release, base / "root")
        processed = base / "root" / "data" / "processed"
        target = base / "outside.txt"
        target.write_text("outside")
        for name, kind in extra:
            if name in owned or name == MANIFEST_NAME:
                continue
            path = processed / name
            if kind == "file":
                path.write_bytes(b"mine")
            elif kind == "dir":
                path.mkdir()
                (path / "inside.csv").write_bytes(b"mine")
            elif kind == "link_file":
                path.symlink_to(target)
            else:
                path.symlink_to(base)
        out = base / "site"
        copy_release(base / "root", out)
        assert _published(out) == {f"data/processed/{n}" for n in owned} | {"datapackage.json"}
