"""Every published table, declared once: schemas, suites, DDL and dictionary derive from it."""

from __future__ import annotations

from typing import NamedTuple

from etl.metadata.model import Field, ForeignKey, Ordered, Rule, Table

# Patterns match whole values, in ASCII only (`\d` would admit full-width digits).
SNAKE_ID = r"[a-z][a-z0-9_]*"
_ISO_DATE = r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?"
ISO_DATE_AT_PRECISION = rf"{_ISO_DATE}(?:/{_ISO_DATE})?"

QUALIFIERS = ("exact", "about", "more_than", "at_least", "less_than", "at_most", "range")
FIGURE_STATUSES = ("reported", "target", "planned")
EVENT_STATUSES = ("happened", "scheduled")
ENTITY_TYPES = (
    "city", "region", "district", "government_body", "party_body", "university", "academy",
    "research_institute", "company", "industrial_park", "alliance", "workstation",
    "research_centre", "office", "programme", "project", "infrastructure", "product",
    "place", "country", "international_organisation",
)
QUANTITY_KINDS = (
    "count", "mass", "currency", "currency_per_mass", "ratio", "ratio_change", "length", "speed",
    "yield_per_area", "purity", "mass_fraction", "number_density", "molecular_mass", "acidity",
    "multiplier", "rank", "force",
)
LOCATIONS = ("baotou", "inner_mongolia", "beijing", "elsewhere_in_china", "abroad")
RELATION_TYPES = (
    "agreement", "joint_institution", "alliance_lead", "institute_host", "institute_partner",
    "research_cooperation", "technology_basis", "cooperation", "established",
    "tested_by", "ceremony_guest", "site_of", "carries_out", "supports", "award", "developed",
    "supplies", "follows_model",
)
CORRECTION_KINDS = ("column_break_join", "misreading", "lost_text")
CONFIDENCES = ("certain", "probable", "possible")
FACT_ROLES = (
    "partner", "developer", "technology_source", "owner", "operator", "platform", "tester",
    "comparator", "user", "site", "counted_item", "guest", "outcome", "co_subject", "framework",
)
LINK_BASES = ("overlap", "curated")
LINKED_TABLES = (
    "figures", "events", "relations", "list_items", "entity_aliases", "figure_entities",
    "event_entities",
)
ALIAS_LANGUAGES = ("zh", "en")
ALIAS_KINDS = ("printed", "short_name", "acronym", "former_name")


class Category(NamedTuple):
    """One code value of an enum column: English and Chinese labels, and what it means."""

    label_en: str
    label_zh: str
    description: str | None = None
    description_zh: str | None = None


def _c(label_en: str, label_zh: str, description: str, description_zh: str) -> Category:
    return Category(label_en, label_zh, description, description_zh)


