"""Commit cost as a store grows commit by commit: N consecutive ``Store.add`` commits of synthetic batches
(as an ingest makes them, clustered by the store, compactions included), the mean seconds per commit in each
tenth, and the time each step of the write path took in chosen commits (cProfile, cumulative seconds).

An ingest's commits grow the Delta logs as well as the data; ``store_write_speed.py`` times commits into a
store built in one commit, which has a short log, so it cannot see a cost that grows with the versions.

    .venv/bin/python benchmarks/commit_growth.py STORE_DIR [--commits 100] [--articles 250] [--profile 5 90]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The write path's steps, as (label, function in quoteline/store): cumulative seconds in a profiled commit.
STEPS = (
    ("Delta table opens (log replay)", "delta.py", "open_table"),
    ("Delta writes", "delta.py", "write"),
    ("data file lists", "delta.py", "data_files"),
    ("roll-back and schema checks", "store.py", "_begin_write"),
    ("duplicate check (stored ids)", "store.py", "_ids_of"),
    ("cluster index (read)", "store.py", "_cluster_index"),
    ("clustering (assign)", "clusters.py", "assign_frame"),
    ("summary counts", "store.py", "_summary_changes"),
    ("compaction check", "store.py", "_compact_if_due"),
)


def _steps(profile: cProfile.Profile) -> dict[str, float]:
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    out = dict.fromkeys((label for label, _, _ in STEPS), 0.0)
    for (path, _line, name), (_cc, _nc, _tt, cumulative, _callers) in stats.items():
        for label, module, function in STEPS:
            if path.endswith(f"quoteline/store/{module}") and name == function:
                out[label] += cumulative
    return out


def main() -> None:
    """Commit N synthetic batches into STORE_DIR and print the cost per tenth and the profiled commits."""
    from quoteline.store import Store, delta
    from quoteline.store.synthetic import fake_batch

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("store", type=Path, help="a new store folder")
    parser.add_argument("--commits", type=int, default=100)
    parser.add_argument("--articles", type=int, default=250, help="articles per commit (5 statements each)")
    parser.add_argument("--profile", type=int, nargs="*", default=[5, 90], help="commits to profile")
    args = parser.parse_args()
    if args.store.exists():
        parser.error(f"{args.store} exists: give a new folder")
    store = Store(args.store)
    opens = [0]
    real_open = delta.open_table

    def counted(*a: object, **k: object) -> object:
        opens[0] += 1
        return real_open(*a, **k)  # type: ignore[arg-type]

    delta.open_table = counted  # type: ignore[assignment]
    seconds: list[float] = []
    for i in range(args.commits):
        articles, statements = fake_batch(args.articles, 5, seed=10_000 + i)
        opens[0] = 0
        profile = cProfile.Profile() if i in args.profile else None
        start = time.perf_counter()
        if profile:
            profile.enable()
        store.add(articles, statements)
        if profile:
            profile.disable()
        seconds.append(time.perf_counter() - start)
        if profile:
            print(f"commit {i}: {seconds[-1]:.2f} s, {opens[0]} Delta table opens", flush=True)
            for label, spent in _steps(profile).items():
                print(f"  {label}: {spent:.3f} s", flush=True)
    n = len(seconds)
    # A compaction (every ``compact_threshold`` commits that touch a partition) is printed apart.
    compactions = [s for s in seconds if s > 5 * sorted(seconds)[n // 2]]
    tenths = [
        [s for s in seconds[n * k // 10 : n * (k + 1) // 10] if s not in compactions] for k in range(10)
    ]
    print(f"{n} commits of {args.articles} articles, {sum(seconds):.1f} s in all")
    print("compactions (s):", " ".join(f"{s:.1f}" for s in compactions))
    print(
        "mean s per commit per tenth, compactions apart:",
        " ".join(f"{sum(t) / len(t):.2f}" for t in tenths if t),
    )


if __name__ == "__main__":
    main()
