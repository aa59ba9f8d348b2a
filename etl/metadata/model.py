"""The vocabulary of table metadata: every schema, suite and document is derived from these."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

MAX_SHEET_NAME = 31
"""Excel's limit on a sheet name: every table is a sheet of the workbook."""
TABLE_NAME = re.compile(r"[a-z][a-z0-9_]*")


class MetadataError(ValueError):
    """The metadata contradicts itself: raised when it is declared, naming what and where."""


@dataclass(frozen=True)
class Category:
    """One code of a coded column: English and Chinese labels, and what it means."""

    label_en: str
    label_zh: str
    description: str | None = None
    description_zh: str | None = None


class Vocabulary(Mapping[str, Category]):
    """The codes of one coded column, in order, each with its labels: the one place they
    are written. Schemas, suites, views, the site and the dictionary read them from here.

    It is the mapping of its codes to their categories (iterating gives the codes); two
    vocabularies are the same only if they are one object.
    """

    def __init__(self, name: str, categories: Mapping[str, Category]):
        if not categories:
            raise MetadataError(f"vocabulary {name}: no codes")
        self.name = name
        self.categories: Mapping[str, Category] = MappingProxyType(dict(categories))

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self.categories)

    def __getitem__(self, code: str) -> Category:
        return self.categories[code]

    def __iter__(self) -> Iterator[str]:
        return iter(self.categories)

    def __len__(self) -> int:
        return len(self.categories)

    def __eq__(self, other: object) -> bool:
        return self is other

    def __hash__(self) -> int:
        return id(self)

    def __repr__(self) -> str:
        return f"Vocabulary({self.name!r}, {list(self.categories)!r})"


@dataclass(frozen=True)
class FieldType:
    """One field type and its name in every system the package reaches.

    `polars` and `arrow` name a dtype attribute or factory of those libraries, resolved only
    when asked for, so that reading the metadata imports neither.
    """

    name: str
    polars: str
    arrow: str
    duckdb: str


FIELD_TYPES: dict[str, FieldType] = {t.name: t for t in (
    FieldType("string", polars="String", arrow="string", duckdb="VARCHAR"),
    FieldType("integer", polars="Int64", arrow="int64", duckdb="BIGINT"),
    FieldType("number", polars="Float64", arrow="float64", duckdb="DOUBLE"),
    FieldType("boolean", polars="Boolean", arrow="bool_", duckdb="BOOLEAN"),
    FieldType("date", polars="Date", arrow="date32", duckdb="DATE"),
)}


# The Chinese names of the units a field declares (`Field.unit`), for its Chinese description.
UNIT_NAMES_ZH = {"character": "字符", "byte": "字节"}


@dataclass(frozen=True)
class Field:
    """One column. `raw` columns are typed by the curator; the others are derived by the build.

    `pattern` must match the whole value (it is anchored wherever it is used); `iso_date`
    marks an ISO 8601 date or interval at reduced precision that must name real days.
    """

    name: str
    type: str
    description: str
    raw: bool = True
    required: bool = False
    unique: bool = False
    enum: Vocabulary | None = None
    minimum: float | None = None
    maximum: float | None = None
    pattern: str | None = None
    iso_date: bool = False
    unit: str | None = None
    description_zh: str | None = None

    def __post_init__(self) -> None:
        if self.type not in FIELD_TYPES:
            raise MetadataError(f"field {self.name}: unknown type {self.type}")
        text_only = {"enum": self.enum is not None, "pattern": self.pattern is not None,
                     "iso_date": self.iso_date}
        numeric_only = {"minimum": self.minimum is not None, "maximum": self.maximum is not None}
        wrong = ([k for k, v in text_only.items() if v and self.type != "string"]
                 + [k for k, v in numeric_only.items()
                    if v and self.type not in ("integer", "number")])
        if wrong:
            raise MetadataError(f"field {self.name}: {', '.join(wrong)} on a {self.type} field")
        if (self.minimum is not None and self.maximum is not None
                and self.minimum > self.maximum):
            raise MetadataError(f"field {self.name}: minimum above maximum")

    @property
    def field_type(self) -> FieldType:
        return FIELD_TYPES[self.type]

    def polars_dtype(self) -> Any:
        import polars as pl

        return getattr(pl, self.field_type.polars)

    def arrow_type(self) -> Any:
        import pyarrow as pa

        return getattr(pa, self.field_type.arrow)()

    @property
    def duckdb_type(self) -> str:
        return self.field_type.duckdb

    @property
    def described(self) -> str:
        """The description every consumer sees, with the unit spelled out where one applies."""
        return self.description + (f" Unit: {self.unit}." if self.unit else "")

    @property
    def described_zh(self) -> str | None:
        """The Chinese description with its unit, None where there is none yet."""
        if self.description_zh is None:
            return None
        if not self.unit:
            return self.description_zh
        unit_zh = UNIT_NAMES_ZH.get(self.unit, self.unit)
        return f"{self.description_zh}单位：{unit_zh}（{self.unit}）。"


