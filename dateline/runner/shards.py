"""Cutting the input into shards that Dask workers read themselves.

The driver only lists files and reads metadata: a head of 64 KiB of a large JSON Lines file, the
footer of a Parquet file. It never reads the articles. A shard is one of:

- :class:`LineRange` — the lines of a JSON Lines file that *start* in bytes ``[start, end)``
  (a line that crosses ``end`` belongs to this shard, the next shard skips it);
- :class:`RowRange` — row slices of a Parquet file (whole row groups or parts of them);
- :class:`FileGroup` — whole files read with ingest's usual readers (WARC, HTML, feeds, text,
  JSON, and JSON Lines files small enough to be one shard).

Inputs are local paths, folders and globs (expanded exactly as ingest does) or fsspec URLs
(``file://``, ``s3://``, ``gs://``, ``memory://`` ...: folders are listed recursively, globs
expanded, both sorted, hidden files skipped). Reading a shard gives the very Articles and errors
that ingest gives for the same records, in the same order, so a lake is identical to a local run.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, BinaryIO

import fsspec

from dateline.config import Settings
from dateline.ingest import read_inputs, read_source
from dateline.ingest.detect import detect_format, extension_format
from dateline.ingest.jsonl import parse_line
from dateline.ingest.parquet import RowSlice, iter_parquet_rows, open_parquet
from dateline.ingest.sources import HEAD_BYTES, _hidden, expand_inputs, make_source
from dateline.records import Article, RecordError

__all__ = [
    "FileGroup",
    "LineCount",
    "LineRange",
    "RowRange",
    "Shard",
    "plan_shards",
    "read_shard",
]

BYTES_PER_ARTICLE = 4096  # a guess for grouping small files, when nothing better is known
_GLOB_CHARS = frozenset("*?[")
# see dateline.ingest.jsonl: a line longer than this cannot hold an article within the limit
_BYTES_PER_CHAR = 12
_METADATA_SLACK = 64 * 1024


@dataclass(frozen=True, slots=True)
class LineRange:
    name: str  # path or URL, as origins show it
    start: int
    end: int
    first: bool  # the file's first range (a BOM is dropped; lines are numbered from 1)

    def key(self) -> str:
        return f"lines:{self.name}@{self.start}-{self.end}"


@dataclass(frozen=True, slots=True)
class RowRange:
    name: str
    slices: tuple[RowSlice, ...]

    def key(self) -> str:
        s, e = self.slices[0], self.slices[-1]
        return f"rows:{self.name}@{s.first_row}-{e.first_row + e.stop - e.start}"


@dataclass(frozen=True, slots=True)
class FileGroup:
    names: tuple[str, ...]

    def key(self) -> str:
        return f"files:{self.names[0]}+{len(self.names) - 1}"


Shard = LineRange | RowRange | FileGroup


def is_url(name: str) -> bool:
    return "://" in name


# -- listing ------------------------------------------------------------------------------


def _url_folder(fs: Any, root: str, name: str) -> Iterator[str | RecordError]:
    root = root.rstrip("/")
    found = sorted(
        p
        for p in fs.find(root)
        if not any(_hidden(part) for part in p[len(root) :].strip("/").split("/"))
    )
    if not found:
        yield RecordError(name, "folder holds no files to read", severity="warning")
    for p in found:
        yield fs.unstrip_protocol(p)


def _url_files(url: str) -> Iterator[str | RecordError]:
    """As :func:`dateline.ingest.sources.expand_inputs` does for paths: a glob's matches
    (dot files left out, as :func:`glob.glob` does) and folders walked, all sorted."""
    fs, path = fsspec.core.url_to_fs(url)
    if _GLOB_CHARS & set(path):
        matches = sorted(
            p for p in fs.glob(path) if not p.rstrip("/").rsplit("/", 1)[-1].startswith(".")
        )
        if not matches:
            yield RecordError(url, "no files match this pattern")
        for match in matches:
            name = fs.unstrip_protocol(match)
            yield from _url_folder(fs, match, name) if fs.isdir(match) else (name,)
    elif fs.isdir(path):
        yield from _url_folder(fs, path, url)
    elif fs.exists(path):
        yield url
    else:
        yield RecordError(url, "no such file or directory")


def list_files(inputs: Sequence[str]) -> Iterator[str | RecordError]:
    """Every file named by ``inputs``, in ingest's order, or an error for what names nothing."""
    for name in inputs:
        if name == "-":
            yield RecordError(
                "<stdin>", "--engine dask reads files the workers can open: not stdin"
            )
        elif is_url(name):
            try:
                yield from _url_files(name)
            except (OSError, ValueError, ImportError) as exc:
                yield RecordError(name, f"cannot list: {exc}")
        else:
            for item in expand_inputs([name]):
                yield item if isinstance(item, RecordError) else item.name


