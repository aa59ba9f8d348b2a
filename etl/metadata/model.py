"""The vocabulary of table metadata: every schema, suite and document is derived from these."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


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
    enum: tuple[str, ...] | None = None
    minimum: float | None = None
    maximum: float | None = None
    pattern: str | None = None
    iso_date: bool = False
    unit: str | None = None
    description_zh: str | None = None

    def __post_init__(self) -> None:
        if self.type not in FIELD_TYPES:
            raise ValueError(f"field {self.name}: unknown type {self.type}")

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
        """(name, description) of every column order and named rule, orders first."""
        declared: tuple[Ordered | Rule, ...] = (*self.ordered, *self.rules)
        return tuple((r.name, r.description) for r in declared)

    @property
    def sort_keys(self) -> tuple[str, ...]:
        """Published row order: explicit, else the primary key."""
        return self.row_order or self.primary_key

    def polars_schema(self) -> dict[str, Any]:
        return {f.name: f.polars_dtype() for f in self.fields}
