"""Where a page's first paint spends the browser's main thread: a CPU profile, summed by script and function.

``browser_speed.py`` says how much CPU a first paint costs; this script says what it goes to. It starts the
dashboard over the real-corpus store that ``browser_speed.py`` caches (built by it; run that first), warms the
server with one visit, then for each page opens a fresh browser context (empty caches, as on a first visit),
records a V8 CPU profile from navigation to the painted chart (the same "painted" test as
``browser_speed.py``), and prints the self time per script and per function. ``--callers NAME`` also prints
the call chains that lead to function NAME (e.g. ``getBoundingClientRect``, a forced layout); ``--save DIR``
writes each ``<page>.cpuprofile``, which Chrome's DevTools open.

Run: ``.venv/bin/python benchmarks/browser_profile.py --pages topics,compare``. Self times include the
profiler's own overhead and, on a busy machine, time the thread waited; compare runs, not absolute values.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import browser_speed as speed  # noqa: E402  (after the path is set)
from benchmarks.server import serve  # noqa: E402

LOGGER = logging.getLogger("browser_profile")
SAMPLING_US = 200


def _self_times(profile: dict[str, Any]) -> Counter[int]:
    """Microseconds of self time per profile node."""
    spent: Counter[int] = Counter()
    for node, delta in zip(profile["samples"], profile["timeDeltas"], strict=True):
        spent[node] += delta
    return spent


def _where(frame: dict[str, Any]) -> str:
    return frame["url"].rsplit("/", 1)[-1] or frame["functionName"] or "(native)"


def summary(profile: dict[str, Any], top: int) -> list[str]:
    """The busiest scripts and functions of a profile, one line each (seconds of self time)."""
    nodes = {n["id"]: n for n in profile["nodes"]}
    spent = _self_times(profile)
    by_script: Counter[str] = Counter()
    by_function: Counter[str] = Counter()
    for node, micros in spent.items():
        frame = nodes[node]["callFrame"]
        by_script[_where(frame)] += micros
        by_function[f"{frame['functionName'] or '(anonymous)'} in {_where(frame)}"] += micros
    lines = [f"  profiled {sum(spent.values()) / 1e6:.2f} s, idle included", "  by script:"]
    lines += [f"    {us / 1e6:6.3f} {name}" for name, us in by_script.most_common(top)]
    lines += ["  by function:"]
    lines += [f"    {us / 1e6:6.3f} {name}" for name, us in by_function.most_common(top)]
    return lines


def callers(profile: dict[str, Any], function: str, depth: int = 8, top: int = 8) -> list[str]:
    """The call chains (innermost first) that spent self time in ``function``."""
    nodes = {n["id"]: n for n in profile["nodes"]}
    parent = {child: n["id"] for n in profile["nodes"] for child in n.get("children", [])}
    chains: Counter[str] = Counter()
    for node, micros in _self_times(profile).items():
        if nodes[node]["callFrame"]["functionName"] != function:
            continue
        chain: list[str] = []
        up = parent.get(node)
        while up is not None and len(chain) < depth:
            frame = nodes[up]["callFrame"]
            chain.append(f"{frame['functionName'] or '?'}@{frame['lineNumber']}:{frame['columnNumber']}")
            up = parent.get(up)
        chains[" < ".join(chain)] += micros
    return [f"    {us / 1e6:6.3f} {chain}" for chain, us in chains.most_common(top)]


def profile_page(browser: object, url: str, name: str, query: dict[str, list[str]]) -> dict[str, Any]:
    """The main thread's CPU profile of one first visit, navigation to painted chart."""
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.add_init_script(speed.PLOT_HOOK_JS)
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Profiler.enable")
        cdp.send("Profiler.setSamplingInterval", {"interval": SAMPLING_US})
        cdp.send("Profiler.start")
        page.goto(f"{url}/{speed.PATHS[name]}" + (f"?{urlencode(query, doseq=True)}" if query else ""))
        page.wait_for_function(speed.PAINTED_JS, arg=name == "table", timeout=speed.TIMEOUT_MS, polling=50)
        page.evaluate(speed.FRAMES_JS)
        profile: dict[str, Any] = cdp.send("Profiler.stop")["profile"]
        return profile
    finally:
        context.close()


def main() -> None:
    """Profile each page's first paint on the cached real-corpus store and print where the time went."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "real")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "quoteline-browser-speed")
    parser.add_argument("--pages", default="topics,compare", help=f"from {', '.join(speed.PAGES)}")
    parser.add_argument("--top", type=int, default=15, help="lines per list")
    parser.add_argument("--callers", default="", help="also print the callers of this function")
    parser.add_argument("--save", type=Path, help="write <page>.cpuprofile files into this folder")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    pages = speed.chosen_pages(args.pages)
    store = speed.build_real(args.corpus, args.cache)
    _, compare = speed._compare_params(store)

    from playwright.sync_api import sync_playwright

    with serve(store, args.cache) as running, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(speed.CHROMIUM), headless=True, args=speed.CHROMIUM_ARGS
        )
        try:
            profile_page(browser, running.url, "timeline", {})  # the cold visit loads the store
            for name in pages:
                profile = profile_page(browser, running.url, name, compare if name == "compare" else {})
                print(f"{name}:")
                print("\n".join(summary(profile, args.top)))
                if args.callers:
                    print(f"  callers of {args.callers}:")
                    print("\n".join(callers(profile, args.callers)))
                if args.save:
                    args.save.mkdir(parents=True, exist_ok=True)
                    (args.save / f"{name}.cpuprofile").write_text(json.dumps(profile), encoding="utf-8")
        finally:
            browser.close()


if __name__ == "__main__":
    main()
