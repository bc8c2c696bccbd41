"""Parquet files: one article per row, checked like JSON Lines records, row by row."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from ingest_helpers import Items, articles, errors

from dateline.config import Settings
from dateline.ingest.detect import detect_format
from dateline.ingest.normalize import content_id
from dateline.ingest.parquet import RowSlice, iter_parquet_rows, open_parquet
from dateline.records import Article, RecordError

Read = Callable[..., Items]

ROWS = [
    {"id": "p1", "text": "The Orbury council approved a new tram line on Monday.",
     "published": "2025-02-03", "title": "Tram line approved", "url": "https://x.example/1",
     "outlet": "Orbury Post"},
    {"id": None, "text": "Farmers in Velt blocked two roads to protest fuel prices.",
     "published": None, "title": None, "url": None, "outlet": None},
    {"id": "p3", "text": "", "published": "2025-02-05", "title": "Empty", "url": None,
     "outlet": None},
    {"id": "p4", "text": "Dock workers in Marren ended a four-day strike on Friday.",
     "published": "not a date", "title": None, "url": None, "outlet": "Marren Times"},
]  # fmt: skip


def _write(path: Path, rows: list[dict[str, object]], **kwargs: object) -> Path:
    pq.write_table(pa.Table.from_pylist(rows), path, **kwargs)  # type: ignore[arg-type]
    return path


def test_rows_become_articles_and_bad_rows_errors(read: Read, tmp_path: Path) -> None:
    path = _write(tmp_path / "news.parquet", ROWS)
    items = read(path)
    first, second, fourth = articles(items)
    assert (first.id, first.title, first.url, first.outlet) == (
        "p1", "Tram line approved", "https://x.example/1", "Orbury Post"
    )  # fmt: skip
    assert first.published == "2025-02-03" and first.origin == f"{path}#1"
    assert first.text == ROWS[0]["text"] and first.language == "en"
    assert second.id == content_id(second.text) and second.origin == f"{path}#2"
    assert fourth.id == "p4" and fourth.published is None and fourth.warnings  # bad date: warning
    [empty] = errors(items)
    assert empty.origin == f"{path}#3" and "empty" in empty.reason


def test_reads_like_the_same_records_as_json_lines(read: Read, tmp_path: Path) -> None:
    import json

    jsonl = tmp_path / "news.jsonl"
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in ROWS), encoding="utf-8")
    from_parquet = articles(read(_write(tmp_path / "news.parquet", ROWS)))
    from_jsonl = articles(read(jsonl))
    strip = [(a.id, a.text, a.published, a.title, a.outlet, a.language) for a in from_parquet]
    assert strip == [(a.id, a.text, a.published, a.title, a.outlet, a.language) for a in from_jsonl]


def test_detected_by_content_whatever_the_name(read: Read, tmp_path: Path) -> None:
    path = _write(tmp_path / "export.bin", ROWS[:1])
    assert detect_format(str(path), path.read_bytes()[:64]) == "parquet"
    assert [a.id for a in articles(read(path))] == ["p1"]


def test_timestamps_and_extra_columns(read: Read, tmp_path: Path) -> None:
    rows = [
        {"text": "Rescuers in Tolm reached the flooded village.", "score": 0.5,
         "published": dt.datetime(2025, 4, 1, 8, 30, tzinfo=dt.UTC)},
        {"text": "The Tolm flood barrier held overnight.", "score": 0.7,
         "published": dt.datetime(2025, 4, 2, 6, 0, tzinfo=dt.UTC)},
    ]  # fmt: skip
    first, second = articles(read(_write(tmp_path / "t.parquet", rows)))
    assert first.published == "2025-04-01T08:30:00+00:00"
    assert second.published == "2025-04-02T06:00:00+00:00"


def test_a_file_without_text_column_is_one_error(read: Read, tmp_path: Path) -> None:
    path = _write(tmp_path / "t.parquet", [{"body": "no text column here"}])
    [error] = read(path)
    assert isinstance(error, RecordError) and "no 'text' column" in error.reason


def test_wrong_types_are_per_row_errors(read: Read, tmp_path: Path) -> None:
    path = _write(tmp_path / "t.parquet", [{"text": 12}, {"text": 13}])
    items = read(path)
    assert [e.origin for e in errors(items)] == [f"{path}#1", f"{path}#2"]
    assert all("not a string" in e.reason for e in errors(items))


def test_empty_and_damaged_files(read: Read, tmp_path: Path) -> None:
    empty = tmp_path / "e.parquet"
    pq.write_table(pa.table({"text": pa.array([], pa.string())}), empty)
    [error] = read(empty)
    assert isinstance(error, RecordError) and "no records" in error.reason

    damaged = tmp_path / "d.parquet"
    damaged.write_bytes(b"PAR1" + b"\x00garbage" * 20)
    [error] = read(damaged)
    assert isinstance(error, RecordError) and "damaged Parquet" in error.reason


def test_row_slices_across_row_groups(tmp_path: Path) -> None:
    rows = [{"id": f"r{i}", "text": f"Article {i} about the port of Sand."} for i in range(10)]
    path = _write(tmp_path / "g.parquet", rows, row_group_size=4)  # groups of 4, 4, 2
    with path.open("rb") as f:
        pf = open_parquet(str(path), f)
        assert not isinstance(pf, RecordError)
        assert pf.metadata.num_row_groups == 3
        slices = [RowSlice(0, 3, 4, 4), RowSlice(1, 0, 2, 5)]  # rows 4 to 6 of the file
        got = list(iter_parquet_rows(str(path), pf, slices, Settings()))
    assert [(a.id, a.origin) for a in got if isinstance(a, Article)] == [
        ("r3", f"{path}#4"), ("r4", f"{path}#5"), ("r5", f"{path}#6")
    ]  # fmt: skip


def test_stdin_parquet_is_read_from_memory(
    monkeypatch: pytest.MonkeyPatch, read: Read, tmp_path: Path
) -> None:
    data = _write(tmp_path / "s.parquet", ROWS[:2]).read_bytes()

    class Pipe(io.RawIOBase):  # a non-seekable stream, like a pipe
        def __init__(self) -> None:
            self.inner = io.BytesIO(data)

        def readable(self) -> bool:
            return True

        def readinto(self, b: bytearray | memoryview) -> int:  # type: ignore[override]
            chunk = self.inner.read(len(b))
            b[: len(chunk)] = chunk
            return len(chunk)

    monkeypatch.setattr("dateline.ingest.stdin_stream", lambda: io.BufferedReader(Pipe()))
    assert [a.id for a in articles(read("-"))][:1] == ["p1"]
