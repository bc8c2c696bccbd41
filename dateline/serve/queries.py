"""SQL for the API, as pure builders: each returns ``(sql, params)``; every user value is a bound
parameter (``?``), never interpolated. The only names interpolated are the index tables'
(:class:`Tables`, made by the server, never from a request) and fixed column names from the
whitelists below.

Event queries run on the serve index (see :mod:`dateline.serve.index`): ``ev`` has one row per
event with everything a list item shows plus integer ranks (``rk_date``, ``rk_type``,
``rk_conf``) that give the sort orders with their (doc_id, event_id) tie-break, so a page is
``WHERE rank > last ORDER BY rank LIMIT n`` — a keyset cursor that stays fast on deep pages.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from dateline.store.queries import Where

Sql = tuple[str, list[Any]]
Role = Literal["source", "target", "any"]

# sort name -> (rank column, direction). rk_date ranks newest first; the others ascending.
SORTS: dict[str, tuple[str, str]] = {
    "-date": ("rk_date", "ASC"),
    "date": ("rk_date", "DESC"),
    "type": ("rk_type", "ASC"),
    "-type": ("rk_type", "DESC"),
    "confidence": ("rk_conf", "ASC"),
    "-confidence": ("rk_conf", "DESC"),
}
DEFAULT_SORT = "-date"

COOPERATION = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST")
CONFLICT = ("ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")


class QueryError(ValueError):
    """A request value the query cannot use (a bad cursor, an unknown sort)."""


@dataclass(frozen=True, slots=True)
class Tables:
    """Names of one generation of the serve index (in the in-memory catalog)."""

    generation: int

    @property
    def ev(self) -> str:
        return f"memory.main.serve_ev_{self.generation}"

    @property
    def ea(self) -> str:
        return f"memory.main.serve_ea_{self.generation}"

    @property
    def items(self) -> str:
        return f"memory.main.serve_item_{self.generation}"

    @property
    def adim(self) -> str:
        return f"memory.main.serve_actor_{self.generation}"

    @property
    def codes(self) -> str:
        return f"memory.main.serve_code_{self.generation}"

    def by(self, column: Literal["aid", "cid", "sid"]) -> str:
        """(column, is_target, rk_date) of the actor table, sorted by ``column``."""
        return f"memory.main.serve_by_{column}_{self.generation}"


@dataclass(frozen=True, slots=True)
class EventFilters:
    types: tuple[str, ...] = ()
    mode: str | None = None
    actor: str | None = None
    role: Role = "any"
    country: str | None = None
    source_country: str | None = None
    target_country: str | None = None
    sector: str | None = None
    source_sector: str | None = None
    target_sector: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    outlet: str | None = None
    doc_id: str | None = None
    q: str | None = None
    corroborated: bool | None = None
    negated: bool | None = None
    future: bool | None = None
    hypothetical: bool | None = None


def split_types(values: list[str] | None) -> tuple[str, ...]:
    """``?type=A&type=B,C`` -> ("A", "B", "C"), upper-cased, without blanks or repeats."""
    out: list[str] = []
    for value in values or []:
        for part in value.split(","):
            t = part.strip().upper()
            if t and t not in out:
                out.append(t)
    return tuple(out)


def _actor_subquery(t: Tables, column: Literal["aid", "cid", "sid"], role: Role) -> str:
    role_sql = {"source": " AND NOT a.is_target", "target": " AND a.is_target", "any": ""}[role]
    return f"SELECT a.rk_date FROM {t.by(column)} a WHERE a.{column} = ?{role_sql}"


ID_FILTERS: tuple[tuple[str, Literal["aid", "cid", "sid"], Role], ...] = (
    # filter field, ea column, role
    ("actor", "aid", "any"),
    ("country", "cid", "any"),
    ("source_country", "cid", "source"),
    ("target_country", "cid", "target"),
    ("sector", "sid", "any"),
    ("source_sector", "sid", "source"),
    ("target_sector", "sid", "target"),
)

Ids = dict[str, int | None]


def id_lookup(f: EventFilters, t: Tables) -> Sql | None:
    """One row with the integer id of each actor / country / sector filter value (NULL when
    the store has no such value), or None when ``f`` has none of these filters. Resolving them
    first lets the actor table be scanned with a constant (pushed into the scan)."""
    parts: list[str] = []
    params: list[Any] = []
    for name, column, _ in ID_FILTERS:
        value = getattr(f, name)
        if not value:
            continue
        if column == "aid":
            parts.append(f"(SELECT aid FROM {t.adim} WHERE name_l = lower(?)) AS {name}")
        else:
            parts.append(f"(SELECT id FROM {t.codes} WHERE code = upper(?)) AS {name}")
        params.append(value)
    return ("SELECT " + ", ".join(parts), params) if parts else None


def actor_set(f: EventFilters, t: Tables, ids: Ids | None) -> Sql | None:
    """The events (``rk_date``, distinct) that pass every actor / country / sector filter of
    ``f``, or None when it has none. Each condition is read from a table sorted by its id, and
    the sets are intersected before the events table is touched."""
    subqueries: list[str] = []
    params: list[Any] = []
    for name, column, role in ID_FILTERS:
        if not getattr(f, name):
            continue
        if ids is None or name not in ids:
            raise QueryError(f"the {name} filter needs its id (id_lookup)")
        subqueries.append(_actor_subquery(t, column, f.role if name == "actor" else role))
        params.append(ids[name])
    if not subqueries:
        return None
    if len(subqueries) == 1:
        return f"SELECT DISTINCT rk_date FROM ({subqueries[0]})", params
    return " INTERSECT ".join(subqueries), params


def other_where(f: EventFilters) -> Where:
    """The conditions of ``f`` on the events table itself (aliased ``v``)."""
    w = Where()
    if f.types:
        w.add(f"v.type IN ({', '.join('?' for _ in f.types)})", *f.types)
    if f.mode:
        w.add("lower(v.mode) = lower(?)", f.mode)
    if f.date_from:
        w.add("v.day_end >= ?", f.date_from)
    if f.date_to:
        w.add("v.day <= ?", f.date_to)
    if f.outlet:
        w.add("v.outlet_l = ?", f.outlet.lower())
    if f.doc_id:
        w.add("v.doc_id = ?", f.doc_id)
    if f.q:
        w.add("contains(v.txt, lower(?))", f.q)
    if f.corroborated is not None:
        w.add("coalesce(v.n_outlets, 0) >= 2" if f.corroborated else "coalesce(v.n_outlets, 0) < 2")
    for flag in ("negated", "future", "hypothetical"):
        value = getattr(f, flag)
        if value is not None:
            w.add(f"v.{flag} = ?", value)
    return w


def event_where(f: EventFilters, t: Tables, ids: Ids | None = None) -> Where:
    """The WHERE clause of ``f`` on the index table aliased ``v``; ``ids`` are the results of
    :func:`id_lookup` (required when ``f`` filters on actors, countries or sectors)."""
    w = other_where(f)
    actors = actor_set(f, t, ids)
    if actors is not None:
        w.add(f"v.rk_date IN ({actors[0]})", *actors[1])
    return w


# ---------------------------------------------------------------- cursors


@dataclass(frozen=True, slots=True)
class Cursor:
    """Where a page ended: the sort, the index generation, the last row's rank and key."""

    sort: str
    generation: int
    rank: int
    doc_id: str
    event_id: str

    def encode(self) -> str:
        raw = json.dumps([self.sort, self.generation, self.rank, self.doc_id, self.event_id])
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, value: str) -> Cursor:
        try:
            raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
            sort, gen, rank, doc_id, event_id = json.loads(raw)
        except (ValueError, TypeError, binascii.Error) as exc:
            raise QueryError("bad cursor") from exc
        ok = (
            isinstance(sort, str)
            and isinstance(gen, int)
            and isinstance(rank, int)
            and isinstance(doc_id, str)
            and isinstance(event_id, str)
        )
        if not ok or sort not in SORTS:
            raise QueryError("bad cursor")
        return cls(sort, gen, rank, doc_id, event_id)


