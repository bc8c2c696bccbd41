"""``dateline serve``: a JSON API and a web UI over a dateline store (see docs/serve.md)."""

from __future__ import annotations

from dateline.serve.app import create_app
from dateline.serve.settings import ServeSettings, load_serve_settings

__all__ = ["ServeSettings", "create_app", "load_serve_settings"]
