"""Every bad input of issue 4: each fails alone with a message naming the file and the problem, the batch
carries on, and what the store held before is intact.

Unreadable files: the suite runs as root, for whom ``chmod 000`` changes nothing. The test therefore runs the
real CLI as root without the capabilities that bypass file permissions (``setpriv``), so the kernel really
refuses the read and the checkout may still sit in a private (0700) folder; it also covers the unreadable
things root meets too: a named pipe (which would block a naive ``open``) and a dangling link.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from quoteline.ingest.pipeline import IngestReport, ingest_paths
from quoteline.schema import A
from quoteline.store import Store

ROOT = Path(__file__).resolve().parent.parent
GOOD = """published: 2023-04-05
source: Ostrel Herald (fictional)

Kellin keeps Ostrel harbour open

“The harbour will stay open to every ship that respects our law,” Premier Tomas Kellin told reporters.
"""


def _failure(report: IngestReport, name: str) -> str:
    hits = [str(f) for f in report.failures if name in f.where]
    assert hits, f"no failure names {name}: {report.summary()}"
    return hits[0]


@pytest.fixture
def store(tmp_path: Path) -> Store:
    """A store already holding one article, which must survive every bad batch."""
    seed = tmp_path / "seed"
    seed.mkdir()
    (seed / "first.txt").write_text(GOOD, encoding="utf-8")
    s = Store(tmp_path / "store")
    assert ingest_paths([seed], s).articles_new == 1
    return s


def _ingest_with_good(folder: Path, store: Store) -> IngestReport:
    (folder / "zz-good.txt").write_text(GOOD.replace("every ship", "every ferry"), encoding="utf-8")
    report = ingest_paths([folder], store)
    assert report.exit_code == 2
    assert report.articles_new == 1, "the batch carried on to the good file"
    articles = store.articles([A.article_id, A.title])
    assert len(articles) == 2, "the earlier article is still there"
    store.statements()  # and everything reads back validated
    return report


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("empty.txt", b"", "the file is empty"),
        ("blank.md", b"\n \n\t\n", "the file is empty"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" * 50, "binary file"),
        ("bad-utf16.txt", b"\xff\xfe" + "Title\n\nBody".encode("utf-16-le") + b"\x00", "byte-order mark"),
        ("truncated.json", b'[{"title": "Kellin", "text": "The harbour will', "invalid or truncated JSON"),
        ("truncated.jsonl", b'{"title": "Kellin", "text": "The harbour', "invalid or truncated JSON"),
        ("missing.csv", b"title,body\nKellin,The harbour\n", "missing required column 'text'"),
        (
            "impossible.txt",
            GOOD.replace("2023-04-05", "31/02/2020").replace("ship", "barge").encode(),
            "'31/02/2020' is impossible",
        ),
        (
            "future.txt",
            GOOD.replace("2023-04-05", "2999-01-01").replace("ship", "barge").encode(),
            "'2999-01-01' is in the future",
        ),
        ("title-only.txt", b"Just a title\n", "no body"),
    ],
)
def test_bad_file_is_named_with_its_problem(
    tmp_path: Path, store: Store, name: str, content: bytes, problem: str
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / name).write_bytes(content)
    report = _ingest_with_good(folder, store)
    message = _failure(report, name)
    assert str(folder / name) in message
    assert problem in message


def test_html_full_of_scripts(tmp_path: Path, store: Store) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    scripts = "".join(
        f"<script>var q{i} = '“We will never surrender,” said X.';</script>" for i in range(200)
    )
    (folder / "scripts.html").write_text(
        f"<html><head><title>Page</title>{scripts}</head>"
        f"<body>{scripts}<noscript>Enable JS</noscript></body></html>"
    )
    report = _ingest_with_good(folder, store)
    assert "no article text found in the HTML" in _failure(report, "scripts.html")


def test_a_20_mb_text_file(tmp_path: Path, store: Store) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    line = "The harbour will stay open to every ship, the premier said again and again.\n"
    with open(folder / "huge.txt", "w", encoding="utf-8") as handle:
        handle.write("A very long file\n\n")
        handle.write(line * (20 * 1024 * 1024 // len(line)))
    assert (folder / "huge.txt").stat().st_size >= 20 * 1024 * 1024 - 200
    report = _ingest_with_good(folder, store)
    message = _failure(report, "huge.txt")
    assert "20.0 MB, longer than any real article" in message


def test_a_file_over_the_size_setting(tmp_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUOTELINE_MAX_FILE_MB", "1")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "big.jsonl").write_bytes(b" " * (2 * 1024 * 1024))
    report = _ingest_with_good(folder, store)
    assert "2.0 MB, over the 1 MB limit (setting max_file_mb)" in _failure(report, "big.jsonl")


def test_symlink_loops(tmp_path: Path, store: Store) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "back-up").symlink_to(folder)  # a folder link to an ancestor
    (folder / "self.txt").symlink_to(folder / "self.txt")  # a file link to itself
    report = _ingest_with_good(folder, store)
    assert "symlink loop" in _failure(report, "back-up")
    assert "symlink loop" in _failure(report, "self.txt")


def test_named_pipe_and_dangling_link(tmp_path: Path, store: Store) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    os.mkfifo(folder / "pipe.txt")  # opening it for reading would block forever
    (folder / "gone.txt").symlink_to(folder / "deleted.txt")
    report = _ingest_with_good(folder, store)
    assert "named pipe (FIFO), not a regular file" in _failure(report, "pipe.txt")
    assert "does not exist (or is a broken symlink)" in _failure(report, "gone.txt")


def test_non_ascii_paths(tmp_path: Path, store: Store) -> None:
    folder = tmp_path / "données" / "статьи"
    folder.mkdir(parents=True)
    (folder / "Ostrel — «гавань».txt").write_text(GOOD.replace("every ship", "every boat"), encoding="utf-8")
    (folder / "пусто.txt").write_bytes(b"")
    report = ingest_paths([folder.parent], store)
    assert (report.exit_code, report.articles_new, report.articles_failed) == (2, 1, 1)
    assert f"{folder / 'пусто.txt'}: the file is empty" in _failure(report, "пусто.txt")
    paths = set(store.articles([A.source_path])[A.source_path].dropna())
    assert str(folder / "Ostrel — «гавань».txt") in paths


# Capabilities that let root read any file whatever its mode; without them root obeys ``chmod 000``.
DAC_CAPS = "-dac_override,-dac_read_search"


def test_unreadable_file_without_the_capabilities_that_bypass_permissions(tmp_path: Path) -> None:
    setpriv = shutil.which("setpriv")
    if os.geteuid() != 0 or setpriv is None:
        pytest.fail("this test needs root and util-linux setpriv to drop the permission-bypass capabilities")
    # Still root, so it reaches a private (0700) checkout and tmp_path; only the bypass is gone.
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "secret.txt").write_text(GOOD, encoding="utf-8")
    (folder / "secret.txt").chmod(0o000)
    (folder / "open.txt").write_text(GOOD.replace("every ship", "every yacht"), encoding="utf-8")
    store = tmp_path / "store"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1"}
    proc = subprocess.run(
        [
            setpriv,
            f"--bounding-set={DAC_CAPS}",
            f"--inh-caps={DAC_CAPS}",
            sys.executable,
            "-m",
            "quoteline",
            "ingest",
            str(folder),
            "--store",
            str(store),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert f"{folder / 'secret.txt'}: cannot be read: permission denied" in proc.stdout
    assert "articles: 1 new, 0 duplicate, 1 failed" in proc.stdout
    assert len(Store(store).articles()) == 1


def test_cli_reports_each_bad_file(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "truncated.json").write_bytes(b'{"title": "x", "te')
    (folder / "notes.docx").write_bytes(b"PK\x03\x04")  # not a type Quoteline reads: skipped and counted
    (folder / "ok.txt").write_text(GOOD, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-m", "quoteline", "ingest", str(folder), "--store", str(tmp_path / "store")],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 2
    assert "files read: 3 (1 skipped: not a supported type)" in proc.stdout
    assert "articles: 1 new, 0 duplicate, 2 failed" in proc.stdout
    assert f"{folder / 'empty.txt'}: the file is empty" in proc.stdout
    assert f"{folder / 'truncated.json'}: invalid or truncated JSON at line 1" in proc.stdout


def test_the_article_size_setting(tmp_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUOTELINE_MAX_ARTICLE_MB", "0.01")
    folder = tmp_path / "in"
    folder.mkdir()
    line = "The harbour will stay open to every ship, the premier said again and again.\n"
    (folder / "long.txt").write_text("A long article\n\n" + line * 200, encoding="utf-8")
    report = _ingest_with_good(folder, store)
    assert "longer than any real article (at most 0.01 MB each)" in _failure(report, "long.txt")
