"""CAMEO event code -> PLOVER type and mode, from dateline/data/cameo/plover_to_cameo.yaml."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

import yaml

_DIGITS = re.compile(r"\d+")


@cache
def _tables() -> tuple[dict[str, tuple[str, str | None]], dict[str, str]]:
    path = resources.files("dateline") / "data" / "cameo" / "plover_to_cameo.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    exact: dict[str, tuple[str, str | None]] = {}
    for plover, entry in data["events"].items():
        exact.setdefault(str(entry["code"]), (str(plover), None))
    for plover, entry in data["events"].items():
        for mode, code in (entry.get("modes") or {}).items():
            exact.setdefault(str(code), (str(plover), str(mode)))
    roots = {str(k): str(v) for k, v in data["cameo_roots"].items()}
    return exact, roots


def cameo_to_plover(code: str | None) -> tuple[str, str | None] | None:
    """(PLOVER type, mode) of a CAMEO code ("173" -> COERCE arrest), or None (statements, no
    code, unknown roots). Letters after the digits ("075A") are ignored."""
    match = _DIGITS.match((code or "").strip())
    if not match:
        return None
    digits = match.group()
    exact, roots = _tables()
    for prefix in (digits, digits[:3]):
        if prefix in exact:
            return exact[prefix]
    plover = roots.get(digits[:2])
    return (plover, None) if plover else None
