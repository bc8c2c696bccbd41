"""The index refresher: one background thread, at a lower CPU priority, that rebuilds the serve
index after writes, several writes at a time.

A rebuild on a large store takes tens of seconds of CPU. Run in the request's thread at the
server's priority (as it was), each POST's rebuild took the cores the queries needed and a
burst of POSTs rebuilt once per POST. Here a write asks for a refresh and gets a *ticket*; the
refresher thread builds one generation for every ticket issued before the build started (its
snapshot includes their writes) and the writer waits until its ticket is covered, so a POST
still returns only once its events can be queried. The thread lowers its own scheduling
priority (``nice``, Linux: per thread) so that, with DuckDB running each query in its caller's
thread, the kernel gives the cores to the queries first and the rebuild the time left over.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable

#: how much background work (the refresher thread, the parse worker) lowers its priority
#: (``nice`` increment; 19 is the lowest)
BACKGROUND_NICE = 10


class RefreshError(RuntimeError):
    """The index could not be rebuilt after a write (the write itself is stored)."""


def lower_thread_priority(increment: int = BACKGROUND_NICE) -> bool:
    """Lower the calling thread's CPU priority by ``increment``; False where the platform has
    no per-thread priority (then the thread keeps the process's)."""
    if increment <= 0 or not hasattr(os, "setpriority"):
        return False
    try:
        tid = threading.get_native_id()
        current = os.getpriority(os.PRIO_PROCESS, tid)
        os.setpriority(os.PRIO_PROCESS, tid, min(19, current + increment))
    except OSError:
        return False
    return True


class Refresher:
    """Runs ``build()`` on a background thread whenever a refresh is requested; requests that
    arrive while a build runs are served together by the next one."""

    def __init__(self, build: Callable[[], object], *, nice: int = BACKGROUND_NICE) -> None:
        self._build = build
        self._nice = nice
        self._cond = threading.Condition()
        self._issued = 0  # the last ticket given out
        self._covered = 0  # every ticket up to this one is in the current index
        self._failed: dict[int, BaseException] = {}  # ticket -> the error of its build
        self._closing = False
        self._n_builds = 0
        self._thread = threading.Thread(target=self._run, name="dateline-index", daemon=True)
        self._thread.start()

    @property
    def builds(self) -> int:
        """How many builds have run."""
        return self._n_builds

    def request(self) -> int:
        """Ask for a refresh that includes every write committed so far; returns the ticket
        to :meth:`wait` on."""
        with self._cond:
            if self._closing:
                raise RefreshError("the server is shutting down")
            self._issued += 1
            self._cond.notify_all()
            return self._issued

    def wait(self, ticket: int, timeout_s: float | None = None) -> None:
        """Block until the index includes the writes before ``ticket`` was issued; raises
        :class:`RefreshError` when that build failed or did not finish in ``timeout_s``."""
        with self._cond:
            done = self._cond.wait_for(
                lambda: self._covered >= ticket or ticket in self._failed or self._closing,
                timeout_s,
            )
            if ticket in self._failed:
                raise RefreshError(f"the index rebuild failed: {self._failed.pop(ticket)}")
            if not done or self._covered < ticket:
                raise RefreshError("the index rebuild did not finish in time")

    def refresh(self, timeout_s: float | None = None) -> None:
        """:meth:`request` and :meth:`wait`."""
        self.wait(self.request(), timeout_s)

    def close(self, timeout_s: float = 5.0) -> None:
        with self._cond:
            self._closing = True
            self._cond.notify_all()
        self._thread.join(timeout_s)

    def _run(self) -> None:
        lower_thread_priority(self._nice)
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._issued > self._covered or self._closing)
                if self._closing:
                    return
                target = self._issued  # every write up to this ticket committed before now
            error: BaseException | None = None
            try:
                self._build()
            except Exception as exc:  # reported to the writers waiting, the thread goes on
                error = exc
            with self._cond:
                self._n_builds += 1
                if error is not None:
                    for ticket in range(self._covered + 1, target + 1):
                        self._failed[ticket] = error
                self._covered = target
                self._cond.notify_all()
