"""``dateline extract --engine dask``: shard the input over a Dask cluster, write a Parquet lake.

The driver streams the input (every format ``read_inputs`` reads: JSONL, WARC, HTML, feeds,
folders, globs) and cuts it into shards of ``shard_size`` articles, numbered in input order. Each
shard is a task: a worker runs :func:`dateline.pipeline.process` on it (the spaCy pipeline is
loaded once per worker process and cached) and writes one Parquet file per publication date::

    LAKE/published_date=2025-03-14/part-000042.parquet
    LAKE/published_date=unknown/part-000042.parquet      (articles without a date)
    LAKE/_progress.jsonl     one line per finished shard (what resume reads)
    LAKE/errors.jsonl        records that could not be read
    LAKE/manifest.json       written at the end: inputs, shards, counts, files

Every row holds the article's output-v1 record as JSON text (``record``, byte-identical to the
line ``dateline extract`` writes) plus flat columns to filter on, and ``seq``, its position in
the input, so the lake read ``ORDER BY seq`` is the local run's output.

A shard's files are written under a temporary name and renamed, and a shard counts as done only
once its line is in ``_progress.jsonl``: a killed run resumed with ``resume=True`` skips the
finished shards and redoes the others, overwriting their partial files — nothing twice, nothing
lost. Resume needs the same inputs and ``shard_size``.
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
from dateline.ingest import read_inputs
from dateline.output import to_output
from dateline.records import Article, ArticleResult, RecordError

__all__ = ["DaskReport", "ShardDone", "lake_schema", "run_dask"]

UNKNOWN_DATE = "unknown"
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
    first_seq: int
    articles: int
    files: tuple[str, ...]
    failed: int  # articles with status "error"


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


def process_shard(
    index: int, first_seq: int, articles: list[Article], settings: Settings, lake: str
) -> ShardDone:
    """Run the pipeline on one shard and write its Parquet files (the task a worker runs)."""
    from dateline.pipeline import process

    fs, root = fsspec.core.url_to_fs(lake)
    by_date: dict[str, list[dict[str, Any]]] = {}
    failed = 0
    for offset, result in enumerate(process(articles, settings)):
        failed += result.status == "error"
        day = result.article.published_date or UNKNOWN_DATE
        by_date.setdefault(day, []).append(_row(first_seq + offset, result))
    files = []
    for day, rows in sorted(by_date.items()):
        folder = f"{root}/published_date={day}"
        fs.makedirs(folder, exist_ok=True)
        final = f"{folder}/part-{index:06d}.parquet"
        tmp = f"{folder}/.part-{index:06d}.parquet.tmp"
        pq.write_table(pa.Table.from_pylist(rows, schema=lake_schema()), tmp, filesystem=fs)
        fs.mv(tmp, final)
        files.append(final)
    return ShardDone(index, first_seq, len(articles), tuple(files), failed)


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
            d = json.loads(line)
            done[d["index"]] = ShardDone(**{**d, "files": tuple(d["files"])})
            kept.append(line)
    with fs.open(path, "wb") as f:  # drop the partial line before appending to the file
        f.write(b"".join(kept))
    return done


def _shards(
    inputs: Sequence[str], settings: Settings, size: int, errors: list[RecordError]
) -> Iterator[tuple[int, int, list[Article]]]:
    chunk: list[Article] = []
    index = seq = 0
    for item in read_inputs(inputs, settings):
        if isinstance(item, RecordError):
            errors.append(item)
            continue
        chunk.append(item)
        if len(chunk) == size:
            yield index, seq, chunk
            index, seq, chunk = index + 1, seq + size, []
    if chunk:
        yield index, seq, chunk


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

    ``client``: an existing Client; else one connects to ``scheduler``, or starts a
    LocalCluster of ``workers`` single-threaded processes. At most ``window`` shards (default:
    two per worker) are in flight, so the driver's memory does not grow with the corpus.
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
    report = DaskReport(resumed=len(done))
    errors: list[RecordError] = []
    finished: dict[int, ShardDone] = dict(done)
    try:
        pending: deque[Future] = deque()
        with fs.open(f"{root}/{PROGRESS}", "ab") as progress:

            def collect(future: Future) -> None:
                shard: ShardDone = future.result()
                finished[shard.index] = shard
                progress.write((json.dumps(asdict(shard)) + "\n").encode())
                progress.flush()

            for index, first_seq, articles in _shards(inputs, settings, shard_size, errors):
                report.shards += 1
                if index in done:
                    continue
                pending.append(
                    client.submit(
                        process_shard,
                        index,
                        first_seq,
                        articles,
                        settings,  # small: sent with each task
                        lake,
                        key=f"dateline-shard-{index}",
                        pure=False,
                    )
                )
                while len(pending) >= limit:
                    collect(pending.popleft())
            while pending:
                collect(pending.popleft())
    finally:
        for thing in owned:
            thing.close()
    with fs.open(f"{root}/{ERRORS}", "w") as f:
        for err in errors:
            f.write(json.dumps(asdict(err), ensure_ascii=False) + "\n")
    shards = [finished[i] for i in sorted(finished)]
    report.articles = sum(s.articles for s in shards)
    report.errors = len([e for e in errors if e.severity == "error"]) + sum(
        s.failed for s in shards
    )
    report.files = [f for s in shards for f in s.files]
    manifest = {
        "format": "dateline-lake-1",
        "inputs": list(inputs),
        "shard_size": shard_size,
        "shards": [asdict(s) for s in shards],
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
