"""``ingest --reextract`` on a real small store: worker processes give the same store as one process and as
extracting each article by hand; one commit; a failure leaves the store as it was; the rewrite touches only
the data files holding the re-extracted articles."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq
import pytest

import quoteline
from quoteline.cli import main
from quoteline.extract import extract_frame
from quoteline.ingest import reextract as reextract_module
from quoteline.ingest.pipeline import ingest_paths, reextract
from quoteline.schema import A, S
from quoteline.store import Store, StoreError, delta
from quoteline.store.synthetic import fake_batch

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample"
N_ARTICLES = 8


def _stale_store(folder: Path) -> Store:
    """A real store of sample articles, as an older extractor left it: version "old", and one made-up
    statement per article where the current extractor finds others."""
    inputs = folder.parent / "inputs"
    inputs.mkdir()
    for path in sorted(SAMPLE.glob("*.txt"))[:N_ARTICLES]:
        shutil.copy(path, inputs / path.name)
    store = Store(folder)
    real_version = quoteline.EXTRACTOR_VERSION
    quoteline.EXTRACTOR_VERSION = "old"
    try:
        report = ingest_paths([inputs], store)
    finally:
        quoteline.EXTRACTOR_VERSION = real_version
    assert report.articles_new == N_ARTICLES, report.summary()
    articles = store.articles(raw=True)
    old = store.statements(raw=True).drop_duplicates(S.article_id).copy()
    old[S.statement_id] = old[S.statement_id].map(lambda sid: f"old-{sid}")
    old[S.speaker] = "Brannoc Velt"
    old[S.text] = "The old extractor heard this in the Tessaly hills."
    store.replace_extraction(articles, old.drop(columns=[S.n_sources, S.cluster_id]))
    return store


@pytest.fixture(scope="module")
def stale_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("stale") / "store"
    _stale_store(folder)
    return folder


@pytest.fixture
def stale(stale_template: Path, tmp_path: Path) -> Store:
    shutil.copytree(stale_template, tmp_path / "store")
    return Store(tmp_path / "store")


def _everything(store: Store) -> tuple[pd.DataFrame, pd.DataFrame]:
    statements = store.statements(raw=True).sort_values(S.statement_id).reset_index(drop=True)
    articles = store.articles(raw=True).sort_values(A.article_id).reset_index(drop=True)
    return articles, statements


def test_workers_give_the_store_one_process_gives(
    stale: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reextract_module, "UNIT_SIZE", 2)  # several units per month: real parallel work
    serial = Store(tmp_path / "serial")
    shutil.copytree(stale.root, serial.root)
    units, current = reextract_module.plan(stale)
    assert current == 0
    assert len(units) > 2
    assert sum(len(u.ids) for u in units) == N_ARTICLES
    marks: list[tuple[int, int]] = []
    before = stale.version()

    parallel_report = reextract(stale, workers=2, progress=lambda done, total, _: marks.append((done, total)))
    serial_report = reextract(serial, workers=1)

    assert parallel_report.articles_reextracted == serial_report.articles_reextracted == N_ARTICLES
    assert parallel_report.failures == []
    assert parallel_report.exit_code == 0
    assert marks[-1] == (N_ARTICLES, N_ARTICLES)
    assert len(marks) == len(units)
    assert [d for d, _ in marks] == sorted(d for d, _ in marks)
    pa, ps = _everything(stale)
    sa, ss = _everything(serial)
    pd.testing.assert_frame_equal(pa, sa)
    pd.testing.assert_frame_equal(ps, ss)
    # One commit, whatever the number of units.
    assert int(stale.version().split("-")[0]) == int(before.split("-")[0]) + 1
    assert (pa[A.extractor_version] == quoteline.EXTRACTOR_VERSION).all()
    assert not ps[S.statement_id].str.startswith("old-").any()


def test_the_result_is_what_the_extractor_gives_each_article(stale: Store) -> None:
    articles = stale.articles(raw=True)
    expected = pd.concat(
        [
            extract_frame(row[A.text], published=row[A.published], article_id=row[A.article_id])
            for row in articles.to_dict("records")
        ],
        ignore_index=True,
    )
    report = reextract(stale, workers=2)
    assert report.statements_added == len(expected) > N_ARTICLES
    stored = stale.statements(raw=True).set_index(S.statement_id).sort_index()
    expected = expected.set_index(S.statement_id).sort_index()
    assert list(stored.index) == list(expected.index)
    for column in (S.speaker, S.text, S.date, S.kind):
        assert stored[column].astype("object").tolist() == expected[column].astype("object").tolist()
    assert reextract(stale, workers=2).articles_reextracted == 0  # nothing stale any more


def test_a_failed_commit_leaves_the_store_as_it_was(stale: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    before = _everything(stale)
    version = stale.version()
    real_append = delta.write_deltalake

    def failing(table: Any, data: Any, **kwargs: Any) -> None:
        # The articles were replaced and the old statements deleted; appending the new ones fails.
        if "statements" in str(getattr(table, "table_uri", table)):
            raise OSError(28, "No space left on device")
        real_append(table, data, **kwargs)

    monkeypatch.setattr(delta, "write_deltalake", failing)
    with pytest.raises(StoreError, match="nothing was committed"):
        reextract(stale, workers=2)
    monkeypatch.setattr(delta, "write_deltalake", real_append)
    fresh = Store(stale.root)
    assert fresh.version() == version
    after = _everything(fresh)
    pd.testing.assert_frame_equal(before[0], after[0])
    pd.testing.assert_frame_equal(before[1], after[1])
    assert reextract(fresh, workers=2).articles_reextracted == N_ARTICLES  # and it can be run again


def test_an_article_that_fails_keeps_its_old_statements(
    stale: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    victim = sorted(stale.articles([A.article_id])[A.article_id])[0]
    real = reextract_module.reextract_unit

    def one_fails(unit: reextract_module.Unit) -> reextract_module.UnitResult:
        if victim not in unit.ids:
            return real(unit)
        out = real(reextract_module.Unit(unit.month, unit.path, ("not-stored",), (None,)))
        rest = tuple(i for i in unit.ids if i != victim)
        days = tuple(d for i, d in zip(unit.ids, unit.published, strict=True) if i != victim)
        good = real(reextract_module.Unit(unit.month, unit.path, rest, days)) if rest else out
        good.failures.append(reextract_module.Failure(victim, "extraction failed: invented"))
        return good

    monkeypatch.setattr(reextract_module, "reextract_unit", one_fails)
    report = reextract(stale, workers=1)
    assert report.articles_reextracted == N_ARTICLES - 1
    assert [f.where for f in report.failures] == [victim]
    assert report.exit_code == 2
    statements = stale.statements(raw=True)
    kept = statements[statements[S.article_id] == victim]
    assert kept[S.statement_id].str.startswith("old-").all()
    assert len(kept) == 1
    versions = stale.articles([A.article_id, A.extractor_version], raw=True).set_index(A.article_id)
    assert versions.loc[victim, A.extractor_version] == "old"


def test_the_command_reextracts_with_workers(stale: Store) -> None:
    assert main(["ingest", "--reextract", "--workers", "2", "--store", str(stale.root)]) == 0
    assert (stale.articles([A.extractor_version])[A.extractor_version] == quoteline.EXTRACTOR_VERSION).all()


def _data_files(store: Store) -> dict[str, set[str]]:
    """The data files the store's current commit names, per table (articles, statements)."""
    manifest = store.manifest()
    assert manifest is not None
    return {
        t: {f.path for f in delta.data_files(store.root, t, manifest.table_version(t))}
        for t in ("articles", "statements")
    }


