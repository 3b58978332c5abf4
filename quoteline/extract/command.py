"""The ``extract`` command: print the statements of article files without storing them."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import itertools
import json
import logging
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from quoteline.cli import subcommand
from quoteline.extract.batch import ArticleInput, extract_many
from quoteline.extract.evidence import chain_label
from quoteline.extract.inputs import ExtractInput, read_inputs
from quoteline.extract.kb import MissingDependency
from quoteline.extract.model import Statement
from quoteline.ingest.errors import InputError
from quoteline.ingest.names import printable
from quoteline.ingest.raw import FieldMap
from quoteline.knowledge.yamlio import KnowledgeError

FORMATS = ("jsonl", "csv", "table")
_FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
_TABLE_TEXT_WIDTH = 70
USAGE = 64  # EX_USAGE: the command line itself is wrong (see the README's exit codes)
SOME_FAILED = 2  # some file or record could not be read or extracted; the others were printed
BROKEN_SETUP = 3  # a knowledge file or a package is broken or missing: every article would fail

LOGGER = logging.getLogger(__name__)


def _iso_day(value: str) -> str | None:
    if not value.strip():
        return None  # an empty --published (as a scorer passes for an undated gold file) means "not given"
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError as e:
        raise argparse.ArgumentTypeError(f"--published must be YYYY-MM-DD, got {value!r}") from e


def register(subparsers: Any) -> None:
    """Add the ``extract`` sub-command."""
    p = subcommand(
        subparsers,
        "extract",
        summary="print the statements found in article files (nothing is stored)",
        description="Extract dated, attributed statements from article files and print them.\n"
        "Files are read as `ingest` reads them: text and Markdown, HTML, JSON, JSONL, CSV and RSS/Atom,\n"
        "in any encoding. A text article is: optional 'published:', 'source:', 'url:' header lines and\n"
        "a blank line, then the title line, a blank line and the body; its start/end offsets are into the\n"
        "file. For the other formats they are into the article as stored: title line, blank line, body.",
        example="Example:\n  python -m quoteline extract --published 2019-11-17 --format table article.txt\n"
        "  python -m quoteline extract --format jsonl data/sample/*.txt > statements.jsonl\n\n"
        "Exit status: 0 every article extracted; 2 some file or record could not be read, or an article's\n"
        "extraction failed (each named on stderr as it is met, a count at the end; every other article is\n"
        "printed); 3 a knowledge file or package is broken or missing (stops at once); 64 a usage error.",
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


class _Output:
    """Writes each article's records as they come, in the chosen format (a table once, at the end)."""

    def __init__(self, fmt: str, out: TextIO) -> None:
        self.fmt = fmt
        self.out = out
        self.writer: Any = None
        self.rows_all: list[dict[str, Any]] = []

    def write(self, rows: list[dict[str, Any]]) -> None:
        if self.fmt == "jsonl":
            for r in rows:
                self.out.write(json.dumps(r, ensure_ascii=False) + "\n")
        elif self.fmt == "csv":
            if self.writer is None:
                self.writer = csv.writer(self.out)
                self.writer.writerow(list(rows[0].keys()) if rows else _csv_columns())
            for r in rows:
                self.writer.writerow([safe_cell(v) for v in r.values()])
        else:
            self.rows_all.extend(rows)

    def close(self) -> None:
        if self.fmt == "table":
            _table(self.rows_all, self.out)
        self.out.flush()


def run(args: argparse.Namespace) -> int:
    """Extract each article of each file and print the statements; exit 2 naming every file or record that
    cannot be read or whose extraction fails (the others are still extracted and printed), 3 naming the
    knowledge file or package that is broken or missing.

    The articles are extracted in groups (``extract_many``: their parse windows in one spaCy batch), and
    printed in the order they were read."""
    try:
        fields = FieldMap.from_pairs(args.field)
    except ValueError as e:
        print(f"quoteline extract: {e}", file=sys.stderr)
        return USAGE
    output = _Output(args.format, sys.stdout)
    articles = _Articles(args.files, fields, args.published)
    # Two views of one pass over the files: extract_many reads a group ahead, the other pairs each result
    # with its article (tee holds the group between them).
    paired, fed = itertools.tee(articles)
    inputs = (ArticleInput(item.text, published, item.article_id) for item, published in fed)
    failed = 0
    for (item, _published), found in zip(paired, extract_many(inputs), strict=True):
        if isinstance(found, (KnowledgeError, MissingDependency)):
            # The installation, not this article, is broken: every other file would fail the same way.
            print(f"quoteline extract: {found}", file=sys.stderr)
            return BROKEN_SETUP
        if isinstance(found, Exception):
            # This article alone: name it, keep its traceback for --debug, and go on with the others.
            LOGGER.debug("extracting %s failed", printable(item.where), exc_info=found)
            print(
                f"quoteline extract: {printable(item.where)}: extraction failed: "
                f"{type(found).__name__}: {found}",
                file=sys.stderr,
            )
            failed += 1
            continue
        output.write(_rows(item, found))
    output.close()
    if failed:
        print(
            f"quoteline extract: {failed} article(s) could not be extracted (named above); "
            "the others were printed",
            file=sys.stderr,
        )
        return SOME_FAILED
    return articles.status


class _Articles:
    """Each readable article of the files, with the day to extract it for; the unreadable ones are named on
    stderr as they are met, and set ``status`` to 2."""

    def __init__(self, paths: list[Path], fields: FieldMap, published: str | None) -> None:
        self.paths = paths
        self.fields = fields
        self.published = published
        self.status = 0

    def __iter__(self) -> Iterator[tuple[ExtractInput, str | None]]:
        for path in self.paths:
            for item in read_inputs(path, self.fields):
                if isinstance(item, InputError):
                    print(f"quoteline extract: {item}", file=sys.stderr)
                    self.status = SOME_FAILED
                    continue
                if item.note:
                    print(f"quoteline extract: {item.where}: {item.note}", file=sys.stderr)
                # A text file's own header and dateline are read by the extractor itself.
                yield item, self.published or item.published


def _rows(item: ExtractInput, statements: list[Statement]) -> list[dict[str, Any]]:
    """The output records of one article: the statement fields, then where the article came from."""
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
