"""Direct quotes with their speakers.

``extract_quotes(doc, entities)`` finds direct quotations of two words or more and names their
speaker.

Quotation marks: straight ("..."), curly (“...”, „...“) and single quotes (‘...’ or '...'),
paired within a paragraph. Quotation marks nested in another quotation belong to it. A
quotation left open at the end of a paragraph ends there when the next paragraph opens with a
quotation mark (the usual convention for a quote over several paragraphs) or when the next
paragraph starts with the rest of it and only closes it (no opening mark): each paragraph's
part is then a Quote of its own, with the same speaker.

What counts as a quote:

- two words or more (hyphenated words count once);
- a short quotation (three words or fewer) only with a speech clause of its own (a reporting
  verb in its sentence) or when it is a full sentence ("Nothing worked."): ``the minister
  called the plan "a grave mistake"`` is a quote, ``awarded for "courageous achievement"`` is
  a label in scare quotes and is skipped;
- not a title: a quoted stretch whose words are all capitalised (but for a, of, the ...) and
  that does not end a sentence is a title or a name ("The Internet Explorer 6 Countdown");
- a single-quoted stretch only with a speaker, or with five words or more (single quotes are
  also apostrophes and quoted labels).

``Quote.start``/``end`` are the offsets of the quoted words without the quotation marks,
without surrounding spaces and without a trailing comma (the comma of ``"...," he said`` belongs
to the reporter's sentence); a closing ``.``, ``?`` or ``!`` inside the marks is kept.

Speakers, in this order:

1. a reporting verb (``data/lexicons/reporting_verbs.yaml``, ``quote_verbs``) just after the
   quotation in the same sentence: ``"...," he said`` / ``"...," said KCNA`` / ``"..." Baird
   said.`` / ``"...," X told reporters, "..."``; or "according to X" there;
2. a reporting verb before the quotation in the same sentence: ``X said: "..."``, ``X told
   reporters on Tuesday that "..."``, ``X said in a statement, "..."``; or "according to X";
   a quotation opening a paragraph right after one that ends with a colon takes the colon
   sentence as its introduction;
3. a quotation with no cue of its own, in this order: the speaker of the quotation it runs on
   from (a quote over several paragraphs); the speaker of a reporting verb in the sentence
   just before it in the paragraph ('X said the talks failed. "Nobody ..."'); the speaker of
   the nearest earlier quotation in its paragraph ('"A," X said. "B."'), or of the next one
   when only space separates them; for a quotation opening a paragraph, the speaker of the
   previous paragraph's last quotation when that paragraph ends with it (or with its
   attribution) or leaves it open.

A quotation split by its attribution (``"A," he said, "B."``) gives two Quote records with the
same speaker and cue.

The speaker is the subject of the verb (``attribution.subject_of``) resolved by
``attribution.source_phrase``: a named entity gives its canonical name (``Entity.canonical``);
he/she resolve to the nearest preceding PERSON outside quotation marks (it to an ORG, GPE or
NORP); "they" to the nearest earlier plural speaker ("the report's authors"); a pronoun
that resolves to nothing gives ``speaker`` None (its offsets and the cue are kept); a definite
title ("the minister") resolves to the person earlier written with that title ("Prime Minister
John Smith", "John Smith, the minister,"); other noun phrases stay as written ("a police
spokesman"). ``speaker_start``/``speaker_end`` are the
offsets of the speaker's mention in the speech clause (the pronoun for a pronoun); for a
speaker continued from another quotation they are those of that quotation's speaker.
``cue`` is the reporting verb as written ("said", "told", "according to").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token

from dateline.extract.attribution import (
    Name,
    cue_lexicon,
    is_reporting_verb,
    is_verb,
    reporting_lexicon,
    source_phrase,
    subject_of,
)
from dateline.records import Entity, Quote

DOUBLE_OPEN = "\u201c\u201e"
DOUBLE_CLOSE = "\u201d"
SINGLE_OPEN = "\u2018"
SINGLE_CLOSE = "\u2019"
MIN_WORDS = 2
SHORT_QUOTE_WORDS = 3  # at most this many words: a quote only with a speaker cue next to it
SINGLE_QUOTE_WORDS = 5  # single-quoted without a speaker: a quote from this many words
AFTER_VERB_WINDOW = 16  # the verb of "..., X Y Z said" within this many words after the quote
SHORT_AFTER_CLAUSE = 8  # '"...." Baird said.': a clause this short after a full stop
CONTINUATION_TAIL = 80  # chars after a paragraph's last quote for the next to continue it

_WORD = re.compile(r"[^\W_]+(?:['\u2019\-][^\W_]+)*")
_SENTENCE_END = {".", "!", "?"}
_FINITE = {"VBD", "VBZ", "VBP"}
_TITLE_SMALL = {
    "a", "an", "the", "and", "or", "nor", "but", "of", "on", "in", "to", "for", "at", "by",
    "from", "with", "into", "as", "about", "over", "under", "via", "per", "vs", "de", "la",
}  # fmt: skip
_NON_SPEAKERS = {"there", "this", "that", "which", "who", "what", "i", "we", "you"}


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """Where a quotation is: the marks and the quoted words."""

    open: int  # offset of the opening mark
    close: int  # offset of the closing mark, or the paragraph end when left open
    start: int  # the quoted words, trimmed
    end: int
    single: bool = False
    closed: bool = True
    continued: bool = False  # continues the previous paragraph's quotation (no opening mark)

    @property
    def after(self) -> int:
        """First offset after the closing mark."""
        return self.close + 1 if self.closed else self.close


@dataclass(frozen=True, slots=True)
class _Speaker:
    """A quotation's cue and, when found, its speaker."""

    name: str | None  # None: a reporting verb, but no speaker found for it
    start: int | None
    end: int | None
    cue: str
    plural: bool = False  # a plural noun phrase ("the report's authors"), for "they"


