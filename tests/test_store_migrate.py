"""An old-format store (manifest.json naming Parquet files) converts to the Delta tables on first use, or with
``quoteline migrate``, after a backup, losing nothing: every article, statement and correction row is equal
before and after."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from test_query_counts import from_table, reference

from quoteline.corrections import edit
from quoteline.schema import A, C, S
from quoteline.store import Store
from quoteline.store.legacy import LegacyManifest, Segment, write_legacy_manifest
from quoteline.store.migrate import migrate
from quoteline.store.synthetic import fake_batch
from quoteline.store.tables import SCHEMAS

ROOT = Path(__file__).resolve().parent.parent
KEYS = {"articles": A.article_id, "statements": S.statement_id}


def _tables(store: Store) -> dict[str, pa.Table]:
    """Every row of every table as stored (no corrections applied), in a comparable order."""
    out = {}
    for table, key in KEYS.items():
        data, _ = store.read_arrow(table, SCHEMAS[table].names, raw=True)
        out[table] = data.sort_by(key)
    out["corrections"] = store.read_arrow("corrections", SCHEMAS["corrections"].names)[0]  # log order
    return out


def _old_format_copy(source: Store, root: Path) -> dict[str, pa.Table]:
    """Write ``source``'s rows as an old-format store at ``root``, two data files per table."""
    tables = _tables(source)
    root.mkdir(parents=True)
    segments: dict[str, tuple[Segment, ...]] = {}
    for table, data in tables.items():
        half = data.num_rows // 2
        parts = []
        for i, part in enumerate((data.slice(0, half), data.slice(half))):
            name = f"{table}-{i + 1:08d}-0000000{i}.parquet"
            pq.write_table(part.cast(SCHEMAS[table]), root / name, compression="zstd")
            parts.append(Segment(name, part.num_rows))
        segments[table] = tuple(parts)
    manifest = LegacyManifest(
        generation=7,
        commit="0123456789ab",
        articles=segments["articles"],
        statements=segments["statements"],
        corrections=segments["corrections"],
    )
    write_legacy_manifest(root, manifest)
    return tables


@pytest.fixture
def source(tmp_path: Path) -> Store:
    store = Store(tmp_path / "source")
    for seed in range(3):
        articles, statements = fake_batch(6, 3, seed=400 + seed)
        statements.loc[0, S.date] = None  # undated statements too
        store.add(articles, statements)
    ids = sorted(store.statements([S.statement_id])[S.statement_id])
    edit.correct_statement(store, ids[0], {"speaker": "Dara Quellin"})
    done = edit.correct_statement(store, ids[1], {"stance": "denial"})
    edit.undo(store, done.ids[0])
    return store


def test_the_first_read_converts_an_old_store_and_loses_nothing(source: Store, tmp_path: Path) -> None:
    root = tmp_path / "old"
    before = _tables(source)
    _old_format_copy(source, root)
    old_files = sorted(p.name for p in root.iterdir())
    store = Store(root)
    assert store.version().startswith("8-"), "the generation count carries on"
    after = _tables(store)
    for table in before:
        assert after[table].num_rows == before[table].num_rows > 0, table
        assert after[table].equals(before[table]), f"{table}: a row differs after the migration"
    assert not (root / "manifest.json").exists()
    assert not list(root.glob("*.parquet")), "the old data files are gone from the store"
    backups = list(tmp_path.glob("old.backup-*"))
    assert len(backups) == 1
    assert sorted(p.name for p in backups[0].iterdir()) == old_files
    # The corrections still apply, and the store takes new commits.
    fixed = store.statements([S.statement_id, S.speaker]).set_index(S.statement_id)[S.speaker]
    assert (fixed == "Dara Quellin").sum() == 1
    assert store.corrections()[C.entry_id].tolist() == before["corrections"][C.entry_id].to_pylist()
    assert store.add(*fake_batch(2, 2, seed=999)).articles_added == 2


def test_a_write_converts_too_and_a_killed_migration_runs_again(source: Store, tmp_path: Path) -> None:
    root = tmp_path / "old"
    before = _tables(source)
    _old_format_copy(source, root)
    # A migration killed half-way leaves Delta tables that nothing names yet: the next run starts over.
    shutil.copytree(source.root / "articles", root / "articles")
    result = Store(root).add(*fake_batch(2, 2, seed=998))
    assert result.articles_added == 2
    after = _tables(Store(root))
    assert after["articles"].num_rows == before["articles"].num_rows + 2
    assert after["statements"].num_rows == before["statements"].num_rows + 4


def test_the_migrate_command_shows_progress_and_leaves_a_converted_store_alone(
    source: Store, tmp_path: Path
) -> None:
    root = tmp_path / "old"
    before = _tables(source)
    _old_format_copy(source, root)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "quoteline", "migrate", "--store", str(root)]
    first = subprocess.run(command, capture_output=True, text=True, env=env, timeout=600, check=False)
    assert first.returncode == 0, first.stdout + first.stderr
    assert "migrating" in first.stderr, "a progress bar"
    assert "rows" in first.stderr
    assert "backup of the old files" in first.stdout
    again = subprocess.run(command, capture_output=True, text=True, env=env, timeout=600, check=False)
    assert again.returncode == 0
    assert "already in the Delta Lake format" in again.stdout
    after = _tables(Store(root))
    assert all(after[t].equals(before[t]) for t in before)


def test_a_migration_builds_the_counts_table_from_the_corrected_statements(
    source: Store, tmp_path: Path
) -> None:
    root = tmp_path / "old"
    _old_format_copy(source, root)
    report = migrate(Store(root), progress=False)
    assert report.backup is not None
    # Right after migrating, before any commit: the counts table is in the commit record and counts every
    # statement as read (the "Dara Quellin" correction applied), undated ones included.
    store = Store(root)
    manifest = store.manifest()
    assert manifest is not None
    assert manifest.counts is not None
    assert manifest.generation == 8, "the migration's own commit, no later one"
    statements = store.statements([S.speaker, S.topics, S.date])
    assert statements[S.date].isna().any()
    expected = reference(statements)
    assert any(speaker == "Dara Quellin" for speaker, _, _ in expected)
    assert from_table(store) == expected
    assert from_table(store) == from_table(source)
