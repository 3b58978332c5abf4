"""The browser's fixed cost of a Streamlit page, with no chart, with a trivial Plotly chart and with a trivial
Vega-Lite chart: the floor under every first paint that ``browser_speed.py`` measures.

Each page is opened in a fresh browser context, as ``browser_speed.py`` opens the dashboard's pages, and timed
to the chart painted (Plotly's "plotly_afterplot", or Vega's canvas or SVG). It prints the wall seconds and
the page's main-thread CPU seconds (Chrome's ``ThreadTime``), medians of ``--runs`` visits.

Run: ``.venv/bin/python benchmarks/browser_baseline.py``.
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.browser_speed import CHROMIUM, CHROMIUM_ARGS, FRAMES_JS, PLOT_HOOK_JS  # noqa: E402
from benchmarks.server import serve  # noqa: E402

LOGGER = logging.getLogger("browser_baseline")
APP = Path(__file__).resolve().parent / "baseline_app.py"
PAGES = ("plain", "plotly", "vega")
DONE_JS = """(shown) => {
  const app = document.querySelector("[data-testid='stApp']");
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning' || !document.querySelector('h1')) {
    return false;
  }
  if (shown === 'plotly') {
    const plot = document.querySelector('.js-plotly-plot');
    return !!(plot && plot.data && plot.__qlPlotted === plot.data);
  }
  const vega = "[data-testid='stVegaLiteChart']";
  if (shown === 'vega') return !!document.querySelector(`${vega} canvas, ${vega} svg`);
  return true;
}"""


def measure(url: str, runs: int) -> dict[str, tuple[float, float]]:
    """Median (wall, main-thread CPU) per page, each visit in a fresh browser context."""
    from playwright.sync_api import sync_playwright

    out: dict[str, tuple[float, float]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            for shown in PAGES:
                walls, cpus = [], []
                for _ in range(runs):
                    context = browser.new_context(viewport={"width": 1400, "height": 1000})
                    context.add_init_script(PLOT_HOOK_JS)
                    page = context.new_page()
                    cdp = context.new_cdp_session(page)
                    cdp.send("Performance.enable")
                    start = time.perf_counter()
                    page.goto(f"{url}/?p={shown}")
                    page.wait_for_function(DONE_JS, arg=shown, timeout=120_000, polling=50)
                    page.evaluate(FRAMES_JS)
                    walls.append(time.perf_counter() - start)
                    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
                    cpus.append(float(metrics.get("ThreadTime", 0.0)))
                    context.close()
                out[shown] = (statistics.median(walls), statistics.median(cpus))
                LOGGER.info(
                    "%s: wall %s, CPU %s", shown, [round(w, 2) for w in walls], [round(c, 2) for c in cpus]
                )
        finally:
            browser.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="visits per page (the median is printed)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if not CHROMIUM.exists():
        raise SystemExit("Debian's Chromium is needed at /usr/bin/chromium (apt-get install -y chromium)")
    with tempfile.TemporaryDirectory() as scratch, serve(Path(scratch), Path(scratch), app=APP) as server:
        results = measure(server.url, args.runs)
    print(f"{'page':<8} {'wall s':>7} {'main-thread CPU s':>18}")
    for shown, (wall, cpu) in results.items():
        print(f"{shown:<8} {wall:7.2f} {cpu:18.2f}")


if __name__ == "__main__":
    main()
