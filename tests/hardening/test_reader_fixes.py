"""Reader bugs found by fuzzing and the nasty corpus, each pinned by a small input of our own."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hardening_helpers import NASTY

from dateline.config import Settings
from dateline.ingest import read_inputs
from dateline.ingest.html import flatten, fragment_to_text, nesting_depth
from dateline.ingest.warc import next_record_start
from dateline.records import Article, RecordError

STORY = "The harbour of Ostby reopened on Monday after a week of storms, the port authority said."


def read(path: Path) -> list[Article | RecordError]:
    return list(read_inputs([str(path)], Settings()))


def test_lone_surrogate_in_text_is_an_error_for_that_line_only(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    lines = [
        '{"id": "bad", "text": "Crowds \\udde6 gathered in Ostby."}',
        json.dumps({"id": "odd-title", "text": STORY, "title": "Ostby \ud83d"}),
        json.dumps({"id": "good", "text": STORY}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8", errors="surrogatepass")
    bad, odd, good = read(path)
    assert isinstance(bad, RecordError)
    assert bad.reason == "'text' is not valid Unicode: a lone surrogate (U+DDE6) at character 8"
    assert isinstance(odd, Article) and odd.title == "Ostby \ufffd"
    assert isinstance(good, Article) and good.text == STORY


def test_feed_with_an_undecodable_encoding_name_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "f.xml"
    path.write_bytes(b'<?xml version="1.0" encoding="u\x9f\xfft"?><rss><channel></channel></rss>')
    (error,) = read(path)
    assert isinstance(error, RecordError)
    assert error.reason.startswith("not a readable RSS/Atom feed")


def test_control_characters_in_feed_html_do_not_stop_the_feed(tmp_path: Path) -> None:
    body = "&lt;p&gt;The harbour\x0b of Ostby reopened.&lt;/p&gt;&lt;div&gt;Ships\x01 left.&lt;/div&gt;"
    path = tmp_path / "f.atom"
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f'<entry><title>Ostby</title><content type="html">{body}</content>'
        "<published>2024-06-03T10:00:00Z</published></entry></feed>",
        encoding="utf-8",
    )
    (article,) = read(path)
    assert isinstance(article, Article)
    assert article.text == "The harbour of Ostby reopened.\nShips left."
    assert fragment_to_text("<p>a\x0cb</p>") == "a b"


def test_nesting_depth_and_flatten() -> None:
    assert nesting_depth("<div><p>a</p><br><img src='x'/></div>") == 2
    assert nesting_depth("<div>" * 500, stop=200) == 201  # stops counting past the limit
    html = "<div><span>a</span></div><script>if (a<b) { x = '<div>'; }</script><p>b</p>"
    assert flatten(html) == "\na\n<script>if (a<b) { x = '<div>'; }</script><p>b</p>"


def _starts(data: bytes, compressed: bool) -> list[int]:
    found, position = [], 1
    while (offset := next_record_start(io.BytesIO(data), position, compressed)) is not None:
        found.append(offset)
        position = offset + 1
    return found


def test_next_record_start_across_chunks_and_on_tiny_input(monkeypatch: pytest.MonkeyPatch) -> None:
    gz = (NASTY / "good.warc.gz").read_bytes()
    plain = (NASTY / "wrong_length.warc").read_bytes()
    expected = (_starts(gz, True), _starts(plain, False))
    assert len(expected[0]) == 4 and len(expected[1]) == 4  # records 2 to 5
    monkeypatch.setattr("dateline.ingest.warc._SCAN_CHUNK", 7)  # markers straddle chunks
    assert (_starts(gz, True), _starts(plain, False)) == expected
    for tiny in (b"", b"\x1f", b"\x1f\x00", b"\x1f\x8b\x08"):
        assert next_record_start(io.BytesIO(tiny), 1, True) is None
        assert next_record_start(io.BytesIO(tiny), 1, False) is None
