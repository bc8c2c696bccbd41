"""The /api routes (see docs/serve.md and the API contract)."""

from __future__ import annotations

import json
import secrets
from collections.abc import AsyncIterator, Callable, Hashable
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal

import duckdb
from fastapi import APIRouter, Depends, Header, HTTPException, Query, Request, Response
from fastapi.concurrency import run_in_threadpool

from dateline.serve import models as m
from dateline.serve import queries as qb
from dateline.serve.db import Database
from dateline.serve.settings import ServeSettings

router = APIRouter(prefix="/api")

Text = Annotated[str | None, Query(max_length=200)]
Code = Annotated[str | None, Query(max_length=16)]
Limit = Annotated[int, Query(ge=1, le=500)]
SortName = Literal["date", "-date", "type", "-type", "confidence", "-confidence"]
MAX_ARTICLES_PER_POST = 100


class ApiError(HTTPException):
    """An error with a machine-readable code; rendered as {"error": {"code", "message"}}."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(status_code=status, detail=message)
        self.code = code


# Dependencies are ``async def``: FastAPI runs sync dependencies in the thread pool, a thread
# hop each; these do no blocking work (opening a cursor takes microseconds).


async def get_db(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


async def get_settings(request: Request) -> ServeSettings:
    settings: ServeSettings = request.app.state.settings
    return settings


async def cursor(
    db: Annotated[Database, Depends(get_db)],
    settings: Annotated[ServeSettings, Depends(get_settings)],
) -> AsyncIterator[duckdb.DuckDBPyConnection]:
    with db.reader(settings.request_timeout_s) as cur:
        yield cur


Cur = Annotated[duckdb.DuckDBPyConnection, Depends(cursor)]
Db = Annotated[Database, Depends(get_db)]


async def event_filters(
    type: Annotated[
        list[str] | None,
        Query(max_length=50, description="PLOVER types, repeated or comma-separated"),
    ] = None,
    mode: Text = None,
    actor: Text = None,
    role: Literal["source", "target", "any"] = "any",
    country: Code = None,
    source_country: Code = None,
    target_country: Code = None,
    sector: Code = None,
    source_sector: Code = None,
    target_sector: Code = None,
    date_from: date | None = None,
    date_to: date | None = None,
    outlet: Text = None,
    doc_id: Text = None,
    q: Text = None,
    corroborated: bool | None = None,
    negated: bool | None = None,
    future: bool | None = None,
    hypothetical: bool | None = None,
) -> qb.EventFilters:
    for value in type or []:
        if len(value) > 200:
            raise ApiError(422, "invalid_request", "type: too long")
    return qb.EventFilters(
        types=qb.split_types(type),
        mode=mode,
        actor=actor,
        role=role,
        country=country,
        source_country=source_country,
        target_country=target_country,
        sector=sector,
        source_sector=source_sector,
        target_sector=target_sector,
        date_from=date_from,
        date_to=date_to,
        outlet=outlet,
        doc_id=doc_id,
        q=q,
        corroborated=corroborated,
        negated=negated,
        future=future,
        hypothetical=hypothetical,
    )


Filters = Annotated[qb.EventFilters, Depends(event_filters)]


# ---------------------------------------------------------------- rows -> items


def _iso(value: Any) -> str | None:
    return value.isoformat() if isinstance(value, date) else (str(value) if value else None)


def _rows(cur: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    rel = cur.execute(sql, params)
    names = [d[0] for d in rel.description or []]
    return [dict(zip(names, row, strict=True)) for row in rel.fetchall()]


def resolve_ids(cur: duckdb.DuckDBPyConnection, t: qb.Tables, f: qb.EventFilters) -> qb.Ids:
    lookup = qb.id_lookup(f, t)
    if lookup is None:
        return {}
    rel = cur.execute(*lookup)
    names = [d[0] for d in rel.description or []]
    row = rel.fetchone() or tuple(None for _ in names)
    return dict(zip(names, row, strict=True))


def fetch_items(
    cur: duckdb.DuckDBPyConnection, db: Database, t: qb.Tables, ranks: list[int]
) -> list[str]:
    """The list items (JSON text, the EventItem shape) of these events, in the order of
    ``ranks``: from the item cache, the rest in one statement."""
    if not ranks:
        return []
    by_rank = db.items.get(t.generation, ranks)
    missing = [rk for rk in ranks if rk not in by_rank]
    if missing:
        fetched = dict(cur.execute(*qb.items_by_rank(missing, t)).fetchall())
        db.items.put(t.generation, fetched)
        by_rank.update(fetched)
    return [by_rank[rk] for rk in ranks if rk in by_rank]


def event_items(
    cur: duckdb.DuckDBPyConnection, db: Database, t: qb.Tables, ranks: list[int]
) -> list[m.EventItem]:
    return [m.EventItem.model_validate_json(item) for item in fetch_items(cur, db, t, ranks)]


def _last_key(
    cur: duckdb.DuckDBPyConnection, t: qb.Tables, rank: int, items: list[str]
) -> tuple[str, str]:
    """(doc_id, event_id) of the page's last row, for the cursor: read from its pre-rendered
    item (which holds both) rather than by another statement, unless the item is missing."""
    if items:
        last = json.loads(items[-1])
        if isinstance(last, dict):
            doc_id, event_id = last.get("doc_id"), last.get("event_id")
            if isinstance(doc_id, str) and isinstance(event_id, str):
                return doc_id, event_id
    row = cur.execute(*qb.key_of_rank(t, rank)).fetchone()
    return (str(row[0]), str(row[1])) if row else ("", "")


@dataclass(frozen=True, slots=True)
class RawPage:
    """A page of events as JSON text: items are spliced in as stored, not re-serialised."""

    items: list[str]
    next_cursor: str | None
    total: int | None

    def json(self) -> str:
        return (
            f'{{"items":[{",".join(self.items)}],"next_cursor":{json.dumps(self.next_cursor)},'
            f'"total":{json.dumps(self.total)}}}'
        )

    def model(self) -> m.EventPage:
        return m.EventPage.model_validate_json(self.json())


def events_page(
    cur: duckdb.DuckDBPyConnection,
    db: Database,
    f: qb.EventFilters,
    sort: str,
    limit: int,
    cursor_value: str | None,
    *,
    with_total: bool = True,
    count_budget_s: float | None = None,
) -> RawPage:
    """One page of events; ``total`` on the first page only, and only when counting takes
    less than ``count_budget_s`` (None: no limit)."""
    t = db.tables
    after: int | None = None
    if cursor_value:
        try:
            c = qb.Cursor.decode(cursor_value)
        except qb.QueryError as exc:
            raise ApiError(400, "bad_cursor", str(exc)) from exc
        if c.sort != sort:
            raise ApiError(400, "bad_cursor", "the cursor belongs to another sort order")
        after = c.rank
        if c.generation != t.generation:  # the index was rebuilt: find the row's new rank
            found = cur.execute(*qb.rank_of(t, sort, c.doc_id, c.event_id)).fetchone()
            if found is None:
                raise ApiError(400, "bad_cursor", "the cursor's row is gone; start again")
            after = int(found[0])
    ids = resolve_ids(cur, t, f)
    sql, params = qb.events_page(f, t, sort, limit + 1, after, ids)
    keys = cur.execute(sql, params).fetchall()
    more = len(keys) > limit
    keys = keys[:limit]
    next_cursor = None
    items = fetch_items(cur, db, t, [k[0] for k in keys])
    if more and keys:
        complete = len(items) == len(keys)  # else items[-1] may not be the last row's
        doc_id, event_id = _last_key(cur, t, keys[-1][0], items if complete else [])
        next_cursor = qb.Cursor(sort, t.generation, int(keys[-1][1]), doc_id, event_id).encode()
    total = None
    if cursor_value is None and with_total:
        if not more:  # one page holds them all
            total = len(keys)
        else:
            total = db.cached_count(t, *qb.events_count(f, t, ids), budget_s=count_budget_s)
    return RawPage(items, next_cursor, total)


def json_response(body: str) -> Response:
    return Response(body, media_type="application/json")


def cached_json(db: Database, t: qb.Tables, key: Hashable, build: Callable[[], Any]) -> Response:
    """``build()`` (a pydantic model) as JSON, computed once per index generation."""
    return json_response(db.cached(t, key, lambda: build().model_dump_json()))


UNFILTERED = qb.EventFilters()


def aggregate_json(
    db: Database,
    t: qb.Tables,
    filters: qb.EventFilters,
    key: Hashable,
    build: Callable[[], Any],
) -> Response:
    """An aggregate over the events: cached per index generation when unfiltered (its answer
    changes only with the index), computed per request otherwise."""
    if filters == UNFILTERED:
        return cached_json(db, t, key, build)
    return json_response(build().model_dump_json())


# ---------------------------------------------------------------- events


@router.get("/events", response_model=m.EventPage, tags=["events"])
def list_events(
    cur: Cur,
    db: Db,
    settings: Annotated[ServeSettings, Depends(get_settings)],
    filters: Filters,
    sort: SortName = "-date",
    limit: Limit = 50,
    cursor: Annotated[str | None, Query(max_length=1000)] = None,
    total: Annotated[bool, Query(description="count the matches (first page only)")] = True,
) -> Response:
    """Events matching the filters, one page at a time (keyset cursor).

    ``total`` is counted on the first page, unless counting takes longer than the server's
    count budget (``[serve] count_budget_ms``): then it is null.
    """
    budget = settings.count_budget_ms / 1000 if settings.count_budget_ms > 0 else None
    page = events_page(
        cur, db, filters, sort, limit, cursor, with_total=total, count_budget_s=budget
    )
    return Response(page.json(), media_type="application/json")


@router.get("/events/{doc_id:path}/{event_id}", response_model=m.EventDetail, tags=["events"])
def get_event(doc_id: str, event_id: str, cur: Cur, db: Db) -> m.EventDetail:
    """One event, every mention of the same merged event (across outlets) and its counts."""
    t = db.tables
    found = cur.execute(*qb.rank_by_key(t, doc_id, event_id)).fetchone()
    if found is None:
        raise ApiError(404, "not_found", "no such event")
    rank, merged_event_id = found
    (item,) = event_items(cur, db, t, [rank])
    mentions: list[m.EventItem] = []
    if merged_event_id:
        ranks = [r[0] for r in cur.execute(*qb.ranks_of_merged(t, merged_event_id)).fetchall()]
        mentions = event_items(cur, db, t, ranks)
    counts_row = cur.execute(*qb.event_counts(doc_id, event_id)).fetchone()
    counts = json.loads(counts_row[0]) if counts_row and counts_row[0] else []
    return m.EventDetail(**item.model_dump(), mentions=mentions, counts=counts)


# ---------------------------------------------------------------- documents


def _doc_item(r: dict[str, Any]) -> dict[str, Any]:
    return {
        "doc_id": r["doc_id"],
        "title": r["title"],
        "outlet": r["outlet"],
        "url": r["url"],
        "published": _iso(r["published"]),
        "language": r["language"],
        "status": r["status"],
    }


def _doc_cursor(value: str) -> tuple[int, str]:
    try:
        decoded = qb.Cursor.decode(value)
    except qb.QueryError as exc:
        raise ApiError(400, "bad_cursor", str(exc)) from exc
    if decoded.sort != "-date" or decoded.event_id != "doc":
        raise ApiError(400, "bad_cursor", "not a documents cursor")
    return decoded.rank, decoded.doc_id


@router.get("/documents", response_model=m.DocumentPage, tags=["documents"])
def list_documents(
    cur: Cur,
    outlet: Text = None,
    q: Text = None,
    date_from: date | None = None,
    date_to: date | None = None,
    status: Annotated[Literal["ok", "skipped", "error"] | None, Query()] = None,
    limit: Limit = 50,
    cursor: Annotated[str | None, Query(max_length=1000)] = None,
) -> m.DocumentPage:
    """Documents, the latest written first."""
    f = qb.DocumentFilters(outlet=outlet, q=q, date_from=date_from, date_to=date_to, status=status)
    after = _doc_cursor(cursor) if cursor else None
    rows = _rows(cur, *qb.documents_page(f, limit + 1, after))
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = None
    if more and rows:
        next_cursor = qb.Cursor(
            "-date", 0, int(rows[-1]["seq"]), rows[-1]["doc_id"], "doc"
        ).encode()
    total = None if cursor else int(cur.execute(*qb.documents_count(f)).fetchone()[0])  # type: ignore[index]
    items = [m.DocumentItem(**_doc_item(r), n_events=r["n_events"]) for r in rows]
    return m.DocumentPage(items=items, next_cursor=next_cursor, total=total)


@router.get("/documents/{doc_id:path}", response_model=m.DocumentDetail, tags=["documents"])
def get_document(doc_id: str, cur: Cur, db: Db) -> m.DocumentDetail:
    """One document with its text and its events (in text order)."""
    rows = _rows(cur, *qb.document_by_id(doc_id))
    if not rows:
        raise ApiError(404, "not_found", "no such document")
    r = rows[0]
    t = db.tables
    sql, params = qb.events_page(qb.EventFilters(doc_id=doc_id), t, "-date", 100_000)
    ranks = [k[0] for k in cur.execute(sql, params).fetchall()]
    events = event_items(cur, db, t, ranks)
    events.sort(key=lambda e: (e.start_char, e.trigger.start, e.event_id))
    return m.DocumentDetail(
        **_doc_item(r), n_events=len(events), reason=r["reason"], text=r["text"], events=events
    )


# ---------------------------------------------------------------- actors


@router.get("/actors", response_model=m.ActorPage, tags=["actors"])
def list_actors(
    cur: Cur,
    db: Db,
    q: Text = None,
    limit: Limit = 50,
    cursor: Annotated[str | None, Query(max_length=1000)] = None,
) -> Response:
    """Actors (case-insensitive names), the most active first; ``q`` is a substring."""
    t = db.tables
    if q is None and cursor is None:  # the first page of the whole list: once per index
        return cached_json(db, t, ("actors", limit), lambda: actors_page(cur, t, q, limit, None))
    return json_response(actors_page(cur, t, q, limit, cursor).model_dump_json())


def actors_page(
    cur: duckdb.DuckDBPyConnection, t: qb.Tables, q: str | None, limit: int, cursor: str | None
) -> m.ActorPage:
    after = None
    if cursor:
        try:
            c = qb.Cursor.decode(cursor)
        except qb.QueryError as exc:
            raise ApiError(400, "bad_cursor", str(exc)) from exc
        if c.event_id != "actor" or c.generation != t.generation:
            raise ApiError(400, "bad_cursor", "the actor list changed; start again")
        after = c.rank
    rows = _rows(cur, *qb.actors_list(t, q, limit + 1, after))
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = None
    if more and rows:
        next_cursor = qb.Cursor("-date", t.generation, int(rows[-1]["aid"]), "", "actor").encode()
    total = None if cursor else int(cur.execute(*qb.actors_count(t, q)).fetchone()[0])  # type: ignore[index]
    items = [
        m.ActorItem(
            name=r["name"],
            country=r["country"],
            sector=r["sector"],
            n_events=r["n_events"],
            n_as_source=r["n_as_source"],
            n_as_target=r["n_as_target"],
        )
        for r in rows
    ]
    return m.ActorPage(items=items, next_cursor=next_cursor, total=total)


@router.get("/actors/{name:path}", response_model=m.ActorDetail, tags=["actors"])
def get_actor(name: str, cur: Cur, db: Db) -> m.ActorDetail:
    """One actor: counts, events per day and type, and the first 100 events by and to it."""
    t = db.tables
    rows = _rows(cur, *qb.actor_by_name(t, name))
    if not rows:
        raise ApiError(404, "not_found", "no such actor")
    a = rows[0]
    timeline = [
        m.TimelinePoint(day=_iso(d) or "", type=ty, n=n)
        for d, ty, n in cur.execute(*qb.actor_timeline(t, a["aid"])).fetchall()
    ]
    by_f = qb.EventFilters(actor=a["name"], role="source")
    to_f = qb.EventFilters(actor=a["name"], role="target")
    by = events_page(cur, db, by_f, "-date", 100, None, with_total=False).model()
    to = events_page(cur, db, to_f, "-date", 100, None, with_total=False).model()
    return m.ActorDetail(
        name=a["name"],
        country=a["country"],
        sector=a["sector"],
        n_events=a["n_events"],
        n_as_source=a["n_as_source"],
        n_as_target=a["n_as_target"],
        timeline=timeline,
        events_by=by.items,
        events_by_next_cursor=by.next_cursor,
        events_to=to.items,
        events_to_next_cursor=to.next_cursor,
    )


# ---------------------------------------------------------------- stories, stats


@router.get("/stories", response_model=m.StoryPage, tags=["stories"])
def list_stories(cur: Cur, limit: Limit = 50) -> m.StoryPage:
    """Stories of the merged view (empty until `dateline merge` has run), latest first."""
    rows = _rows(cur, *qb.stories(limit))
    docs: dict[str, list[str]] = {r["story_id"]: [] for r in rows}
    if rows:
        for story_id, doc_id in cur.execute(*qb.story_documents(list(docs))).fetchall():
            docs[story_id].append(doc_id)
    items = [
        m.Story(
            story_id=r["story_id"],
            title=r["title"],
            first_published=_iso(r["first_published"]),
            last_published=_iso(r["last_published"]),
            n_articles=r["n_articles"],
            n_events=r["n_events"],
            timeline=json.loads(r["timeline"]) if r["timeline"] else [],
            doc_ids=docs[r["story_id"]],
        )
        for r in rows
    ]
    return m.StoryPage(items=items, next_cursor=None, total=len(items))


@router.get("/stats", response_model=m.Stats, tags=["stats"])
def get_stats(cur: Cur, db: Db) -> Response:
    """Totals: documents, events, actors, the date range, events by type, documents by outlet."""
    t = db.tables
    return cached_json(db, t, ("stats",), lambda: stats(cur, t))


def stats(cur: duckdb.DuckDBPyConnection, t: qb.Tables) -> m.Stats:
    (row,) = _rows(cur, *qb.stats(t))
    return m.Stats(
        n_documents=row["n_documents"],
        n_events=row["n_events"],
        n_actors=row["n_actors"],
        date_min=_iso(row["date_min"]),
        date_max=_iso(row["date_max"]),
        by_type=dict(row["by_type"] or {}),
        by_outlet=dict(row["by_outlet"] or {}),
    )


@router.get("/stats/timeline", response_model=m.Timeline, tags=["stats"])
def get_timeline(cur: Cur, db: Db, filters: Filters) -> Response:
    """Events per day and type, with the event filters."""
    t = db.tables
    return aggregate_json(db, t, filters, ("timeline",), lambda: timeline(cur, t, filters))


def timeline(cur: duckdb.DuckDBPyConnection, t: qb.Tables, filters: qb.EventFilters) -> m.Timeline:
    rows = cur.execute(*qb.timeline(filters, t, resolve_ids(cur, t, filters))).fetchall()
    return m.Timeline(days=[m.TimelinePoint(day=_iso(d) or "", type=ty, n=n) for d, ty, n in rows])


@router.get("/network", response_model=m.Network, tags=["stats"])
def get_network(
    cur: Cur,
    db: Db,
    filters: Filters,
    limit_nodes: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> Response:
    """Who acts on whom: the most active actors and the source -> target edges among them."""
    t = db.tables
    key = ("network", limit_nodes)
    return aggregate_json(db, t, filters, key, lambda: network(cur, t, filters, limit_nodes))


def network(
    cur: duckdb.DuckDBPyConnection, t: qb.Tables, filters: qb.EventFilters, limit_nodes: int
) -> m.Network:
    ids = resolve_ids(cur, t, filters)
    rows = cur.execute(*qb.network(filters, t, limit_nodes, ids)).fetchall()
    nodes = [
        m.Node(id=str(r[1]), name=r[6], country=r[7], sector=r[8], n=r[3])
        for r in rows
        if r[0] == "node"
    ]
    edges = []
    for kind, s, tgt, n, coop, conflict, *_ in rows:
        if kind != "edge":
            continue
        label = "mixed"
        if coop and not conflict:
            label = "cooperation"
        elif conflict and not coop:
            label = "conflict"
        edges.append(
            m.Edge(
                source=str(s), target=str(tgt), n=n, cooperative=coop, conflict=conflict, kind=label
            )
        )
    edges.sort(key=lambda e: (-e.n, e.source, e.target))
    return m.Network(nodes=nodes, edges=edges)


@router.get("/map", response_model=m.MapResponse, tags=["stats"])
def get_map(
    cur: Cur,
    db: Db,
    filters: Filters,
    limit: Annotated[int, Query(ge=1, le=5000)] = 1000,
) -> Response:
    """Events grouped by place (places with coordinates), with the event filters."""
    t = db.tables
    key = ("map", limit)
    return aggregate_json(db, t, filters, key, lambda: map_points(cur, t, filters, limit))


def map_points(
    cur: duckdb.DuckDBPyConnection, t: qb.Tables, filters: qb.EventFilters, limit: int
) -> m.MapResponse:
    rows = cur.execute(*qb.map_points(filters, t, limit, resolve_ids(cur, t, filters))).fetchall()
    return m.MapResponse(
        points=[
            m.MapPoint(lat=lat, lon=lon, name=name, country=country, n=n, types=dict(types))
            for lat, lon, name, country, n, types in rows
        ]
    )


# ---------------------------------------------------------------- ingestion


async def require_token(
    settings: Annotated[ServeSettings, Depends(get_settings)],
    authorization: Annotated[str | None, Header()] = None,
) -> None:
    if not settings.token:
        raise ApiError(403, "writes_disabled", "writes are disabled: no token is configured")
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not given:
        raise ApiError(401, "unauthorized", "a Bearer token is required")
    if not secrets.compare_digest(given.strip().encode(), settings.token.encode()):
        raise ApiError(403, "forbidden", "wrong token")


@router.post(
    "/documents",
    response_model=m.IngestResponse,
    tags=["documents"],
    dependencies=[Depends(require_token)],
    responses={401: {"model": m.ErrorResponse}, 403: {"model": m.ErrorResponse}},
)
async def post_documents(request: Request, db: Db) -> m.IngestResponse:
    """Ingest articles (one JSON object or a list: ``{id?, title, text, published, url,
    outlet}``) through the dateline pipeline and store them. Requires ``Authorization: Bearer``.
    """
    from dateline.config import load_settings
    from dateline.ingest.jsonl import record_to_article
    from dateline.records import Article, RecordError

    settings: ServeSettings = request.app.state.settings
    if not db.writable:
        raise ApiError(403, "writes_disabled", "the store is open read-only")
    try:
        body = json.loads(await request.body())
    except (ValueError, RecursionError) as exc:
        raise ApiError(400, "bad_json", "the body is not valid JSON") from exc
    records = body if isinstance(body, list) else [body]
    if len(records) > MAX_ARTICLES_PER_POST:
        raise ApiError(413, "too_many", f"at most {MAX_ARTICLES_PER_POST} articles per request")
    pipeline_settings = load_settings(settings.config_path)
    articles: list[Article] = []
    errors: list[RecordError] = []
    for i, record in enumerate(records):
        item = record_to_article(record, f"POST#{i}", pipeline_settings)
        (errors if isinstance(item, RecordError) else articles).append(item)  # type: ignore[arg-type]
    report = await run_in_threadpool(db.ingest, articles, errors, pipeline_settings)
    return m.IngestResponse(
        stored=report.stored, unchanged=report.unchanged, errors=report.errors, run_id=report.run_id
    )
