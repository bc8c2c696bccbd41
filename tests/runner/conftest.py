"""A small corpus (the first bundled samples) and its in-process, one-worker output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dateline.config import Settings
from dateline.output import to_output
from dateline.pipeline import run

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "articles.jsonl"
N_ARTICLES = 10


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    lines = SAMPLES.read_text(encoding="utf-8").splitlines()[:N_ARTICLES]
    path = tmp_path_factory.mktemp("corpus") / "articles.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def reference_lines(corpus: Path) -> list[str]:
    """Output-v1 lines of the plain in-process run (workers=1)."""
    lines = [
        json.dumps(to_output(item), ensure_ascii=False)
        for item in run([str(corpus)], Settings(), workers=1)
        if not hasattr(item, "reason") or hasattr(item, "article")
    ]
    assert len(lines) == N_ARTICLES
    return lines