# -- planning -----------------------------------------------------------------------------


def _fs(name: str) -> tuple[Any, str]:
    if is_url(name):
        return fsspec.core.url_to_fs(name)
    return fsspec.filesystem("file"), name


def _open(name: str) -> tuple[BinaryIO, int]:
    fs, path = _fs(name)
    return fs.open(path, "rb"), int(fs.size(path))


def _size(name: str) -> int:
    fs, path = _fs(name)
    try:
        return int(fs.size(path))
    except (OSError, ValueError, TypeError):
        return 0


def _line_ranges(name: str, head: bytes, size: int, articles: int) -> list[LineRange]:
    lines = head.count(b"\n")
    per_line = len(head) / lines if lines else size
    step = max(int(per_line * articles), 1)
    return [
        LineRange(name, start, min(start + step, size), start == 0)
        for start in range(0, size, step)
    ]


def _row_ranges(name: str, groups: Sequence[int], articles: int) -> list[RowRange]:
    ranges: list[RowRange] = []
    current: list[RowSlice] = []
    rows_in = 0
    row = 1
    for group, n in enumerate(groups):
        start = 0
        while start < n:
            take = min(n - start, articles - rows_in)
            current.append(RowSlice(group, start, start + take, row))
            start, row, rows_in = start + take, row + take, rows_in + take
            if rows_in == articles:
                ranges.append(RowRange(name, tuple(current)))
                current, rows_in = [], 0
    if current:
        ranges.append(RowRange(name, tuple(current)))
    return ranges


def _split(
    name: str, size: int, settings: Settings, articles: int
) -> list[LineRange] | list[RowRange]:
    """A file cut in ranges, or [] when it is read whole (small, or not JSONL/Parquet).

    Only files that may be JSON Lines or Parquet by their name (or have no known extension) and
    are larger than a few hundred bytes an article are opened here, to read their head.
    """
    if size > settings.max_file_bytes or extension_format(name) not in ("jsonl", "parquet", None):
        return []  # refused as a whole as ingest does, or a format read whole
    if extension_format(name) != "parquet" and size < articles * 256:
        return []
    try:
        stream, size = _open(name)
    except (OSError, ValueError):
        return []  # the worker will report why it cannot be read
    with stream:
        head = stream.read(HEAD_BYTES)
        kind = detect_format(name, head)
        if kind == "parquet":
            stream.seek(0)
            pf = open_parquet(name, stream)
            if isinstance(pf, RecordError) or pf.metadata.num_rows == 0:
                return []
            groups = [pf.metadata.row_group(g).num_rows for g in range(pf.metadata.num_row_groups)]
            return _row_ranges(name, groups, articles)
        if kind == "jsonl" and size > len(head) // max(head.count(b"\n"), 1) * articles:
            return _line_ranges(name, head, size, articles)
    return []


