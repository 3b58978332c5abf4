"""DuckDB over the mapped encoded arrays against the numpy query engine: the table's pages and the leader
page's counts, per filter state (issue 9: "keep one path, not two").

The encoded corpus (``quoteline/query/encoded.py``) maps each filter column of a commit from a ``.npy`` file.
Here those same arrays are handed to DuckDB as Arrow arrays over the mapped memory (no copy, no Parquet read,
nothing decoded, nothing pruned), and for each filter state of ``benchmarks/dashboard_speed.py`` and
``benchmarks/table_paging.py`` this times, over ``--rounds`` repeats (wall and process CPU, every thread's):

- SQL: the table's total (``count(*)``), its first page (``ORDER BY day DESC, key DESC LIMIT``), a keyset next
  page (after page 1's last day and id), an ``OFFSET`` jump to the middle page, and the leader page's counts
  per (speaker, week) bin, each cross-outlet cluster once per cell: every row counted (``count(*)``) less the
  repeats among the rows of the clusters that meet in a week (``cell_counts.meeting_order``), as the numpy
  engine counts; ``count(DISTINCT cluster)`` per bin is timed apart, and must agree;
- with ``--materialise``, the page run first keeps the view's selection as a DuckDB temporary table, which
  the later queries (and the page clicks) read instead of the whole arrays;
- numpy (today): ``select``, ``table_order`` (sorted once per view: its memo is cleared before each repeat, as
  a filter change starts a new view), the page slices, and ``cell_counts.count_cells`` of the same bins;

and checks that both give the same ids in the same order for every page and the same count in every bin.
The filters SQL has no column for (the search, the speaker's type and country, "Leaders only") are a row mask
from the numpy side (``filters.mask`` of those alone), registered as one more column; topics and counterparts
are their exploded (row, code) arrays, registered and semi-joined.

"sql: page run" (condition, kept selection, total, page 1, counts) and "numpy: page run" (``select``,
``table_order``, counts) are what a filter change asks of each path; page clicks are timed apart.

Run: ``nice -n 5 .venv/bin/python benchmarks/duck_mapped.py STORE [--rounds 10] [--threads 1]
[--materialise]``
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pyarrow as pa  # noqa: E402

from benchmarks.child import status_mb  # noqa: E402
from quoteline import settings  # noqa: E402
from quoteline.query import cell_counts  # noqa: E402
from quoteline.query.corpus import CLUSTER, DAY, WEEK, Corpus, Tags, category_codes  # noqa: E402
from quoteline.query.filters import Filters, day_number, mask, select  # noqa: E402
from quoteline.query.load import load_corpus  # noqa: E402
from quoteline.query.order import table_order  # noqa: E402
from quoteline.schema import S  # noqa: E402
from quoteline.store import Store  # noqa: E402

# The filters whose rows come from the numpy side as a mask (no column of the arrays holds them).
_MASKED = ("search", "speaker_types", "countries", "in_office")
# The categorical filters and the corpus column each one reads.
_CODED = (("leaders", S.speaker), ("stances", S.stance), ("kinds", S.kind), ("outlets", S.outlet))


def _arrow(values: np.ndarray) -> pa.Array:
    """A numeric array as Arrow over the same memory (a mapped file stays mapped: no copy)."""
    flat = np.ascontiguousarray(values)
    array = pa.Array.from_buffers(pa.from_numpy_dtype(flat.dtype), len(flat), [None, pa.py_buffer(flat)])
    return array


def _days(days: np.ndarray) -> pa.Array:
    """The float32 days with undated rows (NaN) as nulls: DuckDB sorts NaN above every number, so NaN would
    come first newest first; the validity bitmap is the one copy (a bit a row)."""
    valid = np.packbits(~np.isnan(days), bitorder="little")
    return pa.Array.from_buffers(pa.float32(), len(days), [pa.py_buffer(valid), pa.py_buffer(days)])


@dataclass(frozen=True)
class Page:
    """A SQL page: the corpus rows in order, and the key its next page starts after (None: the last)."""

    rows: np.ndarray
    next_key: tuple[float | None, int] | None


class MappedSql:
    """DuckDB over one corpus' arrays: ``s`` (row, speaker, stance, kind, outlet, day, week, cluster, key),
    ``topics`` and ``counterparts`` (row, code). The arrays are the corpus' own (mapped when encoded)."""

    def __init__(self, corpus: Corpus, threads: int) -> None:
        self.corpus = corpus
        self.source = "s"  # what the queries read: ``s``, or the selection ``materialise`` kept
        frame = corpus.frame
        self.con = duckdb.connect()
        self.con.execute(f"SET threads={int(threads)}")
        n = len(corpus)
        columns: dict[str, pa.Array] = {"row": _arrow(np.arange(n, dtype=np.int32))}
        for _, column in _CODED:
            columns[column] = _arrow(category_codes(frame[column]))
        columns[DAY] = _days(frame[DAY].to_numpy())
        columns[WEEK] = _arrow(frame[WEEK].to_numpy())
        columns[CLUSTER] = _arrow(frame[CLUSTER].to_numpy())
        columns["key"] = _arrow(corpus.id_sort_keys())
        self.columns = columns
        # The rows of the clusters two of whose rows share a week (``cell_counts.meeting_order``: mapped from
        # the encoded folder): only they can repeat one another in a (speaker, week) cell.
        meeting = cell_counts.meeting_order(corpus, "week")
        self.con.register("meeting", pa.table({"row": _arrow(np.asarray(meeting, dtype=np.int32))}))
        for name, tags in (("topics", corpus.topics), ("counterparts", corpus.counterparts)):
            self.con.register(name, pa.table({"row": _arrow(tags.rows), "code": _arrow(tags.codes)}))
        self._register(None)

    def _register(self, keep: np.ndarray | None) -> None:
        columns = dict(self.columns)
        if keep is not None:  # a byte a row, read as uint8 where numpy wrote bools
            columns["keep"] = _arrow(keep.view(np.uint8))
        self.con.register("s", pa.table(columns))

    def condition(self, filters: Filters) -> str:
        """The filters as a condition over ``s``: codes for the categories and tags, day numbers for the
        range, and ``keep`` (registered here) for the filters only the numpy side answers."""
        corpus = self.corpus
        where: list[str] = []
        for field, column in _CODED:
            wanted = getattr(filters, field)
            if wanted:
                found = corpus.frame[column].cat.categories.get_indexer(pd.Index(list(wanted), dtype=object))
                codes = ",".join(str(int(c)) for c in found if c >= 0) or "NULL"
                where.append(f"{column} IN ({codes})")
        for name, tags, wanted in (
            ("topics", corpus.topics, filters.topics),
            ("counterparts", corpus.counterparts, filters.counterparts),
        ):
            if wanted:
                where.append(f"row IN (SELECT row FROM {name} WHERE code IN ({_tag_codes(tags, wanted)}))")
        if filters.date_from is not None:
            where.append(f"{DAY} >= {day_number(filters.date_from)}")
        if filters.date_to is not None:
            where.append(f"{DAY} <= {day_number(filters.date_to)}")
        masked = Filters(**{f: getattr(filters, f) for f in _MASKED})
        if masked != Filters():
            self._register(mask(corpus, masked))
            where.append("keep = 1")
        else:
            self._register(None)
        return " AND ".join(where) or "true"

    def materialise(self, where: str) -> str:
        """Keep the rows ``where`` selects (the columns the queries read) as the temporary table ``sel``,
        which the next queries read instead of ``s``: the condition (a tag's semi-join) is run once a view,
        not once a query. Returns the condition over ``sel``."""
        self.source = "s"
        self.con.execute(
            f"""CREATE OR REPLACE TEMP TABLE sel AS SELECT row, {S.speaker}, {DAY}, {WEEK}, {CLUSTER}, key
            FROM s WHERE {where}"""
        )
        self.source = "sel"
        return "true"

    def total(self, where: str) -> tuple[int, int]:
        """The rows the condition keeps, and how many of them are dated."""
        got = self.con.execute(f"SELECT count(*), count({DAY}) FROM {self.source} WHERE {where}").fetchone()
        assert got is not None
        return int(got[0]), int(got[1])

    def page(
        self, where: str, size: int, after: tuple[float | None, int] | None = None, offset: int = 0
    ) -> Page:
        """A page in the table's default order (newest first, then statement id, undated last)."""
        bound = ""
        if after is not None:
            day, key = after
            bound = (
                f"AND ({DAY} IS NULL AND key < {key})"
                if day is None
                else f"AND ({DAY} < {day} OR ({DAY} = {day} AND key < {key}) OR {DAY} IS NULL)"
            )
        got = self.con.execute(
            f"""SELECT row, {DAY}, key FROM {self.source} WHERE ({where}) {bound}
            ORDER BY {DAY} DESC NULLS LAST, key DESC LIMIT {int(size) + 1} OFFSET {int(offset)}"""
        ).fetchnumpy()
        rows = np.asarray(got["row"][:size])
        more = len(got["row"]) > size
        next_key: tuple[float | None, int] | None = None
        if more and len(rows):
            last_day: Any = got[DAY][size - 1]  # masked when undated
            last_key: Any = got["key"][size - 1]
            next_key = (None if np.ma.is_masked(last_day) else float(last_day), int(last_key))
        return Page(rows, next_key)

    def leader_weeks(self, where: str) -> dict[tuple[int, int], int]:
        """Distinct statements per (speaker code, week) of the dated rows: each cluster once per cell."""
        got = self.con.execute(
            f"""SELECT {S.speaker}, {WEEK}, count(DISTINCT {CLUSTER}) AS n FROM {self.source}
            WHERE ({where}) AND {DAY} IS NOT NULL GROUP BY ALL"""
        ).fetchnumpy()
        return {(int(a), int(b)): int(c) for a, b, c in zip(got[S.speaker], got[WEEK], got["n"], strict=True)}

    def leader_weeks_less_repeats(self, where: str) -> dict[tuple[int, int], int]:
        """The same counts as every row per cell (a perfect-hash ``count(*)``), less the repeats found
        among the rows of the clusters that meet in a week only (the numpy engine's way)."""
        every = self.con.execute(
            f"""SELECT {S.speaker}, {WEEK}, count(*) AS n FROM {self.source}
            WHERE ({where}) AND {DAY} IS NOT NULL GROUP BY ALL"""
        ).fetchnumpy()
        out = {
            (int(a), int(b)): int(c)
            for a, b, c in zip(every[S.speaker], every[WEEK], every["n"], strict=True)
        }
        repeats = self.con.execute(
            f"""SELECT {S.speaker}, {WEEK}, count(*) - count(DISTINCT {CLUSTER}) AS n FROM {self.source}
            WHERE ({where}) AND {DAY} IS NOT NULL AND row IN (SELECT row FROM meeting) GROUP BY ALL"""
        ).fetchnumpy()
        for a, b, c in zip(repeats[S.speaker], repeats[WEEK], repeats["n"], strict=True):
            out[(int(a), int(b))] -= int(c)
        return out