def test_a_replacement_rewrites_only_the_files_holding_its_articles(tmp_path: Path) -> None:
    store = Store(tmp_path)
    batches = [fake_batch(30, 3, seed=seed) for seed in (1, 2, 3)]
    for articles, statements in batches:
        statements.loc[statements.index[:2], S.date] = None  # undated statements: the null partition
        store.add(articles, statements)
    before = _data_files(store)
    articles, statements = batches[1]
    target = articles.iloc[:2].assign(**{A.extractor_version: "new"})
    old = statements[statements[S.article_id].isin(target[A.article_id])]
    assert old[S.date].isna().any()
    fresh = old.iloc[:1].assign(
        **{S.text: "A quote the new extractor found.", S.statement_id: "new-statement-1"}
    )
    store.replace_extraction(target, fresh)

    after = _data_files(store)
    # The other commits' articles files, and every statements file without these articles, are untouched.
    assert len(before["articles"] - after["articles"]) == 1
    holding = {
        p
        for p in before["statements"]
        if set(pq.read_table(store.root / "statements" / p, columns=[S.article_id])[S.article_id].to_pylist())
        & set(target[A.article_id])
    }
    assert before["statements"] - after["statements"] == holding
    assert 0 < len(holding) < len(before["statements"]) / 3
    stored = store.statements(raw=True)
    assert len(stored) == 3 * 90 - len(old) + 1
    assert set(stored.loc[stored[S.article_id].isin(target[A.article_id]), S.statement_id]) == {
        "new-statement-1"
    }
    versions = store.articles([A.article_id, A.extractor_version]).set_index(A.article_id)
    assert versions.loc[list(target[A.article_id]), A.extractor_version].tolist() == ["new", "new"]
    assert len(store.articles()) == 90
