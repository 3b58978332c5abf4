"""Convert an old-format store (``manifest.json`` naming Parquet files) to the Delta Lake tables; add the
statements' tag-set columns to a Delta store written before them (``add_tag_sets``, at the end); and write
the summary tables a Delta store's commit predates (``add_summaries``).

It runs on the first use of such a store by any command (``Store`` calls it), or explicitly with
``quoteline migrate``. It first copies the whole folder to ``<store>.backup-<UTC time>``, then copies every
table, data file by data file with a progress bar, into its Delta table, builds the leader x topic x week
``counts`` table from the migrated statements (corrections applied, ``quoteline.store.counts``), so that the
first paint of a migrated store reads the small table, and only then writes ``commit.json``:
until that rename the store is still the old one, so a migration that fails or is killed loses nothing and
simply runs again (the half-written Delta tables, which nothing names, are removed first). The old files
are deleted last; the backup keeps them.
"""

from __future__ import annotations

import logging
import shutil
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from tqdm import tqdm

from quoteline.store import counts, delta
from quoteline.store.legacy import read_legacy_manifest
from quoteline.store.manifest import ALL_TABLES, COMMIT_NAME, Manifest, write_manifest
from quoteline.store.repair import _remove_legacy_files, backup_folder
from quoteline.store.store import Store
from quoteline.store.tables import SCHEMAS, TAG_SETS, arrow_to_delta

LOGGER = logging.getLogger(__name__)


@dataclass(frozen=True)
class MigrationReport:
    """What a migration did (``backup`` None: the store needed none)."""

    backup: Path | None
    rows: dict[str, int]
    version: str
    tag_sets: bool = False  # what it did was add the tag-set columns to a Delta store
    summaries: tuple[str, ...] = ()  # the summary tables it wrote to a Delta store whose commit lacked them


def migrate(store: Store, *, locked: bool = False, progress: bool = True) -> MigrationReport:
    """Convert ``store`` if it is in the old format; ``locked``: the caller holds the writers' lock."""
    if not locked:
        with store.lock():
            return migrate(store, locked=True, progress=progress)
    root = store.root
    if (root / COMMIT_NAME).exists():
        manifest = store.manifest(upgrade=False)
        if manifest is None:
            return MigrationReport(None, {}, store.version())
        tag_sets = lacks_tag_sets(store, manifest)
        missing = lacks_summaries(manifest)
        if not (tag_sets or missing):
            return MigrationReport(None, {}, store.version())
        backup: Path | None = None
        if tag_sets:
            manifest, backup = add_tag_sets(store, manifest)
        if missing:
            manifest, summed_backup = add_summaries(store, manifest, backup=backup is None)
            backup = backup or summed_backup
        return MigrationReport(
            backup,
            {"statements": _rows(store, manifest)},
            manifest.version,
            tag_sets=tag_sets,
            summaries=missing,
        )
    legacy = read_legacy_manifest(root)
    if legacy is None:
        return MigrationReport(None, {}, "empty")
    LOGGER.warning("%s: an old-format store; converting it to Delta Lake tables", root)
    for table in ALL_TABLES:  # left by a migration that was killed: nothing names them
        if delta.table_path(root, table).exists():
            shutil.rmtree(delta.table_path(root, table))
    store.forget()
    backup = backup_folder(root)
    segments = {
        "corrections": legacy.corrections,
        "articles": legacy.articles,
        "statements": legacy.statements,
    }
    total = sum(seg.rows for segs in segments.values() for seg in segs)
    rows: dict[str, int] = {}
    versions: dict[str, int] = {}
    bar = tqdm(
        total=total,
        unit=" rows",
        desc=f"migrating {root} to Delta Lake",
        disable=not progress,
        file=sys.stderr,
    )
    with bar:
        for table, segs in segments.items():
            delta.create(root, table)
            versions[table] = 0
            rows[table] = 0
            for seg in segs:
                data = pq.read_table(root / seg.file, schema=SCHEMAS[table])
                if data.num_rows:
                    versions[table] = delta.write(
                        root,
                        table,
                        arrow_to_delta(table, data, first_seq=rows[table]),
                        overwrite=False,
                        generation=legacy.generation,
                    )
                rows[table] += data.num_rows
                bar.update(data.num_rows)
        versions.update(_build_counts(store, legacy.generation, versions))
    manifest = Manifest(generation=legacy.generation).next(versions)
    write_manifest(root, manifest)  # the store is now the Delta one
    store.forget()
    _remove_legacy_files(root)
    LOGGER.warning("%s: converted %s; the old files are kept in %s", root, rows, backup)
    return MigrationReport(backup, rows, manifest.version)


def _build_counts(store: Store, generation: int, versions: dict[str, int]) -> dict[str, int]:
    """Create the summary tables (``quoteline.store.counts``) and write the counts of every migrated
    statement under the migrated corrections log; returns their Delta versions. The versions are read as no
    commit names them yet."""
    root = store.root
    LOGGER.info("%s: building the leader x topic x week and facet counts of the migrated statements", root)
    pending = Manifest(generation=generation).next(versions)  # never written: only read from
    ov = store.overlay(pending)
    store.forget()  # that overlay was read from versions no commit names yet: nothing may keep it
    statements = delta.dataset(root, "statements", versions["statements"])
    out: dict[str, int] = {}
    for summary in counts.ALL:
        tallied = counts.of_everything(statements, ov, summary)
        delta.create(root, summary.table)
        out[summary.table] = (
            0
            if tallied.num_rows == 0
            else delta.write(root, summary.table, tallied, overwrite=False, generation=generation)
        )
    return out


