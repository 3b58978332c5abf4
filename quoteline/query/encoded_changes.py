"""What a commit changed since the previous encoded folder (for ``encoded_update``): the folder's record,
and the rows the commit changed, read alone.

- **What changed.** The previous folder's record names the statements and corrections table versions it was
  read from. The statements files of the new commit must be the previous ones, in the same order, plus
  files appended (an ingest); the overlay of corrections (``quoteline.store.overlay``) of the two commits is
  compared entry by entry: statements whose field corrections or re-derived dates differ are *patched*,
  newly deleted ones *removed*, new added statements *appended*, changed merges rename the speaker labels.
- **The rows changed, read alone.** The appended files are read whole; a patched statement's extracted row
  is read by id from the partitions its dates name (the whole table only when that misses it); each gets
  the new overlay (``overlay.apply_statements``), as every reader applies it.

What this cannot apply raises ``Rebuild`` with the reason: the caller rebuilds the folder.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as pds

from quoteline.query import encoded, id_numbers
from quoteline.query.corpus import EAGER_COLUMNS
from quoteline.query.id_numbers import RowsById
from quoteline.query.lake_rows import partition
from quoteline.schema import S
from quoteline.store import Store, delta
from quoteline.store import overlay as overlays
from quoteline.store.manifest import Manifest
from quoteline.store.overlay import Overlay
from quoteline.store.tables import MONTH as MONTH_PART
from quoteline.store.tables import STATEMENTS_SCHEMA
from quoteline.store.tables import YEAR as YEAR_PART
from quoteline.store.view_types import filtered

LOGGER = logging.getLogger(__name__)

# The columns a corpus and its folder are built from.
COLUMNS: Final = (*EAGER_COLUMNS, S.statement_id, S.date_source)


class Rebuild(Exception):
    """The commit cannot be applied to the previous folder: the reason (``encoded_update.update`` logs it)."""


def tables_of(manifest: Manifest) -> dict[str, int | None]:
    """What a folder records of the commit it was read from: the tables its rows depend on."""
    return {"statements": manifest.statements, "corrections": manifest.corrections}


class Previous:
    """The previous version's folder: its record, its files and labels, and the commit it was read from
    (``before``: ``manifest`` with that folder's table versions)."""

    def __init__(self, directory: Path, record: dict[str, Any], manifest: Manifest) -> None:
        self.directory, self.record = directory, record
        self.files: dict[str, int] = {str(k): int(v) for k, v in dict(record["files"]).items()}
        tables = record.get("tables")
        if not isinstance(tables, dict):
            raise Rebuild("the previous folder does not record its table versions")
        self.before = dataclasses.replace(
            manifest, statements=tables.get("statements"), corrections=tables.get("corrections")
        )
        for stem in (encoded.ID_NUMBERS, encoded.SORTED_NUMBERS, encoded.SORTED_ROWS):
            if stem not in self.files:
                raise Rebuild(f"the previous folder holds no {stem}")
        for stem in (encoded.CLUSTER_SORTED, encoded.CLUSTER_SORTED_CODES):
            if stem not in self.files:
                raise Rebuild(f"the previous folder holds no {stem}")
        self.labels = json.loads((directory / encoded.LABELS).read_text())
        self.n_old = int(record["n_rows"])

    def load(self, stem: str) -> np.ndarray:
        return encoded._load(self.directory, stem, self.files[stem])


@dataclass
class Changes:
    """The rows a commit changed, as the new commit reads them (``table``): the patched ones (replacing the
    old rows ``patched_at``, ascending, one for one), then the rows of the appended files, then the new
    added statements; and where they go among the previous folder's rows."""

    table: pa.Table
    patched_at: np.ndarray
    n_inserted: int  # rows of the appended files: go first, or where the added statements began
    n_appended: int  # new added statements: go last
    removed: np.ndarray  # old rows newly deleted
    start_added: int  # the old row where the added statements begin
    first: bool  # the appended files come before the old rows (the table lists them first)
    numbers: np.ndarray  # the previous folder's id numbers, per row
    lookup: RowsById  # and its id index
    merges_changed: bool
    overlay: Overlay  # the new commit's corrections


def find(store: Store, manifest: Manifest, previous: Previous) -> Changes:
    """What ``manifest`` changed since the commit ``previous`` was read from; ``Rebuild`` when it cannot
    be applied to that folder."""
    return _Finder(store, manifest, previous).run()


class _Finder:
    def __init__(self, store: Store, manifest: Manifest, previous: Previous) -> None:
        self.store, self.manifest, self.previous = store, manifest, previous
        self.before, self.n_old, self.labels = previous.before, previous.n_old, previous.labels
        self.load = previous.load

    def run(self) -> Changes:
        old_files = delta.data_files(self.store.root, "statements", self.before.statements)
        new_files = delta.data_files(self.store.root, "statements", self.manifest.statements)
        old_paths, new_paths = [f.path for f in old_files], [f.path for f in new_files]
        n_appended = len(new_paths) - len(old_paths)
        # The table lists a commit's files in an order of its own (delta-rs: log replay). The new files
        # must come as one block before or after the old ones, which keep their order; else a rebuild.
        if new_paths[: len(old_paths)] == old_paths:
            self.first = False
            appended_files = new_paths[len(old_paths) :]
        elif n_appended >= 0 and new_paths[n_appended:] == old_paths:
            self.first = True
            appended_files = new_paths[:n_appended]
        else:
            raise Rebuild("statements files were removed, rewritten (a compaction) or reordered")
        old_ov = self.store.overlay(self.before)
        new_ov = self.store.overlay(self.manifest)
        return self._changed_rows(old_ov, new_ov, appended_files)

    def _changed_rows(self, old: Overlay, new: Overlay, appended_files: list[str]) -> Changes:
        if not old.deleted <= new.deleted:
            raise Rebuild("a deletion was undone")
        for article in set(old.article_fields) | set(new.article_fields):
            if old.article_fields.get(article, {}).get("outlet") != new.article_fields.get(article, {}).get(
                "outlet"
            ):
                raise Rebuild("an outlet correction (its rows are found by article id)")
        if any(new.merges.get(k) != v for k, v in old.merges.items()):
            raise Rebuild("a merge was undone or changed")
        for name in old.merges:  # every name a merge renamed reads the same through the new merges
            if new.merged_into(old.merged_into(name)) != new.merged_into(name):
                raise Rebuild("the new merges rename a merged name differently")
        shown_old = [s for s in old.added if s not in old.deleted]
        kept = [s for s in shown_old if s not in new.deleted]
        shown_new = [s for s in new.added if s not in new.deleted]
        if shown_new[: len(kept)] != kept:
            raise Rebuild("the added statements were reordered")
        self.start_added = self.n_old - len(shown_old)  # the old row where the added statements begin
        numbers, sorted_numbers, sorted_rows = (
            self.load(encoded.ID_NUMBERS),
            self.load(encoded.SORTED_NUMBERS),
            self.load(encoded.SORTED_ROWS),
        )
        self.numbers = numbers
        self.lookup = RowsById.ordered(sorted_numbers, sorted_rows)
        removed = self._rows_of(new.deleted - old.deleted)
        patched_ids = {
            s
            for s in set(old.statement_fields) | set(new.statement_fields)
            if old.statement_fields.get(s) != new.statement_fields.get(s)
        } | {s for s in set(old.derived) | set(new.derived) if old.derived.get(s) != new.derived.get(s)}
        patched_ids -= new.deleted
        patched_raw = self._rows_of(patched_ids)
        patched_raw = patched_raw[patched_raw < self.start_added]  # field corrections skip added rows
        changed_adds = [s for s in kept if old.added[s] != new.added[s]]
        patched_adds = self._rows_of(set(changed_adds))
        raw = self._read_by_id(patched_raw, old, new) if len(patched_raw) else _empty()
        extracted = dataclasses.replace(new, added={})  # added statements come last, not among these
        # Old rows hold the added statements in the log's order: the changed ones patched in that order.
        changed_order = [s for s in kept if s in set(changed_adds)]
        parts = [
            _applied(raw, extracted),
            _added(new, changed_order),
            _applied(self._read_files(appended_files, new), extracted),
            _added(new, shown_new[len(kept) :]),
        ]
        if parts[0].num_rows != len(patched_raw):
            raise Rebuild("a patched statement was not found as one row")
        if parts[1].num_rows != len(patched_adds):
            raise Rebuild("a changed added statement was not found as one row")
        return Changes(
            table=pa.concat_tables([_typed(p, list(COLUMNS)) for p in parts]),
            patched_at=np.concatenate([patched_raw, patched_adds]).astype(np.int64),
            n_inserted=parts[2].num_rows,
            n_appended=parts[3].num_rows,
            removed=removed,
            start_added=self.start_added,
            first=self.first,
            numbers=self.numbers,
            lookup=self.lookup,
            merges_changed=old.merges != new.merges,
            overlay=new,
        )

    def _rows_of(self, ids: set[str]) -> np.ndarray:
        """The old rows holding these statement ids, ascending (ids held nowhere skipped)."""
        wanted = [n for n in (id_numbers.number_of(s) for s in ids) if n is not None]
        if len(wanted) != len(ids):
            raise Rebuild("a statement id is not 16 hex digits")
        if not wanted:
            return np.zeros(0, dtype=np.int64)
        values = np.asarray(sorted(wanted), dtype=np.uint64)
        lo = np.searchsorted(self.lookup.numbers, values, side="left")
        hi = np.searchsorted(self.lookup.numbers, values, side="right")
        if ((hi - lo) > 1).any():
            raise Rebuild("a statement id is held by two rows")
        found = lo[hi > lo]
        return np.sort(np.asarray(self.lookup.rows[found], dtype=np.int64))

    def _dataset(self) -> pds.Dataset:
        ds = delta.dataset(self.store.root, "statements", self.manifest.statements)
        if ds is None:
            raise Rebuild("no statements table")
        return ds

    def _read_files(self, paths: list[str], ov: Overlay) -> pa.Table:
        """The rows of the appended data files, in the table's order."""
        if not paths:
            return _empty()
        ds = self._dataset()
        wanted = set(paths)
        base = str(delta.table_path(self.store.root, "statements"))
        fragments = {}
        for fragment in ds.get_fragments():
            relative = (
                fragment.path[len(base) :].lstrip("/") if fragment.path.startswith(base) else fragment.path
            )
            if relative in wanted:
                fragments[relative] = fragment
        if set(fragments) != wanted:
            raise Rebuild("an appended data file is not among the table's fragments")
        columns = _read_columns(ov)
        tables = [fragments[p].to_table(columns=columns, schema=ds.schema) for p in paths]
        return _typed(pa.concat_tables(tables), columns)

    def _read_by_id(self, rows: np.ndarray, old: Overlay, new: Overlay) -> pa.Table:
        """The extracted rows of the patched statements (old rows ``rows``), in that order."""
        ids = [str(i) for i in id_numbers.to_ids(np.asarray(self.numbers)[rows]).to_pylist()]
        dates: set[object] = set()
        codes = np.asarray(self.load(S.date))[rows]
        date_labels = self.labels["columns"][S.date]["labels"]
        dates.update(date_labels[c] if c >= 0 else None for c in codes)
        for ov in (old, new):  # a corrected or re-derived date: the extracted one may be either
            for sid in ids:
                dates.add(ov.statement_fields.get(sid, {}).get("date"))
                dates.update(ov.replaced_dates.get(sid, ()))  # an earlier date correction's extracted date
                for key in ("was", S.date):
                    dates.add(ov.derived.get(sid, {}).get(key))
        ds = self._dataset()
        columns = _read_columns(new)
        chosen = pc.field(S.statement_id).isin(pa.array(ids, pa.string()))
        table = filtered(ds, columns=columns, condition=chosen & _partitions(dates))
        if table.num_rows != len(ids):  # not in the partitions its dates name: the whole table
            LOGGER.info("%d patched statements not in their dates' partitions: reading every one", len(ids))
            table = filtered(ds, columns=columns, condition=chosen)
        if table.num_rows != len(ids):
            raise Rebuild("a patched statement was not found as one row")
        at = {sid: i for i, sid in enumerate(table[S.statement_id].to_pylist())}
        return _typed(table.take(pa.array([at[s] for s in ids])), columns)


def _empty() -> pa.Table:
    return STATEMENTS_SCHEMA.empty_table().select(list(COLUMNS))


def _read_columns(ov: Overlay) -> list[str]:
    return [*COLUMNS, *overlays.keys_needed(ov, COLUMNS)]


def _typed(table: pa.Table, columns: list[str]) -> pa.Table:
    """The columns in the statements schema's types (a file written before a column existed lacks it)."""
    fields = [STATEMENTS_SCHEMA.field(c) for c in columns]
    return table.select(columns).cast(pa.schema(fields))


def _applied(raw: pa.Table, ov: Overlay) -> pa.Table:
    """Extracted rows as the commit reads them (its corrections applied), in ``COLUMNS``."""
    if not raw.num_rows:
        return _empty()
    return overlays.apply_statements(raw, ov, list(COLUMNS))


def _added(ov: Overlay, ids: list[str]) -> pa.Table:
    """Added statements ``ids`` as the commit reads them (the merges apply to them, as to every row)."""
    if not ids:
        return _empty()
    only = Overlay(added={s: ov.added[s] for s in ids}, merges=ov.merges)
    empty = STATEMENTS_SCHEMA.empty_table()
    return overlays.apply_statements(empty, only, list(COLUMNS))


def _partitions(dates: set[object]) -> pc.Expression:
    """A condition true in the partitions of statements dated ``dates``."""
    condition: pc.Expression | None = None
    for part in {partition(d) for d in dates}:
        if part is None:
            clause = pc.field(YEAR_PART).is_null()
        elif part[1] is None:
            clause = (pc.field(YEAR_PART) == part[0]) & pc.field(MONTH_PART).is_null()
        else:
            clause = (pc.field(YEAR_PART) == part[0]) & (pc.field(MONTH_PART) == part[1])
        condition = clause if condition is None else condition | clause
    return condition if condition is not None else pc.scalar(False)
