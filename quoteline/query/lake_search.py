"""Free-text search as SQL over the lake: the query language of ``quoteline.query.search``, run by DuckDB.

Each clause of the query must match, in the statement text or the speaker's name; a clause is its
alternatives (OR). A term in the text is found by a case-insensitive substring scan for its needle
(``ILIKE``, cheap), confirmed by the very RE2 pattern ``search.parse`` builds (DuckDB's ``regexp_matches``
is RE2 too), so inflections, phrases and word boundaries mean exactly what they mean in the dashboard. The
scan reads only the text and speaker columns of the files the other filters leave (partition pruning on
``year``/``month``), and nothing is held in memory between searches.
"""

from __future__ import annotations

from typing import Any

from quoteline.query.search import parse
from quoteline.schema import S


def _like(needle: str) -> str:
    """``needle`` as an ILIKE pattern that matches it anywhere, its wildcards escaped."""
    escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_condition(query: str, alias: str = "") -> tuple[str, list[Any]]:
    """A SQL condition (and its parameters) true for the statements ``query`` finds; ``alias``: the
    statements relation's alias, if any. ValueError for a query too long to run (``search.MAX_TERMS``)."""
    prefix = f"{alias}." if alias else ""
    text, speaker = f"{prefix}{S.text}", f"{prefix}{S.speaker}"
    parts: list[str] = []
    params: list[Any] = []
    for clause in parse(query):
        regex = "(?i)(?:" + "|".join(t.pattern for t in clause) + ")"
        in_text = []
        for term in clause:
            in_text.append(f"({text} ILIKE ? ESCAPE '\\' AND regexp_matches({text}, ?))")
            params += [_like(term.needle), "(?i)" + term.pattern]
        parts.append(f"({' OR '.join(in_text)} OR coalesce(regexp_matches({speaker}, ?), false))")
        params.append(regex)
    return (" AND ".join(parts) if parts else "true"), params
