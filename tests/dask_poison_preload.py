"""Loaded into a test's Dask workers (``dask worker --preload``): an article whose title starts with POISON
kills the worker process extracting it, as a crash in a native parser would, and one whose title starts with
BROKEN raises, as a bug in the extractor would. Not a test module itself.

Both happen in the first per-article step of ``extract_many`` (``begin_article``, which every article of a
group goes through before the group is parsed), the path the ingest's workers really extract by: the
articles of the poisoned one's group are in hand when it dies.
"""

from __future__ import annotations

import os
from typing import Any

from quoteline.extract import batch

# Dask may run a preload file more than once in a process: wrap the real function, never the wrapper.
_REAL = getattr(batch, "unpoisoned_begin_article", batch.begin_article)
setattr(batch, "unpoisoned_begin_article", _REAL)  # noqa: B010


def _poisoned(text: str, published: str | None, article_id: str | None) -> Any:
    if text.startswith("POISON"):
        os._exit(70)
    if text.startswith("BROKEN"):
        raise RuntimeError("an invented bug in the extractor")
    return _REAL(text, published, article_id)


batch.begin_article = _poisoned
