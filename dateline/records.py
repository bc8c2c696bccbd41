"""The records that flow between dateline's stages.

Data flows one way: ingest produces :class:`Article` (or :class:`RecordError`), nlp turns an
Article into a :class:`ParsedArticle`, extract and resolve turn that into an
:class:`ArticleResult`, which is what ``dateline extract`` writes as output-v1 JSON and what the
store keeps. Every offset in these records is a character offset into ``Article.text``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning"]
Status = Literal["ok", "skipped", "error"]
DateBasis = Literal["explicit", "relative", "publication"]


@dataclass(frozen=True, slots=True)
class Article:
    """One news article, as every reader produces it."""

    id: str
    text: str
    published: str | None = (
        None  # normalised ISO 8601: "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SS[+HH:MM]"
    )
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    language: str | None = None  # ISO 639-1, given or detected
    origin: str | None = None  # where it came from: "path/to/file.jsonl:12", "feed.xml#3"
    warnings: tuple[str, ...] = ()  # per-record problems that did not stop it (e.g. no date)

    @property
    def published_date(self) -> str | None:
        """The publication date alone, ``YYYY-MM-DD``."""
        return self.published[:10] if self.published else None


@dataclass(frozen=True, slots=True)
class RecordError:
    """A record that could not be read or processed. Never raised: yielded and reported."""

    origin: str  # file, file:line, archive#record
    reason: str  # a sentence a user understands
    record_id: str | None = None
    severity: Severity = "error"
    stage: str = "ingest"


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    start: int
    end: int
    language: str | None
    parsed: bool = True  # False: skipped (language without a pipeline)


@dataclass(frozen=True, slots=True)
class Entity:
    text: str
    label: str  # spaCy label: PERSON ORG GPE NORP LOC FAC ...
    start: int
    end: int
    canonical: str  # one name per person / organisation within the article
    country: str | None = None  # ISO3 / IGO / NGO, when known
    sector: str | None = None  # PLOVER sector, when known


@dataclass(frozen=True, slots=True)
class Quote:
    speaker: str | None
    text: str  # the quoted words, without the quotation marks
    start: int  # offsets of the quoted words
    end: int
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str | None = None  # the reporting verb: "said", "told"


@dataclass(frozen=True, slots=True)
class Count:
    value: int | float
    text: str  # the whole phrase: "at least 31 people"
    qualifier: str | None  # "at least", "about", "more than", "nearly" ...; None when exact
    what: str | None  # what is counted: "killed", "people", "troops"
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class DateMention:
    text: str
    start: int
    end: int
    value: (
        str | None
    )  # "YYYY", "YYYY-MM", "YYYY-MM-DD", "YYYY-Www", "YYYY-MM-DDTHH:MM", "PAST_REF", decade "199X"
    basis: DateBasis  # explicit: fully given in the text; relative: resolved against published
    granularity: str | None = None  # year, month, week, day, time, decade, season ...


@dataclass(frozen=True, slots=True)
class Attribution:
    source: str  # who says so: "state television", "Reuters"
    cue: str  # "according to", "reported", "citing", "told"
    start: int  # offsets of the source phrase
    end: int
    sentence: int | None = None  # sentence index


@dataclass(frozen=True, slots=True)
class ActorRef:
    """An event participant as output-v1 writes it."""

    text: str
    name: str
    country: str | None = None
    sector: str | None = None
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True, slots=True)
class Location:
    name: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    kind: str | None = None  # city, admin, country, region


@dataclass(frozen=True, slots=True)
class EventMention:
    id: str
    type: str  # one of the 16 PLOVER types
    mode: str | None
    source: tuple[ActorRef, ...]
    target: tuple[ActorRef, ...]
    date: str | None
    date_basis: DateBasis
    location: Location | None
    sentence: int
    sentence_text: str
    start: int  # sentence offsets
    end: int
    trigger: str
    trigger_start: int
    trigger_end: int
    negated: bool = False
    future: bool = False
    hypothetical: bool = False
    attributed_to: str | None = None
    confidence: float = 0.5
    counts: tuple[Count, ...] = ()
    # for an announcement or refusal coded AGREE/THREATEN/REJECT, the PLOVER type of the act
    # announced or refused ("said it will send aid": AGREE, act type AID); None otherwise
    act_type: str | None = None


@dataclass(slots=True)
class ArticleResult:
    """Everything dateline found in one article."""

    article: Article
    status: Status = "ok"
    reason: str | None = None  # why it was skipped or failed
    sentences: list[Sentence] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    counts: list[Count] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    events: list[EventMention] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


def record_errors(item: ArticleResult | RecordError) -> list[RecordError]:
    """The errors and warnings one pipeline item contributes to a run's report (and the
    store's errors table): the RecordError itself, a failed extraction, per-record warnings."""
    if isinstance(item, RecordError):
        return [item]
    a = item.article
    origin = a.origin or a.id
    out: list[RecordError] = []
    if item.status == "error":
        out.append(RecordError(origin, item.reason or "failed", a.id, stage="extract"))
    out.extend(RecordError(origin, w, a.id, "warning") for w in item.warnings)
    return out
