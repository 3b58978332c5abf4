"""The articles in a file given to ``quoteline extract``, read by the same readers as ``ingest``.

A text file (.txt, .md, or any name the readers do not know) is extracted as it stands, header lines and all,
so that ``start``/``end`` are offsets into the file itself: the scorers and ANNOTATION.md rely on that. Every
other format (HTML, JSON, JSONL, CSV, RSS/Atom) goes through ``quoteline.ingest.readers``: the same encoding
detection, boilerplate removal and metadata fields as ``ingest`` and the upload page. Its offsets are into the
article as stored: the title line, a blank line, then the body.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from quoteline import ids
from quoteline.dates import find_dateline
from quoteline.ingest.decode import decode_with_note
from quoteline.ingest.errors import InputError
from quoteline.ingest.files import SUFFIXES, TEXT, load_file
from quoteline.ingest.published import check_published
from quoteline.ingest.raw import FieldMap


@dataclass(frozen=True)
class ExtractInput:
    """One article to extract, and what the file said about it."""

    text: str
    where: str  # the file, and the record within it, for output and messages
    published: str | None = None  # an ISO day the file or its dateline gave; None leaves it to the extractor
    article_id: str | None = None
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    note: str | None = None  # how the bytes were read, when that is worth a warning (mixed encodings)


def is_text_file(path: Path) -> bool:
    """True for files extracted verbatim: text and Markdown, and names no reader claims."""
    suffix = path.suffix.lower()
    return suffix in TEXT or suffix not in SUFFIXES


def read_inputs(path: Path, fields: FieldMap | None = None) -> Iterator[ExtractInput | InputError]:
    """The articles in ``path``, and an InputError for each record (or the whole file) that cannot be read.

    A whole-file problem (missing, a folder, binary, too large) is yielded as a single InputError, so the
    caller can name it and go on to the next file.
    """
    try:
        data = load_file(path)
    except InputError as e:
        yield e
        return
    if is_text_file(path):
        try:
            text, note = decode_with_note(str(path), data)
        except InputError as e:
            yield e
            return
        yield ExtractInput(text=text, where=str(path), note=note)
        return
    # Imported here: the HTML and feed parsers cost a fifth of a second that text files never need.
    from quoteline.ingest.readers import read_items

    try:
        items = read_items(str(path), data, fields, source_path=str(path))
    except InputError as e:
        yield e
        return
    for item in items:
        if isinstance(item, InputError):
            yield item
            continue
        try:
            published = (
                check_published(item.published, item.where) if item.published else find_dateline(item.body)
            )
        except InputError as e:
            yield e
            continue
        yield ExtractInput(
            text=item.text,
            where=item.where,
            published=published,
            article_id=ids.article_id(item.title, item.body),
            title=item.title,
            url=item.url,
            outlet=item.outlet,
            note=item.note,
        )
