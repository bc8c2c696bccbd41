"""Foreign-script stretches blanked in the parser's Doc never leak into reported spans.

The parser blanks runs of a foreign script inside an English text (Hebrew, Arabic, CJK ...)
in the spaCy Doc it builds (dateline/nlp ``_blank``), keeping every offset. The extract stage
takes every span's text from the article itself, so ``text[start:end]`` is the reported text
of sentences, triggers, actors, quotes and counts (these failed before that fix).
"""

from __future__ import annotations

from hardening_helpers import offset_problems

from dateline.config import Settings
from dateline.pipeline import process
from dateline.records import Article, ArticleResult

HEBREW = "\u05d9\u05e8\u05d5\u05e9\u05dc\u05d9\u05dd"  # "Yerushalayim"


def extract(text: str) -> ArticleResult:
    (result,) = process([Article("blank", text, "2025-03-14", language="en")], Settings())
    assert result.status == "ok"
    return result


def test_event_sentence_keeps_foreign_words() -> None:
    result = extract(f"President Macron met Chancellor Scholz in Berlin {HEBREW} on Monday.")
    assert [e.type for e in result.events] == ["CONSULT"]
    assert offset_problems(result) == []


def test_quote_keeps_foreign_words() -> None:
    result = extract(f"\u201cOur army {HEBREW} will respond,\u201d the minister told reporters.")
    assert result.quotes
    assert offset_problems(result) == []


def test_count_and_target_keep_foreign_words() -> None:
    result = extract(f"Police arrested at least 12 {HEBREW} protesters in Nairobi on Monday.")
    assert result.counts and result.events
    assert offset_problems(result) == []
