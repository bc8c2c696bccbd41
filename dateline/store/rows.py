"""Pure conversions between an ArticleResult and the store's table rows, both ways.

``article_rows(result)`` gives the rows of every table for one article; ``rebuild(doc, children)``
turns them back into an equal ArticleResult, so that ``to_output`` of a stored article equals
``to_output`` of the article as it was extracted.
"""

from __future__ import annotations

import calendar
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

from dateline.output import to_output
from dateline.records import (
    ActorRef,
    Article,
    ArticleResult,
    Attribution,
    Count,
    DateMention,
    Entity,
    EventMention,
    Location,
    Quote,
    RecordError,
    Sentence,
)
from dateline.records import record_errors as record_errors  # re-export: errors-table input

Row = dict[str, Any]

# The child tables of `documents`, in the order they are written and deleted.
CHILD_TABLES: tuple[str, ...] = (
    "sentences",
    "entities",
    "quotes",
    "counts",
    "dates",
    "attributions",
    "events",
    "event_actors",
)


@dataclass(slots=True)
class ArticleRows:
    """One article as table rows."""

    doc_id: str
    content_hash: str
    document: Row
    children: dict[str, list[Row]] = field(default_factory=dict)


# ---------------------------------------------------------------- dates


_YEAR = re.compile(r"^(\d{4})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_DECADE = re.compile(r"^(\d{3})X$")


def date_span(value: str | None) -> tuple[date, date] | None:
    """The first and last day a date value covers, or None when it names no calendar span.

    >>> date_span("2025-03")
    (datetime.date(2025, 3, 1), datetime.date(2025, 3, 31))
    """
    if not value:
        return None
    value = value.strip()
    try:
        if m := _DAY.match(value):
            d = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            return d, d
        if m := _MONTH.match(value):
            y, mo = int(m.group(1)), int(m.group(2))
            return date(y, mo, 1), date(y, mo, calendar.monthrange(y, mo)[1])
        if m := _YEAR.match(value):
            y = int(m.group(1))
            return date(y, 1, 1), date(y, 12, 31)
        if m := _WEEK.match(value):
            y, w = int(m.group(1)), int(m.group(2))
            return date.fromisocalendar(y, w, 1), date.fromisocalendar(y, w, 7)
        if m := _DECADE.match(value):
            y = int(m.group(1)) * 10
            return date(y, 1, 1), date(y + 9, 12, 31)
    except ValueError:  # 2025-13, 2025-02-30, week 54 ...
        return None
    return None


def parse_day(value: str | None) -> date | None:
    """The calendar day at the start of an ISO date or datetime string, or None."""
    span = date_span(value[:10] if value else None)
    return span[0] if span and span[0] == span[1] else None


# ---------------------------------------------------------------- hashing


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def content_hash(result: ArticleResult) -> str:
    """A hash of everything the store keeps about an article except where and when it was read.

    Text, metadata and every extracted item are covered, so re-ingesting an article after the
    extractors improved replaces it; the origin (file:line) is not, so the same article read
    from another file is unchanged.
    """
    a = result.article
    payload = {
        "text": a.text,
        "published_at": a.published,
        "article_warnings": list(a.warnings),
        "output": to_output(result),
        "extra": result.extra,
    }
    return hashlib.sha256(_json(payload).encode("utf-8", "surrogatepass")).hexdigest()


# ---------------------------------------------------------------- to rows


def _event_rows(doc_id: str, position: int, ev: EventMention) -> tuple[Row, list[Row]]:
    span = date_span(ev.date)
    loc = ev.location
    row: Row = {
        "doc_id": doc_id,
        "event_id": ev.id,
        "position": position,
        "type": ev.type,
        "mode": ev.mode,
        "date": ev.date,
        "date_basis": ev.date_basis,
        "date_start": span[0] if span else None,
        "date_end": span[1] if span else None,
        "location_name": loc.name if loc else None,
        "location_country": loc.country if loc else None,
        "location_lat": float(loc.lat) if loc and loc.lat is not None else None,
        "location_lon": float(loc.lon) if loc and loc.lon is not None else None,
        "location_kind": loc.kind if loc else None,
        "negated": ev.negated,
        "future": ev.future,
        "hypothetical": ev.hypothetical,
        "attributed_to": ev.attributed_to,
        "confidence": float(ev.confidence),
        "sentence_index": ev.sentence,
        "sentence_text": ev.sentence_text,
        "start_char": ev.start,
        "end_char": ev.end,
        "trigger": ev.trigger,
        "trigger_start": ev.trigger_start,
        "trigger_end": ev.trigger_end,
        "counts": _json([asdict(c) for c in ev.counts]),
        "act_type": ev.act_type,
    }
    actors: list[Row] = []
    for role, refs in (("source", ev.source), ("target", ev.target)):
        for i, a in enumerate(refs):
            actors.append(
                {
                    "doc_id": doc_id,
                    "event_id": ev.id,
                    "role": role,
                    "position": i,
                    "text": a.text,
                    "name": a.name,
                    "country": a.country,
                    "sector": a.sector,
                    "start_char": a.start,
                    "end_char": a.end,
                }
            )
    return row, actors


def article_rows(
    result: ArticleResult, *, run_id: str | None = None, ingested_at: datetime | None = None
) -> ArticleRows:
    """Every table's rows for one article. ``seq`` is filled in by the writer."""
    a = result.article
    doc_id = a.id
    chash = content_hash(result)
    document: Row = {
        "doc_id": doc_id,
        "seq": 0,
        "title": a.title,
        "url": a.url,
        "outlet": a.outlet,
        "published": parse_day(a.published),
        "published_at": a.published,
        "language": a.language,
        "status": result.status,
        "reason": result.reason,
        "text": a.text,
        "origin": a.origin,
        "text_hash": text_hash(a.text),
        "content_hash": chash,
        "warnings": _json(list(result.warnings)),
        "article_warnings": _json(list(a.warnings)),
        "extra": _json(result.extra),
        "ingested_at": ingested_at or datetime.now(),
        "run_id": run_id,
    }
    children: dict[str, list[Row]] = {name: [] for name in CHILD_TABLES}
    children["sentences"] = [
        {
            "doc_id": doc_id,
            "position": s.index,
            "start_char": s.start,
            "end_char": s.end,
            "language": s.language,
            "parsed": s.parsed,
        }
        for s in result.sentences
    ]
    children["entities"] = [
        {
            "doc_id": doc_id,
            "position": i,
            "text": e.text,
            "label": e.label,
            "start_char": e.start,
            "end_char": e.end,
            "canonical": e.canonical,
            "country": e.country,
            "sector": e.sector,
        }
        for i, e in enumerate(result.entities)
    ]
    children["quotes"] = [
        {
            "doc_id": doc_id,
            "position": i,
            "speaker": q.speaker,
            "text": q.text,
            "start_char": q.start,
            "end_char": q.end,
            "speaker_start": q.speaker_start,
            "speaker_end": q.speaker_end,
            "cue": q.cue,
        }
        for i, q in enumerate(result.quotes)
    ]
    children["counts"] = [
        {
            "doc_id": doc_id,
            "position": i,
            "value": float(c.value),
            "is_integer": isinstance(c.value, int),
            "text": c.text,
            "qualifier": c.qualifier,
            "what": c.what,
            "start_char": c.start,
            "end_char": c.end,
        }
        for i, c in enumerate(result.counts)
    ]
    children["dates"] = [
        {
            "doc_id": doc_id,
            "position": i,
            "text": d.text,
            "start_char": d.start,
            "end_char": d.end,
            "value": d.value,
            "basis": d.basis,
            "granularity": d.granularity,
        }
        for i, d in enumerate(result.dates)
    ]
    children["attributions"] = [
        {
            "doc_id": doc_id,
            "position": i,
            "source": x.source,
            "cue": x.cue,
            "start_char": x.start,
            "end_char": x.end,
            "sentence_index": x.sentence,
        }
        for i, x in enumerate(result.attributions)
    ]
    for i, ev in enumerate(result.events):
        row, actors = _event_rows(doc_id, i, ev)
        children["events"].append(row)
        children["event_actors"].extend(actors)
    return ArticleRows(doc_id, chash, document, children)


def error_row(err: RecordError, run_id: str | None, at: datetime | None = None) -> Row:
    return {
        "run_id": run_id,
        "origin": err.origin,
        "record_id": err.record_id,
        "severity": err.severity,
        "stage": err.stage,
        "reason": err.reason,
        "recorded_at": at or datetime.now(),
    }


# ---------------------------------------------------------------- back to records


def _loads(value: Any, default: Any) -> Any:
    if value is None:
        return default
    return json.loads(value) if isinstance(value, str) else value


def _count(d: Mapping[str, Any]) -> Count:
    return Count(d["value"], d["text"], d["qualifier"], d["what"], d["start"], d["end"])


def _event(row: Row, actors: list[Row]) -> EventMention:
    def refs(role: str) -> tuple[ActorRef, ...]:
        chosen = sorted((a for a in actors if a["role"] == role), key=lambda a: a["position"])
        return tuple(
            ActorRef(
                a["text"], a["name"], a["country"], a["sector"], a["start_char"], a["end_char"]
            )
            for a in chosen
        )

    location = (
        Location(
            row["location_name"],
            row["location_country"],
            row["location_lat"],
            row["location_lon"],
            row["location_kind"],
        )
        if row["location_name"] is not None
        else None
    )
    return EventMention(
        id=row["event_id"],
        type=row["type"],
        mode=row["mode"],
        source=refs("source"),
        target=refs("target"),
        date=row["date"],
        date_basis=row["date_basis"],
        location=location,
        sentence=row["sentence_index"],
        sentence_text=row["sentence_text"],
        start=row["start_char"],
        end=row["end_char"],
        trigger=row["trigger"],
        trigger_start=row["trigger_start"],
        trigger_end=row["trigger_end"],
        negated=row["negated"],
        future=row["future"],
        hypothetical=row["hypothetical"],
        attributed_to=row["attributed_to"],
        confidence=row["confidence"],
        counts=tuple(_count(c) for c in _loads(row["counts"], [])),
        act_type=row.get("act_type"),
    )


def rebuild(doc: Row, children: Mapping[str, list[Row]]) -> ArticleResult:
    """The ArticleResult stored as ``doc`` and its child rows (each list in position order)."""
    article = Article(
        id=doc["doc_id"],
        text=doc["text"],
        published=doc["published_at"],
        title=doc["title"],
        url=doc["url"],
        outlet=doc["outlet"],
        language=doc["language"],
        origin=doc["origin"],
        warnings=tuple(_loads(doc["article_warnings"], [])),
    )
    by_event: dict[str, list[Row]] = {}
    for a in children.get("event_actors", []):
        by_event.setdefault(a["event_id"], []).append(a)
    return ArticleResult(
        article=article,
        status=doc["status"],
        reason=doc["reason"],
        sentences=[
            Sentence(r["position"], r["start_char"], r["end_char"], r["language"], r["parsed"])
            for r in children.get("sentences", [])
        ],
        entities=[
            Entity(
                r["text"],
                r["label"],
                r["start_char"],
                r["end_char"],
                r["canonical"],
                r["country"],
                r["sector"],
            )
            for r in children.get("entities", [])
        ],
        quotes=[
            Quote(
                r["speaker"],
                r["text"],
                r["start_char"],
                r["end_char"],
                r["speaker_start"],
                r["speaker_end"],
                r["cue"],
            )
            for r in children.get("quotes", [])
        ],
        counts=[
            Count(
                int(r["value"]) if r["is_integer"] else r["value"],
                r["text"],
                r["qualifier"],
                r["what"],
                r["start_char"],
                r["end_char"],
            )
            for r in children.get("counts", [])
        ],
        dates=[
            DateMention(
                r["text"], r["start_char"], r["end_char"], r["value"], r["basis"], r["granularity"]
            )
            for r in children.get("dates", [])
        ],
        attributions=[
            Attribution(r["source"], r["cue"], r["start_char"], r["end_char"], r["sentence_index"])
            for r in children.get("attributions", [])
        ],
        events=[_event(r, by_event.get(r["event_id"], [])) for r in children.get("events", [])],
        warnings=list(_loads(doc["warnings"], [])),
        extra=dict(_loads(doc["extra"], {})),
    )
