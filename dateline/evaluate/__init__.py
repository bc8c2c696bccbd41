"""``dateline eval``: score dateline output against gold data in the ``../shared/eval`` format.

- :func:`evaluate` (gold docs, system docs) -> :class:`Evaluation` with ``summary()`` (the
  metrics of the shared scorer), ``per_type``, ``misses`` and ``extras``;
- :func:`run_system` runs dateline on the gold texts when no system file is given;
- :func:`render` formats the report.
"""

from __future__ import annotations

from dateline.evaluate.report import render, type_table
from dateline.evaluate.run import gold_articles, run_system
from dateline.evaluate.scoring import (
    EvalError,
    Evaluation,
    Finding,
    TypeScore,
    evaluate,
    keep_types,
    load_docs,
)

__all__ = [
    "EvalError",
    "Evaluation",
    "Finding",
    "TypeScore",
    "evaluate",
    "gold_articles",
    "keep_types",
    "load_docs",
    "render",
    "run_system",
    "type_table",
]
