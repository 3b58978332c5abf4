"""``Store.stage``: a commit built batch by batch from data files written outside the tables (the Dask
driver's write path), and the Delta checkpoints that keep a commit's log replay bounded."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pytest

from quoteline.schema import A, S
from quoteline.store import Store, StoreError, delta, staging
from quoteline.store import commit as commit_module
from quoteline.store.counts import BY_TABLE, collapse
from quoteline.store.staging import STAGING
from quoteline.store.synthetic import fake_batch

ROOT = Path(__file__).resolve().parent.parent
_COLUMNS = [S.statement_id, S.article_id, S.cluster_id, S.n_sources, S.speaker, S.date, S.topics, S.text]


def _statements(store: Store) -> pd.DataFrame:
    rows = store.statements(_COLUMNS).sort_values(S.statement_id).reset_index(drop=True)
    return rows.astype(str)


def _summaries(store: Store) -> dict[str, list[str]]:
    manifest = store.manifest()
    assert manifest is not None
    out = {}
    for table, summary in BY_TABLE.items():
        ds = store._dataset(table, manifest.table_version(table))
        assert ds is not None
        out[table] = sorted(map(str, collapse(ds.to_table(), summary).to_pylist()))
    return out


def _staging_entries(root: Path) -> list[str]:
    folder = root / STAGING
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def _near_copy(
    articles: pd.DataFrame, statements: pd.DataFrame, seed: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The same statements reported by other articles (another outlet's copies): they join their clusters."""
    other_articles, _ = fake_batch(len(articles), 1, seed=seed)
    copy = statements.copy()
    new_ids = dict(zip(articles[A.article_id], other_articles[A.article_id], strict=True))
    copy[S.article_id] = copy[S.article_id].map(new_ids)
    copy[S.statement_id] = copy[S.statement_id] + "-copy"
    copy[S.outlet] = "Copydesk Wire"
    return other_articles.assign(**{A.outlet: "Copydesk Wire"}), copy


def test_a_staged_run_commits_what_the_same_batches_added_one_by_one_commit(tmp_path: Path) -> None:
    batches = [fake_batch(30, 3, seed=s) for s in range(4)]
    batches.append(_near_copy(*batches[1], seed=99))  # clusters across batches of the run
    one_by_one, staged_store = Store(tmp_path / "a"), Store(tmp_path / "b")
    for store in (one_by_one, staged_store):
        store.add(*batches[0])
    for batch in batches[1:]:
        one_by_one.add(*batch)
    staged = staged_store.stage()
    before = staged_store.version()
    for batch in batches[1:]:
        assert staged.add(*batch).articles_added == 30
    again = staged.add(*batches[2])  # a batch staged twice: its articles are duplicates the second time
    assert (again.articles_added, again.articles_duplicate) == (0, 30)
    assert staged_store.version() == before, "a staged batch became visible before the commit"
    assert len(staged_store.article_ids()) == 30
    result = staged.commit()
    assert (result.articles_added, result.statements_added) == (120, 360)
    assert _staging_entries(tmp_path / "b") == []
    stored = _statements(staged_store)
    assert stored.equals(_statements(one_by_one))
    assert (stored[S.n_sources].astype(int) > 1).sum() == 2 * 90, "the copies did not join the clusters"
    assert _summaries(staged_store) == _summaries(one_by_one)
    some = batches[3][0][A.article_id].iloc[5]
    found = staged_store.article(some)
    assert found is not None
    assert found[A.title] == batches[3][0][A.title].iloc[5]


def _staged_files(folder: Path) -> int:
    return sum(1 for _ in folder.rglob("*.parquet"))


