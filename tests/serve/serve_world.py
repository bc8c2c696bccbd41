"""A small hand-built store for the serve tests: eight articles from four outlets, with events
whose every field is known, so filters can be checked exactly. No spaCy needed.

Every sentence here was written for these tests.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from dateline.records import ActorRef, Article, ArticleResult, EventMention, Location, Sentence

Actor = tuple[str, str, str | None, str | None]  # text, name, country, sector


@dataclass(frozen=True)
class Ev:
    sentence: int
    type: str
    trigger: str
    sources: tuple[Actor, ...] = ()
    targets: tuple[Actor, ...] = ()
    date: str | None = None
    location: Location | None = None
    negated: bool = False
    future: bool = False
    hypothetical: bool = False
    attributed_to: str | None = None
    confidence: float = 0.5


@dataclass(frozen=True)
class Doc:
    doc_id: str
    outlet: str
    published: str
    title: str
    sentences: tuple[str, ...]
    events: tuple[Ev, ...] = field(default_factory=tuple)
    status: str = "ok"


CHILE = ("Chile", "Chile", "CHL", "GOV")
PERU = ("Peru", "Peru", "PER", "GOV")
VALPARAISO = Location("Valparaiso", "CHL", -33.05, -71.62, "city")
LIMA = Location("Lima", "PER", -12.05, -77.04, "city")
GAO = Location("Gao", "MLI", 16.27, -0.04, "city")
MUSCAT = Location("Muscat", "OMN", 23.59, 58.41, "city")

DOCS: tuple[Doc, ...] = (
    Doc(
        "harbor-1",
        "Harbor Times",
        "2025-03-10",
        "Fisheries accord signed",
        (
            "Chile and Peru signed a fisheries accord in Valparaiso on Monday.",
            "Fishermen protested outside the port against Chile the next day.",
        ),
        (
            Ev(0, "AGREE", "signed", (CHILE,), (PERU,), "2025-03-10", VALPARAISO, confidence=0.9),
            Ev(
                1,
                "PROTEST",
                "protested",
                (("Fishermen", "fishermen", "CHL", "CVL"),),
                (CHILE,),
                "2025-03-11",
                VALPARAISO,
                confidence=0.7,
            ),
        ),
    ),
    Doc(
        "andes-1",
        "Andes Wire",
        "2025-03-11",
        "Quotas agreed on the coast",
        (
            "Chile and Peru agreed on new fishing quotas in Valparaiso.",
            "Peru will consult Chile again on the quotas next year.",
        ),
        (
            Ev(0, "AGREE", "agreed", (CHILE,), (PERU,), "2025-03-10", VALPARAISO, confidence=0.8),
            Ev(1, "CONSULT", "consult", (PERU,), (CHILE,), None, future=True, confidence=0.6),
        ),
    ),
    Doc(
        "sahel-1",
        "Sahel Dispatch",
        "2024-11-02",
        "Village raided near Gao",
        (
            "Soldiers attacked a village near Gao, killing at least twelve civilians.",
            "The army did not withdraw from the area afterwards.",
        ),
        (
            Ev(
                0,
                "ASSAULT",
                "attacked",
                (("Soldiers", "soldiers", "MLI", "MIL"),),
                (("civilians", "civilians", "MLI", "CVL"),),
                "2024-11-01",
                GAO,
                confidence=0.85,
            ),
            Ev(
                1,
                "RETREAT",
                "withdraw",
                (("The army", "army", "MLI", "MIL"),),
                (),
                "2024-11-01",
                GAO,
                negated=True,
                confidence=0.4,
            ),
        ),
    ),
    Doc(
        "harbor-2",
        "Harbor Times",
        "2024-06-20",
        "Journalists held in Lima",
        ("Police detained three journalists in Lima on Thursday.",),
        (
            Ev(
                0,
                "COERCE",
                "detained",
                (("Police", "police", "PER", "COP"),),
                (("three journalists", "journalists", "PER", "MED"),),
                "2024-06-20",
                LIMA,
                confidence=0.75,
            ),
        ),
    ),
    Doc(
        "andes-2",
        "Andes Wire",
        "2024-06-21",
        "Reporters arrested",
        ("Lima police arrested three reporters on Thursday, a press union said.",),
        (
            Ev(
                0,
                "COERCE",
                "arrested",
                (("Lima police", "police", "PER", "COP"),),
                (("three reporters", "journalists", "PER", "MED"),),
                "2024-06-20",
                LIMA,
                attributed_to="a press union",
                confidence=0.7,
            ),
        ),
    ),
    Doc(
        "sahel-2",
        "Sahel Dispatch",
        "2023-01-15",
        "Mali appeals for food",
        (
            "Mali asked the United Nations for food aid.",
            "The United Nations could send grain to Mali if donors agree.",
        ),
        (
            Ev(
                0,
                "REQUEST",
                "asked",
                (("Mali", "Mali", "MLI", "GOV"),),
                (("the United Nations", "United Nations", "IGO", "IGO"),),
                None,
                confidence=0.65,
            ),
            Ev(
                1,
                "AID",
                "send",
                (("The United Nations", "United Nations", "IGO", "IGO"),),
                (("Mali", "Mali", "MLI", "GOV"),),
                None,
                hypothetical=True,
                confidence=0.3,
            ),
        ),
    ),
    Doc(
        "gulf-1",
        "Gulf Ledger",
        "2025-01-05",
        "Envoys meet in Muscat",
        ("Oman hosted talks between Iranian and Saudi envoys in Muscat.",),
        (
            Ev(
                0,
                "CONSULT",
                "talks",
                (("Iranian", "Iran", "IRN", "GOV"),),
                (("Saudi envoys", "Saudi Arabia", "SAU", "GOV"),),
                "2025-01-05",
                MUSCAT,
                confidence=0.55,
            ),
        ),
    ),
    Doc("gulf-2", "Gulf Ledger", "2025-01-06", "Markets calm", ("Markets were calm on Sunday.",)),
    Doc(
        "gulf-3",
        "Gulf Ledger",
        "2025-01-07",
        "Ein Bericht",
        ("Die Märkte blieben am Sonntag ruhig.",),
        status="skipped",
    ),
)

N_EVENTS = sum(len(d.events) for d in DOCS)


def _actor(text: str, sentence: str, offset: int, actor: Actor) -> ActorRef:
    start = sentence.index(actor[0]) + offset
    return ActorRef(actor[0], actor[1], actor[2], actor[3], start, start + len(actor[0]))


def result(doc: Doc) -> ArticleResult:
    text = " ".join(doc.sentences)
    article = Article(
        id=doc.doc_id,
        text=text,
        published=doc.published,
        title=doc.title,
        url=f"https://news.example/{doc.doc_id}",
        outlet=doc.outlet,
        language="en" if doc.status == "ok" else "de",
    )
    if doc.status != "ok":
        return ArticleResult(article, status="skipped", reason="language de is not configured")
    sentences: list[Sentence] = []
    pos = 0
    for i, s in enumerate(doc.sentences):
        sentences.append(Sentence(i, pos, pos + len(s), "en"))
        pos += len(s) + 1
    events = []
    for n, ev in enumerate(doc.events):
        sent = sentences[ev.sentence]
        stext = doc.sentences[ev.sentence]
        tstart = sent.start + stext.index(ev.trigger)
        events.append(
            EventMention(
                id=f"{doc.doc_id}:e{n}",
                type=ev.type,
                mode=None,
                source=tuple(_actor(text, stext, sent.start, a) for a in ev.sources),
                target=tuple(_actor(text, stext, sent.start, a) for a in ev.targets),
                date=ev.date,
                date_basis="explicit" if ev.date else "published",
                location=ev.location,
                sentence=ev.sentence,
                sentence_text=stext,
                start=sent.start,
                end=sent.end,
                trigger=ev.trigger,
                trigger_start=tstart,
                trigger_end=tstart + len(ev.trigger),
                negated=ev.negated,
                future=ev.future,
                hypothetical=ev.hypothetical,
                attributed_to=ev.attributed_to,
                confidence=ev.confidence,
            )
        )
    return ArticleResult(article, sentences=sentences, events=events)


def build_store(path: Path, *, merge: bool = True) -> None:
    """Write the world to a new store at ``path`` (and build the merged view)."""
    from dateline.store import Store, merged

    with Store(path) as store:
        report = store.write_many([result(d) for d in DOCS])
        assert not report.failures, report.failures
        if merge:
            merged.refresh(store)
