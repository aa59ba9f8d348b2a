"""Every published table, declared once: schemas, suites, DDL and dictionary derive from it."""

from __future__ import annotations

from etl.metadata.model import (
    Bounds,
    Category,
    Distinct,
    Field,
    ForeignKey,
    MetadataError,
    Ordered,
    Rule,
    StatusDate,
    Table,
    Vocabulary,
    checked,
)

# Patterns match whole values, in ASCII only (`\d` would admit full-width digits).
SNAKE_ID = r"[a-z][a-z0-9_]*"
_ISO_DATE = r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?"
ISO_DATE_AT_PRECISION = rf"{_ISO_DATE}(?:/{_ISO_DATE})?"

def _c(label_en: str, label_zh: str, description: str | None = None) -> Category:
    return Category(label_en, label_zh, description)


CATEGORY_LABELS: dict[str, dict[str, Category]] = {
    "qualifier": {
        "exact": _c("exact", "确数", "No qualifier printed."),
        "about": _c("about", "约", "Printed 左右 or 约."),
        "more_than": _c("more than", "多于", "Printed 多, 余, 超过 or 大于."),
        "at_least": _c("at least", "以上", "Printed 以上."),
        "less_than": _c("less than", "小于", "Printed 小于 or 低于."),
        "at_most": _c("at most", "以下", "Printed 以下."),
        "range": _c("range", "区间", "Two numbers joined by —, -, ～ or 至."),
    },
    "figure_status": {
        "reported": _c("reported", "已报道", "A fact at the time of writing."),
        "target": _c("target", "目标", "A goal for the year in `ref_date`."),
        "planned": _c("planned", "计划", "A thing under way or intended, without a target year."),
    },
    "event_status": {
        "happened": _c("happened", "已发生",
                       "The event had taken place when the article was written."),
        "scheduled": _c("scheduled", "预定",
                        "The event or target lay ahead when the article was written."),
    },
    "entity_type": {
        "city": _c("city", "城市"),
        "region": _c("region", "地区", "An administrative or economic region (autonomous "
                     "region, economic circle, macro-region)."),
        "district": _c("district or banner", "区、旗", "A county-level unit of a city."),
        "government_body": _c("government body", "政府机构"),
        "party_body": _c("party body", "党委机构"),
        "university": _c("university", "高校"),
        "academy": _c("academy", "科学院、工程院"),
        "research_institute": _c("research institute", "研究院所"),
        "company": _c("company", "企业"),
        "industrial_park": _c("industrial park or zone", "园区、高新区"),
        "alliance": _c("alliance", "联盟"),
        "workstation": _c("academician workstation", "院士（专家）工作站"),
        "research_centre": _c("research centre", "研发中心"),
        "office": _c("office or branch centre", "办公室、分中心"),
        "programme": _c("programme", "工程、专项、思路"),
        "project": _c("project", "项目"),
        "infrastructure": _c("infrastructure or equipment", "设施、装备、平台"),
        "product": _c("product", "产品"),
        "place": _c("place", "地域",
                    "A geographic area that is no administrative unit (内蒙古沿黄河流域)."),
        "country": _c("country", "国家"),
        "international_organisation": _c("international organisation", "国际组织"),
    },
    "location": {
        "baotou": _c("Baotou", "包头"),
        "inner_mongolia": _c("Inner Mongolia (outside Baotou)", "内蒙古（包头以外）"),
        "beijing": _c("Beijing", "北京"),
        "elsewhere_in_china": _c("elsewhere in China", "国内其他地区"),
        "abroad": _c("abroad", "国外"),
    },
    "relation_type": {
        "agreement": _c("agreement", "签订协议",
                        "The subject signed a cooperation agreement with the object."),
        "joint_institution": _c("joint institution", "共建机构",
                                "The subject set up a joint centre or office with the object."),
        "alliance_lead": _c("alliance lead", "牵头联盟",
                            "The subject (a company) leads the object (an alliance)."),
        "institute_host": _c("institute host", "研究院承建方",
                             "The subject (a park or district) is to host and build the object "
                             "(a planned research institute)."),
        "institute_partner": _c("institute partner", "研究院合作方",
                                "The object is a partner of the subject (a planned research "
                                "institute)."),
        "research_cooperation": _c("research cooperation", "合作研发",
                                   "The subject develops a technology or product with the object."),
        "technology_basis": _c("technology basis", "技术依托",
                               "The subject's result rests on the object's technology."),
        "cooperation": _c("cooperation", "合作",
                          "The subject cooperates with the object (industry–university–research "
                          "cooperation, a phase of cooperation), without a named joint product."),
        "established": _c("established", "建立",
                          "The subject founded, registered or set up the object."),
        "tested_by": _c("tested by", "检测",
                        "The object tested the subject's product."),
        "ceremony_guest": _c("ceremony guest", "出席仪式",
                             "The object is to attend a ceremony the subject holds (the signing "
                             "ceremony of 29 September 2012)."),
        "site_of": _c("site of", "所在地",
                      "The object is built, planned or carried out in the subject: where, "
                      "not who."),
        "carries_out": _c("carries out", "承担实施",
                          "The subject carries out the object (a project)."),
        "supports": _c("supports", "支持",
                       "The subject supports the object or its projects (policy or funding)."),
        "award": _c("award", "授予荣誉",
                    "The subject gave the object an award or title."),
        "developed": _c("developed", "研制",
                        "The subject designed, developed or built the object (equipment)."),
        "supplies": _c("supplies", "供货",
                       "The subject supplies its product to the object (a railway's rails)."),
        "follows_model": _c("follows the model of", "借鉴模式",
                            "The subject is to copy the object's organisational model."),
    },
    "correction_kind": {
        "column_break_join": _c("column-break join", "跨栏接续",
                                "Where a sentence broken by the page layout resumes."),
        "misreading": _c("misreading", "误识",
                         "Characters we believe were misread in capture."),
        "lost_text": _c("lost text", "脱文", "Text that seems lost."),
    },
    "confidence": {
        "certain": _c("certain", "确定"),
        "probable": _c("probable", "很可能"),
        "possible": _c("possible", "可能"),
    },
    "quantity_kind": {
        "count": _c("count", "计数"),
        "mass": _c("mass", "质量"),
        "currency": _c("money", "金额"),
        "currency_per_mass": _c("money per mass", "单位质量金额"),
        "ratio": _c("ratio", "比例"),
        "ratio_change": _c("change of a ratio", "比例变化"),
        "length": _c("length", "长度"),
        "speed": _c("speed", "速度"),
        "yield_per_area": _c("yield per area", "单位面积产量"),
        "purity": _c("purity", "纯度"),
        "mass_fraction": _c("mass fraction", "质量分数"),
        "number_density": _c("number density", "数密度"),
        "molecular_mass": _c("molecular mass", "分子量"),
        "acidity": _c("acidity (pH)", "酸碱度"),
        "multiplier": _c("multiplier", "倍数"),
        "rank": _c("rank", "名次"),
        "force": _c("force", "力", "A press force, printed in 吨 (tonne-force)."),
    },
    "fact_role": {
        "partner": _c("partner", "合作方", "Works with the subject on the fact."),
        "developer": _c("developer", "研制方", "Designed or built the thing the figure measures."),
        "technology_source": _c("technology source", "技术来源",
                                "The fact rests on this entity's technology."),
        "owner": _c("owner", "所属方", "Owns or runs the subject."),
        "operator": _c("operator", "实施方", "Carries out the project the figure measures."),
        "platform": _c("platform", "平台", "A base or facility the fact relies on."),
        "tester": _c("tester", "检测方", "Tested the product the figure measures."),
        "comparator": _c("comparator", "比较对象", "What the figure is compared with."),
        "user": _c("user", "使用方", "Uses the product the figure measures."),
        "site": _c("site", "所在地", "Where the thing the figure measures is, or was measured."),
        "counted_item": _c("counted item", "计数对象", "One of the things the figure counts."),
        "guest": _c("guest", "出席方", "Attends the event."),
        "outcome": _c("outcome", "成果", "Created by the event."),
        "co_subject": _c("co-subject", "共同主体", "Shares the subject's part in the event."),
        "framework": _c("framework", "依据", "The programme or strategy the event implements."),
    },
    "linked_table": {name: _c(name.replace("_", " "), zh) for name, zh in (
        ("figures", "数据"), ("events", "事件"), ("relations", "合作关系"),
        ("list_items", "列举条目"), ("entity_aliases", "机构简称与别名"),
        ("figure_entities", "数据相关机构"), ("event_entities", "事件相关机构"))},
    "link_basis": {
        "overlap": _c("overlap", "原文重叠", "Derived: the row's quote overlaps a span of the "
                      "correction."),
        "curated": _c("curated", "人工关联", "Typed by the curator: overlap cannot reveal it."),
    },
}
"""English and Chinese labels of every code value of every enum column, by vocabulary."""

