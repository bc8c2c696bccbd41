"""The extract stage: pure functions from a parsed Doc to mentions.

``extract_article(parsed)`` runs every extractor over one :class:`ParsedArticle` and returns
its :class:`ArticleResult`. Each extractor is a pure function of the Doc (whose offsets are
offsets into ``article.text``) and its inputs; none keeps state between articles.
"""

from __future__ import annotations

from dataclasses import replace

from dateline.config import Settings
from dateline.extract.attribution import extract_attributions
from dateline.extract.counts import extract_counts
from dateline.extract.dates import extract_dates
from dateline.extract.entities import extract_entities
from dateline.extract.events import extract_events
from dateline.extract.quotes import extract_quotes
from dateline.nlp import ParsedArticle
from dateline.records import ActorRef, ArticleResult, EventMention

__all__ = [
    "extract_article",
    "extract_attributions",
    "extract_counts",
    "extract_dates",
    "extract_entities",
    "extract_events",
    "extract_quotes",
]


def extract_article(parsed: ParsedArticle, settings: Settings | None = None) -> ArticleResult:
    doc, article = parsed.doc, parsed.article
    settings = settings or Settings()
    entities = extract_entities(doc)
    dates = extract_dates(doc, article.published)
    counts = extract_counts(doc)
    attributions = extract_attributions(doc)
    quotes = extract_quotes(doc, entities)
    events = extract_events(
        doc,
        doc_id=article.id,
        published=article.published,
        sentences=parsed.sentences,
        dates=dates,
        counts=counts,
        attributions=attributions,
        entities=entities,
        quotes=quotes,
        lexicons=settings.verb_lexicons,
        actor_dictionaries=settings.actor_dictionaries,
        discard_lists=settings.discard_lists,
    )
    if doc.text != article.text:
        # the nlp stage blanked foreign-script stretches in the Doc (offsets unchanged): every
        # span's text comes from the article itself, never from the blanked Doc
        text = article.text
        entities = [replace(e, text=text[e.start : e.end]) for e in entities]
        quotes = [replace(q, text=text[q.start : q.end]) for q in quotes]
        counts = [replace(c, text=text[c.start : c.end]) for c in counts]
        dates = [replace(d, text=text[d.start : d.end]) for d in dates]
        events = [_event_texts(ev, text) for ev in events]
    return ArticleResult(
        article=article,
        sentences=parsed.sentences,
        entities=entities,
        quotes=quotes,
        counts=counts,
        dates=dates,
        attributions=attributions,
        events=events,
        warnings=list(article.warnings),
    )


def _actor_text(actor: ActorRef, text: str) -> ActorRef:
    if actor.start is None or actor.end is None:
        return actor
    return replace(actor, text=text[actor.start : actor.end])


def _event_texts(ev: EventMention, text: str) -> EventMention:
    return replace(
        ev,
        sentence_text=text[ev.start : ev.end],
        trigger=text[ev.trigger_start : ev.trigger_end],
        source=tuple(_actor_text(a, text) for a in ev.source),
        target=tuple(_actor_text(a, text) for a in ev.target),
        counts=tuple(replace(c, text=text[c.start : c.end]) for c in ev.counts),
    )
