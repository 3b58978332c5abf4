"""The encoded corpus mapped from files (``quoteline.query.encoded``) equals the corpus loaded from Parquet.

Checked column by column on a store with corrections, after a compaction, and at a pinned older version; a
stale, foreign or half-written folder is never read, and a writer killed with SIGKILL mid-write leaves the
store readable (the load falls back to Parquet, and the next write succeeds).
"""

from __future__ import annotations

import json
import logging
import os
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from child_process import kill_mid_write
from corpus_compare import assert_same_corpus, is_mapped

from benchmarks.synthetic import write_store
from quoteline.corrections import edit
from quoteline.query import Filters, cell_counts, encoded, select, whole_cells
from quoteline.query import aggregate as agg
from quoteline.query.corpus import EAGER_COLUMNS, Corpus, narrow
from quoteline.query.id_numbers import RowsById
from quoteline.query.load import load_corpus, refresh_encoded
from quoteline.schema import S
from quoteline.store import Store
from quoteline.store.synthetic import fake_batch


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    monkeypatch.setenv("QUOTELINE_ENCODED_MIN_STATEMENTS", "0")  # a store of any size keeps the files
    return Store(write_store(tmp_path / "s", 3000, seed=5))


def _parquet(store: Store, monkeypatch: pytest.MonkeyPatch, lean_from: int | None = None) -> Corpus:
    """The reference: a load below ``encoded_min_statements``, which neither maps nor writes the files."""
    monkeypatch.setenv("QUOTELINE_ENCODED_MIN_STATEMENTS", "1000000000")
    try:
        return load_corpus(store, lean_from=lean_from)
    finally:
        monkeypatch.setenv("QUOTELINE_ENCODED_MIN_STATEMENTS", "0")


def _check_same(mapped: Corpus, want: Corpus) -> None:
    """Every column, tag and answer a page asks of the ids is the same."""
    assert_same_corpus(mapped, want)
    assert mapped.col(S.date_source).equals(want.col(S.date_source))
    ids = want.col(S.statement_id).to_numpy()
    some = np.array([0, 7, len(want) - 1, 42])
    assert mapped.take(some, [S.statement_id, S.text]).equals(want.take(some, [S.statement_id, S.text]))
    assert mapped.row_of(str(ids[42])) == want.row_of(str(ids[42])) == 42
    assert mapped.row_of("0000000000000000") is None
    assert mapped.row_of("not an id") is None
    asked = pa.array([str(ids[3]), str(ids[9]), "gone", None])
    assert np.array_equal(mapped.rows_of_ids(asked), want.rows_of_ids(asked))
    rows, want_rows = select(mapped, Filters()).dated, select(want, Filters()).dated
    assert np.array_equal(rows, want_rows)
    assert agg.heatmap(mapped, rows, "topic", "month").equals(agg.heatmap(want, want_rows, "topic", "month"))


