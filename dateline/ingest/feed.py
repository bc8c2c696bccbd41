"""RSS and Atom feeds → one Article per entry, via feedparser, offline.

feedparser only ever gets the feed's bytes (wrapped in a stream: given a string it would
open files or fetch URLs). A feed that declares XML entities (``<!ENTITY``, in any of the
usual encodings) is refused before parsing: entity expansion ("billion laughs") and
external entities are a denial-of-service and disclosure risk, and news feeds do not need
them.

Each entry: the text is its longest ``content`` (else its ``summary``), converted from HTML
to plain text; title, ``link`` → url, ``published`` (else ``updated``) → date; the feed's
title → outlet. The language is detected from the text (feeds' declared languages are often
a CMS default). Origins are ``path#N``, N counting entries from 1. An entry without text is
an error for that entry.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from dateline.config import Settings
from dateline.ingest.html import fragment_to_text
from dateline.ingest.normalize import Draft, finish
from dateline.ingest.sources import Source, read_limited
from dateline.records import Article, RecordError

_ENTITY_DECLARATIONS = tuple(
    "<!ENTITY".encode(codec) for codec in ("ascii", "utf-16-le", "utf-16-be")
)
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "html", "xhtml"})


def declares_entities(data: bytes) -> bool:
    """True when an XML document declares entities (checked without parsing it)."""
    upper = data.upper()
    return any(marker in upper for marker in _ENTITY_DECLARATIONS)


def _detail_text(detail: Any) -> str:
    value = str(detail.get("value") or "")
    if str(detail.get("type") or "").lower() in _HTML_TYPES:
        return fragment_to_text(value)
    return " ".join(value.split())


def _entry_text(entry: Any) -> str:
    texts = [_detail_text(content) for content in entry.get("content") or ()]
    if not any(texts) and entry.get("summary_detail"):
        texts.append(_detail_text(entry["summary_detail"]))
    return max(texts, key=len, default="")


def _entry_title(entry: Any) -> str | None:
    detail = entry.get("title_detail")
    return (_detail_text(detail) or None) if detail else None


def entry_to_article(
    entry: Any, origin: str, outlet: str | None, settings: Settings
) -> Article | RecordError:
    """One parsed feed entry → an Article, or why it is not one."""
    text = _entry_text(entry)
    if not text:
        return RecordError(origin, "feed entry has no text (no content or summary)")
    draft = Draft(
        text,
        origin,
        # plain dict lookups: feedparser's own maps a missing key to another, with a warning
        published=dict.get(entry, "published"),
        fallback_published=dict.get(entry, "updated"),
        title=_entry_title(entry),
        url=entry.get("link"),
        outlet=outlet,
    )
    return finish(draft, settings)


def read_feed(source: Source, settings: Settings) -> Iterator[Article | RecordError]:
    """Every entry of an RSS or Atom feed, in feed order."""
    import feedparser

    data = read_limited(source, settings.max_file_bytes)
    if data is None:
        yield RecordError(source.name, "file too large (max_file_bytes)")
        return
    if declares_entities(data):
        yield RecordError(
            source.name, "feed refused: it declares XML entities (<!ENTITY), which are unsafe"
        )
        return
    try:
        parsed = feedparser.parse(io.BytesIO(data), resolve_relative_uris=False, sanitize_html=True)
    except Exception as exc:  # feedparser raises on some broken prologs (e.g. undecodable)
        yield RecordError(source.name, f"not a readable RSS/Atom feed: {type(exc).__name__}")
        return
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo"):
            problem = parsed.get("bozo_exception")
            yield RecordError(source.name, f"not a readable RSS/Atom feed: {problem}")
        else:
            yield RecordError(source.name, "feed has no entries", severity="warning")
        return
    outlet = _detail_text(parsed.feed["title_detail"]) if parsed.feed.get("title_detail") else None
    for index, entry in enumerate(entries, 1):
        yield entry_to_article(entry, f"{source.name}#{index}", outlet or None, settings)
