"""A commit's encoded folder made from the previous commit's folder plus what the commit changed.

Writing a version's folder whole (``encoded.write`` after a Parquet load) costs what the store holds: at 10M
statements about 12 CPU s of Parquet decoding and encoding, and 614 MB written. A commit changes a few rows:
a correction patches, deletes or adds some, a merge renames a speaker, an ingest appends data files. So the
new folder is the previous one with those rows changed:

- **What changed.** The previous folder's record names the statements and corrections table versions it was
  read from. The statements files of the new commit must be the previous ones, in the same order, plus
  files appended (an ingest); the overlay of corrections (``quoteline.store.overlay``) of the two commits is
  compared entry by entry: statements whose field corrections or re-derived dates differ are *patched*,
  newly deleted ones *removed*, new added statements *appended*, changed merges rename the speaker labels.
- **The rows changed, read alone.** The appended files are read whole; a patched statement's extracted row
  is read by id from the partitions its dates name (the whole table only when that misses it); each gets
  the new overlay (``overlay.apply_statements``), as every reader applies it. They are encoded as a small
  corpus (``Corpus.from_columns``) and spliced into the mapped arrays: the categories' labels are unified
  and put back in order of first appearance (unused ones dropped), the tag lists re-ranked, clusters found
  among the stored ones by their fingerprints (``encoded.CLUSTER_SORTED``), the id index merged. The
  result is what a rebuild gives, byte for byte (``tests/test_encoded_update.py`` compares every file).
- **Otherwise a rebuild, logged.** A compaction (files removed or rewritten: the row order changes), an
  undone deletion or merge, an outlet correction (its rows are found by article id, which the folder does
  not hold), a previous folder without its table versions or indexes, ids that are not 16 hex digits, or a
  commit that changes more than ``MAX_CHANGED_FRACTION`` of the rows: the caller loads Parquet and writes
  the folder whole, as before.

The new folder is written by ``encoded.write`` (atomic: a temporary folder renamed in one step), with every
file whose bytes did not change hard-linked from the previous folder instead of written.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as pds

from quoteline import settings
from quoteline.query import encoded, id_numbers
from quoteline.query.corpus import (
    CLUSTER,
    CLUSTER_FINGERPRINTS,
    CLUSTER_SIZE,
    DAY,
    EAGER_COLUMNS,
    MONTH,
    NO_OUTLET,
    PRIMARY_TOPIC,
    ROW,
    WEEK,
    Corpus,
    Tags,
    _category,
    _in_appearance_order,
    date_arrays,
    narrow,
)
from quoteline.query.id_numbers import RowsById
from quoteline.query.lake_rows import partition
from quoteline.schema import S
from quoteline.store import Store, StoreError, delta
from quoteline.store import overlay as overlays
from quoteline.store.manifest import Manifest
from quoteline.store.overlay import Overlay
from quoteline.store.tables import MONTH as MONTH_PART
from quoteline.store.tables import STATEMENTS_SCHEMA
from quoteline.store.tables import YEAR as YEAR_PART

LOGGER = logging.getLogger(__name__)

# Past this share of the rows changed, the splice costs about what a rebuild does (every array rewritten
# either way), and a rebuild is the simpler path.
MAX_CHANGED_FRACTION: Final = 0.25
# The columns a corpus and its folder are built from.
COLUMNS: Final = (*EAGER_COLUMNS, S.statement_id, S.date_source)
_CATEGORIES: Final = (S.speaker, S.kind, S.stance, S.outlet, S.speaker_type)


class Rebuild(Exception):
    """The commit cannot be applied to the previous folder: the reason, logged by ``update``."""


def tables_of(manifest: Manifest) -> dict[str, int | None]:
    """What a folder records of the commit it was read from: the tables its rows depend on."""
    return {"statements": manifest.statements, "corrections": manifest.corrections}


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
        _Update(store, manifest, previous).run()
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
class _Previous:
    directory: Path
    record: dict[str, Any]


def _previous(root: Path, generation: int) -> _Previous | None:
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
            return _Previous(entry, record)
    return None


@dataclass
class _Small:
    """The changed rows, as the new commit reads them: the patched ones (replacing the old rows
    ``patched_at``, ascending, one for one), then the rows of the appended files, then the new added
    statements."""

    table: pa.Table
    patched_at: np.ndarray
    n_inserted: int  # rows of the appended files: go first, or where the added statements began
    n_appended: int  # new added statements: go last


class _Update:
    def __init__(self, store: Store, manifest: Manifest, previous: _Previous) -> None:
        self.store, self.manifest, self.previous = store, manifest, previous
        self.directory = previous.directory
        self.files: dict[str, int] = {str(k): int(v) for k, v in dict(previous.record["files"]).items()}
        tables = previous.record.get("tables")
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
        self.labels = json.loads((self.directory / encoded.LABELS).read_text())
        self.n_old = int(previous.record["n_rows"])

    def load(self, stem: str) -> np.ndarray:
        return encoded._load(self.directory, stem, self.files[stem])

    def run(self) -> None:
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
        small = self._changed_rows(old_ov, new_ov, appended_files)
        changed = small.table.num_rows
        if changed > MAX_CHANGED_FRACTION * max(self.n_old, 1):
            raise Rebuild(f"{changed:,} of {self.n_old:,} rows changed")
        self._write(small, new_ov)

    # What changed -----------------------------------------------------------------------------------------

    def _changed_rows(self, old: Overlay, new: Overlay, appended_files: list[str]) -> _Small:
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
        self.removed = removed
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
        self.merges_changed = old.merges != new.merges
        self.new_overlay = new
        return _Small(
            table=pa.concat_tables([_typed(p, list(COLUMNS)) for p in parts]),
            patched_at=np.concatenate([patched_raw, patched_adds]).astype(np.int64),
            n_inserted=parts[2].num_rows,
            n_appended=parts[3].num_rows,
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
                for key in ("was", S.date):
                    dates.add(ov.derived.get(sid, {}).get(key))
        ds = self._dataset()
        columns = _read_columns(new)
        chosen = pc.field(S.statement_id).isin(pa.array(ids, pa.string()))
        table = ds.to_table(columns=columns, filter=chosen & _partitions(dates))
        if table.num_rows != len(ids):  # not in the partitions its dates name: the whole table
            LOGGER.info("%d patched statements not in their dates' partitions: reading every one", len(ids))
            table = ds.to_table(columns=columns, filter=chosen)
        if table.num_rows != len(ids):
            raise Rebuild("a patched statement was not found as one row")
        at = {sid: i for i, sid in enumerate(table[S.statement_id].to_pylist())}
        return _typed(table.take(pa.array([at[s] for s in ids])), columns)

    # The splice -------------------------------------------------------------------------------------------

    def _write(self, small: _Small, new: Overlay) -> None:
        n_old, k = self.n_old, small.table.num_rows
        n_patched = len(small.patched_at)
        keep = np.ones(n_old, dtype=bool)
        keep[self.removed] = False
        # The new rows' sources: old row i is i, the small table's row j is n_old + j. The appended files'
        # rows go before the extracted rows or after them, before the added statements, as the table
        # lists the files.
        insert_at = 0 if self.first else self.start_added
        head = np.flatnonzero(keep[:insert_at])
        tail = np.flatnonzero(keep[insert_at:]) + insert_at
        inserted = n_old + n_patched + np.arange(small.n_inserted)
        appended = n_old + k - small.n_appended + np.arange(small.n_appended)
        order = np.concatenate([head, inserted, tail, appended]).astype(np.int64)
        position = np.full(n_old, -1, dtype=np.int64)  # old row -> its new row (-1: removed)
        from_old = order < n_old
        position[order[from_old]] = np.flatnonzero(from_old)
        order[position[small.patched_at]] = n_old + np.arange(n_patched)
        self.identity = len(order) == n_old and not small.n_inserted and not len(self.removed)
        self.order, self.position = order, position
        self.patched_at = small.patched_at
        self.patched_new = position[small.patched_at]
        columns = dict(zip(small.table.column_names, small.table.columns, strict=True))
        ids = columns.pop(S.statement_id)
        date_source = columns.pop(S.date_source)
        part = Corpus.from_columns(columns, k)
        reuse: dict[str, Path] = {}
        corpus = self._corpus(part, _category(date_source), reuse)
        numbers = id_numbers.to_numbers(ids)
        if numbers is None:
            raise Rebuild("an id of the changed rows is not 16 hex digits")
        new_numbers, lookup = self._ids(numbers, reuse)
        clusters = self._clusters(reuse)
        encoded.write(
            corpus,
            self.store.root,
            new_numbers,
            tables=tables_of(self.manifest),
            lookup=lookup,
            clusters=clusters,
            reuse=reuse,
        )

    def _take(self, old: np.ndarray, small: np.ndarray) -> np.ndarray:
        """A per-row array in the new row order (``old`` itself when no row changed)."""
        if self.identity and not len(self.patched_new):
            return old
        if self.identity:
            out = np.array(old)
            out[self.patched_new] = small[: len(self.patched_new)]
            return out
        joined = np.concatenate([np.asarray(old), np.asarray(small).astype(old.dtype, copy=False)])
        return joined[self.order]

    def _same(self, stem: str, values: np.ndarray, old: np.ndarray | None, reuse: dict[str, Path]) -> None:
        """Link ``stem`` from the previous folder when ``values`` are its very bytes."""
        if old is not None and values.dtype == old.dtype and np.array_equal(values, old):
            reuse[stem] = self.directory

    def _categorical(
        self,
        name: str,
        spec: dict[str, Any],
        small: pd.Categorical,
        rename: dict[str, str] | None = None,
        small_missing: int | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """One categorical column's codes over the new rows (-1 missing) and its labels, in order of first
        appearance, as ``corpus._category`` gives them."""
        labels = list(spec["labels"])
        old_codes = self.load(name)
        missing = None
        if name == S.outlet and self.labels.get("unknown_outlet") is not None:
            missing = len(labels) - 1  # the unknown outlet, added last: read as missing, added back after
            labels = labels[:-1]
        if rename:
            labels = [rename.get(x, x) for x in labels]
        # Unify: the old labels (renamed ones may now coincide), then the small part's new ones.
        unified: dict[str, int] = {}
        old_map = np.array([unified.setdefault(x, len(unified)) for x in labels] + [-1, -1], dtype=np.int32)
        if missing is not None:
            old_map[missing] = -1
        small_map = np.array(
            [unified.setdefault(str(x), len(unified)) for x in small.categories] + [-1], dtype=np.int32
        )
        if small_missing is not None:  # the small part's own unknown outlet: missing too
            small_map[small_missing] = -1
        old_unified = old_map[np.asarray(old_codes, dtype=np.int64)]  # -1 -> the last slot: -1
        small_unified = small_map[np.asarray(small.codes, dtype=np.int64)]
        codes = self._take(old_unified, small_unified)
        names = np.empty(len(unified), dtype=object)
        names[:] = list(unified)
        return _in_appearance_order(codes, names)

    def _kept(
        self, name: str, spec: dict[str, Any], small: pd.Categorical, small_missing: int | None
    ) -> bool:
        """Whether a categorical column reads as before: no row moved, and each patched row holds the label
        it held (the common correction: one field of one row, the other columns untouched)."""
        if not self.identity:
            return False
        labels, unknown = spec["labels"], self.labels.get("unknown_outlet") if name == S.outlet else None
        held = np.asarray(self.load(name))[self.patched_at]
        before = [None if c < 0 or c == unknown else labels[c] for c in held]
        names = list(small.categories)
        after = [None if c < 0 or c == small_missing else str(names[c]) for c in np.asarray(small.codes)]
        return before == after

    def _old_category(self, name: str, spec: dict[str, Any], reuse: dict[str, Path]) -> pd.Categorical:
        """A categorical column as the previous folder holds it (mapped, as ``encoded.read`` maps it)."""
        reuse[name] = self.directory
        return pd.Categorical.from_codes(  # type: ignore[return-value]
            self.load(name),
            dtype=pd.CategoricalDtype(pd.Index(spec["labels"], dtype=spec["dtype"])),
            validate=False,
        )

    def _corpus(self, part: Corpus, date_source: pd.Categorical, reuse: dict[str, Path]) -> Corpus:
        specs: dict[str, Any] = self.labels["columns"]
        columns: dict[str, Any] = {}
        rename = None
        if self.merges_changed:
            rename = {x: self.new_overlay.merged_into(x) for x in specs[S.speaker]["labels"]}
        unknown_outlet = None
        for name in _CATEGORIES:
            if name not in specs:
                continue
            small_missing = part._memo.get("unknown_outlet") if name == S.outlet else None
            if not (rename and name == S.speaker) and self._kept(
                name, specs[name], part.frame[name].array, small_missing
            ):
                columns[name] = self._old_category(name, specs[name], reuse)
                if name == S.outlet:
                    unknown_outlet = self.labels.get("unknown_outlet")
                continue
            codes, labels = self._categorical(
                name,
                specs[name],
                part.frame[name].array,
                rename if name == S.speaker else None,
                small_missing,
            )
            values = pd.Categorical.from_codes(
                codes, dtype=pd.CategoricalDtype(pd.Index(labels, dtype=object)), validate=False
            )
            if name == S.outlet and (values.codes < 0).any():  # as ``Corpus.from_columns`` does
                unknown_outlet = len(values.categories)
                values = values.add_categories([NO_OUTLET]).fillna(NO_OUTLET)
            columns[name] = values
        if self._kept(S.date, specs[S.date], part.frame[S.date].array, None):
            columns[S.date] = self._old_category(S.date, specs[S.date], reuse)
            for name in (DAY, WEEK, MONTH):  # derived from the dates alone
                columns[name] = self.load(name)
                reuse[name] = self.directory
        else:
            codes, labels = self._categorical(S.date, specs[S.date], part.frame[S.date].array)
            days, weeks, months, columns[S.date] = date_arrays(codes, pa.array(labels, pa.string()))
            columns[DAY], columns[WEEK], columns[MONTH] = days, weeks, months
        columns[CLUSTER] = self._cluster_codes(part)
        if self.clusters_kept:
            columns[CLUSTER_SIZE] = self.load(CLUSTER_SIZE)
            reuse[CLUSTER] = reuse[CLUSTER_SIZE] = self.directory
        else:
            codes = columns[CLUSTER]
            columns[CLUSTER_SIZE] = narrow(np.bincount(codes)[codes] if len(codes) else codes)
        topics = self._tags("topics", part.topics, reuse)
        counterparts = self._tags("counterparts", part.counterparts, reuse)
        n_rows = len(self.order)
        if "topics.rows" in reuse and "topics.codes" in reuse:  # the primary topic follows the topics
            columns[PRIMARY_TOPIC] = self.load(PRIMARY_TOPIC)
            reuse[PRIMARY_TOPIC] = self.directory
        else:
            columns[PRIMARY_TOPIC] = topics.first_code(n_rows)
        missing = [c for c in specs if c not in columns]
        if missing:
            raise Rebuild(f"the previous folder holds columns this update does not build: {missing}")
        columns = {c: columns[c] for c in specs}  # the rebuild's column order
        corpus = Corpus(
            frame=pd.DataFrame(columns, index=pd.RangeIndex(n_rows), copy=False),
            topics=topics,
            counterparts=counterparts,
            version=self.manifest.version,
        )
        corpus._memo["unknown_outlet"] = unknown_outlet
        lazy = self.labels["lazy"]
        if S.date_source in lazy:
            spec = lazy[S.date_source]
            if self._kept(S.date_source, spec, date_source, None):
                corpus._lazy[S.date_source] = pd.Series(self._old_category(S.date_source, spec, reuse))
            else:
                codes, labels = self._categorical(S.date_source, spec, date_source)
                corpus._lazy[S.date_source] = pd.Series(
                    pd.Categorical.from_codes(
                        codes, dtype=pd.CategoricalDtype(pd.Index(labels, dtype=object)), validate=False
                    )
                )
        # What was rebuilt may still hold the old bytes (a label moved and came back): linked all the same.
        for name, values in columns.items():
            if name not in self.files or name in reuse:
                continue
            array = values.codes if isinstance(values, pd.Categorical) else np.asarray(values)
            self._same(name, array, self.load(name), reuse)
        if S.date_source in corpus._lazy and S.date_source not in reuse:
            array = np.asarray(corpus._lazy[S.date_source].array.codes)
            self._same(S.date_source, array, self.load(S.date_source), reuse)
        for field in ("topics", "counterparts"):
            tags: Tags = topics if field == "topics" else counterparts
            for stem, held in ((f"{field}.rows", tags.rows), (f"{field}.codes", tags.codes)):
                if stem not in reuse:
                    self._same(stem, held, self.load(stem), reuse)
        return corpus

    def _cluster_codes(self, part: Corpus) -> np.ndarray:
        """Cluster codes over the new rows, in order of first appearance; keeps the fingerprint index."""
        fingerprints = part._memo.get(CLUSTER_FINGERPRINTS)
        if fingerprints is None:
            raise Rebuild("the changed rows' cluster fingerprints are missing")
        sorted_fp = self.load(encoded.CLUSTER_SORTED)
        sorted_codes = self.load(encoded.CLUSTER_SORTED_CODES)
        known = len(sorted_fp)
        # Each of the small part's clusters: a stored code, or a new one after them.
        at = np.searchsorted(sorted_fp, fingerprints)
        at_clipped = np.minimum(at, max(known - 1, 0))
        found = (at < known) & (sorted_fp[at_clipped] == fingerprints) if known else np.zeros(len(at), bool)
        part_codes = np.where(found, sorted_codes[at_clipped] if known else 0, 0).astype(np.int64)
        fresh = np.flatnonzero(~found)
        part_codes[fresh] = known + np.arange(len(fresh))
        row_codes = part_codes[np.asarray(part.frame[CLUSTER])]
        old_codes = self.load(CLUSTER)
        self.clusters_kept = self.identity and bool(
            np.array_equal(row_codes, np.asarray(old_codes)[self.patched_at])
        )
        if self.clusters_kept:  # every patched row in the cluster it was in: nothing moves
            self.cluster_index = (sorted_fp, sorted_codes)
            return old_codes
        unified = self._take(np.asarray(old_codes, dtype=ROW), row_codes.astype(ROW))
        seen = pd.unique(unified)
        remap = np.full(known + len(fresh), -1, dtype=np.int64)
        remap[seen] = np.arange(len(seen))
        codes = unified if bool((seen == np.arange(len(seen))).all()) else remap[unified].astype(ROW)
        # The fingerprint index in the final codes: the stored one renumbered, the new clusters merged in.
        old_final = remap[np.asarray(sorted_codes, dtype=np.int64)]
        kept = old_final >= 0
        fp_kept, code_kept = np.asarray(sorted_fp)[kept], old_final[kept]
        new_fp = fingerprints[fresh]
        new_code = remap[known + np.arange(len(fresh))]
        used = new_code >= 0
        new_fp, new_code = new_fp[used], new_code[used]
        by_fp = np.argsort(new_fp)
        new_fp, new_code = new_fp[by_fp], new_code[by_fp]
        where = np.searchsorted(fp_kept, new_fp)
        code_type = sorted_codes.dtype
        self.cluster_index = (
            np.insert(fp_kept, where, new_fp),
            np.insert(code_kept, where, new_code).astype(code_type),
        )
        return codes

    def _clusters(self, reuse: dict[str, Path]) -> tuple[np.ndarray, np.ndarray]:
        for stem, values in zip(
            (encoded.CLUSTER_SORTED, encoded.CLUSTER_SORTED_CODES), self.cluster_index, strict=True
        ):
            if self.clusters_kept:
                reuse[stem] = self.directory
            else:
                self._same(stem, values, self.load(stem), reuse)
        return self.cluster_index

    def _tags(self, field: str, part: Tags, reuse: dict[str, Path]) -> Tags:
        """A tag list over the new rows: the old entries of rows kept (not patched), the small part's
        entries at their rows, labels sorted and unused ones dropped, as ``corpus._explode`` gives them."""
        mapped_rows, mapped_codes = self.load(f"{field}.rows"), self.load(f"{field}.codes")
        old_labels: list[str] = list(self.labels[field])
        if self.identity:  # each patched row carrying the labels it carried: the list as it was
            lo = np.searchsorted(mapped_rows, self.patched_at, side="left")
            hi = np.searchsorted(mapped_rows, self.patched_at, side="right")
            pointers = part.pointers(len(self.patched_at))
            if all(
                [old_labels[c] for c in mapped_codes[lo[j] : hi[j]]]
                == [part.labels[c] for c in part.codes[pointers[j] : pointers[j + 1]]]
                for j in range(len(self.patched_at))
            ):
                reuse[f"{field}.rows"] = reuse[f"{field}.codes"] = self.directory
                return Tags(rows=mapped_rows, codes=mapped_codes, labels=tuple(old_labels))
        old_rows = np.asarray(mapped_rows, dtype=np.int64)
        old_codes = np.asarray(mapped_codes, dtype=np.int64)
        stale = np.zeros(self.n_old, dtype=bool)  # rows whose old entries go: removed or patched
        stale[self.removed] = True
        stale[self.patched_at] = True
        keep = ~stale[old_rows]
        rows_kept, codes_kept = self.position[old_rows[keep]], old_codes[keep]
        # The small part's rows at their new positions (``order`` put each there).
        at = np.flatnonzero(self.order >= self.n_old)
        small_position = np.empty(len(at), dtype=np.int64)
        small_position[self.order[at] - self.n_old] = at
        part_rows = small_position[np.asarray(part.rows, dtype=np.int64)]
        used = np.bincount(codes_kept, minlength=len(old_labels)) > 0
        names = sorted({old_labels[c] for c in np.flatnonzero(used)} | set(part.labels))
        rank = {x: i for i, x in enumerate(names)}
        old_rank = np.array([rank.get(x, -1) for x in old_labels] + [-1], dtype=np.int64)
        part_rank = np.array([rank[x] for x in part.labels] + [-1], dtype=np.int64)
        codes_kept = old_rank[codes_kept]
        part_codes = part_rank[np.asarray(part.codes, dtype=np.int64)]
        order = np.argsort(part_rows, kind="stable")
        part_rows, part_codes = np.asarray(part_rows)[order], part_codes[order]
        where = np.searchsorted(rows_kept, part_rows, side="left")
        rows = np.insert(rows_kept, where, part_rows)
        codes = np.insert(codes_kept, where, part_codes)
        return Tags(rows=rows.astype(ROW), codes=narrow(codes), labels=tuple(names))

    def _ids(self, numbers: np.ndarray, reuse: dict[str, Path]) -> tuple[np.ndarray, RowsById]:
        old = self.numbers
        if self.identity:  # no row moved, and a patched row keeps its id
            for stem in (encoded.ID_NUMBERS, encoded.SORTED_NUMBERS, encoded.SORTED_ROWS):
                reuse[stem] = self.directory
            return old, self.lookup
        new = self._take(np.asarray(old), numbers)
        self._same(encoded.ID_NUMBERS, new, old, reuse)
        # The index: the stored one renumbered (removed rows dropped), the inserted rows' numbers merged in.
        rows = self.position[np.asarray(self.lookup.rows, dtype=np.int64)]
        kept = rows >= 0
        sorted_kept, rows_kept = np.asarray(self.lookup.numbers)[kept], rows[kept]
        fresh = np.flatnonzero(self.order >= self.n_old)
        fresh = fresh[~np.isin(fresh, self.patched_new)]  # a patched row keeps its id
        fresh_numbers = new[fresh]
        by_number = np.argsort(fresh_numbers)
        fresh_numbers, fresh = fresh_numbers[by_number], fresh[by_number]
        where = np.searchsorted(sorted_kept, fresh_numbers)
        lookup = RowsById.ordered(
            np.insert(sorted_kept, where, fresh_numbers),
            np.insert(rows_kept, where, fresh).astype(self.lookup.rows.dtype),
        )
        self._same(encoded.SORTED_NUMBERS, lookup.numbers, self.lookup.numbers, reuse)
        self._same(encoded.SORTED_ROWS, lookup.rows, self.lookup.rows, reuse)
        return new, lookup


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
