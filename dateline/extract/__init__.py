"""The extract stage: pure functions from a parsed Doc to mentions.

``extract_article(parsed)`` runs every extractor over one :class:`ParsedArticle` and returns
its :class:`ArticleResult`. Each extractor is a pure function of the Doc (whose offsets are
offsets into ``article.text``) and its inputs; none keeps state between articles.
"""

from __future__ import annotations

from dateline.extract.attribution import extract_attributions
from dateline.extract.counts import extract_counts
from dateline.extract.dates import extract_dates
from dateline.extract.entities import extract_entities
from dateline.extract.quotes import extract_quotes
from dateline.nlp import ParsedArticle
from dateline.records import ArticleResult

__all__ = [
    "extract_article",
    "extract_attributions",
    "extract_counts",
    "extract_dates",
    "extract_entities",
    "extract_quotes",
]


def extract_article(parsed: ParsedArticle) -> ArticleResult:
    doc, article = parsed.doc, parsed.article
    entities = extract_entities(doc)
    return ArticleResult(
        article=article,
        sentences=parsed.sentences,
        entities=entities,
        quotes=extract_quotes(doc, entities),
        counts=extract_counts(doc),
        dates=extract_dates(doc, article.published),
        attributions=extract_attributions(doc),
        warnings=list(article.warnings),
    )