# --- finding quotation marks --------------------------------------------------------------


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def _paragraphs(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]


def _inner(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return start, end


def _closing_mark_first(text: str, start: int, end: int) -> bool:
    """Whether the first double quotation mark in [start, end) closes a quotation: a paragraph
    that continues a quote from the one before without opening it again."""
    for i in range(start, end):
        ch = text[i]
        if ch in DOUBLE_CLOSE:
            return True
        if ch in DOUBLE_OPEN:
            return False
        if ch == '"':
            before = text[i - 1] if i > start else " "
            after = text[i + 1] if i + 1 < len(text) else " "
            return not before.isspace() and (after.isspace() or after in ".,;:!?)")
    return False


def _double_spans(text: str, paras: list[tuple[int, int]]) -> list[QuoteSpan]:
    spans: list[QuoteSpan] = []
    carried = False  # the previous paragraph's quotation runs on into this one, unopened
    for n, (p_start, p_end) in enumerate(paras):
        open_at: int | None = p_start if carried else None
        continued = carried
        carried = False
        for i in range(p_start, p_end):
            ch = text[i]
            closing = False
            if ch == '"':
                if open_at is None:
                    open_at = i
                else:
                    closing = True
            elif ch in DOUBLE_OPEN:
                if ch == "\u201e" or open_at is None or text[open_at] != "\u201e":
                    open_at = i  # a second opener: the first one was never closed
                    continued = False
                else:
                    closing = True
            elif ch in DOUBLE_CLOSE and open_at is not None:
                closing = True
            if closing and open_at is not None:
                first = open_at if continued and open_at == p_start else open_at + 1
                spans.append(QuoteSpan(open_at, i, *_inner(text, first, i), continued=continued))
                open_at = None
                continued = False
        if open_at is None:
            continue
        nxt = paras[n + 1] if n + 1 < len(paras) else None
        runs_on = nxt is not None and text[nxt[0]] in '"' + DOUBLE_OPEN
        carried = nxt is not None and not runs_on and _closing_mark_first(text, *nxt)
        if runs_on or carried or open_at == p_start:
            first = open_at if continued and open_at == p_start else open_at + 1
            s, e = _inner(text, first, p_end)
            while e > s and text[e - 1] in '"' + DOUBLE_CLOSE:
                e -= 1
            spans.append(QuoteSpan(open_at, p_end, s, e, closed=False, continued=continued))
    return spans


def _opens_single(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if text[i] == SINGLE_OPEN:
        return True
    return (before.isspace() or before in "([{\u2014\u2013-") and (after.isalnum())


def _closes_single(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before.isspace():
        return False
    if before.isalpha() and after.isalpha():
        return False  # an apostrophe: don't, it's
    return after.isspace() or after in '.,;:!?)]}\u2014\u2013-"\u201d'


def _single_spans(
    text: str, paras: list[tuple[int, int]], doubles: list[QuoteSpan]
) -> list[QuoteSpan]:
    taken = [(q.open, q.after) for q in doubles]

    def in_double(i: int) -> bool:
        return any(s <= i < e for s, e in taken)

    spans: list[QuoteSpan] = []
    for p_start, p_end in paras:
        i = p_start
        while i < p_end:
            ch = text[i]
            if ch in "'" + SINGLE_OPEN and not in_double(i) and _opens_single(text, i):
                j = i + 1
                while j < p_end:
                    if in_double(j):
                        break
                    if text[j] in "'" + SINGLE_CLOSE and _closes_single(text, j):
                        spans.append(QuoteSpan(i, j, *_inner(text, i + 1, j), single=True))
                        break
                    j += 1
                i = j + 1 if j < p_end and spans and spans[-1].open == i else i + 1
            else:
                i += 1
    return spans


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """Every top-level quotation in ``text`` (nested quotes belong to their outer quote)."""
    paras = _paragraphs(text)
    doubles = _double_spans(text, paras)
    singles = _single_spans(text, paras, doubles)
    return sorted(doubles + singles, key=lambda q: q.open)


# --- speakers ---------------------------------------------------------------------------


class _Tokens:
    """Token lookup by character offset."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = doc.text  # Doc.text is rebuilt on every access
        self.starts = [t.idx for t in doc]

    def first_from(self, char: int) -> int:
        """Index of the first token starting at or after ``char``."""
        return bisect_left(self.starts, char)

    def last_before(self, char: int) -> int:
        """Index of the last token ending at or before ``char`` (-1 if none)."""
        i = bisect_left(self.starts, char) - 1
        while i >= 0 and self.doc[i].idx + len(self.doc[i].text) > char:
            i -= 1
        return i


def _breaks(tok: Token) -> bool:
    return "\n" in tok.text or (tok.is_space and "\n" in tok.whitespace_ + tok.text)


def _is_mark(tok: Token) -> bool:
    return tok.text in {'"', "'", "``", "''"} or all(
        c in DOUBLE_OPEN + DOUBLE_CLOSE + SINGLE_OPEN + SINGLE_CLOSE for c in tok.text
    )


def _after_region(tokens: _Tokens, q: QuoteSpan, limit: int) -> list[Token]:
    doc = tokens.doc
    out: list[Token] = []
    for i in range(tokens.first_from(q.after), len(doc)):
        tok = doc[i]
        if tok.idx >= limit or _breaks(tok) or tok.text in _SENTENCE_END or _is_mark(tok):
            break
        if "\n" in tokens.text[q.after : tok.idx]:
            break
        out.append(tok)
        if len(out) >= 30:
            break
    return out


def _before_region(tokens: _Tokens, end: int, floor: int) -> list[Token]:
    doc = tokens.doc
    out: list[Token] = []
    i = tokens.last_before(end)
    while i >= 0:
        tok = doc[i]
        if tok.idx < floor or _breaks(tok) or tok.text in _SENTENCE_END:
            break
        if "\n" in tokens.text[tok.idx : end]:
            break
        out.append(tok)
        if len(out) >= 45:
            break
        i -= 1
    out.reverse()
    while out and (out[0].is_punct or out[0].is_space):
        out.pop(0)
    return out


def _according_to(region: Sequence[Token]) -> tuple[Token, str] | None:
    """The object of "according to" (or another prepositional cue) in ``region``, with the
    cue as written in the lexicon."""
    cues = cue_lexicon().prepositional
    lowers = [t.lower_ for t in region]
    for k in range(len(region)):
        for cue in cues:
            if tuple(lowers[k : k + len(cue)]) == cue and k + len(cue) < len(region):
                last = region[k + len(cue) - 1]
                obj = next((c for c in last.children if c.dep_ in {"pobj", "dobj"}), None)
                if obj is None or obj not in region:
                    nxt = region[k + len(cue)]
                    obj = nxt.head if nxt.dep_ in {"det", "compound", "amod"} else nxt
                return obj, " ".join(cue)
    return None


def _linear_subject(verb: Token, region: Sequence[Token]) -> Token | None:
    """Fallback when the parse gives the verb no subject: the nearest noun next to it."""
    inside = set(t.i for t in region)
    prev = verb.doc[verb.i - 1] if verb.i > 0 else None
    inverted = (
        verb.lemma_ != "tell"
        and verb.tag_ in {"VBD", "VBZ", "VBP", "VBN"}
        and (prev is None or prev.is_punct or prev.is_quote or verb.i == region[0].i)
    )
    right = [t for t in region if t.i > verb.i and t.i - verb.i <= 4] if inverted else []
    for tok in right:  # "..., said Ambassador Mohib."
        if tok.pos_ in {"PROPN", "NOUN"}:
            head = tok
            while head.head.i in inside and head.dep_ in {"compound", "flat"}:
                head = head.head
            return head
        if is_verb(tok):
            break
    left = [t for t in region if t.i < verb.i][::-1]
    for tok in left[:6]:
        if tok.pos_ in {"PROPN", "NOUN", "PRON"}:
            return tok
    return None


def _speaker_from(
    verb_or_obj: Token,
    region: Sequence[Token],
    names: Sequence[Name],
    quotes: Sequence[tuple[int, int]],
    cue: str,
    is_verb_cue: bool,
) -> _Speaker | None:
    if is_verb_cue:
        subj = subject_of(verb_or_obj)
        if subj is not None and any(s <= subj.idx < e for s, e in quotes):
            subj = None  # a "subject" inside the quotation is a parse error
        if subj is None:
            subj = _linear_subject(verb_or_obj, region)
        if subj is None:
            return _Speaker(None, None, None, cue)
    else:
        subj = verb_or_obj
    if subj.lower_ in _NON_SPEAKERS:
        return _Speaker(None, None, None, cue)
    src = source_phrase(subj, names, quotes)
    if src.name == subj.text and subj.pos_ == "PRON":  # a pronoun with no antecedent
        return _Speaker(None, src.start, src.end, cue, plural=subj.lower_ == "they")
    plural = subj.tag_ in {"NNS", "NNPS"}
    return _Speaker(src.name, src.start, src.end, cue, plural=plural)


def _find_verb(region: Sequence[Token], last: bool) -> Token | None:
    """The reporting verb of a speech clause: the last one before a quotation (``last``) or
    the first one after it. A word right next to the quotation ('"...", Water said.', 'The
    department notes, "..."') counts whatever its part-of-speech tag, as taggers often miss
    reporting verbs there."""
    verbs = reporting_lexicon().quote_verbs
    seq = list(region)[::-1] if last else list(region)
    for tok in seq:
        if is_reporting_verb(tok, verbs):
            return tok
    words = [t for t in region if not t.is_punct]
    near = words[-1:] if last else words[:3]
    for tok in near:
        if tok.pos_ in {"NOUN", "VERB", "PROPN"} and (
            tok.lemma_.lower() in verbs or tok.lower_.rstrip("s") in verbs
        ):
            return tok
    return None


def _after_cue(
    text: str,
    q: QuoteSpan,
    region: Sequence[Token],
    names: Sequence[Name],
    quotes: Sequence[tuple[int, int]],
) -> _Speaker | None:
    if not region:
        return None
    inner_end = text[q.start : q.end].rstrip()
    open_end = not inner_end.endswith(".") or text[q.after : q.after + 1] == ","
    words = [t for t in region if not t.is_punct]
    if not open_end and len(words) > SHORT_AFTER_CLAUSE:
        return None
    doc = region[0].doc
    stop = region[-1].i + 1
    if not open_end and stop < len(doc) and _is_mark(doc[stop]):
        return None  # '"A." After the match, X said, "B."': the clause introduces B
    found = _according_to(region[:4])
    if found is not None:
        obj, cue = found
        return _speaker_from(obj, region, names, quotes, cue, False)
    clause: list[Token] = []
    for tok in words[:AFTER_VERB_WINDOW]:
        if tok.tag_ in _FINITE and not is_reporting_verb(tok, reporting_lexicon().quote_verbs):
            break  # '"...", the party, which won in May, said': stop at another clause's verb
        clause.append(tok)
    verb = _find_verb(clause, last=False)
    if verb is None:
        return None
    return _speaker_from(verb, region, names, quotes, verb.lower_, True)


def _before_cue(
    region: Sequence[Token],
    names: Sequence[Name],
    quotes: Sequence[tuple[int, int]],
    last: bool = True,
) -> _Speaker | None:
    """The speech clause before a quotation: its last reporting verb (``last``; the main,
    first one for a whole sentence before the quotation), or "According to X," before it."""
    if not region:
        return None
    found = _according_to(region)
    verb = _find_verb(region, last=last)
    if found is not None and (verb is None or found[0].i > verb.i):
        obj, cue = found
        after_obj = [t for t in region if t.i > obj.i]
        if any(t.text in {",", ":"} for t in after_obj):  # "According to X, ..."
            return _speaker_from(obj, region, names, quotes, cue, False)
    if verb is None:
        return None
    return _speaker_from(verb, region, names, quotes, verb.lower_, True)


def _colon_intro(text: str, q: QuoteSpan, tokens: _Tokens) -> list[Token]:
    """The sentence before a quotation that opens its paragraph after a colon (quotations in
    that sentence included: 'X called it "dangerous":')."""
    k = q.open - 1
    while k >= 0 and text[k].isspace():
        k -= 1
    if k < 0 or text[k] != ":" or "\n" not in text[k : q.open]:
        return []
    return [t for t in _before_region(tokens, k, 0) if not _is_mark(t)]


def _prior_sentence(
    text: str, q: QuoteSpan, tokens: _Tokens, floor: int, names: Sequence[Name], quotes: list
) -> _Speaker | None:
    """'Heald noted the findings show ... . "An air-quality cleanup would ..."': a quotation
    opening a sentence, right after a sentence of the same paragraph whose reporting verb has a
    named subject."""
    k = q.open - 1
    while k >= floor and text[k] in " \t":
        k -= 1
    if k < floor or text[k] not in ".!?":
        return None
    speaker = _before_cue(_before_region(tokens, k, floor), names, quotes, last=False)
    return speaker if _named(speaker) else None


def _cues(
    doc: Doc, spans: list[QuoteSpan], names: Sequence[Name]
) -> tuple[list[_Speaker | None], list[_Speaker | None]]:
    """For each quotation: the cue of its own speech clause (with the speaker when found), and
    the speaker of the sentence before it (used only when nothing better is found)."""
    tokens = _Tokens(doc)
    text = tokens.text
    quotes = [(q.open, q.after) for q in spans]
    found: list[_Speaker | None] = []
    prior: list[_Speaker | None] = []
    for n, q in enumerate(spans):
        prev_end = spans[n - 1].after if n else 0
        next_open = spans[n + 1].open if n + 1 < len(spans) else len(text)
        after = _after_region(tokens, q, next_open)
        speaker = _after_cue(text, q, after, names, quotes)
        before: list[Token] = []
        if not _named(speaker):
            before = _before_region(tokens, q.open, prev_end)
            if not before:
                before = _colon_intro(text, q, tokens)
            earlier = _before_cue(before, names, quotes)
            if speaker is None or _named(earlier):
                speaker = earlier if earlier is not None else speaker
        found.append(speaker)
        sentence_start = not before and not q.continued
        prior.append(
            _prior_sentence(text, q, tokens, prev_end, names, quotes)
            if speaker is None and sentence_start
            else None
        )
    return found, prior


def _paragraph_of(paras: list[tuple[int, int]], pos: int) -> int:
    starts = [p[0] for p in paras]
    return max(0, bisect_left(starts, pos + 1) - 1)


def _named(s: _Speaker | None) -> bool:
    return s is not None and s.name is not None


def _inherit(own: _Speaker | None, donor: _Speaker) -> _Speaker:
    """A quotation takes ``donor``'s speaker, keeping its own cue if it has one."""
    return replace(donor, cue=own.cue) if own is not None else donor


def _propagate(
    text: str,
    spans: list[QuoteSpan],
    found: list[_Speaker | None],
    prior: list[_Speaker | None],
) -> list[_Speaker | None]:
    paras = _paragraphs(text)
    para_of = [_paragraph_of(paras, q.open) for q in spans]
    out = list(found)
    # "they" said: the nearest earlier plural speaker ("the report's authors")
    for n, sp in enumerate(out):
        if sp is not None and sp.name is None and sp.plural:
            plural: list[_Speaker] = [p for p in out[:n] if p is not None and p.name and p.plural]
            if plural:
                out[n] = replace(plural[-1], start=sp.start, end=sp.end, cue=sp.cue)
    # a quotation running on from the previous paragraph (no opening mark) keeps its speaker
    for n, q in enumerate(spans):
        if out[n] is None and n and q.continued:
            out[n] = out[n - 1]
    # the speaker of the sentence just before ('X said the talks failed. "Nobody ..."')
    for n, sp in enumerate(prior):
        if out[n] is None and sp is not None:
            out[n] = sp
    # the nearest earlier quotation of the paragraph ('"A," X said. "B."'), or the next one
    # when nothing but space separates them ('"A." "B," X said.')
    for n, q in enumerate(spans):
        if _named(out[n]):
            continue
        earlier = [m for m in range(n) if para_of[m] == para_of[n] and _named(out[m])]
        later = n + 1 < len(spans) and para_of[n + 1] == para_of[n]
        if earlier:
            donor = out[earlier[-1]]
        elif later and _named(out[n + 1]) and not text[q.after : spans[n + 1].open].strip():
            donor = out[n + 1]
        else:
            continue
        assert donor is not None
        out[n] = _inherit(out[n], donor)
    # a paragraph opening with a quotation continues the previous paragraph's last speaker
    for n, q in enumerate(spans):
        if out[n] is not None or n == 0 or q.open != paras[para_of[n]][0]:
            continue
        prev, prev_speaker = spans[n - 1], out[n - 1]
        if not _named(prev_speaker) or para_of[n - 1] != para_of[n] - 1:
            continue
        _, prev_para_end = paras[para_of[n - 1]]
        if not prev.closed or prev_para_end - prev.after <= CONTINUATION_TAIL:
            out[n] = prev_speaker
    return out


def title_like(quoted: str) -> bool:
    """A title or name in quotation marks: every word but short function words capitalised,
    and no closing punctuation ("The Internet Explorer 6 Countdown", "Cowboys and Indians")."""
    words = _WORD.findall(quoted)
    if len(words) < MIN_WORDS or quoted.rstrip()[-1:] in ".!?,":
        return False
    return all(w[0].isupper() or w[0].isdigit() or w.lower() in _TITLE_SMALL for w in words)


def _acceptable(text: str, q: QuoteSpan, own_cue: bool) -> bool:
    quoted = text[q.start : q.end]
    words = word_count(quoted)
    if words < MIN_WORDS or title_like(quoted):
        return False
    sentence = quoted[:1].isupper() and quoted.rstrip()[-1:] in ".!?"
    if words <= SHORT_QUOTE_WORDS and not own_cue and not sentence:
        return False  # a label in scare quotes; a short full sentence ("Nothing worked.") stays
    return not (q.single and not own_cue and words < SINGLE_QUOTE_WORDS)


def extract_quotes(doc: Doc, entities: list[Entity]) -> list[Quote]:
    """Direct quotations (two words or more) in ``doc`` with their speakers."""
    text = doc.text
    spans = [q for q in find_quote_spans(text) if q.end > q.start]
    names = [Name(e.label, e.start, e.end, e.canonical or e.text) for e in entities]
    own, prior = _cues(doc, spans, names)
    keep = [_acceptable(text, q, s is not None) for q, s in zip(spans, own, strict=True)]
    spans = [q for q, k in zip(spans, keep, strict=True) if k]
    own = [s for s, k in zip(own, keep, strict=True) if k]
    prior = [s for s, k in zip(prior, keep, strict=True) if k]
    speakers = _propagate(text, spans, own, prior)
    quotes: list[Quote] = []
    for q, sp in zip(spans, speakers, strict=True):
        base = Quote(speaker=None, text=text[q.start : q.end], start=q.start, end=q.end)
        if sp is not None:
            base = replace(
                base, speaker=sp.name, speaker_start=sp.start, speaker_end=sp.end, cue=sp.cue
            )
        quotes.append(base)
    return quotes


__all__ = ["QuoteSpan", "extract_quotes", "find_quote_spans", "title_like", "word_count"]
