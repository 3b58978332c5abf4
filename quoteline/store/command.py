"""The ``export`` and ``stats`` commands over the store."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import pandas as pd

from quoteline import settings
from quoteline.export import (
    ARTICLE_FIELDS,
    FORMATS,
    ExportError,
    ExportFilters,
    check_date_filter,
    export_to_file,
    filter_statements,
    with_article_fields,
    write_export,
)
from quoteline.schema import STORE_COLUMNS, A, S
from quoteline.store.errors import StoreError
from quoteline.store.overlay import CORRECTED
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
STATS_EXAMPLE = """\
Example:
  python -m quoteline stats
  python -m quoteline stats --top 5 --store /data/quoteline-store
"""


def register(subparsers: Any) -> None:
    """Add the ``export`` and ``stats`` sub-commands."""
    store_help = f"store folder (default: {settings.get('store_dir')})"
    ex = subparsers.add_parser(
        "export",
        help="write stored statements as CSV, JSON Lines or Parquet",
        description="Export the statements (with their article's title and URL), optionally filtered, with "
        "the corrections log applied and a `corrected` column (--raw: the extraction alone). CSV cells "
        "that a spreadsheet would run as formulas get a leading apostrophe.",
        epilog=EXPORT_EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
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
    ex.add_argument("--store", type=Path, metavar="DIR", help=store_help)
    ex.set_defaults(func=run_export)

    st = subparsers.add_parser(
        "stats",
        help="what the store holds, by leader, topic, outlet and year",
        description="Counts of statements in the store by leader, topic, outlet and year.",
        epilog=STATS_EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    st.add_argument("--top", type=int, default=20, metavar="N", help="rows per table (default: 20)")
    st.add_argument("--store", type=Path, metavar="DIR", help=store_help)
    st.set_defaults(func=run_stats)

    rp = subparsers.add_parser(
        "repair",
        help="rebuild a damaged store's manifest from its data files, after a backup",
        description="When the store's manifest is missing, unreadable or names missing data files, every "
        "command refuses to write to it. This copies the store folder to a backup beside it, reads every "
        "data file it finds, and commits them again under a new manifest. A healthy store is left alone.",
        epilog=REPAIR_EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    rp.add_argument("--store", type=Path, metavar="DIR", help=store_help)
    rp.set_defaults(func=run_repair)


def export_frame(store: Store, filters: ExportFilters, *, raw: bool = False) -> pd.DataFrame:
    """Filtered statements joined with their article's title, URL and publication date; corrected (with the
    flag) unless raw."""
    columns = list(STORE_COLUMNS) if raw else [*STORE_COLUMNS, CORRECTED]
    statements = filter_statements(store.statements(columns, raw=raw), filters)
    return with_article_fields(statements, store.articles([A.article_id, *ARTICLE_FIELDS.values()], raw=raw))


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
    try:
        df = export_frame(Store(args.store), filters, raw=args.raw)
        if args.output is not None:
            export_to_file(df, args.format, args.output)
    except (StoreError, ExportError) as err:
        print(f"export: {err}", file=sys.stderr)
        return 1
    if args.output is None:
        write_export(df, args.format, sys.stdout.buffer)
        sys.stdout.buffer.flush()
    else:
        print(f"exported {len(df)} statements to {args.output}", file=sys.stderr)
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
