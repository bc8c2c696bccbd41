"""What every reader shares: decoding bytes, and turning a :class:`Draft` into an Article.

A reader fills a :class:`Draft` with the fields exactly as it found them; :func:`finish`
checks the text, gives the article its id, language and normalised publication date, and
returns an :class:`Article` (with warnings for problems that do not stop it) or a
:class:`RecordError`.

Ids
    The id given in the record (a string or a number), else ``doc-`` followed by the first
    16 hex digits of the SHA-256 of the article text: the same text always gets the same id.

Publication dates
    Normalised to ``YYYY-MM-DD``, or to ``YYYY-MM-DDTHH:MM:SS[+HH:MM]`` when the value gives a
    time (the offset is kept as given, never converted). Tried in order: ISO 8601, compact
    ``YYYYMMDD`` / ``YYYYMMDDhhmmss``, then python-dateutil (RFC 2822, "12 November 2008",
    "Nov 12, 2008 10:30 GMT" ...), then, for values with letters and a four-digit year,
    dateparser with absolute dates only and 25 common languages (month names in other
    languages: "14 mars 2025"). A value must name a day, month and year: "2025" or
    "March 2025" are refused, as are bare numbers ("121108"), numeric dates whose day and
    month could be swapped ("03/04/2025") and years before 1000. Relative expressions
    ("yesterday") are never accepted: they would depend on the day the run happens. A
    refused value gives ``published=None`` and the warning ``invalid publication date '…'``
    (or ``ambiguous …``); no value at all gives the warning ``no publication date``.

Language
    The language given (any ISO 639 code or tag: "en", "EN-us", "eng" → "en"), else the one
    :func:`dateline.langid.detect_language` finds in the first 2000 characters; a text with
    no letters gets ``None``.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import warnings
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from dateline.config import Settings
from dateline.langid import detect_language
from dateline.records import Article, RecordError

ID_PREFIX = "doc-"

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# WHATWG: pages declaring Latin-1 or ASCII are decoded as windows-1252.
_CHARSET_ALIASES = {"latin_1": "cp1252", "iso8859_1": "cp1252", "ascii": "cp1252"}


# -- decoding -----------------------------------------------------------------------------


def bom_encoding(data: bytes) -> str | None:
    """The encoding a byte-order mark at the start of ``data`` announces, if any."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def _codec_name(declared: str | None) -> str | None:
    if not declared:
        return None
    try:
        name = codecs.lookup(declared.strip().strip("\"'")).name
    except LookupError:
        return None
    return _CHARSET_ALIASES.get(name.replace("-", "_"), name)


def _guess_decode(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    results = from_bytes(data)
    best = results.best()
    if best is None:
        return None
    # Short Western texts tie between several single-byte code pages; windows-1252 is by
    # far the most common one, so it wins ties.
    for match in results:
        if (
            match.encoding == "cp1252"
            and match.chaos <= best.chaos
            and match.coherence >= best.coherence
        ):
            return str(match)
    return str(best)


def decode_bytes(data: bytes, declared: str | None = None) -> str | None:
    """Decode ``data``: a BOM, else UTF-8, else the ``declared`` charset, else a guess.

    Returns ``None`` when nothing fits (the caller reports it). ``declared`` is a charset
    named by the document or its transport (HTML meta, XML prolog, HTTP header).
    """
    encoding = bom_encoding(data)
    if encoding:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    codec = _codec_name(declared)
    if codec:
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            pass
    return _guess_decode(data)


_NEWLINES = re.compile(r"\r\n?")


def normalize_newlines(text: str) -> str:
    """``\\r\\n`` and lone ``\\r`` become ``\\n`` (not for JSON Lines, whose text is kept)."""
    return _NEWLINES.sub("\n", text)


# -- ids ----------------------------------------------------------------------------------


def content_id(text: str) -> str:
    """``doc-`` + 16 hex digits of the SHA-256 of ``text``."""
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return ID_PREFIX + digest[:16]


# -- dates --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DateResult:
    value: str | None  # "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SS[+HH:MM]"
    warning: str | None = None


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}.*")
_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")
_NUMERIC_DMY = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})")
_LETTER = re.compile(r"[^\W\d_]")
_MIN_YEAR = 1000
_DEFAULT_A = datetime(2000, 1, 1, 0, 0, 0)
_DEFAULT_B = datetime(2001, 2, 2, 1, 1, 1)
# Time-zone abbreviations common in feeds and HTTP dates (seconds east of UTC); others are
# ignored and the time is kept without an offset.
_TZ_ABBREVIATIONS = {
    "UT": 0, "UTC": 0, "GMT": 0, "Z": 0,
    "EST": -5 * 3600, "EDT": -4 * 3600, "CST": -6 * 3600, "CDT": -5 * 3600,
    "MST": -7 * 3600, "MDT": -6 * 3600, "PST": -8 * 3600, "PDT": -7 * 3600,
    "CET": 3600, "CEST": 2 * 3600, "EET": 2 * 3600, "EEST": 3 * 3600,
}  # fmt: skip


