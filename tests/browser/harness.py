"""Shared pieces of the browser tests: paths, the server handle and the wait-for-the-app helper."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Page, expect

ROOT = Path(__file__).resolve().parents[2]
APP_TIMEOUT_MS = 60_000
# Plotly's bundle loads lazily and a busy 2-core machine can take several seconds to draw a chart:
# give expect() the same patience as page actions instead of its 5 s default.
expect.set_options(timeout=APP_TIMEOUT_MS)


@dataclass(frozen=True)
class Server:
    """A running dashboard: its base URL and the store folder it reads."""

    url: str
    store_dir: Path
    log: Path | None = None  # the server's stdout and stderr


def wait_for_app(page: Page) -> None:
    """Wait until the app is connected and its script has finished running (as Streamlit's e2e tests do)."""
    page.wait_for_selector(
        "[data-testid='stApp'][data-test-connection-state='CONNECTED']", timeout=APP_TIMEOUT_MS
    )
    page.wait_for_timeout(200)  # let a rerun triggered by the last action start
    page.wait_for_selector(
        "[data-testid='stApp'][data-test-script-state='notRunning']", timeout=APP_TIMEOUT_MS
    )
