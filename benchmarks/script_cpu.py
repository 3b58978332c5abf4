"""A page script's server CPU on the real-corpus store: warm reruns through Streamlit's AppTest, no browser.

``browser_speed.py``'s server CPU for a first paint also holds what Streamlit spends on the session and on
serving its scripts, and on the shared machine it moves by a tenth of a second between runs; this script
times only the page's own script (``StreamlitPage.run``, on the thread that runs it), rerun ``--runs`` times
in one session after two warm-up runs, so that the corpus, the speaker facts and the display columns are
loaded. The Compare page gets the view ``browser_speed.py`` opens: the two busiest speakers on the topic
they speak about most. ``--profile N`` also prints the N costliest functions of those runs (cProfile).

Run: ``.venv/bin/python benchmarks/script_cpu.py --pages timeline,topics,compare`` (the store is the one
``browser_speed.py`` caches: pass the same ``--cache``). ``--root DIR`` runs another checkout's app and
modules instead (main, say), so two versions can be timed in turn with the same script.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import logging
import os
import pstats
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import browser_speed as speed  # noqa: E402  (after the path is set)

LOGGER = logging.getLogger("script_cpu")


def _timed(
    run: Callable[[Any], Any], spent: list[float], profiler: cProfile.Profile | None
) -> Callable[..., Any]:
    """``StreamlitPage.run`` wrapped: the thread CPU of each call (and its profile) is recorded."""

    def wrapper(page: Any) -> Any:
        start = time.thread_time()
        if profiler is not None:
            profiler.enable()
        try:
            return run(page)
        finally:
            if profiler is not None:
                profiler.disable()
            spent.append(time.thread_time() - start)

    return wrapper


def measure(
    root: Path, page: str, compare: dict[str, list[str]], runs: int, top: int
) -> tuple[list[float], str]:
    """Thread CPU seconds of ``runs`` warm reruns of ``page``, and the profile (empty if ``top`` is 0)."""
    from streamlit.navigation.page import StreamlitPage
    from streamlit.testing.v1 import AppTest

    spent: list[float] = []
    profiler = cProfile.Profile() if top else None
    original = StreamlitPage.run
    app = AppTest.from_file(str(root / "app.py"), default_timeout=300)
    app.query_params = {"page": page}
    app.run()
    if page == "compare":  # as widget state: AppTest did not carry the two leaders of a query string
        app.session_state["w_leaders"] = compare["leader"]
        app.session_state["w_ctopic"] = compare["ctopic"][0]
    app.run()
    app.run()
    if app.exception:
        raise SystemExit(f"{page}: {[e.value for e in app.exception]}")
    StreamlitPage.run = _timed(original, spent, profiler)  # type: ignore[method-assign]
    try:
        for _ in range(runs):
            app.run()
    finally:
        StreamlitPage.run = original  # type: ignore[method-assign]
    text = ""
    if profiler is not None:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(top)
        text = out.getvalue()
    return spent, text


def main() -> None:
    """Time each page's script on the cached real-corpus store and print the medians."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "real")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "quoteline-browser-speed")
    parser.add_argument("--pages", default="timeline,topics,compare", help=f"from {', '.join(speed.PAGES)}")
    parser.add_argument("--runs", type=int, default=10, help="timed reruns per page")
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="print the N costliest functions")
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout whose app to run")
    args = parser.parse_args()
    root = args.root.resolve()
    sys.path.insert(0, str(root))  # before anything imports quoteline or components: the app's own modules
    os.chdir(root)
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s: %(message)s")
    pages = tuple(p for p in args.pages.split(",") if p)
    unknown = set(pages) - set(speed.PAGES)
    if unknown:
        parser.error(f"unknown pages: {', '.join(sorted(unknown))}")
    store = speed.build_real(args.corpus, args.cache)
    os.environ["QUOTELINE_STORE_DIR"] = str(store)
    _, compare = speed._compare_params(store)
    import components

    where = components.__path__[0]
    print(f"Page script thread CPU, seconds, {args.runs} warm reruns (app modules from {where})")
    for page in pages:
        spent, profile = measure(root, page, compare, args.runs, args.profile)
        print(f"{page:<10} median {statistics.median(spent):.3f}  min {min(spent):.3f}  max {max(spent):.3f}")
        if profile:
            print(profile)


if __name__ == "__main__":
    main()
