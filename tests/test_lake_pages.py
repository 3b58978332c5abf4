"""Keyset pages of the lake's statements: every matching row once, newest first, undated last."""

from __future__ import annotations

from pathlib import Path

from quoteline.query.lake import open_lake
from quoteline.query.lake_pages import statements_page
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