CATEGORY_LABELS: dict[str, dict[str, Category]] = {
    "qualifier": {
        "exact": _c("exact", "确数", "No qualifier printed.", "原文未印限定词，按确数记录。"),
        "about": _c("about", "约", "Printed 左右 or 约.", "原文印有“左右”或“约”。"),
        "more_than": _c("more than", "多于", "Printed 多, 余, 超过 or 大于.",
                        "原文印有“多”“余”“超过”或“大于”。"),
        "at_least": _c("at least", "以上", "Printed 以上.", "原文印有“以上”（含本数）。"),
        "less_than": _c("less than", "小于", "Printed 小于 or 低于.", "原文印有“小于”或“低于”。"),
        "at_most": _c("at most", "以下", "Printed 以下.", "原文印有“以下”（含本数）。"),
        "range": _c("range", "区间", "Two numbers joined by —, -, ～ or 至.",
                    "两个数由“—”“-”“～”或“至”连接，表示一个区间。"),
    },
    "figure_status": {
        "reported": _c("reported", "已报道", "A fact at the time of writing.",
                       "成文时已成事实的数据。"),
        "target": _c("target", "目标", "A goal for the year in `ref_date`.",
                     "以 `ref_date` 所记年份为期的目标。"),
        "planned": _c("planned", "计划", "A thing under way or intended, without a target year.",
                      "正在推进或拟议中的事项，未给出目标年份。"),
    },
    "event_status": {
        "happened": _c("happened", "已发生",
                       "The event had taken place when the article was written.",
                       "成文时该事件已经发生。"),
        "scheduled": _c("scheduled", "预定",
                        "The event or target lay ahead when the article was written.",
                        "成文时该事件或目标尚在日后。"),
    },
    "entity_type": {
        "city": _c("city", "城市", "A city (地级市 or municipality).", "城市（地级市或直辖市）。"),
        "region": _c("region", "地区", "An administrative or economic region (autonomous "
                     "region, economic circle, macro-region).",
                     "行政区或经济区（自治区、经济圈、大区等）。"),
        "district": _c("district or banner", "区、旗", "A county-level unit of a city.",
                       "城市下辖的县级行政单位（区、旗）。"),
        "government_body": _c("government body", "政府机构",
                              "A people's government or one of its departments.",
                              "人民政府及其工作部门。"),
        "party_body": _c("party body", "党委机构", "A committee of the Communist Party of China.",
                         "中国共产党的各级委员会。"),
        "university": _c("university", "高校", "A university or institute of higher education.",
                         "大学及其他高等院校。"),
        "academy": _c("academy", "科学院、工程院",
                      "A national academy (of sciences, engineering, agricultural sciences).",
                      "国家级科学院、工程院、农业科学院等。"),
        "research_institute": _c("research institute", "研究院所",
                                 "A research institute, existing or planned.",
                                 "研究院、研究所（含在建或拟建者）。"),
        "company": _c("company", "企业", "A company or group.", "公司、集团等企业。"),
        "industrial_park": _c("industrial park or zone", "园区、高新区",
                              "An industrial park or development zone.",
                              "产业园区、工业园区或高新技术产业开发区。"),
        "alliance": _c("alliance", "联盟",
                       "An industry technology innovation alliance of companies, universities "
                       "and institutes.", "由企业、高校和院所组成的产业技术创新战略联盟。"),
        "workstation": _c("academician workstation", "院士（专家）工作站",
                          "A workstation where academicians and experts work with a host.",
                          "院士、专家进驻依托单位开展合作的工作站。"),
        "research_centre": _c("research centre", "研发中心",
                              "A research or engineering centre.", "研发中心、工程中心。"),
        "office": _c("office or branch centre", "办公室、分中心",
                     "An office or branch centre set up for cooperation.",
                     "为合作设立的办公室或分中心。"),
        "programme": _c("programme", "工程、专项、思路",
                        "A programme, initiative or development strategy.",
                        "工程、科技专项或发展思路。"),
        "project": _c("project", "项目", "A project.", "具体项目。"),
        "infrastructure": _c("infrastructure or equipment", "设施、装备、平台",
                             "Infrastructure, a major piece of equipment, a base or a platform.",
                             "基础设施、重大装备、基地或平台。"),
        "product": _c("product", "产品", "A product.", "产品。"),
        "place": _c("place", "地域",
                    "A geographic area that is no administrative unit (内蒙古沿黄河流域).",
                    "不构成行政单位的地理区域（如内蒙古沿黄河流域）。"),
        "country": _c("country", "国家", "A country.", "国家。"),
        "international_organisation": _c("international organisation", "国际组织",
                                          "An international organisation.", "国际组织。"),
    },
    "location": {
        "baotou": _c("Baotou", "包头", "Based in Baotou.", "位于包头市。"),
        "inner_mongolia": _c("Inner Mongolia (outside Baotou)", "内蒙古（包头以外）",
                             "Based in Inner Mongolia outside Baotou, or the region itself.",
                             "位于包头以外的内蒙古自治区，或指自治区本身。"),
        "beijing": _c("Beijing", "北京", "Based in Beijing.", "位于北京市。"),
        "elsewhere_in_china": _c("elsewhere in China", "国内其他地区",
                                 "Based elsewhere in China.", "位于国内其他地区。"),
        "abroad": _c("abroad", "国外", "Based outside China.", "位于中国境外。"),
    },
    "relation_type": {
        "agreement": _c("agreement", "签订协议",
                        "The subject signed a cooperation agreement with the object.",
                        "主体与客体签订了合作协议。"),
        "joint_institution": _c("joint institution", "共建机构",
                                "The subject set up a joint centre or office with the object.",
                                "主体与客体共建中心或办公室。"),
        "alliance_lead": _c("alliance lead", "牵头联盟",
                            "The subject (a company) leads the object (an alliance).",
                            "主体（企业）牵头组建客体（联盟）。"),
        "institute_host": _c("institute host", "研究院承建方",
                             "The subject (a park or district) is to host and build the object "
                             "(a planned research institute).",
                             "主体（园区或旗区）承载并建设客体（拟建的研究院）。"),
        "institute_partner": _c("institute partner", "研究院合作方",
                                "The object is a partner of the subject (a planned research "
                                "institute).", "客体是主体（拟建的研究院）的合作方。"),
        "research_cooperation": _c("research cooperation", "合作研发",
                                   "The subject develops a technology or product with the object.",
                                   "主体与客体合作研发某项技术或产品。"),
        "technology_basis": _c("technology basis", "技术依托",
                               "The subject's result rests on the object's technology.",
                               "主体的成果依托客体的技术。"),
        "cooperation": _c("cooperation", "合作",
                          "The subject cooperates with the object (industry–university–research "
                          "cooperation, a phase of cooperation), without a named joint product.",
                          "主体与客体开展合作（产学研合作、某一阶段的合作），未指明共同成果。"),
        "established": _c("established", "建立",
                          "The subject founded, registered or set up the object.",
                          "主体创办、注册或设立了客体。"),
        "tested_by": _c("tested by", "检测",
                        "The object tested the subject's product.", "客体检测了主体的产品。"),
        "ceremony_guest": _c("ceremony guest", "出席仪式",
                             "The object is to attend a ceremony the subject holds (the signing "
                             "ceremony of 29 September 2012).",
                             "客体出席主体举办的仪式（2012年9月29日的签约仪式）。"),
        "site_of": _c("site of", "所在地",
                      "The object is built, planned or carried out in the subject: where, "
                      "not who.", "客体在主体所在地建设、规划或实施：只表示地点，不表示承担者。"),
        "carries_out": _c("carries out", "承担实施",
                          "The subject carries out the object (a project).",
                          "主体承担实施客体（项目）。"),
        "supports": _c("supports", "支持",
                       "The subject supports the object or its projects (policy or funding).",
                       "主体以政策或资金支持客体或其项目。"),
        "award": _c("award", "授予荣誉",
                    "The subject gave the object an award or title.",
                    "主体授予客体奖项或称号。"),
        "developed": _c("developed", "研制",
                        "The subject designed, developed or built the object (equipment).",
                        "主体设计、研制或建造了客体（装备）。"),
        "supplies": _c("supplies", "供货",
                       "The subject supplies its product to the object (a railway's rails).",
                       "主体向客体供应产品（如铁路用钢轨）。"),
        "follows_model": _c("follows the model of", "借鉴模式",
                            "The subject is to copy the object's organisational model.",
                            "主体借鉴客体的组建模式。"),
    },
    "correction_kind": {
        "column_break_join": _c("column-break join", "跨栏接续",
                                "Where a sentence broken by the page layout resumes.",
                                "因版面分栏而断开的句子在别处接续的位置。"),
        "misreading": _c("misreading", "误识",
                         "Characters we believe were misread in capture.",
                         "我们认为在文字采录时被误识的字符。"),
        "lost_text": _c("lost text", "脱文", "Text that seems lost.", "疑似脱落的文字。"),
    },
    "confidence": {
        "certain": _c("certain", "确定", "Beyond reasonable doubt.", "确凿无疑。"),
        "probable": _c("probable", "很可能", "More likely than any other reading.",
                       "较其他读法更为可能。"),
        "possible": _c("possible", "可能", "One reading among others.", "可能之一，另有其他读法。"),
    },
    "quantity_kind": {
        "count": _c("count", "计数", "A number of things.", "事物的个数。"),
        "mass": _c("mass", "质量", "A mass (tonnes).", "质量（吨等）。"),
        "currency": _c("money", "金额", "An amount of money.", "金额。"),
        "currency_per_mass": _c("money per mass", "单位质量金额", "A price per unit of mass.",
                                "单位质量的价格。"),
        "ratio": _c("ratio", "比例", "A share or ratio (per cent).", "比例、占比（百分数）。"),
        "ratio_change": _c("change of a ratio", "比例变化",
                           "A change of a share or ratio (percentage points).",
                           "比例的增减（百分点）。"),
        "length": _c("length", "长度", "A length.", "长度。"),
        "speed": _c("speed", "速度", "A speed.", "速度。"),
        "yield_per_area": _c("yield per area", "单位面积产量", "A crop yield per unit of area.",
                             "单位面积的作物产量。"),
        "purity": _c("purity", "纯度", "A purity, in nines (6N = 99.9999 %).",
                    "纯度，以“9”的个数计（6N 即 99.9999%）。"),
        "mass_fraction": _c("mass fraction", "质量分数", "A content by mass.", "按质量计的含量。"),
        "number_density": _c("number density", "数密度", "A number of particles per volume.",
                             "单位体积内的粒子数。"),
        "molecular_mass": _c("molecular mass", "分子量", "A molecular mass (daltons).",
                             "分子量（道尔顿）。"),
        "acidity": _c("acidity (pH)", "酸碱度", "A pH value.", "酸碱度（pH 值）。"),
        "multiplier": _c("multiplier", "倍数", "A multiple (times).", "倍数。"),
        "rank": _c("rank", "名次", "A position in a ranking.", "排名中的位次。"),
        "force": _c("force", "力", "A press force, printed in 吨 (tonne-force).",
                    "压机的压力，原文以“吨”表示（吨力）。"),
    },
    "fact_role": {
        "partner": _c("partner", "合作方", "Works with the subject on the fact.",
                      "与主体就该项内容开展合作。"),
        "developer": _c("developer", "研制方", "Designed or built the thing the figure measures.",
                        "设计或研制了该数据所衡量的对象。"),
        "technology_source": _c("technology source", "技术来源",
                                "The fact rests on this entity's technology.",
                                "该项内容依托此实体的技术。"),
        "owner": _c("owner", "所属方", "Owns or runs the subject.", "拥有或经营主体。"),
        "operator": _c("operator", "实施方", "Carries out the project the figure measures.",
                       "承担实施该数据所衡量的项目。"),
        "platform": _c("platform", "平台", "A base or facility the fact relies on.",
                       "该项内容所依托的基地或设施。"),
        "tester": _c("tester", "检测方", "Tested the product the figure measures.",
                     "检测了该数据所衡量的产品。"),
        "comparator": _c("comparator", "比较对象", "What the figure is compared with.",
                         "该数据所比较的对象。"),
        "user": _c("user", "使用方", "Uses the product the figure measures.",
                   "使用该数据所衡量的产品。"),
        "site": _c("site", "所在地", "Where the thing the figure measures is, or was measured.",
                   "该数据所衡量对象的所在地或测定地。"),
        "counted_item": _c("counted item", "计数对象", "One of the things the figure counts.",
                           "该数据所计数的对象之一。"),
        "guest": _c("guest", "出席方", "Attends the event.", "出席该事件。"),
        "outcome": _c("outcome", "成果", "Created by the event.", "由该事件产生。"),
        "co_subject": _c("co-subject", "共同主体", "Shares the subject's part in the event.",
                         "与主体共同承担其在该事件中的角色。"),
        "framework": _c("framework", "依据", "The programme or strategy the event implements.",
                        "该事件所落实的工程或战略。"),
    },
    "linked_table": {name: _c(name.replace("_", " "), zh, f"A row of the table `{name}`.",
                              f"`{name}`（{zh}）表中的一行。") for name, zh in (
        ("figures", "数据"), ("events", "事件"), ("relations", "合作关系"),
        ("list_items", "列举条目"), ("entity_aliases", "机构简称与别名"),
        ("figure_entities", "数据相关机构"), ("event_entities", "事件相关机构"))},
    "link_basis": {
        "overlap": _c("overlap", "原文重叠", "Derived: the row's quote overlaps a span of the "
                      "correction.", "构建时推导：该行的引文与校勘记录的某段文字重叠。"),
        "curated": _c("curated", "人工关联", "Typed by the curator: overlap cannot reveal it.",
                      "由整理者录入：无法从文字重叠推知的关联。"),
    },
    "alias_language": {
        "zh": _c("Chinese", "中文", "A name as the Chinese article prints it (Latin letters "
                 "included, such as SGS).", "中文报道原文所印的名称（含 SGS 等拉丁字母名称）。"),
        "en": _c("English", "英文", "An English name the article does not print.",
                 "原文未印的英文名称。"),
    },
    "alias_kind": {
        "printed": _c("as printed", "原文名称",
                      "A form under which the article prints the entity: a short name, a "
                      "variant or a full name.", "原文提及该实体时所用的名称：简称、异称或全称。"),
        "short_name": _c("short name", "英文简称",
                         "A short English name in common use, not printed in the article.",
                         "通用的英文简称，原文未印。"),
        "acronym": _c("acronym", "英文缩写",
                      "An English acronym in common use, not printed in the article.",
                      "通用的英文首字母缩写，原文未印。"),
        "former_name": _c("former name", "曾用名",
                          "A name the entity used before, still met in older English texts.",
                          "该实体过去使用、在较早的英文文献中仍可见到的名称。"),
    },
}
"""English and Chinese labels and descriptions of every code value of every enum column."""

