"""What the in-memory corpus' text and other wide string columns cost: load time and resident memory.

For one store, each measurement runs in a fresh process: the corpus as the dashboard builds it (the filter
columns only, ``load_corpus``), then the same plus one lazy column (text, statement id, article id, cue,
...), then plus every lazy column (what ``Corpus.prefetch`` reads in the background on every page). It prints
wall and CPU seconds and the process's peak RSS for each, and the share of the full corpus' time and memory
that the lazy columns take.

``--steps``: where the filter columns' load peaks instead, in one process: RSS and peak RSS after the store
read and after each encoding step of ``Corpus.from_frame`` (categoricals, dates, clusters, exploded tags).

Run: ``.venv/bin/python benchmarks/corpus_columns.py STORE [--steps]`` (a store written by
``benchmarks/synthetic.py``).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.child import run_child, status_mb  # noqa: E402  (after the path is set)


def child(store_dir: Path, columns: list[str]) -> dict[str, object]:
    """Load the corpus, then read ``columns`` together (as ``Corpus.prefetch`` does), in this process."""
    from quoteline.query.load import load_corpus
    from quoteline.store import Store

    base_rss = status_mb("VmRSS")
    t0, cpu0 = time.perf_counter(), time.process_time()
    corpus = load_corpus(Store(store_dir))
    eager_s, eager_cpu = time.perf_counter() - t0, time.process_time() - cpu0
    eager_rss = status_mb("VmRSS")
    t1, cpu1 = time.perf_counter(), time.process_time()
    if columns:
        corpus._read_together(columns)
    return {
        "rows": len(corpus),
        "eager_s": eager_s,
        "eager_cpu_s": eager_cpu,
        "lazy_s": time.perf_counter() - t1,
        "lazy_cpu_s": time.process_time() - cpu1,
        "base_rss_mb": base_rss,
        "eager_rss_mb": eager_rss,
        "rss_mb": status_mb("VmRSS"),
        "peak_rss_mb": status_mb("VmHWM"),
    }


def steps(store_dir: Path) -> None:
    """Print RSS / peak RSS after the read and after each encoding step of the corpus' build."""
    from collections.abc import Callable
    from typing import Any

    from quoteline.query import corpus as built
    from quoteline.query import load
    from quoteline.store import Store

    def probe(what: str, cpu: float) -> None:
        rss, peak = status_mb("VmRSS"), status_mb("VmHWM")
        print(f"{what:>28} RSS {rss:>6.0f} MB  peak {peak:>6.0f} MB  CPU {cpu:5.2f} s")

    def watched(name: str, step: Callable[..., Any]) -> Callable[..., Any]:
        def run(*args: Any, **kwargs: Any) -> Any:
            cpu = time.process_time()
            out = step(*args, **kwargs)
            probe(name, time.process_time() - cpu)
            return out

        return run

    for name in ("_category", "_date_columns", "_cluster_columns", "_explode"):
        setattr(built, name, watched(name, getattr(built, name)))
    probe("interpreter and imports", 0.0)
    load.use_quick_allocator()
    cpu = time.process_time()
    table, _ = Store(store_dir).read_arrow(
        "statements", list(built.EAGER_COLUMNS), encoded=load.ENCODED_COLUMNS
    )
    probe(f"store read ({table.nbytes / 2**20:.0f} MB Arrow)", time.process_time() - cpu)
    columns, n_rows = dict(zip(table.column_names, table.columns, strict=True)), table.num_rows
    del table  # as load_corpus does: the builder drops each column once encoded
    corpus = built.Corpus.from_columns(columns, n_rows, "probe")
    probe("corpus built", 0.0)
    held = corpus.frame.memory_usage(deep=False).sum() + sum(
        t.rows.nbytes + t.codes.nbytes for t in (corpus.topics, corpus.counterparts)
    )
    print(f"the corpus holds {held / 2**20:.0f} MB (frame and exploded tags)")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("store", type=Path)
    parser.add_argument("--steps", action="store_true", help="where the filter columns' load peaks")
    parser.add_argument("--child", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.steps:
        steps(args.store)
        return
    if args.child is not None:
        print(json.dumps(child(args.store, list(args.child))))
        return
    from quoteline.query.corpus import LAZY_COLUMNS

    runs = [[], *([c] for c in LAZY_COLUMNS), list(LAZY_COLUMNS)]
    print(
        f"{'columns read':>22} {'eager load s (cpu)':>19} {'then lazy s (cpu)':>18} {'RSS MB':>7} {'peak':>6}"
    )
    results = {}
    for columns in runs:
        r = run_child(__file__, str(args.store), "--child", *columns)
        name = (
            "filter columns only"
            if not columns
            else ("+ all lazy" if len(columns) > 1 else "+ " + columns[0])
        )
        results[name] = r
        print(
            f"{name:>22} {r['eager_s']:>9.2f} ({r['eager_cpu_s']:>5.2f}) "
            f"{r['lazy_s']:>9.2f} ({r['lazy_cpu_s']:>5.2f}) {r['rss_mb']:>7.0f} {r['peak_rss_mb']:>6.0f}",
            flush=True,
        )
    only, full = results["filter columns only"], results["+ all lazy"]
    total_s = full["eager_s"] + full["lazy_s"]
    base = only["base_rss_mb"]
    print(
        f"rows {only['rows']:,}: the lazy columns are {full['lazy_s'] / total_s:.0%} of the full corpus' "
        f"load time and {(full['peak_rss_mb'] - only['peak_rss_mb']) / (full['peak_rss_mb'] - base):.0%} "
        "of its peak RSS "
        f"above the interpreter's {base:.0f} MB"
    )


if __name__ == "__main__":
    main()
