"""The nlp stage: the one place that loads spaCy pipelines and turns Articles into Docs.

Public interface:

- :class:`Parser` — ``Parser(settings).parse(articles)`` yields a :class:`ParsedArticle` for
  each article it can parse, and an ``ArticleResult`` with status ``skipped`` for an article in
  a language with no configured pipeline.
- :class:`ParsedArticle` — the Article, its spaCy ``Doc`` and its sentences.

Offsets are never shifted: ``doc.text`` has exactly the length of ``article.text`` and equal
characters, except that sentences in another language than the article's pipeline are blanked
(replaced by spaces, newlines kept), so they are not run through the wrong model and yet every
``token.idx`` and ``span.start_char`` is an offset into ``article.text``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from dateline.config import Settings
from dateline.nlp.segment import LanguageSpan, language_spans
from dateline.records import Article, ArticleResult, Sentence

__all__ = ["ParsedArticle", "Parser", "load_pipeline"]


@dataclass(slots=True)
class ParsedArticle:
    article: Article
    doc: Doc  # doc.text == article.text with foreign-language sentences blanked
    sentences: list[Sentence]  # parsed and skipped sentences, in text order
    language: str


@dataclass(slots=True)
class _Pending:
    article: Article
    language: str
    foreign: list[LanguageSpan]
    masked: str  # the text handed to spaCy


@lru_cache(maxsize=4)
def load_pipeline(name: str) -> Language:
    """Load an installed spaCy pipeline by package name. Never downloads anything."""
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise RuntimeError(
            f"spaCy pipeline {name!r} is not installed. Install it as a package (for the default: "
            "`pip install --require-hashes --no-deps -r requirements/model.txt`) or set another "
            "installed pipeline in dateline.toml [pipelines] / DATELINE_PIPELINE."
        ) from exc
    return nlp


# Invisible format characters the parser would glue to a word ("Lindholm\u200d" is no name):
# zero-width space / non-joiner / joiner, word joiner, BOM, bidi marks and embeddings.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def _blank(text: str, spans: Iterable[LanguageSpan]) -> str:
    """The text the parser sees: foreign-language stretches and invisible characters become
    spaces, one for one, so every offset is the article's."""
    text = _INVISIBLE.sub(" ", text)
    chars = list(text)
    for span in spans:
        for i in range(span.start, span.end):
            if not chars[i].isspace():
                chars[i] = " "
    return "".join(chars)


def _sentences(doc: Doc, foreign: list[LanguageSpan], language: str) -> list[Sentence]:
    found: list[tuple[int, int, str | None, bool]] = []
    for sent in doc.sents:
        text = sent.text
        lead = len(text) - len(text.lstrip())
        trail = len(text) - len(text.rstrip())
        start, end = sent.start_char + lead, sent.end_char - trail
        if end > start:
            found.append((start, end, language, True))
    found.extend((s.start, s.end, s.language, False) for s in foreign)
    found.sort()
    return [Sentence(i, s, e, lang, parsed) for i, (s, e, lang, parsed) in enumerate(found)]


class Parser:
    """Turns Articles into ParsedArticles, batching them through spaCy."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def pipeline(self, language: str) -> Language | None:
        name = self.settings.pipeline_for(language)
        if name is None:
            return None
        nlp = load_pipeline(name)
        nlp.max_length = max(nlp.max_length, self.settings.max_article_chars + 1)
        return nlp

    def parse(self, articles: Iterable[Article]) -> Iterator[ParsedArticle | ArticleResult]:
        """Parse articles; yields in input order, foreign-language articles as skipped."""
        pending: list[_Pending | ArticleResult] = []
        for article in articles:
            pending.append(self._prepare(article))
            if len(pending) >= self.settings.batch_size:
                yield from self._flush(pending)
                pending = []
        if pending:
            yield from self._flush(pending)

    def _prepare(self, article: Article) -> _Pending | ArticleResult:
        language = article.language
        if not language:
            return ArticleResult(
                article, status="skipped", reason="no language could be identified in the text"
            )
        if self.settings.pipeline_for(language) is None:
            configured = ", ".join(sorted(self.settings.pipelines)) or "none"
            return ArticleResult(
                article,
                status="skipped",
                reason=f"language {language!r} has no installed pipeline (configured: {configured})",
            )
        foreign = [
            s
            for s in language_spans(article.text, language, self.settings.min_langdetect_chars)
            if s.language != language
        ]
        return _Pending(article, language, foreign, _blank(article.text, foreign))

    def _flush(
        self, batch: list[_Pending | ArticleResult]
    ) -> Iterator[ParsedArticle | ArticleResult]:
        by_language: dict[str, list[int]] = {}
        for i, item in enumerate(batch):
            if isinstance(item, _Pending):
                by_language.setdefault(item.language, []).append(i)
        docs: dict[int, Doc] = {}
        for language, indexes in by_language.items():
            nlp = self.pipeline(language)
            assert nlp is not None
            texts = [batch[i].masked for i in indexes]  # type: ignore[union-attr]
            for i, doc in zip(
                indexes, nlp.pipe(texts, batch_size=self.settings.batch_size), strict=True
            ):
                docs[i] = doc
        for i, item in enumerate(batch):
            if isinstance(item, ArticleResult):
                yield item
            else:
                doc = docs[i]
                yield ParsedArticle(
                    item.article, doc, _sentences(doc, item.foreign, item.language), item.language
                )
