"""Parquet files: one article per row, with the columns of a JSON Lines record.

Columns: ``text`` (required, strings) and optionally ``id``, ``published``, ``title``, ``url``,
``outlet``, ``language``; other columns are ignored (and never read). A row is checked exactly
like a JSON Lines record (:func:`dateline.ingest.jsonl.record_to_article`), so one bad row gives
an error for that row and the others still come through. ``published`` may also be a Parquet
date or timestamp (read as its ISO 8601 text). Origins: ``path#N`` for the N-th row (from 1).

Rows are read a batch at a time, one row group after another, so memory depends on the row
group size, not on the file's. :func:`iter_parquet_rows` reads a slice of a file's row groups:
the Dask engine uses it to let each worker read its own share of a large file.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, BinaryIO

import pyarrow as pa
import pyarrow.parquet as pq

from dateline.config import Settings
from dateline.ingest.jsonl import record_to_article
from dateline.ingest.sources import Source, read_limited
from dateline.records import Article, RecordError

__all__ = ["COLUMNS", "RowSlice", "iter_parquet_rows", "open_parquet", "read_parquet"]

COLUMNS = ("id", "text", "published", "title", "url", "outlet", "language")
_BATCH_ROWS = 256


@dataclass(frozen=True, slots=True)
class RowSlice:
    """Rows ``start`` to ``stop`` (exclusive) of row group ``group``; ``first_row`` is the
    1-based number of row ``start`` in the whole file (for origins)."""

    group: int
    start: int
    stop: int
    first_row: int


def open_parquet(name: str, stream: BinaryIO) -> pq.ParquetFile | RecordError:
    """The Parquet file in ``stream`` (seekable), or why it cannot be read as one."""
    try:
        pf = pq.ParquetFile(stream)
    except (pa.ArrowException, OSError, ValueError) as exc:
        return RecordError(name, f"damaged Parquet file: {exc}")
    if "text" not in pf.schema_arrow.names:
        columns = ", ".join(pf.schema_arrow.names[:10]) or "none"
        return RecordError(name, f"Parquet file has no 'text' column (columns: {columns})")
    return pf


def _plain(value: object) -> object:
    """Parquet dates and timestamps as ISO 8601 text, as they would appear in JSON."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def _rows(table: pa.Table) -> Iterator[dict[str, Any]]:
    for batch in table.to_batches(max_chunksize=_BATCH_ROWS):
        yield from batch.to_pylist()


def whole_file(pf: pq.ParquetFile) -> list[RowSlice]:
    """Every row of ``pf``, one slice per row group."""
    slices, row = [], 1
    for group in range(pf.metadata.num_row_groups):
        n = pf.metadata.row_group(group).num_rows
        slices.append(RowSlice(group, 0, n, row))
        row += n
    return slices


def iter_parquet_rows(
    name: str, pf: pq.ParquetFile, slices: Sequence[RowSlice], settings: Settings
) -> Iterator[Article | RecordError]:
    """The articles (or errors) of the given row slices of ``pf``, in order."""
    columns = [c for c in COLUMNS if c in pf.schema_arrow.names]
    for part in slices:
        try:
            table = pf.read_row_group(part.group, columns=columns)
        except (pa.ArrowException, OSError, ValueError) as exc:
            yield RecordError(f"{name}#{part.first_row}", f"cannot read row group: {exc}")
            continue
        table = table.slice(part.start, part.stop - part.start)
        for offset, row in enumerate(_rows(table)):
            record = {k: _plain(v) for k, v in row.items()}
            yield record_to_article(record, f"{name}#{part.first_row + offset}", settings)
        del table


def read_parquet(source: Source, settings: Settings) -> Iterator[Article | RecordError]:
    """Every row of a Parquet source (a file, or stdin read into memory within the limit)."""
    stream: BinaryIO = source.stream
    if not stream.seekable():  # Parquet's footer is at the end: needs random access
        data = read_limited(source, settings.max_file_bytes)
        if data is None:
            yield RecordError(source.name, "file too large (max_file_bytes)")
            return
        stream = io.BytesIO(data)
    pf = open_parquet(source.name, stream)
    if isinstance(pf, RecordError):
        yield pf
        return
    if pf.metadata.num_rows == 0:
        yield RecordError(source.name, "empty file: no records")
        return
    yield from iter_parquet_rows(source.name, pf, whole_file(pf), settings)
