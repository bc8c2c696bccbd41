"""Freed memory is given back between batches: order and items untouched, calls counted."""

from __future__ import annotations

import pytest

from dateline.runner import memory
from dateline.runner.memory import release_memory, releasing


def test_release_memory_runs() -> None:
    assert release_memory() in (True, False)  # glibc: True when pages were returned


def test_releasing_keeps_items_and_order_and_releases_every_n(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[int] = []
    seen: list[int] = []
    monkeypatch.setattr(memory, "release_memory", lambda: calls.append(len(seen)) or True)
    for item in releasing(range(7), 3):
        seen.append(item)
    assert seen == list(range(7))
    assert calls == [3, 6, 7]  # after every 3 items and at the end


def test_releasing_refuses_zero() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        list(releasing([1], 0))


def test_releasing_returns_memory_a_big_allocation_left_behind() -> None:
    def rss_kib() -> int:
        with open("/proc/self/status", encoding="ascii") as f:
            return next(int(line.split()[1]) for line in f if line.startswith("VmRSS"))

    pytest.importorskip("ctypes")
    if memory._malloc_trim() is None:
        pytest.skip("not glibc")
    keep = []
    chunks = [bytearray(1024) for _ in range(200_000)]  # ~200 MiB of small heap blocks
    keep.append(bytearray(64))  # allocated last: holds the top of the heap in place
    del chunks
    freed = rss_kib()  # CPython freed the blocks, glibc kept the pages
    release_memory()
    after = rss_kib()
    assert freed - after > 100 * 1024  # more than 100 MiB given back to the OS
    assert keep


def test_parse_settings_caps_the_spacy_batch() -> None:
    from dataclasses import replace

    from dateline.config import Settings
    from dateline.runner.memory import PARSE_BATCH, parse_settings

    assert parse_settings(replace(Settings(), batch_size=32)).batch_size == PARSE_BATCH
    small = replace(Settings(), batch_size=4)
    assert parse_settings(small) is small  # an upper bound: smaller batches are kept
    # the output does not depend on the batch: tests/runner/test_local.py compares the pool
    # (batches of 2 or 3) with the in-process run (one batch of 10) byte for byte
