"""frictionless-py as a researcher installs it, `pip install frictionless` with no extras
(no pandas, no openpyxl): the package is valid, every resource is read and checked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from consumer_envs import consumer_env, run_python


@pytest.fixture(scope="module")
def plain_frictionless() -> Path:
    return consumer_env("frictionless-plain.lock")


def test_plain_frictionless_says_the_package_is_valid(plain_frictionless, release):
    python = plain_frictionless
    missing = run_python(python, "-c", "import importlib.util as u; "
                         "print([m for m in ('pandas', 'openpyxl', 'pyarrow') if u.find_spec(m)])")
    assert missing.stdout.strip() == "[]"  # really the plain install
    cli = str(python.parent / "frictionless")
    result = run_python(python, cli, "validate", "datapackage.json", cwd=release.root)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "INVALID" not in result.stdout and "VALID" in result.stdout
    report = json.loads(run_python(python, cli, "validate", "datapackage.json", "--json",
                                   cwd=release.root).stdout)
    assert report["valid"]
    descriptor = json.loads(release.descriptor.read_text("utf-8"))
    assert len(report["tasks"]) == len(descriptor["resources"])
