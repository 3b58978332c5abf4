"""The encoded folder's update, second half: the changed rows (``encoded_changes.Changes``) spliced into
the previous folder's mapped arrays, and the new folder written.

The changed rows are encoded as a small corpus (``Corpus.from_columns``) and spliced in: the categories'
labels are unified and put back in order of first appearance (unused ones dropped), the tag lists re-ranked,
clusters found among the stored ones by their fingerprints (``encoded.CLUSTER_SORTED``), the id index
merged. The result is what a rebuild gives, byte for byte (``tests/test_encoded_update.py`` compares every
file). The folder is written by ``encoded.write`` (atomic), with every file whose bytes did not change
hard-linked from the previous folder instead of written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd
import pyarrow as pa

from quoteline.query import encoded, id_numbers
from quoteline.query.corpus import (
    CLUSTER,
    CLUSTER_FINGERPRINTS,
    CLUSTER_SIZE,
    DAY,
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
from quoteline.query.encoded_changes import Changes, Previous, Rebuild, tables_of
from quoteline.query.id_numbers import RowsById
from quoteline.schema import S
from quoteline.store.manifest import Manifest

_CATEGORIES: Final = (S.speaker, S.kind, S.stance, S.outlet, S.speaker_type)


def write(root: Path, manifest: Manifest, previous: Previous, changes: Changes) -> None:
    """Write ``manifest``'s folder in ``root``: ``previous`` with ``changes`` spliced in."""
    _Splice(root, manifest, previous, changes).write()


class _Splice:
    def __init__(self, root: Path, manifest: Manifest, previous: Previous, changes: Changes) -> None:
        self.root, self.manifest, self.changes = root, manifest, changes
        self.directory, self.files, self.labels = previous.directory, previous.files, previous.labels
        self.n_old, self.load = previous.n_old, previous.load
        self.removed, self.start_added, self.first = changes.removed, changes.start_added, changes.first
        self.numbers, self.lookup = changes.numbers, changes.lookup
        self.merges_changed, self.new_overlay = changes.merges_changed, changes.overlay

    def write(self) -> None:
        small = self.changes
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
            self.root,
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
