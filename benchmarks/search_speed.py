"""Free-text search and first-paint counts: the in-memory corpus against DuckDB over the lake.

For each size a synthetic store is written once into ``--cache`` (kept between runs; a 10M store takes minutes
to write) and two fresh processes measure it:

- corpus: what the dashboard does today. Load the corpus (``load_corpus``), read the text column, then run
  each query through ``quoteline.query.filters.mask`` (Arrow RE2 over the in-memory text), over the whole
  store and with a one-year date filter;
- lake: ``open_lake`` (DuckDB over the pinned Delta version, nothing loaded), then each query as SQL
  (``quoteline.query.lake_search``: an ``ILIKE`` needle scan confirmed by the same RE2 patterns): the count
  of matches and a first page of 50 rows, over the whole store and over one year (``year = 2023`` prunes
  the partitions), and the ``ILIKE`` needle scan alone; and the leader x topic x week counts of the whole
  store from the commit-time counts table (a chart's first paint).

- index (``--index``): the same queries through the store's full-text index (``quoteline.query.text_index``,
  ``search_condition(query, lake=lake)``), on a copy of the cached store (``store-<size>-indexed``: the index
  is a folder inside the store, and the cached store stays untouched). The index is built once, timed (wall
  and CPU seconds, size on disk, kept in ``store-<size>-indexed-index-build.json`` for later runs); then per
  query the index's part (candidate ids from tantivy into DuckDB), the count over the whole store, a first
  page of 50, and the count over one year, with the process CPU time of those four steps together. Hits are
  compared with the lake's scan and any difference is flagged.

Each process prints its peak RSS. Timings on a shared machine are noisy: the median of each query's runs is
printed (``--repeat 1`` for a quick pass at 10M). Run:
``.venv/bin/python benchmarks/search_speed.py --sizes 1000000 10000000 --cache /tmp/qcache``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

QUERIES = (
    "pressure",
    "talks continue",
    '"the agreement"',
    "partners OR peace",
    "deserved",  # an inflection: finds "deserve"
    "leader 03",  # a speaker's name
    "xylophone",  # no match: the whole scan, nothing found
)
REPEAT = 3  # runs per query, the median printed (--repeat)
YEAR = 2023


def _peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _timed(run: Callable[[], Any]) -> tuple[float, Any]:
    """Median milliseconds over ``REPEAT`` runs, and the last result."""
    times, result = [], None
    for _ in range(int(os.environ.get("QUOTELINE_BENCH_REPEAT", REPEAT))):
        t = time.perf_counter()
        result = run()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), result


def child_corpus(store_dir: Path) -> dict[str, Any]:
    """The dashboard's search today: the corpus in memory, Arrow RE2 over its text column."""
    import numpy as np

    from quoteline.query.filters import Filters, mask
    from quoteline.query.load import load_corpus
    from quoteline.schema import S
    from quoteline.store import Store

    t0 = time.perf_counter()
    corpus = load_corpus(Store(store_dir))
    corpus.col(S.text)  # the text column is read on first search (or in the background)
    load_s = time.perf_counter() - t0
    year = (date(YEAR, 1, 1), date(YEAR, 12, 31))
    out: dict[str, Any] = {"rows": len(corpus), "load_s": load_s, "queries": {}}
    for query in QUERIES:

        def hits_of(filters: Filters) -> int:
            return int(np.count_nonzero(mask(corpus, filters)))

        whole_ms, hits = _timed(partial(hits_of, Filters(search=query)))
        year_ms, year_hits = _timed(
            partial(hits_of, Filters(search=query, date_from=year[0], date_to=year[1]))
        )
        out["queries"][query] = {
            "whole_ms": whole_ms,
            "hits": hits,
            "year_ms": year_ms,
            "year_hits": year_hits,
        }
    out["peak_rss_mb"] = _peak_rss_mb()
    return out


