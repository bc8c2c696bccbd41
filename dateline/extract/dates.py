"""Date expressions, resolved to calendar values against the publication date.

:func:`extract_dates` finds candidate expressions — spaCy's DATE and TIME entities plus the
patterns of :func:`candidate_patterns` for what spaCy misses ("now", "Monday night", "the
previous day", "three days ago") — and resolves each with :func:`dateline.resolve.dates.resolve_date`.

- Overlapping candidates are tried whole first, then one by one (longest first), so "Friday"
  + "afternoon" becomes "Friday afternoon" while "40, eight years from now" keeps only the
  part that is a date.
- Ranges ("2009-2010", "1957-58", "March 3 and 4") give one mention per end.
- Durations, ages and recurring times resolve to nothing and are left out.
- The tense around an expression decides between the last and the next occurrence: "met on
  Tuesday" is the last Tuesday on or before publication, "will meet on Tuesday" the next one.
- Anaphora ("the next day") is resolved against the date mentioned last before it.
- Blanked (foreign-language) regions are spaces in ``doc.text`` and yield nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Span, Token

from dateline.records import DateMention
from dateline.resolve.dates import (
    Anchor,
    Lexicon,
    Reference,
    Resolved,
    lexicon,
    parse_anchor,
    reference_of,
    resolve_date,
)

__all__ = ["candidate_patterns", "extract_dates"]

_ENTITY_LABELS = ("DATE", "TIME")


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _Reading:
    """One way to read (part of) a candidate: the offsets and the text to resolve."""

    start: int
    end: int
    text: str


def _alt(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@cache
def candidate_patterns() -> tuple[re.Pattern[str], ...]:
    """Regular expressions for date expressions spaCy's NER tends to miss.

    A pattern's group ``d`` (when present) is the mention; the rest is context.
    """
    lex = lexicon()
    full_months = [m for m in lex.months if len(m) > 3 and m != "sept"]
    month = f"(?:{_alt(full_months)}|(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\\.)"
    weekdays = [w for w in lex.weekdays if w.endswith("day")]
    weekday = f"(?:{_alt(weekdays)})"
    part = f"(?:{_alt(list(lex.parts_of_day))})"
    numbers = [n for n in lex.numbers if n not in ("a", "an")]
    num = f"(?:\\d+|{_alt(numbers)}|an?)"
    units = f"(?:{_alt(list(lex.units))})"
    seasons = f"(?:{_alt(list(lex.seasons))})"
    direction = f"(?:{_alt(lex.past_words | lex.next_words | lex.this_words)})"
    time = r"(?:\d{1,2}(?::\d{2})?\s?[ap]\.?m\.?|\d{1,2}:\d{2}(?:\s?(?:GMT|UTC|[A-Z]{2,4}T))?)"
    modifier = r"(?:(?:early|late|mid-?|earlier|later)\s+)?"
    day_num = r"\d{1,2}(?:st|nd|rd|th)?"
    texts = [
        # references: "now", "recently", "in the past"
        f"\\b(?P<d>{_alt(list(lex.references))})\\b",
        # today, yesterday, tonight, this morning (+ part of day, + clock time)
        f"\\b(?P<d>{modifier}(?:{_alt(list(lex.relative_days))})(?:\\s+{part})?"
        f"(?:\\s+(?:at\\s+)?{time})?)\\b",
        # (last|next) Monday (night) (at 8 pm); 8 pm Monday
        f"\\b(?P<d>(?:{time}\\s+(?:on\\s+)?)?{modifier}(?:{direction}\\s+)?{weekday}"
        f"(?:\\s+{part})?(?:\\s+(?:at\\s+)?{time})?)\\b",
        # March 3(, 2025); the 3rd of March(, 2025); 3 March 2025
        f"\\b(?P<d>{modifier}{month}\\s+{day_num}(?:,?\\s+\\d{{4}})?)\\b",
        f"\\b(?P<d>(?:the\\s+)?{day_num}\\s+(?:of\\s+)?{month}(?:,?\\s+\\d{{4}})?)\\b",
        # (early) last/this/next week|month|year|summer, earlier this month
        f"\\b(?P<d>{modifier}(?:the\\s+)?{direction}\\s+(?:fiscal\\s+)?"
        f"(?:week|weekend|month|year|quarter|{seasons}|{month}))\\b",
        # three days ago, two years from now
        f"\\b(?P<d>{num}\\s+{units}\\s+(?:ago|from\\s+now))\\b",
        # the previous day, the day before, that day
        f"\\b(?P<d>{_alt(list(lex.anaphoric_days))})\\b",
        # Christmas, Easter (2025)
        f"\\b(?P<d>{_alt(list(lex.holidays))})(?:,?\\s+\\d{{4}})?\\b",
        # a year after a preposition: "in 2016", "since 1995"
        r"\b(?:in|since|by|until|till|from|during|before|after|of|early|late|mid-?)\s+"
        r"(?P<d>(?:1[5-9]|20)\d{2})\b(?!\s*(?:%|percent|per\s+cent))",
        # decades: the 1990s, the '90s, the early 2000s
        r"(?P<d>\b(?:the\s+)?(?:(?:early|late|mid-?)\s*)?(?:1[0-9]|20)\d0'?s\b"
        r"|(?<!\w)'\d0s\b)",
    ]
    return tuple(re.compile(t, re.IGNORECASE) for t in texts)


def _pattern_candidates(text: str, lex: Lexicon) -> list[_Candidate]:
    found: list[_Candidate] = []
    for pattern in candidate_patterns():
        for m in pattern.finditer(text):
            start, end = m.span("d") if "d" in pattern.groupindex else m.span()
            phrase = text[start:end].lower()
            if phrase in lex.references and _unit_follows(text, end, lex):
                continue  # "the past three years": part of a duration
            found.append(_Candidate(start, end))
    return found


def _unit_follows(text: str, end: int, lex: Lexicon) -> bool:
    """Whether a time unit follows, maybe after a number: "the past (three) years"."""
    words = [w.lower() for w in re.findall(r"[A-Za-z]+|\d+", text[end : end + 40])[:3]]
    numbers = set(lex.numbers) | {w for v in lex.vague_numbers for w in v.split()}
    for word in words:
        if word in lex.units:
            return True
        if not (word.isdigit() or word in numbers):
            return False
    return False


def _entity_candidates(doc: Doc) -> list[_Candidate]:
    out = []
    for ent in doc.ents:
        if ent.label_ in _ENTITY_LABELS and ent.text.strip():
            out.append(_Candidate(ent.start_char, ent.end_char))
    return out


def _clusters(candidates: list[_Candidate]) -> list[list[_Candidate]]:
    """Group candidates whose spans overlap, in text order."""
    ordered = sorted(set(candidates), key=lambda c: (c.start, -c.end))
    clusters: list[list[_Candidate]] = []
    end = -1
    for cand in ordered:
        if clusters and cand.start < end:
            clusters[-1].append(cand)
            end = max(end, cand.end)
        else:
            clusters.append([cand])
            end = cand.end
    return clusters


# ------------------------------------------------------------------------------ ranges

_ISO_LIKE = re.compile(r"\d{4}-\d{2}-\d{2}")
_RANGE = re.compile(
    r"^(?:(?:between|from)\s+)?(?P<a>.*?\S)\s*(?:-|–|—|\s(?:and|or|to|through|until|till)\s)\s*"
    r"(?P<b>\S.*)$",
    re.IGNORECASE,
)


def _range_readings(text: str, start: int, lex: Lexicon) -> list[_Reading] | None:
    """The two ends of a range such as "2009-2010" or "March 3 and 4", with their offsets;
    the text to resolve of each end borrows the month or century the other end gives."""
    if _ISO_LIKE.search(text):
        return None
    m = _RANGE.match(text)
    if m is None:
        return None
    a, b = m["a"], m["b"]
    a_text, b_text = a, b
    month_re = re.compile(rf"\b({_alt(list(lex.months))})\.?\b", re.IGNORECASE)
    year_a = re.search(r"\b(\d{4})$", a)
    year_b = re.search(r"\b(\d{4})$", b)
    if re.fullmatch(r"\d{2}", b) and year_a:
        b_text = year_a.group(1)[:2] + b
    elif re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?", b):
        month_a = month_re.search(a)
        if month_a is None or not re.search(r"\d", a[month_a.end() :]):
            return None
        b_text = f"{month_a.group(1)} {b}"
    if re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)?", a):
        month_b = month_re.search(b)
        if month_b is None:
            return None
        a_text = f"{a} {b[month_b.start() :]}"
    elif year_b and not year_a and month_re.search(a) and re.search(r"\d", a):
        a_text = f"{a}, {year_b.group(1)}"
    a_start = start + m.start("a")
    b_start = start + m.start("b")
    return [
        _Reading(a_start, a_start + len(a), a_text),
        _Reading(b_start, b_start + len(b), b_text),
    ]


# ------------------------------------------------------------------------------- tense

_PRESENT_AUX = {"is", "are", "'s", "'re", "am", "has", "have", "'ve"}


def _governor(span: Span) -> Token | None:
    tok = span.root
    for _ in range(5):
        if tok.pos_ in ("VERB", "AUX"):
            return tok
        if tok.head is tok:
            return None
        tok = tok.head
    return None


def _present(verb: Token) -> bool:
    """Present tense or present perfect: "says", "is selling", "has identified"."""
    if verb.tag_ in ("VBZ", "VBP"):
        return True
    auxes = [c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")]
    return bool(auxes) and auxes[0] in _PRESENT_AUX


def _adverbial(span: Span, verb: Token) -> bool:
    """Whether the date modifies the verb itself ("meet Tuesday", "meet on Tuesday")."""
    root = span.root
    return root.head == verb or (root.dep_ == "pobj" and root.head.head == verb)


def _present_simple(verb: Token, lex: Lexicon) -> bool:
    """Present simple or progressive, not a reporting verb ("says", "tells")."""
    if verb.lemma_.lower() in lex.reporting_verbs:
        return False
    if verb.tag_ in ("VBZ", "VBP"):
        return True
    auxes = [c.lower_ for c in verb.children if c.dep_ == "aux"]
    return verb.tag_ == "VBG" and bool(auxes) and auxes[0] in _PRESENT_AUX - {"has", "have", "'ve"}


def _is_future(span: Span, lex: Lexicon) -> bool:
    """Whether the verb governing ``span`` points forward from the publication date."""
    verb = _governor(span)
    if verb is None:
        return False
    if _adverbial(span, verb) and _present_simple(verb, lex):
        return True  # "talks resume Tuesday", "there is another meeting in June"
    for _ in range(3):
        auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
        if any(c.lower_ in lex.future_auxiliaries for c in auxes):
            return True
        if verb.dep_ == "xcomp" and verb.head.lower_ == "going":
            return True
        infinitive = any(c.lower_ == "to" for c in auxes)
        if infinitive and verb.head.lemma_.lower() in lex.future_verbs:
            return True
        if infinitive and _present(verb.head):
            return True  # "has identified companies to run the program through June"
        if verb.lemma_.lower() in lex.future_verbs and any(c.lower_ in _PRESENT_AUX for c in auxes):
            return True
        if any(
            c.dep_ in ("acomp", "attr") and c.lemma_.lower() in lex.future_verbs
            for c in verb.children
        ) and (verb.lower_ in _PRESENT_AUX):
            return True
        if verb.dep_ in ("xcomp", "ccomp", "advcl", "conj") and verb.head is not verb:
            if verb.tag_ in ("VBD", "VBN") or verb.head.pos_ not in ("VERB", "AUX"):
                return False
            verb = verb.head
            continue
        return False
    return False


# ---------------------------------------------------------------------------- extraction


def _readings(cluster: list[_Candidate], text: str, lex: Lexicon) -> list[list[_Reading]]:
    """Ways to read a cluster, best first; each is a list of non-overlapping readings."""
    start = min(c.start for c in cluster)
    end = max(c.end for c in cluster)
    options: list[list[_Reading]] = []
    members = sorted(
        {(c.start, c.end) for c in cluster} - {(start, end)}, key=lambda s: s[0] - s[1]
    )
    spans = [(start, end), *members]
    for s, e in spans:
        ranged = _range_readings(text[s:e], s, lex)
        if ranged:
            options.append(ranged)
        options.append([_Reading(s, e, text[s:e])])
    return options


_EVENT_ANCHORED = re.compile(r"\b(?:before|after|earlier|later)$", re.IGNORECASE)


def _resolve_reading(
    doc: Doc, reading: _Reading, anchor: Anchor | None, reference: Reference | None, lex: Lexicon
) -> Resolved | None:
    if _EVENT_ANCHORED.search(reading.text) and re.match(r"[ \t]+\w", doc.text[reading.end :]):
        return None  # "the day before the vote": anchored to an event, not a date
    span = doc.char_span(reading.start, reading.end, alignment_mode="expand")
    future = span is not None and len(span) > 0 and _is_future(span, lex)
    return resolve_date(reading.text, anchor, future=future, reference=reference)


_TRAILING = re.compile(r"(?:[\s,;:]+|\s+(?:and|or|to|through|until|till)\b)+$", re.IGNORECASE)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets without surrounding spaces and trailing punctuation."""
    piece = text[start:end]
    lead = len(piece) - len(piece.lstrip())
    stripped = _TRAILING.sub("", piece.rstrip())
    return start + lead, start + len(stripped.rstrip())


