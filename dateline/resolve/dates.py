"""Resolving English date expressions to TIMEX3-style values (pure functions, no spaCy).

Public interface:

- :func:`resolve_date` — ``resolve_date("last week", "2025-03-14")`` returns
  ``Resolved(value="2025-W10", granularity="week", basis="relative")``; ``None`` when the text is
  not a date (a duration such as "for three days", an age, a recurring time such as "every
  week", or something no rule understands).
- :func:`date_for_sentence` — the most specific dated mention inside a sentence span, for the
  event coder.
- :func:`lexicon` — the word lists of ``dateline/data/dates/lexicon.yaml``.

Values follow TIMEX3 at the precision the text supports: ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``,
``YYYY-Www`` (ISO week), ``YYYY-Www-WE`` (weekend), ``YYYY-MM-DDTHH:MM`` (a clock time),
``YYYY-MM-DDTMO`` (a part of day: MO AF EV NI), seasons ``YYYY-SP/SU/FA/WI``, quarters
``YYYY-Q1``, halves ``YYYY-H1``, decades ``199X``, centuries ``19XX`` and the references
``PRESENT_REF``, ``PAST_REF``, ``FUTURE_REF``. ``value[:10]`` of a day, part-of-day or time
value is its calendar date.

Relative expressions ("on Tuesday", "last month") are resolved against the anchor (the
publication date). Without an anchor they resolve to value ``None`` with basis ``relative``.
Anaphoric expressions ("the previous day", "that week") are resolved against ``reference``,
the date the text mentioned last, when it is precise enough, else against the anchor.

Rules come first; ``dateparser`` (English only, no downloads) resolves the remaining
expressions that contain a month name or a numeric date ("14.03.2025").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache, lru_cache
from importlib import resources
from typing import Any, Literal

import yaml
from dateutil.easter import easter

from dateline.records import DateMention

__all__ = [
    "GRANULARITY_RANK",
    "Lexicon",
    "Reference",
    "Resolved",
    "date_for_sentence",
    "lexicon",
    "parse_anchor",
    "reference_of",
    "resolve_date",
]

ResolvedBasis = Literal["explicit", "relative"]

# finer is higher; date_for_sentence prefers higher ranks
GRANULARITY_RANK: dict[str, int] = {
    "ref": 0,
    "century": 1,
    "decade": 2,
    "year": 3,
    "half": 4,
    "quarter": 5,
    "season": 6,
    "month": 7,
    "week": 8,
    "weekend": 9,
    "day": 10,
    "part_of_day": 11,
    "time": 12,
}
# the granularity a unit word refers to, for anaphora ("the previous day" needs a day)
_UNIT_RANK = {
    "year": 3,
    "quarter": 5,
    "month": 7,
    "week": 8,
    "weekend": 8,
    "day": 10,
}


@dataclass(frozen=True, slots=True)
class Resolved:
    value: str | None  # None: relative expression and no anchor to resolve it against
    granularity: str
    basis: ResolvedBasis


@dataclass(frozen=True, slots=True)
class Reference:
    """The date the text mentioned last, for anaphora: its first day and granularity."""

    day: date
    granularity: str


@dataclass(frozen=True, slots=True)
class Anchor:
    day: date
    hour: int | None = None
    minute: int | None = None


@dataclass(frozen=True, slots=True)
class Holiday:
    """A holiday on a fixed month and day, or ``easter`` days from Easter Sunday."""

    month: int | None = None
    day: int | None = None
    easter: int | None = None

    def on(self, year: int) -> date | None:
        if self.easter is not None:
            return easter(year) + timedelta(days=self.easter)
        if self.month is None or self.day is None:
            return None
        return _safe_date(year, self.month, self.day)


@dataclass(frozen=True)
class Lexicon:
    months: Mapping[str, int]
    weekdays: Mapping[str, int]
    seasons: Mapping[str, str]
    season_months: Mapping[str, tuple[int, ...]]
    parts_of_day: Mapping[str, str]
    relative_days: Mapping[str, tuple[int, str | None]]
    anaphoric_days: Mapping[str, int]
    holidays: Mapping[str, Holiday]
    references: Mapping[str, str]
    modifiers: tuple[str, ...]  # longest first
    units: Mapping[str, str]
    past_words: frozenset[str]
    next_words: frozenset[str]
    this_words: frozenset[str]
    numbers: Mapping[str, float]
    vague_numbers: frozenset[str]
    ordinals: Mapping[str, int]
    decade_words: Mapping[str, int]
    duration_cues: frozenset[str]
    set_words: frozenset[str]
    age_words: tuple[str, ...]
    future_auxiliaries: frozenset[str]
    future_verbs: frozenset[str]
    future_words: frozenset[str]
    reporting_verbs: frozenset[str]


def _str_list(data: Mapping[str, Any], key: str) -> list[str]:
    value = data[key]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"dates lexicon: {key!r} must be a list of strings")
    return [v.lower() for v in value]


def _int_map(data: Mapping[str, Any], key: str) -> dict[str, int]:
    value = data[key]
    if not isinstance(value, dict):
        raise ValueError(f"dates lexicon: {key!r} must be a mapping")
    return {str(k).lower(): int(v) for k, v in value.items()}


def _holiday(name: str, entry: Any) -> Holiday:
    if not isinstance(entry, dict):
        raise ValueError(f"dates lexicon: holiday {name!r} must be a mapping")
    if "easter" in entry:
        return Holiday(easter=int(entry["easter"]))
    holiday = Holiday(month=int(entry["month"]), day=int(entry["day"]))
    if holiday.on(2000) is None:
        raise ValueError(f"dates lexicon: holiday {name!r} has no valid date")
    return holiday


def load_lexicon(text: str) -> Lexicon:
    """Build a :class:`Lexicon` from the YAML text of a lexicon file; raises ValueError."""
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise ValueError("dates lexicon: the file must hold a mapping")
    try:
        relative_days = {
            str(k).lower(): (int(v["days"]), (str(v["part"]) if v.get("part") else None))
            for k, v in data["relative_days"].items()
        }
        lex = Lexicon(
            months=_int_map(data, "months"),
            weekdays=_int_map(data, "weekdays"),
            seasons={str(k).lower(): str(v) for k, v in data["seasons"].items()},
            season_months={
                str(k): tuple(int(m) for m in v) for k, v in data["season_months"].items()
            },
            parts_of_day={str(k).lower(): str(v) for k, v in data["parts_of_day"].items()},
            relative_days=relative_days,
            anaphoric_days=_int_map(data, "anaphoric_days"),
            holidays={str(k).lower(): _holiday(str(k), v) for k, v in data["holidays"].items()},
            references={str(k).lower(): str(v) for k, v in data["references"].items()},
            modifiers=tuple(sorted(_str_list(data, "modifiers"), key=len, reverse=True)),
            units={str(k).lower(): str(v) for k, v in data["units"].items()},
            past_words=frozenset(_str_list(data, "past_words")),
            next_words=frozenset(_str_list(data, "next_words")),
            this_words=frozenset(_str_list(data, "this_words")),
            numbers={str(k).lower(): float(v) for k, v in data["numbers"].items()},
            vague_numbers=frozenset(_str_list(data, "vague_numbers")),
            ordinals=_int_map(data, "ordinals"),
            decade_words=_int_map(data, "decade_words"),
            duration_cues=frozenset(_str_list(data, "duration_cues")),
            set_words=frozenset(_str_list(data, "set_words")),
            age_words=tuple(_str_list(data, "age_words")),
            future_auxiliaries=frozenset(_str_list(data, "future_auxiliaries")),
            future_verbs=frozenset(_str_list(data, "future_verbs")),
            future_words=frozenset(_str_list(data, "future_words")),
            reporting_verbs=frozenset(_str_list(data, "reporting_verbs")),
        )
    except (KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"dates lexicon: missing or malformed entry: {exc}") from exc
    bad = [m for m in lex.months.values() if not 1 <= m <= 12]
    bad += [d for d in lex.weekdays.values() if not 1 <= d <= 7]
    if bad:
        raise ValueError(f"dates lexicon: month or weekday number out of range: {bad}")
    unknown = set(lex.seasons.values()) - set(lex.season_months)
    if unknown:
        raise ValueError(f"dates lexicon: seasons without months: {sorted(unknown)}")
    return lex


@cache
def lexicon() -> Lexicon:
    """The packaged date lexicon (``dateline/data/dates/lexicon.yaml``), loaded once."""
    path = resources.files("dateline").joinpath("data/dates/lexicon.yaml")
    return load_lexicon(path.read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- date arithmetic


def parse_anchor(published: str | date | None) -> Anchor | None:
    """The publication date (and time, when given) from an ISO 8601 string; None if absent.

    Raises ValueError for a string that is not ISO 8601.
    """
    if published is None:
        return None
    if isinstance(published, datetime):
        return Anchor(published.date(), published.hour, published.minute)
    if isinstance(published, date):
        return Anchor(published)
    text = published.strip()
    if not text:
        return None
    if len(text) <= 10:
        return Anchor(date.fromisoformat(text))
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return Anchor(moment.date(), moment.hour, moment.minute)


def _add_months(year: int, month: int, k: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + k
    return index // 12, index % 12 + 1


def _day(d: date) -> str:
    return d.isoformat()


def _week(d: date) -> str:
    iso = d.isocalendar()
    return f"{iso.year:04d}-W{iso.week:02d}"


def _month(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


# ------------------------------------------------------------------------------ normalising

_QUOTES = str.maketrans({"’": "'", "‘": "'", "–": "-", "—": "-", "\u00a0": " "})


def normalise(text: str) -> str:
    """Lower-case, plain quotes, no commas, no abbreviation dots, single spaces."""
    s = text.translate(_QUOTES).lower()
    s = re.sub(r"\b([ap])\.\s?m\b\.?", r"\1m", s)
    s = re.sub(r"\b([a-z]{2,5})\.", r"\1", s)
    s = re.sub(r"[,;:](?!\d)", " ", s)
    s = s.replace('"', " ").replace("(", " ").replace(")", " ")
    s = re.sub(r"\s+", " ", s).strip(" .!?")
    s = re.sub(r"^'(?!\d)|(?<!\d)'s?$|(?<=\d)'$|(?<=\d{3}[1-9])'s$", "", s)
    return s.strip()


def strip_prepositions(s: str) -> str:
    return re.sub(
        r"^(?:(?:by|at|in|on|until|till|before|after|since|from|toward|towards) )+", "", s
    )


def strip_modifiers(s: str, lex: Lexicon) -> str:
    """Drop leading words that do not change the value: "late", "in", "the end of" ..."""
    changed = True
    while changed:
        changed = False
        for lead in ("mid-", "the mid-"):
            if s.startswith(lead):
                s, changed = s[len(lead) :], True
        if changed:
            continue
        for mod in lex.modifiers:
            for lead in (mod + " ", "the " + mod + " "):
                if s.startswith(lead):
                    s, changed = s[len(lead) :], True
                    break
            if changed:
                break
    return s


# ---------------------------------------------------------------------------- the resolver


@dataclass(frozen=True, slots=True)
class _Ctx:
    anchor: Anchor | None
    future: bool
    reference: Reference | None
    lex: Lexicon

    def relative(self, granularity: str, compute: Callable[[date], str | None]) -> Resolved:
        """A relative resolution: computed from the anchor, or value None without one."""
        if self.anchor is None:
            return Resolved(None, granularity, "relative")
        return Resolved(compute(self.anchor.day), granularity, "relative")

    def anaphoric(
        self, unit: str, granularity: str, compute: Callable[[date], str | None]
    ) -> Resolved:
        """Resolved against the last mentioned date when it is as precise as the unit."""
        ref = self.reference
        if ref is not None and GRANULARITY_RANK.get(ref.granularity, 0) >= _UNIT_RANK.get(unit, 99):
            return Resolved(compute(ref.day), granularity, "relative")
        return self.relative(granularity, compute)


_Handler = Callable[[re.Match[str], _Ctx], Resolved | None]

# "March 3" takes the publication year, unless past context puts it more than half a year
# ahead of publication ("Dec. 28" in a January article: last year's), or future context puts it
# more than a month behind ("will vote on Jan. 10" in a March article: next year's)
_AHEAD_IS_LAST_YEAR = timedelta(days=183)
_BEHIND_IS_NEXT_YEAR = timedelta(days=30)


def _alt(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


_TIME = (
    r"(?:at )?(?:(?P<h>\d{1,2})(?:[:.](?P<mi>\d{2}))? ?(?P<ampm>am|pm)"
    r"|(?P<h24>\d{1,2}):(?P<m24>\d{2})(?: ?(?:gmt|utc|[a-z]{2,4}t))?"
    r"|(?P<noon>noon|midday|midnight))"
)


def _time_of(m: re.Match[str]) -> tuple[int, int] | None:
    """Hour and minute from the named groups of :data:`_TIME`, or None when not given."""
    groups = m.groupdict()
    if groups.get("noon"):
        return (0, 0) if groups["noon"] == "midnight" else (12, 0)
    if groups.get("h") is not None:
        hour, minute = int(groups["h"]), int(groups.get("mi") or 0)
        if not 1 <= hour <= 12 or minute > 59:
            return None
        if groups["ampm"] == "pm" and hour != 12:
            hour += 12
        if groups["ampm"] == "am" and hour == 12:
            hour = 0
        return hour, minute
    if groups.get("h24") is not None:
        hour, minute = int(groups["h24"]), int(groups["m24"])
        return (hour, minute) if hour <= 23 and minute <= 59 else None
    return None


def _with_time(d: date, m: re.Match[str], lex: Lexicon) -> tuple[str, str]:
    """A day value, refined by a clock time or part of day matched in ``m``."""
    groups = m.groupdict()
    hm = _time_of(m)
    if hm is not None:
        return f"{_day(d)}T{hm[0]:02d}:{hm[1]:02d}", "time"
    part = groups.get("part")
    if part:
        return f"{_day(d)}T{lex.parts_of_day[part]}", "part_of_day"
    return _day(d), "day"


def _year(text: str) -> int | None:
    year = int(text)
    return year if 1000 <= year <= 2199 else None


def _number(text: str, lex: Lexicon) -> float | None:
    if text.isdigit():
        return float(text)
    return lex.numbers.get(text)


def _ordinal(text: str, lex: Lexicon) -> int | None:
    digits = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)", text)
    if digits:
        return int(digits.group(1))
    return lex.ordinals.get(text)


def _direction(word: str | None, lex: Lexicon) -> str:
    """'last', 'next', 'this' or '' for a modifier word before a month, season, weekday."""
    if not word:
        return ""
    if word in lex.past_words:
        return "last"
    if word in lex.next_words:
        return "next"
    if word in lex.this_words:
        return "this"
    return ""


def _cyclic(current: int, target_offset: int, period: int, how: str, future: bool) -> int:
    """Index of the occurrence of a cyclic thing (month, season, weekday) relative to the
    current index. ``target_offset`` is the target's position in the cycle (0..period-1)."""
    here = current % period
    if how == "this":
        return current - here + target_offset
    if how == "last":
        return current - ((here - target_offset - 1) % period) - 1
    if how == "next":
        return current + ((target_offset - here - 1) % period) + 1
    if future:
        return current + ((target_offset - here) % period)
    return current - ((here - target_offset) % period)