def child_lake(store_dir: Path) -> dict[str, Any]:
    """Search as SQL over the lake, and the first-paint counts."""
    from quoteline.query.counts import leader_topic_week
    from quoteline.query.lake import open_lake
    from quoteline.query.lake_search import search_condition
    from quoteline.store import Store

    t0 = time.perf_counter()
    lake = open_lake(Store(store_dir))
    open_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    first = leader_topic_week(lake, by_topic=False)  # the leader timeline's first paint
    counts_first_ms = (time.perf_counter() - t0) * 1000
    # A topic page: every topic, one year.
    counts_ms, _ = _timed(lambda: leader_topic_week(lake, since=date(YEAR, 1, 1), until=date(YEAR, 12, 31)))
    rows = int(lake.table("SELECT count(*) FROM statements").column(0)[0].as_py())
    out: dict[str, Any] = {
        "rows": rows,
        "open_s": open_s,
        "counts_rows": first.num_rows,
        "counts_first_ms": counts_first_ms,
        "counts_year_ms": counts_ms,
        "queries": {},
    }
    for query in QUERIES:
        cond, params = search_condition(query)
        count = f"SELECT count(*) FROM statements WHERE {cond}"  # noqa: S608 (declared names only)
        page = f"SELECT statement_id, speaker, date, text FROM statements WHERE {cond} LIMIT 50"  # noqa: S608

        def scalar(sql: str, params: list[Any]) -> Any:
            return lake.table(sql, params).column(0)[0].as_py()

        whole_ms, hits = _timed(partial(scalar, count, params))
        page_ms, _ = _timed(partial(lake.table, page, params))
        year_ms, year_hits = _timed(partial(scalar, f"{count} AND year = {YEAR}", params))
        like_ms, like_hits = _timed(partial(_ilike_count, lake, query))
        out["queries"][query] = {
            "whole_ms": whole_ms,
            "hits": hits,
            "page_ms": page_ms,
            "year_ms": year_ms,
            "year_hits": year_hits,
            "ilike_ms": like_ms,
            "ilike_hits": like_hits,
        }
    out["peak_rss_mb"] = _peak_rss_mb()
    lake.close()
    return out


def _index_store(cache: Path, size: int) -> tuple[Path, dict[str, Any]]:
    """A copy of the cached store with its search index built (timed once, figures kept beside it)."""
    import shutil

    store = cache / f"store-{size}-indexed"
    if not (store / "commit.json").exists():
        print(f"copying the {size:,} store to {store} for the index", flush=True)
        shutil.copytree(_store(cache, size), store)
    figures = store.parent / f"{store.name}-index-build.json"
    if not figures.exists():
        print(f"building the search index of {store} (kept for later runs)", flush=True)
        build = [sys.executable, __file__, "--child-build", str(store)]
        out = subprocess.run(build, capture_output=True, text=True, check=True)
        figures.write_text(out.stdout.strip().splitlines()[-1])
    built: dict[str, Any] = json.loads(figures.read_text())
    return store, built


def child_build(store_dir: Path) -> dict[str, Any]:
    """Build the index from scratch: wall and CPU seconds, size on disk, peak RSS."""
    from quoteline.query import text_index
    from quoteline.store import Store

    t0, c0 = time.perf_counter(), time.process_time()
    covered = text_index.update(Store(store_dir), rebuild=True)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    folder = text_index.index_path(Store(store_dir))
    size = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())
    rows = covered.rows if covered else 0
    return {"wall_s": wall, "cpu_s": cpu, "mb": size / 1e6, "rows": rows, "peak_rss_mb": _peak_rss_mb()}


def child_index(store_dir: Path) -> dict[str, Any]:
    """Search through the full-text index: candidates into DuckDB, then the same SQL as the lake."""
    from quoteline.query.lake import open_lake
    from quoteline.query.lake_search import search_condition
    from quoteline.store import Store

    t0 = time.perf_counter()
    lake = open_lake(Store(store_dir))
    out: dict[str, Any] = {"open_s": time.perf_counter() - t0, "queries": {}}
    for query in QUERIES:

        def condition(query: str = query) -> tuple[str, list[Any]]:
            vars(lake).pop("_search_hits", None)  # each run asks the index again
            return search_condition(query, lake=lake)

        def scalar(sql: str, params: list[Any]) -> Any:
            return lake.table(sql, params).column(0)[0].as_py()

        c0 = time.process_time()
        cond_ms, (cond, params) = _timed(condition)
        count = f"SELECT count(*) FROM statements WHERE {cond}"  # noqa: S608 (declared names only)
        page = f"SELECT statement_id, speaker, date, text FROM statements WHERE {cond} LIMIT 50"  # noqa: S608
        whole_ms, hits = _timed(partial(scalar, count, params))
        page_ms, _ = _timed(partial(lake.table, page, params))
        year_ms, year_hits = _timed(partial(scalar, f"{count} AND year = {YEAR}", params))
        runs = int(os.environ.get("QUOTELINE_BENCH_REPEAT", REPEAT))
        out["queries"][query] = {
            "cond_ms": cond_ms,
            "whole_ms": whole_ms,
            "hits": hits,
            "page_ms": page_ms,
            "year_ms": year_ms,
            "year_hits": year_hits,
            "cpu_ms": (time.process_time() - c0) * 1000 / runs,
            "indexed": "regexp_matches" not in cond,
        }
    out["peak_rss_mb"] = _peak_rss_mb()
    lake.close()
    return out


