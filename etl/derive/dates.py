"""ISO 8601 dates at reduced precision (2012, 2012-09, 2012-09-29) and intervals of them."""

from __future__ import annotations

import calendar
from datetime import date


def date_bounds(text: str) -> tuple[date, date]:
    """First and last day a date or interval can mean; ValueError if it names no real day
    or runs backwards."""
    first, _, last = text.partition("/")
    low, high = _bound(first, start=True), _bound(last or first, start=False)
    if low > high:
        raise ValueError(f"the interval {text} runs backwards")
    return low, high


def _bound(text: str, start: bool) -> date:
    digits = text.split("-")
    if not (len(digits) <= 3 and len(digits[0]) == 4 and all(len(d) == 2 for d in digits[1:])
            and all(d.isascii() and d.isdigit() for d in digits)):
        raise ValueError(f"{text!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    parts = [int(d) for d in digits]
    year = parts[0]
    month = parts[1] if len(parts) > 1 else (1 if start else 12)
    if len(parts) > 2:
        return date(year, month, parts[2])
    if not 1 <= month <= 12:
        raise ValueError(f"month {month} out of range")
    return date(year, month, 1 if start else calendar.monthrange(year, month)[1])
