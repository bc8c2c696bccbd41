"""Hedge cues, anonymous sources and count categories for the merge stage (data/merge.yaml)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml


class MergeDataError(ValueError):
    """data/merge.yaml is malformed."""


@dataclass(frozen=True, slots=True)
class MergeLexicon:
    hedge_cues: tuple[str, ...]
    anonymous_sources: tuple[str, ...]
    count_categories: Mapping[str, str]  # word -> category
    qualifiers: Mapping[str, str]  # qualifier -> lower | upper | approx
    approx_tolerance: float
    vague_words: frozenset[str] = frozenset()

    def _has(self, phrases: tuple[str, ...], text: str) -> bool:
        low = " ".join(text.lower().split())
        return any(re.search(rf"(?<!\w){re.escape(p)}(?!\w)", low) for p in phrases)

    def hedged(self, sentence: str, attributed_to: str | None) -> bool:
        """Whether a report is hedged: a hedge cue in its sentence, or an anonymous source."""
        if self._has(self.hedge_cues, sentence):
            return True
        return attributed_to is not None and self._has(self.anonymous_sources, attributed_to)

    def category(self, what: str | None) -> str | None:
        """The category of what a count counts ("dead" -> "killed"), or the words themselves."""
        if not what:
            return None
        low = " ".join(what.lower().split())
        return self.count_categories.get(low, low)

    def bounds(self, value: float, qualifier: str | None, text: str = "") -> tuple[float, float]:
        """The range a count with this qualifier (and written this way) allows."""
        if self.vague_words & set(re.findall(r"[a-z]+", text.lower())):
            return value, float("inf")
        kind = self.qualifiers.get((qualifier or "").lower().strip())
        if kind == "lower":
            return value, float("inf")
        if kind == "upper":
            return 0.0, value
        if kind == "approx":
            return value * (1 - self.approx_tolerance), value * (1 + self.approx_tolerance)
        return value, value


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise MergeDataError(f"data/merge.yaml: {where} must be a list of strings")
    return tuple(v.lower() for v in value)


def parse_lexicon(data: Mapping[str, Any]) -> MergeLexicon:
    categories: dict[str, str] = {}
    for cat, words in (data.get("count_categories") or {}).items():
        for w in _strings(words, f"count_categories.{cat}"):
            categories[w] = str(cat)
    qualifiers: dict[str, str] = {}
    for kind, words in (data.get("count_qualifiers") or {}).items():
        if kind not in ("lower", "upper", "approx"):
            raise MergeDataError(f"data/merge.yaml: unknown qualifier kind {kind!r}")
        for w in _strings(words, f"count_qualifiers.{kind}"):
            qualifiers[w] = str(kind)
    tolerance = data.get("approx_tolerance", 0.1)
    if not isinstance(tolerance, int | float) or not 0 <= tolerance < 1:
        raise MergeDataError("data/merge.yaml: approx_tolerance must be a number in [0, 1)")
    return MergeLexicon(
        hedge_cues=_strings(data.get("hedge_cues", []), "hedge_cues"),
        anonymous_sources=_strings(data.get("anonymous_sources", []), "anonymous_sources"),
        count_categories=categories,
        qualifiers=qualifiers,
        approx_tolerance=float(tolerance),
        vague_words=frozenset(_strings(data.get("vague_count_words", []), "vague_count_words")),
    )


@lru_cache(maxsize=1)
def default_lexicon() -> MergeLexicon:
    text = (resources.files("dateline.merge") / "data" / "merge.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    if not isinstance(data, Mapping):
        raise MergeDataError("data/merge.yaml: expected a mapping at the top")
    return parse_lexicon(data)
