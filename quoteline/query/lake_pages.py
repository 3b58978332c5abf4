"""Pages of statements from the lake, newest first: what a statements table shows, a page at a time.

Keyset paging: a page ends at a key (its last row's day and statement id) and the next page starts after
it, so page 1,000 costs what page 1 costs (an ``OFFSET`` would read and drop every row before it) and a page
never repeats or skips a row. Undated statements come after every dated one. ``offset`` is there too, for a
jump to a page number.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

import pyarrow as pa

from quoteline.query.lake import Lake, quote
from quoteline.schema import S
from quoteline.store.tables import DAY

# Undated rows sort as this day: after every real one when newest first.
_UNDATED: Final = date(1, 1, 1)
_SORT: Final = "_sort_day"


@dataclass(frozen=True)
class Page:
    """One page of rows and the key the next page starts after (None: this was the last page)."""

    rows: pa.Table
    next_key: tuple[date, str] | None


def statements_page(
    lake: Lake,
    columns: Sequence[str],
    where: str = "true",
    params: Sequence[Any] = (),
    *,
    size: int = 50,
    after: tuple[date, str] | None = None,
    offset: int = 0,
) -> Page:
    """Up to ``size`` statements matching the SQL condition ``where`` (with ``params``), newest first, then
    by statement id; after the key ``after`` (a previous page's ``next_key``), or ``offset`` rows in. The
    rows hold ``columns`` and ``statement_id``."""
    if size <= 0:
        raise ValueError("a page holds at least one row")
    picked = ", ".join(quote(c) for c in dict.fromkeys([*columns, S.statement_id]))
    sort = f"coalesce({DAY}, DATE '{_UNDATED.isoformat()}')"
    bound = ""
    args: list[Any] = list(params)
    if after is not None:
        bound = f"AND ({sort} < ? OR ({sort} = ? AND {S.statement_id} < ?))"
        args += [after[0], after[0], after[1]]
    sql = f"""SELECT {picked}, {sort} AS {_SORT} FROM statements WHERE ({where}) {bound}
        ORDER BY {_SORT} DESC, {S.statement_id} DESC LIMIT {int(size) + 1} OFFSET {int(offset)}"""
    table = lake.table(sql, args)
    more = table.num_rows > size
    table = table.slice(0, size)
    key = None
    if more and table.num_rows:
        last = table.num_rows - 1
        key = (table.column(_SORT)[last].as_py(), table.column(S.statement_id)[last].as_py())
    return Page(table.drop_columns([_SORT]), key)
