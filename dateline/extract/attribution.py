"""Attribution phrases: "according to X", "X reported", "citing X", "X told Y".

``extract_attributions(doc)`` finds who a reported fact comes from:

- a reporting verb with a subject and a reported clause: "police said two men were arrested",
  "...two men were arrested, police said", "state television reported that ...", "the minister
  told reporters ...". The verbs are in ``data/lexicons/reporting_verbs.yaml``
  (``attribution_verbs``); a few of them also take the reported content as their object
  (``object_verbs``: "the agency reported the deaths of ...").
- a prepositional cue with its object: "according to X", "citing X", "quoting X"
  (``data/lexicons/attribution_cues.yaml``).
- "X quoted Y as saying ...": the source is Y, the cue "quoted as saying".
- hedge adverbs ("reportedly", "allegedly"): an Attribution with an empty ``source`` and the
  adverb as ``cue``, its offsets those of the adverb. :func:`attribution_for_span` ignores them
  unless asked.

``source`` is the source noun phrase as written, without appositions or relative clauses
("the UN refugee agency", "a spokesman for the ministry", "Reuters"). A pronoun source ("he
said") is resolved to the nearest preceding named entity outside quotation marks (PERSON for
he/she, ORG/GPE/NORP for it); ``start``/``end`` then still point at the pronoun. Reporting
verbs inside quotation marks are skipped: the sentence's source is whoever is quoted.

``sentence`` is left ``None``: the index of a sentence in ``doc.sents`` is not the index in the
article's Sentence list (foreign-language sentences are blanked, not parsed). Callers map an
attribution to a sentence by offsets; :func:`attribution_for_span` does that.

The module also holds the noun-phrase and subject helpers that ``quotes`` uses to name
speakers.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from spacy.tokens import Doc, Span, Token

from dateline.records import Attribution

LEXICONS = Path(__file__).resolve().parent.parent / "data" / "lexicons"

_NP_LEFT_DEPS = {"det", "compound", "amod", "poss", "nmod", "nummod", "quantmod", "case", "flat"}
_NP_RIGHT_DEPS = {"compound", "flat", "case"}
_NP_PREPS = {"of", "for", "at", "from", "in", "with", "on"}
_SUBJECT_DEPS = {"nsubj", "nsubjpass"}
_INVERTED_DEPS = {"nsubj", "dobj", "attr", "npadvmod", "appos", "dative", "oprd"}
_NAME_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "PRODUCT", "WORK_OF_ART"}
_QUOTE_OPENERS = "\u201c\u201e"
_QUOTE_CLOSERS = "\u201d"


@dataclass(frozen=True, slots=True)
class ReportingLexicon:
    quote_verbs: frozenset[str]
    attribution_verbs: frozenset[str]
    object_verbs: frozenset[str]
    phrasal_verbs: dict[str, frozenset[str]]


@dataclass(frozen=True, slots=True)
class CueLexicon:
    prepositional: tuple[tuple[str, ...], ...]  # each cue as lower-case words
    quoted_as: frozenset[str]
    hedges: frozenset[str]
    pronouns: dict[str, frozenset[str]]


@dataclass(frozen=True, slots=True)
class Name:
    """A named entity a pronoun or title can resolve to."""

    label: str
    start: int
    end: int
    name: str  # the canonical name where known, else the text


@dataclass(frozen=True, slots=True)
class SourcePhrase:
    """A speaker or source: the phrase in the text and the name it stands for."""

    name: str
    start: int
    end: int
    head: Token


def load_yaml(name: str) -> dict[str, Any]:
    """A lexicon file from ``dateline/data/lexicons`` as a dict."""
    path = LEXICONS / name
    with path.open(encoding="utf-8") as f:
        data = yaml.safe_load(f)
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping at the top level")
    return data


def _words(items: Iterable[Any]) -> frozenset[str]:
    return frozenset(str(x).lower() for x in items)


@lru_cache(maxsize=1)
def reporting_lexicon() -> ReportingLexicon:
    data = load_yaml("reporting_verbs.yaml")
    return ReportingLexicon(
        quote_verbs=_words(data["quote_verbs"]),
        attribution_verbs=_words(data["attribution_verbs"]),
        object_verbs=_words(data["object_verbs"]),
        phrasal_verbs={str(k): _words(v) for k, v in data.get("phrasal_verbs", {}).items()},
    )


@lru_cache(maxsize=1)
def cue_lexicon() -> CueLexicon:
    data = load_yaml("attribution_cues.yaml")
    return CueLexicon(
        prepositional=tuple(
            sorted((tuple(str(c).lower().split()) for c in data["prepositional"]), key=len)[::-1]
        ),
        quoted_as=_words(data["quoted_as"]),
        hedges=_words(data["hedges"]),
        pronouns={
            str(k).lower(): frozenset(str(x).upper() for x in v)
            for k, v in data["pronouns"].items()
        },
    )


# --- reporting verbs -------------------------------------------------------------------


def is_verb(tok: Token) -> bool:
    return tok.tag_.startswith("VB") or tok.pos_ == "VERB"


def is_reporting_verb(tok: Token, verbs: frozenset[str]) -> bool:
    """``tok`` is a verb whose lemma is in ``verbs`` (or a listed phrasal verb)."""
    if not is_verb(tok):
        return False
    lemma = tok.lemma_.lower()
    if lemma in verbs:
        return True
    particles = reporting_lexicon().phrasal_verbs.get(lemma, frozenset())
    return any(c.dep_ == "prt" and c.lower_ in particles for c in tok.children)


# --- noun phrases and subjects ------------------------------------------------------------


def np_bounds(head: Token) -> tuple[int, int]:
    """Token bounds [i, j) of the noun phrase headed by ``head``, without appositions, relative
    clauses or a trailing comma; with "of/for/at..." prepositional phrases."""
    left = head.i
    for child in head.lefts:
        if child.dep_ in _NP_LEFT_DEPS or (child.dep_ == "punct" and child.text == "'s"):
            left = min(left, child.left_edge.i)
    right = head.i + 1
    for child in head.rights:
        if child.dep_ in _NP_RIGHT_DEPS or (
            child.dep_ == "prep" and child.lower_ in _NP_PREPS and child.i == right
        ):
            right = max(right, child.right_edge.i + 1)
        else:
            break
    doc = head.doc
    while right - 1 > left and doc[right - 1].is_punct:
        right -= 1
    while left < right - 1 and doc[left].is_punct:
        left += 1
    return left, right


def subject_of(verb: Token, depth: int = 0) -> Token | None:
    """The subject of a reporting verb, following "said X" inversions and climbing from
    participles and conjuncts ("..., adding", "and added") to the verb they hang on."""
    subjects = [c for c in verb.children if c.dep_ in _SUBJECT_DEPS and not c.is_punct]
    if subjects:  # "Malaysia's Prime Minister, Najib Razak said": the nearest
        return min(subjects, key=lambda c: abs(verb.i - c.i))
    # inverted: '"...," said KCNA', '"...", said the minister' (not "told the police")
    prev = verb.doc[verb.i - 1] if verb.i > 0 else None
    finite = verb.tag_ in {"VBD", "VBZ", "VBP", "VBN"}  # VBN: '", added KCNA' mis-tagged
    if prev is not None and (prev.is_punct or prev.is_quote) and finite and verb.lemma_ != "tell":
        for child in verb.rights:
            if child.dep_ in _INVERTED_DEPS and child.pos_ in {"PROPN", "NOUN", "PRON"}:
                if child.i - verb.i <= 4:
                    return child
    if verb.dep_ == "amod" and verb.head.pos_ == "PROPN" and verb.head.i > verb.i:
        return verb.head  # '", added KCNA' parsed as an adjective on the name
    if verb.dep_ in {"conj", "advcl", "xcomp", "ccomp", "pcomp", "acl"} and depth < 3:
        head = verb.head
        if verb.dep_ == "pcomp" and head.pos_ in {"ADP", "SCONJ"}:  # "whilst promising"
            head = head.head
        if head is not verb and is_verb(head):
            if verb.dep_ == "ccomp":
                return None
            return subject_of(head, depth + 1)
    # "with Boswell stating": the subject parsed as the object of "with"
    if verb.dep_ == "pcomp" and verb.i > 0:
        prev = verb.doc[verb.i - 1]
        if prev.pos_ in {"PROPN", "NOUN"}:
            return prev
    return None


def names_from_doc(doc: Doc) -> list[Name]:
    """Named entities of ``doc`` as resolution candidates (text as the name)."""
    return [Name(e.label_, e.start_char, e.end_char, e.text) for e in doc.ents]


def _entity_in(names: Sequence[Name], start: int, end: int, labels: set[str]) -> Name | None:
    best: Name | None = None
    for n in names:
        if n.label in labels and n.start < end and start < n.end:
            if best is None or (n.end - n.start) > (best.end - best.start):
                best = n
    return best


def inside_quotes(text: str, pos: int) -> bool:
    """Whether ``pos`` lies between double quotation marks in its paragraph."""
    para_start = text.rfind("\n", 0, pos) + 1
    before = text[para_start:pos]
    straight = before.count('"')
    curly_open = sum(before.count(c) for c in _QUOTE_OPENERS)
    curly_close = sum(before.count(c) for c in _QUOTE_CLOSERS)
    return straight % 2 == 1 or curly_open > curly_close


def resolve_pronoun(
    pronoun: str, pos: int, names: Sequence[Name], quotes: Sequence[tuple[int, int]] = ()
) -> Name | None:
    """The nearest named entity before ``pos`` a pronoun can stand for, skipping names inside
    quotations. ``quotes`` are (start, end) spans of quotations."""
    labels = cue_lexicon().pronouns.get(pronoun.lower())
    if not labels:
        return None
    for n in sorted(names, key=lambda n: n.start, reverse=True):
        if n.end > pos or n.label not in labels:
            continue
        if any(s <= n.start < e for s, e in quotes):
            continue
        return n
    return None


_TITLE_GAP = {"PROPN", "NOUN", "ADJ", "PUNCT", "DET", "ADP"}


def _titled_before(doc: Doc, i: int, lemma: str) -> bool:
    """ "Prime Minister Najib Razak": the title in the words right before the name."""
    for k in range(i - 1, max(-1, i - 4), -1):
        tok = doc[k]
        if tok.lemma_.lower() == lemma:
            return True
        if tok.pos_ not in {"PROPN", "NOUN", "ADJ"} and tok.text not in {"'s", "-"}:
            return False
    return False


def _titled_after(doc: Doc, j: int, lemma: str) -> bool:
    """ "Najib Razak, the prime minister," / "Najib Razak, Malaysia's minister": an apposition."""
    if j >= len(doc) or doc[j].text not in {",", "("}:
        return False
    for k in range(j + 1, min(len(doc), j + 7)):
        tok = doc[k]
        if tok.lemma_.lower() == lemma:
            return True
        if tok.pos_ not in _TITLE_GAP or tok.text in {",", ")"}:
            return False
    return False


def resolve_title(head: Token, names: Sequence[Name]) -> Name | None:
    """A definite nominal ("the minister", "Malaysia's prime minister") resolved to the nearest
    earlier PERSON written with that title: "Prime Minister Najib Razak", "Najib Razak, the
    minister"."""
    if head.pos_ != "NOUN" or not any(
        c.dep_ in {"det", "poss"} and c.lower_ not in {"a", "an", "some", "one", "another"}
        for c in head.children
    ):
        return None
    doc = head.doc
    lemma = head.lemma_.lower()
    for n in sorted(names, key=lambda n: n.start, reverse=True):
        if n.label != "PERSON" or n.end > head.idx:
            continue
        span = doc.char_span(n.start, n.end, alignment_mode="expand")
        if span is None:
            continue
        if _titled_before(doc, span.start, lemma) or _titled_after(doc, span.end, lemma):
            return n
    return None