@dataclass(frozen=True)
class ForeignKey:
    """Columns of this table that must match the primary key of `table` (may be itself)."""

    fields: tuple[str, ...]
    table: str
    reference_fields: tuple[str, ...]


@dataclass(frozen=True)
class Rule:
    """A named cross-column or cross-table rule; `etl.validate.rules` implements each name."""

    name: str
    description: str


@dataclass(frozen=True)
class Ordered:
    """Where both are filled, `low` is strictly less than `high` in every row."""

    low: str
    high: str

    @property
    def name(self) -> str:
        return f"{self.low}_before_{self.high}"

    @property
    def description(self) -> str:
        return f"Where both are filled, `{self.low}` < `{self.high}`."


@dataclass(frozen=True)
class Distinct:
    """`first` and `second` never hold the same value in one row (no relation to itself)."""

    first: str
    second: str

    @property
    def name(self) -> str:
        return f"{self.first}_is_not_{self.second}"

    @property
    def description(self) -> str:
        return f"`{self.first}` and `{self.second}` are never the same in one row."


@dataclass(frozen=True)
class StatusDate:
    """The status says on which side of the source's publication the date lies: a `past`
    status (a reported fact) is dated no later than publication, a `future` one (a target,
    a plan, a scheduled event) no earlier, at the precision of both dates."""

    status: str
    date: str
    past: tuple[str, ...]
    future: tuple[str, ...]

    @property
    def name(self) -> str:
        return f"{self.status}_against_{self.date}"

    @property
    def description(self) -> str:
        return (f"Where `{self.status}` is {' or '.join(self.past)}, `{self.date}` is not after "
                f"the source's publication; where it is {' or '.join(self.future)}, not "
                "before it.")


