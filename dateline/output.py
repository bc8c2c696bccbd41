"""Output-v1: one JSON object per article (see docs/output.md and ../shared/spec/output-v1.md).

The contract is stable: fields may be added, never renamed or dropped.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from dateline.records import ArticleResult, EventMention, RecordError

OUTPUT_VERSION = "1"


def _actor(a: Any) -> dict[str, Any]:
    return {k: v for k, v in asdict(a).items() if k not in ("start", "end") or v is not None}


def event_to_dict(ev: EventMention) -> dict[str, Any]:
    return {
        "id": ev.id,
        "type": ev.type,
        "mode": ev.mode,
        "source": [_actor(a) for a in ev.source],
        "target": [_actor(a) for a in ev.target],
        "date": ev.date,
        "date_basis": ev.date_basis,
        "location": asdict(ev.location) if ev.location else None,
        "negated": ev.negated,
        "future": ev.future,
        "hypothetical": ev.hypothetical,
        "attributed_to": ev.attributed_to,
        "evidence": {
            "sentence": ev.sentence_text,
            "start": ev.start,
            "end": ev.end,
            "trigger": ev.trigger,
            "trigger_start": ev.trigger_start,
            "trigger_end": ev.trigger_end,
            "sentence_index": ev.sentence,
        },
        "confidence": round(ev.confidence, 3),
        "counts": [asdict(c) for c in ev.counts],
        "act_type": ev.act_type,
    }


def to_output(result: ArticleResult) -> dict[str, Any]:
    """The output-v1 object for one article."""
    a = result.article
    return {
        "doc_id": a.id,
        "published": a.published_date,
        "language": a.language,
        "title": a.title,
        "url": a.url,
        "outlet": a.outlet,
        "status": result.status,
        "reason": result.reason,
        "events": [event_to_dict(e) for e in result.events],
        "entities": [asdict(e) for e in result.entities],
        "quotes": [asdict(q) for q in result.quotes],
        "counts": [asdict(c) for c in result.counts],
        "dates": [asdict(d) for d in result.dates],
        "attributions": [asdict(x) for x in result.attributions],
        "sentences": [asdict(s) for s in result.sentences],
        "warnings": list(result.warnings),
        "output_version": OUTPUT_VERSION,
    }


def error_to_dict(err: RecordError) -> dict[str, Any]:
    return asdict(err)
