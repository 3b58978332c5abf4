"""The ``index`` command: build or bring up to date the store's full-text search index."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from quoteline import settings
from quoteline.cli import store_option, subcommand
from quoteline.store.errors import StoreError
from quoteline.store.store import Store

INDEX_EXAMPLE = """Example:
  python -m quoteline index                  # catch the index up with the store's current commit
  python -m quoteline index --rebuild        # build it again from scratch
  python -m quoteline index --store /data/quoteline-store"""


def register(subparsers: Any) -> None:
    """Add the ``index`` sub-command."""
    ix = subcommand(
        subparsers,
        "index",
        summary="build or update the full-text search index (search_index/ in the store)",
        description="The search index (tantivy) lets a free-text search skip reading every statement's text. "
        "It is derived from the statements table and records the version it covers: this brings it to the "
        "current commit, indexing only the data files added since (a search also does that itself when "
        "little is missing), and writes the word postings (search_terms/) of any data file that lacks "
        "them. A missing or damaged index is built from scratch. Searches find the same statements with or "
        "without it.",
        example=INDEX_EXAMPLE,
    )
    ix.add_argument("--rebuild", action="store_true", help="discard the index and build it from scratch")
    store_option(ix)
    ix.set_defaults(func=run_index)


def run_index(args: argparse.Namespace) -> int:
    """Build or update the index; print what it covers."""
    from quoteline.query import text_index

    store = Store(args.store)
    try:
        covered = text_index.update(
            store,
            rebuild=args.rebuild,
            wait=settings.get_float("lock_timeout"),
            progress=True,
            postings=True,
            recheck=True,  # the repair: every file's record, whatever the stamp says
        )
    except (StoreError, text_index.IndexUnavailable) as err:
        print(f"index: {err}", file=sys.stderr)
        return 1
    if covered is None:
        print(f"the store at {store.root} holds no statements; nothing to index")
        return 0
    print(
        f"search index {text_index.index_path(store)}: {covered.rows:,} statements, "
        f"statements table version {covered.version}"
    )
    return 0
