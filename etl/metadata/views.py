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


def _as(table: str, name: str, new: str, description: str) -> Field:
    """A table's field under another name and description."""
    return replace(TABLES_BY_NAME[table].field(name), name=new, description=description,
                   required=False)


def _text(name: str, description: str) -> Field:
    return Field(name, "string", description, raw=False)


def _names(prefix: str, what: str) -> tuple[Field, Field]:
    return (_text(f"{prefix}name_en", f"English name of the {what}."),
            _text(f"{prefix}name_zh", f"Chinese name of the {what}."))


FIGURES_BILINGUAL = View(
    "figures_bilingual", "Figures in both languages", "每项数据及其主体、单位、状态的中英文名称",
    "Every figure with its subject, unit and status named in English and Chinese.",
    (*_from("figures", "figure_id", "subject_id"), *_names("subject_", "figure's subject"),
     _as("entities", "entity_type", "subject_type", "Kind of entity the subject is."),
     *_from("figures", "measure", "label_en", "label_zh", "value", "value_low", "value_high",
            "qualifier", "unit"),
     *_names("unit_", "canonical unit"),
     *_from("figures", "value_as_printed", "status"),
     _text("status_zh", "The status in Chinese (已报道, 目标, 计划)."),
     *_from("figures", "ref_date", "ref_date_inferred", "quote", "source_start", "source_end",
            "correction_id", "note")),
)

TARGETS_BY_YEAR = View(
    "targets_by_year", "Targets by year", "按目标年份排列的目标",
    "Every target figure, ordered by the year it falls due.",
    (_as("figures", "ref_date", "target_year", "The year (or date) the target falls due."),
     *_from("figures", "figure_id"), *_names("subject_", "figure's subject"),
     *_from("figures", "label_en", "label_zh", "value", "value_low", "value_high", "qualifier",
            "unit"),
     *_names("unit_", "canonical unit"),
     *_from("figures", "value_as_printed", "ref_date_inferred", "quote", "source_start")),
)

PARTNERSHIPS = View(
    "partnerships", "Partnerships", "合作关系及双方中英文名称与所在地",
    "Who works with whom: every relation with both sides named in English and Chinese and "
    "where each is based.",
    (*_from("relations", "relation_id", "relation_type", "subject_id"),
     *_names("subject_", "side the relation starts from"),
     _as("entities", "location", "subject_location", "Where the subject is based."),
     *_from("relations", "object_id"), *_names("object_", "side the relation points to"),
     _as("entities", "location", "object_location", "Where the object is based."),
     *_from("relations", "quote", "source_start", "note")),
)

BAOTOU_BEIJING_PARTNERSHIPS = View(
    "baotou_beijing_partnerships", "Baotou–Beijing partnerships", "包头方与北京方的合作关系",
    "Relations with one side in Baotou and the other in Beijing, the Baotou side first.",
    (*_from("relations", "relation_id", "relation_type"),
     _text("baotou_id", "Key of the entity on the Baotou side."),
     *_names("baotou_", "entity on the Baotou side"),
     _text("beijing_id", "Key of the entity on the Beijing side."),
     *_names("beijing_", "entity on the Beijing side"),
     *_from("relations", "quote", "source_start")),
)

TIMELINE = View(
    "timeline", "Timeline", "按时间排列的事件", "Every dated event, in order.",
    (*_from("events", "date", "date_start", "date_end", "date_inferred", "status", "event_id",
            "subject_id"),
     *_names("subject_", "event's subject"),
     *_from("events", "description_en", "description_zh", "quote", "note")),
)

ENTITY_NAMES = View(
    "entity_names", "Entity names", "机构的全部名称与简称",
    "Every name of every entity, full and as printed, in both languages: look an entity up "
    "by any of them (`SELECT DISTINCT entity_id … WHERE name = …` gives one row). A name "
    "printed for different entities in different places (中试基地) is resolved per "
    "occurrence and carries its `source_start`.",
    (*_from("entities", "entity_id"),
     _text("name", "The name."),
     _text("language", "Its language: `zh` or `en`."),
     _text("kind", "`full name`, `as printed` (an alias) or `as printed here` (a name "
           "resolved at one place only)."),
     _as("alias_occurrences", "source_start", "source_start",
         "For `as printed here`: 0-based character offset of that occurrence.")),
)

LIST_ITEMS_BILINGUAL = View(
    "list_items_bilingual", "List items in both languages", "列举条目",
    "The items of every enumerated list, with the list named in English and Chinese.",
    (*_from("list_items", "list_id"), *_names("list_", "list"),
     *_from("list_items", "position", "item_zh", "item_en", "entity_id", "quote",
            "source_start")),
)

ENTITY_FACTS = View(
    "entity_facts", "Everything about an entity", "一个机构的全部数据",
    "Everything about an entity in one query: every figure it is the subject of or is "
    "credited in (`figure_entities`), both sides of every relation, every event it is the "
    "subject of or named in (`event_entities`), every list item, alias and child entity, "
    "each with its role.",
    (*_from("entities", "entity_id", "name_en", "name_zh"),
     _text("table_name", "The table the row is in."),
     _text("row_id", "The row's primary key; a composite key is its values joined by `/`."),
     _text("role", "The entity's part in the row: `subject`, a role of `figure_entities` or "
           "`event_entities`, `relation_type:subject` or `relation_type:object`, "
           "`list_item`, `alias`, `alias_here` or `parent_of`."),
     _text("label_en", "What the row says, in English (a figure's label, a relation's two "
           "sides, an event's description, a list item)."),
     _text("label_zh", "The same in Chinese."),
     *_from("figures", "value_as_printed"),
     _text("quote", "The row's quote in the article (empty for a child entity)."),
     *_from("figures", "source_start", "source_end")),
)

CODE_LABELS = View(
    "code_labels", "Code labels", "代码的中英文标签",
    "Every code of every code column (qualifier, status, relation type, entity type, "
    "location, kind …) with its English and Chinese label and what it means; generated from "
    "the metadata, as the descriptor's `categories` are.",
    (_text("vocabulary", "The code list: `qualifier`, `figure_status`, `relation_type` …"),
     _text("code", "The code as the tables store it."),
     _text("label_en", "Its label in English."),
     _text("label_zh", "Its label in Chinese."),
     _text("description", "What it means, where the label does not say.")),
)

VIEWS: tuple[View, ...] = (
    CODE_LABELS, FIGURES_BILINGUAL, TARGETS_BY_YEAR, PARTNERSHIPS, BAOTOU_BEIJING_PARTNERSHIPS,
    TIMELINE, ENTITY_NAMES, LIST_ITEMS_BILINGUAL, ENTITY_FACTS,
)
VIEWS_BY_NAME = {v.name: v for v in VIEWS}
