"""Start the real dashboard (`streamlit run app.py`) over a store, on a free port: for benchmarks and the
browser tests alike, so that both measure and test the server the same way."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STARTUP_TIMEOUT = 120.0


class ServerDidNotStart(RuntimeError):
    """Streamlit exited, or did not answer its health check in time; the message names its log."""


@dataclass(frozen=True)
class Running:
    """A started server: its URL, its process id (for CPU readings) and the file its output goes to."""

    url: str
    pid: int
    log: Path
    ready_after: float = 0.0  # wall seconds from the process start to the first healthy answer


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serve(
    store: Path,
    log_dir: Path,
    extra_env: dict[str, str] | None = None,
    app: Path | None = None,
    root: Path = ROOT,
) -> Iterator[Running]:
    """``streamlit run app.py`` of the checkout ``root`` (or another script) over ``store``, yielded once
    /_stcore/health answers; stopped on exit. Another ``root`` times another checkout's dashboard with this
    one's benchmark, so that two versions can be measured in turn by the same code."""
    port = free_port()
    app = root / "app.py" if app is None else app
    env = {**os.environ, "QUOTELINE_STORE_DIR": str(store), "PYTHONPATH": str(root), **(extra_env or {})}
    # The checkout's own launcher, as `make run` starts it (it imports the chart pages' modules before the
    # server answers); an older checkout timed with --root may predate it and is started as it was then.
    launcher = ["components.serve"] if (root / "components" / "serve.py").is_file() else ["streamlit", "run"]
    command = [sys.executable, "-m", *launcher, str(app), "--server.port", str(port)]
    command += ["--server.address", "127.0.0.1", "--server.headless", "true"]
    command += ["--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
    log_path = log_dir / f"streamlit-{store.name}.log"
    with log_path.open("w") as log:
        started = time.monotonic()
        proc = subprocess.Popen(command, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + STARTUP_TIMEOUT
            while True:
                if proc.poll() is not None:
                    raise ServerDidNotStart(f"streamlit exited with {proc.returncode}; see {log_path}")
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:  # noqa: S310
                        if reply.status == 200:
                            break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    raise ServerDidNotStart(
                        f"streamlit was not healthy within {STARTUP_TIMEOUT:g} s; see {log_path}"
                    )
                time.sleep(0.3)
            yield Running(url=url, pid=proc.pid, log=log_path, ready_after=time.monotonic() - started)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
