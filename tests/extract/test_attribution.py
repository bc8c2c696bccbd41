"""Attribution phrases: who a reported fact comes from."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from dateline.extract.attribution import (
    attribution_for_span,
    cue_lexicon,
    extract_attributions,
    inside_quotes,
    reporting_lexicon,
)
from dateline.nlp import ParsedArticle
from dateline.records import Attribution

Parse = Callable[..., ParsedArticle]


def attributions(parse: Parse, text: str) -> list[Attribution]:
    found = extract_attributions(parse(text).doc)
    for a in found:
        assert 0 <= a.start < a.end <= len(text)
        assert a.sentence is None
    return found


def pairs(parse: Parse, text: str) -> list[tuple[str, str, str]]:
    """(source, cue, the text at the offsets)."""
    return [(a.source, a.cue, text[a.start : a.end]) for a in attributions(parse, text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Rebels killed one soldier and wounded two others, the military said.",
            [("the military", "said", "the military")],
        ),
        (
            "Police said two men were arrested on Monday.",
            [("Police", "said", "Police")],
        ),
        (
            "The UN refugee agency reported that 156 people were killed.",
            [("The UN refugee agency", "reported", "The UN refugee agency")],
        ),
        (
            "State television reported the deaths of 12 miners.",
            [("State television", "reported", "State television")],
        ),
        (
            "According to state television, thousands of people marched in the capital.",
            [("state television", "according to", "state television")],
        ),
        (
            "The army shelled the town overnight, citing security sources.",
            [("security sources", "citing", "security sources")],
        ),
        (
            "Reuters quoted a police official as saying the bomb was planted overnight.",
            [("a police official", "quoted as saying", "a police official")],
        ),
        (
            "A spokesman for the Defence Ministry told reporters the talks had failed.",
            [
                (
                    "A spokesman for the Defence Ministry",
                    "told",
                    "A spokesman for the Defence Ministry",
                )
            ],
        ),
        (
            "The minister, who arrived late, told parliament that he would resign.",
            [("The minister", "told", "The minister")],
        ),
        (
            "Sources said the convoy had turned back.",
            [("Sources", "said", "Sources")],
        ),
    ],
)
def test_attributions(parse: Parse, text: str, expected: list[tuple[str, str, str]]) -> None:
    assert pairs(parse, text) == expected


def test_pronoun_source_resolves_to_the_person(parse: Parse) -> None:
    text = "Prime Minister John Smith arrived in Paris. He said the deal was close."
    assert pairs(parse, text) == [("John Smith", "said", "He")]


def test_hedges_have_an_empty_source(parse: Parse) -> None:
    text = "The army reportedly shelled the town."
    assert pairs(parse, text) == [("", "reportedly", "reportedly")]


@pytest.mark.parametrize(
    "text",
    [
        "He said nothing about the plan.",
        "The minister told a story about his childhood.",
        "It said that prices would rise.",
        "The report was said to be incomplete.",
    ],
)
def test_no_attribution(parse: Parse, text: str) -> None:
    assert [a for a in attributions(parse, text) if a.source] == []


def test_reporting_verbs_inside_quotes_are_not_the_source(parse: Parse) -> None:
    text = 'John Smith spoke on Monday. "The army said it will come," he said.'
    assert pairs(parse, text) == [("John Smith", "said", "he")]


def test_attribution_for_span(parse: Parse) -> None:
    text = (
        "Police said two men were arrested. The army reportedly shelled the town. "
        "Rebels attacked a convoy, according to state media."
    )
    found = attributions(parse, text)
    first = (0, text.index(" The army"))
    second = (text.index("The army"), text.index(" Rebels"))
    third = (text.index("Rebels"), len(text))
    a = attribution_for_span(found, *first)
    assert a is not None and a.source == "Police"
    assert attribution_for_span(found, *second) is None
    hedge = attribution_for_span(found, *second, hedges=True)
    assert hedge is not None and hedge.cue == "reportedly" and hedge.source == ""
    c = attribution_for_span(found, *third)
    assert c is not None and (c.source, c.cue) == ("state media", "according to")


def test_attribution_for_span_prefers_the_first_named_source() -> None:
    found = [
        Attribution("", "allegedly", 3, 12),
        Attribution("police", "said", 20, 26),
        Attribution("witnesses", "citing", 60, 69),
    ]
    chosen = attribution_for_span(found, 0, 80)
    assert chosen is not None and chosen.source == "police"
    assert attribution_for_span(found, 100, 200) is None


def test_inside_quotes() -> None:
    text = 'He said "the army said so" and left.\nThe army said no.'
    assert inside_quotes(text, text.index("army"))
    assert not inside_quotes(text, text.index("left"))
    assert not inside_quotes(text, text.rindex("army"))


def test_lexicons_load() -> None:
    lex = reporting_lexicon()
    assert {"say", "tell", "add", "write", "tweet", "warn", "insist"} <= lex.quote_verbs
    assert {"say", "report", "tell"} <= lex.attribution_verbs
    assert lex.object_verbs <= lex.attribution_verbs
    assert "out" in lex.phrasal_verbs["point"]
    cues = cue_lexicon()
    assert ("according", "to") in cues.prepositional
    assert {"reportedly", "allegedly"} <= cues.hedges
    assert cues.pronouns["he"] == frozenset({"PERSON"})
