"""What the corrections log costs a reader: the dashboard's reads with and without a log, and one correction.

Builds a synthetic store (fictional, pre-clustered) of N statements in a temporary folder, times the
dashboard's eager-column read and a text read raw and corrected, makes 20 speaker corrections and one speaker
merge, and times the reads again. Prints the best of three for each read.

    .venv/bin/python benchmarks/corrections_speed.py [--statements 200000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quoteline.corrections import edit  # noqa: E402
from quoteline.query.corpus import EAGER_COLUMNS  # noqa: E402
from quoteline.schema import S  # noqa: E402
from quoteline.store import Store  # noqa: E402
from quoteline.store.synthetic import LEADERS, fake_batch  # noqa: E402

PER_ARTICLE = 4
CORRECTIONS = 20


def best_ms(action: Callable[[], object], runs: int = 3) -> float:
    """The fastest of ``runs`` calls, in milliseconds."""
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        action()
        times.append(time.perf_counter() - began)
    return min(times) * 1000


def reads(store: Store, label: str) -> None:
    """Print the read times of ``store`` as it is now (a fresh Store each time: no cached overlay)."""
    eager = list(EAGER_COLUMNS)
    raw_eager = best_ms(lambda: store.read_arrow("statements", eager, raw=True))
    eager_ms = best_ms(lambda: Store(store.root).read_arrow("statements", eager))
    raw_text = best_ms(lambda: store.read_arrow("statements", [S.text], raw=True))
    text_ms = best_ms(lambda: Store(store.root).read_arrow("statements", [S.text]))
    print(
        f"{label}: eager columns raw {raw_eager:.0f} ms, corrected {eager_ms:.0f} ms; "
        f"text raw {raw_text:.0f} ms, corrected {text_ms:.0f} ms"
    )


def main() -> None:
    """Run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=200_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "store")
        articles = max(1, args.statements // PER_ARTICLE)
        for seed, first in enumerate(range(0, articles, 10_000)):
            store.add(*fake_batch(min(10_000, articles - first), PER_ARTICLE, seed=seed, clustered=True))
        reads(store, "no corrections")
        ids = store.statements([S.statement_id], raw=True)[S.statement_id].tolist()
        began = time.perf_counter()
        for i in range(CORRECTIONS):
            edit.correct_statement(
                store, ids[i * 997 % len(ids)], {"speaker": f"Someone {i}"}, by="benchmark"
            )
        each = (time.perf_counter() - began) * 1000 / CORRECTIONS
        edit.merge_speakers(store, LEADERS[0], "Merged Leader", by="benchmark")
        print(f"one speaker correction (validated, locked, committed): {each:.0f} ms")
        reads(store, f"{CORRECTIONS} corrections and a merge")


if __name__ == "__main__":
    main()