def child_dashboard(store_dir: Path) -> dict[str, Any]:
    """The dashboard's search on a store with an index: the corpus as the dashboard loads it (lean past
    ``lake_rows_min_statements``: no text), then ``filters.mask`` with each query, over the whole store and
    over one year; the search's mask is forgotten before each run, so every run asks the index again."""
    import numpy as np

    from quoteline import settings
    from quoteline.query.filters import Filters, mask
    from quoteline.query.lake_search import search_count
    from quoteline.query.load import load_corpus
    from quoteline.store import Store

    t0 = time.perf_counter()
    corpus = load_corpus(Store(store_dir), lean_from=settings.get_int("lake_rows_min_statements"))
    load_s = time.perf_counter() - t0
    reading = corpus.prefetch()  # as the pages do once their charts are drawn: the ids, the lake opened
    if reading is not None:
        reading.join()
    t0, c0 = time.perf_counter(), time.process_time()
    # The row lookup by id number, built on the first search that the index answers: timed on its own.
    corpus.rows_of_ids(pa_uint64([]))
    ids_ms, ids_cpu_ms = (time.perf_counter() - t0) * 1000, (time.process_time() - c0) * 1000
    year = (date(YEAR, 1, 1), date(YEAR, 12, 31))
    out: dict[str, Any] = {
        "rows": len(corpus),
        "lean": corpus.rows_from is not None,
        "load_s": load_s,
        "ids_ms": ids_ms,
        "ids_cpu_ms": ids_cpu_ms,
        "queries": {},
    }
    for query in QUERIES:

        def hits_of(filters: Filters) -> int:
            for kind in ("memo:lake_search", "memo:search"):  # each run searches again
                corpus._memo.pop(kind, None)
            return int(np.count_nonzero(mask(corpus, filters)))

        c0 = time.process_time()
        whole_ms, hits = _timed(partial(hits_of, Filters(search=query)))
        whole_cpu = (time.process_time() - c0) * 1000 / int(os.environ.get("QUOTELINE_BENCH_REPEAT", REPEAT))
        year_ms, year_hits = _timed(
            partial(hits_of, Filters(search=query, date_from=year[0], date_to=year[1]))
        )
        # The whole-store count in tantivy itself (``search_count``: no hit taken out of the index).
        count_ms, count_cpu, counted = float("nan"), float("nan"), None
        if corpus.rows_from is not None:
            lake = corpus.rows_from.lake  # type: ignore[attr-defined]
            c0 = time.process_time()
            count_ms, counted = _timed(partial(search_count, query, lake))
            count_cpu = (
                (time.process_time() - c0) * 1000 / int(os.environ.get("QUOTELINE_BENCH_REPEAT", REPEAT))
            )
        out["queries"][query] = {
            "whole_ms": whole_ms,
            "whole_cpu_ms": whole_cpu,
            "hits": hits,
            "year_ms": year_ms,
            "year_hits": year_hits,
            "count_ms": count_ms,
            "count_cpu_ms": count_cpu,
            "count": -1 if counted is None else counted,
        }
    out["peak_rss_mb"] = _peak_rss_mb()
    return out


def pa_uint64(values: list[int]) -> Any:
    """An Arrow uint64 array (the id numbers the index returns)."""
    import pyarrow as pa

    return pa.array(values, pa.uint64())


