"""Query results as text: an aligned table, Markdown, CSV or strict JSON.

Table and Markdown output escape every control character (a result must not drive the
terminal); CSV keeps every value as stored; JSON is strict (no NaN) with ISO dates.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

FORMATS = ("table", "csv", "json", "markdown")

#: Characters that must not reach a terminal raw: C0 and C1 controls, DEL, and every
#: invisible format or separator character (Unicode categories Cf, Zl, Zp: direction marks,
#: overrides and isolates, zero-width characters, the byte-order mark, tags), the ones the
#: build refuses in the data.
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    "\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def visible(text: str, newline: str = "\\n") -> str:
    """`text` with control characters as escapes (`\\x1b`, `\\u202e`); newlines as given."""
    def escape(match: re.Match[str]) -> str:
        ch = match.group(0)
        if ch == "\n":
            return newline
        if ch in _NAMED:
            return _NAMED[ch]
        if ord(ch) < 0x100:
            return f"\\x{ord(ch):02x}"
        return f"\\u{ord(ch):04x}" if ord(ch) < 0x10000 else f"\\U{ord(ch):08x}"
    return _UNSAFE.sub(escape, text)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _json_value(value: Any) -> Any:
    """A JSON-safe value: NaN and infinities as null, dates as ISO text, decimals as numbers."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Decimal):
        if not value.is_finite():
            return None
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, timedelta):  # ISO 8601 duration; days may be negative
        return f"P{value.days}DT{value.seconds + value.microseconds / 1e6:g}S"
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return "".join(chr(b) if 32 <= b < 127 and b != 92 else f"\\x{b:02X}"
                       for b in bytes(value))
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_value(v) for v in value]
    return str(value)


def render(columns: list[str], rows: Sequence[tuple[Any, ...]], fmt: str) -> str:
    """The whole result in `fmt` (one of FORMATS), ending in a newline."""
    if fmt == "json":
        keys = _unique(columns)
        records = [{c: _json_value(v) for c, v in zip(keys, row, strict=True)}
                   for row in rows]
        return json.dumps(records, ensure_ascii=False, indent=1, allow_nan=False) + "\n"
    if fmt == "csv":
        return _csv([columns, *([_text(v) for v in row] for row in rows)])
    columns = [visible(c) for c in columns]
    cells = [[visible(_text(v)) for v in row] for row in rows]
    if fmt == "markdown":
        def line(values: list[str]) -> str:
            return "| " + " | ".join(v.replace("|", "\\|") for v in values) + " |"
        return "\n".join([line(columns), line(["---"] * len(columns)),
                          *(line(r) for r in cells)]) + "\n"
    widths = [max([_width(c)] + [_width(r[i]) for r in cells]) for i, c in enumerate(columns)]
    def pad(values: list[str]) -> str:
        return "  ".join(v + " " * (w - _width(v)) for v, w in zip(values, widths, strict=True))
    lines = [pad(columns), pad(["-" * w for w in widths]), *(pad(r) for r in cells)]
    return "\n".join(line.rstrip() for line in lines) + f"\n({len(rows)} rows)\n"


def _unique(columns: list[str]) -> list[str]:
    """Column names as JSON keys: a repeated name gets _1, _2… (not another column's name)."""
    taken, used, keys = set(columns), set[str](), list[str]()
    for name in columns:
        key, n = name, 0
        while key in used or (n and key in taken):
            n += 1
            key = f"{name}_{n}"
        used.add(key)
        keys.append(key)
    return keys


def _csv(records: Iterable[Sequence[str]]) -> str:
    """CSV lines ending in LF, faithful to every value: a field holding a lone CR is quoted
    too (the csv module quotes only the characters of its line terminator)."""
    out, buffer = list[str](), io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for record in records:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(record)
        out.append(buffer.getvalue()[:-2] + "\n")
    return "".join(out)


def _width(text: str) -> int:
    """Display width: CJK characters take two columns in a terminal."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
