"""Record files: JSON (a list, or an object holding one), JSON Lines and CSV, with configurable field names.

A bad record fails alone (named by its record, line or row number); a file that cannot be parsed at all, or
a CSV without a required column, fails as a whole.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Mapping
from typing import Any

from quoteline.ingest.errors import InputError
from quoteline.ingest.raw import FieldMap, RawArticle

Item = RawArticle | InputError
# Keys under which news APIs commonly wrap their list of articles.
_WRAPPERS = ("articles", "items", "data", "results", "records", "entries")
# Python refuses to convert integers longer than this to int (a guard against quadratic work); no article
# field needs one, so longer ones are kept as their digits.
_MAX_INT_DIGITS = 4000


def _int(digits: str) -> int | str:
    return int(digits) if len(digits) <= _MAX_INT_DIGITS else digits


def _loads(where: str, text: str) -> Any:
    """Parse JSON; deep nesting and other parser limits become an InputError naming ``where``."""
    try:
        return json.loads(text, parse_int=_int)
    except RecursionError:
        raise InputError(
            where, "JSON nested too deeply to be article records (thousands of levels)"
        ) from None
    except json.JSONDecodeError:
        raise
    except ValueError as exc:
        raise InputError(where, f"JSON the parser refuses: {exc}") from None


def _value(record: Mapping[str, Any], name: str, where: str) -> str | None:
    value = record.get(name)
    if value is None:
        return None
    if isinstance(value, (dict, list)):
        raise InputError(where, f"field {name!r} should be text, not a {type(value).__name__}")
    text = str(value).strip()
    return text or None


def record_to_article(record: Any, where: str, fields: FieldMap, source_path: str | None) -> RawArticle:
    """One raw article from a record, or InputError naming the record and the missing/bad field."""
    if not isinstance(record, Mapping):
        raise InputError(where, f"expected an object with fields, found a {type(record).__name__}")
    title = _value(record, fields.title, where)
    text = _value(record, fields.text, where)
    if text is None:
        raise InputError(
            where,
            f"field {fields.text!r} (the article text) is missing or empty"
            f"{'' if fields.text != 'text' else '; map another field with --field text=NAME'}",
        )
    if title is None:
        raise InputError(
            where,
            f"field {fields.title!r} (the title) is missing or empty"
            f"{'' if fields.title != 'title' else '; map another with --field title=NAME'}",
        )
    body = text.replace("\r\n", "\n")
    first, _, rest = body.partition("\n")
    if first.strip() == title and rest.strip():
        body = rest  # some exports repeat the title as the text's first line
    return RawArticle(
        title=" ".join(title.split()),
        body=body.strip("\n"),
        where=where,
        published=_value(record, fields.published, where),
        published_source="record",
        outlet=_value(record, fields.source, where),
        url=_value(record, fields.url, where),
        source_path=source_path,
    )


def _safe(record: Any, where: str, fields: FieldMap, source_path: str | None) -> Item:
    try:
        return record_to_article(record, where, fields, source_path)
    except InputError as err:
        return err


def read_json(where: str, text: str, fields: FieldMap, source_path: str | None = None) -> list[Item]:
    """Articles from a JSON document: a list of records, an object wrapping one, or a single record."""
    try:
        doc = _loads(where, text)
    except json.JSONDecodeError as exc:
        raise InputError(
            where, f"invalid or truncated JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    if isinstance(doc, dict):
        wrapped = next((doc[k] for k in _WRAPPERS if isinstance(doc.get(k), list)), None)
        doc = wrapped if wrapped is not None else [doc]
    if not isinstance(doc, list):
        raise InputError(where, f"expected a list of article records, found a {type(doc).__name__}")
    if not doc:
        raise InputError(where, "the JSON holds no records")
    return [_safe(rec, f"{where} record {i}", fields, source_path) for i, rec in enumerate(doc, 1)]


def read_jsonl(where: str, text: str, fields: FieldMap, source_path: str | None = None) -> list[Item]:
    """Articles from JSON Lines: one record per line; a broken line fails alone."""
    items: list[Item] = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = _loads(f"{where} line {n}", line)
        except json.JSONDecodeError as exc:
            items.append(
                InputError(f"{where} line {n}", f"invalid or truncated JSON at column {exc.colno}: {exc.msg}")
            )
            continue
        except InputError as err:
            items.append(err)
            continue
        items.append(_safe(record, f"{where} line {n}", fields, source_path))
    if not items:
        raise InputError(where, "the JSON Lines file holds no records")
    return items


def read_csv(where: str, text: str, fields: FieldMap, source_path: str | None = None) -> list[Item]:
    """Articles from CSV with a header row naming the columns."""
    # Article texts are longer than the csv module's 128 KB default field limit.
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        columns = reader.fieldnames or []
    except csv.Error as exc:
        raise InputError(where, f"not readable as CSV: {exc}") from None
    missing = [c for c in (fields.title, fields.text) if c not in columns]
    if missing:
        found = ", ".join(repr(c) for c in columns) or "none"
        raise InputError(
            where,
            f"missing required column {missing[0]!r} (columns found: {found}); "
            f"name the right one with --field {'title' if missing[0] == fields.title else 'text'}"
            "=COLUMN",
        )
    items: list[Item] = []
    try:
        for n, row in enumerate(reader, 2):
            items.append(_safe(row, f"{where} row {n}", fields, source_path))
    except csv.Error as exc:
        items.append(InputError(f"{where} row {reader.line_num}", f"broken CSV: {exc}"))
    if not items:
        raise InputError(where, "the CSV has a header but no rows")
    return items
