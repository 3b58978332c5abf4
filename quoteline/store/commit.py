"""The commit path of a store (``StoreCommit``, a base of ``Store``): one commit's Delta transactions, its
summary-table changes, and the commit record written last (the commit point).

Called inside the writers' lock by the write side (``quoteline.store.writing``), staged commits
(``quoteline.store.staging``) and repair. A commit that fails rolls every table it touched back to the commit
record still in place, so nothing half-written is ever read.
"""

from __future__ import annotations

import logging
import os
import re
import time

import pandas as pd
import pyarrow as pa
import pyarrow.dataset as pds

from quoteline.schema import A, S, validate_articles, validate_statements
from quoteline.store import clusters, counts, delta, overlay
from quoteline.store.atomic import TMP_PREFIX, atomic_write_bytes
from quoteline.store.errors import StoreError
from quoteline.store.maintenance import StoreMaintenance
from quoteline.store.manifest import ALL_TABLES, Manifest, write_manifest
from quoteline.store.tables import CORRECTIONS_SCHEMA, STORED_STATEMENT_COLUMNS, to_delta, to_frame
from quoteline.store.validate import validate

LOGGER = logging.getLogger(__name__)


class StoreCommit(StoreMaintenance):
    """Writing one commit: each table's transaction, then the commit record."""

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


def _reason(exc: BaseException) -> str:
    """The operating system's words for a failed Delta write ("File too large"), else the error itself."""
    found = re.search(r"\(os error (\d+)\)", str(exc))
    return os.strerror(int(found[1])) if found else str(exc)


def _rows(ds: pds.Dataset | None) -> int:
    return 0 if ds is None else ds.count_rows()


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