VOCABULARIES = {name: Vocabulary(name, labels) for name, labels in CATEGORY_LABELS.items()}
"""One vocabulary per coded column: its codes are the keys above, in their order."""
QUALIFIERS = VOCABULARIES["qualifier"]
FIGURE_STATUSES = VOCABULARIES["figure_status"]
EVENT_STATUSES = VOCABULARIES["event_status"]
ENTITY_TYPES = VOCABULARIES["entity_type"]
LOCATIONS = VOCABULARIES["location"]
RELATION_TYPES = VOCABULARIES["relation_type"]
CORRECTION_KINDS = VOCABULARIES["correction_kind"]
CONFIDENCES = VOCABULARIES["confidence"]
QUANTITY_KINDS = VOCABULARIES["quantity_kind"]
FACT_ROLES = VOCABULARIES["fact_role"]
LINKED_TABLES = VOCABULARIES["linked_table"]
LINK_BASES = VOCABULARIES["link_basis"]

_NOT_NEGATIVE = Bounds(0)
KIND_BOUNDS: dict[str, Bounds] = {
    **dict.fromkeys(("count", "mass", "currency", "currency_per_mass", "length", "speed",
                     "yield_per_area", "purity", "number_density", "molecular_mass",
                     "multiplier", "force"), _NOT_NEGATIVE),
    "ratio": Bounds(0, 100), "mass_fraction": Bounds(0, 1e6), "ratio_change": Bounds(None),
    "acidity": Bounds(0, 14), "rank": Bounds(1),
}
"""What a figure's value can be, by the quantity kind of its canonical unit: a share within
0–100 %, a mass fraction within 10^6 ppmw, a pH within 0–14, a rank from 1, a change of a
ratio of either sign, every other quantity not negative."""
if set(KIND_BOUNDS) != set(QUANTITY_KINDS.codes):
    raise MetadataError("KIND_BOUNDS must bound every quantity kind, and only those")

