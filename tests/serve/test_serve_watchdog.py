"""The shared watchdog that interrupts queries past their deadline (one thread, not a Timer per
request)."""

from __future__ import annotations

import threading
import time

from dateline.serve.watchdog import Watchdog


def test_actions_run_at_their_deadlines_in_order() -> None:
    dog = Watchdog()
    ran: list[str] = []
    done = threading.Event()
    dog.schedule(0.15, lambda: (ran.append("late"), done.set()))
    dog.schedule(0.05, lambda: ran.append("early"))
    assert done.wait(5)
    assert ran == ["early", "late"]
    assert dog.pending == 0


def test_cancelled_action_never_runs() -> None:
    dog = Watchdog()
    ran: list[str] = []
    handle = dog.schedule(0.05, lambda: ran.append("cancelled"))
    done = threading.Event()
    dog.schedule(0.1, done.set)
    handle.cancel()
    handle.cancel()  # twice is harmless
    assert done.wait(5)
    time.sleep(0.05)
    assert ran == []
    assert dog.pending == 0


def test_one_thread_serves_many_deadlines() -> None:
    dog = Watchdog()
    before = threading.active_count()
    handles = [dog.schedule(30, lambda: None) for _ in range(500)]
    assert threading.active_count() == before + 1
    assert dog.pending == 500
    for h in handles:
        h.cancel()
    assert dog.pending == 0


def test_an_earlier_deadline_wakes_the_thread() -> None:
    dog = Watchdog()
    dog.schedule(30, lambda: None)
    fired = threading.Event()
    start = time.perf_counter()
    dog.schedule(0.05, fired.set)
    assert fired.wait(5)
    assert time.perf_counter() - start < 2


def test_a_failing_action_does_not_stop_the_watchdog() -> None:
    dog = Watchdog()

    def boom() -> None:
        raise RuntimeError("closed cursor")

    dog.schedule(0.01, boom)
    fired = threading.Event()
    dog.schedule(0.05, fired.set)
    assert fired.wait(5)
