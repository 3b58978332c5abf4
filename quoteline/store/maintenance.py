"""Store maintenance (``StoreMaintenance``, a base of ``Store``): compaction, vacuum and history.

A commit compacts the store once a partition holds over ``compact_threshold`` small data files; ``compact``
does it on demand. Either merges small files, sums the summary tables' increments and vacuums the files no
version younger than the retention uses, in one commit whose data reads back unchanged.
"""

from __future__ import annotations

import logging

from quoteline import settings
from quoteline.store import cluster_reads, counts, delta
from quoteline.store.manifest import ALL_TABLES, Manifest, write_manifest
from quoteline.store.reading import StoreReader

LOGGER = logging.getLogger(__name__)


class StoreMaintenance(StoreReader):
    """Compacting and vacuuming the tables, and their history."""

    def _compact_if_due(self, manifest: Manifest) -> Manifest:
        """Once a partition of a table holds over ``compact_threshold`` small data files, compact the store
        (inside the lock). Counting per partition keeps a commit that touches many months from compacting
        every time: each partition's small files are merged once per ``compact_threshold`` commits that touch
        it, and the files a compaction filled (``compact_file_mb``) are neither counted nor rewritten."""
        threshold = settings.get_int("compact_threshold")
        if threshold <= 0:
            return manifest
        small = settings.get_float("compact_file_mb") * 1024 * 1024 / 2
        if all(
            _most_files_in_a_partition(self._data_files(t, manifest.table_version(t)), small) <= threshold
            for t in ALL_TABLES
        ):
            return manifest
        LOGGER.info("%s: over %d data files in a partition; compacting", self.root, threshold)
        return self._compact_locked(manifest, settings.get_float("retention_hours"))

    def compact(self, retention_hours: float | None = None) -> Manifest | None:
        """Merge small data files and vacuum files no version younger than ``retention_hours`` (default:
        setting ``retention_hours``) uses. One commit; the data read back is unchanged."""
        hours = settings.get_float("retention_hours") if retention_hours is None else retention_hours
        with self.lock():
            manifest = self._begin_write()
            if manifest is None:
                return None
            return self._compact_locked(manifest, hours)

    def _compact_locked(self, manifest: Manifest, retention_hours: float) -> Manifest:
        versions: dict[str, int] = {}
        for table in ALL_TABLES:
            if manifest.table_version(table) is None:
                continue
            if table in counts.BY_TABLE:  # one row per key: the increments of every commit summed
                ds = self._dataset(table, manifest.table_version(table))
                assert ds is not None
                summed = counts.collapse(ds.to_table(), counts.BY_TABLE[table])
                delta.write(self.root, table, summed, overwrite=True, generation=manifest.generation + 1)
            versions[table], deleted = delta.compact(
                self.root,
                table,
                retention_hours=retention_hours,
                target_mb=settings.get_float("compact_file_mb"),
            )
            LOGGER.info("%s: compacted the %s table; %d old files vacuumed", self.root, table, deleted)
        new_manifest = manifest.next(versions)
        write_manifest(self.root, new_manifest)
        # The article ids of the files the compaction left alone stay known (``_ids_of`` reads the new ones).
        self._keep_index_through(manifest, new_manifest)
        return new_manifest

    def _keep_index_through(self, old: Manifest, new: Manifest) -> None:
        """After a compaction: the cluster index still holds the same rows, now in other files. Where a
        partition's merged files were all held whole, so are the files they were merged into; where only
        some were, or only some speakers' rows of them, the index cannot tell which rows the new files hold,
        and it starts afresh."""
        if self._index is None or self._index_files is None:
            return
        before = self._data_files("statements", old.statements)
        after = self._data_files("statements", new.statements)
        kept = {f.path for f in before} & {f.path for f in after}
        held = self._index_files
        for partition in {f.partition for f in before if f.path not in kept}:
            merged = {f.path for f in before if f.partition == partition and f.path not in kept}
            if merged <= held.whole:
                held = held.with_whole(
                    f.path for f in after if f.partition == partition and f.path not in kept
                )
            elif merged & held.paths():
                self._index = self._index_files = None
                return
        # The merged files are gone from the tables: what the index held of them is in the new files now.
        gone = {f.path for f in before} - kept
        self._index_files = cluster_reads.Holdings(
            held.whole - gone, {p: s for p, s in held.speakers.items() if p not in gone}
        )

    def history(self) -> list[delta.Version]:
        """Every version of every table (the derived summary tables included), newest first."""
        self._migrate_if_old()
        rows = [v for table in ALL_TABLES for v in delta.history(self.root, table)]
        return sorted(rows, key=lambda v: (v.time, v.table, v.version), reverse=True)


def _most_files_in_a_partition(files: list[delta.DataFile], small: float) -> int:
    """The largest number of small data files (under ``small`` bytes: half the compaction's target, so that
    any two of them merge) one partition holds; each commit adds one to each partition it touches. Files a
    compaction filled are not counted: they stay, and counting them would compact after every commit."""
    counts: dict[tuple[int | None, ...], int] = {}
    for f in files:
        if f.size < small:
            counts[f.partition] = counts.get(f.partition, 0) + 1
    return max(counts.values(), default=0)
