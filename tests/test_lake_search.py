"""Search as SQL over the lake finds exactly what the dashboard's Arrow search finds."""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pytest

from quoteline.query.lake import open_lake
from quoteline.query.lake_search import search_condition
from quoteline.query.search import MAX_TERMS, matches
from quoteline.schema import S
from quoteline.store import Store
from quoteline.store.synthetic import fake_batch

TEXTS = [
    "The gas pipeline to Lindor reopens on Monday",
    "Cable talks with Estmark stalled again",
    "We talked about the Amber  Sea union for hours",
    "Правительство Эстмарка ответило Линду",
    "They will transform the statement into law",
    "He denies every report of shelling at 100%_ capacity",
    "The United States planned a summit",
    "Crisis? What crisis, the minister said",
]
SPEAKERS = ["Ilse Maarten", "Oskar Lind", None, "Ilse Maarten", "Oskar Lind", None, None, None]
QUERIES = [
    "pipelines",
    "talks",
    "talking",
    "denied",
    "plans",
    "states",
    "form",
    "crisis",
    "GAS",
    '"amber sea"',
    '"sea amber"',
    "gas OR cable",
    "talks stalled OR reopens",
    "maarten",
    "lind stalled",
    "ЭСТМАРКА",
    "100%_",
    "",
]


def _arrow_search(query: str) -> list[int]:
    names = sorted({s for s in SPEAKERS if s})
    codes = np.array([names.index(s) if s else -1 for s in SPEAKERS])
    return np.flatnonzero(matches(query, pa.array(TEXTS), codes, names)).tolist()


@pytest.mark.parametrize("query", QUERIES)
def test_sql_search_equals_the_arrow_search(query: str) -> None:
    con = duckdb.connect()
    con.register("statements", pa.table({"row": range(len(TEXTS)), S.text: TEXTS, S.speaker: SPEAKERS}))
    condition, params = search_condition(query)
    found = con.sql(f"SELECT row FROM statements WHERE {condition} ORDER BY row", params=params).fetchall()
    assert [r[0] for r in found] == _arrow_search(query)


def test_too_long_a_query_is_refused() -> None:
    with pytest.raises(ValueError, match="more than"):
        search_condition(" ".join(f"w{i}" for i in range(MAX_TERMS + 1)))


def test_search_over_a_real_store(tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    store.add(*fake_batch(60, 4, seed=41))
    table = store.statements([S.statement_id, S.text, S.speaker])
    names = sorted(set(table[S.speaker]))
    codes = np.array([names.index(s) for s in table[S.speaker]])
    for query in ("border talks", '"the border"', "grain OR sanctions", "marrow accept"):
        want = set(table[S.statement_id][matches(query, pa.array(table[S.text]), codes, names)])
        condition, params = search_condition(query, alias="s")
        with open_lake(store) as lake:
            got = lake.table(f"SELECT statement_id FROM statements s WHERE {condition}", params)
        assert set(got.column(0).to_pylist()) == want
        assert want or query == "marrow accept"
