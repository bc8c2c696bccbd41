"""The runner: composes the stages over a stream of Articles.

``process(articles, settings)`` yields one ``ArticleResult`` per article, in input order.
``run(inputs, settings)`` adds ingest in front: it yields ``ArticleResult`` for every article and
``RecordError`` for every record that could not be read or processed — a bad record never stops
the run.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Iterator, Sequence

from dateline.config import Settings
from dateline.extract import extract_article
from dateline.ingest import read_inputs
from dateline.nlp import ParsedArticle, Parser
from dateline.records import Article, ArticleResult, RecordError


def _safe_extract(parsed: ParsedArticle, settings: Settings) -> ArticleResult:
    try:
        return extract_article(parsed, settings)
    except Exception as exc:  # one article's failure must not stop the run
        return ArticleResult(
            parsed.article,
            status="error",
            reason=f"extraction failed: {type(exc).__name__}: {exc}",
            sentences=parsed.sentences,
        )


def process(
    articles: Iterable[Article], settings: Settings, workers: int = 1
) -> Iterator[ArticleResult]:
    """Parse and extract each article, in input order.

    ``workers > 1`` runs the same per-article work in that many processes
    (:func:`dateline.runner.local.parallel_process`); the results are the same, in the same order.
    """
    if workers > 1:
        from dateline.runner.local import parallel_process

        yield from parallel_process(articles, settings, workers)
        return
    parser = Parser(settings)
    for item in parser.parse(articles):
        if isinstance(item, ArticleResult):
            yield item
        else:
            yield _safe_extract(item, settings)


def run(
    inputs: Sequence[str], settings: Settings, workers: int = 1, skip: Container[str] = ()
) -> Iterator[ArticleResult | RecordError]:
    """Read ``inputs`` (paths, folders, globs or "-" for stdin) and process every article.

    ``workers``: processes to use (see :func:`process`). ``skip``: ids of articles not to
    process again (a resumed run, see :mod:`dateline.runner.resume`).
    """
    errors: list[RecordError] = []

    def articles() -> Iterator[Article]:
        for item in read_inputs(inputs, settings):
            if isinstance(item, RecordError):
                errors.append(item)
            elif item.id not in skip:
                yield item

    for result in process(articles(), settings, workers):
        while errors:
            yield errors.pop(0)
        yield result
    yield from errors