def _tag_codes(tags: Tags, wanted: tuple[str, ...]) -> str:
    lookup = {label: i for i, label in enumerate(tags.labels)}
    return ",".join(str(lookup[w]) for w in wanted if w in lookup) or "NULL"


def numpy_leader_weeks(corpus: Corpus, dated: np.ndarray) -> dict[tuple[int, int], int]:
    """Today's counts of the same bins (``cell_counts.count_cells``), keyed by speaker code and week."""
    if not len(dated):
        return {}
    cells = cell_counts.count_cells(corpus, dated, "leader", "week")
    codes = corpus.frame[S.speaker].cat.categories.get_indexer(pd.Index(list(cells.labels), dtype=object))
    grid = cells.counts.reshape(len(cells.labels), cells.n_periods)
    lane, period = np.nonzero(grid)
    return {(int(codes[a]), int(b) + cells.p0): int(grid[a, b]) for a, b in zip(lane, period, strict=True)}


def states(corpus: Corpus) -> list[tuple[str, Filters]]:
    """The filter states of ``dashboard_speed.py``'s changes and ``table_paging.py``'s."""
    leaders = list(corpus.speaker_counts())
    topics = list(corpus.topics.labels)
    counterparts = list(corpus.counterparts.labels)
    busiest = max(corpus.speaker_counts().items(), key=lambda kv: kv[1])[0]
    outlet = str(corpus.frame[S.outlet].value_counts().index[0])
    outlets = corpus.category_values(S.outlet)
    pick = lambda i, xs: xs[min(i, len(xs) - 1)]  # noqa: E731  (a tiny store has few of each)
    return [
        ("everything", Filters()),
        ("one leader", Filters(leaders=(pick(0, leaders),))),
        ("two leaders", Filters(leaders=(pick(0, leaders), pick(3, leaders)))),
        ("a topic", Filters(topics=(pick(1, topics),))),
        ("two stances", Filters(stances=("denial", "threat"))),
        ("direct, outlet 04", Filters(kinds=("direct",), outlets=(pick(4, outlets),))),
        ("2023", Filters(date_from=date(2023, 1, 1), date_to=date(2023, 12, 31))),
        ("search", Filters(search="border reform")),
        ("leader and topic", Filters(leaders=(pick(1, leaders),), topics=(pick(2, topics),))),
        ("a counterpart", Filters(counterparts=(pick(0, counterparts),))),
        ("leader since 2022-06", Filters(leaders=(pick(5, leaders),), date_from=date(2022, 6, 1))),
        ("leader, praise", Filters(leaders=(pick(20, leaders),), stances=("praise",))),
        (
            "busiest leader, 2023",
            Filters(leaders=(busiest,), date_from=date(2023, 1, 1), date_to=date(2023, 12, 31)),
        ),
        ("direct, busiest outlet", Filters(kinds=("direct",), outlets=(outlet,))),
        ("leaders only", Filters(in_office=True)),
    ]