QUOTE_AT_OFFSETS = Rule(
    "quote_at_offsets",
    "`quote` is exactly the source text from `source_start` (0-based characters) to `source_end`.",
)
QUOTE_ONE_LINE = Rule("quote_one_line", "`quote` never crosses a paragraph break (no newline).")
QUOTE_ORDERED = Ordered("source_start", "source_end")


def _id(name: str, what: str) -> Field:
    return Field(name, "string", f"Stable snake_case key of the {what}.", required=True,
                 unique=True, pattern=SNAKE_ID)


def _ref(name: str, what: str, required: bool = True, raw: bool = True) -> Field:
    return Field(name, "string", f"Key of the {what}.", required=required, pattern=SNAKE_ID,
                 raw=raw)


def _quote(what: str) -> Field:
    return Field("quote", "string", f"Short exact span of the article that states the {what}.",
                 required=True)


def _source_start() -> Field:
    return Field("source_start", "integer",
                 "0-based character offset of `quote` in `data/raw/source/article.txt`.",
                 required=True, minimum=0, unit="character")


def _source_end() -> Field:
    return Field("source_end", "integer",
                 "0-based character offset just past `quote` (end exclusive); derived.",
                 raw=False, required=True, minimum=1, unit="character")


def _located(what: str) -> tuple[Field, Field, Field]:
    """The quote that states a row, and where it stands in the source."""
    return _quote(what), _source_start(), _source_end()


def _note(what: str) -> Field:
    return Field("note", "string", f"Curator's note on the {what}: attribution, ambiguity, "
                 "inference, why borderline.")


