"""Event mentions ready to merge: one per output-v1 event, with its article's metadata.

A :class:`Mention` is flat and self-contained (keys, date range, flags, counts) so that the
store can keep it as one row and rebuild it exactly for incremental merging.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from dateline.merge.identity import ActorIdentity, default_identity
from dateline.merge.lexicon import MergeLexicon, default_lexicon
from dateline.records import (
    ActorRef,
    Article,
    ArticleResult,
    Count,
    Entity,
    EventMention,
    Location,
    Status,
)
from dateline.store.rows import date_span, parse_day


@dataclass(frozen=True, slots=True)
class MergeConfig:
    """How mentions merge.

    ``window_days``: a mention dated only by its publication (or by a month/year) may describe
    an event up to this many days before it was published. ``day_tolerance``: mentions with
    a day-precise date merge when their days are at most this far apart (0: the same day).
    ``max_km``: mentions placed further apart than this (by their locations' coordinates)
    are separate events (two air strikes on two cities); 0 turns the check off.
    """

    window_days: int = 2
    day_tolerance: int = 0
    max_km: float = 100.0

    def __post_init__(self) -> None:
        if self.window_days < 0 or self.day_tolerance < 0 or self.max_km < 0:
            raise ValueError("window_days, day_tolerance and max_km must be >= 0")


@dataclass(frozen=True, slots=True)
class CountClaim:
    value: float
    qualifier: str | None
    category: str | None  # what is counted, by category ("killed")
    text: str


@dataclass(frozen=True, slots=True)
class Mention:
    """One event mention in one article, with what merging needs."""

    doc_id: str
    mention_id: str  # the output-v1 event id
    sentence: int
    outlet: str | None
    published: date | None
    type: str
    mode: str | None
    modality: str  # actual | future | hypothetical
    source_key: str
    target_key: str
    lo: date | None  # the first and last day the event may have happened
    hi: date | None
    dated: bool  # the text gives the day itself
    negated: bool
    hedged: bool
    trigger: str
    sentence_text: str
    location: str | None = None
    lat: float | None = None
    lon: float | None = None
    source_names: tuple[str, ...] = ()
    target_names: tuple[str, ...] = ()
    counts: tuple[CountClaim, ...] = field(default_factory=tuple)
    title: str | None = None

    @property
    def block(self) -> str:
        """Mentions merge only within a block: same type, modality and dyad."""
        return f"{self.type}|{self.modality}|{self.source_key}>{self.target_key}"

    @property
    def order(self) -> tuple[str, bool, str, int, str]:
        """A total order that does not depend on input order (earliest first).

        A mention dated by the text sorts by its day; one dated by its publication by the
        publication day (its range only reaches back); day-precise mentions first.
        """
        day = self.lo if self.dated else (self.hi or self.lo or self.published)
        return (
            (day or date.min).isoformat(),
            not self.dated,
            self.doc_id,
            self.sentence,
            self.mention_id,
        )


def modality(ev: EventMention) -> str:
    if ev.hypothetical:
        return "hypothetical"
    if ev.future:
        return "future"
    return "actual"


def date_range(
    ev_date: str | None, basis: str, published: date | None, config: MergeConfig
) -> tuple[date | None, date | None, bool]:
    """(first day, last day, day-precise) for an event mention."""
    span = date_span(ev_date) if basis != "publication" else None
    if span is not None and span[0] == span[1]:
        return span[0], span[1], True
    if published is None:
        return (span[0], span[1], False) if span else (None, None, False)
    lo, hi = published - timedelta(days=config.window_days), published
    if span is not None:  # a month or a year: within it, and not after publication
        lo, hi = max(lo, span[0]), min(hi, span[1])
        if lo > hi:
            lo, hi = span[0], min(span[1], published)
    return lo, hi, False


def _city(location: Location | None) -> tuple[float | None, float | None]:
    """A city's coordinates (a country's or a region's centre says little about where)."""
    if location is None or location.kind != "city":
        return None, None
    return location.lat, location.lon


def normalise_outlet(outlet: str | None) -> str | None:
    if not outlet or not outlet.strip():
        return None
    words = outlet.lower().split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words) or None


def mentions_from_result(
    result: ArticleResult,
    config: MergeConfig | None = None,
    identity: ActorIdentity | None = None,
    lexicon: MergeLexicon | None = None,
) -> list[Mention]:
    """The mergeable mentions of one article (none for a skipped or failed article)."""
    if result.status != "ok":
        return []
    config = config or MergeConfig()
    identity = identity or default_identity()
    lexicon = lexicon or default_lexicon()
    art = result.article
    published = parse_day(art.published_date)
    return [
        _mention(ev, art, published, result.entities, config, identity, lexicon)
        for ev in result.events
    ]