VOCABULARIES: dict[str, tuple[str, ...]] = {
    "qualifier": QUALIFIERS, "figure_status": FIGURE_STATUSES, "event_status": EVENT_STATUSES,
    "entity_type": ENTITY_TYPES, "location": LOCATIONS, "relation_type": RELATION_TYPES,
    "correction_kind": CORRECTION_KINDS, "confidence": CONFIDENCES,
    "quantity_kind": QUANTITY_KINDS, "fact_role": FACT_ROLES, "linked_table": LINKED_TABLES,
    "link_basis": LINK_BASES, "alias_language": ALIAS_LANGUAGES, "alias_kind": ALIAS_KINDS,
}


def categories(enum: tuple[str, ...]) -> dict[str, Category]:
    """The labels of an enum column's code values (the vocabulary whose codes are `enum`)."""
    for name, codes in VOCABULARIES.items():
        if codes == enum:
            return CATEGORY_LABELS[name]
    raise KeyError(enum)


QUOTE_AT_OFFSETS = Rule(
    "quote_at_offsets",
    "`quote` is exactly the source text from `source_start` (0-based characters) to `source_end`.",
)
QUOTE_ONE_LINE = Rule("quote_one_line", "`quote` never crosses a paragraph break (no newline).")
QUOTE_ORDERED = Ordered("source_start", "source_end")


