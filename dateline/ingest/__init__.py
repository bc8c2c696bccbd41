"""The ingest stage: readers per format turn bytes into Article records.

Public interface: ``read_inputs(inputs, settings)`` yields an ``Article`` for every record it
can read and a ``RecordError`` for every one it cannot; it never raises for bad input.

(Placeholder: JSON Lines only. The full readers land with the ingest work.)
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from pathlib import Path

from dateline.config import Settings
from dateline.langid import detect_language
from dateline.records import Article, RecordError


def read_inputs(inputs: Sequence[str], settings: Settings) -> Iterator[Article | RecordError]:
    for name in inputs:
        path = Path(name)
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            d = json.loads(line)
            text = d["text"]
            yield Article(
                id=str(d.get("id") or hashlib.sha256(text.encode()).hexdigest()[:16]),
                text=text,
                published=d.get("published"),
                title=d.get("title"),
                url=d.get("url"),
                outlet=d.get("outlet"),
                language=d.get("language") or detect_language(text).language,
                origin=f"{name}:{n}",
            )
