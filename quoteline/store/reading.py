"""The read side of a store (``StoreReader``, a base of ``Store``): tables, rows and the corrections overlay.

Readers never lock: they read ``commit.json`` and pin every table to the version it names. A read that finds
a data file gone (a compaction's vacuum beside it) reads the new commit, up to ``_READ_RETRIES`` times.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Final

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from quoteline.schema import STORE_COLUMNS, A, S
from quoteline.store import clusters, delta, overlay
from quoteline.store.errors import StoreError
from quoteline.store.legacy import MANIFEST_NAME as LEGACY_MANIFEST
from quoteline.store.locking import StoreLocking
from quoteline.store.manifest import COMMIT_NAME, TABLES, Manifest, read_manifest
from quoteline.store.overlay import CORRECTED, Overlay
from quoteline.store.tables import ARTICLES_SCHEMA, CORRECTIONS_SCHEMA, STATEMENTS_SCHEMA, to_frame
from quoteline.store.validate import validate_read
from quoteline.store.view_types import filtered

LOGGER = logging.getLogger(__name__)

_READ_RETRIES: Final = 5


class StoreReader(StoreLocking):
    """Reading the committed tables, with the corrections log applied unless ``raw``."""

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
                    table = filtered(ds, columns=list(STATEMENTS_SCHEMA.names), condition=wanted)
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
