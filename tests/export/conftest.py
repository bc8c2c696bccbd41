from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from interop_factories import all_results

from dateline.store import Store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A store holding three hand-made articles (two report the same arrest)."""
    with Store(tmp_path / "interop.duckdb") as s:
        for result in all_results():
            s.write(result)
        yield s
