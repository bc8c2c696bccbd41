"""The ingest stage: readers per format turn bytes into Article records.

Public interface: ``read_inputs(inputs, settings)`` yields an ``Article`` for every record it
can read and a ``RecordError`` for every one it cannot; it never raises for bad input, and
one bad record never stops the others.

Inputs are file paths, folders (walked recursively in sorted order, hidden files skipped),
glob patterns and ``-`` for stdin (see :mod:`.sources`). Each file's format comes from its
extension, checked against its content, or from its content alone (:mod:`.detect`):

============  ========================================================  ============
format        reader                                                    origin
============  ========================================================  ============
JSON Lines    :mod:`.jsonl` — output-v1 records, text kept exactly      ``path:line``
JSON          :mod:`.jsonl` — one record or a list of records           ``path#N``
plain text    :mod:`.text` — one article, optional ``Key: value`` head  ``path``
HTML          :mod:`.html` — trafilatura main text and metadata         ``path``
WARC(.gz)     :mod:`.warc` — each archived HTML page                    ``path#N``
RSS / Atom    :mod:`.feed` — each entry                                 ``path#N``
Parquet       :mod:`.parquet` — each row (JSON Lines columns)            ``path#N``
============  ========================================================  ============

Every Article gets an id (given, else ``doc-`` + a hash of its text), a language (given,
else detected) and a normalised publication date, with a warning when the date is missing
or invalid (:mod:`.normalize`). Limits: a file over ``settings.max_file_bytes`` is refused
before it is read; an article over ``settings.max_article_chars`` is refused (single-article
files too large to fit are refused unread). Nothing is fetched from the network.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import BinaryIO

from dateline.config import Settings
from dateline.ingest.detect import Format, Refusal, detect_format
from dateline.ingest.feed import read_feed
from dateline.ingest.html import read_html
from dateline.ingest.jsonl import read_json, read_jsonl
from dateline.ingest.parquet import read_parquet
from dateline.ingest.sources import (
    STDIN_ORIGIN,
    Input,
    Source,
    expand_inputs,
    file_size,
    make_source,
    stdin_stream,
)
from dateline.ingest.text import read_text
from dateline.ingest.warc import read_warc
from dateline.records import Article, RecordError

__all__ = ["read_inputs", "read_source"]

Reader = Callable[[Source, Settings], Iterator[Article | RecordError]]

READERS: dict[Format, Reader] = {
    "jsonl": read_jsonl,
    "json": read_json,
    "text": read_text,
    "html": read_html,
    "warc": read_warc,
    "feed": read_feed,
    "parquet": read_parquet,
}


def read_source(source: Source, settings: Settings) -> Iterator[Article | RecordError]:
    """Detect a source's format and read it with the matching reader."""
    name = None if source.name == STDIN_ORIGIN else source.name
    detected = detect_format(name, source.head)
    if isinstance(detected, Refusal):
        yield RecordError(source.name, detected.reason)
        return
    yield from READERS[detected](source, settings)


def _too_large(name: str, size: int, settings: Settings) -> RecordError:
    return RecordError(
        name,
        f"file too large: {size:,} bytes, more than the limit of {settings.max_file_bytes:,} "
        "bytes (max_file_bytes)",
    )


def _read_stream(
    name: str, stream: BinaryIO, size: int | None, settings: Settings
) -> Iterator[Article | RecordError]:
    yield from read_source(make_source(name, stream, size), settings)


def _read_input(item: Input, settings: Settings) -> Iterator[Article | RecordError]:
    if item.path is None:
        yield from _read_stream(item.name, stdin_stream(), None, settings)
        return
    size = file_size(item.path)
    if size is not None and size > settings.max_file_bytes:
        yield _too_large(item.name, size, settings)
        return
    with item.path.open("rb") as stream:
        yield from _read_stream(item.name, stream, size, settings)


def read_inputs(inputs: Sequence[str], settings: Settings) -> Iterator[Article | RecordError]:
    """Read every input (paths, folders, globs, "-" for stdin): Articles and RecordErrors."""
    for item in expand_inputs(inputs):
        if isinstance(item, RecordError):
            yield item
            continue
        try:
            yield from _read_input(item, settings)
        except OSError as exc:
            yield RecordError(item.name, f"cannot read: {exc.strerror or exc}")
        except Exception as exc:  # last resort: one input's failure never stops the others
            yield RecordError(item.name, f"could not read: {type(exc).__name__}: {exc}")
