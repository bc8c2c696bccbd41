"""``dateline extract --engine dask``: shard the input over a Dask cluster, write a Parquet lake.

The driver lists the input and cuts it into shards (:mod:`dateline.runner.shards`): line ranges
of large JSON Lines files, row ranges of Parquet files, groups of small files (WARC, HTML,
feeds, text, JSON). It reads no article: each worker reads its own shard (local paths on a
shared file system, or fsspec URLs such as ``s3://``), runs :func:`dateline.pipeline.process` on
it (the spaCy pipeline is loaded once per worker process and cached) and writes one Parquet file
per publication date::

    LAKE/published_date=2025-03-14/part-000042.parquet
    LAKE/published_date=unknown/part-000042.parquet      (articles without a date)
    LAKE/_progress.jsonl     one line per finished shard (what resume reads)
    LAKE/errors.jsonl        records that could not be read
    LAKE/manifest.json       written at the end: inputs, shards, counts, files

Every row holds the article's output-v1 record as JSON text (``record``, byte-identical to the
line ``dateline extract`` writes) plus flat columns to filter on, and ``seq``, which orders the
rows as the input (shard number x 2^32 + position in the shard), so the lake read
``ORDER BY seq`` is the local run's output.

A shard's files are written under a temporary name and renamed, and a shard counts as done only
once its line is in ``_progress.jsonl``: a killed run resumed with ``resume=True`` skips the
finished shards and redoes the others, overwriting their partial files — nothing twice, nothing
lost. Resume needs the same inputs and ``shard_size``; a shard whose description changed (the
input changed) is redone.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import fsspec
import pyarrow as pa
import pyarrow.parquet as pq
from distributed import Client, Future, LocalCluster

from dateline.config import Settings
from dateline.output import to_output
from dateline.records import Article, ArticleResult, RecordError
from dateline.runner.memory import parse_settings, releasing
from dateline.runner.shards import LineCount, LineRange, Shard, plan_shards, read_shard

__all__ = ["DaskReport", "ShardDone", "lake_schema", "run_dask"]

UNKNOWN_DATE = "unknown"
SEQ_STRIDE = 2**32  # seq = shard index x SEQ_STRIDE + position in the shard
PROGRESS = "_progress.jsonl"
MANIFEST = "manifest.json"
ERRORS = "errors.jsonl"


def lake_schema() -> pa.Schema:
    return pa.schema(
        [
            ("seq", pa.int64()),
            ("id", pa.string()),
            ("published", pa.string()),
            ("outlet", pa.string()),
            ("title", pa.string()),
            ("url", pa.string()),
            ("status", pa.string()),
            ("n_events", pa.int32()),
            ("record", pa.string()),
        ]
    )


@dataclass(frozen=True, slots=True)
class ShardDone:
    index: int
    key: str  # what the shard was (file and range): resume redoes a shard whose key changed
    articles: int
    files: tuple[str, ...]
    failed: int  # articles with status "error"
    errors: tuple[dict[str, Any], ...] = ()  # records that could not be read (RecordError)
    lines: int = 0  # lines read, for a line range (to number error origins in the file)
    records: int = 0  # non-blank lines read, for a line range

    @staticmethod
    def from_json(d: dict[str, Any]) -> ShardDone:
        return ShardDone(**{**d, "files": tuple(d["files"]), "errors": tuple(d["errors"])})


@dataclass
class DaskReport:
    shards: int = 0
    resumed: int = 0
    articles: int = 0
    errors: int = 0  # records that could not be read, plus articles that failed
    manifest: str = ""
    files: list[str] = field(default_factory=list)


def _row(seq: int, result: ArticleResult) -> dict[str, Any]:
    art = result.article
    return {
        "seq": seq,
        "id": art.id,
        "published": art.published,
        "outlet": art.outlet,
        "title": art.title,
        "url": art.url,
        "status": result.status,
        "n_events": len(result.events),
        "record": json.dumps(to_output(result), ensure_ascii=False),
    }


def process_shard(index: int, shard: Shard, settings: Settings, lake: str) -> ShardDone:
    """Read one shard, run the pipeline on it and write its Parquet files (a worker's task)."""
    from dateline.pipeline import process

    fs, root = fsspec.core.url_to_fs(lake)
    errors: list[dict[str, Any]] = []
    count = LineCount()

    def articles() -> Iterator[Article]:
        for item in read_shard(shard, settings, count):
            if isinstance(item, RecordError):
                errors.append(asdict(item))
            else:
                yield item

    by_date: dict[str, list[dict[str, Any]]] = {}
    failed = n = 0
    results = releasing(process(articles(), parse_settings(settings)), settings.batch_size)
    for n, result in enumerate(results, start=1):
        failed += result.status == "error"
        day = result.article.published_date or UNKNOWN_DATE
        by_date.setdefault(day, []).append(_row(index * SEQ_STRIDE + n - 1, result))
    files = []
    for day, rows in sorted(by_date.items()):
        folder = f"{root}/published_date={day}"
        fs.makedirs(folder, exist_ok=True)
        final = f"{folder}/part-{index:06d}.parquet"
        tmp = f"{folder}/.part-{index:06d}.parquet.tmp"
        pq.write_table(pa.Table.from_pylist(rows, schema=lake_schema()), tmp, filesystem=fs)
        fs.mv(tmp, final)
        files.append(final)
    return ShardDone(
        index, shard.key(), n, tuple(files), failed, tuple(errors), count.lines, count.records
    )


def _finished_shards(fs: Any, root: str) -> dict[int, ShardDone]:
    path = f"{root}/{PROGRESS}"
    if not fs.exists(path):
        return {}
    done: dict[int, ShardDone] = {}
    kept: list[bytes] = []
    with fs.open(path, "rb") as f:
        for line in f:
            if not line.endswith(b"\n"):
                break  # cut off by a kill: that shard is not done
            shard = ShardDone.from_json(json.loads(line))
            done[shard.index] = shard
            kept.append(line)
    with fs.open(path, "wb") as f:  # drop the partial line before appending to the file
        f.write(b"".join(kept))
    return done


def _plan(
    inputs: Sequence[str], settings: Settings, size: int, errors: list[tuple[int, RecordError]]
) -> Iterator[tuple[int, Shard]]:
    """Numbered shards; listing errors go to ``errors`` with the index of the next shard."""
    index = 0
    for item in plan_shards(inputs, settings, size):
        if isinstance(item, RecordError):
            errors.append((index, item))
        else:
            yield index, item
            index += 1


def _ordered_errors(
    shards: Sequence[tuple[Shard, ShardDone]], listing: list[tuple[int, RecordError]]
) -> list[dict[str, Any]]:
    """Every error in input order, as ingest would give them; line numbers of line ranges
    counted from the start of their file; a JSON Lines file cut in ranges that held no record
    is an empty file, as ingest says."""
    out: list[dict[str, Any]] = []
    pending = sorted(listing, key=lambda e: e[0])
    base: dict[str, int] = {}  # lines before the current range, per file
    records: dict[str, int] = {}
    for i, (shard, done) in enumerate(shards):
        while pending and pending[0][0] <= done.index:
            out.append(asdict(pending.pop(0)[1]))
        errors = list(done.errors)
        if isinstance(shard, LineRange):
            lines_before = 0 if shard.first else base.get(shard.name, 0)
            prefix = f"{shard.name}:"
            for e in errors:
                if e["origin"].startswith(prefix) and lines_before:
                    line = int(e["origin"][len(prefix) :]) + lines_before
                    e["origin"] = f"{prefix}{line}"
            base[shard.name] = lines_before + done.lines
            records[shard.name] = (0 if shard.first else records.get(shard.name, 0)) + done.records
            following = shards[i + 1][0] if i + 1 < len(shards) else None
            continued = isinstance(following, LineRange) and not following.first
            if not continued and records[shard.name] == 0:
                errors.append(asdict(RecordError(shard.name, "empty file: no records")))
        out.extend(errors)
    out.extend(asdict(e) for _, e in pending)
    return out


def run_dask(
    inputs: Sequence[str],
    settings: Settings,
    lake: str,
    scheduler: str | None = None,
    workers: int = 2,
    shard_size: int = 256,
    window: int | None = None,
    resume: bool = False,
    client: Client | None = None,
) -> DaskReport:
    """Process ``inputs`` on a Dask cluster into the Parquet lake ``lake`` (a path or fsspec URL).

    ``inputs``: paths, folders, globs or fsspec URLs that every worker can open. Shards hold
    about ``shard_size`` articles. ``client``: an existing Client; else one connects to
    ``scheduler``, or starts a LocalCluster of ``workers`` single-threaded processes. At most
    ``window`` shards (default: two per worker) are in flight, so the driver's memory does not
    grow with the corpus.
    """
    fs, root = fsspec.core.url_to_fs(lake)
    fs.makedirs(root, exist_ok=True)
    if not resume and fs.exists(f"{root}/{PROGRESS}"):
        raise FileExistsError(
            f"{lake} holds a previous run: resume it (--resume) or write to a new folder"
        )
    done = _finished_shards(fs, root) if resume else {}
    owned: list[Any] = []
    if client is None:
        if scheduler:
            client = Client(scheduler)
        else:
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=None)
            owned.append(cluster)
            client = Client(cluster)
        owned.insert(0, client)
    limit = window or 2 * max(1, len(client.scheduler_info().get("workers", {})) or workers)
    report = DaskReport()
    listing: list[tuple[int, RecordError]] = []
    finished: dict[int, tuple[Shard, ShardDone]] = {}
    try:
        pending: deque[tuple[Shard, Future]] = deque()
        with fs.open(f"{root}/{PROGRESS}", "ab") as progress:

            def collect(item: tuple[Shard, Future]) -> None:
                shard, future = item
                result: ShardDone = future.result()
                finished[result.index] = (shard, result)
                progress.write((json.dumps(asdict(result), ensure_ascii=False) + "\n").encode())
                progress.flush()

            for index, shard in _plan(inputs, settings, shard_size, listing):
                report.shards += 1
                previous = done.get(index)
                if previous is not None and previous.key == shard.key():
                    finished[index] = (shard, previous)
                    report.resumed += 1
                    continue
                future = client.submit(
                    process_shard,
                    index,
                    shard,  # a file and a range: the worker reads the articles itself
                    settings,  # small: sent with each task
                    lake,
                    key=f"dateline-shard-{index}",
                    pure=False,
                )
                pending.append((shard, future))
                while len(pending) >= limit:
                    collect(pending.popleft())
            while pending:
                collect(pending.popleft())
    finally:
        for thing in owned:
            thing.close()
    ordered = [finished[i] for i in sorted(finished)]
    errors = _ordered_errors(ordered, listing)
    with fs.open(f"{root}/{ERRORS}", "w") as f:
        for err in errors:
            f.write(json.dumps(err, ensure_ascii=False) + "\n")
    shards = [done_ for _, done_ in ordered]
    report.articles = sum(s.articles for s in shards)
    report.errors = len([e for e in errors if e["severity"] == "error"]) + sum(
        s.failed for s in shards
    )
    report.files = [f for s in shards for f in s.files]
    manifest = {
        "format": "dateline-lake-1",
        "inputs": list(inputs),
        "shard_size": shard_size,
        "shards": [
            {k: v for k, v in asdict(s).items() if k != "errors"} | {"errors": len(s.errors)}
            for s in shards
        ],
        "articles": report.articles,
        "record_errors": len(errors),
        "partitioning": "hive: published_date=YYYY-MM-DD (or unknown)",
        "schema": [f"{f.name}: {f.type}" for f in lake_schema()],
        "complete": True,
    }
    report.manifest = f"{root}/{MANIFEST}"
    with fs.open(report.manifest, "w") as f:
        json.dump(manifest, f, indent=1)
    return report
