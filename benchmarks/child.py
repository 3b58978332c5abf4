"""What the benchmarks that measure in a child process share: a memory figure read from /proc, and running a
script in a fresh process (so that its peak RSS is its own) to read the JSON figures it prints last."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any


def status_mb(field: str, pid: str = "self") -> float:
    """A memory figure of ``/proc/PID/status`` (``VmRSS``; ``VmHWM``, the peak) in MB; NaN if there is none.

    Not ``ru_maxrss``: a freshly exec'd child inherits its parent's high-water mark at fork time."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run_child(
    script: str | Path, *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> dict[str, Any]:
    """Run ``python SCRIPT ARGS`` and return the JSON object on the last line it prints; a child that fails
    stops the benchmark with the end of its stderr."""
    done = subprocess.run(
        [sys.executable, str(script), *args], capture_output=True, text=True, env=env, cwd=cwd, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"{Path(script).name} {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result
