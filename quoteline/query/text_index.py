"""A full-text index of the statements (tantivy), kept beside the Delta tables: the search's prefilter.

The dashboard's search (``quoteline.query.search``) is RE2 over the text; at ten million statements reading
and decompressing the text column is what costs (docs/SCALE.md). This index answers "which statements can
match" from a term dictionary instead, and ``quoteline.query.lake_search`` turns its answer into a SQL
condition that finds exactly what the scan finds.

What is indexed (folder ``<store>/search_index/``): one document per statement row of the statements Delta
table, with

- ``text`` and ``speaker``, cut into tokens the way ``search.py`` sees words: each run of Unicode letters and
  numbers is a token, and so is every other character except RE2's whitespace (``\\t\\n\\f\\r`` and space),
  lowercased, with no length filter. Keeping punctuation as tokens makes positions mean something: two words
  are adjacent in the index exactly when only whitespace separates them in the text, which is what a phrase's
  ``\\s+`` asks;
- ``sid``: the statement id (16 hex digits) as a 64-bit fast field, returned for each hit;
- ``file``: the Delta data file the row lives in, so the rows of a file can be dropped without reading it;
- one ``meta`` document: the statements table's id and the Delta version the index covers. It is committed in
  the same tantivy commit as the rows, so a reader always sees the version its rows are of.

Queries. A word becomes an anchored regex over the term dictionary of its inflected forms
(``search.inflection_patterns``), lowercased; a phrase, a phrase query of its tokens; in the text or the
speaker; clauses ANDed, alternatives ORed, as in ``search.parse``. For plain words and phrases the hits are
exactly the scan's, in every statement without one of the few characters whose lowercase is not that of the
letter RE2's ``(?i)`` takes them for (final sigma, long s, the micro sign, dotted capital I: ``_ambiguous``,
asked of RE2 itself). Statements holding one are flagged, with their text and speaker stored, and
``lake_search`` checks them with the RE2 condition. A phrase with punctuation inside (``"U.S. envoy"``) gives
a superset, marked inexact, which the RE2 condition confirms; a word with punctuation inside (``co-op``),
whose inflections could cross tokens, is left to the scan.

Keeping it correct: the index records the Delta version it covers. ``update`` catches up from there to a
commit's version: the data files present at one version and not the other are the change (a compaction or a
re-extraction rewrites files: their rows are dropped by file and the new files' rows added), so an update
costs what the commits since wrote. Dropping by file before adding makes a replayed update harmless. A commit
of the index is atomic (tantivy's ``meta.json``), so a crash between a store commit and the index update
leaves an index of the older version, which searches see as behind: they catch up (when little is missing)
or scan, never use it as if current. Updates run under ``<store>/search_index.lock`` (and tantivy's own
writer lock); a rebuild writes a new folder and swaps it in.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from filelock import FileLock, Timeout

from quoteline.query.search import Term, inflection_patterns, parse, phrase_pattern, stem
from quoteline.schema import S
from quoteline.store import delta
from quoteline.store.errors import StoreError
from quoteline.store.manifest import Manifest
from quoteline.store.store import Store

LOGGER = logging.getLogger(__name__)

INDEX_DIR: Final = "search_index"
LOCK_FILE: Final = "search_index.lock"
# More candidates than this and the scan is cheaper than moving their ids into DuckDB (a common word).
MAX_CANDIDATES: Final = 300_000
# A search catches a lagging index up itself when at most this many rows are missing; more is left to
# `quoteline index` (or the next ingest), and the search scans meanwhile.
CATCH_UP_ROWS: Final = 200_000
TOKENIZER: Final = "quoteline_words"
# Runs of letters/numbers, or any single other character but RE2's whitespace (\s is [\t\n\f\r ] there).
TOKEN_PATTERN: Final = r"[\p{L}\p{N}]+|[^\p{L}\p{N}\t\n\f\r ]"  # noqa: S105 (a regex, not a secret)
_PY_TOKEN = re.compile(r"[^\W_]+|[^\t\n\f\r ]", re.UNICODE)
_SID, _FILE, _TEXT, _SPEAKER = "sid", "file", "text", "speaker"
_META, _COVERED, _TABLE = "meta", "covered", "table"
_AMBIGUOUS, _YES, _RAW_TEXT, _RAW_SPEAKER = "ambiguous", "yes", "raw_text", "raw_speaker"
# More statements with ambiguous characters than this and a search scans (a corpus in Greek, say).
MAX_AMBIGUOUS: Final = 50_000
# Changes whenever what is indexed, or how, changes: an index of another format is rebuilt, never used.
INDEX_FORMAT: Final = 2
_BATCH_ROWS: Final = 50_000
_WRITER_HEAP: Final = 256_000_000
_HEX16 = re.compile(r"[0-9a-f]{16}")


class IndexUnavailable(Exception):
    """The index cannot answer for this commit (missing, behind, damaged, busy): the search scans."""


class IndexMissing(IndexUnavailable):
    """The store has no index (never built, or deleted)."""


class IndexDamaged(IndexUnavailable):
    """The index folder cannot be read as an index: ``quoteline index`` rebuilds it."""


@dataclass(frozen=True)
class Candidates:
    """The statement ids (uint64 of their 16 hex digits) a query can match, and whether they are exactly
    the matches (every term was exact) or a superset to confirm with the RE2 condition; and the statements
    with an ambiguous character (``statement_id``, ``text``, ``speaker``), for the RE2 condition to check."""

    ids: pa.Array
    exact: bool
    ambiguous: pa.Table


@dataclass(frozen=True)
class Covered:
    """What an index folder holds: the statements table's id and the Delta version of its rows."""

    table: str
    version: int
    rows: int


