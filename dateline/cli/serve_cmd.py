"""``dateline serve``: the JSON API and the web UI over a store (see docs/serve.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from dateline.cli.summary import err_console

DEFAULT_DB = Path("dateline.duckdb")


def register(app: typer.Typer) -> None:
    app.command(
        "serve",
        epilog="Examples: `dateline serve --db news.duckdb` then open http://127.0.0.1:8765/  ·  "
        "`DATELINE_SERVE_TOKEN=s3cret dateline serve --db news.duckdb` (enables POST "
        "/api/documents)  ·  API reference at http://127.0.0.1:8765/docs",
    )(serve)


def serve(
    db: Annotated[
        Path,
        typer.Option("--db", envvar="DATELINE_DB", help="The dateline database (DuckDB file)."),
    ] = DEFAULT_DB,
    host: Annotated[
        str | None,
        typer.Option(help="Address to listen on (default 127.0.0.1: this machine only)."),
    ] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on (default 8765).")] = None,
    config: Annotated[
        Path | None, typer.Option(help="A dateline.toml with a [serve] table.")
    ] = None,
    token_env: Annotated[
        str | None,
        typer.Option(
            help="Read the write token from this environment variable "
            "(default DATELINE_SERVE_TOKEN)."
        ),
    ] = None,
) -> None:
    """Serve the database: a JSON API under /api, its reference at /docs, the web UI at /.

    Read-only unless a token is configured (`[serve] token` or DATELINE_SERVE_TOKEN): then
    POST /api/documents with `Authorization: Bearer <token>` ingests articles. One process
    holds the database while it runs.
    """
    import os

    import uvicorn

    from dateline.serve import create_app, load_serve_settings
    from dateline.serve.settings import ServeSettingsError
    from dateline.store import StoreError

    token = os.environ.get(token_env) if token_env else None
    if token_env and not token:
        err_console.print(f"[red]error:[/] ${token_env} is not set", highlight=False)
        raise typer.Exit(2)
    try:
        settings = load_serve_settings(config, host=host, port=port, token=token)
    except (ServeSettingsError, FileNotFoundError, ValueError) as exc:
        err_console.print(f"[red]error:[/] {exc}", highlight=False)
        raise typer.Exit(2) from exc
    if not db.exists() and not settings.writes_enabled:
        err_console.print(
            f"[red]error:[/] no database at {db} (run `dateline ingest` first, or give --db)",
            highlight=False,
        )
        raise typer.Exit(2)
    err_console.print(f"loading {db} ...", highlight=False)
    try:
        app = create_app(db, settings)
    except StoreError as exc:
        err_console.print(f"[red]error:[/] {exc}", highlight=False)
        raise typer.Exit(2) from exc
    mode = "read-write (token set)" if settings.writes_enabled else "read-only"
    err_console.print(
        f"dateline serve: http://{settings.host}:{settings.port}/ ({mode}); Ctrl-C stops",
        highlight=False,
    )
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        workers=1,
        log_level="warning",
        server_header=False,
        limit_concurrency=64,
        timeout_keep_alive=5,
    )
