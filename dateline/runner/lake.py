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


_LAKE_EVENTS_SQL = """
WITH ev AS (
    SELECT json_extract_string(record, '$.doc_id') AS doc_id,
           json_extract_string(record, '$.outlet') AS outlet,
           unnest(json_extract(record, '$.events[*]')) AS e
    FROM articles
), flat AS (
    SELECT doc_id, outlet,
           json_extract_string(e, '$.type') AS type,
           json_extract_string(e, '$.mode') AS mode,
           json_extract_string(e, '$.date') AS date,
           json_extract_string(e, '$.source[*].name')::VARCHAR AS source,
           json_extract_string(e, '$.source[*].country')::VARCHAR AS source_country,
           json_extract_string(e, '$.target[*].name')::VARCHAR AS target,
           json_extract_string(e, '$.target[*].country')::VARCHAR AS target_country,
           json_extract_string(e, '$.evidence.sentence') AS sentence
    FROM ev
)
SELECT * FROM flat
WHERE (?::VARCHAR IS NULL OR type = ?)
  AND (?::VARCHAR IS NULL OR date >= ?)
  AND (?::VARCHAR IS NULL OR substr(date, 1, length(?)) <= ?)
  AND (?::VARCHAR IS NULL OR lower(outlet) = lower(?))
  AND (?::VARCHAR IS NULL OR strpos(lower(source || ' ' || target), lower(?)) > 0)
  AND (?::VARCHAR IS NULL OR strpos(source_country || target_country, upper(?)) > 0)
ORDER BY date, doc_id
"""


def query_lake_events(
    lake: str | Path,
    *,
    type: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    outlet: str | None = None,
    entity: str | None = None,
    country: str | None = None,
    limit: int = 50,
) -> list[dict[str, Any]]:
    """Events of a Parquet lake, flattened and filtered (all values bound, never formatted)."""
    con = connect_lake(lake)
    params: list[str | int | None] = [type, type, date_from, date_from, date_to, date_to, date_to,
              outlet, outlet, entity, entity, country, country]  # fmt: skip
    sql = _LAKE_EVENTS_SQL + (" LIMIT ?" if limit else "")
    if limit:
        params.append(limit)
    cur = con.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
