"""Hand-built ArticleResults (with events) for store tests; no spaCy needed.

Every sentence here was written for these tests.
"""

from __future__ import annotations

from dataclasses import replace

from dateline.records import (
    ActorRef,
    Article,
    ArticleResult,
    Attribution,
    Count,
    DateMention,
    Entity,
    EventMention,
    Location,
    Quote,
    Sentence,
)

LAGOS = (
    "Police in Lagos detained 12 protesters on Monday, state radio reported. "
    'The governor told reporters: "We will not tolerate violence on our streets." '
    "Hundreds of students marched to the assembly building in the afternoon."
)

HARBOR = (
    "The governments of Chile and Peru signed a fishing agreement in Valparaíso on 3 March 2025. "
    "Officials from both countries met for about 3.5 days before the deal — a record. "
    "Perú's minister called it “a fair bargain”."
)

SKIPPED_TEXT = "Le conseil municipal a voté le budget hier soir après un long débat."


def _span(text: str, needle: str, after: int = 0) -> tuple[int, int]:
    start = text.index(needle, after)
    return start, start + len(needle)


def _sentences(text: str, ends: list[str]) -> list[Sentence]:
    out, pos = [], 0
    for i, last in enumerate(ends):
        end = text.index(last, pos) + len(last)
        while text[pos].isspace():
            pos += 1
        out.append(Sentence(i, pos, end, "en"))
        pos = end
    return out


def lagos(doc_id: str = "lagos-1", **article: object) -> ArticleResult:
    text = LAGOS
    sents = _sentences(text, ["reported.", 'streets."', "afternoon."])
    police = _span(text, "Police")
    lagos_ = _span(text, "Lagos")
    protesters = _span(text, "12 protesters")
    students = _span(text, "Hundreds of students")
    quote = _span(text, "We will not tolerate violence on our streets.")
    governor = _span(text, "The governor")
    detain = EventMention(
        id=f"{doc_id}:e0",
        type="COERCE",
        mode="arrest",
        source=(ActorRef("Police", "Lagos police", "NGA", "COP", *police),),
        target=(ActorRef("12 protesters", "protesters", "NGA", "CVL", *protesters),),
        date="2025-03-10",
        date_basis="relative",
        location=Location("Lagos", "NGA", 6.45, 3.4, "city"),
        sentence=0,
        sentence_text=text[sents[0].start : sents[0].end],
        start=sents[0].start,
        end=sents[0].end,
        trigger="detained",
        trigger_start=text.index("detained"),
        trigger_end=text.index("detained") + len("detained"),
        attributed_to="state radio",
        confidence=0.8125,
        counts=(Count(12, "12 protesters", None, "protesters", *protesters),),
    )
    march = EventMention(
        id=f"{doc_id}:e1",
        type="PROTEST",
        mode="demonstrate",
        source=(ActorRef("Hundreds of students", "students", None, "EDU"),),
        target=(),
        date="2025-03",
        date_basis="publication",
        location=None,
        sentence=2,
        sentence_text=text[sents[2].start : sents[2].end],
        start=sents[2].start,
        end=sents[2].end,
        trigger="marched",
        trigger_start=text.index("marched"),
        trigger_end=text.index("marched") + len("marched"),
        future=True,
        confidence=0.4,
        counts=(Count(100, "Hundreds of students", "hundreds", "students", *students),),
    )
    meta: dict[str, object] = {
        "published": "2025-03-14T09:30:00+01:00",
        "title": "Arrests in Lagos",
        "url": "https://example.org/lagos",
        "outlet": "Coast Radio",
        "language": "en",
        "origin": "fixtures.jsonl:1",
    }
    meta.update(article)
    return ArticleResult(
        article=Article(id=doc_id, text=text, **meta),  # type: ignore[arg-type]
        sentences=sents,
        entities=[
            Entity("Lagos", "GPE", *lagos_, "Lagos", "NGA"),
            Entity("The governor", "PERSON", *governor, "governor of Lagos", "NGA", "GOV"),
        ],
        quotes=[Quote("The governor", text[quote[0] : quote[1]], *quote, *governor, "told")],
        counts=[Count(12, "12 protesters", None, "protesters", *protesters)],
        dates=[
            DateMention("on Monday", *_span(text, "on Monday"), "2025-03-10", "relative", "day")
        ],
        attributions=[Attribution("state radio", "reported", *_span(text, "state radio"), 0)],
        events=[detain, march],
        warnings=["published date has a time zone"],
    )


