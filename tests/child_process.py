"""A child process killed with SIGKILL in the middle of a write, for the crash tests of the encoded folder."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def kill_mid_write(script: str, store_root: Path, min_statements: int) -> None:
    """Run ``script`` (``python -c`` on the store's folder) and SIGKILL it once it prints "wrote".

    ``min_statements`` sets QUOTELINE_ENCODED_MIN_STATEMENTS in the child: 0 lets it write the encoded folder
    for a small store, a huge value keeps its loads on the parquet files.
    """
    child = subprocess.Popen(
        [sys.executable, "-c", script, str(store_root)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), "QUOTELINE_ENCODED_MIN_STATEMENTS": str(min_statements)},
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "wrote"
        os.kill(child.pid, signal.SIGKILL)
    finally:
        if child.poll() is None:  # the assertion failed: leave no child sleeping behind the test
            child.kill()
        child.wait(timeout=30)
