"""Score dateline on PETRARCH-style validation records (CAMEO-coded sentences about fictional
countries, e.g. the UD-PETRARCH functional validation suite in JSON Lines form).

Each record has ``id``, ``text``, ``date`` (YYYYMMDD) and ``events``: ``{eventcode, sourcecode,
targetcode}`` or ``{noevents}``; records whose ``sentence_attrs.evaluate`` is "false" are left
out, as their authors did. Gold CAMEO codes map to PLOVER types
(:func:`dateline.evaluate.cameo.cameo_to_plover`); codes without one (public statements, codes
outside CAMEO's 20 roots) are counted apart and not scored.

System events are counted as PETRARCH counts them, one per (source country, target country)
pair of their actors. Figures: ``found`` = share of scorable gold events matched by a system
dyad of the same type (one to one, per record); ``found_dyad`` = the same with the source and target country codes
(the first three letters of the CAMEO actor codes) also equal; ``extra_per_record`` = system
dyads matching no gold event, divided by the number of records.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dateline.evaluate.cameo import cameo_to_plover


@dataclass(frozen=True, slots=True)
class GoldEvent:
    type: str
    source: str  # CAMEO country part ("ARN"), "" when none
    target: str
    code: str


@dataclass(frozen=True, slots=True)
class ValidationRecord:
    id: str
    text: str
    published: str | None
    events: tuple[GoldEvent, ...]
    unscorable: int  # gold events whose CAMEO code has no PLOVER type


@dataclass(slots=True)
class ValidationScore:
    records: int = 0
    gold: int = 0
    unscorable: int = 0
    found: int = 0
    found_dyad: int = 0
    extra: int = 0
    per_type: dict[str, Counter[str]] = field(default_factory=dict)

    def figures(self) -> dict[str, Any]:
        return {
            "records": self.records,
            "gold_events": self.gold,
            "unscorable_gold_events": self.unscorable,
            "found": round(self.found / self.gold, 3) if self.gold else None,
            "found_dyad": round(self.found_dyad / self.gold, 3) if self.gold else None,
            "extra_events": self.extra,
            "extra_per_record": round(self.extra / self.records, 3) if self.records else None,
        }


def _country(code: object) -> str:
    return str(code or "")[:3].upper()


def load_validation_records(path: str | Path) -> list[ValidationRecord]:
    """Records to evaluate (``evaluate`` not "false") from a validation JSON Lines file."""
    records = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            d = json.loads(line)
            if str((d.get("sentence_attrs") or {}).get("evaluate", "true")).lower() == "false":
                continue
            events, unscorable = [], 0
            for e in d.get("events", []):
                if "eventcode" not in e:
                    continue
                plover = cameo_to_plover(e["eventcode"])
                if plover is None:
                    unscorable += 1
                    continue
                events.append(
                    GoldEvent(
                        plover[0], _country(e.get("sourcecode")), _country(e.get("targetcode")),
                        str(e["eventcode"]),
                    )
                )  # fmt: skip
            date = str(d.get("date") or "")
            published = f"{date[:4]}-{date[4:6]}-{date[6:8]}" if len(date) == 8 else None
            records.append(
                ValidationRecord(str(d["id"]), d["text"], published, tuple(events), unscorable)
            )
    return records


def _countries(actors: Iterable[Mapping[str, Any]]) -> list[str]:
    """One country code per distinct actor code: PETRARCH codes "Danish media and government"
    as DNKMED and DNKGOV, two events that both score as DNK."""
    found: list[str] = []
    seen: set[tuple[str, str]] = set()
    for a in actors:
        code = str(a.get("country") or "").upper()
        key = (code, str(a.get("sector") or "") if code else "")
        if key not in seen:
            seen.add(key)
            found.append(code)
    return found or [""]


# Joint acts: with several sources and no target, each source acts on the others ("A and B held
# talks", "A and B renewed ties", "A and B postponed their meeting"), which PETRARCH codes as
# A->B and B->A. Output-v1 keeps them as sources with no target, as the PLOVER gold does.
JOINT_TYPES = frozenset({"CONSULT", "COOPERATE", "AGREE"})
JOINT_MODES = frozenset({"meet"})
# Meetings and visits with a target: PETRARCH codes both sides, the visitor's 042 and the
# host's 043, or the 040 "consult" of each party ("A will meet B" is also B meeting A).
# A mediator (third-party) is not met back.
MUTUAL_CONSULT_MODES = frozenset({"", "meet", "visit", "phone"})


def system_dyads(event: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    """(type, source country, target country) of every source/target pair of an output-v1
    event: PETRARCH codes one event per dyad, so "A and B met C" is two events, and a joint act
    of A and B with no target ("A and B met") is A->B and B->A. A negated event has none."""
    if event.get("negated"):
        return []  # "did not attack" is no CAMEO event (PETRARCH recodes some negations)
    etype = str(event.get("type"))
    if etype in ("AGREE", "THREATEN") and event.get("act_type"):
        # CAMEO has no tense: PETRARCH codes "X will send aid" as the aid itself, where PLOVER
        # reads an announced act as an offer or a threat
        etype = str(event["act_type"])
    sources = _countries(event.get("source") or [])
    joint = etype in JOINT_TYPES or event.get("mode") in JOINT_MODES
    if joint and not event.get("target") and len([c for c in sources if c]) >= 2:
        return [(etype, a, b) for a in sources for b in sources if a and b and a != b]
    dyads = [
        (etype, src, tgt)
        for src in _countries(event.get("source") or [])
        for tgt in _countries(event.get("target") or [])
    ]
    if etype == "CONSULT" and str(event.get("mode") or "") in MUTUAL_CONSULT_MODES:
        dyads += [(etype, tgt, src) for (_, src, tgt) in dyads if src and tgt and src != tgt]
    return dyads


def score_validation(
    records: Sequence[ValidationRecord], outputs: Mapping[str, Mapping[str, Any]]
) -> ValidationScore:
    """Score output-v1 documents (by doc id) against the records, dyad by dyad."""
    score = ValidationScore()
    for rec in records:
        score.records += 1
        score.gold += len(rec.events)
        score.unscorable += rec.unscorable
        system = [d for e in (outputs.get(rec.id) or {}).get("events", []) for d in system_dyads(e)]
        used: set[int] = set()
        pending = []
        # dyad matches first, so that a type-only match cannot take a better one's event
        for g in rec.events:
            tally = score.per_type.setdefault(g.type, Counter())
            tally["gold"] += 1
            hit = next(
                (
                    i
                    for i, (etype, src, tgt) in enumerate(system)
                    if i not in used
                    and etype == g.type
                    and src == g.source
                    and (not g.target or tgt == g.target)
                ),
                None,
            )
            if hit is None:
                pending.append(g)
                continue
            used.add(hit)
            score.found += 1
            score.found_dyad += 1
            tally["found"] += 1
        for g in pending:
            hit = next((i for i, d in enumerate(system) if i not in used and d[0] == g.type), None)
            if hit is not None:
                used.add(hit)
                score.found += 1
                score.per_type[g.type]["found"] += 1
        for i, (etype, _, _) in enumerate(system):
            if i not in used:
                score.extra += 1
                score.per_type.setdefault(etype, Counter())["extra"] += 1
    return score


def run_validation(
    records_file: str | Path,
    actor_files: Sequence[str | Path] = (),
    verb_files: Sequence[str | Path] = (),
    workdir: str | Path | None = None,
    discard_files: Sequence[str | Path] = (),
) -> ValidationScore:
    """Run dateline on the records with PETRARCH actor/agent and verb dictionaries loaded.

    Actor files are cleaned (:func:`~dateline.evaluate.dictionaries.clean_petrarch_actors`)
    and verb files converted (:func:`~dateline.evaluate.dictionaries.convert_verb_file`) into
    ``workdir`` (a temporary folder by default) first; discard lists load as they are.
    """
    import tempfile

    from dateline.config import Settings
    from dateline.evaluate.dictionaries import clean_petrarch_actors, convert_verb_file
    from dateline.output import to_output
    from dateline.pipeline import process
    from dateline.records import Article

    records = load_validation_records(records_file)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(workdir or tmp)
        actors, verbs = [], []
        for i, path in enumerate(actor_files):
            target = folder / f"actors_{i}.txt"
            text = Path(path).read_text(encoding="utf-8", errors="replace")
            target.write_text(clean_petrarch_actors(text), encoding="utf-8")
            actors.append(str(target))
        for i, path in enumerate(verb_files):
            target = folder / f"verbs_{i}.yaml"
            convert_verb_file(path, target)
            verbs.append(str(target))
        settings = Settings(
            actor_dictionaries=tuple(actors),
            verb_lexicons=tuple(verbs),
            discard_lists=tuple(str(p) for p in discard_files),
        )
        articles = [
            Article(id=r.id, text=r.text, published=r.published, language="en") for r in records
        ]
        outputs = {res.article.id: to_output(res) for res in process(articles, settings)}
    return score_validation(records, outputs)
