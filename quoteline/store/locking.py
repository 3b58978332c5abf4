"""The writers' lock of a store and what a writer checks on taking it (``StoreLocking``, a base of ``Store``).

Readers never lock. A writer takes the lock, then ``_begin_write`` rolls every table back to the commit
record (undoing what a writer killed before its commit left), migrates an old-format store or one without the
tag-set columns, and checks that each table and each data file holds its declared schema.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import pyarrow as pa
from deltalake import DeltaTable
from filelock import FileLock, Timeout

from quoteline import settings
from quoteline.store import delta
from quoteline.store.atomic import TMP_PREFIX
from quoteline.store.errors import StoreError, repair_hint
from quoteline.store.legacy import read_legacy_manifest
from quoteline.store.manifest import ALL_TABLES, COMMIT_NAME, Manifest, read_manifest
from quoteline.store.table_files import StoreFiles, _same_type
from quoteline.store.tables import DELTA_SCHEMAS

LOGGER = logging.getLogger(__name__)

# (store folder, statements table version) known to hold the tag-set columns: kept for the process, as the
# dashboard makes a new Store per rerun and asks its version each time (a Delta log read per check).
_TAG_SETS_HELD: set[tuple[str, int | None]] = set()


class StoreLocking(StoreFiles):
    """The writers' lock and the checks a writer runs inside it."""

    @contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the writers' lock (waits up to ``settings.lock_timeout`` seconds)."""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except FileExistsError:
            raise StoreError(f"{self.root}: is a file, not a store folder; give --store a folder") from None
        except OSError as exc:
            raise StoreError(f"{self.root}: cannot create the store folder: {exc.strerror or exc}") from exc
        timeout = settings.get_float("lock_timeout")
        lock_path = self.root / ".lock"
        if lock_path.is_dir():
            raise StoreError(f"{lock_path}: the store's lock file is a folder; remove that folder")
        lock = FileLock(lock_path, timeout=timeout)
        try:
            lock.acquire()
        except Timeout as exc:
            raise StoreError(
                f"{self.root}: another ingest has held the store lock for over {timeout:g} s "
                "(raise QUOTELINE_LOCK_TIMEOUT to wait longer)"
            ) from exc
        except OSError as exc:
            raise StoreError(f"{lock_path}: cannot take the store lock: {exc.strerror or exc}") from exc
        try:
            yield
        finally:
            lock.release()

    def _migrate_if_old(self, *, locked: bool = False) -> None:
        """An old-format store (``manifest.json`` and Parquet files) is converted on first use."""
        if (self.root / COMMIT_NAME).exists():
            return
        # Raises on an old-format store that lost its manifest: its files are data, not an empty store.
        if read_legacy_manifest(self.root) is not None:
            from quoteline.store.migrate import migrate

            migrate(self._as_store(), locked=locked)

    def _lacks_tag_sets(self, manifest: Manifest) -> bool:
        """Whether the commit's statements table predates the tag-set columns (checked once per version)."""
        key = (str(self.root.resolve()), manifest.statements)
        if manifest.statements is None or key in _TAG_SETS_HELD:
            return False
        from quoteline.store.migrate import lacks_tag_sets

        if lacks_tag_sets(self._as_store(), manifest):
            return True
        _TAG_SETS_HELD.add(key)
        return False

    def _begin_write(self) -> Manifest | None:
        """Inside the lock: the current commit, with every table rolled back to it (undoing the Delta
        versions a writer killed before its commit record left behind) and checked to hold its schema."""
        self._migrate_if_old(locked=True)
        manifest = read_manifest(self.root)
        for path in self.root.glob(f"{TMP_PREFIX}*"):  # inside the lock: a killed writer's temporary files
            path.unlink(missing_ok=True)
        from quoteline.store.staging import remove_abandoned

        remove_abandoned(self.root)
        # Each open replays the Delta log: the table roll_back opened is the one the schema check reads.
        opened = {
            t: delta.roll_back(self.root, t, None if manifest is None else manifest.table_version(t))
            for t in ALL_TABLES
        }
        if manifest is not None and self._lacks_tag_sets(manifest):
            from quoteline.store.migrate import add_tag_sets

            manifest, _ = add_tag_sets(self._as_store(), manifest)
            opened = {}  # the tables were rewritten: open them afresh
        for table in ALL_TABLES:
            version = None if manifest is None else manifest.table_version(table)
            dt = opened[table] if table in opened else delta.open_table(self.root, table)
            self._check_schema(table, dt)
            bad = self._bad_files(table, version, DELTA_SCHEMAS[table].names, only_new=True)
            if bad:
                where = delta.table_path(self.root, table) / bad[0]
                LOGGER.error("%s: data file of the wrong schema; refusing to write", where)
                raise StoreError(
                    f"{where}: the data file does not hold the {table} table in this store's schema; "
                    f"nothing was written ({repair_hint(self.root)})"
                )
        return manifest

    def _check_schema(self, table: str, dt: DeltaTable | None) -> None:
        """Before a write: the Delta table ``dt`` holds the declared columns with their declared types."""
        if dt is None:
            return
        found = pa.schema(dt.schema())
        declared = DELTA_SCHEMAS[table]
        for name in declared.names:
            i = found.get_field_index(name)
            if i < 0 or not _same_type(found.field(i).type, declared.field(name).type):
                path = delta.table_path(self.root, table)
                LOGGER.error("%s: Delta table of the wrong schema (column %s); refusing to write", path, name)
                raise StoreError(
                    f"{path}: the Delta table does not hold the {table} table in this store's schema "
                    f"(column {name!r}); nothing was written ({repair_hint(self.root)})"
                )