SOURCES = Table(
    name="sources",
    title="Sources",
    title_zh="来源",
    description="The archived newspaper article every row of the package is extracted from.",
    fields=(
        _id("source_id", "source"),
        Field("title_zh", "string", "Title exactly as printed, in Chinese: the headline and the "
              "subtitle (——写在…), printed on two lines, joined with no added character.",
              required=True),
        Field("title_en", "string", "Title in English (our translation).", required=True),
        Field("author_zh", "string", "Author as printed.", required=True),
        Field("author_en", "string", "Author in pinyin.", required=True),
        Field("publication_date", "string",
              "Date of publication, ISO 8601 at the precision known.", required=True,
              pattern=ISO_DATE_AT_PRECISION, iso_date=True),
        Field("publication_date_inferred", "boolean",
              "True when the date is not printed on the page but inferred.", required=True),
        Field("publication_date_note", "string", "How the publication date was inferred."),
        Field("language", "string", "BCP 47 language tag of the text.", required=True),
        Field("sha256", "string", "SHA-256 of the archived text; the build refuses any other.",
              required=True, pattern=r"[0-9a-f]{64}"),
        Field("path", "string", "Path of the archived text in this package.", required=True),
        Field("rights_note", "string", "Who holds the rights in the text. The page does not name "
              "the newspaper (本报记者: a staff reporter of the paper itself).", required=True),
        Field("characters", "integer", "Length of the archived text in characters; derived.",
              raw=False, required=True, minimum=1, unit="character"),
        Field("bytes", "integer", "Size of the archived text in bytes; derived.", raw=False,
              required=True, minimum=1, unit="byte"),
    ),
    primary_key=("source_id",),
    rules=(Rule("source_hash", "The archived text's SHA-256 equals `sha256`."),),
)

UNITS = Table(
    name="units",
    title="Units",
    title_zh="计量单位",
    description=(
        "Every unit the article prints and every canonical unit figures are normalized to. "
        "A printed unit (万吨) points to its canonical unit (t) with the factor that converts it."
    ),
    fields=(
        _id("unit_id", "unit"),
        Field("symbol", "string", "Symbol, as printed for a printed unit.", required=True),
        Field("name_en", "string", "Name in English.", required=True),
        Field("name_zh", "string", "Name in Chinese.", required=True),
        Field("quantity_kind", "string", "Kind of quantity measured.", required=True,
              enum=QUANTITY_KINDS),
        _ref("canonical_unit_id", "canonical unit this unit converts to (itself if canonical)"),
        Field("factor", "number",
              "Multiply a number in this unit by `factor` to get the canonical unit.",
              required=True, minimum=0),
        Field("printed_as", "string",
              "Characters that mark this unit in a printed value (empty: never printed)."),
        Field("is_canonical", "boolean", "True when this is a canonical unit; derived.",
              raw=False, required=True),
    ),
    primary_key=("unit_id",),
    foreign_keys=(ForeignKey(("canonical_unit_id",), "units", ("unit_id",)),),
    rules=(Rule("canonical_unit", "A canonical unit has factor 1 and points to itself; any "
                "other unit points to a canonical one; every factor lies within 10^±30; a unit "
                "whose symbol or printed marker opens with 十百千万亿 has that magnitude times "
                "the factor of the unit written as the rest (万吨: 10000 × 吨)."),),
)

ENTITIES = Table(
    name="entities",
    title="Entities",
    title_zh="机构与项目",
    description=(
        "Every organisation, government body, park, alliance, workstation, programme, project, "
        "product, place, country and international organisation the article names, in Chinese "
        "and English. Persons are not entities: the two officials the photo captions name "
        "carry no figure, relation or event."
    ),
    fields=(
        _id("entity_id", "entity"),
        Field("name_zh", "string", "Full Chinese name.", required=True),
        Field("name_en", "string", "English name, as the institution uses it.", required=True),
        Field("entity_type", "string", "Kind of entity.", required=True, enum=ENTITY_TYPES),
        _ref("parent_id", "entity this one belongs to", required=False),
        Field("location", "string", "Where the entity is based: the Baotou side, the Beijing "
              "side, or elsewhere.", required=True, enum=LOCATIONS),
        _note("entity"),
    ),
    primary_key=("entity_id",),
    foreign_keys=(ForeignKey(("parent_id",), "entities", ("entity_id",)),),
    rules=(Rule("parents_acyclic", "Following `parent_id` from any entity never comes back "
                "to it."),),
)

