"""Text that looks right and is not: the hygiene every string cell of every table keeps.

A cell must be in Unicode NFC (a decomposed accent would make a query by the real name find
nothing), hold no CJK compatibility ideograph (U+F900–U+FAFF, U+2F800–U+2FA1F, which NFC
would silently replace), no invisible format character (Unicode category Cf: the
direction controls U+202A–U+202E, U+2066–U+2069, U+200E/F, U+061C, and U+200B, U+FEFF …)
or line or paragraph separator (U+2028, U+2029), and no space at either end (a name with
a trailing space looks the same and finds nothing).
Control characters (Cc) are refused by `constraints` before these checks.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any

from etl.problems import Kind

COMPATIBILITY_IDEOGRAPHS = ((0xF900, 0xFAFF), (0x2F800, 0x2FA1F))
FORMAT_CHARACTER = Kind("no_format_characters", "T01", "holds the invisible format character "
                        "{character} at character {index}; remove it{source}")
COMPATIBILITY_IDEOGRAPH = Kind("no_compatibility_ideographs", "T02", "holds the CJK "
                               "compatibility ideograph {character} at character {index}; "
                               "{hint}{source}")
SURROUNDING_SPACE = Kind("no_surrounding_space", "T04", "starts or ends with white space "
                         "({character}); remove it{source}")
INVISIBLE = ("Cf", "Zl", "Zp")
NOT_NFC = Kind("nfc", "T03", "is not in Unicode NFC: {character} at character {index} changes "
               "under normalization; save the text NFC-normalized{source}")


@dataclass(frozen=True)
class Flaw:
    """The first offending character of a cell: its kind of problem and the details."""

    kind: Kind
    details: dict[str, Any] = field(default_factory=dict)


def code_point(ch: str) -> str:
    """`U+200B ZERO WIDTH SPACE`: a character as a reader can see it."""
    name = unicodedata.name(ch, "")
    return f"U+{ord(ch):04X}" + (f" {name}" if name else "")


def is_compatibility_ideograph(ch: str) -> bool:
    return any(low <= ord(ch) <= high for low, high in COMPATIBILITY_IDEOGRAPHS)


def flaw(value: str) -> Flaw | None:
    """The first problem of a cell's text, or None: format characters, then compatibility
    ideographs, then normalization (each fix may settle the next)."""
    for i, ch in enumerate(value):
        if unicodedata.category(ch) in INVISIBLE:
            return Flaw(FORMAT_CHARACTER, {"character": code_point(ch), "index": i})
    for i, ch in enumerate(value):
        if is_compatibility_ideograph(ch):
            unified = unicodedata.normalize("NFC", ch)
            hint = (f"write {code_point(unified)} ({unified}) instead" if unified != ch
                    else "write the unified ideograph instead")
            return Flaw(COMPATIBILITY_IDEOGRAPH,
                        {"character": code_point(ch), "index": i, "hint": hint})
    if value != value.strip():
        ch = value[0] if value[0].isspace() else value[-1]
        return Flaw(SURROUNDING_SPACE, {"character": code_point(ch)})
    if unicodedata.is_normalized("NFC", value):
        return None
    i, ch = _first_unnormalized(value)
    return Flaw(NOT_NFC, {"character": code_point(ch), "index": i})


def _first_unnormalized(value: str) -> tuple[int, str]:
    for i, ch in enumerate(value):
        if not unicodedata.is_normalized("NFC", ch):
            return i, ch
        following = value[i + 1:i + 2]
        if following and not unicodedata.is_normalized("NFC", ch + following):
            return i + 1, following
    return 0, value[0]  # a longer sequence out of canonical order


def nearest_in_source(quote: str, start: int | None, text: str) -> str:
    """Where the source has the quote as it would read once repaired, nearest `start`."""
    repaired = unicodedata.normalize("NFC", "".join(
        ch for ch in quote if unicodedata.category(ch) not in INVISIBLE)).strip()
    found = []
    i = text.find(repaired)
    while i >= 0:
        found.append(i)
        i = text.find(repaired, i + 1)
    if not found:
        return "the source does not have it even without the offending character"
    best = min(found, key=lambda j: abs(j - (start or 0)))
    return f"the source has {repaired!r} at offset {best}"
