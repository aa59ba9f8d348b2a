"""Validate the staged package with frictionless: descriptor, files, schemas, keys.

It runs in its own process (`FrictionlessRun`), beside the staging and the suites.
frictionless-py checks rows one by one in Python (about 2,000 rows a second with foreign
keys here), so it reads at most `ROW_LIMIT` rows of each resource: every resource of the real
release, which is far smaller, is validated whole. On larger tables the row-level checks are
carried by the suites, which see every row, and by the round trip of every written file
(`etl.outputs.reads_back`), which proves the files hold exactly the rows the suites passed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

from etl.problems import Problem

ROW_LIMIT = 10_000


def validate_package(descriptor: Path) -> tuple[list[Problem], dict]:
    """Problems found in the staged package, and a small summary for the report."""
    from frictionless import Package, system

    with system.use_context(trusted=True):
        package = Package(str(descriptor))  # the whole descriptor is validated here
        for resource in list(package.resources):
            if resource.format == "parquet":
                # frictionless reads Parquet whole through pandas, without constraints or
                # hashes; the build compares each Parquet file with its CSV instead.
                package.remove_resource(resource.name)
        report = package.validate(limit_rows=ROW_LIMIT)
    problems: list[Problem] = []
    summary: dict = {"valid": bool(report.valid), "row_limit": ROW_LIMIT, "tasks": []}
    for task in report.tasks:
        summary["tasks"].append({
            "resource": task.name,
            "valid": bool(task.valid),
            "rows": task.stats.get("rows"),
            "errors": len(task.errors),
        })
        for error in task.errors:
            row = getattr(error, "row_number", None)
            cell = getattr(error, "cell", None)
            problems.append(Problem(
                file=task.place or task.name or "datapackage.json",
                line=row,
                column=getattr(error, "field_name", None),
                rule=f"frictionless:{error.type}",
                message=error.note or error.message,
                value=None if cell is None else str(cell),
            ))
    for error in report.errors:
        problems.append(Problem("datapackage.json", None, None, f"frictionless:{error.type}",
                                error.message))
    return problems, summary


class FrictionlessRun:
    """`validate_package` in a child process, started early: it imports frictionless while
    the package is staged, `start` hands it the descriptor, `result` collects."""

    def __init__(self) -> None:
        self._process = subprocess.Popen(
            [sys.executable, "-m", "etl.frictionless_check"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.started = False

    def start(self, descriptor: Path) -> None:
        assert self._process.stdin is not None
        self._process.stdin.write(f"{descriptor}\n")
        self._process.stdin.close()
        self.started = True

    def cancel(self) -> None:
        """Stop the process if it still runs; harmless after `result`."""
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        if self._process.stdout is not None:
            self._process.stdout.close()

    def result(self) -> tuple[list[Problem], dict]:
        assert self._process.stdout is not None
        out = self._process.stdout.read()
        if self._process.wait() != 0:
            raise RuntimeError(f"frictionless validation crashed ({self._process.returncode})")
        data = json.loads(out)
        return [Problem(**p) for p in data["problems"]], data["summary"]


def main() -> None:
    # The least urgent result: yield the processor to the loader and the suites' worker.
    os.nice(10)
    import frictionless  # noqa: F401  (now, while the parent stages the package)

    descriptor = sys.stdin.readline().strip()
    if not descriptor:
        return  # the parent stopped before there was a package to validate
    problems, summary = validate_package(Path(descriptor))
    json.dump({"problems": [asdict(p) for p in problems], "summary": summary}, sys.stdout)


if __name__ == "__main__":
    main()
