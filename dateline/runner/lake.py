"""Reading a dateline Parquet lake (written by ``--engine dask``) with DuckDB."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

__all__ = ["connect_lake", "lake_records"]


def connect_lake(lake: str | Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with a view ``articles`` over the lake.

    ``articles`` has the lake's columns plus ``published_date`` (from the folder names).
    Events: ``SELECT unnest(json_extract(record, '$.events[*]')) FROM articles``.
    """
    root = Path(lake)
    if not any(root.glob("published_date=*/*.parquet")):
        raise FileNotFoundError(f"no Parquet lake in {lake} (expected published_date=*/ folders)")
    con = duckdb.connect()
    pattern = str(root / "published_date=*" / "*.parquet").replace("'", "''")
    con.execute(
        f"CREATE VIEW articles AS SELECT * FROM read_parquet('{pattern}', hive_partitioning = true)"
    )
    return con


def lake_records(lake: str | Path) -> list[dict[str, Any]]:
    """Every output-v1 record in the lake, in input order."""
    import json

    con = connect_lake(lake)
    rows = con.execute("SELECT record FROM articles ORDER BY seq").fetchall()
    return [json.loads(r[0]) for r in rows]
