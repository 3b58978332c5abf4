"""Dashboard speed as the analyst sees it: time to a painted chart in Chromium, on stores of real articles.

``dashboard_speed.py`` measures server time on synthetic stores; this script measures what the browser shows.
It builds two stores (cached, so later runs start at once):

- ``real``: the articles of ``--corpus`` (default ``../shared/corpus/real``) ingested by ``python -m quoteline
  ingest``;
- ``repeated``: the same statements repeated, with new statement, article and cluster ids, to ``--scale``
  statements (default 250,000). Dates, speakers and texts repeat as they are.

For each store it starts ``streamlit run app.py`` on a free port and drives Debian's Chromium with Playwright.
For each page it prints:

- ``first paint``: from navigation (in a fresh browser context: empty caches, as on an analyst's first visit)
  to the page's chart painted: the script finished, Plotly's "plotly_afterplot" event for the figure the
  chart holds (or, on the Statements page, the table's canvas), and two animation frames gone by. ``cold``
  is the first page of a freshly started server, which also loads the store;
- ``after filter``: from a click on the sidebar's "Leaders only" switch to the chart painted again with the
  new figure (the old one, still on screen while the script runs, does not count);
- ``revisit``: the same navigation again in the same browser context, as when the analyst comes back or
  reloads: the browser's caches hold Streamlit's and Plotly's scripts (the 4.7 MB Plotly bundle is then
  read from the cache and its compiled code reused).

Beside each wall time it prints the CPU seconds behind it: the server process's, and the page's main thread's
(Chrome's ``ThreadTime``). On a machine busy with other work the wall times grow; the CPU times do not.

Run: ``.venv/bin/python benchmarks/browser_speed.py`` (``--stores real`` for the real corpus only,
``--cache DIR`` for the store cache; the default is ``$TMPDIR/quoteline-browser-speed``).
Targets on the real corpus: first paint <= 3 s, after a filter change <= 1.5 s.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.server import ServerDidNotStart, serve  # noqa: E402  (after the path is set)

LOGGER = logging.getLogger("browser_speed")
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
TIMEOUT_MS = 180_000
DONE_MARK = "complete.json"  # written into a cached store folder once it is fully built
PAGES = ("timeline", "topics", "compare", "table")
PATHS = {"timeline": "", "topics": "topics", "compare": "compare", "table": "table"}

# Plotly draws asynchronously: its figure object (``_fullData``) and its SVG frame exist before the traces are
# drawn, and after a rerun the old chart stays on screen until the new figure replaces it. So the page is
# "painted" only once Plotly has announced the end of a plot ("plotly_afterplot") for the data the chart holds
# now. Plotly attaches its event emitter as ``gd._ev`` when it first plots into a div (and again after a
# purge); a setter on the prototype catches that assignment and subscribes before any plot can finish.
PLOT_HOOK_JS = """(() => {
  Object.defineProperty(HTMLElement.prototype, '_ev', {
    configurable: true,
    set(emitter) {
      Object.defineProperty(this, '_ev', {value: emitter, writable: true, configurable: true});
      const gd = this;
      emitter.on('plotly_afterplot', () => { gd.__qlPlotted = gd.data; });
    },
  });
})();"""
# True once the page's main chart (the first Plotly chart, or on the Statements page the table's canvas) is
# painted and the script is not running. After a filter change, the chart must also hold new data: the old
# figure, kept in ``window.__qlOld``, does not count.
PAINTED_JS = """(table) => {
  const app = document.querySelector("[data-testid='stApp']");
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (table) return !!document.querySelector("[data-testid='stDataFrame'] canvas");
  const plot = document.querySelector("[data-testid='stPlotlyChart'] .js-plotly-plot");
  return !!(plot && plot.data && plot.__qlPlotted === plot.data && plot.data !== window.__qlOld
    && plot.querySelector('.main-svg'));
}"""
FRAMES_JS = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"
# Records when the script next finishes a run that started after this call, and which figure is on screen now.
WATCH_JS = """() => {
  const app = document.querySelector("[data-testid='stApp']");
  const plot = document.querySelector("[data-testid='stPlotlyChart'] .js-plotly-plot");
  window.__qlOld = plot ? plot.data : undefined;
  window.__qlRan = false; window.__qlDone = false;
  const observer = new MutationObserver(() => {
    const state = app.getAttribute('data-test-script-state');
    if (state === 'running') window.__qlRan = true;
    if (window.__qlRan && state === 'notRunning') { window.__qlDone = true; observer.disconnect(); }
  });
  observer.observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
}"""


@dataclass
class Timing:
    """One page's times on one store, in seconds."""

    store: str
    statements: int
    page: str
    first_paint: float
    after_filter: float
    revisit: float
    cold: bool
    # CPU seconds behind each wall time, which a busy machine does not inflate: the server process, and the
    # browser page's main thread (Chrome's ThreadTime).
    first_server_cpu: float = 0.0
    first_browser_cpu: float = 0.0
    after_server_cpu: float = 0.0
    after_browser_cpu: float = 0.0
    revisit_server_cpu: float = 0.0
    revisit_browser_cpu: float = 0.0
    # The CPU of all of Chromium's processes (renderer, GPU, browser, utility): without a GPU, WebGL and the
    # compositor draw in software outside the page's main thread, and on two cores they delay its paint too.
    first_chromium_cpu: float = 0.0
    after_chromium_cpu: float = 0.0
    revisit_chromium_cpu: float = 0.0


