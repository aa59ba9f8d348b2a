"""Charts where they say more than a table: Vega-Lite (altair) rendered to static SVG."""

from __future__ import annotations

Rows = list[dict[str, str]]


def _svg(chart) -> str:
    import vl_convert

    return vl_convert.vegalite_to_svg(chart.to_json())


def _num(value: str) -> float | None:
    return float(value) if value not in ("", None) else None


def saline_before_after(figures: Rows) -> str:
    """The saline-land pilot: soil pH and alkalisation degree before and after."""
    import altair as alt

    rows = []
    for f in figures:
        if f["subject_id"] == "saline_project" and f["measure"].startswith("soil_"):
            stage = "after 改良后" if f["measure"].endswith("_after") else "before 改良前"
            what = "soil pH 土壤pH值" if "ph" in f["measure"] else \
                "alkalisation degree % 碱化度"
            rows.append({"measure": what, "stage": stage, "value": _num(f["value"])})
    stages = ["before 改良前", "after 改良后"]
    base = alt.Chart().encode(
        x=alt.X("stage:N", title=None, sort=stages, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("value:Q", title=None),
        color=alt.Color("stage:N", legend=None,
                        scale=alt.Scale(domain=stages, range=["#c2410c", "#0b5cad"])),
    )
    layered = alt.layer(base.mark_bar(), base.mark_text(dy=-6).encode(text="value:Q"),
                        data=alt.Data(values=rows)).properties(width=160, height=200)
    return _svg(layered.facet(column=alt.Column("measure:N", title=None))
                .resolve_scale(y="independent")
                .properties(title="Saline-land pilot: before and after 盐碱地改良前后"))


def bainite_gains(figures: Rows) -> str:
    """The bainite rail's gains over pearlitic rail, as printed ranges."""
    import altair as alt

    rows = [{"label": f["label_en"], "low": _num(f["value_low"]), "high": _num(f["value_high"]),
             "printed": f["value_as_printed"]}
            for f in figures if f["measure"].startswith("bainite_rail_") and f["value_low"]]
    base = alt.Chart(alt.Data(values=rows)).encode(
        y=alt.Y("label:N", title=None, axis=alt.Axis(labelLimit=360)))
    chart = (base.mark_bar(height=18, color="#0b5cad").encode(
        x=alt.X("low:Q", title="increase, % 提高幅度", scale=alt.Scale(domain=[0, 100])),
        x2="high:Q")
        + base.mark_text(align="left", dx=4).encode(x="high:Q", text="printed:N"))
    return _svg(chart.properties(width=420, height=90,
                                 title="Bainite rail gains 贝氏体钢轨性能提高 (ranges as printed)"))


def seven_twos(figures: Rows) -> str:
    """The seven targets of the 七个二 programme for 2017."""
    import altair as alt

    rows = [{"label": f["label_en"].replace(" by 2017", ""), "value": _num(f["value"]),
             "printed": f["value_as_printed"]}
            for f in figures
            if f["subject_id"] == "qige_er" and f["status"] == "target" and f["unit"] == "count"
            and f["measure"] != "programme_targets" and not f["value_as_printed"].startswith("七")]
    base = alt.Chart(alt.Data(values=rows)).encode(
        y=alt.Y("label:N", title=None, sort="-x", axis=alt.Axis(labelLimit=420)))
    chart = base.mark_bar(color="#0f2d4f").encode(x=alt.X("value:Q", title="target 目标")) + \
        base.mark_text(align="left", dx=4).encode(x="value:Q", text="printed:N")
    return _svg(chart.properties(width=360, height=220,
                                 title="“Seven Twos” targets for 2017 “七个二”工程2017年目标"))


def partner_network(relations: Rows, entities: Rows) -> str:
    """Baotou organisations (left) and their Beijing partners (right)."""
    import altair as alt

    by_id = {e["entity_id"]: e for e in entities}
    pairs = set()
    for r in relations:
        s, o = by_id.get(r["subject_id"]), by_id.get(r["object_id"])
        if not s or not o:
            continue
        if s["location"] == "baotou" and o["location"] == "beijing":
            pairs.add((s["entity_id"], o["entity_id"]))
        elif s["location"] == "beijing" and o["location"] == "baotou":
            pairs.add((o["entity_id"], s["entity_id"]))
    left = sorted({a for a, _ in pairs}, key=lambda i: by_id[i]["name_en"])
    right = sorted({b for _, b in pairs}, key=lambda i: by_id[i]["name_en"])
    ly = {e: i / max(1, len(left) - 1) for i, e in enumerate(left)}
    ry = {e: i / max(1, len(right) - 1) for i, e in enumerate(right)}
    edges = [{"x": 0, "y": ly[a], "x2": 1, "y2": ry[b]} for a, b in sorted(pairs)]
    nodes = [{"x": 0, "y": ly[e], "name": f"{by_id[e]['name_zh']} {by_id[e]['name_en']}",
              "align": "right"} for e in left]
    nodes += [{"x": 1, "y": ry[e], "name": f"{by_id[e]['name_en']} {by_id[e]['name_zh']}",
               "align": "left"} for e in right]
    x = alt.X("x:Q", axis=None, scale=alt.Scale(domain=[-0.05, 1.05]))
    y = alt.Y("y:Q", axis=None, scale=alt.Scale(reverse=True))
    lines = alt.Chart(alt.Data(values=edges)).mark_rule(opacity=0.35, color="#0b5cad").encode(
        x=x, y=y, x2="x2:Q", y2="y2:Q")
    points = alt.Chart(alt.Data(values=nodes)).mark_circle(size=50, color="#0f2d4f").encode(
        x=x, y=y)
    left_labels = alt.Chart(alt.Data(values=[n for n in nodes if n["x"] == 0])).mark_text(
        align="right", dx=-8, fontSize=11, limit=390).encode(x=x, y=y, text="name:N")
    right_labels = alt.Chart(alt.Data(values=[n for n in nodes if n["x"] == 1])).mark_text(
        align="left", dx=8, fontSize=11, limit=390).encode(x=x, y=y, text="name:N")
    chart = (lines + points + left_labels + right_labels).properties(
        width=160, height=max(240, 22 * max(len(left), len(right))),
        title="Baotou organisations and their Beijing partners 包头机构与北京合作方",
        padding={"left": 400, "right": 400, "top": 10, "bottom": 10})
    return _svg(chart.configure_view(stroke=None))
