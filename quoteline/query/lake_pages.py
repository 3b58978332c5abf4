"""Pages of statements from the lake, newest first: what a statements table shows, a page at a time.

Keyset paging: a page ends at a key (its last row's day and statement id) and the next page starts after
it, so page 1,000 costs what page 1 costs (an ``OFFSET`` would read and drop every row before it) and a page
never repeats or skips a row. Undated statements come after every dated one. ``offset`` is there too, for a
jump to a page number.

The order is the Statements table's default one (``quoteline.query.order.newest_first``: day, then statement
id, both descending), and ``filters_condition`` writes the dashboard's filters as the SQL condition where it
can, so a page from here is the table's page for those filter states (``tests/test_lake_pages.py``). The table
itself still pages its in-memory selection: docs/scale_history.md, "The table's pages from SQL, and streamed
downloads: measured (session 18)".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

import pyarrow as pa

from quoteline.query.corpus import NO_OUTLET
from quoteline.query.filters import Filters
from quoteline.query.lake import Lake, quote
from quoteline.schema import S
from quoteline.store.tables import DAY, YEAR

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


def filters_condition(filters: Filters) -> tuple[str, list[Any]] | None:
    """The dashboard's ``filters`` as a condition over the lake's ``statements`` view that keeps the rows
    ``quoteline.query.filters.select`` keeps, and its parameters; None when a filter has no SQL here: the
    search (its query language and index), and the speaker's type, country and office, which come from the
    knowledge base's facts about each speaker rather than from a stored column."""
    if filters.search.strip() or filters.speaker_types or filters.countries or filters.in_office:
        return None
    where: list[str] = []
    params: list[Any] = []
    for column, wanted in (
        (S.speaker, filters.leaders),
        (S.stance, filters.stances),
        (S.kind, filters.kinds),
    ):
        if wanted:
            where.append(f"list_contains(?, {column})")
            params.append(list(wanted))
    if filters.outlets:  # the corpus names a statement of no known outlet NO_OUTLET
        where.append(f"list_contains(?, coalesce({S.outlet}, ?))")
        params += [list(filters.outlets), NO_OUTLET]
    for column, wanted in ((S.topics, filters.topics), (S.counterparts, filters.counterparts)):
        if wanted:
            where.append(f"list_has_any({column}, ?)")
            params.append(list(wanted))
    # The year bound reaches the files (a partition column); the day bound is the filter. A range drops
    # undated rows, as the corpus' does.
    if filters.date_from is not None:
        where += [f"{YEAR} >= {filters.date_from.year}", f"{DAY} >= ?"]
        params.append(filters.date_from)
    if filters.date_to is not None:
        where += [f"{YEAR} <= {filters.date_to.year}", f"{DAY} <= ?"]
        params.append(filters.date_to)
    return (" AND ".join(where) or "true"), params
