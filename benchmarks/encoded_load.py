"""The dashboard's cold load from the encoded corpus' files against the Parquet load, each in a fresh process.

For a store: ``--write`` first brings its encoded corpus up to date as a command does at its end
(``refresh_encoded``: a Parquet load and the write; wall and CPU seconds, peak RSS). Then, in a fresh
process each, the load as the dashboard does it (lean, as from ``lake_rows_min_statements``) from Parquet
(``QUOTELINE_ENCODED_MIN_STATEMENTS`` set past the store's size) and from the mapped files: the load, the
first chart (all rows, leader timeline), then the background read of what the corpus still reads
(``Corpus.prefetch``), with wall and CPU seconds, the RSS after each step and the process' peak RSS.

``--first-page`` measures instead the dashboard's first page on a version without its folder (the page after
a correction made in the app): the load as ``components.data`` makes it (lean, the folder written behind it),
the first chart, and when the background write ended; the store must have no folder for its version (use a
``cp -al`` copy: the run writes one).

``--correct`` first commits a one-statement correction (the first row of the first data file gets another
stance), as the app does, without writing the new version's folder: with ``--write`` the command's refresh
then updates the folder from the previous version's (``quoteline.query.encoded_update``), and with
``--first-page`` the page's load does. The store must hold a folder of its version written by this tree
(it records the table versions the update starts from): run ``--write`` once first.

``--evict`` drops the page cache of the files each load reads (the encoded folder, or the statements
table's Parquet files) before its process starts, with ``posix_fadvise(POSIX_FADV_DONTNEED)`` on just those
files (no root, no effect on other files): a cold load from disk rather than from memory. Pages another
process has mapped stay cached.

Run: ``nice -n 5 .venv/bin/python benchmarks/encoded_load.py STORE [--write] [--evict]``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
from benchmarks.child import run_child, status_mb  # noqa: E402  (after the path is set)

NEVER = str(2**62)  # QUOTELINE_ENCODED_MIN_STATEMENTS past any store: neither mapped nor written


def _rss_mb() -> tuple[float, float]:
    """The process' RSS and peak RSS now, MB."""
    return status_mb("VmRSS"), status_mb("VmHWM")


def evict(paths: list[Path]) -> int:
    """Drop the page cache of these files (their clean, unmapped pages); return the bytes asked."""
    total = 0
    for path in paths:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)  # dirty pages are not dropped: write them first
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            total += os.fstat(fd).st_size
        finally:
            os.close(fd)
    return total


def child(store_dir: Path) -> dict[str, float]:
    """Load, draw the first chart, read ahead; return the figures."""
    from components import charts
    from quoteline.query.filters import Filters, select
    from quoteline.query.load import load_corpus
    from quoteline.store import Store

    t0, c0 = time.perf_counter(), time.process_time()
    corpus = load_corpus(Store(store_dir), lean_from=0)
    out: dict[str, float] = {"rows": len(corpus)}
    out["load_s"], out["load_cpu_s"] = time.perf_counter() - t0, time.process_time() - c0
    out["load_rss_mb"] = _rss_mb()[0]
    first = select(corpus, Filters())
    charts.timeline_figure(corpus, first.dated, "leader", "topic")
    out["chart_s"], out["chart_cpu_s"] = time.perf_counter() - t0, time.process_time() - c0
    out["chart_rss_mb"] = _rss_mb()[0]
    reading = corpus.prefetch()
    if reading is not None:
        reading.join()
    out["read_s"], out["read_cpu_s"] = time.perf_counter() - t0, time.process_time() - c0
    out["read_rss_mb"], out["peak_rss_mb"] = _rss_mb()
    return out


def first_page_child(store_dir: Path) -> dict[str, float]:
    """The load with the write behind it, the first chart, then the write's end; return the figures."""
    from components import charts
    from quoteline.query.filters import Filters, select
    from quoteline.query.load import encoded_write, load_corpus
    from quoteline.store import Store

    t0, c0, m0 = time.perf_counter(), time.process_time(), time.thread_time()
    corpus = load_corpus(Store(store_dir), lean_from=0, write_behind=True)
    out: dict[str, float] = {"rows": len(corpus), "load_s": time.perf_counter() - t0}
    first = select(corpus, Filters())
    charts.timeline_figure(corpus, first.dated, "leader", "topic")
    out["chart_s"], out["chart_cpu_s"] = time.perf_counter() - t0, time.process_time() - c0
    out["chart_page_cpu_s"] = time.thread_time() - m0  # the page's own thread, not the write's
    writing = encoded_write(corpus)
    out["behind"] = float(writing is not None)  # none: the load mapped a folder (updated: encoded_update)
    out["written"] = float(writing is not None and writing.join())
    out["written_s"], out["cpu_s"] = time.perf_counter() - t0, time.process_time() - c0
    out["rss_mb"], out["peak_rss_mb"] = _rss_mb()
    return out


