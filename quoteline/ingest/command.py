"""The ``ingest`` command: files and folders in, statements in the store, a summary out."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import Any

from quoteline import settings
from quoteline.cli import store_option, subcommand
from quoteline.ingest.pipeline import IngestReport, cpu_count, ingest_paths, reextract
from quoteline.ingest.published import check_published
from quoteline.ingest.raw import FieldMap
from quoteline.schema import A
from quoteline.store import Store, StoreError

LOGGER = logging.getLogger(__name__)

USAGE = 64  # EX_USAGE: the command line itself is wrong (see the README's exit codes)

EXAMPLE = """\
Example:
  python -m quoteline ingest data/sample
  python -m quoteline ingest ~/saved-pages feed.xml --source "Valdoria Today" --workers 2
  python -m quoteline ingest dump.jsonl --field text=body --field published=date
  python -m quoteline ingest --reextract
  python -m quoteline ingest dump.jsonl --engine dask --workers 2
  python -m quoteline ingest /shared/news --engine dask --scheduler tcp://10.0.0.5:8786
"""


def register(subparsers: Any) -> None:
    """Add the ``ingest`` sub-command."""
    p = subcommand(
        subparsers,
        "ingest",
        summary="read article files and folders into the statement store",
        description="Read .txt/.md, .html, .json/.jsonl, .csv and RSS/Atom files (folders recursively), "
        "extract "
        "their statements and add them to the store. Exit status: 0 all ingested, 2 some items "
        "failed or were not reached, 1 nothing could be done, 64 a usage error, 78 a malformed setting.",
        example=EXAMPLE,
    )
    p.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="files or folders to ingest")
    p.add_argument(
        "--published", metavar="DATE", help="publication date for every article (overrides the files)"
    )
    p.add_argument("--source", metavar="NAME", help="outlet name for every article (overrides the files)")
    store_option(p)
    p.add_argument(
        "--workers",
        type=int,
        default=None,
        metavar="N",
        help=f"worker processes (default: {settings.get('workers')})",
    )
    p.add_argument(
        "--engine",
        choices=("local", "dask"),
        default="local",
        help="local (default): this machine's worker processes, committing every --batch-size articles; "
        "dask: a Dask distributed cluster (a local one of --workers processes, or --scheduler's), "
        "committing everything in one commit at the end (see docs/SCALE.md)",
    )
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="with --engine dask: the address of a running Dask scheduler (tcp://HOST:8786); its workers "
        "must see the input files at the same paths. Default: a local cluster of --workers processes",
    )
    p.add_argument(
        "--more-workers-than-cpus",
        action="store_true",
        help="allow --workers above the number of CPUs (by default it is capped there, with a message)",
    )
    p.add_argument(
        "--follow-symlinks",
        action="store_true",
        help="follow symlinks inside the folders given that point outside them (default: not followed, "
        "and listed in the summary)",
    )
    p.add_argument(
        "--reextract",
        action="store_true",
        help="re-run the current extractor over stored articles an older one extracted, in --workers "
        "processes, committing everything in one commit",
    )
    p.add_argument(
        "--field",
        action="append",
        default=[],
        metavar="NAME=FIELD",
        help="JSON/CSV field holding NAME (title, text, published, source, url); repeatable",
    )
    p.add_argument(
        "--batch-size",
        type=int,
        default=None,
        metavar="N",
        help="articles per store commit; a killed ingest loses at most one batch "
        "(default: setting ingest_batch_size, 200)",
    )
    p.set_defaults(func=run)


class _Bar:
    """A tqdm progress bar with ETA on stderr, created once the number of files is known."""

    def __init__(self, unit: str) -> None:
        self.unit = unit
        self.bar: Any = None

    def __call__(self, done: int, total: int, where: str) -> None:
        from tqdm import tqdm

        if self.bar is None:
            self.bar = tqdm(total=total, unit=self.unit, file=sys.stderr, dynamic_ncols=True)
        elif self.bar.total != total:  # the dask engine learns the total as its workers count the files
            self.bar.total = total
            self.bar.refresh()
        self.bar.update(done - self.bar.n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def run(args: argparse.Namespace) -> int:
    """Run an ingest and print its summary."""
    if not args.paths and not args.reextract:
        print("ingest: give at least one PATH (or --reextract)", file=sys.stderr)
        return USAGE
    try:
        fields = FieldMap.from_pairs(args.field)
        published = check_published(args.published, "--published") if args.published else None
    except ValueError as exc:  # InputError is a ValueError too
        print(f"ingest: {exc}", file=sys.stderr)
        return USAGE
    store = Store(args.store)
    if args.scheduler and args.engine != "dask":
        print("ingest: --scheduler needs --engine dask", file=sys.stderr)
        return USAGE
    workers = args.workers if args.workers is not None else settings.get_int("workers")
    if workers < 1:
        print(f"ingest: --workers must be at least 1, not {workers}", file=sys.stderr)
        return USAGE
    cpus = cpu_count()
    if args.scheduler and args.workers is not None:
        print(
            "ingest: --workers is not used with --scheduler: the cluster's own workers extract",
            file=sys.stderr,
        )
    elif workers > cpus and not args.more_workers_than_cpus:
        print(
            f"ingest: {workers} workers asked for, but only {cpus} CPUs here; using {cpus} "
            "(--more-workers-than-cpus to insist)",
            file=sys.stderr,
        )
        workers = cpus
    report = IngestReport()
    bar = _Bar("article" if args.engine == "dask" else "file")
    try:
        if args.paths and args.engine == "dask":
            from quoteline.ingest.dask_engine import ingest_paths_dask

            report = ingest_paths_dask(
                args.paths,
                store,
                scheduler=args.scheduler,
                workers=workers,
                published=published,
                source=args.source,
                progress=bar,
                fields=fields,
                follow_symlinks=args.follow_symlinks,
            )
        elif args.paths:
            report = ingest_paths(
                args.paths,
                store,
                published=published,
                source=args.source,
                workers=workers,
                progress=bar,
                fields=fields,
                batch_size=None if args.batch_size is None else max(1, args.batch_size),
                follow_symlinks=args.follow_symlinks,
            )
        if args.reextract:
            bar.close()
            bar = _Bar("article")
            redo = reextract(store, progress=bar, workers=workers)
            report.articles_reextracted = redo.articles_reextracted
            report.statements_added += redo.statements_added
            report.failures += redo.failures
            report.articles_failed += redo.articles_failed
    except StoreError as err:
        report.fatal = str(err)
    finally:
        bar.close()
    print(report.summary())
    _undated_note(store)
    from quoteline.query import text_index

    text_index.refresh(store, progress=True)  # the batch's rows, now rather than on the next search
    from quoteline.query.load import refresh_encoded

    refresh_encoded(store)  # once per run: the dashboard's next cold load maps the new version
    return report.exit_code


def _undated_note(store: Store) -> None:
    """Print how many stored articles have no date (their statements stay off the timelines) and the fix."""
    try:
        if not store.exists():
            return
        undated = int(store.articles([A.published])[A.published].isna().sum())
    except StoreError as err:
        LOGGER.warning("could not count the undated articles: %s", err)
        return
    if undated:
        print(
            f"undated articles in the store: {undated} (their statements are not on the timelines); "
            "date them "
            "with --published YYYY-MM-DD, a 'published: YYYY-MM-DD' header line in the file, or afterwards "
            "with `python -m quoteline correct article ID --published YYYY-MM-DD` "
            "(`python -m quoteline corrections --undated` lists them)"
        )
