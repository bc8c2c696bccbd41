"""The merged view in the store: events, their mentions, contradictions and stories.

:func:`refresh` brings the merged tables (migration 0002) up to date with ``documents``:

1. articles that are new, changed (another ``content_hash``) or gone since the last refresh are
   found through ``merge_state``;
2. their mentions are computed (:func:`dateline.merge.mentions_from_result`); the *blocks* they
   fall in (type, modality and dyad), old and new, are the only ones that can change;
3. those blocks are merged again from all their mentions — the stored ones (rebuilt exactly
   from ``merged_mentions``) and the new ones — and replace their old events;
4. contradictions and stories are recomputed from the stored mentions (no NLP: cheap).

Merging a block depends only on its set of mentions, so ingesting day 1, refreshing, then
ingesting day 2 and refreshing gives the same tables as ingesting both days at once.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb
import pyarrow as pa

from dateline.merge.cluster import Event, build_event, cluster_block, event_order
from dateline.merge.contradictions import Contradiction, find_contradictions
from dateline.merge.identity import ActorIdentity
from dateline.merge.mentions import CountClaim, Mention, MergeConfig, mentions_from_result
from dateline.merge.stories import ArticleInfo, Story, build_stories
from dateline.store.store import Store

Row = dict[str, Any]
MERGED_TABLES = (
    "merged_events",
    "merged_mentions",
    "contradictions",
    "stories",
    "story_articles",
    "merge_state",
    "merge_settings",
)


@dataclass(frozen=True, slots=True)
class RefreshReport:
    changed: int  # articles (re)merged
    removed: int  # articles no longer in the store
    blocks: int  # blocks merged again
    events: int  # merged events in the store afterwards
    stories: int
    contradictions: int

    def to_dict(self) -> dict[str, int]:
        return {
            "changed": self.changed,
            "removed": self.removed,
            "blocks": self.blocks,
            "events": self.events,
            "stories": self.stories,
            "contradictions": self.contradictions,
        }


# ---------------------------------------------------------------- rows <-> records


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _loads(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def mention_row(m: Mention, event_id: str) -> Row:
    return {
        "event_id": event_id,
        "block": m.block,
        "doc_id": m.doc_id,
        "mention_id": m.mention_id,
        "sentence": m.sentence,
        "outlet": m.outlet,
        "published": m.published,
        "title": m.title,
        "type": m.type,
        "mode": m.mode,
        "modality": m.modality,
        "source_key": m.source_key,
        "target_key": m.target_key,
        "lo": m.lo,
        "hi": m.hi,
        "dated": m.dated,
        "negated": m.negated,
        "hedged": m.hedged,
        "trigger": m.trigger,
        "sentence_text": m.sentence_text,
        "location": m.location,
        "lat": m.lat,
        "lon": m.lon,
        "source_names": _json(list(m.source_names)),
        "target_names": _json(list(m.target_names)),
        "counts": _json(
            [
                {"value": c.value, "qualifier": c.qualifier, "category": c.category, "text": c.text}
                for c in m.counts
            ]
        ),
    }


def mention_from_row(row: Row) -> Mention:
    """The Mention a row was written from (exactly)."""
    return Mention(
        doc_id=row["doc_id"],
        mention_id=row["mention_id"],
        sentence=int(row["sentence"]),
        outlet=row["outlet"],
        published=row["published"],
        type=row["type"],
        mode=row["mode"],
        modality=row["modality"],
        source_key=row["source_key"],
        target_key=row["target_key"],
        lo=row["lo"],
        hi=row["hi"],
        dated=bool(row["dated"]),
        negated=bool(row["negated"]),
        hedged=bool(row["hedged"]),
        trigger=row["trigger"],
        sentence_text=row["sentence_text"],
        location=row["location"],
        lat=row["lat"],
        lon=row["lon"],
        source_names=tuple(_loads(row["source_names"]) or ()),
        target_names=tuple(_loads(row["target_names"]) or ()),
        counts=tuple(
            CountClaim(float(c["value"]), c["qualifier"], c["category"], c["text"])
            for c in _loads(row["counts"]) or ()
        ),
        title=row["title"],
    )


def event_row(ev: Event) -> Row:
    return {
        "event_id": ev.id,
        "block": ev.block,
        "type": ev.type,
        "mode": ev.mode,
        "modality": ev.modality,
        "source_key": ev.source_key,
        "target_key": ev.target_key,
        "source_names": _json(list(ev.source_names)),
        "target_names": _json(list(ev.target_names)),
        "day": ev.day,
        "date_lo": ev.date_lo,
        "date_hi": ev.date_hi,
        "location": ev.location,
        "n_mentions": len(ev.mentions),
        "n_articles": ev.n_articles,
        "n_outlets": ev.n_outlets,
        "outlets": _json(list(ev.outlets)),
        "corroboration": ev.corroboration,
        "hedged": ev.hedged,
        "denied": ev.denied,
    }


def contradiction_row(c: Contradiction) -> Row:
    row: Row = {
        "contradiction_id": c.id,
        "event_id": c.event_id,
        "kind": c.kind,
        "subject": c.subject,
    }
    for side, claim in (("a", c.a), ("b", c.b)):
        row[f"{side}_doc_id"] = claim.doc_id
        row[f"{side}_sentence"] = claim.sentence
        row[f"{side}_outlet"] = claim.outlet
        row[f"{side}_text"] = claim.text
        row[f"{side}_value"] = claim.value
    return row


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def story_rows(story: Story) -> tuple[Row, list[Row]]:
    row = {
        "story_id": story.id,
        "title": story.title,
        "first_published": story.first_published,
        "last_published": story.last_published,
        "n_articles": len(story.articles),
        "n_events": len(story.timeline),
        "timeline": _json(
            [
                {
                    "event_id": t.event_id,
                    "date": _iso(t.date),
                    "label": t.label,
                    "n_articles": t.n_articles,
                    "n_outlets": t.n_outlets,
                }
                for t in story.timeline
            ]
        ),
    }
    members = [
        {"story_id": story.id, "doc_id": a.doc_id, "position": i}
        for i, a in enumerate(story.articles)
    ]
    return row, members


# ---------------------------------------------------------------- low level


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] = ()) -> list[Row]:
    cur = con.execute(sql, list(params))
    names = [d[0] for d in cur.description or []]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[Row]) -> None:
    if not rows:
        return
    name = f"_dateline_merged_{table}"
    con.register(name, pa.Table.from_pylist(rows))
    try:
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM {name}")
    finally:
        con.unregister(name)


def stored_mentions(
    con: duckdb.DuckDBPyConnection, blocks: Iterable[str] | None = None
) -> list[Mention]:
    """Mentions in the merged view (of some blocks, or all)."""
    if blocks is None:
        rows = _rows(con, "SELECT * FROM merged_mentions")
    else:
        wanted = sorted(set(blocks))
        if not wanted:
            return []
        rows = _rows(con, "SELECT * FROM merged_mentions WHERE list_contains(?, block)", [wanted])
    return [mention_from_row(r) for r in rows]


def stored_events(con: duckdb.DuckDBPyConnection) -> list[Event]:
    """The merged events, rebuilt from their stored mentions, in event order."""
    groups: dict[str, list[Mention]] = defaultdict(list)
    for r in _rows(con, "SELECT * FROM merged_mentions"):
        groups[r["event_id"]].append(mention_from_row(r))
    events = [build_event(sorted(g, key=lambda m: m.order)) for g in groups.values()]
    return sorted(events, key=event_order)


def _articles(events: Sequence[Event]) -> dict[str, ArticleInfo]:
    out: dict[str, ArticleInfo] = {}
    for ev in events:
        for m in ev.mentions:
            out.setdefault(m.doc_id, ArticleInfo(m.doc_id, m.title, m.outlet, m.published))
    return out


# ---------------------------------------------------------------- refresh


def _pending(con: duckdb.DuckDBPyConnection) -> tuple[list[str], list[str]]:
    """(changed or new doc ids, removed doc ids) since the last refresh."""
    changed = [
        r[0]
        for r in con.execute(
            "SELECT d.doc_id FROM documents d LEFT JOIN merge_state s USING (doc_id) "
            "WHERE s.content_hash IS DISTINCT FROM d.content_hash ORDER BY d.doc_id"
        ).fetchall()
    ]
    removed = [
        r[0]
        for r in con.execute(
            "SELECT s.doc_id FROM merge_state s ANTI JOIN documents d USING (doc_id) "
            "ORDER BY s.doc_id"
        ).fetchall()
    ]
    return changed, removed


def stored_config(con: duckdb.DuckDBPyConnection) -> MergeConfig | None:
    """The config the merged view was built with (None before the first refresh)."""
    values = dict(con.execute("SELECT key, value FROM merge_settings").fetchall())
    if not values:
        return None
    default = MergeConfig()
    return MergeConfig(
        window_days=int(values.get("window_days", default.window_days)),
        day_tolerance=int(values.get("day_tolerance", default.day_tolerance)),
        max_km=float(values.get("max_km", default.max_km)),
    )


def _save_config(con: duckdb.DuckDBPyConnection, config: MergeConfig) -> None:
    con.execute("DELETE FROM merge_settings")
    con.execute(
        "INSERT INTO merge_settings VALUES ('window_days', ?), ('day_tolerance', ?), ('max_km', ?)",
        [config.window_days, config.day_tolerance, config.max_km],
    )


def is_stale(store: Store) -> bool:
    """Whether articles were added, changed or removed since the last refresh."""
    changed, removed = _pending(store.connection)
    return bool(changed or removed)


def refresh(
    store: Store,
    config: MergeConfig | None = None,
    *,
    full: bool = False,
    identity: ActorIdentity | None = None,
) -> RefreshReport:
    """Bring the merged view up to date (incrementally; ``full`` rebuilds it), atomically.

    ``config`` defaults to the one the view was built with (else the defaults); a different
    config than the stored one rebuilds the view whole.
    """
    con = store.connection
    previous = stored_config(con)
    config = config or previous or MergeConfig()
    full = full or (previous is not None and previous != config)
    con.execute("BEGIN TRANSACTION")
    try:
        if full:
            for table in MERGED_TABLES:
                con.execute(f"DELETE FROM {table}")
        _save_config(con, config)
        changed, removed = _pending(con)
        gone = changed + removed
        old_blocks: set[str] = set()
        if gone:
            old_blocks = {
                r[0]
                for r in con.execute(
                    "SELECT DISTINCT block FROM merged_mentions WHERE list_contains(?, doc_id)",
                    [gone],
                ).fetchall()
            }
            con.execute("DELETE FROM merged_mentions WHERE list_contains(?, doc_id)", [gone])
            con.execute("DELETE FROM merge_state WHERE list_contains(?, doc_id)", [gone])
        new = [
            m
            for result in store.results(changed)
            for m in mentions_from_result(result, config, identity)
        ]
        affected = old_blocks | {m.block for m in new}
        if affected:
            keep = stored_mentions(con, affected)
            con.execute(
                "DELETE FROM merged_events WHERE list_contains(?, block)", [sorted(affected)]
            )
            con.execute(
                "DELETE FROM merged_mentions WHERE list_contains(?, block)", [sorted(affected)]
            )
            by_block: dict[str, dict[tuple[str, str], Mention]] = defaultdict(dict)
            for m in [*keep, *new]:
                by_block[m.block][(m.doc_id, m.mention_id)] = m
            events = [
                build_event(group)
                for block in sorted(by_block)
                for group in cluster_block(list(by_block[block].values()), config)
            ]
            _insert(con, "merged_events", [event_row(e) for e in events])
            _insert(
                con,
                "merged_mentions",
                [mention_row(m, e.id) for e in events for m in e.mentions],
            )
        if changed:
            con.execute(
                "INSERT INTO merge_state SELECT doc_id, content_hash FROM documents "
                "WHERE list_contains(?, doc_id)",
                [changed],
            )
        all_events = stored_events(con)
        contradictions = find_contradictions(all_events)
        stories = build_stories(all_events, _articles(all_events), config.window_days)
        for table in ("contradictions", "stories", "story_articles"):
            con.execute(f"DELETE FROM {table}")
        _insert(con, "contradictions", [contradiction_row(c) for c in contradictions])
        pairs = [story_rows(s) for s in stories]
        _insert(con, "stories", [p[0] for p in pairs])
        _insert(con, "story_articles", [m for p in pairs for m in p[1]])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return RefreshReport(
        changed=len(changed),
        removed=len(removed),
        blocks=len(affected),
        events=len(all_events),
        stories=len(stories),
        contradictions=len(contradictions),
    )


# ---------------------------------------------------------------- reading


def events_json(store: Store, limit: int | None = None) -> list[dict[str, Any]]:
    """Merged events with their mentions (doc_id, sentence, outlet ...), in event order."""
    con = store.connection
    events = _rows(
        con, "SELECT * FROM merged_events ORDER BY coalesce(date_lo, DATE '0001-01-01'), event_id"
    )
    if limit is not None:
        events = events[:limit]
    mentions: dict[str, list[Row]] = defaultdict(list)
    for r in _rows(
        con,
        "SELECT event_id, doc_id, mention_id, sentence, outlet, published, negated, hedged, "
        "trigger, sentence_text FROM merged_mentions ORDER BY event_id, published, doc_id, "
        "sentence, mention_id",
    ):
        mentions[r.pop("event_id")].append(r)
    out = []
    for ev in events:
        item = {k: _plain(v) for k, v in ev.items()}
        for key in ("source_names", "target_names", "outlets"):
            item[key] = _loads(ev[key])
        item["mentions"] = [{k: _plain(v) for k, v in m.items()} for m in mentions[ev["event_id"]]]
        out.append(item)
    return out


def stories_json(store: Store) -> list[dict[str, Any]]:
    con = store.connection
    members: dict[str, list[str]] = defaultdict(list)
    for r in _rows(con, "SELECT story_id, doc_id FROM story_articles ORDER BY story_id, position"):
        members[r["story_id"]].append(r["doc_id"])
    out = []
    for s in _rows(
        con,
        "SELECT * FROM stories ORDER BY coalesce(first_published, DATE '0001-01-01'), story_id",
    ):
        item = {k: _plain(v) for k, v in s.items()}
        item["timeline"] = _loads(s["timeline"])
        item["articles"] = members[s["story_id"]]
        out.append(item)
    return out


def contradictions_json(store: Store) -> list[dict[str, Any]]:
    rows = _rows(
        store.connection,
        "SELECT c.*, e.type, e.day, e.date_lo FROM contradictions c JOIN merged_events e "
        "USING (event_id) ORDER BY coalesce(e.date_lo, DATE '0001-01-01'), c.contradiction_id",
    )
    return [{k: _plain(v) for k, v in r.items()} for r in rows]


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


# Flat layouts of the merged view for `dateline export` (same shape as
# dateline.export.tables.TABLES; registering them there is a one-line hook:
# ``TABLES.update(EXPORT_TABLES)``).
EXPORT_TABLES: dict[str, str] = {
    "merged_events": """
        SELECT event_id, type, mode, modality, source_key, target_key, source_names,
            target_names, day, date_lo, date_hi, location, n_mentions, n_articles, n_outlets,
            outlets, corroboration, hedged, denied
        FROM merged_events ORDER BY coalesce(date_lo, DATE '0001-01-01'), event_id
    """,
    "merged_mentions": """
        SELECT event_id, doc_id, mention_id, sentence, outlet, published, negated, hedged,
            trigger, sentence_text
        FROM merged_mentions ORDER BY event_id, published, doc_id, sentence, mention_id
    """,
    "contradictions": """
        SELECT * FROM contradictions ORDER BY event_id, contradiction_id
    """,
    "stories": """
        WITH members AS (
            SELECT story_id, list(doc_id ORDER BY position) AS articles
            FROM story_articles GROUP BY story_id
        )
        SELECT s.story_id, s.title, s.first_published, s.last_published, s.n_articles,
            s.n_events, s.timeline, m.articles
        FROM stories s JOIN members m USING (story_id)
        ORDER BY coalesce(s.first_published, DATE '0001-01-01'), s.story_id
    """,
}
