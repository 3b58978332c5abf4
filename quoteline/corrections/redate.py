"""Re-deriving an article's statement dates when an analyst corrects its publication date.

A statement's date comes from the publication day, a dateline, or a relative expression resolved against the
publication day ("on Tuesday"), so a new publication day changes them all. The extractor's own dating runs
again over the article with the new day, and each stored statement takes the date fields of the statement
found again at its id (or at its span). The result is stored in the correction entry, so reading the store
never runs the extractor.
"""

from __future__ import annotations

import logging
from typing import Any

import pandas as pd

from quoteline.schema import S

LOGGER = logging.getLogger(__name__)

# Where a stored statement's date came from the publication day, directly or through a relative expression.
FOLLOWS_PUBLICATION = ("published", "relative", "unknown")


def derive(
    article_text: str, article_id: str, published: str, stored: pd.DataFrame
) -> dict[str, dict[str, Any]]:
    """statement id -> {"was": extracted date, "date", "date_source", "referenced_dates"} for ``stored``.

    ``stored`` holds the article's extracted (raw) statements: statement_id, start, end, kind, date,
    date_source. A statement dated by a dateline keeps its date; one the new extraction does not find again
    at its id or span takes the publication day when its date came from the publication day or was unknown.
    """
    from quoteline.extract import extract_frame

    fresh = extract_frame(article_text, published=published, article_id=article_id)
    by_id = {r[S.statement_id]: r for r in fresh.to_dict("records")}
    by_span = {(r[S.start], r[S.end], r[S.kind]): r for r in fresh.to_dict("records")}
    out: dict[str, dict[str, Any]] = {}
    for row in stored.to_dict("records"):
        sid = row[S.statement_id]
        was = row[S.date] if isinstance(row[S.date], str) else None
        if row[S.date_source] == "dateline":
            continue
        match = by_id.get(sid) or by_span.get((int(row[S.start]), int(row[S.end]), row[S.kind]))
        if match is not None:
            date = match[S.date] if isinstance(match[S.date], str) else None
            source, refs = match[S.date_source], [str(d) for d in match[S.referenced_dates]]
        elif row[S.date_source] in FOLLOWS_PUBLICATION:
            date, source, refs = published, "published", None
        else:
            continue
        change = {"was": was, S.date: date, S.date_source: source}
        if refs is not None:
            change[S.referenced_dates] = refs
        out[sid] = change
    LOGGER.info("article %s re-dated to %s: %d statements re-derived", article_id, published, len(out))
    return out
