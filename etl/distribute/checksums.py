"""SHA256SUMS: every file of dist/, in the format `sha256sum -c` checks."""

from __future__ import annotations

import hashlib
from pathlib import Path

NAME = "SHA256SUMS"


def write(out: Path) -> Path:
    lines = [f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.name}\n"
             for p in sorted(out.iterdir()) if p.is_file() and p.name != NAME]
    target = out / NAME
    target.write_text("".join(lines), encoding="utf-8")
    return target