def lacks_tag_sets(store: Store, manifest: Manifest) -> bool:
    """Whether the commit's statements table was written before the tag-set columns
    (``quoteline.store.tables.TAG_SETS``) existed."""
    columns = delta.columns_at(store.root, "statements", manifest.statements)
    return bool(columns) and not set(TAG_SETS) <= set(columns)


def add_tag_sets(store: Store, manifest: Manifest) -> tuple[Manifest, Path]:
    """Inside the lock: rewrite the statements table of a store written before the tag-set columns with
    them (the rows unchanged), after a backup of the whole folder; returns the new commit and the backup.

    One Delta transaction rewrites the table a partition at a time (each sorted by speaker, as every write
    lays it out), and the commit record naming it is the commit: a migration killed before it leaves the old
    table, which the next writer rolls back to and migrates again. The other tables are not touched (the
    tag sets change no count)."""
    root = store.root
    LOGGER.warning("%s: a store without the statements' tag-set columns; adding them", root)
    delta.roll_back(root, "statements", manifest.statements)  # a killed earlier attempt's version
    backup = backup_folder(root)
    files = delta.data_files(root, "statements", manifest.statements)
    by_partition: dict[tuple[int | None, ...], list[str]] = {}
    for file in files:
        by_partition.setdefault(file.partition, []).append(file.path)
    folder = delta.table_path(root, "statements")
    declared = SCHEMAS["statements"]
    bar = tqdm(
        total=sum(f.rows for f in files),
        unit=" rows",
        desc=f"adding the tag sets to {root}",
        disable=not sys.stderr.isatty(),
        file=sys.stderr,
    )

    def parts() -> Iterator[pa.Table]:
        for paths in by_partition.values():
            data = pa.concat_tables([_declared(pq.read_table(folder / path), declared) for path in paths])
            bar.update(data.num_rows)
            yield arrow_to_delta("statements", data)

    started = time.time()
    try:
        with bar:
            version = delta.rewrite(root, "statements", parts(), generation=manifest.generation + 1)
        new = manifest.next({"statements": version})
        write_manifest(root, new)
    except BaseException:
        LOGGER.error("%s: adding the tag sets failed; the store is as it was", root)
        try:
            delta.roll_back(root, "statements", manifest.statements)
        except Exception:
            LOGGER.exception("%s: could not roll the statements table back; the next writer will", root)
        delta.remove_orphans(root, "statements", since=started)
        raise
    store.forget()
    LOGGER.warning("%s: added the tag sets (%d rows); the old files are kept in %s", root, bar.n, backup)
    return new, backup


def lacks_summaries(manifest: Manifest) -> tuple[str, ...]:
    """The summary tables (``quoteline.store.counts``) a commit holding statements was written without (a
    store written before they existed: readers count those from the statements, and the next commit writes
    them)."""
    if manifest.statements is None:
        return ()
    return tuple(s.table for s in counts.ALL if manifest.table_version(s.table) is None)


def add_summaries(store: Store, manifest: Manifest, *, backup: bool = True) -> tuple[Manifest, Path | None]:
    """Inside the lock: write the summary tables ``manifest`` lacks, each counted from every statement of
    the commit under its corrections log, after a backup of the whole folder (``backup``: the caller has not
    just made one); returns the new commit and the backup.

    The statements and the other tables are not touched; the commit record naming the new tables is the
    commit, so a migration killed before it leaves the store as it was (the half-written tables, which no
    commit names, are rolled back by the next writer or by this function run again)."""
    root = store.root
    missing = [counts.BY_TABLE[table] for table in lacks_summaries(manifest)]
    LOGGER.warning(
        "%s: a commit without the %s table(s); counting its statements into them",
        root,
        ", ".join(s.table for s in missing),
    )
    for summary in missing:  # a killed earlier attempt's versions
        delta.roll_back(root, summary.table, None)
    copy = backup_folder(root) if backup else None
    ov = store.overlay(manifest)
    statements = delta.dataset(root, "statements", manifest.statements)
    versions: dict[str, int] = {}
    started = time.time()
    try:
        for summary in missing:
            if delta.open_table(root, summary.table) is None:
                delta.create(root, summary.table)
            tallied = counts.of_everything(statements, ov, summary)
            versions[summary.table] = delta.write(
                root, summary.table, tallied, overwrite=True, generation=manifest.generation + 1
            )
        new = manifest.next(versions)
        write_manifest(root, new)
    except BaseException:
        LOGGER.error("%s: writing the summary tables failed; the store is as it was", root)
        for summary in missing:
            try:
                delta.roll_back(root, summary.table, None)
            except Exception:
                LOGGER.exception(
                    "%s: could not roll the %s table back; the next writer will", root, summary.table
                )
            delta.remove_orphans(root, summary.table, since=started)
        raise
    store.forget()
    LOGGER.warning("%s: wrote the %s table(s); the old files are kept in %s", root, list(versions), copy)
    return new, copy


def _declared(data: pa.Table, declared: pa.Schema) -> pa.Table:
    """A data file's rows in the declared columns (a column the file lacks, null: "not recorded")."""
    columns = [
        data.column(f.name) if f.name in data.column_names else pa.nulls(data.num_rows, f.type)
        for f in declared
    ]
    return pa.Table.from_arrays(columns, schema=declared)


def _rows(store: Store, manifest: Manifest) -> int:
    return sum(f.rows for f in delta.data_files(store.root, "statements", manifest.statements))
