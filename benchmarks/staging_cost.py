"""The Dask driver's write path alone: N articles staged (``Store.stage``) as ``ingest --engine dask`` stages
them, with no cluster and no extraction during the measure, and the thread CPU of each staging step per batch.

The real articles of ``../shared/corpus/real`` are shuffled as ``ingest_speed.py`` shuffles them, extracted
once in chunks of ``CHUNK_ARTICLES`` (as the workers do) and cached; the replay repeats them to N as the
benchmark's copies do (copy k gets new article and statement ids; the copies' statements are the same, as
the benchmark's closing line adds none), hands them to the driver's ``_StagedBatch`` in order, and commits.
A run of ``ingest_speed.py --articles 50000`` spends about 25 minutes of worker CPU to exercise what this
replays in about one minute of the driver's (same articles and statements stored: 49,907 and 276,817 at
extractor version 17). CPU is the process's (``time.process_time``: DuckDB and Arrow run threads of their
own); each step's is the calling thread's.

    .venv/bin/python benchmarks/staging_cost.py --cache DIR [--articles 50000]
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import pickle
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.ingest_speed import REAL, corpus_files, make_corpus  # noqa: E402
from quoteline import EXTRACTOR_VERSION, settings  # noqa: E402
from quoteline.ingest.dask_engine import CHUNK_ARTICLES, _StagedBatch  # noqa: E402
from quoteline.ingest.pipeline import IngestReport, Prepared, prepare_items, read_file, start_run  # noqa: E402
from quoteline.schema import A, S  # noqa: E402
from quoteline.store import AddResult, Store, clusters, counts, delta, staging  # noqa: E402
from quoteline.store import store as store_module  # noqa: E402

LOGGER = logging.getLogger("staging_cost")
# The staging steps timed, as (label, module or class, function name): thread CPU per batch.
STEPS: tuple[tuple[str, Any, str], ...] = (
    ("validate articles", staging, "validate_articles"),
    ("validate statements", store_module, "_check_new_statements"),
    ("cluster", clusters.ClusterIndex, "assign_frame"),
    ("validate for disk", store_module, "_validate_for_disk"),
    ("to Arrow", staging, "to_delta"),
    ("count", counts, "of_new_statements"),
    ("collapse counts", counts, "collapse"),
    ("write files", delta, "write_files"),
)


def extracted(cache: Path) -> list[Prepared]:
    """The shuffled real articles, extracted in chunks as the Dask workers extract them (cached)."""
    path = cache / f"extracted-v{EXTRACTOR_VERSION}.pickle"
    if path.is_file():
        with path.open("rb") as handle:
            loaded: list[Prepared] = pickle.load(handle)  # noqa: S301 (our own cache file)
            return loaded
    corpus = cache / "corpus"
    distinct = make_corpus(REAL, corpus, len(list(_count_records(REAL))), 250)
    with tempfile.TemporaryDirectory() as tmp:
        _, files, opts = start_run(Store(Path(tmp)), corpus_files(corpus), None, None, None, None, False)
    assert opts is not None
    out = []
    for name in files:
        _, items = read_file(name, opts)
        for start in range(0, len(items), CHUNK_ARTICLES):
            out.append(prepare_items(Prepared(name), items[start : start + CHUNK_ARTICLES], opts))
        LOGGER.info("extracted %s", name)
    LOGGER.info("%d distinct articles extracted", distinct)
    with path.open("wb") as handle:
        pickle.dump(out, handle)
    return out


def _count_records(folder: Path) -> Iterator[str]:
    for path in sorted(folder.glob("*.jsonl")):
        yield from (line for line in path.open(encoding="utf-8") if line.strip())


def _renamed(value: str, copy: int) -> str:
    """Copy ``copy``'s id for ``value`` (copy 0 keeps it), of the same length."""
    return value if copy == 0 else hashlib.sha256(f"{value}/{copy}".encode()).hexdigest()[: len(value)]


