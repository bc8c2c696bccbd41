"""The serve index: in-memory tables that make filtered event queries fast on large stores.

Built from the store (``events``, ``documents``, ``event_actors``, and the merged view when it
exists) when the server starts and again after each write; a build makes a new *generation*
of three tables in DuckDB's in-memory catalog, and requests use the newest one, so reads never
wait for a build. Nothing is written to the store file.

- ``serve_ev_<g>``: one row per event: the columns of a list item, the effective day
  (``date_start``, else the publication date), the lower-cased outlet, the lower-cased
  sentence + title for free-text search, the merged event and its outlets, and integer ranks
  for each sort order (ties broken on doc_id, event_id); rows are stored in ``rk_date`` order
  so that zone maps prune pages of the default sort.
- ``serve_ea_<g>``: one row per source/target actor, keyed by the event's ``rk_date``, with the
  actor as an integer id (string comparison over millions of rows is the slow part otherwise).
- ``serve_actor_<g>``: one row per actor name (case-insensitive) with its counts.
"""

from __future__ import annotations

import duckdb

from dateline.serve.queries import Tables


def _has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    row = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_catalog = current_database() "
        "AND table_name = ?",
        [name],
    ).fetchone()
    return bool(row and row[0])


def build_sql(t: Tables, *, merged: bool) -> list[str]:
    """The statements that build generation ``t`` (run on a cursor whose default db is the store)."""
    merged_join = (
        """LEFT JOIN (
            SELECT mm.doc_id, mm.mention_id, me.event_id AS merged_event_id, me.n_outlets
            FROM merged_mentions mm JOIN merged_events me ON me.event_id = mm.event_id
        ) m ON m.doc_id = e.doc_id AND m.mention_id = e.event_id"""
        if merged
        else ""
    )
    merged_cols = (
        "m.merged_event_id, m.n_outlets"
        if merged
        else "NULL::VARCHAR AS merged_event_id, NULL::INTEGER AS n_outlets"
    )
    return [
        f"""
        CREATE TABLE {t.ev} AS
        WITH base AS (
            SELECT e.doc_id, e.event_id, e.type, e.mode, e.date, e.date_basis,
                   coalesce(e.date_start, d.published) AS day,
                   coalesce(e.date_end, e.date_start, d.published) AS day_end,
                   e.location_name, e.location_country, e.location_lat, e.location_lon,
                   e.location_kind, e.negated, e.future, e.hypothetical, e.attributed_to,
                   e.confidence, e.sentence_index, e.sentence_text, e.start_char, e.end_char,
                   e.trigger, e.trigger_start, e.trigger_end, d.outlet,
                   lower(d.outlet) AS outlet_l, d.title, d.url, d.published,
                   lower(e.sentence_text || ' ' || coalesce(d.title, '')) AS txt,
                   {merged_cols}
            FROM events e JOIN documents d ON d.doc_id = e.doc_id
            {merged_join}
        )
        SELECT *,
            row_number() OVER (ORDER BY day DESC NULLS LAST, doc_id DESC, event_id DESC)::INTEGER
                AS rk_date,
            row_number() OVER (ORDER BY type, doc_id, event_id)::INTEGER AS rk_type,
            row_number() OVER (ORDER BY confidence, doc_id, event_id)::INTEGER AS rk_conf
        FROM base ORDER BY rk_date
        """,
        f"""
        CREATE TABLE {t.adim} AS
        WITH names AS (
            SELECT lower(a.name) AS name_l, mode(a.name) AS name,
                   count(DISTINCT (a.doc_id, a.event_id)) AS n_events,
                   count(DISTINCT (a.doc_id, a.event_id)) FILTER (WHERE a.role = 'source')
                       AS n_as_source,
                   count(DISTINCT (a.doc_id, a.event_id)) FILTER (WHERE a.role = 'target')
                       AS n_as_target,
                   mode(a.country) AS country, mode(a.sector) AS sector
            FROM event_actors a GROUP BY lower(a.name)
        )
        SELECT row_number() OVER (ORDER BY n_events DESC, name_l)::INTEGER AS aid,
               row_number() OVER (ORDER BY n_events DESC, name_l)::INTEGER AS pos, *
        FROM names
        """,
        f"""
        CREATE TABLE {t.ea} AS
        SELECT v.rk_date, a.role = 'target' AS is_target, a.position, d.aid, a.text,
               upper(a.country) AS country, upper(a.sector) AS sector, a.start_char, a.end_char
        FROM event_actors a
        JOIN {t.ev} v ON v.doc_id = a.doc_id AND v.event_id = a.event_id
        JOIN {t.adim} d ON d.name_l = lower(a.name)
        ORDER BY v.rk_date, is_target, a.position
        """,
    ]


def build(con: duckdb.DuckDBPyConnection, t: Tables) -> None:
    """Build generation ``t``; ``con``'s default database is the store."""
    merged = _has_table(con, "merged_events") and _has_table(con, "merged_mentions")
    try:
        for sql in build_sql(t, merged=merged):
            con.execute(sql)
    except BaseException:
        drop(con, t)
        raise


def drop(con: duckdb.DuckDBPyConnection, t: Tables) -> None:
    for name in (t.ea, t.adim, t.ev):
        con.execute(f"DROP TABLE IF EXISTS {name}")
