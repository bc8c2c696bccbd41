"""Answers that only change when the index is rebuilt are computed once per index generation."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from dateline.serve import create_app
from dateline.serve.db import CACHE_MAX_ENTRIES, Database, ItemCache
from dateline.serve.queries import Tables


def test_cached_once_per_generation(world_db: Path) -> None:
    db = Database(world_db)
    try:
        calls: list[int] = []

        def compute() -> int:
            calls.append(1)
            return len(calls)

        first = db.tables
        assert db.cached(first, "k", compute) == 1
        assert db.cached(first, "k", compute) == 1
        assert db.cached(first, "other", compute) == 2
        second = db.rebuild_index()
        assert db.cached(second, "k", compute) == 3  # a new generation computes again
        assert db.cached(second, "k", compute) == 3
        # an answer computed on an older generation is returned but not kept
        assert db.cached(first, "k", compute) == 4
        assert db.cached(second, "k", compute) == 3
        assert db.cached(Tables(first.generation), "k", compute) == 5
    finally:
        db.close()


def test_cache_is_bounded(world_db: Path) -> None:
    db = Database(world_db)
    try:
        t = db.tables
        for i in range(CACHE_MAX_ENTRIES * 2):
            assert db.cached(t, i, lambda i=i: i * 10) == i * 10  # type: ignore[misc]
        assert len(db._cache) <= CACHE_MAX_ENTRIES
    finally:
        db.close()


def test_cached_answers_equal_computed_ones(world_db: Path) -> None:
    urls = ["/api/stats", "/api/actors", "/api/actors?limit=3", "/api/network",
            "/api/network?limit_nodes=2", "/api/map", "/api/stats/timeline"]  # fmt: skip
    with TestClient(create_app(world_db)) as c:
        first = {u: c.get(u).json() for u in urls}
        again = {u: c.get(u).json() for u in urls}
        db: Database = c.app.state.db  # type: ignore[attr-defined]
        cached = len(db._cache)
    assert first == again
    assert cached == len(urls)
    with TestClient(create_app(world_db)) as fresh:  # the same answers from a cold cache
        for url in urls:
            assert fresh.get(url).json() == first[url], url
    assert len(first["/api/actors?limit=3"]["items"]) == 3
    assert len(first["/api/network?limit_nodes=2"]["nodes"]) <= 2


def test_filtered_and_later_pages_are_not_cached(client: TestClient) -> None:
    db: Database = client.app.state.db  # type: ignore[attr-defined]
    before = set(db._cache)
    client.get("/api/network?country=MLI")
    client.get("/api/actors?q=mali")
    page = client.get("/api/actors?limit=1").json()
    if page["next_cursor"]:
        client.get(f"/api/actors?limit=1&cursor={page['next_cursor']}")
    assert set(db._cache) - before <= {("actors", 1)}


def test_parse_runs_in_one_worker_process() -> None:
    """POST /api/documents parses in a worker process (its NLP does not hold the server's GIL);
    the worker is started once and reused."""
    import os

    from dateline.serve.db import _parse_pool, parse_in_worker

    assert parse_in_worker([], None) == []  # type: ignore[arg-type]  # nothing to parse: no worker
    first = _parse_pool().submit(os.getpid).result()
    again = _parse_pool().submit(os.getpid).result()
    assert first == again != os.getpid()


def test_counts_are_kept_per_generation(world_db: Path) -> None:
    db = Database(world_db)
    try:
        t = db.tables
        sql, params = f"SELECT count(*) FROM {t.ev} v WHERE v.type = ?", ["PROTEST"]
        with db.reader() as cur:
            row = cur.execute(sql, params).fetchone()
        assert row is not None and row[0] > 0
        assert db.cached_count(t, sql, params, budget_s=None) == row[0]
        key = ("count", sql, ("PROTEST",), None)
        db._cache[key] = -1  # the next call is answered from the cache
        assert db.cached_count(t, sql, params, budget_s=None) == -1
        new = db.rebuild_index()  # a new generation counts again
        sql_new = sql.replace(t.ev, new.ev)
        assert db.cached_count(new, sql_new, params, budget_s=None) == row[0]
    finally:
        db.close()


def test_item_cache_keeps_the_current_generation_least_recently_used_first() -> None:
    cache = ItemCache(max_items=3)
    cache.put(1, {1: "a", 2: "b", 3: "c"})
    assert cache.get(1, [1, 2, 9]) == {1: "a", 2: "b"}  # 1 and 2 used: 3 is the oldest
    cache.put(1, {4: "d"})
    assert cache.get(1, [1, 2, 3, 4]) == {1: "a", 2: "b", 4: "d"}
    assert cache.get(0, [1]) == {}  # another generation's request finds nothing
    cache.put(2, {5: "e"})  # a new generation empties it
    assert cache.get(2, [1, 5]) == {5: "e"} and len(cache) == 1
    cache.put(1, {6: "f"})  # fetched on a generation already replaced: not kept
    assert cache.get(2, [6]) == {} and len(cache) == 1


def test_pages_from_the_item_cache_equal_fetched_ones(world_db: Path) -> None:
    urls = ["/api/events?limit=5", "/api/events?type=PROTEST", "/api/events?sort=type&limit=3"]
    with TestClient(create_app(world_db)) as c:
        first = [c.get(u).json() for u in urls]
        db: Database = c.app.state.db  # type: ignore[attr-defined]
        assert len(db.items) > 0
        again = [c.get(u).json() for u in urls]
        deeper = c.get(f"/api/events?limit=5&cursor={first[0]['next_cursor']}").json()
    assert first == again
    assert {e["event_id"] for e in deeper["items"]}.isdisjoint(
        e["event_id"] for e in first[0]["items"]
    )


def test_a_count_over_budget_is_remembered(world_db: Path) -> None:
    db = Database(world_db)
    try:
        t = db.tables
        calls: list[str] = []
        real = db.count

        def over_budget(sql: str, params: list[object], *, budget_s: float | None) -> None:
            calls.append(sql)
            return None

        db.count = over_budget  # type: ignore[assignment,method-assign]
        sql = f"SELECT count(*) FROM {t.ev}"
        assert db.cached_count(t, sql, [], budget_s=0.05) is None
        assert db.cached_count(t, sql, [], budget_s=0.05) is None
        assert len(calls) == 1  # the second call did not spend the budget again
        db.count = real  # type: ignore[method-assign]
        assert db.cached_count(t, sql, [], budget_s=None) is not None  # no budget: counted
    finally:
        db.close()
