"""Counts: reported numbers of people or things, with qualifier and what is counted.

``extract_counts(doc)`` finds phrases such as "at least 31 people", "about 5,000 protesters",
"more than 2.5 million refugees", "nearly a dozen soldiers", "killing 12", "$3 billion".
Word lists are in ``data/lexicons/count_words.yaml``.

- ``value``: the number, an ``int`` when whole. Numbers in digits ("12,500", "5.7"), in words
  ("twenty-three", "three hundred and fifty", "two million", "a dozen", "half a million"), or
  mixed ("5.7 million", "2.5m", "$3bn").
- ``qualifier``: one of ``at least``, ``more than``, ``up to``, ``about``, ``nearly``,
  ``less than`` (the lexicon maps "some", "an estimated", "roughly" ... to these), ``vague`` for
  "dozens of", "hundreds of", "tens of thousands of", "several hundred" (value: the smallest
  number the words allow: dozens -> 24, tens of thousands -> 20,000), or ``None`` when exact.
  A range ("20 to 30 people", "between 20 and 30") gives its lower end with ``at least``.
- ``what``: the event word when the counted people are the patient of an event verb
  ("killing 31 people", "31 people were killed", "31 killed", "left 12 dead" -> killed /
  dead; "wounded" -> injured), or the doers of a protest verb ("100 demonstrated" ->
  protesters), or died ("12 died" -> dead); otherwise the counted noun as written, lower case
  unless a proper noun ("protesters", "Web sites", "Liberians"). Money gives the currency:
  "$3 billion" -> ``dollars`` (any "$": the text rarely says which dollar), "€5m" -> euros.
- ``text``/``start``/``end``: the whole phrase: qualifier, currency sign, number and counted
  noun ("at least 31 people", "Up to 1,000 ethnic Turks"); with no noun, the event word next
  to the number is included ("killing 12", "31 killed", "12 dead").

Not counts: dates and years ("in 2016"), times, ages ("45-year-old", "aged 45", "Smith, 45,"),
percentages, ordinals, measures and durations ("5 km", "three days"), labels ("Resolution
2334", "Flight 370"), and numbers with no counted noun and no event role ("scored 3").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc, Token

from dateline.extract.attribution import load_yaml
from dateline.records import Count

_DIGITS = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_GLUED = re.compile(r"^((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)([a-z]+)$")
_AGE_AFTER = re.compile(r"\s*-?\s*(?:year|month|week|day)s?\s*-?\s*old\b", re.IGNORECASE)
_SKIP_LABELS = {"PERCENT", "ORDINAL", "TIME", "QUANTITY"}
_NOUN_DEPS = {"nummod", "quantmod", "compound", "amod", "nmod", "npadvmod"}
_RANGE_WORDS = {"to", "-", "\u2013", "and", "or"}
_DATE_WORDS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "year", "years", "month", "months", "day", "days", "week", "weeks",
    "decade", "century", "ago", "last", "next", "this", "since",
}  # fmt: skip
MAX_QUALIFIER_WORDS = 4
NOUN_WINDOW = 5  # the counted noun within this many words after the number


@dataclass(frozen=True, slots=True)
class CountLexicon:
    units: dict[str, int]
    tens: dict[str, int]
    scales: dict[str, int]
    scale_suffixes: dict[str, int]
    fractions: dict[str, float]
    vague: dict[str, int]
    vague_multipliers: dict[str, int]
    vague_determiners: dict[tuple[str, ...], int]
    qualifiers: dict[tuple[str, ...], str]
    trailing: dict[tuple[str, ...], str]
    event_verbs: dict[str, str]
    event_phrasal: dict[tuple[str, str], str]
    subject_verbs: dict[str, str]
    state_words: dict[str, str]
    event_nouns: dict[str, str]
    toll_nouns: dict[str, str]
    currency_symbols: dict[str, str]
    currency_nouns: frozenset[str]
    excluded_nouns: frozenset[str]
    excluded_preceding: frozenset[str]
    year_prepositions: frozenset[str]

    def is_number_word(self, word: str) -> bool:
        return word in self.units or word in self.tens or word in self.scales


def _lower_map(data: dict[str, Any]) -> dict[str, Any]:
    return {str(k).lower(): v for k, v in data.items()}


def _phrases(data: dict[str, Any]) -> dict[tuple[str, ...], Any]:
    return {tuple(str(k).lower().split()): v for k, v in data.items()}


@lru_cache(maxsize=1)
def count_lexicon() -> CountLexicon:
    d = load_yaml("count_words.yaml")
    qualifiers: dict[tuple[str, ...], str] = {}
    for norm, phrases in d["qualifiers"].items():
        for phrase in phrases:
            qualifiers[tuple(str(phrase).lower().split())] = str(norm)
    phrasal: dict[tuple[str, str], str] = {}
    for phrase, what in d["event_phrasal"].items():
        verb, particle = str(phrase).lower().split(maxsplit=1)
        phrasal[(verb, particle)] = str(what)
    return CountLexicon(
        units=_lower_map(d["units"]),
        tens=_lower_map(d["tens"]),
        scales=_lower_map(d["scales"]),
        scale_suffixes=_lower_map(d["scale_suffixes"]),
        fractions=_lower_map(d["fractions"]),
        vague=_lower_map(d["vague"]),
        vague_multipliers=_lower_map(d["vague_multipliers"]),
        vague_determiners=_phrases(d["vague_determiners"]),
        qualifiers=qualifiers,
        trailing=_phrases(d["trailing_qualifiers"]),
        event_verbs=_lower_map(d["event_verbs"]),
        event_phrasal=phrasal,
        subject_verbs=_lower_map(d["subject_verbs"]),
        state_words=_lower_map(d["state_words"]),
        event_nouns=_lower_map(d["event_nouns"]),
        toll_nouns=_lower_map(d["toll_nouns"]),
        currency_symbols={str(k): str(v) for k, v in d["currency_symbols"].items()},
        currency_nouns=frozenset(str(x).lower() for x in d["currency_nouns"]),
        excluded_nouns=frozenset(str(x).lower() for x in d["excluded_nouns"]),
        excluded_preceding=frozenset(str(x).lower() for x in d["excluded_preceding"]),
        year_prepositions=frozenset(str(x).lower() for x in d["year_prepositions"]),
    )


# --- numbers ----------------------------------------------------------------------------


def as_number(value: float) -> int | float:
    """``value`` as an int when it is whole."""
    rounded = round(value, 6)
    return int(rounded) if rounded == int(rounded) else rounded


def parse_number(words: Sequence[str], lex: CountLexicon | None = None) -> int | float | None:
    """The value of a number written in ``words``: ["5.7", "million"], ["twenty", "-",
    "three"], ["three", "hundred", "and", "fifty"], ["a", "dozen"], ["half", "a", "million"],
    ["2.5m"]. None when the words are not one number."""
    lex = lex or count_lexicon()
    total = 0.0
    current: float | None = None
    seen = False
    for raw in words:
        w = raw.lower()
        if w in {"and", "-", "\u2013"}:
            continue
        if w in {"a", "an"}:
            if current is None:
                current = 1.0
            continue
        glued = _GLUED.match(w)
        if _DIGITS.match(w):
            current = (current or 0.0) + float(w.replace(",", ""))
        elif glued and glued.group(2) in lex.scale_suffixes:
            total += float(glued.group(1).replace(",", "")) * lex.scale_suffixes[glued.group(2)]
            current = None
        elif w in lex.units:
            current = (current or 0.0) + lex.units[w]
        elif w in lex.tens:
            current = (current or 0.0) + lex.tens[w]
        elif w in lex.fractions:
            current = lex.fractions[w]
        elif w in lex.scales or w in lex.scale_suffixes:
            scale = lex.scales.get(w) or lex.scale_suffixes[w]
            if scale < 1000:
                current = (current or 1.0) * scale
            else:
                total += (current or 1.0) * scale
                current = None
        else:
            return None
        seen = True
    if not seen:
        return None
    value = total + (current or 0.0)
    return as_number(value) if value > 0 else None


@dataclass(frozen=True, slots=True)
class _Group:
    """A number in the text: tokens [i, j) and its value."""

    i: int
    j: int
    value: int | float
    vague: bool = False


def _kind(tok: Token, lex: CountLexicon) -> str | None:
    w = tok.lower_
    if _DIGITS.match(w):
        return "digit"
    glued = _GLUED.match(w)
    if glued and glued.group(2) in lex.scale_suffixes:
        return "glued"
    if w in lex.units:
        return "unit"
    if w in lex.tens:
        return "ten"
    if w in lex.scales:
        return "scale"
    return None


def _follows(prev: str, nxt: str) -> bool:
    """Whether a number word of kind ``nxt`` can continue one of kind ``prev``."""
    allowed = {
        "digit": {"scale", "suffix"},
        "unit": {"scale"},
        "ten": {"unit", "scale"},
        "scale": {"unit", "ten", "scale", "digit"},
        "glued": set(),
        "suffix": set(),
    }
    return nxt in allowed.get(prev, set())


def _number_at(doc: Doc, i: int, lex: CountLexicon) -> _Group | None:
    """The number starting at token ``i`` (digits, words, "a dozen", "half a million")."""
    start = i
    words: list[str] = []
    k = i
    if doc[k].lower_ in lex.fractions and k + 2 < len(doc) and doc[k + 1].lower_ in {"a", "an"}:
        words += [doc[k].lower_, "a"]
        k += 2
        if doc[k].lower_ not in lex.scales:
            return None
    elif doc[k].lower_ in {"a", "an"} and k + 1 < len(doc) and doc[k + 1].lower_ in lex.scales:
        words.append("a")
        k += 1
    kind = _kind(doc[k], lex)
    if kind is None:
        return None
    words.append(doc[k].lower_)
    k += 1
    while k < len(doc):
        tok = doc[k]
        nxt = _kind(tok, lex)
        if kind == "digit" and not doc[k - 1].whitespace_ and tok.lower_ in lex.scale_suffixes:
            nxt = "suffix"  # "5.7m" split by the tokenizer
        gap = tok.lower_ in {"-", "and"} and k + 1 < len(doc)
        if gap and not tok.whitespace_ and tok.lower_ == "-" and kind == "ten":
            if _kind(doc[k + 1], lex) == "unit":  # "twenty-three"
                words += ["-", doc[k + 1].lower_]
                kind = "unit"
                k += 2
                continue
        if gap and tok.lower_ == "and" and kind == "scale":
            after = _kind(doc[k + 1], lex)
            if after in {"unit", "ten"}:  # "three hundred and fifty"
                words += ["and", doc[k + 1].lower_]
                kind = after
                k += 2
                continue
        if nxt is None or not _follows(kind, nxt):
            break
        words.append(tok.lower_)
        kind = nxt
        k += 1
    value = parse_number(words, lex)
    if value is None:
        return None
    return _Group(start, k, value)


def _vague_at(doc: Doc, i: int, lex: CountLexicon) -> _Group | None:
    """ "dozens", "tens of thousands", "hundreds of thousands", "several hundred"."""
    w = doc[i].lower_
    if (
        w in lex.vague_multipliers
        and i + 2 < len(doc)
        and doc[i + 1].lower_ == "of"
        and doc[i + 2].lower_ in lex.vague
    ):
        return _Group(i, i + 3, lex.vague_multipliers[w] * lex.vague[doc[i + 2].lower_], True)
    for det, n in lex.vague_determiners.items():
        if det[0] != w:
            continue
        k = i + len(det)
        if tuple(t.lower_ for t in doc[i:k]) == det and k < len(doc):
            scale = lex.scales.get(doc[k].lower_)
            if scale and scale >= 100:
                return _Group(i, k + 1, n * scale, True)
    if w in lex.vague:
        return _Group(i, i + 1, lex.vague[w], True)
    return None


# --- context ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Phrase:
    start: int  # token bounds of the whole phrase
    end: int
    qualifier: str | None


def _qualifier_before(doc: Doc, i: int, floor: int, lex: CountLexicon) -> tuple[int, str | None]:
    """The qualifier ending right before token ``i``: (its first token, normalised)."""
    for n in range(MAX_QUALIFIER_WORDS, 0, -1):
        s = i - n
        if s < floor:
            continue
        key = tuple(t.lower_ for t in doc[s:i])
        if key not in lex.qualifiers:
            continue
        if n == 1 and doc[s].dep_ == "prep":
            continue  # "complained over two air raids": a preposition, not "more than"
        return s, lex.qualifiers[key]
    return i, None


def _trailing_after(doc: Doc, j: int, lex: CountLexicon) -> tuple[int, str | None]:
    for key, norm in lex.trailing.items():
        k = j + len(key)
        if tuple(t.lower_ for t in doc[j:k]) == key:
            return k, norm
    return j, None


def _is_year(doc: Doc, g: _Group) -> bool:
    text = doc[g.i].text
    return g.j - g.i == 1 and len(text) == 4 and text.isdigit() and 1000 <= int(text) <= 2199


def _excluded(doc: Doc, text: str, g: _Group, lex: CountLexicon) -> bool:
    """Dates, times, ages, percentages, labels."""
    last = doc[g.j - 1]
    labels = {doc[k].ent_type_ for k in range(g.i, g.j)}
    if labels & _SKIP_LABELS and "MONEY" not in labels:
        return True
    prev = doc[g.i - 1] if g.i > 0 else None
    if _is_year(doc, g) and (prev is None or prev.lower_ in lex.year_prepositions):
        return True
    if "DATE" in labels:
        ent = next((e for e in doc.ents if e.start <= g.i < e.end and e.label_ == "DATE"), None)
        if ent is not None and any(t.lower_ in _DATE_WORDS for t in ent):
            return True
        if _is_year(doc, g):
            return True
    if prev is not None and prev.lower_ in lex.excluded_preceding:
        return True
    if (
        prev is not None
        and prev.lower_ == "of"
        and g.i >= 2
        and doc[g.i - 2].lower_
        in {
            "age",
            "ages",
        }
    ):
        return True  # "under the age of 10"
    first = doc[g.i]
    if first.idx > 0 and (text[first.idx - 1].isalnum() or text[first.idx - 1] in "+/"):
        return True  # a code: "P5+1", "G20", "F-16"
    nxt0 = doc[g.j] if g.j < len(doc) else None
    if nxt0 is not None and not last.whitespace_:
        if nxt0.is_alpha and nxt0.lower_ not in lex.scale_suffixes:
            return True  # "3G"
        if nxt0.text == "-" and g.j + 1 < len(doc) and doc[g.j + 1].is_alpha:
            if doc[g.j + 1].lower_ != "strong":
                return True  # "a 68-page report", "a 10,000-member force"
    if _AGE_AFTER.match(text, last.idx + len(last.text)):
        return True
    nxt = doc[g.j] if g.j < len(doc) else None
    if nxt is not None and nxt.text in {"%", ":"}:
        return True
    # "John Smith, 45, said" / "Smith (45)"
    if prev is not None and prev.text in {",", "("} and nxt is not None and nxt.text in {",", ")"}:
        before = doc[g.i - 2] if g.i >= 2 else None
        if before is not None and before.ent_type_ == "PERSON":
            return True
    return False


def _noun_after(doc: Doc, g: _Group, start: int, lex: CountLexicon) -> Token | None:
    """The counted noun: the noun the number modifies, or the object of "of" after a vague
    quantity or a bare scale ("dozens of protesters", "thousands of people")."""
    last = doc[g.j - 1]
    if start < len(doc) and doc[start].lower_ == "of" and (g.vague or last.lower_ in lex.scales):
        for k in range(start + 1, min(len(doc), start + 1 + NOUN_WINDOW)):
            tok = doc[k]
            if tok.pos_ in {"NOUN", "PROPN"} and (
                k + 1 >= len(doc) or doc[k + 1].pos_ not in {"NOUN", "PROPN"}
            ):
                return tok
            if tok.pos_ not in {"DET", "ADJ", "NOUN", "PROPN", "NUM", "PUNCT"}:
                return None
        return None
    head = last.head
    if (
        last.dep_ in _NOUN_DEPS
        and head.pos_ in {"NOUN", "PROPN"}
        and start <= head.i < start + NOUN_WINDOW
        and head.sent == last.sent
    ):
        return head
    # linear fallback: adjectives and name words up to the head noun
    for k in range(start, min(len(doc), start + NOUN_WINDOW)):
        tok = doc[k]
        if tok.pos_ == "NOUN" or (tok.pos_ == "PROPN" and tok.tag_ == "NNPS"):
            while k + 1 < len(doc) and doc[k + 1].pos_ == "NOUN" and doc[k + 1].dep_ != "conj":
                k += 1
            return doc[k]
        if tok.pos_ not in {"ADJ", "PROPN", "PUNCT"} or tok.text in {",", ";", ".", "(", ")"}:
            return None
    return None


def _event_of_verb(verb: Token, lex: CountLexicon) -> str | None:
    lemma = verb.lemma_.lower()
    for child in verb.children:
        if child.dep_ == "prt" and (lemma, child.lower_) in lex.event_phrasal:
            return lex.event_phrasal[(lemma, child.lower_)]
        if child.dep_ in {"oprd", "acomp", "advmod"} and (lemma, child.lower_) in lex.event_phrasal:
            return lex.event_phrasal[(lemma, child.lower_)]
    return lex.event_verbs.get(lemma)


def _event_verb_what(verb: Token, lex: CountLexicon) -> str | None:
    """The event word of ``verb``, joined with a conjoined event verb that shares its object
    ("killing or wounding 50" -> "killed or injured")."""
    what = _event_of_verb(verb, lex)
    if what is None:
        return None
    if verb.dep_ == "conj" and not any(c.dep_ == "dobj" for c in verb.head.children):
        first = _event_of_verb(verb.head, lex)
        cc = next((c.lower_ for c in verb.head.children if c.dep_ == "cc"), "and")
        if first is not None and first != what:
            return f"{first} {cc} {what}"
    return what


def _role(tok: Token, lex: CountLexicon) -> tuple[str, Token] | None:
    """What the counted people underwent or did, from the syntax around ``tok`` (the counted
    noun, or the number when there is none): (event word, the word that says so)."""
    head = tok.head
    dep = tok.dep_
    if dep == "dobj" and head.pos_ in {"VERB", "AUX"}:
        what = _event_verb_what(head, lex)
        if what:
            return what, head
    if dep == "nsubjpass":
        what = _event_verb_what(head, lex)
        if what:
            return what, head
    if dep == "nsubj":
        lemma = head.lemma_.lower()
        if lemma in lex.subject_verbs:
            return lex.subject_verbs[lemma], head
        if head.lower_ in lex.state_words and not any(c.dep_ == "dobj" for c in head.children):
            return lex.state_words[head.lower_], head  # "5 are still missing", "31 killed"
        for child in head.children:  # "12 were dead", "5 are missing"
            if child.dep_ in {"acomp", "attr"} and child.lower_ in lex.state_words:
                return lex.state_words[child.lower_], child
    for child in tok.rights:  # "31 people killed in the attack"
        if child.dep_ in {"acl", "amod", "relcl"} and child.tag_ == "VBN":
            what = _event_verb_what(child, lex)
            if what:
                return what, child
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    if (
        nxt is not None
        and nxt.lower_ in lex.state_words
        and nxt.tag_ in {"JJ", "VBN", "VBD"}
        and not any(c.dep_ == "dobj" for c in nxt.children)  # "two bombers killed 23"
    ):
        return lex.state_words[nxt.lower_], nxt  # "12 dead", "31 killed"
    if head.lower_ in lex.state_words and head.i > tok.i and dep in {"nummod", "npadvmod"}:
        return lex.state_words[head.lower_], head  # "left 12 dead"
    if dep == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in lex.event_nouns:
        return lex.event_nouns[head.head.lemma_.lower()], head.head  # "the deaths of 12"
    return None


def _qualified_object(noun: Token, lex: CountLexicon) -> tuple[str, Token] | None:
    """The object of an event verb that the parser hung on the qualifier ("kidnapped up to 16
    advisers": "up to" read as a particle and a preposition)."""
    cur = noun.head
    for _ in range(3):
        cur = cur.head
        if cur.pos_ == "VERB":
            what = _event_verb_what(cur, lex)
            return (what, cur) if what else None
    return None


def _toll(tok: Token, lex: CountLexicon) -> bool:
    """ "the death toll rose to 31", "the toll is 31", "a toll of 31"."""
    cur: Token | None = tok
    for _ in range(3):
        if cur is None:
            return False
        head = cur.head
        if head.lemma_.lower() in lex.toll_nouns:
            return True
        for child in head.children:
            if child.dep_ in {"nsubj", "nsubjpass"} and child.lemma_.lower() in lex.toll_nouns:
                return True
        cur = head if head is not cur else None
    return False


def _noun_what(noun: Token, lex: CountLexicon) -> str:
    doc = noun.doc
    k = noun.i
    while k > 0 and doc[k - 1].dep_ == "compound" and doc[k - 1].pos_ == "NOUN":
        k -= 1
    words = doc[k : noun.i + 1]
    text = " ".join(t.text if t.pos_ == "PROPN" else t.lower_ for t in words)
    if noun.lower_ in lex.currency_nouns:
        return noun.lower_ if noun.lower_.endswith("s") else noun.lower_ + "s"
    return text


def _count_at(
    doc: Doc, text: str, g: _Group, lex: CountLexicon, floor: int
) -> tuple[Count, int] | None:
    """The count made by number ``g`` and its context, with the token index after it."""
    if _excluded(doc, text, g, lex):
        return None
    q_start, qualifier = _qualifier_before(doc, g.i, floor, lex)
    currency: str | None = None
    if g.i > floor and doc[g.i - 1].text in lex.currency_symbols:
        currency = lex.currency_symbols[doc[g.i - 1].text]
        q_start, qualifier = _qualifier_before(doc, g.i - 1, floor, lex)
        q_start = min(q_start, g.i - 1)
    after, trailing = _trailing_after(doc, g.j, lex)
    qualifier = qualifier or trailing
    if g.vague and qualifier is None:
        qualifier = "vague"
    value = g.value
    end = after
    # ranges: "20 to 30 people", "between 20 and 30"
    if after < len(doc) - 1 and doc[after].lower_ in _RANGE_WORDS:
        upper = _number_at(doc, after + 1, lex)
        if upper is not None and upper.value > value and not g.vague:
            end = upper.j
            qualifier = "at least"
            if q_start > floor and doc[q_start - 1].lower_ in {"between", "from"}:
                q_start -= 1
    noun = None if currency else _noun_after(doc, g, end, lex)
    if noun is not None and (
        noun.lower_ in lex.excluded_nouns or noun.lemma_.lower() in lex.excluded_nouns
    ):
        return None
    what: str | None = None
    phrase_start, phrase_end = q_start, end
    if currency:
        what = currency
    elif noun is not None:
        phrase_end = max(phrase_end, noun.i + 1)
        role = _role(noun, lex)
        if role is None and noun.dep_ == "pobj" and q_start <= noun.head.i < g.i:
            role = _qualified_object(noun, lex)  # "kidnapped up to 16 advisers"
        if role is None and noun.i >= g.j and doc[g.j].lower_ == "of":
            role = _role(doc[g.j - 1], lex)  # "dozens of protesters were arrested"
        what = role[0] if role else _noun_what(noun, lex)
        if noun.lower_ in lex.currency_nouns:
            what = _noun_what(noun, lex)
    else:
        last = doc[g.j - 1]
        role = _role(last, lex) or _role(doc[g.i], lex)
        if role is None and _toll(last, lex):
            role = ("dead", last)
        if role is None:
            return None
        what, cue = role
        if cue.i == phrase_end:  # "31 killed"
            phrase_end += 1
        elif cue.i == phrase_start - 1:  # "killing 12", "killing or wounding 50"
            phrase_start = cue.head.i if " " in what and cue.dep_ == "conj" else cue.i
    if g.i > 0 and doc[g.i].lower_ == "one" and noun is None:
        return None
    start_tok, end_tok = doc[phrase_start], doc[phrase_end - 1]
    start, end_char = start_tok.idx, end_tok.idx + len(end_tok.text)
    return Count(value, text[start:end_char], qualifier, what, start, end_char), phrase_end


def extract_counts(doc: Doc) -> list[Count]:
    """Counts of ``doc`` in text order."""
    lex = count_lexicon()
    text = doc.text  # Doc.text is rebuilt on every access
    out: list[Count] = []
    i = 0
    floor = 0
    while i < len(doc):
        tok = doc[i]
        if tok.is_sent_start:
            floor = i
        group = _vague_at(doc, i, lex) or _number_at(doc, i, lex)
        if group is None:
            i += 1
            continue
        found = _count_at(doc, text, group, lex, floor)
        if found is not None:
            out.append(found[0])
            i = max(group.j, found[1])
        else:
            i = group.j
    return out


__all__ = ["CountLexicon", "as_number", "count_lexicon", "extract_counts", "parse_number"]
