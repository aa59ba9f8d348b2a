"""Table and package metadata: the one place every schema and document is derived from."""

from etl.metadata.model import Field, ForeignKey, Rule, Table
from etl.metadata.tables import TABLES, TABLES_BY_NAME

__all__ = ["TABLES", "TABLES_BY_NAME", "Field", "ForeignKey", "Rule", "Table"]
