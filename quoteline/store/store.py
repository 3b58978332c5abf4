"""The statement store: articles, statements and the corrections log as Delta Lake tables in one folder.

Layout of ``root``: ``articles/``, ``statements/`` (partitioned by the year and month of the statement date)
and ``corrections/``, each a Delta table; ``commit.json``, the versions of the three tables that make up the
current commit (``quoteline.store.manifest``); ``.lock``, held by writers. Readers never lock: they read
``commit.json`` and pin every table to the version it names. A data file never changes once written, and a
version's files stay until a vacuum older than the retention removes them, so a pinned read stays whole.
"""

from __future__ import annotations

import logging
import os
import re
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as pds
import pyarrow.parquet as pq
from deltalake import DeltaTable
from filelock import FileLock, Timeout

from quoteline import settings
from quoteline.schema import (
    EXTRACT_COLUMNS,
    STORE_COLUMNS,
    A,
    S,
    validate_articles,
    validate_statements,
    with_evidence_columns,
)
from quoteline.store import clusters, counts, delta, overlay
from quoteline.store.atomic import TMP_PREFIX, atomic_write_bytes
from quoteline.store.errors import StoreError, repair_hint
from quoteline.store.legacy import MANIFEST_NAME as LEGACY_MANIFEST
from quoteline.store.legacy import read_legacy_manifest
from quoteline.store.manifest import ALL_TABLES, COMMIT_NAME, TABLES, Manifest, read_manifest, write_manifest
from quoteline.store.overlay import CORRECTED, Overlay
from quoteline.store.tables import (
    ARTICLES_SCHEMA,
    CORRECTIONS_SCHEMA,
    DELTA_SCHEMAS,
    PARTITIONS,
    SCHEMAS,
    SEQ,
    STATEMENTS_SCHEMA,
    STORED_STATEMENT_COLUMNS,
    to_delta,
    to_frame,
)
from quoteline.store.validate import validate, validate_read

if TYPE_CHECKING:
    from quoteline.store.staging import StagedAdd

LOGGER = logging.getLogger(__name__)

_READ_RETRIES: Final = 5
_DATASETS_KEPT: Final = 8


@dataclass(frozen=True)
class AddResult:
    """What one ``Store.add`` committed."""

    articles_added: int
    articles_duplicate: int
    statements_added: int
    version: str


# (store folder, statements table version) known to hold the tag-set columns: kept for the process, as the
# dashboard makes a new Store per rerun and asks its version each time (a Delta log read per check).
_TAG_SETS_HELD: set[tuple[str, int | None]] = set()


