"""Table and package metadata: the one place every schema and document is derived from."""

from etl.metadata.model import FIELD_TYPES, Field, FieldType, ForeignKey, Ordered, Rule, Table
from etl.metadata.tables import TABLES, TABLES_BY_NAME
from etl.metadata.views import VIEWS, VIEWS_BY_NAME, View

__all__ = ["FIELD_TYPES", "TABLES", "TABLES_BY_NAME", "VIEWS", "VIEWS_BY_NAME", "Field",
           "FieldType", "ForeignKey", "Ordered", "Rule", "Table", "View"]
