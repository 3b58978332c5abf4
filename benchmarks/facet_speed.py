"""Facet speed: the sidebar's facet counts and the counts caption, from the facet tables through DuckDB
(``quoteline.query.lake_facets``) against the in-memory corpus (``quoteline.query.facets``).

For a store (a synthetic one of ``--size`` statements, written to ``--cache`` once and reused, or any store
given with ``--store``), each path is measured in a fresh process:

- corpus: load the corpus (the dashboard's cold load), then per filter change ``facet_counts`` plus the
  caption's ``select(...).total``;
- lake: open the lake and read the speakers' facts, then per filter change ``LakeFacets.answer``;

reporting the set-up time, the filter change's median and p95 (wall, and CPU of the process), which
changes had to read statements, and the process's peak RSS; for the lake, the statements' Parquet row groups
each change read, of those its files list, and the rows its scans kept (DuckDB's profile, in one more untimed
pass: ``benchmarks/rows_read.py``). The filter changes are those of
``benchmarks/dashboard_speed.py``. Also printed: the rows of the facet tables against the statements.

Run: ``.venv/bin/python benchmarks/facet_speed.py --size 1000000 --cache /tmp/facet_cache``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
from benchmarks.child import run_child, status_mb  # noqa: E402  (after the path is set)


def _summary(wall: list[float], cpu: list[float]) -> dict[str, float]:
    def p95(values: list[float]) -> float:
        # Inclusive: the default ("exclusive") method reaches past the largest value on a dozen changes.
        return statistics.quantiles(values, n=20, method="inclusive")[-1] if len(values) > 1 else values[0]

    return {
        "median_ms": statistics.median(wall) * 1000,
        "p95_ms": p95(wall) * 1000,
        "cpu_median_ms": statistics.median(cpu) * 1000,
    }


def _labels(store_dir: Path) -> tuple[list[str], list[str], list[str]]:
    """The busiest leaders, topics and counterparts, read from the facet tables (cheap either way)."""
    from quoteline.query.lake import open_lake
    from quoteline.store import Store

    with open_lake(Store(store_dir)) as lake:

        def top(sql: str) -> list[str]:
            return [str(r["v"]) for r in lake.table(sql).to_pylist()]

        leaders = top("SELECT speaker AS v FROM facets GROUP BY ALL ORDER BY sum(n) DESC, v LIMIT 30")
        topics = top("SELECT tag AS v FROM facet_tags WHERE field = 'topic' GROUP BY ALL ORDER BY v")
        parts = top("SELECT tag AS v FROM facet_tags WHERE field = 'counterpart' GROUP BY ALL ORDER BY v")
    return leaders, topics, parts


def child(store_dir: Path, path: str, rounds: int) -> dict[str, object]:
    """Measure one path on one store in this (fresh) process."""
    from benchmarks.dashboard_speed import _changes
    from quoteline.query.filters import Filters
    from quoteline.store import Store

    changes = _changes(*_labels(store_dir))
    t0, c0 = time.perf_counter(), time.process_time()
    if path == "corpus":
        from quoteline.query.facets import facet_counts
        from quoteline.query.filters import select
        from quoteline.query.load import load_corpus
        from quoteline.query.speakers import speaker_facts

        corpus = load_corpus(Store(store_dir))
        speaker_facts(corpus)

        def corpus_answer(filters: Filters) -> tuple[str, ...]:
            facet_counts(corpus, filters)
            select(corpus, filters)  # the caption's count: .total of the selection
            return ()

        answer = corpus_answer

    else:
        from quoteline.query.lake import open_lake
        from quoteline.query.lake_facets import LakeFacets

        lake = open_lake(Store(store_dir))
        source = LakeFacets(lake)

        def lake_answer(filters: Filters) -> tuple[str, ...]:
            return source.answer(filters).scanned

        answer = lake_answer

    setup, setup_cpu = time.perf_counter() - t0, time.process_time() - c0
    wall: list[float] = []
    cpu: list[float] = []
    scanned: set[int] = set()
    per_change: list[list[float]] = [[] for _ in changes]
    per_change_cpu: list[list[float]] = [[] for _ in changes]
    for _ in range(rounds):
        for i, filters in enumerate(changes):
            t, c = time.perf_counter(), time.process_time()
            if answer(filters):  # type: ignore[arg-type]
                scanned.add(i)
            wall.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
            per_change[i].append(wall[-1] * 1000)
            per_change_cpu[i].append(cpu[-1] * 1000)
    rows_read: list[str] = []
    if path == "lake":
        # One more pass, untimed, with DuckDB's profile on: the Parquet rows each change read.
        from benchmarks.rows_read import CountingConnection

        counting = CountingConnection(lake.con)
        lake.con = counting  # type: ignore[assignment]
        for filters in changes:
            read = counting.read
            before = (read.row_groups, read.row_groups_listed, read.rows)
            answer(filters)  # type: ignore[arg-type]
            groups, listed, rows = (
                read.row_groups - before[0],
                read.row_groups_listed - before[1],
                read.rows - before[2],
            )
            rows_read.append(f"{groups}/{listed} ({rows})" if listed else "-")
        lake.con = counting.stop()
    return {
        "setup_s": setup,
        "rows_read": rows_read,
        "setup_cpu_s": setup_cpu,
        **_summary(wall, cpu),
        "scanned": sorted(scanned),
        "per_change_ms": [round(statistics.median(v)) for v in per_change],
        "per_change_cpu_ms": [round(statistics.median(v)) for v in per_change_cpu],
        "peak_rss_mb": status_mb("VmHWM"),
    }


def _table_rows(store_dir: Path) -> dict[str, int]:
    from quoteline.query.lake import open_lake
    from quoteline.store import Store

    with open_lake(Store(store_dir)) as lake:
        return {
            name: int(lake.table(f"SELECT count(*) AS n FROM {name}").to_pylist()[0]["n"])
            for name in ("statements", "counts", "facets", "facet_tags", "facet_pairs", "facet_speaker_pairs")
        }


def main() -> None:
    """Write (or reuse) the store, then measure each path in a fresh process."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, default=1_000_000, help="synthetic statements")
    parser.add_argument("--cache", type=Path, help="folder keeping the synthetic stores between runs")
    parser.add_argument("--store", type=Path, help="measure this store instead of a synthetic one")
    parser.add_argument("--rounds", type=int, default=2, help="passes over the filter changes")
    parser.add_argument("--paths", nargs="+", default=["lake", "corpus"], choices=("lake", "corpus"))
    parser.add_argument("--child", nargs=2, metavar=("STORE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(Path(args.child[0]), args.child[1], args.rounds)))
        return
    store = args.store
    if store is None:
        if args.cache is None:
            parser.error("give --cache (a folder for the synthetic store) or --store")
        store = args.cache / f"synthetic-{args.size}"
        if not (store / "commit.json").is_file():
            subprocess.run(
                [sys.executable, str(ROOT / "benchmarks" / "synthetic.py"), str(args.size), str(store)],
                check=True,
                capture_output=True,
            )
    print("rows:", json.dumps(_table_rows(store)))
    header = f"{'path':>6} {'set-up s (cpu)':>16} {'change ms median / p95 (cpu median)':>38} {'RSS MB':>7}"
    print(f"{header}  changes that read statements")
    for path in args.paths:
        r = run_child(__file__, "--child", str(store), path, "--rounds", str(args.rounds))
        print(
            f"{path:>6} {r['setup_s']:>7.2f} ({r['setup_cpu_s']:>5.2f})   "
            f"{r['median_ms']:>12.0f} / {r['p95_ms']:<7.0f} ({r['cpu_median_ms']:>6.0f})        "
            f"{r['peak_rss_mb']:>7.0f}  changes {r['scanned']}",
            flush=True,
        )
        print(f"{'':>6} per change, median ms (dashboard_speed._changes order): {r['per_change_ms']}")
        print(f"{'':>6} per change, median CPU ms: {r['per_change_cpu_ms']}")
        if r["rows_read"]:
            print(
                f"{'':>6} per change, statement row groups read / listed (rows the scan kept), DuckDB's "
                f"profile: {', '.join(r['rows_read'])}"
            )


if __name__ == "__main__":
    main()