class _Rules:
    """The ordered rules; built once from the lexicon."""

    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex
        month = f"(?P<month>{_alt(lex.months)})"
        weekday = f"(?P<weekday>{_alt(lex.weekdays)})"
        season = f"(?P<season>{_alt(lex.seasons)})"
        part = f"(?P<part>{_alt(lex.parts_of_day)})"
        dirw = f"(?P<dir>{_alt(lex.past_words | lex.next_words | lex.this_words)})"
        ordw = f"(?:{_alt(lex.ordinals)}|\\d{{1,2}}(?:st|nd|rd|th))"
        num = f"(?P<num>\\d+|{_alt(lex.numbers)})"
        vague = f"(?P<vague>{_alt(lex.vague_numbers)})"
        unit = f"(?P<unit>{_alt(lex.units)})"
        daynum = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
        year = r"(?P<year>\d{4})"
        time_tail = f"(?: (?:{_TIME}|(?:in the )?{part}))?"
        wd_prefix = f"(?:{weekday} (?:the )?)?"
        rel_days = f"(?P<rel>{_alt(lex.relative_days)})"
        quarter = f"(?:the )?(?P<ord>{ordw})[- ](?P<q>quarter|half)(?: of)?(?: the year)?"
        rules: list[tuple[str, _Handler]] = [
            (
                r"(?P<year>\d{4})-(?P<mon>\d{2})-(?P<day>\d{2})"
                r"(?:[t ](?P<h24>\d{2}):(?P<m24>\d{2})(?::\d{2})?)?",
                self._iso,
            ),
            (f"{wd_prefix}{month} {daynum}(?: of)? {year}{time_tail}", self._full_date),
            (
                f"{wd_prefix}(?:the )?{daynum} (?:of )?{month}(?: of)? {year}{time_tail}",
                self._full_date,
            ),
            (f"{month} (?:of )?{year}", self._month_year),
            (f"(?:the )?{season} (?:of )?{year}", self._season_year),
            (f"{year} {season}", self._season_year),
            (f"{quarter} {year}", self._quarter_year),
            (f"(?P<qn>q[1-4]|h[12]) (?:of )?{year}", self._quarter_year),
            (f"{year} (?P<qn>q[1-4]|h[12])", self._quarter_year),
            (f"(?:the )?(?:year |fiscal (?:year )?|fy ?)?{year}", self._year),
            (r"(?:the )?(?:year )?'(?P<yy>\d{2})", self._two_digit_year),
            (
                f"(?:the )?(?P<dec>\\d{{3}})0'?s|(?:the )?'?(?P<dec2>\\d)0'?s"
                f"|(?:the )?(?P<decw>{_alt(lex.decade_words)})",
                self._decade,
            ),
            (f"(?:the )?(?P<ord>{ordw})[- ]century", self._century),
            (f"(?:the )?{dirw} century", self._relative_century),
            (f"{wd_prefix}{month} {daynum}{time_tail}", self._month_day),
            (f"{wd_prefix}(?:the )?{daynum} (?:of )?{month}{time_tail}", self._month_day),
            (r"the (?P<day>\d{1,2})(?:st|nd|rd|th)", self._day_of_month),
            (f"{rel_days}{time_tail}", self._relative_day),
            (f"(?P<hol>{_alt(lex.holidays)})(?: {year})?", self._holiday),
            (r"(?:earlier|later) (?:in )?(?:the|that) (?P<unit>week|month|year)", self._same_unit),
            (f"(?:on )?(?:{dirw} )?{weekday}{time_tail}", self._weekday),
            (f"(?:{dirw} )?{month}", self._month),
            (f"(?:the )?(?:{dirw} )?{season}", self._season),
            (
                f"(?:the )?(?:(?P<ord>{ordw})[- ]|{dirw} )(?P<q>quarter|half)"
                f"(?: of (?:the year|(?P<ydir>this|last|next) year))?",
                self._quarter,
            ),
            (r"the (?:fiscal )?quarter", self._the_quarter),
            (f"(?:the )?(?:{dirw} )?weekend", self._weekend),
            (f"(?:the )?{dirw}(?: fiscal)? {unit}", self._relative_unit),
            (f"(?:the )?(?:that|same|that same) {unit}", self._same_unit),
            (f"(?:{num}|{vague}) {unit} (?P<way>ago|from now|hence)", self._ago),
            (f"{unit} (?P<way>ago)", self._ago),
        ]
        self.compiled = [(re.compile(p), h) for p, h in rules]

    # -- explicit

    def _iso(self, m: re.Match[str], ctx: _Ctx) -> Resolved | None:
        d = _safe_date(int(m["year"]), int(m["mon"]), int(m["day"]))
        if d is None or _year(m["year"]) is None:
            return None
        value, granularity = _with_time(d, m, self.lex)
        return Resolved(value, granularity, "explicit")

    def _full_date(self, m: re.Match[str], ctx: _Ctx) -> Resolved | None:
        year = _year(m["year"])
        d = _safe_date(year, self.lex.months[m["month"]], int(m["day"])) if year else None
        if d is None:
            return None
        value, granularity = _with_time(d, m, self.lex)
        return Resolved(value, granularity, "explicit")

    def _month_year(self, m: re.Match[str], ctx: _Ctx) -> Resolved | None:
        year = _year(m["year"])
        if year is None:
            return None
        return Resolved(_month(year, self.lex.months[m["month"]]), "month", "explicit")

    def _season_year(self, m: re.Match[str], ctx: _Ctx) -> Resolved | None:
        year = _year(m["year"])
        if year is None:
            return None
        return Resolved(f"{year:04d}-{self.lex.seasons[m['season']]}", "season", "explicit")

    def _quarter_year(self, m: re.Match[str], ctx: _Ctx) -> Resolved | None:
        year = _year(m["year"])
        if year is None:
            return None
        code = m.groupdict().get("qn")
        if code:
            kind, n = ("quarter" if code[0] == "q" else "half"), int(code[1])
        else:
            kind, n = m["q"], _ordinal(m["ord"], self.lex) or 0
        limit = 4 if kind == "quarter" else 2
        if not 1 <= n <= limit:
            return None
        return Resolved(f"{year:04d}-{kind[0].upper()}{n}", kind, "explicit")

    def _year(self, m: re.Match[str], ctx: _Ctx) -> Resolved | None:
        year = _year(m["year"])
        return Resolved(f"{year:04d}", "year", "explicit") if year else None

    def _two_digit_year(self, m: re.Match[str], ctx: _Ctx) -> Resolved | None:
        yy = int(m["yy"])
        now = ctx.anchor.day.year if ctx.anchor else datetime.now().year
        year = 2000 + yy if 2000 + yy <= now + 5 else 1900 + yy
        return Resolved(f"{year:04d}", "year", "explicit")

    def _decade(self, m: re.Match[str], ctx: _Ctx) -> Resolved | None:
        if m["dec"]:
            return Resolved(f"{m['dec']}X", "decade", "explicit")
        digit = int(m["dec2"]) if m["dec2"] else self.lex.decade_words[m["decw"]]
        now = ctx.anchor.day.year if ctx.anchor else datetime.now().year
        century = 20 if 2000 + digit * 10 <= now else 19
        return Resolved(f"{century}{digit}X", "decade", "explicit")

    def _century(self, m: re.Match[str], ctx: _Ctx) -> Resolved | None:
        n = _ordinal(m["ord"], self.lex)
        if n is None or not 1 <= n <= 22:
            return None
        return Resolved(f"{n - 1:02d}XX", "century", "explicit")

    # -- relative

    def _relative_century(self, m: re.Match[str], ctx: _Ctx) -> Resolved | None:
        how = _direction(m["dir"], self.lex)
        shift = {"last": -1, "next": 1}.get(how, 0)
        return ctx.relative("century", lambda d: f"{d.year // 100 + shift:02d}XX")

    def _month_day(self, m: re.Match[str], ctx: _Ctx) -> Resolved | None:
        month, day = self.lex.months[m["month"]], int(m["day"])
        if _safe_date(2000, month, day) is None:  # 2000: a leap year
            return None

        def compute(anchor: date) -> str | None:
            year = anchor.year
            d = _safe_date(year, month, day) or date(year, month, 28)
            if not ctx.future and d > anchor + _AHEAD_IS_LAST_YEAR:
                d = _safe_date(year - 1, month, day) or date(year - 1, month, 28)
            elif ctx.future and d < anchor - _BEHIND_IS_NEXT_YEAR:
                d = _safe_date(year + 1, month, day) or date(year + 1, month, 28)
            return _with_time(d, m, self.lex)[0]

        granularity = "day"
        if _time_of(m) is not None:
            granularity = "time"
        elif m.groupdict().get("part"):
            granularity = "part_of_day"
        return ctx.relative(granularity, compute)

    def _day_of_month(self, m: re.Match[str], ctx: _Ctx) -> Resolved | None:
        day = int(m["day"])
        if not 1 <= day <= 31:
            return None

        def compute(anchor: date) -> str | None:
            step = 0
            if not ctx.future and day > anchor.day:
                step = -1
            elif ctx.future and day < anchor.day:
                step = 1
            year, month = _add_months(anchor.year, anchor.month, step)
            d = _safe_date(year, month, day)
            return _day(d) if d else None

        return ctx.relative("day", compute)

    def _holiday(self, m: re.Match[str], ctx: _Ctx) -> Resolved | None:
        holiday = self.lex.holidays[m["hol"]]
        if m["year"]:
            year = _year(m["year"])
            d = holiday.on(year) if year else None
            return Resolved(_day(d), "day", "explicit") if d else None

        def compute(anchor: date) -> str | None:
            step = 1 if ctx.future else -1
            for year in range(anchor.year, anchor.year + 3 * step, step):
                d = holiday.on(year)
                if d is not None and (d >= anchor if ctx.future else d <= anchor):
                    return _day(d)
            return None

        return ctx.relative("day", compute)

    def _relative_day(self, m: re.Match[str], ctx: _Ctx) -> Resolved | None:
        offset, part = self.lex.relative_days[m["rel"]]
        part = part or (self.lex.parts_of_day[m["part"]] if m["part"] else None)
        hm = _time_of(m)
        if hm is not None:
            granularity = "time"
        elif part:
            granularity = "part_of_day"
        else:
            granularity = "day"

        def compute(anchor: date) -> str:
            d = _day(anchor + timedelta(days=offset))
            if hm is not None:
                return f"{d}T{hm[0]:02d}:{hm[1]:02d}"
            return f"{d}T{part}" if part else d

        return ctx.relative(granularity, compute)

    def _weekday(self, m: re.Match[str], ctx: _Ctx) -> Resolved | None:
        target = self.lex.weekdays[m["weekday"]] - 1
        how = _direction(m["dir"], self.lex)

        def compute(anchor: date) -> str:
            current = anchor.toordinal() - 1  # ordinal 1 (0001-01-01) is a Monday
            index = _cyclic(current, target, 7, how, ctx.future)
            return _with_time(date.fromordinal(index + 1), m, self.lex)[0]

        granularity = "day"
        if _time_of(m) is not None:
            granularity = "time"
        elif m["part"]:
            granularity = "part_of_day"
        return ctx.relative(granularity, compute)

    def _month(self, m: re.Match[str], ctx: _Ctx) -> Resolved | None:
        target = self.lex.months[m["month"]] - 1
        how = _direction(m["dir"], self.lex)

        def compute(anchor: date) -> str:
            current = anchor.year * 12 + anchor.month - 1
            index = _cyclic(current, target, 12, how, ctx.future)
            return _month(index // 12, index % 12 + 1)

        return ctx.relative("month", compute)

    def _season(self, m: re.Match[str], ctx: _Ctx) -> Resolved | None:
        order = ["WI", "SP", "SU", "FA"]
        code = self.lex.seasons[m["season"]]
        month_season = {mo: c for c, months in self.lex.season_months.items() for mo in months}
        how = _direction(m["dir"], self.lex)

        def compute(anchor: date) -> str:
            current_code = month_season.get(anchor.month, "WI")
            label_year = anchor.year + (1 if anchor.month == 12 else 0)
            current = label_year * 4 + order.index(current_code)
            index = _cyclic(current, order.index(code), 4, how, ctx.future)
            return f"{index // 4:04d}-{order[index % 4]}"

        return ctx.relative("season", compute)

    def _quarter(self, m: re.Match[str], ctx: _Ctx) -> Resolved | None:
        kind = m["q"]
        per_year = 4 if kind == "quarter" else 2
        how = _direction(m["dir"], self.lex)
        n = _ordinal(m["ord"], self.lex) if m["ord"] else None
        if m["ord"] and (n is None or not 1 <= n <= per_year):
            return None
        year_shift = {"this": 0, "last": -1, "next": 1}.get(m["ydir"] or "")

        def compute(anchor: date) -> str:
            current = anchor.year * per_year + (anchor.month - 1) * per_year // 12
            if n is None:
                index = current + {"last": -1, "next": 1}.get(how, 0)
            elif year_shift is not None:
                index = (anchor.year + year_shift) * per_year + n - 1
            else:
                index = _cyclic(current, n - 1, per_year, "", ctx.future)
            return f"{index // per_year:04d}-{kind[0].upper()}{index % per_year + 1}"

        return ctx.relative(kind, compute)

    def _the_quarter(self, m: re.Match[str], ctx: _Ctx) -> Resolved | None:
        """ "the quarter": the one just mentioned, else the last completed one (the current
        one in future context)."""
        step = 0 if ctx.future else -1
        if ctx.reference is not None and ctx.reference.granularity == "quarter":
            step = 0
        return ctx.anaphoric("quarter", "quarter", self._unit_shift("quarter", step, ctx))

    def _relative_unit(self, m: re.Match[str], ctx: _Ctx) -> Resolved | None:
        unit = self.lex.units[m["unit"]]
        word = m["dir"]
        how = _direction(word, self.lex)
        if unit not in ("day", "week", "month", "year", "decade"):
            return None
        if unit == "decade" and how != "this":
            return None  # "the next decade", "the past decade": a duration in TIMEX3
        if unit == "day" and how != "next":
            return None  # "the last day", "the past day": not a calendar reference
        step = {"last": -1, "next": 1, "this": 0}[how] if how else 0
        anaphoric = word in ("previous", "preceding", "following") or (
            m.group(0).startswith("the ") and how == "next"
        )
        compute = self._unit_shift(unit, step, ctx)
        if anaphoric or unit == "day":
            return ctx.anaphoric(unit, _granularity_of_unit(unit), compute)
        return ctx.relative(_granularity_of_unit(unit), compute)

    def _weekend(self, m: re.Match[str], ctx: _Ctx) -> Resolved | None:
        how = _direction(m["dir"], self.lex)
        return ctx.relative("weekend", lambda d: _weekend(d, how, ctx.future))

    def _same_unit(self, m: re.Match[str], ctx: _Ctx) -> Resolved | None:
        unit = self.lex.units[m["unit"]]
        if unit not in _UNIT_RANK:
            return None
        return ctx.anaphoric(unit, _granularity_of_unit(unit), self._unit_shift(unit, 0, ctx))

    def _unit_shift(self, unit: str, step: int, ctx: _Ctx) -> Callable[[date], str | None]:
        def compute(d: date) -> str | None:
            if unit == "day":
                return _day(d + timedelta(days=step))
            if unit == "week":
                return _week(d + timedelta(weeks=step))
            if unit == "month":
                return _month(*_add_months(d.year, d.month, step))
            if unit == "quarter":
                index = d.year * 4 + (d.month - 1) // 3 + step
                return f"{index // 4:04d}-Q{index % 4 + 1}"
            if unit == "year":
                return f"{d.year + step:04d}"
            if unit == "decade":
                return f"{(d.year // 10 + step):03d}X"
            return None

        return compute

    def _ago(self, m: re.Match[str], ctx: _Ctx) -> Resolved | None:
        unit = self.lex.units[m["unit"]]
        forward = m["way"] != "ago"
        groups = m.groupdict()
        if groups.get("vague") or groups.get("num") is None:
            if (
                groups.get("num") is None
                and not groups.get("vague")
                and not m["unit"].endswith("s")
            ):
                return None  # "day ago": not English
            return Resolved("FUTURE_REF" if forward else "PAST_REF", "ref", "relative")
        n = _number(m["num"], self.lex)
        if n is None or n != int(n):
            return None
        k = int(n) * (1 if forward else -1)
        return _shift_by(unit, k, ctx)


def _granularity_of_unit(unit: str) -> str:
    return {"decade": "decade", "weekend": "weekend"}.get(unit, unit)


def _weekend(d: date, how: str, future: bool) -> str:
    """The ISO week holding the weekend meant by "the/this/last/next weekend"."""
    step = {"last": -1, "next": 1, "this": 0}.get(how)
    if step is None:  # "the weekend": the coming one in future context, else the last one
        step = 0 if future or d.isoweekday() >= 6 else -1
    return _week(d + timedelta(weeks=step)) + "-WE"


def _shift_by(unit: str, k: int, ctx: _Ctx) -> Resolved | None:
    """``k`` units from the anchor ("three days ago": k = -3, unit day)."""
    anchor = ctx.anchor
    if unit in ("hour", "minute"):
        if anchor is None:
            return Resolved(None, "time", "relative")
        if anchor.hour is None:
            return Resolved(_day(anchor.day), "day", "relative")
        moment = datetime.combine(anchor.day, datetime.min.time()).replace(
            hour=anchor.hour, minute=anchor.minute or 0
        )
        moment += timedelta(hours=k) if unit == "hour" else timedelta(minutes=k)
        return Resolved(moment.strftime("%Y-%m-%dT%H:%M"), "time", "relative")
    if unit == "day":
        return ctx.relative("day", lambda d: _day(d + timedelta(days=k)))
    if unit in ("week", "fortnight"):
        weeks = k * (2 if unit == "fortnight" else 1)
        return ctx.relative("week", lambda d: _week(d + timedelta(weeks=weeks)))
    if unit == "month":
        return ctx.relative("month", lambda d: _month(*_add_months(d.year, d.month, k)))
    if unit == "quarter":
        return ctx.relative("month", lambda d: _month(*_add_months(d.year, d.month, 3 * k)))
    if unit in ("year", "decade", "century"):
        years = k * {"year": 1, "decade": 10, "century": 100}[unit]
        return ctx.relative("year", lambda d: f"{d.year + years:04d}")
    return None


# "8 pm Monday", "15:00 GMT Saturday": the time goes after the day for the rules
_TIME_FIRST = re.compile(
    r"^(?P<time>(?:at )?(?:\d{1,2}(?:[:.]\d{2})? ?[ap]m|\d{1,2}:\d{2}(?: ?(?:gmt|utc|[a-z]{2,4}t))?"
    r"|noon|midday|midnight)) (?:on )?(?P<rest>[a-z].*)$"
)


@cache
def _rules() -> _Rules:
    return _Rules(lexicon())


# ------------------------------------------------------------------------- not-a-date tests


def _is_age(s: str, lex: Lexicon) -> bool:
    if re.search(r"\d+[- ]years?[- ]old|\byear-old\b|\bages? \d|\baged \d", s):
        return True
    return any(re.search(rf"\b(?:years?|months?) {re.escape(w)}\b", s) for w in lex.age_words)


def _is_set(s: str, lex: Lexicon) -> bool:
    return any(w in lex.set_words for w in s.split())


def _is_duration(raw: str, core: str, lex: Lexicon) -> bool:
    first = raw.split(" ", 1)[0]
    if first in lex.duration_cues:
        return True
    nums = _alt([*lex.numbers, *lex.vague_numbers])
    units = _alt(lex.units)
    qualifier = r"(?:(?:past|last|next|coming|previous|following|first|final|recent|same|"
    qualifier += r"more than|less than|over|under|at least|at most|another|other|the) )*"
    counted = rf"{qualifier}(?:\d[\d.,]*|{nums})(?:[- ](?:{nums}))?[- ](?:{units})"
    plural = rf"{qualifier}(?:{units})"
    if re.fullmatch(counted, core):
        return True
    return bool(re.fullmatch(plural, core) and core.split()[-1].endswith("s"))


# ---------------------------------------------------------------------------- the fallback


@lru_cache(maxsize=64)
def _dateparser(anchor: date | None, future: bool) -> Any:
    from dateparser.date import DateDataParser

    settings: dict[str, Any] = {
        "PREFER_DATES_FROM": "future" if future else "past",
        "RETURN_TIME_AS_PERIOD": True,
        "PREFER_DAY_OF_MONTH": "first",
        "STRICT_PARSING": False,
    }
    if anchor is not None:
        settings["RELATIVE_BASE"] = datetime.combine(anchor, datetime.min.time())
    return DateDataParser(languages=["en"], try_previous_locales=False, settings=settings)


_NUMERIC_DATE = re.compile(r"\b\d{1,4}[/.]\d{1,2}[/.]\d{2,4}\b")


def _fallback(core: str, ctx: _Ctx) -> Resolved | None:
    """dateparser, for text with a month name or a numeric date that no rule took."""
    words = set(re.findall(r"[a-z]+", core))
    if not (words & set(ctx.lex.months)) and not _NUMERIC_DATE.search(core):
        return None
    explicit = bool(re.search(r"\b\d{4}\b", core) or _NUMERIC_DATE.search(core))
    if not explicit and ctx.anchor is None:
        return Resolved(None, "day", "relative")
    parser = _dateparser(ctx.anchor.day if ctx.anchor else None, ctx.future)
    try:
        data = parser.get_date_data(core)
    except (ValueError, OverflowError):
        return None
    moment = data.date_obj
    if moment is None:
        return None
    period = data.period or "day"
    basis: ResolvedBasis = "explicit" if explicit else "relative"
    if period == "time":
        return Resolved(moment.strftime("%Y-%m-%dT%H:%M"), "time", basis)
    if period == "day":
        return Resolved(moment.date().isoformat(), "day", basis)
    if period == "week":
        return Resolved(_week(moment.date()), "week", basis)
    if period == "month":
        return Resolved(_month(moment.year, moment.month), "month", basis)
    if period == "year":
        return Resolved(f"{moment.year:04d}", "year", basis)
    return None


# ------------------------------------------------------------------------------- public API


def resolve_date(
    text: str,
    anchor: str | date | Anchor | None = None,
    *,
    future: bool = False,
    reference: Reference | None = None,
) -> Resolved | None:
    """Resolve one date expression.

    ``anchor`` is the publication date (ISO string, date or :class:`Anchor`); ``future`` says
    the context points forward ("will meet on Tuesday"), so ambiguous expressions take the next
    occurrence instead of the last one; ``reference`` is the last date mentioned before, for
    "the previous day". Returns None when the text is not a date expression.
    """
    lex = lexicon()
    point = anchor if isinstance(anchor, Anchor) or anchor is None else parse_anchor(anchor)
    raw = normalise(text)
    if not raw or _is_age(raw, lex) or _is_set(raw, lex):
        return None
    for key in (raw, re.sub(r"^(?:in|at|on|for|until|by|since) ", "", raw)):
        if key in lex.references:
            return Resolved(lex.references[key], "ref", "relative")
    core = strip_modifiers(raw, lex)
    if not core or _is_duration(raw, core, lex):
        return None
    ctx = _Ctx(point, future, reference, lex)
    if core in ("the year", "year") and core != raw:  # "(by) the end of the year"
        ended = re.match(r"(?:the )?(?:end|close) of", strip_prepositions(raw)) is not None
        early = point is not None and point.day.month <= 3
        shift = -1 if ended and early and not future else 0
        return ctx.relative("year", lambda d: f"{d.year + shift:04d}")
    for form in dict.fromkeys((strip_prepositions(raw), core)):  # unique, in order
        found = _by_rules(_TIME_FIRST.sub(r"\g<rest> \g<time>", form), ctx)
        if found is not None:
            return found
    return _fallback(core, ctx)


def _by_rules(form: str, ctx: _Ctx) -> Resolved | None:
    if form in ctx.lex.anaphoric_days:
        offset = ctx.lex.anaphoric_days[form]
        return ctx.anaphoric("day", "day", lambda d: _day(d + timedelta(days=offset)))
    for pattern, handler in _rules().compiled:
        match = pattern.fullmatch(form)
        if match:
            result = handler(match, ctx)
            if result is not None:
                return result
    return None


def reference_of(resolved: Resolved) -> Reference | None:
    """The first day of a resolved calendar value, for later anaphora; None for others."""
    value = resolved.value
    if value is None:
        return None
    week = re.fullmatch(r"(\d{4})-W(\d{2})(?:-WE)?", value)
    if week:
        try:
            first = date.fromisocalendar(int(week[1]), int(week[2]), 1)
        except ValueError:
            return None
        return Reference(first, resolved.granularity)
    quarter = re.fullmatch(r"(\d{4})-Q([1-4])", value)
    if quarter:
        return Reference(date(int(quarter[1]), 3 * int(quarter[2]) - 2, 1), "quarter")
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T.*)?)?)?", value)
    if m is None:
        return None
    day = _safe_date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
    if day is None:
        return None
    return Reference(day, resolved.granularity)


def date_for_sentence(dates: list[DateMention], start: int, end: int) -> DateMention | None:
    """The date mention the event coder should use for a sentence spanning ``[start, end)``.

    Among the mentions lying inside the span it prefers, in this order: one with a calendar
    value (not None and not a ``*_REF``), then the finest granularity (a time beats a day, a
    day beats a week, a month beats a year ...), then the earliest in the text. Mentions with
    value None or a ``*_REF`` value are returned only when the sentence has nothing better.
    Returns None when no mention lies inside the span.
    """
    inside = [d for d in dates if d.start >= start and d.end <= end]
    if not inside:
        return None

    def key(d: DateMention) -> tuple[int, int, int]:
        calendar = d.value is not None and not d.value.endswith("_REF")
        rank = GRANULARITY_RANK.get(d.granularity or "", 0)
        return (0 if calendar else 1, -rank, d.start)

    return min(inside, key=key)