def report_dashboard(size: int, dash: dict[str, Any], lake: dict[str, Any]) -> None:
    """Print the dashboard's search through the index beside the lake's scan."""
    print(
        f"dashboard (lean: {dash['lean']}): corpus load {dash['load_s']:.2f} s; id-number lookup built in "
        f"{dash['ids_ms']:.0f} ms ({dash['ids_cpu_ms']:.0f} CPU ms), once per corpus; peak RSS "
        f"{dash['peak_rss_mb']:.0f} MB"
    )
    print(
        f"{'query':<20} {'whole ms':>8} {'CPU ms':>7} {'year ms':>7} {'hits':>9} | {'count ms':>8} "
        f"{'CPU ms':>7} {'count':>9} | {'scan hits':>9}"
    )
    for query in QUERIES:
        d, k = dash["queries"][query], lake["queries"][query]
        agree = d["hits"] == k["hits"] and d["year_hits"] == k["year_hits"] and d["count"] in (-1, d["hits"])
        same = "" if agree or k["hits"] == -1 else "  (HITS DIFFER)"  # -1: --only-dashboard
        if d["count"] not in (-1, d["hits"]):
            same = "  (COUNT DIFFERS)"
        print(
            f"{query:<20} {d['whole_ms']:>8.0f} {d['whole_cpu_ms']:>7.0f} {d['year_ms']:>7.0f} "
            f"{d['hits']:>9,} | {d['count_ms']:>8.0f} {d['count_cpu_ms']:>7.0f} {d['count']:>9,} | "
            f"{k['hits']:>9,}{same}",
            flush=True,
        )


def report_index(size: int, built: dict[str, Any], index: dict[str, Any], lake: dict[str, Any]) -> None:
    """Print one size's index figures beside the lake's scan."""
    print(
        f"index: built in {built['wall_s']:.0f} s wall, {built['cpu_s']:.0f} s CPU, {built['mb']:.0f} MB on "
        f"disk, peak RSS {built['peak_rss_mb']:.0f} MB ({built['rows']:,} rows); search process: open "
        f"{index['open_s']:.2f} s, peak RSS {index['peak_rss_mb']:.0f} MB"
    )
    print(
        f"{'query':<20} {'index ms':>8} {'+count':>7} {'=whole':>7} {'CPU ms':>7} {'page50':>7} {'year':>6} "
        f"{'hits':>9} | {'scan ms':>8} {'page50':>7} {'year':>6}"
    )
    for query in QUERIES:
        i, k = index["queries"][query], lake["queries"][query]
        same = "" if i["hits"] == k["hits"] and i["year_hits"] == k["year_hits"] else "  (HITS DIFFER)"
        how = "" if i["indexed"] else "  (scanned)"
        print(
            f"{query:<20} {i['cond_ms']:>8.0f} {i['whole_ms']:>7.0f} {i['cond_ms'] + i['whole_ms']:>7.0f} "
            f"{i['cpu_ms']:>7.0f} {i['page_ms']:>7.0f} {i['year_ms']:>6.0f} {i['hits']:>9,} | "
            f"{k['whole_ms']:>8.0f} {k['page_ms']:>7.0f} {k['year_ms']:>6.0f}{same}{how}",
            flush=True,
        )


def _ilike_count(lake: Any, query: str) -> int:
    """Matches of the needle scan alone (each clause: any of its needles in the text; no regex, no names)."""
    from quoteline.query.search import parse

    clauses, params = [], []
    for clause in parse(query):
        clauses.append("(" + " OR ".join("text ILIKE ?" for _ in clause) + ")")
        params += [f"%{t.needle}%" for t in clause]
    where = " AND ".join(clauses) or "true"
    found: int = lake.table(f"SELECT count(*) FROM statements WHERE {where}", params).column(0)[0].as_py()  # noqa: S608
    return found


