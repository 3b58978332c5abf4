"""The ``export`` and ``stats`` commands over the store."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import pandas as pd

from quoteline import settings
from quoteline.cli import store_option, subcommand
from quoteline.export import (
    FORMATS,
    ExportError,
    ExportFilters,
    check_date_filter,
)
from quoteline.schema import A, S
from quoteline.store import delta
from quoteline.store.errors import StoreError
from quoteline.store.manifest import ALL_TABLES, TABLES
from quoteline.store.store import Store

USAGE = 64  # EX_USAGE: the command line itself is wrong (see the README's exit codes)

EXPORT_EXAMPLE = """\
Example:
  python -m quoteline export --format csv -o statements.csv
  python -m quoteline export --format jsonl --leader "Mara Velcheva" --topic energy --since 2023-01-01
  python -m quoteline export --format parquet -o all.parquet
  python -m quoteline export --raw -o extracted.csv     # the extraction, without the corrections
"""
REPAIR_EXAMPLE = """\
Example:
  python -m quoteline repair --store data/store
"""
HISTORY_EXAMPLE = """\
Example:
  python -m quoteline history
  python -m quoteline history --table statements --limit 5
"""
COMPACT_EXAMPLE = """\
Example:
  python -m quoteline compact                       # keep the files of the last 168 hours' versions
  python -m quoteline compact --retention-hours 0   # keep only the current version's files
"""
MIGRATE_EXAMPLE = """\
Example:
  python -m quoteline migrate --store data/store
"""
STATS_EXAMPLE = """\
Example:
  python -m quoteline stats
  python -m quoteline stats --top 5 --store /data/quoteline-store
