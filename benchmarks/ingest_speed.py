"""Ingest speed: N articles (default 10,000) into a temporary store with 1 and 2 workers.

Articles are made by varying the bundled sample's text articles (a numbered edition line makes each one
unique), written as .txt files, then ingested through the real pipeline and store. Each run happens in its
own process so its peak RSS (parent and worker processes) is its own. Prints articles/s, peak RSS of the
parent (which alone writes the store) and of the largest worker, and how the rate scales with workers.
A 1,000-article run takes about a minute; the default 10,000 is the figure to report.

    .venv/bin/python benchmarks/ingest_speed.py [--articles 10000] [--workers 1 2]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FALLBACK = """Kellin keeps Ostrel harbour open

OSTREL, April 4 (Northgate Wire) - Premier Tomas Kellin of the fictional state of Ostrelia said on Tuesday
that the harbour would stay open.

“The harbour will stay open to every ship that respects our law,” Kellin told reporters in Ostrel.
"""


def _templates() -> list[str]:
    from quoteline.ingest.readers import read_path

    texts = []
    for path in sorted((ROOT / "data" / "sample").glob("*.txt")):
        try:
            for art in read_path(path):
                texts.append(
                    f"published: {art.published or ''}\nsource: {art.outlet or ''}\n\n{art.text}\n"
                    if art.published
                    else f"{art.text}\n"
                )
        except ValueError:
            continue
    return texts or [FALLBACK]


def make_corpus(folder: Path, n: int) -> None:
    """Write ``n`` distinct articles as .txt files, 500 per sub-folder."""
    templates = _templates()
    for i in range(n):
        sub = folder / f"part{i // 500:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        text = templates[i % len(templates)].rstrip("\n")
        (sub / f"a{i:05d}.txt").write_text(f"{text}\n\nBenchmark edition {i}.\n", encoding="utf-8")


def run_once(corpus: Path, workers: int) -> dict[str, float]:
    """One ingest into a fresh store (in this process); returns counts, time and peak RSS."""
    from quoteline.ingest.pipeline import ingest_paths
    from quoteline.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        report = ingest_paths([corpus], Store(Path(tmp) / "store"), workers=workers)
        seconds = time.perf_counter() - start
    own_usage = resource.getrusage(resource.RUSAGE_SELF)
    children_usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    own = own_usage.ru_maxrss / 1024  # KiB on Linux
    children = children_usage.ru_maxrss / 1024  # the largest single child, not their sum
    return {
        "articles": report.articles_new,
        "failed": report.articles_failed,
        "seconds": seconds,
        "statements": report.statements_added,
        "rss_parent_mb": own,
        "rss_worker_mb": children,
        "cpu_parent_s": own_usage.ru_utime + own_usage.ru_stime,
        "cpu_workers_s": children_usage.ru_utime + children_usage.ru_stime,
    }


def main() -> None:
    """Build the corpus, then time each worker count in a fresh process."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--run", type=Path, help=argparse.SUPPRESS)  # internal: one measured run
    args = parser.parse_args()
    if args.run:
        print(json.dumps(run_once(args.run, args.workers[0])))
        return
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        make_corpus(corpus, args.articles)
        print(f"corpus: {args.articles} articles from {len(_templates())} sample templates")
        rates: dict[int, float] = {}
        for workers in args.workers:
            out = subprocess.run(
                [sys.executable, __file__, "--run", str(corpus), "--workers", str(workers)],
                capture_output=True,
                text=True,
                check=True,
            )
            r = json.loads(out.stdout.strip().splitlines()[-1])
            rates[workers] = r["articles"] / r["seconds"]
            worker_rss = f"{r['rss_worker_mb']:.0f} MB" if workers > 1 else "n/a (no worker processes)"
            print(
                f"workers={workers}: {r['articles']:.0f} articles ({r['failed']:.0f} failed), "
                f"{r['statements']:.0f} statements in {r['seconds']:.1f} s = "
                f"{r['articles'] / r['seconds']:.1f} articles/s; "
                f"peak RSS parent {r['rss_parent_mb']:.0f} MB, "
                f"largest worker {worker_rss}; CPU parent {r['cpu_parent_s']:.1f} s, "
                f"workers {r['cpu_workers_s']:.1f} s",
                flush=True,
            )
        if len(rates) > 1:
            base = min(rates)
            for workers in sorted(rates)[1:]:
                print(f"scaling: {workers} workers = {rates[workers] / rates[base]:.2f}x {base} worker(s)")


if __name__ == "__main__":
    main()
