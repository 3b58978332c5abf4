"""Read any supported file into raw articles, and walk folders to find the files.

``read_path`` and ``read_bytes`` are the public entry points (the dashboard's upload uses ``read_bytes``);
``read_items`` keeps per-record failures beside the good articles so a batch can carry on past them.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from quoteline import settings
from quoteline.ingest.decode import decode_with_note
from quoteline.ingest.errors import InputError
from quoteline.ingest.feeds import read_feed
from quoteline.ingest.files import FEED, HTML, SUFFIXES, TEXT, load_file, max_file_bytes, mb, os_problem
from quoteline.ingest.html import read_html
from quoteline.ingest.names import has_surrogate, printable
from quoteline.ingest.raw import FieldMap, RawArticle
from quoteline.ingest.records import read_csv, read_json, read_jsonl
from quoteline.ingest.text import read_text

Item = RawArticle | InputError
LOGGER = logging.getLogger(__name__)


@dataclass(frozen=True)
class Skipped:
    """A file found while walking a folder whose type is not one Quoteline reads (counted, not failed)."""

    path: Path


@dataclass(frozen=True)
class Outside:
    """A symlink inside a folder being walked that points outside it: not followed unless asked."""

    path: Path
    target: str


def _check_article(item: Item) -> Item:
    """Refuse what no later stage can handle: huge texts and text that is not valid Unicode."""
    if not isinstance(item, RawArticle):
        return item
    # No real article is this long (the longest transcripts run to a few hundred KB); a bigger "article" is
    # a dump or a mistake, and would stall extraction.
    limit_mb = settings.get_float("max_article_mb")
    if len(item.body) > limit_mb * 1024 * 1024:
        return InputError(
            item.where,
            f"the article text is {mb(len(item.body))}, longer than any real article "
            f"(at most {limit_mb:g} MB each): split the file, or use JSONL",
        )
    fields = {"title": item.title, "text": item.body, "source": item.outlet or "", "url": item.url or ""}
    for name, value in fields.items():
        at = has_surrogate(value)
        if at >= 0:
            # Only a JSON escape such as \ud800 makes one; it cannot be encoded, hashed or stored.
            return InputError(
                item.where,
                f"the {name} holds a lone surrogate ({printable(value[at])} at character {at}), "
                "which is not valid Unicode",
            )
    return item


def read_items(
    name: str,
    data: bytes,
    fields: FieldMap | None = None,
    source_path: str | None = None,
    max_records: int | None = None,
) -> list[Item]:
    """Articles and per-record failures from one file's bytes; whole-file problems raise InputError.

    ``max_records`` bounds the work a caller takes on (the dashboard's upload): a file holding more records
    is refused whole, before any of them is extracted.
    """
    fields = fields or FieldMap()
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(
            name, f"unsupported file type {suffix or '(no extension)'!r}; supported: {' '.join(SUFFIXES)}"
        )
    if len(data) > max_file_bytes():
        raise InputError(
            name,
            f"the file is {mb(len(data))}, over the {settings.get('max_file_mb')} MB limit "
            "(setting max_file_mb)",
        )
    if suffix in FEED:
        if not data.strip():
            raise InputError(name, "the file is empty")
        items: list[Item] = list(read_feed(name, data, source_path))
    else:
        text, note = decode_with_note(name, data)
        if suffix in TEXT:
            items = [read_text(name, text, source_path)]
        elif suffix in HTML:
            items = [read_html(name, text, source_path)]
        elif suffix == ".json":
            items = list(read_json(name, text, fields, source_path))
        elif suffix in (".jsonl", ".ndjson"):
            items = list(read_jsonl(name, text, fields, source_path))
        else:
            items = list(read_csv(name, text, fields, source_path))
    if max_records is not None and len(items) > max_records:
        raise InputError(
            name,
            f"holds {len(items):,} records, more than the {max_records:,} one upload takes (setting "
            "max_upload_records); ingest it with `python -m quoteline ingest`",
        )
    if suffix not in FEED and note:
        items = [replace(i, note=note) if isinstance(i, RawArticle) else i for i in items]
    return [_check_article(item) for item in items]


def _strict(items: list[Item]) -> list[RawArticle]:
    errors = [i for i in items if isinstance(i, InputError)]
    if errors:
        first = errors[0]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise InputError(first.where, first.problem + more)
    return [i for i in items if isinstance(i, RawArticle)]


def read_bytes(name: str, data: bytes, fields: FieldMap | None = None) -> list[RawArticle]:
    """Articles from an uploaded file's name and bytes; any bad record raises InputError naming it."""
    return _strict(read_items(name, data, fields))


def read_path(path: Path, fields: FieldMap | None = None) -> list[RawArticle]:
    """Articles from a file on disk; any problem raises InputError naming the file (and record)."""
    return _strict(read_items(str(path), load_file(path), fields, source_path=str(path)))


def iter_inputs(
    paths: Sequence[Path], follow_outside: bool = False
) -> Iterator[Path | Skipped | Outside | InputError]:
    """Every supported file under ``paths`` (folders recursively, sorted), and an InputError for each path
    that cannot be walked: missing, unreadable folder, symlink loop, or an unsupported file given by name.

    A symlink found inside a folder that points outside that folder is yielded as ``Outside`` and not
    followed, unless ``follow_outside``: ingesting ``~/clippings`` must not read ``/etc/shadow`` through a
    link someone left there. Paths given by name are the caller's choice and are always followed.
    """
    for path in paths:
        try:
            info = path.stat()
        except OSError as exc:
            yield InputError(str(path), os_problem(exc))
            continue
        if stat.S_ISDIR(info.st_mode):
            top = None if follow_outside else os.path.realpath(path)
            yield from _walk(path, {(info.st_dev, info.st_ino)}, top)
        else:
            yield path


def _outside(path: Path, top: str | None) -> str | None:
    """Where a symlink under ``top`` really points, when that is outside ``top``; else None."""
    if top is None or not path.is_symlink():
        return None
    target = os.path.realpath(path)
    if target == top or target.startswith(top.rstrip(os.sep) + os.sep):
        return None
    return target


def _walk(
    folder: Path, ancestors: set[tuple[int, int]], top: str | None
) -> Iterator[Path | Skipped | Outside | InputError]:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        yield InputError(str(folder), os_problem(exc))
        return
    for entry in entries:
        path = Path(entry.path)
        if entry.name.startswith("."):
            continue  # hidden files: editor swap files, .DS_Store, the store's own lock
        try:
            info = path.stat()
        except OSError as exc:
            yield InputError(str(path), os_problem(exc))
            continue
        target = _outside(path, top)
        if target is not None:
            LOGGER.info("%s: symlink to %s, outside the folder given; not followed", path, target)
            yield Outside(path, target)
            continue
        if stat.S_ISDIR(info.st_mode):
            key = (info.st_dev, info.st_ino)
            if key in ancestors:
                yield InputError(
                    str(path), f"symlink loop: points back to {os.path.realpath(path)}; not followed"
                )
                continue
            yield from _walk(path, ancestors | {key}, top)
        elif path.suffix.lower() in SUFFIXES or not stat.S_ISREG(info.st_mode):
            yield path
        else:
            yield Skipped(path)