def test_rows_are_held_until_enough_articles_then_written_and_the_commit_is_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(staging, "WRITE_ARTICLES", 50)
    batches = [fake_batch(30, 3, seed=s) for s in range(5)]
    batches.append(_near_copy(*batches[0], seed=98))  # a written batch's copies
    batches.append(_near_copy(*batches[4], seed=99))  # a held batch's copies
    one_by_one, staged_store = Store(tmp_path / "a"), Store(tmp_path / "b")
    for batch in batches:
        one_by_one.add(*batch)
    staged = staged_store.stage()
    written = []
    for batch in batches:
        staged.add(*batch)
        written.append(_staged_files(staged.folder))
    # 30 articles held, then 60 written together; 90 written; 120 held, 150 written; 180 held.
    assert written[0] == 0
    assert 0 < written[1] == written[2] < written[3] == written[4] < written[5] == written[6]
    result = staged.commit()
    assert (result.articles_added, result.statements_added) == (210, 630)
    stored = _statements(staged_store)
    assert stored.equals(_statements(one_by_one))
    assert (stored[S.n_sources].astype(int) > 1).sum() == 2 * 2 * 90, "copies did not join their clusters"
    assert _summaries(staged_store) == _summaries(one_by_one)


def test_a_failed_batch_leaves_the_held_rows_in_the_cluster_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(staging, "WRITE_ARTICLES", 50)
    written, held, failing = (fake_batch(30, 3, seed=s) for s in (1, 2, 3))
    staged = Store(tmp_path).stage()
    staged.add(*written)
    staged.add(*fake_batch(30, 3, seed=4))  # 60 articles: written
    staged.add(*held)  # 30 held
    real = commit_module._validate_for_disk

    def refuse(*args: object, **kwargs: object) -> None:
        raise ValueError("refused after clustering")

    monkeypatch.setattr(commit_module, "_validate_for_disk", refuse)
    with pytest.raises(ValueError, match="refused after clustering"):
        staged.add(*failing)  # its statements entered the index before the failure: it is rebuilt
    monkeypatch.setattr(commit_module, "_validate_for_disk", real)
    staged.add(*_near_copy(*written, seed=5))
    staged.add(*_near_copy(*held, seed=6))
    failing_copy = _near_copy(*failing, seed=7)
    staged.add(*failing_copy)  # the failed batch was not staged: its copies start clusters of their own
    assert staged.commit().articles_added == 180
    rows = _statements(Store(tmp_path))
    joined = rows[rows[S.n_sources].astype(int) > 1]
    assert set(joined[S.article_id]) >= set(written[0][A.article_id]) | set(held[0][A.article_id])
    assert not set(joined[S.article_id]) & set(failing_copy[0][A.article_id])
    assert len(joined) == 2 * 2 * 90


def test_held_rows_that_cannot_be_written_stop_the_run_and_commit_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(staging, "WRITE_ARTICLES", 50)
    store = Store(tmp_path)
    store.add(*fake_batch(10, 2, seed=1))
    before, version = _statements(store), store.version()
    staged = store.stage()
    staged.add(*fake_batch(30, 3, seed=2))  # held

    def full(*args: object, **kwargs: object) -> list[delta.NewFile]:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(delta, "write_files", full)
    with pytest.raises(StoreError, match=r"cannot write staged data files: .*No space left"):
        staged.add(*fake_batch(30, 3, seed=3))  # 60 held: written, and the disk is full
    staged.discard()
    assert _staging_entries(tmp_path) == []
    fresh = Store(tmp_path)
    assert fresh.version() == version
    assert _statements(fresh).equals(before)


