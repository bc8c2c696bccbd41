"""RSS and Atom feeds: one article per entry, HTML to text, no entity expansion."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from ingest_helpers import Items, articles, errors

from dateline.ingest.feed import declares_entities
from dateline.records import Article, RecordError

Read = Callable[..., Items]

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rss [
<!ENTITY lol "lol">
<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>Laughs</title>
<item><title>&lol9;</title><description>&lol9;</description></item>
</channel></rss>
"""


def test_rss_feed(read: Read, fixtures: Path) -> None:
    path = fixtures / "feed.rss"
    items = read(path)
    library, buses, postponed = articles(items)

    assert library.title == "Library extends opening hours"
    assert library.url == "https://courier.example.net/library-hours"
    assert library.published == "2024-03-05T10:30:00+00:00"
    assert library.outlet == "Valley Courier"
    assert library.origin == f"{path}#1"
    assert library.text == (
        "The town library in Harlow will open until nine in the evening from next month, "
        "the library board decided on Monday.\nStaff will be added to cover the extra hours."
    )
    assert library.language == "en"

    # content:encoded wins over the short description; scripts are dropped
    assert buses.text.startswith("Bus drivers in the valley called off a planned strike")
    assert "alert" not in buses.text
    assert "Short teaser" not in buses.text
    assert buses.published == "2024-03-06T08:00:00+01:00"

    # a bad date is a warning on the entry, not an error
    assert postponed.origin == f"{path}#4"
    assert postponed.published is None
    assert postponed.warnings == ("invalid publication date 'sometime soon'",)

    # the title-only entry is an error for that entry alone, in its place
    assert items[2] == RecordError(f"{path}#3", "feed entry has no text (no content or summary)")


def test_atom_feed(read: Read, fixtures: Path) -> None:
    items = read(fixtures / "feed.atom")
    assert errors(items) == []
    clinic, snow = articles(items)
    assert clinic.title == "Mayor opens new clinic"  # type="html" title made plain
    assert clinic.url == "https://bulletin.example.com/clinic"
    assert clinic.published == "2024-04-01T15:45:00+02:00"
    assert clinic.outlet == "Northern Bulletin"
    assert clinic.text == (
        "The mayor of Lunden opened a new health clinic in the eastern district on Monday.\n"
        "It will serve about twelve thousand residents."
    )
    # no <published>: <updated> is used
    assert snow.published == "2024-04-02T07:10:00+00:00"
    assert snow.text.startswith("Heavy snow closed the Brenn mountain pass")


def test_entity_expansion_is_refused(read: Read, tmp_path: Path) -> None:
    path = tmp_path / "laughs.rss"
    path.write_text(BILLION_LAUGHS)
    started = time.perf_counter()
    items = read(path)
    assert time.perf_counter() - started < 1.0
    assert items == [
        RecordError(
            str(path), "feed refused: it declares XML entities (<!ENTITY), which are unsafe"
        )
    ]
    # also when sniffed from an .xml name, and in UTF-16
    xml = tmp_path / "laughs.xml"
    xml.write_bytes(BILLION_LAUGHS.replace('<?xml version="1.0"?>', "").encode("utf-16"))
    (error,) = read(xml)
    assert isinstance(error, RecordError)
    assert error.reason.startswith("feed refused")


def test_external_entity_is_refused(read: Read, tmp_path: Path) -> None:
    path = tmp_path / "xxe.atom"
    path.write_text(
        '<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title><entry><title>&secret;</title>'
        "<summary>text</summary></entry></feed>"
    )
    (error,) = read(path)
    assert isinstance(error, RecordError)
    assert error.reason.startswith("feed refused")


def test_declares_entities() -> None:
    assert declares_entities(b'<!DOCTYPE x [<!ENTITY a "b">]>')
    assert declares_entities('<!ENTITY a "b">'.encode("utf-16-le"))
    assert not declares_entities(b"<rss><channel><title>Fish &amp; chips</title></channel></rss>")


def test_broken_and_empty_feeds(read: Read, tmp_path: Path) -> None:
    broken = tmp_path / "broken.rss"
    broken.write_text("<rss><channel><title>Half a feed")
    (error,) = read(broken)
    assert isinstance(error, RecordError)
    assert error.origin == str(broken)

    empty = tmp_path / "empty.rss"
    empty.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet</title></channel></rss>'
    )
    assert read(empty) == [RecordError(str(empty), "feed has no entries", severity="warning")]


def test_feed_is_sniffed_from_content(read: Read, fixtures: Path, tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_bytes((fixtures / "feed.atom").read_bytes())
    named = read(fixtures / "feed.atom")
    sniffed = read(path)
    assert [a.id for a in articles(sniffed)] == [a.id for a in articles(named)]
    assert all(isinstance(a, Article) for a in sniffed)
