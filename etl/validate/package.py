"""Validate the staged package with frictionless: descriptor, files, schemas, keys.

A second net after the suites: it reads the files a consumer reads, the way one does. The
foreign keys are the suites' (and the cheap checks'): they checked them on the very rows
these files were read back equal to, and frictionless checks one by reading every parent
table again for each child table, half its time here. `make validate` and the tests run
plain `frictionless validate`, foreign keys included, on the published package.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from etl.problems import Kind, Problem

FRICTIONLESS = Kind("frictionless", "F01", "{note}")
"""The rule is named for frictionless' error type: frictionless:type-error …"""


def validate_package(descriptor: Path) -> tuple[list[Problem], dict[str, Any]]:
    """Problems found in the staged package, and a small summary for the report."""
    from frictionless import Package, system

    data = json.loads(descriptor.read_text("utf-8"))
    for resource in data["resources"]:
        resource.get("schema", {}).pop("foreignKeys", None)
    with system.use_context(trusted=True):
        report = Package(data, basepath=str(descriptor.parent)).validate()  # the descriptor too
    problems: list[Problem] = []
    summary: dict[str, Any] = {"valid": bool(report.valid), "tasks": []}
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
            problems.append(FRICTIONLESS(
                file=task.place or task.name or "datapackage.json",
                line=row,
                column=getattr(error, "field_name", None),
                rule=f"frictionless:{error.type}",
                note=error.note or error.message,
                value=None if cell is None else str(cell),
            ))
    for error in report.errors:
        problems.append(FRICTIONLESS(file="datapackage.json", rule=f"frictionless:{error.type}",
                                     note=error.message))
    return problems, summary
