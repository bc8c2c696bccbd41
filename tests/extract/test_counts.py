"""Counts of people and things: value, qualifier, what is counted, phrase offsets."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from dateline.extract.counts import as_number, count_lexicon, extract_counts, parse_number
from dateline.nlp import ParsedArticle
from dateline.records import Count

Parse = Callable[..., ParsedArticle]
QUALIFIERS = {"at least", "more than", "up to", "about", "nearly", "less than", "vague"}


def counts(parse: Parse, text: str) -> list[Count]:
    found = extract_counts(parse(text).doc)
    for c in found:
        assert text[c.start : c.end] == c.text
        assert c.qualifier is None or c.qualifier in QUALIFIERS
        assert isinstance(c.value, int) or not float(c.value).is_integer()
    return found


def summary(parse: Parse, text: str) -> list[tuple[int | float, str | None, str | None, str]]:
    return [(c.value, c.qualifier, c.what, c.text) for c in counts(parse, text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "At least 31 people were killed in the attack.",
            [(31, "at least", "killed", "At least 31 people")],
        ),
        (
            "About 5,000 protesters gathered outside parliament.",
            [(5000, "about", "protesters", "About 5,000 protesters")],
        ),
        (
            "More than 2.5 million refugees have crossed the border.",
            [(2500000, "more than", "refugees", "More than 2.5 million refugees")],
        ),
        (
            "Nearly a dozen soldiers were wounded on Friday.",
            [(12, "nearly", "injured", "Nearly a dozen soldiers")],
        ),
        (
            "Some 500,000 workers stopped work.",
            [(500000, "about", "workers", "Some 500,000 workers")],
        ),
        (
            "Police detained an estimated 300 students.",
            [(300, "about", "detained", "an estimated 300 students")],
        ),
        (
            "Twenty-three miners were rescued after the collapse.",
            [(23, None, "rescued", "Twenty-three miners")],
        ),
        (
            "Three hundred and fifty families were displaced by the floods.",
            [(350, None, "displaced", "Three hundred and fifty families")],
        ),
        (
            "Two million people fled the fighting.",
            [(2000000, None, "displaced", "Two million people")],
        ),
        (
            "The army deployed 12,500 troops to the north.",
            [(12500, None, "deployed", "12,500 troops")],
        ),
        (
            "The bank lent the city 5.7 million euros last month.",
            [(5700000, None, "euros", "5.7 million euros")],
        ),
    ],
)
def test_counts_with_nouns(parse: Parse, text: str, expected: list[tuple]) -> None:
    assert summary(parse, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gunmen stormed the market, killing 12.", [(12, None, "killed", "killing 12")]),
        ("Police arrested 31 after the march.", [(31, None, "arrested", "arrested 31")]),
        ("The blast left 12 dead.", [(12, None, "dead", "12 dead")]),
        ("At least 40 died in the fire.", [(40, "at least", "dead", "At least 40 died")]),
        (
            "The shelling went on for hours, killing or wounding 50.",
            [(50, None, "killed or injured", "killing or wounding 50")],
        ),
        ("The death toll rose to 31 on Monday.", [(31, None, "dead", "31")]),
        ("Five are still missing after the storm.", [(5, None, "missing", "Five")]),
    ],
)
def test_counts_without_nouns_take_the_event(parse: Parse, text: str, expected: list) -> None:
    assert summary(parse, text) == expected


def test_two_events_in_one_sentence(parse: Parse) -> None:
    text = "A roadside bomb killed one soldier and wounded two others, the army said."
    assert summary(parse, text) == [
        (1, None, "killed", "one soldier"),
        (2, None, "injured", "two others"),
    ]


def test_active_subject_is_not_the_victim(parse: Parse) -> None:
    found = summary(parse, "Two suicide bombers killed 23 people in the capital.")
    assert found == [
        (2, None, "suicide bombers", "Two suicide bombers"),
        (23, None, "killed", "23 people"),
    ]


def test_qualifier_parsed_as_preposition(parse: Parse) -> None:
    found = summary(parse, "Rebels have kidnapped up to 16 foreign advisers from the town.")
    assert found == [(16, "up to", "kidnapped", "up to 16 foreign advisers")]


def test_protest_verbs_count_protesters(parse: Parse) -> None:
    found = summary(parse, "Up to 100 farmers demonstrated in the capital on Tuesday.")
    assert found == [(100, "up to", "protesters", "Up to 100 farmers")]


def test_vague_quantities(parse: Parse) -> None:
    found = summary(
        parse, "Dozens of protesters were arrested as tens of thousands of people marched."
    )
    assert found == [
        (24, "vague", "arrested", "Dozens of protesters"),
        (20000, "vague", "protesters", "tens of thousands of people"),
    ]
    assert summary(parse, "Several hundred residents were evacuated.") == [
        (300, "vague", "evacuated", "Several hundred residents")
    ]


def test_ranges_give_the_lower_end(parse: Parse) -> None:
    found = summary(parse, "Between 20 and 30 people were injured in the crash.")
    assert found == [(20, "at least", "injured", "Between 20 and 30 people")]


def test_trailing_qualifier(parse: Parse) -> None:
    found = summary(parse, "The clashes left 50 or more people injured.")
    assert [(c[0], c[1]) for c in found] == [(50, "at least")]


def test_money(parse: Parse) -> None:
    found = summary(parse, "The donors pledged more than $3 billion in aid and $450,000 in loans.")
    assert found == [
        (3000000000, "more than", "dollars", "more than $3 billion"),
        (450000, None, "dollars", "$450,000"),
    ]
    assert summary(parse, "The club paid \u00a3250m for the stadium.") == [
        (250000000, None, "pounds", "\u00a3250m")
    ]


def test_preposition_over_is_not_a_qualifier(parse: Parse) -> None:
    found = summary(parse, "Israel complained over two air raids on its border.")
    assert found == [(2, None, "air raids", "two air raids")]


@pytest.mark.parametrize(
    "text",
    [
        "The company was founded in 2016 in Berlin.",
        "The talks resumed on March 3 in Geneva.",
        "A 45-year-old man was detained at the airport.",
        "The suspect, aged 45, was detained at the airport.",
        "John Smith, 45, was detained at the airport.",
        "Unemployment rose to 7 percent in the region.",
        "Unemployment rose to 7% in the region.",
        "The council passed Resolution 2334 without a vote.",
        "Flight 370 disappeared over the sea.",
        "The talks lasted three days in Vienna.",
        "The convoy drove 40 kilometres to the border.",
        "The meeting starts at 10:30 in the capital.",
        "She finished third in the race.",
        "Iran met the P5+1 group on Monday.",
        "The operator launched 3G services.",
        "He published a 68-page report.",
        "The striker scored 3 in the second half.",
        "One of the guards opened the gate.",
        "Half of the villages have no water.",
    ],
)
def test_not_counts(parse: Parse, text: str) -> None:
    assert counts(parse, text) == []


# --- numbers and the lexicon -------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "value"),
    [
        (["12,500"], 12500),
        (["5.7", "million"], 5700000),
        (["2.5m"], 2500000),
        (["3bn"], 3000000000),
        (["twenty", "-", "three"], 23),
        (["three", "hundred", "and", "fifty"], 350),
        (["two", "million"], 2000000),
        (["a", "dozen"], 12),
        (["half", "a", "million"], 500000),
        (["three", "hundred", "thousand"], 300000),
        (["two", "million", "five", "hundred", "thousand"], 2500000),
        (["1.5"], 1.5),
    ],
)
def test_parse_number(words: list[str], value: int | float) -> None:
    result = parse_number(words)
    assert result == value
    assert type(result) is type(value)


def test_parse_number_rejects_other_words() -> None:
    assert parse_number(["many"]) is None
    assert parse_number([]) is None
    assert parse_number(["zero"]) is None


def test_as_number() -> None:
    assert as_number(5700000.0) == 5700000 and isinstance(as_number(5700000.0), int)
    assert as_number(2.5) == 2.5


def test_lexicon_is_consistent() -> None:
    lex = count_lexicon()
    assert set(lex.qualifiers.values()) <= QUALIFIERS
    assert set(lex.trailing.values()) <= QUALIFIERS
    assert lex.qualifiers[("an", "estimated")] == "about"
    assert lex.qualifiers[("as", "many", "as")] == "up to"
    events = set(lex.event_verbs.values()) | set(lex.state_words.values())
    assert {"killed", "injured", "arrested", "detained", "displaced", "missing", "dead"} <= events
    assert lex.event_verbs["wound"] == "injured"
    assert not set(lex.units) & set(lex.tens)
    assert all(v > 0 for v in lex.vague.values())
    assert "percent" in lex.excluded_nouns and "days" in lex.excluded_nouns
    assert lex.currency_symbols["$"] == "dollars"
