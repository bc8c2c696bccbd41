"""Property tests (hypothesis): whatever the input, ingest gives Articles or clear RecordErrors
and never raises; extraction never fails and every offset it reports points at its text.

Example counts are modest: the parser takes ~50 ms per text. The long runs are marked slow.
"""

from __future__ import annotations

import json
import re
import tempfile
from dataclasses import replace
from pathlib import Path

import pytest
from hardening_helpers import offset_problems
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dateline.config import Settings
from dateline.ingest import read_inputs
from dateline.ingest.normalize import normalize_published
from dateline.pipeline import process
from dateline.records import Article, ArticleResult, RecordError

SETTINGS = Settings()
SMALL = replace(SETTINGS, max_article_chars=2000, max_file_bytes=64 * 1024)
PUBLISHED = re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}([+-]\d{2}:\d{2}(:\d{2})?)?)?")
LAST_RESORT = ("could not read:", "cannot read:")  # read_inputs' catch-all: a reader raised

FAST = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)

# -- strategies ---------------------------------------------------------------------------

# Unicode without lone surrogates (a str from a file or JSON never holds them once decoded)
any_char = st.characters(exclude_categories=["Cs"])
any_text = st.text(any_char, max_size=40)

SPECIALS = [
    "\u200b", "\u200c", "\u200d", "\ufeff", "\u202e", "\u202c", "\u200e", "\u200f",
    "\u0301", "\u0308\u0327", "\u00ad", "\u00a0", "\u3000", "\u2028", "\u2029", "\x0b",
    "\x0c", "\r\n", "\r", "\t", "\n", "\n\n", " ", "  ", "\u201c", "\u201d", "\u2018",
    "\u2019", '"', "'", "(", ")", "\u2014", "-", ".", ",", ";", ":", "?", "!", "...",
    "\u0627\u0644\u0642\u0627\u0647\u0631\u0629", "\u05d9\u05e8\u05d5\u05e9\u05dc\u05d9\u05dd",
    "\u5317\u4eac", "\u041c\u043e\u0441\u043a\u0432\u0430", "\U0001f4e2", "\U0001f1fa\U0001f1e6",
    "\U0001d400", "e\u0301", "\ufffd", "\x00", "\x1b",
]  # fmt: skip

# Newsy fragments of our own, so that entities, quotes, counts, dates and events do occur.
PHRASES = [
    "Police in Nairobi arrested at least 12 protesters on Monday",
    "the Kenyan foreign minister said on Tuesday",
    "according to state television",
    "\u201cWe will not accept this,\u201d the mayor of Valmora told reporters.",
    '"The talks have failed," a spokeswoman for the United Nations said.',
    "Russia and Ukraine signed an agreement in Istanbul on 22 July 2022",
    "more than 300 troops were sent to the border",
    "Israeli forces struck targets in Gaza overnight, killing nine people",
    "the union threatened to strike next week",
    "President Macron met Chancellor Scholz in Berlin",
    "Hamas rejected the proposal",
    "Iran accused the United States of sabotage",
    "thousands of people protested in Tehran",
    "the government denied the report",
    "He said",
    "She added that",
    "they were not",
    "yesterday",
    "last Tuesday",
    "in March 2024",
    "on 3/4/2025",
    "about 2,500",
    "nearly half",
    "citing officials",
    "Reuters reported",
]
fragment = st.one_of(st.sampled_from(PHRASES), st.sampled_from(SPECIALS), any_text)
news_text = st.lists(fragment, min_size=1, max_size=14).map(" ".join)
published = st.one_of(
    st.none(),
    st.sampled_from(["2025-03-14", "2024-02-29", "1999-12-31T23:59:00+05:30", "2030-01-01"]),
)

EXTENSIONS = [".jsonl", ".json", ".txt", ".html", ".warc", ".warc.gz", ".xml", ".rss", ""]

# -- ingest ------------------------------------------------------------------------------


def contract_problems(item: object, limits: Settings) -> list[str]:
    """How a reader output breaks the ingest contract (empty when it does not)."""
    if isinstance(item, RecordError):
        problems = [] if item.reason and item.origin else ["RecordError without reason/origin"]
        if item.reason.startswith(LAST_RESORT):
            problems.append(f"a reader raised: {item.reason}")
        return problems
    if not isinstance(item, Article):
        return [f"not an Article or a RecordError: {type(item).__name__}"]
    problems = []
    if not item.text.strip():
        problems.append("empty text")
    if len(item.text) > limits.max_article_chars:
        problems.append(f"text over the limit: {len(item.text)}")
    if not item.id:
        problems.append("no id")
    if item.published is not None and not PUBLISHED.fullmatch(item.published):
        problems.append(f"publication date not normalised: {item.published!r}")
    for name in ("title", "url", "outlet"):
        value = getattr(item, name)
        if value is not None and (not value or value != " ".join(value.split())):
            problems.append(f"{name} not cleaned: {value!r}")
    return problems


