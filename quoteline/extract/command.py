"""The ``extract`` command: print the statements of article files without storing them."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from quoteline.extract.kb import MissingDependency
from quoteline.extract.model import Statement
from quoteline.extract.pipeline import extract_statements
from quoteline.extract.text import parse_header
from quoteline.knowledge.yamlio import KnowledgeError

FORMATS = ("jsonl", "csv", "table")
_FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
_TABLE_TEXT_WIDTH = 70


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
        "An article file is: optional 'published:', 'source:', 'url:' header lines and a blank line,\n"
        "then the title line, a blank line and the body.",
        epilog="Example:\n  python -m quoteline extract --published 2019-11-17 --format table article.txt\n"
        "  python -m quoteline extract --format jsonl data/sample/*.txt > statements.jsonl",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("files", nargs="+", metavar="FILE", type=Path, help="article text files")
    p.add_argument("--published", type=_iso_day, help="publication date YYYY-MM-DD (overrides the header)")
    p.add_argument("--format", choices=FORMATS, default="jsonl", help="output format (default: jsonl)")
    p.set_defaults(func=run)


def read_article(path: Path) -> str:
    """The text of an article file; raises ValueError naming the file and the problem."""
    try:
        data = path.read_bytes()
    except IsADirectoryError as e:
        raise ValueError(f"{path}: is a directory, not an article file") from e
    except FileNotFoundError as e:
        raise ValueError(f"{path}: no such file") from e
    except OSError as e:
        raise ValueError(f"{path}: cannot read ({e.strerror or e})") from e
    for enc in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def record(st: Statement) -> dict[str, Any]:
    """The JSON record of a statement (ANNOTATION.md fields plus ids, offsets, stance and sources)."""
    return st.to_dict()


def safe_cell(value: Any) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    if isinstance(value, list):
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
    """Extract each file and print the statements; exit 2 naming the file that cannot be read, 3 naming the
    knowledge file or package that is broken or missing."""
    out = sys.stdout
    writer = None
    status = 0
    rows_all: list[dict[str, Any]] = []
    for path in args.files:
        try:
            text = read_article(path)
        except ValueError as e:
            print(f"quoteline extract: {e}", file=sys.stderr)
            status = 2
            continue
        header, _ = parse_header(text)
        published = args.published or header.get("published")
        try:
            statements = extract_statements(text, published=published)
        except (KnowledgeError, MissingDependency) as e:
            # The installation, not this article, is broken: every other file would fail the same way.
            print(f"quoteline extract: {e}", file=sys.stderr)
            return 3
        rows = [record(s) for s in statements]
        for r in rows:
            r["source_file"] = str(path)
        if args.format == "jsonl":
            for r in rows:
                out.write(json.dumps(r, ensure_ascii=False) + "\n")
        elif args.format == "csv":
            if writer is None:
                writer = csv.writer(out)
                writer.writerow(
                    list(rows[0].keys()) if rows else [*Statement.__dataclass_fields__, "source_file"]
                )
            for r in rows:
                writer.writerow([safe_cell(v) for v in r.values()])
        else:
            rows_all.extend(rows)
    if args.format == "table":
        _table(rows_all, out)
    out.flush()
    return status


def main(argv: list[str] | None = None) -> int:
    """Run ``extract`` on its own (``python -m quoteline.extract.command FILE...``)."""
    parser = argparse.ArgumentParser(prog="python -m quoteline.extract.command")
    sub = parser.add_subparsers(dest="command")
    register(sub)
    args = parser.parse_args(["extract", *(sys.argv[1:] if argv is None else argv)])
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
