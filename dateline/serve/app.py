"""The FastAPI application of ``dateline serve``: the JSON API under /api, the OpenAPI page at
/docs (Swagger UI served from the package, nothing from a CDN) and the web UI at /."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path

import duckdb
from anyio import to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from dateline.serve.api import ApiError, router
from dateline.serve.db import Database, QueryTimeout, shutdown_parse_pool
from dateline.serve.security import BodyLimit, SecurityHeaders, Timeout
from dateline.serve.settings import ServeSettings
from dateline.store import StoreError

STATIC_DIR = Path(str(resources.files("dateline.serve"))) / "static"
SWAGGER = "/vendor/swagger-ui"
DOCS_HTML = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>dateline API</title>
<link rel="icon" href="{SWAGGER}/favicon-32x32.png">
<link rel="stylesheet" href="{SWAGGER}/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="{SWAGGER}/swagger-ui-bundle.js"></script>
<script src="{SWAGGER}/dateline-init.js"></script>
</body>
</html>
"""
_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
          405: "method_not_allowed", 413: "too_large", 422: "invalid_request"}  # fmt: skip


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)


def _install_errors(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(_: Request, exc: ApiError) -> JSONResponse:
        return _error(exc.status_code, exc.code, str(exc.detail))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _CODES.get(exc.status_code, "error")
        return _error(exc.status_code, code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [
            f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg', 'invalid')}"
            for e in exc.errors()
        ]
        return _error(422, "invalid_request", "; ".join(problems)[:1000])

    @app.exception_handler(QueryTimeout)
    async def timeout(_: Request, exc: QueryTimeout) -> JSONResponse:
        return _error(504, "timeout", str(exc))

    @app.exception_handler(duckdb.Error)
    async def db_error(_: Request, exc: duckdb.Error) -> JSONResponse:
        return _error(500, "database_error", "the query failed")

    @app.exception_handler(StoreError)
    async def store_error(_: Request, exc: StoreError) -> JSONResponse:
        return _error(503, "store_unavailable", str(exc))


def create_app(
    db_path: str | Path,
    settings: ServeSettings | None = None,
    *,
    static_dir: str | Path | None = None,
) -> FastAPI:
    """The app over the store at ``db_path``. The store is opened read-only unless a token is
    configured (then writes through POST /api/documents are possible)."""
    settings = settings or ServeSettings()
    db = Database(db_path, writable=settings.writes_enabled, query_threads=settings.query_threads)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # requests run their queries on this many threads at once; the rest wait their turn
        to_thread.current_default_thread_limiter().total_tokens = settings.threads_in_use
        yield
        db.close()
        shutdown_parse_pool()

    app = FastAPI(
        lifespan=lifespan,
        title="dateline",
        summary="Events coded from news (PLOVER), with the sentences they come from.",
        version=_version(),
        docs_url=None,
        redoc_url=None,
    )
    app.state.db = db
    app.state.settings = settings
    _install_errors(app)
    app.include_router(router)

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(DOCS_HTML)

    root = Path(static_dir) if static_dir else STATIC_DIR
    app.mount("/", StaticFiles(directory=root, html=True, check_dir=False), name="static")

    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
        )
    app.add_middleware(
        Timeout, seconds=settings.request_timeout_s, write_seconds=settings.write_timeout_s
    )
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(SecurityHeaders)
    return app


def _version() -> str:
    from dateline import __version__

    return str(__version__)
