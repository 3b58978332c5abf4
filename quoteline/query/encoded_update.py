"""A commit's encoded folder made from the previous commit's folder plus what the commit changed.

Writing a version's folder whole (``encoded.write`` after a Parquet load) costs what the store holds: at 10M
statements about 12 CPU s of Parquet decoding and encoding, and 614 MB written. A commit changes a few rows:
a correction patches, deletes or adds some, a merge renames a speaker, an ingest appends data files. So the
new folder is the previous one with those rows changed, in two steps, one module each:

- **What changed** (``encoded_changes``): the previous folder's record names the table versions it was read
  from; the new commit's files and its corrections' overlay are compared with them, and the rows the commit
  changed are read alone (the appended files, the patched statements by id).
- **The splice** (``encoded_splice``): those rows encoded as a small corpus and spliced into the mapped
  arrays, the result written as a rebuild writes it, byte for byte, unchanged files hard-linked.
- **Otherwise a rebuild, logged.** A compaction (files removed or rewritten: the row order changes), an
  undone deletion or merge, an outlet correction (its rows are found by article id, which the folder does
  not hold), a previous folder without its table versions or indexes, ids that are not 16 hex digits, or a
  commit that changes more than ``MAX_CHANGED_FRACTION`` of the rows: the caller loads Parquet and writes
  the folder whole, as before.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import pyarrow as pa

from quoteline import settings
from quoteline.query import encoded, encoded_changes, encoded_splice
from quoteline.query.encoded_changes import COLUMNS, Rebuild, tables_of
from quoteline.store import Store, StoreError
from quoteline.store.manifest import Manifest

__all__ = ["COLUMNS", "MAX_CHANGED_FRACTION", "Rebuild", "tables_of", "update"]

LOGGER = logging.getLogger(__name__)

# Past this share of the rows changed, the splice costs about what a rebuild does (every array rewritten
# either way), and a rebuild is the simpler path.
MAX_CHANGED_FRACTION: Final = 0.25


def update(store: Store, manifest: Manifest) -> bool:
    """Write ``manifest``'s folder from the newest older version's folder; whether it was written. False
    (the reason logged at INFO; an error at WARNING) when there is none, the store is below
    ``encoded_min_statements`` or read-only, or the commit needs a rebuild."""
    if settings.get_bool("read_only"):
        return False
    previous = _previous(store.root, manifest.generation)
    if previous is None:
        return False
    started, cpu = time.perf_counter(), time.process_time()
    try:
        if int(previous.record["n_rows"]) < settings.get_int("encoded_min_statements"):
            raise Rebuild("the previous version was below encoded_min_statements")
        folder = encoded_changes.Previous(previous.directory, previous.record, manifest)
        changes = encoded_changes.find(store, manifest, folder)
        changed = changes.table.num_rows
        if changed > MAX_CHANGED_FRACTION * max(folder.n_old, 1):
            raise Rebuild(f"{changed:,} of {folder.n_old:,} rows changed")
        encoded_splice.write(store.root, manifest, folder, changes)
    except Rebuild as reason:
        LOGGER.info(
            "%s: the encoded corpus of version %s is rebuilt, not updated from %s: %s",
            store.root,
            manifest.version,
            previous.directory.name,
            reason,
        )
        return False
    except (OSError, ValueError, KeyError, TypeError, StoreError, pa.ArrowException) as exc:
        LOGGER.warning(
            "%s: updating the encoded corpus of version %s from %s failed (%s): rebuilt",
            store.root,
            manifest.version,
            previous.directory.name,
            exc,
        )
        return False
    except Exception:
        # The folder is derived data and a rebuild serves the version correctly, so a slip in the update's own
        # logic must not fail every load of it: logged with its traceback, as the bug it is, then rebuilt.
        LOGGER.exception(
            "%s: updating the encoded corpus of version %s from %s failed unexpectedly: rebuilt",
            store.root,
            manifest.version,
            previous.directory.name,
        )
        return False
    LOGGER.info(
        "%s: encoded corpus of version %s updated from %s in %.2f s (%.2f CPU s)",
        store.root,
        manifest.version,
        previous.directory.name,
        time.perf_counter() - started,
        time.process_time() - cpu,
    )
    return True


@dataclass(frozen=True)
class _Found:
    directory: Path
    record: dict[str, Any]


def _previous(root: Path, generation: int) -> _Found | None:
    """The newest finished folder of an older generation (its record checked), or None."""
    base = root / encoded.FOLDER
    if not base.is_dir():
        return None
    found = []
    for entry in base.iterdir():
        older = encoded._generation(entry.name)
        if older is not None and older < generation:
            found.append((older, entry))
    for _, entry in sorted(found, reverse=True):
        record = encoded._checked_record(entry, entry.name)
        if record is not None:
            return _Found(entry, record)
    return None