def chunks(base: list[Prepared], n: int) -> Iterator[Prepared]:
    """``n`` articles in chunks of ``CHUNK_ARTICLES``: the distinct ones repeated, each copy renamed."""
    flat = [(p.path, *row) for p in base for row in zip(p.articles, p.statements, p.wheres, strict=True)]
    chunk = Prepared("replay", read=True)
    for i in range(n):
        copy, j = divmod(i, len(flat))
        _, article, statements, where = flat[j]
        article = {**article, A.article_id: _renamed(article[A.article_id], copy)}
        renamed = [
            {**row, S.article_id: article[A.article_id], S.statement_id: _renamed(row[S.statement_id], copy)}
            for row in statements
        ]
        chunk.articles.append(article)
        chunk.statements.append(renamed)
        chunk.wheres.append(where)
        if len(chunk.articles) == CHUNK_ARTICLES:
            yield chunk
            chunk = Prepared("replay", read=True)
    if chunk.articles:
        yield chunk


def _timed(owner: Any, name: str, label: str, spent: dict[str, float]) -> Callable[[], None]:
    """Wrap ``owner.name`` to add its thread CPU to ``spent[label]``; returns the undo."""
    real = getattr(owner, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.thread_time()
        try:
            return real(*args, **kwargs)
        finally:
            spent[label] = spent.get(label, 0.0) + time.thread_time() - start

    setattr(owner, name, wrapper)
    return lambda: setattr(owner, name, real)


def replay(base: list[Prepared], n: int, store_dir: Path) -> dict[str, Any]:
    """Stage ``n`` articles into a new store at ``store_dir`` and commit; CPU per batch and step."""
    spent: dict[str, float] = {}
    batches: list[dict[str, float]] = []
    undo = [_timed(owner, name, label, spent) for label, owner, name in STEPS]
    real_add = staging.StagedAdd.add

    def add(self: staging.StagedAdd, articles: pd.DataFrame, statements: pd.DataFrame) -> AddResult:
        spent.clear()
        start, process = time.thread_time(), time.process_time()
        result = real_add(self, articles, statements)
        batches.append({"cpu": time.thread_time() - start, "process": time.process_time() - process, **spent})
        return result

    staging.StagedAdd.add = add  # type: ignore[method-assign]  # timed for the measure, undone below
    try:
        staged = Store(store_dir).stage()
        batch = _StagedBatch(staged, IngestReport(), settings.get_int("ingest_batch_size"))
        start = time.process_time()
        for chunk in chunks(base, n):
            batch.take(chunk)
        batch.commit()
        staged_cpu = time.process_time() - start
        start, wall = time.process_time(), time.perf_counter()
        result = staged.commit()
        commit_cpu, commit_wall = time.process_time() - start, time.perf_counter() - wall
        files = {table: len(f) for table, f in staged.files.items()}
    finally:
        staging.StagedAdd.add = real_add  # type: ignore[method-assign]
        for step in undo:
            step()
    return {
        "articles": result.articles_added,
        "statements": result.statements_added,
        "staged_cpu": staged_cpu,
        "commit_cpu": commit_cpu,
        "commit_wall": commit_wall,
        "files": files,
        "batches": batches,
    }


def report(r: dict[str, Any]) -> None:
    LOGGER.info(
        "%d articles, %d statements staged in %d batches: %.1f CPU s staging; the commit %.1f CPU s, %.1f s; "
        "staged data files: %s",
        r["articles"],
        r["statements"],
        len(r["batches"]),
        r["staged_cpu"],
        r["commit_cpu"],
        r["commit_wall"],
        r["files"],
    )
    batches = r["batches"]
    labels = ["process", "cpu", *(label for label, _, _ in STEPS)]
    LOGGER.info(
        "ms of CPU per batch, per tenth of the batches (the process's, then this thread's; the steps' "
        "are the thread's, without DuckDB's and Arrow's own threads): %s",
        " | ".join(labels),
    )
    size = max(1, len(batches) // 10)
    for lo in range(0, len(batches), size):
        part = batches[lo : lo + size]
        means = [sum(b.get(label, 0.0) for b in part) / len(part) * 1000 for label in labels]
        LOGGER.info("  batches %4d-%4d: %s", lo + 1, lo + len(part), " ".join(f"{m:6.0f}" for m in means))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=50_000)
    parser.add_argument("--cache", type=Path, required=True, help="folder for the extracted articles")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stdout)
    args.cache.mkdir(parents=True, exist_ok=True)
    base = extracted(args.cache)
    with tempfile.TemporaryDirectory() as tmp:
        report(replay(base, args.articles, Path(tmp) / "store"))


if __name__ == "__main__":
    main()
