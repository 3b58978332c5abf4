"""When each part of a page's first paint happens in the browser, from navigation to the painted chart.

``browser_speed.py`` says how long a first paint takes and ``browser_profile.py`` what the main thread spends
it on; this script says *when* things happen, so that overlaps can be checked: when Streamlit's entry script
and Plotly's bundle were fetched (Resource Timing), when the first element of each kind reached the page,
when the script finished, when Plotly finished its plot, and the main thread's long tasks (over 50 ms) in
between. Times are milliseconds from navigation (``performance.now()``), on the cached real-corpus store that
``browser_speed.py`` builds, after one warming visit (so the server is warm, as for every page but the first).

Run: ``.venv/bin/python benchmarks/browser_timeline.py --pages timeline,compare --cache /work/bcache``
(``--root DIR`` times another checkout's dashboard, ``--runs N`` repeats each page).
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import browser_speed as speed  # noqa: E402  (after the path is set)
from benchmarks.server import serve  # noqa: E402

LOGGER = logging.getLogger("browser_timeline")

# Installed before any page script: records when elements first appear, when the script state changes, when
# Plotly finishes a plot, and the main thread's long tasks.
WATCH_JS = """(() => {
  const seen = {}; const marks = []; const tasks = [];
  window.__qlTimeline = {seen, marks, tasks};
  const mark = (name) => { marks.push([name, performance.now()]); };
  const kinds = {
    plotly: "[data-testid='stPlotlyChart']", plot: "[data-testid='stPlotlyChart'] .main-svg",
    dataframe: "[data-testid='stDataFrame']", grid: "[data-testid='stDataFrame'] canvas",
    sidebar: "[data-testid='stSidebar']", slider: "[data-testid='stSlider']",
    title: "h1", empty: "[data-testid='stEmpty']",
  };
  let lastState = null;
  const look = () => {
    for (const [name, sel] of Object.entries(kinds)) {
      if (!(name in seen) && document.querySelector(sel)) seen[name] = performance.now();
    }
    const app = document.querySelector("[data-testid='stApp']");
    const state = app && app.getAttribute('data-test-script-state');
    if (state !== lastState) { mark('script ' + state); lastState = state; }
  };
  new MutationObserver(look).observe(document, {subtree: true, childList: true, attributes: true,
    attributeFilter: ['data-test-script-state']});
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) tasks.push([e.startTime, e.duration]);
    }).observe({type: 'longtask', buffered: true});
  } catch (err) { /* no long task timing */ }
  Object.defineProperty(HTMLElement.prototype, '_ev', {
    configurable: true,
    set(emitter) {
      Object.defineProperty(this, '_ev', {value: emitter, writable: true, configurable: true});
      const gd = this;
      // Plotly emits "plotly_beforeplot" at every plot pass, an auto-margin redraw included; the data number
      // says when the chart was handed a new copy of its data (gd.data, undefined at the very first pass).
      const ids = window.__qlDataIds || (window.__qlDataIds = new Map());
      const dataId = () => {
        if (!ids.has(gd.data)) ids.set(gd.data, ids.size + 1);
        return ids.get(gd.data);
      };
      emitter.on('plotly_beforeplot', () => { mark('plotly_beforeplot, data #' + dataId()); });
      emitter.on('plotly_afterplot', () => {
        gd.__qlPlotted = gd.data;
        mark('plotly_afterplot, data #' + dataId());
      });
    },
  });
})();"""
READ_JS = """() => {
  const t = window.__qlTimeline;
  const res = performance.getEntriesByType('resource')
    .filter((r) => /\\.js$/.test(r.name))
    .map((r) => [r.name.split('/').pop(), r.startTime, r.responseEnd, r.transferSize]);
  return {seen: t.seen, marks: t.marks, tasks: t.tasks, res};
}"""


def page_timeline(browser: object, url: str, name: str, query: dict[str, list[str]]) -> dict[str, Any]:
    """The timeline of one first visit, in a fresh browser context."""
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.add_init_script(WATCH_JS)
    try:
        page = context.new_page()
        page.goto(f"{url}/{speed.PATHS[name]}" + (f"?{urlencode(query, doseq=True)}" if query else ""))
        page.wait_for_function(speed.PAINTED_JS, arg=name == "table", timeout=speed.TIMEOUT_MS, polling=50)
        page.evaluate(speed.FRAMES_JS)
        found: dict[str, Any] = page.evaluate(READ_JS)
        found["painted"] = page.evaluate("() => performance.now()")
        return found
    finally:
        context.close()


def critical_path(found: dict[str, Any]) -> list[str]:
    """The spans a first paint of a Plotly page waits on, one after the other: the script's start, Plotly's
    bundle requested and received, the chart element mounted (after the bundle's evaluation) and painted."""
    running = next((t for what, t in found["marks"] if what == "script running"), None)
    plotly = next(((s, e) for file, s, e, _ in found["res"] if file.startswith("PlotlyChart.")), None)
    mounted = found["seen"].get("plotly")
    if running is None or plotly is None or mounted is None:
        return []
    spans = (
        ("to the script's start", running),
        ("to Plotly requested", plotly[0] - running),
        ("fetching Plotly", plotly[1] - plotly[0]),
        ("to the chart mounted", mounted - plotly[1]),
        ("to painted", found["painted"] - mounted),
    )
    return ["  critical path (ms): " + ", ".join(f"{what} {ms:.0f}" for what, ms in spans)]


def report(name: str, found: dict[str, Any]) -> list[str]:
    """One page's timeline as lines of text, in time order."""
    events: list[tuple[float, str]] = [(t, f"first {kind}") for kind, t in found["seen"].items()]
    events += [(t, what) for what, t in found["marks"]]
    for file, start, end, size in found["res"]:
        # Html.*.js is st.html's own chunk: the Plotly preload (components/preload.py) runs once it is in.
        if file.startswith(("index.", "PlotlyChart.", "Html.")) or size > 200_000:
            events.append((start, f"fetch {file} ({size / 1e6:.1f} MB) until {end:.0f}"))
    events.append((found["painted"], "painted (two frames after the plot)"))
    busy = sum(d for _, d in found["tasks"])
    lines = [f"{name}: painted at {found['painted']:.0f} ms; long tasks {busy:.0f} ms in all"]
    lines += critical_path(found)
    lines += [f"  {t:7.0f}  {what}" for t, what in sorted(events)]
    lines += ["  long tasks (start, ms): " + ", ".join(f"{s:.0f}+{d:.0f}" for s, d in found["tasks"])]
    return lines


def main() -> None:
    """Warm the server on the cached real store, then print each page's first-visit timeline."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "real")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "quoteline-browser-speed")
    parser.add_argument("--pages", default="timeline,topics,compare", help=f"from {', '.join(speed.PAGES)}")
    parser.add_argument("--runs", type=int, default=1, help="visits per page")
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout whose dashboard to time")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    pages = speed.chosen_pages(args.pages)
    store = speed.build_real(args.corpus, args.cache)
    _, compare = speed._compare_params(store)

    from playwright.sync_api import sync_playwright

    with serve(store, args.cache, root=args.root) as running, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(speed.CHROMIUM), headless=True, args=speed.CHROMIUM_ARGS
        )
        try:
            page_timeline(browser, running.url, "timeline", {})  # the cold visit loads the store
            for name in pages:
                for _ in range(args.runs):
                    found = page_timeline(browser, running.url, name, compare if name == "compare" else {})
                    print("\n".join(report(name, found)))
        finally:
            browser.close()


if __name__ == "__main__":
    main()