def write_child(store_dir: Path) -> dict[str, float]:
    """``refresh_encoded`` as a command's end runs it."""
    from quoteline.query.load import refresh_encoded
    from quoteline.store import Store

    t0, c0 = time.perf_counter(), time.process_time()
    refresh_encoded(Store(store_dir))
    return {"s": time.perf_counter() - t0, "cpu_s": time.process_time() - c0, "peak_rss_mb": _rss_mb()[1]}


def correct_child(store_dir: Path) -> dict[str, float]:
    """Commit a one-statement correction as the app does (no folder written); return its time."""
    import pyarrow.parquet as pq

    from quoteline.corrections import edit
    from quoteline.schema import S
    from quoteline.store import Store, delta

    store = Store(store_dir)
    manifest = store.manifest()
    assert manifest is not None
    first = delta.data_files(store.root, "statements", manifest.statements)[0]
    rows = pq.read_table(
        delta.table_path(store.root, "statements") / first.path, columns=[S.statement_id, S.stance]
    )
    sid = rows[S.statement_id][0].as_py()
    held = store.statement(sid, manifest=manifest)  # as corrected so far: a run after a run flips it back
    stance = rows[S.stance][0].as_py() if held is None else held[S.stance]
    t0 = time.perf_counter()
    edit.correct_statement(store, sid, {"stance": "denial" if stance != "denial" else "praise"})
    return {"s": time.perf_counter() - t0}


def _run(args: list[str], env: dict[str, str]) -> dict[str, float]:
    return run_child(__file__, *args, env=env)


def main() -> None:
    """Write (optionally), then measure both loads in fresh processes."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("store", type=Path)
    parser.add_argument("--write", action="store_true", help="bring the encoded corpus up to date first")
    parser.add_argument("--evict", action="store_true", help="drop the files' page cache before each load")
    parser.add_argument(
        "--first-page", action="store_true", help="the first page on a version without a folder"
    )
    parser.add_argument(
        "--correct", action="store_true", help="commit a one-statement correction first (no folder)"
    )
    parser.add_argument("--child", choices=["load", "write", "first", "correct"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run = {"load": child, "write": write_child, "first": first_page_child, "correct": correct_child}[
            args.child
        ]
        print(json.dumps(run(args.store)))
        return
    from quoteline.query import encoded
    from quoteline.store import Store

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if args.correct:
        c = _run([str(args.store), "--child", "correct"], env)
        print(f"correction committed in {c['s']:.2f} s (version {Store(args.store).version()})", flush=True)
    if args.first_page:
        if encoded.folder(args.store, Store(args.store).version()).exists():
            parser.error(f"{args.store} has the folder of its version already: measure on a copy without it")
        r = _run([str(args.store), "--child", "first"], env)
        print(
            f"first page {int(r['rows']):,}: load {r['load_s']:.2f} s; first chart {r['chart_s']:.2f} s "
            f"({r['chart_cpu_s']:.2f} CPU s, the page's thread {r['chart_page_cpu_s']:.2f}); "
            + (
                f"folder {'written' if r['written'] else 'NOT written'} behind, at {r['written_s']:.2f} s "
                f"({r['cpu_s']:.2f} CPU s); "
                if r.get("behind", 1.0)
                else "the folder updated and mapped by the load; "
            )
            + f"RSS {r['rss_mb']:.0f} MB, peak {r['peak_rss_mb']:.0f} MB",
            flush=True,
        )
        return
    if args.write:
        w = _run([str(args.store), "--child", "write"], env)
        print(
            f"   write  {w['s']:.2f} s ({w['cpu_s']:.2f} CPU s), peak RSS {w['peak_rss_mb']:.0f} MB",
            flush=True,
        )
    store = Store(args.store)
    version = store.version()
    folder = encoded.folder(store.root, version)
    files = {
        "mapped": sorted(p for p in folder.iterdir() if p.is_file()),
        "parquet": sorted((store.root / "statements").rglob("*.parquet")),
    }
    for how in ("parquet", "mapped"):
        evicted = evict(files[how]) if args.evict else 0
        r = _run(
            [str(args.store), "--child", "load"],
            {**env, **({"QUOTELINE_ENCODED_MIN_STATEMENTS": NEVER} if how == "parquet" else {})},
        )
        print(
            f"{how:>8} {int(r['rows']):>11,}  load {r['load_s']:.2f} s ({r['load_cpu_s']:.2f} CPU s) RSS "
            f"{r['load_rss_mb']:.0f}; first chart {r['chart_s']:.2f} s ({r['chart_cpu_s']:.2f}) RSS "
            f"{r['chart_rss_mb']:.0f}; read ahead {r['read_s']:.2f} s ({r['read_cpu_s']:.2f}) RSS "
            f"{r['read_rss_mb']:.0f}; peak RSS {r['peak_rss_mb']:.0f} MB"
            + (f"; {evicted / 2**20:.0f} MB evicted first" if args.evict else ""),
            flush=True,
        )


if __name__ == "__main__":
    main()
