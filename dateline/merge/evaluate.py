"""Measure deduplication against a gold corpus: pairwise precision and recall.

A corpus (``tests/fixtures/dedup/corpus.yaml``) is a list of output-v1 article records whose
events carry a ``gold`` label; mentions with one label describe one real-world event.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

import yaml

MentionKey = tuple[str, str]  # (doc_id, mention id)


@dataclass(frozen=True, slots=True)
class PairScores:
    true_pairs: int
    predicted_pairs: int
    correct_pairs: int

    @property
    def precision(self) -> float:
        return self.correct_pairs / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.correct_pairs / self.true_pairs if self.true_pairs else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _pairs(labels: Mapping[MentionKey, Hashable]) -> set[tuple[MentionKey, MentionKey]]:
    return {(a, b) for a, b in combinations(sorted(labels), 2) if labels[a] == labels[b]}


def pairwise(
    gold: Mapping[MentionKey, Hashable], predicted: Mapping[MentionKey, Hashable]
) -> PairScores:
    """Pairwise scores over the mentions both sides label."""
    keys = set(gold) & set(predicted)
    g = _pairs({k: gold[k] for k in keys})
    p = _pairs({k: predicted[k] for k in keys})
    return PairScores(len(g), len(p), len(g & p))


def load_corpus(path: str | Path) -> tuple[list[dict[str, Any]], dict[MentionKey, str]]:
    """(output-v1 records, gold label of every event mention)."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("articles"), list):
        raise ValueError(f"{path}: expected a mapping with an 'articles' list")
    records: list[dict[str, Any]] = data["articles"]
    gold: dict[MentionKey, str] = {}
    for rec in records:
        for ev in rec.get("events") or []:
            if "gold" not in ev:
                raise ValueError(f"{path}: event {ev.get('id')} has no gold label")
            gold[(str(rec["doc_id"]), str(ev["id"]))] = str(ev["gold"])
    return records, gold
