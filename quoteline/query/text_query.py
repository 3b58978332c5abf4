"""Questions to the full-text index (``text_index``): which statements can a search match?

A word becomes an anchored regex over the term dictionary of its inflected forms
(``search.inflection_patterns``), lowercased; a phrase, a phrase query of its tokens; in the text or the
speaker; clauses ANDed, alternatives ORed, as in ``search.parse``. For plain words and phrases the hits are
exactly the scan's, in every statement without an ambiguous character (``text_index.ambiguous_characters``);
those statements come back with their stored text and speaker, and ``lake_search`` checks them with the RE2
condition. A phrase with punctuation inside (``"U.S. envoy"``) gives a superset, marked inexact, which the RE2
condition confirms; a word with punctuation inside (``co-op``), whose inflections could cross tokens, is left
to the scan.

An index behind the commit asked about is caught up first when little is missing; otherwise, and whenever
the index cannot answer, ``candidates`` returns None and the caller scans.
"""

from __future__ import annotations

import json
import logging
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final, TypeVar

import numpy as np
import pyarrow as pa

from quoteline.query import hit_cache, postings_search
from quoteline.query.search import Term, inflection_patterns, parse, phrase_pattern, stem
from quoteline.query.text_index import (
    Covered,
    Field,
    IndexDamaged,
    IndexMissing,
    IndexUnavailable,
    index_path,
    open_index,
    read_covered,
    table_id,
    tantivy_module,
    update,
    version_files,
)
from quoteline.schema import S
from quoteline.store.errors import StoreError
from quoteline.store.manifest import Manifest
from quoteline.store.store import Store

LOGGER = logging.getLogger(__name__)
T = TypeVar("T")

# More candidates than this and the scan is cheaper than moving their ids into DuckDB (a common word).
MAX_CANDIDATES: Final = 300_000
# A search catches a lagging index up itself when at most this many rows are missing; more is left to
# `quoteline index` (or the next ingest), and the search scans meanwhile.
CATCH_UP_ROWS: Final = 200_000
# Hits taken out of tantivy at a time (the next ids above the last slice's): bounds the binding's per-hit
# objects.
SLICE_HITS: Final = 2_000_000
# More corrected statements than this to leave out of a count and it is not counted in tantivy (each is a
# clause of the query).
MAX_LEFT_OUT: Final = 1_000
# More statements with ambiguous characters than this and a search scans (a corpus in Greek, say).
MAX_AMBIGUOUS: Final = 50_000
_MAX_ID: Final = (1 << 64) - 1
_ORDER_KEY = operator.itemgetter(0)  # a hit's order key: its id number, when ordered by the ``sid`` field
# A query word cut as the index's tokenizer cuts text (text_index.TOKEN_PATTERN, in Python's terms).
_PY_TOKEN = re.compile(r"[^\W_]+|[^\t\n\f\r ]", re.UNICODE)


@dataclass(frozen=True)
class Candidates:
    """The statement ids (uint64 of their 16 hex digits) a query can match, and whether they are exactly
    the matches (every term was exact) or a superset to confirm with the RE2 condition; and the statements
    with an ambiguous character (``statement_id``, ``text``, ``speaker``), for the RE2 condition to check."""

    ids: pa.Array
    exact: bool
    ambiguous: pa.Table


def _escape(text: str) -> str:
    return "".join("\\" + c if c in "\\.+*?()|[]{}^$#&-~" else c for c in text)


_STRUCTURE = re.compile(r"\(\?:|[()|?]")


def _dictionary_regex(pattern: str) -> str:
    """An RE2 pattern of ``search.inflection_patterns`` (escaped literals, ``(?:``, ``|``, ``)``, ``?``) as a
    term-dictionary regex over lowercase tokens."""
    out, i = [], 0
    while i < len(pattern):
        structure = _STRUCTURE.match(pattern, i)
        if structure:
            out.append(structure.group())
            i = structure.end()
            continue
        if pattern[i] == "\\":
            i += 1
        out.append(_escape(pattern[i].lower()))
        i += 1
    return "".join(out)


def _tokens(word: str) -> list[str]:
    """``word`` cut as the index's tokenizer cuts text (letter/number runs, single other characters)."""
    return _PY_TOKEN.findall(word)


def _is_word(text: str) -> bool:
    return bool(text) and all(c.isalnum() for c in text)


class _Unsupported(Exception):
    """A term the index cannot answer even as a superset: the query scans."""


