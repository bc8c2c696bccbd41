"""Response models of the API (pydantic), so that /openapi.json documents every shape."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class ErrorBody(BaseModel):
    code: str
    message: str


class ErrorResponse(BaseModel):
    error: ErrorBody


class Location(BaseModel):
    name: str | None
    country: str | None
    lat: float | None
    lon: float | None
    kind: str | None


class Trigger(BaseModel):
    text: str
    start: int
    end: int


class Actor(BaseModel):
    text: str
    name: str
    country: str | None
    sector: str | None
    start: int | None
    end: int | None


class EventItem(BaseModel):
    doc_id: str
    event_id: str
    type: str
    mode: str | None
    date: str | None = Field(description="the event's date as found (YYYY, YYYY-MM, ...)")
    date_basis: str
    day: str | None = Field(description="effective day: the event's, else the publication's")
    location: Location | None
    negated: bool
    future: bool
    hypothetical: bool
    attributed_to: str | None
    act_type: str | None = Field(
        default=None,
        description="an announcement coded AGREE/THREATEN/REJECT: the type of the act it announces",
    )
    confidence: float
    sentence_index: int
    sentence: str
    start_char: int = Field(description="offset of the sentence in the document text")
    end_char: int
    trigger: Trigger
    sources: list[Actor]
    targets: list[Actor]
    outlet: str | None
    title: str | None
    url: str | None
    published: str | None
    merged_event_id: str | None
    n_outlets: int | None


class EventPage(BaseModel):
    items: list[EventItem]
    next_cursor: str | None
    total: int | None = Field(description="rows matching the filters (first page only)")


class EventDetail(EventItem):
    mentions: list[EventItem] = Field(description="every mention of the same merged event")
    counts: list[dict[str, Any]]


class DocumentItem(BaseModel):
    doc_id: str
    title: str | None
    outlet: str | None
    url: str | None
    published: str | None
    language: str | None
    status: str
    n_events: int


class DocumentPage(BaseModel):
    items: list[DocumentItem]
    next_cursor: str | None
    total: int | None


class DocumentDetail(DocumentItem):
    reason: str | None
    text: str
    events: list[EventItem]


class ActorItem(BaseModel):
    name: str
    country: str | None
    sector: str | None
    n_events: int
    n_as_source: int
    n_as_target: int


class ActorPage(BaseModel):
    items: list[ActorItem]
    next_cursor: str | None
    total: int | None


class TimelinePoint(BaseModel):
    day: str
    type: str
    n: int


class ActorDetail(ActorItem):
    timeline: list[TimelinePoint]
    events_by: list[EventItem]
    events_by_next_cursor: str | None = Field(
        description="next page: /api/events?actor=NAME&role=source&cursor=..."
    )
    events_to: list[EventItem]
    events_to_next_cursor: str | None = Field(
        description="next page: /api/events?actor=NAME&role=target&cursor=..."
    )


class Story(BaseModel):
    story_id: str
    title: str
    first_published: str | None
    last_published: str | None
    n_articles: int
    n_events: int
    timeline: list[dict[str, Any]]
    doc_ids: list[str]


class StoryPage(BaseModel):
    items: list[Story]
    next_cursor: str | None
    total: int | None


class Stats(BaseModel):
    n_documents: int
    n_events: int
    n_actors: int
    date_min: str | None
    date_max: str | None
    by_type: dict[str, int]
    by_outlet: dict[str, int]


class Timeline(BaseModel):
    days: list[TimelinePoint]


class Node(BaseModel):
    id: str
    name: str
    country: str | None
    sector: str | None
    n: int


class Edge(BaseModel):
    source: str
    target: str
    n: int
    cooperative: int
    conflict: int
    kind: str = Field(description="cooperation | conflict | mixed")


class Network(BaseModel):
    nodes: list[Node]
    edges: list[Edge]


class MapPoint(BaseModel):
    lat: float
    lon: float
    name: str | None
    country: str | None
    n: int
    types: dict[str, int]


class MapResponse(BaseModel):
    points: list[MapPoint]


class IngestResponse(BaseModel):
    stored: int
    unchanged: int
    errors: list[str]
    run_id: str | None
