"""A short run of bench/load_test.py: `dateline serve` as a subprocess on a small synthetic
store, mixed filtered GET queries from several connections while articles are POSTed."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

import load_test  # noqa: E402


@pytest.mark.slow
def test_queries_and_ingest_together_without_errors(tmp_path: Path) -> None:
    db = tmp_path / "bench-20k.duckdb"
    load_test.ensure_db(db, 20_000)
    lines: list[str] = []
    report = load_test.run(
        db,
        duration_s=5,
        connections=4,
        driver="python",  # wrk is not a project dependency
        n_urls=400,
        deep_pages=5,
        log=lines.append,
    )
    load = report.load
    assert report.n_events == 20_000
    assert load.requests >= 20, lines
    assert load.errors == 0, load.error_kinds
    assert 0 < load.p50_ms <= load.p95_ms <= load.p99_ms <= load.max_ms
    ingest = report.ingest
    assert ingest is not None
    assert ingest.failed == 0, ingest.problems
    assert ingest.ok >= 1 and ingest.stored == ingest.ok  # one article per POST
    assert report.posts_during_load >= 1  # an ingest ran while the queries did
    # the load generator and the report agree on what a miss is
    assert report.misses(load_test.Targets(min_rps=0, max_p99_ms=1e9)) == []
    assert any("requests/s" in m for m in report.misses(load_test.Targets(min_rps=1e9)))


def test_query_mix_covers_every_endpoint_and_filter() -> None:
    """The URL mix without a server (no cursor pages): every endpoint and filter appears."""
    urls = load_test.query_urls("", ["FRA", "NGA"], 2000, seed=3, deep_pages=0)
    assert len(urls) == 2000
    text = "\n".join(urls)
    for endpoint in ("/api/events?", "/api/stats/timeline?", "/api/network?", "/api/map?",
                     "/api/actors"):  # fmt: skip
        assert endpoint in text
    for param in ("type=", "country=", "actor=", "date_from=", "date_to=", "q=",
                  "corroborated=true", "sort=", "limit=500"):  # fmt: skip
        assert param in text
    assert all(u.startswith("/api/") and " " not in u for u in urls)