def _term_query(schema: Any, field: str, term: Term) -> tuple[Any, bool, list[Any]]:
    """The tantivy query for ``term`` in ``field`` (over statements without ambiguous characters), whether
    its hits are exactly the scan's matches there, and what it asks (its key in ``hit_cache``)."""
    tantivy = tantivy_module()
    words = term.text.split()
    if words and term.pattern == phrase_pattern(term.text):
        exact = all(_is_word(w.casefold()) for w in words)
        tokens = [t.lower() for w in words for t in _tokens(w.casefold())]
        if len(tokens) == 1:
            return tantivy.Query.term_query(schema, field, tokens[0]), exact, ["term", field, tokens[0]]
        return tantivy.Query.phrase_query(schema, field, tokens), exact, ["phrase", field, tokens]
    base = stem(term.text)
    if not _is_word(base):
        raise _Unsupported(term.text)  # punctuation inside a word: its inflections may cross tokens
    regex = _dictionary_regex("(?:" + "|".join(inflection_patterns(base)) + ")")
    return tantivy.Query.regex_query(schema, field, regex), True, ["regex", field, regex]


def _query(schema: Any, clauses: list[list[Term]]) -> tuple[Any, bool, str]:
    """The tantivy query of ``clauses``, whether it is exact, and its key: what it asks, as JSON."""
    tantivy = tantivy_module()
    must, exact, asked = [], True, []
    for clause in clauses:
        should, either = [], []
        for term in clause:
            for field in (Field.TEXT, Field.SPEAKER):
                query, ok, key = _term_query(schema, field, term)
                should.append((tantivy.Occur.Should, query))
                either.append(key)
                exact &= ok
        must.append((tantivy.Occur.Must, tantivy.Query.boolean_query(should)))
        asked.append(either)
    must.append((tantivy.Occur.MustNot, tantivy.Query.term_query(schema, Field.AMBIGUOUS, Field.YES)))
    return tantivy.Query.boolean_query(must), exact, json.dumps(asked, ensure_ascii=False)


@dataclass(frozen=True)
class _Asked:
    """One question to the index: its searcher, the tantivy query, its key and the version answered."""

    schema: Any
    searcher: Any
    query: Any
    key: str
    covered: Covered


def candidates(
    store: Store, manifest: Manifest | None, query: str, max_candidates: int | None = MAX_CANDIDATES
) -> Candidates | None:
    """The statements of commit ``manifest`` that ``query`` can match, from the index; None when the index
    cannot answer (no index, not of this version and too far behind, busy, damaged, a term it cannot
    handle, or more than ``max_candidates``: None for no limit): the caller scans. Each case is logged.
    The ids come sorted, ascending.

    Rows that a correction changed are not answered for: the caller checks them on their corrected values.
    ValueError for a query too long to run.
    """

    def ids(asked: _Asked) -> np.ndarray | None:
        table, version = asked.covered.table, asked.covered.version
        kept = hit_cache.load(store, table, version, asked.key)  # an answer kept from an earlier search
        count = None if kept is None else len(kept)
        if count is None and max_candidates is not None:
            count = asked.searcher.search(asked.query, limit=1, count=True).count  # no hit taken out
        if max_candidates is not None and count is not None and count > max_candidates:
            LOGGER.info("search %r: %d candidates, more than %d; scanning", query, count, max_candidates)
            return None
        if kept is not None:
            return kept
        # A query of words: from the postings beside the index, no Python object a hit. Else tantivy's
        # hits, kept when there are many.
        found = _from_postings(store, asked)
        if found is None:
            found = _hit_ids(asked, count)
            hit_cache.save(store, table, version, asked.key, found)
        return found

    answered = _ask(store, manifest, query, ids)
    if answered is None or answered[0] is None:
        return None
    found, exact, ambiguous = answered
    return Candidates(pa.array(found, pa.uint64()), exact, ambiguous)


@dataclass(frozen=True)
class FileMasks:
    """The index's exact answer to a query of words as a boolean mask over each data file's rows
    (``postings_search.file_masks``: the version's files in order), and the flagged statements (as in
    ``Candidates``). The caller releases the postings' pages (``postings_search.corpus_mask`` does)."""

    masks: list[tuple[postings_search.Postings, np.ndarray]]
    ambiguous: pa.Table


def file_masks(store: Store, manifest: Manifest | None, query: str) -> FileMasks | None:
    """The statements of commit ``manifest`` that ``query`` finds, as masks over the index's data files;
    None when the postings cannot answer it exactly (a phrase, a file without postings, an inexact term, or
    whenever ``candidates`` would give None): ask ``candidates`` then. ValueError for a query too long."""

    def answer(asked: _Asked) -> list[tuple[postings_search.Postings, np.ndarray]] | None:
        return _postings_call(store, asked, postings_search.file_masks)

    answered = _ask(store, manifest, query, answer)
    if answered is None:
        return None
    masks, exact, ambiguous = answered
    if masks is None:
        return None
    if not exact:
        for postings, _ in masks:
            postings.release()
        return None
    return FileMasks(masks, ambiguous)


