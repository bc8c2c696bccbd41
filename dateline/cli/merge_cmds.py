"""The merged view: ``dateline merge``, ``events``, ``stories`` and ``contradictions``.

``events``, ``stories`` and ``contradictions`` bring the merged view up to date first when
articles were ingested since (incrementally; see dateline/store/merged.py).
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from dateline.cli.summary import err_console

DB_HELP = "The dateline database (DuckDB file)."
DbOption = Annotated[
    Path, typer.Option("--db", envvar="DATELINE_DB", help=DB_HELP, show_default=True)
]
DEFAULT_DB = Path("dateline.duckdb")


class ViewFormat(StrEnum):
    table = "table"
    json = "json"


FormatOption = Annotated[
    ViewFormat, typer.Option("--format", "-f", help="table (for people) or json (for programs).")
]


def register(app: typer.Typer) -> None:
    app.command(
        "merge",
        epilog="Examples: `dateline merge --db news.duckdb`  ·  `dateline merge --window 3 --full`",
    )(merge)
    app.command(
        "events",
        epilog="Examples: `dateline events --db news.duckdb`  ·  "
        "`dateline events --format json --min-outlets 2`",
    )(events)
    app.command("stories", epilog="Example: `dateline stories --format json`")(stories)
    app.command("contradictions", epilog="Example: `dateline contradictions`")(contradictions)


def _fail(message: str, code: int = 2) -> typer.Exit:
    err_console.print(f"[red]error:[/] {message}", highlight=False)
    return typer.Exit(code)


def _open_fresh(db: Path) -> Any:
    """The store, read-only, with the merged view brought up to date first when stale."""
    from dateline.store import Store, StoreError
    from dateline.store.merged import is_stale, refresh

    try:
        store = Store(db, read_only=True)
        if not is_stale(store):
            return store
        store.close()
        try:
            with Store(db) as rw:
                refresh(rw)
        except StoreError as exc:  # another process writes (an ingest): show the view as is
            err_console.print(
                f"[yellow]warning:[/] the merged view may be out of date ({exc})", highlight=False
            )
        return Store(db, read_only=True)
    except StoreError as exc:
        raise _fail(str(exc)) from exc


def _print_json(items: list[dict[str, Any]]) -> None:
    typer.echo(json.dumps(items, ensure_ascii=False, indent=2))


def _console() -> Console:
    return Console(highlight=False, soft_wrap=False)


# ---------------------------------------------------------------- merge


def merge(
    db: DbOption = DEFAULT_DB,
    window: Annotated[
        int | None,
        typer.Option(
            min=0,
            help="Days before its publication that a report without a date of its own may "
            "describe (default 2, or the view's current setting).",
        ),
    ] = None,
    tolerance: Annotated[
        int | None,
        typer.Option(
            min=0, help="Days apart that two day-precise reports of one event may be (default 0)."
        ),
    ] = None,
    max_km: Annotated[
        float | None,
        typer.Option(
            "--max-km",
            min=0,
            help="Reports naming cities further apart than this are separate events "
            "(default 100; 0: off).",
        ),
    ] = None,
    full: Annotated[bool, typer.Option("--full", help="Rebuild the merged view whole.")] = False,
) -> None:
    """Merge the stored articles' event mentions into events, stories and contradictions.

    Incremental: only articles ingested, changed or removed since the last merge are looked
    at, and only the events they touch are merged again.
    """
    from dateline.merge import MergeConfig
    from dateline.store import Store, StoreError
    from dateline.store.merged import refresh, stored_config

    try:
        with Store(db) as store:
            config = None
            if window is not None or tolerance is not None or max_km is not None:
                base = stored_config(store.connection) or MergeConfig()
                config = MergeConfig(
                    window_days=base.window_days if window is None else window,
                    day_tolerance=base.day_tolerance if tolerance is None else tolerance,
                    max_km=base.max_km if max_km is None else max_km,
                )
            report = refresh(store, config, full=full)
    except (StoreError, ValueError) as exc:
        raise _fail(str(exc)) from exc
    d = report.to_dict()
    err_console.print(
        f"merged {d['changed']} changed and {d['removed']} removed article(s) "
        f"({d['blocks']} block(s) redone): {d['events']} events, {d['stories']} stories, "
        f"{d['contradictions']} contradictions",
        highlight=False,
    )


# ---------------------------------------------------------------- events


def events(
    db: DbOption = DEFAULT_DB,
    fmt: FormatOption = ViewFormat.table,
    event_type: Annotated[
        str | None, typer.Option("--type", help="Only this PLOVER type (ASSAULT, PROTEST ...).")
    ] = None,
    min_outlets: Annotated[
        int, typer.Option(min=0, help="Only events reported by at least this many outlets.")
    ] = 0,
    limit: Annotated[int, typer.Option(min=0, help="At most this many events (0: all).")] = 50,
) -> None:
    """Merged events: each real-world event once, with every article and sentence that reports
    it (JSON: each event with its mentions' doc_id, sentence and outlet)."""
    from dateline.store.merged import events_json

    with _open_fresh(db) as store:
        items = events_json(store)
    if event_type:
        items = [e for e in items if e["type"] == event_type.upper()]
    items = [e for e in items if e["n_outlets"] >= min_outlets]
    if limit:
        items = items[:limit]
    if fmt is ViewFormat.json:
        _print_json(items)
        return
    table = Table(title=f"{len(items)} merged event(s)", show_lines=False)
    for col in ("date", "type", "source -> target", "articles", "outlets", "status", "sources"):
        table.add_column(col, overflow="fold")
    for e in items:
        src = ", ".join(e["source_names"]) or "?"
        tgt = ", ".join(e["target_names"]) or ""
        flags = [e["corroboration"]] + (["hedged"] if e["hedged"] else [])
        flags += ["denied"] if e["denied"] else []
        where = "; ".join(f"{m['doc_id']}#{m['sentence']}" for m in e["mentions"][:4])
        if len(e["mentions"]) > 4:
            where += f"; +{len(e['mentions']) - 4}"
        day = e["day"] or f"{e['date_lo']}..{e['date_hi']}"
        table.add_row(
            str(day),
            e["type"],
            f"{src} -> {tgt}" if tgt else src,
            str(e["n_articles"]),
            str(e["n_outlets"]),
            ", ".join(flags),
            where,
        )
    _console().print(table)


# ---------------------------------------------------------------- stories


def stories(
    db: DbOption = DEFAULT_DB,
    fmt: FormatOption = ViewFormat.table,
    min_articles: Annotated[
        int, typer.Option(min=1, help="Only stories with at least this many articles.")
    ] = 1,
) -> None:
    """Stories: articles grouped by the events they share, each with a title and a timeline."""
    from dateline.store.merged import stories_json

    with _open_fresh(db) as store:
        items = [s for s in stories_json(store) if s["n_articles"] >= min_articles]
    if fmt is ViewFormat.json:
        _print_json(items)
        return
    console = _console()
    console.print(f"{len(items)} story(ies)")
    for s in items:
        span = s["first_published"] or "?"
        if s["last_published"] and s["last_published"] != s["first_published"]:
            span += f" .. {s['last_published']}"
        console.print(
            f"\n[bold]{s['title']}[/]  ({s['n_articles']} article(s), {span})  {s['story_id']}"
        )
        for t in s["timeline"]:
            console.print(
                f"  {t['date'] or '?':<10}  {t['label']}  "
                f"[{t['n_articles']} article(s), {t['n_outlets']} outlet(s)]"
            )


# ---------------------------------------------------------------- contradictions


def contradictions(db: DbOption = DEFAULT_DB, fmt: FormatOption = ViewFormat.table) -> None:
    """Contradictions between reports of one event (disagreeing counts, denials), each with
    both sources."""
    from dateline.store.merged import contradictions_json

    with _open_fresh(db) as store:
        items = contradictions_json(store)
    if fmt is ViewFormat.json:
        _print_json(items)
        return
    table = Table(title=f"{len(items)} contradiction(s)")
    for col in ("event", "kind", "one side", "the other side"):
        table.add_column(col, overflow="fold")
    for c in items:
        sides = []
        for side in ("a", "b"):
            value = f"{c[f'{side}_value']}: " if c[f"{side}_value"] else ""
            sides.append(
                f"{value}{c[f'{side}_outlet'] or '?'} ({c[f'{side}_doc_id']}#"
                f"{c[f'{side}_sentence']}) — {c[f'{side}_text']}"
            )
        kind = c["kind"] + (f" ({c['subject']})" if c["subject"] else "")
        table.add_row(f"{c['event_id']} {c['day'] or ''}", kind, sides[0], sides[1])
    _console().print(table)
