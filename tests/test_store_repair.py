"""A store that lost its commit record (or whose record is damaged) is never rolled back or written to: every
command refuses with a message naming the folder, and ``quoteline repair`` rebuilds it from the tables' data
files after a backup, with every statement id that was committed before."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from child_process import quoteline_cli
from deltalake import DeltaTable, write_deltalake

from quoteline.schema import S
from quoteline.store import Store, StoreError
from quoteline.store.repair import repair
from quoteline.store.synthetic import fake_batch
from quoteline.store.tables import PARTITIONS

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = """published: 2023-04-05
source: Ostrel Herald (fictional)

Kellin keeps Ostrel harbour open

“The harbour will stay open to every ship that respects our law,” Premier Tomas Kellin told reporters.
"""


def _filled(root: Path, commits: int = 3) -> set[str]:
    """A store with a few commits; returns its statement ids."""
    store = Store(root)
    for seed in range(commits):
        store.add(*fake_batch(4, 3, seed=200 + seed))
    return set(store.statements([S.statement_id])[S.statement_id])


def _data_files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*.parquet") if "_delta_log" not in p.parts}


def _damage(root: Path, how: str) -> None:
    manifest = root / "commit.json"
    if how == "deleted":
        manifest.unlink()
    elif how == "garbage":
        manifest.write_bytes(b"\x00\xffnot json{")
    elif how == "truncated":
        manifest.write_bytes(manifest.read_bytes()[:40])
    elif how == "wrong structure":
        raw = json.loads(manifest.read_text())
        raw["tables"] = [{"name": "x"}]  # valid JSON, wrong shape
        del raw["generation"]
        manifest.write_text(json.dumps(raw))
    elif how == "a folder":
        manifest.unlink()
        manifest.mkdir()
    else:
        raise AssertionError(how)


DAMAGE = ["deleted", "garbage", "truncated", "wrong structure", "a folder"]


@pytest.mark.parametrize("how", DAMAGE)
def test_a_store_without_a_readable_manifest_is_never_written_to(tmp_path: Path, how: str) -> None:
    root = tmp_path / "store"
    _filled(root)
    files = _data_files(root)
    _damage(root, how)
    store = Store(root)
    with pytest.raises(StoreError, match="repair") as err:
        store.add(*fake_batch(2, 2, seed=999))
    assert str(root) in str(err.value)
    with pytest.raises(StoreError):
        store.statements()
    assert _data_files(root) == files, "no data file was swept or added"


def test_every_command_refuses_a_store_whose_manifest_was_deleted(tmp_path: Path) -> None:
    root = tmp_path / "store"
    ids = _filled(root)
    files = _data_files(root)
    _damage(root, "deleted")
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.txt").write_text(ARTICLE, encoding="utf-8")

    stats = quoteline_cli("stats", "--store", str(root))
    assert stats.returncode == 1, stats.stdout + stats.stderr
    assert f"{root}: the store holds" in stats.stderr
    assert "no commit.json" in stats.stderr
    assert "empty" not in stats.stdout
    ingest = quoteline_cli("ingest", str(corpus), "--store", str(root))
    assert ingest.returncode == 1, ingest.stdout + ingest.stderr
    assert "quoteline repair --store" in ingest.stdout
    assert "Traceback" not in ingest.stdout + ingest.stderr
    export = quoteline_cli("export", "--store", str(root), "--format", "jsonl")
    assert export.returncode == 1
    assert "no commit.json" in export.stderr
    assert _data_files(root) == files

    fixed = quoteline_cli("repair", "--store", str(root))
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert "backup: every file was copied to" in fixed.stdout
    backups = list(tmp_path.glob("store.backup-*"))
    assert len(backups) == 1
    assert _data_files(backups[0]) == files
    assert set(Store(root).statements([S.statement_id])[S.statement_id]) == ids
    again = quoteline_cli("ingest", str(corpus), "--store", str(root))
    assert again.returncode == 0, again.stdout + again.stderr
    after = set(Store(root).statements([S.statement_id])[S.statement_id])
    assert ids < after


@pytest.mark.parametrize("how", DAMAGE)
def test_repair_restores_every_statement_id(tmp_path: Path, how: str) -> None:
    root = tmp_path / "store"
    ids = _filled(root)
    _damage(root, how)
    if how == "a folder":
        with pytest.raises(StoreError, match="is a folder where the manifest belongs"):
            repair(Store(root))
        shutil.rmtree(root / "commit.json")
    report = repair(Store(root))
    assert report.problem is not None
    assert report.backup is not None
    assert set(Store(root).statements([S.statement_id])[S.statement_id]) == ids
    assert len(Store(root).articles()) == 12
    assert repair(Store(root)).problem is None, "a repaired store is healthy"


def test_a_deleted_data_file_is_named_not_reported_as_a_changing_store(tmp_path: Path) -> None:
    root = tmp_path / "store"
    _filled(root)
    gone = sorted(p for p in (root / "statements").rglob("*.parquet") if "_delta_log" not in p.parts)[0]
    gone.unlink()
    files = _data_files(root)
    store = Store(root)
    with pytest.raises(StoreError, match="missing") as err:
        store.statements()
    assert gone.name in str(err.value)
    assert "kept changing" not in str(err.value)
    with pytest.raises(StoreError, match=gone.name):
        store.add(*fake_batch(2, 2, seed=999))
    assert _data_files(root) == files
    report = repair(store)
    assert gone.name in str(report.problem)
    kept = store.statements([S.statement_id, S.article_id])
    assert kept[S.statement_id].is_unique
    assert len(kept) > 0


def test_repair_keeps_rows_found_twice_once(tmp_path: Path) -> None:
    """Rows written twice into a table (the same batch appended again by a writer that then lost its commit
    record): repair keeps each row once."""
    root = tmp_path / "store"
    ids = _filled(root)
    for table in ("articles", "statements"):
        again = DeltaTable(str(root / table)).to_pyarrow_table()
        write_deltalake(str(root / table), again, mode="append", partition_by=list(PARTITIONS[table]) or None)
    _damage(root, "deleted")
    report = repair(Store(root))
    assert report.duplicates_dropped > 0
    stored = Store(root).statements([S.statement_id])
    assert stored[S.statement_id].is_unique
    assert set(stored[S.statement_id]) == ids


def test_an_unreadable_data_file_is_left_out_named_and_kept_in_the_backup(tmp_path: Path) -> None:
    root = tmp_path / "store"
    ids = _filled(root)
    broken = sorted(p for p in (root / "statements").rglob("*.parquet") if "_delta_log" not in p.parts)[0]
    broken.write_bytes(b"not parquet at all")
    name = broken.relative_to(root).as_posix()
    _damage(root, "deleted")
    report = repair(Store(root))
    assert [n for n, _ in report.files_unreadable] == [name]
    assert report.backup is not None
    assert (report.backup / name).read_bytes() == b"not parquet at all"
    kept = set(Store(root).statements([S.statement_id])[S.statement_id])
    assert kept, "every statement of the other files is kept"
    assert kept < ids


def test_a_healthy_store_is_left_alone(tmp_path: Path) -> None:
    root = tmp_path / "store"
    _filled(root)
    version = Store(root).version()
    report = repair(Store(root))
    assert report.problem is None
    assert Store(root).version() == version
    assert not list(tmp_path.glob("store.backup-*"))


def test_stats_on_a_regular_file_is_an_error_not_an_empty_store(tmp_path: Path) -> None:
    path = tmp_path / "not-a-store.txt"
    path.write_text("hello", encoding="utf-8")
    proc = quoteline_cli("stats", "--store", str(path))
    assert proc.returncode == 1
    assert f"{path}: is a file, not a store folder" in proc.stderr
    assert path.read_text(encoding="utf-8") == "hello"


@pytest.mark.parametrize("page", ["timeline", "table", "add"])
def test_the_dashboard_shows_the_message_and_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, page: str
) -> None:
    from streamlit.testing.v1 import AppTest

    root = tmp_path / "store"
    ids = _filled(root)
    files = _data_files(root)
    _damage(root, "deleted")
    monkeypatch.setenv("QUOTELINE_STORE_DIR", str(root))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params = {"page": page}
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("cannot be read" in e.value for e in at.error)
    shown = " ".join(c.value for c in at.code)
    assert f"{root}: the store holds" in shown
    assert "quoteline repair --store" in shown
    assert any("Nothing has been changed or deleted" in i.value for i in at.info)
    assert _data_files(root) == files
    repair(Store(root))
    assert set(Store(root).statements([S.statement_id])[S.statement_id]) == ids