ENTITY_ALIASES = Table(
    name="entity_aliases",
    title="Entity aliases",
    title_zh="机构简称与别名",
    description=(
        "Every form under which the article prints an entity (中科院, 包钢, 北航 …), so that a "
        "query by any of them finds the entity. A name that stands for different entities in "
        "different places is resolved per occurrence in `alias_occurrences` instead."
    ),
    fields=(
        Field("alias_zh", "string", "The name as printed in the article.", required=True,
              unique=True),
        _ref("entity_id", "entity"),
        Field("first_source_start", "integer",
              "0-based character offset of the alias's first occurrence; derived.", raw=False,
              required=True, minimum=0, unit="character"),
        Field("occurrences", "integer", "How often the alias occurs in the article; derived.",
              raw=False, required=True, minimum=1),
    ),
    primary_key=("alias_zh",),
    foreign_keys=(ForeignKey(("entity_id",), "entities", ("entity_id",)),),
    rules=(Rule("alias_in_source", "Every alias occurs in the article."),
           Rule("one_name_one_entity", "Every name (`alias_zh`, and `name_zh` and `name_en` "
                "of `entities`), compared case- and width-folded (NFKC), names exactly one "
                "entity.")),
)

CORRECTIONS = Table(
    name="corrections",
    title="Corrections",
    title_zh="校勘记录",
    description=(
        "Every repair of the captured text: where a sentence broken by the page layout resumes "
        "(column_break_join), characters we believe were misread (misreading), and places where "
        "text seems lost (lost_text). The data keeps the printed text; this table says what we "
        "believe it should read and why."
    ),
    fields=(
        _id("correction_id", "correction"),
        Field("kind", "string", "Kind of repair.", required=True, enum=CORRECTION_KINDS),
        Field("quote", "string", "The text as printed where the repair applies (for a join: the "
              "end of the broken fragment).", required=True),
        _source_start(),
        _source_end(),
        Field("reading", "string", "What we believe the text reads (for a join: the joined "
              "phrase)."),
        Field("continues_quote", "string",
              "For a join: the first characters where the broken sentence resumes."),
        Field("continues_start", "integer",
              "For a join: 0-based character offset of `continues_quote`.", minimum=0,
              unit="character"),
        Field("continues_end", "integer", "For a join: offset just past `continues_quote`; "
              "derived.", raw=False, minimum=1, unit="character"),
        Field("reason", "string", "Why we believe the repair.", required=True),
        Field("confidence", "string", "How sure we are.", required=True, enum=CONFIDENCES),
    ),
    primary_key=("correction_id",),
    row_order=("source_start", "correction_id"),
    ordered=(QUOTE_ORDERED, Ordered("continues_start", "continues_end")),
    rules=(
        QUOTE_AT_OFFSETS,
        Rule("join_has_continuation", "A column_break_join gives `continues_quote` and "
             "`continues_start`, found at that offset; other kinds leave both empty."),
    ),
)

