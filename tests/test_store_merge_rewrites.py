"""A re-extraction of part of a batch: the Delta merge that deletes the old rows rewrites each data file that
still holds other articles' rows, and delta-rs writes those files with Arrow view types (``string_view``).
Every later write, correction and read must still work on such a store (review of session 21)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as pds
import pyarrow.parquet as pq

from quoteline.corrections import edit
from quoteline.query.load import load_corpus
from quoteline.schema import S
from quoteline.store import Store
from quoteline.store.synthetic import fake_batch
from quoteline.store.view_types import filtered, has_views, plain


def _reextract(store: Store, articles: pd.DataFrame, statements: pd.DataFrame, ids: set[str]) -> int:
    part = statements[statements[S.article_id].isin(ids)].copy()
    part[S.text] = part[S.text] + " again"
    return store.replace_extraction(articles[articles[S.article_id].isin(ids)], part).statements_added


def _view_typed_files(root: Path) -> list[Path]:
    return [path for path in (root / "statements").rglob("*.parquet") if has_views(pq.read_schema(path))]


def test_a_store_whose_files_a_merge_rewrote_takes_every_later_write(tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    articles, statements = fake_batch(8, 3, seed=1)
    store.add(articles, statements)
    ids = list(articles[S.article_id])
    first, second = set(ids[:4]), set(ids[4:])

    assert _reextract(store, articles, statements, first) == 12
    # The premise: the merge left files with view types behind (else this test tests nothing).
    assert _view_typed_files(tmp_path / "store"), "the merge wrote no view-typed file: premise gone"

    # Corrections of rows that sit in a rewritten file: the lookup, the delete, the merge of speakers.
    kept = statements[statements[S.article_id].isin(second)]
    target, speaker = kept[S.statement_id].iloc[0], kept[S.speaker].iloc[1]
    assert store.statement(target) is not None
    edit.delete_statement(store, target)
    assert target not in set(store.statements()[S.statement_id])
    edit.merge_speakers(store, speaker, "Ada Vell")
    assert speaker not in set(store.statements()[S.speaker])

    # Later writes whose speakers are in the rewritten files: the rest of the batch, then a new batch.
    assert _reextract(store, articles, statements, second) == 12
    more_articles, more_statements = fake_batch(8, 3, seed=1)
    for column in (S.article_id, S.statement_id):
        more_statements[column] = more_statements[column].str[::-1]
    more_articles[S.article_id] = more_articles[S.article_id].str[::-1]
    assert store.add(more_articles, more_statements).statements_added == 24
    # 48 stored; the deletion is a correction by statement id, and the re-extracted article keeps its ids.
    stored = store.statements()
    assert len(stored) == 47
    assert target not in set(stored[S.statement_id])
    assert len(load_corpus(store)) == 47


def test_a_filtered_read_gives_the_same_rows_whatever_each_file_s_string_type(tmp_path: Path) -> None:
    views = pa.table(
        {
            "a": pa.array(["x", "y"], pa.string_view()),
            "tags": pa.array([["p"], ["q"]], pa.list_(pa.string_view())),
        }
    )
    strings = pa.table({"a": pa.array(["z"]), "tags": pa.array([["r"]])})
    pq.write_table(views, tmp_path / "rewritten.parquet")
    pq.write_table(strings, tmp_path / "plain.parquet")
    assert has_views(views.schema)
    assert not has_views(plain(views).schema)
    schema = plain(strings).schema
    dataset = pds.dataset([tmp_path / "rewritten.parquet", tmp_path / "plain.parquet"], schema=schema)
    condition = pc.is_in(pc.field("a"), pa.array(["x", "z"]))
    got = filtered(dataset, columns=["a", "tags"], condition=condition)
    assert got.schema == schema
    assert sorted(got.column("a").to_pylist()) == ["x", "z"]
    assert sorted(got.column("tags").to_pylist()) == [["p"], ["r"]]
