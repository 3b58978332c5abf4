"""Bad input and faults (issues 4 and 12): each fails alone with a message naming the file (or record) and
the problem, the batch carries on, the exit status is the README's, and every statement id the store held
before is still there. ``docs/RELIABILITY.md`` has one row per class covered here and in
``test_store_repair.py`` and ``test_store_faults.py``; the classes in this file, by section:

- unreadable or malformed files: empty, blank, binary, contradicted byte-order mark, truncated JSON and JSON
  Lines, CSV without its columns, impossible and future dates, title without body, script-only HTML, huge
  articles and files, unsupported types, unreadable files, named pipes, dangling links, symlink loops;
- hostile values: JSON nested too deep, integers past Python's digit limit, lone surrogates, dates at the
  start of the calendar, non-UTF-8 and newline file names, mixed encodings, commit-time and reader crashes;
- files outside what was asked for: symlinks leaving the folder, ``--follow-symlinks``, links given by name;
- unbounded work: workers capped at the CPU count, workers dying with their parent, a worker killed mid-run,
  uploads of too many records;
- messages and exit codes: usage errors (64), malformed settings (78), lock timeouts after committed batches,
  folders with nothing to read, unexpected errors and ``--debug``.

Unreadable files: the suite runs as root, for whom ``chmod 000`` changes nothing. The test therefore runs the
real CLI as root without the capabilities that bypass file permissions (``setpriv``), so the kernel really
refuses the read and the checkout may still sit in a private (0700) folder.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from child_process import quoteline_cli

from quoteline import cli, settings
from quoteline.ingest import pipeline
from quoteline.ingest.pipeline import IngestReport, Options, _Batch, ingest_paths, prepare_file
from quoteline.ingest.readers import read_items
from quoteline.schema import A, S
from quoteline.store import Store
from quoteline.store import command as store_command
from quoteline.store.clusters import ClusterIndex

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


def _statement_ids(store: Store) -> set[str]:
    return set(store.statements([S.statement_id])[S.statement_id])


def _ingest_with_good(folder: Path, store: Store, good_new: int = 1) -> IngestReport:
    """Ingest ``folder`` plus one good file: exit 2, the good articles stored, the earlier ones kept."""
    before = _statement_ids(store)
    (folder / "zz-good.txt").write_text(GOOD.replace("every ship", "every ferry"), encoding="utf-8")
    report = ingest_paths([folder], store)
    assert report.exit_code == 2, report.summary()
    assert report.articles_new == good_new, f"the batch carried on to the good items: {report.summary()}"
    articles = store.articles([A.article_id, A.title])
    assert len(articles) == 1 + good_new, "the earlier article is still there"
    assert before < _statement_ids(store), "every statement committed before is still there"
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


# ----- one bad item fails alone (issue 12, section 2) -------------------------------------------------------

RECORD = {"title": "Kellin keeps the harbour open", "published": "2023-04-05", "source": "Wire (fictional)"}
QUOTE = "“The harbour will stay open to every {what} that respects our law,” Premier Tomas Kellin said."


def _record(what: str, **extra: object) -> str:
    return json.dumps({**RECORD, "text": QUOTE.format(what=what), **extra}, ensure_ascii=True)


def test_json_nested_too_deep_fails_its_file_or_line_alone(tmp_path: Path, store: Store) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "deep.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    deep_line = '{"title": "x", "text": ' + "[" * 100_000 + "]" * 100_000 + "}"
    (folder / "lines.jsonl").write_text(f"{deep_line}\n{_record('dinghy')}\n", encoding="utf-8")
    report = _ingest_with_good(folder, store, good_new=2)
    assert "JSON nested too deeply" in _failure(report, "deep.json")
    assert "lines.jsonl line 1: JSON nested too deeply" in _failure(report, "lines.jsonl")


def test_an_integer_too_long_for_python_fails_its_record_alone(tmp_path: Path, store: Store) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    huge = "9" * 5000  # past Python's 4,300-digit limit on int() conversion
    body = f'[{_record("barge")[:-1]}, "published": {huge}}}, {_record("skiff")}]'
    body = body.replace('"published": "2023-04-05", ', "", 1)
    (folder / "records.json").write_text(body, encoding="utf-8")
    report = _ingest_with_good(folder, store, good_new=2)
    message = _failure(report, "records.json record 1")
    assert "publication date '999" in message
    assert len(message) < 400, "the 5,000 digits are not echoed whole"


def test_a_lone_surrogate_fails_its_record_alone(tmp_path: Path, store: Store) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    bad = _record("raft").replace("Kellin said", "Kellin \\ud800 said")
    assert "\\ud800" in bad
    (folder / "records.json").write_text(f"[{bad}, {_record('punt')}]", encoding="utf-8")
    report = _ingest_with_good(folder, store, good_new=2)
    assert "lone surrogate (\\ud800" in _failure(report, "records.json record 1")


def test_a_date_at_the_start_of_the_calendar_fails_its_article_alone(tmp_path: Path, store: Store) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    old = GOOD.replace("2023-04-05", "0001-01-01").replace("every ship", "every raft")
    (folder / "year-one.txt").write_text(old.replace("told reporters", "said last year"), encoding="utf-8")
    report = _ingest_with_good(folder, store)
    assert "'0001-01-01' is before the year 1000" in _failure(report, "year-one.txt")


def test_clustering_treats_a_date_no_calendar_holds_as_undated() -> None:
    # "last year" from 0001-01-01 resolves to year 0; clustering must not raise on it.
    index = ClusterIndex(threshold=90, window_days=14)
    first = index.assign("Tomas Kellin", "The harbour stays open", "0000", "s1")
    assert index.assign("Tomas Kellin", "The harbour stays open", "2023-04-05", "s2") == first


def test_non_utf8_and_newline_file_names_are_stored_and_printed_escaped(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    raw = os.fsencode(folder)
    with open(raw + b"/bad-\xff-name.txt", "wb") as handle:
        handle.write(GOOD.encode())
    with open(raw + b"/empty-\xfe.txt", "wb") as handle:
        handle.write(b"")
    (folder / "evil\nforged: line.txt").write_bytes(b"")
    store = tmp_path / "store"
    proc = quoteline_cli("ingest", str(folder), "--store", str(store))
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    assert "articles: 1 new, 0 duplicate, 2 failed" in proc.stdout
    assert f"{folder}/empty-\\xfe.txt: the file is empty" in proc.stdout
    assert f"{folder}/evil\\nforged: line.txt: the file is empty" in proc.stdout
    assert not any(line.startswith("forged") for line in proc.stdout.splitlines()), "no forged line"
    paths = set(Store(store).articles([A.source_path])[A.source_path])
    assert paths == {f"{folder}/bad-\\xff-name.txt"}


def test_a_commit_time_error_names_its_article_and_the_rest_is_stored(tmp_path: Path, store: Store) -> None:
    before = _statement_ids(store)
    corpus = tmp_path / "in"
    corpus.mkdir()
    for i, what in enumerate(("yacht", "sloop", "ketch")):
        (corpus / f"a{i}.txt").write_text(GOOD.replace("every ship", f"every {what}"), encoding="utf-8")
    opts = Options(today=datetime.now(UTC).date())
    report = IngestReport()
    batch = _Batch(store, report, size=100)
    prepared = [prepare_file(str(path), opts) for path in sorted(corpus.iterdir())]
    # Text that passes validation but cannot be encoded when the batch is written (no reader lets it in).
    prepared[1].statements[0][0][S.text] = "The harbour \ud800 will stay open"
    for p in prepared:
        batch.take(p)
    batch.commit()
    assert (report.articles_new, report.articles_failed) == (2, 1)
    assert report.failures[0].where.endswith("a1.txt")
    assert "could not be stored" in report.failures[0].reason
    assert before < _statement_ids(store)


def test_a_reader_that_crashes_fails_its_file_alone(
    tmp_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = pipeline.read_items

    def crashing(name: str, *args: object, **kwargs: object) -> object:
        if name.endswith("crash.txt"):
            raise RuntimeError("a reader bug")
        return real(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "read_items", crashing)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "crash.txt").write_text(GOOD.replace("every ship", "every scow"), encoding="utf-8")
    report = _ingest_with_good(folder, store)
    assert "could not be read: RuntimeError: a reader bug" in _failure(report, "crash.txt")


# ----- files outside what was asked for (issue 12, section 4) -----------------------------------------------


def _links(tmp_path: Path) -> tuple[Path, Path]:
    """A folder with a good file, links leading out of it (a file, a folder) and one staying inside."""
    outside = tmp_path / "private"
    (outside / "more").mkdir(parents=True)
    (outside / "secret.txt").write_text(GOOD.replace("every ship", "every submarine"), encoding="utf-8")
    (outside / "more" / "also.txt").write_text(GOOD.replace("every ship", "every frigate"), encoding="utf-8")
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.txt").write_text(GOOD.replace("every ship", "every ferry"), encoding="utf-8")
    (folder / "leak.txt").symlink_to(outside / "secret.txt")
    (folder / "sub" / "leak-dir").symlink_to(outside / "more")
    (folder / "sub" / "inside.txt").symlink_to(folder / "good.txt")  # inside: followed (a duplicate)
    return folder, outside


def test_symlinks_leaving_the_folder_are_not_followed_and_are_listed(tmp_path: Path, store: Store) -> None:
    folder, outside = _links(tmp_path)
    before = _statement_ids(store)
    report = ingest_paths([folder], store)
    assert report.exit_code == 0, report.summary()
    assert (report.articles_new, report.articles_duplicate) == (1, 1)
    summary = report.summary()
    assert "symlinks not followed: 2 point outside the folder given (--follow-symlinks" in summary
    assert f"{folder / 'leak.txt'} -> {outside / 'secret.txt'}" in summary
    assert f"{folder / 'sub' / 'leak-dir'} -> {outside / 'more'}" in summary
    paths = set(store.articles([A.source_path])[A.source_path].dropna())
    assert not any("submarine" in t or "frigate" in t for t in store.articles([A.text])[A.text])
    assert str(folder / "leak.txt") not in paths
    assert before < _statement_ids(store)


def test_the_follow_symlinks_flag_reads_them(tmp_path: Path) -> None:
    folder, _ = _links(tmp_path)
    store = tmp_path / "store"
    proc = quoteline_cli("ingest", str(folder), "--store", str(store), "--follow-symlinks")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "articles: 3 new, 1 duplicate, 0 failed" in proc.stdout
    assert "symlinks not followed" not in proc.stdout
    default = quoteline_cli("ingest", str(folder), "--store", str(tmp_path / "store2"))
    assert default.returncode == 0, default.stdout + default.stderr
    assert "articles: 1 new, 1 duplicate, 0 failed" in default.stdout
    assert "symlinks not followed: 2" in default.stdout


def test_a_symlink_given_by_name_is_followed(tmp_path: Path, store: Store) -> None:
    _, outside = _links(tmp_path)
    link = tmp_path / "named.txt"
    link.symlink_to(outside / "secret.txt")
    report = ingest_paths([link], store)
    assert (report.exit_code, report.articles_new) == (0, 1)


# ----- unbounded work (issue 12, section 3) ---------------------------------------------------------------

POOL = """
import os, time
from quoteline.ingest import pipeline, workers
pipeline._prctl()
init = (pipeline.Options(), os.getpid())
for _ in workers.imap_ordered(time.sleep, [600, 600], 2, pipeline._init_worker, init):
    pass