def _run_child(mode: str, store: Path, repeat: int) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, f"--child-{mode}", str(store)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "QUOTELINE_BENCH_REPEAT": str(repeat)},
    )
    if out.returncode:
        sys.exit(f"the {mode} process failed ({out.returncode}):\n{out.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def _store(cache: Path, size: int) -> Path:
    store = cache / f"store-{size}"
    if not (store / "commit.json").exists():
        print(
            f"writing a synthetic store of {size:,} statements to {store} (kept for later runs)", flush=True
        )
        subprocess.run(
            [sys.executable, str(ROOT / "benchmarks" / "synthetic.py"), str(size), str(store)], check=True
        )
    return store


def report(size: int, corpus: dict[str, Any], lake: dict[str, Any]) -> None:
    """Print one size's figures."""
    print(f"\n== {size:,} statements ==")
    print(
        f"corpus: load + text {corpus['load_s']:.2f} s, peak RSS {corpus['peak_rss_mb']:.0f} MB | "
        f"lake: open {lake['open_s']:.2f} s, peak RSS {lake['peak_rss_mb']:.0f} MB"
    )
    print(
        "first-paint counts from the counts table: leader x week, whole store "
        f"({lake['counts_rows']:,} rows) "
        f"{lake['counts_first_ms']:.0f} ms; leader x topic x week, one year {lake['counts_year_ms']:.0f} ms"
    )
    print(
        f"{'query':<20} {'corpus ms':>10} {'lake ms':>8} {'page50':>7} {'hits':>9} | {'corpus yr':>9} "
        f"{'lake yr':>8} {'hits yr':>8} | {'ILIKE ms':>8} {'ILIKE hits':>10}"
    )
    for query in QUERIES:
        c, k = corpus["queries"][query], lake["queries"][query]
        agree = c["hits"] == k["hits"] and c["year_hits"] == k["year_hits"]
        same = "" if agree or c["hits"] == -1 else "  (HITS DIFFER)"  # -1: --skip-corpus
        print(
            f"{query:<20} {c['whole_ms']:>10.0f} {k['whole_ms']:>8.0f} {k['page_ms']:>7.0f} "
            f"{k['hits']:>9,} | {c['year_ms']:>9.0f} {k['year_ms']:>8.0f} {k['year_hits']:>8,} | "
            f"{k['ilike_ms']:>8.0f} "
            f"{k['ilike_hits']:>10,}{same}",
            flush=True,
        )


def main() -> None:
    """Measure each size in fresh processes and print a table per size."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000])
    parser.add_argument("--cache", type=Path, help="folder keeping the synthetic stores (default: temporary)")
    parser.add_argument("--skip-corpus", action="store_true", help="measure the lake only")
    parser.add_argument(
        "--index", action="store_true", help="also search through the full-text index (a copy of each store)"
    )
    parser.add_argument(
        "--dashboard",
        action="store_true",
        help="with --index: also the dashboard's search (the corpus as the dashboard loads it, filters.mask)",
    )
    parser.add_argument(
        "--only-dashboard",
        action="store_true",
        help="the dashboard's search alone (implies --index --dashboard; no scan to compare hits with: "
        "a 10M scan of every query takes many minutes)",
    )
    parser.add_argument("--repeat", type=int, default=REPEAT, help=f"runs per query (default: {REPEAT})")
    parser.add_argument("--child-corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child-lake", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child-index", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child-build", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child-dashboard", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_corpus:
        print(json.dumps(child_corpus(args.child_corpus)))
        return
    if args.child_lake:
        print(json.dumps(child_lake(args.child_lake)))
        return
    if args.child_index:
        print(json.dumps(child_index(args.child_index)))
        return
    if args.child_build:
        print(json.dumps(child_build(args.child_build)))
        return
    if args.child_dashboard:
        print(json.dumps(child_dashboard(args.child_dashboard)))
        return
    with tempfile.TemporaryDirectory(prefix="quoteline-search-") as tmp:
        cache = args.cache or Path(tmp)
        cache.mkdir(parents=True, exist_ok=True)
        for size in args.sizes:
            store = _store(cache, size)
            if args.only_dashboard:
                indexed, _ = _index_store(cache, size)
                unknown = {"queries": {q: {"hits": -1, "year_hits": -1} for q in QUERIES}}
                print(f"\n== {size:,} statements ==")
                report_dashboard(size, _run_child("dashboard", indexed, args.repeat), unknown)
                continue
            lake = _run_child("lake", store, args.repeat)
            empty = {"load_s": float("nan"), "peak_rss_mb": float("nan")}
            blank = {"whole_ms": float("nan"), "hits": -1, "year_ms": float("nan"), "year_hits": -1}
            corpus = (
                {**empty, "queries": dict.fromkeys(QUERIES, blank)}
                if args.skip_corpus
                else _run_child("corpus", store, args.repeat)
            )
            report(size, corpus, lake)
            if args.index:
                indexed, built = _index_store(cache, size)
                report_index(size, built, _run_child("index", indexed, args.repeat), lake)
                if args.dashboard:
                    report_dashboard(size, _run_child("dashboard", indexed, args.repeat), lake)


if __name__ == "__main__":
    main()
