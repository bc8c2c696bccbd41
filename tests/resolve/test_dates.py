"""Resolving date expressions against a fixed publication date (pure, no spaCy)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from dateline.records import DateMention
from dateline.resolve.dates import (
    Anchor,
    Reference,
    Resolved,
    date_for_sentence,
    lexicon,
    load_lexicon,
    normalise,
    parse_anchor,
    reference_of,
    resolve_date,
    strip_modifiers,
)

PUBLISHED = "2025-03-14"  # a Friday, in ISO week 11

LEXICON_FILE = Path(__file__).parents[2] / "dateline" / "data" / "dates" / "lexicon.yaml"


def value(text: str, *, future: bool = False, reference: Reference | None = None) -> str | None:
    resolved = resolve_date(text, PUBLISHED, future=future, reference=reference)
    assert resolved is not None, f"{text!r} did not resolve"
    return resolved.value


# ------------------------------------------------------------------------------ explicit


@pytest.mark.parametrize(
    ("text", "expected", "granularity"),
    [
        ("March 3, 2025", "2025-03-03", "day"),
        ("3 March 2025", "2025-03-03", "day"),
        ("the 3rd of March, 2025", "2025-03-03", "day"),
        ("Monday, March 3, 2025", "2025-03-03", "day"),
        ("Sept. 11, 2001", "2001-09-11", "day"),
        ("2025-03-03", "2025-03-03", "day"),
        ("14.03.2025", "2025-03-14", "day"),
        ("March 3, 2025 at 10:30 a.m.", "2025-03-03T10:30", "time"),
        ("in 2016", "2016", "year"),
        ("fiscal 2013", "2013", "year"),
        ("early 2011", "2011", "year"),
        ("mid-2019", "2019", "year"),
        ("May 2010", "2010-05", "month"),
        ("November of 1989", "1989-11", "month"),
        ("the 1990s", "199X", "decade"),
        ("the '90s", "199X", "decade"),
        ("the early 2000s", "200X", "decade"),
        ("the mid-1980s", "198X", "decade"),
        ("the nineties", "199X", "decade"),
        ("the 20th century", "19XX", "century"),
        ("the nineteenth century", "18XX", "century"),
        ("summer 2012", "2012-SU", "season"),
        ("the autumn of 2020", "2020-FA", "season"),
        ("the third quarter of 2024", "2024-Q3", "quarter"),
        ("Q1 2024", "2024-Q1", "quarter"),
        ("the first half of 2012", "2012-H1", "half"),
    ],
)
def test_explicit_dates(text: str, expected: str, granularity: str) -> None:
    resolved = resolve_date(text, PUBLISHED)
    assert resolved == Resolved(expected, granularity, "explicit")


def test_explicit_dates_resolve_without_publication_date() -> None:
    assert resolve_date("March 3, 2025", None) == Resolved("2025-03-03", "day", "explicit")
    assert resolve_date("in 2016", None) == Resolved("2016", "year", "explicit")
    assert resolve_date("the 1990s", None) == Resolved("199X", "decade", "explicit")


# ------------------------------------------------------------------------------ relative


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # days
        ("today", "2025-03-14"),
        ("yesterday", "2025-03-13"),
        ("tomorrow", "2025-03-15"),
        ("tonight", "2025-03-14TNI"),
        ("last night", "2025-03-13TNI"),
        ("this morning", "2025-03-14TMO"),
        ("yesterday afternoon", "2025-03-13TAF"),
        ("yesterday at 3 p.m.", "2025-03-13T15:00"),
        ("Today's", "2025-03-14"),
        # weekdays: the most recent one on or before publication
        ("Tuesday", "2025-03-11"),
        ("on Tuesday", "2025-03-11"),
        ("Friday", "2025-03-14"),
        ("Saturday", "2025-03-08"),
        ("last Friday", "2025-03-07"),
        ("next Tuesday", "2025-03-18"),
        ("this Wednesday", "2025-03-12"),
        ("Monday night", "2025-03-10TNI"),
        ("late Monday", "2025-03-10"),
        ("early Sunday morning", "2025-03-09TMO"),
        ("8 p.m. Monday", "2025-03-10T20:00"),
        ("Monday at 8 p.m.", "2025-03-10T20:00"),
        ("15:00 GMT Thursday", "2025-03-13T15:00"),
        ("Thursday's", "2025-03-13"),
        # month and day, year from publication
        ("March 3", "2025-03-03"),
        ("Feb. 28", "2025-02-28"),
        ("the 3rd of March", "2025-03-03"),
        ("3 March", "2025-03-03"),
        ("Monday, March 10", "2025-03-10"),
        ("Dec. 28", "2024-12-28"),  # far ahead of publication: last year's
        ("the 20th", "2025-02-20"),
        # months: the most recent such month on or before publication
        ("November", "2024-11"),
        ("late November", "2024-11"),
        ("in early March", "2025-03"),
        ("June", "2024-06"),
        ("last July", "2024-07"),
        ("late last July", "2024-07"),
        ("last March", "2024-03"),
        ("next July", "2025-07"),
        ("this June", "2025-06"),
        # weeks, months, years relative to publication
        ("this week", "2025-W11"),
        ("earlier this week", "2025-W11"),
        ("last week", "2025-W10"),
        ("the last week", "2025-W10"),
        ("next week", "2025-W12"),
        ("this weekend", "2025-W11-WE"),
        ("last weekend", "2025-W10-WE"),
        ("the weekend", "2025-W10-WE"),
        ("this month", "2025-03"),
        ("earlier this month", "2025-03"),
        ("later this month", "2025-03"),
        ("last month", "2025-02"),
        ("next month", "2025-04"),
        ("this year", "2025"),
        ("this fiscal year", "2025"),
        ("last year", "2024"),
        ("late last year", "2024"),
        ("next year", "2026"),
        ("last year's", "2024"),
        ("the end of the year", "2024"),  # in March, a past year-end is last year's
        ("this decade", "202X"),
        ("last century", "19XX"),
        # seasons and quarters
        ("last summer", "2024-SU"),
        ("this winter", "2025-WI"),
        ("next spring", "2026-SP"),
        ("the fourth quarter", "2024-Q4"),
        ("the first quarter", "2025-Q1"),
        ("last quarter", "2024-Q4"),
        ("the second half", "2024-H2"),
        # "ago" and "from now"
        ("two years ago", "2023"),
        ("a year ago", "2024"),
        ("three days ago", "2025-03-11"),
        ("a month ago", "2025-02"),
        ("six weeks ago", "2025-W05"),
        ("10 years ago", "2015"),
        ("two years from now", "2027"),
        # references
        ("now", "PRESENT_REF"),
        ("currently", "PRESENT_REF"),
        ("right now", "PRESENT_REF"),
        ("the past", "PAST_REF"),
        ("in the past", "PAST_REF"),
        ("recently", "PAST_REF"),
        ("the future", "FUTURE_REF"),
        ("years ago", "PAST_REF"),
        ("several years ago", "PAST_REF"),
    ],
)
def test_relative_dates(text: str, expected: str) -> None:
    resolved = resolve_date(text, PUBLISHED)
    assert resolved is not None
    assert resolved.value == expected
    assert resolved.basis == "relative"


@pytest.mark.parametrize(
    ("text", "past", "future"),
    [
        ("Tuesday", "2025-03-11", "2025-03-18"),
        ("on Friday", "2025-03-14", "2025-03-14"),
        ("Saturday", "2025-03-08", "2025-03-15"),
        ("June", "2024-06", "2025-06"),
        ("March", "2025-03", "2025-03"),
        ("February", "2025-02", "2026-02"),
        ("the weekend", "2025-W10-WE", "2025-W11-WE"),
        ("the fourth quarter", "2024-Q4", "2025-Q4"),
        ("the 20th", "2025-02-20", "2025-03-20"),
        ("summer", "2024-SU", "2025-SU"),
        ("Jan. 10", "2025-01-10", "2026-01-10"),  # far behind publication, future: next year's
        ("the end of the year", "2024", "2025"),
    ],
)
def test_future_context_picks_the_next_occurrence(text: str, past: str, future: str) -> None:
    assert value(text) == past
    assert value(text, future=True) == future


@pytest.mark.parametrize(
    ("text", "granularity"),
    [
        ("on Tuesday", "day"),
        ("last week", "week"),
        ("yesterday", "day"),
        ("earlier this month", "month"),
        ("late November", "month"),
        ("two years ago", "year"),
        ("Monday night", "part_of_day"),
        ("March 3", "day"),
        ("the previous day", "day"),
    ],
)
def test_relative_dates_without_publication_date_keep_no_value(text: str, granularity: str) -> None:
    assert resolve_date(text, None) == Resolved(None, granularity, "relative")


def test_anaphora_uses_the_last_mentioned_date() -> None:
    ref = Reference(date(2025, 3, 3), "day")
    assert value("the previous day", reference=ref) == "2025-03-02"
    assert value("the next day", reference=ref) == "2025-03-04"
    assert value("the following day", reference=ref) == "2025-03-04"
    assert value("that day", reference=ref) == "2025-03-03"
    assert value("the following week", reference=ref) == "2025-W11"
    assert value("the previous year", reference=Reference(date(2010, 1, 1), "year")) == "2009"


def test_anaphora_falls_back_to_publication_when_reference_is_too_coarse() -> None:
    year_only = Reference(date(2010, 1, 1), "year")
    assert value("the previous day", reference=year_only) == "2025-03-13"
    assert value("the previous day") == "2025-03-13"


@pytest.mark.parametrize(
    ("text", "past", "future"),
    [
        ("Christmas", "2024-12-25", "2025-12-25"),
        ("Christmas Eve", "2024-12-24", "2025-12-24"),
        ("New Year's Day", "2025-01-01", "2026-01-01"),
        ("Easter", "2024-03-31", "2025-04-20"),
        ("Good Friday", "2024-03-29", "2025-04-18"),
    ],
)
def test_holidays(text: str, past: str, future: str) -> None:
    assert value(text) == past
    assert value(text, future=True) == future


def test_holidays_with_a_year_are_explicit() -> None:
    assert resolve_date("Christmas 2020", None) == Resolved("2020-12-25", "day", "explicit")
    assert resolve_date("Easter 2019", None) == Resolved("2019-04-21", "day", "explicit")


def test_the_quarter_is_the_last_completed_one_or_the_one_just_mentioned() -> None:
    autumn = "2025-10-24"
    assert resolve_date("the quarter", autumn) == Resolved("2025-Q3", "quarter", "relative")
    assert resolve_date("the quarter", autumn, future=True) == Resolved(
        "2025-Q4", "quarter", "relative"
    )
    mentioned = reference_of(Resolved("2025-Q2", "quarter", "explicit"))
    assert mentioned == Reference(date(2025, 4, 1), "quarter")
    resolved = resolve_date("the quarter", autumn, reference=mentioned)
    assert resolved == Resolved("2025-Q2", "quarter", "relative")


def test_same_day_and_week_anaphora() -> None:
    ref = Reference(date(2025, 3, 3), "day")
    assert value("earlier in the day", reference=ref) == "2025-03-03"
    assert value("later that day", reference=ref) == "2025-03-03"
    assert value("later in the week", reference=ref) == "2025-W10"
    assert value("the same month", reference=ref) == "2025-03"


def test_possessive_years_and_decades() -> None:
    assert resolve_date("1988's", PUBLISHED) == Resolved("1988", "year", "explicit")
    assert resolve_date("the 1980's", PUBLISHED) == Resolved("198X", "decade", "explicit")
    assert resolve_date("the 80's", PUBLISHED) == Resolved("198X", "decade", "explicit")


def test_hours_ago_need_a_publication_time() -> None:
    with_time = resolve_date("two hours ago", "2025-03-14T18:30:00+00:00")
    assert with_time == Resolved("2025-03-14T16:30", "time", "relative")
    assert value("two hours ago") == "2025-03-14"


def test_leap_day_without_year_falls_back_to_the_last_day_of_february() -> None:
    assert value("Feb. 29") == "2025-02-28"
    assert resolve_date("Feb. 30", PUBLISHED) is None


# ------------------------------------------------------------------------- not dates


@pytest.mark.parametrize(
    "text",
    [
        "for three days",
        "two weeks",
        "three years",
        "the past three years",
        "the next few months",
        "a decade",
        "the next decade",
        "recent weeks",
        "years",
        "four-week",
        "more than a decade",
        "60 years old",
        "the 60-year-old",
        "at least three days",
        "aged 45",
        "every week",
        "each summer",
        "annually",
        "daily",
        "the day",
        "the year",
        "65",
        "about a month earlier",
        "the 99th day",
        "",
        "   ",
        "8 p.m.",
    ],
)
def test_not_dates(text: str) -> None:
    assert resolve_date(text, PUBLISHED) is None


# ------------------------------------------------------------------------------ helpers


def test_normalise_and_strip_modifiers() -> None:
    lex = lexicon()
    assert normalise("  Feb. 28, 2025 ") == "feb 28 2025"
    assert normalise("8 P.M.") == "8 pm"
    assert normalise("Tuesday’s") == "tuesday"
    assert normalise("the '90s") == "the '90s"
    assert strip_modifiers("late last july", lex) == "last july"
    assert strip_modifiers("the end of last year", lex) == "last year"
    assert strip_modifiers("mid-march", lex) == "march"
    assert strip_modifiers("the early 2000s", lex) == "2000s"


def test_parse_anchor() -> None:
    assert parse_anchor("2025-03-14") == Anchor(date(2025, 3, 14))
    assert parse_anchor("2025-03-14T09:05:00Z") == Anchor(date(2025, 3, 14), 9, 5)
    assert parse_anchor(None) is None
    assert parse_anchor("") is None
    assert parse_anchor(date(2025, 3, 14)) == Anchor(date(2025, 3, 14))
    with pytest.raises(ValueError):
        parse_anchor("14 March 2025")


def test_reference_of() -> None:
    assert reference_of(Resolved("2025-03-03", "day", "explicit")) == Reference(
        date(2025, 3, 3), "day"
    )
    assert reference_of(Resolved("2025-03-03T10:00", "time", "explicit")) == Reference(
        date(2025, 3, 3), "time"
    )
    assert reference_of(Resolved("2025-W11", "week", "relative")) == Reference(
        date(2025, 3, 10), "week"
    )
    assert reference_of(Resolved("2016", "year", "explicit")) == Reference(date(2016, 1, 1), "year")
    assert reference_of(Resolved("PRESENT_REF", "ref", "relative")) is None
    assert reference_of(Resolved("199X", "decade", "explicit")) is None
    assert reference_of(Resolved(None, "day", "relative")) is None


def _mention(start: int, end: int, value: str | None, granularity: str) -> DateMention:
    return DateMention("x" * (end - start), start, end, value, "relative", granularity)


def test_date_for_sentence_prefers_the_most_specific_calendar_date() -> None:
    year = _mention(10, 19, "2024", "year")
    day = _mention(30, 37, "2025-03-11", "day")
    now = _mention(40, 43, "PRESENT_REF", "ref")
    outside = _mention(120, 130, "2025-03-13T15:00", "time")
    dates = [year, day, now, outside]
    assert date_for_sentence(dates, 0, 100) == day
    assert date_for_sentence([year, now], 0, 100) == year
    assert date_for_sentence([now], 0, 100) == now
    assert date_for_sentence(dates, 100, 200) == outside
    assert date_for_sentence(dates, 50, 100) is None
    assert date_for_sentence([], 0, 100) is None


def test_date_for_sentence_prefers_a_value_and_then_the_earliest() -> None:
    unresolved = _mention(5, 12, None, "day")
    month = _mention(20, 28, "2025-02", "month")
    first = _mention(30, 37, "2025-03-11", "day")
    second = _mention(50, 57, "2025-03-12", "day")
    assert date_for_sentence([unresolved, month], 0, 100) == month
    assert date_for_sentence([second, first], 0, 100) == first
    assert date_for_sentence([unresolved], 0, 100) == unresolved


# ------------------------------------------------------------------------------ lexicon


def test_packaged_lexicon_is_complete() -> None:
    lex = lexicon()
    assert sorted(set(lex.months.values())) == list(range(1, 13))
    assert sorted(set(lex.weekdays.values())) == list(range(1, 8))
    assert set(lex.seasons.values()) == {"SP", "SU", "FA", "WI"}
    months_in_seasons = sorted(m for ms in lex.season_months.values() for m in ms)
    assert months_in_seasons == list(range(1, 13))
    assert set(lex.parts_of_day.values()) <= {"MO", "AF", "EV", "NI"}
    assert set(lex.references.values()) <= {"PRESENT_REF", "PAST_REF", "FUTURE_REF"}
    assert all(isinstance(m, str) for m in lex.modifiers)
    assert "on" in lex.modifiers  # YAML would read a bare `on` as true
    assert list(lex.modifiers) == sorted(lex.modifiers, key=len, reverse=True)
    assert set(lex.units.values()) >= {"day", "week", "month", "year"}
    assert lex.numbers["three"] == 3
    assert "will" in lex.future_auxiliaries


def test_lexicon_file_keys_are_lower_case() -> None:
    data = yaml.safe_load(LEXICON_FILE.read_text(encoding="utf-8"))
    for section in ("months", "weekdays", "seasons", "units", "references", "numbers"):
        assert all(str(k) == str(k).lower() for k in data[section]), section


def test_lexicon_errors_are_explicit() -> None:
    text = LEXICON_FILE.read_text(encoding="utf-8")
    with pytest.raises(ValueError, match="mapping"):
        load_lexicon("- just a list")
    with pytest.raises(ValueError, match="missing or malformed"):
        load_lexicon("months: {january: 1}")
    with pytest.raises(ValueError, match="out of range"):
        load_lexicon(text.replace("december: 12", "december: 13"))
    with pytest.raises(ValueError, match="no valid date"):
        load_lexicon(text.replace("{month: 12, day: 25}", "{month: 2, day: 30}", 1))
    with pytest.raises(ValueError, match="list of strings"):
        load_lexicon(text.replace('  - "on" #', "  - on #"))
