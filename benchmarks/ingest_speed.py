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
        [--corpus-dir DIR] [--results FILE.jsonl]

For the local engine it also prints the store's commit time per article stored, per tenth of the commits: the
write path's own cost as the store grows, apart from the extraction. The records are shuffled (fixed seed)
so that every tenth holds the same mix of outlets. To run it in parts (one engine or worker count at a time),
give every part the same ``--articles``, ``--corpus-dir`` (the corpus is built once) and ``--results``: each
run is appended there and the scaling is printed from every run of that size the file holds.

On a shared 2-core machine, 5,000 articles take about four minutes a run.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.child import run_child  # noqa: E402  (after the path is set)

REAL = ROOT.parent / "shared" / "corpus" / "real"
LOGGER = logging.getLogger("ingest_speed")
SHUFFLE_SEED = 9
STAMP = "corpus.json"  # what a generated corpus folder holds, so that --corpus-dir reuses it only when equal


def _records(corpus: Path) -> list[dict[str, Any]]:
    records = []
    for path in sorted(corpus.glob("*.jsonl")):
        with path.open(encoding="utf-8") as handle:
            records += [json.loads(line) for line in handle if line.strip()]
    if not records:
        raise SystemExit(f"{corpus}: no .jsonl records to build the benchmark corpus from")
    return records


def make_corpus(source: Path, folder: Path, n: int, per_file: int) -> int:
    """Write ``n`` articles (the source records repeated, copies re-identified) as JSONL files.

    The records are shuffled with a fixed seed first: the corpus files hold one outlet each, and outlets'
    articles differ in length, so in file order each tenth of the run would time another outlet, not a
    bigger store. A folder already holding this corpus (same source, size and file size) is reused.
    """
    records = _records(source)
    random.Random(SHUFFLE_SEED).shuffle(records)
    stamp = json.dumps({"source": str(source), "n": n, "per_file": per_file, "seed": SHUFFLE_SEED})
    if (folder / STAMP).is_file() and (folder / STAMP).read_text(encoding="utf-8") == stamp:
        return len(records)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("part*.jsonl"):
        old.unlink()
    for start in range(0, n, per_file):
        lines = []
        for i in range(start, min(start + per_file, n)):
            record = dict(records[i % len(records)])
            copy = i // len(records)
            if copy:
                record["text"] = f"{record['text']}\n\n(Benchmark copy {copy}.)"
            lines.append(json.dumps(record, ensure_ascii=False))
        (folder / f"part{start // per_file:05d}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / STAMP).write_text(stamp, encoding="utf-8")
    return len(records)


def corpus_files(folder: Path) -> list[Path]:
    """The article files of a corpus folder ``make_corpus`` wrote: its JSONL parts, never the stamp beside
    them (``corpus.json`` is JSON the ingest reads as one record without text: given the whole folder, every
    run reported it as one failed article)."""
    return sorted(folder.glob("part*.jsonl"))


def run_once(corpus: Path, engine: str, workers: int) -> dict[str, Any]:
    """One ingest into a fresh store (in this process); counts, time, progress marks, the store's commits
    (seconds each, and how many articles the store held before it) and peak RSS."""
    import pandas as pd

    from quoteline.ingest.pipeline import ingest_paths
    from quoteline.store import AddResult, Store
    from quoteline.store.staging import StagedAdd

    per_file = {
        str(path): sum(1 for line in path.open(encoding="utf-8") if line.strip())
        for path in corpus_files(corpus)
    }
    marks: list[tuple[float, int, float]] = []  # (seconds, articles done, CPU seconds of the whole tree)
    commits: list[tuple[int, int, float]] = []  # (articles stored before, articles added, seconds)
    articles_done = 0

    class TimedStore(Store):
        """The store, timing each commit: the write path must not slow down as the store grows."""

        def add(self, articles: pd.DataFrame, statements: pd.DataFrame) -> AddResult:
            before = sum(c[1] for c in commits)
            t = time.perf_counter()
            result = super().add(articles, statements)
            commits.append((before, result.articles_added, time.perf_counter() - t))
            return result

        def stage(self) -> StagedAdd:
            """The Dask engine's run: its one commit of the staged files, timed."""
            staged = super().stage()
            commit = staged.commit

            def timed() -> AddResult:
                t = time.perf_counter()
                result = commit()
                commits.append((0, result.articles_added, time.perf_counter() - t))
                return result

            staged.commit = timed  # type: ignore[method-assign]
            return staged

    def local_progress(done: int, total: int, where: str) -> None:
        nonlocal articles_done
        articles_done += per_file.get(where, 0)  # the local engine counts files: turn them into articles
        marks.append((time.perf_counter() - start, articles_done, tree_cpu()))

    def dask_progress(done: int, total: int, where: str) -> None:
        marks.append((time.perf_counter() - start, done, tree_cpu()))

    with tempfile.TemporaryDirectory() as tmp:
        store = TimedStore(Path(tmp) / "store")
        start = time.perf_counter()
        if engine == "dask":
            from quoteline.ingest.dask_engine import ingest_paths_dask

            report = ingest_paths_dask(corpus_files(corpus), store, workers=workers, progress=dask_progress)
        else:
            report = ingest_paths(corpus_files(corpus), store, workers=workers, progress=local_progress)
        seconds = time.perf_counter() - start
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "engine": engine,
        "workers": workers,
        "articles": report.articles_new,
        "failed": report.articles_failed,
        "failures": [str(f) for f in report.failures[:5]],
        "statements": report.statements_added,
        "seconds": seconds,
        "marks": marks,
        "commits": commits,
        "rss_parent_mb": own.ru_maxrss / 1024,  # KiB on Linux
        "rss_worker_mb": children.ru_maxrss / 1024,  # the largest single child
        "cpu_parent_s": own.ru_utime + own.ru_stime,
        "cpu_workers_s": children.ru_utime + children.ru_stime,
    }


