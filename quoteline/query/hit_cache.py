"""The full-text index's large answers kept on disk, per query and per index version, for every process.

A word found millions of times costs about 0.45 CPU µs a hit to take out of tantivy: its Python binding
hands each hit over as a tuple with a document address (docs/SCALE.md), so a search finding 2M statements
spends most of a second there, in every dashboard process and again whenever a process' memo has let the
query go. The answer depends only on the index's rows and on the tantivy query, so it is kept once, the id
numbers ascending as one ``.npy`` file, and mapped by any later search of the same query against the same
index version: the hits then cost a page-cache read, not a Python object each. (Lucene's query cache keeps
a filter's doc-id set per segment for the same reason.)

Layout: ``<store>/search_index.hits/<generation>/<query key>.npy``, ``generation`` naming the statements
table, the index format and the Delta version the index covers (``text_index.Covered``), ``query key`` a
digest of the tantivy query as built (its terms, phrases and dictionary regexes per field: a change to how
a search is translated is a new key). Only the index's own answer is kept (the statements without an
ambiguous character, as extracted): the flagged statements and the rows a correction reaches are checked
afresh on every search, as without the cache.

Keeping it right and small:

- a file is written whole under a temporary name and renamed (``os.replace``): a reader sees a whole answer
  or none; one that does not load as a 1-D uint64 array is removed and the search asks tantivy;
- the index moving to another version makes a new generation; writing into it removes the others (a
  search pinned to a version the index does not cover never reads the index, so their answers are dead);
- answers below ``MIN_HITS`` are not kept (tantivy hands them over in a few milliseconds); a generation keeps
  at most ``MAX_FILES`` answers and ``MAX_BYTES``, the least recently read removed first;
- a read-only deployment (setting ``read_only``) writes nothing; a store this process cannot write is
  logged, and the search goes on with its answer.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import uuid
from pathlib import Path
from typing import Final

import numpy as np

from quoteline import settings
from quoteline.store.store import Store

LOGGER = logging.getLogger(__name__)

FOLDER: Final = "search_index.hits"
# Fewer hits than this are not kept: tantivy hands 100k hits over in about 45 CPU ms.
MIN_HITS: Final = 100_000
MAX_FILES: Final = 32
MAX_BYTES: Final = 512 * 1024 * 1024  # 64M hits kept in all: e.g. 32 answers of 2M statements
_TMP: Final = ".tmp-"


def folder(store: Store) -> Path:
    """Where ``store``'s kept answers live."""
    return store.root / FOLDER


def _generation(table: str, version: int) -> str:
    return hashlib.sha1(f"{table}\n{version}".encode()).hexdigest()[:20]


def _file(store: Store, table: str, version: int, key: str) -> Path:
    name = hashlib.sha1(key.encode()).hexdigest()[:32]
    return folder(store) / _generation(table, version) / f"{name}.npy"


def load(store: Store, table: str, version: int, key: str) -> np.ndarray | None:
    """The kept answer (id numbers, ascending, mapped) to tantivy query ``key`` over the index of ``table``
    at ``version``; None when none is kept (or it is damaged: then it is removed)."""
    path = _file(store, table, version, key)
    try:
        found = np.load(path, mmap_mode="r", allow_pickle=False)
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        LOGGER.warning("%s: a kept search answer is unreadable (%s); asking the index", path, exc)
        path.unlink(missing_ok=True)
        return None
    if found.ndim != 1 or found.dtype != np.uint64:
        LOGGER.warning("%s holds %s %s, not id numbers; asking the index", path, found.dtype, found.shape)
        path.unlink(missing_ok=True)
        return None
    try:
        os.utime(path)  # read now: the last to be evicted
    except OSError as exc:  # a read-only store: the order of eviction is all that is lost
        LOGGER.debug("%s: %s", path, exc)
    return found


def save(store: Store, table: str, version: int, key: str, ids: np.ndarray) -> None:
    """Keep ``ids`` (id numbers, strictly ascending) as the answer to ``key`` at ``version``, when it is
    large enough to be worth it. Never fails the search: an error is logged."""
    if len(ids) < MIN_HITS or settings.get_bool("read_only"):
        return
    path = _file(store, table, version, key)
    temporary = path.with_name(f"{_TMP}{uuid.uuid4().hex}.npy")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(temporary, "wb") as handle:
            np.save(handle, np.ascontiguousarray(ids, dtype=np.uint64), allow_pickle=False)
        os.replace(temporary, path)
        _prune(path.parent)
    except OSError as exc:
        LOGGER.info("%s: the search's answer was not kept (%s)", store.root, exc)
        temporary.unlink(missing_ok=True)


def _prune(generation: Path) -> None:
    """Remove the other generations, temporary files, and this generation's least recently read answers
    past ``MAX_FILES`` or ``MAX_BYTES``."""
    for other in generation.parent.iterdir():
        if other != generation and other.is_dir():
            shutil.rmtree(other, ignore_errors=True)
    kept = []
    for entry in generation.iterdir():
        try:
            stat = entry.stat()
        except FileNotFoundError:  # removed by another process meanwhile
            continue
        if entry.name.startswith(_TMP):
            continue  # another process' write in progress (or a killed one's: removed with its generation)
        kept.append((stat.st_mtime, stat.st_size, entry))
    kept.sort(reverse=True)  # most recently read first
    total = 0
    for count, (_, size, entry) in enumerate(kept):
        total += size
        if count >= MAX_FILES or total > MAX_BYTES:
            entry.unlink(missing_ok=True)


def clear(store: Store) -> None:
    """Remove every kept answer (they are derived: searches keep them again)."""
    shutil.rmtree(folder(store), ignore_errors=True)