# The helpers below take what a column is about in English and in Chinese (`what`, `zh`).
def _id(name: str, what: str, zh: str) -> Field:
    return Field(name, "string", f"Stable snake_case key of the {what}.", required=True,
                 unique=True, pattern=SNAKE_ID,
                 description_zh=f"{zh}的唯一标识：固定不变的英文小写下划线键（snake_case）。")


def _ref(name: str, what: str, zh: str, required: bool = True, raw: bool = True) -> Field:
    return Field(name, "string", f"Key of the {what}.", required=required, pattern=SNAKE_ID,
                 raw=raw, description_zh=f"{zh}的键。")


def _quote(what: str, zh: str) -> Field:
    return Field("quote", "string", f"Short exact span of the article that states the {what}.",
                 required=True, description_zh=f"原文中陈述{zh}的一小段文字，逐字照录。")


def _source_start() -> Field:
    return Field("source_start", "integer",
                 "0-based character offset of `quote` in `data/raw/source/article.txt`.",
                 required=True, minimum=0, unit="character",
                 description_zh="`quote` 在 `data/raw/source/article.txt` 中的起始位置："
                 "从 0 起算的字符偏移量（按字符计，不按字节）。")


def _source_end() -> Field:
    return Field("source_end", "integer",
                 "0-based character offset just past `quote` (end exclusive); derived.",
                 raw=False, required=True, minimum=1, unit="character",
                 description_zh="`quote` 末字之后的字符偏移量（不含该位置）；构建时生成。")


def _located(what: str, zh: str) -> tuple[Field, Field, Field]:
    """The quote that states a row, and where it stands in the source."""
    return _quote(what, zh), _source_start(), _source_end()


def _note(what: str, zh: str) -> Field:
    return Field("note", "string", f"Curator's note on the {what}: attribution, ambiguity, "
                 "inference, why borderline.",
                 description_zh=f"整理者对{zh}的说明：归属依据、歧义、推断，以及取舍的理由。")


