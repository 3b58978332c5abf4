"""Compaction costs what the commits since the last one added, not what the store holds: it rewrites the
small files (and at most one part-filled file), files it filled do not count towards the next compaction, and
a writer keeps what it knew of the store (article ids, the cluster index) through a compaction instead of
reading everything again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from quoteline import settings
from quoteline.store import Store, delta
from quoteline.store.synthetic import fake_batch

THRESHOLD = 4


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every Parquet data file read (in full, or opened to read some row groups), as "<table>/<file name>"."""
    seen: list[str] = []
    real = pq.read_table

    def counting(source: Any, *args: Any, **kwargs: Any) -> Any:
        path = Path(str(source))
        table = next((p.name for p in path.parents if p.name in ("articles", "statements")), "?")
        seen.append(f"{table}/{path.name}")
        return real(source, *args, **kwargs)

    def opening(source: Any, *args: Any, **kwargs: Any) -> Any:
        # The cluster index reads statements files through their footer (``cluster_reads.speaker_rows``).
        path = Path(str(source))
        table = next((p.name for p in path.parents if p.name in ("articles", "statements")), "?")
        seen.append(f"{table}/{path.name}")
        return real_file(source, *args, **kwargs)

    real_file = pq.ParquetFile
    monkeypatch.setattr(pq, "read_table", counting)
    monkeypatch.setattr(pq, "ParquetFile", opening)
    return seen


def _files(store: Store, table: str) -> list[delta.DataFile]:
    manifest = store.manifest()
    assert manifest is not None
    return delta.data_files(store.root, table, manifest.table_version(table))


def _optimizes(store: Store) -> int:
    return sum(v.operation == "OPTIMIZE" for v in store.history() if v.table == "articles")


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    """A store whose compaction target is two and a half commits of articles: a compaction merges small files
    two by two, and a file of two commits is full (no third fits beside it)."""
    monkeypatch.setenv("QUOTELINE_COMPACT_THRESHOLD", "0")
    probe = Store(tmp_path / "probe")
    probe.add(*fake_batch(40, 2, seed=99))
    one_commit = _files(probe, "articles")[0].size
    monkeypatch.setenv("QUOTELINE_COMPACT_FILE_MB", str(2.5 * one_commit / 1024 / 1024))
    monkeypatch.setenv("QUOTELINE_COMPACT_THRESHOLD", str(THRESHOLD))
    monkeypatch.setenv("QUOTELINE_RETENTION_HOURS", "0")
    return Store(tmp_path / "store")


def _commit_until_compacted(store: Store, seed: int) -> int:
    """Commit 40-article batches until the store compacts; returns the next seed."""
    before = _optimizes(store)
    while _optimizes(store) == before:
        store.add(*fake_batch(40, 2, seed=seed))
        seed += 1
        assert seed < 1000
    return seed


def test_a_compaction_rewrites_the_small_files_not_the_store(store: Store) -> None:
    seed = _commit_until_compacted(store, 1)
    target = settings.get_float("compact_file_mb") * 1024 * 1024
    for _ in range(4):
        before = {f.path: f.size for f in _files(store, "articles")}
        seed = _commit_until_compacted(store, seed)
        after = {f.path for f in _files(store, "articles")}
        rewritten = sum(size for path, size in before.items() if path not in after)
        small = sum(size for size in before.values() if size <= target / 2)
        assert rewritten <= small + target, "a compaction rewrote more than the small files and one partial"
    now = _files(store, "articles")
    # The bound means something: the store holds well over it (compacting everything would break it).
    assert sum(before.values()) > 2 * (small + target)
    assert len(now) > THRESHOLD, "the filled files outnumber the threshold..."
    compactions = _optimizes(store)
    store.add(*fake_batch(40, 2, seed=seed))
    assert _optimizes(store) == compactions, "...and still a commit does not compact on their account"
    assert len(store.articles()) == 40 * seed  # nothing lost on the way


def test_a_writer_reads_only_what_a_compaction_wrote(store: Store, reads: list[str]) -> None:
    seed = _commit_until_compacted(store, 1)
    seed = _commit_until_compacted(store, seed)
    before = {f"articles/{f.path.split('/')[-1]}" for f in _files(store, "articles")}
    seed = _commit_until_compacted(store, seed)
    after = {f"articles/{f.path.split('/')[-1]}" for f in _files(store, "articles")}
    reads.clear()
    store.add(*fake_batch(40, 2, seed=seed))  # clustered by the store: its index is used
    articles_read = {name for name in reads if name.startswith("articles/")}
    assert articles_read <= after - before, "a file the compaction left alone was read again"
    assert [name for name in reads if name.startswith("statements/")] == [], (
        "the cluster index was rebuilt from the statements files after a compaction"
    )
    # What the index held through the compaction still clusters: an echo of a stored quote joins it.
    assert store.statements()["n_sources"].max() >= 1
