"""Disk and store faults, each with the real kernel refusing the write (no mocks): a clear message naming the
path, exit status 1, and every statement id committed before still there (issue 12, section 5)."""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from quoteline.schema import S
from quoteline.store import Store, StoreError
from quoteline.store.synthetic import fake_batch

ROOT = Path(__file__).resolve().parent.parent
DAC_CAPS = "-dac_override,-dac_read_search"  # without them root obeys file modes like any user
GOOD = """published: 2023-04-05
source: Ostrel Herald (fictional)

Kellin keeps Ostrel harbour open

“The harbour will stay open to every {what} that respects our law,” Premier Tomas Kellin told reporters.
"""


def _cli(*args: str, fsize: int | None = None, drop_caps: bool = False) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1"}
    command = [sys.executable, "-m", "quoteline", *args]
    if drop_caps:
        setpriv = shutil.which("setpriv")
        if os.geteuid() != 0 or setpriv is None:
            pytest.fail(
                "this test needs root and util-linux setpriv to drop the permission-bypass capabilities"
            )
        command = [setpriv, f"--bounding-set={DAC_CAPS}", f"--inh-caps={DAC_CAPS}", *command]

    def limit() -> None:
        # A file-size limit makes the kernel refuse writes past it (EFBIG), as a full disk does (ENOSPC):
        # the write fails part-way, after the file was created. Python ignores SIGXFSZ, so write() errors.
        if fsize is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    return subprocess.run(
        command, capture_output=True, text=True, env=env, timeout=600, check=False, preexec_fn=limit
    )


@pytest.fixture
def filled(tmp_path: Path) -> tuple[Path, set[str]]:
    """A store with three commits, and the statement ids it holds."""
    root = tmp_path / "store"
    store = Store(root)
    for seed in range(3):
        store.add(*fake_batch(4, 3, seed=300 + seed))
    return root, _ids(root)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for i, what in enumerate(("ship", "barge", "ferry")):
        (folder / f"a{i}.txt").write_text(GOOD.format(what=what), encoding="utf-8")
    return folder


def _ids(root: Path) -> set[str]:
    return set(Store(root).statements([S.statement_id])[S.statement_id])


def _files(root: Path) -> set[str]:
    """The store's files but its lock and Delta logs (a failed write's roll-back adds a log entry)."""
    return {
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and p.name != ".lock" and "_delta_log" not in p.parts
    }


def _no_traceback(proc: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stdout + proc.stderr


def test_a_read_only_store(filled: tuple[Path, set[str]], corpus: Path) -> None:
    root, ids = filled
    before = _files(root)
    root.chmod(0o555)
    try:
        proc = _cli("ingest", str(corpus), "--store", str(root), drop_caps=True)
    finally:
        root.chmod(0o755)
    _no_traceback(proc)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Permission denied" in proc.stdout
    assert str(root) in proc.stdout
    assert _files(root) == before
    assert _ids(root) == ids


def test_a_store_path_that_cannot_be_created(tmp_path: Path, corpus: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    proc = _cli("ingest", str(corpus), "--store", str(blocker / "store"))
    _no_traceback(proc)
    assert proc.returncode == 1
    assert f"{blocker / 'store'}: cannot be a store folder: a part of its path is a file" in proc.stdout
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    denied = _cli("ingest", str(corpus), "--store", str(locked / "store"), drop_caps=True)
    _no_traceback(denied)
    assert denied.returncode == 1
    assert f"{locked / 'store'}: cannot create the store folder: Permission denied" in denied.stdout
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_a_full_disk_leaves_no_orphan_file(filled: tuple[Path, set[str]], corpus: Path) -> None:
    root, ids = filled
    before = _files(root)
    proc = _cli("ingest", str(corpus), "--store", str(root), fsize=2048)
    _no_traceback(proc)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "cannot write to the store: File too large; nothing was committed" in proc.stdout
    assert "not stored: the store refused the commit" in proc.stdout
    assert _files(root) == before, "no data file or temporary file was left behind"
    assert _ids(root) == ids


def test_the_lock_file_replaced_by_a_folder(filled: tuple[Path, set[str]], corpus: Path) -> None:
    root, ids = filled
    (root / ".lock").unlink(missing_ok=True)
    (root / ".lock").mkdir()
    proc = _cli("ingest", str(corpus), "--store", str(root))
    _no_traceback(proc)
    assert proc.returncode == 1
    assert f"{root / '.lock'}: the store's lock file is a folder" in proc.stdout
    assert _ids(root) == ids


def test_a_commit_record_of_the_wrong_structure(filled: tuple[Path, set[str]], corpus: Path) -> None:
    root, _ = filled
    before = _files(root) - {"commit.json"}
    record = json.loads((root / "commit.json").read_text())
    record["tables"] = {"statements": "x"}  # valid JSON, no versions
    (root / "commit.json").write_text(json.dumps(record))
    for command in (["ingest", str(corpus)], ["stats"], ["export"]):
        proc = _cli(*command, "--store", str(root))
        _no_traceback(proc)
        assert proc.returncode == 1, command
        assert "the store's commit record has the wrong structure" in proc.stdout + proc.stderr
    assert _files(root) - {"commit.json"} == before


def test_a_data_file_of_the_wrong_schema_is_refused_before_any_write(
    filled: tuple[Path, set[str]], corpus: Path
) -> None:
    root, _ = filled
    # A data file, not a Delta checkpoint (``_delta_log/*.checkpoint.parquet``).
    wrong = sorted(p for p in (root / "statements").rglob("*.parquet") if "_delta_log" not in p.parts)[0]
    pq.write_table(pa.table({"x": [1, 2]}), wrong)
    before = _files(root)
    with pytest.raises(StoreError, match="does not hold the statements table"):
        Store(root).add(*fake_batch(2, 2, seed=999))
    with pytest.raises(StoreError, match=wrong.name):
        Store(root).statements()
    proc = _cli("ingest", str(corpus), "--store", str(root))
    _no_traceback(proc)
    assert proc.returncode == 1
    assert str(wrong) in proc.stdout
    assert _files(root) == before


@pytest.mark.parametrize("case", ["missing folder", "a folder", "full disk"])
def test_export_failures_leave_no_partial_file(
    filled: tuple[Path, set[str]], tmp_path: Path, case: str
) -> None:
    root, _ = filled
    out = tmp_path / "exports"
    out.mkdir()
    target = {"missing folder": out / "nope" / "x.csv", "a folder": out, "full disk": out / "x.csv"}[case]
    proc = _cli(
        "export", "--store", str(root), "-o", str(target), fsize=1024 if case == "full disk" else None
    )
    _no_traceback(proc)
    assert proc.returncode == 1, proc.stderr
    expected = {
        "missing folder": f"{target}: the folder {target.parent} does not exist",
        "a folder": f"{target}: is a folder; give a file name",
        "full disk": f"{target}: cannot write the export: File too large; no partial file was left",
    }[case]
    assert expected in proc.stderr
    assert sorted(p.name for p in out.iterdir()) == []


def test_export_is_atomic_and_complete(filled: tuple[Path, set[str]], tmp_path: Path) -> None:
    root, ids = filled
    target = tmp_path / "all.jsonl"
    target.write_text("old contents", encoding="utf-8")
    proc = _cli("export", "--store", str(root), "--format", "jsonl", "-o", str(target))
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert {r[S.statement_id] for r in rows} == ids
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".tmp-")] == []
