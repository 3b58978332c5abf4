"""The ``correct``, ``corrections``, ``merge-speakers`` and ``undo`` commands (docs/CORRECTIONS.md)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import pandas as pd

from quoteline.cli import store_option, subcommand
from quoteline.corrections import edit, gold, log
from quoteline.corrections.values import CorrectionError
from quoteline.export import ExportError, check_date_filter, export_to_file, write_export
from quoteline.schema import A, C
from quoteline.store.errors import StoreError
from quoteline.store.store import Store

USAGE = 64
FAILED = 1

CORRECT_EXAMPLE = """\
Example:
  python -m quoteline correct statement 3f2a9c0d1e4b5a67 --speaker "Mara Velcheva" --reason "pronoun"
  python -m quoteline correct statement 3f2a9c0d1e4b5a67 --date 2023-03-21 --topics trade,energy
  python -m quoteline correct statement 3f2a9c0d1e4b5a67 --delete --reason "narration, not a statement"
  python -m quoteline correct article e078fbdf299d5ea4 --published 2022-02-10
  python -m quoteline correct add e078fbdf299d5ea4 --span 120:188 --speaker "Tomas Kellin" --kind indirect
"""
CORRECTIONS_EXAMPLE = """\
Example:
  python -m quoteline corrections
  python -m quoteline corrections --since 2024-05 --format csv -o corrections.csv
  python -m quoteline corrections --orphaned
  python -m quoteline corrections --undated
  python -m quoteline corrections --as-gold ../shared/corpus/analyst-fixes
"""
MERGE_EXAMPLE = """\
Example:
  python -m quoteline merge-speakers "Velcheva" "Mara Velcheva" --reason "surname only"
"""
UNDO_EXAMPLE = """\
Example:
  python -m quoteline corrections            # find the entry id
  python -m quoteline undo 9b1c2d3e4f5a6b7c --reason "wrong statement"
