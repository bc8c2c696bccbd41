"""Discard lists: phrases that mark a sentence or a whole article as out of scope for event
coding (sports results, weather, "years later" retrospectives).

The file format is PETRARCH's (``PETR_*_discards.txt``), so users' existing lists load as they
are: one phrase per line, ``#`` starts a comment, a leading ``+`` makes the phrase discard the
whole article instead of the sentence. Matching ignores case and needs whole words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Discards:
    sentence_pattern: re.Pattern[str] | None = None
    story_pattern: re.Pattern[str] | None = None

    def sentence(self, text: str) -> bool:
        """The sentence mentions a sentence- or story-level phrase."""
        return any(
            p is not None and p.search(text) for p in (self.sentence_pattern, self.story_pattern)
        )

    def story(self, text: str) -> bool:
        """The article mentions a story-level ("+") phrase."""
        return self.story_pattern is not None and self.story_pattern.search(text) is not None


def parse_discards(lines: Iterable[str]) -> tuple[list[str], list[str]]:
    """(sentence phrases, story phrases) of a discard list."""
    sentence: list[str] = []
    story: list[str] = []
    for raw in lines:
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        target = story if line.startswith("+") else sentence
        phrase = " ".join(line.lstrip("+").replace("_", " ").split())
        if phrase:
            target.append(phrase)
    return sentence, story


def _pattern(phrases: list[str]) -> re.Pattern[str] | None:
    if not phrases:
        return None
    words = [r"\s+".join(re.escape(w) for w in p.split()) for p in sorted(set(phrases), key=len)]
    return re.compile(r"(?<!\w)(?:" + "|".join(reversed(words)) + r")(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=8)
def load_discards(paths: tuple[str, ...]) -> Discards:
    """The discard lists in ``paths``, merged (an empty list discards nothing)."""
    sentence: list[str] = []
    story: list[str] = []
    for path in paths:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
        s, st = parse_discards(text.splitlines())
        sentence += s
        story += st
    return Discards(_pattern(sentence), _pattern(story))
