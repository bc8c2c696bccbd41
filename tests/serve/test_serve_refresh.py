"""The index refresher: builds after writes on a background thread, shared by the writes that
come during a build, at a lower CPU priority, with errors reported to the writers waiting."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from dateline.serve.db import Database
from dateline.serve.refresh import Refresher, RefreshError


def test_requests_during_a_build_share_the_next_one() -> None:
    release = threading.Event()
    started = threading.Event()
    builds: list[int] = []

    def build() -> None:
        builds.append(1)
        started.set()
        release.wait(10)

    r = Refresher(build)
    try:
        first = r.request()
        assert started.wait(10)  # the first build runs, blocked
        later = [r.request() for _ in range(5)]  # five writes meanwhile
        waiters = [threading.Thread(target=r.wait, args=(t, 10)) for t in (first, *later)]
        for w in waiters:
            w.start()
        release.set()
        for w in waiters:
            w.join(10)
            assert not w.is_alive()
        assert len(builds) == 2  # one for the first write, one for the five after it
        assert r.builds == 2
    finally:
        release.set()
        r.close()


def test_a_failed_build_is_reported_and_the_next_one_runs() -> None:
    outcomes = iter([RuntimeError("disk on fire"), None])

    def build() -> None:
        error = next(outcomes)
        if error is not None:
            raise error

    r = Refresher(build)
    try:
        with pytest.raises(RefreshError, match="disk on fire"):
            r.refresh(10)
        r.refresh(10)  # the thread survived and builds again
        assert r.builds == 2
    finally:
        r.close()


def test_wait_gives_up_after_its_timeout() -> None:
    release = threading.Event()
    r = Refresher(lambda: release.wait(10))
    try:
        with pytest.raises(RefreshError, match="did not finish"):
            r.refresh(0.2)
    finally:
        release.set()
        r.close()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-thread nice is Linux's")
def test_the_build_runs_at_a_lower_priority() -> None:
    if os.getpriority(os.PRIO_PROCESS, 0) >= 19:
        pytest.skip("the tests already run at the lowest priority")
    seen: list[int] = []
    r = Refresher(lambda: seen.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id())))
    try:
        r.refresh(10)
    finally:
        r.close()
    assert seen and seen[0] > os.getpriority(os.PRIO_PROCESS, threading.get_native_id())


def test_database_refresh_builds_a_new_generation(world_db: Path) -> None:
    db = Database(world_db)
    try:
        before = db.tables.generation
        db.refresh_index(30)
        assert db.tables.generation == before + 1
    finally:
        db.close()


def _running(pid: int) -> bool:
    """True while ``pid`` runs (a zombie left unreaped counts as ended)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_the_parse_worker_ends_when_the_server_is_killed() -> None:
    # a server that dies without shutting its pool down (SIGKILL, a crash) leaves no worker
    # (and it parses at a lower priority than the server's queries)
    code = (
        "import os; from dateline.serve import db; pool = db._parse_pool(); "
        "print(pool.submit(os.getpid).result(), os.getpriority(os.PRIO_PROCESS, 0), "
        "pool.submit(os.getpriority, os.PRIO_PROCESS, 0).result(), flush=True); os._exit(0)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    worker, server_nice, worker_nice = (int(v) for v in out.stdout.split())
    assert worker_nice > server_nice or server_nice == 19
    deadline = time.monotonic() + 15
    while _running(worker) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _running(worker)


def test_closing_stops_a_rebuild_under_way(world_db: Path) -> None:
    db = Database(world_db)
    started = threading.Event()
    real = db.rebuild_index

    def slow_build() -> object:
        started.set()
        cur = db._root.cursor()
        db._building = cur
        try:  # a query that would run for minutes, interrupted by close()
            cur.execute(
                "SELECT count(*) FROM range(100000000) a, range(1000) b WHERE a.range + b.range < 0"
            )
        finally:
            db._building = None
            cur.close()
        return real()

    db._refresher._build = slow_build  # type: ignore[method-assign]
    ticket = db._refresher.request()
    assert started.wait(10)
    time.sleep(0.5)  # the query is running
    t0 = time.monotonic()
    db.close()
    assert time.monotonic() - t0 < 20
    with pytest.raises(RefreshError):
        db._refresher.wait(ticket, 1)
