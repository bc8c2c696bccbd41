"""Exports from the store.

- ``export_jsonl(store, out)``: output-v1 JSON Lines, one object per stored article, rebuilt from
  the tables — the same objects ``dateline extract`` writes for those articles.
- ``export_tables(store, directory, fmt)``: one flat file per table (CSV or Parquet) in a
  folder: ``events``, ``event_actors``, ``entities``, ``documents``, ``quotes``, ``counts``,
  ``dates``, ``attributions``, ``sentences``, ``errors``, ``runs``.
- ``export_table(store, table, path, fmt)``: one of those tables to one file.

See docs/cli.md for the columns.
"""

from __future__ import annotations

from dateline.export.tables import TABLES, export_jsonl, export_table, export_tables

__all__ = ["TABLES", "export_jsonl", "export_table", "export_tables"]
