"""The DuckDB store: articles and everything extracted from them, queryable and exportable.

    from dateline import Store

    with Store("dateline.duckdb") as store:
        store.write_many(results)                 # idempotent: unchanged articles are skipped
        for row in store.events(type="PROTEST", date_from="2025-03", outlet="VOA"):
            print(row["date"], row["source"], row["target"])
        print(store.stats().to_dict())

Writes are atomic per article: a batch is written in one transaction, and if the batch fails
each article is retried in a transaction of its own, so an article is either wholly stored
(document and every child row) or not at all.
"""

from __future__ import annotations

import contextlib
import json
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

import duckdb
import pyarrow as pa

from dateline.records import ArticleResult, RecordError, record_errors
from dateline.store.migrate import MigrationError, load_migrations, migrate, pending
from dateline.store.queries import QUERIES, Filters
from dateline.store.rows import (
    CHILD_TABLES,
    ArticleRows,
    Row,
    article_rows,
    error_row,
    rebuild,
)

DEFAULT_PATH = "dateline.duckdb"
_IN_IDS = "doc_id IN (SELECT unnest(?::VARCHAR[]))"
_ORDER = {
    "event_actors": "doc_id, event_id, role, position",
}


class StoreError(RuntimeError):
    """The store cannot be opened or written."""


@dataclass(slots=True)
class WriteReport:
    """What a write did: per-article outcomes, and the articles that could not be stored."""

    inserted: int = 0
    replaced: int = 0
    unchanged: int = 0
    errors_recorded: int = 0
    failures: list[RecordError] = field(default_factory=list)

    def merge(self, other: WriteReport) -> None:
        self.inserted += other.inserted
        self.replaced += other.replaced
        self.unchanged += other.unchanged
        self.errors_recorded += other.errors_recorded
        self.failures.extend(other.failures)

    def counts(self) -> dict[str, int]:
        return {
            "inserted": self.inserted,
            "replaced": self.replaced,
            "unchanged": self.unchanged,
            "errors_recorded": self.errors_recorded,
            "store_failed": len(self.failures),
        }


@dataclass(slots=True)
class StoreStats:
    path: str
    schema_version: int
    documents: int
    by_status: dict[str, int]
    sentences: int
    entities: int
    quotes: int
    counts: int
    dates: int
    attributions: int
    events: int
    events_by_type: dict[str, int]
    errors: int
    warnings: int
    last_run: dict[str, Any] | None
    last_run_errors: int
    runs: int
    outlets: int
    top_outlets: list[tuple[str, int]]
    languages: dict[str, int]
    published_from: date | None
    published_to: date | None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["top_outlets"] = [list(x) for x in self.top_outlets]
        return d


def is_duckdb_file(path: str | Path) -> bool:
    """True for a DuckDB database file or a missing one (a new database).

    DuckDB itself would open some other files (a .jsonl, say) as an empty in-memory database,
    so that an ingest would silently store nothing: this guards against it.
    """
    p = Path(path)
    if not p.exists():
        return True
    if not p.is_file():
        return False
    with p.open("rb") as f:
        head = f.read(12)
    return head[8:12] == b"DUCK"


def _new_run_id() -> str:
    return f"{datetime.now():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"


def _version() -> str:
    from dateline import __version__

    return __version__