def _from_postings(store: Store, asked: _Asked) -> np.ndarray | None:
    """The query's hits from ``term_postings`` (the index's version's files), or None (logged there) when
    they cannot answer: a phrase, a file without postings."""
    return _postings_call(store, asked, postings_search.hits)


def _postings_call(
    store: Store, asked: _Asked, call: Callable[[Store, tuple[str, ...], str], T | None]
) -> T | None:
    """``call`` (a ``postings_search`` answer) over the index's version's files; None, logged, when the
    postings fail to read: the search asks tantivy then."""
    try:
        files = version_files(store, asked.covered.version)
        return call(store, files, asked.key)
    except (StoreError, OSError, ValueError) as exc:
        LOGGER.warning("the search postings of %s failed (%s); asking tantivy", store.root, exc)
        return None


def _hit_ids(asked: _Asked, count: int | None = None) -> np.ndarray:
    """The hits' id numbers, ascending (``count``: how many there are, when already counted). (Two id
    ranges searched at once in two threads were measured in session 19: no CPU saved, more wall time on
    the shared machine; removed in session 20.)"""
    if count == 0:
        return np.empty(0, dtype=np.uint64)
    return _taken_out(asked, count)


def _taken_out(asked: _Asked, count: int | None) -> np.ndarray:
    """The id numbers of the hits, ascending.

    tantivy's Python binding hands each hit over as a tuple with a document address (about 150 bytes):
    millions at once would cost a GB, so the ids come ``SLICE_HITS`` at a time, smallest first, each slice
    the next ids above the last one taken (the id is unique and a fast field, so the slices neither overlap
    nor leave a gap). The first slice also counts the hits, so each hit's query runs once per slice and no
    more: a search of up to ``SLICE_HITS`` hits is one pass over the posting lists (before session 18: a
    count, a min/max aggregation and then the slices)."""
    tantivy = tantivy_module()
    searcher = asked.searcher

    def within(above: int) -> Any:
        if above == 0:
            return asked.query
        rest = tantivy.Query.range_query(asked.schema, Field.SID, tantivy.FieldType.Unsigned, above, _MAX_ID)
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, asked.query), (tantivy.Occur.Must, rest)])

    limit = SLICE_HITS if count is None else min(count, SLICE_HITS)
    found = searcher.search(
        within(0), limit=limit, count=True, order_by_field=Field.SID, order=tantivy.Order.Asc
    )
    total = found.count
    out = np.empty(total, dtype=np.uint64)
    at = 0
    while True:
        hits = found.hits
        if at + len(hits) > total or (not hits and at < total):
            raise IndexUnavailable(
                f"the search index moved under a search ({at + len(hits)} of {total} hits)"
            )
        # ``itemgetter`` in ``map``: no Python frame per hit, as a generator expression would run.
        out[at : at + len(hits)] = np.fromiter(map(_ORDER_KEY, hits), dtype=np.uint64, count=len(hits))
        at += len(hits)
        if at == total:
            return out
        above = int(out[at - 1]) + 1
        del hits, found
        if above > _MAX_ID:
            raise IndexUnavailable(f"the search index moved under a search ({at} of {total} hits)")
        found = searcher.search(
            within(above),
            limit=min(total - at, SLICE_HITS),
            count=False,
            order_by_field=Field.SID,
            order=tantivy.Order.Asc,
        )


@dataclass(frozen=True)
class Count:
    """How many statements without an ambiguous character the index matches (exactly, when ``exact``),
    and the flagged statements (as in ``Candidates``), for the RE2 condition to count."""

    hits: int
    exact: bool
    ambiguous: pa.Table