def chosen_pages(text: str) -> tuple[str, ...]:
    """The pages a comma-separated ``--pages`` value names (this script's and its siblings'); exits naming any
    page it does not know."""
    pages = tuple(p for p in text.split(",") if p)
    unknown = set(pages) - set(PAGES)
    if unknown:
        raise SystemExit(f"unknown page(s): {', '.join(sorted(unknown))}; the pages are {', '.join(PAGES)}")
    return pages


def _corpus_key(corpus: Path) -> str:
    """A key that changes when the corpus files or the extractor change."""
    from quoteline import EXTRACTOR_VERSION

    parts = [EXTRACTOR_VERSION]
    for path in sorted(p for p in corpus.rglob("*") if p.is_file()):
        stat = path.stat()
        parts.append(f"{path.relative_to(corpus)}:{stat.st_size}:{int(stat.st_mtime)}")
    return hashlib.sha1("\n".join(parts).encode()).hexdigest()[:12]


def build_real(corpus: Path, cache: Path) -> Path:
    """The real corpus ingested into a cached store (built once per corpus and extractor version)."""
    store = cache / f"real-{_corpus_key(corpus)}"
    if (store / DONE_MARK).exists():
        return store
    if store.exists():
        raise SystemExit(f"{store} exists but is incomplete (an interrupted build?): delete it and rerun")
    LOGGER.info("ingesting %s into %s (once; later runs reuse it)", corpus, store)
    subprocess.run(
        [sys.executable, "-m", "quoteline", "ingest", str(corpus), "--store", str(store)],
        cwd=ROOT,
        check=True,
    )
    (store / DONE_MARK).write_text(json.dumps({"corpus": str(corpus)}), encoding="utf-8")
    return store


def _renamed(values: object, copy: int) -> object:
    """Hex ids with the copy number appended as two more hex digits: still hex, and unique across copies."""
    import pyarrow as pa
    import pyarrow.compute as pc

    assert isinstance(values, pa.ChunkedArray | pa.Array)
    return pc.binary_join_element_wise(values, f"{copy:02x}", "")


def build_repeated(real: Path, cache: Path, scale: int) -> Path:
    """The real store's statements repeated to ``scale`` rows with new ids, written straight to a store."""
    from quoteline.schema import A, S
    from quoteline.store import Store, delta
    from quoteline.store.manifest import Manifest, write_manifest
    from quoteline.store.tables import ARTICLES_SCHEMA, STATEMENTS_SCHEMA, arrow_to_delta

    store = cache / f"{real.name}-repeated-{scale}"
    if (store / DONE_MARK).exists():
        return store
    if store.exists():
        raise SystemExit(f"{store} exists but is incomplete (an interrupted build?): delete it and rerun")
    source = Store(real)
    statements, manifest = source.read_arrow("statements", STATEMENTS_SCHEMA.names)
    if manifest is None:
        raise SystemExit(f"{real} holds no statements")
    articles = source.read_arrow_at(manifest, "articles", ARTICLES_SCHEMA.names)
    store.mkdir(parents=True)
    copies = -(-scale // statements.num_rows)
    versions = {
        name: delta.create(store, name).version() for name in ("articles", "statements", "corrections")
    }
    for copy in range(copies):
        rows = min(statements.num_rows, scale - copy * statements.num_rows)
        part = statements.slice(0, rows)
        mine = articles
        if copy:  # the first copy keeps the original ids
            for column in (S.statement_id, S.article_id, S.cluster_id):
                part = part.set_column(
                    part.schema.get_field_index(column), column, _renamed(part[column], copy)
                )
            mine = mine.set_column(
                mine.schema.get_field_index(A.article_id), A.article_id, _renamed(mine[A.article_id], copy)
            )
        for name, data in (("articles", mine), ("statements", part)):
            versions[name] = delta.write(
                store, name, arrow_to_delta(name, data), overwrite=False, generation=1
            )
    write_manifest(store, Manifest().next(versions))
    (store / DONE_MARK).write_text(json.dumps({"from": str(real), "rows": scale}), encoding="utf-8")
    return store


def process_cpu(pid: int) -> float:
    """CPU seconds (user + system) a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _children() -> dict[int, list[int]]:
    """Every process's children, from /proc (processes that exit while it is read are skipped)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(stat.parent.name))
    return children


def chromium_cpu(root: int) -> dict[int, float]:
    """CPU seconds so far of each Chromium process descended from ``root`` (this benchmark's process)."""
    children, found, todo = _children(), {}, [root]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, []))
        try:
            if Path(f"/proc/{pid}/comm").read_text().startswith("chrom"):
                found[pid] = process_cpu(pid)
        except OSError:  # the process exited meanwhile: its CPU is lost to both readings
            continue
    return found