def index_path(store: Store) -> Path:
    """The index folder of ``store``."""
    return store.root / INDEX_DIR


def _tantivy() -> Any:
    try:
        import tantivy
    except ImportError as exc:  # pinned in requirements.txt: a missing package is an installation fault
        raise StoreError(
            f"the search index needs the tantivy package ({exc}); pip install -r requirements.txt"
        ) from exc
    return tantivy


def _schema() -> Any:
    tantivy = _tantivy()
    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field(_SID, fast=True)
    builder.add_text_field(_FILE, tokenizer_name="raw", index_option="basic")
    builder.add_text_field(_TEXT, tokenizer_name=TOKENIZER, index_option="position")
    builder.add_text_field(_SPEAKER, tokenizer_name=TOKENIZER, index_option="position")
    builder.add_text_field(_META, tokenizer_name="raw", index_option="basic")
    # Statements holding a character whose case folding the lowercase tokens cannot follow (``_ambiguous``):
    # flagged, and their text and speaker stored for the RE2 condition to check them.
    builder.add_text_field(_AMBIGUOUS, tokenizer_name="raw", index_option="basic")
    builder.add_text_field(_RAW_TEXT, stored=True, tokenizer_name="raw", index_option="basic")
    builder.add_text_field(_RAW_SPEAKER, stored=True, tokenizer_name="raw", index_option="basic")
    builder.add_text_field(_TABLE, stored=True, tokenizer_name="raw", index_option="basic")
    builder.add_unsigned_field(_COVERED, stored=True)
    return builder.build()


def _analyzer() -> Any:
    tantivy = _tantivy()
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.regex(TOKEN_PATTERN))
        .filter(tantivy.Filter.lowercase())
        .build()
    )


def _open(path: Path, *, create: bool = False) -> Any:
    """The tantivy index at ``path`` with the tokenizer registered (tantivy keeps only its name)."""
    tantivy = _tantivy()
    if create:
        path.mkdir(parents=True, exist_ok=True)
        index = tantivy.Index(_schema(), path=str(path), reuse=False)
    else:
        if not (path / "meta.json").is_file():
            raise IndexMissing(f"{path}: no search index")
        try:
            index = tantivy.Index.open(str(path))
        except (ValueError, OSError) as exc:
            raise IndexDamaged(f"{path}: the search index cannot be opened: {exc}") from exc
    index.register_tokenizer(TOKENIZER, _analyzer())
    return index


