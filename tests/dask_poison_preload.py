"""Loaded into a test's Dask workers (``dask worker --preload``): an article whose title starts with POISON
kills the worker process extracting it, as a crash in a native parser would. Not a test module itself."""

from __future__ import annotations

import os
from datetime import datetime
from typing import Any

from quoteline.ingest import pipeline
from quoteline.ingest.raw import RawArticle

# Dask may run a preload file more than once in a process: wrap the real function, never the wrapper.
_REAL = getattr(pipeline, "unpoisoned_prepare_rows", pipeline.prepare_rows)
setattr(pipeline, "unpoisoned_prepare_rows", _REAL)  # noqa: B010


def _poisoned(raw: RawArticle, opts: pipeline.Options, now: datetime) -> Any:
    if raw.title.startswith("POISON"):
        os._exit(70)
    return _REAL(raw, opts, now)


pipeline.prepare_rows = _poisoned
