"""Evidence for the detail panel: a statement's date phrase and speaker chain read back from their stored
columns, and article text marked up with highlighted spans.

Every piece of article text is escaped here before it is wrapped in markup, so the HTML these functions
return is safe to render whatever the article holds (``<script>``, Markdown, stray ``&``).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import parse_qsl, urlencode

from quoteline.query.text import escape, present
from quoteline.schema import S

LOGGER = logging.getLogger(__name__)

_CONTEXT = 90  # characters shown either side of a mention in the speaker chain

# How the detail panel words each basis of ``schema.DATE_BASES``.
DATE_BASIS_TEXT: Final = {
    "phrase": "set by a phrase in the reporting words",
    "inherited": "taken from an earlier statement or sentence of the article",
    "dateline": "the article's dateline",
    "published": "publication date used: the reporting words name no day",
    "none": "no date found",
}
NOT_RECORDED: Final = "not recorded (the statement was stored before evidence was kept; re-ingest to add it)"


@dataclass(frozen=True)
class Link:
    """One mention of the speaker: its words and offsets in the article."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Highlight:
    """A span of the article to mark: CSS class, and optional statement id (makes the mark a link)."""

    start: int
    end: int
    css: str
    statement_id: str | None = None


def chain_links(value: Any) -> list[Link] | None:
    """The stored speaker chain (JSON text) as links; None when not recorded or unreadable (logged)."""
    text = present(value)
    if text is None:
        return None
    try:
        raw = json.loads(text)
        return [Link(str(r["text"]), int(r["start"]), int(r["end"])) for r in raw]
    except (ValueError, TypeError, KeyError) as exc:
        LOGGER.warning("speaker chain not readable, shown as not recorded: %s", exc)
        return None


def _int(value: Any) -> int | None:
    return None if present(value) is None else int(value)


def span(start_value: Any, end_value: Any) -> tuple[int, int] | None:
    """Stored offsets (possibly null) as a span, or None when either is missing or it is empty."""
    start, end = _int(start_value), _int(end_value)
    if start is None or end is None or end <= start:
        return None
    return start, end


def date_phrase_span(row: Mapping[str, Any]) -> tuple[int, int] | None:
    """The stored offsets of a statement's date phrase, or None."""
    return span(row.get(S.date_phrase_start), row.get(S.date_phrase_end))


def date_evidence_text(row: Mapping[str, Any]) -> str:
    """One line saying what set the date, e.g. "set by a phrase in the reporting words: "on Monday""."""
    basis = present(row.get(S.date_basis))
    if basis is None:
        return NOT_RECORDED
    said = DATE_BASIS_TEXT.get(basis, basis)
    phrase = present(row.get(S.date_phrase))
    return f"{said}: “{phrase}”" if phrase and basis != "published" else said


def marked(
    text: str, highlights: Sequence[Highlight], lo: int = 0, hi: int | None = None, link: str = ""
) -> str:
    """``text[lo:hi]`` escaped, each highlight inside it wrapped in ``<mark>`` (overlaps clipped, earlier
    first). A highlight with a statement id becomes a link: ``link`` is the query string to which its
    ``sel`` is added."""
    hi = len(text) if hi is None else min(hi, len(text))
    lo = max(0, min(lo, hi))
    out: list[str] = []
    pos = lo
    for h in sorted(highlights, key=lambda h: (h.start, -h.end)):
        start, end = max(h.start, pos, lo), min(h.end, hi)
        if end <= start:
            continue
        out.append(escape(text[pos:start]))
        inner = escape(text[start:end])
        attrs = f"class='{escape(h.css)}'"
        if h.statement_id:
            sid = escape(h.statement_id)
            href = escape("?" + urlencode([*_params(link), ("sel", h.statement_id)]))
            inner = f"<a href='{href}' target='_self' data-statement-id='{sid}'>{inner}</a>"
            attrs += f" data-statement-id='{sid}'"
        out.append(f"<mark {attrs}>{inner}</mark>")
        pos = end
    out.append(escape(text[pos:hi]))
    return "".join(out)


def _params(query: str) -> list[tuple[str, str]]:
    return [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k != "sel"]


def around(text: str, start: int, end: int, context: int = _CONTEXT) -> tuple[int, int]:
    """Bounds of a short excerpt around ``text[start:end]``: up to ``context`` characters either side,
    cut at word boundaries and never across a blank line."""
    lo = max(0, start - context)
    hi = min(len(text), end + context)
    para = text.rfind("\n\n", lo, start)
    if para >= 0:
        lo = para + 2
    elif lo > 0:
        space = text.find(" ", lo, start)
        lo = space + 1 if space >= 0 else lo
    para = text.find("\n\n", end, hi)
    if para >= 0:
        hi = para
    elif hi < len(text):
        space = text.rfind(" ", end, hi)
        hi = space if space >= 0 else hi
    return lo, hi


def excerpt(text: str, highlights: Sequence[Highlight], start: int, end: int) -> str:
    """An escaped excerpt around ``text[start:end]`` with ``highlights`` marked, ellipses where cut."""
    lo, hi = around(text, start, end)
    body = marked(text, highlights, lo, hi)
    cut_before = lo > 0 and text[lo - 2 : lo] != "\n\n"  # no ellipsis where a paragraph starts or ends
    cut_after = hi < len(text) and text[hi : hi + 2] != "\n\n"
    return ("…" if cut_before else "") + body + ("…" if cut_after else "")