def plan_shards(
    inputs: Sequence[str], settings: Settings, articles: int
) -> Iterator[Shard | RecordError]:
    """Shards of about ``articles`` articles each, in input order, and listing errors.

    Small files are grouped (up to ``articles`` files or ``articles`` x 4 KiB); JSON Lines files
    larger than a shard are cut in line ranges; Parquet files in row ranges.
    """
    if articles < 1:
        raise ValueError(f"shard size must be at least 1, got {articles}")
    group: list[str] = []
    group_bytes = 0
    budget = articles * BYTES_PER_ARTICLE
    for item in list_files(inputs):
        if isinstance(item, RecordError):
            if group:
                yield FileGroup(tuple(group))
                group, group_bytes = [], 0
            yield item
            continue
        size = _size(item)
        ranges = _split(item, size, settings, articles)
        if ranges:
            if group:
                yield FileGroup(tuple(group))
                group, group_bytes = [], 0
            yield from ranges
            continue
        group.append(item)
        group_bytes += size
        if len(group) >= articles or group_bytes >= budget:
            yield FileGroup(tuple(group))
            group, group_bytes = [], 0
    if group:
        yield FileGroup(tuple(group))


# -- reading (on the workers) -------------------------------------------------------------


@dataclass(slots=True)
class LineCount:
    """Lines read from a line range, and records (lines that were not blank) among them."""

    lines: int = 0
    records: int = 0


def _read_lines(
    shard: LineRange, settings: Settings, count: LineCount
) -> Iterator[Article | RecordError]:
    """The records of a line range; origins number lines from the range's first line (the
    driver renumbers error origins once it knows how many lines the earlier ranges held)."""
    limit = settings.max_article_chars * _BYTES_PER_CHAR + _METADATA_SLACK
    stream, _ = _open(shard.name)
    with stream:
        if shard.start > 0:
            stream.seek(shard.start - 1)
            stream.readline()  # the end of a line that belongs to the previous range
        number = 0
        while stream.tell() < shard.end:
            line = stream.readline(limit + 1)
            if not line:
                break
            number += 1
            count.lines = number
            origin = f"{shard.name}:{number}"
            if len(line) > limit and not line.endswith(b"\n"):
                while (more := stream.readline(1 << 20)) and not more.endswith(b"\n"):
                    pass
                count.records += 1
                yield RecordError(
                    origin,
                    f"article too long: the line has more than {limit:,} bytes, more than any "
                    f"record within the limit of {settings.max_article_chars:,} characters "
                    "(max_article_chars)",
                )
                continue
            if shard.first and number == 1:
                line = line.removeprefix(codecs.BOM_UTF8)
            if line.strip():
                count.records += 1
                yield parse_line(line, origin, settings)


def _read_rows(shard: RowRange, settings: Settings) -> Iterator[Article | RecordError]:
    stream, _ = _open(shard.name)
    with stream:
        pf = open_parquet(shard.name, stream)
        if isinstance(pf, RecordError):
            yield pf
            return
        yield from iter_parquet_rows(shard.name, pf, shard.slices, settings)


def _read_url(name: str, settings: Settings) -> Iterator[Article | RecordError]:
    """One file named by an fsspec URL, read like a local file by ingest."""
    try:
        stream, size = _open(name)
    except (OSError, ValueError) as exc:
        yield RecordError(name, f"cannot read: {exc}")
        return
    with stream:
        if size > settings.max_file_bytes:
            yield RecordError(
                name,
                f"file too large: {size:,} bytes, more than the limit of "
                f"{settings.max_file_bytes:,} bytes (max_file_bytes)",
            )
            return
        try:
            yield from read_source(make_source(name, stream, size), settings)
        except Exception as exc:  # as ingest: one input's failure never stops the others
            yield RecordError(name, f"could not read: {type(exc).__name__}: {exc}")


def read_shard(
    shard: Shard, settings: Settings, count: LineCount | None = None
) -> Iterator[Article | RecordError]:
    """The articles and errors of one shard, in input order (runs on a worker).

    ``count`` receives the lines read from a :class:`LineRange`.
    """
    if isinstance(shard, LineRange):
        yield from _read_lines(shard, settings, count or LineCount())
    elif isinstance(shard, RowRange):
        yield from _read_rows(shard, settings)
    else:
        for name in shard.names:
            yield from (
                _read_url(name, settings) if is_url(name) else read_inputs([name], settings)
            )
