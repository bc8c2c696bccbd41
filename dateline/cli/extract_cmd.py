"""``dateline extract``: articles in, output-v1 JSON Lines out. Streaming; no database."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from dateline.cli.summary import RunSummary, progress
from dateline.config import load_settings
from dateline.output import to_output
from dateline.records import RecordError


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
            help="Files, folders, globs, or - for stdin (JSONL, txt, HTML, WARC, RSS/Atom)."
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Write output-v1 JSON Lines here (default: stdout)."),
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
) -> None:
    """Extract entities, quotes, counts, dates and events from articles, as output-v1 JSON Lines.

    Bad records (empty, binary, broken JSON, too large) get an error each and the run goes on;
    the exit code is 1 when any record failed.
    """
    from dateline.pipeline import run

    settings = load_settings(config)
    if pipeline:
        settings = load_settings(config, pipelines={**settings.pipelines, "en": pipeline})
    out = output.open("w", encoding="utf-8") if output else sys.stdout
    err_file = errors_out.open("w", encoding="utf-8") if errors_out else None
    summary = RunSummary()
    try:
        with progress(not quiet) as bar:
            task = bar.add_task("extracting", total=None) if bar else None
            for item in run(inputs, settings):
                summary.add(item)
                if isinstance(item, RecordError):
                    if err_file:
                        err_file.write(json.dumps(asdict(item)) + "\n")
                    continue
                out.write(json.dumps(to_output(item), ensure_ascii=False) + "\n")
                if bar is not None and task is not None:
                    bar.advance(task)
    finally:
        if output:
            out.close()
        if err_file:
            err_file.close()
    if not quiet:
        summary.print()
    raise typer.Exit(1 if summary.failed else 0)