def rank_of(t: Tables, sort: str, doc_id: str, event_id: str) -> Sql:
    """The rank of one event in another index generation (to carry a cursor over a rebuild)."""
    column, _ = SORTS[sort]
    return f"SELECT {column} FROM {t.ev} WHERE doc_id = ? AND event_id = ?", [doc_id, event_id]


def events_page(
    f: EventFilters,
    t: Tables,
    sort: str,
    limit: int,
    after_rank: int | None = None,
    ids: Ids | None = None,
) -> Sql:
    """The ``rk_date`` and sort rank of one page of events (``limit`` rows; ask for one more to
    know if a next page exists). Narrow on purpose: :func:`events_by_rank` fetches the rows."""
    if sort not in SORTS:
        raise QueryError(f"unknown sort {sort!r}")
    column, direction = SORTS[sort]
    op = ">" if direction == "ASC" else "<"
    actors = actor_set(f, t, ids)
    w = other_where(f)
    if actors is not None and not w.parts and column == "rk_date":
        # only actor conditions, by date: the page comes from the actor set alone
        keyset = f"WHERE rk_date {op} ?" if after_rank is not None else ""
        sql = (
            f"SELECT rk_date, rk_date FROM ({actors[0]}) s {keyset} "
            f"ORDER BY rk_date {direction} LIMIT ?"
        )
        return sql, [*actors[1], *([after_rank] if after_rank is not None else []), limit]
    w = event_where(f, t, ids)
    if after_rank is not None:
        w.add(f"v.{column} {op} ?", after_rank)
    sql = (
        f"SELECT v.rk_date, v.{column} FROM {t.ev} v{w.sql()} "
        f"ORDER BY v.{column} {direction} LIMIT ?"
    )
    return sql, [*w.params, limit]


