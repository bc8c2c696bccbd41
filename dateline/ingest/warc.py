"""WARC archives (plain or gzip-compressed) → one Article per archived HTML page, via warcio.

Every ``response`` (or ``resource``) record whose content type is HTML (``text/html``,
``application/xhtml+xml``; sniffed when there is none) and whose HTTP status is 2xx goes
through the HTML reader; other records (requests, metadata, images, redirects, errors) are
passed over silently. The URL is the record's ``WARC-Target-URI``; the date is the page's,
else the ``WARC-Date`` (the capture time). The charset comes from the page, else from the
HTTP ``Content-Type`` header. Origins are ``path#N``, N counting every record in the archive
from 1. A damaged archive (gzip errors, truncation) keeps the pages before the damage and
ends with one error.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator

from dateline.config import Settings
from dateline.ingest.detect import sniff_format
from dateline.ingest.html import MARKUP_FACTOR, decode_page, html_to_article, page_limit
from dateline.ingest.sources import Source
from dateline.records import Article, RecordError

_PAGE_RECORDS = frozenset({"response", "resource"})
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)
_UNPRINTABLE = re.compile(r"[^\x20-\x7e]+")
_CUT_SHORT = "the archive ends inside this record"
_GZIP_MEMBER = b"\x1f\x8b\x08"
_WARC_LINE = re.compile(rb"WARC/1\.\d\r?\n")
_SCAN_CHUNK = 1024 * 1024
_PEEK = 4096


class _CutShort(Exception):
    """The archive ends before the record does."""


class _CheckedIterator(ArchiveIterator):
    """warcio's iterator, noting an archive cut short (warcio takes that for its end)."""

    truncated = False

    def _position(self) -> int:
        return int(self.fh.tell() - self.reader.rem_length())

    def _next_record(self, next_line: Any) -> Any:
        before = self._position()
        try:
            return super()._next_record(next_line)
        except EOFError:
            # a clean end reads nothing; a cut inside a record's headers reads something
            if next_line or self._position() > before:
                self.truncated = True
            raise

    def close(self) -> None:
        # a gzip member whose end was never reached
        decompressor = getattr(self.reader, "decompressor", None)
        if decompressor is not None and not getattr(decompressor, "eof", True):
            self.truncated = True
        super().close()


def _content_type(record: Any) -> str:
    if record.rec_type == "response" and record.http_headers is not None:
        return str(record.http_headers.get_header("Content-Type") or "")
    return str(record.rec_headers.get_header("Content-Type") or "")


def _is_success(record: Any) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return True
    status = str(record.http_headers.get_statuscode() or "")
    return status.startswith("2")


def _cut_short(record: Any) -> bool:
    """True when the archive ends before the record's Content-Length is reached."""
    raw = record.raw_stream
    while raw.read(64 * 1024):  # what the decoders left (chunk trailers); usually nothing
        pass
    return int(getattr(raw, "limit", 0) or 0) > 0


def _page_from_record(record: Any, origin: str, settings: Settings) -> Article | RecordError | None:
    """An archived HTML page → Article or error; None for records that are not pages."""
    if record.rec_type not in _PAGE_RECORDS or not _is_success(record):
        return None
    content_type = _content_type(record)
    mime = content_type.split(";")[0].strip().lower()
    if mime and mime not in _HTML_TYPES:
        return None
    limit = page_limit(settings)
    data = record.content_stream().read(limit + 1)
    if not mime and sniff_format(data[:4096]) != "html":
        return None
    if len(data) <= limit and _cut_short(record):
        raise _CutShort(_CUT_SHORT)
    if len(data) > limit:
        return RecordError(
            origin,
            f"HTML page too large: more than {limit:,} bytes ({MARKUP_FACTOR} times "
            f"max_article_chars)",
        )
    charset = _CHARSET.search(content_type)
    html = decode_page(data, charset.group(1) if charset else None)
    if html is None:
        return RecordError(origin, "cannot decode the page: not UTF-8, no encoding fits")
    return html_to_article(
        html,
        origin,
        settings,
        url=record.rec_headers.get_header("WARC-Target-URI"),
        fallback_published=record.rec_headers.get_header("WARC-Date"),
    )


def _damage(origin: str, complete: int, detail: str) -> RecordError:
    where = f"after record {complete}" if complete else "at its start"
    return RecordError(origin, f"damaged or unreadable archive {where}: {detail}")


def _describe(exc: Exception) -> str:
    if isinstance(exc, _CutShort):
        return _CUT_SHORT
    # warcio quotes the unreadable bytes ("..., first line: <binary>"): keep the sentence only
    detail = str(exc).split(", first line:")[0]
    detail = _UNPRINTABLE.sub(" ", detail).strip()[:160]
    return f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__


def _is_record_start(stream: BinaryIO, offset: int, compressed: bool) -> bool:
    stream.seek(offset)
    head = stream.read(_PEEK)
    if not compressed:
        return _WARC_LINE.match(head) is not None
    try:
        inner = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 16)
    except zlib.error:
        return False
    return _WARC_LINE.match(inner) is not None or inner.startswith(b"WARC/1.")


def next_record_start(stream: BinaryIO, after: int, compressed: bool) -> int | None:
    """The offset of the first record that starts at or after ``after``, or None."""
    marker = _GZIP_MEMBER if compressed else b"\nWARC/1."
    skip = 0 if compressed else 1  # the newline before a WARC line is not part of the record
    position = max(0, after - skip)
    while True:
        stream.seek(position)
        # chunks overlap by the marker's length, so a marker across two chunks is found
        buffer = stream.read(_SCAN_CHUNK + len(marker))
        found = buffer.find(marker)
        while found != -1:
            offset = position + found + skip
            if offset >= after and _is_record_start(stream, offset, compressed):
                return offset
            found = buffer.find(marker, found + 1)
        if len(buffer) <= _SCAN_CHUNK:
            return None
        position += _SCAN_CHUNK


def read_warc(source: Source, settings: Settings) -> Iterator[Article | RecordError]:
    """Every archived HTML page of a WARC, in archive order (resuming after damage)."""
    stream = source.stream
    compressed = source.head.startswith(_GZIP_MEMBER[:2])
    resumable = stream.seekable()
    complete = 0  # records read to their end (a damaged stretch counts as one)
    pages = 0
    start = stream.tell() if resumable else 0  # where the current pass began
    while True:
        archive = _CheckedIterator(stream)
        try:
            for record in archive:
                item = _page_from_record(record, f"{source.name}#{complete + 1}", settings)
                complete += 1
                if item is not None:
                    pages += 1
                    yield item
        except Exception as exc:  # warcio, gzip and zlib raise many kinds on damaged archives
            yield _damage(f"{source.name}#{complete + 1}", complete, _describe(exc))
            # the damaged record starts at or after the last offset warcio reached, and always
            # after the start of this pass: each pass starts further on, so reading ends
            after = max(archive.offset, start) + 1
            restart = next_record_start(stream, after, compressed) if resumable else None
            if restart is None:
                return
            complete += 1
            start = restart
            stream.seek(restart)
            continue
        break
    if archive.truncated:
        yield _damage(f"{source.name}#{complete + 1}", complete, _CUT_SHORT)
    elif pages == 0:
        yield RecordError(source.name, "archive holds no HTML pages", severity="warning")