def source_phrase(
    head: Token,
    names: Sequence[Name],
    quotes: Sequence[tuple[int, int]] = (),
) -> SourcePhrase:
    """The speaker/source a subject token stands for.

    A named entity inside the phrase (or in an apposition to it) gives the name; a pronoun is
    resolved to the nearest preceding entity; a definite title to the person earlier written
    with it; otherwise the noun phrase text stands.
    """
    doc = head.doc
    if head.pos_ == "PRON" or head.tag_ in {"PRP", "PRP$"}:
        found = resolve_pronoun(head.text, head.idx, names, quotes)
        name = found.name if found else head.text
        return SourcePhrase(name, head.idx, head.idx + len(head.text), head)
    i, j = np_bounds(head)
    start, end = doc[i].idx, doc[j - 1].idx + len(doc[j - 1].text)
    ent = _entity_in(names, head.idx, head.idx + len(head.text), {"PERSON"})
    if ent is None:
        ent = _entity_in(names, start, end, {"PERSON"})
    if ent is None:
        for child in head.rights:
            if child.dep_ == "appos":
                a_i, a_j = child.left_edge.i, child.right_edge.i + 1
                ent = _entity_in(names, doc[a_i].idx, doc[a_j - 1].idx + 1, {"PERSON"})
                if ent is not None:
                    break
    if ent is None:
        ent = _entity_in(names, head.idx, head.idx + len(head.text), _NAME_LABELS)
        if ent is not None and (ent.start > start or ent.end < end) and head.pos_ != "PROPN":
            ent = None  # "the Foreign Ministry's spokesman": keep the whole phrase
    if ent is not None:
        return SourcePhrase(ent.name, ent.start, ent.end, head)
    titled = resolve_title(head, names)
    if titled is not None:
        return SourcePhrase(titled.name, start, end, head)
    return SourcePhrase(doc[i:j].text, start, end, head)