"""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state not in ("Z", "X")  # a zombie has exited; only its parent (now init) has not reaped it


def test_workers_exit_when_the_parent_is_killed(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    parent = subprocess.Popen([sys.executable, "-c", POOL], env=env)
    deadline = time.monotonic() + 60
    while len(_children(parent.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(1.0)  # the workers have started their (long) tasks
    workers = _children(parent.pid)
    assert len(workers) == 2
    assert all(_alive(pid) for pid in workers), "the workers are busy (sleeping in a task)"
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [pid for pid in workers if _alive(pid)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)  # leave no orphan behind, even when the test fails
    assert not left, f"workers {left} outlived their parent"


def test_workers_are_capped_at_the_cpu_count_with_a_message(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for i, what in enumerate(("ketch", "yawl", "junk")):
        (folder / f"a{i}.txt").write_text(GOOD.replace("every ship", f"every {what}"), encoding="utf-8")
    cpus = pipeline.cpu_count()
    proc = quoteline_cli("ingest", str(folder), "--store", str(tmp_path / "store"), "--workers", "1000")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f"1000 workers asked for, but only {cpus} CPUs here; using {cpus}" in proc.stderr
    assert "articles: 3 new" in proc.stdout
    zero = quoteline_cli("ingest", str(folder), "--store", str(tmp_path / "store"), "--workers", "0")
    assert zero.returncode == 64
    assert "--workers must be at least 1" in zero.stderr


# ----- messages and exit codes (issue 12, section 6) --------------------------------------------------------


def _children(pid: int) -> list[int]:
    found = []
    for stat_file in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat_file.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat_file.parent.name))
    return found


def _many(folder: Path, n: int, paragraphs: int = 1) -> Path:
    """``n`` distinct articles of ``paragraphs`` quotes each (more paragraphs: more work per file)."""
    folder.mkdir()
    quote = "“The harbour will stay open to every ship {i}-{j},” Premier Tomas Kellin told reporters."
    for i in range(n):
        body = "\n\n".join(quote.format(i=i, j=j) for j in range(paragraphs))
        text = f"published: 2023-04-05\n\nKellin {i} keeps Ostrel harbour open\n\n{body}\n"
        (folder / f"a{i:03d}.txt").write_text(text, encoding="utf-8")
    return folder


def test_a_worker_killed_mid_run_keeps_what_was_committed_and_names_the_rest(tmp_path: Path) -> None:
    # Enough work per file that the workers are still busy when the parent has made its first commit.
    folder = _many(tmp_path / "in", 120, paragraphs=40)
    root = tmp_path / "store"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "quoteline", "ingest", str(folder), "--store", str(root)]
    proc = subprocess.Popen(
        [*cmd, "--workers", "2", "--batch-size", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    try:
        deadline = time.monotonic() + 120
        while not (root / "commit.json").exists() and time.monotonic() < deadline:
            time.sleep(0.05)  # wait for the first commit
        workers = _children(proc.pid)
        assert workers, "the ingest runs worker processes"
        os.kill(workers[0], signal.SIGKILL)
        out, _ = proc.communicate(timeout=300)
    finally:
        proc.kill()  # its workers die with it
        proc.wait()
    stored = Store(root).articles([A.source_path])[A.source_path]
    assert proc.returncode == 2, out
    assert f"articles: {len(stored)} new" in out, "the summary counts what was committed"
    assert "a worker process died" in out
    assert "not ingested (the run stopped first):" in out
    missing = {str(p) for p in folder.iterdir()} - set(stored)
    assert missing, "the kill stopped the run"
    assert all(f"  {path}" in out for path in sorted(missing)[:50])
    again = quoteline_cli("ingest", str(folder), "--store", str(root))
    assert again.returncode == 0, again.stdout
    assert len(Store(root).articles([A.article_id])) == 120


def test_a_lock_timeout_after_committed_batches_reports_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QUOTELINE_LOCK_TIMEOUT", "0.3")
    folder = _many(tmp_path / "in", 6)
    store = Store(tmp_path / "store")
    holder: list[Any] = []

    def hold_after_first_commit(done: int, total: int, where: str) -> None:
        if done == 2 and not holder:  # the first batch of two is committed: another writer takes the lock
            handle = open(store.root / ".lock", "a")  # noqa: SIM115 - held across calls on purpose
            fcntl.flock(handle, fcntl.LOCK_EX)
            holder.append(handle)

    report = ingest_paths([folder], store, batch_size=2, progress=hold_after_first_commit)
    for handle in holder:
        handle.close()
    assert report.articles_new == 2, report.summary()
    assert report.exit_code == 2
    assert "another ingest has held the store lock for over 0.3 s" in str(report.fatal)
    assert len(report.not_ingested) == 2
    assert [f.where for f in report.failures] == [str(folder / "a002.txt"), str(folder / "a003.txt")]
    assert "articles: 2 new, 0 duplicate, 2 failed" in report.summary()
    assert len(store.articles([A.article_id])) == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ingest", "--nonsense"], "unrecognized arguments: --nonsense"),
        (["export", "--format", "xml"], "invalid choice: 'xml'"),
        (
            ["ingest", "x", "--published", "0000"],
            "--published: publication date '0000' is before the year 1000",
        ),
        (["ingest", "x", "--field", "body"], "expected NAME=FIELD"),
        (["ingest", "x", "--workers", "-3"], "--workers must be at least 1"),
        (
            ["export", "--since", "garbage"],
            "--since 'garbage': expected a date as YYYY, YYYY-MM or YYYY-MM-DD",
        ),
        (["export", "--until", "2024-13"], "--until '2024-13': expected a date"),
    ],
)
def test_usage_errors_exit_64_with_a_message(tmp_path: Path, args: list[str], message: str) -> None:
    proc = quoteline_cli(*args, "--store", str(tmp_path / "store"))
    assert proc.returncode == 64, proc.stdout + proc.stderr
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "store").exists()


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("QUOTELINE_WORKERS", "many", "QUOTELINE_WORKERS: 'many' is not a whole number; expected"),
        ("QUOTELINE_WORKERS", "0", "QUOTELINE_WORKERS: '0' is out of range"),
        ("QUOTELINE_LOCK_TIMEOUT", "soon", "QUOTELINE_LOCK_TIMEOUT: 'soon' is not a number"),
        ("QUOTELINE_DATE_ORDER", "YMD", "QUOTELINE_DATE_ORDER: 'YMD' is not one of DMY, MDY"),
        ("QUOTELINE_CLUSTER_THRESHOLD", "nan", "QUOTELINE_CLUSTER_THRESHOLD: 'nan' is out of range"),
        ("QUOTELINE_MAX_FILE_MB", "-1", "QUOTELINE_MAX_FILE_MB: '-1' is out of range"),
        ("QUOTELINE_STORE_DIR", " ", "QUOTELINE_STORE_DIR: is empty"),
    ],
)
def test_a_malformed_setting_is_named_at_start_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, variable: str, value: str, message: str
) -> None:
    monkeypatch.setenv(variable, value)
    assert any(message in line for line in settings.problems())
    proc = quoteline_cli("stats", "--store", str(tmp_path / "store"))
    assert proc.returncode == 78, proc.stdout + proc.stderr
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr


def test_every_numeric_setting_is_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    for setting in settings.SETTINGS:
        monkeypatch.setenv(setting.env_var, setting.default or "x")
    assert settings.problems() == [], "every default passes its own check"
    unchecked = {s.name for s in settings.SETTINGS} - set(settings.CHECKS)
    assert unchecked == {"gazetteer_dirs"}, "free-text settings are the exception"


def test_a_folder_with_nothing_to_read_is_named(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    odd = tmp_path / "x.txt"  # a folder with a file's name
    odd.mkdir()
    (odd / "notes.docx").write_bytes(b"PK")
    proc = quoteline_cli("ingest", str(empty), str(odd), "--store", str(tmp_path / "store"))
    assert proc.returncode == 1, proc.stdout
    assert f"{empty}: is a folder with no file Quoteline reads (it is empty)" in proc.stdout
    assert f"{odd}: is a folder with no file Quoteline reads (1 of other types skipped)" in proc.stdout


def test_a_file_mixing_utf8_and_cp1251_is_read_line_by_line_with_a_warning(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    utf8 = "“Мы не отступим,” сказал президент Келлин в Остреле.\n".encode()
    cp1251 = "Он добавил, что переговоры продолжатся на следующей неделе.\n".encode("cp1251")
    (folder / "mixed.txt").write_bytes(b"published: 2023-04-05\n\nKellin in Ostrel\n\n" + utf8 + cp1251)
    store = tmp_path / "store"
    proc = quoteline_cli("ingest", str(folder), "--store", str(store))
    assert proc.returncode == 0, proc.stdout
    assert "warnings:" in proc.stdout
    assert (
        "mixed.txt: mixes encodings: 1 lines are UTF-8 and 1 are not; those were read as cp1251"
        in proc.stdout
    )
    text = Store(store).articles([A.text])[A.text].iloc[0]
    assert "Мы не отступим" in text
    assert "переговоры продолжатся" in text


def test_an_unexpected_error_is_one_line_unless_debug(monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    def broken(args: object) -> int:
        raise RuntimeError("something nobody foresaw")

    monkeypatch.setattr(store_command, "run_stats", broken)
    assert cli.main(["stats"]) == 1
    err = capsys.readouterr().err
    assert "stats: unexpected error: RuntimeError: something nobody foresaw" in err
    assert "--debug" in err
    with pytest.raises(RuntimeError, match="nobody foresaw"):
        cli.main(["--debug", "stats"])


# ----- the dashboard's upload: bounded work, the same messages (issue 12, sections 3 and 6) -----------------


class _Upload:
    """What st.file_uploader hands the page: a name and the bytes."""

    def __init__(self, name: str, data: bytes) -> None:
        self.name, self._data = name, data

    def getvalue(self) -> bytes:
        return self._data


def test_an_upload_of_too_many_records_is_refused_before_any_extraction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from components import upload

    monkeypatch.setenv("QUOTELINE_STORE_DIR", str(tmp_path / "store"))
    many = json.dumps([{"title": f"T{i}", "text": f"Body {i}"} for i in range(100_000)]).encode()
    assert len(many) < 10 * 1024 * 1024, "under the upload size limit: the record count is what is bounded"
    started = time.monotonic()
    preview = upload.preview_files([_Upload("many.json", many)], None)
    assert time.monotonic() - started < 30, "refused whole, not extracted record by record"
    assert preview.articles == []
    assert preview.problems == [
        "many.json: holds 100,000 records, more than the 500 one upload takes (setting max_upload_records); "
        "ingest it with `python -m quoteline ingest`"
    ]
    monkeypatch.setenv("QUOTELINE_MAX_UPLOAD_RECORDS", "100000")
    assert len(read_items("many.json", many, max_records=settings.get_int("max_upload_records"))) == 100_000
    assert not (tmp_path / "store").exists()


def test_hostile_uploads_are_named_problems_not_exceptions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from components import upload

    monkeypatch.setenv("QUOTELINE_STORE_DIR", str(tmp_path / "store"))
    files = [
        _Upload("deep.json", b"[" * 100_000 + b"]" * 100_000),
        _Upload("huge.json", f'[{{"title": "T", "text": "Body", "url": {"9" * 5000}}}]'.encode()),
        _Upload("old.txt", GOOD.replace("2023-04-05", "0001-01-01").encode()),
        _Upload("good.txt", GOOD.replace("every ship", "every lighter").encode()),
        _Upload(
            "bad.json", ("[" + _record("raft").replace("Kellin said", "Kellin \\ud800 said") + "]").encode()
        ),
    ]
    preview = upload.preview_files(files, None)
    problems = "\n".join(preview.problems)
    assert "deep.json: JSON nested too deeply" in problems
    assert "old.txt: publication date '0001-01-01' is before the year 1000" in problems
    assert "bad.json record 1: the text holds a lone surrogate" in problems
    titles = [a[A.title] for a in preview.articles]
    assert titles == ["T", "Kellin keeps Ostrel harbour open"], "the huge integer is kept as digits"
    assert len(preview.statements) == 2
