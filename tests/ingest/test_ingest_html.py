"""HTML pages through trafilatura: text, title, date, outlet, canonical URL, charsets."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ingest_helpers import Items, page

from dateline.ingest.html import declared_charset, fragment_to_text
from dateline.records import Article, RecordError

Read = Callable[..., Items]


def test_news_page(read: Read, fixtures: Path) -> None:
    (article,) = read(fixtures / "page.html")
    assert isinstance(article, Article)
    assert article.title == "Harbour bridge reopens after storm repairs"
    assert article.published == "2024-05-17"
    assert article.outlet == "Coastal Ledger"
    assert article.url == "https://ledger.example.org/2024/05/bridge-reopens"
    assert article.language == "en"
    assert article.origin == str(fixtures / "page.html")
    assert "The harbour bridge in the town of Westmere reopened on Thursday" in article.text
    assert "Shop owners on the quay said trade had fallen by half" in article.text
    # boilerplate and scripts stay out
    for junk in ("Home", "Copyright", "should not appear"):
        assert junk not in article.text
    assert article.warnings == ()


def test_page_without_body_or_text(read: Read, fixtures: Path, tmp_path: Path) -> None:
    (error,) = read(fixtures / "no_body.html")
    assert error == RecordError(
        str(fixtures / "no_body.html"),
        "no article text found in the HTML page (no body or no text)",
    )
    empty_body = tmp_path / "empty-body.html"
    empty_body.write_text("<html><head><title>T</title></head><body>  </body></html>")
    (error,) = read(empty_body)
    assert isinstance(error, RecordError)
    assert error.reason.startswith("no article text found")


def test_declared_charset_is_used(read: Read, tmp_path: Path) -> None:
    body = "Le maire a inauguré la nouvelle école «Jean Moulin» à Belcourt vendredi matin."
    html = page("Une école inaugurée", body, extra_head='<meta charset="windows-1252">')
    path = tmp_path / "latin.html"
    path.write_bytes(html.encode("cp1252"))
    (article,) = read(path)
    assert isinstance(article, Article)
    assert body in article.text
    assert article.title == "Une école inaugurée"
    assert article.language == "fr"


def test_page_without_date_has_a_warning(read: Read, tmp_path: Path) -> None:
    path = tmp_path / "undated.htm"
    path.write_text(
        page("Road closed", "The coast road at Merrow was closed by a landslide, police said.")
    )
    (article,) = read(path)
    assert isinstance(article, Article)
    assert article.published is None
    assert article.warnings == ("no publication date",)
    assert article.url is None


def test_html_is_sniffed_without_extension(read: Read, tmp_path: Path) -> None:
    path = tmp_path / "download"
    path.write_text(
        page("Market opens", "A new covered market opened in the town square of Ardle.")
    )
    (article,) = read(path)
    assert isinstance(article, Article)
    assert article.title == "Market opens"


def test_oversized_page_is_refused_unread(read: Read, tmp_path: Path) -> None:
    path = tmp_path / "huge.html"
    path.write_text(page("Big", "word " * 2000))
    (error,) = read(path, max_article_chars=500)
    assert error == RecordError(
        str(path), "HTML page too large: more than 8,000 bytes (16 times max_article_chars)"
    )


def test_declared_charset_finder() -> None:
    assert declared_charset(b'<meta charset="ISO-8859-2">') == "ISO-8859-2"
    assert (
        declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">')
        == "koi8-r"
    )
    assert (
        declared_charset(b'<?xml version="1.0" encoding="windows-1251"?><html>') == "windows-1251"
    )
    assert declared_charset(b"<html><body>no declaration</body></html>") is None


def test_fragment_to_text() -> None:
    fragment = (
        "<p>First <b>bold</b> paragraph.</p><p>Second&nbsp;one<br>with a break.</p>"
        "<script>ignored()</script><ul><li>item one</li><li>item two</li></ul>"
    )
    assert fragment_to_text(fragment) == (
        "First bold paragraph.\nSecond one\nwith a break.\nitem one\nitem two"
    )
    assert fragment_to_text("plain text &amp; more") == "plain text & more"
    assert fragment_to_text("   ") == ""


def test_entity_declarations_in_a_page_are_not_expanded(read: Read, tmp_path: Path) -> None:
    laughs = "".join(f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    path = tmp_path / "laughs.xhtml"
    path.write_text(
        f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY l0 "lol">{laughs}]>'
        '<html xmlns="http://www.w3.org/1999/xhtml"><body>'
        "<p>&l9; The ferry to Skarra was cancelled because of the storm.</p></body></html>"
    )
    (article,) = read(path)
    assert isinstance(article, Article)
    assert "lollol" not in article.text
    assert len(article.text) < 200
