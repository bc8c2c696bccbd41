"""Running the pipeline at scale: a local process pool, Dask distributed, resumable output.

- :func:`dateline.runner.local.parallel_process` — ``process()`` over a pool of worker
  processes, each loading the spaCy pipeline once; output in input order, bounded memory.
- :mod:`dateline.runner.resume` — skip the articles an interrupted run already wrote.
- :mod:`dateline.runner.dask_engine` — shard the input over a Dask cluster and write a Parquet
  lake partitioned by publication date, with a manifest (needs the ``dask`` extra).
"""

from __future__ import annotations

import os

__all__ = ["default_workers"]


def default_workers() -> int:
    """The number of cores this process may use (at least 1)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)
