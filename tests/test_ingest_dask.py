"""``ingest --engine dask`` on real Dask clusters: a LocalCluster, and a separate scheduler with two worker
processes on 127.0.0.1, one of them killed mid-run.

Every run is checked against ``--engine local`` on the same input, by statement id: nothing lost, nothing
twice, the same summary. The articles are invented (generated below), a few dozen, so the whole file runs in
about a minute on two cores.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from quoteline.ingest import dask_engine
from quoteline.ingest.dask_engine import ingest_paths_dask
from quoteline.ingest.pipeline import IngestReport, ingest_paths
from quoteline.schema import A, S
from quoteline.store import Store
from quoteline.store.staging import STAGING
from quoteline.store.synthetic import fake_batch

pytest.importorskip("distributed")
# One xdist process runs them all: the reference ingest is made once, and two clusters never share the cores.
pytestmark = pytest.mark.xdist_group("dask")

ROOT = Path(__file__).resolve().parent.parent
DASK = Path(sys.executable).with_name("dask")

SPEAKERS = [
    ("Premier Tomas Kellin", "Kellin", "Ostrelia"),
    ("Minister Hana Vostrik", "Vostrik", "Belmark"),
    ("Governor Ilse Marrow", "Marrow", "Tessary"),
    ("Chancellor Pavo Lindqvar", "Lindqvar", "Corvenia"),
]
SUBJECTS = ["harbour", "rail line", "grain depot", "border crossing", "power plant", "university"]


def _article(i: int) -> dict[str, str]:
    """One invented article with a direct quote and reported speech; every one different."""
    full, short, country = SPEAKERS[i % len(SPEAKERS)]
    subject = SUBJECTS[i % len(SUBJECTS)]
    day = f"2024-03-{i % 27 + 1:02d}"
    body = (
        f"{full} of {country} said on Tuesday that the {subject} would reopen within {i + 2} weeks.\n\n"
        f"“We will not let the {subject} of district {i} stand idle through the winter,” {short} told "
        f"reporters in the capital.\n\n"
        f"{short} added that {i + 3} inspectors had already visited the site."
    )
    return {
        "title": f"{short} promises the {subject} of district {i} will reopen",
        "text": body,
        "published": day,
    }


def write_corpus(folder: Path, n_jsonl: int = 30, n_txt: int = 4) -> Path:
    """A JSONL of ``n_jsonl`` articles (plus one record without a title, which must fail alone) and a few
    text files."""
    folder.mkdir(parents=True, exist_ok=True)
    records = [_article(i) for i in range(n_jsonl)]
    records.insert(7, {"text": "A record without its headline.", "published": "2024-03-02"})
    (folder / "wire.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    for j in range(n_txt):
        art = _article(100 + j)
        (folder / f"desk{j}.txt").write_text(
            f"published: {art['published']}\nsource: Desk {j % 2}\n\n{art['title']}\n\n{art['text']}\n",
            encoding="utf-8",
        )
    return folder


@dataclass
class Reference:
    """What ``--engine local`` made of the corpus."""

    corpus: Path
    report: IngestReport
    statement_ids: list[str]
    article_ids: set[str]


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Reference:
    base = tmp_path_factory.mktemp("dask_ref")
    corpus = write_corpus(base / "in")
    store = Store(base / "store")
    report = ingest_paths([corpus], store)
    ids = list(store.statements([S.statement_id])[S.statement_id])
    assert (report.articles_new, report.articles_failed) == (34, 1), report.summary()
    assert len(ids) > 34
    return Reference(corpus, report, ids, set(store.articles([A.article_id])[A.article_id]))


def _same_as_reference(store: Store, report: IngestReport, ref: Reference) -> None:
    ids = list(store.statements([S.statement_id])[S.statement_id])
    assert len(ids) == len(set(ids)), "a statement was stored twice"
    assert sorted(ids) == sorted(ref.statement_ids)
    assert set(store.articles([A.article_id])[A.article_id]) == ref.article_ids
    assert report.summary() == ref.report.summary()
    assert report.exit_code == ref.report.exit_code == 2  # the record without a title failed alone


def _generation(store: Store) -> int:
    return int(store.version().split("-")[0])


def test_a_local_cluster_of_two_workers_stores_what_the_local_engine_does(
    reference: Reference, tmp_path: Path
) -> None:
    store = Store(tmp_path / "store")
    calls: list[tuple[int, int]] = []
    report = ingest_paths_dask(
        [reference.corpus], store, workers=2, chunk_articles=4, progress=lambda d, t, w: calls.append((d, t))
    )
    _same_as_reference(store, report, reference)
    assert _generation(store) == 1, "the whole run is one commit"
    # Progress counts articles (records), and the 31-record JSONL moves it chunk by chunk.
    assert calls[-1] == (35, 35)
    assert len({done for done, _ in calls}) > 5
    # A second run finds every article already stored and commits nothing.
    again = ingest_paths_dask([reference.corpus], store, workers=2)
    assert (again.articles_new, again.articles_duplicate) == (0, 34)
    assert _generation(store) == 1


def _die_with_test() -> None:
    """In the child, before exec: SIGKILL it when the test process dies, however it dies (Linux)."""
    # Not Linux: no prctl, and the fixture's finally still stops them.
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG


@dataclass
class Cluster:
    address: str
    workers: list[subprocess.Popen[bytes]]


@contextlib.contextmanager
def start_cluster(
    folder: Path, *, nanny: bool = False, preload: Path | None = None, allowed_failures: int = 3
) -> Iterator[Cluster]:
    """``dask scheduler`` and two ``dask worker`` processes on 127.0.0.1, on free ports (the scheduler picks
    its own and writes it to a scheduler file); all killed at the end, and with the test if it dies."""
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES": str(allowed_failures),
    }
    info = folder / "scheduler.json"
    common = {"env": env, "cwd": folder, "preexec_fn": _die_with_test, "stdout": subprocess.DEVNULL}
    log = (folder / "dask.log").open("wb")
    scheduler = [str(DASK), "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard"]
    procs = [
        subprocess.Popen(
            [*scheduler, "--scheduler-file", str(info)],
            stderr=log,
            **common,  # type: ignore[call-overload]
        )
    ]
    try:
        deadline = time.monotonic() + 60
        while not info.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert info.exists(), "the scheduler did not start"
        address = json.loads(info.read_text())["address"]
        worker = [str(DASK), "worker", address, "--nthreads", "1", "--no-dashboard", "--host", "127.0.0.1"]
        worker.append("--nanny" if nanny else "--no-nanny")
        if preload is not None:
            worker += ["--preload", str(preload)]
        for _ in range(2):
            procs.append(subprocess.Popen(worker, stderr=log, **common))  # type: ignore[call-overload]
        yield Cluster(address, procs[1:])
    finally:
        for proc in reversed(procs):
            proc.kill()
            proc.wait(timeout=30)
        log.close()


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[Cluster]:
    """A scheduler and two worker processes (no nanny: a killed worker stays dead)."""
    with start_cluster(tmp_path) as started:
        yield started


def test_a_separate_scheduler_and_two_workers_store_what_the_local_engine_does(
    reference: Reference, cluster: Cluster, tmp_path: Path
) -> None:
    store = Store(tmp_path / "store")
    report = ingest_paths_dask([reference.corpus], store, scheduler=cluster.address, chunk_articles=4)
    _same_as_reference(store, report, reference)
    assert _generation(store) == 1


def test_a_worker_killed_mid_run_loses_nothing_and_stores_nothing_twice(
    reference: Reference, cluster: Cluster, tmp_path: Path
) -> None:
    store = Store(tmp_path / "store")
    victim = cluster.workers[0]
    killed_at: list[int] = []

    def kill_one_worker(done: int, total: int, where: str) -> None:
        # A third of the way in, both workers hold tasks: kill one, as the OOM killer would.
        if not killed_at and total and done >= total // 3:
            victim.send_signal(signal.SIGKILL)
            killed_at.append(done)

    report = ingest_paths_dask(
        [reference.corpus], store, scheduler=cluster.address, chunk_articles=2, progress=kill_one_worker
    )
    assert killed_at
    assert victim.wait(timeout=10) == -signal.SIGKILL
    _same_as_reference(store, report, reference)
    assert _generation(store) == 1


def test_an_unreachable_scheduler_is_named_and_nothing_is_committed(
    reference: Reference, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dask_engine, "CONNECT_TIMEOUT", 2.0)
    store = Store(tmp_path / "store")
    # Port 9 (discard) on the loopback: nothing listens there in a test environment.
    report = ingest_paths_dask([reference.corpus], store, scheduler="tcp://127.0.0.1:9")
    assert report.fatal
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in report.fatal
    assert "nothing was committed" in report.fatal
    assert report.exit_code == 1
    assert not store.exists()
    assert len(report.not_ingested) == 5


def test_scheduler_without_the_dask_engine_is_a_usage_error(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "quoteline",
            "ingest",
            str(tmp_path),
            "--scheduler",
            "tcp://127.0.0.1:9",
            "--store",
            str(tmp_path / "store"),
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )
    assert out.returncode == 64
    assert "--scheduler needs --engine dask" in out.stderr


def test_killing_the_driver_commits_nothing_and_ends_its_local_cluster(
    reference: Reference, tmp_path: Path
) -> None:
    import psutil

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    store = tmp_path / "store"
    driver = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "quoteline",
            "ingest",
            str(reference.corpus),
            "--engine",
            "dask",
            "--workers",
            "2",
            "--store",
            str(store),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        preexec_fn=_die_with_test,
    )
    try:
        assert driver.stderr is not None
        seen = b""
        while b"article" not in seen:  # the progress bar is up: the workers are extracting
            chunk = os.read(driver.stderr.fileno(), 4096)
            assert chunk, "the ingest ended before its progress bar showed"
            seen += chunk
        workers = psutil.Process(driver.pid).children(recursive=True)
        assert len(workers) >= 2
        driver.send_signal(signal.SIGKILL)
        assert driver.wait(timeout=10) == -signal.SIGKILL
        _gone, alive = psutil.wait_procs(workers, timeout=20)
        assert not alive, f"workers outlived the driver: {alive}"
        assert not (store / "commit.json").exists()
        assert not list(store.glob("*.parquet"))
        # The killed run's staging folder (and any data files it staged) goes with the next writer.
        assert list((store / STAGING).iterdir())
        Store(store).add(*fake_batch(3, 1, seed=7))
        assert not list((store / STAGING).iterdir())
        assert len(Store(store).article_ids()) == 3
    finally:
        driver.kill()
        driver.wait()


@pytest.mark.parametrize("chunk_articles", [1, 3])
def test_an_article_that_kills_every_worker_it_meets_fails_alone_and_is_named(
    tmp_path: Path, chunk_articles: int
) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    records = [_article(i) for i in range(4)]
    records[1]["title"] = "POISON " + records[1]["title"]  # the preload makes this one kill its worker
    (corpus / "poison.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    store = Store(tmp_path / "store")
    preload = Path(__file__).with_name("dask_poison_preload.py")
    # Workers with nannies come back after each death; the scheduler gives the task up after 2 deaths, and
    # with it whatever else those workers held (the chunk of 3, or a queued neighbour): those run again alone.
    with start_cluster(tmp_path, nanny=True, preload=preload, allowed_failures=1) as started:
        report = ingest_paths_dask([corpus], store, scheduler=started.address, chunk_articles=chunk_articles)
    assert report.exit_code == 2
    assert (report.articles_new, report.articles_failed) == (3, 1)
    [failure] = report.failures
    assert failure.where == f"{corpus / 'poison.jsonl'} (record 2)"
    assert "a Dask worker died while extracting it" in failure.reason
    assert f"failed:\n  {failure}" in report.summary()
    titles = set(store.articles([A.title])[A.title])
    assert len(titles) == 3
    assert not any(t.startswith("POISON") for t in titles)


def test_an_article_whose_extraction_raises_in_a_group_of_16_fails_alone_and_is_named(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    records = [_article(i) for i in range(17)]
    records[3]["title"] = "BROKEN " + records[3]["title"]  # the preload makes this one raise
    wire = corpus / "wire.jsonl"
    wire.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    store = Store(tmp_path / "store")
    preload = Path(__file__).with_name("dask_poison_preload.py")
    # One chunk of 16 records, extracted together on one worker (extract_many), then one of 1.
    with start_cluster(tmp_path, preload=preload) as started:
        report = ingest_paths_dask([corpus], store, scheduler=started.address, chunk_articles=16)
    assert report.exit_code == 2
    assert (report.articles_new, report.articles_failed) == (16, 1)
    [failure] = report.failures
    assert failure.where == f"{wire} line 4"
    assert failure.reason == "extraction failed: RuntimeError: an invented bug in the extractor"
    assert f"failed:\n  {failure}" in report.summary()
    titles = set(store.articles([A.title])[A.title])
    assert titles == {r["title"] for k, r in enumerate(records) if k != 3}


def _busy(seconds: float) -> int:
    """A task that keeps the worker's thread running (what Dask's profiler samples) for ``seconds``."""
    end, n = time.monotonic() + seconds, 0
    while time.monotonic() < end:
        n += 1
    return n


def _profiles_kept(dask_worker: object) -> tuple[int, int, bool]:
    """On a worker: profile trees kept (per cycle, and per task prefix), and whether its profiler runs."""
    return (
        len(dask_worker.profile_history),  # type: ignore[attr-defined]
        len(dask_worker.profile_keys_history),  # type: ignore[attr-defined]
        "profile" in dask_worker.periodic_callbacks,  # type: ignore[attr-defined]
    )


def test_the_local_cluster_keeps_no_profile_trees_as_the_run_goes_on() -> None:
    """Dask's profiler would keep a tree of stack samples per second of the run in every worker (objects a
    long ingest's garbage collections walk again and again); the cluster the engine starts keeps none."""
    with dask_engine.cluster_client(None, 1) as client:
        assert client.submit(_busy, 2.5, pure=False).result() > 0  # longer than two profile cycles
        kept = client.run(_profiles_kept)
        on_scheduler = client.run_on_scheduler(lambda dask_scheduler: len(dask_scheduler.io_loop.profile))
    assert list(kept.values()) == [(0, 0, False)]
    assert on_scheduler == 0, "the scheduler's event loop kept profile trees too"