class Store:
    """A dateline database (DuckDB). Use as a context manager, or call ``close()``.

    ``path`` may be ``":memory:"``. ``read_only`` opens an existing database without taking the
    write lock (other readers may open it too); a database whose schema is out of date is
    upgraded first. ``migrations_dir`` replaces the packaged migrations (for tests).
    """

    def __init__(
        self,
        path: str | Path = DEFAULT_PATH,
        *,
        read_only: bool = False,
        migrations_dir: str | Path | None = None,
    ) -> None:
        self.path = str(path)
        self.read_only = read_only
        try:
            self._migrations = load_migrations(migrations_dir)
        except MigrationError as exc:
            raise StoreError(f"cannot open {self.path}: {exc}") from exc
        in_memory = self.path == ":memory:"
        if read_only and (in_memory or not Path(self.path).is_file()):
            raise StoreError(f"no dateline database at {self.path} (run `dateline ingest` first)")
        if not in_memory and not is_duckdb_file(self.path):
            raise StoreError(f"{self.path} is not a DuckDB database; give another --db path")
        if not in_memory:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self.con = self._open()
        except (duckdb.Error, MigrationError) as exc:
            raise StoreError(f"cannot open {self.path}: {exc}") from exc

    @classmethod
    def over(cls, con: duckdb.DuckDBPyConnection, path: str | Path) -> Store:
        """A writable Store on a connection (or cursor) someone else opened and migrated, such
        as the server's; closing it closes that connection."""
        store = cls.__new__(cls)
        store.path = str(path)
        store.read_only = False
        store._migrations = load_migrations(None)
        store.con = con
        return store

    def _open(self) -> duckdb.DuckDBPyConnection:
        if self.read_only:
            con = duckdb.connect(self.path, read_only=True)
            try:
                if not pending(con, self._migrations):
                    return con
            except duckdb.Error:
                pass
            con.close()
            with duckdb.connect(self.path) as rw:
                migrate(rw, self._migrations)
            return duckdb.connect(self.path, read_only=True)
        con = duckdb.connect(self.path)
        try:
            migrate(con, self._migrations)
        except BaseException:
            con.close()
            raise
        return con

    # ------------------------------------------------------------ lifecycle

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def connection(self) -> duckdb.DuckDBPyConnection:
        """The DuckDB connection, for your own SQL (see docs/cli.md for the tables)."""
        return self.con

    @property
    def schema_version(self) -> int:
        return int(self._scalar("SELECT coalesce(max(version), 0) FROM schema_version"))

    # ------------------------------------------------------------ low level

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        cur = self.con.execute(sql, list(params))
        names = [d[0] for d in cur.description or []]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]

    def _scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        rows = self.con.execute(sql, list(params)).fetchall()  # fetchall: leave no open result
        return rows[0][0] if rows else None

    def _insert(self, table: str, rows: list[Row]) -> None:
        """Insert rows in one statement through Arrow (table names are ours, never a user's)."""
        if not rows:
            return
        name = f"_dateline_new_{table}"
        self.con.register(name, pa.Table.from_pylist(rows))
        try:
            self.con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM {name}")
        finally:
            self.con.unregister(name)

    # ------------------------------------------------------------ writing

    def _write_batch(
        self, results: Sequence[ArticleResult], errors: Sequence[RecordError], run_id: str | None
    ) -> WriteReport:
        """Write results and errors in ONE transaction; all or nothing."""
        report = WriteReport()
        now = datetime.now()
        self.con.execute("BEGIN TRANSACTION")
        try:
            ids = list(dict.fromkeys(r.article.id for r in results))
            known: dict[str, str] = {}
            if ids:
                known = dict(
                    self.con.execute(
                        f"SELECT doc_id, content_hash FROM documents WHERE {_IN_IDS}", [ids]
                    ).fetchall()
                )
            existing = set(known)
            prepared: dict[str, ArticleRows] = {}
            for result in results:
                rows = article_rows(result, run_id=run_id, ingested_at=now)
                old = known.get(rows.doc_id)
                if old == rows.content_hash:
                    report.unchanged += 1
                    continue
                if old is None:
                    report.inserted += 1
                else:
                    report.replaced += 1
                known[rows.doc_id] = rows.content_hash
                prepared[rows.doc_id] = rows
            replace = [d for d in prepared if d in existing]
            if replace:
                for table in (*CHILD_TABLES, "documents"):
                    self.con.execute(f"DELETE FROM {table} WHERE {_IN_IDS}", [replace])
            if prepared:
                seq = int(self._scalar("SELECT coalesce(max(seq), 0) FROM documents") or 0)
                docs = []
                for i, rows in enumerate(prepared.values(), 1):
                    rows.document["seq"] = seq + i
                    docs.append(rows.document)
                self._insert("documents", docs)
                for table in CHILD_TABLES:
                    self._insert(
                        table, [r for rows in prepared.values() for r in rows.children[table]]
                    )
            self._insert("errors", [error_row(e, run_id, now) for e in errors])
            report.errors_recorded = len(errors)
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        return report

    def write(self, result: ArticleResult, *, run_id: str | None = None) -> str:
        """Store one article atomically; returns "inserted", "replaced" or "unchanged".

        Raises whatever the write raised, after rolling back: nothing of the article is kept.
        """
        report = self._write_batch([result], [], run_id)
        if report.inserted:
            return "inserted"
        return "replaced" if report.replaced else "unchanged"

    def write_many(
        self,
        results: Iterable[ArticleResult],
        *,
        run_id: str | None = None,
        errors: Iterable[RecordError] = (),
    ) -> WriteReport:
        """Store articles and record errors; one transaction for the lot when possible.

        When the batch fails, each article is retried alone; an article that still cannot be
        stored is left out whole and reported in ``WriteReport.failures`` (and recorded in the
        errors table with stage "store"). Raises StoreError when not even that can be recorded.
        """
        batch, errs = list(results), list(errors)
        if not batch and not errs:
            return WriteReport()
        try:
            return self._write_batch(batch, errs, run_id)
        except Exception:
            pass  # retried below, article by article
        report = WriteReport()
        try:
            report.merge(self._write_batch([], errs, run_id))
        except Exception as exc:
            raise StoreError(f"cannot record errors in {self.path}: {exc}") from exc
        for result in batch:
            try:
                report.merge(self._write_batch([result], [], run_id))
            except Exception as exc:
                a = result.article
                failure = RecordError(
                    a.origin or a.id,
                    f"could not be stored: {type(exc).__name__}: {exc}",
                    a.id,
                    stage="store",
                )
                try:
                    self._write_batch([], [failure], run_id)
                except Exception as exc2:
                    raise StoreError(f"cannot write to {self.path}: {exc2}") from exc2
                report.failures.append(failure)
                report.errors_recorded += 1
        return report

    def add_errors(self, errors: Iterable[RecordError], *, run_id: str | None = None) -> int:
        """Record per-record errors; returns how many."""
        return self._write_batch([], list(errors), run_id).errors_recorded

    def start_run(self, command: str, inputs: Sequence[str] = ()) -> str:
        """Record the start of a run; returns its run_id."""
        run_id = _new_run_id()
        self.con.execute(
            "INSERT INTO runs (run_id, started, status, command, inputs, version) "
            "VALUES (?, ?, 'running', ?, ?, ?)",
            [run_id, datetime.now(), command, json.dumps(list(inputs)), _version()],
        )
        return run_id

    def finish_run(
        self, run_id: str, counts: Mapping[str, int], *, status: str = "finished"
    ) -> None:
        self.con.execute(
            "UPDATE runs SET finished = ?, status = ?, counts = ? WHERE run_id = ?",
            [datetime.now(), status, json.dumps(dict(counts), sort_keys=True), run_id],
        )

    def ingestion(
        self, command: str = "ingest", inputs: Sequence[str] = (), *, batch_size: int = 200
    ) -> Ingestion:
        """A run that writes pipeline items as they come; see :class:`Ingestion`."""
        return Ingestion(self, self.start_run(command, inputs), batch_size=batch_size)

    # ------------------------------------------------------------ reading

    def result(self, doc_id: str) -> ArticleResult | None:
        """The stored article, rebuilt as an ArticleResult, or None."""
        return next(self.results([doc_id]), None)

    def results(
        self, doc_ids: Iterable[str] | None = None, *, chunk: int = 500
    ) -> Iterator[ArticleResult]:
        """Stored articles as ArticleResults, in write order (or in the order of ``doc_ids``)."""
        if doc_ids is None:
            ids = [
                r[0]
                for r in self.con.execute("SELECT doc_id FROM documents ORDER BY seq").fetchall()
            ]
        else:
            ids = list(doc_ids)
        for i in range(0, len(ids), chunk):
            part = ids[i : i + chunk]
            docs = {
                r["doc_id"]: r
                for r in self._rows(f"SELECT * FROM documents WHERE {_IN_IDS}", [part])
            }
            children: dict[str, dict[str, list[Row]]] = {}
            for table in CHILD_TABLES:
                grouped: dict[str, list[Row]] = {}
                order = _ORDER.get(table, "doc_id, position")
                for r in self._rows(
                    f"SELECT * FROM {table} WHERE {_IN_IDS} ORDER BY {order}", [part]
                ):
                    grouped.setdefault(r["doc_id"], []).append(r)
                children[table] = grouped
            for doc_id in part:
                if doc_id in docs:
                    yield rebuild(
                        docs[doc_id], {t: children[t].get(doc_id, []) for t in CHILD_TABLES}
                    )

    def query(self, kind: str, filters: Filters | None = None) -> list[Row]:
        """Rows of ``kind`` (events, documents, entities, quotes, counts, errors)."""
        if kind not in QUERIES:
            raise ValueError(f"unknown kind {kind!r}; one of: {', '.join(QUERIES)}")
        sql, params = QUERIES[kind](filters or Filters())
        rows = self._rows(sql, params)
        if kind == "counts":
            for r in rows:
                if r.pop("is_integer"):
                    r["value"] = int(r["value"])
        return rows

    def events(
        self,
        *,
        type: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        outlet: str | None = None,
        entity: str | None = None,
        country: str | None = None,
        sector: str | None = None,
        doc_id: str | None = None,
        limit: int | None = None,
    ) -> list[Row]:
        """Events as flat rows, newest event date first. See dateline.store.queries for filters."""
        return self.query(
            "events",
            Filters(
                type=type,
                date_from=date_from,
                date_to=date_to,
                outlet=outlet,
                entity=entity,
                country=country,
                sector=sector,
                doc_id=doc_id,
                limit=limit,
            ),
        )

    def documents(
        self,
        *,
        date_from: str | None = None,
        date_to: str | None = None,
        outlet: str | None = None,
        entity: str | None = None,
        status: str | None = None,
        doc_id: str | None = None,
        limit: int | None = None,
    ) -> list[Row]:
        """Articles (metadata and item counts, no text), newest first."""
        return self.query(
            "documents",
            Filters(
                date_from=date_from,
                date_to=date_to,
                outlet=outlet,
                entity=entity,
                status=status,
                doc_id=doc_id,
                limit=limit,
            ),
        )

    def entities(
        self,
        *,
        entity: str | None = None,
        label: str | None = None,
        country: str | None = None,
        sector: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        outlet: str | None = None,
        limit: int | None = None,
    ) -> list[Row]:
        """Entities grouped by canonical name and label, with mention and document counts."""
        return self.query(
            "entities",
            Filters(
                entity=entity,
                label=label,
                country=country,
                sector=sector,
                date_from=date_from,
                date_to=date_to,
                outlet=outlet,
                limit=limit,
            ),
        )

    def quotes(
        self,
        *,
        entity: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        outlet: str | None = None,
        limit: int | None = None,
    ) -> list[Row]:
        """Quotes; ``entity`` matches the speaker."""
        return self.query(
            "quotes",
            Filters(
                entity=entity, date_from=date_from, date_to=date_to, outlet=outlet, limit=limit
            ),
        )

    def counts(
        self,
        *,
        entity: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        outlet: str | None = None,
        limit: int | None = None,
    ) -> list[Row]:
        """Counts ("at least 31 people"); ``entity``: in articles that mention it."""
        return self.query(
            "counts",
            Filters(
                entity=entity, date_from=date_from, date_to=date_to, outlet=outlet, limit=limit
            ),
        )

    def errors(
        self, *, run_id: str | None = None, severity: str | None = None, limit: int | None = None
    ) -> list[Row]:
        """Recorded per-record errors and warnings, newest first."""
        return self.query("errors", Filters(run_id=run_id, status=severity, limit=limit))

    def runs(self, limit: int | None = None) -> list[Row]:
        rows = self._rows(
            "SELECT * FROM runs ORDER BY started DESC" + (" LIMIT ?" if limit else ""),
            [int(limit)] if limit else [],
        )
        for r in rows:
            r["inputs"] = json.loads(r["inputs"]) if r["inputs"] else []
            r["counts"] = json.loads(r["counts"]) if r["counts"] else {}
        return rows

    def count(self, table: str) -> int:
        """Rows in one of the store's tables."""
        if table not in (*CHILD_TABLES, "documents", "errors", "runs"):
            raise ValueError(f"unknown table {table!r}")
        return int(self._scalar(f"SELECT count(*) FROM {table}") or 0)

    def stats(self) -> StoreStats:
        """Totals over the whole store."""
        by_status = dict(
            self.con.execute(
                "SELECT status, count(*) FROM documents GROUP BY status ORDER BY status"
            ).fetchall()
        )
        by_type = dict(
            self.con.execute(
                "SELECT type, count(*) AS n FROM events GROUP BY type ORDER BY n DESC, type"
            ).fetchall()
        )
        severity = dict(
            self.con.execute("SELECT severity, count(*) FROM errors GROUP BY severity").fetchall()
        )
        outlets = self.con.execute(
            "SELECT outlet, count(*) AS n FROM documents WHERE outlet IS NOT NULL "
            "GROUP BY outlet ORDER BY n DESC, outlet"
        ).fetchall()
        languages = dict(
            self.con.execute(
                "SELECT coalesce(language, '?'), count(*) AS n FROM documents "
                "GROUP BY ALL ORDER BY n DESC"
            ).fetchall()
        )
        first, last = self.con.execute(
            "SELECT min(published), max(published) FROM documents"
        ).fetchall()[0]
        runs = self.runs(limit=1)
        last_run = runs[0] if runs else None
        last_run_errors = (
            int(
                self._scalar(
                    "SELECT count(*) FROM errors WHERE run_id = ? AND severity = 'error'",
                    [last_run["run_id"]],
                )
                or 0
            )
            if last_run
            else 0
        )
        return StoreStats(
            path=self.path,
            schema_version=self.schema_version,
            documents=sum(by_status.values()),
            by_status=by_status,
            sentences=int(self._scalar("SELECT count(*) FROM sentences WHERE parsed") or 0),
            entities=self.count("entities"),
            quotes=self.count("quotes"),
            counts=self.count("counts"),
            dates=self.count("dates"),
            attributions=self.count("attributions"),
            events=sum(by_type.values()),
            events_by_type=by_type,
            errors=int(severity.get("error", 0)),
            warnings=int(severity.get("warning", 0)),
            last_run=last_run,
            last_run_errors=last_run_errors,
            runs=self.count("runs"),
            outlets=len(outlets),
            top_outlets=[(str(o), int(n)) for o, n in outlets[:10]],
            languages=languages,
            published_from=first,
            published_to=last,
        )


