"""Browser-test harness: the real `streamlit run app.py` on a free port over a temporary sample store,
driven by Debian's Chromium through Playwright. Chromium missing is a failure, never a skip."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from benchmarks.server import ServerDidNotStart, serve

from .harness import APP_TIMEOUT_MS, ROOT, Server

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
INSTALL_HELP = (
    "Debian's Chromium is required at /usr/bin/chromium for the browser tests. Install it with "
    "`apt-get install -y chromium` (as root), or run `make test`, which installs it when it can."
)


def _env(store_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["QUOTELINE_STORE_DIR"] = str(store_dir)
    env["PYTHONPATH"] = str(ROOT)
    return env


def ingest(folder: Path, store_dir: Path) -> subprocess.CompletedProcess[str]:
    """``quoteline ingest FOLDER`` into ``store_dir`` by the real CLI; a failure fails the test, with its
    stderr."""
    result = subprocess.run(
        [sys.executable, "-m", "quoteline", "ingest", str(folder)],
        cwd=ROOT,
        env=_env(store_dir),
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(f"ingesting {folder} failed ({result.returncode}):\n{result.stderr[-3000:]}")
    return result


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built from data/sample by the real CLI, in a temporary folder."""
    store_dir = tmp_path_factory.mktemp("store")
    ingest(ROOT / "data" / "sample", store_dir)
    return store_dir


@contextmanager
def launch_server(
    store_dir: Path, log_dir: Path, extra_env: dict[str, str] | None = None
) -> Iterator[Server]:
    """`streamlit run app.py` over ``store_dir`` on a free port, waited for on /_stcore/health."""
    with ExitStack() as stack:
        try:
            running = stack.enter_context(serve(store_dir, log_dir, extra_env))
        except ServerDidNotStart as err:
            pytest.fail(str(err))
        yield Server(url=running.url, store_dir=store_dir, log=running.log)


@pytest.fixture(scope="session")
def server(sample_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The dashboard over the session's sample store."""
    with launch_server(sample_store, tmp_path_factory.mktemp("server")) as running:
        yield running


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, with no background network traffic."""
    if not CHROMIUM.exists():
        pytest.fail(INSTALL_HELP)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser context (no cookies, no storage) and page, wide enough for the sidebar."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(APP_TIMEOUT_MS)
    opened = context.new_page()
    yield opened
    context.close()
