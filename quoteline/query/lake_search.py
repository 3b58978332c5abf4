"""Free-text search as SQL over the lake: the query language of ``quoteline.query.search``, run by DuckDB.

Each clause of the query must match, in the statement text or the speaker's name; a clause is its
alternatives (OR). A term in the text is found by a case-insensitive substring scan for its needle
(``ILIKE``, cheap), confirmed by the very RE2 pattern ``search.parse`` builds (DuckDB's ``regexp_matches``
is RE2 too), so inflections, phrases and word boundaries mean exactly what they mean in the dashboard. The
scan reads only the text and speaker columns of the files the other filters leave (partition pruning on
``year``/``month``), and nothing is held in memory between searches.

Given the lake, the store's full-text index (``quoteline.query.text_index``) answers first: its candidate
statement ids are registered in the connection and the condition becomes a semi-join on them, so the text is
not read at all when the index's answer is exact, and the RE2 condition confirms the candidates when it is a
superset. Rows a correction changed are always checked on their corrected values by the RE2 condition (the
index holds the extraction). Whenever the index cannot answer, the condition is the scan (logged by
``text_index``): the rows found are the same either way.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any

from quoteline.query.search import parse
from quoteline.schema import S

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa

    from quoteline.query.lake import Lake
    from quoteline.query.text_query import Candidates

_HITS = itertools.count()
_KEEP = 8  # candidate tables kept per connection (a page and its count reuse one)


def _like(needle: str) -> str:
    """``needle`` as an ILIKE pattern that matches it anywhere, its wildcards escaped."""
    escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def scan_condition(query: str, alias: str = "") -> tuple[str, list[Any]]:
    """The condition as a scan of the text and speaker columns (see the module docstring)."""
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


def search_condition(query: str, alias: str = "", lake: Lake | None = None) -> tuple[str, list[Any]]:
    """A SQL condition (and its parameters) true for the statements ``query`` finds; ``alias``: the
    statements relation's alias, if any. With ``lake`` (the connection the condition will run in), the
    store's search index prefilters. ValueError for a query too long to run (``search.MAX_TERMS``)."""
    scan, params = scan_condition(query, alias)
    if lake is None or scan == "true":
        return scan, params
    from quoteline.query import text_query

    found = text_query.candidates(lake.store, lake.manifest, query)
    if found is None:
        return scan, params
    name = _register(lake, query, found)
    sid = f"{alias}.{S.statement_id}" if alias else S.statement_id
    matched = f"{sid} IN (SELECT {S.statement_id} FROM {name} WHERE confirmed)"
    if found.exact:
        return matched, []
    unconfirmed = f"{sid} IN (SELECT {S.statement_id} FROM {name} WHERE NOT confirmed)"
    return f"({matched} OR ({unconfirmed} AND {scan}))", params


def search_ids(query: str, lake: Lake) -> pa.Array | None:
    """The statements ``query`` finds in ``lake``'s statements view, as id numbers (``id_numbers``: uint64,
    ascending, each once), from the search index: no text is read, and the hits never enter DuckDB (moving
    millions of ids into it costs what a scan costs, docs/scale_history.md, "Search without the semi-join").
    The index's hits, less the rows a correction reaches, plus the flagged statements and the corrected rows
    that the RE2 condition finds (a few, asked of DuckDB). None when the index cannot answer exactly (no
    index, a phrase with punctuation inside, an id that is not 16 hex digits...): ``search_condition`` then.
    ValueError for a query too long to run."""
    import numpy as np
    import pyarrow as pa

    from quoteline.query import text_query

    if not parse(query):
        return None
    found = text_query.candidates(lake.store, lake.manifest, query, max_candidates=None)
    if found is None or not found.exact:
        return None
    side = _beside_the_index(lake, query, found.ambiguous)
    if side is None:
        return None
    ids = found.ids.to_numpy()
    extra, reached = side
    if len(reached):
        ids = ids[~np.isin(ids, reached)]
    if len(extra):
        ids = np.union1d(ids, extra)
    return pa.array(ids, pa.uint64())