def _covered(index: Any) -> Covered:
    tantivy = _tantivy()
    index.reload()
    searcher = index.searcher()
    hits = searcher.search(tantivy.Query.term_query(index.schema, _META, _COVERED), limit=2).hits
    if len(hits) != 1:
        raise IndexDamaged(f"the search index holds {len(hits)} version records, not one")
    record = searcher.doc(hits[0][1]).to_dict()
    try:
        return Covered(str(record[_TABLE][0]), int(record[_COVERED][0]), searcher.num_docs - 1)
    except (KeyError, IndexError, ValueError) as exc:
        raise IndexDamaged(f"the search index's version record is damaged: {record}") from exc


def covered(store: Store) -> Covered | None:
    """What the store's index covers, or None when there is no usable index."""
    try:
        return _covered(_open(index_path(store)))
    except IndexUnavailable as exc:
        LOGGER.info("%s", exc)
        return None


def _table_id(store: Store, version: int) -> str:
    """The statements table's id (a rebuilt table of the same version number is another table)."""
    log = delta.table_path(store.root, "statements") / "_delta_log"
    try:
        stat = log.stat()
    except OSError as exc:
        raise StoreError(f"{store.root}: the statements Delta table is missing ({exc})") from exc
    return _table_id_of(str(store.root), version, stat.st_ino, stat.st_mtime_ns)


@lru_cache(maxsize=64)
def _table_id_of(root: str, version: int, inode: int, mtime: int) -> str:
    store = Store(root)
    table = delta.open_table(store.root, "statements", version)
    if table is None:
        raise StoreError(f"{store.root}: the statements Delta table is missing")
    return f"format {INDEX_FORMAT}, table {table.metadata().id}"


def _files(store: Store, version: int | None) -> dict[str, int]:
    return {f.path: f.rows for f in delta.data_files(store.root, "statements", version)}


def _sid(value: str) -> int:
    if not _HEX16.fullmatch(value):
        raise StoreError(f"statement id {value!r} is not 16 hex digits: the search index cannot hold it")
    return int(value, 16)


def _documents(store: Store, file: str) -> Iterator[Any]:
    tantivy = _tantivy()
    path = delta.table_path(store.root, "statements") / file
    odd = _ambiguous()
    try:
        parquet = pq.ParquetFile(path)
        batches = parquet.iter_batches(_BATCH_ROWS, columns=[S.statement_id, S.text, S.speaker])
        for batch in batches:
            ids, texts, speakers = (batch.column(i).to_pylist() for i in range(3))
            for sid, text, speaker in zip(ids, texts, speakers, strict=True):
                doc = tantivy.Document()
                doc.add_unsigned(_SID, _sid(sid))
                doc.add_text(_FILE, file)
                if text:
                    doc.add_text(_TEXT, text)
                if speaker:
                    doc.add_text(_SPEAKER, speaker)
                if odd.search(text or "") or odd.search(speaker or ""):
                    doc.add_text(_AMBIGUOUS, _YES)
                    doc.add_text(_RAW_TEXT, text or "")
                    doc.add_text(_RAW_SPEAKER, speaker or "")
                yield doc
    except (OSError, pa.ArrowException) as exc:
        raise StoreError(f"{path}: cannot read a statements data file for the search index: {exc}") from exc


def _meta_document(table: str, version: int) -> Any:
    doc = _tantivy().Document()
    doc.add_text(_META, _COVERED)
    doc.add_text(_TABLE, table)
    doc.add_unsigned(_COVERED, version)
    return doc


def _writer(index: Any) -> Any:
    try:
        return index.writer(heap_size=_WRITER_HEAP, num_threads=1)
    except ValueError as exc:  # tantivy's own writer lock: another process writes it (outside our lock)
        raise IndexUnavailable(f"the search index is being written by another process: {exc}") from exc