class Store:
    """A folder holding the articles, statements and corrections tables."""

    def __init__(self, root: Path | str | None = None) -> None:
        self.root = Path(root) if root is not None else settings.get_path("store_dir")
        self._index: clusters.ClusterIndex | None = None
        self._overlay: tuple[str, Overlay] | None = None
        # The statements data files the cluster index holds every row of (None: no index yet).
        self._index_files: frozenset[str] | None = None
        # Article ids of each articles data file read so far. A Delta data file never changes once written,
        # so each is read once per Store, and a commit costs what its batch costs rather than a read of every
        # stored id; an article lookup reads only the file that holds the id.
        self._ids: dict[str, frozenset[str]] = {}
        # Datasets of recently read table versions: the same version always reads in the same row order.
        self._datasets: OrderedDict[tuple[str, int, tuple[str, ...]], pds.Dataset] = OrderedDict()
        # The data files of each table version read so far (a version's files never change).
        self._files: OrderedDict[tuple[str, int], list[delta.DataFile]] = OrderedDict()
        # Data files (table, path) whose footer a writer has checked holds the declared columns: each once.
        self._checked: set[tuple[str, str]] = set()

    def __repr__(self) -> str:
        return f"Store({str(self.root)!r})"

    # ----- reading -------------------------------------------------------------------------------------

    def exists(self) -> bool:
        """Whether anything has ever been committed here (in this format or the old one)."""
        if (self.root / COMMIT_NAME).exists() or (self.root / LEGACY_MANIFEST).exists():
            return True
        if any((self.root / t / "_delta_log").is_dir() for t in TABLES):
            return True
        from quoteline.store.legacy import data_files

        return bool(data_files(self.root))

    def manifest(self, *, upgrade: bool = True) -> Manifest | None:
        """The current commit (migrating an old-format store first, and with ``upgrade`` adding the tag-set
        columns to a store written before them), or None when nothing was committed."""
        self._migrate_if_old()
        manifest = read_manifest(self.root)
        if upgrade and manifest is not None and self._lacks_tag_sets(manifest):
            try:
                with self.lock():
                    manifest = self._begin_write()
            except (StoreError, OSError) as exc:
                # A store this process cannot write (read-only, or locked for long) still reads right: the
                # lake computes the tag sets from the lists. The next writer migrates it.
                LOGGER.warning(
                    "%s: cannot add the tag-set columns now (%s); reading without them", self.root, exc
                )
                return read_manifest(self.root)
        return manifest

    def _lacks_tag_sets(self, manifest: Manifest) -> bool:
        """Whether the commit's statements table predates the tag-set columns (checked once per version)."""
        key = (str(self.root.resolve()), manifest.statements)
        if manifest.statements is None or key in _TAG_SETS_HELD:
            return False
        from quoteline.store.migrate import lacks_tag_sets

        if lacks_tag_sets(self, manifest):
            return True
        _TAG_SETS_HELD.add(key)
        return False

    def version(self) -> str:
        """A stamp that changes on every commit (cheap: reads the small commit record only)."""
        manifest = self.manifest()
        return "empty" if manifest is None else manifest.version

    def statements(self, columns: Sequence[str] | None = None, *, raw: bool = False) -> pd.DataFrame:
        """The statements table (or just ``columns``), validated; ``n_sources`` is derived from clusters.

        The corrections log is applied unless ``raw``; ``columns`` may then name ``corrected`` too.
        """
        wanted = list(STORE_COLUMNS if columns is None else columns)
        allowed = set(STORE_COLUMNS) | (set() if raw else {CORRECTED})
        unknown = set(wanted) - allowed
        if unknown:
            raise ValueError(f"unknown statements columns: {sorted(unknown)}")
        read = [c for c in wanted if c != S.n_sources]
        if S.n_sources in wanted:
            read += [c for c in (S.cluster_id, S.outlet, S.article_id) if c not in read]
        table, _ = self._read_current("statements", read, raw=raw)
        df = to_frame(table)
        if S.n_sources in wanted:
            df[S.n_sources] = clusters.n_sources(df)
        checked = validate_read("statements", df[[c for c in wanted if c != CORRECTED]])
        if CORRECTED in wanted:
            checked[CORRECTED] = df[CORRECTED].to_numpy()
        return checked[wanted]

    def articles(self, columns: Sequence[str] | None = None, *, raw: bool = False) -> pd.DataFrame:
        """The articles table (or just ``columns``), validated; corrections applied unless ``raw``."""
        wanted = list(ARTICLES_SCHEMA.names if columns is None else columns)
        allowed = set(ARTICLES_SCHEMA.names) | (set() if raw else {CORRECTED})
        unknown = set(wanted) - allowed
        if unknown:
            raise ValueError(f"unknown articles columns: {sorted(unknown)}")
        table, _ = self._read_current("articles", wanted, raw=raw)
        df = to_frame(table)
        checked = validate_read("articles", df[[c for c in wanted if c != CORRECTED]])
        if CORRECTED in wanted:
            checked[CORRECTED] = df[CORRECTED].to_numpy()
        return checked[wanted]

    def article(self, article_id: str, *, raw: bool = False) -> dict[str, Any] | None:
        """One article's row as a dict (corrections applied unless ``raw``), or None when it is not stored;
        reads the one data file holding it."""
        for _ in range(_READ_RETRIES):
            manifest = self.manifest()
            if manifest is None:
                return None
            try:
                for file in self._data_files("articles", manifest.articles):
                    if article_id not in self._file_ids(file.path):
                        continue
                    hit = pq.read_table(
                        delta.table_path(self.root, "articles") / file.path,
                        schema=ARTICLES_SCHEMA,
                        filters=[(A.article_id, "==", article_id)],
                    ).slice(0, 1)
                    if not raw:
                        ov = self.overlay(manifest)
                        hit = overlay.apply_articles(hit, ov, ARTICLES_SCHEMA.names)
                    row = validate_read("articles", to_frame(hit)).iloc[0]
                    return {str(k): v for k, v in row.items()}
                return None
            except FileNotFoundError:
                self._check_unchanged(manifest, "articles")
                continue
        raise StoreError(f"{self.root}: the store kept changing while reading article {article_id}")

    def statement(
        self, statement_id: str, *, raw: bool = False, manifest: Manifest | None = None
    ) -> dict[str, Any] | None:
        """One statement's stored columns as a dict (corrections applied unless ``raw``), or None.

        Reads only the row groups that can hold it (a filter pushed down), so it stays quick on a large store.
        ``manifest``: read that commit (a writer inside the lock passes the one it holds).
        """
        for _ in range(_READ_RETRIES):
            current = manifest or self.manifest()
            if current is None:
                return None
            try:
                wanted = pc.field(S.statement_id) == statement_id
                ds = self._dataset("statements", current.statements)
                if ds is None:
                    table = STATEMENTS_SCHEMA.empty_table()
                else:
                    table = ds.to_table(columns=list(STATEMENTS_SCHEMA.names), filter=wanted)
            except FileNotFoundError:
                self._check_unchanged(current, "statements")
                continue
            if not raw:
                table = overlay.apply_statements(table, self.overlay(current), STATEMENTS_SCHEMA.names)
                table = table.filter(pc.equal(table[S.statement_id], statement_id))
            rows = table.slice(0, 1).to_pylist()
            return rows[0] if rows else None
        raise StoreError(f"{self.root}: the store kept changing while reading statement {statement_id}")

    def corrections(self, manifest: Manifest | None = None) -> pd.DataFrame:
        """The corrections log, oldest first (of the current commit, or of ``manifest``)."""
        if manifest is None:
            table, _ = self._read_current("corrections", CORRECTIONS_SCHEMA.names, raw=True)
        else:
            table = self._read(manifest, "corrections", CORRECTIONS_SCHEMA.names)
        return validate_read("corrections", to_frame(table))

    def overlay(self, manifest: Manifest | None) -> Overlay:
        """The active corrections of the commit ``manifest`` names, indexed for applying (cached)."""
        # The overlay depends on the corrections table's version alone (a hand-made Manifest has no stamp).
        version = "none" if manifest is None else str(manifest.corrections)
        if self._overlay is not None and self._overlay[0] == version:
            return self._overlay[1]
        ov = Overlay()
        if manifest is not None and manifest.corrections is not None:
            log = to_frame(self._read(manifest, "corrections", CORRECTIONS_SCHEMA.names))
            if not log.empty:
                ov = overlay.build(log)
        self._overlay = (version, ov)
        return ov

    def article_ids(self) -> set[str]:
        """Ids of every stored article."""
        for _ in range(_READ_RETRIES):
            manifest = self.manifest()
            try:
                return set().union(*self._ids_of(manifest))
            except FileNotFoundError:
                self._check_unchanged(manifest, "articles")
                continue
        raise StoreError(f"{self.root}: the store kept changing while reading the article ids")

    def _ids_of(self, manifest: Manifest | None) -> list[frozenset[str]]:
        """The article ids of each articles data file of ``manifest``'s commit (each file read once);
        forgets the files it no longer has. FileNotFoundError when one has gone."""
        files = [] if manifest is None else self._data_files("articles", manifest.articles)
        names = [f.path for f in files]
        for gone in set(self._ids) - set(names):
            del self._ids[gone]
        return [self._file_ids(name) for name in names]

    def article_files(self, article_ids: Iterable[str]) -> dict[Path, list[str]]:
        """The articles data files of the current commit that hold ``article_ids``, each with the ids it
        holds, in the table's order (each file's id column is read once per Store)."""
        wanted = set(article_ids)
        folder = delta.table_path(self.root, "articles")
        for _ in range(_READ_RETRIES):
            manifest = self.manifest()
            try:
                files = [] if manifest is None else self._data_files("articles", manifest.articles)
                held = [(f.path, sorted(wanted & self._file_ids(f.path))) for f in files]
                return {folder / name: ids for name, ids in held if ids}
            except FileNotFoundError:
                self._check_unchanged(manifest, "articles")
                continue
        raise StoreError(f"{self.root}: the store kept changing while locating articles")

    def _file_ids(self, name: str) -> frozenset[str]:
        if name not in self._ids:
            path = delta.table_path(self.root, "articles") / name
            table = pq.read_table(path, columns=[A.article_id])
            self._ids[name] = frozenset(table.column(A.article_id).to_pylist())
        return self._ids[name]

    def read_arrow(
        self, table: str, columns: Sequence[str], *, raw: bool = False, encoded: Sequence[str] = ()
    ) -> tuple[pa.Table, Manifest | None]:
        """Arrow columns of ``table`` ("articles"/"statements") as committed, and the commit read.

        No pandera pass and no ``n_sources``: for callers (the dashboard) that validate nothing further and
        need speed. Pass the commit to ``read_arrow_at`` to read more columns of the same commit; both
        apply the corrections log unless ``raw``, in the same row order. The ``encoded`` columns (strings
        or lists of strings) come dictionary-encoded (``delta.dictionary_type``), as Parquet stores them.
        """
        return self._read_current(table, columns, raw=raw, encoded=encoded)

    def read_arrow_at(
        self, manifest: Manifest | None, table: str, columns: Sequence[str], *, raw: bool = False
    ) -> pa.Table:
        """Columns of ``table`` from the commit ``manifest`` names (time travel: any commit whose files a
        vacuum has not removed); FileNotFoundError if they were vacuumed away."""
        return self._read_view(manifest, table, columns, raw=raw)

    def _read_view(
        self,
        manifest: Manifest | None,
        table: str,
        columns: Sequence[str],
        *,
        raw: bool,
        encoded: Sequence[str] = (),
    ) -> pa.Table:
        """A table of one commit, with the corrections log applied unless ``raw`` (or there is none)."""
        if raw or table == "corrections":
            return self._read(manifest, table, columns, encoded)
        ov = self.overlay(manifest)
        stored = [c for c in columns if c != CORRECTED]
        if ov.empty:
            data = self._read(manifest, table, stored, encoded)
        elif table == "statements":
            data = self._read(manifest, table, [*stored, *overlay.keys_needed(ov, columns)], encoded)
        else:
            data = self._read(manifest, table, list(dict.fromkeys([*stored, A.article_id])), encoded)
        if table == "statements":
            return overlay.apply_statements(data, ov, columns)
        return overlay.apply_articles(data, ov, columns)

    def _read_current(
        self, table: str, columns: Sequence[str], *, raw: bool = False, encoded: Sequence[str] = ()
    ) -> tuple[pa.Table, Manifest | None]:
        for _ in range(_READ_RETRIES):
            manifest = self.manifest()
            try:
                return self._read_view(manifest, table, columns, raw=raw, encoded=encoded), manifest
            except FileNotFoundError:
                # A compaction's vacuum removed a file of the commit we read: read the new commit, unless
                # the commit has not changed, in which case the file is really gone.
                self._check_unchanged(manifest, table)
                continue
        raise StoreError(f"{self.root}: the store kept changing while reading the {table} table")

    def _check_unchanged(self, manifest: Manifest | None, table: str) -> None:
        """After a missing file: raise if the commit is still current (damage, not a concurrent vacuum)."""
        again = read_manifest(self.root)
        if again is not None and manifest is not None and again.version == manifest.version:
            raise self._missing(manifest)

    def _missing(self, manifest: Manifest) -> StoreError:
        """The error for data files the current commit names but the folder no longer holds."""
        gone = [
            f"{table}/{file.path}"
            for table in ALL_TABLES
            for file in self._data_files(table, manifest.table_version(table))
            if not (delta.table_path(self.root, table) / file.path).is_file()
        ]
        LOGGER.error("%s: data files of the current commit are missing: %s", self.root, gone)
        return StoreError(
            f"{self.root}: the commit names {len(gone)} data file(s) that are missing "
            f"({', '.join(gone[:3])}{', ...' if len(gone) > 3 else ''}); {repair_hint(self.root)}"
        )

    def _data_files(self, table: str, version: int | None) -> list[delta.DataFile]:
        """``delta.data_files``, kept per table version (each Delta log read costs ~10 ms)."""
        if version is None:
            return []
        key = (table, version)
        if key not in self._files:
            self._files[key] = delta.data_files(self.root, table, version)
            while len(self._files) > 4 * _DATASETS_KEPT:
                self._files.popitem(last=False)
        return self._files[key]

    def forget(self) -> None:
        """Drop everything this Store keeps of the tables (after a migration or repair rewrote them)."""
        self._files.clear()
        self._datasets.clear()
        self._ids.clear()
        self._checked.clear()
        self._index = self._index_files = None
        self._overlay = None

    def _dataset(self, table: str, version: int | None, encoded: Sequence[str] = ()) -> pds.Dataset | None:
        if version is None:
            return None
        key = (table, version, tuple(sorted(encoded)))
        if key not in self._datasets:
            plain = (table, version, ())
            ds = self._datasets.get(plain) or delta.dataset(self.root, table, version)
            assert ds is not None
            self._datasets[key] = delta.with_dictionaries(ds, encoded) if encoded else ds
            while len(self._datasets) > _DATASETS_KEPT:
                self._datasets.popitem(last=False)
        self._datasets.move_to_end(key)
        return self._datasets[key]

    def _read(
        self, manifest: Manifest | None, table: str, columns: Sequence[str], encoded: Sequence[str] = ()
    ) -> pa.Table:
        schema = SCHEMAS[table]
        encoded = [c for c in encoded if c in columns]
        fields = [
            schema.field(c).with_type(delta.dictionary_type(schema.field(c).type))
            if c in encoded
            else schema.field(c)
            for c in columns
        ]
        ds = self._dataset(table, None if manifest is None else manifest.table_version(table), encoded)
        if ds is None:
            return schema.empty_table().select(list(columns)).cast(pa.schema(fields))
        try:
            if table == "corrections":  # the log's order is its meaning: later entries win
                data = ds.to_table(columns=[*columns, SEQ]).sort_by(SEQ).select(list(columns))
            else:
                data = ds.to_table(columns=list(columns))
        except FileNotFoundError:
            raise
        except (OSError, pa.ArrowException) as exc:
            assert manifest is not None
            bad = self._bad_files(table, manifest.table_version(table), columns)
            where = ", ".join(str(delta.table_path(self.root, table) / f) for f in bad[:3])
            raise StoreError(
                f"{where or delta.table_path(self.root, table)}: cannot read the {table} table: {exc}; "
                f"{repair_hint(self.root)}"
            ) from exc
        data = data.cast(pa.schema(fields))
        for name in encoded:
            data = data.set_column(data.column_names.index(name), name, delta.share_dictionary(data[name]))
        return data

    # ----- writing -------------------------------------------------------------------------------------

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

            migrate(self, locked=locked)

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

            manifest, _ = add_tag_sets(self, manifest)
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

    def _bad_files(
        self, table: str, version: int | None, columns: Sequence[str], *, only_new: bool = False
    ) -> list[str]:
        """Data files of ``table`` at ``version`` that lack a column or hold it in another type (a missing
        file raises the missing-files error). ``only_new``: skip the files this Store checked before."""
        partitions = set(PARTITIONS[table])
        bad = []
        for file in self._data_files(table, version):
            if only_new and (table, file.path) in self._checked:
                continue
            path = delta.table_path(self.root, table) / file.path
            try:
                found = pq.read_schema(path)
            except FileNotFoundError:
                manifest = read_manifest(self.root)
                assert manifest is not None
                raise self._missing(manifest) from None
            except (OSError, pa.ArrowException):
                bad.append(file.path)
                continue
            declared = DELTA_SCHEMAS[table]
            for name in columns:
                if name in partitions or name not in declared.names:
                    continue
                i = found.get_field_index(name)
                if i < 0 or not _same_type(found.field(i).type, declared.field(name).type):
                    bad.append(file.path)
                    break
            else:
                self._checked.add((table, file.path))
        return bad

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

    def add(self, articles: pd.DataFrame, statements: pd.DataFrame) -> AddResult:
        """Commit new articles and their statements (``schema.Statements`` + ``outlet``); skips known ones.

        The store assigns ``cluster_id`` unless the statements already carry one (a bulk load that has
        clustered them itself); ``n_sources`` is always derived on read.

        The duplicates check, the clustering and the commit run inside the writers' file lock: Delta alone
        would let two writers append the same article at once (both appends succeed), so the lock is what
        makes "already stored" a safe answer.
        """
        articles = validate_articles(articles)
        statements = _check_new_statements(statements)
        with self.lock():
            manifest = self._begin_write()
            known = self._ids_of(manifest)
            stored = articles[A.article_id].map(lambda aid: any(aid in ids for ids in known)).astype(bool)
            fresh = articles[~stored].drop_duplicates(A.article_id)
            duplicate = len(articles) - len(fresh)
            new = statements[statements[S.article_id].isin(fresh[A.article_id])].drop_duplicates(
                S.statement_id
            )
            if fresh.empty:
                return AddResult(0, duplicate, 0, "empty" if manifest is None else manifest.version)
            index = self._cluster_index(manifest, new)
            try:
                if S.cluster_id in new.columns:
                    index.extend_frame(new)  # clusters supplied by the caller (bulk loads, synthetic stores)
                else:
                    new = new.assign(**{S.cluster_id: index.assign_frame(new)})
                new_manifest = self._commit(manifest, fresh, new, replace=False, checked=True)
            except BaseException:
                self._index = self._index_files = None
                raise
            # The index now holds this batch too: the files this commit wrote.
            written = {f.path for f in self._data_files("statements", new_manifest.statements)}
            written -= {
                f.path
                for f in self._data_files("statements", None if manifest is None else manifest.statements)
            }
            self._index_files = (self._index_files or frozenset()) | frozenset(written)
            new_manifest = self._compact_if_due(new_manifest)
        return AddResult(len(fresh), duplicate, len(new), new_manifest.version)

    def stage(self) -> StagedAdd:
        """A commit built batch by batch: ``add`` each batch (its data files are written outside the
        tables as it comes), then ``commit`` them all as one commit, or ``discard`` them."""
        from quoteline.store.staging import StagedAdd

        return StagedAdd(self)

    def replace_extraction(self, articles: pd.DataFrame, statements: pd.DataFrame) -> AddResult:
        """Swap in re-extracted statements for stored articles (and their updated rows); one commit.

        Costs what the re-extracted articles cost: in each table the rows of those articles are deleted by a
        merge on their ids (Delta rewrites only the data files holding them) and the new rows appended, all
        under one commit record; the new statements
        are clustered against the stored ones of the partitions their date windows reach (minus the
        statements being replaced), never the whole table.
        """
        articles = validate_articles(articles)
        statements = _check_new_statements(statements).drop(columns=[S.cluster_id], errors="ignore")
        with self.lock():
            manifest = self._begin_write()
            known = self._ids_of(manifest)
            ids = sorted({aid for aid in articles[A.article_id] if any(aid in k for k in known)})
            if not ids:
                return AddResult(0, 0, 0, "empty" if manifest is None else manifest.version)
            articles = articles[articles[A.article_id].isin(ids)].drop_duplicates(A.article_id)
            statements = statements[statements[S.article_id].isin(ids)].drop_duplicates(S.statement_id)
            index = clusters.ClusterIndex()
            index.extend_frame(self._statements_near(manifest, statements, index.window_days, leave_out=ids))
            statements = statements.assign(**{S.cluster_id: index.assign_frame(statements)})
            self._index = self._index_files = None  # it holds the statements being replaced
            new_manifest = self._commit(
                manifest,
                articles,
                statements[list(STORED_STATEMENT_COLUMNS)],
                replace=False,
                checked=True,
                replace_ids=ids,
            )
            new_manifest = self._compact_if_due(new_manifest)
        return AddResult(0, 0, len(statements), new_manifest.version)

    def _statements_near(
        self, manifest: Manifest | None, batch: pd.DataFrame, window_days: int, *, leave_out: Sequence[str]
    ) -> pd.DataFrame:
        """The stored statements ``batch`` may cluster with (those of the partitions its date windows reach),
        without those of the articles ``leave_out``: speaker, text, date and cluster_id."""
        needed = _partitions_needed(batch, window_days)
        files = [] if manifest is None else self._data_files("statements", manifest.statements)
        folder = delta.table_path(self.root, "statements")
        cols = [S.speaker, S.text, S.date, S.cluster_id, S.article_id]
        parts = [
            pq.read_table(folder / f.path, columns=cols)
            for f in files
            if needed is None or f.partition in needed
        ]
        table = pa.concat_tables(parts) if parts else STATEMENTS_SCHEMA.empty_table().select(cols)
        table = table.filter(pc.invert(pc.is_in(table[S.article_id], pa.array(list(leave_out), pa.string()))))
        return to_frame(table)

    def append_corrections(self, make: Callable[[Manifest | None], pd.DataFrame]) -> tuple[pd.DataFrame, str]:
        """Append entries to the corrections log in one locked, atomic commit; returns them and the version.

        ``make(manifest)`` builds the entries inside the lock, from the commit they apply to, so a correction
        always records the value it replaced even while an ingest commits beside it.
        """
        with self.lock():
            manifest = self._begin_write()
            if manifest is None:
                raise StoreError(f"{self.root}: the store is empty; there is nothing to correct")
            entries = make(manifest)
            if entries.empty:
                return entries, manifest.version
            entries = validate("corrections", entries[list(CORRECTIONS_SCHEMA.names)])
            new_manifest = self._commit(manifest, None, None, replace=False, corrections=entries)
            new_manifest = self._compact_if_due(new_manifest)
        return entries, new_manifest.version

    def _cluster_index(self, manifest: Manifest | None, batch: pd.DataFrame) -> clusters.ClusterIndex:
        """The stored statements to cluster ``batch`` against: those of the partitions its date windows reach
        (and the undated partition), never the whole table.

        The index is kept per Store and grows by data file: a commit reads only the files of the partitions
        it needs that the index does not hold yet (a first commit: its months; later: other writers' new
        files). A compaction that replaced a file the index holds starts it afresh.
        """
        files = [] if manifest is None else self._data_files("statements", manifest.statements)
        names = {f.path for f in files}
        if self._index is None or self._index_files is None or not self._index_files <= names:
            self._index, self._index_files = clusters.ClusterIndex(), frozenset()
        needed = _partitions_needed(batch, self._index.window_days)
        new = [
            f.path
            for f in files
            if f.path not in self._index_files and (needed is None or f.partition in needed)
        ]
        if new:
            folder = delta.table_path(self.root, "statements")
            cols = [S.speaker, S.text, S.date, S.cluster_id]
            parts = [pq.read_table(folder / name, columns=cols) for name in new]
            self._index.extend_frame(to_frame(pa.concat_tables(parts)))
        self._index_files = self._index_files | frozenset(new)
        return self._index

    def _commit(
        self,
        manifest: Manifest | None,
        articles: pd.DataFrame | None,
        statements: pd.DataFrame | None,
        *,
        replace: bool,
        checked: bool = False,
        corrections: pd.DataFrame | None = None,
        replace_ids: list[str] | None = None,
        staged: dict[str, list[delta.NewFile]] | None = None,
        increments: dict[str, pa.Table] | None = None,
    ) -> Manifest:
        """Write each table's Delta transaction, then the commit record (the commit point).

        ``checked``: the articles and the extractor's statement columns were validated on the way in, so
        only the columns the store added (outlet, cluster_id, n_sources) are left to validate.
        ``articles``/``statements`` None: this commit leaves those tables as they are (a correction).
        ``corrections``: entries appended to the log, already validated; the log otherwise carries over.
        ``replace``: the articles and statements given replace the tables' whole content.
        ``replace_ids``: the articles and statements given replace the rows of these articles only.
        ``staged``: data files already in the tables' folders (``quoteline.store.staging``), added to each
        table in one transaction, with their statements' summary ``increments``; articles and statements None.
        """
        base = manifest or self._initialise()
        generation = base.generation + 1
        if articles is not None and statements is not None:
            _validate_for_disk(articles, statements, checked=checked)
        writes: list[tuple[str, pa.Table]] = []
        if corrections is not None:
            seq = 0 if replace else _rows(self._dataset("corrections", base.corrections))
            writes.append(("corrections", to_delta("corrections", corrections, first_seq=seq)))
        if articles is not None and statements is not None:
            # Statements last: a reader of the latest Delta versions (another engine) then sees the articles
            # of every statement it reads.
            writes.append(("articles", to_delta("articles", articles)))
            writes.append(("statements", to_delta("statements", statements)))
        versions: dict[str, int] = {}
        started = time.time()
        try:
            # A store folder the commit record cannot be written to fails here, before any table is touched.
            atomic_write_bytes(self.root / f"{TMP_PREFIX}probe", b"")
            (self.root / f"{TMP_PREFIX}probe").unlink()
            for table, files in (staged or {}).items():
                versions[table] = delta.add_files(self.root, table, files, generation=generation)
            for table, data in writes:
                if replace_ids is not None and table != "corrections":
                    versions[table] = delta.replace_rows(
                        self.root, table, data, key=A.article_id, keys=replace_ids, generation=generation
                    )
                    continue
                if data.num_rows == 0 and not replace:
                    continue
                versions[table] = delta.write(
                    self.root,
                    table,
                    data,
                    overwrite=replace,
                    generation=generation,
                )
            # Last: a full count reads the statements version just written. A partial rewrite counts in full
            # too: it is rare, and the rows it deleted are no longer in the version the increments read.
            changes = self._summary_changes(
                base,
                versions,
                dict(writes),
                corrections,
                replace=replace or replace_ids is not None,
                increments=increments,
            )
            for table, (change, overwrite) in changes.items():
                if overwrite or change.num_rows:
                    versions[table] = delta.write(
                        self.root, table, change, overwrite=overwrite, generation=generation
                    )
            new_manifest = base.next(versions)
            write_manifest(self.root, new_manifest)
        except BaseException as exc:
            # Nothing was committed: roll the tables written back to the commit record still in place.
            for table in {*(t for t, _ in writes), *(staged or {}), *counts.BY_TABLE}:
                try:
                    delta.roll_back(self.root, table, base.table_version(table))
                except Exception:
                    LOGGER.exception(
                        "%s: could not roll the %s table back; the next writer will", self.root, table
                    )
                delta.remove_orphans(self.root, table, since=started)
            if isinstance(exc, OSError):
                where = exc.filename or self.root
                LOGGER.error("%s: commit failed: %s", where, exc)
                raise StoreError(
                    f"{where}: cannot write to the store: {exc.strerror or exc}; nothing was committed "
                    "and what the store held before is intact"
                ) from exc
            if isinstance(exc, Exception) and not isinstance(exc, StoreError | ValueError):
                LOGGER.error("%s: commit failed: %s", self.root, exc)
                raise StoreError(
                    f"{self.root}: cannot write to the store: {_reason(exc)}; nothing was committed and what "
                    "the store held before is intact"
                ) from exc
            raise
        if articles is not None and replace_ids is None:  # a partial rewrite also adds files of kept rows
            self._ids.update(self._new_ids(new_manifest, base, articles))
        return new_manifest

    def _summary_changes(
        self,
        base: Manifest,
        versions: dict[str, int],
        written: dict[str, pa.Table],
        corrections: pd.DataFrame | None,
        *,
        replace: bool,
        increments: dict[str, pa.Table] | None = None,
    ) -> dict[str, tuple[pa.Table, bool]]:
        """What this commit writes to each summary table (``quoteline.store.counts``), and whether it
        overwrites it (a full count) rather than appending increments. ``increments``: the new statements'
        counts, tallied as they were staged (``quoteline.store.staging``) with the base commit's overlay."""
        before = self.overlay(base)
        after = before
        if corrections is not None:
            log = corrections
            if not replace:
                old = to_frame(self._read(base, "corrections", CORRECTIONS_SCHEMA.names))
                log = pd.concat([old, corrections[list(CORRECTIONS_SCHEMA.names)]], ignore_index=True)
            after = overlay.build(log)
        reached: pa.Table | None = None  # the rows the correction reaches, read once for every summary
        out: dict[str, tuple[pa.Table, bool]] = {}
        for summary in counts.ALL:
            if replace or base.table_version(summary.table) is None:
                version = versions.get("statements", base.statements)
                ds = None if version is None else delta.dataset(self.root, "statements", version)
                if not replace:
                    LOGGER.info("%s: building the %s table from every statement", self.root, summary.table)
                out[summary.table] = (counts.of_everything(ds, after, summary), True)
                continue
            parts = [summary.schema.empty_table()]
            if corrections is not None:
                if reached is None:
                    reached = counts.reached(self._dataset("statements", base.statements), before, after)
                parts.append(counts.difference_of(reached, before, after, summary))
            if "statements" in written:
                parts.append(counts.of_new_statements(written["statements"], after, summary))
            elif increments is not None:
                parts.append(increments[summary.table])
            out[summary.table] = (pa.concat_tables(parts), False)
        return out

    def _initialise(self) -> Manifest:
        """The first commit to a new store: create the tables empty (their version 0) and record that
        generation 0, so that a writer killed during the first commit leaves versions to roll back."""
        for table in ALL_TABLES:
            if delta.open_table(self.root, table) is None:
                delta.create(self.root, table)
        base = Manifest(
            articles=0,
            statements=0,
            corrections=0,
            counts=0,
            facets=0,
            facet_tags=0,
            facet_pairs=0,
            facet_speaker_pairs=0,
        )
        write_manifest(self.root, base)
        return base

    def _new_ids(self, new: Manifest, base: Manifest, articles: pd.DataFrame) -> dict[str, frozenset[str]]:
        """The ids of the articles files this commit added, known without reading them back (when the
        commit wrote one articles file, which a batch of a few MB does)."""
        before = {f.path for f in self._data_files("articles", base.articles)}
        added = [f for f in self._data_files("articles", new.articles) if f.path not in before]
        if len(added) == 1 and added[0].rows == len(articles):
            return {added[0].path: frozenset(articles[A.article_id])}
        return {}

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
        partition's merged files were all in the index, so are the files they were merged into; where only
        some were, the index cannot tell which rows the new files hold, and it starts afresh."""
        if self._index is None or self._index_files is None:
            return
        before = self._data_files("statements", old.statements)
        after = self._data_files("statements", new.statements)
        kept = {f.path for f in before} & {f.path for f in after}
        held = set(self._index_files)
        for partition in {f.partition for f in before if f.path not in kept}:
            merged = {f.path for f in before if f.partition == partition and f.path not in kept}
            if merged <= held:
                held = (held - merged) | {
                    f.path for f in after if f.partition == partition and f.path not in kept
                }
            elif merged & held:
                self._index = self._index_files = None
                return
        self._index_files = frozenset(held)

    def history(self) -> list[delta.Version]:
        """Every version of every table (the derived ``counts`` table included), newest first."""
        self._migrate_if_old()
        rows = [v for table in ALL_TABLES for v in delta.history(self.root, table)]
        return sorted(rows, key=lambda v: (v.time, v.table, v.version), reverse=True)


def _same_type(found: pa.DataType, declared: pa.DataType) -> bool:
    """Types equal up to string/large_string and list/large_list (Delta does not tell them apart)."""
    if found == declared:
        return True
    if pa.types.is_string(declared) or pa.types.is_large_string(declared):
        return pa.types.is_string(found) or pa.types.is_large_string(found) or pa.types.is_string_view(found)
    if pa.types.is_list(declared) and (pa.types.is_list(found) or pa.types.is_large_list(found)):
        return _same_type(found.value_type, declared.value_type)
    return bool(pa.types.is_timestamp(declared) and pa.types.is_timestamp(found))


def _partitions_needed(batch: pd.DataFrame, window_days: int) -> set[tuple[int | None, ...]] | None:
    """The (year, month) partitions holding every stored statement a batch's statements may cluster with:
    the months within the window of each date, the year-only partitions of those years (a year-only date
    counts as 1 January) and the undated partition; None (every partition) when a statement is undated,
    since an undated statement is compared with all of its speaker's."""
    needed: set[tuple[int | None, ...]] = {(None, None)}
    for value in batch[S.date]:
        day = clusters.day_number(value)
        if day == clusters.UNDATED:
            return None
        first, last = date.fromordinal(max(1, day - window_days)), date.fromordinal(day + window_days)
        year, month = first.year, first.month
        while (year, month) <= (last.year, last.month):
            needed.update({(year, month), (year, None)})
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return needed


