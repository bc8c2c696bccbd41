"""The server's database: one DuckDB instance per process, reads on cursors, writes serialised.

DuckDB lets one process open a database file; inside it, a connection must not be shared by
threads, but each ``cursor()`` is a connection of its own to the same database. So the server
opens one in-memory DuckDB (which also holds the serve index, :mod:`dateline.serve.index`),
ATTACHes the store file to it as ``store`` (read-only unless writes are enabled), gives every
request a fresh cursor whose default database is the store, and runs writes one at a time
under a lock through the ordinary :class:`dateline.store.Store` write path.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import duckdb

from dateline.config import Settings
from dateline.records import Article, ArticleResult, RecordError
from dateline.serve import index
from dateline.serve.queries import Tables
from dateline.serve.refresh import BACKGROUND_NICE, Refresher, RefreshError, lower_thread_priority
from dateline.serve.watchdog import Deadline, Watchdog
from dateline.store import Store, StoreError, WriteReport

STORE_ALIAS = "store"
#: list items (pre-rendered JSON, ~1 kB each) kept for the current index generation
ITEM_CACHE_MAX = 32_768
# answers kept per index generation (small: totals, and the unfiltered aggregates' JSON)
CACHE_MAX_ENTRIES = 4096
#: idle cursors kept for the next requests (more are opened when more requests run at once)
POOL_MAX_IDLE = 64

T = TypeVar("T")


class QueryTimeout(RuntimeError):
    """A query ran longer than the request timeout and was interrupted."""


_pool: ProcessPoolExecutor | None = None
_pool_lock = threading.Lock()


def _parse(articles: list[Article], settings: Settings) -> list[ArticleResult]:
    """The pipeline on ``articles`` (runs in the parse worker; pure: articles in, results out)."""
    from dateline.pipeline import process

    return list(process(articles, settings))


def _worker_init(parent_pid: int) -> None:
    """Pool initializer: the worker runs at a lower CPU priority (the NLP of a POST is
    background work next to the queries), and ends when the server process is gone (killed,
    say, with no chance to shut the pool down) instead of staying behind with the spaCy
    model."""
    lower_thread_priority(BACKGROUND_NICE)  # the worker's main thread: the one that parses

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, name="dateline-parent-watch", daemon=True).start()


def _parse_pool() -> ProcessPoolExecutor:
    """The server's one parse worker process, started on the first POST. Its own interpreter
    (spawned: not a fork of the server's threads) holds the spaCy model, so the NLP of an
    ingest does not hold the GIL the requests need. (A forkserver, used before, outlived a
    killed server together with its worker.)"""
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ProcessPoolExecutor(
                max_workers=1,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_worker_init,
                initargs=(os.getpid(),),
            )
        return _pool


def shutdown_parse_pool() -> None:
    """Stop the parse worker (the server calls this when it shuts down); the next POST would
    start another."""
    global _pool
    with _pool_lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)


def parse_in_worker(articles: list[Article], settings: Settings) -> list[ArticleResult]:
    """:func:`_parse` in the parse worker; a worker that died is replaced on the next call and
    the articles are parsed again once in a new one."""
    global _pool
    if not articles:
        return []
    for attempt in (1, 2):
        pool = _parse_pool()
        try:
            return pool.submit(_parse, articles, settings).result()
        except BrokenProcessPool:
            with _pool_lock:
                if _pool is pool:
                    _pool = None
            pool.shutdown(wait=False)
            if attempt == 2:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


class ItemCache:
    """The list items of the current index generation last fetched, by ``rk_date``, least
    recently used dropped first. An item never changes within a generation, so a page fetched
    again (the first page of a common filter, the pages of a list being read) needs no
    statement for the items it already has; a new generation empties it."""

    def __init__(self, max_items: int = ITEM_CACHE_MAX) -> None:
        self.max_items = max_items
        self._lock = threading.Lock()
        self._generation = 0
        self._items: OrderedDict[int, str] = OrderedDict()

    def get(self, generation: int, ranks: Iterable[int]) -> dict[int, str]:
        with self._lock:
            if generation != self._generation:
                return {}
            found: dict[int, str] = {}
            for rk in ranks:
                item = self._items.get(rk)
                if item is not None:
                    self._items.move_to_end(rk)
                    found[rk] = item
            return found

    def put(self, generation: int, items: dict[int, str]) -> None:
        with self._lock:
            if generation > self._generation:
                self._generation = generation
                self._items.clear()
            if generation != self._generation:
                return  # fetched on a generation already replaced
            self._items.update(items)
            while len(self._items) > self.max_items:
                self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)


@dataclass(frozen=True, slots=True)
class IngestReport:
    stored: int
    unchanged: int
    errors: list[str]
    run_id: str


class Database:
    """The store at ``path``, opened for the server. ``writable`` takes the write lock;
    ``query_threads`` is DuckDB's thread count (1: each query on its request's thread)."""

    def __init__(self, path: str | Path, *, writable: bool = False, query_threads: int = 1) -> None:
        self.path = str(path)
        self.writable = writable
        # create (when writable) and migrate the store with the ordinary code, then let go
        Store(self.path, read_only=not writable).close()
        self._root = duckdb.connect(":memory:")
        self._root.execute("SET enable_progress_bar = false")
        # each query runs on its request's thread alone: under concurrent requests that uses
        # the cores as well as intra-query parallelism does, with less hand-over, and leaves the
        # index rebuild (on a low-priority thread) out of the queries' way
        self._root.execute(f"SET threads = {int(query_threads)}")
        mode = "" if writable else " (READ_ONLY)"
        try:
            self._root.execute(f"ATTACH {_quote(self.path)} AS {STORE_ALIAS}{mode}")
        except duckdb.Error as exc:
            self._root.close()
            raise StoreError(f"cannot open {self.path}: {exc}") from exc
        self._write_lock = threading.Lock()
        self._watchdog = Watchdog()
        self._pool_lock = threading.Lock()
        self._idle: list[duckdb.DuckDBPyConnection] = []
        self._cache_lock = threading.Lock()
        self._cache_generation = 0
        self._cache: dict[Hashable, Any] = {}
        self.items = ItemCache()
        self._generation = 0
        self._build_lock = threading.Lock()
        self._building: duckdb.DuckDBPyConnection | None = None  # the build's cursor, if any
        self._tables: Tables | None = None
        self.rebuild_index()  # the first generation, before any request
        self._refresher = Refresher(self.rebuild_index)

    # ------------------------------------------------------------ reading

    @property
    def tables(self) -> Tables:
        assert self._tables is not None
        return self._tables

    def _take(self) -> duckdb.DuckDBPyConnection:
        """An idle cursor (its default database the store), or a new one.

        Opening a cursor and running ``USE`` on it cost a good part of a request's time on the
        event loop's thread (the dependency that opens it runs there); reused, they cost a
        list pop."""
        with self._pool_lock:
            if self._idle:
                return self._idle.pop()
        cur = self._root.cursor()
        cur.execute(f"USE {STORE_ALIAS}")
        return cur

    def _give_back(self, cur: duckdb.DuckDBPyConnection, *, reusable: bool) -> None:
        """Return a cursor to the pool; one a timeout may have interrupted is closed instead
        (an interrupt that lands after its query ended must not hit the next request's)."""
        if reusable:
            with self._pool_lock:
                if len(self._idle) < POOL_MAX_IDLE:
                    self._idle.append(cur)
                    return
        cur.close()

    @contextmanager
    def _leased(self, limit_s: float | None) -> Iterator[duckdb.DuckDBPyConnection]:
        """A pooled cursor whose queries are interrupted after ``limit_s`` (None: never)."""
        cur = self._take()
        timer: Deadline | None = None
        reusable = False
        try:
            if limit_s:
                timer = self._watchdog.schedule(limit_s, cur.interrupt)
            yield cur
            reusable = timer is None or timer.cancel()
            timer = None
        finally:
            if timer is not None:
                timer.cancel()
            self._give_back(cur, reusable=reusable)

    @contextmanager
    def reader(self, timeout_s: float | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor for one request; with ``timeout_s``, queries past it are interrupted."""
        with self._leased(timeout_s) as cur:
            try:
                yield cur
            except duckdb.InterruptException as exc:
                raise QueryTimeout("the query took too long and was stopped") from exc

    def count(self, sql: str, params: list[Any], *, budget_s: float | None) -> int | None:
        """``SELECT count(*) ...`` on a cursor of its own; None when it takes over ``budget_s``."""
        try:
            with self._leased(budget_s) as cur:
                row = cur.execute(sql, params).fetchone()
                return int(row[0]) if row else 0
        except duckdb.InterruptException:
            return None

    def cached_count(
        self, tables: Tables, sql: str, params: list[Any], *, budget_s: float | None
    ) -> int | None:
        """:meth:`count`, kept per index generation: the same filters counted again (the
        first page of a list a dashboard reloads) cost a dict look-up. A count that ran out of
        its budget is remembered as such (with the budget), so the same filters do not spend
        the budget again on this generation."""
        key = ("count", sql, tuple(params), budget_s)
        return self.cached(tables, key, lambda: self.count(sql, params, budget_s=budget_s))

    def cached(self, tables: Tables, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()``'s answer for ``key`` on this index generation, computed once.

        For answers that change only when the index is rebuilt (the totals, the unfiltered
        aggregates): a rebuild starts a new generation and empties the cache. An answer computed
        on a generation that is no longer current is returned but not kept. At most
        ``CACHE_MAX_ENTRIES`` answers are kept (past that the cache starts again)."""
        with self._cache_lock:
            if self._cache_generation == tables.generation and key in self._cache:
                hit: T = self._cache[key]
                return hit
        value = compute()
        with self._cache_lock:
            current = self._tables is not None and self._tables.generation == tables.generation
            if current:
                if self._cache_generation != tables.generation or (
                    len(self._cache) >= CACHE_MAX_ENTRIES
                ):
                    self._cache = {}
                    self._cache_generation = tables.generation
                self._cache[key] = value
        return value

    # ------------------------------------------------------------ the index

    def rebuild_index(self) -> Tables:
        """Build a new index generation and switch requests to it; the one before the previous
        is dropped (a request still on the previous one finishes on it).

        The build reads the store in one transaction (a snapshot: a write committed meanwhile
        is in the next generation, not half in this one), so it does not hold up writes."""
        with self._build_lock:
            self._generation += 1
            new = Tables(self._generation)
            cur = self._root.cursor()
            self._building = cur
            try:
                cur.execute(f"USE {STORE_ALIAS}")
                cur.execute("BEGIN TRANSACTION")
                try:
                    index.build(cur, new)
                except BaseException:
                    with contextlib.suppress(duckdb.Error):
                        cur.execute("ROLLBACK")
                    raise
                cur.execute("COMMIT")
                self._tables = new
                if self._generation > 2:
                    index.drop(cur, Tables(self._generation - 2))
            finally:
                self._building = None
                cur.close()
            return new

    def refresh_index(self, timeout_s: float | None = None) -> None:
        """Have the refresher thread rebuild the index with every write committed so far, and
        wait for it (builds for writes that come meanwhile are shared)."""
        self._refresher.refresh(timeout_s)

    # ------------------------------------------------------------ writing

    def ingest(
        self, articles: Iterable[Article], errors: list[RecordError], settings: Settings
    ) -> IngestReport:
        """Run the pipeline on ``articles`` (in the parse worker process), store the results
        (and ``errors``) as one run under the write lock, refresh the merged view when it is in
        use, and rebuild the index."""
        from dateline.store import merged

        if not self.writable:
            raise StoreError("the store is open read-only")
        results = parse_in_worker(list(articles), settings)
        items: list[ArticleResult | RecordError] = [*errors, *results]
        messages = [f"{e.origin}: {e.reason}" for e in errors]
        with self._write_lock:
            cur = self._root.cursor()
            try:
                cur.execute(f"USE {STORE_ALIAS}")
                store = Store.over(cur, self.path)
                with store.ingestion("serve", ["POST /api/documents"]) as ingestion:
                    for item in items:
                        ingestion.add(item)
                report: WriteReport = ingestion.report
                for item in items:
                    if isinstance(item, ArticleResult) and item.status == "error":
                        messages.append(f"{item.article.id}: {item.reason}")
                messages.extend(f"{f.origin}: {f.reason}" for f in report.failures)
                in_use = cur.execute("SELECT count(*) FROM merge_state").fetchone()
                if in_use and in_use[0]:
                    merged.refresh(store)
            finally:
                cur.close()
        try:
            self.refresh_index()
        except RefreshError as exc:
            messages.append(f"stored, but not yet searchable: {exc}")
        return IngestReport(
            stored=report.inserted + report.replaced,
            unchanged=report.unchanged,
            errors=messages,
            run_id=ingestion.run_id,
        )

    def close(self) -> None:
        building = self._building
        if building is not None:  # a rebuild under way: stop it rather than wait for it
            with contextlib.suppress(duckdb.Error):
                building.interrupt()
        self._refresher.close(timeout_s=30.0)
        with self._pool_lock:
            idle, self._idle = self._idle, []
        for cur in idle:
            cur.close()
        self._root.close()
