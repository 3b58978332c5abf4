"""The encoded folder updated from the previous version's (``quoteline.query.encoded_update``) holds, file for
file and byte for byte, what a rebuild from Parquet writes: after corrections of every kind, merges, added
and deleted statements, undos and ingests. A commit the update cannot apply (a compaction, an outlet
correction) is rebuilt; a writer killed mid-update leaves a folder nothing reads."""

from __future__ import annotations

import json
import logging
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from child_process import kill_mid_write
from corpus_compare import assert_same_corpus, is_mapped

from benchmarks.synthetic import write_store
from quoteline.corrections import edit
from quoteline.knowledge.topics import taxonomy
from quoteline.query import encoded, encoded_update, whole_cells
from quoteline.query.corpus import Corpus
from quoteline.query.load import load_corpus
from quoteline.schema import S
from quoteline.store import Store
from quoteline.store.synthetic import fake_batch


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    monkeypatch.setenv("QUOTELINE_ENCODED_MIN_STATEMENTS", "0")  # a store of any size keeps the files
    made = Store(write_store(tmp_path / "s", 1500, seed=3))
    load_corpus(made)  # the first version's folder, written whole
    return made


def _snapshot(directory: Path) -> dict[str, Any]:
    """Everything a folder holds: its record, its labels and every array (dtype and values)."""
    record = json.loads((directory / encoded.MANIFEST).read_text())
    arrays = {stem: np.load(directory / f"{stem}.npy") for stem in record["files"]}
    return {
        "record": record,
        "labels": json.loads((directory / encoded.LABELS).read_text()),
        "arrays": {stem: (str(a.dtype), a.tobytes()) for stem, a in arrays.items()},  # NaN equals NaN
        "cells": json.loads((directory / whole_cells.FILE).read_text()),
    }


