"""``process()`` over a pool of worker processes.

Each worker loads the spaCy pipeline(s) once, then runs the very function of the in-process
path (:func:`dateline.pipeline.process`) on chunks of articles, and gives the memory the chunk
freed back to the OS (:mod:`dateline.runner.memory`), so a worker's memory stays flat. The parent streams the input:
it keeps at most ``window`` chunks in flight and yields results in input order, so memory
depends on the window, never on the size of the corpus.

An input that fits in one chunk is processed in-process: starting workers would cost more
than it saves.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import chain, islice

from dateline.config import Settings
from dateline.records import Article, ArticleResult
from dateline.runner.memory import parse_settings, release_memory, releasing

__all__ = ["WorkerCrashed", "chunked", "parallel_process"]

_settings: Settings | None = None  # set in each worker by _init_worker
RECYCLE_AFTER = 200  # chunks per worker process (6,400 articles at the default batch size)


class WorkerCrashed(RuntimeError):
    """A worker process died (killed, out of memory); the run cannot go on safely."""


def chunked(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    """Consecutive lists of ``size`` items (the last may be shorter), read lazily."""
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def _init_worker(settings: Settings) -> None:
    global _settings
    _settings = settings
    from dateline.nlp import load_pipeline

    for name in set(settings.pipelines.values()):
        load_pipeline(name)  # once per worker, before the first chunk


def _work(chunk: list[Article]) -> list[ArticleResult]:
    from dateline.pipeline import process

    assert _settings is not None, "worker not initialised"
    results = list(process(chunk, _settings))
    release_memory()  # the chunk's parse is garbage now: keep the worker's memory flat
    return results


def _context() -> multiprocessing.context.BaseContext:
    # forkserver: children fork from a clean server process (no threads of the parent, such as
    # a progress bar's), with dateline's imports preloaded once.
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["dateline.pipeline"])
        return ctx
    return multiprocessing.get_context("spawn")  # pragma: no cover - Windows


def parallel_process(
    articles: Iterable[Article],
    settings: Settings,
    workers: int,
    chunk_size: int | None = None,
    window: int | None = None,
    recycle_after: int | None = RECYCLE_AFTER,
) -> Iterator[ArticleResult]:
    """Like ``process(articles, settings)``, over ``workers`` processes; same results, same order.

    ``chunk_size`` articles go to a worker at a time (default: ``settings.batch_size``); at most
    ``window`` chunks are in flight (default: two per worker). A worker is replaced by a fresh
    one after ``recycle_after`` chunks (None: never), so what grows with the text seen (spaCy's
    string store, caches) cannot grow without bound on a long run.
    """
    if workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers}")
    size = chunk_size or settings.batch_size
    limit = window or 2 * workers
    chunks = chunked(articles, size)
    first = next(chunks, None)
    if first is None:
        return
    second = next(chunks, None)
    if workers == 1 or second is None:
        from dateline.pipeline import process

        rest = chain.from_iterable(chunks) if second is not None else ()
        articles_in_order = chain(first, second or (), rest)
        yield from releasing(process(articles_in_order, parse_settings(settings)), size)
        return

    pending: deque[Future[list[ArticleResult]]] = deque()
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=_context(),
        initializer=_init_worker,
        initargs=(parse_settings(settings),),
        max_tasks_per_child=recycle_after,
    ) as pool:
        try:
            for chunk in _prepend((first, second), chunks):
                pending.append(pool.submit(_work, chunk))
                while len(pending) >= limit:
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()
        except BrokenProcessPool as exc:
            raise WorkerCrashed(
                "a worker process died (killed or out of memory); output so far is complete "
                "up to the last article written"
            ) from exc
        finally:
            for future in pending:
                future.cancel()


def _prepend(
    head: tuple[list[Article], ...], rest: Iterator[list[Article]]
) -> Iterator[list[Article]]:
    yield from head
    yield from rest