def _format(value: datetime | date, has_time: bool) -> str | None:
    if value.year < _MIN_YEAR:
        return None
    if has_time and isinstance(value, datetime):
        return value.replace(microsecond=0).isoformat(timespec="seconds")
    return value.strftime("%Y-%m-%d")


def _parse_iso(s: str) -> str | None:
    if _ISO_DATE.fullmatch(s):
        return _format(date.fromisoformat(s), False)
    if _ISO_DATETIME.fullmatch(s):
        return _format(datetime.fromisoformat(s), True)
    return None


def _parse_compact(s: str) -> str | None:
    if len(s) == 8:
        return _format(datetime.strptime(s, "%Y%m%d"), False)
    if len(s) == 14:
        return _format(datetime.strptime(s, "%Y%m%d%H%M%S"), True)
    return None


def _parse_dateutil(s: str) -> str | None:
    """dateutil, parsed twice with different defaults: a field that differs was not given."""
    from dateutil import parser

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # unknown time zone names: parsed as local time
        a = parser.parse(s, default=_DEFAULT_A, tzinfos=_TZ_ABBREVIATIONS)
        b = parser.parse(s, default=_DEFAULT_B, tzinfos=_TZ_ABBREVIATIONS)
    if (a.year, a.month, a.day) != (b.year, b.month, b.day):
        return None  # no full date: "March 2025", "Monday"
    has_time = (a.hour, a.minute) == (b.hour, b.minute)  # seconds not given: a's are 0
    return _format(a, has_time)


# Languages dateparser tries for month and day names; loading all ~200 locales takes seconds.
DATEPARSER_LANGUAGES = (
    "en", "fr", "de", "es", "it", "pt", "nl", "ru", "uk", "ar", "fa", "tr", "pl",
    "zh", "ja", "ko", "id", "sw", "ro", "sv", "el", "he", "hi", "ur", "vi",
)  # fmt: skip
_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")


@lru_cache(maxsize=1)
def _dateparser() -> Any:
    from dateparser.date import DateDataParser

    return DateDataParser(
        languages=list(DATEPARSER_LANGUAGES),
        settings={
            "STRICT_PARSING": True,
            "REQUIRE_PARTS": ["day", "month", "year"],
            "PARSERS": ["custom-formats", "absolute-time"],
            "RETURN_TIME_AS_PERIOD": True,
        },
    )


def _parse_dateparser(s: str) -> str | None:
    try:
        data = _dateparser().get_date_data(s)
    except Exception:  # dateparser raises assorted errors on odd input
        return None
    if data.date_obj is None:
        return None
    return _format(data.date_obj, data.period == "time")


def _is_ambiguous(s: str) -> bool:
    m = _NUMERIC_DMY.fullmatch(s)
    if not m:
        return False
    first, second = int(m.group(1)), int(m.group(2))
    return first != second and first <= 12 and second <= 12


@lru_cache(maxsize=4096)
def _parse_date(s: str) -> DateResult:
    shown = s if len(s) <= 60 else s[:57] + "..."
    invalid = DateResult(None, f"invalid publication date '{shown}'")
    if _NUMBER.fullmatch(s):
        try:
            value = _parse_compact(s) if s.isdigit() else None
        except ValueError:
            value = None
        return DateResult(value) if value else invalid
    if _is_ambiguous(s):
        return DateResult(None, f"ambiguous publication date '{shown}' (day or month first?)")
    try:
        value = _parse_iso(s)
    except ValueError:
        value = None
    if value:
        return DateResult(value)
    try:
        value = _parse_dateutil(s)
    except (ValueError, OverflowError, TypeError):
        # dateutil knows English month names only; dateparser knows many languages
        value = _parse_dateparser(s) if _LETTER.search(s) and _YEAR.search(s) else None
    return DateResult(value) if value else invalid


def normalize_published(raw: object) -> DateResult:
    """Normalise a publication date as found in a record (see the module docstring)."""
    if raw is None or isinstance(raw, bool):
        return DateResult(
            None, "no publication date" if raw is None else "invalid publication date"
        )
    if isinstance(raw, (int, float)):
        raw = str(raw)
    if not isinstance(raw, str):
        return DateResult(None, f"invalid publication date (a JSON {type(raw).__name__})")
    s = " ".join(raw.split())
    if not s:
        return DateResult(None, "no publication date")
    if len(s) > 200:
        return DateResult(None, f"invalid publication date '{s[:57]}...'")
    return _parse_date(s)


