"""Each statement's distinct topics and counterparts kept as one flat string beside the lists (the tag sets,
``quoteline.store.tables.TAG_SETS``): written by every write path, recomputed for corrected rows, computed on
read for a store written before them, and added to such a store by a migration that keeps a backup and
loses nothing."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest
from deltalake import write_deltalake

from benchmarks.synthetic import write_store
from quoteline.corrections import edit
from quoteline.knowledge import gazetteer
from quoteline.query import speakers
from quoteline.query.filters import Filters
from quoteline.query.lake import open_lake, quote, tag_set_sql
from quoteline.query.lake_facets import LakeFacets
from quoteline.schema import S
from quoteline.store import Store, delta
from quoteline.store.manifest import COMMIT_NAME, read_manifest
from quoteline.store.migrate import lacks_tag_sets, migrate
from quoteline.store.synthetic import fake_batch
from quoteline.store.tables import COUNTERPART_SET, SCHEMAS, TAG_SEP, TAG_SETS, TOPIC_SET, tag_set

ROOT = Path(__file__).resolve().parent.parent


def test_a_tag_set_holds_each_distinct_tag_once_sorted_and_duckdb_computes_the_same() -> None:
    lists = pa.array(
        [["water", "grain", "water"], [], ["Côte d'Ivoire"], ["b", "a"], []], pa.list_(pa.string())
    )
    sep = TAG_SEP
    expected = [f"{sep}grain{sep}water{sep}", "", f"{sep}Côte d'Ivoire{sep}", f"{sep}a{sep}b{sep}", ""]
    assert tag_set(lists).to_pylist() == expected
    assert tag_set(pa.chunked_array([lists.slice(0, 2), lists.slice(2)])).to_pylist() == expected
    con = duckdb.connect()
    con.register("lists", pa.table({S.topics: lists}))
    got = con.sql(f"SELECT {tag_set_sql(S.topics)} AS s FROM lists").fetchall()
    assert [r[0] for r in got] == expected


def _sets_wrong(store: Store) -> int:
    """Statements (as the lake reads them, corrections applied) whose tag sets differ from their lists."""
    with open_lake(store) as lake:
        wrong = " OR ".join(f"{quote(s)} <> {tag_set_sql(c)}" for s, c in TAG_SETS.items())
        return int(lake.table(f"SELECT count(*) AS n FROM statements WHERE {wrong}").to_pylist()[0]["n"])


def _stored_with_sets(store: Store) -> bool:
    manifest = store.manifest(upgrade=False)
    assert manifest is not None
    return not lacks_tag_sets(store, manifest)


def test_every_write_path_writes_the_tag_sets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store(write_store(tmp_path / "synthetic", 2000, seed=9))  # the synthetic store
    assert _stored_with_sets(store)
    assert _sets_wrong(store) == 0
    store.add(*fake_batch(40, 3, seed=2))  # a commit
    assert _sets_wrong(store) == 0
    rows = store.statements([S.statement_id, S.article_id, S.topics])
    first = rows[rows[S.topics].list.len() > 0].iloc[0]
    edit.correct_statement(store, first[S.statement_id], {"counterparts": "Wadiya, Qumar, Wadiya"})
    edit.merge_speakers(store, "Leader 02 of Syldavia", "Leader 00 of Arcadia")
    assert _sets_wrong(store) == 0  # the corrected rows' sets are recomputed on read
    articles, statements = fake_batch(40, 3, seed=2)  # a re-extraction of the same articles
    statements[S.topics] = [["energy", "trade", "energy"]] * len(statements)
    store.replace_extraction(articles, statements)
    assert _sets_wrong(store) == 0
    monkeypatch.setenv("QUOTELINE_COMPACT_THRESHOLD", "0")
    store.compact(retention_hours=0)  # a compaction
    assert _stored_with_sets(store)
    assert _sets_wrong(store) == 0


def _without_tag_sets(store: Store) -> None:
    """Rewrite ``store``'s statements table as a store written before the tag sets existed held it."""
    manifest = read_manifest(store.root)
    assert manifest is not None
    old = delta.dataset(store.root, "statements", manifest.statements)
    assert old is not None
    data = old.to_table()
    data = data.drop_columns(list(TAG_SETS))
    dt = delta.open_table(store.root, "statements")
    assert dt is not None
    write_deltalake(dt, data, mode="overwrite", schema_mode="overwrite", partition_by=["year", "month"])
    body = json.loads((store.root / COMMIT_NAME).read_text())
    body["tables"]["statements"] = delta.latest_version(store.root, "statements")
    (store.root / COMMIT_NAME).write_text(json.dumps(body))
    store.forget()