class Ingestion:
    """One ingest run: ``add`` pipeline items (ArticleResult or RecordError) as they come.

    Items are buffered and written ``batch_size`` at a time (one transaction per batch);
    ``close`` (or leaving the ``with`` block) writes the rest and records the run's counts.
    Errors, extraction failures and warnings go to the errors table under this run_id.
    """

    def __init__(self, store: Store, run_id: str, *, batch_size: int = 200) -> None:
        self.store = store
        self.run_id = run_id
        self.batch_size = max(1, batch_size)
        self.report = WriteReport()
        self.counts: Counter[str] = Counter()
        self._results: list[ArticleResult] = []
        self._errors: list[RecordError] = []
        self._closed = False

    def add(self, item: ArticleResult | RecordError) -> list[RecordError]:
        """Buffer one item; returns the store failures of a batch this triggered, if any."""
        if isinstance(item, RecordError):
            self.counts["record_errors" if item.severity == "error" else "record_warnings"] += 1
        else:
            self.counts["articles"] += 1
            self.counts[item.status] += 1
            self._results.append(item)
        self._errors.extend(record_errors(item))
        if len(self._results) + len(self._errors) >= self.batch_size:
            return self.flush()
        return []

    def flush(self) -> list[RecordError]:
        """Write what is buffered; returns the articles that could not be stored."""
        results, errors = self._results, self._errors
        self._results, self._errors = [], []
        report = self.store.write_many(results, run_id=self.run_id, errors=errors)
        self.report.merge(report)
        return report.failures

    def close(self, status: str = "finished") -> WriteReport:
        if self._closed:
            return self.report
        self._closed = True
        try:
            self.flush()
        finally:
            counts = {**self.counts, **self.report.counts()}
            self.store.finish_run(self.run_id, counts, status=status)
        return self.report

    def __enter__(self) -> Ingestion:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is None:
            self.close()
            return
        # keep the complete articles already read; the run is marked failed
        with contextlib.suppress(Exception):
            self.close(status="failed")
