"""Which reader a source needs: by its extension, checked against (or else sniffed from) content.

Content always decides first whether a source can be read at all: an empty file, a binary
file (a known magic number such as PDF, PNG or ZIP; NUL bytes; many control characters), a
gzip file that is not a WARC archive and an old-style ARC archive are refused whatever their
name, and a WARC archive or a Parquet file is read as one whatever its name. Then the extension
decides (``.jsonl .ndjson .json .txt .md .html .htm .warc .warc.gz .rss .atom .parquet``); ``.xml``
files and files with any other extension (and stdin) are sniffed:

- ``WARC/`` (plain or gzip-compressed) → WARC;
- ``{`` → JSON Lines when the first line is a whole JSON object, else one JSON document;
  ``[`` → a JSON document (a list of records);
- ``<`` → an RSS/Atom feed when the root element is ``rss``, ``feed`` or ``rdf:RDF``; an
  HTML page when it is ``html`` or another HTML element (a fragment); other XML is refused;
- anything else → plain text.
"""

from __future__ import annotations

import json
import re
import zlib
from dataclasses import dataclass
from typing import Literal

from dateline.ingest.normalize import bom_encoding

Format = Literal["jsonl", "json", "text", "html", "warc", "feed", "parquet"]


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a source cannot be read at all."""

    reason: str


_EXTENSIONS: dict[str, Format] = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".jsonlines": "jsonl",
    ".json": "json",
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".shtml": "html",
    ".warc": "warc",
    ".warc.gz": "warc",
    ".rss": "feed",
    ".atom": "feed",
    ".rdf": "feed",
    ".parquet": "parquet",
}

# Leading bytes of common binary formats, with the name a user recognises.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF document"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy Office document"),
    (b"\x7fELF", "executable"),
    (b"MZ", "Windows executable"),
    (b"BZh", "bzip2-compressed file"),
    (b"\xfd7zXZ\x00", "xz-compressed file"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"\x28\xb5\x2f\xfd", "zstd-compressed file"),
    (b"RIFF", "RIFF media file"),
    (b"ID3", "MP3 audio"),
    (b"OggS", "Ogg media file"),
    (b"SQLite format 3\x00", "SQLite database"),
)
_GZIP = b"\x1f\x8b"
_PARQUET = b"PAR1"
_WARC = b"WARC/"
_ARC = b"filedesc://"
_ARC_REFUSAL = "ARC archive (the format before WARC) is not supported: convert it to WARC first"
_CONTROL = frozenset(set(range(0, 9)) | set(range(14, 27)) | set(range(28, 32)))
_MAX_CONTROL_SHARE = 0.05

_XML_PREAMBLE = re.compile(r"(\s+|<\?.*?\?>|<!--.*?-->|<!doctype[^>\[]*(\[.*?\])?\s*>)", re.S)
_ROOT = re.compile(r"<([a-z][\w:.-]*)")
_FEED_ROOTS = frozenset({"rss", "feed", "rdf:rdf", "rdf"})
# Elements an HTML page or fragment may start with (an unknown root is some other XML).
_HTML_ROOTS = frozenset(
    {
        "html", "head", "body", "meta", "title", "link", "script", "style", "base",
        "div", "p", "article", "section", "main", "header", "nav", "table", "span", "a",
        "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "br", "img", "form", "center",
        "font", "b", "i", "em", "strong", "pre", "blockquote", "figure", "noscript",
    }
)  # fmt: skip


def extension_format(name: str) -> Format | None:
    lower = name.lower()
    for ext, fmt in _EXTENSIONS.items():
        if lower.endswith(ext):
            return fmt
    return None


def _gzip_kind(head: bytes) -> Format | Refusal:
    try:
        inner = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 64)
    except zlib.error:
        return Refusal("damaged gzip file: cannot decompress its first bytes")
    if inner.startswith(_WARC):
        return "warc"
    if inner.startswith(_ARC):
        return Refusal(_ARC_REFUSAL)
    return Refusal("gzip-compressed file that is not a WARC archive: decompress it first")


def binary_kind(head: bytes) -> str | None:
    """A description of ``head`` when it is not text, else None."""
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if bom_encoding(head) in ("utf-16", "utf-32"):
        return None  # NULs are part of the encoding
    sample = head[:8192]
    if b"\x00" in sample:
        return "contains NUL bytes"
    controls = sum(1 for byte in sample if byte in _CONTROL)
    if sample and controls / len(sample) > _MAX_CONTROL_SHARE:
        return "mostly control characters"
    return None


def _head_text(head: bytes) -> str:
    encoding = bom_encoding(head)
    text = head.decode(encoding or "utf-8", errors="ignore")
    return text.lstrip("\ufeff \t\r\n")


def _markup_kind(text: str) -> Format | Refusal:
    lower = text[:8192].lower()
    pos = 0
    while m := _XML_PREAMBLE.match(lower, pos):
        if "doctype html" in m.group(0):
            return "html"
        pos = m.end()
    root = _ROOT.match(lower, pos)
    name = root.group(1) if root else ""
    if name in _FEED_ROOTS:
        return "feed"
    if name in _HTML_ROOTS:
        return "html"
    return Refusal(f"XML document (root element <{name}>) that is neither a feed nor a page")


def _json_kind(text: str) -> Format:
    if text.startswith("["):
        return "json"
    first, newline, _ = text.partition("\n")
    if not newline:
        return "jsonl"  # one long line: as JSON Lines it is read without a second copy
    try:
        return "jsonl" if isinstance(json.loads(first), dict) else "json"
    except ValueError:
        return "json"  # an object spread over several lines


def sniff_format(head: bytes) -> Format | Refusal:
    """The format of a source from its first bytes alone."""
    text = _head_text(head)
    if text.startswith(("{", "[")):
        return _json_kind(text)
    if text.startswith("<"):
        return _markup_kind(text)
    return "text"


def detect_format(name: str | None, head: bytes) -> Format | Refusal:
    """The reader for a source named ``name`` (None for stdin) that starts with ``head``."""
    if not head:
        return Refusal("empty file")
    if head.startswith(_GZIP):
        return _gzip_kind(head)
    if head.startswith(_WARC):
        return "warc"
    if head.startswith(_ARC):
        return Refusal(_ARC_REFUSAL)
    if head.startswith(_PARQUET):
        return "parquet"
    kind = binary_kind(head)
    if kind:
        return Refusal(f"binary file ({kind}), not text")
    by_name = extension_format(name) if name else None
    if by_name == "warc":
        return Refusal("not a WARC archive: it does not start with a WARC header")
    if by_name is not None:
        return by_name
    return sniff_format(head)