def items_by_rank(ranks: list[int], t: Tables) -> Sql:
    """``(rk_date, item JSON)`` of the events with these ``rk_date`` ranks."""
    if len(ranks) <= 1000:  # an IN list uses the index on rk_date
        marks = ", ".join("?" for _ in ranks) or "NULL"
        return f"SELECT rk_date, item FROM {t.items} WHERE rk_date IN ({marks})", list(ranks)
    sql = f"SELECT rk_date, item FROM {t.items} WHERE rk_date IN (SELECT unnest(?::INTEGER[]))"
    return sql, [ranks]


def events_count(f: EventFilters, t: Tables, ids: Ids | None = None) -> Sql:
    actors = actor_set(f, t, ids)
    if actors is not None and not other_where(f).parts:
        return f"SELECT count(*) FROM ({actors[0]})", actors[1]
    w = event_where(f, t, ids)
    return f"SELECT count(*) FROM {t.ev} v{w.sql()}", w.params


def rank_by_key(t: Tables, doc_id: str, event_id: str) -> Sql:
    sql = f"SELECT rk_date, merged_event_id FROM {t.ev} WHERE doc_id = ? AND event_id = ?"
    return sql, [doc_id, event_id]


def key_of_rank(t: Tables, rank: int) -> Sql:
    return f"SELECT doc_id, event_id FROM {t.ev} WHERE rk_date = ?", [rank]


def ranks_of_merged(t: Tables, merged_event_id: str) -> Sql:
    return (
        f"SELECT rk_date FROM {t.ev} WHERE merged_event_id = ? ORDER BY rk_date",
        [merged_event_id],
    )


def event_counts(doc_id: str, event_id: str) -> Sql:
    return "SELECT counts FROM events WHERE doc_id = ? AND event_id = ?", [doc_id, event_id]


