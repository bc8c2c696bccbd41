"""Deduplication bench: pairwise precision and recall of merged events on our gold corpora.

    .venv/bin/python bench/dedup.py              # hand-written mentions (corpus.yaml)
    .venv/bin/python bench/dedup.py --pipeline   # articles.jsonl through the real pipeline
    options: --window DAYS, --tolerance DAYS, -v (list the merged events)

Targets: precision >= 0.95, recall >= 0.85. The exit code is 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from dateline.merge import MergeConfig, MergeResult, merge_results, result_from_output
from dateline.merge.evaluate import (
    MentionKey,
    PairScores,
    label_mentions,
    load_corpus,
    load_sentence_gold,
    pairwise,
)
from dateline.records import ArticleResult

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "dedup"


def _report(
    name: str, merged: MergeResult, gold: dict[MentionKey, str], verbose: bool
) -> PairScores:
    predicted = {(m.doc_id, m.mention_id): ev.id for ev in merged.events for m in ev.mentions}
    scores = pairwise(gold, predicted)
    print(f"== {name}")
    print(f"mentions      {len(gold)} labelled, {len(set(gold.values()))} gold events")
    print(
        f"merged        {len(merged.events)} events, {len(merged.stories)} stories, "
        f"{len(merged.contradictions)} contradictions"
    )
    print(
        f"pairs         gold {scores.true_pairs}, predicted {scores.predicted_pairs}, "
        f"correct {scores.correct_pairs}"
    )
    print(f"precision     {scores.precision:.3f}  (target >= 0.95)")
    print(f"recall        {scores.recall:.3f}  (target >= 0.85)")
    print(f"f1            {scores.f1:.3f}")
    if verbose:
        for ev in merged.events:
            labels = sorted({gold.get((m.doc_id, m.mention_id), "-") for m in ev.mentions})
            print(f"  {ev.id} {ev.date_lo} {ev.block} n={len(ev.mentions)} gold={labels}")
    return scores


def _pipeline_results(path: Path) -> list[ArticleResult]:
    from dateline.config import Settings
    from dateline.pipeline import run

    return [r for r in run([str(path)], Settings()) if isinstance(r, ArticleResult)]


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--pipeline", action="store_true", help="run articles.jsonl through dateline")
    ap.add_argument("--window", type=int, default=MergeConfig().window_days)
    ap.add_argument("--tolerance", type=int, default=MergeConfig().day_tolerance)
    ap.add_argument("--verbose", "-v", action="store_true", help="list the merged events")
    args = ap.parse_args(argv)
    config = MergeConfig(window_days=args.window, day_tolerance=args.tolerance)
    if args.pipeline:
        results = _pipeline_results(FIXTURES / "articles.jsonl")
        entries = load_sentence_gold(FIXTURES / "articles_gold.yaml")
        labelled = label_mentions(
            [((r.article.id, e.id), e.type, e.sentence_text) for r in results for e in r.events],
            entries,
        )
        merged = merge_results(results, config)
        scores = _report("articles.jsonl (real pipeline)", merged, labelled.gold, args.verbose)
        print(f"unlabelled    {labelled.unlabelled} pipeline mentions (not scored)")
        print(f"missed        {len(labelled.missed)} gold sentences without a labelled event:")
        for g in labelled.missed:
            print(f"                {g.doc_id}: {g.type} '{g.sentence}'")
    else:
        records, gold = load_corpus(FIXTURES / "corpus.yaml")
        merged = merge_results([result_from_output(r) for r in records], config)
        scores = _report("corpus.yaml (hand-written mentions)", merged, gold, args.verbose)
    return 0 if scores.precision >= 0.95 and scores.recall >= 0.85 else 1


if __name__ == "__main__":
    sys.exit(main())