FIGURES = Table(
    name="figures",
    title="Figures",
    title_zh="数据",
    description=(
        "One row per figure the article states: the printed value, the value normalized to a "
        "canonical unit, its qualifier, status and reference date, and the exact quote and "
        "offsets where the article states it."
    ),
    fields=(
        _id("figure_id", "figure"),
        _ref("subject_id", "entity the figure is about"),
        Field("measure", "string", "What is measured, snake_case.", required=True,
              pattern=SNAKE_ID),
        Field("label_en", "string", "Label in English.", required=True),
        Field("label_zh", "string", "Label in Chinese.", required=True),
        Field("value", "number", "The value in `unit`; empty for a range. Derived from "
              "`value_as_printed` and the unit's factor.", raw=False),
        Field("value_low", "number", "Low end of a range in `unit`; derived.", raw=False),
        Field("value_high", "number", "High end of a range in `unit`; derived.", raw=False),
        Field("qualifier", "string", "How the value is bounded, from the printed marker (多 "
              "more_than, 以上 at_least, 以下 at_most, 小于 less_than, 左右/约 about); derived.",
              raw=False, required=True, enum=QUALIFIERS),
        _ref("unit", "canonical unit of `value`, `value_low` and `value_high`; derived",
             raw=False),
        Field("value_as_printed", "string", "Number, qualifier and unit exactly as printed.",
              required=True),
        Field("value_offset", "integer", "0-based character offset of `value_as_printed` "
              "inside `quote`: where the quote prints more than one number, the one that is "
              "this figure's.", required=True, minimum=0, unit="character"),
        _ref("printed_unit_id", "unit as printed"),
        Field("status", "string", "reported (a fact), target (a goal for `ref_date`) or "
              "planned (under way).", required=True, enum=FIGURE_STATUSES),
        Field("ref_date", "string", "Date the figure refers to, ISO 8601 at the text's "
              "precision; the target year for a target.", required=True,
              pattern=ISO_DATE_AT_PRECISION, iso_date=True),
        Field("ref_date_inferred", "boolean", "True when `ref_date` is not printed with the "
              "figure but inferred (see `note`).", required=True),
        *_located("figure"),
        _ref("correction_id", "repair that bears on this figure", required=False),
        _note("figure"),
    ),
    primary_key=("figure_id",),
    foreign_keys=(
        ForeignKey(("subject_id",), "entities", ("entity_id",)),
        ForeignKey(("unit",), "units", ("unit_id",)),
        ForeignKey(("printed_unit_id",), "units", ("unit_id",)),
        ForeignKey(("correction_id",), "corrections", ("correction_id",)),
    ),
    row_order=("source_start", "figure_id"),
    ordered=(QUOTE_ORDERED, Ordered("value_low", "value_high")),
    rules=(
        QUOTE_AT_OFFSETS,
        QUOTE_ONE_LINE,
        Rule("printed_value_at_offset", "`value_as_printed` is the part of `quote` that "
             "starts at `value_offset`."),
        Rule("printed_values_apart", "No two figures take their printed value from the same "
             "characters of the source (`source_start` + `value_offset`, the length of "
             "`value_as_printed`)."),
        Rule("printed_value_parses", "`value_as_printed` holds one number or a range, with at "
             "most one qualifier marker."),
        Rule("printed_unit_marker", "The printed unit's `printed_as` appears in "
             "`value_as_printed`."),
        Rule("range_shape", "A range fills `value_low` < `value_high` and leaves `value` "
             "empty; any other figure fills `value` only."),
        Rule("value_within_kind_bounds", "`value`, `value_low` and `value_high` lie within "
             "the bounds of the quantity kind of `unit` (a share within 0–100 %, a count not "
             "negative …; `KIND_BOUNDS` in etl/metadata/tables.py)."),
    ),
    status_dates=(StatusDate("status", "ref_date", past=("reported",),
                             future=("target", "planned")),),
)

EVENTS = Table(
    name="events",
    title="Events",
    title_zh="事件",
    description="Every dated event the article reports or announces.",
    fields=(
        _id("event_id", "event"),
        Field("date", "string", "ISO 8601 at the text's precision; an interval for a period.",
              required=True, pattern=ISO_DATE_AT_PRECISION, iso_date=True),
        Field("date_inferred", "boolean", "True when part of the date (usually the year) is not "
              "printed but inferred (see `note`).", required=True),
        Field("date_start", "date", "First day the date can mean; derived, for sorting.",
              raw=False, required=True),
        Field("date_end", "date", "Last day the date can mean; derived.", raw=False,
              required=True),
        _ref("subject_id", "entity the event is about"),
        Field("description_en", "string", "What happened, in English.", required=True),
        Field("description_zh", "string", "What happened, in Chinese.", required=True),
        Field("status", "string", "happened, or scheduled at the time of writing.",
              required=True, enum=EVENT_STATUSES),
        *_located("event"),
        _note("event"),
    ),
    primary_key=("event_id",),
    foreign_keys=(ForeignKey(("subject_id",), "entities", ("entity_id",)),),
    row_order=("date_start", "event_id"),
    ordered=(QUOTE_ORDERED,),
    status_dates=(StatusDate("status", "date", past=("happened",), future=("scheduled",)),),
    rules=(
        QUOTE_AT_OFFSETS,
        QUOTE_ONE_LINE,
    ),
)

