"""One ingest commit on a large store: wall, CPU and peak RSS of ``Store.add``, and where they go.

Commits ``fake_batch(ARTICLES, 4, seed=SEED)`` (clustered up front with ``--clustered``, as the session 19
measurement did; otherwise the store clusters the batch) to STORE through a new ``Store`` (a first commit
of a process, as a command makes it), then prints the commit's wall and CPU seconds and the process' peak
RSS before and after it. ``--profile N`` prints cProfile's N costliest calls (cumulative) of the commit.
``--store-speakers N`` gives the batch N of the synthetic store's own leaders (their blocks hold about
167,000 statements each at 10M) instead of ``fake_batch``'s, whom the synthetic store does not hold.
``--refresh`` then brings the encoded corpus up to date as a command does at its end (``refresh_encoded``),
timed the same way.

The commit writes: run it on a ``cp -al`` copy of the store, fresh each time
(``cp -al /tmp/final19/store_10m /tmp/NAME/store_10m``). Example:

    nice -n 5 .venv/bin/python benchmarks/commit_cost.py /tmp/NAME/store_10m --clustered --profile 25
"""

from __future__ import annotations

import argparse
import cProfile
import logging
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def _peak_mb() -> float:
    """The process' peak RSS so far, MB (``VmHWM``)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    """Commit one synthetic batch to STORE and report its cost."""
    from quoteline.schema import S
    from quoteline.store import Store
    from quoteline.store.synthetic import fake_batch

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("store", type=Path, help="a store folder (a cp -al copy: the commit writes)")
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--seed", type=int, default=77)
    parser.add_argument("--clustered", action="store_true", help="the batch carries its own cluster ids")
    parser.add_argument(
        "--store-speakers",
        type=int,
        default=0,
        metavar="N",
        help="the batch's speakers: N of the synthetic store's leaders (dense blocks), not fake_batch's",
    )
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="print the N costliest calls")
    parser.add_argument("--refresh", action="store_true", help="then update the encoded corpus, timed")
    args = parser.parse_args()
    if not (args.store / "commit.json").is_file():
        parser.error(f"{args.store}: not a store (no commit.json)")
    articles, statements = fake_batch(args.articles, 4, seed=args.seed, clustered=args.clustered)
    if args.store_speakers:
        from benchmarks.synthetic import STATES

        leaders = [f"Leader {i:02d} of {STATES[i % len(STATES)]}" for i in range(args.store_speakers)]
        statements[S.speaker] = [leaders[i % len(leaders)] for i in range(len(statements))]
    before = _peak_mb()
    profiler = cProfile.Profile() if args.profile else None
    wall, cpu = time.perf_counter(), time.process_time()
    if profiler is not None:
        profiler.enable()
    result = Store(args.store).add(articles, statements)
    if profiler is not None:
        profiler.disable()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(
        f"commit of {result.articles_added} articles ({result.statements_added} statements) -> "
        f"{result.version}: {wall:.2f} s wall, {cpu:.2f} CPU s; peak RSS {before:,.0f} MB before, "
        f"{_peak_mb():,.0f} MB after",
        flush=True,
    )
    if profiler is not None:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.profile)
    if args.refresh:
        from quoteline.query.load import refresh_encoded

        # Whether the folder was updated or rebuilt, and why: the update's own log line.
        logging.basicConfig(level=logging.WARNING, format="%(name)s: %(message)s")
        logging.getLogger("quoteline.query.encoded_update").setLevel(logging.INFO)

        wall, cpu = time.perf_counter(), time.process_time()
        refresh_encoded(Store(args.store))
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        peak = _peak_mb()
        print(f"encoded refresh: {wall:.2f} s wall, {cpu:.2f} CPU s; peak RSS {peak:,.0f} MB", flush=True)


if __name__ == "__main__":
    main()
