"""Export the store as output-v1 JSON Lines, or as flat CSV / Parquet files, one per table."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Literal, TextIO

from dateline.output import to_output
from dateline.store import Store

TableFormat = Literal["csv", "parquet"]

_ACTORS = """
    SELECT doc_id, event_id,
        string_agg(name, '; ' ORDER BY position) FILTER (WHERE role = 'source') AS source,
        string_agg(country, '; ' ORDER BY position) FILTER (WHERE role = 'source')
            AS source_country,
        string_agg(sector, '; ' ORDER BY position) FILTER (WHERE role = 'source') AS source_sector,
        string_agg(name, '; ' ORDER BY position) FILTER (WHERE role = 'target') AS target,
        string_agg(country, '; ' ORDER BY position) FILTER (WHERE role = 'target')
            AS target_country,
        string_agg(sector, '; ' ORDER BY position) FILTER (WHERE role = 'target') AS target_sector
    FROM event_actors GROUP BY doc_id, event_id
"""

# Flat layouts. Offsets are named start/end as in output-v1; rows follow write order.
TABLES: dict[str, str] = {
    "events": f"""
        WITH actors AS ({_ACTORS})
        SELECT e.doc_id, e.event_id, e.type, e.mode, e.date, e.date_basis,
            e.date_start, e.date_end,
            x.source, x.source_country, x.source_sector,
            x.target, x.target_country, x.target_sector,
            e.location_name, e.location_country, e.location_lat, e.location_lon,
            e.location_kind, e.negated, e.future, e.hypothetical, e.attributed_to,
            e.confidence, e.act_type,
            e.sentence_index, e.start_char AS start, e.end_char AS "end",
            e.trigger, e.trigger_start, e.trigger_end, e.sentence_text AS sentence,
            e.counts, d.published, d.outlet, d.url, d.title
        FROM events e
        JOIN documents d ON d.doc_id = e.doc_id
        LEFT JOIN actors x ON x.doc_id = e.doc_id AND x.event_id = e.event_id
        ORDER BY d.seq, e.position
    """,
    "event_actors": """
        SELECT a.doc_id, a.event_id, a.role, a.position, a.text, a.name, a.country, a.sector,
            a.start_char AS start, a.end_char AS "end"
        FROM event_actors a
        JOIN documents d ON d.doc_id = a.doc_id
        ORDER BY d.seq, a.event_id, a.role, a.position
    """,
    "entities": """
        SELECT n.doc_id, n.position, n.text, n.label, n.canonical, n.country, n.sector,
            n.start_char AS start, n.end_char AS "end", d.published, d.outlet
        FROM entities n
        JOIN documents d ON d.doc_id = n.doc_id
        ORDER BY d.seq, n.position
    """,
    "documents": """
        SELECT doc_id, published, published_at, outlet, title, url, language, status, reason,
            origin, text_hash, content_hash, warnings, ingested_at, run_id, text
        FROM documents
        ORDER BY seq
    """,
    "quotes": """
        SELECT q.doc_id, q.position, q.speaker, q.cue, q.text, q.start_char AS start,
            q.end_char AS "end", q.speaker_start, q.speaker_end, d.published, d.outlet
        FROM quotes q
        JOIN documents d ON d.doc_id = q.doc_id
        ORDER BY d.seq, q.position
    """,
    "counts": """
        SELECT c.doc_id, c.position, c.value, c.is_integer, c.qualifier, c.what, c.text,
            c.start_char AS start, c.end_char AS "end", d.published, d.outlet
        FROM counts c
        JOIN documents d ON d.doc_id = c.doc_id
        ORDER BY d.seq, c.position
    """,
    "dates": """
        SELECT t.doc_id, t.position, t.text, t.value, t.basis, t.granularity,
            t.start_char AS start, t.end_char AS "end", d.published
        FROM dates t
        JOIN documents d ON d.doc_id = t.doc_id
        ORDER BY d.seq, t.position
    """,
    "attributions": """
        SELECT t.doc_id, t.position, t.source, t.cue, t.sentence_index,
            t.start_char AS start, t.end_char AS "end", d.published, d.outlet
        FROM attributions t
        JOIN documents d ON d.doc_id = t.doc_id
        ORDER BY d.seq, t.position
    """,
    "sentences": """
        SELECT s.doc_id, s.position AS sentence_index, s.start_char AS start,
            s.end_char AS "end", s.language, s.parsed,
            substring(d.text, s.start_char + 1, s.end_char - s.start_char) AS text
        FROM sentences s
        JOIN documents d ON d.doc_id = s.doc_id
        ORDER BY d.seq, s.position
    """,
    "errors": """
        SELECT run_id, recorded_at, severity, stage, origin, record_id, reason
        FROM errors
        ORDER BY recorded_at
    """,
    "runs": """
        SELECT run_id, started, finished, status, command, inputs, counts, version
        FROM runs
        ORDER BY started
    """,
}

# the merged view (deduplicated events, their mentions, stories, contradictions; issue 4)
from dateline.store.merged import EXPORT_TABLES  # noqa: E402

TABLES.update(EXPORT_TABLES)


def export_jsonl(store: Store, out: TextIO) -> int:
    """Write every stored article as an output-v1 JSON line; returns the number written."""
    n = 0
    for result in store.results():
        out.write(json.dumps(to_output(result), ensure_ascii=False) + "\n")
        n += 1
    return n


def export_tables(
    store: Store,
    directory: str | Path,
    fmt: TableFormat,
    tables: Sequence[str] | None = None,
) -> dict[str, Path]:
    """Write one ``<table>.<fmt>`` file per table into ``directory``; returns the paths.

    ``tables`` picks some of :data:`TABLES` (default: all of them).
    """
    if fmt not in ("csv", "parquet"):
        raise ValueError(f"unknown table format {fmt!r} (csv or parquet)")
    chosen = list(tables) if tables else list(TABLES)
    unknown = [t for t in chosen if t not in TABLES]
    if unknown:
        raise ValueError(f"unknown table(s) {', '.join(unknown)}; one of: {', '.join(TABLES)}")
    out_dir = Path(directory)
    out_dir.mkdir(parents=True, exist_ok=True)
    return {name: export_table(store, name, out_dir / f"{name}.{fmt}", fmt) for name in chosen}


def export_table(store: Store, table: str, path: str | Path, fmt: TableFormat) -> Path:
    """Write one of :data:`TABLES` to a single CSV or Parquet file; returns its path."""
    if table not in TABLES:
        raise ValueError(f"unknown table {table!r}; one of: {', '.join(TABLES)}")
    if fmt not in ("csv", "parquet"):
        raise ValueError(f"unknown table format {fmt!r} (csv or parquet)")
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    relation = store.connection.sql(TABLES[table])
    if fmt == "csv":
        relation.write_csv(str(target), header=True)
    else:
        relation.write_parquet(str(target))
    return target
