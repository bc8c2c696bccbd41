"""Deduplication bench: pairwise precision and recall of merged events on our gold corpus.

    .venv/bin/python bench/dedup.py [tests/fixtures/dedup/corpus.yaml] [--window DAYS]

Targets: precision >= 0.95, recall >= 0.85.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dateline.merge import MergeConfig, merge_results, result_from_output
from dateline.merge.evaluate import MentionKey, load_corpus, pairwise

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "tests" / "fixtures" / "dedup" / "corpus.yaml"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", default=str(DEFAULT))
    ap.add_argument("--window", type=int, default=MergeConfig().window_days)
    ap.add_argument("--verbose", "-v", action="store_true", help="list the merged events")
    args = ap.parse_args(argv)
    records, gold = load_corpus(args.corpus)
    merged = merge_results(
        [result_from_output(r) for r in records], MergeConfig(window_days=args.window)
    )
    predicted: dict[MentionKey, str] = {
        (m.doc_id, m.mention_id): ev.id for ev in merged.events for m in ev.mentions
    }
    scores = pairwise(gold, predicted)
    print(f"corpus        {args.corpus}")
    print(
        f"mentions      {len(gold)} in {len(records)} articles, {len(set(gold.values()))} gold events"
    )
    print(
        f"merged events {len(merged.events)}; stories {len(merged.stories)}; "
        f"contradictions {len(merged.contradictions)}"
    )
    print(
        f"pairs         gold {scores.true_pairs}, predicted {scores.predicted_pairs}, "
        f"correct {scores.correct_pairs}"
    )
    print(f"precision     {scores.precision:.3f}  (target >= 0.95)")
    print(f"recall        {scores.recall:.3f}  (target >= 0.85)")
    print(f"f1            {scores.f1:.3f}")
    if args.verbose:
        for ev in merged.events:
            labels = sorted({gold.get((m.doc_id, m.mention_id), "?") for m in ev.mentions})
            print(f"  {ev.id} {ev.date_lo} {ev.block} n={len(ev.mentions)} gold={labels}")
    ok = scores.precision >= 0.95 and scores.recall >= 0.85
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
