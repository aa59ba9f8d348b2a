"""Throwaway virtual environments for consumers other than the project's own: an older
DuckDB, frictionless-py without extras. Each installs from a small hashed lock under
tests/consumers/ (regenerate with the command in its header); the pip cache makes it fast."""

from __future__ import annotations

import subprocess
import venv
from pathlib import Path

import pytest

LOCKS = Path(__file__).resolve().parent / "consumers"


def consumer_env(factory: pytest.TempPathFactory, lock: str) -> Path:
    """The Python of a new venv holding exactly `lock`; skips the caller if it will not install."""
    folder = factory.mktemp(lock.removesuffix(".lock"))
    venv.create(folder, with_pip=True)
    python = folder / "bin" / "python"
    result = subprocess.run([str(python), "-m", "pip", "install", "--quiet",
                             "--disable-pip-version-check", "--require-hashes", "--no-deps",
                             "-r", str(LOCKS / lock)], capture_output=True, text=True,
                            timeout=600)
    if result.returncode != 0:
        pytest.skip(f"could not install {lock} into a venv: {result.stderr[-500:]}")
    return python


def run_python(python: Path, *args: str, cwd: Path | None = None,
               timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([str(python), *args], capture_output=True, text=True, cwd=cwd,
                          timeout=timeout, check=False)

