"""The nasty-input corpus (tests/fixtures/nasty, written by make_nasty.py): what each file must
give. Readers run offline; the scripts and invisible characters also go through extraction."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hardening_helpers import NASTY, offset_problems

from dateline.config import Settings
from dateline.ingest import read_inputs
from dateline.pipeline import process
from dateline.records import Article, ArticleResult, RecordError

Items = list[Article | RecordError]
SCRIPT, STYLE = "SCRIPTLEAK", "STYLELEAK"


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any connection attempt (an external DTD or entity being fetched) fails the test."""

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError(f"tried to use the network: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def read(name: str, settings: Settings | None = None) -> Items:
    return list(read_inputs([str(NASTY / name)], settings or Settings()))


def articles(items: Items) -> list[Article]:
    return [i for i in items if isinstance(i, Article)]


def errors(items: Items) -> list[RecordError]:
    return [i for i in items if isinstance(i, RecordError)]


def test_committed_corpus_is_what_the_script_writes(tmp_path: Path) -> None:
    copy = tmp_path / "nasty"
    copy.mkdir()
    script = copy / "make_nasty.py"
    script.write_bytes((NASTY / "make_nasty.py").read_bytes())
    subprocess.run([sys.executable, str(script)], check=True, timeout=60)
    made = sorted(p.name for p in copy.iterdir())
    assert made == sorted(p.name for p in NASTY.iterdir() if p.name != "__pycache__")
    for name in made:
        assert (copy / name).read_bytes() == (NASTY / name).read_bytes(), name


# -- scripts and invisible characters -----------------------------------------------------


def test_scripts_jsonl_keeps_every_character() -> None:
    items = read("scripts.jsonl")
    assert not errors(items)
    found = {a.id: a for a in articles(items)}
    assert len(found) == 8
    for key in ("nasty-rtl", "nasty-zw", "nasty-combining", "nasty-astral"):
        # the raw UTF-8 line and its \\u-escaped twin give the same text
        assert found[key].text == found[key + "-escaped"].text
    rtl = found["nasty-rtl"]
    assert "\u0627\u0644\u0642\u0627\u0647\u0631\u0629" in rtl.text
    assert "\u202e" in rtl.text and "\u200f" in rtl.text  # bidi controls kept as given
    zw = found["nasty-zw"].text
    assert zw.count("\ufeff") == 2 and "\u200b" in zw and "\u200d" in zw  # BOM mid-text kept
    assert "\U0001f4e2" in found["nasty-astral"].text


def test_english_with_a_few_arabic_words_is_english() -> None:
    by_id = {a.id: a for a in articles(read("scripts.jsonl"))}
    assert by_id["nasty-rtl"].language == "en"


def test_bom_at_start_is_dropped_and_bom_inside_is_kept() -> None:
    (article,) = read("bom_inside.txt")
    assert isinstance(article, Article)
    assert article.published == "2024-06-04"  # the header after the leading BOM is read
    assert not article.text.startswith("\ufeff")
    assert article.text.count("\ufeff") == 2


def test_mixed_rtl_text_file() -> None:
    (article,) = read("mixed_rtl.txt")
    assert isinstance(article, Article)
    assert article.title == "Talks in \u0627\u0644\u0642\u0627\u0647\u0631\u0629"
    assert article.text.startswith("The foreign ministry (")


def test_one_megabyte_line_is_read_whole_and_quickly() -> None:
    roomy = Settings(max_article_chars=2_000_000)
    start = time.perf_counter()
    (article,) = read("one_mb_line.txt", roomy)
    assert time.perf_counter() - start < 5
    assert isinstance(article, Article)
    assert "\n" not in article.text.strip()
    assert 990_000 < len(article.text) <= roomy.max_article_chars
    assert article.published == "2024-06-07"
    # with the default limit (parsing 1 MB takes gigabytes) it is a clear error of its own
    (error,) = read("one_mb_line.txt")
    assert isinstance(error, RecordError) and "max_article_chars" in error.reason


def test_scripts_and_invisible_characters_through_extraction() -> None:
    found = articles(read("scripts.jsonl")) + articles(read("mixed_rtl.txt"))
    # English whatever the detector says: extraction is under test here
    items = [replace(a, language="en") for a in found]
    results = list(process(items, Settings()))
    assert len(results) == len(items)
    for result in results:
        assert isinstance(result, ArticleResult)
        assert result.status == "ok", (result.article.id, result.reason)
        assert offset_problems(result) == [], result.article.id
    by_id = {r.article.id: r for r in results}
    assert [d.value for d in by_id["nasty-zw"].dates] == ["2024-05-31"]  # "on Friday"


def test_zero_width_joiner_after_a_name_keeps_the_entity() -> None:
    text = "The mayor of Lindholm{} announced on Friday that the old bridge would close."
    clean, glued = (
        Article(id=i, text=text.format(zw), published="2024-06-04", language="en")
        for i, zw in (("clean", ""), ("glued", "\u200d"))
    )
    first, second = process([clean, glued], Settings())
    assert [e.text for e in first.entities] == ["Lindholm"]
    assert [e.text.strip("\u200d") for e in second.entities] == ["Lindholm"]


# -- HTML ---------------------------------------------------------------------------------

STORY_START = "Officials in the port city of Valmora said on Tuesday"


@pytest.mark.parametrize("name", ["deep_nesting.html", "deep_unclosed.html"])
def test_deeply_nested_html_keeps_its_text(name: str) -> None:
    start = time.perf_counter()
    (article,) = read(name)
    assert time.perf_counter() - start < 10
    assert isinstance(article, Article)
    assert STORY_START in article.text  # libxml2 alone drops everything 256 levels down
    assert "<" not in article.text


def test_script_style_and_template_content_never_reach_the_text() -> None:
    (article,) = read("script_style.html")
    assert isinstance(article, Article)
    assert STORY_START in article.text
    assert "first crossing was already sold out" in article.text
    assert SCRIPT not in article.text and STYLE not in article.text
    assert "document.write" not in article.text and "color: red" not in article.text


@pytest.mark.parametrize(
    "name",
    ["meta_utf8_bytes_cp1252.html", "meta_latin1_bytes_utf8.html", "meta_bogus_charset.html"],
)
def test_wrong_declared_html_encoding(name: str) -> None:
    (article,) = read(name)
    assert isinstance(article, Article)
    assert "Caf\u00e9 owners in S\u00e8te and Gen\u00e8ve" in article.text
    assert "union\u2019s leader" in article.text and "\u2014" in article.text
    assert "\u00c3" not in article.text and "\ufffd" not in article.text  # no mojibake


# -- feeds --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["billion_laughs.xml", "billion_laughs_utf16.xml", "xxe_file.xml", "xxe_parameter.xml"],
)
def test_entity_attacks_are_refused_quickly(name: str) -> None:
    start = time.perf_counter()
    items = read(name)
    assert time.perf_counter() - start < 1
    assert not articles(items)
    (error,) = errors(items)
    assert error.severity == "error"
    assert "entities" in error.reason or "binary" in error.reason
    assert "root:" not in error.reason  # nothing of /etc/passwd