"""


def register(subparsers: Any) -> None:
    """Add the ``export``, ``stats``, ``repair``, ``history``, ``compact`` and ``migrate`` sub-commands."""
    ex = subcommand(
        subparsers,
        "export",
        summary="write stored statements as CSV, JSON Lines or Parquet",
        description="Export the statements (with their article's title and URL), optionally filtered, with "
        "the corrections log applied and a `corrected` column (--raw: the extraction alone). CSV cells "
        "that a spreadsheet would run as formulas get a leading apostrophe.",
        example=EXPORT_EXAMPLE,
    )
    ex.add_argument("--format", choices=FORMATS, default="csv", help="output format (default: csv)")
    ex.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="output file (default: standard output)"
    )
    ex.add_argument("--leader", action="append", default=[], metavar="NAME", help="speaker; repeatable")
    ex.add_argument("--topic", action="append", default=[], metavar="TOPIC", help="topic; repeatable")
    ex.add_argument("--outlet", action="append", default=[], metavar="NAME", help="outlet; repeatable")
    ex.add_argument("--kind", action="append", default=[], choices=("direct", "indirect"), help="repeatable")
    ex.add_argument("--stance", action="append", default=[], metavar="STANCE", help="stance; repeatable")
    ex.add_argument("--since", metavar="DATE", help="statements dated on or after DATE (YYYY[-MM[-DD]])")
    ex.add_argument("--until", metavar="DATE", help="statements dated on or before DATE")
    ex.add_argument("--search", metavar="TEXT", help="statements whose text contains TEXT")
    ex.add_argument(
        "--raw", action="store_true", help="the extraction as it was, without the corrections log applied"
    )
    store_option(ex)
    ex.set_defaults(func=run_export)

    st = subcommand(
        subparsers,
        "stats",
        summary="what the store holds, by leader, topic, outlet and year",
        description="Counts of statements in the store by leader, topic, outlet and year.",
        example=STATS_EXAMPLE,
    )
    st.add_argument("--top", type=int, default=20, metavar="N", help="rows per table (default: 20)")
    store_option(st)
    st.set_defaults(func=run_stats)

    rp = subcommand(
        subparsers,
        "repair",
        summary="rebuild a damaged store from its data files, after a backup",
        description="When the store's commit record (commit.json) is missing or unreadable, or a data file "
        "of the current commit is missing, every command refuses to write to it. This copies the store "
        "folder to a backup beside it, reads every data file of each table's newest version, and commits "
        "them again as one new commit. A healthy store is left alone.",
        example=REPAIR_EXAMPLE,
    )
    store_option(rp)
    rp.set_defaults(func=run_repair)

    hi = subcommand(
        subparsers,
        "history",
        summary="list the versions of the store's Delta tables",
        description="Every version of the articles, statements and corrections tables and of the summary "
        "tables written with them (counts and the facet tables), newest first: the version, when it was "
        "written, the operation and how many rows it added. Any version can be read with time travel "
        "(docs/STORE.md).",
        example=HISTORY_EXAMPLE,
    )
    hi.add_argument("--table", choices=ALL_TABLES, action="append", help="only this table; repeatable")
    hi.add_argument("--limit", type=int, default=50, metavar="N", help="newest N versions (default: 50)")
    store_option(hi)
    hi.set_defaults(func=run_history)

    co = subcommand(
        subparsers,
        "compact",
        summary="merge small data files and vacuum old versions",
        description="Merges each table's small data files (Delta optimize) and deletes the files no version "
        "younger than the retention uses (Delta vacuum). Commits also compact on their own once a table "
        "holds more than `compact_threshold` files in one partition.",
        example=COMPACT_EXAMPLE,
    )
    co.add_argument(
        "--retention-hours",
        type=float,
        metavar="H",
        help=f"keep the files of versions younger than H hours (default: {settings.get('retention_hours')})",
    )
    store_option(co)
    co.set_defaults(func=run_compact)

    mi = subcommand(
        subparsers,
        "migrate",
        summary="convert an old-format store (manifest.json) to Delta Lake tables, or add the statements' "
        "tag-set columns or the summary tables to a store written before them, after a backup",
        description="Any command converts an old-format store (or adds the tag-set columns) on first use; "
        "this does it explicitly, and also writes the summary tables a commit predates (until then they are "
        "counted from the statements on read, and the next commit writes them). "
        "The folder is first copied to <store>.backup-<time>; a store already "
        "converted is left alone.",
        example=MIGRATE_EXAMPLE,
    )
    store_option(mi)
    mi.set_defaults(func=run_migrate)


def export_frame(store: Store, filters: ExportFilters, *, raw: bool = False) -> pd.DataFrame:
    """Filtered statements joined with their article's title, URL and publication date; corrected (with the
    flag) unless raw. The same DuckDB query the command streams (``quoteline.query.lake_export``)."""
    from quoteline.query.lake_export import export_rows

    return export_rows(store, filters, raw=raw)


def run_export(args: argparse.Namespace) -> int:
    """Write the export."""
    if args.format == "parquet" and args.output is None and sys.stdout.isatty():
        print("export: Parquet is binary; give -o FILE", file=sys.stderr)
        return 1
    try:
        since = check_date_filter("--since", args.since)
        until = check_date_filter("--until", args.until)
    except ExportError as err:
        print(f"export: {err}", file=sys.stderr)
        return USAGE
    filters = ExportFilters(
        leaders=args.leader,
        topics=args.topic,
        outlets=args.outlet,
        kinds=args.kind,
        stances=args.stance,
        since=since,
        until=until,
        search=args.search,
    )
    from quoteline.query.lake import open_lake
    from quoteline.query.lake_export import export_to_path, stream_export

    store = Store(args.store)
    try:
        if args.output is not None:
            n = export_to_path(store, filters, args.format, args.output, raw=args.raw)
        else:
            with open_lake(store, raw=args.raw) as lake:
                stream_export(lake, filters, args.format, sys.stdout.buffer, raw=args.raw)
            sys.stdout.buffer.flush()
    except (StoreError, ExportError) as err:
        print(f"export: {err}", file=sys.stderr)
        return 1
    if args.output is not None:
        print(f"exported {n} statements to {args.output}", file=sys.stderr)
    return 0


def stats_tables(store: Store, top: int = 20) -> dict[str, pd.Series]:
    """Statement counts by leader, topic, outlet and year (undated statements counted apart)."""
    df = store.statements([S.speaker, S.topics, S.outlet, S.date])
    year = df[S.date].astype("object").map(lambda d: d[:4] if isinstance(d, str) else "undated")
    topics = df[S.topics].map(list).explode().dropna()
    return {
        "leader": df[S.speaker].value_counts().head(top),
        "topic": topics.value_counts().head(top),
        "outlet": df[S.outlet].fillna("(unknown outlet)").value_counts().head(top),
        "year": year.value_counts().sort_index(),
    }


def run_stats(args: argparse.Namespace) -> int:
    """Print what the store holds."""
    store = Store(args.store)
    try:
        if not store.exists():
            print(f"the store at {store.root} is empty; run `python -m quoteline ingest PATH` first")
            return 0
        n_articles = len(store.articles([A.article_id]))
        clusters = store.statements([S.cluster_id])
        tables = stats_tables(store, args.top)
    except StoreError as err:
        print(f"stats: {err}", file=sys.stderr)
        return 1
    print(f"store: {store.root} (version {store.version()})")
    print(
        f"articles: {n_articles}  statements: {len(clusters)}  "
        f"distinct quotes (cross-outlet clusters): {clusters[S.cluster_id].nunique()}"
    )
    for name, counts in tables.items():
        print(f"\nby {name}:")
        width = max((len(str(k)) for k in counts.index), default=0)
        for key, count in counts.items():
            print(f"  {key!s:<{width}}  {count}")
    return 0


def run_repair(args: argparse.Namespace) -> int:
    """Repair the store and print what was done."""
    from quoteline.store.repair import repair

    try:
        report = repair(Store(args.store))
    except StoreError as err:
        print(f"repair: {err}", file=sys.stderr)
        return 1
    print(report.summary())
    return 0


def run_history(args: argparse.Namespace) -> int:
    """Print the versions of the store's tables."""
    store = Store(args.store)
    try:
        versions = [v for v in store.history() if not args.table or v.table in args.table]
    except StoreError as err:
        print(f"history: {err}", file=sys.stderr)
        return 1
    if not versions:
        print(f"the store at {store.root} is empty")
        return 0
    print(f"{'table':<12} {'version':>7}  {'time (UTC)':<19}  {'operation':<16} {'rows added':>10}  commit")
    for v in versions[: args.limit]:
        rows = "" if v.rows_added is None else str(v.rows_added)
        when = v.time.strftime("%Y-%m-%d %H:%M:%S")
        print(f"{v.table:<12} {v.version:>7}  {when:<19}  {v.operation:<16} {rows:>10}  {v.generation or ''}")
    return 0


