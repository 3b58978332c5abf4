"""The corrections log as a table to read: filtered, with each entry's status, and orphans found.

An entry is *active* unless an undo in force cancelled it. It is *orphaned* when its target is gone from the
extraction (a ``--reextract`` that no longer finds the statement, say): it is kept and listed, never dropped,
and applies again if its target comes back.
"""

from __future__ import annotations

import json
import logging

import pandas as pd

from quoteline.schema import A, C, S
from quoteline.store import Store
from quoteline.store.overlay import active_entries

LOGGER = logging.getLogger(__name__)

ACTIVE = "active"
ORPHANED = "orphaned"


def annotated(store: Store) -> pd.DataFrame:
    """The whole log, oldest first, with ``active`` and ``orphaned`` columns."""
    log = store.corrections()
    if log.empty:
        return log.assign(**{ACTIVE: pd.Series(dtype=bool), ORPHANED: pd.Series(dtype=bool)})
    active = set(active_entries(log)[C.entry_id])
    statements = set(store.statements([S.statement_id], raw=True)[S.statement_id])
    articles = set(store.articles([A.article_id], raw=True)[A.article_id])
    added = set(log.loc[log[C.field] == "add", C.target])

    def orphaned(kind: str, target: str, fld: str, new: str) -> bool:
        if kind == "statement" and fld == "add":
            return json.loads(new).get(S.article_id) not in articles
        if kind == "statement":
            return target not in statements and target not in added
        if kind == "article":
            return target not in articles
        return False

    flags = [
        orphaned(k, t, f, n)
        for k, t, f, n in zip(log[C.target_type], log[C.target], log[C.field], log[C.new], strict=True)
    ]
    out = log.copy()
    out[ACTIVE] = log[C.entry_id].isin(active)
    out[ORPHANED] = pd.Series(flags, index=log.index, dtype=bool)
    return out


def select(
    log: pd.DataFrame,
    *,
    since: str | None = None,
    by: str | None = None,
    target: str | None = None,
    field: str | None = None,
    orphaned: bool = False,
) -> pd.DataFrame:
    """The entries matching every filter given (``since``: YYYY[-MM[-DD]], on or after, UTC)."""
    keep = pd.Series(True, index=log.index)
    if since:
        day = log[C.at].dt.strftime("%Y-%m-%d")
        keep &= day.str[: len(since)] >= since
    if by:
        keep &= log[C.by].str.casefold() == by.casefold()
    if target:
        keep &= log[C.target] == target
    if field:
        keep &= log[C.field] == field
    if orphaned:
        keep &= log[ORPHANED]
    return log[keep]


def undated_article_count(store: Store) -> int:
    """How many articles have no publication date (corrections applied).

    Reads the one column as Arrow, without the pandera pass ``undated_articles`` makes: every dashboard page
    shows this count, and on a freshly started server building the articles schema for pandera costs more
    (about 0.4 s of CPU) than reading the column.
    """
    table, _ = store.read_arrow("articles", [A.published])
    return table.column(A.published).null_count


def undated_articles(store: Store) -> pd.DataFrame:
    """Articles with no publication date (corrections applied): id, title, outlet and source file."""
    articles = store.articles([A.article_id, A.title, A.outlet, A.published, A.source_path])
    return articles[articles[A.published].isna()].drop(columns=[A.published]).reset_index(drop=True)
