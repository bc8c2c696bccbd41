"""Plain-text report of an :class:`~dateline.evaluate.scoring.Evaluation`."""

from __future__ import annotations

import json

from dateline.evaluate.scoring import Evaluation


def _pct(value: float | None) -> str:
    return "   -" if value is None else f"{value:.3f}"


def type_table(result: Evaluation) -> list[str]:
    """One line per event type: tp, fp, fn, precision, recall, F1."""
    lines = [f"{'type':10s} {'tp':>5s} {'fp':>5s} {'fn':>5s} {'P':>6s} {'R':>6s} {'F1':>6s}"]
    for name in sorted(result.per_type):
        s = result.per_type[name]
        lines.append(
            f"{name:10s} {s.tp:5d} {s.fp:5d} {s.fn:5d} "
            f"{_pct(s.precision):>6s} {_pct(s.recall):>6s} {_pct(s.f1):>6s}"
        )
    return lines


def render(result: Evaluation, show: int = 20) -> str:
    """Per-type table, up to ``show`` misses and extras, then the JSON summary line."""
    lines = type_table(result)
    if show:
        lines.append(f"misses ({len(result.misses)}):")
        lines += [f"MISS  {m.doc_id}\t{m.type}\t{m.evidence}" for m in result.misses[:show]]
        lines.append(f"extras ({len(result.extras)}):")
        lines += [f"EXTRA {x.doc_id}\t{x.type}\t{x.evidence}" for x in result.extras[:show]]
    lines.append(json.dumps(result.summary()))
    return "\n".join(lines)