# --- attributions -----------------------------------------------------------------------


def _has_report(verb: Token, lex: ReportingLexicon) -> bool:
    lemma = verb.lemma_.lower()
    for child in verb.children:
        if child.dep_ in {"ccomp", "parataxis"}:
            return True
        if child.dep_ == "dobj" and lemma in lex.object_verbs:
            return True
    # "..., police said." parsed with the clause as the verb's head
    return (
        verb.dep_ in {"parataxis", "ccomp"}
        and verb.i > verb.head.i
        and verb.head.pos_
        in {
            "VERB",
            "AUX",
            "ADJ",
        }
    )


def _span_chars(doc: Doc, i: int, j: int) -> tuple[int, int]:
    return doc[i].idx, doc[j - 1].idx + len(doc[j - 1].text)


def _prepositional(
    doc: Doc, text: str, names: Sequence[Name], cues: CueLexicon
) -> list[Attribution]:
    out: list[Attribution] = []
    lowers = [t.lower_ for t in doc]
    for i in range(len(doc)):
        for cue in cues.prepositional:
            if tuple(lowers[i : i + len(cue)]) != cue:
                continue
            last = doc[i + len(cue) - 1]
            obj = next((c for c in last.children if c.dep_ in {"pobj", "dobj"}), None)
            if obj is None and i + len(cue) < len(doc):
                nxt = doc[i + len(cue)]
                obj = nxt if nxt.pos_ in {"PROPN", "NOUN", "PRON"} else None
                if obj is None and nxt.dep_ == "det":
                    obj = nxt.head
            if obj is None or inside_quotes(text, doc[i].idx):
                continue
            src = source_phrase(obj, names)
            out.append(Attribution(src.name, " ".join(cue), src.start, src.end))
            break
    return out