def _reason(exc: BaseException) -> str:
    """The operating system's words for a failed Delta write ("File too large"), else the error itself."""
    found = re.search(r"\(os error (\d+)\)", str(exc))
    return os.strerror(int(found[1])) if found else str(exc)


def _most_files_in_a_partition(files: list[delta.DataFile], small: float) -> int:
    """The largest number of small data files (under ``small`` bytes: half the compaction's target, so that
    any two of them merge) one partition holds; each commit adds one to each partition it touches. Files a
    compaction filled are not counted: they stay, and counting them would compact after every commit."""
    counts: dict[tuple[int | None, ...], int] = {}
    for f in files:
        if f.size < small:
            counts[f.partition] = counts.get(f.partition, 0) + 1
    return max(counts.values(), default=0)


def _rows(ds: pds.Dataset | None) -> int:
    return 0 if ds is None else ds.count_rows()


def _check_new_statements(statements: pd.DataFrame) -> pd.DataFrame:
    """New statements must be valid extractor output plus the outlet column."""
    if S.outlet not in statements.columns:
        raise ValueError("statements to add need an 'outlet' column (None when unknown)")
    statements = with_evidence_columns(statements)
    checked = validate_statements(statements[list(EXTRACT_COLUMNS)])
    if S.cluster_id in statements.columns:
        given = statements[S.cluster_id]
        if given.isna().any() or not given.map(lambda v: isinstance(v, str) and v != "").all():
            raise ValueError("a supplied 'cluster_id' column must hold a non-empty string on every row")
        checked = checked.assign(**{S.cluster_id: given.astype("object")})
    return checked.assign(
        **{S.outlet: statements[S.outlet].astype("object").where(statements[S.outlet].notna(), None)}
    )


def _validate_for_disk(articles: pd.DataFrame, statements: pd.DataFrame, *, checked: bool) -> None:
    """Everything written is validated against the declared models first (each column once)."""
    columns = [S.outlet, S.cluster_id] if checked else list(STORED_STATEMENT_COLUMNS)
    frame = statements[columns].copy()
    frame[S.n_sources] = clusters.n_sources(statements)
    if checked:
        validate("statements", frame)
    else:
        validate_articles(articles)
        validate_statements(frame, stored=True)