# ---------------------------------------------------------------- aggregates


def timeline(f: EventFilters, t: Tables, ids: Ids | None = None) -> Sql:
    w = event_where(f, t, ids)
    w.add("v.day IS NOT NULL")
    return (
        f"SELECT v.day, v.type, count(*) AS n FROM {t.ev} v{w.sql()} "
        "GROUP BY v.day, v.type ORDER BY v.day, v.type",
        w.params,
    )


def map_points(f: EventFilters, t: Tables, limit: int, ids: Ids | None = None) -> Sql:
    w = event_where(f, t, ids)
    w.add("v.location_lat IS NOT NULL AND v.location_lon IS NOT NULL")
    sql = f"""
        SELECT v.location_lat AS lat, v.location_lon AS lon, any_value(v.location_name) AS name,
               any_value(v.location_country) AS country, count(*) AS n,
               histogram(v.type) AS types
        FROM {t.ev} v{w.sql()}
        GROUP BY v.location_lat, v.location_lon ORDER BY n DESC, lat, lon LIMIT ?
    """
    return sql, [*w.params, limit]


def network(f: EventFilters, t: Tables, limit_nodes: int, ids: Ids | None = None) -> Sql:
    """Edges source -> target among the ``limit_nodes`` actors with most filtered events."""
    w = event_where(f, t, ids)
    coop = ", ".join(f"'{x}'" for x in COOPERATION)  # fixed constants, not user input
    conflict = ", ".join(f"'{x}'" for x in CONFLICT)
    sql = f"""
        WITH sel AS (SELECT v.rk_date, v.type FROM {t.ev} v{w.sql()}),
        acts AS (
            SELECT a.rk_date, a.is_target, a.aid, s.type
            FROM {t.ea} a JOIN sel s ON s.rk_date = a.rk_date
        ),
        top AS (
            SELECT aid, count(DISTINCT rk_date) AS n FROM acts GROUP BY aid
            ORDER BY n DESC, aid LIMIT ?
        ),
        pairs AS (
            SELECT src.aid AS s, tgt.aid AS t, src.type
            FROM acts src JOIN acts tgt ON tgt.rk_date = src.rk_date
            WHERE NOT src.is_target AND tgt.is_target AND src.aid <> tgt.aid
              AND src.aid IN (SELECT aid FROM top) AND tgt.aid IN (SELECT aid FROM top)
        )
        SELECT 'node' AS kind, top.aid AS s, NULL::INTEGER AS t, top.n, 0 AS coop, 0 AS conf,
               d.name, d.country, d.sector
        FROM top JOIN {t.adim} d ON d.aid = top.aid
        UNION ALL
        SELECT 'edge', s, t, count(*), count(*) FILTER (WHERE type IN ({coop})),
               count(*) FILTER (WHERE type IN ({conflict})), NULL, NULL, NULL
        FROM pairs GROUP BY s, t
    """
    return sql, [*w.params, limit_nodes]


# ---------------------------------------------------------------- actors


def actors_list(t: Tables, q: str | None, limit: int, offset_after: int | None) -> Sql:
    """Actors by number of events (desc), tie-break on id; keyset on the row's position."""
    w = Where()
    if q:
        w.add("contains(d.name_l, lower(?))", q)
    sql = f"""
        WITH ranked AS (
            SELECT d.aid, d.name, d.n_events, d.n_as_source, d.n_as_target, d.country,
                   d.sector
            FROM {t.adim} d{w.sql()}
        )
        SELECT * FROM ranked {"WHERE aid > ?" if offset_after is not None else ""}
        ORDER BY aid LIMIT ?
    """
    params = [*w.params, *([offset_after] if offset_after is not None else []), limit]
    return sql, params


