"""HTML pages → Articles with trafilatura (main text, title, date, site name), offline.

The bytes are decoded from a BOM, else as UTF-8, else with the charset the page declares
(``<meta charset>``, ``http-equiv``, XML prolog) or its HTTP header declared (WARC), else a
guessed one. trafilatura gets the decoded string, never a URL, so it cannot fetch anything.
It gives the main text (paragraphs separated by ``\\n``, comments and tables left out), the
title, the publication date (day precision), the site name (→ ``outlet``) and the canonical
URL. A page with no body or no extractable text is an error. Pages larger than 16 times
``max_article_chars`` bytes are refused unread.

:func:`fragment_to_text` turns an HTML fragment (a feed entry's content) into plain text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from dateline.config import Settings
from dateline.ingest.normalize import Draft, decode_bytes, finish, normalize_newlines
from dateline.ingest.sources import Source, read_limited
from dateline.records import Article, RecordError

# Markup and boilerplate outweigh the text of a page; a page this many times the article
# limit (in bytes) is refused before parsing.
MARKUP_FACTOR = 16

_DECLARED_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)""",
    re.I,
)
_BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "td",
        "th",
        "tr",
        "ul",
    ]
)
_SPACES = re.compile(r"[^\S\n]+")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

# libxml2 stops building the tree 256 elements deep (and drops everything below), so a page
# nested deeper than this is flattened first: container and inline tags are removed (block
# ones leave a line break), paragraphs, headings, scripts and styles are kept.
MAX_DEPTH = 200
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9:-]*)\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*?(/?)>")
_VOID_TAGS = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "keygen",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)
_KEPT_TAGS = frozenset(
    [
        "html",
        "head",
        "title",
        "meta",
        "link",
        "base",
        "body",
        "p",
        "br",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "script",
        "style",
        "noscript",
        "template",
    ]
)
_RAW_TEXT_TAGS = ("script", "style")


def page_limit(settings: Settings) -> int:
    return settings.max_article_chars * MARKUP_FACTOR


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its first 4 KB (meta tag or XML prolog), if any."""
    m = _DECLARED_CHARSET.search(data[:4096])
    if not m:
        return None
    raw = m.group(1) or m.group(2)
    return raw.decode("ascii", errors="ignore") or None


def decode_page(data: bytes, transport_charset: str | None = None) -> str | None:
    return decode_bytes(data, declared_charset(data) or transport_charset)


def nesting_depth(html: str, stop: int = MAX_DEPTH) -> int:
    """How deep the elements of ``html`` nest (unclosed ones count), up to ``stop + 1``."""
    depth = deepest = 0
    for m in _TAG.finditer(html):
        name = m.group(2).lower()
        if m.group(1):
            depth = max(0, depth - 1)
        elif not m.group(3) and name not in _VOID_TAGS:
            depth += 1
            deepest = max(deepest, depth)
            if deepest > stop:
                break
    return deepest


def _flatten_tag(m: re.Match[str]) -> str:
    name = m.group(2).lower()
    if name in _KEPT_TAGS:
        return m.group(0)
    return "\n" if name in _BLOCK_TAGS else ""


def flatten(html: str) -> str:
    """``html`` without the tags that let it nest (see MAX_DEPTH); script and style bodies
    are left alone."""
    out: list[str] = []
    pos = 0
    for m in _TAG.finditer(html):
        if m.start() < pos:
            continue  # inside a script or style body
        out.append(html[pos : m.start()])
        out.append(_flatten_tag(m))
        pos = m.end()
        name = m.group(2).lower()
        if name in _RAW_TEXT_TAGS and not m.group(1):
            close = re.search(rf"</{name}\s*>", html[pos:], re.I)
            end = pos + close.start() if close else len(html)
            out.append(html[pos:end])
            pos = end
    out.append(html[pos:])
    return "".join(out)


def _extract(html: str, url: str | None) -> Any:
    import trafilatura
    from trafilatura.utils import load_html

    if nesting_depth(html) > MAX_DEPTH:
        html = flatten(html)
    tree = load_html(html)
    if tree is None:
        return None
    for hidden in tree.xpath("//template"):  # inert markup, never shown
        hidden.drop_tree()
    return trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
    )


def html_to_article(
    html: str,
    origin: str,
    settings: Settings,
    *,
    url: str | None = None,
    fallback_published: str | None = None,
) -> Article | RecordError:
    """A decoded HTML page → an Article. ``url`` (e.g. WARC-Target-URI) wins over the page's."""
    try:
        document = _extract(html, url)
    except Exception as exc:  # trafilatura/lxml raise assorted errors on broken markup
        return RecordError(origin, f"could not parse the HTML page: {type(exc).__name__}")
    text = normalize_newlines(document.text or "").strip() if document is not None else ""
    if not text:
        return RecordError(origin, "no article text found in the HTML page (no body or no text)")
    draft = Draft(
        text,
        origin,
        published=document.date,
        fallback_published=fallback_published,
        title=document.title,
        url=url or document.url,
        outlet=document.sitename,
    )
    return finish(draft, settings)


def read_html(source: Source, settings: Settings) -> Iterator[Article | RecordError]:
    """One HTML file → one Article."""
    limit = page_limit(settings)
    data = read_limited(source, limit)
    if data is None:
        yield RecordError(
            source.name,
            f"HTML page too large: more than {limit:,} bytes ({MARKUP_FACTOR} times "
            f"max_article_chars)",
        )
        return
    html = decode_page(data)
    if html is None:
        yield RecordError(source.name, "cannot decode the page: not UTF-8, no encoding fits")
        return
    if not html.strip():
        yield RecordError(source.name, "empty file: only whitespace")
        return
    yield html_to_article(html, source.name, settings)


def fragment_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment: one line per block element, spaces collapsed."""
    import lxml.html
    from lxml import etree

    # lxml keeps control characters it parsed but refuses them when text is set (ValueError)
    fragment = _NOT_XML.sub(" ", fragment)
    if not fragment.strip():
        return ""
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return " ".join(fragment.split())
    for bad in root.xpath(".//script|.//style"):
        bad.drop_tree()
    for element in root.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag == "br" or tag in _BLOCK_TAGS:
            element.tail = "\n" + (element.tail or "")
            if tag != "br":
                element.text = "\n" + (element.text or "")
    text = _SPACES.sub(" ", root.text_content())
    lines = (line.strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)
