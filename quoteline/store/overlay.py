"""The corrections log applied on top of the extracted tables, as Arrow tables, at read time.

The extracted tables are never rewritten by a correction: every reader (views, exports, the dashboard) gets
``extracted + log``, and ``raw=True`` gives the extraction alone. Everything a correction needs at read time
is in its entry (a re-dated article's statement dates, an edited span's text), so applying the log reads no
other table. Rows are kept in the extracted order; added statements come last. With an empty log nothing is
done at all, so a store without corrections reads exactly as fast as before.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Final

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from quoteline.schema import A, C, S

LOGGER = logging.getLogger(__name__)

CORRECTED: Final = "corrected"  # pseudo-column: whether any value of the row was corrected
# A statement field correction and the stored columns it sets.
_SPAN_COLUMNS: Final = (S.start, S.end, S.text)


@dataclass
class Overlay:
    """The active corrections of a log, indexed for applying them."""

    statement_fields: dict[str, dict[str, Any]] = field(default_factory=dict)  # sid -> field -> value
    deleted: set[str] = field(default_factory=set)
    added: dict[str, dict[str, Any]] = field(default_factory=dict)  # sid -> full statement row
    article_fields: dict[str, dict[str, Any]] = field(default_factory=dict)  # article id -> field -> value
    derived: dict[str, dict[str, Any]] = field(default_factory=dict)  # sid -> re-derived date fields
    merges: dict[str, str] = field(default_factory=dict)  # speaker -> the speaker it was merged into
    # sid -> the dates its active date corrections replaced (the first of them the extracted date): where a
    # reader of the extracted row by its date's partition looks (``encoded_changes``), not in ``empty``.
    replaced_dates: dict[str, set[Any]] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        """Whether there is nothing to apply."""
        return not (
            self.statement_fields
            or self.deleted
            or self.added
            or self.article_fields
            or self.derived
            or self.merges
        )

    def statement_marks(self, statement_id: str) -> set[str]:
        """The fields of a statement that a correction set (for the marks the dashboard shows)."""
        marks = set(self.statement_fields.get(statement_id, {}))
        if statement_id in self.derived:
            marks.add("date")
        if statement_id in self.added:
            marks.add("add")
        return {"text" if m == "span" else m for m in marks}

    def merged_into(self, speaker: str) -> str:
        """The speaker ``speaker`` now reads as, after every active merge (chains followed, cycles cut)."""
        seen = {speaker}
        while speaker in self.merges and self.merges[speaker] not in seen:
            speaker = self.merges[speaker]
            seen.add(speaker)
        return speaker


def active_entries(log: pd.DataFrame) -> pd.DataFrame:
    """The entries in force: not undone by an undo that is itself in force (an undo can be undone)."""
    if log.empty:
        return log
    cancelled: set[str] = set()
    active = []
    # An undo always names an earlier entry, so walking back from the newest settles each entry in one pass.
    for entry_id, fld, undoes in list(zip(log[C.entry_id], log[C.field], log[C.undoes], strict=True))[::-1]:
        on = entry_id not in cancelled
        active.append(on)
        if on and fld == "undo" and isinstance(undoes, str):
            cancelled.add(undoes)
    return log[np.array(active[::-1], dtype=bool)]


def _load(value: Any) -> Any:
    return None if value is None or (isinstance(value, float) and np.isnan(value)) else json.loads(value)


def build(log: pd.DataFrame) -> Overlay:
    """The overlay of a corrections log (in the order it was written; later entries win)."""
    ov = Overlay()
    for row in active_entries(log).to_dict("records"):
        kind, target, fld = row[C.target_type], row[C.target], row[C.field]
        new = _load(row[C.new])
        if kind == "statement":
            if fld == "delete":
                ov.deleted.add(target)
            elif fld == "add":
                ov.added[target] = new
            else:
                ov.statement_fields.setdefault(target, {})[fld] = new
                if fld == "date":
                    ov.replaced_dates.setdefault(target, set()).add(_load(row[C.old]))
        elif kind == "article":
            ov.article_fields.setdefault(target, {})[fld] = new
            derived = _load(row[C.derived])
            if fld == "published" and derived:
                ov.derived.update(derived)
        elif kind == "speaker" and fld == "merge":
            ov.merges[target] = new
    return ov


def _patch_statement(row: dict[str, Any], ov: Overlay) -> bool:
    """Apply the corrections of one statement row in place; whether any value changed."""
    sid = row[S.statement_id]
    changed = False
    redated = ov.derived.get(sid)
    # A re-derived date holds only while the extraction still has the date the correction replaced: a
    # --reextract dates the article with its corrected publication day itself.
    if redated is not None and row.get(S.date) == redated.get("was"):
        for col in (S.date, S.date_source, S.referenced_dates):
            if col in row and col in redated:
                row[col] = redated[col]
        changed = True
    for fld, value in ov.statement_fields.get(sid, {}).items():
        if fld == "span":
            for col in _SPAN_COLUMNS:
                if col in row:
                    row[col] = value[col]
        elif fld in row:
            row[fld] = value
        if fld == "date" and S.date_source in row:
            row[S.date_source] = "corrected"
        changed = True
    outlet = ov.article_fields.get(row.get(S.article_id, ""), {})
    if "outlet" in outlet:
        if S.outlet in row:
            row[S.outlet] = outlet["outlet"]
        changed = True
    return changed


def keys_needed(ov: Overlay, columns: Sequence[str]) -> list[str]:
    """The columns applying ``ov`` to a read of ``columns`` needs besides them."""
    keys = [S.statement_id]
    if any("outlet" in f for f in ov.article_fields.values()) and (
        S.outlet in columns or CORRECTED in columns
    ):
        keys.append(S.article_id)
    if ov.merges and CORRECTED in columns:
        keys.append(S.speaker)  # to mark the rows a merge renamed
    redated = (S.date, S.date_source, S.referenced_dates, CORRECTED)
    if ov.derived and any(c in columns for c in redated):
        keys.append(S.date)  # a re-derived date holds only while the extraction has the date it replaced
    return [k for k in keys if k not in columns]


def _patch_columns(table: pa.Table, touched: np.ndarray, rows: list[dict[str, Any]]) -> pa.Table:
    """``table`` with the rows at ``touched`` (ascending) replaced by ``rows``, column by column.

    Only the columns whose values changed are rebuilt, and each in place (rows keep the extracted order,
    so every column set read of one commit lines up row for row): a handful of corrections on a million
    rows costs milliseconds, not a copy of the table.
    """
    before = table.take(pa.array(touched)).to_pylist()
    for name in table.column_names:
        if all(old.get(name) == new.get(name) for old, new in zip(before, rows, strict=True)):
            continue
        column = table[name].combine_chunks()
        values = pa.array([r[name] for r in rows], type=column.type)
        mask = np.zeros(table.num_rows, dtype=bool)
        mask[touched] = True
        try:
            fixed = pc.replace_with_mask(column, pa.array(mask), values)
        except (pa.ArrowNotImplementedError, pa.ArrowInvalid):
            # Types replace_with_mask lacks (lists): rebuild through a take, still only this column.
            rest = np.flatnonzero(~mask)
            joined = pa.concat_arrays([column.take(pa.array(rest)), values])
            fixed = joined.take(pa.array(np.argsort(np.concatenate([rest, touched]), kind="stable")))
        table = table.set_column(table.column_names.index(name), name, fixed)
    return table


def apply_statements(table: pa.Table, ov: Overlay, columns: Sequence[str]) -> pa.Table:
    """``table`` (holding ``columns`` and ``keys_needed``) with the overlay applied, as ``columns``.

    ``columns`` may name the pseudo-column ``corrected``.
    """
    n = table.num_rows
    if ov.empty:
        if CORRECTED in columns:
            table = table.append_column(CORRECTED, pa.array(np.zeros(n, dtype=bool)))
        return table.select(list(columns))
    if ov.deleted:
        gone = pc.is_in(table[S.statement_id], value_set=pa.array(sorted(ov.deleted), pa.string()))
        table = table.filter(pc.invert(gone))
        n = table.num_rows
    marked = np.zeros(n, dtype=bool)
    touched_ids = pa.array(sorted(set(ov.statement_fields) | set(ov.derived)), pa.string())
    mask = pc.is_in(table[S.statement_id], value_set=touched_ids)
    if S.article_id in table.column_names:
        outlets = pa.array(sorted(a for a, f in ov.article_fields.items() if "outlet" in f), pa.string())
        mask = pc.or_(mask, pc.is_in(table[S.article_id], value_set=outlets))
    touched = np.flatnonzero(mask.to_numpy(zero_copy_only=False))
    if touched.size:
        rows = table.take(pa.array(touched)).to_pylist()
        flags = [_patch_statement(row, ov) for row in rows]
        table = _patch_columns(table, touched, rows)
        marked[touched] = flags
    extra = [row for sid, row in ov.added.items() if sid not in ov.deleted]
    if extra:
        added = pa.Table.from_pylist([dict(r) for r in extra], schema=table.schema)
        table = pa.concat_tables([table, added])
        marked = np.concatenate([marked, np.ones(len(extra), dtype=bool)])
    if ov.merges and S.speaker in table.column_names:
        # Column-wise in Arrow, one pass per merged name: a million rows stay a few milliseconds.
        speakers = table[S.speaker]
        merged = speakers
        for name in ov.merges:
            final = ov.merged_into(name)
            if final == name:
                continue
            hit = pc.fill_null(pc.equal(speakers, name), False)
            if not pa.types.is_dictionary(speakers.type):
                merged = pc.if_else(hit, pa.scalar(final, pa.string()), merged)
            marked |= hit.to_numpy(zero_copy_only=False)
        if pa.types.is_dictionary(speakers.type):
            merged = _renamed(speakers, ov)
        table = table.set_column(table.column_names.index(S.speaker), S.speaker, merged)
    if CORRECTED in columns:
        table = table.append_column(CORRECTED, pa.array(marked))
    return table.select(list(columns))


def _renamed(speakers: pa.ChunkedArray, ov: Overlay) -> pa.ChunkedArray:
    """A dictionary-encoded speaker column after the merges, still encoded: each chunk's few names are
    renamed and re-encoded (two names merged into one share an index), never its rows' strings."""
    chunks = []
    for chunk in speakers.chunks:
        names = pa.array([ov.merged_into(n) for n in chunk.dictionary.to_pylist()], pa.string())
        encoded = pc.dictionary_encode(names)
        chunks.append(pa.DictionaryArray.from_arrays(encoded.indices.take(chunk.indices), encoded.dictionary))
    return pa.chunked_array(chunks, speakers.type)


def apply_articles(table: pa.Table, ov: Overlay, columns: Sequence[str]) -> pa.Table:
    """``table`` (holding ``columns`` and ``article_id``) with the article corrections applied."""
    fixes = ov.article_fields
    marked = np.zeros(table.num_rows, dtype=bool)
    if fixes:
        ids = table[A.article_id].to_pylist()
        marked = np.array([i in fixes for i in ids], dtype=bool)
        for col in (A.published, A.outlet, A.title):
            if col not in table.column_names or not any(col in f for f in fixes.values()):
                continue
            values = table[col].to_pylist()
            fixed = [fixes.get(i, {}).get(col, v) for i, v in zip(ids, values, strict=True)]
            table = table.set_column(table.column_names.index(col), col, pa.array(fixed, pa.string()))
    if CORRECTED in columns:
        table = table.append_column(CORRECTED, pa.array(marked))
    return table.select(list(columns))
