"""The row count of every published table of the real data: pinned here, and only here.

A change of the raw data that adds or removes rows changes these on purpose (and the
README's table of contents and the data version with them).
"""

ROW_COUNTS = {
    "sources": 1,
    "units": 33,
    "entities": 109,
    "entity_aliases": 171,
    "corrections": 32,
    "figures": 82,
    "events": 19,
    "relations": 92,
    "lists": 67,
    "list_items": 263,
    "figure_entities": 88,
    "event_entities": 26,
    "alias_occurrences": 5,
    "correction_links": 99,
}
