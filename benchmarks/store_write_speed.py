"""Write-path cost: seconds per commit of a 200-article batch into stores of growing size.

For each size it builds a synthetic store (``fake_batch``, clustered up front, in one commit), then times
commits of fresh 200-article batches through ``Store.add`` with clustering, as an ingest makes them: the first
on a new ``Store`` (it reads what it needs of the store once), the rest on the same ``Store``, and one after
another writer's commit. The issue's target: the cost of a commit follows the batch, not the store.

    .venv/bin/python benchmarks/store_write_speed.py [--sizes 10000 100000] [--commits 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _timed(store: object, seed: int) -> float:
    from quoteline.store.synthetic import fake_batch

    articles, statements = fake_batch(200, 4, seed=seed)
    start = time.perf_counter()
    store.add(articles, statements)  # type: ignore[attr-defined]
    return time.perf_counter() - start


def main() -> None:
    """Build each store size and time its commits."""
    from quoteline.store import Store
    from quoteline.store.synthetic import fake_batch

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--commits", type=int, default=5)
    args = parser.parse_args()
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "store"
            Store(root).add(*fake_batch(size, 4, seed=1, clustered=True))
            store = Store(root)
            first = _timed(store, 1_000)
            warm = [_timed(store, 1_001 + i) for i in range(args.commits)]
            Store(root).add(*fake_batch(200, 4, seed=5_000))  # another writer commits
            after_other = _timed(store, 6_000)
            print(
                f"store of {size:,} articles ({size * 4:,} statements): first commit {first:.2f} s, "
                f"then median {statistics.median(warm):.3f} s per commit, "
                f"after another writer's commit {after_other:.3f} s",
                flush=True,
            )


if __name__ == "__main__":
    main()
