"""Inputs (folders, globs, stdin), format detection, refusals, determinism."""

from __future__ import annotations

import io
import json
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from ingest_helpers import Items, articles, errors, page

from dateline.ingest.detect import Refusal, detect_format, sniff_format
from dateline.records import Article, RecordError

Read = Callable[..., Items]


class _Pipe(io.RawIOBase):
    """A non-seekable byte stream, like a pipe."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        chunk = self._data.read(min(len(buffer), 1000))  # small reads, as pipes give
        buffer[: len(chunk)] = chunk
        return len(chunk)


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(_Pipe(data))))


@pytest.fixture
def corpus(tmp_path: Path, fixtures: Path) -> Path:
    """A folder of mixed inputs, with a subfolder, hidden files and a broken file."""
    root = tmp_path / "corpus"
    (root / "sub" / "deeper").mkdir(parents=True)
    (root / ".hidden-dir").mkdir()
    shutil.copy(fixtures / "headline.txt", root / "b-headline.txt")
    shutil.copy(fixtures / "page.html", root / "sub" / "page.html")
    shutil.copy(fixtures / "feed.atom", root / "sub" / "deeper" / "feed.atom")
    (root / "a.jsonl").write_text(
        json.dumps({"id": "a1", "text": "First record in the folder."}) + "\n"
    )
    (root / "c-report.pdf").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    (root / ".secret.txt").write_text("Hidden text that must not be read.")
    (root / ".hidden-dir" / "x.txt").write_text("Also hidden.")
    return root


def test_folder_is_walked_sorted_recursively_skipping_hidden(read: Read, corpus: Path) -> None:
    items = read(corpus)
    origins = [i.origin for i in items]
    assert origins == [
        f"{corpus}/a.jsonl:1",
        f"{corpus}/b-headline.txt",
        f"{corpus}/c-report.pdf",
        f"{corpus}/sub/deeper/feed.atom#1",
        f"{corpus}/sub/deeper/feed.atom#2",
        f"{corpus}/sub/page.html",
    ]  # the order of the sorted paths, as `find | sort` gives
    (error,) = errors(items)
    assert error.reason == "binary file (PDF document), not text"
    assert all("idden" not in a.text for a in articles(items))


def test_same_folder_same_records(read: Read, corpus: Path) -> None:
    assert read(corpus) == read(corpus)


def test_globs(read: Read, corpus: Path) -> None:
    items = read(f"{corpus}/**/*.atom", f"{corpus}/*.txt")
    assert [i.origin for i in items] == [
        f"{corpus}/sub/deeper/feed.atom#1",
        f"{corpus}/sub/deeper/feed.atom#2",
        f"{corpus}/b-headline.txt",
    ]
    assert read(f"{corpus}/*.nothing") == [
        RecordError(f"{corpus}/*.nothing", "no files match this pattern")
    ]


def test_missing_inputs_and_empty_folders(read: Read, tmp_path: Path, fixtures: Path) -> None:
    (tmp_path / "empty-dir").mkdir()
    items = read(tmp_path / "nope.jsonl", tmp_path / "empty-dir", fixtures / "ferry.txt")
    assert items[0] == RecordError(str(tmp_path / "nope.jsonl"), "no such file or directory")
    assert items[1] == RecordError(
        str(tmp_path / "empty-dir"), "folder holds no files to read", severity="warning"
    )
    assert isinstance(items[2], Article)  # the good input after two bad ones


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("notes.txt", b"", "empty file"),
        ("blob.txt", b"abc\x00\x01\x02def" * 20, "binary file (contains NUL bytes), not text"),
        ("photo.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (PNG image), not text"),
        (
            "doc.jsonl",
            b"PK\x03\x04\x14\x00\x06\x00",
            "binary file (ZIP archive or Office document), not text",
        ),
        ("ctl.txt", bytes(range(1, 32)) * 10, "binary file (mostly control characters), not text"),
    ],
)
def test_refused_files(read: Read, tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    assert read(path) == [RecordError(str(path), reason)]


def test_a_bad_file_never_stops_the_run(read: Read, tmp_path: Path, fixtures: Path) -> None:
    bad = tmp_path / "bad.bin"
    bad.write_bytes(b"\x00" * 100)
    items = read(bad, fixtures / "articles.jsonl", bad)
    assert len(articles(items)) == 4
    assert [type(i).__name__ for i in items] == ["RecordError"] + ["Article"] * 4 + ["RecordError"]


def test_stdin_jsonl_is_streamed(read: Read, monkeypatch: pytest.MonkeyPatch) -> None:
    records = [{"id": f"s{i}", "text": f"Record {i}: " + "words " * 50} for i in range(400)]
    data = "\n".join(json.dumps(r) for r in records).encode()
    assert len(data) > 100_000  # more than the head used for detection
    _stdin(monkeypatch, data)
    items = read("-")
    assert [a.id for a in articles(items)] == [r["id"] for r in records]
    assert items[0].origin == "<stdin>:1"
    assert all(a.text == r["text"] for a, r in zip(articles(items), records, strict=True))


def test_stdin_html_and_text_are_sniffed(read: Read, monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, page("Pier reopens", "The pier at Sandholm reopened on Friday.").encode())
    (article,) = read("-")
    assert isinstance(article, Article)
    assert (article.title, article.origin) == ("Pier reopens", "<stdin>")

    _stdin(monkeypatch, b"Date: 2024-07-01\n\nThe pier at Sandholm closed again on Monday.\n")
    (article,) = read("-")
    assert isinstance(article, Article)
    assert article.published == "2024-07-01"

    _stdin(monkeypatch, b"")
    assert read("-") == [RecordError("<stdin>", "empty file")]


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b'{"text": "a"}\n{"text": "b"}\n', "jsonl"),
        (b'{"text": "one very long line without an end', "jsonl"),
        (b'{\n  "text": "pretty printed"\n}\n', "json"),
        (b'\xef\xbb\xbf[{"text": "a"}]', "json"),
        (b"<!DOCTYPE html><html><body>x</body></html>", "html"),
        (b"<div><p>fragment</p></div>", "html"),
        (b'<?xml version="1.0"?>\n<!-- c --><rss version="2.0"><channel/></rss>', "feed"),
        (b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"></feed>', "feed"),
        (b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="x"></rdf:RDF>', "feed"),
        (b"Just a plain text article.", "text"),
    ],
)
def test_sniff_format(head: bytes, expected: str) -> None:
    assert sniff_format(head) == expected


def test_other_xml_is_refused() -> None:
    result = sniff_format(b'<?xml version="1.0"?><TimeML><TEXT>x</TEXT></TimeML>')
    assert result == Refusal(
        "XML document (root element <timeml>) that is neither a feed nor a page"
    )


def test_extension_wins_over_content_but_not_over_binary() -> None:
    assert detect_format("story.txt", b"<html><body>shown as text</body></html>") == "text"
    assert detect_format("data.ndjson", b'{"text": "x"}') == "jsonl"
    bad_gzip = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + b"\xff" * 20
    assert detect_format("crawl.warc.gz", bad_gzip) == Refusal(
        "damaged gzip file: cannot decompress its first bytes"
    )
    assert detect_format(None, b"WARC/1.1\r\n") == "warc"


def test_arc_archives_are_refused_not_read_as_text() -> None:
    head = b"filedesc://crawl.arc 0.0.0.0 20240102030405 text/plain 70\n1 0 Example\n"
    assert detect_format("crawl.arc", head) == Refusal(
        "ARC archive (the format before WARC) is not supported: convert it to WARC first"
    )
