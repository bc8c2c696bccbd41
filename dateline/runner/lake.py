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


def main(argv: list[str] | None = None) -> int:
    """``python -m dateline.runner.lake LAKE "SQL"``: run SQL over the view ``articles``."""
    import sys

    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print(
            'usage: python -m dateline.runner.lake LAKE "SELECT ... FROM articles"', file=sys.stderr
        )
        return 2
    cursor = connect_lake(args[0]).execute(args[1])
    print("\t".join(d[0] for d in cursor.description or ()))
    for row in cursor.fetchall():
        print("\t".join("" if v is None else str(v) for v in row))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
