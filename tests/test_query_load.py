"""Loading a real on-disk store into a corpus: the fast Arrow path agrees with ``Store.statements()``."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from benchmarks.synthetic import write_store
from quoteline.query import Filters, select
from quoteline.query.corpus import EAGER_COLUMNS, LAZY_COLUMNS, StaleCorpus
from quoteline.query.load import article_links, load_corpus
from quoteline.schema import A, S
from quoteline.store import Store
from quoteline.store.synthetic import fake_batch


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_store(tmp_path_factory.mktemp("store") / "s", 3000, seed=5)


def test_fast_load_matches_the_validated_read(store_dir: Path) -> None:
    store = Store(store_dir)
    corpus = load_corpus(store)
    reference = store.statements().set_index(S.statement_id)
    assert corpus.version == store.version()
    assert not corpus._lazy  # display columns are not read until needed
    ids = corpus.col(S.statement_id).to_numpy()
    assert set(corpus._lazy) == {S.statement_id}  # each display column is read on its own, when asked for
    assert np.array_equal(corpus.col(S.n_sources).to_numpy(), reference.loc[ids, S.n_sources].to_numpy())
    assert corpus.col(S.text).tolist() == reference.loc[ids, S.text].tolist()
    assert corpus.frame[S.speaker].astype(str).tolist() == reference.loc[ids, S.speaker].tolist()
    assert corpus.frame[S.speaker_type].astype(str).tolist() == reference.loc[ids, S.speaker_type].tolist()
    for column in (c for c in LAZY_COLUMNS if c != S.statement_id):
        got = corpus.col(column).astype(object).where(corpus.col(column).notna(), None).tolist()
        want = reference.loc[ids, column].astype(object)
        assert got == want.where(want.notna(), None).tolist(), column


def test_prefetch_reads_the_display_columns_in_the_background(store_dir: Path) -> None:
    corpus = load_corpus(Store(store_dir))
    thread = corpus.prefetch()
    assert thread is not None
    assert corpus.prefetch() is thread
    thread.join(timeout=60)
    assert set(LAZY_COLUMNS) <= set(corpus._lazy)
    assert corpus.col(S.text).str.len().gt(0).all()


def test_prefetch_reads_every_display_column_in_one_pass(
    store_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(store_dir)
    asked: list[list[str]] = []
    read_arrow_at = store.read_arrow_at

    def spy(manifest: object, table: str, columns: Sequence[str]) -> object:
        asked.append(list(columns))
        return read_arrow_at(manifest, table, columns)  # type: ignore[arg-type]

    monkeypatch.setattr(store, "read_arrow_at", spy)
    corpus = load_corpus(store)
    corpus.col(S.text)  # read before: the prefetch leaves it alone
    thread = corpus.prefetch()
    assert thread is not None
    thread.join(timeout=60)
    assert asked == [[S.text], [c for c in LAZY_COLUMNS if c != S.text]]


def test_load_reads_only_the_filter_columns(store_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store(store_dir)
    asked: list[list[str]] = []
    read_arrow = store.read_arrow

    def spy(table: str, columns: Sequence[str], **options: Any) -> object:
        asked.append(list(columns))
        return read_arrow(table, columns, **options)

    monkeypatch.setattr(store, "read_arrow", spy)
    load_corpus(store)
    assert asked == [list(EAGER_COLUMNS)]
    assert S.text not in asked[0]
    assert S.statement_id not in asked[0]


def test_search_reads_the_text_lazily(store_dir: Path) -> None:
    corpus = load_corpus(Store(store_dir))
    everything = select(corpus, Filters())
    assert not corpus._lazy
    hits = select(corpus, Filters(search="BORDER"))
    assert 0 < hits.total < everything.total
    texts = corpus.col(S.text).iloc[np.concatenate([hits.dated, hits.undated])]
    assert texts.str.lower().str.contains("border").all()


@pytest.mark.parametrize(
    "filters",
    [
        Filters(search="border"),
        Filters(search="REFORM", kinds=("direct",)),
        Filters(search="we", leaders=("x",)),
    ],
)
def test_search_on_the_arrow_text_matches_a_plain_scan(store_dir: Path, filters: Filters) -> None:
    corpus = load_corpus(Store(store_dir))
    others = select(corpus, Filters(leaders=filters.leaders, kinds=filters.kinds))
    in_play = np.concatenate([others.dated, others.undated])
    texts = corpus.col(S.text).to_numpy()
    expected = {int(r) for r in in_play if filters.search.lower() in str(texts[r]).lower()}
    hits = select(corpus, filters)
    assert {int(r) for r in np.concatenate([hits.dated, hits.undated])} == expected


def test_a_rewrite_keeps_a_loaded_corpus_until_a_vacuum_removes_its_files(tmp_path: Path) -> None:
    store = Store(tmp_path / "s")
    articles, statements = fake_batch(3, 2, seed=1)
    store.add(articles, statements)
    corpus = load_corpus(store)
    # Re-extraction rewrites the tables; the loaded version stays readable (Delta time travel)...
    store.replace_extraction(articles, statements.iloc[:2])
    assert len(corpus.col(S.text)) == len(corpus) == 6
    # ...until a compaction with no retention vacuums the files that version named.
    store.compact(retention_hours=0)
    assert len(load_corpus(Store(tmp_path / "s"))) == 2
    with pytest.raises(StaleCorpus):
        corpus.col(LAZY_COLUMNS[-1])


def test_appends_leave_a_loaded_corpus_consistent(tmp_path: Path) -> None:
    store = Store(tmp_path / "s")
    store.add(*fake_batch(3, 2, seed=1))
    corpus = load_corpus(store)
    store.add(*fake_batch(2, 2, seed=2))
    assert len(corpus.col(S.text)) == len(corpus) == 6


def test_n_sources_counts_unknown_outlets_per_article(tmp_path: Path) -> None:
    store = Store(tmp_path / "s")
    for seed in range(1, 6):  # the store's fixtures include articles with no outlet
        store.add(*fake_batch(6, 3, seed=seed))
    corpus = load_corpus(store)
    reference = store.statements().set_index(S.statement_id)
    ids = corpus.col(S.statement_id).to_numpy()
    assert reference[S.outlet].isna().any()
    assert np.array_equal(corpus.col(S.n_sources).to_numpy(), reference.loc[ids, S.n_sources].to_numpy())


def test_article_links_are_the_stored_urls_of_the_articles_that_have_one(store_dir: Path) -> None:
    store = Store(store_dir)
    articles = store.articles([A.article_id, A.url])
    linked = articles[articles[A.url].notna()]
    assert len(linked)  # the synthetic store gives its articles links
    assert article_links(store) == dict(zip(linked[A.article_id], linked[A.url], strict=True))