def count(
    store: Store, manifest: Manifest | None, query: str, leave_out: np.ndarray | None = None
) -> Count | None:
    """How many statements of commit ``manifest`` ``query`` can match, counted by tantivy without taking
    one hit out: a common word's millions of hits cost what the posting lists cost. ``leave_out``: id
    numbers (uint64) not to count (the rows a correction reaches: the caller counts them on their
    corrected values); more than ``MAX_LEFT_OUT`` of them and None. None, logged, whenever the index cannot
    answer (as ``candidates``). ValueError for a query too long to run."""
    if leave_out is not None and len(leave_out) > MAX_LEFT_OUT:
        LOGGER.info(
            "search %r: %d corrected statements to leave out of a count; not counted", query, len(leave_out)
        )
        return None

    def counted(asked: _Asked) -> int:
        schema, tantivy_query = asked.schema, asked.query
        if leave_out is not None and len(leave_out):
            tantivy = tantivy_module()
            # The id is a fast field, not indexed: each left-out statement is a one-value range over it.
            unsigned, should = tantivy.FieldType.Unsigned, tantivy.Occur.Should
            ids = [
                (should, tantivy.Query.range_query(schema, Field.SID, unsigned, int(v), int(v)))
                for v in leave_out
            ]
            tantivy_query = tantivy.Query.boolean_query(
                [
                    (tantivy.Occur.Must, tantivy_query),
                    (tantivy.Occur.MustNot, tantivy.Query.boolean_query(ids)),
                ]
            )
        found: int = asked.searcher.search(tantivy_query, limit=1, count=True).count
        return found

    answered = _ask(store, manifest, query, counted)
    if answered is None:
        return None
    hits, exact, ambiguous = answered
    return Count(hits, exact, ambiguous)


def _ask(
    store: Store, manifest: Manifest | None, query: str, answer: Callable[[_Asked], T]
) -> tuple[T, bool, pa.Table] | None:
    """``answer(asked)`` over the index at ``manifest``'s statements version, whether the query is exact,
    and the flagged statements; None, logged, when the index cannot answer."""
    clauses = parse(query)
    version = None if manifest is None else manifest.table_version("statements")
    if not clauses or version is None:
        return None
    try:
        index, covered = _ready_index(store, manifest, version)
        try:
            tantivy_query, exact, key = _query(index.schema, clauses)
        except _Unsupported as exc:
            LOGGER.info(
                "search %r: the index cannot answer for %r (case folding or punctuation); scanning",
                query,
                str(exc),
            )
            return None
        searcher = index.searcher()
        result = answer(_Asked(index.schema, searcher, tantivy_query, key, covered))
        ambiguous = _ambiguous_rows(index, searcher)
    except IndexDamaged as exc:
        LOGGER.warning("search %r: %s; scanning. Run `quoteline index --rebuild`", query, exc)
        return None
    except IndexUnavailable as exc:
        LOGGER.info("search %r: %s; scanning", query, exc)
        return None
    except (ValueError, OSError, StoreError) as exc:
        LOGGER.warning(
            "search %r: the search index failed (%s); scanning. Run `quoteline index --rebuild`", query, exc
        )
        return None
    if ambiguous is None:
        LOGGER.info(
            "search %r: more than %d statements hold ambiguous case forms; scanning", query, MAX_AMBIGUOUS
        )
        return None
    return result, exact, ambiguous


def _ambiguous_rows(index: Any, searcher: Any) -> pa.Table | None:
    """The flagged statements (``text_index.ambiguous_characters``) with their stored text and speaker;
    None: too many."""
    tantivy = tantivy_module()
    flagged = tantivy.Query.term_query(index.schema, Field.AMBIGUOUS, Field.YES)
    count = searcher.search(flagged, limit=1, count=True).count
    if count > MAX_AMBIGUOUS:
        return None
    ids, texts, speakers = [], [], []
    for sid, address in searcher.search(flagged, limit=count, order_by_field=Field.SID).hits if count else []:
        doc = searcher.doc(address)
        ids.append(f"{sid:016x}")
        texts.append(doc.get_first(Field.RAW_TEXT) or None)
        speakers.append(doc.get_first(Field.RAW_SPEAKER) or None)
    return pa.table(
        {
            S.statement_id: pa.array(ids, pa.string()),
            S.text: pa.array(texts, pa.string()),
            S.speaker: pa.array(speakers, pa.string()),
        }
    )


def _ready_index(store: Store, manifest: Manifest | None, version: int) -> tuple[Any, Covered]:
    """The index, at ``version``, and what it covers: caught up first when it is a little behind, built
    first when it is missing and the store small. A damaged index is left for ``quoteline index`` to
    rebuild."""
    try:
        index = open_index(index_path(store))
    except IndexMissing:
        update(store, manifest, max_rows=CATCH_UP_ROWS)
        index = open_index(index_path(store))
    now = read_covered(index)
    table = table_id(store, version)
    if now.table == table and now.version == version:
        return index, now
    if now.table != table or now.version > version:
        raise IndexUnavailable(
            f"the search index covers statements version {now.version} of another state or format"
        )
    update(store, manifest, max_rows=CATCH_UP_ROWS)
    index = open_index(index_path(store))
    now = read_covered(index)
    if now.version != version:  # another process moved it on meanwhile
        raise IndexUnavailable(f"the search index moved on to statements version {now.version}")
    return index, now