def _quoted_as(verb: Token, names: Sequence[Name]) -> Attribution | None:
    """ "Reuters quoted a police official as saying" -> source "a police official"."""
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    as_saying = any(
        c.lower_ == "as" and any(g.lemma_ == "say" for g in c.subtree) for c in verb.children
    )
    if verb.tag_ == "VBN" and obj is None:  # "X was quoted as saying"
        obj = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if obj is None or not as_saying:
        return None
    src = source_phrase(obj, names)
    return Attribution(src.name, "quoted as saying", src.start, src.end)


def extract_attributions(doc: Doc) -> list[Attribution]:
    """Attribution phrases of ``doc`` in text order."""
    lex = reporting_lexicon()
    cues = cue_lexicon()
    names = names_from_doc(doc)
    text = doc.text  # Doc.text is rebuilt on every access
    out: list[Attribution] = _prepositional(doc, text, names, cues)
    for tok in doc:
        lower = tok.lower_
        if lower in cues.hedges:
            out.append(Attribution("", lower, tok.idx, tok.idx + len(tok.text)))
            continue
        if not is_reporting_verb(tok, lex.attribution_verbs):
            continue
        if inside_quotes(text, tok.idx) or tok.lower_ in {"citing", "quoting"}:
            continue
        if tok.head.lower_ == "as" and tok.head.head.lemma_.lower() in cues.quoted_as:
            continue  # the "saying" of "quoted X as saying"
        if tok.lemma_.lower() in cues.quoted_as:
            quoted = _quoted_as(tok, names)
            if quoted is not None:
                out.append(quoted)
            continue
        if not _has_report(tok, lex):
            continue
        subj = subject_of(tok)
        if subj is None or subj.lower_ in {"it", "there", "that", "this", "which", "who"}:
            continue
        if subj.lower_ in {"i", "we", "you"}:
            continue
        src = source_phrase(subj, names)
        out.append(Attribution(src.name, tok.lower_, src.start, src.end))
    unique = {(a.start, a.end, a.cue): a for a in out}
    return sorted(unique.values(), key=lambda a: (a.start, a.end))


def attribution_for_span(
    attributions: Sequence[Attribution], start: int, end: int, *, hedges: bool = False
) -> Attribution | None:
    """The attribution whose source phrase lies inside [start, end) (a sentence span).

    When there are several, the first named source wins (the main clause's: "Police said
    rebels ... , citing witnesses" -> police). Hedges ("reportedly") count only when
    ``hedges`` is true and no named source is found.
    """
    inside = [a for a in attributions if start <= a.start and a.end <= end]
    named = [a for a in inside if a.source]
    if named:
        return min(named, key=lambda a: a.start)
    if hedges and inside:
        return min(inside, key=lambda a: a.start)
    return None


def token_at(doc: Doc, char: int) -> Token | None:
    """The token covering character offset ``char``."""
    span: Span | None = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


__all__ = [
    "CueLexicon",
    "Name",
    "ReportingLexicon",
    "SourcePhrase",
    "attribution_for_span",
    "cue_lexicon",
    "extract_attributions",
    "inside_quotes",
    "is_reporting_verb",
    "load_yaml",
    "names_from_doc",
    "np_bounds",
    "reporting_lexicon",
    "resolve_pronoun",
    "resolve_title",
    "source_phrase",
    "subject_of",
]
