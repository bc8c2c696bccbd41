"""The ``dateline`` command: a thin shell over the library API."""

from __future__ import annotations

import typer

from dateline.cli import extract_cmd

app = typer.Typer(
    name="dateline",
    help="Turn news articles into sourced event data: who did what to whom, when, where, "
    "according to whom, and how many.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="markdown",
)


@app.callback()
def _root() -> None:
    """dateline: news articles in, sourced event data out."""


extract_cmd.register(app)

try:  # store-backed commands (ingest, query, export, stats) register themselves when present
    from dateline.cli import store_cmds

    store_cmds.register(app)
except ImportError:  # pragma: no cover - during bootstrap only
    pass

from dateline.cli import merge_cmds  # noqa: E402  (merged events, stories, contradictions)

merge_cmds.register(app)

from dateline.cli import interop_cmds  # noqa: E402  (eval, dict convert)

interop_cmds.register(app)

from dateline.cli import serve_cmd  # noqa: E402  (the JSON API and web UI)

serve_cmd.register(app)


def main() -> None:
    app()
