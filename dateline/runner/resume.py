"""Resuming an interrupted ``dateline extract -o FILE``.

The output is written in input order, one line per article, so a killed run leaves a file whose
complete lines are finished articles, maybe followed by one partial line. :func:`prepare_resume`
cuts that partial line off and returns the ids already written; the resumed run skips them and
appends the rest: nothing is processed twice, nothing is lost.
"""

from __future__ import annotations

import json
from pathlib import Path

__all__ = ["prepare_resume"]


def prepare_resume(output: Path) -> set[str]:
    """Ids of the articles already in ``output``; truncates a trailing partial line.

    A missing file means nothing was done yet. A complete line that is not an output-v1 record
    with a ``doc_id`` raises ``ValueError``: that file is not ours to append to.
    """
    if not output.exists():
        return set()
    done: set[str] = set()
    good_end = 0
    with output.open("rb") as f:
        for number, line in enumerate(f, start=1):
            if not line.endswith(b"\n"):
                break  # the partial line a killed run left behind
            try:
                record = json.loads(line)
                done.add(str(record["doc_id"]))
            except (ValueError, KeyError, TypeError) as exc:
                raise ValueError(
                    f"{output}:{number}: not an output-v1 record, cannot resume into this file"
                ) from exc
            good_end += len(line)
    if good_end < output.stat().st_size:
        with output.open("r+b") as f:
            f.truncate(good_end)
    return done