def _compare_params(store: Path) -> tuple[int, dict[str, list[str]]]:
    """The store's size, and the link parameters of a Compare view: the two busiest speakers, on the topic
    they speak about most."""
    import numpy as np

    from quoteline.query.load import load_corpus
    from quoteline.schema import S
    from quoteline.store import Store

    corpus = load_corpus(Store(store))
    leaders = list(corpus.speaker_counts())[:2]
    theirs = corpus.frame[S.speaker].isin(leaders).to_numpy()
    tags = corpus.topics
    tally = np.bincount(tags.codes[theirs[tags.rows]], minlength=len(tags.labels))
    return len(corpus), {"leader": leaders, "ctopic": [tags.labels[int(tally.argmax())]]}


def _wait_painted(page: object, table: bool) -> None:
    from playwright.sync_api import Page

    assert isinstance(page, Page)
    page.wait_for_function(PAINTED_JS, arg=table, timeout=TIMEOUT_MS, polling=50)
    page.evaluate(FRAMES_JS)


class _Clock:
    """Wall time, server CPU, the page's main-thread CPU and all Chromium processes' CPU, read together."""

    def __init__(self, page: object, server_pid: int) -> None:
        from playwright.sync_api import Page

        assert isinstance(page, Page)
        self.cdp = page.context.new_cdp_session(page)
        self.cdp.send("Performance.enable")
        self.pid = server_pid

    def read(self) -> tuple[float, float, float, dict[int, float]]:
        metrics = {m["name"]: m["value"] for m in self.cdp.send("Performance.getMetrics")["metrics"]}
        thread = float(metrics.get("ThreadTime", 0.0))
        return time.perf_counter(), process_cpu(self.pid), thread, chromium_cpu(os.getpid())

    def since(self, start: tuple[float, float, float, dict[int, float]]) -> Reading:
        now = self.read()
        # A navigation may hand the page to a new renderer process, whose thread time starts from zero.
        browser = now[2] - start[2] if now[2] >= start[2] else now[2]
        # A process started meanwhile counts from zero.
        chromium = sum(cpu - start[3].get(pid, 0.0) for pid, cpu in now[3].items())
        return now[0] - start[0], now[1] - start[1], browser, chromium


Reading = tuple[float, float, float, float]  # wall, server CPU, page main-thread CPU, all Chromium CPU


def measure_page(
    browser: object, url: str, pid: int, name: str, query: dict[str, list[str]]
) -> tuple[Reading, Reading, Reading]:
    """(wall, server CPU, browser CPU) to the first paint, after the "Leaders only" switch, and on a second
    visit, for one page in a fresh browser context."""
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(PLOT_HOOK_JS)
    page = context.new_page()
    clock = _Clock(page, pid)
    try:
        target = f"{url}/{PATHS[name]}" + (f"?{urlencode(query, doseq=True)}" if query else "")
        start = clock.read()
        page.goto(target)
        page.wait_for_selector("[data-testid='stApp']", timeout=TIMEOUT_MS)
        _wait_painted(page, name == "table")
        first = clock.since(start)
        switch = page.get_by_test_id("stCheckbox").filter(has_text="Leaders only")
        page.evaluate(WATCH_JS)
        start = clock.read()
        switch.locator("label").click()
        page.wait_for_function("() => window.__qlDone === true", timeout=TIMEOUT_MS, polling=50)
        _wait_painted(page, name == "table")
        after = clock.since(start)
        start = clock.read()
        page.goto(target)
        _wait_painted(page, name == "table")
        return first, after, clock.since(start)
    finally:
        context.close()


