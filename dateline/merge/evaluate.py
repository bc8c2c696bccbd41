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


@dataclass(frozen=True, slots=True)
class GoldEntry:
    doc_id: str
    type: str
    sentence: str  # a piece of the evidence sentence
    event: str


def load_sentence_gold(path: str | Path) -> list[GoldEntry]:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("gold"), list):
        raise ValueError(f"{path}: expected a mapping with a 'gold' list")
    return [
        GoldEntry(str(g["doc_id"]), str(g["type"]), str(g["sentence"]), str(g["event"]))
        for g in data["gold"]
    ]


@dataclass(frozen=True, slots=True)
class Labelled:
    gold: dict[MentionKey, str]  # pipeline mentions a gold entry labels
    unlabelled: int  # pipeline mentions no entry labels (left out of the scores)
    missed: list[GoldEntry]  # gold sentences in which the pipeline found no labelled event


def label_mentions(
    mentions: list[tuple[MentionKey, str, str]], entries: list[GoldEntry]
) -> Labelled:
    """Gold labels for pipeline mentions given as ((doc_id, mention id), type, sentence)."""
    gold: dict[MentionKey, str] = {}
    used: set[int] = set()
    unlabelled = 0
    for key, ev_type, sentence in mentions:
        hit = next(
            (
                i
                for i, g in enumerate(entries)
                if g.doc_id == key[0] and g.type == ev_type and g.sentence in sentence
            ),
            None,
        )
        if hit is None:
            unlabelled += 1
        else:
            gold[key] = entries[hit].event
            used.add(hit)
    found = {(entries[i].doc_id, entries[i].sentence) for i in used}
    missed = [g for g in entries if (g.doc_id, g.sentence) not in found]
    missed = list({(g.doc_id, g.sentence): g for g in missed}.values())  # one per sentence
    return Labelled(gold, unlabelled, missed)
