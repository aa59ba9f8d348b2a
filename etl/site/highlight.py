"""A source paragraph as HTML, with a quote highlighted by its offsets and repairs in place."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from itertools import pairwise


@dataclass(frozen=True)
class Span:
    """A stretch of the source [start, end) to wrap in `tag` with `attrs`."""

    start: int
    end: int
    tag: str
    attrs: tuple[tuple[str, str], ...]
    after: str = ""  # HTML written right after the span ends (a repair's reading)


def paragraph_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The paragraph (between line breaks) that holds [start, end)."""
    first = text.rfind("\n", 0, start) + 1
    last = text.find("\n", end)
    return first, len(text) if last < 0 else last


def render(text: str, first: int, last: int, spans: list[Span]) -> str:
    """Escape text[first:last], opening and closing each span at its exact offsets.

    Spans may overlap: each stretch between two boundaries is wrapped in every span that
    covers it, so a quote split by a repair shows as consecutive pieces of one highlight.
    """
    inside = [s for s in spans if s.start < last and s.end > first]
    cuts = sorted({first, last, *(max(first, s.start) for s in inside),
                   *(min(last, s.end) for s in inside)})
    out = []
    for a, b in pairwise(cuts):
        piece = escape(text[a:b])
        for span in sorted((s for s in inside if s.start <= a and s.end >= b),
                           key=lambda s: (s.tag != "mark", s.start)):
            attrs = "".join(f' {k}="{escape(v)}"' for k, v in span.attrs)
            piece = f"<{span.tag}{attrs}>{piece}</{span.tag}>"
        out.append(piece)
        out.extend(s.after for s in inside if s.after and s.end == b)
    return "".join(out)