# -- language -----------------------------------------------------------------------------


def normalize_language_code(raw: str) -> str | None:
    """An ISO 639-1 code for a language code or tag ("EN-us", "eng", "iw"), or None."""
    from rigour.langs import iso_639_alpha2

    primary = re.split(r"[-_]", raw.strip(), maxsplit=1)[0].lower()
    if not primary.isalpha() or not 2 <= len(primary) <= 3:
        return None
    return iso_639_alpha2(primary)


# -- finishing a record -------------------------------------------------------------------


@dataclass(slots=True)
class Draft:
    """An article's fields as a reader found them, before checks and normalisation."""

    text: str
    origin: str
    id: object = None
    published: object = None
    title: object = None
    url: object = None
    outlet: object = None
    language: object = None
    fallback_published: object = None  # used when ``published`` is missing or invalid


def too_long(origin: str, size: int, unit: str, settings: Settings) -> RecordError:
    """The error for an article over ``settings.max_article_chars``."""
    return RecordError(
        origin,
        f"article too long: {size:,} {unit}, more than the limit of "
        f"{settings.max_article_chars:,} characters (max_article_chars)",
    )


def _clean_meta(name: str, value: object, notes: list[str]) -> str | None:
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        notes.append(f"ignored '{name}': not a string")
        return None
    cleaned = " ".join(value.split())
    return cleaned or None


def _article_id(raw: object, text: str) -> str | None:
    if raw is None:
        return content_id(text)
    if isinstance(raw, bool) or not isinstance(raw, (str, int)):
        return None
    given = str(raw).strip()
    return given or content_id(text)


def _published(draft: Draft, notes: list[str]) -> str | None:
    result = normalize_published(draft.published)
    if result.value:
        return result.value
    if draft.fallback_published is not None:
        fallback = normalize_published(draft.fallback_published)
        if fallback.value:
            return fallback.value
    if result.warning:
        notes.append(result.warning)
    return None


def _language(raw: object, text: str, notes: list[str]) -> str | None:
    if isinstance(raw, str) and raw.strip():
        code = normalize_language_code(raw)
        if code:
            return code
        notes.append(f"unknown language code '{raw.strip()[:20]}': detected instead")
    elif raw is not None:
        notes.append("ignored 'language': not a string")
    return detect_language(text).language


# Lone UTF-16 surrogates: JSON can hold them ("\\udde6" escaped), a file's decoded bytes never.
# No UTF-8 output, language detector or database can take them.
_SURROGATE = re.compile("[\ud800-\udfff]")
_REPLACEMENT = "\ufffd"


def _without_surrogates(value: object) -> object:
    return _SURROGATE.sub(_REPLACEMENT, value) if isinstance(value, str) else value


def _surrogate_error(draft: Draft) -> RecordError | None:
    for name, value in (("text", draft.text), ("id", draft.id)):
        m = _SURROGATE.search(value) if isinstance(value, str) else None
        if m:
            return RecordError(
                draft.origin,
                f"'{name}' is not valid Unicode: a lone surrogate (U+{ord(m.group()):04X}) at "
                f"character {m.start() + 1}",
            )
    return None


def finish(draft: Draft, settings: Settings) -> Article | RecordError:
    """Check a draft and turn it into an Article, or say why it cannot be one."""
    text = draft.text
    if not text.strip():
        return RecordError(draft.origin, "no text: the article is empty")
    refused = _surrogate_error(draft)
    if refused:
        return refused
    for name in ("published", "title", "url", "outlet", "language", "fallback_published"):
        setattr(draft, name, _without_surrogates(getattr(draft, name)))
    if len(text) > settings.max_article_chars:
        return too_long(draft.origin, len(text), "characters", settings)
    article_id = _article_id(draft.id, text)
    if article_id is None:
        return RecordError(draft.origin, "'id' must be a string or a number")
    notes: list[str] = []
    published = _published(draft, notes)
    title = _clean_meta("title", draft.title, notes)
    url = _clean_meta("url", draft.url, notes)
    outlet = _clean_meta("outlet", draft.outlet, notes)
    language = _language(draft.language, text, notes)
    return Article(
        id=article_id,
        text=text,
        published=published,
        title=title,
        url=url,
        outlet=outlet,
        language=language,
        origin=draft.origin,
        warnings=tuple(notes),
    )
