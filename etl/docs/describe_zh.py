"""`etl describe --lang zh`: a table's or view's fields described in Chinese."""

from __future__ import annotations

import click

from etl.docs.dictionary import description, field_constraints
from etl.metadata import TABLES_BY_NAME, VIEWS_BY_NAME

TYPES_ZH = {"string": "文本", "integer": "整数", "number": "数值", "boolean": "布尔",
            "date": "日期"}


def describe_zh(table: str, raw: bool) -> None:
    """Print TABLE's (or a view's) title, description and fields in Chinese."""
    if table in VIEWS_BY_NAME:
        view = VIEWS_BY_NAME[table]
        click.echo(f"{view.name}（视图）：{view.title_zh}（{view.title}）")
        click.echo(view.description_zh or view.description)
        for f in view.fields:
            unit = f" [{f.unit}]" if f.unit else ""
            click.echo(f"  {f.name}（{TYPES_ZH[f.type]}）{unit}：{description(f, 'zh')}")
        return
    if table not in TABLES_BY_NAME:
        names = ", ".join([*TABLES_BY_NAME, *VIEWS_BY_NAME])
        raise click.BadParameter(f"没有名为 {table!r} 的表或视图；可选：{names}",
                                 param_hint="TABLE")
    meta = TABLES_BY_NAME[table]
    click.echo(f"{meta.name}：{meta.title_zh}（{meta.title}）")
    click.echo(meta.description_zh or meta.description)
    click.echo(f"主键：{'、'.join(meta.primary_key)}")
    for f in meta.raw_fields if raw else meta.fields:
        origin = "" if f.raw else " [推导]"
        unit = f" [{f.unit}]" if f.unit else ""
        constraints = field_constraints(f, "zh")
        click.echo(f"  {f.name}（{TYPES_ZH[f.type]}）{unit}{origin}：{description(f, 'zh')}"
                   + (f"约束：{constraints}。" if constraints else ""))
