"""HTML pages: main text, title, site name and date via trafilatura (with htmldate), never by regex."""

from __future__ import annotations

import warnings

import trafilatura

from quoteline.ingest.errors import InputError
from quoteline.ingest.raw import RawArticle

# Fewer words than this is page furniture ("Enable JavaScript", a cookie banner), not an article.
MIN_WORDS = 20
# Only dates the page states about itself (meta tags, <time>), not any date that happens to be in the text.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


def _paragraphs(text: str) -> str:
    return "\n\n".join(line.strip() for line in text.split("\n") if line.strip())


def html_to_text(fragment: str) -> str:
    """Readable paragraphs of an HTML fragment (a feed entry's content), blank-line separated."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # lxml's FutureWarnings from inside trafilatura are not ours to fix
        text = trafilatura.extract(f"<html><body>{fragment}</body></html>", favor_recall=True)
        if not text:
            text = trafilatura.html2txt(fragment)
    return _paragraphs(text or "")


def read_html(where: str, html: str, source_path: str | None = None) -> RawArticle:
    """One article from an HTML page."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        doc = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, date_extraction_params=_DATE_PARAMS
        )
    text = getattr(doc, "text", None) or ""
    title = (getattr(doc, "title", None) or "").strip()
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if lines and title and lines[0] == title:
        lines = lines[1:]  # trafilatura repeats the <h1> as the first line; the title is stored apart
    words = sum(len(line.split()) for line in lines)
    if words < MIN_WORDS:
        raise InputError(
            where,
            f"no article text found in the HTML ({words} words of visible text; the page "
            "is scripts, styles or page furniture)",
        )
    if not title:
        title, lines = lines[0], lines[1:]
        if not lines:
            raise InputError(where, "the HTML page holds a single line of text, not an article")
    return RawArticle(
        title=title,
        body="\n\n".join(lines),
        where=where,
        published=getattr(doc, "date", None) or None,
        published_source="html",
        outlet=(getattr(doc, "sitename", None) or None),
        url=(getattr(doc, "url", None) or None),
        source_path=source_path,
    )
