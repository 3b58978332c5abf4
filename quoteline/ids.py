"""Stable, content-derived ids, so that re-ingesting the same article changes nothing."""

from __future__ import annotations

import hashlib
import unicodedata


def _digest(*parts: str, length: int = 16) -> str:
    joined = "\x1f".join(parts)
    return hashlib.sha1(joined.encode("utf-8")).hexdigest()[:length]


def normalise_for_id(text: str) -> str:
    """Collapse whitespace and Unicode forms so cosmetic differences give the same id."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def article_id(title: str, body: str) -> str:
    """Id of an article: a hash of its title and body text."""
    return _digest(normalise_for_id(title), normalise_for_id(body))


def statement_id(article: str, kind: str, speaker: str, start: int, end: int) -> str:
    """Id of a statement: its article, kind, speaker and span."""
    return _digest(article, kind, speaker, str(start), str(end))
