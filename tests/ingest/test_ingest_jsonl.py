"""JSON Lines and JSON files: good records, bad lines among good ones, exact text."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from ingest_helpers import Items, articles, errors

from dateline.ingest.normalize import content_id
from dateline.records import Article, RecordError

Read = Callable[..., Items]


def test_jsonl_fixture(read: Read, fixtures: Path) -> None:
    items = read(fixtures / "articles.jsonl")
    assert errors(items) == []
    first, second, third, fourth = articles(items)
    origin = str(fixtures / "articles.jsonl")

    assert first.id == "ledger-001"
    assert first.title == "Harbour bridge reopens"
    assert first.url == "https://ledger.example.org/bridge"
    assert first.outlet == "Coastal Ledger"
    assert first.published == "2024-05-17"
    assert first.language == "en"
    assert first.origin == f"{origin}:1"
    assert first.text.startswith("Westmere council reopened the harbour bridge")
    assert first.warnings == ()

    # no id: a content hash; a time in the date is kept
    assert second.id == content_id(second.text)
    assert second.published == "2024-06-03T09:15:00+00:00"
    assert second.language == "en"

    # numeric id, invalid date (a warning, not an error), language tag normalised
    assert third.id == "42"
    assert third.published is None
    assert third.warnings == ("invalid publication date '121108'",)
    assert third.language == "en"

    # no date, no language: detected
    assert fourth.language == "fr"
    assert fourth.warnings == ("no publication date",)


def test_text_is_kept_exactly(read: Read, tmp_path: Path) -> None:
    text = "  Line one,\r\nline two\rand \u2028three\u00a0four.\n\n  "
    path = tmp_path / "exact.jsonl"
    path.write_text(json.dumps({"id": "x", "text": text, "published": "2024-01-01"}) + "\n")
    (article,) = read(path)
    assert isinstance(article, Article)
    assert article.text == text


def test_bad_lines_do_not_stop_the_good_ones(read: Read, tmp_path: Path) -> None:
    good = {"text": "The dam on the river Ost was opened on Friday.", "published": "2024-02-02"}
    lines = [
        json.dumps({**good, "id": "a"}).encode(),
        b'{"id": "b", "text": "A truncated rec',  # truncated JSON
        json.dumps({"id": "c", "title": "no text here"}).encode(),
        json.dumps({"id": "d", "text": 17}).encode(),
        json.dumps({"id": "e", "text": "   "}).encode(),
        b'{"id": "f", "text": "caf\xe9 latin-1 bytes"}',  # invalid UTF-8
        b"[1, 2, 3]",
        b"",  # blank lines are skipped, not errors
        json.dumps({**good, "id": "g"}).encode(),
    ]
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    items = read(path)

    assert [a.id for a in articles(items)] == ["a", "g"]
    assert [a.origin for a in articles(items)] == [f"{path}:1", f"{path}:9"]
    reasons = {e.origin.rsplit(":", 1)[1]: e.reason for e in errors(items)}
    assert reasons["2"].startswith("malformed JSON: Unterminated string")
    assert reasons["3"] == "record has no 'text' field"
    assert reasons["4"] == "'text' is a number, not a string"
    assert reasons["5"] == "'text' is empty"
    assert reasons["6"] == "invalid UTF-8 at byte 25 of the line"
    assert reasons["7"] == "record is a list, not a JSON object"
    assert set(reasons) == {"2", "3", "4", "5", "6", "7"}
    # output order follows input order
    assert [str(i.origin).rsplit(":", 1)[1] for i in items] == [
        "1",
        "2",
        "3",
        "4",
        "5",
        "6",
        "7",
        "9",
    ]


def test_bom_crlf_and_no_final_newline(read: Read, tmp_path: Path) -> None:
    path = tmp_path / "bom.jsonl"
    body = b'{"id": "1", "text": "First."}\r\n{"id": "2", "text": "Second."}'
    path.write_bytes(b"\xef\xbb\xbf" + body)
    items = read(path)
    assert [(a.id, a.text) for a in articles(items)] == [("1", "First."), ("2", "Second.")]


def test_empty_jsonl_file(read: Read, tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.jsonl"
    blank.write_bytes(b"\n  \n\n")
    assert read(empty) == [RecordError(str(empty), "empty file")]
    assert read(blank) == [RecordError(str(blank), "empty file: no records")]


def test_over_long_record_is_refused_and_the_next_line_read(read: Read, tmp_path: Path) -> None:
    path = tmp_path / "long.jsonl"
    records = [
        {"id": "short", "text": "A short one."},
        {"id": "long", "text": "x" * 500},
        {"id": "after", "text": "Read after the long one."},
    ]
    path.write_text("\n".join(json.dumps(r) for r in records))
    items = read(path, max_article_chars=100)
    assert [a.id for a in articles(items)] == ["short", "after"]
    (error,) = errors(items)
    assert error.origin == f"{path}:2"
    assert error.reason == (
        "article too long: 500 characters, more than the limit of 100 characters "
        "(max_article_chars)"
    )


def test_huge_line_is_skipped_without_parsing(read: Read, tmp_path: Path) -> None:
    path = tmp_path / "huge.jsonl"
    with path.open("w") as f:
        f.write(json.dumps({"id": "huge", "text": "y" * 3_000_000}) + "\n")
        f.write(json.dumps({"id": "next", "text": "Still read."}) + "\n")
    items = read(path, max_article_chars=1000)
    assert [a.id for a in articles(items)] == ["next"]
    (error,) = errors(items)
    assert error.origin == f"{path}:1"
    assert error.reason.startswith("article too long: the line has more than 3,000,0")
    assert "limit of 1,000 characters" in error.reason


def test_json_list_and_object(read: Read, fixtures: Path, tmp_path: Path) -> None:
    items = read(fixtures / "records.json")
    assert errors(items) == []
    first, second = articles(items)
    assert first.id == "json-1"
    assert first.origin == f"{fixtures / 'records.json'}#1"
    assert second.published == "2023-09-17"  # "17 September 2023"
    assert str(second.origin).endswith("records.json#2")

    single = tmp_path / "one.json"
    single.write_text(
        json.dumps({"id": "solo", "text": "One record.", "published": "2024-01-05"}, indent=2)
    )
    (article,) = read(single)
    assert isinstance(article, Article)
    assert (article.id, article.origin) == ("solo", str(single))


def test_json_file_problems(read: Read, tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('[{"text": "a"}, ')
    (error,) = read(broken)
    assert isinstance(error, RecordError)
    assert error.reason.startswith("malformed JSON")

    empty_list = tmp_path / "none.json"
    empty_list.write_text("[]")
    assert read(empty_list) == [RecordError(str(empty_list), "empty list: no records")]

    mixed = tmp_path / "mixed.json"
    mixed.write_text(json.dumps([{"text": "Fine text."}, "just a string", {"id": "z"}]))
    items = read(mixed)
    assert len(articles(items)) == 1
    assert [e.reason for e in errors(items)] == [
        "record is a string, not a JSON object",
        "record has no 'text' field",
    ]

    latin = tmp_path / "latin.json"
    latin.write_bytes(b'{"text": "caf\xe9"}')
    (error,) = read(latin)
    assert isinstance(error, RecordError)
    assert error.reason == "invalid UTF-8 at byte 14"


def test_json_lines_in_a_json_file(read: Read, tmp_path: Path) -> None:
    path = tmp_path / "lines.json"
    path.write_text('{"id": "1", "text": "One."}\n{"id": "2", "text": "Two."}\n')
    items = read(path)
    assert [a.id for a in articles(items)] == ["1", "2"]
    assert [a.origin for a in articles(items)] == [f"{path}:1", f"{path}:2"]


def test_same_input_same_records(read: Read, fixtures: Path) -> None:
    assert read(fixtures / "articles.jsonl") == read(fixtures / "articles.jsonl")


def test_fifty_megabyte_line_is_refused_quickly(read: Read, tmp_path: Path) -> None:
    import time

    path = tmp_path / "fifty.jsonl"
    chunk = "The river rose again overnight. " * 32768  # 1 MiB
    with path.open("w") as f:
        f.write('{"id": "big", "text": "')
        for _ in range(50):
            f.write(chunk)
        f.write('"}\n{"id": "small", "text": "Read after the big one."}\n')
    started = time.perf_counter()
    items = read(path)
    assert time.perf_counter() - started < 3.0
    assert [a.id for a in articles(items)] == ["small"]
    (error,) = errors(items)
    assert error.origin == f"{path}:1"
    assert error.reason.startswith("article too long: the line has more than 52,428,")
