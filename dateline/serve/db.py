"""The server's database: one DuckDB instance per process, reads on cursors, writes serialised.

DuckDB lets one process open a database file; inside it, a connection must not be shared by
threads, but each ``cursor()`` is a connection of its own to the same database. So the server
opens one in-memory DuckDB (which also holds the serve index, :mod:`dateline.serve.index`),
ATTACHes the store file to it as ``store`` (read-only unless writes are enabled), gives every
request a fresh cursor whose default database is the store, and runs writes one at a time
under a lock through the ordinary :class:`dateline.store.Store` write path.
"""

from __future__ import annotations

import multiprocessing
import threading
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
from dateline.serve.watchdog import Deadline, Watchdog
from dateline.store import Store, StoreError, WriteReport

STORE_ALIAS = "store"
CACHE_MAX_ENTRIES = 256

T = TypeVar("T")


class QueryTimeout(RuntimeError):
    """A query ran longer than the request timeout and was interrupted."""


_pool: ProcessPoolExecutor | None = None
_pool_lock = threading.Lock()


def _parse(articles: list[Article], settings: Settings) -> list[ArticleResult]:
    """The pipeline on ``articles`` (runs in the parse worker; pure: articles in, results out)."""
    from dateline.pipeline import process

    return list(process(articles, settings))


def _parse_pool() -> ProcessPoolExecutor:
    """The server's one parse worker process, started on the first POST. Its own interpreter
    (forkserver: not a fork of the server's threads) holds the spaCy model, so the NLP of an
    ingest does not hold the GIL the requests need."""
    global _pool
    with _pool_lock:
        if _pool is None:
            ctx: multiprocessing.context.BaseContext
            if "forkserver" in multiprocessing.get_all_start_methods():
                ctx = multiprocessing.get_context("forkserver")
                ctx.set_forkserver_preload(["dateline.pipeline"])
            else:  # pragma: no cover - Windows
                ctx = multiprocessing.get_context("spawn")
            _pool = ProcessPoolExecutor(max_workers=1, mp_context=ctx)
        return _pool


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


@dataclass(frozen=True, slots=True)
class IngestReport:
    stored: int
    unchanged: int
    errors: list[str]
    run_id: str


class Database:
    """The store at ``path``, opened for the server. ``writable`` takes the write lock."""

    def __init__(self, path: str | Path, *, writable: bool = False) -> None:
        self.path = str(path)
        self.writable = writable
        # create (when writable) and migrate the store with the ordinary code, then let go
        Store(self.path, read_only=not writable).close()
        self._root = duckdb.connect(":memory:")
        self._root.execute("SET enable_progress_bar = false")
        mode = "" if writable else " (READ_ONLY)"
        try:
            self._root.execute(f"ATTACH {_quote(self.path)} AS {STORE_ALIAS}{mode}")
        except duckdb.Error as exc:
            self._root.close()
            raise StoreError(f"cannot open {self.path}: {exc}") from exc
        self._write_lock = threading.Lock()
        self._watchdog = Watchdog()
        self._cache_lock = threading.Lock()
        self._cache_generation = 0
        self._cache: dict[Hashable, Any] = {}
        self._generation = 0
        self._tables: Tables | None = None
        self.rebuild_index()

    # ------------------------------------------------------------ reading

    @property
    def tables(self) -> Tables:
        assert self._tables is not None
        return self._tables

    @contextmanager
    def reader(self, timeout_s: float | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor for one request; with ``timeout_s``, queries past it are interrupted."""
        cur = self._root.cursor()
        timer: Deadline | None = None
        try:
            cur.execute(f"USE {STORE_ALIAS}")
            if timeout_s:
                timer = self._watchdog.schedule(timeout_s, cur.interrupt)
            try:
                yield cur
            except duckdb.InterruptException as exc:
                raise QueryTimeout("the query took too long and was stopped") from exc
        finally:
            if timer is not None:
                timer.cancel()
            cur.close()

    def count(self, sql: str, params: list[Any], *, budget_s: float | None) -> int | None:
        """``SELECT count(*) ...`` on a cursor of its own; None when it takes over ``budget_s``."""
        cur = self._root.cursor()
        timer: Deadline | None = None
        try:
            cur.execute(f"USE {STORE_ALIAS}")
            if budget_s:
                timer = self._watchdog.schedule(budget_s, cur.interrupt)
            row = cur.execute(sql, params).fetchone()
            return int(row[0]) if row else 0
        except duckdb.InterruptException:
            return None
        finally:
            if timer is not None:
                timer.cancel()
            cur.close()

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
        is dropped (a request still on the previous one finishes on it)."""
        with self._write_lock:
            return self._rebuild_locked()

    def _rebuild_locked(self) -> Tables:
        self._generation += 1
        new = Tables(self._generation)
        cur = self._root.cursor()
        try:
            cur.execute(f"USE {STORE_ALIAS}")
            index.build(cur, new)
            self._tables = new
            if self._generation > 2:
                index.drop(cur, Tables(self._generation - 2))
        finally:
            cur.close()
        return new

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
                self._rebuild_locked()
            finally:
                cur.close()
        return IngestReport(
            stored=report.inserted + report.replaced,
            unchanged=report.unchanged,
            errors=messages,
            run_id=ingestion.run_id,
        )

    def close(self) -> None:
        self._root.close()
