"""Fixtures for the merge tests: our dedup corpus, as output-v1 records and as results."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from dateline.merge import result_from_output
from dateline.merge.evaluate import MentionKey, load_corpus
from dateline.records import ArticleResult

CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "dedup" / "corpus.yaml"


@pytest.fixture(scope="session")
def corpus() -> tuple[list[dict[str, Any]], dict[MentionKey, str]]:
    return load_corpus(CORPUS)


@pytest.fixture(scope="session")
def corpus_results(
    corpus: tuple[list[dict[str, Any]], dict[MentionKey, str]],
) -> list[ArticleResult]:
    return [result_from_output(r) for r in corpus[0]]
