"""Keyset pages of the lake's statements: every matching row once, newest first, undated last; and the same
pages as the Statements table's for every filter state SQL expresses."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from quoteline.query.corpus import NO_OUTLET, Corpus
from quoteline.query.filters import Filters
from quoteline.query.lake import open_lake
from quoteline.query.lake_pages import filters_condition, statements_page
from quoteline.query.load import load_corpus
from quoteline.query.order import table_order
from quoteline.schema import S
from quoteline.store import Store
from quoteline.store.synthetic import fake_batch


def test_pages_cover_every_row_once_in_order(tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    articles, statements = fake_batch(30, 3, seed=51)
    statements.loc[statements.index[:5], S.date] = None  # undated rows sort last
    store.add(articles, statements)
    frame = store.statements([S.statement_id, S.date, S.kind])
    direct = frame[frame[S.kind] == "direct"]
    seen: list[str] = []
    with open_lake(store) as lake:
        page = statements_page(lake, [S.date], "kind = ?", ["direct"], size=7)
        pages = 1
        seen += page.rows.column(S.statement_id).to_pylist()
        while page.next_key is not None:
            page = statements_page(lake, [S.date], "kind = ?", ["direct"], size=7, after=page.next_key)
            seen += page.rows.column(S.statement_id).to_pylist()
            pages += 1
        by_offset = statements_page(lake, [S.date], "kind = ?", ["direct"], size=7, offset=7)
    assert sorted(seen) == sorted(direct[S.statement_id])
    assert len(seen) == len(set(seen))
    assert pages == -(-len(direct) // 7)
    dates = direct.set_index(S.statement_id)[S.date]
    ordered = [dates[s] for s in seen]
    dated = [d for d in ordered if isinstance(d, str)]
    assert ordered[: len(dated)] == dated  # undated after every dated row
    first_days = [(d + "-01-01")[:10] if len(d) == 4 else (d + "-01")[:10] for d in dated]
    assert first_days == sorted(first_days, reverse=True)  # newest first
    assert by_offset.rows.column(S.statement_id).to_pylist() == seen[7:14]


def _tied_store(root: Path) -> Store:
    """Invented statements sharing days (five per article), with year-only and month-only dates, undated
    rows, rows of no known outlet, and counterparts."""
    store = Store(root)
    articles, statements = fake_batch(60, 5, seed=18)
    n = len(statements)
    statements.loc[statements.index[:15], S.date] = None
    statements.loc[statements.index[15:25], S.date] = "2021"
    statements.loc[statements.index[25:35], S.date] = "2021-03"
    statements.loc[statements.index[35:60], S.outlet] = None
    statements[S.counterparts] = [["Ruritania"] if i % 4 == 0 else [] for i in range(n)]
    store.add(articles, statements)
    return store


def _states(corpus: Corpus) -> list[Filters]:
    leaders = sorted(corpus.speaker_counts())
    topics = sorted(corpus.topics.labels)
    outlets = sorted(corpus.category_values(S.outlet))
    return [
        Filters(),
        Filters(leaders=(leaders[0],)),
        Filters(leaders=tuple(leaders[:2]), stances=("praise", "criticism")),
        Filters(topics=(topics[0],)),
        Filters(counterparts=("Ruritania",), kinds=("direct",)),
        Filters(outlets=(outlets[0], NO_OUTLET)),
        Filters(date_from=date(2021, 1, 1), date_to=date(2021, 12, 31)),
        Filters(date_from=date(2021, 3, 1)),
        Filters(leaders=(leaders[1],), date_to=date(2022, 6, 30)),
    ]


@pytest.mark.parametrize("lean", [False, True])
def test_sql_pages_are_the_tables_pages_for_every_filter_sql_expresses(tmp_path: Path, lean: bool) -> None:
    """For each filter state ``filters_condition`` writes as SQL, the keyset pages and an OFFSET jump hold
    the rows of the Statements table's pages (its selection in memory, newest first), in the same order:
    one day's statements (five an article) by statement id, year- and month-only dates on their first day,
    undated last. The lean corpus (ids held as keys) and the full one (ids as strings) agree."""
    store = _tied_store(tmp_path / "store")
    corpus = load_corpus(store, lean_from=0 if lean else None)
    assert (corpus.rows_from is not None) is lean
    with open_lake(store) as lake:
        for filters in _states(corpus):
            table = table_order(corpus, filters, "date", True)
            want = [str(i) for i in corpus.take(table, [S.statement_id])[S.statement_id]]
            condition = filters_condition(filters)
            assert condition is not None, filters
            where, params = condition
            seen: list[str] = []
            page = statements_page(lake, [S.date], where, params, size=11)
            seen += page.rows.column(S.statement_id).to_pylist()
            while page.next_key is not None:
                page = statements_page(lake, [S.date], where, params, size=11, after=page.next_key)
                seen += page.rows.column(S.statement_id).to_pylist()
            assert seen == want, filters
            jump = statements_page(lake, [S.date], where, params, size=11, offset=22)
            assert jump.rows.column(S.statement_id).to_pylist() == want[22:33], filters
    assert len(_states(corpus)) == 9


@pytest.mark.parametrize(
    "filters",
    [
        Filters(search="energy"),
        Filters(speaker_types=("person",)),
        Filters(countries=("Ruritania",)),
        Filters(in_office=True),
    ],
)
def test_filters_sql_cannot_express_page_in_memory(filters: Filters) -> None:
    """The search and the speaker's type, country and office have no condition here: the table pages
    its in-memory selection for them."""
    assert filters_condition(filters) is None