def test_the_mapped_corpus_equals_the_parquet_one_under_corrections(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = store.statements([S.statement_id, S.article_id, S.speaker]).dropna()
    speakers = rows[S.speaker].drop_duplicates().tolist()
    edit.merge_speakers(store, speakers[2], "Minister Orla Venn of Quellmark")
    edit.correct_statement(store, rows.iloc[0][S.statement_id], {"date": "2019-02-11"})
    edit.correct_article(store, rows.iloc[9][S.article_id], {"outlet": "The Quellmark Courier"})
    edit.delete_statement(store, rows.iloc[3][S.statement_id])
    want = _parquet(store, monkeypatch)
    assert not encoded.folder(store.root, want.version).exists()  # below the threshold: nothing written
    # No files yet: a Parquet load, which writes them and then works on them (one path).
    assert is_mapped(load_corpus(store).frame["week"].to_numpy())
    assert (encoded.folder(store.root, want.version) / encoded.MANIFEST).is_file()
    mapped = load_corpus(store)
    assert is_mapped(mapped.frame["week"].to_numpy())
    assert is_mapped(mapped.topics.rows)
    assert is_mapped(mapped._memo["id_numbers"])  # the ids as numbers, mapped: no background read of them
    assert S.statement_id not in mapped._lazy
    assert S.date_source in mapped._lazy  # mapped too: a lean corpus reads nothing else in the background
    _check_same(mapped, want)


def _must_not_sort(corpus: Corpus) -> np.ndarray:
    raise AssertionError("the shared rows were sorted by cluster: the encoded folder holds their order")


def test_a_lean_corpus_holds_its_ids_as_numbers(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    want = _parquet(store, monkeypatch)
    lean = _parquet(store, monkeypatch, lean_from=0)
    thread = lean.prefetch()
    assert thread is not None
    thread.join()
    assert S.statement_id not in lean._lazy
    assert len(lean._memo["id_numbers"]) == len(want)
    # A corpus read from Parquet has no cluster order written: its background read sorts the shared rows by
    # cluster, so no filter change pays that sort.
    assert lean.remembered(("cluster_order",)) is not None
    some = np.array([5, 1, 2999])
    assert lean.take(some, [S.statement_id, S.text]).equals(want.take(some, [S.statement_id, S.text]))
    load_corpus(store)
    mapped = load_corpus(store, lean_from=0)
    assert mapped.rows_from is not None
    thread = mapped.prefetch()
    assert thread is not None
    thread.join()
    assert S.statement_id not in mapped._lazy  # the ids stay mapped keys; the text is the lake's
    # The folder holds the shared rows' cluster order: nothing sorts them, the background read included.
    assert mapped.remembered(("cluster_order",)) is None
    with monkeypatch.context() as patched:
        patched.setattr(cell_counts, "order_clusters", _must_not_sort)
        assert len(cell_counts.cluster_order(mapped)) == np.count_nonzero(cell_counts.shared_rows(mapped))
    _check_same(mapped, want)


def test_a_compaction_makes_the_folder_stale_and_refresh_replaces_it(
    store: Store, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    old = load_corpus(store).version
    assert encoded.folder(store.root, old).is_dir()
    store.add(*fake_batch(5, 2, seed=9))
    store.compact(retention_hours=0)
    current = store.version()
    with caplog.at_level(logging.INFO, logger="quoteline.query"):
        fresh = load_corpus(store)  # the folder is of an older version: Parquet, and the new one written
    assert fresh.version == current
    assert f"no encoded corpus of version {current}" in caplog.text
    assert not encoded.folder(store.root, old).exists()  # the older generation's folder is gone
    refresh_encoded(store)  # nothing to do: the folder exists
    assert fresh.version == current
    assert is_mapped(fresh.frame["week"].to_numpy())
    _check_same(fresh, _parquet(store, monkeypatch))


def test_a_pinned_older_version_maps_its_own_folder(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    manifest = store.manifest()
    assert manifest is not None
    load_corpus(store)
    store.add(*fake_batch(5, 2, seed=9))
    assert store.version() != manifest.version
    table = store.read_arrow_at(manifest, "statements", list(EAGER_COLUMNS))
    columns = dict(zip(table.column_names, table.columns, strict=True))
    want = Corpus.from_columns(columns, table.num_rows, manifest.version)
    mapped = encoded.read(store.root, manifest.version)
    assert mapped is not None
    assert len(mapped) == len(want) < len(_parquet(store, monkeypatch))
    _assert_same_frames(mapped, want)


def _assert_same_frames(got: Corpus, want: Corpus) -> None:
    for name in want.frame.columns:
        assert got.frame[name].dtype == want.frame[name].dtype, name
        assert got.frame[name].equals(want.frame[name]), name
    for tags in ("topics", "counterparts"):
        assert np.array_equal(getattr(got, tags).rows, getattr(want, tags).rows)
        assert np.array_equal(getattr(got, tags).codes, getattr(want, tags).codes)


def test_a_stale_foreign_or_unfinished_folder_is_not_read(
    store: Store, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    want = _parquet(store, monkeypatch)
    load_corpus(store)  # writes the folder
    version = want.version
    directory = encoded.folder(store.root, version)
    record = (directory / encoded.MANIFEST).read_text()
    for broken in (
        record.replace(f'"format": {encoded.FORMAT}', '"format": 999'),  # another format
        record.replace(version, "7-feedface"),  # another version's files under this name
        None,  # no record: a folder whose writer never finished
        "{not json",
    ):
        if broken is None:
            (directory / encoded.MANIFEST).unlink()
        else:
            (directory / encoded.MANIFEST).write_text(broken)
        caplog.clear()
        with caplog.at_level(logging.INFO, logger="quoteline.query.encoded"):
            got = load_corpus(store)  # Parquet, then the folder written afresh and mapped
        assert "loading Parquet" in caplog.text
        assert_same_corpus(got, want)
        assert encoded.read(store.root, version) is not None  # and the load wrote the folder afresh
    # A file cut short (replaced, never truncated in place: a mapping of the old one would fault).
    (directory / "week.npy").unlink()
    np.save(directory / "week.npy", np.zeros(5, dtype=np.int32))
    with caplog.at_level(logging.INFO, logger="quoteline.query"):
        got = load_corpus(store)
    assert "damaged" in caplog.text
    assert_same_corpus(got, want)
    _check_same(load_corpus(store), want)  # written afresh


_SLOW_WRITER = """
import sys, time
import numpy as np
from quoteline.query import encoded
from quoteline.query.load import load_corpus
from quoteline.store import Store

corpus = load_corpus(Store(sys.argv[1]))
save = np.save
def slow(handle, values, **kw):
    save(handle, values, **kw)
    print("wrote", flush=True)
    time.sleep(30)
np.save = slow
encoded.write(corpus, Store(sys.argv[1]).root, None)
"""


def test_kill_9_mid_write_leaves_the_store_readable(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    want = _parquet(store, monkeypatch)
    kill_mid_write(_SLOW_WRITER, store.root, 1_000_000_000)
    base = store.root / encoded.FOLDER
    assert [p.name[:5] for p in base.iterdir()] == [".tmp-"]  # a temporary folder, no version's
    leftover = next(base.iterdir())
    got = load_corpus(store)  # the temporary folder is not read; the load writes the version's folder
    assert_same_corpus(got, want)
    assert sorted(p.name for p in base.iterdir()) == sorted([leftover.name, want.version])
    os.utime(leftover, (time.time() - 7200, time.time() - 7200))  # a killed writer's, an hour on
    encoded.prune(store.root, want.version)
    assert [p.name for p in base.iterdir()] == [want.version]  # the leftover swept
    _check_same(load_corpus(store), want)


def test_the_commands_keep_the_folder_in_step(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """A correction and a compaction from the CLI write the new version's folder and drop the old one's."""
    from quoteline.cli import main

    monkeypatch.setenv("QUOTELINE_ENCODED_MIN_STATEMENTS", "0")
    first = store.version()
    loaded = load_corpus(store)
    row = int(np.flatnonzero(loaded.frame[S.stance].to_numpy() != "denial")[0])
    sid = str(loaded.take(np.array([row]), [S.statement_id])[S.statement_id].iloc[0])
    assert main(["correct", "statement", sid, "--stance", "denial", "--store", str(store.root)]) == 0
    corrected = store.version()
    assert corrected != first
    assert (encoded.folder(store.root, corrected) / encoded.MANIFEST).is_file()
    mapped = load_corpus(store)
    assert is_mapped(mapped.frame["week"].to_numpy())
    assert mapped.frame[S.stance].iloc[row] == "denial"
    assert main(["compact", "--retention-hours", "0", "--store", str(store.root)]) == 0
    assert [p.name for p in (store.root / encoded.FOLDER).iterdir()] == [store.version()]


def test_the_mapped_columns_are_narrow_and_the_dates_read_back_as_stored(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = store.statements([S.statement_id]).dropna()
    edit.correct_statement(store, rows.iloc[4][S.statement_id], {"date": "2021-07"})  # month precision
    load_corpus(store)  # writes the folder
    mapped = load_corpus(store)
    # The date text is codes (mapped, 2 bytes a row) and a few labels; no per-row strings are rebuilt.
    dates = mapped.frame[S.date].array
    assert isinstance(dates, pd.Categorical)
    assert dates.codes.dtype == np.int16
    assert is_mapped(np.asarray(dates.codes))
    for name in ("week", "month", "primary_topic", "cluster_size"):
        assert mapped.frame[name].dtype == np.int16, name
    assert mapped.frame["day"].dtype == np.float32
    assert mapped.topics.codes.dtype == np.int16
    assert mapped.counterparts.codes.dtype == np.int16
    stored = store.statements([S.statement_id, S.date]).set_index(S.statement_id)[S.date]
    at = np.array([len(mapped) - 1, 4, 0, 4])  # any order, repeats kept
    ids = mapped.take(at, [S.statement_id])[S.statement_id].to_list()
    want = [d if isinstance(d, str) else None for d in stored.loc[ids].astype(object)]
    got = mapped.date_text(at)
    assert [None if pd.isna(d) else d for d in got.to_list()] == want  # an undated row: null (NA or None)
    assert "2021-07" in want
    assert mapped.take(at, [S.date])[S.date].to_list() == want


def test_narrow_keeps_codes_that_do_not_fit_16_bits_as_int32() -> None:
    assert narrow(np.array([-1, 0, 32767], dtype=np.int64)).dtype == np.int16
    wide = narrow(np.array([-1, 40000], dtype=np.int64))
    assert wide.dtype == np.int32
    assert wide.tolist() == [-1, 40000]
    assert narrow(np.array([-40000, 3], dtype=np.int64)).dtype == np.int32


def _lookup_matches(corpus: Corpus, numbers: np.ndarray) -> None:
    """A search's id numbers find the rows that hold them, and nothing else (absent numbers ignored)."""
    rng = np.random.default_rng(3)
    wanted = np.concatenate([rng.choice(numbers, 400, replace=False), np.array([0, 2**64 - 1], np.uint64)])
    found = corpus.rows_of_ids(pa.array(np.unique(wanted), pa.uint64()))
    assert np.array_equal(found, np.isin(numbers, wanted))
    assert found.sum() == 400


def test_the_id_lookup_is_written_with_the_folder_andis_mapped(
    store: Store, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The id numbers' index (what a search's hits are matched with) is sorted once, when the folder is
    written, and mapped by each load; a folder written before it existed is read all the same."""
    rows = store.statements([S.statement_id]).dropna()
    edit.delete_statement(store, rows.iloc[11][S.statement_id])  # a correction: rows no longer the files'
    load_corpus(store)  # writes the folder
    mapped = load_corpus(store, lean_from=0)
    numbers = np.asarray(mapped._memo["id_numbers"])
    lookup = mapped.memo(("rows_by_id",), lambda: None)  # None unless the load mapped one
    assert lookup is not None
    assert is_mapped(lookup.numbers)
    assert is_mapped(lookup.rows)
    built = RowsById(numbers)
    assert np.array_equal(lookup.numbers, built.numbers)
    assert np.array_equal(lookup.rows, built.rows)
    _lookup_matches(mapped, numbers)
    # A folder without the sorted numbers (as written before them): mapped, and its first search sorts.
    directory = encoded.folder(store.root, mapped.version)
    record = json.loads((directory / encoded.MANIFEST).read_text())
    for stem in (encoded.SORTED_NUMBERS, encoded.SORTED_ROWS):
        del record["files"][stem]
        (directory / f"{stem}.npy").unlink()
    (directory / encoded.MANIFEST).write_text(json.dumps(record))
    with caplog.at_level(logging.INFO, logger="quoteline.query.encoded"):
        older = load_corpus(store, lean_from=0)
    assert "holds no sorted statement id numbers" in caplog.text
    assert is_mapped(older.frame["week"].to_numpy())
    assert "memo:rows_by_id" not in older._memo  # nothing sorted until a search asks
    _lookup_matches(older, numbers)


def _resident_kb(array: np.ndarray) -> int:
    """How much of the mapping that holds ``array`` is in this process' memory (``/proc/self/smaps``)."""
    address = array.ctypes.data
    inside = False
    for line in Path("/proc/self/smaps").read_text().splitlines():
        head = line.split()[0]
        if "-" in head and not head.endswith(":"):
            start, end = (int(part, 16) for part in head.split("-"))
            inside = start <= address < end
        elif inside and head == "Rss:":
            return int(line.split()[1])
    raise AssertionError("no mapping holds the array")


@pytest.mark.skipif(not Path("/proc/self/smaps").exists(), reason="reads Linux's /proc/self/smaps")
def test_a_page_run_starts_by_dropping_the_mapped_pages(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``release_pages`` takes the files' pages out of the process, every file's, and loses nothing."""
    want = _parquet(store, monkeypatch)
    load_corpus(store)  # writes the folder
    mapped = load_corpus(store)
    # Every file a load maps: not the whole store's grids (a few KB each, read whole: ``whole_cells``),
    # nor the cluster fingerprint index (it serves the next version's update only).
    unread = {f"{stem}.npy" for stem in (encoded.CLUSTER_SORTED, encoded.CLUSTER_SORTED_CODES)}
    files = [
        p
        for p in encoded.folder(store.root, mapped.version).iterdir()
        if p.suffix == ".npy" and p.name not in unread and not p.name.startswith(whole_cells.STEM)
    ]
    assert len(files) > len(unread)
    assert len(mapped._memo[encoded.MAPPINGS]) == len(files)
    days = np.asarray(mapped.frame["day"].to_numpy())
    assert float(np.nansum(days))
    assert _resident_kb(days) > 0  # read: its pages are in
    encoded.release_pages(mapped)
    assert _resident_kb(days) == 0
    _check_same(mapped, want)  # read again from the page cache, the same
    assert _resident_kb(days) > 0
    encoded.release_pages(_parquet(store, monkeypatch))  # nothing mapped: nothing to do


def test_the_topic_pointers_and_cluster_order_are_written_mapped_and_linked(
    store: Store, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """What the topic page's counts need first is written with the folder, mapped by each load (nothing
    counted), linked by an update that leaves the topics and clusters as they were, and counted by a
    process whose folder was written before these files."""
    rows = store.statements([S.statement_id, S.stance]).dropna()
    edit.delete_statement(store, rows.iloc[5][S.statement_id])
    want = _parquet(store, monkeypatch)
    load_corpus(store)  # writes the folder
    monkeypatch.setattr(cell_counts, "point_topics", lambda corpus: pytest.fail("counted the pointers"))
    monkeypatch.setattr(cell_counts, "order_clusters", lambda corpus: pytest.fail("sorted the clusters"))
    mapped = load_corpus(store, lean_from=0)
    pointers, order = cell_counts.topic_pointers(mapped), cell_counts.cluster_order(mapped)
    assert is_mapped(pointers)
    assert is_mapped(order)
    monkeypatch.undo()
    monkeypatch.setenv("QUOTELINE_ENCODED_MIN_STATEMENTS", "0")
    assert np.array_equal(pointers, cell_counts.topic_pointers(want))
    assert np.array_equal(order, cell_counts.cluster_order(want))
    for grain in cell_counts.MEETING_WRITTEN:
        meeting = cell_counts.meeting_order(mapped, grain)
        assert is_mapped(meeting)
        assert np.array_equal(meeting, cell_counts.meeting_order(want, grain))
    dated = select(mapped, Filters(stances=("denial",))).dated
    assert agg.timeline_bins(mapped, dated, "topic", "stance").equals(
        agg.timeline_bins(want, select(want, Filters(stances=("denial",))).dated, "topic", "stance")
    )
    # A stance correction: the update links both files from the previous folder.
    before = encoded.folder(store.root, store.version())
    monkeypatch.setattr(encoded, "prune", lambda *args: None)
    row = rows.iloc[9]
    edit.correct_statement(
        store, row[S.statement_id], {"stance": "praise" if row[S.stance] != "praise" else "denial"}
    )
    load_corpus(store)
    after = encoded.folder(store.root, store.version())
    stems = [encoded.TOPIC_POINTERS, encoded.CLUSTER_ORDER]
    stems += [f"{encoded.MEETING}{grain}" for grain in cell_counts.MEETING_WRITTEN]
    for stem in stems:
        assert os.stat(after / f"{stem}.npy").st_ino == os.stat(before / f"{stem}.npy").st_ino
    # A folder written before them: read all the same, and counted on first use.
    record = json.loads((after / encoded.MANIFEST).read_text())
    for stem in stems:
        del record["files"][stem]
        (after / f"{stem}.npy").unlink()
    (after / encoded.MANIFEST).write_text(json.dumps(record))
    older = load_corpus(store, lean_from=0)
    assert is_mapped(older.frame["week"].to_numpy())
    assert not is_mapped(cell_counts.topic_pointers(older))
    assert np.array_equal(cell_counts.topic_pointers(older), pointers)
    assert not is_mapped(cell_counts.meeting_order(older, "week"))