def _apply(
    store: Store, index: Any, drop: Iterable[str], add: dict[str, int], table: str, version: int, bar: Any
) -> None:
    """One tantivy commit: the rows of ``drop`` and ``add`` files removed, ``add``'s rows indexed, and the
    version record replaced. Dropping the added files first makes replaying an update harmless."""
    writer = _writer(index)
    try:
        for file in {*drop, *add}:
            writer.delete_documents_by_term(_FILE, file)
        for file in sorted(add):
            for doc in _documents(store, file):
                writer.add_document(doc)
            if bar is not None:
                bar.update(add[file])
        writer.delete_documents_by_term(_META, _COVERED)
        writer.add_document(_meta_document(table, version))
        writer.commit()
    except BaseException:
        writer.rollback()
        raise
    writer.wait_merging_threads()


def _rebuild(store: Store, version: int, table: str, progress: bool) -> Covered:
    final = index_path(store)
    fresh = store.root / f"{INDEX_DIR}.new"
    old = store.root / f"{INDEX_DIR}.old"
    for leftover in (fresh, old):
        shutil.rmtree(leftover, ignore_errors=True)
    files = _files(store, version)
    LOGGER.info(
        "%s: building the search index of %d rows (statements version %d)",
        store.root,
        sum(files.values()),
        version,
    )
    index = _open(fresh, create=True)
    with _progress(progress, sum(files.values()), "indexing statements") as bar:
        _apply(store, index, [], files, table, version, bar)
    del index
    if final.exists():
        final.rename(old)
    fresh.rename(final)
    shutil.rmtree(old, ignore_errors=True)
    return _verify(_open(final), files, table, version)


def _verify(index: Any, files: dict[str, int], table: str, version: int) -> Covered:
    got = _covered(index)
    expected = Covered(table, version, sum(files.values()))
    if got != expected:
        raise IndexUnavailable(f"the search index holds {got} after its update, expected {expected}")
    return got


class _NoBar:
    def update(self, n: int) -> None:
        """Nothing to draw."""

    def __enter__(self) -> _NoBar:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


def _progress(show: bool, total: int, what: str) -> Any:
    if not show:
        return _NoBar()
    from tqdm import tqdm

    return tqdm(total=total, unit="rows", unit_scale=True, desc=what)


def update(
    store: Store,
    manifest: Manifest | None = None,
    *,
    rebuild: bool = False,
    wait: float = 0.0,
    progress: bool = False,
    max_rows: int | None = None,
) -> Covered | None:
    """Bring the index to the statements version of ``manifest`` (default: the current commit).

    Incremental from the version it covers; from scratch when ``rebuild``, when there is no index, or when
    the index is damaged, of another table, or ahead of that version. ``wait``: seconds to wait for another
    process's update. ``max_rows``: give up (IndexUnavailable) rather than index more rows than this.
    Returns what the index covers, None for a store without statements.
    """
    pinned = manifest if manifest is not None else store.manifest()
    version = None if pinned is None else pinned.table_version("statements")
    if version is None:
        return None
    store.root.mkdir(parents=True, exist_ok=True)
    try:
        with FileLock(str(store.root / LOCK_FILE), timeout=wait):
            return _update_locked(store, version, rebuild, progress, max_rows)
    except Timeout as exc:
        raise IndexUnavailable(f"{store.root}: another process is updating the search index") from exc


def _update_locked(
    store: Store, version: int, rebuild: bool, progress: bool, max_rows: int | None
) -> Covered:
    table = _table_id(store, version)
    now: Covered | None = None
    index = None
    if not rebuild:
        try:
            index = _open(index_path(store))
            now = _covered(index)
        except IndexMissing as exc:
            LOGGER.info("%s", exc)
        except IndexUnavailable as exc:
            LOGGER.warning("%s; it will be rebuilt", exc)
        except (ValueError, OSError) as exc:  # a damaged segment shows when it is read
            LOGGER.warning("%s: the search index is unreadable (%s); rebuilding it", store.root, exc)
    if now is not None and now.table == table and now.version == version:
        return now
    if index is None or now is None or now.table != table or now.version > version:
        if now is not None:
            LOGGER.warning(
                "%s: the search index covers %s, not an earlier state of version %d; rebuilding it",
                store.root,
                now,
                version,
            )
        if max_rows is not None:
            total = sum(_files(store, version).values())
            if total > max_rows:
                raise IndexUnavailable(f"{store.root}: the search index needs a build of {total} rows")
        return _rebuild(store, version, table, progress)
    before, after = _files(store, now.version), _files(store, version)
    added = {f: n for f, n in after.items() if f not in before}
    removed = [f for f in before if f not in after]
    todo = sum(added.values())
    if max_rows is not None and todo > max_rows:
        raise IndexUnavailable(
            f"{store.root}: the search index is {todo} rows behind (version {now.version} of {version})"
        )
    LOGGER.info(
        "%s: search index %d -> %d: %d file(s) dropped, %d added (%d rows)",
        store.root,
        now.version,
        version,
        len(removed),
        len(added),
        todo,
    )
    with _progress(progress, todo, "indexing statements") as bar:
        _apply(store, index, removed, added, table, version, bar)
    try:
        return _verify(index, after, table, version)
    except IndexUnavailable as exc:
        LOGGER.error("%s; rebuilding it", exc)
        return _rebuild(store, version, table, progress)