@dataclass(frozen=True)
class Bounds:
    """The values a quantity of one kind can take, in its canonical unit."""

    minimum: float | None
    maximum: float | None = None

    def holds(self, value: float) -> bool:
        return ((self.minimum is None or value >= self.minimum)
                and (self.maximum is None or value <= self.maximum))

    @property
    def text(self) -> str:
        if self.maximum is None:
            return "any value" if self.minimum is None else f"at least {self.minimum:g}"
        return f"from {self.minimum:g} to {self.maximum:g}"


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    title_zh: str
    description: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = ()
    rules: tuple[Rule, ...] = ()
    ordered: tuple[Ordered, ...] = ()
    row_order: tuple[str, ...] = field(default=())
    description_zh: str | None = None
    distinct: tuple[Distinct, ...] = ()
    status_dates: tuple[StatusDate, ...] = ()

    def __post_init__(self) -> None:
        """Every name the table declares is one of its fields, and each means one thing."""
        def fail(message: str) -> MetadataError:
            return MetadataError(f"table {self.name}: {message}")

        if not TABLE_NAME.fullmatch(self.name) or len(self.name) > MAX_SHEET_NAME:
            raise fail(f"a table name is snake_case and, as a sheet of the workbook, at most "
                       f"{MAX_SHEET_NAME} characters")
        names = [f.name for f in self.fields]
        if len(set(names)) != len(names):
            twice = sorted({n for n in names if names.count(n) > 1})
            raise fail(f"a field declared twice: {', '.join(twice)}")
        if not self.primary_key:
            raise fail("no primary key")
        named = {"primary key": self.primary_key, "row order": self.row_order,
                 **{f"foreign key to {fk.table}": fk.fields for fk in self.foreign_keys},
                 **{f"order {o.name}": (o.low, o.high) for o in self.ordered},
                 **{f"rule {d.name}": (d.first, d.second) for d in self.distinct},
                 **{f"rule {s.name}": (s.status, s.date) for s in self.status_dates}}
        for what, fields in named.items():
            if missing := [n for n in fields if n not in names]:
                raise fail(f"{what} names no field {', '.join(missing)}")
        for fk in self.foreign_keys:
            if len(fk.fields) != len(fk.reference_fields):
                raise fail(f"foreign key to {fk.table}: {len(fk.fields)} fields refer to "
                           f"{len(fk.reference_fields)}")
        for pair in [(o.low, o.high) for o in self.ordered] + [
                (d.first, d.second) for d in self.distinct]:
            if self.field(pair[0]).type != self.field(pair[1]).type:
                raise fail(f"{pair[0]} and {pair[1]} are compared but differ in type")
        for dated in self.status_dates:
            status = self.field(dated.status)
            codes = set(dated.past) | set(dated.future)
            if status.enum is None or codes != set(status.enum.codes) or (
                    set(dated.past) & set(dated.future)):
                raise fail(f"rule {dated.name}: every code of {dated.status} must be either "
                           "past or future")
            if not self.field(dated.date).iso_date:
                raise fail(f"rule {dated.name}: {dated.date} is not a date field")
        rules = [name for name, _ in self.declared_rules]
        if len(set(rules)) != len(rules):
            raise fail("a rule declared twice")

    @property
    def raw_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.raw)

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    @property
    def declared_rules(self) -> tuple[tuple[str, str], ...]:
        """(name, description) of every column order, declared meaning and named rule."""
        declared: tuple[Ordered | Distinct | StatusDate | Rule, ...] = (
            *self.ordered, *self.distinct, *self.status_dates, *self.rules)
        return tuple((r.name, r.description) for r in declared)

    @property
    def sort_keys(self) -> tuple[str, ...]:
        """Published row order: explicit, else the primary key."""
        return self.row_order or self.primary_key

    def polars_schema(self) -> dict[str, Any]:
        return {f.name: f.polars_dtype() for f in self.fields}


def checked(tables: Iterable[Table]) -> tuple[Table, ...]:
    """The tables, once every foreign key names a table and that table's primary key, in
    fields of the same types."""
    by_name: dict[str, Table] = {}
    for table in tables:
        if table.name in by_name:
            raise MetadataError(f"table {table.name} declared twice")
        by_name[table.name] = table
    for table in by_name.values():
        for fk in table.foreign_keys:
            target = by_name.get(fk.table)
            where = f"table {table.name}: foreign key {', '.join(fk.fields)}"
            if target is None:
                raise MetadataError(f"{where} refers to no table {fk.table}")
            if fk.reference_fields != target.primary_key:
                raise MetadataError(f"{where} refers to {', '.join(fk.reference_fields)}, not "
                                    f"the primary key of {fk.table} "
                                    f"({', '.join(target.primary_key)})")
            for mine, theirs in zip(fk.fields, fk.reference_fields, strict=True):
                if table.field(mine).type != target.field(theirs).type:
                    raise MetadataError(f"{where}: {mine} is not of the type of "
                                        f"{fk.table}.{theirs}")
    return tuple(by_name.values())
