"""Shards the Dask workers read themselves: line ranges, row ranges, file groups (no NLP here)."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dateline.config import Settings
from dateline.ingest import read_inputs
from dateline.records import Article, RecordError
from dateline.runner.shards import (
    FileGroup,
    LineCount,
    LineRange,
    RowRange,
    list_files,
    plan_shards,
    read_shard,
)


def _jsonl(path: Path, n: int) -> Path:
    lines = []
    for i in range(n):
        words = " ".join(["harbour"] * (i % 7 * 9 + 1))  # lines of different lengths
        lines.append(json.dumps({"id": f"n{i}", "text": f"Story {i}: {words}.", "language": "en"}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _ids(items: list[Article | RecordError]) -> list[str]:
    return [a.id for a in items if isinstance(a, Article)]


def test_line_ranges_hold_every_line_once_whatever_the_cuts(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "a.jsonl", 40)
    size = path.stat().st_size
    expected = [f"n{i}" for i in range(40)]
    for step in (1, 7, 50, 97, 333, 1000, size):
        ranges = [
            LineRange(str(path), s, min(s + step, size), s == 0) for s in range(0, size, step)
        ]
        got = [i for r in ranges for i in _ids(list(read_shard(r, Settings())))]
        assert got == expected, step


def test_line_count_numbers_lines_within_the_range(tmp_path: Path) -> None:
    path = tmp_path / "b.jsonl"
    path.write_text('{"text": "One."}\n\nnot json\n{"text": "Two."}\n', encoding="utf-8")
    count = LineCount()
    items = list(read_shard(LineRange(str(path), 0, path.stat().st_size, True), Settings(), count))
    assert (count.lines, count.records) == (4, 3)
    [error] = [i for i in items if isinstance(i, RecordError)]
    assert error.origin == f"{path}:3"


def test_plan_cuts_a_large_jsonl_file_and_groups_small_files(tmp_path: Path) -> None:
    big = _jsonl(tmp_path / "big.jsonl", 60)
    (tmp_path / "small").mkdir()
    for name in ("x.txt", "y.txt", "z.txt"):
        (tmp_path / "small" / name).write_text("The mayor of Brel spoke.", encoding="utf-8")
    shards = list(plan_shards([str(big), str(tmp_path / "small")], Settings(), 10))
    ranges = [s for s in shards if isinstance(s, LineRange)]
    assert len(ranges) >= 4 and ranges[0].first and not ranges[1].first
    assert ranges[-1].end == big.stat().st_size
    assert shards[-1] == FileGroup(
        tuple(str(tmp_path / "small" / n) for n in ("x.txt", "y.txt", "z.txt"))
    )


def test_plan_cuts_parquet_in_row_ranges_across_row_groups(tmp_path: Path) -> None:
    path = tmp_path / "p.parquet"
    rows = [{"id": f"r{i}", "text": f"Story {i} from Osk."} for i in range(10)]
    pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=4)
    shards = list(plan_shards([str(path)], Settings(), 3))
    assert all(isinstance(s, RowRange) for s in shards) and len(shards) == 4
    got = [i for s in shards for i in _ids(list(read_shard(s, Settings())))]  # type: ignore[arg-type]
    assert got == [f"r{i}" for i in range(10)]
    local = [a for a in read_inputs([str(path)], Settings()) if isinstance(a, Article)]
    by_shards = [a for s in shards for a in read_shard(s, Settings()) if isinstance(a, Article)]  # type: ignore[arg-type]
    assert by_shards == local  # same Articles, origins included


def test_urls_are_listed_like_folders_and_globs(tmp_path: Path) -> None:
    (tmp_path / "d" / "sub").mkdir(parents=True)
    for name in ("d/b.jsonl", "d/a.jsonl", "d/sub/c.jsonl", "d/.hidden.jsonl", "d/README.md"):
        _jsonl(tmp_path / name, 2)
    url = f"file://{tmp_path}/d"
    listed = [str(x) for x in list_files([url])]
    assert listed == [f"file://{tmp_path}/d/{n}" for n in ("a.jsonl", "b.jsonl", "sub/c.jsonl")]
    assert [str(x) for x in list_files([f"{url}/*.jsonl"])] == listed[:2]
    [missing] = list_files([f"file://{tmp_path}/nothing.jsonl"])
    assert isinstance(missing, RecordError) and "no such file" in missing.reason


def test_a_url_file_reads_like_the_local_file(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "u.jsonl", 3)
    by_url = list(read_shard(FileGroup((f"file://{path}",)), Settings()))
    assert _ids(by_url) == _ids(list(read_inputs([str(path)], Settings())))


def test_memory_urls(tmp_path: Path) -> None:
    fsspec = pytest.importorskip("fsspec")
    fs = fsspec.filesystem("memory")
    fs.pipe("/news/a.jsonl", _jsonl(tmp_path / "m.jsonl", 5).read_bytes())
    shards = list(plan_shards(["memory://news/"], Settings(), 2))
    assert [_ids(list(read_shard(s, Settings()))) for s in shards if not isinstance(s, RecordError)]
    ids = [
        i
        for s in shards
        if not isinstance(s, RecordError)
        for i in _ids(list(read_shard(s, Settings())))
    ]
    assert ids == [f"n{i}" for i in range(5)]
    fs.rm("/news", recursive=True)


def test_stdin_is_refused() -> None:
    [error] = list(plan_shards(["-"], Settings(), 10))
    assert isinstance(error, RecordError) and "not stdin" in error.reason


def _page(headline: str, body: str) -> bytes:
    return (
        f"<!DOCTYPE html><html><head><title>{headline}</title></head><body><article>"
        f"<h1>{headline}</h1><p>{body}</p></article></body></html>"
    ).encode()


def test_a_folder_of_warc_and_html_files_reads_as_ingest_reads_it(tmp_path: Path) -> None:
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    folder = tmp_path / "crawl"
    folder.mkdir()
    body = "The council of Pellworth voted on Tuesday to rebuild the old sea wall. " * 4
    with (folder / "a.warc.gz").open("wb") as f:
        writer = WARCWriter(f, gzip=True)
        for n in range(3):
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                f"https://pellworth.example/news/{n}",
                "response",
                payload=io.BytesIO(_page(f"Sea wall vote {n}", body)),
                http_headers=http,
                warc_headers_dict={"WARC-Date": "2024-01-02T03:04:05Z"},
            )
            writer.write_record(record)
    (folder / "b.html").write_bytes(_page("Ferry strike ends", body))
    shards = list(plan_shards([str(folder)], Settings(), 10))
    assert shards == [FileGroup((str(folder / "a.warc.gz"), str(folder / "b.html")))]
    by_shard = list(read_shard(shards[0], Settings()))  # type: ignore[arg-type]
    assert by_shard == list(read_inputs([str(folder)], Settings()))
    assert len([a for a in by_shard if isinstance(a, Article)]) == 4