RELATIONS = Table(
    name="relations",
    title="Relations",
    title_zh="合作关系",
    description=(
        "Who works with whom: agreements, joint centres, alliances and their lead companies, "
        "the hosts and partners of each planned research institute, the partners behind each "
        "result, and who tested, hosted, supports or gave an award."
    ),
    fields=(
        _id("relation_id", "relation"),
        _ref("subject_id", "entity the relation starts from"),
        Field("relation_type", "string", "Kind of relation.", required=True,
              enum=RELATION_TYPES),
        _ref("object_id", "entity the relation points to"),
        *_located("relation"),
        _note("relation"),
    ),
    primary_key=("relation_id",),
    foreign_keys=(
        ForeignKey(("subject_id",), "entities", ("entity_id",)),
        ForeignKey(("object_id",), "entities", ("entity_id",)),
    ),
    row_order=("source_start", "relation_id"),
    ordered=(QUOTE_ORDERED,),
    distinct=(Distinct("subject_id", "object_id"),),
    rules=(QUOTE_AT_OFFSETS, QUOTE_ONE_LINE),
)

LISTS = Table(
    name="lists",
    title="Lists",
    title_zh="列举",
    description="Every enumerated list in the article; its items are in `list_items`.",
    fields=(
        _id("list_id", "list"),
        Field("name_en", "string", "Name in English.", required=True),
        Field("name_zh", "string", "Name in Chinese.", required=True),
        _note("list"),
        Field("item_count", "integer", "Number of items; derived.", raw=False, required=True,
              minimum=1),
    ),
    primary_key=("list_id",),
)

LIST_ITEMS = Table(
    name="list_items",
    title="List items",
    title_zh="列举条目",
    description="The items of every enumerated list, in printed order.",
    fields=(
        _ref("list_id", "list"),
        Field("position", "integer", "1-based position in the printed list.", required=True,
              minimum=1),
        Field("item_zh", "string", "The item in Chinese.", required=True),
        Field("item_en", "string", "The item in English.", required=True),
        _ref("entity_id", "entity the item names, where it names one", required=False),
        *_located("item"),
    ),
    primary_key=("list_id", "position"),
    ordered=(QUOTE_ORDERED,),
    foreign_keys=(
        ForeignKey(("list_id",), "lists", ("list_id",)),
        ForeignKey(("entity_id",), "entities", ("entity_id",)),
    ),
    rules=(
        QUOTE_AT_OFFSETS,
        QUOTE_ONE_LINE,
        Rule("positions_contiguous", "Each list's positions run 1, 2, … n with no gap."),
    ),
)

def _entity_bridge(name: str, title: str, title_zh: str, description: str, parent: str,
                   credited: str) -> Table:
    """Entities a row of `parent` (figures, events) names besides its subject, with roles."""
    key = f"{parent.removesuffix('s')}_id"
    what = parent.removesuffix("s")
    return Table(
        name=name, title=title, title_zh=title_zh, description=description,
        fields=(
            _ref(key, what),
            _ref("entity_id", credited),
            Field("role", "string", f"The entity's part in the {what}.", required=True,
                  enum=FACT_ROLES),
            *_located(f"entity's part in the {what} (it names the entity)"),
            _note("link"),
        ),
        primary_key=(key, "entity_id"),
        foreign_keys=(
            ForeignKey((key,), parent, (key,)),
            ForeignKey(("entity_id",), "entities", ("entity_id",)),
        ),
        ordered=(QUOTE_ORDERED,),
        rules=(QUOTE_AT_OFFSETS, QUOTE_ONE_LINE,
               Rule("not_the_subject", f"`entity_id` is not the {what}'s subject: the "
                    f"subject is credited by `{parent}.subject_id`.")),
    )


