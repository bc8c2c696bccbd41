"""Store-backed commands: ``dateline ingest``, ``query``, ``export`` and ``stats``."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from dateline.cli.summary import RunSummary, err_console, progress
from dateline.config import load_settings
from dateline.records import ArticleResult

if TYPE_CHECKING:  # the store and pyarrow load only when a store command runs
    from dateline.export.tables import TableFormat

DB_HELP = "The dateline database (DuckDB file)."
DbOption = Annotated[
    Path, typer.Option("--db", envvar="DATELINE_DB", help=DB_HELP, show_default=True)
]
DEFAULT_DB = Path("dateline.duckdb")


class Kind(StrEnum):
    events = "events"
    documents = "documents"
    entities = "entities"
    quotes = "quotes"
    counts = "counts"
    errors = "errors"


class QueryFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"
    gdelt = "gdelt"  # these four: dateline/cli/interop_cmds.py
    polecat = "polecat"
    graphml = "graphml"
    gexf = "gexf"


class StatsFormat(StrEnum):
    text = "text"
    json = "json"


def register(app: typer.Typer) -> None:
    app.command(
        "ingest",
        epilog="Example: `dateline ingest samples/ --db news.duckdb`  ·  "
        "`dateline ingest feeds/*.xml archive.warc.gz` (re-running is safe: unchanged "
        "articles are skipped)",
    )(ingest)
    app.command(
        "query",
        epilog="Examples: `dateline query --type PROTEST --from 2025-03 --outlet VOA`  ·  "
        '`dateline query --what entities --entity "Red Cross"`  ·  '
        "`dateline query --country IRN --format csv --limit 0 > iran.csv`",
    )(query)
    app.command(
        "export",
        epilog="Examples: `dateline export --format jsonl -o all.jsonl`  ·  "
        "`dateline export --format parquet -o lake/`  ·  "
        "`dateline export -o events.csv`  ·  "
        "`dateline export --format csv -o csv/ --table events --table entities`",
    )(export)
    app.command(
        "stats",
        epilog="Example: `dateline stats --db news.duckdb`  ·  `dateline stats --format json`",
    )(stats)


def _fail(message: str, code: int = 2) -> typer.Exit:
    err_console.print(f"[red]error:[/] {message}", highlight=False)
    return typer.Exit(code)


def _open(db: Path, *, read_only: bool) -> Any:
    from dateline.store import Store, StoreError

    try:
        return Store(db, read_only=read_only)
    except StoreError as exc:
        raise _fail(str(exc)) from exc


# ---------------------------------------------------------------- ingest


def ingest(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Files, folders, globs, or - for stdin (JSONL, txt, HTML, WARC, RSS/Atom)."
        ),
    ],
    db: DbOption = DEFAULT_DB,
    config: Annotated[Path | None, typer.Option(help="A dateline.toml settings file.")] = None,
    pipeline: Annotated[
        str | None, typer.Option(help="spaCy pipeline for English (an installed package name).")
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bar and no summary.")
    ] = False,
) -> None:
    """Extract articles and store everything in a database, with the run and its errors.

    Idempotent: an article already stored with the same content is skipped; one whose text,
    metadata or results changed is replaced whole. Bad records get an error each (kept in the
    errors table) and the run goes on; the exit code is 1 when any record failed.
    """
    from dateline.pipeline import run

    settings = load_settings(config)
    if pipeline:
        settings = load_settings(config, pipelines={**settings.pipelines, "en": pipeline})
    summary = RunSummary()
    with _open(db, read_only=False) as store:
        with store.ingestion("ingest", inputs) as ingestion, progress(not quiet) as bar:
            task = bar.add_task("ingesting", total=None) if bar else None
            for item in run(inputs, settings):
                summary.add(item)
                ingestion.add(item)
                if bar is not None and task is not None and isinstance(item, ArticleResult):
                    bar.advance(task)
        report = ingestion.report
        for failure in report.failures:
            summary.add(failure)
        if not quiet:
            summary.print()
            err_console.print(
                f"stored in {db}: {report.inserted} new, {report.replaced} replaced, "
                f"{report.unchanged} unchanged (run {ingestion.run_id})",
                highlight=False,
            )
    raise typer.Exit(1 if summary.failed else 0)


# ---------------------------------------------------------------- query

# The columns shown by --format table (json and csv give every column).
_TABLE_COLUMNS: dict[str, list[str]] = {
    "events": ["date", "event", "source", "target", "location", "flags", "conf", "doc_id"],
    "documents": ["published", "doc_id", "outlet", "title", "status", "events"],
    "entities": ["entity", "label", "country", "sector", "mentions", "documents", "last_seen"],
    "quotes": ["published", "speaker", "quote", "doc_id"],
    "counts": ["published", "value", "qualifier", "what", "text", "doc_id"],
    "errors": ["recorded_at", "severity", "stage", "origin", "reason"],
}


# short columns that are better kept on one line; long text wraps instead
_NO_WRAP = frozenset(
    [
        "date",
        "type",
        "conf",
        "published",
        "status",
        "sentences",
        "entities",
        "events",
        "label",
        "country",
        "sector",
        "mentions",
        "documents",
        "last_seen",
        "value",
        "recorded_at",
        "severity",
        "stage",
    ]
)


_FLAGS = (("negated", "neg"), ("future", "fut"), ("hypothetical", "hyp"))
_MIN_WIDTH = {
    "event": 7,
    "location": 8,
    "outlet": 7,
    "title": 10,
    "source": 7,
    "target": 7,
    "quote": 16,
}


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}" + ("" if n == 1 else "s")


def _cell(value: Any, width: int = 80) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        text = f"{value:.2f}"
    elif isinstance(value, datetime):
        text = value.isoformat(sep=" ", timespec="seconds")
    else:
        text = str(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def _display(kind: str, row: dict[str, Any]) -> dict[str, Any]:
    if kind != "events":
        return row
    flags = [short for name, short in _FLAGS if row.get(name)]
    location = row.get("location")
    if location and row.get("location_country"):
        location = f"{location} ({row['location_country']})"
    event = row.get("type") or ""
    if row.get("mode"):
        event = f"{event} ({row['mode']})"
    return {
        **row,
        "event": event,
        "flags": ",".join(flags),
        "conf": row.get("confidence"),
        "location": location,
        "source": _actors(row.get("source"), row.get("source_country")),
        "target": _actors(row.get("target"), row.get("target_country")),
    }


def _actors(names: str | None, countries: str | None) -> str | None:
    if not names:
        return None
    return f"{names} [{countries}]" if countries else names


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def print_rows(kind: str, rows: Sequence[dict[str, Any]], fmt: str, console: Console) -> None:
    """Write rows as a rich table, a JSON array or CSV (with every column) to stdout."""
    if fmt == "json":
        sys.stdout.write(json.dumps(list(rows), default=_jsonable, ensure_ascii=False, indent=2))
        sys.stdout.write("\n")
        return
    if fmt == "csv":
        if rows:
            writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            for row in rows:
                writer.writerow(
                    {k: v.isoformat() if isinstance(v, date) else v for k, v in row.items()}
                )
        return
    columns = _TABLE_COLUMNS[kind]
    table = Table(show_lines=False, header_style="bold")
    for col in columns:
        table.add_column(
            col, overflow="fold", no_wrap=col in _NO_WRAP, min_width=_MIN_WIDTH.get(col)
        )
    for row in rows:
        shown = _display(kind, row)
        table.add_row(*(_cell(shown.get(col)) for col in columns))
    console.print(table)


def query(
    db: DbOption = DEFAULT_DB,
    what: Annotated[
        Kind | None,
        typer.Option(
            "--what",
            "-w",
            case_sensitive=False,
            help="What to list. Default: events, or documents when the store has no events.",
        ),
    ] = None,
    fmt: Annotated[
        QueryFormat, typer.Option("--format", "-f", case_sensitive=False, help="Output format.")
    ] = QueryFormat.table,
    entity: Annotated[
        str | None,
        typer.Option(
            help="Substring, any case. Events: a source/target actor; entities: the name; "
            "quotes: the speaker; documents, counts: articles mentioning it."
        ),
    ] = None,
    type_: Annotated[
        str | None, typer.Option("--type", "-t", help="PLOVER event type (events only).")
    ] = None,
    date_from: Annotated[
        str | None,
        typer.Option("--from", help="From this date on: YYYY, YYYY-MM or YYYY-MM-DD."),
    ] = None,
    date_to: Annotated[
        str | None, typer.Option("--to", help="Up to this date, inclusive: YYYY[-MM[-DD]].")
    ] = None,
    outlet: Annotated[str | None, typer.Option(help="Outlet name (any case).")] = None,
    country: Annotated[
        str | None, typer.Option(help="ISO3 country of an actor (events) or entity.")
    ] = None,
    sector: Annotated[
        str | None, typer.Option(help="PLOVER sector of an actor (events) or entity.")
    ] = None,
    label: Annotated[
        str | None, typer.Option(help="Entity label: PERSON, ORG, GPE … (entities only).")
    ] = None,
    status: Annotated[
        str | None,
        typer.Option(help="documents: ok, skipped or error; errors: error or warning."),
    ] = None,
    doc: Annotated[str | None, typer.Option("--doc", help="One article's doc_id.")] = None,
    run_id: Annotated[str | None, typer.Option("--run", help="A run_id (errors only).")] = None,
    limit: Annotated[int, typer.Option(help="At most this many rows; 0 for all.")] = 50,
    lake: Annotated[
        Path | None,
        typer.Option(
            help="Query a Parquet lake written by `extract --engine dask` instead of --db (events)."
        ),
    ] = None,
) -> None:
    """List events, documents, entities, quotes, counts or errors from the store, filtered.

    Filters combine with AND. Dates are inclusive; an event matches when the span its date
    covers overlaps --from/--to, everything else filters on the publication date.
    """
    if lake is not None:
        _query_lake(lake, what, fmt, type_, date_from, date_to, outlet, entity, country, limit)
        return
    from dateline.store import FilterError, Filters

    filters = Filters(
        type=type_,
        date_from=date_from,
        date_to=date_to,
        outlet=outlet,
        entity=entity,
        country=country,
        sector=sector,
        label=label,
        status=status,
        doc_id=doc,
        run_id=run_id,
        limit=limit,
    )
    with _open(db, read_only=True) as store:
        kind = what.value if what else None
        if kind is None:
            kind = "events" if store.count("events") else "documents"
            if kind == "documents" and fmt == QueryFormat.table:
                err_console.print("no events stored yet: listing documents (see --what)")
        try:
            rows = store.query(kind, filters)
        except FilterError as exc:
            raise _fail(str(exc)) from exc
    print_rows(kind, rows, fmt.value, Console())
    if fmt == QueryFormat.table:
        more = f" (the first {limit}; --limit 0 for all)" if limit and len(rows) == limit else ""
        err_console.print(f"{kind}: {len(rows)}{more}", highlight=False)


def _query_lake(
    lake: Path,
    what: Kind | None,
    fmt: QueryFormat,
    type_: str | None,
    date_from: str | None,
    date_to: str | None,
    outlet: str | None,
    entity: str | None,
    country: str | None,
    limit: int,
) -> None:
    """`dateline query --lake PATH`: events of a Parquet lake, with the same filters."""
    import csv
    import json
    import sys

    from rich.table import Table

    from dateline.runner.lake import query_lake_events

    if what is not None and what.value != "events":
        raise _fail("--lake lists events only")
    try:
        rows = query_lake_events(
            lake, type=type_, date_from=date_from, date_to=date_to, outlet=outlet,
            entity=entity, country=country, limit=limit,
        )  # fmt: skip
    except FileNotFoundError as exc:
        raise _fail(str(exc)) from exc
    if fmt == QueryFormat.json:
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
    elif fmt == QueryFormat.csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]) if rows else ["doc_id"])
        writer.writeheader()
        writer.writerows(rows)
    else:
        table = Table("date", "type", "source", "target", "doc_id", "outlet")
        for row in rows:
            table.add_row(
                *(
                    str(row.get(k) or "")
                    for k in ("date", "type", "source", "target", "doc_id", "outlet")
                )
            )
        Console().print(table)
        err_console.print(f"events: {len(rows)}", highlight=False)


# ---------------------------------------------------------------- export


_SUFFIXES = {
    ".jsonl": "jsonl",
    ".json": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".parquet": "parquet",
}


@dataclass(frozen=True, slots=True)
class ExportPlan:
    """What ``dateline export`` will write: output-v1 lines, one table file, or a folder."""

    fmt: str  # jsonl | csv | parquet
    mode: str  # jsonl | file | folder
    tables: tuple[str, ...] = ()


def plan_export(fmt: str | None, output: str, tables: Sequence[str]) -> ExportPlan:
    """Decide the export from --format, -o and --table; raises ValueError with the reason.

    The format defaults to the output's suffix. For csv/parquet, an output ending in .csv or
    .parquet is ONE table (events, or the one --table names); anything else is a folder with
    one file per table.
    """
    suffix = Path(output).suffix.lower() if output != "-" else ""
    implied = _SUFFIXES.get(suffix)
    fmt = fmt or implied
    if fmt is None:
        raise ValueError("give --format (jsonl, csv or parquet): -o does not end in one")
    if fmt == "jsonl":
        if tables:
            raise ValueError("--table applies to csv and parquet exports only")
        return ExportPlan("jsonl", "jsonl")
    if output == "-":
        raise ValueError(f"--format {fmt} writes files: give -o FILE.{fmt} or -o DIR")
    if implied is not None:
        if implied != fmt:
            raise ValueError(f"-o {output} does not end in .{fmt} (for a folder, drop the suffix)")
        if len(tables) > 1:
            raise ValueError("one file holds one table: give -o DIR for several tables")
        return ExportPlan(fmt, "file", (tables[0] if tables else "events",))
    return ExportPlan(fmt, "folder", tuple(tables))


def export(
    output: Annotated[
        str,
        typer.Option(
            "-o",
            "--output",
            help="jsonl: a file (- for stdout). csv/parquet: FILE.csv / FILE.parquet for one "
            "table (events unless --table), or a folder for one file per table.",
        ),
    ],
    fmt: Annotated[
        ExportFormat | None,
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            help="jsonl, csv, parquet, gdelt, polecat, graphml or gexf (default: from the -o "
            "suffix).",
        ),
    ] = None,
    db: DbOption = DEFAULT_DB,
    tables: Annotated[
        list[str] | None,
        typer.Option(
            "--table",
            help="csv/parquet: this table only (repeatable with a folder). Tables: events, "
            "event_actors, entities, documents, quotes, counts, dates, attributions, sentences, "
            "errors, runs.",
        ),
    ] = None,
) -> None:
    """Export the store: output-v1 JSON Lines (as `dateline extract` writes), or flat tables.

    `--format jsonl` rebuilds one output-v1 object per stored article. `--format csv` and
    `--format parquet` write flat tables: `-o events.parquet` one table, `-o DIR` a folder with
    one file per table (events, entities, …). Events carry their actors flattened (names,
    countries and sectors joined with "; "); event_actors has one row per actor.
    """
    from dateline.cli.interop_cmds import export_interop, interop_format
    from dateline.export import export_jsonl, export_table, export_tables

    if interop := interop_format(fmt.value if fmt else None, output):
        with _open(db, read_only=True) as store:
            return export_interop(store, interop, output, tables or [])
    try:
        plan = plan_export(fmt.value if fmt else None, output, tables or [])
    except ValueError as exc:
        raise _fail(str(exc)) from exc
    table_fmt: TableFormat = "csv" if plan.fmt == "csv" else "parquet"
    with _open(db, read_only=True) as store:
        try:
            if plan.mode == "jsonl":
                n = _export_jsonl(store, output, export_jsonl)
                err_console.print(f"{_plural(n, 'article')} written to {output}", highlight=False)
                return
            if plan.mode == "file":
                path = export_table(store, plan.tables[0], output, table_fmt)
                err_console.print(f"wrote {plan.tables[0]} to {path}", highlight=False)
                return
            written = export_tables(store, output, table_fmt, plan.tables or None)
        except ValueError as exc:
            raise _fail(str(exc)) from exc
    err_console.print(
        f"wrote {len(written)} {plan.fmt} files to {output}: {', '.join(written)}",
        highlight=False,
    )


def _export_jsonl(store: Any, output: str, writer: Any) -> int:
    if output == "-":
        return int(writer(store, sys.stdout))
    path = Path(output)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        return int(writer(store, out))


# ---------------------------------------------------------------- stats


def _by(counts: dict[str, int], limit: int = 16) -> str:
    items = list(counts.items())
    text = ", ".join(f"{k} {v:,}" for k, v in items[:limit])
    return text + (f", … ({len(items) - limit} more)" if len(items) > limit else "")


def render_stats(s: Any, console: Console) -> None:
    """A readable summary of StoreStats."""
    st = s.by_status
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    grid.add_row(
        "articles",
        f"{s.documents:,} ({st.get('ok', 0):,} ok, {st.get('skipped', 0):,} skipped, "
        f"{st.get('error', 0):,} failed)",
    )
    if s.published_from:
        grid.add_row("published", f"{s.published_from} … {s.published_to}")
    grid.add_row(
        "outlets",
        f"{s.outlets:,}" + (": " + _by(dict(s.top_outlets), 10) if s.top_outlets else ""),
    )
    if s.languages:
        grid.add_row("languages", _by(s.languages, 10))
    for name in ("sentences", "entities", "quotes", "counts", "dates", "attributions"):
        grid.add_row(name, f"{getattr(s, name):,}")
    grid.add_row(
        "events", f"{s.events:,}" + (": " + _by(s.events_by_type) if s.events_by_type else "")
    )
    grid.add_row(
        "errors",
        f"{_plural(s.errors, 'error')}, {_plural(s.warnings, 'warning')} over "
        f"{_plural(s.runs, 'run')}"
        + (f" ({_plural(s.last_run_errors, 'error')} in the last run)" if s.last_run else ""),
    )
    if s.last_run:
        r = s.last_run
        started = r["started"].isoformat(sep=" ", timespec="seconds") if r["started"] else "?"
        grid.add_row("last run", f"{r['run_id']}: {r['command']}, {r['status']}, {started}")
    console.print(f"[bold]{s.path}[/] (schema version {s.schema_version})", highlight=False)
    console.print(grid, highlight=False)


def stats(
    db: DbOption = DEFAULT_DB,
    fmt: Annotated[
        StatsFormat, typer.Option("--format", "-f", case_sensitive=False, help="text or json.")
    ] = StatsFormat.text,
) -> None:
    """Summarise the store: articles, items found, events by type, errors, outlets, dates."""
    with _open(db, read_only=True) as store:
        summary = store.stats()
    if fmt == StatsFormat.json:
        sys.stdout.write(json.dumps(summary.to_dict(), default=_jsonable, indent=2) + "\n")
        return
    render_stats(summary, Console())