def test_a_discarded_run_leaves_the_store_and_no_file_behind(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.add(*fake_batch(10, 2, seed=1))
    before = _statements(store)
    files = {p for p in tmp_path.rglob("*.parquet")}
    staged = store.stage()
    staged.add(*fake_batch(10, 2, seed=2))
    staged.discard()
    assert _staging_entries(tmp_path) == []
    assert {p for p in tmp_path.rglob("*.parquet")} == files
    assert _statements(Store(tmp_path)).equals(before)


def test_another_writers_commit_during_the_run_is_checked_again(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.add(*fake_batch(10, 2, seed=1))
    mine, theirs = fake_batch(20, 2, seed=2), fake_batch(5, 2, seed=3)
    copy_articles, copy_statements = _near_copy(*mine, seed=4)
    staged = store.stage()
    staged.add(*mine)
    staged.add(*theirs)
    # Meanwhile another ingest stores five of the same articles, and another outlet's copy of the rest.
    Store(tmp_path).add(*theirs)
    Store(tmp_path).add(copy_articles, copy_statements)
    result = staged.commit()
    assert (result.articles_added, result.articles_duplicate) == (20, 5)
    rows = _statements(Store(tmp_path))
    assert len(rows) == 20 + 10 + 40 + 40
    assert rows[S.statement_id].is_unique
    mine_rows = rows[rows[S.article_id].isin(mine[0][A.article_id])]
    assert (mine_rows[S.n_sources].astype(int) == 2).all(), "the staged rows missed the other writer's copy"
    assert _staging_entries(tmp_path) == []


def test_a_failed_commit_leaves_the_store_intact_and_removes_the_files_it_moved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(tmp_path)
    store.add(*fake_batch(10, 2, seed=1))
    before, version = _statements(store), store.version()
    files = {p for p in (tmp_path / "statements").rglob("*.parquet")}
    staged = store.stage()
    staged.add(*fake_batch(10, 2, seed=2))
    real = delta.add_files

    def failing(root: Path, table: str, *args: object, **kwargs: object) -> int:
        if table == "statements":
            raise OSError(28, "No space left on device")
        return real(root, table, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(delta, "add_files", failing)
    with pytest.raises(StoreError, match="nothing was committed"):
        staged.commit()
    monkeypatch.undo()
    fresh = Store(tmp_path)
    assert fresh.version() == version
    assert _statements(fresh).equals(before)
    assert {p for p in (tmp_path / "statements").rglob("*.parquet")} == files
    assert _staging_entries(tmp_path) == []
    fresh.add(*fake_batch(10, 2, seed=3))  # and the store takes the next commit
    assert len(fresh.article_ids()) == 20


_STAGE_AND_WAIT = textwrap.dedent(
    """
    import sys, time
    sys.path.insert(0, {root!r})
    from quoteline.store import Store
    from quoteline.store.synthetic import fake_batch
    staged = Store({store!r}).stage()
    staged.add(*fake_batch(10, 2, seed=2))
    print("staged", flush=True)
    time.sleep(60)
    """
)


def test_a_killed_runs_staged_files_go_with_the_next_writer_and_a_live_runs_stay(
    tmp_path: Path,
) -> None:
    store = Store(tmp_path)
    store.add(*fake_batch(10, 2, seed=1))
    script = _STAGE_AND_WAIT.format(root=str(ROOT), store=str(tmp_path))
    killed = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert killed.stdout is not None
    assert killed.stdout.readline().strip() == "staged"
    live = store.stage()  # this process's own run, still staging
    live.add(*fake_batch(10, 2, seed=3))
    assert len(_staging_entries(tmp_path)) == 4  # two runs: a folder and a lock file each
    os.kill(killed.pid, signal.SIGKILL)
    killed.wait()
    time.sleep(0.1)
    Store(tmp_path).add(*fake_batch(10, 2, seed=4))  # the next writer clears what the killed run left
    assert len(_staging_entries(tmp_path)) == 2
    assert live.commit().articles_added == 10
    assert _staging_entries(tmp_path) == []
    assert len(Store(tmp_path).article_ids()) == 30


def test_every_table_keeps_a_checkpoint_within_ten_versions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QUOTELINE_COMPACT_THRESHOLD", "0")
    store = Store(tmp_path)
    for seed in range(12):
        store.add(*fake_batch(4, 2, seed=seed))
    manifest = store.manifest()
    assert manifest is not None
    for table in ("articles", "statements", "counts", "facets"):
        version = manifest.table_version(table)
        last = delta.last_checkpoint(tmp_path, table)
        assert version is not None
        assert version >= 12
        assert last is not None
        assert version - last < delta.CHECKPOINT_EVERY, (table, version, last)
    assert len(store.article_ids()) == 48
