"""Event scoring against gold files in the ``../shared/eval`` gold format.

The metrics are those of the shared evaluation scorer, reimplemented here:

- a system event matches a gold event when the types are equal and the evidence spans overlap;
  required gold events are matched first; among candidates, the one agreeing on the most
  actor countries (source, target) wins, the earliest on ties;
- optional gold events (``"required": false``) and repeated mentions (``dup_evidence``) are
  neutral: the system events they take are neither true nor false positives;
- unmatched required gold events are misses (fn), unused system events extras (fp);
- on true positives: source/target country and sector accuracy, date (prefix) and location
  country accuracy, negated/future/hypothetical recall; ``full_event_f1`` counts a true
  positive only when every annotated actor country agrees;
- quotes: share of gold quotes found (overlap) and speaker accuracy (name word overlap);
  counts: share of gold counts with a system count of the same value in the gold span.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Span = tuple[int, int]
Doc = dict[str, Any]
ROLES = ("source", "target")
FLAGS = ("negated", "future", "hypothetical")
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"[a-z]+")


class EvalError(ValueError):
    """A gold or system file that cannot be scored."""


@dataclass(frozen=True, slots=True)
class Finding:
    """A miss (required gold event not found) or an extra (system event matching no gold)."""

    doc_id: str
    type: str | None
    evidence: str


@dataclass(slots=True)
class TypeScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float | None:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        return _f1(self.precision, self.recall)


@dataclass(slots=True)
class Evaluation:
    """Everything one scoring run found: tallies, per-type scores, misses and extras."""

    tally: Counter[str] = field(default_factory=Counter)
    per_type: dict[str, TypeScore] = field(default_factory=dict)
    misses: list[Finding] = field(default_factory=list)
    extras: list[Finding] = field(default_factory=list)

    def type_score(self, event_type: str | None) -> TypeScore:
        return self.per_type.setdefault(str(event_type), TypeScore())

    def summary(self) -> dict[str, Any]:
        """The summary line, with the keys and rounding of the shared scorer."""
        t = self.tally
        tp, fp, fn, full = t["tp"], t["fp"], t["fn"], t["full_tp"]
        out: dict[str, Any] = {
            "docs": t["docs"],
            "docs_missing": t["docs_missing"],
            "event_tp": tp,
            "event_fp": fp,
            "event_fn": fn,
            "event_precision": _ratio(tp, tp + fp),
            "event_recall": _ratio(tp, tp + fn),
            "event_f1": _f1(_ratio(tp, tp + fp), _ratio(tp, tp + fn)),
            "full_event_f1": _f1(_ratio(full, tp + fp), _ratio(full, tp + fn)),
        }
        for key in (
            "source_country",
            "target_country",
            "source_sector",
            "target_sector",
            "date",
            "loc",
            *FLAGS,
        ):
            out[f"{key}_acc"] = _ratio(t[f"{key}_ok"], t[f"{key}_n"])
        out["quote_found"] = _ratio(t["quote_found"], t["quote_n"])
        out["quote_speaker_acc"] = _ratio(t["quote_speaker_ok"], t["quote_found"])
        out["count_recall"] = _ratio(t["count_ok"], t["count_n"])
        return out


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 3) if b else None


def _f1(p: float | None, r: float | None) -> float:
    return round(2 * p * r / (p + r), 3) if p and r else 0.0


# ------------------------------------------------------------------ loading


def load_docs(path: str | Path) -> dict[str, Doc]:
    """Documents of a JSON Lines file keyed by ``doc_id`` (or ``id``)."""
    docs: dict[str, Doc] = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                doc = json.loads(line)
            except json.JSONDecodeError as exc:
                raise EvalError(f"{path}:{n}: not JSON ({exc.msg})") from exc
            key = doc.get("doc_id") or doc.get("id") if isinstance(doc, dict) else None
            if key is None:
                raise EvalError(f"{path}:{n}: no doc_id")
            docs[str(key)] = doc
    return docs


def keep_types(docs: Mapping[str, Doc], types: Iterable[str]) -> dict[str, Doc]:
    """Copies of ``docs`` whose events are only those of ``types``."""
    wanted = set(types)
    return {
        k: {**d, "events": [e for e in d.get("events", []) if e.get("type") in wanted]}
        for k, d in docs.items()
    }


# ------------------------------------------------------------------ spans and codes


def locate(text: str, needle: object) -> Span | None:
    """The span of ``needle`` in ``text``; whitespace runs count as one space if needed."""
    if not isinstance(needle, str) or not needle or not text:
        return None
    at = text.find(needle)
    if at < 0:
        at = _SPACES.sub(" ", text).find(_SPACES.sub(" ", needle))
        if at < 0:
            return None
    return at, at + len(needle)


def system_span(event: Mapping[str, Any], text: str) -> Span | None:
    """The evidence span of a system event: offsets if given, else its sentence found in text."""
    ev = event.get("evidence") or {}
    if isinstance(ev, dict):
        start, end = ev.get("start"), ev.get("end")
        if isinstance(start, int) and isinstance(end, int):
            return start, end
        return locate(text, ev.get("sentence"))
    return locate(text, ev)


def overlaps(a: Span | None, b: Span | None) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def actor_codes(actors: object, key: str) -> set[str]:
    """Upper-cased codes under ``key`` in an actor or a list of actors."""
    items = [actors] if isinstance(actors, dict) else actors if isinstance(actors, list) else []
    found: set[str] = set()
    for actor in items:
        value = actor.get(key) if isinstance(actor, dict) else None
        if isinstance(value, str):
            found.add(value.upper())
        elif isinstance(value, list):
            found.update(str(v).upper() for v in value)
    return found


def _evidence_text(event: Mapping[str, Any]) -> str:
    ev = event.get("evidence") or {}
    if isinstance(ev, dict):
        return str(ev.get("sentence") or "")
    return str(ev)


def _name_words(name: object) -> set[str]:
    return {w for w in _WORD.findall(str(name or "").lower()) if len(w) > 2}


# ------------------------------------------------------------------ scoring


def evaluate(
    gold: Mapping[str, Doc], system: Mapping[str, Doc], texts: Mapping[str, Doc] | None = None
) -> Evaluation:
    """Score ``system`` documents against ``gold`` documents (both keyed by doc id)."""
    result = Evaluation()
    for doc_id, gdoc in gold.items():
        text = gdoc.get("text") or (texts or {}).get(doc_id, {}).get("text") or ""
        result.tally["docs"] += 1
        if doc_id not in system:
            result.tally["docs_missing"] += 1
        sdoc = system.get(doc_id, {})
        _score_events(doc_id, text, gdoc, sdoc, result)
        _score_quotes(text, gdoc, sdoc, result.tally)
        _score_counts(text, gdoc, sdoc, result.tally)
    return result


def _score_events(doc_id: str, text: str, gdoc: Doc, sdoc: Doc, result: Evaluation) -> None:
    gold_events = []
    for ge in gdoc.get("events", []):
        spans = [locate(text, ge.get("evidence"))]
        spans += [locate(text, x) for x in ge.get("dup_evidence", [])]
        gold_events.append((ge, [s for s in spans if s is not None]))
    sys_events = [(se, system_span(se, text)) for se in sdoc.get("events", [])]
    taken: set[int] = set()
    required_first = sorted(gold_events, key=lambda g: not g[0].get("required", True))
    for ge, gspans in required_first:
        best = _best_match(ge, gspans, sys_events, taken)
        required = ge.get("required", True)
        etype = ge.get("type")
        if best is None:
            if required:
                result.tally["fn"] += 1
                result.type_score(etype).fn += 1
                result.misses.append(Finding(doc_id, etype, str(ge.get("evidence", ""))[:90]))
            continue
        taken.add(best)
        for i, (se, span) in enumerate(sys_events):  # repeated mentions are neutral
            if i not in taken and se.get("type") == etype:
                if any(overlaps(span, g) for g in gspans[1:]):
                    taken.add(i)
        if required:
            result.tally["tp"] += 1
            result.type_score(etype).tp += 1
            _score_attributes(ge, sys_events[best][0], result.tally)
    for i, (se, _) in enumerate(sys_events):
        if i not in taken:
            result.tally["fp"] += 1
            result.type_score(se.get("type")).fp += 1
            result.extras.append(Finding(doc_id, se.get("type"), _evidence_text(se)[:90]))


def _best_match(
    ge: Doc, gspans: list[Span], sys_events: list[tuple[Doc, Span | None]], taken: set[int]
) -> int | None:
    best, best_quality = None, -1
    for i, (se, span) in enumerate(sys_events):
        if i in taken or se.get("type") != ge.get("type"):
            continue
        if not any(overlaps(span, g) for g in gspans):
            continue
        quality = sum(
            bool(actor_codes(se.get(r), "country") & actor_codes(ge.get(r), "country"))
            for r in ROLES
        )
        if quality > best_quality:
            best, best_quality = i, quality
    return best


def _score_attributes(ge: Doc, se: Doc, tally: Counter[str]) -> None:
    full = True
    for role in ROLES:
        gold_countries = actor_codes(ge.get(role), "country")
        if gold_countries:
            ok = bool(actor_codes(se.get(role), "country") & gold_countries)
            tally[f"{role}_country_n"] += 1
            tally[f"{role}_country_ok"] += ok
            full = full and ok
        gold_sectors = actor_codes(ge.get(role), "sector")
        if gold_sectors:
            tally[f"{role}_sector_n"] += 1
            tally[f"{role}_sector_ok"] += bool(actor_codes(se.get(role), "sector") & gold_sectors)
    tally["full_tp"] += full
    gold_date = ge.get("date")
    if gold_date:
        sys_date = se.get("date")
        tally["date_n"] += 1
        tally["date_ok"] += isinstance(sys_date, str) and sys_date[: len(gold_date)] == gold_date
    gold_loc = (ge.get("location") or {}).get("country")
    if gold_loc:
        loc = se.get("location")
        sys_loc = loc.get("country") if isinstance(loc, dict) else None
        tally["loc_n"] += 1
        tally["loc_ok"] += bool(sys_loc) and str(sys_loc).upper() == str(gold_loc).upper()
    for flag in FLAGS:
        if ge.get(flag):
            tally[f"{flag}_n"] += 1
            tally[f"{flag}_ok"] += bool(se.get(flag))


def _score_quotes(text: str, gdoc: Doc, sdoc: Doc, tally: Counter[str]) -> None:
    for gq in gdoc.get("quotes", []):
        gspan = locate(text, gq.get("evidence"))
        tally["quote_n"] += 1
        for sq in sdoc.get("quotes", []):
            start, end = sq.get("start"), sq.get("end")
            qspan = (
                (start, end)
                if isinstance(start, int) and isinstance(end, int)
                else locate(text, sq.get("text"))
            )
            if overlaps(qspan, gspan):
                tally["quote_found"] += 1
                speaker_ok = _name_words(sq.get("speaker")) & _name_words(gq.get("speaker"))
                tally["quote_speaker_ok"] += bool(speaker_ok)
                break


def _score_counts(text: str, gdoc: Doc, sdoc: Doc, tally: Counter[str]) -> None:
    for gc in gdoc.get("counts", []):
        gspan = locate(text, gc.get("evidence"))
        tally["count_n"] += 1
        tally["count_ok"] += any(
            c.get("value") == gc.get("value")
            and (gspan is None or overlaps(_count_span(c, text), gspan))
            for c in sdoc.get("counts", [])
        )


def _count_span(count: Doc, text: str) -> Span | None:
    start, end = count.get("start"), count.get("end")
    if isinstance(start, int) and isinstance(end, int):
        return start, end
    return locate(text, count.get("text"))