def _rebuilt(store: Store, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """The current version's folder as a rebuild from Parquet writes it (left in place for the next step)."""
    folder = encoded.folder(store.root, store.version())
    shutil.rmtree(folder, ignore_errors=True)
    with monkeypatch.context() as patch:
        patch.setattr(encoded_update, "update", lambda *args: False)
        load_corpus(store)
    return _snapshot(folder)


def _step(store: Store, monkeypatch: pytest.MonkeyPatch, commit: Callable[[], object]) -> None:
    """Commit, update the folder from the previous one, and compare it with a rebuild."""
    commit()
    manifest = store.manifest()
    assert manifest is not None
    assert encoded_update.update(store, manifest)
    got = _snapshot(encoded.folder(store.root, manifest.version))
    want = _rebuilt(store, monkeypatch)
    assert got["record"] == want["record"]
    assert got["labels"] == want["labels"]
    assert got["cells"] == want["cells"]
    assert got["arrays"].keys() == want["arrays"].keys()
    for stem, value in want["arrays"].items():
        assert got["arrays"][stem] == value, stem


def _rows(store: Store) -> list[dict[str, Any]]:
    frame = store.statements([S.statement_id, S.article_id, S.speaker, S.date, S.stance])
    return [{str(k): v for k, v in row.items()} for row in frame.to_dict("records")]


def test_corrections_update_the_folder_as_a_rebuild_writes_it(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = _rows(store)
    speakers = list(dict.fromkeys(r[S.speaker] for r in rows))
    sid = [r[S.statement_id] for r in rows]
    # A field to a value already held, then to new labels (a new speaker, date and topic). (The rows' order
    # follows how the synthetic writer cut its files, which differs from run to run.)
    stance = "denial" if rows[0][S.stance] != "denial" else "praise"
    _step(store, monkeypatch, lambda: edit.correct_statement(store, sid[0], {"stance": stance}))
    _step(
        store,
        monkeypatch,
        lambda: edit.correct_statement(
            store,
            sid[1],
            {"speaker": "Envoy Tamsin Rook", "date": "2012-02-11", "counterparts": ["Quellmark"]},
        ),
    )
    # The first row's first-appearing labels moved: the categories' order changes.
    _step(store, monkeypatch, lambda: edit.correct_statement(store, sid[0], {"speaker": speakers[3]}))
    _step(store, monkeypatch, lambda: edit.delete_statement(store, sid[2]))
    _step(store, monkeypatch, lambda: edit.merge_speakers(store, speakers[1], speakers[0]))
    _step(store, monkeypatch, lambda: edit.merge_speakers(store, speakers[2], "Minister Orla Venn"))
    article = rows[5][S.article_id]
    _step(
        store,
        monkeypatch,
        lambda: edit.add_statement(store, article, 0, 12, "Mayor Ilse Brandt", date="2011-05-04"),
    )
    _step(
        store,
        monkeypatch,
        lambda: edit.correct_article(store, rows[9][S.article_id], {"published": "2010-01-07"}),
    )
    known = sorted(taxonomy())
    done = edit.correct_statement(store, sid[7], {"topics": [known[-1], known[0]]})
    _step(store, monkeypatch, lambda: None)  # the topic correction above, as its own commit
    _step(store, monkeypatch, lambda: edit.undo(store, done.ids[0]))  # the extracted row, read back by id


def test_ingests_and_their_corrections_update_the_folder(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = _rows(store)
    _step(store, monkeypatch, lambda: store.add(*fake_batch(6, 3, seed=41)))
    # An added statement sits after every extracted row: the next ingest's rows go before it.
    _step(
        store, monkeypatch, lambda: edit.add_statement(store, rows[0][S.article_id], 0, 9, "Warden Pell Arno")
    )
    _step(store, monkeypatch, lambda: store.add(*fake_batch(4, 2, seed=42)))
    newest = _rows(store)[-1]
    _step(store, monkeypatch, lambda: edit.delete_statement(store, newest[S.statement_id]))


def test_what_the_update_cannot_apply_is_rebuilt(
    store: Store, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    rows = _rows(store)
    edit.correct_article(store, rows[0][S.article_id], {"outlet": "The Quellmark Courier"})
    manifest = store.manifest()
    assert manifest is not None
    with caplog.at_level(logging.INFO, logger="quoteline.query.encoded_update"):
        assert not encoded_update.update(store, manifest)
    assert "an outlet correction" in caplog.text
    assert not encoded.folder(store.root, manifest.version).exists()
    want = load_corpus(store)  # rebuilt from Parquet, then mapped
    assert is_mapped(want.frame["week"].to_numpy())
    store.add(*fake_batch(40, 2, seed=9))  # a second small file in many partitions: compaction merges them
    store.compact(retention_hours=0)
    compacted = store.manifest()
    assert compacted is not None
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="quoteline.query.encoded_update"):
        assert not encoded_update.update(store, compacted)
    assert "a compaction" in caplog.text


def test_unchanged_files_are_linked_and_the_load_maps_the_update(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = encoded.folder(store.root, store.version())
    monkeypatch.setattr(encoded, "prune", lambda *args: None)  # keep the previous folder to compare
    row = _rows(store)[4]
    sid, stance = row[S.statement_id], "denial" if row[S.stance] != "denial" else "praise"
    edit.correct_statement(store, sid, {"stance": stance})
    got = load_corpus(store)  # the load updates the folder, then maps it: no Parquet load
    after = encoded.folder(store.root, store.version())
    assert is_mapped(got.frame["week"].to_numpy())
    assert os.stat(after / "week.npy").st_ino == os.stat(before / "week.npy").st_ino
    assert os.stat(after / "stance.npy").st_ino != os.stat(before / "stance.npy").st_ino
    at = got.row_of(sid)
    assert at is not None
    assert got.frame[S.stance].iloc[at] == stance
    monkeypatch.setenv("QUOTELINE_ENCODED_MIN_STATEMENTS", "1000000000")
    assert_same_corpus(got, load_corpus(store))


def test_the_grids_are_linked_when_no_value_they_count_changed(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(encoded, "prune", lambda *args: None)  # keep the previous folders to compare
    rows = _rows(store)
    grid = f"{whole_cells.STEM}topic.week.stance.npy"

    def updated() -> int:
        """The inode of the grid file of the current version's folder, as the update writes it (``_step``
        leaves a rebuild in place, compared with the update's)."""
        manifest = store.manifest()
        assert manifest is not None
        shutil.rmtree(encoded.folder(store.root, manifest.version))
        assert encoded_update.update(store, manifest)
        return os.stat(encoded.folder(store.root, manifest.version) / grid).st_ino

    first = os.stat(encoded.folder(store.root, store.version()) / grid).st_ino
    # A kind and counterparts are in no grid: the grids are the previous folder's, linked.
    change = {"kind": "indirect", "counterparts": ["Quellmark"]}
    _step(store, monkeypatch, lambda: edit.correct_statement(store, rows[4][S.statement_id], change))
    linked = updated()
    assert linked == first
    stance = "denial" if rows[5][S.stance] != "denial" else "praise"
    _step(
        store, monkeypatch, lambda: edit.correct_statement(store, rows[5][S.statement_id], {"stance": stance})
    )
    assert updated() != linked, "a stance colours the grid: counted again"


def test_a_later_correction_of_a_redated_row_reads_its_partitions_only(
    store: Store, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    row = _rows(store)[6]
    sid = row[S.statement_id]
    _step(store, monkeypatch, lambda: edit.correct_statement(store, sid, {"date": "2009-06-30"}))
    stance = "denial" if row[S.stance] != "denial" else "praise"
    with caplog.at_level(logging.INFO, logger="quoteline.query.encoded_changes"):
        # The folder shows 2009-06-30; the extracted row is in its extracted date's partition.
        _step(store, monkeypatch, lambda: edit.correct_statement(store, sid, {"stance": stance}))
        _step(store, monkeypatch, lambda: edit.correct_statement(store, sid, {"date": "2009-07-02"}))
    assert "reading every one" not in caplog.text


_SLOW_UPDATE = """
import sys, time
import numpy as np
from quoteline.query import encoded_update
from quoteline.store import Store
save = np.save
def slow(handle, values, **kw):
    save(handle, values, **kw)
    print("wrote", flush=True)
    time.sleep(30)
np.save = slow
store = Store(sys.argv[1])
encoded_update.update(store, store.manifest())
"""


def test_kill_9_mid_update_leaves_a_folder_nothing_reads(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    previous = store.version()
    first = _rows(store)[0]
    edit.correct_statement(
        store, first[S.statement_id], {"stance": "denial" if first[S.stance] != "denial" else "praise"}
    )
    kill_mid_write(_SLOW_UPDATE, store.root, 0)
    base = store.root / encoded.FOLDER
    names = sorted(p.name for p in base.iterdir())
    assert [n for n in names if not n.startswith(".tmp-")] == [previous]  # no folder of the new version
    assert encoded.read(store.root, store.version()) is None
    monkeypatch.setenv("QUOTELINE_ENCODED_MIN_STATEMENTS", "1000000000")
    want = load_corpus(store)
    monkeypatch.setenv("QUOTELINE_ENCODED_MIN_STATEMENTS", "0")
    got: Corpus = load_corpus(store)  # the next load updates it afresh
    assert is_mapped(got.frame["week"].to_numpy())
    assert_same_corpus(got, want)
