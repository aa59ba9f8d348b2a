"""Charts where they say more than a table.

The saline-land pilot is a small Vega-Lite (altair) chart rendered to static SVG, narrow enough
to read on a phone. Charts whose labels are long sentences are HTML bars instead: the labels wrap
and stay at the page's font size at any width, and a reader can select and translate them.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any

from markupsafe import Markup

from etl.site.strings import Language
from etl.site.text import text_lang

Rows = list[dict[str, str]]


def _svg(chart: Any) -> str:
    import vl_convert

    return vl_convert.vegalite_to_svg(chart.to_json())


def _num(value: str) -> float | None:
    return float(value) if value not in ("", None) else None


def saline_before_after(figures: Rows, lang: Language) -> Markup:
    """The saline-land pilot: soil pH and alkalisation degree before and after."""
    import altair as alt

    words = lang.strings
    stages = [words["before"], words["after"]]
    rows = []
    for f in figures:
        if f["subject_id"] == "saline_project" and f["measure"].startswith("soil_"):
            stage = stages[1] if f["measure"].endswith("_after") else stages[0]
            what = words["soil_ph"] if "ph" in f["measure"] else words["alkalisation"]
            rows.append({"measure": what, "stage": stage, "value": _num(f["value"])})
    base = alt.Chart().encode(
        x=alt.X("stage:N", title=None, sort=stages,
                axis=alt.Axis(labelAngle=0, labelFontSize=13)),
        y=alt.Y("value:Q", title=None, axis=alt.Axis(labelFontSize=12)),
        color=alt.Color("stage:N", legend=None,
                        scale=alt.Scale(domain=stages, range=["#c2410c", "#0b5cad"])),
    )
    layered = alt.layer(base.mark_bar(), base.mark_text(dy=-7, fontSize=14).encode(
        text="value:Q"), data=alt.Data(values=rows),  # type: ignore[no-untyped-call]
    ).properties(width=130, height=190)
    chart = (layered.facet(column=alt.Column("measure:N", title=None,
                                             header=alt.Header(labelFontSize=14)))
             .resolve_scale(y="independent"))
    # Vega draws the SVG from our numbers, escaping the labels in it; the label is ours.
    svg = _svg(chart).replace(
        "<svg ", f'<svg role="img" aria-label="{escape(words["saline_aria"])}" ', 1)
    return Markup(svg)


@dataclass(frozen=True)
class Bar:
    """One bar: its label in the page's language and the other, its span in percent of the
    domain, and the value as printed."""

    label: str
    other: str
    other_lang: str
    href: str | None
    left: str
    width: str
    printed: str
    printed_lang: str | None


@dataclass(frozen=True)
class Bars:
    """HTML bars (the template `charts.html` draws them) and the end of their scale."""

    bars: list[Bar]
    scale_end: str


def bars(rows: list[dict[str, Any]], domain: float, lang: Language, unit: str = "") -> Bars:
    """HTML bars: each row has label_en, label_zh, printed, low (may be 0) and high."""
    items = []
    for r in rows:
        left = 100 * r["low"] / domain if r["low"] != r["high"] else 0
        width = max(0.8, 100 * (r["high"] - (r["low"] if r["low"] != r["high"] else 0)) / domain)
        label = lang.pick(r["label_en"], r["label_zh"])
        other, other_lang = (r["label_zh"], "zh-Hans") if label == r["label_en"] else \
            (r["label_en"], "en")
        items.append(Bar(label, other, other_lang, r.get("href") or None, f"{left:.2f}",
                         f"{width:.2f}", r["printed"], text_lang(r["printed"], lang.code)))
    return Bars(items, f"{domain:g}{unit}")


def bainite_gains(figures: Rows, lang: Language) -> Bars:
    """The bainite rail's gains over pearlitic rail, as printed ranges (percent)."""
    rows = [{"label_en": f["label_en"], "label_zh": f["label_zh"], "low": _num(f["value_low"]),
             "high": _num(f["value_high"]), "printed": f["value_as_printed"],
             "href": f"figures.html#{f['figure_id']}"}
            for f in figures if f["measure"].startswith("bainite_rail_") and f["value_low"]]
    return bars(rows, 100, lang, " %")


def bainite_multiple(figures: Rows) -> dict[str, str] | None:
    """The bainite rail figure printed as a multiple (drawn nowhere: it is not a percentage)."""
    return next((f for f in figures
                 if f["measure"].startswith("bainite_rail_") and f["unit"] == "times"), None)


def seven_twos(figures: Rows, lang: Language) -> Bars:
    """The seven targets of the 七个二 programme for 2017."""
    rows: list[dict[str, Any]] = [{"label_en": f["label_en"].replace(" by 2017", ""),
             "label_zh": f["label_zh"], "low": _num(f["value"]), "high": _num(f["value"]),
             "printed": f["value_as_printed"], "href": f"figures.html#{f['figure_id']}"}
            for f in figures
            if f["subject_id"] == "qige_er" and f["status"] == "target" and f["unit"] == "count"
            and f["measure"] != "target_count" and not f["value_as_printed"].startswith("七")
            and f["value"]]
    rows.sort(key=lambda r: -r["high"])
    return bars(rows, max([r["high"] for r in rows], default=1), lang)


@dataclass(frozen=True)
class Named:
    """An entity as the network shows it: its page, its name in the page's language and the
    other."""

    entity_id: str
    shown: str
    other: str
    other_lang: str


@dataclass(frozen=True)
class Pair:
    baotou: Named
    partners: list[Named]


def partner_network(relations: Rows, entities: Rows, lang: Language) -> list[Pair]:
    """Baotou organisations and their Beijing partners, as linked lists that wrap."""
    by_id = {e["entity_id"]: e for e in entities}
    pairs: dict[str, set[str]] = {}
    for r in relations:
        s, o = by_id.get(r["subject_id"]), by_id.get(r["object_id"])
        if not s or not o:
            continue
        if s["location"] == "baotou" and o["location"] == "beijing":
            pairs.setdefault(s["entity_id"], set()).add(o["entity_id"])
        elif s["location"] == "beijing" and o["location"] == "baotou":
            pairs.setdefault(o["entity_id"], set()).add(s["entity_id"])

    def name(entity_id: str) -> Named:
        e = by_id[entity_id]
        shown = lang.pick(e["name_en"], e["name_zh"])
        other, other_lang = (e["name_zh"], "zh-Hans") if shown == e["name_en"] else \
            (e["name_en"], "en")
        return Named(entity_id, shown, other, other_lang)

    return [Pair(name(left), [name(p) for p in sorted(pairs[left],
                                                      key=lambda i: by_id[i]["name_en"])])
            for left in sorted(pairs, key=lambda i: (-len(pairs[i]), by_id[i]["name_en"]))]
