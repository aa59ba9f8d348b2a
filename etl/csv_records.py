"""Find CSV records and count their fields in bulk, without parsing them one by one in Python.

A comma or line feed separates only when an even number of quote characters precedes it
(RFC 4180: a quoted field holds quotes doubled), so one pass of vector arithmetic over the
bytes finds every record and its field count. Python's csv module does the same work a
record at a time, at about half a million records a second.
"""

from __future__ import annotations

PYTHON_CSV_FIELD_LIMIT = 131_072
"""Python's csv module refuses longer fields; the bulk check sends them to it for the error."""


def record_lines(data: bytes, fields: int) -> list[int] | None:
    """The physical line each data record starts on, if every record is plainly sound.

    Sound means: the header and every record have exactly `fields` fields, every quote
    sits where RFC 4180 puts one, no line is blank, no byte is NUL and no record is longer
    than Python's csv field limit. Otherwise None: the caller parses record by record for
    exact messages.
    """
    import numpy as np

    if not data or b"\0" in data:
        return None
    raw = np.frombuffer(data, dtype=np.uint8)
    hits = np.empty(len(raw), dtype=np.bool_)  # one scratch buffer for every byte class
    quotes = np.flatnonzero(np.equal(raw, ord('"'), out=hits))
    if not _quotes_well_placed(raw, quotes):
        return None
    newlines = np.flatnonzero(np.equal(raw, ord("\n"), out=hits))
    # A separator is outside quotes when an even number of quotes precede it.
    ends = newlines[np.searchsorted(quotes, newlines) % 2 == 0]
    if not data.endswith(b"\n"):
        ends = np.append(ends, len(data))
    if len(ends) < 2:
        return None  # no data records
    lengths = np.diff(ends, prepend=-1)  # each record with its line feed
    if lengths.min() <= 1 or lengths.max() > PYTHON_CSV_FIELD_LIMIT:
        return None  # a blank line, or a field the csv module would refuse
    comma_at = np.flatnonzero(np.equal(raw, ord(","), out=hits))
    starts = np.concatenate(([0], ends[:-1] + 1))
    commas = np.diff(np.searchsorted(comma_at, starts), append=len(comma_at))
    if len(quotes):  # less the commas inside each quoted span, record by record
        before = np.searchsorted(comma_at, quotes)
        np.subtract.at(commas, np.searchsorted(ends, quotes[0::2]), before[1::2] - before[0::2])
    if (commas != fields - 1).any():
        return None
    return (np.searchsorted(newlines, starts[1:]) + 1).tolist()


def _quotes_well_placed(raw, quotes) -> bool:
    """Every quote opens a field, closes it, or is doubled inside it, and none is left open.

    The k-th quote opens (or is the second of a pair) when k is even, and must follow the
    start, a separator or a quote; it closes (or starts a pair) when k is odd, and must be
    followed by the end, a separator or a quote. A quote inside an unquoted field is legal
    CSV for Python but not plain: the caller reads such a file record by record.
    """
    import numpy as np

    if len(quotes) % 2:
        return False
    allowed = np.array([ord('"'), ord(","), ord("\n")], dtype=np.uint8)
    opening, closing = quotes[0::2], quotes[1::2]
    before = raw[np.maximum(opening - 1, 0)]
    after = raw[np.minimum(closing + 1, len(raw) - 1)]
    return bool(((opening == 0) | np.isin(before, allowed)).all()
                and ((closing == len(raw) - 1) | np.isin(after, allowed)).all())
