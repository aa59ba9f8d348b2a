"""Every line of the README's "Get the data" runs where nothing of the repository is: a folder
holding dist/ only, each command the consumer's own (the wheel's venv for pip and python,
Datasette's, frictionless without extras, Debian's R and sqlite3, the DuckDB command line),
and each answers the cookbook's 2017-targets question."""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from consumer_envs import consumer_env
from distributions import ROOT, built_dist, targets_2017_labels

README = (ROOT / "README.md").read_text("utf-8")
BLOCK = re.search(r"^## Get the data\n.*?```sh\n(.*?)```", README, re.S | re.M)
LINES = [line.split("  #")[0].strip() for line in (BLOCK.group(1) if BLOCK else "").splitlines()
         if line.strip()]


def _wrapper(bin_dir: Path, name: str, *command: str) -> None:
    script = bin_dir / name
    script.write_text("#!/bin/sh\nexec " + " ".join(f"'{c}'" for c in command) + ' "$@"\n')
    script.chmod(0o755)


def _commands(bin_dir: Path) -> None:
    """The consumer commands the README names, each an exact executable."""
    wheel_python = consumer_env("wheel-consumer.lock")
    # The kept venv holds the wheel's dependencies only: the wheel is installed anew each run.
    subprocess.run([str(wheel_python), "-m", "pip", "uninstall", "--yes", "--quiet",
                    "baotou-sci-tech"], capture_output=True, check=False, timeout=120)
    _wrapper(bin_dir, "python", str(wheel_python))
    _wrapper(bin_dir, "pip", str(wheel_python), "-m", "pip", "--disable-pip-version-check")
    _wrapper(bin_dir, "datasette", str(consumer_env("datasette-0.65.lock").parent / "datasette"))
    _wrapper(bin_dir, "frictionless",
             str(consumer_env("frictionless-plain.lock").parent / "frictionless"))
    _wrapper(bin_dir, "duckdb", str(ROOT / ".venv" / "bin" / "duckdb"))
    for name in ("R", "Rscript", "sqlite3", "unzip"):
        found = shutil.which(name)
        if found is None:
            pytest.skip(f"{name} is not installed (.ci/run installs it)")
        _wrapper(bin_dir, name, found)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _serve(line: str, folder: Path, env: dict[str, str]) -> tuple[str, float]:
    """Datasette in the background on 127.0.0.1, asked through its JSON API."""
    port = _free_port()
    server = subprocess.Popen(["bash", "-c", f"{line} --host 127.0.0.1 --port {port}"],
                              cwd=folder, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    started = time.monotonic()
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(200):
            try:
                urllib.request.urlopen(f"{base}/-/versions.json", timeout=2)
                break
            except OSError:
                if server.poll() is not None:
                    raise AssertionError(server.stdout.read() if server.stdout else "") from None
                time.sleep(0.1)
        seconds = time.monotonic() - started
        url = (f"{base}/baotou_sci_tech/targets_by_year.json?target_year=2017"
               "&_shape=array&_col=label_en&_size=max")
        with urllib.request.urlopen(url, timeout=30) as response:
            rows = json.load(response)
        return "\n".join(row["label_en"] for row in rows), seconds
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.fixture(scope="module")
def ran(tmp_path_factory) -> dict[str, tuple[subprocess.CompletedProcess[str] | str, float]]:
    """Each README line's outcome and its seconds, run in order in one fresh folder."""
    folder = tmp_path_factory.mktemp("reader")
    shutil.copytree(built_dist(tmp_path_factory), folder / "dist")
    bin_dir = folder / ".bin"
    bin_dir.mkdir()
    _commands(bin_dir)
    (folder / "Rlib").mkdir()
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "HOME": str(folder), "LANG": "C.UTF-8",
           "R_LIBS": str(folder / "Rlib"), "PIP_NO_INDEX": "1"}
    outcomes: dict[str, tuple[subprocess.CompletedProcess[str] | str, float]] = {}
    for line in LINES:
        if line.startswith("datasette "):
            outcomes[line] = _serve(line, folder, env)
            continue
        started = time.monotonic()
        result = subprocess.run(["bash", "-c", line], cwd=folder, env=env, capture_output=True,
                                text=True, timeout=600)
        outcomes[line] = (result, time.monotonic() - started)
    return outcomes


def test_the_readme_opens_with_get_the_data():
    first = re.search(r"^## (.+)$", README, re.M)
    assert first and first.group(1) == "Get the data"
    commands = {line.split()[0] for line in LINES}
    assert {"pip", "python", "R", "Rscript", "sqlite3", "datasette", "unzip",
            "duckdb"} <= commands


@pytest.mark.parametrize("line", LINES)
def test_each_line_runs_and_every_query_answers_the_2017_targets(ran, line):
    outcome, seconds = ran[line]
    if isinstance(outcome, str):
        output = outcome
    else:
        assert outcome.returncode == 0, outcome.stderr[-3000:]
        output = outcome.stdout
    print(f"{seconds:.1f} s: {line}")
    if "2017" in line or line.startswith("datasette "):
        for label in targets_2017_labels():
            assert label in output, (label, output[-2000:])
        assert "Targets of the “Seven Twos” programme" in output  # UTF-8 intact
