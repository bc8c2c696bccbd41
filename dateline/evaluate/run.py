"""Run dateline on the texts of a gold file, giving output-v1 documents keyed by doc id."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dateline.config import Settings
from dateline.output import to_output
from dateline.records import Article


def gold_articles(gold: Mapping[str, dict[str, Any]]) -> list[Article]:
    """One Article per gold document that has a text (``published``/``title`` kept)."""
    articles = []
    for doc_id, doc in gold.items():
        text = doc.get("text")
        if not isinstance(text, str) or not text:
            continue
        published = doc.get("published")
        articles.append(
            Article(
                id=doc_id,
                text=text,
                published=published if isinstance(published, str) else None,
                title=doc.get("title") if isinstance(doc.get("title"), str) else None,
                url=doc.get("url") if isinstance(doc.get("url"), str) else None,
                language="en",
            )
        )
    return articles


def run_system(
    gold: Mapping[str, dict[str, Any]], settings: Settings | None = None
) -> dict[str, dict[str, Any]]:
    """Extract events from every gold text with dateline; output-v1 objects by doc id."""
    from dateline.pipeline import process

    settings = settings or Settings()
    return {r.article.id: to_output(r) for r in process(gold_articles(gold), settings)}
