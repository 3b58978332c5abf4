"""Crash safety and concurrency, with real processes: SIGKILL mid-ingest, and two writers at once."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from quoteline.schema import A, S
from quoteline.store import Store
from quoteline.store.synthetic import fake_batch

ROOT = Path(__file__).resolve().parent.parent
BATCH = 25

# A writer that commits batch after batch and says so after each commit.
WRITER = f"""
import sys
from quoteline.store import Store
from quoteline.store.synthetic import fake_batch
store = Store(sys.argv[1])
first, count = int(sys.argv[2]), int(sys.argv[3])
for seed in range(first, first + count):
    store.add(*fake_batch({BATCH}, 3, seed=seed))
    print(seed, flush=True)
"""


def _writer(root: Path, first: int, count: int) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(root), str(first), str(count)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )


def _assert_consistent(store: Store) -> tuple[int, int]:
    """The store reads back whole: valid tables, unique ids, every statement's article present."""
    articles = store.articles([A.article_id])
    statements = store.statements([S.statement_id, S.article_id, S.n_sources])
    assert articles[A.article_id].is_unique
    assert statements[S.statement_id].is_unique
    assert set(statements[S.article_id]) <= set(articles[A.article_id])
    assert len(articles) % BATCH == 0, "a batch was half committed"
    assert len(statements) == 3 * len(articles)
    return len(articles), len(statements)


def test_sigkill_mid_ingest_keeps_every_committed_batch(tmp_path: Path) -> None:
    rng = random.Random()
    root = tmp_path / "store"
    seed = 0
    for _attempt in range(5):
        proc = _writer(root, seed, 400)
        assert proc.stdout is not None
        # Let it commit a random number of batches, then kill at a random moment inside the next one.
        reported = [proc.stdout.readline() for _ in range(rng.randint(1, 4))]
        time.sleep(rng.uniform(0.0, 0.4))
        proc.send_signal(signal.SIGKILL)
        reported.append(proc.stdout.read())
        proc.wait()
        assert proc.returncode == -signal.SIGKILL
        seen = [int(x) for x in " ".join(reported).split()]
        n_articles, _ = _assert_consistent(Store(root))
        committed_before = n_articles // BATCH
        # Everything the writer reported as committed is there (across all attempts so far).
        assert committed_before >= (max(seen) + 1 if seen else 0)
        seed = committed_before
    # A later writer works on the survivor and sweeps what the killed ones left behind.
    store = Store(root)
    before, _ = _assert_consistent(store)
    store.add(*fake_batch(BATCH, 3, seed=9999))
    after, _ = _assert_consistent(store)
    assert after == before + BATCH
    assert not list(root.glob(".tmp-*"))


def test_two_concurrent_writers_lose_nothing(tmp_path: Path) -> None:
    root = tmp_path / "store"
    procs = [_writer(root, 0, 6), _writer(root, 1000, 6)]
    for proc in procs:
        proc.communicate(timeout=300)
        assert proc.returncode == 0
    n_articles, _ = _assert_consistent(Store(root))
    assert n_articles == 2 * 6 * BATCH


ARTICLE = """published: 2023-05-{day:02d}
source: Wire {outlet}

Kellin speaks on harbour plan {i}

“The harbour plan number {i} will go ahead as agreed,” Premier Tomas Kellin said in Ostrel.
"""


def test_sigkill_of_the_ingest_command_loses_only_the_batch_in_hand(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    total = 60
    for i in range(total):
        text = ARTICLE.format(day=i % 28 + 1, outlet=i % 3, i=i)
        (corpus / f"a{i:03d}.txt").write_text(text, encoding="utf-8")
    root = tmp_path / "store"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [
        sys.executable,
        "-m",
        "quoteline",
        "ingest",
        str(corpus),
        "--store",
        str(root),
        "--batch-size",
        "4",
    ]
    rng = random.Random()
    for _attempt in range(3):
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(1.0, 6.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        store = Store(root)
        articles = store.articles([A.article_id])
        statements = store.statements([S.statement_id, S.article_id])
        assert articles[A.article_id].is_unique
        assert statements[S.statement_id].is_unique
        assert set(statements[S.article_id]) <= set(articles[A.article_id])
    # Run to completion: whatever was committed before is kept, the rest is added, nothing twice.
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    articles = Store(root).articles([A.article_id])
    assert len(articles) == total
    assert articles[A.article_id].is_unique
