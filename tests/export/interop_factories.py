"""Hand-made ArticleResults for the interoperability exports (no spaCy). Our own sentences."""

from __future__ import annotations

from dateline.records import ActorRef, Article, ArticleResult, EventMention, Location, Sentence

NAIROBI = Location("Nairobi", "KEN", -1.286, 36.817, "city")


def _event(
    doc_id: str,
    n: int,
    text: str,
    sentence: str,
    trigger: str,
    etype: str,
    mode: str | None,
    source: tuple[ActorRef, ...],
    target: tuple[ActorRef, ...] = (),
    date: str | None = None,
    location: Location | None = None,
    index: int = 0,
) -> EventMention:
    start = text.index(sentence)
    at = text.index(trigger, start)
    return EventMention(
        id=f"{doc_id}:e{n}",
        type=etype,
        mode=mode,
        source=source,
        target=target,
        date=date,
        date_basis="explicit" if date else "none",
        location=location,
        sentence=index,
        sentence_text=sentence,
        start=start,
        end=start + len(sentence),
        trigger=trigger,
        trigger_start=at,
        trigger_end=at + len(trigger),
    )


def _result(
    doc_id: str, text: str, sentences: list[str], events: list[EventMention], **meta: str
) -> ArticleResult:
    spans = []
    for i, s in enumerate(sentences):
        start = text.index(s)
        spans.append(Sentence(i, start, start + len(s), "en"))
    article = Article(id=doc_id, text=text, published="2025-03-04", language="en", **meta)
    return ArticleResult(article, sentences=spans, events=events)


POLICE = ActorRef("Kenyan police", "Kenya Police Service", "KEN", "COP")
PROTESTERS = ActorRef("40 protesters", "protesters", "KEN", "CVL")


def rift() -> ArticleResult:
    s1 = "Kenyan police arrested 40 protesters in Nairobi on 3 March 2025."
    s2 = "Opposition supporters later marched through the city centre."
    text = f"{s1} {s2}"
    events = [
        _event(
            "rift-1",
            0,
            text,
            s1,
            "arrested",
            "COERCE",
            "arrest",
            (POLICE,),
            (PROTESTERS,),
            "2025-03-03",
            NAIROBI,
        ),
        _event(
            "rift-1",
            1,
            text,
            s2,
            "marched",
            "PROTEST",
            "demo",
            (ActorRef("Opposition supporters", "opposition supporters", "KEN", "OPP"),),
            (),
            None,
            NAIROBI,
            index=1,
        ),
    ]
    return _result(
        "rift-1", text, [s1, s2], events, url="https://example.org/rift-1", outlet="Rift Daily"
    )


def lake() -> ArticleResult:
    s1 = "Police in Nairobi detained 40 demonstrators on Monday, 3 March 2025."
    events = [
        _event(
            "lake-9",
            0,
            s1,
            s1,
            "detained",
            "COERCE",
            "arrest",
            (ActorRef("Police", "Kenya Police Service", "KEN", "COP"),),
            (ActorRef("40 demonstrators", "protesters", "KEN", "CVL"),),
            "2025-03-03",
            NAIROBI,
        ),
    ]
    return _result(
        "lake-9", s1, [s1], events, url="https://example.net/lake-9", outlet="Lake Herald"
    )


def andes() -> ArticleResult:
    s1 = "Chile and Peru signed a water-sharing accord on 2 March 2025."
    s2 = "The United Nations praised the accord."
    text = f"{s1} {s2}"
    events = [
        _event(
            "andes-2",
            0,
            text,
            s1,
            "signed",
            "AGREE",
            None,
            (ActorRef("Chile", "Chile", "CHL", "GOV"),),
            (ActorRef("Peru", "Peru", "PER", "GOV"),),
            "2025-03",
            Location("Chile", "CHL", -35.0, -71.0, "country"),
        ),
        _event(
            "andes-2",
            1,
            text,
            s2,
            "praised",
            "SUPPORT",
            None,
            (ActorRef("The United Nations", "United Nations", "IGO", None),),
            (ActorRef("Chile", "Chile", "CHL", "GOV"),),
            index=1,
        ),
    ]
    return _result("andes-2", text, [s1, s2], events)


def all_results() -> list[ArticleResult]:
    return [rift(), lake(), andes()]
