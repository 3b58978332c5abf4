"""What the dashboard needs to show corrections: which values of a statement were corrected, and which
statements carry any correction (for the marks beside corrected values)."""

from __future__ import annotations

from quoteline.schema import S
from quoteline.store import Store
from quoteline.store.overlay import CORRECTED


def statement_marks(store: Store, statement_id: str) -> set[str]:
    """The fields of a statement that corrections set: speaker, date, kind, topics, stance, counterparts,
    text (its span), outlet (its article's), add (the whole statement was added by an analyst)."""
    manifest = store.manifest()
    ov = store.overlay(manifest)
    if ov.empty:
        return set()
    marks = ov.statement_marks(statement_id)
    raw = store.statement(statement_id, raw=True, manifest=manifest)
    if raw is not None:
        if ov.merged_into(raw[S.speaker]) != raw[S.speaker]:
            marks.add("speaker")
        if "outlet" in ov.article_fields.get(raw[S.article_id], {}):
            marks.add("outlet")
    return marks


def corrected_statement_ids(store: Store) -> set[str]:
    """Ids of the statements that any correction changed or added."""
    if store.overlay(store.manifest()).empty:
        return set()  # nothing corrected: no need to read a column of a large store
    table, _ = store.read_arrow("statements", [S.statement_id, CORRECTED])
    return set(table.filter(table[CORRECTED])[S.statement_id].to_pylist())