def measure_store(
    label: str, store: Path, pages: tuple[str, ...], log_dir: Path, root: Path = ROOT
) -> list[Timing]:
    """Every page's times on one store, with a freshly started server of checkout ``root`` (the first page is
    the cold one)."""
    from playwright.sync_api import sync_playwright

    rows, compare = _compare_params(store)
    out: list[Timing] = []
    with serve(store, log_dir, root=root) as running, sync_playwright() as playwright:
        url, pid = running.url, running.pid
        # What a start costs before the first visitor: the launcher's imports and, since session 16, its read
        # of the store (components.serve), which the cold page's server CPU then no longer holds.
        LOGGER.info(
            "%s: server ready after %.2f s, %.2f s of its CPU", label, running.ready_after, process_cpu(pid)
        )
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            for i, name in enumerate(("timeline", *pages)):  # the first, cold visit warms the server
                first, after, again = measure_page(
                    browser, url, pid, name, compare if name == "compare" else {}
                )
                timing = Timing(
                    label, rows, name, round(first[0], 2), round(after[0], 2), round(again[0], 2),
                    cold=i == 0,
                    first_server_cpu=round(first[1], 2), first_browser_cpu=round(first[2], 2),
                    after_server_cpu=round(after[1], 2), after_browser_cpu=round(after[2], 2),
                    revisit_server_cpu=round(again[1], 2), revisit_browser_cpu=round(again[2], 2),
                    first_chromium_cpu=round(first[3], 2), after_chromium_cpu=round(after[3], 2),
                    revisit_chromium_cpu=round(again[3], 2),
                )  # fmt: skip
                out.append(timing)
                LOGGER.info("%s", timing)
        finally:
            browser.close()
    return out


def main() -> None:
    """Build or reuse the stores, measure every page, print a table (and ``--json``)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "real")
    parser.add_argument("--scale", type=int, default=250_000, help="statements in the repeated store")
    parser.add_argument("--stores", default="real,repeated", help="which stores: real, repeated or both")
    parser.add_argument("--pages", default=",".join(PAGES), help=f"pages to time, from {', '.join(PAGES)}")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "quoteline-browser-speed")
    parser.add_argument("--json", type=Path, help="also write the timings to this file")
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout whose dashboard to time")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if not CHROMIUM.exists():
        raise SystemExit("Debian's Chromium is needed at /usr/bin/chromium (apt-get install -y chromium)")
    if not args.corpus.is_dir():
        raise SystemExit(f"no corpus at {args.corpus}: pass --corpus DIR")
    pages = chosen_pages(args.pages)
    args.cache.mkdir(parents=True, exist_ok=True)
    wanted = {s.strip() for s in args.stores.split(",")}
    real = build_real(args.corpus, args.cache)
    stores = [("real", real)] if "real" in wanted else []
    if "repeated" in wanted:
        stores.append(("repeated", build_repeated(real, args.cache, args.scale)))
    try:
        timings = [
            t for label, store in stores for t in measure_store(label, store, pages, args.cache, args.root)
        ]
    except ServerDidNotStart as err:
        raise SystemExit(str(err)) from None
    print(
        "Wall seconds, then in brackets the CPU seconds of the server and of the page's main thread, "
        "and after the slash those of all Chromium's processes."
    )
    heads = ("first paint", "after filter", "revisit")
    print(f"{'store':<10} {'statements':>10}  {'page':<17} " + "  ".join(f"{h:>29}" for h in heads))
    for t in timings:
        page = f"{t.page} (cold)" if t.cold else t.page
        cells = (
            (t.first_paint, t.first_server_cpu, t.first_browser_cpu, t.first_chromium_cpu),
            (t.after_filter, t.after_server_cpu, t.after_browser_cpu, t.after_chromium_cpu),
            (t.revisit, t.revisit_server_cpu, t.revisit_browser_cpu, t.revisit_chromium_cpu),
        )
        shown = "  ".join(f"{f'{w:5.2f} ({s:.2f} + {b:.2f} / {c:.2f})':>29}" for w, s, b, c in cells)
        print(f"{t.store:<10} {t.statements:>10,}  {page:<17} {shown}")
    if args.json:
        args.json.write_text(json.dumps([asdict(t) for t in timings], indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