def _mention(
    ev: EventMention,
    art: Article,
    published: date | None,
    entities: Sequence[Entity],
    config: MergeConfig,
    identity: ActorIdentity,
    lexicon: MergeLexicon,
) -> Mention:
    lo, hi, dated = date_range(ev.date, ev.date_basis, published, config)
    anchor = lo if dated else (published or lo)  # the date that picks a person's role
    when = anchor.isoformat() if anchor else None
    source_key, target_key = identity.dyad(ev.source, ev.target, entities, when)
    return Mention(
        doc_id=art.id,
        mention_id=ev.id,
        sentence=ev.sentence,
        outlet=normalise_outlet(art.outlet),
        published=published,
        type=ev.type,
        mode=ev.mode,
        modality=modality(ev),
        source_key=source_key,
        target_key=target_key,
        lo=lo,
        hi=hi,
        dated=dated,
        negated=ev.negated,
        hedged=lexicon.hedged(ev.sentence_text, ev.attributed_to),
        trigger=ev.trigger,
        sentence_text=ev.sentence_text,
        location=ev.location.name if ev.location else None,
        lat=_city(ev.location)[0],
        lon=_city(ev.location)[1],
        source_names=tuple(a.name for a in ev.source),
        target_names=tuple(a.name for a in ev.target),
        counts=tuple(
            CountClaim(float(c.value), c.qualifier, lexicon.category(c.what), c.text)
            for c in ev.counts
        ),
        title=art.title,
    )


# ---------------------------------------------------------------- output-v1 JSON records


def _actor(d: Mapping[str, Any]) -> ActorRef:
    return ActorRef(
        text=str(d.get("text") or d.get("name") or ""),
        name=str(d.get("name") or d.get("text") or ""),
        country=d.get("country"),
        sector=d.get("sector"),
        start=d.get("start"),
        end=d.get("end"),
    )


def _event(d: Mapping[str, Any], n: int, doc_id: str) -> EventMention:
    ev = d.get("evidence") or {}
    loc = d.get("location")
    return EventMention(
        id=str(d.get("id") or f"{doc_id}:e{n}"),
        type=str(d["type"]),
        mode=d.get("mode"),
        source=tuple(_actor(a) for a in d.get("source") or []),
        target=tuple(_actor(a) for a in d.get("target") or []),
        date=d.get("date"),
        date_basis=d.get("date_basis") or ("explicit" if d.get("date") else "publication"),
        location=Location(
            name=str(loc["name"]),
            country=loc.get("country"),
            lat=loc.get("lat"),
            lon=loc.get("lon"),
            kind=loc.get("kind"),
        )
        if isinstance(loc, Mapping) and loc.get("name")
        else None,
        sentence=int(ev.get("sentence_index", d.get("sentence", n))),
        sentence_text=str(ev.get("sentence", "")),
        start=int(ev.get("start", 0)),
        end=int(ev.get("end", 0)),
        trigger=str(ev.get("trigger", "")),
        trigger_start=int(ev.get("trigger_start", 0)),
        trigger_end=int(ev.get("trigger_end", 0)),
        negated=bool(d.get("negated", False)),
        future=bool(d.get("future", False)),
        hypothetical=bool(d.get("hypothetical", False)),
        attributed_to=d.get("attributed_to"),
        confidence=float(d.get("confidence", 0.5)),
        act_type=d.get("act_type"),
        counts=tuple(
            Count(
                value=c["value"],
                text=str(c.get("text", "")),
                qualifier=c.get("qualifier"),
                what=c.get("what"),
                start=int(c.get("start", 0)),
                end=int(c.get("end", 0)),
            )
            for c in d.get("counts") or []
        ),
    )


def result_from_output(record: Mapping[str, Any]) -> ArticleResult:
    """An ArticleResult (metadata, entities, events) from an output-v1 JSON object."""
    doc_id = str(record["doc_id"])
    art = Article(
        id=doc_id,
        text=str(record.get("text", "")),
        published=record.get("published"),
        title=record.get("title"),
        url=record.get("url"),
        outlet=record.get("outlet"),
        language=record.get("language"),
    )
    entities = [
        Entity(
            text=str(e["text"]),
            label=str(e["label"]),
            start=int(e["start"]),
            end=int(e["end"]),
            canonical=str(e.get("canonical") or e["text"]),
            country=e.get("country"),
            sector=e.get("sector"),
        )
        for e in record.get("entities") or []
    ]
    events = [_event(e, n, doc_id) for n, e in enumerate(record.get("events") or [])]
    status: Status = "ok"
    if record.get("status") in ("skipped", "error"):
        status = record["status"]
    return ArticleResult(article=art, status=status, entities=entities, events=events)


def mentions_from_outputs(
    records: Iterable[Mapping[str, Any]], config: MergeConfig | None = None
) -> list[Mention]:
    return [m for r in records for m in mentions_from_result(result_from_output(r), config)]


def short_hash(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:12]
