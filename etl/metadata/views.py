"""Every view of the database, declared once: its columns, their types and descriptions.

The SQL of each view is in `etl/sql/views.sql`; its comments, its entry in the data
dictionary, `etl tables` and `etl describe` come from here. A column taken unchanged from a
table borrows that field (`_from`); the others are declared as fields of their own.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from etl.metadata.model import Field
from etl.metadata.tables import TABLES_BY_NAME


@dataclass(frozen=True)
class View:
    name: str
    title: str
    title_zh: str
    description: str
    fields: tuple[Field, ...]
    description_zh: str | None = None

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


def _from(table: str, *names: str) -> tuple[Field, ...]:
    """Fields of a table, as the view shows them (required-ness is the view's own matter)."""
    return tuple(replace(TABLES_BY_NAME[table].field(n), required=False) for n in names)


def _as(table: str, name: str, new: str, description: str, description_zh: str) -> Field:
    """A table's field under another name and description."""
    return replace(TABLES_BY_NAME[table].field(name), name=new, description=description,
                   description_zh=description_zh, required=False)


def _text(name: str, description: str, description_zh: str) -> Field:
    return Field(name, "string", description, raw=False, description_zh=description_zh)


def _names(prefix: str, what: str, zh: str) -> tuple[Field, Field]:
    """English and Chinese name of `what` (`zh`: the same in Chinese)."""
    return (_text(f"{prefix}name_en", f"English name of the {what}.", f"{zh}的英文名称。"),
            _text(f"{prefix}name_zh", f"Chinese name of the {what}.", f"{zh}的中文名称。"))


FIGURES_BILINGUAL = View(
    "figures_bilingual", "Figures in both languages", "每项数据及其主体、单位、状态的中英文名称",
    "Every figure with its subject, unit and status named in English and Chinese.",
    (*_from("figures", "figure_id", "subject_id"),
     *_names("subject_", "figure's subject", "数据主体"),
     _as("entities", "entity_type", "subject_type", "Kind of entity the subject is.",
         "主体的实体类别。"),
     *_from("figures", "measure", "label_en", "label_zh", "value", "value_low", "value_high",
            "qualifier", "unit"),
     *_names("unit_", "canonical unit", "标准单位"),
     *_from("figures", "value_as_printed", "status"),
     _text("status_zh", "The status in Chinese (已报道, 目标, 计划).",
           "状态的中文名称（已报道、目标、计划）。"),
     *_from("figures", "ref_date", "ref_date_inferred", "quote", "source_start", "source_end",
            "correction_id", "note")),
    "每项数据，附其主体、单位和状态的中英文名称。",
)

TARGETS_BY_YEAR = View(
    "targets_by_year", "Targets by year", "按目标年份排列的目标",
    "Every target figure, ordered by the year it falls due.",
    (_as("figures", "ref_date", "target_year", "The year (or date) the target falls due.",
         "目标的期限年份（或日期）。"),
     *_from("figures", "figure_id"), *_names("subject_", "figure's subject", "数据主体"),
     *_from("figures", "label_en", "label_zh", "value", "value_low", "value_high", "qualifier",
            "unit"),
     *_names("unit_", "canonical unit", "标准单位"),
     *_from("figures", "value_as_printed", "ref_date_inferred", "quote", "source_start")),
    "全部目标数据，按目标年份先后排列。",
)

PARTNERSHIPS = View(
    "partnerships", "Partnerships", "合作关系及双方中英文名称与所在地",
    "Who works with whom: every relation with both sides named in English and Chinese and "
    "where each is based.",
    (*_from("relations", "relation_id", "relation_type", "subject_id"),
     *_names("subject_", "side the relation starts from", "关系起点一方（主体）"),
     _as("entities", "location", "subject_location", "Where the subject is based.",
         "主体所在地。"),
     *_from("relations", "object_id"),
     *_names("object_", "side the relation points to", "关系指向一方（客体）"),
     _as("entities", "location", "object_location", "Where the object is based.",
         "客体所在地。"),
     *_from("relations", "quote", "source_start", "note")),
    "谁与谁合作：每条关系及双方的中英文名称和所在地。",
)

BAOTOU_BEIJING_PARTNERSHIPS = View(
    "baotou_beijing_partnerships", "Baotou–Beijing partnerships", "包头方与北京方的合作关系",
    "Relations with one side in Baotou and the other in Beijing, the Baotou side first.",
    (*_from("relations", "relation_id", "relation_type"),
     _text("baotou_id", "Key of the entity on the Baotou side.", "包头方实体的键。"),
     *_names("baotou_", "entity on the Baotou side", "包头方实体"),
     _text("beijing_id", "Key of the entity on the Beijing side.", "北京方实体的键。"),
     *_names("beijing_", "entity on the Beijing side", "北京方实体"),
     *_from("relations", "quote", "source_start")),
    "一方在包头、另一方在北京的合作关系，包头方在前。",
)

TIMELINE = View(
    "timeline", "Timeline", "按时间排列的事件", "Every dated event, in order.",
    (*_from("events", "date", "date_start", "date_end", "date_inferred", "status", "event_id",
            "subject_id"),
     *_names("subject_", "event's subject", "事件主体"),
     *_from("events", "description_en", "description_zh", "quote", "note")),
    "全部有日期的事件，按时间先后排列。",
)

ENTITY_NAMES = View(
    "entity_names", "Entity names", "机构的全部名称与简称",
    "Every name of every entity, full and as printed, in both languages, and the English "
    "short names, acronyms and former names: look an entity up by any of them "
    "(`SELECT DISTINCT entity_id … WHERE lower(name) = lower(…)` gives one row). A name "
    "printed for different entities in different places (中试基地) is resolved per "
    "occurrence and carries its `source_start`.",
    (*_from("entities", "entity_id"),
     _text("name", "The name.", "名称。"),
     _text("language", "Its language: `zh` or `en`.", "名称的语言：`zh`（中文）或 `en`（英文）。"),
     _text("kind", "`full name`, `as printed` (an alias the article prints), `as printed "
           "here` (a name resolved at one place only), or for an English name the article "
           "does not print: `short name`, `acronym` or `former name`.",
           "`full name`（全称）、`as printed`（原文所用的简称或别名）、`as printed here`"
           "（只在某一处指认的名称），或原文未印的英文名称：`short name`（简称）、`acronym`"
           "（缩写）、`former name`（曾用名）。"),
     _as("alias_occurrences", "source_start", "source_start",
         "For `as printed here`: 0-based character offset of that occurrence.",
         "对 `as printed here`：该处在原文中的位置（从 0 起算的字符偏移量）。")),
    "每个实体的全部名称（全称和原文所用名称，中英文兼有，另有英文简称、缩写和曾用名），"
    "可按任一名称查找实体"
    "（`SELECT DISTINCT entity_id … WHERE lower(name) = lower(…)` 只得一行）。"
    "同一名称在不同位置指不同实体的（如“中试基地”），逐处指认，并附 `source_start`。",
)

LIST_ITEMS_BILINGUAL = View(
    "list_items_bilingual", "List items in both languages", "列举条目",
    "The items of every enumerated list, with the list named in English and Chinese.",
    (*_from("list_items", "list_id"), *_names("list_", "list", "列举"),
     *_from("list_items", "position", "item_zh", "item_en", "entity_id", "quote",
            "source_start")),
    "各列举的条目，附列举的中英文名称。",
)

ENTITY_FACTS = View(
    "entity_facts", "Everything about an entity", "一个机构的全部数据",
    "Everything about an entity in one query: every figure it is the subject of or is "
    "credited in (`figure_entities`), both sides of every relation, every event it is the "
    "subject of or named in (`event_entities`), every list item, alias and child entity, "
    "each with its role.",
    (*_from("entities", "entity_id", "name_en", "name_zh"),
     _text("table_name", "The table the row is in.", "该行所在的表。"),
     _text("row_id", "The row's primary key; a composite key is its values joined by `/`.",
           "该行的主键；复合主键以 `/` 连接。"),
     _text("role", "The entity's part in the row: `subject`, a role of `figure_entities` or "
           "`event_entities`, `relation_type:subject` or `relation_type:object`, "
           "`list_item`, `alias`, `alias_here` or `parent_of`.",
           "该实体在该行中的角色：`subject`（主体）、`figure_entities` 或 `event_entities` "
           "中的角色、`relation_type:subject` 或 `relation_type:object`（关系的主体或客体）、"
           "`list_item`（列举条目）、`alias`（别名）、`alias_here`（逐处指认的名称）或 "
           "`parent_of`（下属实体的上级）。"),
     _text("label_en", "What the row says, in English (a figure's label, a relation's two "
           "sides, an event's description, a list item).",
           "该行内容的英文表述（数据的标签、关系的双方、事件的描述、列举条目）。"),
     _text("label_zh", "The same in Chinese.", "该行内容的中文表述。"),
     *_from("figures", "value_as_printed"),
     _text("quote", "The row's quote in the article (empty for a child entity).",
           "该行在原文中的引文（下属实体一行留空）。"),
     *_from("figures", "source_start", "source_end")),
    "一次查询即得某一实体的全部信息：以其为主体或在其中被提及（`figure_entities`）的每项数据、"
    "每条关系的双方、以其为主体或在其中被提及（`event_entities`）的每个事件、每个列举条目、"
    "别名和下属实体，并注明其角色。",
)

CODE_LABELS = View(
    "code_labels", "Code labels", "代码的中英文标签",
    "Every code of every code column (qualifier, status, relation type, entity type, "
    "location, kind …) with its English and Chinese label and what it means; generated from "
    "the metadata, as the descriptor's `categories` are.",
    (_text("vocabulary", "The code list: `qualifier`, `figure_status`, `relation_type` …",
           "代码表名称：`qualifier`、`figure_status`、`relation_type`……"),
     _text("code", "The code as the tables store it.", "表中所存的代码。"),
     _text("label_en", "Its label in English.", "代码的英文标签。"),
     _text("label_zh", "Its label in Chinese.", "代码的中文标签。"),
     _text("description", "What it means, in English.", "代码含义的英文说明。"),
     _text("description_zh", "What it means, in Chinese.", "代码含义的中文说明。")),
    "每个代码列（限定词、状态、关系类别、实体类别、所在地、类别……）的全部代码及其中英文标签"
    "和含义；由元数据生成，与数据包描述文件中的 `categories` 同源。",
)

VIEWS: tuple[View, ...] = (
    CODE_LABELS, FIGURES_BILINGUAL, TARGETS_BY_YEAR, PARTNERSHIPS, BAOTOU_BEIJING_PARTNERSHIPS,
    TIMELINE, ENTITY_NAMES, LIST_ITEMS_BILINGUAL, ENTITY_FACTS,
)
VIEWS_BY_NAME = {v.name: v for v in VIEWS}
