"""Valid synthetic raw tables of any size: a made-up source text and figures quoting it."""

from __future__ import annotations

import csv
import hashlib
import random
from pathlib import Path

from etl.metadata import TABLES_BY_NAME

UNITS = [
    ("t", "t", "tonne", "吨", "mass", "t", "1", "吨"),
    ("wan_t", "万吨", "10,000 tonnes", "万吨", "mass", "t", "10000", "万吨"),
    ("count", "count", "count", "个数", "count", "count", "1", ""),
    ("suo", "所", "institutions (counter 所)", "所", "count", "count", "1", "所"),
    ("jia", "家", "enterprises (counter 家)", "家", "count", "count", "1", "家"),
    ("percent", "%", "percent", "百分比", "ratio", "percent", "1", "%"),
    ("ppmw", "ppmw", "parts per million by weight", "ppmw", "mass_fraction", "ppmw", "1",
     "ppmw"),
]
# (template of the printed value, printed unit): {a} and {b} are filled with numbers, {s}
# and {t} with shares, {f} with a decimal.
FORMS = [
    ("{a}万吨", "wan_t"), ("{a}多所", "suo"), ("{s}%—{t}%", "percent"),
    ("小于{f}ppmw", "ppmw"), ("{a}家以上", "jia"), ("{f}吨", "t"),
]


def _write(path: Path, table: str, rows: list[list[object]]) -> None:
    header = [f.name for f in TABLES_BY_NAME[table].raw_fields]
    with open(path / f"{table}.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def make_tree(root: Path, figures: int, seed: int = 7) -> Path:
    """Write data/raw for `figures` figure rows (and 1 % as many entities); return data/raw."""
    rng = random.Random(seed)
    raw = root / "data" / "raw"
    (raw / "source").mkdir(parents=True, exist_ok=True)
    entities = max(2, figures // 100)
    sentences, figure_rows, offset = [], [], 0
    for i in range(figures):
        template, unit = FORMS[i % len(FORMS)]
        a = rng.randint(1, 900)
        share = a % 50  # a share stays within 0–100 % (rule value_within_kind_bounds)
        printed = template.format(a=a, b=a + rng.randint(1, 99), f=round(rng.random() * 9, 2),
                                  s=share, t=share + rng.randint(1, 50))
        lead = f"第{i}号主体报告"
        sentence = f"{lead}{printed}。"
        quote = sentence[:-1]
        figure_rows.append([
            f"fig_{i}", f"entity_{i % entities}", "synthetic_measure", f"Figure {i}",
            f"数据{i}", printed, len(lead), unit, "reported", "2012-09", "true", quote, offset,
            "", "",
        ])
        sentences.append(sentence)
        offset += len(sentence)
    text = "".join(sentences) + "\n"
    data = text.encode("utf-8")
    (raw / "source" / "article.txt").write_bytes(data)
    _write(raw, "sources", [["article", "合成文本", "Synthetic text", "无", "None", "2012-09",
                             "true", "synthetic", "zh-Hans", hashlib.sha256(data).hexdigest(),
                             "data/raw/source/article.txt", "synthetic"]])
    _write(raw, "units", [list(u) for u in UNITS])
    _write(raw, "entities", [[f"entity_{i}", f"主体{i}", f"Entity {i}", "company", "",
                              "baotou", ""] for i in range(entities)])
    _write(raw, "entity_aliases", [["主体", "entity_0", "zh", "printed", ""]])
    first = sentences[0][:-1]
    _write(raw, "corrections", [["c1", "misreading", first[:3], 0, first[:3], "", "",
                                 "synthetic", "possible"]])
    _write(raw, "figures", figure_rows)
    _write(raw, "events", [["e1", "2012-09", "true", "entity_0", "event", "事件", "happened",
                            first, 0, ""]])
    _write(raw, "relations", [["r1", "entity_0", "cooperation", "entity_1", first, 0, ""]])
    _write(raw, "lists", [["l1", "List", "列表", ""]])
    _write(raw, "list_items", [["l1", 1, "一", "one", "", first[:2], 0],
                               ["l1", 2, "二", "two", "", first[2:4], 2]])
    _write(raw, "figure_entities", [["fig_0", "entity_1", "partner", first, 0, ""]])
    _write(raw, "event_entities", [["e1", "entity_1", "guest", first, 0, ""]])
    _write(raw, "alias_occurrences", [["第0号", 0, "entity_0", first, ""]])
    _write(raw, "correction_links", [["c1", "relations", "r1", "synthetic"]])
    return raw