def read_bytes(data: bytes, suffix: str, limits: Settings = SMALL) -> list[Article | RecordError]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        return list(read_inputs([str(path)], limits))


@pytest.mark.parametrize("suffix", EXTENSIONS)
@FAST
@given(data=st.binary(max_size=2048))
def test_any_bytes_in_any_file_kind(suffix: str, data: bytes) -> None:
    items = read_bytes(data, suffix)
    assert items, "a file gave neither an article nor an error"
    for item in items:
        assert contract_problems(item, SMALL) == []


def _markup(tag: str, inner: str) -> str:
    return f"<{tag}>{inner}</{tag}>"


@pytest.mark.parametrize("suffix", [".html", ".xml"])
@FAST
@given(title=any_text, body=news_text, junk=st.lists(st.sampled_from(SPECIALS), max_size=5))
def test_any_text_in_markup(suffix: str, title: str, body: str, junk: list[str]) -> None:
    from xml.sax.saxutils import escape

    if suffix == ".html":
        doc = (
            f"<html><head><title>{escape(title)}</title></head><body>"
            f"{''.join(junk)}{_markup('p', escape(body))}</body></html>"
        )
    else:
        item = _markup("title", escape(title)) + _markup("description", escape(body))
        doc = (
            f'<?xml version="1.0"?><rss version="2.0"><channel><item>{item}</item></channel></rss>'
        )
    for encoding in ("utf-8", "utf-16"):
        for found in read_bytes(doc.encode(encoding, "surrogatepass"), suffix):
            assert contract_problems(found, SMALL) == []


@FAST
@given(text=news_text, title=any_text, date=any_text, record_id=st.one_of(any_text, st.integers()))
def test_any_strings_as_jsonl_fields(text: str, title: str, date: str, record_id: object) -> None:
    record = {"id": record_id, "text": text, "title": title, "published": date}
    for ascii_only in (True, False):
        line = json.dumps(record, ensure_ascii=ascii_only).encode("utf-8") + b"\n"
        (item,) = read_bytes(line, ".jsonl", SETTINGS)
        assert contract_problems(item, SETTINGS) == []
        if text.strip():
            assert isinstance(item, Article), item
            assert item.text == text  # JSON Lines text is kept exactly


@FAST
@given(body=news_text, header_date=any_text)
def test_any_text_file(body: str, header_date: str) -> None:
    header = f"Date: {header_date}\n\n" if "\n" not in header_date else ""
    raw = header + body
    (item,) = read_bytes(raw.encode("utf-8"), ".txt", SETTINGS)
    assert contract_problems(item, SETTINGS) == []
    if isinstance(item, Article):
        flat = raw.replace("\r\n", "\n").replace("\r", "\n")
        assert item.text in flat.lstrip("\ufeff")


@settings(max_examples=300, deadline=None, derandomize=True)
@given(raw=st.one_of(any_text, st.text(st.sampled_from("0123456789-/:.TZ+ "), max_size=30)))
def test_any_string_as_publication_date(raw: str) -> None:
    result = normalize_published(raw)
    assert result.value is None or PUBLISHED.fullmatch(result.value)
    assert (result.value is None) == (result.warning is not None)


# -- extraction --------------------------------------------------------------------------


def extract_one(text: str, date: str | None, language: str | None) -> ArticleResult:
    article = Article(id="prop", text=text, published=date, language=language)
    (result,) = process([article], SETTINGS)
    return result


def check_extraction(result: ArticleResult) -> None:
    assert result.status != "error", result.reason  # "extraction failed: <exception>"
    assert offset_problems(result) == []


@FAST
@given(text=news_text, date=published)
def test_extraction_offsets_on_news_like_text(text: str, date: str | None) -> None:
    if not text.strip():
        return
    check_extraction(extract_one(text, date, "en"))


@pytest.mark.slow
@settings(
    max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
@given(
    text=st.one_of(news_text, st.text(any_char, min_size=1, max_size=400)),
    date=published,
    language=st.sampled_from([None, "en"]),
)
def test_extraction_offsets_on_any_text(text: str, date: str | None, language: str | None) -> None:
    if not text.strip():
        return
    check_extraction(extract_one(text, date, language))


@pytest.mark.slow
@settings(max_examples=40, deadline=None, derandomize=True)
@given(pieces=st.lists(st.sampled_from(PHRASES), min_size=20, max_size=60))
def test_extraction_offsets_on_long_articles(pieces: list[str]) -> None:
    text = ". ".join(pieces) + "."
    check_extraction(extract_one(text, "2025-03-14", "en"))
