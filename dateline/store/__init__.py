"""The store: a DuckDB database of articles and everything extracted from them.

``Store(path)`` opens (creating and migrating as needed) a database; see :mod:`.store` for the
API, :mod:`.queries` for the query filters and ``migrations/`` for the schema.
"""

from __future__ import annotations

from dateline.store.migrate import MigrationError
from dateline.store.queries import KINDS, FilterError, Filters
from dateline.store.store import (
    DEFAULT_PATH,
    Ingestion,
    Store,
    StoreError,
    StoreStats,
    WriteReport,
)

__all__ = [
    "DEFAULT_PATH",
    "KINDS",
    "FilterError",
    "Filters",
    "Ingestion",
    "MigrationError",
    "Store",
    "StoreError",
    "StoreStats",
    "WriteReport",
]
