"""The store's read queries, built from typed filters. Every user value is a bound parameter.

Filter meanings (all optional, combined with AND):

- ``type``: PLOVER event type, case-insensitive (events only).
- ``date_from`` / ``date_to``: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; inclusive. Events match
  when the span their date covers overlaps the range ("2025-03" overlaps ``date_from=2025-03-20``);
  everything else filters on the article's publication date.
- ``outlet``: the article's outlet, case-insensitive exact match.
- ``entity``: case-insensitive substring. Events: a source or target actor's name or text.
  Entities: the canonical name or the text. Quotes: the speaker. Documents and counts: the
  article mentions such an entity.
- ``country`` / ``sector``: an event actor's country / sector code; an entity's, for entities.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from dateline.store.rows import date_span

KINDS: tuple[str, ...] = ("events", "documents", "entities", "quotes", "counts", "errors")


class FilterError(ValueError):
    """A filter value that cannot be used (a malformed date, a filter the kind does not take)."""


@dataclass(frozen=True, slots=True)
class Filters:
    type: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    outlet: str | None = None
    entity: str | None = None
    country: str | None = None
    sector: str | None = None
    label: str | None = None
    status: str | None = None
    doc_id: str | None = None
    run_id: str | None = None
    limit: int | None = None


def date_bound(value: str | None, *, end: bool) -> date | None:
    """The first (or, with ``end``, last) day of a ``YYYY``/``YYYY-MM``/``YYYY-MM-DD`` value."""
    if value is None or value == "":
        return None
    span = date_span(value)
    if span is None:
        raise FilterError(f"not a date: {value!r} (use YYYY, YYYY-MM or YYYY-MM-DD)")
    return span[1] if end else span[0]


@dataclass(slots=True)
class Where:
    parts: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)

    def add(self, sql: str, *params: Any) -> None:
        self.parts.append(sql)
        self.params.extend(params)

    def sql(self) -> str:
        return (" WHERE " + " AND ".join(self.parts)) if self.parts else ""


_MENTIONS_ENTITY = (
    "EXISTS (SELECT 1 FROM entities n WHERE n.doc_id = d.doc_id AND "
    "(contains(lower(n.canonical), lower(?)) OR contains(lower(n.text), lower(?))))"
)


def _common(w: Where, f: Filters, *, published: bool = True) -> None:
    """Filters on the article: outlet, doc_id, publication date range."""
    if f.outlet:
        w.add("lower(d.outlet) = lower(?)", f.outlet)
    if f.doc_id:
        w.add("d.doc_id = ?", f.doc_id)
    if published:
        start, end = date_bound(f.date_from, end=False), date_bound(f.date_to, end=True)
        if start:
            w.add("d.published >= ?", start)
        if end:
            w.add("d.published <= ?", end)


def _refuse(f: Filters, kind: str, *names: str) -> None:
    for name in names:
        if getattr(f, name):
            raise FilterError(f"the {name} filter does not apply to {kind}")


def _limit(f: Filters) -> tuple[str, list[Any]]:
    if f.limit is None or f.limit <= 0:
        return "", []
    return " LIMIT ?", [int(f.limit)]


def events_query(f: Filters) -> tuple[str, list[Any]]:
    _refuse(f, "events", "label", "status", "run_id")
    w = Where()
    _common(w, f, published=False)
    start, end = date_bound(f.date_from, end=False), date_bound(f.date_to, end=True)
    if start:
        w.add("e.date_end >= ?", start)
    if end:
        w.add("e.date_start <= ?", end)
    if f.type:
        w.add("upper(e.type) = upper(?)", f.type)
    actor = "EXISTS (SELECT 1 FROM event_actors a WHERE a.doc_id = e.doc_id AND a.event_id = e.event_id AND {})"
    if f.entity:
        w.add(
            actor.format(
                "(contains(lower(a.name), lower(?)) OR contains(lower(a.text), lower(?)))"
            ),
            f.entity,
            f.entity,
        )
    if f.country:
        w.add(actor.format("upper(a.country) = upper(?)"), f.country)
    if f.sector:
        w.add(actor.format("upper(a.sector) = upper(?)"), f.sector)
    limit, lparams = _limit(f)
    sql = f"""
        WITH actors AS (
            SELECT doc_id, event_id,
                string_agg(name, '; ' ORDER BY position) FILTER (WHERE role = 'source') AS source,
                string_agg(country, '; ' ORDER BY position) FILTER (WHERE role = 'source')
                    AS source_country,
                string_agg(sector, '; ' ORDER BY position) FILTER (WHERE role = 'source')
                    AS source_sector,
                string_agg(name, '; ' ORDER BY position) FILTER (WHERE role = 'target') AS target,
                string_agg(country, '; ' ORDER BY position) FILTER (WHERE role = 'target')
                    AS target_country,
                string_agg(sector, '; ' ORDER BY position) FILTER (WHERE role = 'target')
                    AS target_sector
            FROM event_actors GROUP BY doc_id, event_id
        )
        SELECT e.doc_id, e.event_id, e.type, e.mode, e.date, e.date_basis,
            x.source, x.source_country, x.source_sector,
            x.target, x.target_country, x.target_sector,
            e.location_name AS location, e.location_country, e.location_lat, e.location_lon,
            e.negated, e.future, e.hypothetical, e.attributed_to, e.confidence,
            e.trigger, e.sentence_index, e.sentence_text AS sentence,
            d.published, d.outlet, d.title, d.url
        FROM events e
        JOIN documents d ON d.doc_id = e.doc_id
        LEFT JOIN actors x ON x.doc_id = e.doc_id AND x.event_id = e.event_id
        {w.sql()}
        ORDER BY e.date_start DESC NULLS LAST, d.seq, e.position{limit}
    """
    return sql, w.params + lparams


def documents_query(f: Filters) -> tuple[str, list[Any]]:
    _refuse(f, "documents", "type", "country", "sector", "label", "run_id")
    w = Where()
    _common(w, f)
    if f.status:
        w.add("d.status = ?", f.status)
    if f.entity:
        w.add(_MENTIONS_ENTITY, f.entity, f.entity)
    limit, lparams = _limit(f)
    sql = f"""
        SELECT d.doc_id, d.published, d.outlet, d.title, d.url, d.language, d.status, d.reason,
            (SELECT count(*) FROM sentences s WHERE s.doc_id = d.doc_id) AS sentences,
            (SELECT count(*) FROM entities n WHERE n.doc_id = d.doc_id) AS entities,
            (SELECT count(*) FROM events e WHERE e.doc_id = d.doc_id) AS events,
            d.origin, d.ingested_at
        FROM documents d
        {w.sql()}
        ORDER BY d.published DESC NULLS LAST, d.seq{limit}
    """
    return sql, w.params + lparams


def entities_query(f: Filters) -> tuple[str, list[Any]]:
    """Entities grouped by canonical name and label, most mentioned first."""
    _refuse(f, "entities", "type", "status", "run_id")
    w = Where()
    _common(w, f)
    if f.entity:
        w.add(
            "(contains(lower(n.canonical), lower(?)) OR contains(lower(n.text), lower(?)))",
            f.entity,
            f.entity,
        )
    if f.label:
        w.add("upper(n.label) = upper(?)", f.label)
    if f.country:
        w.add("upper(n.country) = upper(?)", f.country)
    if f.sector:
        w.add("upper(n.sector) = upper(?)", f.sector)
    limit, lparams = _limit(f)
    sql = f"""
        SELECT n.canonical AS entity, n.label, mode(n.country) AS country,
            mode(n.sector) AS sector, count(*) AS mentions,
            count(DISTINCT n.doc_id) AS documents,
            min(d.published) AS first_seen, max(d.published) AS last_seen
        FROM entities n
        JOIN documents d ON d.doc_id = n.doc_id
        {w.sql()}
        GROUP BY n.canonical, n.label
        ORDER BY mentions DESC, entity, n.label{limit}
    """
    return sql, w.params + lparams


def quotes_query(f: Filters) -> tuple[str, list[Any]]:
    _refuse(f, "quotes", "type", "country", "sector", "label", "status", "run_id")
    w = Where()
    _common(w, f)
    if f.entity:
        w.add("contains(lower(q.speaker), lower(?))", f.entity)
    limit, lparams = _limit(f)
    sql = f"""
        SELECT q.doc_id, d.published, d.outlet, q.speaker, q.cue, q.text AS quote,
            q.start_char AS start, q.end_char AS "end"
        FROM quotes q
        JOIN documents d ON d.doc_id = q.doc_id
        {w.sql()}
        ORDER BY d.published DESC NULLS LAST, d.seq, q.position{limit}
    """
    return sql, w.params + lparams


def counts_query(f: Filters) -> tuple[str, list[Any]]:
    _refuse(f, "counts", "type", "country", "sector", "label", "status", "run_id")
    w = Where()
    _common(w, f)
    if f.entity:
        w.add(_MENTIONS_ENTITY, f.entity, f.entity)
    limit, lparams = _limit(f)
    sql = f"""
        SELECT c.doc_id, d.published, d.outlet, c.value, c.is_integer, c.qualifier, c.what,
            c.text, c.start_char AS start, c.end_char AS "end"
        FROM counts c
        JOIN documents d ON d.doc_id = c.doc_id
        {w.sql()}
        ORDER BY d.published DESC NULLS LAST, d.seq, c.position{limit}
    """
    return sql, w.params + lparams


def errors_query(f: Filters) -> tuple[str, list[Any]]:
    """Per-record errors and warnings, newest first; ``doc_id`` filters on the record id."""
    _refuse(
        f,
        "errors",
        "type",
        "country",
        "sector",
        "label",
        "outlet",
        "entity",
        "date_from",
        "date_to",
    )
    w = Where()
    if f.run_id:
        w.add("r.run_id = ?", f.run_id)
    if f.status:
        w.add("r.severity = ?", f.status)
    if f.doc_id:
        w.add("r.record_id = ?", f.doc_id)
    limit, lparams = _limit(f)
    sql = f"""
        SELECT r.recorded_at, r.run_id, r.severity, r.stage, r.origin, r.record_id, r.reason
        FROM errors r
        {w.sql()}
        ORDER BY r.recorded_at DESC{limit}
    """
    return sql, w.params + lparams


QUERIES = {
    "events": events_query,
    "documents": documents_query,
    "entities": entities_query,
    "quotes": quotes_query,
    "counts": counts_query,
    "errors": errors_query,
}
