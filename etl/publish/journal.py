"""The journal of a publish: its commit point, and the plan a recovery carries out.

`.etl-journal.json` is written atomically (temporary file, fsync, rename), so one that
does not parse was never completed. Format 2: `{"format": 2, "release": <sha256 of the new
manifest>, "files": {name: sha256}, "descriptor_sha256": ..., "owned_before": [names],
"changed": [paths]}`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from etl.paths import Paths
from etl.publish import fs

JOURNAL_FORMAT = 2


@dataclass(frozen=True)
class Plan:
    """What a publish swaps in, and how to tell that it did."""

    release: str
    """The sha256 of the new release's manifest: its identity."""
    files: dict[str, str]
    """Every file of the new data/processed (the manifest aside) and its sha256."""
    descriptor_sha256: str
    owned_before: list[str]
    """Names the previous release owned that the new one does not publish."""
    changed: list[str]
    """The published paths that change or go (what `etl build -v` lists)."""

    def dumps(self) -> str:
        return json.dumps({"format": JOURNAL_FORMAT, "release": self.release,
                           "files": self.files, "descriptor_sha256": self.descriptor_sha256,
                           "owned_before": self.owned_before, "changed": self.changed},
                          indent=1)


def write(paths: Paths, plan: Plan) -> None:
    fs.write_atomic(paths.journal, plan.dumps())


def read(paths: Paths) -> Plan | None:
    """The journalled plan, or None if the journal does not parse as one."""
    data = fs.read_json(paths.journal)
    if data is None or data.get("format") != JOURNAL_FORMAT:
        return None
    release, files = data.get("release"), data.get("files")
    descriptor, owned = data.get("descriptor_sha256"), data.get("owned_before")
    changed = data.get("changed", [])
    if not (isinstance(release, str) and isinstance(files, dict)
            and all(isinstance(k, str) and isinstance(v, str) for k, v in files.items())
            and isinstance(descriptor, str) and isinstance(owned, list)
            and all(isinstance(n, str) for n in owned) and isinstance(changed, list)):
        return None
    return Plan(release, files, descriptor, owned, [str(c) for c in changed])
