"""Settings of ``dateline serve``: defaults, the ``[serve]`` table of dateline.toml, the environment.

Example ``dateline.toml``::

    [serve]
    host = "127.0.0.1"
    port = 8765
    token = "a-long-random-string"   # or DATELINE_SERVE_TOKEN; no token = writes disabled
    max_body_bytes = 10485760
    request_timeout_s = 30
    write_timeout_s = 600            # POST /api/documents (runs the NLP pipeline)
    count_budget_ms = 50             # /api/events "total" is null when counting takes longer
    query_threads = 1                # DuckDB threads; 1 = each query on its request's thread
    worker_threads = 0               # requests served at once; 0 = 4 per core
    cors_origins = []                # e.g. ["http://localhost:3000"]; empty = CORS off
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

TOKEN_ENV = "DATELINE_SERVE_TOKEN"


class ServeSettingsError(ValueError):
    """A [serve] setting that cannot be used."""


@dataclass(frozen=True, slots=True)
class ServeSettings:
    host: str = "127.0.0.1"
    port: int = 8765
    # the Bearer token POST /api/documents requires; None disables writes (403)
    token: str | None = None
    max_body_bytes: int = 10 * 1024 * 1024
    request_timeout_s: float = 30.0
    # POST /api/documents runs the NLP pipeline (about 0.3 s per article): a longer limit
    write_timeout_s: float = 600.0
    # /api/events counts its matches (``total``) when that takes less than this; 0 = always
    count_budget_ms: int = 50
    # DuckDB's threads. 1 (each query on its request's own thread) serves concurrent requests
    # best; more make one heavy query faster on an otherwise idle server
    query_threads: int = 1
    # requests whose queries run at once (the rest queue); 0 = 4 per core. More than the
    # cores can serve only adds switching: under load the queue is shorter than the tail
    worker_threads: int = 0
    # origins allowed by CORS; empty = no CORS headers at all
    cors_origins: tuple[str, ...] = field(default_factory=tuple)
    # a dateline.toml for the ingestion pipeline (spaCy pipeline, dictionaries); None = default
    config_path: str | None = None

    @property
    def threads_in_use(self) -> int:
        """``worker_threads``, or 4 per core when it is 0."""
        return self.worker_threads or 4 * (os.cpu_count() or 1)

    @property
    def writes_enabled(self) -> bool:
        return bool(self.token)


def _serve_table(path: Path) -> dict[str, Any]:
    with path.open("rb") as f:
        data = tomllib.load(f)
    table = data.get("serve", {})
    if not isinstance(table, dict):
        raise ServeSettingsError(f"{path}: [serve] must be a table")
    return table


def _from_table(table: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    try:
        if "host" in table:
            out["host"] = str(table["host"])
        if "port" in table:
            out["port"] = int(table["port"])
        if table.get("token"):
            out["token"] = str(table["token"])
        if "max_body_bytes" in table:
            out["max_body_bytes"] = int(table["max_body_bytes"])
        if "request_timeout_s" in table:
            out["request_timeout_s"] = float(table["request_timeout_s"])
        if "write_timeout_s" in table:
            out["write_timeout_s"] = float(table["write_timeout_s"])
        if "count_budget_ms" in table:
            out["count_budget_ms"] = int(table["count_budget_ms"])
        if "query_threads" in table:
            out["query_threads"] = int(table["query_threads"])
        if "worker_threads" in table:
            out["worker_threads"] = int(table["worker_threads"])
        if "cors_origins" in table:
            origins = table["cors_origins"]
            if isinstance(origins, str):
                origins = [origins]
            out["cors_origins"] = tuple(str(o) for o in origins)
    except (TypeError, ValueError) as exc:
        raise ServeSettingsError(f"bad [serve] setting: {exc}") from exc
    return out


def load_serve_settings(path: str | Path | None = None, **overrides: Any) -> ServeSettings:
    """ServeSettings from defaults, ``[serve]`` in dateline.toml, the environment, overrides.

    The file is ``path``, else ``$DATELINE_CONFIG``, else ``./dateline.toml`` (when present).
    ``DATELINE_SERVE_TOKEN`` overrides the file's token. ``None`` overrides are ignored.
    """
    settings = ServeSettings()
    candidate = Path(path) if path else Path(os.environ.get("DATELINE_CONFIG", "dateline.toml"))
    if candidate.is_file():
        settings = replace(settings, **_from_table(_serve_table(candidate)))
        settings = replace(settings, config_path=str(candidate))
    elif path:
        raise FileNotFoundError(f"config file not found: {path}")
    env_token = os.environ.get(TOKEN_ENV)
    if env_token:
        settings = replace(settings, token=env_token)
    clean = {k: v for k, v in overrides.items() if v is not None}
    settings = replace(settings, **clean) if clean else settings
    validate(settings)
    return settings


def validate(settings: ServeSettings) -> None:
    if not 0 < settings.port < 65536:
        raise ServeSettingsError(f"port must be 1..65535, not {settings.port}")
    if settings.max_body_bytes <= 0:
        raise ServeSettingsError("max_body_bytes must be positive")
    if settings.request_timeout_s <= 0 or settings.write_timeout_s <= 0:
        raise ServeSettingsError("request_timeout_s and write_timeout_s must be positive")
    if settings.count_budget_ms < 0:
        raise ServeSettingsError("count_budget_ms must be 0 (no limit) or positive")
    if not 1 <= settings.query_threads <= 256:
        raise ServeSettingsError("query_threads must be 1..256")
    if not 0 <= settings.worker_threads <= 1024:
        raise ServeSettingsError("worker_threads must be 0 (4 per core) .. 1024")
    if "*" in settings.cors_origins:
        raise ServeSettingsError("cors_origins may not be '*': list the origins allowed")
