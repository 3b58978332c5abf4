"""Shared pieces of the browser tests: paths, the server handle and the wait-for-the-app helper."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

ROOT = Path(__file__).resolve().parents[2]
APP_TIMEOUT_MS = 60_000
# Plotly's bundle loads lazily and a busy 2-core machine can take several seconds to draw a chart:
# give expect() the same patience as page actions instead of its 5 s default.
expect.set_options(timeout=APP_TIMEOUT_MS)


def markers_js(point: str, first: str = "") -> str:
    """A function for ``Locator.evaluate`` on a Plotly chart: the list of ``point`` (a JS object literal) for
    each drawn marker of every trace with customdata, where ``cd`` is the trace's data, ``i`` the marker's
    index in it, ``el`` its SVG path and ``box`` its box on screen; ``first`` is JS run before."""
    return f"""(plot) => {{
  {first}
  const out = [];
  plot.querySelectorAll('.scatterlayer .trace').forEach((trace) => {{
    const cd = trace.__data__;
    if (!cd || !cd[0] || !cd[0].trace || !cd[0].trace.customdata) return;
    trace.querySelectorAll('path.point').forEach((el) => {{
      const i = el.__data__ && el.__data__.i;
      const box = el.getBoundingClientRect();
      out.push({point});
    }});
  }});
  return out;
}}"""


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


def click_until_url(page: Page, target: Locator, url: re.Pattern[str]) -> None:
    """Click ``target`` until the page's URL matches ``url``, then wait for the rerun to finish.

    A click that lands while a rerun is redrawing the page can hit a button that is about to be replaced
    and be lost; the URL is the app's own record that the click took effect, so it is what we wait for."""
    for _ in range(3):
        wait_for_app(page)
        target.click()
        try:
            expect(page).to_have_url(url, timeout=15_000)
            break
        except AssertionError:
            continue
    expect(page).to_have_url(url)
    wait_for_app(page)


def open_option(page: Page, box: str, option: str, typed: str | None = None) -> Locator:
    """Open the sidebar multiselect labelled ``box`` (typing ``typed`` into it, to narrow a long list); return
    its option ``option`` ("energy (68)"), shown."""
    field = page.get_by_test_id("stMultiSelect").filter(has_text=box).locator("input")
    wanted = page.get_by_role("option", name=re.compile(rf"^{re.escape(option)} \(")).first
    # Five tries: on a loaded 2-core machine (CI running both test workers) reruns after a chosen filter
    # have closed the list three times in a row.
    for _ in range(5):
        wait_for_app(page)
        field.evaluate("(el) => el.scrollIntoView({block: 'center'})")  # room below it for the option list
        field.click()
        if typed is not None:
            field.fill(typed)
        try:
            wanted.wait_for(state="visible", timeout=15_000)
            break
        except PlaywrightTimeout:
            # A rerun that lands just after the click redraws the sidebar and closes the list: open it again.
            page.keyboard.press("Escape")
    else:
        raise AssertionError(f"the option {option!r} of the filter {box!r} never showed in five tries")
    return wanted


def option_label(page: Page, box: str, option: str, typed: str | None = None) -> str:
    """The text of ``box``'s option ``option`` ("energy (68)"), the list closed again after reading it."""
    for _ in range(5):
        wanted = open_option(page, box, option, typed)
        try:
            # Short: a rerun may close the list between the option showing and its text being read.
            label = wanted.inner_text(timeout=5_000)
        except PlaywrightTimeout:
            continue
        page.keyboard.press("Escape")
        return label
    raise AssertionError(f"{box!r}: the option {option!r} closed before its text was read, 5 times")


def start_preview(page: Page, server: Server, upload: Path) -> None:
    """On the Add articles page, choose the file ``upload`` and click "Preview statements" (not waiting for
    the preview: a test may watch it run)."""
    page.goto(f"{server.url}/add")
    wait_for_app(page)
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(upload))
    wait_for_app(page)
    page.get_by_role("button", name="Preview statements").click()