def _raw_rows(store: Store) -> pa.Table:
    data, _ = store.read_arrow("statements", SCHEMAS["statements"].names, raw=True)
    return data.sort_by(S.statement_id)


def test_a_store_without_the_tag_sets_reads_the_same_then_migrates_with_a_backup(tmp_path: Path) -> None:
    root = tmp_path / "old"
    store = Store(write_store(root, 3000, seed=4))
    store.add(*fake_batch(30, 3, seed=5))
    rows = store.statements([S.statement_id])
    edit.correct_statement(store, rows[S.statement_id].iloc[3], {"counterparts": "Genovia"})
    resolve = speakers.exact_lookup(gazetteer.load())
    leader = "Leader 01 of Borduria"
    states = [
        Filters(leaders=(leader,), topics=("energy",)),
        Filters(leaders=(leader,), stances=("praise",)),
        Filters(leaders=(leader,), counterparts=("Genovia", "Qumar")),
        Filters(leaders=(leader,), date_from=date(2022, 6, 3)),  # a cut month: its days counted
        Filters(topics=("energy",), in_office=True),
    ]

    def answers(pinned_store: Store) -> list[object]:
        with open_lake(pinned_store, read_manifest(pinned_store.root)) as lake:
            source = LakeFacets(lake, resolve)
            return [(got.facets, got.total) for got in map(source.answer, states)]

    before = answers(store)
    raw_before = _raw_rows(store)
    _without_tag_sets(store)
    assert not _stored_with_sets(store)
    # Read as it is (a commit pinned before the migration, or time travel): the sets come from the lists.
    assert answers(store) == before
    # The first use migrates it: a backup, the columns written, every row as it was, the answers the same.
    manifest = store.manifest()
    assert manifest is not None
    assert _stored_with_sets(store)
    backups = list(tmp_path.glob("old.backup-*"))
    assert len(backups) == 1
    assert (backups[0] / COMMIT_NAME).is_file()
    assert _raw_rows(store).equals(raw_before)
    assert _sets_wrong(store) == 0
    assert answers(store) == before
    assert migrate(store).backup is None  # nothing left to do


def test_the_migrate_command_adds_the_tag_sets_and_a_failed_one_runs_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(write_store(tmp_path / "old", 1500, seed=6))
    raw_before = _raw_rows(store)
    _without_tag_sets(store)
    from quoteline.store import migrate as migration

    def fail(*_: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(migration, "write_manifest", fail)
    with pytest.raises(OSError, match="disk full"):
        migrate(store)
    assert not _stored_with_sets(store)  # the commit record still names the old table
    monkeypatch.undo()
    done = subprocess.run(
        [sys.executable, "-m", "quoteline", "migrate", "--store", str(store.root)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    assert f"added the tag-set columns to {store.root}: {raw_before.num_rows} statements rows" in done.stdout
    assert "backup of the old files" in done.stdout
    store.forget()
    assert _stored_with_sets(store)
    assert _raw_rows(store).equals(raw_before)
    assert delta.columns_at(store.root, "statements", store.manifest().statements)[-2:] == [  # type: ignore[union-attr]
        TOPIC_SET,
        COUNTERPART_SET,
    ]
