"""The extract stage: pure functions from a parsed Doc to mentions.

``extract_article(parsed)`` runs every extractor over one :class:`ParsedArticle` and returns
its :class:`ArticleResult`. Each extractor is a pure function of the Doc (whose offsets are
offsets into ``article.text``) and its inputs; none keeps state between articles.
"""

from __future__ import annotations

from dateline.config import Settings
from dateline.extract.attribution import extract_attributions
from dateline.extract.counts import extract_counts
from dateline.extract.dates import extract_dates
from dateline.extract.entities import extract_entities
from dateline.extract.events import extract_events
from dateline.extract.quotes import extract_quotes
from dateline.nlp import ParsedArticle
from dateline.records import ArticleResult

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
