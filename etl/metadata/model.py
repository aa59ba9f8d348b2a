"""The vocabulary of table metadata: every schema, suite and document is derived from these."""

from __future__ import annotations

from dataclasses import dataclass, field

FIELD_TYPES = ("string", "integer", "number", "boolean", "date")


@dataclass(frozen=True)
class Field:
    """One column. `raw` columns are typed by the curator; the others are derived by the build."""

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
    unit: str | None = None
    title: str | None = None

    def __post_init__(self) -> None:
        if self.type not in FIELD_TYPES:
            raise ValueError(f"field {self.name}: unknown type {self.type}")


@dataclass(frozen=True)
class ForeignKey:
    """Columns of this table that must match the primary key of `table` (may be itself)."""

    fields: tuple[str, ...]
    table: str
    reference_fields: tuple[str, ...]


@dataclass(frozen=True)
class Rule:
    """A named cross-column or cross-table rule; `etl.checks` implements each name."""

    name: str
    description: str


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
    row_order: tuple[str, ...] = field(default=())

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
    def sort_keys(self) -> tuple[str, ...]:
        """Published row order: explicit, else the primary key."""
        return self.row_order or self.primary_key
