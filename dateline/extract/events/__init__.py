"""The event coder: PLOVER events with actors, dates, places, modes, flags and evidence.

``extract_events(doc, ...)`` codes every parsed sentence of an article. The linguistic
knowledge is data: ``dateline/data/events/triggers.yaml`` (trigger words -> type and mode)
and ``grammar.yaml`` (reporting, support and control verbs, prepositions, pronouns). The
parse-walking logic is in ``coder.py``; ``assemble.py`` resolves actors, dates and places.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc, Span

from dateline.extract.events.assemble import (
    ResolvedActor,
    assemble,
    dateline_location,
    dominant_country,
)
from dateline.extract.events.coder import code_sentence
from dateline.extract.events.discards import load_discards
from dateline.extract.events.lexicon import PLOVER_TYPES, load_grammar, load_lexicon
from dateline.records import (
    Attribution,
    Count,
    DateMention,
    Entity,
    EventMention,
    Location,
    Quote,
    Sentence,
)

__all__ = ["PLOVER_TYPES", "extract_events"]


def _resolve_span(
    span: Span, extra: tuple[str, ...] = (), when: str | None = None
) -> ResolvedActor | None:
    from dateline.resolve.actors import get_resolver

    code = get_resolver(extra).resolve_span(span, when=when)
    if code is None:
        return None
    return ResolvedActor(code.name, code.country, code.sector)


def _geocode(name: str, hint: str | None) -> Location | None:
    from dateline.resolve.places import geocode

    return geocode(name, hint)


def extract_events(
    doc: Doc,
    *,
    doc_id: str,
    published: str | None,
    sentences: Sequence[Sentence],
    dates: Sequence[DateMention] = (),
    counts: Sequence[Count] = (),
    attributions: Sequence[Attribution] = (),
    entities: Sequence[Entity] = (),
    quotes: Sequence[Quote] = (),
    lexicons: Sequence[str] = (),
    actor_dictionaries: Sequence[str] = (),
    discard_lists: Sequence[str] = (),
) -> list[EventMention]:
    """Every PLOVER event in ``doc``, in text order."""
    discards = load_discards(tuple(discard_lists))
    if discards.story(doc.text):
        return []  # a sports or weather story, by the user's discard list
    lex = load_lexicon(tuple(lexicons))
    grammar = load_grammar()
    extra = tuple(actor_dictionaries)

    def resolve(span: Span) -> ResolvedActor | None:
        return _resolve_span(span, extra, published)

    index_by_start = {s.start: s.index for s in sentences if s.parsed}
    # short names take the article's full name: "Blinken" -> "Antony Blinken"
    canonical = {
        e.start: e.canonical for e in entities if e.canonical and e.label in ("PERSON", "ORG")
    }
    known: dict[str, ResolvedActor] = {}  # actors resolved so far in this article, by name
    place_of_dateline = dateline_location(doc.text[:200])
    fallback = None
    fallback_done = False
    events: list[EventMention] = []
    for sent in doc.sents:
        if not sent.text.strip() or discards.sentence(sent.text):
            continue
        cands = code_sentence(sent, lex, grammar)
        if not cands:
            continue
        if not fallback_done:
            fallback, fallback_done = dominant_country(doc, resolve), True
        lead = len(sent.text) - len(sent.text.lstrip())
        trail = len(sent.text) - len(sent.text.rstrip())
        trimmed = (
            doc.char_span(sent.start_char + lead, sent.end_char - trail, alignment_mode="expand")
            or sent
        )
        index = index_by_start.get(trimmed.start_char, -1)
        events.extend(
            assemble(
                cands,
                trimmed,
                index,
                doc_id=doc_id,
                first_id=len(events) + 1,
                published=published,
                dates=dates,
                counts=counts,
                attributions=attributions,
                resolve=resolve,
                geocode=_geocode,
                grammar=grammar,
                fallback_country=fallback,
                canonical=canonical,
                known=known,
                quotes=quotes,
                dateline_place=place_of_dateline,
            )
        )
    # ids in text order, unique within the article (assembly may drop candidates)
    return [replace(ev, id=f"{doc_id}:e{n}") for n, ev in enumerate(events, 1)]
