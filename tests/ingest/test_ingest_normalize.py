"""Ids, publication dates, languages and decoding shared by every reader."""

from __future__ import annotations

import pytest

from dateline.config import Settings
from dateline.ingest.normalize import (
    Draft,
    content_id,
    decode_bytes,
    finish,
    normalize_language_code,
    normalize_newlines,
    normalize_published,
)
from dateline.records import Article, RecordError


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-05-17", "2024-05-17"),
        ("  2024-05-17 ", "2024-05-17"),
        ("2024-05-17T08:30:00Z", "2024-05-17T08:30:00+00:00"),
        ("2024-05-17T08:30:00.250+02:00", "2024-05-17T08:30:00+02:00"),
        ("2024-05-17 08:30", "2024-05-17T08:30:00"),
        ("20240517", "2024-05-17"),
        ("20240517083000", "2024-05-17T08:30:00"),
        ("Fri, 17 May 2024 08:30:00 GMT", "2024-05-17T08:30:00+00:00"),
        ("Fri, 17 May 2024 08:30:00 +0200", "2024-05-17T08:30:00+02:00"),
        ("May 17, 2024 8:30 EDT", "2024-05-17T08:30:00-04:00"),
        ("17 May 2024", "2024-05-17"),
        ("2024/05/17", "2024-05-17"),
        ("17/05/2024", "2024-05-17"),  # 17 cannot be a month
        ("17 mai 2024", "2024-05-17"),  # month names in other languages via dateparser
    ],
)
def test_publication_dates_are_normalised(raw: str, expected: str) -> None:
    result = normalize_published(raw)
    assert result.value == expected
    assert result.warning is None


@pytest.mark.parametrize(
    ("raw", "warning"),
    [
        ("121108", "invalid publication date '121108'"),
        (121108, "invalid publication date '121108'"),
        ("2024", "invalid publication date '2024'"),
        ("May 2024", "invalid publication date 'May 2024'"),
        ("yesterday", "invalid publication date 'yesterday'"),
        ("Monday", "invalid publication date 'Monday'"),
        ("2024-02-30", "invalid publication date '2024-02-30'"),
        ("0001-01-01", "invalid publication date '0001-01-01'"),
        ("not a date at all", "invalid publication date 'not a date at all'"),
        ("03/04/2024", "ambiguous publication date '03/04/2024' (day or month first?)"),
        (None, "no publication date"),
        ("   ", "no publication date"),
    ],
)
def test_bad_or_missing_dates_give_warnings(raw: object, warning: str) -> None:
    result = normalize_published(raw)
    assert result.value is None
    assert result.warning == warning


def test_non_string_date_is_invalid() -> None:
    result = normalize_published({"day": 1})
    assert result.value is None
    assert result.warning is not None and result.warning.startswith("invalid publication date")


def test_content_id_is_a_prefixed_sha256() -> None:
    first = content_id("Some article text.")
    assert first == content_id("Some article text.")
    assert first != content_id("Some article text!")
    assert first.startswith("doc-")
    assert len(first) == len("doc-") + 16
    int(first[4:], 16)  # hex digits


@pytest.mark.parametrize(
    ("raw", "code"),
    [("en", "en"), ("EN-gb", "en"), ("pt_BR", "pt"), ("fra", "fr"), ("xx", None), ("1", None)],
)
def test_language_codes(raw: str, code: str | None) -> None:
    assert normalize_language_code(raw) == code


def test_decoding_order() -> None:
    text = "Café in Zürich – “quoted”"
    assert decode_bytes(text.encode("utf-8")) == text
    assert decode_bytes(b"\xef\xbb\xbf" + text.encode("utf-8")) == text  # BOM dropped
    assert decode_bytes(text.encode("utf-16")) == text
    # not UTF-8: the declared charset decides
    assert decode_bytes("Prague – Praha".encode("cp1250"), declared="windows-1250") == (
        "Prague – Praha"
    )
    # declared Latin-1 is read as windows-1252 (as browsers do)
    assert decode_bytes(b"\x93quoted\x94 caf\xe9", declared="iso-8859-1") == "“quoted” café"
    # nothing declared: a guess, which prefers windows-1252 among equals
    guessed = decode_bytes("Le café du marché a fermé ses portes lundi.".encode("cp1252"))
    assert guessed == "Le café du marché a fermé ses portes lundi."


def test_newlines() -> None:
    assert normalize_newlines("a\r\nb\rc\nd") == "a\nb\nc\nd"


def test_finish_builds_an_article() -> None:
    draft = Draft(
        "The port of Kessel reopened on Monday after a strike ended.",
        "x.txt",
        published="2024-03-04",
        title="  Port   reopens ",
        outlet=7,
    )
    article = finish(draft, Settings())
    assert isinstance(article, Article)
    assert article.id == content_id(draft.text)
    assert article.title == "Port reopens"
    assert article.outlet == "7"
    assert article.language == "en"
    assert article.published == "2024-03-04"
    assert article.warnings == ()


def test_finish_detects_language_and_falls_back_on_bad_codes() -> None:
    article = finish(
        Draft(
            "Der Bürgermeister eröffnete am Montag die neue Brücke über den Fluss.",
            "x",
            language="zz",
        ),
        Settings(),
    )
    assert isinstance(article, Article)
    assert article.language == "de"
    assert "unknown language code 'zz': detected instead" in article.warnings


def test_finish_text_without_letters_has_no_language() -> None:
    article = finish(Draft("12 345 678 -- 90 %", "x", published="2024-01-01"), Settings())
    assert isinstance(article, Article)
    assert article.language is None


def test_fallback_date_is_used_quietly() -> None:
    article = finish(
        Draft(
            "A text about a harbour.",
            "x",
            published=None,
            fallback_published="2024-01-02T03:04:05Z",
        ),
        Settings(),
    )
    assert isinstance(article, Article)
    assert article.published == "2024-01-02T03:04:05+00:00"
    assert article.warnings == ()


@pytest.mark.parametrize("bad_id", [["a"], {"a": 1}, True, 1.5])
def test_bad_ids_are_errors(bad_id: object) -> None:
    result = finish(Draft("Some text here.", "f:1", id=bad_id), Settings())
    assert isinstance(result, RecordError)
    assert result.reason == "'id' must be a string or a number"


def test_over_long_text_is_refused() -> None:
    from dataclasses import replace

    result = finish(Draft("word " * 30, "f:1"), replace(Settings(), max_article_chars=100))
    assert isinstance(result, RecordError)
    assert result.reason == (
        "article too long: 150 characters, more than the limit of 100 characters "
        "(max_article_chars)"
    )