def harbor(doc_id: str = "harbor-7", **article: object) -> ArticleResult:
    text = HARBOR
    sents = _sentences(text, ["2025.", "record.", "bargain”."])
    chile, peru = _span(text, "Chile"), _span(text, "Peru")
    agree = EventMention(
        id=f"{doc_id}:e0",
        type="AGREE",
        mode=None,
        source=(ActorRef("Chile", "Chile", "CHL", "GOV", *chile),),
        target=(ActorRef("Peru", "Peru", "PER", "GOV", *peru),),
        date="2025-03-03",
        date_basis="explicit",
        location=Location("Valparaíso", "CHL", -33.05, -71.62),
        sentence=0,
        sentence_text=text[sents[0].start : sents[0].end],
        start=sents[0].start,
        end=sents[0].end,
        trigger="signed",
        trigger_start=text.index("signed"),
        trigger_end=text.index("signed") + len("signed"),
        confidence=0.91,
    )
    consult = replace(
        agree,
        id=f"{doc_id}:e1",
        type="CONSULT",
        mode="meet",
        source=(
            ActorRef("Chile", "Chile", "CHL", "GOV", *chile),
            ActorRef("Peru", "Peru", "PER", "GOV", *peru),
        ),
        target=(),
        date="2025-W09",
        date_basis="relative",
        location=None,
        sentence=1,
        sentence_text=text[sents[1].start : sents[1].end],
        start=sents[1].start,
        end=sents[1].end,
        trigger="met",
        trigger_start=text.index("met"),
        trigger_end=text.index("met") + 3,
        hypothetical=True,
        negated=True,
        confidence=1 / 3,
    )
    meta: dict[str, object] = {
        "published": "2025-03-05",
        "title": "Fishing deal",
        "outlet": "Harbor Post",
        "language": "en",
        "origin": "fixtures.jsonl:2",
    }
    meta.update(article)
    return ArticleResult(
        article=Article(id=doc_id, text=text, **meta),  # type: ignore[arg-type]
        sentences=sents,
        entities=[
            Entity("Chile", "GPE", *chile, "Chile", "CHL"),
            Entity("Peru", "GPE", *peru, "Peru", "PER"),
            Entity("Valparaíso", "GPE", *_span(text, "Valparaíso"), "Valparaíso", "CHL"),
            Entity("Perú", "GPE", *_span(text, "Perú"), "Peru", "PER"),
        ],
        quotes=[Quote(None, "a fair bargain", *_span(text, "a fair bargain"))],
        counts=[Count(3.5, "about 3.5 days", "about", "days", *_span(text, "about 3.5 days"))],
        dates=[
            DateMention(
                "3 March 2025", *_span(text, "3 March 2025"), "2025-03-03", "explicit", "day"
            )
        ],
        events=[agree, consult],
        extra={"note": "hand-made"},
    )


def skipped(doc_id: str = "fr-1") -> ArticleResult:
    return ArticleResult(
        Article(
            id=doc_id,
            text=SKIPPED_TEXT,
            published="2025-02-28",
            language="fr",
            outlet="Harbor Post",
            origin="fixtures.jsonl:3",
        ),
        status="skipped",
        reason="language 'fr' has no installed pipeline (configured: en)",
    )


def failed(doc_id: str = "broken-1") -> ArticleResult:
    text = "A short article whose extraction failed."
    return ArticleResult(
        Article(id=doc_id, text=text, published="not a date", origin="fixtures.jsonl:4"),
        status="error",
        reason="extraction failed: ValueError: boom",
        sentences=[Sentence(0, 0, len(text), "en")],
    )


def all_results() -> list[ArticleResult]:
    return [lagos(), harbor(), skipped(), failed()]
