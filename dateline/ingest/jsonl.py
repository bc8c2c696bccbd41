"""JSON Lines (output-v1 input records) and JSON files holding one record or a list of them.

A record is an object with ``text`` (required, a non-empty string) and optionally ``id``,
``published``, ``title``, ``url``, ``outlet``, ``language``; other fields are ignored. The
text is kept exactly as given (output offsets point into it). JSON Lines are read one line
at a time (split on ``\\n`` only), so one bad line — invalid UTF-8, malformed or truncated
JSON, a missing text — gives an error for that line and the others still come through.
Origins: ``path:line`` for JSON Lines, ``path`` for a JSON object, ``path#N`` for the N-th
record of a JSON list.
"""

from __future__ import annotations

import codecs
import io
import json
from collections.abc import Iterator
from typing import BinaryIO

from dateline.config import Settings
from dateline.ingest.normalize import Draft, finish
from dateline.ingest.sources import Source, read_limited
from dateline.records import Article, RecordError

# JSON can spend up to 12 bytes on one character ("\ud83d\ude00"): a line longer than this
# cannot hold an article within the limit, and is skipped without being held in memory.
_BYTES_PER_CHAR = 12
_METADATA_SLACK = 64 * 1024
_SKIP_CHUNK = 1024 * 1024
_FIELDS = ("id", "published", "title", "url", "outlet", "language")


def _type_name(value: object) -> str:
    names = {dict: "an object", list: "a list", bool: "a boolean", type(None): "null"}
    return names.get(type(value), "a number" if isinstance(value, (int, float)) else "a string")


def record_to_article(record: object, origin: str, settings: Settings) -> Article | RecordError:
    """One decoded JSON value → an Article, or the reason it is not one."""
    if not isinstance(record, dict):
        return RecordError(origin, f"record is {_type_name(record)}, not a JSON object")
    text = record.get("text")
    if text is None:
        return RecordError(origin, "record has no 'text' field")
    if not isinstance(text, str):
        return RecordError(origin, f"'text' is {_type_name(text)}, not a string")
    if not text.strip():
        return RecordError(origin, "'text' is empty")
    return finish(Draft(text, origin, **{k: record.get(k) for k in _FIELDS}), settings)


def parse_line(line: bytes, origin: str, settings: Settings) -> Article | RecordError:
    """One JSON line (bytes, without or with its newline) → an Article or an error."""
    try:
        decoded = line.rstrip(b"\r\n").decode("utf-8")
    except UnicodeDecodeError as exc:
        return RecordError(origin, f"invalid UTF-8 at byte {exc.start + 1} of the line")
    try:
        record = json.loads(decoded)
    except json.JSONDecodeError as exc:
        return RecordError(origin, f"malformed JSON: {exc.msg} (column {exc.colno})")
    except RecursionError:
        return RecordError(origin, "malformed JSON: nested too deeply")
    return record_to_article(record, origin, settings)


def _skip_rest_of_line(stream: BinaryIO) -> int:
    skipped = 0
    while chunk := stream.readline(_SKIP_CHUNK):
        skipped += len(chunk)
        if chunk.endswith(b"\n"):
            break
    return skipped


def _line_too_long(origin: str, size: int, settings: Settings) -> RecordError:
    return RecordError(
        origin,
        f"article too long: the line has more than {size:,} bytes, more than any record "
        f"within the limit of {settings.max_article_chars:,} characters (max_article_chars)",
    )


def iter_jsonl(name: str, stream: BinaryIO, settings: Settings) -> Iterator[Article | RecordError]:
    line_limit = settings.max_article_chars * _BYTES_PER_CHAR + _METADATA_SLACK
    records = 0
    number = 0
    while line := stream.readline(line_limit + 1):
        number += 1
        origin = f"{name}:{number}"
        if len(line) > line_limit and not line.endswith(b"\n"):
            records += 1
            yield _line_too_long(origin, len(line) + _skip_rest_of_line(stream), settings)
            continue
        if number == 1:
            line = line.removeprefix(codecs.BOM_UTF8)
        if not line.strip():
            continue
        records += 1
        yield parse_line(line, origin, settings)
    if records == 0:
        yield RecordError(name, "empty file: no records")


def read_jsonl(source: Source, settings: Settings) -> Iterator[Article | RecordError]:
    """Every line of a JSON Lines source, streamed."""
    yield from iter_jsonl(source.name, source.stream, settings)


def read_json(source: Source, settings: Settings) -> Iterator[Article | RecordError]:
    """A JSON file: one record, or a list of records (JSON Lines content is read as such)."""
    data = read_limited(source, settings.max_file_bytes)
    if data is None:
        yield RecordError(source.name, "file too large (max_file_bytes)")
        return
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        yield RecordError(source.name, f"invalid UTF-8 at byte {exc.start + 1}")
        return
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data" and data.lstrip().startswith((b"{", b"\xef\xbb\xbf{")):
            yield from iter_jsonl(source.name, io.BytesIO(data), settings)  # JSON Lines
        elif not data.strip():
            yield RecordError(source.name, "empty file")
        else:
            yield RecordError(
                source.name, f"malformed JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
            )
        return
    except RecursionError:
        yield RecordError(source.name, "malformed JSON: nested too deeply")
        return
    if isinstance(document, list):
        if not document:
            yield RecordError(source.name, "empty list: no records")
        for index, record in enumerate(document, 1):
            yield record_to_article(record, f"{source.name}#{index}", settings)
    else:
        yield record_to_article(document, source.name, settings)
