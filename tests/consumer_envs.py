"""Virtual environments for consumers other than the project's own: an older DuckDB, CKAN,
frictionless-py without extras, Datasette, Hugging Face `datasets`, the dependencies of the
Python data package (tests/test_dist_*.py). Each installs from a small hashed lock under
tests/consumers/ (regenerate with the command in its header).

Like the project's .venv, each is made once and kept, in .venv/consumers/<name>/, beside
the sha256 of the lock it holds: a changed lock makes it anew. One test process at a time
makes it (a file lock), so parallel test workers share it."""

from __future__ import annotations

import fcntl
import hashlib
import shutil
import subprocess
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LOCKS = ROOT / "tests" / "consumers"
KEPT = ROOT / ".venv" / "consumers"


def consumer_env(lock: str) -> Path:
    """The Python of a venv holding exactly `lock`; skips the caller if it will not install."""
    folder = KEPT / lock.removesuffix(".lock")
    stamp = folder / "lock.sha256"
    digest = hashlib.sha256((LOCKS / lock).read_bytes()).hexdigest()
    KEPT.mkdir(parents=True, exist_ok=True)
    with open(KEPT / ".making", "a") as making:
        fcntl.flock(making, fcntl.LOCK_EX)
        if not stamp.is_file() or stamp.read_text() != digest:
            _make(folder, lock)
            stamp.write_text(digest)
    return folder / "bin" / "python"


def _make(folder: Path, lock: str) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    venv.create(folder, with_pip=True)
    result = subprocess.run([str(folder / "bin" / "python"), "-m", "pip", "install",
                             "--quiet", "--disable-pip-version-check", "--require-hashes",
                             "--no-deps", "-r", str(LOCKS / lock)], capture_output=True,
                            text=True, timeout=600)
    if result.returncode != 0:
        shutil.rmtree(folder, ignore_errors=True)
        pytest.skip(f"could not install {lock} into a venv: {result.stderr[-500:]}")


def run_python(python: Path, *args: str, cwd: Path | None = None,
               timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([str(python), *args], capture_output=True, text=True, cwd=cwd,
                          timeout=timeout, check=False)
