"""Ingest speed: the real articles of ../shared/corpus/real, repeated to N (default 50,000) with changed ids,
through ``--engine local`` and ``--engine dask`` at 1 and 2 workers, each into a fresh store.

Copy k of an article gets a closing line "(Benchmark copy k.)", which changes its id (ids are derived from the
content) and so its statements' ids; the copies are written as JSON Lines files of ``--per-file`` records.
Each run happens in its own process, so its peak RSS and CPU are its own. For every run it prints articles/s
overall, the start-up (to the first articles done: loading the extractor, for dask starting the cluster,
for the local engine the whole first file too), articles/s in each tenth of the rest of the run (the dask
engine's single commit and the cluster's shutdown come after the last tenth and are printed apart),
the ratio of the last tenth to the first (throughput must not fall as the store grows), peak RSS, CPU
seconds and articles per CPU second (the figure to trust on a busy machine, where wall-clock rates measure
the other load as much as the ingest), and at the end the scaling from 1 to 2 workers of each engine.

    .venv/bin/python benchmarks/ingest_speed.py [--articles 50000] [--engines local dask] [--workers 1 2]

On a shared 2-core machine, 5,000 articles take about four minutes a run.
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
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
REAL = ROOT.parent / "shared" / "corpus" / "real"


def _records(corpus: Path) -> list[dict[str, Any]]:
    records = []
    for path in sorted(corpus.glob("*.jsonl")):
        with path.open(encoding="utf-8") as handle:
            records += [json.loads(line) for line in handle if line.strip()]
    if not records:
        raise SystemExit(f"{corpus}: no .jsonl records to build the benchmark corpus from")
    return records


def make_corpus(source: Path, folder: Path, n: int, per_file: int) -> int:
    """Write ``n`` articles (the source records repeated, copies re-identified) as JSONL files."""
    records = _records(source)
    folder.mkdir(parents=True, exist_ok=True)
    for start in range(0, n, per_file):
        lines = []
        for i in range(start, min(start + per_file, n)):
            record = dict(records[i % len(records)])
            copy = i // len(records)
            if copy:
                record["text"] = f"{record['text']}\n\n(Benchmark copy {copy}.)"
            lines.append(json.dumps(record, ensure_ascii=False))
        (folder / f"part{start // per_file:05d}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(records)


def run_once(corpus: Path, engine: str, workers: int) -> dict[str, Any]:
    """One ingest into a fresh store (in this process); counts, time, progress marks and peak RSS."""
    from quoteline.ingest.pipeline import ingest_paths
    from quoteline.store import Store

    per_file = {
        str(path): sum(1 for line in path.open(encoding="utf-8") if line.strip())
        for path in corpus.glob("*.jsonl")
    }
    marks: list[tuple[float, int]] = []
    articles_done = 0

    def local_progress(done: int, total: int, where: str) -> None:
        nonlocal articles_done
        articles_done += per_file.get(where, 0)  # the local engine counts files: turn them into articles
        marks.append((time.perf_counter() - start, articles_done))

    def dask_progress(done: int, total: int, where: str) -> None:
        marks.append((time.perf_counter() - start, done))

    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "store")
        start = time.perf_counter()
        if engine == "dask":
            from quoteline.ingest.dask_engine import ingest_paths_dask

            report = ingest_paths_dask([corpus], store, workers=workers, progress=dask_progress)
        else:
            report = ingest_paths([corpus], store, workers=workers, progress=local_progress)
        seconds = time.perf_counter() - start
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "articles": report.articles_new,
        "failed": report.articles_failed,
        "statements": report.statements_added,
        "seconds": seconds,
        "marks": marks,
        "rss_parent_mb": own.ru_maxrss / 1024,  # KiB on Linux
        "rss_worker_mb": children.ru_maxrss / 1024,  # the largest single child
        "cpu_parent_s": own.ru_utime + own.ru_stime,
        "cpu_workers_s": children.ru_utime + children.ru_stime,
    }


def tenths(marks: list[tuple[float, int]], total: int) -> tuple[float, list[float]]:
    """Start-up seconds (to the first progress mark) and articles/s in each tenth of the rest of the run.

    Times between progress marks are interpolated linearly, since a mark may cover several tenths.
    """
    if not marks:
        return 0.0, []
    t0, n0 = marks[0]

    def when(goal: float) -> float | None:
        prev_t, prev_n = t0, n0
        for t, n in marks:
            if n >= goal:
                return t if n == prev_n else prev_t + (t - prev_t) * (goal - prev_n) / (n - prev_n)
            prev_t, prev_n = t, n
        return None

    rates, last = [], t0
    for k in range(1, 11):
        goal = n0 + (total - n0) * k / 10
        t = when(goal)
        if t is None or t <= last:
            break
        rates.append((total - n0) / 10 / (t - last))
        last = t
    return t0, rates


def main() -> None:
    """Build the corpus, then time each engine and worker count in a fresh process."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=50_000)
    parser.add_argument("--engines", nargs="+", choices=("local", "dask"), default=["local", "dask"])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--corpus", type=Path, default=REAL, help="folder of .jsonl articles to repeat")
    parser.add_argument("--per-file", type=int, default=250, help="articles per generated JSONL file")
    parser.add_argument("--run", type=Path, help=argparse.SUPPRESS)  # internal: one measured run
    parser.add_argument("--engine", default="local", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        print(json.dumps(run_once(args.run, args.engine, args.workers[0])))
        return
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        distinct = make_corpus(args.corpus, corpus, args.articles, args.per_file)
        print(
            f"corpus: {args.articles} articles ({distinct} real ones from {args.corpus}, repeated), "
            f"{args.per_file} per JSONL file",
            flush=True,
        )
        rates: dict[tuple[str, int], float] = {}
        for engine in args.engines:
            for workers in args.workers:
                out = subprocess.run(
                    [
                        sys.executable,
                        __file__,
                        "--run",
                        str(corpus),
                        "--engine",
                        engine,
                        "--workers",
                        str(workers),
                    ],
                    capture_output=True,
                    text=True,
                    check=True,
                )
                r = json.loads(out.stdout.strip().splitlines()[-1])
                rates[(engine, workers)] = r["articles"] / r["seconds"]
                startup, per_tenth = tenths([tuple(m) for m in r["marks"]], args.articles)
                after_last = r["seconds"] - r["marks"][-1][0] if r["marks"] else 0.0
                print(
                    f"engine={engine} workers={workers}: {r['articles']} articles ({r['failed']} failed), "
                    f"{r['statements']} statements in {r['seconds']:.1f} s = "
                    f"{rates[(engine, workers)]:.1f} articles/s; "
                    f"peak RSS driver {r['rss_parent_mb']:.0f} MB, "
                    f"largest worker {r['rss_worker_mb']:.0f} MB; CPU driver {r['cpu_parent_s']:.1f} s, "
                    f"workers {r['cpu_workers_s']:.1f} s",
                    flush=True,
                )
                cpu = r["cpu_parent_s"] + r["cpu_workers_s"]
                print(
                    f"  CPU: {r['articles'] / cpu:.1f} articles per CPU second (driver and workers); "
                    f"the run had {cpu / r['seconds']:.2f} CPUs on average",
                    flush=True,
                )
                print(
                    f"  start-up to the first articles done: {startup:.1f} s; then articles/s per tenth: "
                    + " ".join(f"{x:.1f}" for x in per_tenth),
                    flush=True,
                )
                if len(per_tenth) == 10:
                    print(f"  last tenth / first tenth: {per_tenth[-1] / per_tenth[0]:.2f}", flush=True)
                if engine == "dask":
                    print(f"  after the last tenth (the single commit): {after_last:.1f} s", flush=True)
        for engine in args.engines:
            base = rates.get((engine, min(args.workers)))
            for workers in sorted(args.workers)[1:]:
                if base and (engine, workers) in rates:
                    scale = rates[(engine, workers)] / base
                    print(f"scaling {engine}: {workers} workers = {scale:.2f}x {min(args.workers)} worker(s)")


if __name__ == "__main__":
    main()
