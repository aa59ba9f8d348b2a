"""Text that looks right and is not: the hygiene every string cell of every table keeps.

A cell must be in Unicode NFC (a decomposed accent would make a query by the real name find
nothing), hold no CJK compatibility ideograph (U+F900–U+FAFF, U+2F800–U+2FA1F, which NFC
would silently replace), no invisible format character (Unicode category Cf: the
direction controls U+202A–U+202E, U+2066–U+2069, U+200E/F, U+061C, and U+200B, U+FEFF …)
or line or paragraph separator (U+2028, U+2029) or other default-ignorable character (a
variation selector U+FE00–U+FE0F or U+E0100–U+E01EF, U+034F, a Hangul filler: each shows as
nothing), no space other than U+0020 (U+00A0, U+3000 … look like one and a query with a
plain space finds nothing), no private-use, unassigned or noncharacter code point (a font's
or an old encoding's private glyph: U+E000, U+FFFF), no combining mark with nothing to
combine with (at the start or after a space), and no space at either end (a name with a
trailing space looks the same and finds nothing).
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
DEFAULT_IGNORABLE = ((0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160),
                     (0x17B4, 0x17B5), (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E),
                     (0x2060, 0x206F), (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF),
                     (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3),
                     (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF))
"""Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt): shown as nothing."""
NO_GLYPH = {"Co": "a private-use character", "Cn": "an unassigned code point or noncharacter",
            "Cs": "a lone surrogate"}
LOOKALIKE_SPACE = Kind("plain_spaces", "T05", "holds {character} at character {index}, a space "
                       "that is not U+0020 SPACE: a query with a plain space finds nothing; "
                       "write a plain space{source}")
NO_AGREED_GLYPH = Kind("assigned_characters", "T06", "holds {character} at character {index}, "
                       "{what}: it has no agreed glyph (a font's or an old encoding's own); "
                       "write the standard character{source}")
LONE_COMBINING_MARK = Kind("no_lone_combining_marks", "T07", "holds the combining mark "
                           "{character} at character {index} with nothing to combine with "
                           "(it starts the cell or follows a space); remove it or put it after "
                           "its letter{source}")
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


def is_invisible(ch: str) -> bool:
    return unicodedata.category(ch) in INVISIBLE or any(
        low <= ord(ch) <= high for low, high in DEFAULT_IGNORABLE)


def flaw(value: str) -> Flaw | None:
    """The first problem of a cell's text, or None: invisible characters, compatibility
    ideographs, spaces at either end, characters with no agreed glyph, look-alike spaces,
    lone combining marks, then normalization (each fix may settle the next)."""
    for i, ch in enumerate(value):
        if is_invisible(ch):
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
    for i, ch in enumerate(value):
        category = unicodedata.category(ch)
        if category in NO_GLYPH:
            return Flaw(NO_AGREED_GLYPH, {"character": code_point(ch), "index": i,
                                          "what": NO_GLYPH[category]})
        if category == "Zs" and ch != " ":
            return Flaw(LOOKALIKE_SPACE, {"character": code_point(ch), "index": i})
    for i, ch in enumerate(value):
        if unicodedata.category(ch).startswith("M") and (i == 0 or value[i - 1].isspace()):
            return Flaw(LONE_COMBINING_MARK, {"character": code_point(ch), "index": i})
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
        ch for ch in quote if not is_invisible(ch))).strip()
    found = []
    i = text.find(repaired)
    while i >= 0:
        found.append(i)
        i = text.find(repaired, i + 1)
    if not found:
        return "the source does not have it even without the offending character"
    best = min(found, key=lambda j: abs(j - (start or 0)))
    return f"the source has {repaired!r} at offset {best}"