def run_compact(args: argparse.Namespace) -> int:
    """Compact and vacuum the store."""
    store = Store(args.store)
    try:
        before = _file_counts(store)
        manifest = store.compact(args.retention_hours)
        after = _file_counts(store)
    except StoreError as err:
        print(f"compact: {err}", file=sys.stderr)
        return 1
    if manifest is None:
        print(f"the store at {store.root} is empty; nothing to compact")
        return 0
    for table in TABLES:
        print(f"{table}: {before[table]} -> {after[table]} data files")
    print(f"version {manifest.version}")
    from quoteline.query.load import refresh_encoded

    refresh_encoded(store)  # and removes the encoded corpus of the versions before
    return 0


def _file_counts(store: Store) -> dict[str, int]:
    manifest = store.manifest()
    if manifest is None:
        return dict.fromkeys(TABLES, 0)
    return {t: len(delta.data_files(store.root, t, manifest.table_version(t))) for t in TABLES}


def run_migrate(args: argparse.Namespace) -> int:
    """Convert an old-format store."""
    from quoteline.store.migrate import migrate

    store = Store(args.store)
    try:
        report = migrate(store)
    except StoreError as err:
        print(f"migrate: {err}", file=sys.stderr)
        return 1
    if report.backup is None:
        print(f"the store at {store.root} is already in the Delta Lake format (version {report.version})")
        return 0
    rows = ", ".join(f"{n} {table}" for table, n in report.rows.items())
    if report.tag_sets:
        print(f"added the tag-set columns to {store.root}: {rows} rows (version {report.version})")
    if report.summaries:
        summed = ", ".join(report.summaries)
        print(f"wrote the {summed} table(s) of {store.root}: {rows} rows counted (version {report.version})")
    if not (report.tag_sets or report.summaries):
        print(f"converted {store.root} to Delta Lake tables: {rows} rows (version {report.version})")
    print(f"backup of the old files: {report.backup}")
    return 0
