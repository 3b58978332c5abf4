"""kill -9 during corrections loses nothing committed: a real writer process, killed at random moments."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from quoteline.schema import C, S
from quoteline.store import Store
from quoteline.store.synthetic import fake_batch

ROOT = Path(__file__).resolve().parent.parent

# Corrects one speaker after another, printing each entry id once its commit returned.
WRITER = """
import sys
from quoteline.corrections import edit
from quoteline.schema import S
from quoteline.store import Store
store = Store(sys.argv[1])
ids = sorted(store.statements([S.statement_id], raw=True)[S.statement_id])
first = int(sys.argv[2])
for step in range(first, first + 400):
    done = edit.correct_statement(store, ids[step % len(ids)], {"speaker": f"Speaker {step}"}, by="crash")
    print(done.ids[0], flush=True)
"""


def _writer(root: Path, first: int) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(root), str(first)], stdout=subprocess.PIPE, text=True, env=env
    )


def test_sigkill_mid_correction_keeps_every_committed_entry(tmp_path: Path) -> None:
    root = tmp_path / "store"
    Store(root).add(*fake_batch(8, 3, seed=11))
    rng = random.Random()
    reported: list[str] = []
    first = 0
    for _attempt in range(4):
        proc = _writer(root, first)
        assert proc.stdout is not None
        lines = [proc.stdout.readline() for _ in range(rng.randint(1, 3))]
        time.sleep(rng.uniform(0.0, 0.3))
        proc.send_signal(signal.SIGKILL)
        lines.append(proc.stdout.read())
        proc.wait()
        assert proc.returncode == -signal.SIGKILL
        reported += " ".join(lines).split()
        store = Store(root)
        log = store.corrections()
        assert log[C.entry_id].is_unique
        # Every entry the writer saw committed is in the log, and the corrected table reads back whole.
        assert set(reported) <= set(log[C.entry_id])
        statements = store.statements([S.statement_id, S.speaker])
        assert len(statements) == 24
        assert statements[S.statement_id].is_unique
        first = len(log)
    # The last entry committed is what the store shows for its statement.
    store = Store(root)
    last = store.corrections().iloc[-1]
    speakers = store.statements([S.statement_id, S.speaker]).set_index(S.statement_id)[S.speaker]
    assert speakers[last[C.target]] == last[C.new].strip('"')
    # A later writer works on the survivor and sweeps what the killed ones left behind.
    store.add(*fake_batch(2, 3, seed=99))
    assert not [p for p in root.iterdir() if p.name.startswith(".tmp-")]
    assert len(store.corrections()) == len(log)
