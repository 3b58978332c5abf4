"""The Statements table's page: today's path (the corpus' selection sorted in memory, the page's rows read by
id) against a page from SQL (``quoteline.query.lake_pages``: keyset, a jump by ``OFFSET``), newest first.

For one store, in one process loaded as the dashboard loads it (``load_corpus``, lean past
``lake_rows_min_statements``; the display columns read, as ``components.data.preload`` does), and for a few
filter states SQL can express (everything, one leader, one leader's year, a topic, direct quotes of one
outlet), it times, median of ``--rounds``:

- ``select``: the corpus' selection (every page run makes it anyway, for the counts and charts);
- today: ``table_order`` of the selection (the sort, once: it is remembered for the view), then what the
  grid reads of page 1 and of the middle page (``grid_rows``, once: a lean corpus remembers a page read);
- SQL: ``statements_page`` for page 1, page 2 after page 1's key, and the middle page by ``OFFSET``, with the
  same display columns;

and says whether SQL's page 1 and middle page hold the same ids in the same order as today's.

Run: ``.venv/bin/python benchmarks/table_paging.py STORE [--rounds 3] [--size 500]``
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from components.statements_table import tag_lists  # noqa: E402
from quoteline import settings  # noqa: E402
from quoteline.query.filters import Filters, select  # noqa: E402
from quoteline.query.lake import open_lake  # noqa: E402
from quoteline.query.lake_pages import filters_condition, statements_page  # noqa: E402
from quoteline.query.load import load_corpus  # noqa: E402
from quoteline.query.order import table_order  # noqa: E402
from quoteline.query.table_pages import TABLE_COLUMNS  # noqa: E402
from quoteline.schema import S  # noqa: E402
from quoteline.store import Store  # noqa: E402

# The table's columns (declared once: ``quoteline.query.table_pages.TABLE_COLUMNS``) that a SQL page reads
# from the lake: not ``n_sources``, which the corpus derives (no stored column holds it), nor the statement
# id, which every page returns anyway.
DISPLAY = [c for c in TABLE_COLUMNS if c not in (S.n_sources, S.statement_id)]


def timed(make: Callable[[], Any], rounds: int) -> tuple[float, Any]:
    """Median wall milliseconds of ``rounds`` calls, and the last result."""
    spent, got = [], None
    for _ in range(rounds):
        t0 = time.perf_counter()
        got = make()
        spent.append((time.perf_counter() - t0) * 1000)
    return statistics.median(spent), got


def states(corpus: Any) -> list[tuple[str, Filters]]:
    """The filter states timed: each one SQL can express (``lake_pages.filters_condition``)."""
    leader = max(corpus.speaker_counts().items(), key=lambda kv: kv[1])[0]
    topic = corpus.topics.labels[0]
    outlet = str(corpus.frame[S.outlet].value_counts().index[0])
    return [
        ("everything", Filters()),
        ("one leader", Filters(leaders=(leader,))),
        (
            "one leader, 2023",
            Filters(leaders=(leader,), date_from=date(2023, 1, 1), date_to=date(2023, 12, 31)),
        ),
        ("a topic", Filters(topics=(topic,))),
        ("direct, one outlet", Filters(kinds=("direct",), outlets=(outlet,))),
    ]


def grid_rows(corpus: Any, rows: np.ndarray) -> pd.DataFrame:
    """What the grid reads of a page's rows (``statements_table.frame_of`` without the links): the display
    columns by row (``Corpus.take``; from the lake by id when lean), the tags from the exploded lists."""
    plain = [c for c in DISPLAY if c not in (S.topics, S.counterparts)]
    frame = corpus.take(rows, [*plain, S.statement_id])
    frame[S.topics] = tag_lists(corpus.topics, rows, len(corpus))
    frame[S.counterparts] = tag_lists(corpus.counterparts, rows, len(corpus))
    return frame


def measure(name: str, filters: Filters, corpus: Any, lake: Any, size: int, rounds: int) -> str:
    """One table row of the printout: the filter state timed both ways."""
    condition = filters_condition(filters)
    assert condition is not None
    where, params = condition
    select_ms, selection = timed(lambda: select(corpus, filters), rounds)
    sort_ms, ordered = timed(
        lambda: table_order(corpus, filters, "date", True, selection), 1
    )  # then remembered
    middle = (len(ordered) // size // 2) * size
    first_ms, first = timed(lambda: grid_rows(corpus, ordered[:size]), 1)
    mid_ms, mid = timed(lambda: grid_rows(corpus, ordered[middle : middle + size]), 1)
    sql1_ms, page1 = timed(lambda: statements_page(lake, DISPLAY, where, params, size=size), rounds)
    key = page1.next_key
    sql2_ms, _ = timed(lambda: statements_page(lake, DISPLAY, where, params, size=size, after=key), rounds)
    sqlm_ms, pagem = timed(
        lambda: statements_page(lake, DISPLAY, where, params, size=size, offset=middle), rounds
    )
    today_ids = [[str(i) for i in frame[S.statement_id]] for frame in (first, mid)]
    sql_ids = [page.rows.column(S.statement_id).to_pylist() for page in (page1, pagem)]
    return (
        f"{name} | {len(ordered):,} | {select_ms:.0f} | {sort_ms:.0f}, {first_ms:.0f}, {mid_ms:.0f} | "
        f"{sql1_ms:.0f}, {sql2_ms:.0f}, {sqlm_ms:.0f} | {'yes' if today_ids == sql_ids else 'no'}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--size", type=int, default=500)
    args = parser.parse_args()
    store = Store(args.store)
    t0 = time.perf_counter()
    corpus = load_corpus(store, lean_from=settings.get_int("lake_rows_min_statements"))
    reading = corpus.prefetch()
    if reading is not None:
        reading.join()
    lean = corpus.rows_from is not None
    loaded = time.perf_counter() - t0
    print(f"{len(corpus):,} statements, {'lean' if lean else 'full'} corpus, loaded in {loaded:.1f} s")
    lake = open_lake(store)
    print(
        "state | rows | select ms | today: sort ms, page 1 ms, middle page ms | "
        "SQL: page 1 ms, page 2 (key) ms, middle page (offset) ms | same rows and order"
    )
    for name, filters in states(corpus):
        print(measure(name, filters, corpus, lake, args.size, args.rounds), flush=True)
    lake.close()


if __name__ == "__main__":
    main()