SOURCES = Table(
    name="sources",
    title="Sources",
    title_zh="来源",
    description="The archived newspaper article every row of the package is extracted from.",
    description_zh="本数据包每一行数据所摘自的报纸文章（原文存档）。",
    fields=(
        _id("source_id", "source", "来源"),
        Field("title_zh", "string", "Title exactly as printed, in Chinese: the headline and the "
              "subtitle (——写在…), printed on two lines, joined with no added character.",
              required=True, description_zh="中文标题，与原文一字不差：主标题与副标题"
              "（——写在…）原分两行排印，此处直接相接，不加任何字符。"),
        Field("title_en", "string", "Title in English (our translation).", required=True,
              description_zh="标题的英文译文（本数据包所译）。"),
        Field("author_zh", "string", "Author as printed.", required=True,
              description_zh="作者署名，照原文。"),
        Field("author_en", "string", "Author in pinyin.", required=True,
              description_zh="作者姓名的汉语拼音。"),
        Field("publication_date", "string",
              "Date of publication, ISO 8601 at the precision known.", required=True,
              pattern=ISO_DATE_AT_PRECISION, iso_date=True,
              description_zh="发表日期，按 ISO 8601 格式，精确到已知的程度。"),
        Field("publication_date_inferred", "boolean",
              "True when the date is not printed on the page but inferred.", required=True,
              description_zh="版面未印日期、系推断所得时为 true。"),
        Field("publication_date_note", "string", "How the publication date was inferred.",
              description_zh="发表日期的推断依据。"),
        Field("language", "string", "BCP 47 language tag of the text.", required=True,
              description_zh="原文语言的 BCP 47 标签。"),
        Field("sha256", "string", "SHA-256 of the archived text; the build refuses any other.",
              required=True, pattern=r"[0-9a-f]{64}",
              description_zh="存档原文的 SHA-256 校验值；与之不符的文本一律被构建程序拒绝。"),
        Field("path", "string", "Path of the archived text in this package.", required=True,
              description_zh="存档原文在本数据包中的路径。"),
        Field("rights_note", "string", "Who holds the rights in the text. The page does not name "
              "the newspaper (本报记者: a staff reporter of the paper itself).", required=True,
              description_zh="原文的权利归属。版面未注明报纸名称（署“本报记者”，即该报自己的记者）。"),
        Field("characters", "integer", "Length of the archived text in characters; derived.",
              raw=False, required=True, minimum=1, unit="character",
              description_zh="存档原文的字符数；构建时生成。"),
        Field("bytes", "integer", "Size of the archived text in bytes; derived.", raw=False,
              required=True, minimum=1, unit="byte",
              description_zh="存档原文的字节数；构建时生成。"),
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
    description_zh=(
        "原文所用的全部计量单位，以及数据统一换算到的标准单位。原文单位（如“万吨”）指向其标准"
        "单位（t），并给出换算系数。"
    ),
    fields=(
        _id("unit_id", "unit", "计量单位"),
        Field("symbol", "string", "Symbol, as printed for a printed unit.", required=True,
              description_zh="单位符号；原文单位照原文所印。"),
        Field("name_en", "string", "Name in English.", required=True,
              description_zh="英文名称。"),
        Field("name_zh", "string", "Name in Chinese.", required=True,
              description_zh="中文名称。"),
        Field("quantity_kind", "string", "Kind of quantity measured.", required=True,
              enum=QUANTITY_KINDS, description_zh="所计量的量的类别。"),
        _ref("canonical_unit_id", "canonical unit this unit converts to (itself if canonical)",
             "本单位换算到的标准单位（标准单位指向自身）"),
        Field("factor", "number",
              "Multiply a number in this unit by `factor` to get the canonical unit.",
              required=True, minimum=0,
              description_zh="换算系数：以本单位表示的数值乘以 `factor`，即得标准单位下的数值。"),
        Field("printed_as", "string",
              "Characters that mark this unit in a printed value (empty: never printed).",
              description_zh="原文数值中标示本单位的文字（留空表示原文从不印出）。"),
        Field("is_canonical", "boolean", "True when this is a canonical unit; derived.",
              raw=False, required=True, description_zh="本单位为标准单位时为 true；构建时生成。"),
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
    description_zh=(
        "报道提及的全部实体：机构、政府部门、园区、联盟、工作站、工程、项目、产品、地域、国家和"
        "国际组织，附中英文名称。个人不列为实体：图片说明中的两位领导不涉及任何数据、合作关系或"
        "事件。"
    ),
    fields=(
        _id("entity_id", "entity", "实体"),
        Field("name_zh", "string", "Full Chinese name.", required=True,
              description_zh="中文全称。"),
        Field("name_en", "string", "English name, as the institution uses it.", required=True,
              description_zh="英文名称，以该机构自用的名称为准。"),
        Field("entity_type", "string", "Kind of entity.", required=True, enum=ENTITY_TYPES,
              description_zh="实体类别。"),
        _ref("parent_id", "entity this one belongs to", "上级实体（本实体所隶属者）",
             required=False),
        Field("location", "string", "Where the entity is based: the Baotou side, the Beijing "
              "side, or elsewhere.", required=True, enum=LOCATIONS,
              description_zh="实体所在地：包头方、北京方或其他地方。"),
        _note("entity", "该实体"),
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
        "Every form under which the article prints an entity (中科院, 包钢, 北航 …), and the "
        "English short names, acronyms and former names English texts use (Tsinghua, CAS, "
        "Baogang, BUAA …), so that a query by any of them finds the entity: every name "
        "resolves to exactly one entity, case aside. A name that stands for different entities "
        "in different places is resolved per occurrence in `alias_occurrences` instead."
    ),
    description_zh=(
        "原文提及实体时所用的各种名称（中科院、包钢、北航……），以及英文文献常用的英文简称、"
        "缩写和曾用名（Tsinghua、CAS、Baogang、BUAA……），按其中任何一个名称都能查到对应实体；"
        "每个名称（不分大小写）只对应一个实体。同一名称在不同位置指不同实体的，改在 "
        "`alias_occurrences` 中逐处指认。"
    ),
    fields=(
        Field("alias_zh", "string", "The name: as printed in the article (`alias_kind` "
              "printed), or an English name the article does not print (`language` en). The "
              "column keeps its name of 1.1 (a rename would change the table's layout).",
              required=True, unique=True,
              description_zh="名称：原文所印的名称（`alias_kind` 为 printed），或原文未印的英文"
              "名称（`language` 为 en）。列名沿用 1.1 版，改名会改变表结构。"),
        _ref("entity_id", "entity", "实体"),
        Field("first_source_start", "integer",
              "0-based character offset of the alias's first occurrence; empty for a name the "
              "article does not print; derived.", raw=False, minimum=0, unit="character",
              description_zh="该名称在原文中首次出现的位置（从 0 起算的字符偏移量）；原文未印"
              "的名称留空；构建时生成。"),
        Field("occurrences", "integer", "How often the alias occurs in the article (0 for a "
              "name it does not print); derived.", raw=False, required=True, minimum=0,
              description_zh="该名称在原文中出现的次数（原文未印的名称为 0）；构建时生成。"),
        Field("language", "string", "`zh`: a name as the Chinese article prints it (Latin "
              "letters included, such as SGS); `en`: an English name it does not print.",
              required=True, enum=ALIAS_LANGUAGES,
              description_zh="`zh`：中文原文所印的名称（含 SGS 等拉丁字母名称）；`en`：原文未印"
              "的英文名称。"),
        Field("alias_kind", "string", "`printed` (a form the article prints), or for an "
              "English name: `short_name`, `acronym` or `former_name`.", required=True,
              enum=ALIAS_KINDS, description_zh="`printed`（原文所印的名称）；英文名称则为 "
              "`short_name`（简称）、`acronym`（缩写）或 `former_name`（曾用名）。"),
        Field("note", "string", "Curator's note on the alias; for an English name, where it "
              "is used.", description_zh="整理者对该名称的说明；英文名称注明其使用依据。"),
    ),
    primary_key=("alias_zh",),
    foreign_keys=(ForeignKey(("entity_id",), "entities", ("entity_id",)),),
    rules=(
        Rule("alias_in_source", "Every alias of kind `printed` occurs in the article."),
        Rule("english_alias", "An alias of any other kind is English (`language` en), the "
             "article does not print it, and its `note` says where the name is used."),
    ),
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
    description_zh=(
        "对采录文本的全部校勘：因版面分栏断开的句子在何处接续（column_break_join）、我们认为被"
        "误识的字符（misreading）、疑似脱文之处（lost_text）。数据保留原文所印文字；本表说明我们"
        "认为应如何读，以及理由。"
    ),
    fields=(
        _id("correction_id", "correction", "校勘记录"),
        Field("kind", "string", "Kind of repair.", required=True, enum=CORRECTION_KINDS,
              description_zh="校勘类别。"),
        Field("quote", "string", "The text as printed where the repair applies (for a join: the "
              "end of the broken fragment).", required=True,
              description_zh="需校勘处的原文文字（跨栏接续时为断开片段的末尾）。"),
        _source_start(),
        _source_end(),
        Field("reading", "string", "What we believe the text reads (for a join: the joined "
              "phrase).", description_zh="我们认为的正确读法（跨栏接续时为接续后的语句）。"),
        Field("continues_quote", "string",
              "For a join: the first characters where the broken sentence resumes.",
              description_zh="跨栏接续时：断句在别处接续的开头几个字。"),
        Field("continues_start", "integer",
              "For a join: 0-based character offset of `continues_quote`.", minimum=0,
              unit="character",
              description_zh="跨栏接续时：`continues_quote` 的位置（从 0 起算的字符偏移量）。"),
        Field("continues_end", "integer", "For a join: offset just past `continues_quote`; "
              "derived.", raw=False, minimum=1, unit="character",
              description_zh="跨栏接续时：`continues_quote` 末字之后的偏移量；构建时生成。"),
        Field("reason", "string", "Why we believe the repair.", required=True,
              description_zh="作此校勘的理由。"),
        Field("confidence", "string", "How sure we are.", required=True, enum=CONFIDENCES,
              description_zh="把握程度。"),
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
    description_zh=(
        "报道中的每一项数据各占一行：原文所印数值、换算到标准单位后的数值、限定词（多、以上、"
        "约等）、状态与所指日期，以及原文出处的逐字引文及其位置。"
    ),
    fields=(
        _id("figure_id", "figure", "该项数据"),
        _ref("subject_id", "entity the figure is about", "数据所述主体（实体）"),
        Field("measure", "string", "What is measured, snake_case.", required=True,
              pattern=SNAKE_ID, description_zh="所衡量的指标，英文小写下划线写法（snake_case）。"),
        Field("label_en", "string", "Label in English.", required=True,
              description_zh="英文标签。"),
        Field("label_zh", "string", "Label in Chinese.", required=True,
              description_zh="中文标签。"),
        Field("value", "number", "The value in `unit`; empty for a range. Derived from "
              "`value_as_printed` and the unit's factor.", raw=False,
              description_zh="以 `unit` 计的数值；区间留空。由 `value_as_printed` 和单位换算系数"
              "推导而来。"),
        Field("value_low", "number", "Low end of a range in `unit`; derived.", raw=False,
              description_zh="区间下限，以 `unit` 计；构建时生成。"),
        Field("value_high", "number", "High end of a range in `unit`; derived.", raw=False,
              description_zh="区间上限，以 `unit` 计；构建时生成。"),
        Field("qualifier", "string", "How the value is bounded, from the printed marker (多 "
              "more_than, 以上 at_least, 以下 at_most, 小于 less_than, 左右/约 about); derived.",
              raw=False, required=True, enum=QUALIFIERS,
              description_zh="数值的限定方式，依原文所印的限定词判定（多 `more_than`，以上 "
              "`at_least`，以下 `at_most`，小于 `less_than`，左右/约 `about`）；构建时生成。"),
        _ref("unit", "canonical unit of `value`, `value_low` and `value_high`; derived",
             "`value`、`value_low`、`value_high` 所用的标准单位（构建时生成）", raw=False),
        Field("value_as_printed", "string", "Number, qualifier and unit exactly as printed.",
              required=True, description_zh="数字、限定词和单位，与原文所印一字不差。"),
        Field("value_offset", "integer", "0-based character offset of `value_as_printed` "
              "inside `quote`: where the quote prints more than one number, the one that is "
              "this figure's.", required=True, minimum=0, unit="character",
              description_zh="`value_as_printed` 在 `quote` 中的字符位置（从 0 起算）：引文印有"
              "不止一个数字时，指明哪一个属于本项数据。"),
        _ref("printed_unit_id", "unit as printed", "原文所用单位"),
        Field("status", "string", "reported (a fact), target (a goal for `ref_date`) or "
              "planned (under way).", required=True, enum=FIGURE_STATUSES,
              description_zh="`reported`（已成事实）、`target`（以 `ref_date` 为期的目标）"
              "或 `planned`（正在推进）。"),
        Field("ref_date", "string", "Date the figure refers to, ISO 8601 at the text's "
              "precision; the target year for a target.", required=True,
              pattern=ISO_DATE_AT_PRECISION, iso_date=True,
              description_zh="数据所指的日期，按 ISO 8601 格式，精度与原文一致；目标数据为目标"
              "年份。"),
        Field("ref_date_inferred", "boolean", "True when `ref_date` is not printed with the "
              "figure but inferred (see `note`).", required=True,
              description_zh="`ref_date` 并非与该数据一同印出、而是推断所得时为 true（见 "
              "`note`）。"),
        *_located("figure", "该项数据"),
        _ref("correction_id", "repair that bears on this figure", "与该数据相关的校勘记录",
             required=False),
        _note("figure", "该项数据"),
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
    ),
)

EVENTS = Table(
    name="events",
    title="Events",
    title_zh="事件",
    description="Every dated event the article reports or announces.",
    description_zh="报道所述或预告的、有日期可考的全部事件。",
    fields=(
        _id("event_id", "event", "事件"),
        Field("date", "string", "ISO 8601 at the text's precision; an interval for a period.",
              required=True, pattern=ISO_DATE_AT_PRECISION, iso_date=True,
              description_zh="日期，按 ISO 8601 格式，精度与原文一致；一段时期记为区间。"),
        Field("date_inferred", "boolean", "True when part of the date (usually the year) is not "
              "printed but inferred (see `note`).", required=True,
              description_zh="日期中有部分（通常是年份）原文未印、系推断所得时为 true（见 "
              "`note`）。"),
        Field("date_start", "date", "First day the date can mean; derived, for sorting.",
              raw=False, required=True,
              description_zh="该日期可能指的最早一天；构建时生成，供排序之用。"),
        Field("date_end", "date", "Last day the date can mean; derived.", raw=False,
              required=True, description_zh="该日期可能指的最晚一天；构建时生成。"),
        _ref("subject_id", "entity the event is about", "事件主体（实体）"),
        Field("description_en", "string", "What happened, in English.", required=True,
              description_zh="事件内容（英文）。"),
        Field("description_zh", "string", "What happened, in Chinese.", required=True,
              description_zh="事件内容（中文）。"),
        Field("status", "string", "happened, or scheduled at the time of writing.",
              required=True, enum=EVENT_STATUSES,
              description_zh="成文时已发生（`happened`）或尚属预定（`scheduled`）。"),
        *_located("event", "该事件"),
        _note("event", "该事件"),
    ),
    primary_key=("event_id",),
    foreign_keys=(ForeignKey(("subject_id",), "entities", ("entity_id",)),),
    row_order=("date_start", "event_id"),
    ordered=(QUOTE_ORDERED,),
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
    description_zh=(
        "谁与谁合作：合作协议、共建中心、联盟及其牵头企业、各拟建研究院的承建方与合作方、各项"
        "成果背后的合作方，以及谁检测、谁承载、谁支持、谁授予荣誉。"
    ),
    fields=(
        _id("relation_id", "relation", "合作关系"),
        _ref("subject_id", "entity the relation starts from", "关系的起点实体（主体）"),
        Field("relation_type", "string", "Kind of relation.", required=True,
              enum=RELATION_TYPES, description_zh="关系类别。"),
        _ref("object_id", "entity the relation points to", "关系指向的实体（客体）"),
        *_located("relation", "该关系"),
        _note("relation", "该关系"),
    ),
    primary_key=("relation_id",),
    foreign_keys=(
        ForeignKey(("subject_id",), "entities", ("entity_id",)),
        ForeignKey(("object_id",), "entities", ("entity_id",)),
    ),
    row_order=("source_start", "relation_id"),
    ordered=(QUOTE_ORDERED,),
    rules=(QUOTE_AT_OFFSETS, QUOTE_ONE_LINE),
)

LISTS = Table(
    name="lists",
    title="Lists",
    title_zh="列举",
    description="Every enumerated list in the article; its items are in `list_items`.",
    description_zh="报道中的全部列举；各条目见 `list_items`。",
    fields=(
        _id("list_id", "list", "该列举"),
        Field("name_en", "string", "Name in English.", required=True,
              description_zh="英文名称。"),
        Field("name_zh", "string", "Name in Chinese.", required=True,
              description_zh="中文名称。"),
        _note("list", "该列举"),
        Field("item_count", "integer", "Number of items; derived.", raw=False, required=True,
              minimum=1, description_zh="条目数；构建时生成。"),
    ),
    primary_key=("list_id",),
)

LIST_ITEMS = Table(
    name="list_items",
    title="List items",
    title_zh="列举条目",
    description="The items of every enumerated list, in printed order.",
    description_zh="各列举的条目，按原文顺序排列。",
    fields=(
        _ref("list_id", "list", "所属列举"),
        Field("position", "integer", "1-based position in the printed list.", required=True,
              minimum=1, description_zh="在原文列举中的序号，从 1 起算。"),
        Field("item_zh", "string", "The item in Chinese.", required=True,
              description_zh="条目（中文）。"),
        Field("item_en", "string", "The item in English.", required=True,
              description_zh="条目（英文）。"),
        _ref("entity_id", "entity the item names, where it names one", "条目所指的实体（如有）",
             required=False),
        *_located("item", "该条目"),
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

def _entity_bridge(name: str, title: str, title_zh: str, description: str,
                   description_zh: str, parent: str, credited: str,
                   credited_zh: str) -> Table:
    """Entities a row of `parent` (figures, events) names besides its subject, with roles."""
    key = f"{parent.removesuffix('s')}_id"
    what = parent.removesuffix("s")
    what_zh = {"figure": "该项数据", "event": "该事件"}[what]
    return Table(
        name=name, title=title, title_zh=title_zh, description=description,
        description_zh=description_zh,
        fields=(
            _ref(key, what, what_zh.removeprefix("该")),
            _ref("entity_id", credited, credited_zh),
            Field("role", "string", f"The entity's part in the {what}.", required=True,
                  enum=FACT_ROLES, description_zh=f"该实体在{what_zh}中的角色。"),
            *_located(f"entity's part in the {what} (it names the entity)",
                      f"该实体在{what_zh}中所起作用的文字（其中提到该实体）"),
            _note("link", "该关联"),
        ),
        primary_key=(key, "entity_id"),
        foreign_keys=(
            ForeignKey((key,), parent, (key,)),
            ForeignKey(("entity_id",), "entities", ("entity_id",)),
        ),
        ordered=(QUOTE_ORDERED,),
        rules=(QUOTE_AT_OFFSETS, QUOTE_ONE_LINE),
    )


FIGURE_ENTITIES = _entity_bridge(
    "figure_entities", "Figure entities", "数据相关机构", (
        "Every entity the article credits for a figure besides its subject (the partner, the "
        "technology source, the tester, the developer …), with its role: one row per figure and "
        "entity. The quote names the entity in the figure's sentence or, for a figure in a "
        "paragraph about one project or product, in the sentence that introduces it (see "
        "`note`). With `figures.subject_id` it answers everything about an entity."
    ), (
        "除主体外，报道为某项数据记下的每个相关实体（合作方、技术来源、检测方、研制方……）及其"
        "角色：每项数据与每个实体的组合占一行。引文取自该数据所在的句子；若该数据位于专讲某一"
        "项目或产品的段落中，则取自引出该项目或产品的句子（见 `note`）。与 "
        "`figures.subject_id` 合用，可查出与某一实体有关的全部数据。"
    ),
    "figures", "entity credited by the figure's sentence besides its subject",
    "该数据所在句子中除主体外提到的实体")

EVENT_ENTITIES = _entity_bridge(
    "event_entities", "Event entities", "事件相关机构", (
        "Every entity an event names besides its subject (the other party to an agreement, "
        "the guests of a ceremony, the workstations set up …), with its role: one row per "
        "event and entity."
    ), (
        "事件中除主体外提到的每个实体（协议的另一方、仪式的出席方、新设的工作站……）及其角色："
        "每个事件与每个实体的组合占一行。"
    ),
    "events", "entity the event names besides its subject", "事件中除主体外提到的实体")

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
    description_zh=(
        "同一名称在不同位置指不同实体的（“中试基地”在一句中指钢铁中试基地，在另一句中指稀土研究院"
        "的中试基地），逐处指认：名称每在原文出现一处并指向某一实体，即占一行。无歧义的名称应列入 "
        "`entity_aliases`，二者不可兼列。"
    ),
    fields=(
        Field("alias_zh", "string", "The ambiguous name as printed.", required=True,
              description_zh="有歧义的名称，照原文。"),
        _source_start(),
        _ref("entity_id", "entity the name stands for at this place", "该名称在此处所指的实体"),
        Field("quote", "string", "The occurrence in its context: starts with `alias_zh` at "
              "`source_start`.", required=True,
              description_zh="该名称出现处及其上下文：以位于 `source_start` 的 `alias_zh` 开头。"),
        _source_end(),
        _note("occurrence", "此处指认"),
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
    description_zh=(
        "每条校勘所涉及的全部数据行。凡某行引文与校勘所涉文字（`quote`，跨栏接续另含 "
        "`continues_quote`）重叠，构建时即自动建立关联（依据 `overlap`）；整理者只在 data/raw 中"
        "补录文字重叠无法揭示的关联（依据 `curated`）：跨栏接续句中位于接续处之后的数据、归属"
        "依赖该接续的列举条目和合作关系、以误识为前提的简称。"
    ),
    fields=(
        _ref("correction_id", "correction", "校勘记录"),
        Field("table_name", "string", "Table of the row the correction bears on.",
              required=True, enum=LINKED_TABLES, description_zh="所涉数据行所在的表。"),
        Field("row_id", "string", "Primary key of that row; a composite key is its values "
              "joined by `/` in key order (`list_items`: list_id/position; `figure_entities`: "
              "figure_id/entity_id; `event_entities`: event_id/entity_id).", required=True,
              description_zh="该行的主键；复合主键按键序以 `/` 连接（`list_items`："
              "`list_id/position`；`figure_entities`：`figure_id/entity_id`；"
              "`event_entities`：`event_id/entity_id`）。"),
        _note("link: how the correction bears on the row", "该关联：校勘如何影响该行"),
        Field("basis", "string", "How the link is known: `overlap` (derived: the row's quote "
              "overlaps a span of the correction) or `curated` (typed in data/raw, with a "
              "note).", raw=False, required=True, enum=LINK_BASES,
              description_zh="关联的依据：`overlap`（构建时推导：该行引文与校勘所涉文字重叠）"
              "或 `curated`（在 data/raw 中人工录入，并附说明）。"),
    ),
    primary_key=("correction_id", "table_name", "row_id"),
    foreign_keys=(ForeignKey(("correction_id",), "corrections", ("correction_id",)),),
    rules=(Rule("link_target_exists", "`row_id` is the key of a row of `table_name`."),),
)

TABLES: tuple[Table, ...] = (
    SOURCES, UNITS, ENTITIES, ENTITY_ALIASES, CORRECTIONS, FIGURES, EVENTS, RELATIONS, LISTS,
    LIST_ITEMS, FIGURE_ENTITIES, EVENT_ENTITIES, ALIAS_OCCURRENCES, CORRECTION_LINKS,
)
TABLES_BY_NAME = {t.name: t for t in TABLES}
