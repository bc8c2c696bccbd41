"""Checks shared by the hardening tests (imported by name: pytest puts this folder on the path).

:func:`offset_problems` lists every offset of an ArticleResult that does not point at the text
it reports: the contract is ``0 <= start < end <= len(text)`` and ``text[start:end]`` equal to
the span's own text, for sentences, entities, quotes, counts, dates, attributions and events
(evidence sentence, trigger, actors, the event's counts). Two spans report a name rather than
the words at their offsets, so only their bounds are checked: a quote's speaker and an
attribution's source (a pronoun resolved to the person: "He said" -> "John Kirby").
"""

from __future__ import annotations

from pathlib import Path

from dateline.records import ArticleResult

ROOT = Path(__file__).resolve().parent.parent.parent
NASTY = ROOT / "tests" / "fixtures" / "nasty"


def _span(
    problems: list[str], text: str, what: str, start: int | None, end: int | None, shown: str | None
) -> None:
    if start is None or end is None:
        problems.append(f"{what}: missing offsets ({start}, {end})")
        return
    if not 0 <= start < end <= len(text):
        problems.append(f"{what}: bad offsets ({start}, {end}) for a text of {len(text)}")
        return
    if shown is not None and text[start:end] != shown:
        problems.append(f"{what}: text[{start}:{end}]={text[start:end]!r} but reports {shown!r}")


def offset_problems(result: ArticleResult) -> list[str]:
    """Every offset problem of ``result`` (empty when all offsets are right)."""
    text = result.article.text
    out: list[str] = []
    for s in result.sentences:
        _span(out, text, f"sentence {s.index}", s.start, s.end, None)
    for e in result.entities:
        _span(out, text, f"entity {e.text!r}", e.start, e.end, e.text)
    for q in result.quotes:
        _span(out, text, f"quote {q.text[:30]!r}", q.start, q.end, q.text)
        if q.speaker_start is not None or q.speaker_end is not None:
            _span(out, text, f"speaker {q.speaker!r}", q.speaker_start, q.speaker_end, None)
    for c in result.counts:
        _span(out, text, f"count {c.text!r}", c.start, c.end, c.text)
    for d in result.dates:
        _span(out, text, f"date {d.text!r}", d.start, d.end, d.text)
    for a in result.attributions:
        # the source is the resolved speaker ("He" said -> "John Kirby"): offsets only
        _span(out, text, f"attribution {a.source!r}", a.start, a.end, None)
    for ev in result.events:
        name = f"event {ev.id} {ev.type}"
        _span(out, text, f"{name} sentence", ev.start, ev.end, ev.sentence_text)
        _span(out, text, f"{name} trigger", ev.trigger_start, ev.trigger_end, ev.trigger)
        for role, actors in (("source", ev.source), ("target", ev.target)):
            for actor in actors:
                if actor.start is not None or actor.end is not None:
                    _span(
                        out,
                        text,
                        f"{name} {role} {actor.text!r}",
                        actor.start,
                        actor.end,
                        actor.text,
                    )
        for c in ev.counts:
            _span(out, text, f"{name} count {c.text!r}", c.start, c.end, c.text)
    return out
