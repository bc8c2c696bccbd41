"""dateline: turn news articles into sourced event data.

Python API::

    import dateline
    for result in dateline.extract([dateline.Article(id="a1", text="...", published="2025-03-14")]):
        print(dateline.to_output(result))
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from dateline.config import Settings, load_settings
from dateline.output import to_output
from dateline.records import Article, ArticleResult, RecordError

if TYPE_CHECKING:
    from dateline.store import Store

__version__ = "0.1.0"

__all__ = [
    "Article",
    "ArticleResult",
    "RecordError",
    "Settings",
    "Store",
    "extract",
    "load_settings",
    "to_output",
]


def extract(
    articles: Iterable[Article], settings: Settings | None = None
) -> Iterator[ArticleResult]:
    """Run the whole extraction on Article records, in order."""
    from dateline.pipeline import process

    return process(articles, settings or load_settings())


def __getattr__(name: str) -> Any:
    if name == "Store":  # lazily, so that `import dateline` does not load DuckDB
        from dateline.store import Store

        return Store
    raise AttributeError(f"module 'dateline' has no attribute {name!r}")