def test_external_dtd_is_not_fetched() -> None:
    (article,) = read("external_dtd.xml")  # the no_network fixture fails any fetch
    assert isinstance(article, Article)
    assert article.text.startswith(STORY_START)


@pytest.mark.parametrize("name", ["decl_latin1_bytes_utf8.xml", "decl_utf8_bytes_cp1252.xml"])
def test_wrong_declared_feed_encoding(name: str) -> None:
    (article,) = read(name)
    assert isinstance(article, Article)
    assert article.title == "Caf\u00e9 protest"
    assert article.text == "Caf\u00e9 owners in S\u00e8te protested on Monday against the new tax."


def test_feed_with_a_broken_entry_keeps_the_good_ones() -> None:
    items = read("broken_middle.xml")
    found = articles(items)
    assert found[0].title == "First" and found[0].text.startswith(STORY_START)
    # feedparser's lenient parser folds the unclosed entry into the next one: its text survives
    assert any("pier budget on Wednesday" in a.text for a in found)


# -- WARC ---------------------------------------------------------------------------------


def titles(items: Items) -> list[str | None]:
    return [a.title for a in articles(items)]


ALL = ["Story 1", "Story 2", "Story 3", "Story 4", "Story 5"]


def test_good_warc() -> None:
    items = read("good.warc.gz")
    assert titles(items) == ALL and not errors(items)


@pytest.mark.parametrize(
    ("name", "kept", "damaged_at"),
    [
        ("truncated_member.warc.gz", ["Story 1", "Story 2", "Story 4", "Story 5"], 3),
        ("corrupt_middle.warc.gz", ["Story 1", "Story 3", "Story 4", "Story 5"], 2),
        ("junk_between.warc.gz", ALL, 3),
        ("bad_header.warc", ["Story 1", "Story 3", "Story 4", "Story 5"], 2),
    ],
)
def test_warc_damage_keeps_records_before_and_after(
    name: str, kept: list[str], damaged_at: int
) -> None:
    items = read(name)
    assert titles(items) == kept
    (error,) = errors(items)
    assert error.origin.endswith(f"{name}#{damaged_at}")
    assert error.reason.startswith(f"damaged or unreadable archive after record {damaged_at - 1}")
    # the error comes where the damage is, between the pages around it
    assert items.index(error) == damaged_at - 1


def test_warc_truncated_at_the_end() -> None:
    items = read("truncated_end.warc.gz")
    assert titles(items) == ALL[:4]
    assert [e.reason for e in errors(items)] == [
        "damaged or unreadable archive after record 4: the archive ends inside this record"
    ]


def test_warc_with_a_wrong_content_length() -> None:
    items = read("wrong_length.warc")
    assert titles(items) == ["Story 1", "Story 3", "Story 4", "Story 5"]
    (error,) = errors(items)
    assert error.origin.endswith("#2")


def test_gzip_that_holds_no_warc_first_is_refused() -> None:
    (error,) = read("garbage_first.warc.gz")
    assert isinstance(error, RecordError)
    assert "not a WARC archive" in error.reason


def test_damaged_warc_from_stdin_keeps_what_came_before(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import io

    data = (NASTY / "truncated_member.warc.gz").read_bytes()

    class Pipe(io.BytesIO):
        def seekable(self) -> bool:
            return False

    pipe: Callable[[], Any] = lambda: Pipe(data)  # noqa: E731
    monkeypatch.setattr("dateline.ingest.stdin_stream", pipe)
    items = list(read_inputs(["-"], Settings()))
    assert titles(items) == ["Story 1", "Story 2"]  # a pipe cannot be searched for the next
    assert len(errors(items)) == 1
