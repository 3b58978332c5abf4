"""Where a Dask worker's time goes as an ingest runs: per chunk, inside the worker.

Runs ``ingest_paths_dask`` with one worker over the first ``--files`` JSON Lines files of a corpus folder
(one ``benchmarks/ingest_speed.py`` wrote) and wraps the worker's ``chunk_task`` (through ``client.run``) to
record, for each chunk: the task thread's CPU (the extraction), the worker process's CPU over the same
interval (the difference is its other threads: the event loop, Dask's profiler when on), the wall time
spent in garbage collections and how many of each generation, the worker's RSS, and every tenth chunk its
live Python objects.
It prints those per tenth of the run. ``--dask-profiler`` runs the cluster with Dask's statistical profiler on
(the engine turns it off), to compare the two.

    .venv/bin/python benchmarks/dask_worker_phases.py CORPUS_DIR [--files 20] [--dask-profiler] [--json OUT]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
LOGGER = logging.getLogger("dask_worker_phases")


def _clocks(in_gc: dict[str, float], collections: list[int]) -> tuple[float, float, float, float, list[int]]:
    return time.perf_counter(), time.thread_time(), time.process_time(), in_gc["seconds"], [*collections]


def install_probe() -> int:
    """On the worker: wrap ``chunk_task`` so that each call appends its figures to ``_PHASES``."""
    import gc
    import os

    from quoteline.ingest import dask_engine

    in_gc = {"seconds": 0.0, "started": 0.0}
    collections = [0, 0, 0]

    def on_gc(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            in_gc["started"] = time.perf_counter()
        else:
            in_gc["seconds"] += time.perf_counter() - in_gc["started"]
            collections[info["generation"]] += 1

    gc.callbacks.append(on_gc)
    chunk_task = dask_engine.chunk_task
    phases: list[dict[str, Any]] = []

    def measured(path: str, start: int, stop: int, opts: Any) -> Any:
        before = _clocks(in_gc, collections)
        out = chunk_task(path, start, stop, opts)
        after = _clocks(in_gc, collections)
        with open("/proc/self/statm", encoding="ascii") as statm:
            rss_mb = int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
        phases.append(
            {
                "articles": stop - start,
                "wall": after[0] - before[0],
                "thread": after[1] - before[1],
                "process": after[2] - before[2],
                "gc": after[3] - before[3],
                "collections": [b - a for a, b in zip(before[4], after[4], strict=True)],
                "rss_mb": rss_mb,
                "objects": len(gc.get_objects()) if len(phases) % 10 == 0 else None,
            }
        )
        return out

    # Tasks unpickle chunk_task by its name, so from now on they run this one.
    dask_engine.chunk_task = measured
    dask_engine._PHASES = phases  # type: ignore[attr-defined]
    return os.getpid()


def fetch_phases() -> list[dict[str, Any]]:
    """On the worker: the figures ``install_probe`` recorded."""
    from quoteline.ingest import dask_engine

    return list(dask_engine._PHASES)  # type: ignore[attr-defined]


def run(corpus: Path, files: int, profiler: bool) -> list[dict[str, Any]]:
    """One measured ingest into a throwaway store; the worker's figures per chunk."""
    from quoteline.ingest import dask_engine
    from quoteline.store import Store

    if profiler:
        dask_engine.LOCAL_CLUSTER_CONFIG = {"distributed.worker.profile.enabled": True}  # type: ignore[misc]
    plain = dask_engine.cluster_client
    got: dict[str, Any] = {}

    @contextlib.contextmanager
    def probed(scheduler: str | None, workers: int) -> Iterator[Any]:
        with plain(scheduler, workers) as client:
            client.run(install_probe)
            yield client
            got.update(client.run(fetch_phases))

    dask_engine.cluster_client = probed
    paths = sorted(corpus.glob("part*.jsonl"))[:files]
    with tempfile.TemporaryDirectory() as tmp:
        report = dask_engine.ingest_paths_dask(paths, Store(Path(tmp) / "store"), workers=1)
    LOGGER.info("%d articles stored, %d failed", report.articles_new, report.articles_failed)
    return next(iter(got.values()))


def report(phases: list[dict[str, Any]]) -> None:
    """Per tenth of the chunks: ms per article of each figure, the collections, RSS and live objects."""
    for k in range(10):
        part = phases[len(phases) * k // 10 : len(phases) * (k + 1) // 10]
        n = sum(p["articles"] for p in part) or 1

        def per_article(key: str, part: list[dict[str, Any]] = part, n: int = n) -> float:
            return 1000 * sum(p[key] for p in part) / n

        objects = [p["objects"] for p in part if p["objects"]]
        LOGGER.info(
            "tenth %d: ms per article: wall %.1f, extraction thread %.1f, other threads %.1f, in GC %.1f; "
            "collections %s; RSS %.0f MB; live objects %s",
            k + 1,
            per_article("wall"),
            per_article("thread"),
            per_article("process") - per_article("thread"),
            per_article("gc"),
            [sum(p["collections"][g] for p in part) for g in range(3)],
            part[-1]["rss_mb"] if part else 0.0,
            f"{objects[-1]:,}" if objects else "-",
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "corpus", type=Path, help="a folder of part*.jsonl files (benchmarks/ingest_speed.py)"
    )
    parser.add_argument("--files", type=int, default=20, help="how many of its files to ingest")
    parser.add_argument("--dask-profiler", action="store_true", help="leave Dask's profiler on")
    parser.add_argument("--json", type=Path, help="also write the figures per chunk here")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stdout)
    phases = run(args.corpus, args.files, args.dask_profiler)
    if args.json:
        args.json.write_text(json.dumps(phases), encoding="utf-8")
    report(phases)


if __name__ == "__main__":  # the worker processes are spawned: they import this file without running it
    main()
