"""Dashboard speed: cold load, filter-change server time and peak memory on synthetic stores.

For each size (10k, 100k, 1M statements by default) a synthetic store is written to a temporary folder and a
fresh Python process measures:

- cold load: reading the store, building the corpus and the first leader timeline figure, ready to send
  (wall time, the store read alone, and the process's CPU time, which a loaded machine does not inflate);
- filter change: applying a new set of filters and building the page's figures (serialised as the dashboard
  sends them: ``_ship``), median and p95 over a fixed sequence of changes, for the leader
  timeline page and for the topic page (topic timeline plus two heatmaps). As in the app, the text and ids
  are read in the background once the first figure is ready (``--no-prefetch``: on first use instead);
- peak RSS of that process; and the CPU time of each change (median and p95; the process' CPU, the
  background read's included), which a shared machine inflates less than the wall time.

- page: reading the display columns (text, cue, ids...) of the first 50 rows the change picked, as the
  statements table's page and the detail panel do (median over the changes);

``--lean`` loads the corpus as the dashboard does from ``lake_rows_min_statements``: no text in the process,
pages read from the lake by id and searches asked of the lake. ``--store PATH`` measures an existing store
instead of writing synthetic ones.

Run: ``.venv/bin/python benchmarks/dashboard_speed.py`` (or ``--sizes 10000 100000``).
Targets at 1M: cold <= 3 s, filter change <= 300 ms median, RSS <= 2 GB.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
from benchmarks.child import run_child, status_mb  # noqa: E402  (after the path is set)


def _changes(leaders: list[str], topics: list[str], counterparts: list[str]) -> list[object]:
    from quoteline.query.filters import Filters

    return [
        Filters(leaders=(leaders[0],)),
        Filters(leaders=(leaders[0], leaders[3])),
        Filters(topics=(topics[1],)),
        Filters(stances=("denial", "threat")),
        Filters(kinds=("direct",), outlets=("Outlet 04 (fictional)",)),
        Filters(date_from=date(2023, 1, 1), date_to=date(2023, 12, 31)),
        Filters(search="border reform"),
        Filters(leaders=(leaders[1],), topics=(topics[2],)),
        Filters(counterparts=(counterparts[0],)),
        Filters(leaders=(leaders[5],), date_from=date(2022, 6, 1)),
        Filters(),
        Filters(leaders=(leaders[20],), stances=("praise",)),
    ]


def _ship(figure: dict[str, object]) -> int:
    """Serialise a figure as the dashboard sends it (``components.lite_chart``): a figure the partial bundle
    draws as ``components.figure_json`` writes it, any other (WebGL) validated and serialised the way
    st.plotly_chart does; returns the JSON size."""
    import plotly.io
    import plotly.tools

    from components import figure_json

    if figure_json.drawable(figure):
        return len(figure_json.dumps(figure))
    checked = plotly.tools.return_figure_from_figure_or_data(figure, validate_figure=True)
    return len(plotly.io.to_json(checked, validate=False))


def child(store_dir: Path, rounds: int, prefetch: bool = True, lean: bool = False) -> dict[str, object]:
    """Measure one store in this (fresh) process."""
    t0 = time.perf_counter()
    import numpy as np

    from components import charts
    from quoteline.query import aggregate as agg
    from quoteline.query.corpus import LAZY_COLUMNS
    from quoteline.query.encoded import release_pages
    from quoteline.query.filters import Filters, select
    from quoteline.query.load import load_corpus
    from quoteline.store import Store

    imports = time.perf_counter() - t0
    t0, cpu0 = time.perf_counter(), time.process_time()
    corpus = load_corpus(Store(store_dir), lean_from=0 if lean else None)
    loaded = time.perf_counter() - t0
    first = select(corpus, Filters())
    figure, mode = charts.timeline_figure(corpus, first.dated, "leader", "topic")
    _ship(figure)
    cold = time.perf_counter() - t0
    cold_cpu = time.process_time() - cpu0  # this process's CPU: what the cold load costs on an idle machine
    if prefetch:
        corpus.prefetch()  # as the pages do once their charts are drawn (components/data.warm)

    leaders = list(corpus.speaker_counts())
    changes = _changes(leaders, list(corpus.topics.labels), list(corpus.counterparts.labels))
    timeline_ms, topics_ms, page_ms, modes = [], [], [], set()
    timeline_cpu_ms, topics_cpu_ms = [], []
    search_ms: list[float] = []  # the search change: leader page wall, its CPU, topic page wall, its CPU
    for _ in range(rounds):
        for filters in changes:
            t, c = time.perf_counter(), time.process_time()
            release_pages(corpus)  # as every page run starts (components/page.begin)
            picked = select(corpus, filters)  # type: ignore[arg-type]
            fig, mode = charts.timeline_figure(corpus, picked.dated, "leader", "topic")
            _ship(fig)
            timeline_ms.append((time.perf_counter() - t) * 1000)
            timeline_cpu_ms.append((time.process_time() - c) * 1000)
            modes.add(mode)
            t, c = time.perf_counter(), time.process_time()
            release_pages(corpus)
            picked = select(corpus, filters)  # type: ignore[arg-type]
            fig, _ = charts.timeline_figure(corpus, picked.dated, "topic", "topic")
            _ship(fig)
            for dim in ("leader", "topic"):
                table = agg.heatmap(corpus, picked.dated, dim, "week")
                _ship(charts.heatmap_figure(table.head(40), dim))
            topics_ms.append((time.perf_counter() - t) * 1000)
            topics_cpu_ms.append((time.process_time() - c) * 1000)
            if filters.search and not search_ms:  # type: ignore[attr-defined]
                search_ms = [timeline_ms[-1], timeline_cpu_ms[-1], topics_ms[-1], topics_cpu_ms[-1]]
            t = time.perf_counter()
            corpus.take(np.concatenate([picked.dated, picked.undated])[:50], list(LAZY_COLUMNS))
            page_ms.append((time.perf_counter() - t) * 1000)

    def p95(values: list[float]) -> float:
        # Inclusive: the default ("exclusive") method reaches past the largest value on a dozen changes.
        return statistics.quantiles(values, n=20, method="inclusive")[-1] if len(values) > 1 else values[0]

    return {
        "rows": len(corpus),
        "imports_s": imports,
        "cold_s": cold,
        "cold_cpu_s": cold_cpu,
        "load_s": loaded,
        "timeline_median_ms": statistics.median(timeline_ms),
        "timeline_p95_ms": p95(timeline_ms),
        "topics_median_ms": statistics.median(topics_ms),
        "topics_p95_ms": p95(topics_ms),
        "timeline_cpu_median_ms": statistics.median(timeline_cpu_ms),
        "topics_cpu_median_ms": statistics.median(topics_cpu_ms),
        "timeline_cpu_p95_ms": p95(timeline_cpu_ms),
        "topics_cpu_p95_ms": p95(topics_cpu_ms),
        "total_cpu_s": time.process_time(),
        "page_median_ms": statistics.median(page_ms),
        "search_ms": search_ms,
        "modes": sorted(modes),
        "peak_rss_mb": status_mb("VmHWM"),
    }


def main() -> None:
    """Write each synthetic store, measure it in a fresh process, print one line per size."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--rounds", type=int, default=2, help="passes over the filter-change sequence")
    parser.add_argument(
        "--no-prefetch", action="store_true", help="read text and ids on first use, not in the background"
    )
    parser.add_argument(
        "--lean", action="store_true", help="no text in the process (lake_rows_min_statements)"
    )
    parser.add_argument("--store", type=Path, help="measure this existing store instead of synthetic ones")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.rounds, prefetch=not args.no_prefetch, lean=args.lean)))
        return
    print(
        f"{'statements':>10} {'cold s (store read, cpu)':>25} {'timeline ms (median/p95)':>25} "
        f"{'topics ms (median/p95)':>23} {'page ms':>7} {'peak RSS MB':>11}  chart mode"
    )

    def measure(store: Path) -> None:
        r = run_child(
            __file__,
            "--child",
            str(store),
            "--rounds",
            str(args.rounds),
            *(["--no-prefetch"] if args.no_prefetch else []),
            *(["--lean"] if args.lean else []),
        )
        print(
            f"{r['rows']:>10,} {r['cold_s']:>7.2f} ({r['load_s']:>5.2f} s, {r['cold_cpu_s']:>4.2f} s)    "
            f"{r['timeline_median_ms']:>12.0f} / {r['timeline_p95_ms']:<10.0f} "
            f"{r['topics_median_ms']:>11.0f} / {r['topics_p95_ms']:<9.0f} {r['page_median_ms']:>7.0f} "
            f"{r['peak_rss_mb']:>11.0f}  {','.join(r['modes'])}",
            flush=True,
        )
        print(
            f"{'':>10} CPU of a change, median / p95: timeline {r['timeline_cpu_median_ms']:.0f} / "
            f"{r['timeline_cpu_p95_ms']:.0f} ms, topics {r['topics_cpu_median_ms']:.0f} / "
            f"{r['topics_cpu_p95_ms']:.0f} ms; the whole child process {r['total_cpu_s']:.1f} CPU s",
            flush=True,
        )
        if r.get("search_ms"):
            lead, lead_cpu, topic, topic_cpu = r["search_ms"]
            print(
                f"{'':>10} the search change (first round): leader page {lead:.0f} ms "
                f"({lead_cpu:.0f} CPU ms), topic page {topic:.0f} ms ({topic_cpu:.0f} CPU ms)",
                flush=True,
            )

    if args.store:
        measure(args.store)
        return
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix="quoteline-bench-") as tmp:
            # The store is written by its own process, so this parent stays small while children run.
            subprocess.run(
                [
                    sys.executable,
                    str(ROOT / "benchmarks" / "synthetic.py"),
                    str(size),
                    str(Path(tmp) / "store"),
                ],
                capture_output=True,
                check=True,
            )
            measure(Path(tmp) / "store")
    print("targets at 1M: cold <= 3 s, filter change <= 300 ms median, peak RSS <= 2048 MB")


if __name__ == "__main__":
    main()
