#!/usr/bin/env python3
"""Print every accuracy figure of the event coder on the dev gold sets in ../shared/eval.

Runs dateline over each ``*.input.jsonl``, writes output-v1 to ``out/eval/NAME.jsonl`` and
scores it with ``../shared/eval/score.py`` (m2e2_voa with its four types, as its README says).

    .venv/bin/python bench/accuracy.py                 # all three sets
    .venv/bin/python bench/accuracy.py plover_gsr      # one set
    .venv/bin/python bench/accuracy.py --pipeline en_core_web_md
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"
SETS = {
    "plover_gsr": [],
    "petrarch_gsr": [],
    "m2e2_voa": ["--types", "ASSAULT,COERCE,CONSULT,PROTEST"],
}
TARGETS = {"plover_gsr": 0.75, "petrarch_gsr": 0.65, "m2e2_voa": 0.60}
FIELDS = ("event_precision", "event_recall", "event_f1", "source_country_acc", "target_country_acc",
          "source_sector_acc", "date_acc", "loc_acc", "count_recall")  # fmt: skip


def run(name: str, pipeline: str | None) -> dict[str, float]:
    sys.path.insert(0, str(ROOT))
    from dateline.config import load_settings
    from dateline.output import to_output
    from dateline.pipeline import process
    from dateline.records import Article

    settings = load_settings()
    if pipeline:
        settings = load_settings(pipelines={**settings.pipelines, "en": pipeline})
    arts = []
    for line in (EVAL / f"{name}.input.jsonl").open(encoding="utf-8"):
        d = json.loads(line)
        arts.append(
            Article(id=d["id"], text=d["text"], published=d.get("published"), language="en")
        )
    out = ROOT / "out" / "eval" / f"{name}.jsonl"
    out.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    with out.open("w", encoding="utf-8") as f:
        for result in process(arts, settings):
            f.write(json.dumps(to_output(result)) + "\n")
    seconds = time.perf_counter() - t0
    cmd = [sys.executable, str(EVAL / "score.py"), "--gold", str(EVAL / f"{name}.gold.jsonl"),
           "--system", str(out), "--json", *SETS[name]]  # fmt: skip
    summary = json.loads(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout)
    summary["seconds"] = round(seconds, 1)
    return summary


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("sets", nargs="*", default=list(SETS))
    ap.add_argument("--pipeline", help="another installed spaCy pipeline to measure")
    a = ap.parse_args()
    if not EVAL.exists():
        sys.exit(f"no evaluation data at {EVAL}")
    print(
        f"{'set':14s} "
        + " ".join(f"{f.replace('_acc', '').replace('event_', ''):>15s}" for f in FIELDS)
        + "  target  seconds"
    )
    for name in a.sets:
        s = run(name, a.pipeline)
        cells = " ".join(f"{'-' if s.get(f) is None else format(s[f], '.3f'):>15s}" for f in FIELDS)
        ok = "ok" if s["event_f1"] >= TARGETS[name] else "below"
        print(f"{name:14s} {cells}  {TARGETS[name]:.2f} {ok:5s} {s['seconds']:6.1f}")


if __name__ == "__main__":
    main()
