"""Clustering a batch reads only its speakers' row groups (``quoteline.store.cluster_reads``) and assigns
exactly the clusters a comparison with every stored row gives; a batch with its own clusters reads nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pytest

from quoteline.schema import A, S
from quoteline.store import Store, cluster_reads, delta
from quoteline.store.clusters import ClusterIndex
from quoteline.store.synthetic import LEADERS, fake_batch


@pytest.fixture(autouse=True)
def small_row_groups(monkeypatch: pytest.MonkeyPatch) -> None:
    """Row groups of 4 rows, so that one month's file holds many and a speaker's rows are a few of them."""
    monkeypatch.setattr(delta, "STATEMENT_ROW_GROUP", 4)
    monkeypatch.setenv("QUOTELINE_COMPACT_THRESHOLD", "0")


@pytest.fixture
def rows_read(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int, bool]]:
    """Each statements file the cluster index read: (file name, rows returned, read whole)."""
    seen: list[tuple[str, int, bool]] = []
    real = cluster_reads.speaker_rows

    def counting(path: Path, *args: Any, **kwargs: Any) -> tuple[pa.Table, bool]:
        table, whole = real(path, *args, **kwargs)
        seen.append((path.name, table.num_rows, whole))
        return table, whole

    monkeypatch.setattr(cluster_reads, "speaker_rows", counting)
    return seen


def _in_march(seed: int, n: int, speakers: tuple[str, ...] = LEADERS) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``n`` invented articles of 4 statements, all dated in March 2021 (one partition), by ``speakers``."""
    articles, statements = fake_batch(n, 4, seed=seed)
    statements[S.date] = [f"2021-03-{1 + i % 28:02d}" for i in range(len(statements))]
    statements[S.speaker] = [speakers[i % len(speakers)] for i in range(len(statements))]
    return articles, statements


