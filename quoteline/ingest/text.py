"""Plain text and Markdown articles: optional ``published:``/``source:``/``url:`` header lines and a blank
line, then the title line, a blank line and the body."""

from __future__ import annotations

import re

from quoteline.ingest.errors import InputError
from quoteline.ingest.raw import RawArticle

_HEADER = re.compile(r"^(published|date|source|outlet|url)\s*:\s*(.*?)\s*$", re.IGNORECASE)
_KEYS = {"published": "published", "date": "published", "source": "source", "outlet": "source", "url": "url"}


def split_header(text: str) -> tuple[dict[str, str], str]:
    """Header fields at the top of a text article and the rest of the text."""
    lines = text.lstrip("\ufeff").split("\n")
    fields: dict[str, str] = {}
    i = 0
    while i < len(lines) and (m := _HEADER.match(lines[i].rstrip("\r"))):
        fields[_KEYS[m[1].lower()]] = m[2]
        i += 1
    if fields and i < len(lines) and lines[i].strip():
        # Without the blank line, "Source: ..." is more likely the article's own first line.
        return {}, text
    return fields, "\n".join(lines[i:])


def read_text(where: str, text: str, source_path: str | None = None) -> RawArticle:
    """One article from the text of a .txt or .md file."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    fields, rest = split_header(text)
    rest = rest.strip("\n")
    title, _, body = rest.partition("\n")
    title = title.strip().lstrip("#").strip()
    body = body.strip("\n")
    if not title and not body.strip():
        raise InputError(where, "the file has no text" + (" after its header lines" if fields else ""))
    if not body.strip():
        raise InputError(where, "has a title line but no body (expected: title, blank line, body)")
    return RawArticle(
        title=title,
        body=body,
        where=where,
        published=fields.get("published") or None,
        published_source="header",
        outlet=fields.get("source") or None,
        url=fields.get("url") or None,
        source_path=source_path,
    )
