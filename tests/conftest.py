"""Shared fixtures: one spaCy pipeline per test session, and a helper to parse a text."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from dateline.config import Settings
from dateline.nlp import ParsedArticle, Parser
from dateline.records import Article


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings()


@pytest.fixture(scope="session")
def parse(settings: Settings) -> Callable[..., ParsedArticle]:
    """``parse(text, published="2025-03-14")`` -> ParsedArticle (English pipeline)."""
    parser = Parser(settings)

    def _parse(text: str, published: str | None = "2025-03-14", **meta: str) -> ParsedArticle:
        article = Article(
            id=meta.pop("id", "t1"), text=text, published=published, language="en", **meta
        )
        (item,) = list(parser.parse([article]))
        assert isinstance(item, ParsedArticle)
        return item

    return _parse