@dataclass
class Clock:
    """Wall and CPU milliseconds of repeated steps, by step name."""

    wall: dict[str, list[float]]
    cpu: dict[str, list[float]]

    def time(self, step: str, make: Callable[[], Any]) -> Any:
        t, c = time.perf_counter(), time.process_time()
        got = make()
        self.wall.setdefault(step, []).append((time.perf_counter() - t) * 1000)
        self.cpu.setdefault(step, []).append((time.process_time() - c) * 1000)
        return got


def p95(values: list[float]) -> float:
    """The inclusive 95th percentile (``dashboard_speed.py``'s)."""
    return statistics.quantiles(values, n=20, method="inclusive")[-1] if len(values) > 1 else values[0]


def sql_run(
    sql: MappedSql, filters: Filters, size: int, clock: Clock, materialise: bool = False
) -> dict[str, Any]:
    """What a page run asks of SQL: the condition (and its mask), the total, page 1 and the counts; then
    a keyset page 2 and the middle page by OFFSET (page clicks, timed apart)."""
    t, c = time.perf_counter(), time.process_time()
    where = clock.time("sql: condition (mask)", lambda: sql.condition(filters))
    sql.source = "s"
    if materialise:
        where = clock.time("sql: selection kept", lambda: sql.materialise(where))
    total, dated = clock.time("sql: total", lambda: sql.total(where))
    first = clock.time("sql: page 1", lambda: sql.page(where, size))
    weeks = clock.time("sql: counts", lambda: sql.leader_weeks_less_repeats(where))
    clock.wall.setdefault("sql: page run", []).append((time.perf_counter() - t) * 1000)
    clock.cpu.setdefault("sql: page run", []).append((time.process_time() - c) * 1000)
    distinct = clock.time("sql: counts, count(DISTINCT) (apart)", lambda: sql.leader_weeks(where))
    assert distinct == weeks, "the two SQL counts differ"
    second = Page(first.rows[:0], None)  # no page 2 when page 1 was the last
    if first.next_key is not None:
        second = clock.time("sql: page 2 (key)", lambda: sql.page(where, size, after=first.next_key))
    middle = (total // size // 2) * size
    mid = clock.time("sql: middle (offset)", lambda: sql.page(where, size, offset=middle))
    return {"total": (total, dated), "pages": [first.rows, second.rows, mid.rows], "weeks": weeks}


def numpy_run(corpus: Corpus, filters: Filters, size: int, clock: Clock) -> dict[str, Any]:
    """The same answers from today's engine: the selection, the view's order, its pages and the counts."""
    t, c = time.perf_counter(), time.process_time()
    picked = clock.time("numpy: select", lambda: select(corpus, filters))
    # A filter change is a new view: its order is sorted afresh (only the corpus-wide order stays).
    corpus._memo.get("memo:table_order", {}).pop(("table_order", filters, "date", True), None)
    ordered = clock.time("numpy: order", lambda: table_order(corpus, filters, "date", True, picked))
    weeks = clock.time("numpy: counts", lambda: numpy_leader_weeks(corpus, picked.dated))
    clock.wall.setdefault("numpy: page run", []).append((time.perf_counter() - t) * 1000)
    clock.cpu.setdefault("numpy: page run", []).append((time.process_time() - c) * 1000)
    middle = (len(ordered) // size // 2) * size
    pages = [ordered[:size], ordered[size : 2 * size], ordered[middle : middle + size]]
    return {"total": (picked.total, len(picked.dated)), "pages": pages, "weeks": weeks}


def same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether two runs gave the same totals, pages (rows in order) and bins."""
    pages = all(
        np.array_equal(np.asarray(x, np.int64), np.asarray(y, np.int64))
        for x, y in zip(a["pages"], b["pages"], strict=True)
    )
    return bool(a["total"] == b["total"] and pages and a["weeks"] == b["weeks"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--size", type=int, default=500)
    parser.add_argument(
        "--materialise", action="store_true", help="keep each view's selection as a DuckDB temp table"
    )
    parser.add_argument("--only", choices=("both", "sql", "numpy"), default="both")
    args = parser.parse_args()
    t0 = time.perf_counter()
    corpus = load_corpus(Store(args.store), lean_from=settings.get_int("lake_rows_min_statements"))
    reading = corpus.prefetch()
    if reading is not None:
        reading.join()
    print(
        f"{len(corpus):,} statements loaded in {time.perf_counter() - t0:.1f} s; "
        f"RSS {status_mb('VmRSS'):.0f} MB"
    )
    sql = MappedSql(corpus, args.threads)
    print(
        f"DuckDB {duckdb.__version__}, threads={args.threads}, materialise={args.materialise}; "
        f"RSS {status_mb('VmRSS'):.0f} MB"
    )
    clock = Clock({}, {})
    chosen = states(corpus)
    # A warm-up pass: the corpus-wide order (once per corpus) and the first mapped reads are not a change.
    for name, filters in chosen:
        runs = []
        if args.only in ("both", "numpy"):
            runs.append(numpy_run(corpus, filters, args.size, Clock({}, {})))
        if args.only in ("both", "sql"):
            runs.append(sql_run(sql, filters, args.size, Clock({}, {}), args.materialise))
        equal = "" if len(runs) < 2 else ("same" if same(runs[0], runs[1]) else "DIFFERENT")
        print(f"{name}: {runs[0]['total'][0]:,} rows {equal}", flush=True)
    rss = status_mb("VmRSS")
    for _ in range(args.rounds):
        for _name, filters in chosen:
            if args.only in ("both", "numpy"):
                numpy_run(corpus, filters, args.size, clock)
            if args.only in ("both", "sql"):
                sql_run(sql, filters, args.size, clock, args.materialise)
    print(
        f"{args.rounds} rounds of {len(chosen)} states; RSS before {rss:.0f} MB, "
        f"after {status_mb('VmRSS'):.0f}, peak {status_mb('VmHWM'):.0f}"
    )
    print("step | wall median / p95 ms | CPU median / p95 ms")
    for step in clock.wall:
        w, c = clock.wall[step], clock.cpu[step]
        print(
            f"{step} | {statistics.median(w):.0f} / {p95(w):.0f} | {statistics.median(c):.0f} / {p95(c):.0f}"
        )
    # Per state: the page run's median wall both ways.
    n = len(chosen)
    for key in ("sql: page run", "numpy: page run", "sql: middle (offset)"):
        if key in clock.wall:
            per = [statistics.median(clock.wall[key][i::n]) for i in range(n)]
            print(
                f"{key} by state: "
                + ", ".join(f"{name} {ms:.0f}" for (name, _), ms in zip(chosen, per, strict=True))
            )


if __name__ == "__main__":
    main()
