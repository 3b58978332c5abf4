"""``benchmarks/duck_mapped.py``: DuckDB over the corpus' own arrays gives the Statements table's pages
(keyset and OFFSET, in the table's order) and the leader page's (speaker, week) counts for every filter
state it times, and the script runs on a tiny store."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.duck_mapped import MappedSql, numpy_leader_weeks, states
from quoteline.query.filters import Filters, select
from quoteline.query.load import load_corpus
from quoteline.query.order import table_order
from quoteline.query.table_pages import page_bounds, page_count
from quoteline.schema import S
from quoteline.store import Store
from quoteline.store.synthetic import fake_batch

ROOT = Path(__file__).resolve().parent.parent


def _store(root: Path) -> Store:
    """Invented statements sharing days (five an article), year- and month-only dates, undated rows, rows of
    no known outlet, and clusters: one whose ten rows share a speaker and a week (a cell counts it once),
    one whose rows fall in weeks of their own."""
    store = Store(root)
    articles, statements = fake_batch(60, 5, seed=21, clustered=True)
    at = statements.index
    statements.loc[at[60:70], S.cluster_id] = statements.loc[at[60], S.cluster_id]
    statements.loc[at[60:70], S.speaker] = statements.loc[at[60], S.speaker]
    statements.loc[at[60:70], S.date] = ["2022-05-0" + str(2 + i % 5) for i in range(10)]
    statements.loc[at[70:74], S.cluster_id] = statements.loc[at[70], S.cluster_id]
    statements.loc[at[70:74], S.date] = ["2022-06-01", "2022-06-15", "2022-07-01", "2022-08-01"]
    statements.loc[statements.index[:15], S.date] = None
    statements.loc[statements.index[15:25], S.date] = "2021"
    statements.loc[statements.index[25:35], S.date] = "2021-03"
    statements.loc[statements.index[35:60], S.outlet] = None
    statements[S.counterparts] = [["Ruritania"] if i % 4 == 0 else [] for i in range(len(statements))]
    store.add(articles, statements)
    return store


@pytest.mark.parametrize("lean", [False, True])
def test_sql_pages_and_counts_are_the_numpy_engines(tmp_path: Path, lean: bool) -> None:
    """Walking the keyset pages gives the table's pages (``table_pages.page_bounds`` of ``table_order``)
    row for row, an OFFSET jump gives page 3, and the (speaker, week) bins count what ``count_cells``
    counts; the search and "Leaders only" come in as a registered mask."""
    corpus = load_corpus(_store(tmp_path / "store"), lean_from=0 if lean else None)
    sql = MappedSql(corpus, threads=1)
    chosen = [f for _, f in states(corpus)] + [Filters(search="the"), Filters(in_office=True)]
    size, non_empty = 11, 0
    for filters in chosen:
        ordered = table_order(corpus, filters, "date", True)
        where = sql.condition(filters)
        assert sql.total(where)[0] == len(ordered), filters
        pages = [sql.page(where, size)]
        while pages[-1].next_key is not None:
            pages.append(sql.page(where, size, after=pages[-1].next_key))
        assert len(pages) == page_count(len(ordered), size), filters
        for number, page in enumerate(pages, start=1):
            start, stop = page_bounds(number, len(ordered), size)
            assert page.rows.tolist() == ordered[start:stop].tolist(), (filters, number)
        start, stop = page_bounds(3, len(ordered), size)
        if len(ordered) > 2 * size:
            assert sql.page(where, size, offset=2 * size).rows.tolist() == ordered[start:stop].tolist()
        weeks = sql.leader_weeks(where)
        assert weeks == numpy_leader_weeks(corpus, select(corpus, filters).dated), filters
        assert sql.leader_weeks_less_repeats(where) == weeks, filters
        non_empty += bool(len(ordered))
    assert non_empty >= 10  # the states select rows: the comparisons are not of empty pages
    everything = sql.leader_weeks(sql.condition(Filters()))
    assert sum(everything.values()) < len(select(corpus, Filters()).dated)  # the cluster's repeats are out


def test_the_benchmark_runs_and_finds_both_paths_equal(tmp_path: Path) -> None:
    store = _store(tmp_path / "store")
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "duck_mapped.py"), str(store.root), "--rounds", "1"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "DIFFERENT" not in done.stdout
    assert done.stdout.count(" same") == len(states(load_corpus(store)))
    assert "sql: page run |" in done.stdout
    assert "numpy: page run |" in done.stdout