"""


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--reason", metavar="TEXT", help="why (kept in the log)")
    parser.add_argument("--by", metavar="NAME", help="who makes the correction (default: the OS user)")
    store_option(parser)


def register(subparsers: Any) -> None:
    """Add the ``correct``, ``corrections``, ``merge-speakers`` and ``undo`` sub-commands."""
    co = subcommand(
        subparsers,
        "correct",
        summary="correct a statement or an article, or add a missed statement (kept in the corrections log)",
        description="Append a correction to the store's corrections log. Every view and export shows the "
        "corrected values; `export --raw` still gives the extraction as it was.",
        example=CORRECT_EXAMPLE,
    )
    what = co.add_subparsers(dest="target", metavar="WHAT", required=True)
    st = subcommand(what, "statement", summary="correct or delete a statement", example=CORRECT_EXAMPLE)
    st.add_argument("id", metavar="ID", help="the statement id (export or the dashboard shows it)")
    st.add_argument("--speaker", metavar="NAME")
    st.add_argument("--date", metavar="DATE", help="YYYY, YYYY-MM or YYYY-MM-DD")
    st.add_argument("--kind", choices=("direct", "indirect"))
    st.add_argument("--stance", metavar="STANCE")
    st.add_argument("--topics", metavar="T1,T2", help="the whole list of topic ids, comma-separated")
    st.add_argument("--counterparts", metavar="C1,C2", help="the whole list, comma-separated")
    st.add_argument(
        "--span", metavar="START:END", help="the statement's text as character offsets of the article"
    )
    st.add_argument("--delete", action="store_true", help="not a statement: leave it out of every view")
    _common(st)
    st.set_defaults(func=run_correct_statement)
    ar = subcommand(
        what,
        "article",
        summary="correct an article's date, outlet or title",
        example=CORRECT_EXAMPLE,
    )
    ar.add_argument("id", metavar="ID", help="the article id")
    ar.add_argument("--published", metavar="YYYY-MM-DD", help="re-dates the article's statements")
    ar.add_argument("--outlet", metavar="NAME")
    ar.add_argument("--title", metavar="TEXT")
    _common(ar)
    ar.set_defaults(func=run_correct_article)
    ad = subcommand(what, "add", summary="add a statement the extractor missed", example=CORRECT_EXAMPLE)
    ad.add_argument("id", metavar="ARTICLE_ID", help="the article it is in")
    ad.add_argument("--span", metavar="START:END", required=True, help="character offsets of its text")
    ad.add_argument("--speaker", metavar="NAME", required=True)
    ad.add_argument("--kind", choices=("direct", "indirect"), default="indirect")
    ad.add_argument("--cue", metavar="WORDS", default="", help="the reporting verb, as written")
    ad.add_argument("--date", metavar="DATE", help="default: the article's publication date")
    ad.add_argument("--stance", metavar="STANCE", default="neutral")
    ad.add_argument("--topics", metavar="T1,T2", default="")
    ad.add_argument("--counterparts", metavar="C1,C2", default="")
    _common(ad)
    ad.set_defaults(func=run_add)

    ls = subcommand(
        subparsers,
        "corrections",
        summary="list or export the corrections log; orphaned entries; undated articles; gold files",
        description="The corrections log, oldest first, with each entry's status (active, undone, orphaned: "
        "its target is gone from the extraction). --as-gold writes the corrected articles as gold files.",
        example=CORRECTIONS_EXAMPLE,
    )
    ls.add_argument("--since", metavar="DATE", help="entries made on or after DATE (YYYY[-MM[-DD]], UTC)")
    ls.add_argument("--by", metavar="NAME", help="entries made by NAME")
    ls.add_argument("--target", metavar="ID", help="entries about this statement, article or speaker")
    ls.add_argument("--format", choices=("text", "csv", "jsonl"), default="text", help="default: text")
    ls.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE (csv or jsonl)")
    ls.add_argument("--orphaned", action="store_true", help="only entries whose target is gone")
    ls.add_argument("--undated", action="store_true", help="list the articles that have no date instead")
    ls.add_argument(
        "--as-gold", type=Path, metavar="DIR", help="write corrected articles as gold files to DIR"
    )
    store_option(ls)
    ls.set_defaults(func=run_corrections)

    ms = subcommand(
        subparsers,
        "merge-speakers",
        summary="read every statement of speaker A as speaker B (one undoable correction)",
        description="Merge speaker A into B for the whole store, as one entry of the corrections log.",
        example=MERGE_EXAMPLE,
    )
    ms.add_argument("merged", metavar="A", help="the speaker to merge away")
    ms.add_argument("into", metavar="B", help="the speaker A becomes")
    _common(ms)
    ms.set_defaults(func=run_merge)

    un = subcommand(
        subparsers,
        "undo",
        summary="undo a correction (itself a new entry of the log)",
        description="Cancel a correction in force. The log is never rewritten: the undo is a new entry, "
        "which can itself be undone.",
        example=UNDO_EXAMPLE,
    )
    un.add_argument("entry", metavar="ENTRY_ID", help="the entry to undo (`corrections` lists them)")
    _common(un)
    un.set_defaults(func=run_undo)


def _report(name: str, done: edit.Done) -> int:
    for row in done.entries.to_dict("records"):
        print(
            f"{row[C.entry_id]}  {row[C.target_type]} {row[C.target]}  {row[C.field]}: "
            f"{row[C.old]} -> {row[C.new]}"
        )
    print(
        f"{name}: {len(done.entries)} correction(s) committed (store version {done.version})", file=sys.stderr
    )
    return 0


def _run(name: str, action: Any, store: Store) -> int:
    try:
        code = _report(name, action())
    except CorrectionError as err:
        print(f"{name}: {err}", file=sys.stderr)
        return FAILED
    except StoreError as err:
        print(f"{name}: {err}", file=sys.stderr)
        return FAILED
    from quoteline.query.load import refresh_encoded

    refresh_encoded(store)  # the dashboard's next cold load maps the corrected version
    return code


def run_correct_statement(args: argparse.Namespace) -> int:
    """Correct or delete one statement."""
    store = Store(args.store)
    if args.delete:
        return _run(
            "correct", lambda: edit.delete_statement(store, args.id, by=args.by, reason=args.reason), store
        )
    changes = {
        "speaker": args.speaker,
        "date": args.date,
        "kind": args.kind,
        "stance": args.stance,
        "topics": args.topics,
        "counterparts": args.counterparts,
        "span": args.span,
    }
    changes = {k: v for k, v in changes.items() if v is not None}
    return _run(
        "correct",
        lambda: edit.correct_statement(store, args.id, changes, by=args.by, reason=args.reason),
        store,
    )


def run_correct_article(args: argparse.Namespace) -> int:
    """Correct one article."""
    store = Store(args.store)
    changes = {"published": args.published, "outlet": args.outlet, "title": args.title}
    changes = {k: v for k, v in changes.items() if v is not None}
    return _run(
        "correct",
        lambda: edit.correct_article(store, args.id, changes, by=args.by, reason=args.reason),
        store,
    )


def run_add(args: argparse.Namespace) -> int:
    """Add a missed statement."""
    store = Store(args.store)

    def action() -> edit.Done:
        from quoteline.corrections.values import parse_span

        start, end = parse_span(args.span)
        return edit.add_statement(
            store,
            args.id,
            start,
            end,
            args.speaker,
            kind=args.kind,
            cue=args.cue,
            date=args.date,
            stance=args.stance,
            topics=args.topics,
            counterparts=args.counterparts,
            by=args.by,
            reason=args.reason,
        )

    return _run("correct", action, store)


def run_merge(args: argparse.Namespace) -> int:
    """Merge two speakers."""
    store = Store(args.store)
    return _run(
        "merge-speakers",
        lambda: edit.merge_speakers(store, args.merged, args.into, by=args.by, reason=args.reason),
        store,
    )


def run_undo(args: argparse.Namespace) -> int:
    """Undo an entry."""
    store = Store(args.store)
    return _run("undo", lambda: edit.undo(store, args.entry, by=args.by, reason=args.reason), store)


def _text_table(df: pd.DataFrame) -> str:
    lines = []
    for row in df.to_dict("records"):
        status = "active" if row[log.ACTIVE] else "undone"
        if row[log.ORPHANED]:
            status += ", orphaned"
        at = row[C.at].strftime("%Y-%m-%d %H:%M")
        why = f"  ({row[C.reason]})" if isinstance(row[C.reason], str) else ""
        lines.append(
            f"{row[C.entry_id]}  {at}  {row[C.by]}  {row[C.target_type]} {row[C.target]}  {row[C.field]}: "
            f"{row[C.old]} -> {row[C.new]}  [{status}]{why}"
        )
    return "\n".join(lines)


def run_corrections(args: argparse.Namespace) -> int:
    """List the log (or the undated articles), export it, or write gold files."""
    store = Store(args.store)
    try:
        since = check_date_filter("--since", args.since)
    except ExportError as err:
        print(f"corrections: {err}", file=sys.stderr)
        return USAGE
    if args.output is not None and args.format == "text":
        print("corrections: -o needs --format csv or jsonl", file=sys.stderr)
        return USAGE
    try:
        if not store.exists():
            print(f"the store at {store.root} is empty; nothing has been corrected")
            return 0
        if args.as_gold is not None:
            paths = gold.write_gold(store, args.as_gold)
            print(f"wrote {len(paths)} corrected article(s) as gold files to {args.as_gold}", file=sys.stderr)
            return 0
        if args.undated:
            return _print_undated(store)
        df = log.select(
            log.annotated(store), since=since, by=args.by, target=args.target, orphaned=args.orphaned
        )
        if args.format == "text":
            print(_text_table(df) if len(df) else "no corrections match")
        elif args.output is not None:
            export_to_file(df, args.format, args.output)
            print(f"exported {len(df)} corrections to {args.output}", file=sys.stderr)
        else:
            write_export(df, args.format, sys.stdout.buffer)
            sys.stdout.buffer.flush()
    except (StoreError, ExportError, OSError) as err:
        print(f"corrections: {err}", file=sys.stderr)
        return FAILED
    return 0


def _print_undated(store: Store) -> int:
    undated = log.undated_articles(store)
    if undated.empty:
        print("every article has a publication date")
        return 0
    for row in undated.to_dict("records"):
        where = row[A.source_path] if isinstance(row[A.source_path], str) else row[A.outlet]
        print(
            f"{row[A.article_id]}  {row[A.title]}  ({where if isinstance(where, str) else 'unknown source'})"
        )
    print(
        f"{len(undated)} undated article(s); date one with "
        "`python -m quoteline correct article ID --published YYYY-MM-DD`",
        file=sys.stderr,
    )
    return 0
