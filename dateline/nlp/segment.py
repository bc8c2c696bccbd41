"""Language per paragraph and per sentence, before parsing.

An English article that quotes a post in Arabic must run only its English sentences through
the English pipeline. We split the text into paragraphs and paragraphs into sentences with a
light rule-based splitter; each sentence gets its own language (a sentence in the article's
script counts as foreign only when language identification is confident), and a stretch in
another script inside a sentence is split off on its own. A paragraph wholly in the article's
language stays one span.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from dateline.langid import detect_language

_PARAGRAPH = re.compile(r"[^\n]+")
# a sentence ends at . ! ? (and their Arabic / CJK forms) followed by space, or at a CJK stop
_SENTENCE_END = re.compile(r"[.!?\u061f\u06d4][\"'\u201d\u2019)\]]*(?=\s)|[\u3002\uff01\uff1f]")
SAME_SCRIPT_CONFIDENCE = 0.8  # a same-script sentence is foreign only when langid is this sure


@dataclass(frozen=True, slots=True)
class LanguageSpan:
    start: int
    end: int
    language: str | None


@lru_cache(maxsize=4096)
def _script(ch: str) -> str:
    try:
        name = unicodedata.name(ch)
    except ValueError:
        return "OTHER"
    head = name.split(" ", 1)[0]
    return "HAN" if head in {"CJK", "HIRAGANA", "KATAKANA"} else head


def dominant_script(text: str) -> str | None:
    counts = Counter(_script(ch) for ch in text if ch.isalpha())
    return counts.most_common(1)[0][0] if counts else None


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    pos = start
    for m in _SENTENCE_END.finditer(text, start, end):
        s, e = _trimmed(text, pos, m.end())
        if e > s:
            spans.append((s, e))
        pos = m.end()
    s, e = _trimmed(text, pos, end)
    if e > s:
        spans.append((s, e))
    return spans


def _script_runs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a mixed-script stretch into runs of one script (neutral characters join the run)."""
    runs: list[tuple[int, int]] = []
    run_start, run_script = start, None
    for i in range(start, end):
        ch = text[i]
        if not ch.isalpha():
            continue
        script = _script(ch)
        if run_script is None:
            run_script = script
        elif script != run_script:
            cut = i
            while cut > run_start and not text[cut - 1].isspace():
                cut -= 1  # cut at the last space before the change, not inside a word
            if cut == run_start:
                cut = i
            runs.append((run_start, cut))
            run_start, run_script = cut, script
    runs.append((run_start, end))
    return [t for r in runs if (t := _trimmed(text, *r))[1] > t[0]]


def _language_of(piece: str, home: str, home_script: str | None, min_chars: int) -> str:
    script = dominant_script(piece)
    if script is None:
        return home
    if script != home_script:
        guess = detect_language(piece)
        return guess.language or home
    if len(piece) < min_chars:
        return home
    guess = detect_language(piece)
    if guess.language and guess.language != home and guess.score >= SAME_SCRIPT_CONFIDENCE:
        return guess.language
    return home


def language_spans(text: str, home: str, min_chars: int = 25) -> list[LanguageSpan]:
    """Spans of ``text`` (paragraphs or sentences) with the language of each.

    ``home`` is the article's language. Spans cover every non-blank stretch of text.
    """
    home_script = dominant_script(text[:5000])
    out: list[LanguageSpan] = []
    for para in _PARAGRAPH.finditer(text):
        start, end = _trimmed(text, para.start(), para.end())
        if end <= start:
            continue
        piece = text[start:end]
        scripts = {_script(ch) for ch in piece if ch.isalpha()}
        if len(scripts) <= 1:
            # one script: still check each sentence, so a French sentence inside an English
            # paragraph is found; a paragraph all in the home language stays one span
            sentences = _sentence_spans(text, start, end)
            langs = [_language_of(text[s:e], home, home_script, min_chars) for s, e in sentences]
            if all(lang == home for lang in langs):
                out.append(LanguageSpan(start, end, home))
            else:
                out.extend(
                    LanguageSpan(s, e, lang) for (s, e), lang in zip(sentences, langs, strict=True)
                )
            continue
        for s, e in _sentence_spans(text, start, end):
            for rs, re_ in _script_runs(text, s, e):
                out.append(
                    LanguageSpan(rs, re_, _language_of(text[rs:re_], home, home_script, min_chars))
                )
    return out