def _echoes(store: Store, seed: int, speakers: tuple[str, ...]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A batch by ``speakers`` whose statements repeat stored ones, some exactly, some with a word more,
    and some new."""
    articles, statements = _in_march(seed, 12, speakers)
    stored = store.statements([S.speaker, S.text, S.date])
    stored = stored[stored[S.speaker].isin(speakers)].reset_index(drop=True)
    for i in range(0, len(statements), 3):
        row = stored.iloc[(i * 7) % len(stored)]
        text = row[S.text] if i % 2 else row[S.text] + " again"
        statements.loc[statements.index[i], [S.speaker, S.text, S.date]] = [row[S.speaker], text, row[S.date]]
    statements[S.end] = statements[S.start] + statements[S.text].str.len()
    return articles, statements


def _expected(store: Store, statements: pd.DataFrame) -> list[str]:
    """The clusters a comparison with every stored statement assigns (the index before session 20)."""
    index = ClusterIndex()
    index.extend_frame(store.statements([S.speaker, S.text, S.date, S.cluster_id]))
    return list(index.assign_frame(statements))


def _stored_clusters(store: Store, statements: pd.DataFrame) -> list[str]:
    stored = store.statements([S.statement_id, S.cluster_id]).set_index(S.statement_id)[S.cluster_id]
    return [stored[sid] for sid in statements[S.statement_id]]


def _filled(tmp_path: Path) -> Store:
    store = Store(tmp_path)
    for seed in range(1, 4):
        store.add(*_in_march(seed, 40))
    return store


def test_the_batchs_speaker_blocks_give_the_clusters_every_row_gives(
    tmp_path: Path, rows_read: list[tuple[str, int, bool]]
) -> None:
    _filled(tmp_path)
    store = Store(tmp_path)  # a new process: nothing held yet
    speakers = LEADERS[:2]
    articles, statements = _echoes(store, 10, speakers)
    expected = _expected(store, statements)
    assert len(set(expected) - set(statements[S.statement_id])) >= 3, "the batch joins stored clusters"
    rows_read.clear()
    store.add(articles, statements)
    assert _stored_clusters(store, statements) == expected
    stored_rows = 3 * 40 * 4
    assert rows_read, "the stored statements were compared with"
    assert not any(whole for _, _, whole in rows_read), "two speakers of eight reach few row groups"
    assert sum(n for _, n, _ in rows_read) == stored_rows * 2 // len(LEADERS), "only their rows were read"


def test_a_later_commit_reads_only_the_speakers_not_held_and_holds_no_row_twice(
    tmp_path: Path, rows_read: list[tuple[str, int, bool]]
) -> None:
    store = _filled(tmp_path)
    store = Store(tmp_path)
    for seed, speakers in ((20, LEADERS[:1]), (21, LEADERS[:1]), (22, LEADERS[:7])):
        articles, statements = _echoes(store, seed, speakers)
        expected = _expected(store, statements)
        stored = store.statements([S.speaker])[S.speaker].value_counts()
        rows_read.clear()
        store.add(articles, statements)
        assert _stored_clusters(store, statements) == expected
        if seed == 21:
            assert rows_read == [], "the speaker's rows were held from the last commit"
    # The last commit read the six speakers it added, each row once (the first one's were held).
    assert sum(n for _, n, _ in rows_read) == sum(stored[s] for s in LEADERS[1:7])
    assert not any(whole for _, _, whole in rows_read), "the eighth speaker's rows were left"
    index = store._index
    assert index is not None
    stored = store.statements([S.speaker])[S.speaker].value_counts()
    for speaker in LEADERS[:7]:
        held = index._speakers[speaker]
        assert len(held.days) == stored[speaker], f"{speaker}'s rows are held once each, all of them"


def test_a_batch_with_its_own_clusters_reads_no_stored_statement(
    tmp_path: Path, rows_read: list[tuple[str, int, bool]]
) -> None:
    store = _filled(tmp_path)
    articles, statements = _in_march(30, 10)
    statements[S.cluster_id] = [f"given-{i}" for i in range(len(statements))]
    rows_read.clear()
    Store(tmp_path).add(articles, statements)
    assert rows_read == []
    assert _stored_clusters(store, statements) == list(statements[S.cluster_id])
    # A later batch that echoes one of them is clustered with it: the files are read when needed.
    later_articles, later = _in_march(31, 1)
    later.loc[later.index[0], [S.speaker, S.text, S.date]] = statements.iloc[0][[S.speaker, S.text, S.date]]
    later[S.end] = later[S.start] + later[S.text].str.len()
    store.add(later_articles, later)
    assert _stored_clusters(store, later)[0] == "given-0"


def test_a_compaction_after_partial_reads_keeps_the_clusters_right(tmp_path: Path) -> None:
    store = _filled(tmp_path)
    store = Store(tmp_path)
    store.add(*_echoes(store, 40, LEADERS[:1]))  # the files held for one speaker only
    store.compact(retention_hours=0)
    for seed, speakers in ((41, LEADERS[:1]), (42, LEADERS[1:3])):
        articles, statements = _echoes(store, seed, speakers)
        expected = _expected(store, statements)
        store.add(articles, statements)
        assert _stored_clusters(store, statements) == expected
    assert len(store.articles([A.article_id])) == 3 * 40 + 3 * 12


# Spellings whose folding only ``casefold`` gives: sharp s, dotted capital I, Greek capitals with a final
# sigma, ligatures; the quotes are invented.
_SPELLINGS = (
    ("Die Straße bleibt offen", "DIE STRASSE BLEIBT OFFEN"),
    ("İlçe meclisi toplanacak", "i̇lçe meclisi toplanacak"),
    ("ΟΙ ΔΡΟΜΟΙ ΘΑ ΑΝΟΙΞΟΥΝ ΣΥΝΤΟΜΑ", "οι δρομοι θα ανοιξουν συντομα"),
    ("The ﬁnal oﬀer stands", "“The final offer stands.”"),
    ("Das Wehr hält", "Das Wehr hält!"),
)


def _spelled(seed: int, first: bool) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A batch in March 2021 whose every third statement is one of ``_SPELLINGS`` (its first spelling in the
    first batch, its other one later), so that a later batch joins stored clusters only through casefold."""
    articles, statements = _in_march(seed, 12, LEADERS[:2])
    for i in range(0, len(statements), 3):
        pair = _SPELLINGS[(i // 3) % len(_SPELLINGS)]
        statements.loc[statements.index[i], S.text] = pair[0 if first else 1]
        statements.loc[statements.index[i], S.date] = "2021-03-10"
    statements[S.end] = statements[S.start] + statements[S.text].str.len()
    return articles, statements


def test_the_store_assigns_what_session_20s_index_assigns_with_non_ascii_text(tmp_path: Path) -> None:
    """Each commit through a new Store (a command's first commit) assigns what session 20's index,
    extended with every stored row, assigns (``tests/cluster_reference.py``)."""
    import cluster_reference

    _filled(tmp_path)
    for seed, first in ((50, True), (51, False), (52, False)):
        store = Store(tmp_path)
        articles, statements = _spelled(seed, first)
        old = cluster_reference.ClusterIndex()
        stored = store.statements([S.speaker, S.text, S.date, S.cluster_id])
        old.extend(zip(stored[S.speaker], stored[S.text], stored[S.date], stored[S.cluster_id], strict=True))
        expected = [
            old.assign(*row)
            for row in zip(
                statements[S.speaker],
                statements[S.text],
                statements[S.date],
                statements[S.statement_id],
                strict=True,
            )
        ]
        store.add(articles, statements)
        assert _stored_clusters(store, statements) == expected
        if not first:
            assert len(set(expected) - set(statements[S.statement_id])) >= len(_SPELLINGS), (
                "joined by casefold"
            )