def extract_dates(doc: Doc, published: str | None) -> list[DateMention]:
    """Date mentions of a parsed article, resolved against ``published`` (ISO 8601 or None).

    Offsets are character offsets into ``doc.text`` (= the article text). Relative mentions
    keep value None when ``published`` is None; durations, ages and recurring times are left
    out. Raises ValueError when ``published`` is not ISO 8601 (``Article.published`` is
    normalised by ingest, so this means a caller bypassed it).
    """
    lex = lexicon()
    anchor = parse_anchor(published)
    text = doc.text
    candidates = _entity_candidates(doc) + _pattern_candidates(text, lex)
    mentions: list[DateMention] = []
    reference: Reference | None = None
    for cluster in _clusters(candidates):
        accepted: list[tuple[_Reading, Resolved]] = []
        for option in _readings(cluster, text, lex):
            if any(r.start < a.end and a.start < r.end for r in option for a, _ in accepted):
                continue
            results = [(r, _resolve_reading(doc, r, anchor, reference, lex)) for r in option]
            good = [(r, res) for r, res in results if res is not None]
            if len(option) > 1 and len(good) < len(option):
                continue
            accepted.extend(good)
        for reading, resolved in sorted(accepted, key=lambda x: x[0].start):
            start, end = _trimmed(text, reading.start, reading.end)
            if end <= start:
                continue
            mentions.append(
                DateMention(
                    text=text[start:end],
                    start=start,
                    end=end,
                    value=resolved.value,
                    basis=resolved.basis,
                    granularity=resolved.granularity,
                )
            )
            ref = reference_of(resolved)
            if ref is not None:
                reference = ref
    return mentions
