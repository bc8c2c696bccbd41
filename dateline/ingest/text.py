"""Plain-text files: one article per file.

The bytes are decoded (BOM, UTF-8, else a guessed encoding) and line endings become ``\\n``.

Header
    Lines at the very top of the form ``Key: value`` with a key among ``Title``, ``Date``
    (or ``Published``), ``URL``, ``Source`` (or ``Outlet``), ``Language`` and ``ID``
    (case-insensitive, value at most 200 characters) are metadata, like an e-mail header.
    They are removed from the text together with the blank lines after them; the first
    line that is not such a header ends the header. Example::

        Title: Harbour bridge reopens
        Date: 2024-05-17

        The harbour bridge reopened on Thursday ...

Title
    Without a ``Title:`` header, the first line becomes the title when it looks like one:
    at most 200 characters and 30 words, not ending in ``. , ; :``, and followed by more
    text. It stays in the text: the text is never cut apart beyond the header.

Publication date
    From the ``Date:`` header only; without one the article has no date (and the warning
    ``no publication date``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from dateline.config import Settings
from dateline.ingest.normalize import Draft, decode_bytes, finish, normalize_newlines
from dateline.ingest.sources import Source, read_limited
from dateline.records import Article, RecordError

# UTF-8 spends at most 4 bytes on a character (UTF-16 and UTF-32 no more): a file with more
# bytes than this cannot hold an article within the limit and is refused unread.
_MAX_BYTES_PER_CHAR = 4
_HEADER_KEYS = {
    "title": "title",
    "date": "published",
    "published": "published",
    "url": "url",
    "source": "outlet",
    "outlet": "outlet",
    "language": "language",
    "id": "id",
}
_HEADER = re.compile(r"(?P<key>[A-Za-z]+)[ \t]*:[ \t]*(?P<value>\S.{0,199}?)[ \t]*")
_TITLE_MAX_CHARS = 200
_TITLE_MAX_WORDS = 30
_NOT_TITLE_END = (".", ",", ";", ":")


@dataclass(slots=True)
class TextParts:
    body: str
    meta: dict[str, str] = field(default_factory=dict)


def split_header(text: str) -> TextParts:
    """Separate a leading ``Key: value`` header (see the module docstring) from the body."""
    lines = text.split("\n")
    meta: dict[str, str] = {}
    index = 0
    while index < len(lines):
        m = _HEADER.fullmatch(lines[index])
        key = m.group("key").lower() if m else ""
        if not m or key not in _HEADER_KEYS or _HEADER_KEYS[key] in meta:
            break
        meta[_HEADER_KEYS[key]] = m.group("value")
        index += 1
    if not meta:
        return TextParts(text)
    while index < len(lines) and not lines[index].strip():
        index += 1
    return TextParts("\n".join(lines[index:]), meta)


def guess_title(body: str) -> str | None:
    """The first line of ``body`` when it looks like a headline, else None."""
    stripped = body.lstrip()
    first, newline, rest = stripped.partition("\n")
    first = first.strip()
    if not first or not newline or not rest.strip():
        return None
    if len(first) > _TITLE_MAX_CHARS or len(first.split()) > _TITLE_MAX_WORDS:
        return None
    if first.endswith(_NOT_TITLE_END):
        return None
    return first


def text_to_article(text: str, origin: str, settings: Settings) -> Article | RecordError:
    """A decoded plain text → an Article (header, title guess; see the module docstring)."""
    parts = split_header(normalize_newlines(text))
    meta = parts.meta
    title = meta.get("title") or guess_title(parts.body)
    draft = Draft(
        parts.body,
        origin,
        id=meta.get("id"),
        published=meta.get("published"),
        title=title,
        url=meta.get("url"),
        outlet=meta.get("outlet"),
        language=meta.get("language"),
    )
    return finish(draft, settings)


def read_text(source: Source, settings: Settings) -> Iterator[Article | RecordError]:
    """One plain-text file → one Article."""
    limit = settings.max_article_chars * _MAX_BYTES_PER_CHAR + 4
    data = read_limited(source, limit)
    if data is None:
        size = f"{source.size:,}" if source.size is not None else f"more than {limit:,}"
        yield RecordError(
            source.name,
            f"article too long: the file has {size} bytes, more than an article within the "
            f"limit of {settings.max_article_chars:,} characters (max_article_chars) can take",
        )
        return
    text = decode_bytes(data)
    if text is None:
        yield RecordError(source.name, "cannot decode the text: not UTF-8, no encoding fits")
        return
    if not text.strip():
        yield RecordError(source.name, "empty file: only whitespace")
        return
    yield text_to_article(text, source.name, settings)