def commit_tenths(commits: list[tuple[int, int, float]]) -> list[float]:
    """Milliseconds of commit per article stored, in each tenth of the run's commits (by articles stored
    before): the write path's cost, which must not grow with the store. Empty for fewer than ten commits."""
    if len(commits) < 10:
        return []
    out = []
    for k in range(10):
        part = commits[len(commits) * k // 10 : len(commits) * (k + 1) // 10]
        added = sum(c[1] for c in part)
        out.append(1000 * sum(c[2] for c in part) / added if added else 0.0)
    return out


def tree_cpu() -> float:
    """CPU seconds of this process and every live process under it (workers, a local Dask cluster): on a
    machine shared with other work, articles per CPU second is the rate that does not measure the others."""
    import psutil

    me = psutil.Process()
    total = 0.0
    for process in [me, *me.children(recursive=True)]:
        try:
            times = process.cpu_times()
        except psutil.Error:  # it ended between the listing and the reading
            continue
        total += times.user + times.system
    return total


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


def report_run(r: dict[str, Any], n: int) -> None:
    """Print one run's figures."""
    rate = r["articles"] / r["seconds"]
    engine, workers = r["engine"], r["workers"]
    startup, per_tenth = tenths([(m[0], m[1]) for m in r["marks"]], n)
    _, cpu_tenth = tenths([(m[2], m[1]) for m in r["marks"]], n)
    after_last = r["seconds"] - r["marks"][-1][0] if r["marks"] else 0.0
    LOGGER.info(
        "engine=%s workers=%d: %d articles (%d failed), %d statements in %.1f s = %.1f articles/s; "
        "peak RSS driver %.0f MB, largest worker %.0f MB; CPU driver %.1f s, workers %.1f s",
        engine,
        workers,
        r["articles"],
        r["failed"],
        r["statements"],
        r["seconds"],
        rate,
        r["rss_parent_mb"],
        r["rss_worker_mb"],
        r["cpu_parent_s"],
        r["cpu_workers_s"],
    )
    for failure in r.get("failures", []):
        LOGGER.info("  failed: %s", failure[:300])
    cpu = r["cpu_parent_s"] + r["cpu_workers_s"]
    LOGGER.info(
        "  CPU: %.1f articles per CPU second (driver and workers); the run had %.2f CPUs on average",
        r["articles"] / cpu,
        cpu / r["seconds"],
    )
    LOGGER.info(
        "  start-up to the first articles done: %.1f s; then articles/s per tenth: %s",
        startup,
        " ".join(f"{x:.1f}" for x in per_tenth),
    )
    if len(per_tenth) == 10:
        LOGGER.info("  last tenth / first tenth: %.2f (target: at least 0.85)", per_tenth[-1] / per_tenth[0])
    if len(cpu_tenth) == 10:
        LOGGER.info(
            "  articles per CPU second per tenth: %s (last tenth / first tenth: %.2f)",
            " ".join(f"{x:.1f}" for x in cpu_tenth),
            cpu_tenth[-1] / cpu_tenth[0],
        )
    commits = [tuple(c) for c in r.get("commits", [])]
    per_commit = commit_tenths(commits)
    if per_commit:
        LOGGER.info(
            "  %d commits; commit ms per article stored, per tenth of the commits: %s "
            "(last tenth / first tenth: %.2f)",
            len(commits),
            " ".join(f"{x:.1f}" for x in per_commit),
            per_commit[-1] / per_commit[0] if per_commit[0] else float("nan"),
        )
    elif commits:
        LOGGER.info(
            "  %d commit(s), %.1f s in all (after the last progress mark: %.1f s)",
            len(commits),
            sum(c[2] for c in commits),
            after_last,
        )


def main() -> None:
    """Build the corpus, then time each engine and worker count in a fresh process."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=50_000, help="N, the articles ingested per run")
    parser.add_argument("--engines", nargs="+", choices=("local", "dask"), default=["local", "dask"])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--corpus", type=Path, default=REAL, help="folder of .jsonl articles to repeat")
    parser.add_argument("--per-file", type=int, default=250, help="articles per generated JSONL file")
    parser.add_argument(
        "--corpus-dir",
        type=Path,
        help="keep the generated corpus in this folder (reused by later runs of the same size)",
    )
    parser.add_argument(
        "--results",
        type=Path,
        help="append each run's figures to this JSON Lines file; the scaling then also uses the runs an "
        "earlier invocation appended for the same --articles (to run the benchmark in parts)",
    )
    parser.add_argument("--run", type=Path, help=argparse.SUPPRESS)  # internal: one measured run
    parser.add_argument("--engine", default="local", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        sys.stdout.write(json.dumps(run_once(args.run, args.engine, args.workers[0])) + "\n")  # to the parent
        return
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stdout)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = args.corpus_dir or Path(tmp) / "corpus"
        distinct = make_corpus(args.corpus, corpus, args.articles, args.per_file)
        LOGGER.info(
            "corpus: %d articles (%d real ones from %s, shuffled and repeated), %d per JSONL file, in %s",
            args.articles,
            distinct,
            args.corpus,
            args.per_file,
            corpus,
        )
        runs = _earlier_runs(args.results, args.articles)
        for engine in args.engines:
            for workers in args.workers:
                r = run_child(__file__, "--run", str(corpus), "--engine", engine, "--workers", str(workers))
                r["n"] = args.articles
                runs[(engine, workers)] = r
                if args.results:
                    with args.results.open("a", encoding="utf-8") as handle:
                        handle.write(json.dumps(r) + "\n")
                report_run(r, args.articles)
        for engine in ("local", "dask"):
            counts = sorted(w for e, w in runs if e == engine)
            if len(counts) < 2:
                continue
            base = runs[(engine, counts[0])]
            for workers in counts[1:]:
                r = runs[(engine, workers)]
                scale = (r["articles"] / r["seconds"]) / (base["articles"] / base["seconds"])
                LOGGER.info(
                    "scaling %s: %d workers = %.2fx %d worker(s) (target: at least 1.7x from 1 to 2)",
                    engine,
                    workers,
                    scale,
                    counts[0],
                )


def _earlier_runs(results: Path | None, n: int) -> dict[tuple[str, int], dict[str, Any]]:
    """The runs of ``n`` articles an earlier invocation appended to ``results`` (the latest of each)."""
    runs: dict[tuple[str, int], dict[str, Any]] = {}
    if results is None or not results.is_file():
        return runs
    for line in results.read_text(encoding="utf-8").splitlines():
        if line.strip():
            r = json.loads(line)
            if r.get("n") == n:
                runs[(r["engine"], r["workers"])] = r
    return runs


if __name__ == "__main__":
    main()
