"""The ``extract`` command: print the statements of article files without storing them."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from quoteline.extract.evidence import chain_label
from quoteline.extract.inputs import ExtractInput, read_inputs
from quoteline.extract.kb import MissingDependency
from quoteline.extract.model import Statement
from quoteline.extract.pipeline import extract_statements
from quoteline.ingest.errors import InputError
from quoteline.ingest.raw import FieldMap
from quoteline.knowledge.yamlio import KnowledgeError

FORMATS = ("jsonl", "csv", "table")
_FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
_TABLE_TEXT_WIDTH = 70
USAGE = 64  # EX_USAGE: the command line itself is wrong (see the README's exit codes)


def _iso_day(value: str) -> str | None:
    if not value.strip():
        return None  # an empty --published (as a scorer passes for an undated gold file) means "not given"
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError as e:
        raise argparse.ArgumentTypeError(f"--published must be YYYY-MM-DD, got {value!r}") from e


def register(subparsers: Any) -> None:
    """Add the ``extract`` sub-command."""
    p = subparsers.add_parser(
        "extract",
        help="print the statements found in article files (nothing is stored)",
        description="Extract dated, attributed statements from article files and print them.\n"
        "Files are read as `ingest` reads them: text and Markdown, HTML, JSON, JSONL, CSV and RSS/Atom,\n"
        "in any encoding. A text article is: optional 'published:', 'source:', 'url:' header lines and\n"
        "a blank line, then the title line, a blank line and the body; its start/end offsets are into the\n"
        "file. For the other formats they are into the article as stored: title line, blank line, body.",
        epilog="Example:\n  python -m quoteline extract --published 2019-11-17 --format table article.txt\n"
        "  python -m quoteline extract --format jsonl data/sample/*.txt > statements.jsonl",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        type=Path,
        help="article files (.txt .md .html .json .jsonl .csv .xml .rss .atom)",
    )
    p.add_argument("--published", type=_iso_day, help="publication date YYYY-MM-DD (overrides the header)")
    p.add_argument(
        "--field",
        action="append",
        default=[],
        metavar="NAME=FIELD",
        help="JSON/CSV field holding NAME (title, text, published, source, url); repeatable, as for ingest",
    )
    p.add_argument("--format", choices=FORMATS, default="jsonl", help="output format (default: jsonl)")
    p.set_defaults(func=run)


def record(st: Statement) -> dict[str, Any]:
    """The JSON record of a statement (ANNOTATION.md fields plus ids, offsets, stance, evidence and
    sources); the speaker chain is a list of {"text", "start", "end"} objects."""
    return {**st.to_dict(), "speaker_chain": [dict(link) for link in st.speaker_chain]}


def safe_cell(value: Any) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        value = chain_label(value)  # the speaker chain: 'he [812:814] → Ada Vell [12:20]'
    elif isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_LEADS) else text


def _table(rows: list[dict[str, Any]], out: TextIO) -> None:
    for r in rows:
        text = r["text"] if len(r["text"]) <= _TABLE_TEXT_WIDTH else r["text"][: _TABLE_TEXT_WIDTH - 1] + "…"
        out.write(
            f"{r['date'] or '?':10}  {r['kind']:8}  {r['speaker'][:28]:28}  {r['cue'][:16]:16}  {text}\n"
        )


def run(args: argparse.Namespace) -> int:
    """Extract each article of each file and print the statements; exit 2 naming every file or record that
    cannot be read (the others are still extracted), 3 naming the knowledge file or package that is broken
    or missing."""
    out = sys.stdout
    writer = None
    status = 0
    rows_all: list[dict[str, Any]] = []
    try:
        fields = FieldMap.from_pairs(args.field)
    except ValueError as e:
        print(f"quoteline extract: {e}", file=sys.stderr)
        return USAGE
    for path in args.files:
        for item in read_inputs(path, fields):
            if isinstance(item, InputError):
                print(f"quoteline extract: {item}", file=sys.stderr)
                status = 2
                continue
            if item.note:
                print(f"quoteline extract: {item.where}: {item.note}", file=sys.stderr)
            try:
                rows = _rows(item, args.published)
            except (KnowledgeError, MissingDependency) as e:
                # The installation, not this article, is broken: every other file would fail the same way.
                print(f"quoteline extract: {e}", file=sys.stderr)
                return 3
            if args.format == "jsonl":
                for r in rows:
                    out.write(json.dumps(r, ensure_ascii=False) + "\n")
            elif args.format == "csv":
                if writer is None:
                    writer = csv.writer(out)
                    writer.writerow(list(rows[0].keys()) if rows else _csv_columns())
                for r in rows:
                    writer.writerow([safe_cell(v) for v in r.values()])
            else:
                rows_all.extend(rows)
    if args.format == "table":
        _table(rows_all, out)
    out.flush()
    return status


def _rows(item: ExtractInput, published: str | None) -> list[dict[str, Any]]:
    """The output records of one article: the statement fields, then where the article came from."""
    # A text file's own header and dateline are read by the extractor itself.
    statements = extract_statements(
        item.text, published=published or item.published, article_id=item.article_id
    )
    source = {"source_file": item.where, "title": item.title, "url": item.url, "outlet": item.outlet}
    return [{**record(s), **source} for s in statements]


def _csv_columns() -> list[str]:
    return [*Statement.__dataclass_fields__, "source_file", "title", "url", "outlet"]


def main(argv: list[str] | None = None) -> int:
    """Run ``extract`` on its own (``python -m quoteline.extract.command FILE...``)."""
    parser = argparse.ArgumentParser(prog="python -m quoteline.extract.command")
    sub = parser.add_subparsers(dest="command")
    register(sub)
    args = parser.parse_args(["extract", *(sys.argv[1:] if argv is None else argv)])
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
