"""The encoded corpus written behind a Parquet load (``load_corpus(..., write_behind=True)``, the dashboard's
load): the load returns before the files are written, the corpus built from Parquet serves meanwhile, an
error of the write is logged with its traceback, and the dashboard swaps in the mapped corpus once the files
are there (``components.data.corpus``)."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from corpus_compare import assert_same_corpus, is_mapped

from benchmarks.synthetic import write_store
from quoteline.query import Filters, encoded, select
from quoteline.query.corpus import Corpus
from quoteline.query.load import WRITE_BEHIND_NICE, encoded_write, load_corpus
from quoteline.schema import S
from quoteline.store import Store

WAIT_S = 60.0  # a generous bound on a busy machine: the test fails rather than hangs


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    monkeypatch.setenv("QUOTELINE_ENCODED_MIN_STATEMENTS", "0")  # a store of any size keeps the files
    return Store(write_store(tmp_path / "s", 3000, seed=11))


ENTERED = threading.Event()  # set when the held write has begun (``held_write``)


@pytest.fixture
def held_write(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """``encoded.write`` waits until the returned event is set: a write that is still going on."""
    release = threading.Event()
    ENTERED.clear()
    write: Callable[..., Path] = encoded.write

    def slow(*args: Any, **kwargs: Any) -> Path:
        ENTERED.set()
        if not release.wait(WAIT_S):
            raise TimeoutError("the test never released the write")
        return write(*args, **kwargs)

    monkeypatch.setattr(encoded, "write", slow)
    yield release
    release.set()  # a failing test must not leave the writer thread waiting


def _reference(store: Store, monkeypatch: pytest.MonkeyPatch) -> Corpus:
    """The corpus as a load below ``encoded_min_statements`` builds it: from Parquet, no files."""
    monkeypatch.setenv("QUOTELINE_ENCODED_MIN_STATEMENTS", "1000000000")
    try:
        return load_corpus(store, lean_from=0)
    finally:
        monkeypatch.setenv("QUOTELINE_ENCODED_MIN_STATEMENTS", "0")


def test_the_load_returns_while_the_files_are_written(
    store: Store, monkeypatch: pytest.MonkeyPatch, held_write: threading.Event
) -> None:
    want = _reference(store, monkeypatch)
    got = load_corpus(store, lean_from=0, write_behind=True)
    writing = encoded_write(got)
    assert writing is not None
    assert writing.running()
    assert not writing.written()
    assert ENTERED.wait(WAIT_S)
    assert writing.running()
    if hasattr(os, "setpriority"):  # the page drawn meanwhile goes first
        assert os.getpriority(os.PRIO_PROCESS, writing._thread.native_id or 0) == WRITE_BEHIND_NICE
    assert not encoded.folder(store.root, got.version).exists()
    assert not is_mapped(got.frame["week"].to_numpy())  # built from Parquet, and it serves meanwhile
    assert_same_corpus(got, want)
    some = np.array([3, 0, len(want) - 1])
    assert got.take(some, [S.statement_id, S.text]).equals(want.take(some, [S.statement_id, S.text]))
    assert np.array_equal(select(got, Filters()).dated, select(want, Filters()).dated)
    held_write.set()
    assert writing.join(WAIT_S)
    assert not writing.running()
    assert encoded.usable(store.root, got.version)
    mapped = load_corpus(store, lean_from=0, write_behind=True)  # the next load maps what was written
    assert is_mapped(mapped.frame["week"].to_numpy())
    assert encoded_write(mapped) is None
    assert_same_corpus(mapped, want)


def test_without_write_behind_the_load_writes_then_maps(store: Store) -> None:
    got = load_corpus(store)
    assert encoded_write(got) is None
    assert is_mapped(got.frame["week"].to_numpy())


def test_a_small_store_starts_no_write(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    assert encoded_write(_reference(store, monkeypatch)) is None
    monkeypatch.setenv("QUOTELINE_ENCODED_MIN_STATEMENTS", "1000000000")
    assert encoded_write(load_corpus(store, write_behind=True)) is None


@pytest.mark.parametrize(
    ("error", "level", "traceback"),
    [
        (RuntimeError("the disk is on fire"), logging.ERROR, True),
        (OSError("no space left"), logging.WARNING, False),
    ],
)
def test_a_failed_write_is_logged_and_the_corpus_serves(
    store: Store,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    error: Exception,
    level: int,
    traceback: bool,
) -> None:
    def fail(*args: Any, **kwargs: Any) -> Path:
        raise error

    monkeypatch.setattr(encoded, "write", fail)
    with caplog.at_level(logging.INFO, logger="quoteline.query.load"):
        got = load_corpus(store, lean_from=0, write_behind=True)
        writing = encoded_write(got)
        assert writing is not None
        assert not writing.join(WAIT_S)
    logged = [
        r for r in caplog.records if str(error) in r.getMessage() or (r.exc_info and r.exc_info[1] is error)
    ]
    assert logged
    assert logged[0].levelno == level
    assert bool(logged[0].exc_info) is traceback
    assert not writing.written()
    assert not encoded.folder(store.root, got.version).exists()
    assert_same_corpus(got, _reference(store, monkeypatch))


@pytest.fixture
def dashboard(store: Store, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    from components import data

    monkeypatch.setenv("QUOTELINE_STORE_DIR", str(store.root))
    monkeypatch.setenv("QUOTELINE_LAKE_ROWS_MIN_STATEMENTS", "0")
    data._load.clear()
    yield data
    data._load.clear()


def test_the_dashboard_swaps_in_the_mapped_corpus_once_written(
    store: Store, monkeypatch: pytest.MonkeyPatch, held_write: threading.Event, dashboard: Any
) -> None:
    first = dashboard.corpus()
    writing = encoded_write(first)
    assert writing is not None
    assert writing.running()
    assert dashboard.corpus() is first  # the write goes on: the runs keep the corpus built from Parquet
    held_write.set()
    assert writing.join(WAIT_S)
    mapped = dashboard.corpus()
    assert mapped is not first
    assert is_mapped(mapped.frame["week"].to_numpy())
    assert dashboard.corpus() is mapped  # swapped once, then cached
    assert_same_corpus(mapped, first)


def test_the_launchers_preload_waits_for_the_files(store: Store, dashboard: Any) -> None:
    loaded = dashboard.preload()
    assert is_mapped(loaded.frame["week"].to_numpy())
    assert dashboard.corpus() is loaded
