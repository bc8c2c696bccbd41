"""WARC archives: HTML responses become articles; damage keeps what came before."""

from __future__ import annotations

import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from ingest_helpers import Items, articles, errors, page, write_warc

from dateline.records import Article, RecordError

Read = Callable[..., Items]

DATED = '<meta property="article:published_time" content="2023-11-20">'


def _pages(n: int) -> list[tuple[str, bytes, str]]:
    return [
        (
            f"https://news.example.org/story-{i}",
            page(
                f"Story {i}",
                f"Story number {i}: the ferry to the island of Skarra ran again on day {i}, "
                "the operator said, after repairs to the pier were finished.",
            ).encode(),
            "text/html; charset=utf-8",
        )
        for i in range(1, n + 1)
    ]


@pytest.mark.parametrize("compressed", [True, False])
def test_html_responses_become_articles(read: Read, tmp_path: Path, compressed: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if compressed else "crawl.warc")
    records = [
        *_pages(2),
        ("https://news.example.org/logo.png", b"\x89PNG\r\n\x1a\n....", "image/png"),
        (
            "https://news.example.org/dated",
            page("Dated", "The dated story about the island pier.", DATED).encode(),
            "text/html",
        ),
    ]
    write_warc(path, records, gzip=compressed)
    items = read(path)
    assert errors(items) == []
    first, second, dated = articles(items)
    assert first.url == "https://news.example.org/story-1"
    assert first.title == "Story 1"
    assert "Story number 1: the ferry to the island of Skarra" in first.text
    assert first.origin == f"{path}#1"
    assert second.origin == f"{path}#2"
    # no date in the page: the capture date (WARC-Date)
    assert first.published == "2024-01-02T03:04:05+00:00"
    assert first.warnings == ()
    # a date in the page wins; the image record (#3) is passed over
    assert dated.published == "2023-11-20"
    assert dated.origin == f"{path}#4"


def test_http_charset_and_statuses(read: Read, tmp_path: Path) -> None:
    body = (
        "Der Stadtrat von Lunden hat am Montag den Bau einer neuen Brücke über die Ost beschlossen."
    )
    html = f"<html><body><article><p>{body}</p></article></body></html>".encode("latin-1")
    path = tmp_path / "latin.warc.gz"
    write_warc(path, [("https://lunden.example.de/bruecke", html, "text/html; charset=ISO-8859-1")])
    (article,) = read(path)
    assert isinstance(article, Article)
    assert article.text == body
    assert article.language == "de"

    missing = tmp_path / "404.warc.gz"
    write_warc(missing, _pages(1), status="404 Not Found")
    assert read(missing) == [
        RecordError(str(missing), "archive holds no HTML pages", severity="warning")
    ]


def test_chunked_response_is_not_mistaken_for_damage(read: Read, tmp_path: Path) -> None:
    html = page("Chunked", "A page sent in chunks about the harbour of Ostby reopening.").encode()
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(html), html)
    path = tmp_path / "chunked.warc.gz"
    write_warc(
        path,
        [("https://ostby.example/chunked", chunked, "text/html")],
        extra_http=[("Transfer-Encoding", "chunked")],
    )
    (article,) = read(path)
    assert isinstance(article, Article)
    assert "harbour of Ostby reopening" in article.text


def test_gzip_damage_keeps_records_before_it(read: Read, tmp_path: Path) -> None:
    good = tmp_path / "good.warc.gz"
    offsets = write_warc(good, _pages(3))
    data = good.read_bytes()

    corrupt = tmp_path / "corrupt.warc.gz"
    damaged = bytearray(data)
    damaged[offsets[2] + 30 : offsets[2] + 90] = b"\x00" * 60
    corrupt.write_bytes(bytes(damaged))
    items = read(corrupt)
    assert [a.title for a in articles(items)] == ["Story 1", "Story 2"]
    (error,) = errors(items)
    assert error.origin == f"{corrupt}#3"
    assert error.reason.startswith("damaged or unreadable archive after record 2")
    assert items[-1] == error

    truncated = tmp_path / "truncated.warc.gz"
    truncated.write_bytes(data[: offsets[2] + 50])
    items = read(truncated)
    assert [a.title for a in articles(items)] == ["Story 1", "Story 2"]
    assert errors(items) == [
        RecordError(
            f"{truncated}#3",
            "damaged or unreadable archive after record 2: the archive ends inside this record",
        )
    ]


def test_archive_ending_inside_a_record(read: Read, tmp_path: Path) -> None:
    # the last record, compressed whole, then cut a little before its end
    good = tmp_path / "good.warc"
    offsets = write_warc(good, _pages(3), gzip=False)
    data = good.read_bytes()
    plain = tmp_path / "cut.warc"
    plain.write_bytes(data[: offsets[2] + (len(data) - offsets[2]) // 2])
    items = read(plain)
    assert [a.title for a in articles(items)] == ["Story 1", "Story 2"]
    (error,) = errors(items)
    assert error.origin == f"{plain}#3"
    assert error.reason.endswith("the archive ends inside this record")

    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    last = packer.compress(data[offsets[2] :]) + packer.flush()
    gz = tmp_path / "cut.warc.gz"
    head = tmp_path / "head.warc.gz"
    write_warc(head, _pages(2))
    gz.write_bytes(head.read_bytes() + last[:-40])
    items = read(gz)
    assert [a.title for a in articles(items)] == ["Story 1", "Story 2"]
    (error,) = errors(items)
    assert error.origin == f"{gz}#3"
    assert error.reason.endswith("the archive ends inside this record")

    header_cut = tmp_path / "header-cut.warc"
    header_cut.write_bytes(data[: offsets[2] + 300])  # inside the third record's headers
    items = read(header_cut)
    assert [a.title for a in articles(items)] == ["Story 1", "Story 2"]
    assert [e.origin for e in errors(items)] == [f"{header_cut}#3"]


def test_not_a_warc(read: Read, tmp_path: Path) -> None:
    fake = tmp_path / "fake.warc"
    fake.write_text("This is a note, not an archive.")
    assert read(fake) == [
        RecordError(str(fake), "not a WARC archive: it does not start with a WARC header")
    ]
    gz = tmp_path / "notes.txt.gz"
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    gz.write_bytes(packer.compress(b"plain notes") + packer.flush())
    assert read(gz) == [
        RecordError(str(gz), "gzip-compressed file that is not a WARC archive: decompress it first")
    ]


def test_same_archive_same_records(read: Read, tmp_path: Path) -> None:
    path = tmp_path / "again.warc.gz"
    write_warc(path, _pages(2))
    assert read(path) == read(path)
