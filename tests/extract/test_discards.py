"""Discard lists (PETRARCH format): out-of-scope sentences and articles are not event-coded."""

from collections.abc import Callable
from pathlib import Path

from dateline.config import Settings
from dateline.extract import extract_article
from dateline.extract.events.discards import load_discards, parse_discards
from dateline.nlp import ParsedArticle

LIST = """# our own test list
+Premier League   # whole article
HAILSTORM
years  later
"""


def test_parse_marks_story_level_phrases_and_drops_comments() -> None:
    sentence, story = parse_discards(LIST.splitlines())
    assert sentence == ["HAILSTORM", "years later"]
    assert story == ["Premier League"]


def test_matching_ignores_case_and_needs_whole_words(tmp_path: Path) -> None:
    path = tmp_path / "discards.txt"
    path.write_text(LIST, encoding="utf-8")
    d = load_discards((str(path),))
    assert d.sentence("A hailstorm hit the capital.")
    assert d.sentence("Three years   later the talks resumed.")
    assert not d.sentence("The hailstorms were forecast.")  # another word
    assert d.story("Police arrested fans after the Premier League match.")
    assert not d.story("A hailstorm hit the capital.")


def test_discarded_sentences_and_articles_are_not_coded(
    tmp_path: Path, parse: Callable[..., ParsedArticle]
) -> None:
    path = tmp_path / "discards.txt"
    path.write_text(LIST, encoding="utf-8")
    settings = Settings(discard_lists=(str(path),))
    text = (
        "Kenyan police arrested ten protesters in Nairobi on Monday. "
        "Soldiers attacked the village during a hailstorm on Tuesday."
    )
    plain = extract_article(parse(text), Settings())
    assert {e.type for e in plain.events} == {"COERCE", "ASSAULT"}
    kept = extract_article(parse(text), settings)
    assert [e.type for e in kept.events] == ["COERCE"]
    story = extract_article(parse(text + " The Premier League season ended."), settings)
    assert story.events == []
