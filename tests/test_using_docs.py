"""Every snippet of docs/using.md runs as printed: Python in-process, R through Rscript,
JavaScript through Node with hyparquet, the DuckDB command line in a copy of the package.
Snippets are taken from the page itself, so the page and the tests cannot drift apart."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import polars as pl
import pytest
from conftest import ROOT

PAGE = ROOT / "docs" / "using.md"
FIGURES = pl.read_csv(ROOT / "data" / "processed" / "figures.csv", infer_schema=False).height
NOT_RUN = "not run by the tests"


def snippets(language: str) -> list[tuple[str, str]]:
    """(heading, code) of each fenced block in `language`, unless its section says it is
    not run (a tool the test machines cannot install)."""
    text = PAGE.read_text("utf-8")
    out = []
    for match in re.finditer(rf"^```{language}\n(.*?)^```$", text, flags=re.M | re.S):
        before = text[:match.start()]
        heading = re.findall(r"^#+ (.+)$", before, flags=re.M)[-1]
        section = before[before.rfind(f"# {heading}"):]
        if NOT_RUN not in section:
            out.append((heading, match.group(1)))
    return out


def test_the_page_has_snippets_for_every_consumer():
    headings = {lang: [h for h, _ in snippets(lang)] for lang in ("python", "r", "js", "sh")}
    assert headings["python"] == ["polars", "pandas", "DuckDB", "frictionless"]
    assert headings["r"] == ["frictionless"]
    assert headings["js"] == ["hyparquet"]
    assert headings["sh"] == ["The DuckDB command line"]


@pytest.mark.parametrize("heading,code", snippets("python"), ids=lambda v: v.split("\n")[0])
def test_python_snippet_runs(heading, code, release, monkeypatch, capsys):
    monkeypatch.chdir(release.root)
    namespace: dict = {}
    exec(compile(code, f"docs/using.md ({heading})", "exec"), namespace)
    assert len(namespace["figures"]) == FIGURES
    assert capsys.readouterr().out.strip()


def test_r_snippet_runs(release):
    from test_r_consumer import _r_has_frictionless

    reason = _r_has_frictionless()
    if reason:
        pytest.skip(reason)
    ((_, code),) = snippets("r")
    result = subprocess.run(["Rscript", "-e", code], cwd=release.root, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert f"[1] {FIGURES}" in result.stdout


@pytest.fixture(scope="module")
def hyparquet(tmp_path_factory) -> Path:
    """A folder with hyparquet installed from tests/consumers/js's lock."""
    if not shutil.which("node") or not shutil.which("npm"):
        pytest.skip("Node.js and npm are not installed")
    folder = tmp_path_factory.mktemp("js")
    for name in ("package.json", "package-lock.json"):
        shutil.copy(ROOT / "tests" / "consumers" / "js" / name, folder / name)
    result = subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts"],
                            cwd=folder, capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        pytest.skip(f"npm could not install hyparquet: {result.stderr[-500:]}")
    return folder


def test_javascript_snippet_runs(hyparquet, release):
    ((_, code),) = snippets("js")
    script = hyparquet / "snippet.mjs"  # beside node_modules, so that the import resolves
    script.write_text(code, encoding="utf-8")
    result = subprocess.run(["node", str(script)], cwd=release.root, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.startswith(f"{FIGURES} ")


def test_duckdb_command_line_snippet_runs_in_a_copy_of_the_package(release, tmp_path):
    cli = ROOT / ".venv" / "bin" / "duckdb"
    if not cli.is_file() and not shutil.which("duckdb"):
        pytest.skip("no duckdb command line")
    ((_, code),) = snippets("sh")
    copy = tmp_path / "package"
    (copy / "data" / "processed").mkdir(parents=True)
    for path in [*(release.processed.glob("*.parquet")), release.sql_script]:
        shutil.copy(path, copy / "data" / "processed" / path.name)
    env = {**os.environ, "PATH": f"{cli.parent}{os.pathsep}{os.environ['PATH']}"}
    result = subprocess.run(["bash", "-euo", "pipefail", "-c", code], cwd=copy, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert (copy / "baotou.duckdb").is_file() and "target_year" in result.stdout
