"""One daemon thread that interrupts DuckDB queries past their deadline.

A ``threading.Timer`` per request (a thread started and joined for each) cost about half the
server's CPU under load; here every deadline goes on one heap served by one thread, and
cancelling marks the entry instead of removing it.
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(order=True, slots=True)
class _Entry:
    deadline: float
    seq: int
    action: Callable[[], object] = field(compare=False)
    cancelled: bool = field(default=False, compare=False)


class Deadline:
    """A handle on a scheduled action; ``cancel()`` before the deadline keeps it from running."""

    __slots__ = ("_entry", "_watchdog")

    def __init__(self, watchdog: Watchdog, entry: _Entry) -> None:
        self._watchdog = watchdog
        self._entry = entry

    def cancel(self) -> bool:
        """Cancel the action; False when it was too late (the action has run or is running)."""
        return self._watchdog._cancel(self._entry)


class Watchdog:
    """Runs ``action`` at ``time.monotonic() + delay_s`` unless cancelled first; the thread is
    started on first use and sleeps while the heap is empty."""

    def __init__(self) -> None:
        self._heap: list[_Entry] = []
        self._cond = threading.Condition(threading.Lock())
        self._seq = itertools.count()
        self._thread: threading.Thread | None = None
        self._live = 0  # entries on the heap not cancelled

    def schedule(self, delay_s: float, action: Callable[[], object]) -> Deadline:
        entry = _Entry(time.monotonic() + delay_s, next(self._seq), action)
        with self._cond:
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="dateline-serve-watchdog", daemon=True
                )
                self._thread.start()
            heapq.heappush(self._heap, entry)
            self._live += 1
            if self._heap[0] is entry:  # a new earliest deadline: wake the thread to re-wait
                self._cond.notify()
        return Deadline(self, entry)

    def _cancel(self, entry: _Entry) -> bool:
        with self._cond:
            if entry.cancelled:  # cancelled before, or taken off the heap to run
                return False
            entry.cancelled = True
            self._live -= 1
            if self._live == 0:  # nothing left to wait for: let the heap go
                self._heap.clear()
            elif len(self._heap) > 4 * self._live + 1024:  # mostly dead entries: compact
                self._heap = [e for e in self._heap if not e.cancelled]
                heapq.heapify(self._heap)
            return True

    @property
    def pending(self) -> int:
        """Scheduled actions neither run nor cancelled."""
        with self._cond:
            return self._live

    def _run(self) -> None:
        while True:
            with self._cond:
                while True:
                    while self._heap and self._heap[0].cancelled:
                        heapq.heappop(self._heap)
                    if not self._heap:
                        self._cond.wait()
                        continue
                    wait = self._heap[0].deadline - time.monotonic()
                    if wait <= 0:
                        entry = heapq.heappop(self._heap)
                        entry.cancelled = True
                        self._live -= 1
                        break
                    self._cond.wait(wait)
            # an action's failure (say, interrupting a cursor closed meanwhile) must not stop
            # the watchdog
            with contextlib.suppress(Exception):
                entry.action()