# ---- queries ----------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _ambiguous() -> re.Pattern[str]:
    """The characters a lowercase token cannot stand for: those whose lowercase is more than one character
    (dotted capital I), or differs from the lowercase of a letter a query can hold (a case-folded one) that
    RE2's ``(?i)`` takes as the same (final sigma against sigma, long s against s, the micro sign against
    mu). In a statement without them, RE2's case-insensitive match of a query's words is exactly equality of
    lowercase tokens (and the ILIKE needle is found too); statements with one are flagged, and the RE2
    condition checks them on their stored text.

    Asked of RE2 (pyarrow's: the library DuckDB's ``regexp_matches`` uses) for every character with a case
    mapping: about a second, once per process that writes the index.
    """
    cased = [
        c
        for c in map(chr, range(0x1F000))
        if not 0xD800 <= ord(c) < 0xE000 and (c.lower() != c or c.upper() != c or c.casefold() != c)
    ]
    values = pa.array(cased, pa.string())
    odd = set()
    for char in cased:
        same = values.filter(pc.match_substring_regex(values, "(?i)^" + re.escape(char) + "$")).to_pylist()
        folded = [c for c in same if c.casefold() == c]
        if len(char.lower()) != 1 or any(c.lower() != char.lower() for c in folded):
            odd.add(char)
    return re.compile("[" + "".join(re.escape(c) for c in sorted(odd)) + "]")


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


def _term_query(schema: Any, field: str, term: Term) -> tuple[Any, bool]:
    """The tantivy query for ``term`` in ``field`` (over statements without ambiguous characters), and
    whether its hits are exactly the scan's matches there."""
    tantivy = _tantivy()
    words = term.text.split()
    if words and term.pattern == phrase_pattern(term.text):
        exact = all(_is_word(w.casefold()) for w in words)
        tokens = [t.lower() for w in words for t in _tokens(w.casefold())]
        if len(tokens) == 1:
            return tantivy.Query.term_query(schema, field, tokens[0]), exact
        return tantivy.Query.phrase_query(schema, field, tokens), exact
    base = stem(term.text)
    if not _is_word(base):
        raise _Unsupported(term.text)  # punctuation inside a word: its inflections may cross tokens
    return tantivy.Query.regex_query(
        schema, field, _dictionary_regex("(?:" + "|".join(inflection_patterns(base)) + ")")
    ), True


def _query(schema: Any, clauses: list[list[Term]]) -> tuple[Any, bool]:
    tantivy = _tantivy()
    must, exact = [], True
    for clause in clauses:
        should = []
        for term in clause:
            for field in (_TEXT, _SPEAKER):
                query, ok = _term_query(schema, field, term)
                should.append((tantivy.Occur.Should, query))
                exact &= ok
        must.append((tantivy.Occur.Must, tantivy.Query.boolean_query(should)))
    must.append((tantivy.Occur.MustNot, tantivy.Query.term_query(schema, _AMBIGUOUS, _YES)))
    return tantivy.Query.boolean_query(must), exact


