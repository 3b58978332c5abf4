"""Child processes the tests start: the `quoteline` command, a snippet of Python in a fresh interpreter (whose
caches are empty), and a writer killed with SIGKILL in the middle of a write."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def quoteline_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m quoteline ARGS`` from the repository's root, ``env`` added to this process' environment;
    its output as text (bytes it cannot decode escaped, so a test of bad input still sees the message)."""
    return subprocess.run(
        [sys.executable, "-m", "quoteline", *args],
        capture_output=True,
        text=True,
        errors="backslashreplace",
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        cwd=ROOT,
        timeout=600,
        check=False,
    )


def run_python(
    code: str, env: dict[str, str] | None = None, timeout: int = 300
) -> subprocess.CompletedProcess[str]:
    """``python -c CODE`` from the repository's root, with exactly ``env`` as its environment if given."""
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


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
