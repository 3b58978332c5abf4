"""The statement store: articles and statements as Parquet files named by an atomically replaced manifest.

Layout of ``root``: ``manifest.json`` (the current commit), ``articles-<gen>-<token>.parquet`` and
``statements-<gen>-<token>.parquet`` data files (each commit appends one of each, occasionally merging
small ones), and ``.lock`` (held by writers). Readers never lock: they read the manifest, then the files it
names, retrying if a concurrent merge removed one in between.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
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
from quoteline.store import clusters, overlay
from quoteline.store.atomic import TMP_PREFIX, atomic_write
from quoteline.store.errors import StoreError
from quoteline.store.manifest import (
    DATA_FILE,
    MANIFEST_NAME,
    Manifest,
    Segment,
    data_files,
    read_manifest,
    repair_hint,
    write_manifest,
)
from quoteline.store.overlay import CORRECTED, Overlay
from quoteline.store.tables import (
    ARTICLES_SCHEMA,
    CORRECTIONS_SCHEMA,
    SCHEMAS,
    STATEMENTS_SCHEMA,
    STORED_STATEMENT_COLUMNS,
    holds_schema,
    read_table,
    to_frame,
    write_table,
)
from quoteline.store.validate import validate, validate_read

LOGGER = logging.getLogger(__name__)

# Past this many data files per table, the smallest are merged so reads stay a handful of files.
MAX_SEGMENTS: Final = 16
_READ_RETRIES: Final = 5


@dataclass(frozen=True)
class AddResult:
    """What one ``Store.add`` committed."""

    articles_added: int
    articles_duplicate: int
    statements_added: int
    version: str


class Store:
    """A folder holding the articles and statements tables."""

    def __init__(self, root: Path | str | None = None) -> None:
        self.root = Path(root) if root is not None else settings.get_path("store_dir")
        self._index: clusters.ClusterIndex | None = None
        self._index_version: str | None = None
        self._overlay: tuple[str, Overlay] | None = None
        # The statements data files the cluster index holds every row of (None: no index yet).
        self._index_files: frozenset[str] | None = None
        # Article ids of each articles data file read so far. A data file never changes once written (a
        # commit writes new, uniquely named files), so each is read once per Store, and a commit costs what
        # its batch costs rather than a read of every stored id.
        self._ids: dict[str, frozenset[str]] = {}

    def __repr__(self) -> str:
        return f"Store({str(self.root)!r})"

    # ----- reading -------------------------------------------------------------------------------------

    def exists(self) -> bool:
        """Whether anything has ever been committed here (a manifest, or data files that lost theirs)."""
        return (self.root / MANIFEST_NAME).exists() or bool(data_files(self.root))

    def version(self) -> str:
        """A stamp that changes on every commit (cheap: reads the small manifest only)."""
        manifest = read_manifest(self.root)
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
            manifest = read_manifest(self.root)
            if manifest is None:
                return None
            try:
                for seg in manifest.articles:
                    if article_id not in self._file_ids(seg.file):
                        continue
                    hit = pq.read_table(
                        self.root / seg.file,
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
                continue
        raise StoreError(f"{self.root}: the store kept changing while reading article {article_id}")

    def statement(
        self, statement_id: str, *, raw: bool = False, manifest: Manifest | None = None
    ) -> dict[str, Any] | None:
        """One statement's stored columns as a dict (corrections applied unless ``raw``), or None.

        Reads only the row groups that can hold it (a Parquet filter), so it stays quick on a large store.
        ``manifest``: read that commit (a writer inside the lock passes the one it holds).
        """
        for _ in range(_READ_RETRIES):
            current = manifest or read_manifest(self.root)
            if current is None:
                return None
            try:
                wanted = pc.field(S.statement_id) == statement_id
                parts = [
                    pq.read_table(self.root / seg.file, schema=STATEMENTS_SCHEMA, filters=wanted)
                    for seg in current.statements
                ]
            except FileNotFoundError:
                if manifest is not None:
                    raise self._missing(manifest) from None
                continue
            table = pa.concat_tables(parts) if parts else STATEMENTS_SCHEMA.empty_table()
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
        version = "empty" if manifest is None else manifest.version
        if self._overlay is not None and self._overlay[0] == version:
            return self._overlay[1]
        ov = Overlay()
        if manifest is not None and manifest.corrections:
            log = to_frame(self._read(manifest, "corrections", CORRECTIONS_SCHEMA.names))
            ov = overlay.build(log)
        self._overlay = (version, ov)
        return ov

    def article_ids(self) -> set[str]:
        """Ids of every stored article."""
        for _ in range(_READ_RETRIES):
            manifest = read_manifest(self.root)
            try:
                return set().union(*self._ids_of(manifest))
            except FileNotFoundError:
                again = read_manifest(self.root)
                if again is not None and manifest is not None and again.version == manifest.version:
                    raise self._missing(manifest) from None
                continue
        raise StoreError(f"{self.root}: the store kept changing while reading the article ids")

    def _ids_of(self, manifest: Manifest | None) -> list[frozenset[str]]:
        """The article ids of each articles data file ``manifest`` names (read once per file); forgets the
        files it no longer names. FileNotFoundError when one has gone."""
        files = [seg.file for seg in manifest.articles] if manifest is not None else []
        for gone in set(self._ids) - set(files):
            del self._ids[gone]
        return [self._file_ids(name) for name in files]

    def _file_ids(self, name: str) -> frozenset[str]:
        if name not in self._ids:
            table = read_table([self.root / name], ARTICLES_SCHEMA, [A.article_id])
            self._ids[name] = frozenset(table.column(A.article_id).to_pylist())
        return self._ids[name]

    def read_arrow(
        self, table: str, columns: Sequence[str], *, raw: bool = False
    ) -> tuple[pa.Table, Manifest | None]:
        """Arrow columns of ``table`` ("articles"/"statements") as committed, and the manifest read.

        No pandera pass and no ``n_sources``: for callers (the dashboard) that validate nothing further and
        need speed. Pass the manifest to ``read_arrow_at`` to read more columns of the same commit; both
        apply the corrections log unless ``raw``, in the same row order.
        """
        return self._read_current(table, columns, raw=raw)

    def read_arrow_at(
        self, manifest: Manifest | None, table: str, columns: Sequence[str], *, raw: bool = False
    ) -> pa.Table:
        """Columns of ``table`` from the commit ``manifest`` names; FileNotFoundError if since merged away."""
        return self._read_view(manifest, table, columns, raw=raw)

    def _read_view(
        self, manifest: Manifest | None, table: str, columns: Sequence[str], *, raw: bool
    ) -> pa.Table:
        """A table of one commit, with the corrections log applied unless ``raw`` (or there is none)."""
        if raw or table == "corrections":
            return self._read(manifest, table, columns)
        ov = self.overlay(manifest)
        stored = [c for c in columns if c != CORRECTED]
        if ov.empty:
            data = self._read(manifest, table, stored)
        elif table == "statements":
            data = self._read(manifest, table, [*stored, *overlay.keys_needed(ov, columns)])
        else:
            data = self._read(manifest, table, list(dict.fromkeys([*stored, A.article_id])))
        if table == "statements":
            return overlay.apply_statements(data, ov, columns)
        return overlay.apply_articles(data, ov, columns)

    def _read_current(
        self, table: str, columns: Sequence[str], *, raw: bool = False
    ) -> tuple[pa.Table, Manifest | None]:
        for _ in range(_READ_RETRIES):
            manifest = read_manifest(self.root)
            try:
                return self._read_view(manifest, table, columns, raw=raw), manifest
            except FileNotFoundError:
                # A concurrent commit merged and removed a file the manifest we read named: read again,
                # unless the manifest has not changed, in which case the file is really gone.
                again = read_manifest(self.root)
                if again is not None and manifest is not None and again.version == manifest.version:
                    raise self._missing(manifest) from None
                continue
        raise StoreError(f"{self.root}: the store kept changing while reading the {table} table")

    def _missing(self, manifest: Manifest) -> StoreError:
        """The error for data files the current manifest names but the folder no longer holds."""
        gone = sorted(f for f in manifest.files() if not (self.root / f).exists())
        LOGGER.error("%s: data files named by the manifest are missing: %s", self.root, gone)
        return StoreError(
            f"{self.root}: the manifest names {len(gone)} data file(s) that are missing "
            f"({', '.join(gone[:3])}{', ...' if len(gone) > 3 else ''}); {repair_hint(self.root)}"
        )

    def _read_locked(self, manifest: Manifest | None, table: str, columns: Sequence[str]) -> pa.Table:
        """A read inside the writers' lock: no commit can remove a file now, so a missing one is damage."""
        try:
            return self._read(manifest, table, columns)
        except FileNotFoundError:
            assert manifest is not None
            raise self._missing(manifest) from None

    def _read(self, manifest: Manifest | None, table: str, columns: Sequence[str]) -> pa.Table:
        schema = SCHEMAS[table]
        segments = () if manifest is None else getattr(manifest, table)
        paths = [self.root / seg.file for seg in segments]
        try:
            return read_table(paths, schema, columns)
        except FileNotFoundError:
            raise
        except (OSError, pa.ArrowException) as exc:
            raise StoreError(f"{self.root}: cannot read the {table} table: {exc}") from exc

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

    def add(self, articles: pd.DataFrame, statements: pd.DataFrame) -> AddResult:
        """Commit new articles and their statements (``schema.Statements`` + ``outlet``); skips known ones.

        The store assigns ``cluster_id`` unless the statements already carry one (a bulk load that has
        clustered them itself); ``n_sources`` is always derived on read.
        """
        articles = validate_articles(articles)
        statements = _check_new_statements(statements)
        with self.lock():
            manifest = read_manifest(self.root)
            self._check_files(manifest)
            try:
                known = self._ids_of(manifest)
            except FileNotFoundError:  # inside the lock no commit removes a file: it is damage
                assert manifest is not None
                raise self._missing(manifest) from None
            stored = articles[A.article_id].map(lambda aid: any(aid in ids for ids in known)).astype(bool)
            fresh = articles[~stored].drop_duplicates(A.article_id)
            duplicate = len(articles) - len(fresh)
            new = statements[statements[S.article_id].isin(fresh[A.article_id])].drop_duplicates(
                S.statement_id
            )
            if fresh.empty:
                return AddResult(0, duplicate, 0, "empty" if manifest is None else manifest.version)
            index = self._cluster_index(manifest)
            try:
                if S.cluster_id in new.columns:
                    index.extend_frame(new)  # clusters supplied by the caller (bulk loads, synthetic stores)
                else:
                    new = new.assign(**{S.cluster_id: index.assign_frame(new)})
                new_manifest = self._commit(manifest, fresh, new, replace=False, checked=True)
            except BaseException:
                self._index = self._index_files = None
                raise
            # The index now holds this batch too, and a merge only regroups rows it held already.
            self._index_files = frozenset(seg.file for seg in new_manifest.statements)
        return AddResult(len(fresh), duplicate, len(new), new_manifest.version)

    def replace_extraction(self, articles: pd.DataFrame, statements: pd.DataFrame) -> AddResult:
        """Swap in re-extracted statements for stored articles (and their updated rows); one rewrite."""
        articles = validate_articles(articles)
        statements = _check_new_statements(statements).drop(columns=[S.cluster_id], errors="ignore")
        with self.lock():
            manifest = read_manifest(self.root)
            self._check_files(manifest)
            old_articles = to_frame(self._read_locked(manifest, "articles", ARTICLES_SCHEMA.names))
            old_statements = to_frame(self._read_locked(manifest, "statements", STORED_STATEMENT_COLUMNS))
            ids = set(articles[A.article_id]) & set(old_articles[A.article_id])
            articles = articles[articles[A.article_id].isin(ids)]
            statements = statements[statements[S.article_id].isin(ids)]
            kept = old_statements[~old_statements[S.article_id].isin(ids)]
            index = clusters.ClusterIndex()
            index.extend_frame(kept)
            statements = statements.assign(**{S.cluster_id: index.assign_frame(statements)})
            all_articles = pd.concat(
                [old_articles[~old_articles[A.article_id].isin(ids)], articles], ignore_index=True
            )
            all_statements = pd.concat([kept, statements[list(STORED_STATEMENT_COLUMNS)]], ignore_index=True)
            self._index = self._index_files = None
            new_manifest = self._commit(manifest, all_articles, all_statements, replace=True)
        return AddResult(0, 0, len(statements), new_manifest.version)

    def append_corrections(self, make: Callable[[Manifest | None], pd.DataFrame]) -> tuple[pd.DataFrame, str]:
        """Append entries to the corrections log in one locked, atomic commit; returns them and the version.

        ``make(manifest)`` builds the entries inside the lock, from the commit they apply to, so a correction
        always records the value it replaced even while an ingest commits beside it.
        """
        with self.lock():
            manifest = read_manifest(self.root)
            if manifest is None:
                raise StoreError(f"{self.root}: the store is empty; there is nothing to correct")
            self._check_files(manifest)
            entries = make(manifest)
            if entries.empty:
                return entries, manifest.version
            entries = validate("corrections", entries[list(CORRECTIONS_SCHEMA.names)])
            new_manifest = self._commit(manifest, None, None, replace=False, corrections=entries)
        return entries, new_manifest.version

    def _cluster_index(self, manifest: Manifest | None) -> clusters.ClusterIndex:
        """The index of stored statements to cluster new ones against: built once per Store, then extended
        with only the data files other writers have committed since (a rebuild only when one of theirs merged
        away files the index was built from)."""
        files = frozenset(seg.file for seg in manifest.statements) if manifest is not None else frozenset()
        cols = [S.speaker, S.text, S.date, S.cluster_id]
        if self._index is None or self._index_files is None or not self._index_files <= files:
            self._index, self._index_files = clusters.ClusterIndex(), frozenset()
        new = files - self._index_files
        if new:
            assert manifest is not None
            segments = Manifest(statements=tuple(s for s in manifest.statements if s.file in new))
            self._index.extend_frame(to_frame(self._read_locked(segments, "statements", cols)))
        self._index_files = files
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
    ) -> Manifest:
        """Write data files, then the manifest (the commit point), then remove what it no longer names.

        ``checked``: the articles and the extractor's statement columns were validated on the way in, so
        only the columns the store added (outlet, cluster_id, n_sources) are left to validate.
        ``articles``/``statements`` None: this commit leaves those tables as they are (a correction).
        ``corrections``: entries appended to the log, already validated; the log otherwise carries over.
        """
        base = manifest or Manifest()
        generation = base.generation + 1
        if articles is not None and statements is not None:
            _validate_for_disk(articles, statements, checked=checked)
        try:
            a_segs, s_segs = base.articles, base.statements
            if articles is not None and statements is not None:
                a_seg = self._write_segment("articles", generation, articles)
                s_new: tuple[Segment, ...] = ()
                # An empty statements file is only written when the table needs one to exist at all.
                if not statements.empty or replace or not base.statements:
                    s_new = (self._write_segment("statements", generation, statements),)
                a_segs = (a_seg,) if replace else (*base.articles, a_seg)
                s_segs = s_new if replace else (*base.statements, *s_new)
                a_segs = self._merge_small("articles", generation, a_segs)
                s_segs = self._merge_small("statements", generation, s_segs)
            c_segs = base.corrections
            if corrections is not None:
                c_segs = (*c_segs, self._write_segment("corrections", generation, corrections))
                c_segs = self._merge_small("corrections", generation, c_segs)
            new_manifest = base.next(a_segs, s_segs, c_segs)
            write_manifest(self.root, new_manifest)
        except BaseException as exc:
            # Nothing was committed: remove this commit's data files rather than leave them for a sweep.
            for name in self._generation_files(generation) - base.files():
                (self.root / name).unlink(missing_ok=True)
            if isinstance(exc, OSError):
                where = exc.filename or self.root
                LOGGER.error("%s: commit failed: %s", where, exc)
                raise StoreError(
                    f"{where}: cannot write to the store: {exc.strerror or exc}; nothing was committed "
                    "and what the store held before is intact"
                ) from exc
            raise
        self._sweep(new_manifest)
        return new_manifest

    def _generation_files(self, generation: int) -> set[str]:
        prefix = f"-{generation:08d}-"
        return {name for name in data_files(self.root) if prefix in name}

    def _check_files(self, manifest: Manifest | None) -> None:
        """Before a write: every data file the manifest names holds its table in the declared schema."""
        if manifest is None:
            return
        for table, segments in (
            ("articles", manifest.articles),
            ("statements", manifest.statements),
            ("corrections", manifest.corrections),
        ):
            declared = SCHEMAS[table]
            for seg in segments:
                path = self.root / seg.file
                try:
                    found = pq.read_schema(path)
                except FileNotFoundError:
                    raise self._missing(manifest) from None
                except (OSError, pa.ArrowException) as exc:
                    raise StoreError(f"{path}: not a readable Parquet data file ({exc})") from exc
                tag = (found.metadata or {}).get(b"quoteline_table")
                if tag != table.encode() or not holds_schema(found, declared):
                    LOGGER.error("%s: data file of the wrong schema; refusing to write", path)
                    raise StoreError(
                        f"{path}: the data file does not hold the {table} table in this store's schema; "
                        f"nothing was written ({repair_hint(self.root)})"
                    )

    def _write_segment(self, table: str, generation: int, df: pd.DataFrame) -> Segment:
        schema = SCHEMAS[table]
        name = f"{table}-{generation:08d}-{uuid.uuid4().hex[:8]}.parquet"
        rows = write_table(self.root / name, df, schema)
        if table == "articles":  # known without reading it back (forgotten if the commit fails)
            self._ids[name] = frozenset(df[A.article_id])
        return Segment(name, rows)

    def _merge_small(self, table: str, generation: int, segments: tuple[Segment, ...]) -> tuple[Segment, ...]:
        segments = tuple(s for s in segments if s.rows > 0) or segments[-1:]
        if len(segments) <= MAX_SEGMENTS:
            return segments
        ordered = sorted(segments, key=lambda s: s.rows)
        small, rest = ordered[: MAX_SEGMENTS // 2 + 1], ordered[MAX_SEGMENTS // 2 + 1 :]
        if table == "corrections":
            # The log's order is its meaning (later entries win): merge all of it, in order. It stays small.
            small, rest = list(segments), []
        schema = SCHEMAS[table]
        try:
            merged = read_table([self.root / s.file for s in small], schema, schema.names)
        except FileNotFoundError:
            hint = repair_hint(self.root)
            raise StoreError(f"{self.root}: a {table} data file to merge is missing; {hint}") from None
        name = f"{table}-{generation:08d}-{uuid.uuid4().hex[:8]}.parquet"
        atomic_write(self.root / name, lambda handle: pq.write_table(merged, handle, compression="zstd"))
        if table == "articles":
            self._ids[name] = frozenset(merged.column(A.article_id).to_pylist())
        return (*rest, Segment(name, merged.num_rows))

    def _sweep(self, manifest: Manifest) -> None:
        """Delete data files the manifest no longer names and temporary files a killed writer left."""
        keep = manifest.files()
        for path in self.root.iterdir():
            stale_data = DATA_FILE.match(path.name) and path.name not in keep
            if stale_data or path.name.startswith(TMP_PREFIX):
                path.unlink(missing_ok=True)


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
