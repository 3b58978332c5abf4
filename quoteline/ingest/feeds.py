"""RSS and Atom feed files, parsed by feedparser: one article per entry that carries content."""

from __future__ import annotations

import time
from typing import Any

import feedparser

from quoteline.ingest.errors import InputError
from quoteline.ingest.html import html_to_text
from quoteline.ingest.raw import RawArticle

Item = RawArticle | InputError


def _entry_html(entry: Any) -> str:
    for content in entry.get("content") or []:
        if content.get("value"):
            return str(content["value"])
    return str(entry.get("summary") or "")


def _entry_date(entry: Any) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if parsed:
        return time.strftime("%Y-%m-%d", parsed)
    raw = entry.get("published") or entry.get("updated")
    return str(raw) if raw else None


def read_feed(where: str, data: bytes, source_path: str | None = None) -> list[Item]:
    """Articles from an RSS/Atom document; entries without content are left out, not failed."""
    feed = feedparser.parse(data)
    if not feed.entries:
        problem = f"not an RSS/Atom feed ({feed.get('bozo_exception')})" if feed.get("bozo") else "no entries"
        raise InputError(where, problem)
    outlet = feed.feed.get("title") or None
    items: list[Item] = []
    for i, entry in enumerate(feed.entries, 1):
        label = f"{where} entry {i}"
        title = " ".join(str(entry.get("title") or "").split())
        body = html_to_text(_entry_html(entry))
        if body.startswith(title) and title:
            body = body[len(title) :].lstrip("\n")
        if not body.strip() or body.strip() == title:
            continue
        if not title:
            items.append(InputError(label, "the entry has content but no title"))
            continue
        items.append(
            RawArticle(
                title=title,
                body=body,
                where=label,
                published=_entry_date(entry),
                published_source="record",
                outlet=outlet,
                url=entry.get("link") or None,
                source_path=source_path,
            )
        )
    if not items:
        raise InputError(where, "none of the feed's entries carries article content")
    return items