def candidates(
    store: Store, manifest: Manifest | None, query: str, max_candidates: int = MAX_CANDIDATES
) -> Candidates | None:
    """The statements of commit ``manifest`` that ``query`` can match, from the index; None when the index
    cannot answer (no index, not of this version and too far behind, busy, damaged, a term it cannot
    handle, or more than ``MAX_CANDIDATES``): the caller scans. Each case is logged.

    Rows that a correction changed are not answered for: the caller checks them on their corrected values.
    ValueError for a query too long to run.
    """
    clauses = parse(query)
    version = None if manifest is None else manifest.table_version("statements")
    if not clauses or version is None:
        return None
    try:
        index = _ready_index(store, manifest, version)
        try:
            tantivy_query, exact = _query(index.schema, clauses)
        except _Unsupported as exc:
            LOGGER.info(
                "search %r: the index cannot answer for %r (case folding or punctuation); scanning",
                query,
                str(exc),
            )
            return None
        searcher = index.searcher()
        count = searcher.search(tantivy_query, limit=1, count=True).count
        if count > max_candidates:
            LOGGER.info(
                "search %r: %d candidates from the index, more than %d; scanning",
                query,
                count,
                max_candidates,
            )
            return None
        hits = []
        if count:
            hits = searcher.search(tantivy_query, limit=count, count=False, order_by_field=_SID).hits
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
    return Candidates(pa.array([h[0] for h in hits], pa.uint64()), exact, ambiguous)


def _ambiguous_rows(index: Any, searcher: Any) -> pa.Table | None:
    """The flagged statements (see ``_ambiguous``) with their stored text and speaker; None: too many."""
    tantivy = _tantivy()
    flagged = tantivy.Query.term_query(index.schema, _AMBIGUOUS, _YES)
    count = searcher.search(flagged, limit=1, count=True).count
    if count > MAX_AMBIGUOUS:
        return None
    ids, texts, speakers = [], [], []
    for sid, address in searcher.search(flagged, limit=count, order_by_field=_SID).hits if count else []:
        doc = searcher.doc(address)
        ids.append(f"{sid:016x}")
        texts.append(doc.get_first(_RAW_TEXT) or None)
        speakers.append(doc.get_first(_RAW_SPEAKER) or None)
    return pa.table(
        {
            S.statement_id: pa.array(ids, pa.string()),
            S.text: pa.array(texts, pa.string()),
            S.speaker: pa.array(speakers, pa.string()),
        }
    )


def _ready_index(store: Store, manifest: Manifest | None, version: int) -> Any:
    """The index, at ``version``: caught up first when it is a little behind, built first when it is missing
    and the store small. A damaged index is left for ``quoteline index`` to rebuild."""
    try:
        index = _open(index_path(store))
    except IndexMissing:
        update(store, manifest, max_rows=CATCH_UP_ROWS)
        index = _open(index_path(store))
    now = _covered(index)
    table = _table_id(store, version)
    if now.table == table and now.version == version:
        return index
    if now.table != table or now.version > version:
        raise IndexUnavailable(
            f"the search index covers statements version {now.version} of another state or format"
        )
    update(store, manifest, max_rows=CATCH_UP_ROWS)
    index = _open(index_path(store))
    now = _covered(index)
    if now.version != version:  # another process moved it on meanwhile
        raise IndexUnavailable(f"the search index moved on to statements version {now.version}")
    return index


def refresh(store: Store) -> None:
    """After a command committed to ``store``: catch its search index up, if it has one (an ingest then
    costs its batch once, and the next search finds the index current). Never fails the command: a busy or
    damaged index is logged and left to the next search or ``quoteline index``."""
    if not (index_path(store) / "meta.json").is_file():
        return
    try:
        update(store)
    except (IndexUnavailable, StoreError, ValueError, OSError) as exc:
        LOGGER.warning(
            "%s: the search index was not brought up to date (%s); searches scan until it is", store.root, exc
        )


def remove(store: Store) -> None:
    """Delete the store's index (it is derived: ``update`` rebuilds it)."""
    for name in (INDEX_DIR, f"{INDEX_DIR}.new", f"{INDEX_DIR}.old"):
        shutil.rmtree(store.root / name, ignore_errors=True)
    if (store.root / LOCK_FILE).exists():
        os.remove(store.root / LOCK_FILE)
