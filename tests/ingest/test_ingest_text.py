"""Plain-text files: header, title guess, line endings, decoding, size limits."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from ingest_helpers import Items

from dateline.ingest.normalize import content_id
from dateline.ingest.text import guess_title, split_header
from dateline.records import Article, RecordError

Read = Callable[..., Items]


def test_header_file(read: Read, fixtures: Path) -> None:
    (article,) = read(fixtures / "ferry.txt")
    assert isinstance(article, Article)
    assert article.title == "River ferry service resumes"
    assert article.published == "2024-02-08"
    assert article.outlet == "Valley Courier"
    assert article.origin == str(fixtures / "ferry.txt")
    # the header is gone, CRLF became LF, the rest is untouched
    assert article.text == (
        "The river ferry between Harlow and Ostend Mill resumed service on Wednesday, the "
        "operator said.\nIt had been suspended for a month after ice damaged the landing stage.\n"
    )
    assert article.id == content_id(article.text)
    assert article.language == "en"
    assert article.warnings == ()


def test_headline_becomes_title_and_stays_in_text(read: Read, fixtures: Path) -> None:
    (article,) = read(fixtures / "headline.txt")
    assert isinstance(article, Article)
    headline = "Volunteers plant ten thousand trees along the old railway line"
    assert article.title == headline
    assert article.text.startswith(headline + "\n\nVolunteers from four villages")
    assert article.published is None
    assert article.warnings == ("no publication date",)


@pytest.mark.parametrize(
    ("body", "title"),
    [
        ("Short headline\nBody text follows here.", "Short headline"),
        ("Is the bridge safe?\nEngineers say yes.", "Is the bridge safe?"),
        ("A whole first sentence that ends with a full stop.\nMore.", None),
        ("Only one line without anything after it", None),
        (" ".join(["word"] * 40) + "\nMore text.", None),
        ("\n\n  Leading blank lines\nthen text", "Leading blank lines"),
    ],
)
def test_guess_title(body: str, title: str | None) -> None:
    assert guess_title(body) == title


def test_split_header_stops_at_first_other_line() -> None:
    parts = split_header("Date: 2024-01-02\nThe minister said: no comment.\nMore.")
    assert parts.meta == {"published": "2024-01-02"}
    assert parts.body == "The minister said: no comment.\nMore."
    # an unknown key is article text, not a header
    text = "Warning: storms ahead\nThe weather service said so."
    assert split_header(text).body == text
    assert split_header(text).meta == {}


def test_invalid_header_date_is_a_warning(read: Read, tmp_path: Path) -> None:
    path = tmp_path / "bad-date.txt"
    path.write_text("Date: next week\n\nThe town fair was announced.\n")
    (article,) = read(path)
    assert isinstance(article, Article)
    assert article.published is None
    assert article.warnings == ("invalid publication date 'next week'",)
    assert article.text == "The town fair was announced.\n"


def test_legacy_encoding_and_utf16(read: Read, tmp_path: Path) -> None:
    text = "Le maire de Belcourt a inauguré la nouvelle école élémentaire vendredi."
    latin = tmp_path / "latin.txt"
    latin.write_bytes(text.encode("cp1252"))
    utf16 = tmp_path / "utf16.txt"
    utf16.write_bytes(text.encode("utf-16"))
    (a,) = read(latin)
    (b,) = read(utf16)
    assert isinstance(a, Article) and isinstance(b, Article)
    assert a.text == b.text == text
    assert a.id == b.id
    assert a.language == "fr"


def test_empty_and_whitespace_files(read: Read, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.txt"
    blank.write_bytes(b" \n\r\n\t")
    header_only = tmp_path / "header.txt"
    header_only.write_text("Title: Nothing follows\nDate: 2024-01-01\n\n")
    assert read(empty) == [RecordError(str(empty), "empty file")]
    assert read(blank) == [RecordError(str(blank), "empty file: only whitespace")]
    assert read(header_only) == [RecordError(str(header_only), "no text: the article is empty")]


def test_over_long_text_file(read: Read, tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("word " * 100)  # 500 characters
    (error,) = read(path, max_article_chars=300)
    assert error == RecordError(
        str(path),
        "article too long: 500 characters, more than the limit of 300 characters "
        "(max_article_chars)",
    )


def test_fifty_megabyte_file_is_refused_quickly(read: Read, tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    line = b"The river rose again overnight and the road was closed.\n"
    chunk = line * (1024 * 1024 // len(line) + 1)
    with path.open("wb") as f:
        for _ in range(50):
            f.write(chunk)
        f.truncate(50 * 1024 * 1024)
    started = time.perf_counter()
    (error,) = read(path)
    assert time.perf_counter() - started < 1.0
    assert isinstance(error, RecordError)
    assert error.reason == (
        "article too long: the file has 52,428,800 bytes, more than an article within the "
        "limit of 200,000 characters (max_article_chars) can take"
    )


def test_file_over_max_file_bytes_is_refused_before_reading(read: Read, tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    path.write_text('{"text": "' + "z" * 5000 + '"}\n')
    (error,) = read(path, max_file_bytes=1000)
    assert error == RecordError(
        str(path),
        "file too large: 5,013 bytes, more than the limit of 1,000 bytes (max_file_bytes)",
    )