FIGURE_ENTITIES = _entity_bridge(
    "figure_entities", "Figure entities", "数据相关机构", (
        "Every entity the article credits for a figure besides its subject (the partner, the "
        "technology source, the tester, the developer …), with its role: one row per figure and "
        "entity. The quote names the entity in the figure's sentence or, for a figure in a "
        "paragraph about one project or product, in the sentence that introduces it (see "
        "`note`). With `figures.subject_id` it answers everything about an entity."
    ),
    "figures", "entity credited by the figure's sentence besides its subject")

EVENT_ENTITIES = _entity_bridge(
    "event_entities", "Event entities", "事件相关机构", (
        "Every entity an event names besides its subject (the other party to an agreement, "
        "the guests of a ceremony, the workstations set up …), with its role: one row per "
        "event and entity."
    ),
    "events", "entity the event names besides its subject")

ALIAS_OCCURRENCES = Table(
    name="alias_occurrences",
    title="Alias occurrences",
    title_zh="歧义简称的逐处指认",
    description=(
        "Printed names that stand for different entities in different places (中试基地 is "
        "the steel pilot base in one sentence and the rare-earth institute's pilot base in "
        "another), resolved per occurrence: one row per place the name is printed and names "
        "an entity. An unambiguous name belongs in `entity_aliases` instead, never in both."
    ),
    fields=(
        Field("alias_zh", "string", "The ambiguous name as printed.", required=True),
        _source_start(),
        _ref("entity_id", "entity the name stands for at this place"),
        Field("quote", "string", "The occurrence in its context: starts with `alias_zh` at "
              "`source_start`.", required=True),
        _source_end(),
        _note("occurrence"),
    ),
    primary_key=("alias_zh", "source_start"),
    foreign_keys=(ForeignKey(("entity_id",), "entities", ("entity_id",)),),
    ordered=(QUOTE_ORDERED,),
    rules=(
        QUOTE_AT_OFFSETS,
        QUOTE_ONE_LINE,
        Rule("alias_starts_quote", "`quote` starts with `alias_zh`."),
        Rule("alias_resolved_once", "A name resolved per occurrence is not also an entity "
             "alias (`entity_aliases.alias_zh`)."),
    ),
)

CORRECTION_LINKS = Table(
    name="correction_links",
    title="Correction links",
    title_zh="校勘关联",
    description=(
        "Every row a correction bears on. The build derives a link wherever a row's quote "
        "overlaps one of the correction's spans (`quote`, and for a join `continues_quote`; "
        "basis `overlap`); the curator adds in data/raw only the links overlap cannot reveal "
        "(basis `curated`): the figures of a sentence joined across a column break that stand "
        "past the join, the list items and relations whose attribution rests on it, the alias "
        "that rests on a misreading."
    ),
    fields=(
        _ref("correction_id", "correction"),
        Field("table_name", "string", "Table of the row the correction bears on.",
              required=True, enum=LINKED_TABLES),
        Field("row_id", "string", "Primary key of that row; a composite key is its values "
              "joined by `/` in key order (`list_items`: list_id/position; `figure_entities`: "
              "figure_id/entity_id; `event_entities`: event_id/entity_id).", required=True),
        _note("link: how the correction bears on the row"),
        Field("basis", "string", "How the link is known: `overlap` (derived: the row's quote "
              "overlaps a span of the correction) or `curated` (typed in data/raw, with a "
              "note).", raw=False, required=True, enum=LINK_BASES),
    ),
    primary_key=("correction_id", "table_name", "row_id"),
    foreign_keys=(ForeignKey(("correction_id",), "corrections", ("correction_id",)),),
    rules=(Rule("link_target_exists", "`row_id` is the key of a row of `table_name`."),),
)

TABLES: tuple[Table, ...] = checked((
    SOURCES, UNITS, ENTITIES, ENTITY_ALIASES, CORRECTIONS, FIGURES, EVENTS, RELATIONS, LISTS,
    LIST_ITEMS, FIGURE_ENTITIES, EVENT_ENTITIES, ALIAS_OCCURRENCES, CORRECTION_LINKS,
))
TABLES_BY_NAME = {t.name: t for t in TABLES}
