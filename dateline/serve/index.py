"""The serve index: in-memory tables that make filtered event queries fast on large stores.

Built from the store (``events``, ``documents``, ``event_actors``, and the merged view when it
exists) when the server starts and again after each write; a build makes a new *generation*
of three tables in DuckDB's in-memory catalog, and requests use the newest one, so reads never
wait for a build. Nothing is written to the store file.

- ``serve_ev_<g>``: one row per event: the columns of a list item, the effective day
  (``date_start``, else the publication date), the lower-cased outlet, the lower-cased
  sentence + title for free-text search, the merged event and its outlets, and integer ranks
  for each sort order (ties broken on doc_id, event_id). Rows are stored in ``rk_date``
  order, so fetching a page's rows by rank reads only the row groups that hold them (zone
  maps): a page is found on narrow columns first, then its rows are fetched whole — DuckDB
  would otherwise read every column of every matching row before the LIMIT.
- ``serve_ea_<g>``: one row per source/target actor (ids only: what a page shows is in the
  item), keyed (and sorted) by the event's ``rk_date``, with the
  actor, country and sector as integer ids (string comparison over millions of rows is the slow
  part otherwise; ``serve_code_<g>`` numbers the country and sector codes).
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


_ACTOR = (
    "struct_pack(text := text, name := name, country := country, sector := sector, "
    'start := start_char, "end" := end_char)'
)


_ITEM = """struct_pack(
    doc_id, event_id, type := type::VARCHAR, mode, date, date_basis, day,
    location := CASE WHEN location_name IS NULL AND location_lat IS NULL THEN NULL ELSE
        struct_pack(name := location_name, country := location_country, lat := location_lat,
                    lon := location_lon, kind := location_kind) END,
    negated, future, hypothetical, attributed_to, act_type, confidence, sentence_index,
    sentence := sentence_text, start_char, end_char,
    "trigger" := struct_pack(text := "trigger", start := trigger_start, "end" := trigger_end),
    sources, targets, outlet, title, url, published, merged_event_id, n_outlets
)"""


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
    tmp = f"memory.main.serve_tmp_{t.generation}"
    return [
        # narrow keys first: sorting them is cheap. (The rank is row_number() over the order,
        # not rowid + 1 of a sorted table: inside the build's transaction new tables' rowids
        # are transaction-local numbers.)
        f"""
        CREATE TABLE {tmp}_k AS
        SELECT e.rowid AS erid, e.doc_id, e.event_id, e.type, e.confidence,
               coalesce(e.date_start, d.published) AS day
        FROM events e JOIN documents d ON d.doc_id = e.doc_id
        """,
        f"""
        CREATE TABLE {tmp}_rk AS
        SELECT erid,
               row_number() OVER (ORDER BY day DESC NULLS LAST, doc_id DESC, event_id DESC)
                   ::INTEGER AS rk_date,
               row_number() OVER (ORDER BY type, doc_id, event_id)::INTEGER AS rk_type,
               row_number() OVER (ORDER BY confidence, doc_id, event_id)::INTEGER AS rk_conf
        FROM {tmp}_k
        """,
        f"""
        CREATE TABLE {tmp}_ea AS
        SELECT r.rk_date, a.role = 'target' AS is_target, a.position, lower(a.name) AS name_l,
               a.name, a.text, upper(a.country) AS country, upper(a.sector) AS sector,
               a.start_char, a.end_char
        FROM event_actors a
        JOIN {tmp}_k k ON k.doc_id = a.doc_id AND k.event_id = a.event_id
        JOIN {tmp}_rk r ON r.erid = k.erid
        """,
        # each event's sources and targets as lists, so a page needs no second query
        f"""
        CREATE TABLE {tmp}_al AS
        SELECT rk_date,
               list({_ACTOR} ORDER BY position) FILTER (WHERE NOT is_target) AS sources,
               list({_ACTOR} ORDER BY position) FILTER (WHERE is_target) AS targets
        FROM {tmp}_ea GROUP BY rk_date
        """,
        # types and outlets as ENUMs: comparing small integers, not strings, over every row
        f"""CREATE TYPE {tmp}_types AS ENUM (
            SELECT DISTINCT type FROM events WHERE type IS NOT NULL ORDER BY 1)""",
        f"""CREATE TYPE {tmp}_outlets AS ENUM (
            SELECT DISTINCT lower(outlet) FROM documents WHERE outlet IS NOT NULL ORDER BY 1)""",
        f"""
        CREATE TABLE {tmp}_w AS
        SELECT r.rk_date, r.rk_type, r.rk_conf,
               e.doc_id, e.event_id, e.type::{tmp}_types AS type, e.mode, e.date, e.date_basis,
               coalesce(e.date_start, d.published) AS day,
               coalesce(e.date_end, e.date_start, d.published) AS day_end,
               e.location_name, e.location_country, e.location_lat, e.location_lon,
               e.location_kind, e.negated, e.future, e.hypothetical, e.attributed_to,
               e.act_type, e.confidence, e.sentence_index, e.sentence_text, e.start_char, e.end_char,
               e.trigger, e.trigger_start, e.trigger_end, d.outlet,
               lower(d.outlet)::{tmp}_outlets AS outlet_l, d.title, d.url, d.published,
               lower(e.sentence_text || ' ' || coalesce(d.title, '')) AS txt,
               coalesce(al.sources, []) AS sources, coalesce(al.targets, []) AS targets,
               {merged_cols}
        FROM events e
        JOIN {tmp}_rk r ON r.erid = e.rowid
        LEFT JOIN {tmp}_al al ON al.rk_date = r.rk_date
        JOIN documents d ON d.doc_id = e.doc_id
        {merged_join}
        ORDER BY r.rk_date
        """,
        *(f"DROP TABLE {tmp}_{part}" for part in ("al", "rk", "k")),
        # the filter and aggregate columns (a CREATE TABLE from a sorted table keeps its order)
        f"""
        CREATE TABLE {t.ev} AS
        SELECT rk_date, rk_type, rk_conf, doc_id, event_id, type, mode, day, day_end,
               location_name, location_country, location_lat, location_lon, negated, future,
               hypothetical, confidence, outlet_l, txt, merged_event_id, n_outlets
        FROM {tmp}_w
        """,
        # each event's list item, as JSON (the API's EventItem): a page is a handful of point
        # lookups of one short column, instead of 30 columns read in whole vectors
        f"""
        CREATE TABLE {t.items} AS
        SELECT rk_date, to_json({_ITEM}) AS item FROM {tmp}_w
        """,
        f"DROP TABLE {tmp}_w",
        f"CREATE INDEX serve_items_rk_{t.generation} ON {t.items} (rk_date)",
        f"""
        CREATE TABLE {t.adim} AS
        WITH per_event AS (
            SELECT name_l, rk_date, bool_or(NOT is_target) AS as_source,
                   bool_or(is_target) AS as_target
            FROM {tmp}_ea GROUP BY name_l, rk_date
        ),
        counts AS (
            SELECT name_l, count(*) AS n_events, count_if(as_source) AS n_as_source,
                   count_if(as_target) AS n_as_target
            FROM per_event GROUP BY name_l
        ),
        codes AS (
            SELECT name_l, mode(name) AS name, mode(country) AS country, mode(sector) AS sector
            FROM {tmp}_ea GROUP BY name_l
        ),
        names AS (SELECT * FROM counts JOIN codes USING (name_l))
        SELECT row_number() OVER (ORDER BY n_events DESC, name_l)::INTEGER AS aid, * FROM names
        """,
        f"""
        CREATE TABLE {t.codes} AS
        SELECT row_number() OVER (ORDER BY code)::SMALLINT AS id, code
        FROM (SELECT country AS code FROM {tmp}_ea UNION SELECT sector FROM {tmp}_ea)
        WHERE code IS NOT NULL
        """,
        f"""
        CREATE TABLE {t.ea} AS
        SELECT a.rk_date, a.is_target, d.aid, c.id AS cid, s.id AS sid
        FROM {tmp}_ea a JOIN {t.adim} d ON d.name_l = a.name_l
        LEFT JOIN {t.codes} c ON c.code = a.country
        LEFT JOIN {t.codes} s ON s.code = a.sector
        ORDER BY a.rk_date, a.is_target, a.position
        """,
        # (id, role, event) sorted by id: a filter on one actor, country or sector reads only the
        # row groups that hold it (zone maps), not the whole actor table
        *(
            f"""CREATE TABLE {t.by(column)} AS SELECT {column}, is_target, rk_date FROM {t.ea}
                WHERE {column} IS NOT NULL ORDER BY {column}, rk_date"""
            for column in ("aid", "cid", "sid")
        ),
        f"DROP TABLE {tmp}_ea",
    ]


def build(con: duckdb.DuckDBPyConnection, t: Tables) -> None:
    """Build generation ``t``; ``con``'s default database is the store. Run it in a
    transaction: its statements then read one snapshot of the store, and a failure part-way
    is undone by the rollback."""
    merged = _has_table(con, "merged_events") and _has_table(con, "merged_mentions")
    for sql in build_sql(t, merged=merged):
        con.execute(sql)


def drop(con: duckdb.DuckDBPyConnection, t: Tables) -> None:
    tmp = f"memory.main.serve_tmp_{t.generation}"
    temps = [f"{tmp}_{part}" for part in ("w", "al", "ea", "rk", "k")]
    by = [t.by(column) for column in ("aid", "cid", "sid")]
    for name in (*by, t.ea, t.codes, t.adim, t.items, t.ev, *temps):
        con.execute(f"DROP TABLE IF EXISTS {name}")
    for kind in ("types", "outlets"):
        con.execute(f"DROP TYPE IF EXISTS {tmp}_{kind}")
