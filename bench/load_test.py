#!/usr/bin/env python3
"""Load test of ``dateline serve``: mixed filtered queries while articles are being ingested.

Builds (or reuses) the synthetic 1,000,000-event store of ``bench/serve_latency.py``, copies it
to a temporary file (the ingest writes into it), starts ``dateline serve`` on a free loopback
port with a write token in its environment, and then, for a fixed time:

- a load generator keeps a fixed number of connections busy with a rotating mix of filtered
  GET queries (``/api/events`` with type, country, actor, date range, free text, corroborated,
  sort and deep cursor pages; ``/api/stats/timeline``, ``/api/network``, ``/api/map``,
  ``/api/actors``) — ``wrk`` with a Lua script when it is installed, else an asyncio + httpx
  client;
- an ingest thread POSTs articles (``samples/articles.jsonl``, each under a fresh id) to
  ``/api/documents`` with the token, one after the other, until the load ends.

It prints requests/s, p50/p95/p99 latency, errors, the ingest's successes and failures and the
load average, and exits 1 when a target is missed (>= 200 requests/s, p99 < 250 ms, no error,
every POST stored).

    .venv/bin/python bench/load_test.py                       # 1M events, 60 s, wrk if present
    .venv/bin/python bench/load_test.py --events 100000 --db out/bench-serve-100k.duckdb
    .venv/bin/python bench/load_test.py --driver python --duration 30 --connections 8
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import json
import os
import random
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import serve_latency  # noqa: E402

SAMPLES = ROOT / "samples" / "articles.jsonl"
DEFAULT_DB = ROOT / "out" / "bench-serve.duckdb"

LUA = r"""
local urls = {}
for line in io.lines(os.getenv("DATELINE_LOAD_URLS")) do urls[#urls + 1] = line end
local counter = 1
local step = 1

setup = function(thread)
  thread:set("offset", counter)
  counter = counter + 97
end

init = function(args)
  step = tonumber(offset) or 1
end

request = function()
  step = step % #urls + 1
  return wrk.format("GET", urls[step])
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'DATELINE_LOAD {"requests": %d, "duration_us": %d, "status": %d, "connect": %d, ' ..
    '"read": %d, "write": %d, "timeout": %d, "p50": %d, "p95": %d, "p99": %d, "max": %d}\n',
    summary.requests, summary.duration, e.status, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
"""


# ---------------------------------------------------------------- results


@dataclass
class LoadResult:
    """What the load generator measured (latencies in milliseconds)."""

    driver: str
    duration_s: float
    requests: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    errors: int
    error_kinds: dict[str, int] = field(default_factory=dict)

    @property
    def rps(self) -> float:
        return self.requests / self.duration_s if self.duration_s else 0.0


@dataclass
class IngestResult:
    """What the ingest thread did: POSTs answered 200 with every article stored, and others."""

    ok: int = 0
    failed: int = 0
    stored: int = 0
    seconds: list[float] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    windows: list[tuple[float, float]] = field(default_factory=list)  # successful POSTs

    def overlapping(self, start: float, end: float) -> int:
        """Successful POSTs that were running at some point of [start, end] (monotonic s)."""
        return sum(1 for a, b in self.windows if a < end and b > start)


@dataclass
class Targets:
    min_rps: float = 200.0
    max_p99_ms: float = 250.0


@dataclass
class Report:
    load: LoadResult
    ingest: IngestResult | None
    loadavg_before: tuple[float, float, float]
    loadavg_after: tuple[float, float, float]
    n_events: int
    load_window: tuple[float, float] = (0.0, 0.0)  # monotonic start and end of the load

    @property
    def posts_during_load(self) -> int:
        return self.ingest.overlapping(*self.load_window) if self.ingest else 0

    def misses(self, targets: Targets) -> list[str]:
        out = []
        if self.load.rps < targets.min_rps:
            out.append(f"{self.load.rps:.0f} requests/s < {targets.min_rps:.0f}")
        if self.load.p99_ms >= targets.max_p99_ms:
            out.append(f"p99 {self.load.p99_ms:.0f} ms >= {targets.max_p99_ms:.0f} ms")
        if self.load.errors:
            out.append(f"{self.load.errors} query errors {self.load.error_kinds}")
        if self.ingest is not None:
            if self.ingest.failed:
                out.append(f"{self.ingest.failed} failed POSTs: {self.ingest.problems[:3]}")
            if not self.posts_during_load:
                out.append("no POST succeeded while the queries ran")
        return out


def _pct(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


# ---------------------------------------------------------------- the store and the server


def ensure_db(path: Path, n_events: int, rebuild: bool = False) -> None:
    """Build the synthetic store of ``bench/serve_latency.py`` at ``path`` unless it is there."""
    if rebuild or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        serve_latency.build(path, n_events)


def copy_db(src: Path, workdir: Path) -> Path:
    """A copy of the store (and its WAL, if any) in ``workdir``: the ingest writes into it."""
    dst = workdir / "load.duckdb"
    shutil.copyfile(src, dst)
    wal = src.with_name(src.name + ".wal")
    if wal.exists():
        shutil.copyfile(wal, dst.with_name(dst.name + ".wal"))
    return dst


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    base: str
    token: str
    log: Path


@contextmanager
def serve(db: Path, workdir: Path, *, ready_timeout_s: float = 900.0) -> Iterator[Server]:
    """``dateline serve --db db`` on a free loopback port, with a fresh token in
    DATELINE_SERVE_TOKEN; yields once GET /api/stats answers 200; stopped on exit."""
    port = free_port()
    token = secrets.token_urlsafe(24)
    env = {**os.environ, "DATELINE_SERVE_TOKEN": token, "PYTHONUNBUFFERED": "1"}
    cmd = [sys.executable, "-c", "import sys; from dateline.cli import main; sys.exit(main())",
           "serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port)]  # fmt: skip
    log = workdir / "server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=workdir, env=env, stdout=out, stderr=subprocess.STDOUT)
    server = Server(proc, f"http://127.0.0.1:{port}", token, log)
    try:
        _wait_ready(server, ready_timeout_s)
        yield server
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _wait_ready(server: Server, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(
                f"dateline serve exited ({server.process.returncode}):\n"
                + server.log.read_text(errors="replace")[-2000:]
            )
        try:
            if httpx.get(server.base + "/api/stats", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"dateline serve not ready after {timeout_s:.0f} s")


# ---------------------------------------------------------------- the query mix


def _window(rng: random.Random, days: int) -> str:
    start = date(2021, 1, 1) + timedelta(days=rng.randrange(1826 - days))
    return f"date_from={start}&date_to={start + timedelta(days=days)}"


def _actor(rng: random.Random) -> str:
    return quote(f"Actor {int(5000 * rng.random() ** 3)}")


def query_urls(
    base: str, countries: list[str], n: int, seed: int, deep_pages: int = 30
) -> list[str]:
    """``n`` GET paths in a shuffled mix: the /api/events kinds of serve_latency.mix, the
    aggregate endpoints with filters, actors, and cursor pages deep into three lists (the
    cursors are fetched from the running server first)."""
    rng = random.Random(seed)
    top = countries[:40] or ["FRA"]
    types = list(serve_latency.TYPES)
    events = list(serve_latency.mix(countries).values())
    extra = [
        lambda r: f"/api/stats/timeline?type={r.choice(types)}&country={r.choice(top)}",
        lambda r: f"/api/stats/timeline?actor={_actor(r)}&{_window(r, 365)}",
        lambda r: f"/api/network?country={r.choice(top)}&{_window(r, 30)}",
        lambda r: f"/api/network?type={r.choice(types)}&{_window(r, 7)}&limit_nodes=50",
        lambda r: f"/api/map?type={r.choice(types)}&{_window(r, 30)}",
        lambda r: f"/api/map?source_country={r.choice(top)}&{_window(r, 90)}",
        lambda r: f"/api/actors?q={quote('Actor ' + str(r.randrange(300)))}",
        lambda r: "/api/actors",
        lambda r: f"/api/events?actor={_actor(r)}&sort=type&{_window(r, 365)}",
        lambda r: f"/api/events?country={r.choice(top)}&corroborated=true&sort=-confidence",
    ]
    makers = events + extra
    deep = _deep_pages(base, [
        "/api/events?limit=100",
        f"/api/events?type={rng.choice(types)}&sort=date",
        f"/api/events?country={top[0]}&sort=-confidence",
    ], deep_pages)  # fmt: skip
    urls = [rng.choice(makers)(rng) for _ in range(n)]
    # one request in six is a deep cursor page
    urls += [rng.choice(deep) for _ in range(n // 5)] if deep else []
    rng.shuffle(urls)
    return urls


def _deep_pages(base: str, lists: list[str], pages: int) -> list[str]:
    out: list[str] = []
    with httpx.Client(base_url=base, timeout=60) as client:
        for url in lists:
            cursor = None
            for _ in range(pages):
                r = client.get(url + (f"&cursor={cursor}" if cursor else ""))
                r.raise_for_status()
                cursor = r.json()["next_cursor"]
                if not cursor:
                    break
                out.append(f"{url}&cursor={cursor}")
    return out


# ---------------------------------------------------------------- the ingest


def sample_records(path: Path = SAMPLES) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


class Ingest(threading.Thread):
    """POSTs one article at a time (each under a fresh id) until ``stop`` is set."""

    def __init__(self, server: Server, records: list[dict[str, Any]], *, per_post: int = 1):
        super().__init__(name="ingest", daemon=True)
        self.server = server
        self.records = records
        self.per_post = per_post
        self.stop = threading.Event()
        self.result = IngestResult()

    def run(self) -> None:
        run_tag = secrets.token_hex(3)
        headers = {"Authorization": f"Bearer {self.server.token}"}
        i = 0
        with httpx.Client(base_url=self.server.base, timeout=900) as client:
            while not self.stop.is_set():
                batch = []
                for _ in range(self.per_post):
                    record = dict(self.records[i % len(self.records)])
                    record["id"] = f"load-{run_tag}-{i}"
                    batch.append(record)
                    i += 1
                t = time.monotonic()
                try:
                    r = client.post("/api/documents", json=batch, headers=headers)
                    body = r.json() if r.headers.get("content-type", "").startswith("app") else {}
                except httpx.HTTPError as exc:
                    self._fail(f"{type(exc).__name__}: {exc}")
                    continue
                end = time.monotonic()
                self.result.seconds.append(end - t)
                if r.status_code == 200 and body.get("stored") == len(batch):
                    self.result.ok += 1
                    self.result.stored += int(body["stored"])
                    self.result.windows.append((t, end))
                else:
                    self._fail(f"{r.status_code}: {r.text[:300]}")

    def _fail(self, problem: str) -> None:
        self.result.failed += 1
        self.result.problems.append(problem)
        time.sleep(0.5)


# ---------------------------------------------------------------- load generators


def run_wrk(base: str, urls: list[str], workdir: Path, *, duration_s: int, connections: int,
            threads: int = 1, timeout_s: int = 10) -> LoadResult:  # fmt: skip
    """``wrk`` rotating through ``urls``; a request over ``timeout_s`` counts as an error."""
    url_file = workdir / "urls.txt"
    url_file.write_text("\n".join(urls) + "\n")
    script = workdir / "mix.lua"
    script.write_text(LUA)
    env = {**os.environ, "DATELINE_LOAD_URLS": str(url_file)}
    cmd = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration_s}s",
           f"--timeout={timeout_s}s", "-s", str(script), base]  # fmt: skip
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout
    line = next((x for x in out.splitlines() if x.startswith("DATELINE_LOAD ")), None)
    if line is None:
        raise RuntimeError(f"no result from wrk:\n{out}")
    d = json.loads(line.removeprefix("DATELINE_LOAD "))
    kinds = {k: d[k] for k in ("status", "connect", "read", "write", "timeout") if d[k]}
    return LoadResult("wrk", d["duration_us"] / 1e6, d["requests"], d["p50"] / 1000,
                      d["p95"] / 1000, d["p99"] / 1000, d["max"] / 1000,
                      sum(kinds.values()), kinds)  # fmt: skip


def run_python(base: str, urls: list[str], *, duration_s: float, connections: int,
               timeout_s: float = 10.0) -> LoadResult:  # fmt: skip
    """The same with asyncio + httpx: ``connections`` workers, each one request at a time."""
    # in a thread of its own: asyncio.run refuses to start where an event loop already runs
    # (a caller's, or a session-wide Playwright's in the test suite)
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(
            asyncio.run, _python_load(base, urls, duration_s, connections, timeout_s)
        ).result()


async def _python_load(
    base: str, urls: list[str], duration_s: float, connections: int, timeout_s: float
) -> LoadResult:
    latencies: list[float] = []
    kinds: Counter[str] = Counter()
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    start = time.perf_counter()
    deadline = start + duration_s

    async def worker(k: int, client: httpx.AsyncClient) -> None:
        i = k * 97
        while time.perf_counter() < deadline:
            url = urls[i % len(urls)]
            i += 1
            t = time.perf_counter()
            try:
                r = await client.get(url)
            except httpx.TimeoutException:
                kinds["timeout"] += 1
                continue
            except httpx.HTTPError as exc:
                kinds[type(exc).__name__] += 1
                continue
            latencies.append((time.perf_counter() - t) * 1000)
            if not 200 <= r.status_code < 300:
                kinds[f"status {r.status_code}"] += 1

    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=timeout_s) as client:
        await asyncio.gather(*(worker(k, client) for k in range(connections)))
    elapsed = time.perf_counter() - start
    return LoadResult("python", elapsed, len(latencies) + kinds["timeout"],
                      _pct(latencies, 50), _pct(latencies, 95), _pct(latencies, 99),
                      max(latencies, default=0.0), sum(kinds.values()), dict(kinds))  # fmt: skip


# ---------------------------------------------------------------- the whole test


def run(
    db: Path,
    *,
    duration_s: int = 60,
    connections: int = 16,
    threads: int = 1,
    driver: str = "auto",
    ingest: bool = True,
    seed: int = 7,
    n_urls: int = 5000,
    deep_pages: int = 30,
    log: Any = None,
) -> Report:
    """Copy ``db``, serve the copy, run the load (and the ingest) and return the figures."""
    log = log or (lambda line: print(line, flush=True))
    if driver == "auto":
        driver = "wrk" if shutil.which("wrk") else "python"
    countries = serve_latency._countries_by_use(db)
    with tempfile.TemporaryDirectory(prefix="dateline-load-") as tmp:
        workdir = Path(tmp)
        copy = copy_db(db, workdir)
        t0 = time.perf_counter()
        with serve(copy, workdir) as server:
            log(f"server ready in {time.perf_counter() - t0:.1f} s at {server.base}")
            stats = httpx.get(server.base + "/api/stats", timeout=30).json()
            urls = query_urls(server.base, countries, n_urls, seed, deep_pages)
            log(f"{len(urls)} URLs in the mix; driver {driver}, {connections} connections, "
                f"{duration_s} s" + (", ingest running" if ingest else ""))  # fmt: skip
            worker = Ingest(server, sample_records()) if ingest else None
            if worker is not None:
                worker.start()
                time.sleep(0.5)  # the first POST is on its way
            before = os.getloadavg()
            started = time.monotonic()
            if driver == "wrk":
                load = run_wrk(server.base, urls, workdir, duration_s=duration_s,
                               connections=connections, threads=threads)  # fmt: skip
            else:
                load = run_python(server.base, urls, duration_s=duration_s,
                                  connections=connections)  # fmt: skip
            after = os.getloadavg()
            window = (started, time.monotonic())
            ingest_result = None
            if worker is not None:
                worker.stop.set()
                worker.join(timeout=900)  # let the POST in flight finish
                ingest_result = worker.result
    n_events = int(stats.get("n_events") or 0)
    return Report(load, ingest_result, before, after, n_events, window)


def print_report(report: Report, targets: Targets) -> list[str]:
    lo = report.load
    print(f"store: {report.n_events:,} events; driver {lo.driver}; {lo.duration_s:.1f} s")
    print(f"requests: {lo.requests:,}  ({lo.rps:.1f} requests/s)")
    print(f"latency ms: p50 {lo.p50_ms:.1f}  p95 {lo.p95_ms:.1f}  p99 {lo.p99_ms:.1f}  "
          f"max {lo.max_ms:.1f}")  # fmt: skip
    print(f"errors: {lo.errors} {lo.error_kinds or ''}")
    if report.ingest is not None:
        ing = report.ingest
        secs = ", ".join(f"{s:.1f}" for s in ing.seconds[:10])
        print(f"ingest: {ing.ok} POSTs stored ({ing.stored} articles; "
              f"{report.posts_during_load} overlapped the queries), {ing.failed} failed; seconds per POST: {secs}")  # fmt: skip
        for problem in ing.problems[:5]:
            print(f"  ingest problem: {problem}")
    b, a = report.loadavg_before, report.loadavg_after
    print(f"load average: {b[0]:.2f} {b[1]:.2f} {b[2]:.2f} before, "
          f"{a[0]:.2f} {a[1]:.2f} {a[2]:.2f} after ({os.cpu_count()} cores)")  # fmt: skip
    misses = report.misses(targets)
    target = f">= {targets.min_rps:.0f} req/s, p99 < {targets.max_p99_ms:.0f} ms, no errors"
    print(("MISSES " + "; ".join(misses)) if misses else "meets the targets", f"({target})")
    return misses


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument(
        "--db",
        type=Path,
        default=DEFAULT_DB,
        help="the bench store; built when missing (or with --rebuild); never written",
    )
    ap.add_argument("--events", type=int, default=1_000_000, help="events when building")
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--duration", type=int, default=60, help="seconds of load")
    ap.add_argument("--connections", type=int, default=16)
    ap.add_argument("--threads", type=int, default=1, help="wrk threads")
    ap.add_argument("--driver", choices=["auto", "wrk", "python"], default="auto")
    ap.add_argument("--no-ingest", action="store_true", help="queries only")
    ap.add_argument("--min-rps", type=float, default=200.0)
    ap.add_argument("--max-p99-ms", type=float, default=250.0)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)  # fmt: skip
    ensure_db(args.db, args.events, args.rebuild)
    report = run(args.db, duration_s=args.duration, connections=args.connections,
                 threads=args.threads, driver=args.driver, ingest=not args.no_ingest,
                 seed=args.seed)  # fmt: skip
    misses = print_report(report, Targets(args.min_rps, args.max_p99_ms))
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())
