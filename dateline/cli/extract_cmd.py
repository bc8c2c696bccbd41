"""``dateline extract``: articles in, output-v1 JSON Lines out. Streaming; no database."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from dateline.cli.summary import RunSummary, progress
from dateline.config import Settings, load_settings
from dateline.output import to_output
from dateline.records import RecordError


class Engine(StrEnum):
    local = "local"
    dask = "dask"


def register(app: typer.Typer) -> None:
    app.command(
        "extract",
        epilog="Example: `dateline extract samples/ -o out.jsonl`  ·  "
        "`cat articles.jsonl | dateline extract - > out.jsonl`",
    )(extract)


def extract(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Files, folders, globs, or - for stdin (JSONL, Parquet, txt, HTML, WARC, "
            "RSS/Atom); with --engine dask also fsspec URLs (s3://bucket/news/*.jsonl)."
        ),
    ],
    output: Annotated[
        str | None,
        typer.Option(
            "-o",
            "--output",
            help="Write output-v1 JSON Lines here (default: stdout); with --engine dask, the "
            "Parquet lake's folder or fsspec URL.",
        ),
    ] = None,
    config: Annotated[Path | None, typer.Option(help="A dateline.toml settings file.")] = None,
    pipeline: Annotated[
        str | None, typer.Option(help="spaCy pipeline for English (an installed package name).")
    ] = None,
    errors_out: Annotated[
        Path | None,
        typer.Option("--errors", help="Also write per-record errors as JSON Lines here."),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bar and no summary.")
    ] = False,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers", "-w", min=1, help="Worker processes (default: the number of cores)."
        ),
    ] = None,
    engine: Annotated[
        Engine,
        typer.Option(
            help="local: this machine. dask: a Dask cluster; -o is then a Parquet lake folder."
        ),
    ] = Engine.local,
    scheduler: Annotated[
        str | None,
        typer.Option(help="Dask scheduler address (default: a local cluster of --workers)."),
    ] = None,
    shard_size: Annotated[
        int,
        typer.Option(min=1, help="--engine dask: about this many articles per shard (task)."),
    ] = 256,
    resume: Annotated[
        bool,
        typer.Option(
            "--resume", help="Continue an interrupted run: keep what -o holds, do the rest."
        ),
    ] = False,
) -> None:
    """Extract entities, quotes, counts, dates and events from articles, as output-v1 JSON Lines.

    Bad records (empty, binary, broken JSON, too large) get an error each and the run goes on;
    the exit code is 1 when any record failed.
    """
    from dateline.pipeline import run
    from dateline.runner import default_workers

    settings = load_settings(config)
    if pipeline:
        settings = load_settings(config, pipelines={**settings.pipelines, "en": pipeline})
    n_workers = workers or default_workers()
    if engine is Engine.dask:
        _extract_dask(inputs, output, settings, n_workers, scheduler, shard_size, resume, quiet)
        return
    out_path = Path(output) if output else None
    done: set[str] = set()
    if resume:
        if out_path is None:
            raise typer.BadParameter("--resume needs -o FILE", param_hint="--resume")
        from dateline.runner.resume import prepare_resume

        done = prepare_resume(out_path)
    mode = "a" if resume else "w"
    out = out_path.open(mode, encoding="utf-8") if out_path else sys.stdout
    err_file = errors_out.open(mode, encoding="utf-8") if errors_out else None
    summary = RunSummary()
    try:
        with progress(not quiet) as bar:
            task = bar.add_task("extracting", total=None) if bar else None
            for item in run(inputs, settings, workers=n_workers, skip=done):
                summary.add(item)
                if isinstance(item, RecordError):
                    if err_file:
                        err_file.write(json.dumps(asdict(item)) + "\n")
                    continue
                out.write(json.dumps(to_output(item), ensure_ascii=False) + "\n")
                if bar is not None and task is not None:
                    bar.advance(task)
    finally:
        if out_path:
            out.close()
        if err_file:
            err_file.close()
    if not quiet:
        summary.print()
    raise typer.Exit(1 if summary.failed else 0)


def _extract_dask(
    inputs: list[str],
    output: str | None,
    settings: Settings,
    workers: int,
    scheduler: str | None,
    shard_size: int,
    resume: bool,
    quiet: bool,
) -> None:
    if output is None:
        raise typer.BadParameter("--engine dask needs -o LAKE_FOLDER", param_hint="--output")
    try:
        from dateline.runner.dask_engine import run_dask
    except ImportError as exc:  # pragma: no cover - depends on the installed extras
        raise typer.BadParameter(
            f"--engine dask needs the dask extra: pip install 'dateline[dask]' ({exc})",
            param_hint="--engine",
        ) from exc
    try:
        report = run_dask(
            inputs,
            settings,
            output,
            scheduler=scheduler,
            workers=workers,
            shard_size=shard_size,
            resume=resume,
        )
    except FileExistsError as exc:
        raise typer.BadParameter(str(exc), param_hint="--output") from exc
    if not quiet:
        typer.echo(
            f"{report.articles} articles in {report.shards} shards "
            f"({report.resumed} shards already done), {report.errors} record errors "
            f"-> {output} (manifest: {report.manifest})",
            err=True,
        )
    raise typer.Exit(1 if report.errors else 0)