def actors_count(t: Tables, q: str | None) -> Sql:
    w = Where()
    if q:
        w.add("contains(d.name_l, lower(?))", q)
    return f"SELECT count(*) FROM {t.adim} d{w.sql()}", w.params


def actor_by_name(t: Tables, name: str) -> Sql:
    return (
        f"SELECT aid, name, n_events, n_as_source, n_as_target, country, sector "
        f"FROM {t.adim} WHERE name_l = lower(?)",
        [name],
    )


def actor_timeline(t: Tables, aid: int) -> Sql:
    return (
        f"SELECT v.day, v.type, count(DISTINCT v.rk_date) AS n FROM {t.ev} v "
        f"WHERE v.day IS NOT NULL AND v.rk_date IN (SELECT rk_date FROM {t.by('aid')} WHERE aid = ?) "
        "GROUP BY v.day, v.type ORDER BY v.day, v.type",
        [aid],
    )


# ---------------------------------------------------------------- documents


@dataclass(frozen=True, slots=True)
class DocumentFilters:
    outlet: str | None = None
    q: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    status: str | None = None


def _document_where(f: DocumentFilters) -> Where:
    w = Where()
    if f.outlet:
        w.add("lower(d.outlet) = lower(?)", f.outlet)
    if f.q:
        w.add("contains(lower(coalesce(d.title, '')), lower(?))", f.q)
    if f.date_from:
        w.add("d.published >= ?", f.date_from)
    if f.date_to:
        w.add("d.published <= ?", f.date_to)
    if f.status:
        w.add("d.status = lower(?)", f.status)
    return w


def documents_page(f: DocumentFilters, limit: int, after: tuple[int, str] | None) -> Sql:
    """Documents, newest first by write order (``seq`` desc); keyset on (seq, doc_id)."""
    w = _document_where(f)
    if after is not None:
        w.add("(d.seq < ? OR (d.seq = ? AND d.doc_id < ?))", after[0], after[0], after[1])
    sql = f"""
        SELECT d.doc_id, d.seq, d.title, d.outlet, d.url, d.published, d.language, d.status,
               (SELECT count(*) FROM events e WHERE e.doc_id = d.doc_id) AS n_events
        FROM documents d{w.sql()} ORDER BY d.seq DESC, d.doc_id DESC LIMIT ?
    """
    return sql, [*w.params, limit]


def documents_count(f: DocumentFilters) -> Sql:
    w = _document_where(f)
    return f"SELECT count(*) FROM documents d{w.sql()}", w.params


def document_by_id(doc_id: str) -> Sql:
    return (
        "SELECT doc_id, title, outlet, url, published, language, status, reason, text "
        "FROM documents WHERE doc_id = ?",
        [doc_id],
    )


# ---------------------------------------------------------------- stats and stories


def stats(t: Tables) -> Sql:
    return (
        f"""
        SELECT (SELECT count(*) FROM documents) AS n_documents,
               (SELECT count(*) FROM {t.ev}) AS n_events,
               (SELECT count(*) FROM {t.adim}) AS n_actors,
               (SELECT min(day) FROM {t.ev}) AS date_min,
               (SELECT max(day) FROM {t.ev}) AS date_max,
               (SELECT histogram(type) FROM {t.ev}) AS by_type,
               (SELECT map_from_entries(list(struct_pack(k := outlet, v := n)))
                  FROM (SELECT coalesce(outlet, '') AS outlet, count(*) AS n FROM documents
                        GROUP BY ALL)) AS by_outlet
        """,
        [],
    )


def stories(limit: int) -> Sql:
    return (
        "SELECT story_id, title, first_published, last_published, n_articles, n_events, "
        "timeline FROM stories ORDER BY last_published DESC NULLS LAST, story_id LIMIT ?",
        [limit],
    )


def story_documents(story_ids: list[str]) -> Sql:
    return (
        "SELECT story_id, doc_id FROM story_articles "
        "WHERE story_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY story_id, position",
        [story_ids],
    )