def search_rows(
    query: str, lake: Lake, numbers: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """The statements ``query`` finds in ``lake``'s statements view as a boolean mask over the rows of a
    corpus whose id numbers are ``numbers`` (row order), from the search postings as they are, when that
    corpus' rows are the index's data files in order (``postings_search.aligned``): no hit's id is gathered,
    sorted or looked up. With the mask, what ``search_ids`` adds to the index's answer, as id numbers: the
    rows a correction reaches (to take out) and the flagged or corrected statements found (to add). None
    when the postings cannot answer so (a phrase, rows in another order...): ``search_ids`` then.
    ValueError for a query too long to run."""
    from quoteline.query import postings_search, text_query

    if not parse(query):
        return None
    found = text_query.file_masks(lake.store, lake.manifest, query)
    if found is None:
        return None
    try:
        side = _beside_the_index(lake, query, found.ambiguous)
    except BaseException:
        for postings, _ in found.masks:
            postings.release()
        raise
    rows = postings_search.corpus_mask(found.masks, numbers)
    if side is None or rows is None:
        return None
    extra, reached = side
    return rows, reached, extra


def search_count(query: str, lake: Lake) -> int | None:
    """How many statements ``query`` finds in ``lake``'s whole statements view, counted by the search index
    (tantivy's count of its hits, less the rows a correction reaches, plus the flagged statements and the
    corrected rows the RE2 condition finds): no hit is taken out of the index, so a common word costs what
    a rare one does. None when the index cannot answer exactly: count with ``search_condition`` then."""
    from quoteline.query import text_query

    if not parse(query):
        return None
    reached = _reached(lake)
    if reached is None:
        return None
    counted = text_query.count(lake.store, lake.manifest, query, leave_out=reached)
    if counted is None or not counted.exact:
        return None
    side = _beside_the_index(lake, query, counted.ambiguous)
    return None if side is None else counted.hits + len(side[0])


def _reached(lake: Lake) -> np.ndarray | None:
    """The id numbers of the rows a correction reaches (``open_lake``'s ``statements_reached``): empty
    without corrections; None when one is not 16 hex digits."""
    import numpy as np

    from quoteline.query.id_numbers import to_numbers

    if not _patched(lake):
        return np.zeros(0, np.uint64)
    reached = lake.con.sql(f"SELECT {S.statement_id} FROM statements_reached").to_arrow_table()
    return to_numbers(reached.column(0))


def _beside_the_index(lake: Lake, query: str, ambiguous: pa.Table) -> tuple[np.ndarray, np.ndarray] | None:
    """What the index does not answer for, as id numbers: the statements ``query`` finds among the flagged
    ones (``ambiguous``, not reached by a correction) and among the corrected rows, by the RE2 condition;
    and the rows a correction reaches (to take out of the index's hits). None when an id has no number."""
    import numpy as np

    from quoteline.query.id_numbers import to_numbers

    reached = _reached(lake)
    if reached is None:
        return None
    patched = _patched(lake)
    if not ambiguous.num_rows and not patched:  # nothing beside the index: no query for DuckDB to plan
        return np.zeros(0, np.uint64), reached
    name = f"search_odd_{next(_HITS)}"
    odd_scan, params = scan_condition(query)
    sql = f"SELECT {S.statement_id} FROM {name} WHERE {odd_scan}"
    if patched:
        patch_scan, patch_params = scan_condition(query)
        sql = (
            f"SELECT * FROM ({sql}) WHERE {S.statement_id} NOT IN "
            f"(SELECT {S.statement_id} FROM statements_reached) "
            f"UNION ALL SELECT {S.statement_id} FROM statements_patch WHERE {patch_scan}"
        )
        params += patch_params
    lake.con.register(name, ambiguous)
    try:
        extra = to_numbers(lake.con.sql(sql, params=params).to_arrow_table().column(0))
    finally:
        lake.con.unregister(name)
    return None if extra is None else (extra, reached)


def _patched(lake: Lake) -> bool:
    """Whether ``lake``'s statements view patches rows a correction reaches (``open_lake``)."""
    import duckdb

    try:
        lake.con.table("statements_patch")
    except duckdb.CatalogException:
        return False
    return True


def _register(lake: Lake, query: str, found: Candidates) -> str:
    """A temporary table, in ``lake``'s connection, of the statements ``query`` finds (``confirmed``) or
    may find (not ``confirmed``: the index's superset, for the RE2 condition to confirm).

    The index holds the extraction: a row a correction reaches (``statements_reached``, registered by
    ``open_lake`` when the log reaches any) leaves the index's answer and is checked on its corrected
    values, from the view's small in-memory patch, with the scan condition. The last few queries' tables
    are kept, so a page and its count share one.
    """
    import pyarrow as pa
    import pyarrow.dataset as pds

    tables: dict[str, str] = vars(lake).setdefault("_search_hits", {})
    if query in tables:
        return tables[query]
    name = f"search_hits_{next(_HITS)}"
    lake.con.register(f"{name}_ids", pa.table({"sid": found.ids}))
    # The ids as the lake spells them (16 lowercase hex digits), computed by DuckDB in one vectorised pass.
    hits = (
        f"SELECT lower(lpad(hex(sid), 16, '0')) AS {S.statement_id}, {bool(found.exact)} AS confirmed "
        f"FROM {name}_ids"
    )
    # Statements with an ambiguous case form: the RE2 condition over their text, stored in the index.
    lake.con.register(f"{name}_odd", found.ambiguous)
    odd_scan, odd_params = scan_condition(query)
    hits += f" UNION ALL SELECT {S.statement_id}, true AS confirmed FROM {name}_odd WHERE {odd_scan}"
    params: list[Any] = list(odd_params)
    if _patched(lake):
        patch_scan, patch_params = scan_condition(query)
        params += patch_params
        hits = (
            f"SELECT * FROM ({hits}) WHERE {S.statement_id} NOT IN "
            f"(SELECT {S.statement_id} FROM statements_reached) "
            f"UNION ALL SELECT {S.statement_id}, true AS confirmed FROM statements_patch WHERE {patch_scan}"
        )
    try:
        table = lake.con.sql(hits, params=params).to_arrow_table()
    finally:
        lake.con.unregister(f"{name}_ids")
        lake.con.unregister(f"{name}_odd")
    # Registered as an Arrow dataset, not a DuckDB table: DuckDB knows no size for the statements scan and
    # would build its join's hash table on whichever side it can count, so a page of 50 would read every row.
    # Two datasets of unknown size keep the candidates as the build side and stop the scan at the page's end.
    lake.con.register(name, pds.dataset(table))
    tables[query] = name
    while len(tables) > _KEEP:
        lake.con.unregister(tables.pop(next(iter(tables))))
    return name
