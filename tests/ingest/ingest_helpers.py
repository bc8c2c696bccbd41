"""Small helpers shared by the ingest tests (imported by name: pytest puts this folder on the path)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from dateline.records import Article, RecordError

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "ingest"

Items = list[Article | RecordError]


def articles(items: Items) -> list[Article]:
    return [i for i in items if isinstance(i, Article)]


def errors(items: Items) -> list[RecordError]:
    return [i for i in items if isinstance(i, RecordError)]


def page(headline: str, body: str, extra_head: str = "") -> str:
    """A small news page of our own making."""
    return (
        f"<!DOCTYPE html><html><head><title>{headline}</title>{extra_head}</head><body>"
        f"<nav><a href='/'>Home</a></nav><article><h1>{headline}</h1><p>{body}</p></article>"
        "</body></html>"
    )


def write_warc(
    path: Path,
    records: Sequence[tuple[str, bytes, str]],
    *,
    gzip: bool = True,
    warc_date: str = "2024-01-02T03:04:05Z",
    status: str = "200 OK",
    extra_http: Sequence[tuple[str, str]] = (),
) -> list[int]:
    """Write (url, payload, content type) response records; return each record's offset."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    offsets = []
    with path.open("wb") as f:
        writer = WARCWriter(f, gzip=gzip)
        for url, payload, content_type in records:
            offsets.append(f.tell())
            http = StatusAndHeaders(
                status, [("Content-Type", content_type), *extra_http], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(payload),
                http_headers=http,
                warc_headers_dict={"WARC-Date": warc_date},
            )
            writer.write_record(record)
    return offsets
