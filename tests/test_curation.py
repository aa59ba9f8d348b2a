"""The curation rules of release 1.2.0 hold for the whole article, not only for the rows the
audit named: the ordinal rule, targets dated by their own sentence, lists as printed."""

from __future__ import annotations

import re

import polars as pl

# Ordinal markers of the article that are not figures, by the curation guide's ordinal rule
# (data/raw/README.md): offset → why.
NOT_ORDINAL_FIGURES = {
    52: "一首《草原晨曲》: 首 counts a song, no ordinal",
    895: "首届中国产学研合作促进奖: the award's edition, part of its name",
    2646: "一次重大的技术突破: 'a major breakthrough', no ordinal",
    3336: "十一届五次会议: the session's designation (event ev_2012_09_plenum)",
    3531: "十一届五次全会: the same session, named again",
}
ORDINAL = re.compile(r"首|第一|唯一|[一二三四五六七八九十]+届[一二三四五六七八九十]+次|一次|一期")


def _table(release, name: str) -> pl.DataFrame:
    return pl.read_csv(release.processed / f"{name}.csv", infer_schema_length=0)


def test_every_ordinal_of_the_article_is_a_figure_or_a_name_the_guide_lists(release):
    text = release.source_text.read_text("utf-8")
    values: set[int] = set()
    for row in _table(release, "figures").iter_rows(named=True):
        start = int(row["source_start"]) + int(row["value_offset"])
        values.update(range(start, start + len(row["value_as_printed"])))
    markers = [(m.start(), m.group()) for m in ORDINAL.finditer(text)]
    assert len(markers) >= 15  # the class is really there
    unlisted = [(at, word) for at, word in markers
                if at not in NOT_ORDINAL_FIGURES and not values & set(range(at, at + len(word)))]
    assert unlisted == [], "an ordinal that is neither a figure nor a name the guide lists"
    covered = [at for at in NOT_ORDINAL_FIGURES if values & {at}]
    assert covered == [], "a listed name is a figure after all: take it off the list"


def _sentence(text: str, start: int, end: int) -> str:
    begin = max(text.rfind("。", 0, start), text.rfind("\n", 0, start)) + 1
    stops = [i for i in (text.find("。", end), text.find("\n", end)) if i >= 0]
    return text[begin:min(stops) if stops else len(text)]


def test_a_target_takes_its_year_from_its_own_sentence(release):
    text = release.source_text.read_text("utf-8")
    targets = _table(release, "figures").filter(pl.col("status") == "target")
    assert targets.height >= 5
    for row in targets.iter_rows(named=True):
        sentence = _sentence(text, int(row["source_start"]), int(row["source_end"]))
        assert row["ref_date_inferred"] == "false", row["figure_id"]
        assert f"{row['ref_date'][:4]}年" in sentence, (row["figure_id"], sentence)


def test_a_list_with_a_printed_count_has_that_many_items(release):
    figures = _table(release, "figures")
    items = _table(release, "list_items")
    for list_id, figure_id in (("seven_bases", "fig_seven_bases"),):
        count = items.filter(pl.col("list_id") == list_id).height
        value = figures.filter(pl.col("figure_id") == figure_id)["value"].item()
        assert count == int(float(value)), list_id


def test_the_polysilicon_list_is_what_qizhong_governs(release):
    text = release.source_text.read_text("utf-8")
    opens, closes = text.find("其中磷含量"), text.find("生产成本10万元")
    items = _table(release, "list_items").filter(pl.col("list_id") == "polysilicon_specs")
    assert items.height == 5
    for row in items.iter_rows(named=True):
        assert opens < int(row["source_start"]) < closes, row["item_zh"]
