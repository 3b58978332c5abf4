"""A full-text index of the statements (tantivy), kept beside the Delta tables: the search's prefilter.

The dashboard's search (``quoteline.query.search``) is RE2 over the text; at ten million statements reading
and decompressing the text column is what costs (docs/scale_history.md, "Search: measured"). This index
answers "which statements can match" from a term dictionary instead, and ``quoteline.query.lake_search`` turns
its answer into a SQL condition that finds exactly what the scan finds.

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

Statements holding one of the few characters whose lowercase is not that of the letter RE2's ``(?i)`` takes
them for (final sigma, long s, the micro sign, dotted capital I: ``ambiguous_characters``, asked of RE2
itself) are flagged, with their text and speaker stored, so that a search checks them with the RE2
condition. ``text_query`` asks the index questions.

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

from quoteline.schema import S
from quoteline.store import delta
from quoteline.store.errors import StoreError
from quoteline.store.manifest import Manifest
from quoteline.store.store import Store

LOGGER = logging.getLogger(__name__)

INDEX_DIR: Final = "search_index"
LOCK_FILE: Final = "search_index.lock"
TOKENIZER: Final = "quoteline_words"
# Runs of letters/numbers, or any single other character but RE2's whitespace (\s is [\t\n\f\r ] there).
TOKEN_PATTERN: Final = r"[\p{L}\p{N}]+|[^\p{L}\p{N}\t\n\f\r ]"  # noqa: S105 (a regex, not a secret)
# Changes whenever what is indexed, or how, changes: an index of another format is rebuilt, never used.
INDEX_FORMAT: Final = 2
_BATCH_ROWS: Final = 50_000
_WRITER_HEAP: Final = 256_000_000
_HEX16 = re.compile(r"[0-9a-f]{16}")


class Field:
    """The index's field names (and the flag's value)."""

    SID, FILE, TEXT, SPEAKER = "sid", "file", "text", "speaker"
    META, COVERED, TABLE = "meta", "covered", "table"
    AMBIGUOUS, YES, RAW_TEXT, RAW_SPEAKER = "ambiguous", "yes", "raw_text", "raw_speaker"


class IndexUnavailable(Exception):
    """The index cannot answer for this commit (missing, behind, damaged, busy): the search scans."""


class IndexMissing(IndexUnavailable):
    """The store has no index (never built, or deleted)."""


class IndexDamaged(IndexUnavailable):
    """The index folder cannot be read as an index: ``quoteline index`` rebuilds it."""


@dataclass(frozen=True)
class Covered:
    """What an index folder holds: the statements table's id and the Delta version of its rows."""

    table: str
    version: int
    rows: int


def index_path(store: Store) -> Path:
    """The index folder of ``store``."""
    return store.root / INDEX_DIR


def tantivy_module() -> Any:
    try:
        import tantivy
    except ImportError as exc:  # pinned in requirements.txt: a missing package is an installation fault
        raise StoreError(
            f"the search index needs the tantivy package ({exc}); pip install -r requirements.txt"
        ) from exc
    return tantivy


def _schema() -> Any:
    tantivy = tantivy_module()
    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field(Field.SID, fast=True)
    builder.add_text_field(Field.FILE, tokenizer_name="raw", index_option="basic")
    builder.add_text_field(Field.TEXT, tokenizer_name=TOKENIZER, index_option="position")
    builder.add_text_field(Field.SPEAKER, tokenizer_name=TOKENIZER, index_option="position")
    builder.add_text_field(Field.META, tokenizer_name="raw", index_option="basic")
    # Statements holding a character whose case folding the lowercase tokens cannot follow
    # (``ambiguous_characters``): flagged, and their text and speaker stored for the RE2 condition.
    builder.add_text_field(Field.AMBIGUOUS, tokenizer_name="raw", index_option="basic")
    builder.add_text_field(Field.RAW_TEXT, stored=True, tokenizer_name="raw", index_option="basic")
    builder.add_text_field(Field.RAW_SPEAKER, stored=True, tokenizer_name="raw", index_option="basic")
    builder.add_text_field(Field.TABLE, stored=True, tokenizer_name="raw", index_option="basic")
    builder.add_unsigned_field(Field.COVERED, stored=True)
    return builder.build()


def _analyzer() -> Any:
    tantivy = tantivy_module()
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.regex(TOKEN_PATTERN))
        .filter(tantivy.Filter.lowercase())
        .build()
    )


def open_index(path: Path, *, create: bool = False) -> Any:
    """The tantivy index at ``path`` with the tokenizer registered (tantivy keeps only its name)."""
    tantivy = tantivy_module()
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


def read_covered(index: Any) -> Covered:
    tantivy = tantivy_module()
    index.reload()
    searcher = index.searcher()
    hits = searcher.search(tantivy.Query.term_query(index.schema, Field.META, Field.COVERED), limit=2).hits
    if len(hits) != 1:
        raise IndexDamaged(f"the search index holds {len(hits)} version records, not one")
    record = searcher.doc(hits[0][1]).to_dict()
    try:
        return Covered(str(record[Field.TABLE][0]), int(record[Field.COVERED][0]), searcher.num_docs - 1)
    except (KeyError, IndexError, ValueError) as exc:
        raise IndexDamaged(f"the search index's version record is damaged: {record}") from exc


def covered(store: Store) -> Covered | None:
    """What the store's index covers, or None when there is no usable index."""
    try:
        return read_covered(open_index(index_path(store)))
    except IndexUnavailable as exc:
        LOGGER.info("%s", exc)
        return None


def table_id(store: Store, version: int) -> str:
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


def version_files(store: Store, version: int) -> tuple[str, ...]:
    """The statements data files of ``version`` (remembered per table and version: a search asks often)."""
    log = delta.table_path(store.root, "statements") / "_delta_log"
    try:
        stat = log.stat()
    except OSError as exc:
        raise StoreError(f"{store.root}: the statements Delta table is missing ({exc})") from exc
    return _version_files_of(str(store.root), version, stat.st_ino, table_id(store, version))


@lru_cache(maxsize=16)
def _version_files_of(root: str, version: int, inode: int, table: str) -> tuple[str, ...]:
    return tuple(_files(Store(root), version))


def _sid(value: str) -> int:
    if not _HEX16.fullmatch(value):
        raise StoreError(f"statement id {value!r} is not 16 hex digits: the search index cannot hold it")
    return int(value, 16)


def _documents(store: Store, file: str) -> Iterator[Any]:
    tantivy = tantivy_module()
    path = delta.table_path(store.root, "statements") / file
    odd = ambiguous_characters()
    try:
        parquet = pq.ParquetFile(path)
        batches = parquet.iter_batches(_BATCH_ROWS, columns=[S.statement_id, S.text, S.speaker])
        for batch in batches:
            ids, texts, speakers = (batch.column(i).to_pylist() for i in range(3))
            for sid, text, speaker in zip(ids, texts, speakers, strict=True):
                doc = tantivy.Document()
                doc.add_unsigned(Field.SID, _sid(sid))
                doc.add_text(Field.FILE, file)
                if text:
                    doc.add_text(Field.TEXT, text)
                if speaker:
                    doc.add_text(Field.SPEAKER, speaker)
                if odd.search(text or "") or odd.search(speaker or ""):
                    doc.add_text(Field.AMBIGUOUS, Field.YES)
                    doc.add_text(Field.RAW_TEXT, text or "")
                    doc.add_text(Field.RAW_SPEAKER, speaker or "")
                yield doc
    except (OSError, pa.ArrowException) as exc:
        raise StoreError(f"{path}: cannot read a statements data file for the search index: {exc}") from exc


def _meta_document(table: str, version: int) -> Any:
    doc = tantivy_module().Document()
    doc.add_text(Field.META, Field.COVERED)
    doc.add_text(Field.TABLE, table)
    doc.add_unsigned(Field.COVERED, version)
    return doc


def _writer(index: Any) -> Any:
    try:
        return index.writer(heap_size=_WRITER_HEAP, num_threads=1)
    except ValueError as exc:  # tantivy's own writer lock: another process writes it (outside our lock)
        raise IndexUnavailable(f"the search index is being written by another process: {exc}") from exc


def _apply(
    store: Store, index: Any, drop: Iterable[str], add: dict[str, int], table: str, version: int, bar: Any
) -> bool:
    """One tantivy commit: the rows of ``drop`` and ``add`` files removed, ``add``'s rows indexed, and the
    version record replaced. Dropping the added files first makes replaying an update harmless. Whether the
    postings of ``add`` were written."""
    writer = _writer(index)
    try:
        for file in {*drop, *add}:
            writer.delete_documents_by_term(Field.FILE, file)
        for file in sorted(add):
            for doc in _documents(store, file):
                writer.add_document(doc)
            if bar is not None:
                bar.update(add[file])
        writer.delete_documents_by_term(Field.META, Field.COVERED)
        writer.add_document(_meta_document(table, version))
        writer.commit()
    except BaseException:
        writer.rollback()
        raise
    writer.wait_merging_threads()
    return _postings(store, add, drop)


def _postings(store: Store, add: Iterable[str], drop: Iterable[str]) -> bool:
    """The postings of the files the index added, and none of those it dropped (``term_postings``); whether
    they were written. Never fails the update: a search without them asks tantivy (logged)."""
    from quoteline.query import term_postings

    try:
        term_postings.update(store, add, drop)
    except (StoreError, OSError, ValueError) as exc:
        LOGGER.warning("%s: the search postings were not written (%s); searches ask tantivy", store.root, exc)
        return False
    return True


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
    index = open_index(fresh, create=True)
    with _progress(progress, sum(files.values()), "indexing statements") as bar:
        written = _apply(store, index, [], files, table, version, bar)
    del index
    if final.exists():
        final.rename(old)
    fresh.rename(final)
    shutil.rmtree(old, ignore_errors=True)
    from quoteline.query import term_postings

    term_postings.prune(store, files)
    if written:  # every file of the version has its postings (those it had, kept; the others, written)
        term_postings.stamp(store, table, version)
    return _verify(open_index(final), files, table, version)


def _verify(index: Any, files: dict[str, int], table: str, version: int) -> Covered:
    got = read_covered(index)
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
    postings: bool = False,
    recheck: bool = False,
) -> Covered | None:
    """Bring the index to the statements version of ``manifest`` (default: the current commit).

    Incremental from the version it covers; from scratch when ``rebuild``, when there is no index, or when
    the index is damaged, of another table, or ahead of that version. ``wait``: seconds to wait for another
    process's update. ``max_rows``: give up (IndexUnavailable) rather than index more rows than this.
    ``postings``: also write the search postings (``term_postings``) of every data file of that version
    that lacks them (an index built before them, or of an older format); an update writes those of the files
    it adds anyway. The postings' stamp (``term_postings.stamped``) answers that in one read when it names
    the version; ``recheck`` (``quoteline index``, the repair) reads every file's record all the same.
    Returns what the index covers, None for a store without statements.
    """
    pinned = manifest if manifest is not None else store.manifest()
    version = None if pinned is None else pinned.table_version("statements")
    if version is None:
        return None
    store.root.mkdir(parents=True, exist_ok=True)
    try:
        with FileLock(str(store.root / LOCK_FILE), timeout=wait):
            now = _update_locked(store, version, rebuild, progress, max_rows)
            if postings:
                _missing_postings(store, version, progress, recheck)
            return now
    except Timeout as exc:
        raise IndexUnavailable(f"{store.root}: another process is updating the search index") from exc


def _missing_postings(store: Store, version: int, progress: bool, recheck: bool) -> None:
    """Write the search postings of every data file of ``version`` that lacks them (none when the stamp
    names the version, unless ``recheck``), then stamp the version."""
    from quoteline.query import term_postings

    table = table_id(store, version)
    if not recheck and term_postings.stamped(store, table, version):
        return
    files = _files(store, version)
    missing = {f: n for f, n in files.items() if not term_postings.has(store, f)}
    if missing:
        LOGGER.info("%s: writing the search postings of %d data file(s)", store.root, len(missing))
        with _progress(progress, sum(missing.values()), "search postings") as bar:
            for file, rows in missing.items():
                term_postings.write_file(store, file)
                bar.update(rows)
    term_postings.stamp(store, table, version)


def _update_locked(
    store: Store, version: int, rebuild: bool, progress: bool, max_rows: int | None
) -> Covered:
    from quoteline.query import term_postings

    table = table_id(store, version)
    now: Covered | None = None
    index = None
    if not rebuild:
        try:
            index = open_index(index_path(store))
            now = read_covered(index)
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
    # The stamp moves on with the index only from a stamped version, and only when the added files got
    # their postings: then every file of the new version has them with no record read.
    carried = term_postings.stamped(store, table, now.version)
    with _progress(progress, todo, "indexing statements") as bar:
        written = _apply(store, index, removed, added, table, version, bar)
    if carried and written:
        term_postings.stamp(store, table, version)
    try:
        return _verify(index, after, table, version)
    except IndexUnavailable as exc:
        LOGGER.error("%s; rebuilding it", exc)
        return _rebuild(store, version, table, progress)


@lru_cache(maxsize=1)
def ambiguous_characters() -> re.Pattern[str]:
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


def refresh(store: Store, progress: bool = False) -> None:
    """After a command committed to ``store``: catch its search index up, if it has one (an ingest then
    costs its batch once, and the next search finds the index current), with the search postings of every
    data file that lacks them in this format (a store indexed by an older Quoteline: written once, here,
    rather than leaving its searches to tantivy). Never fails the command: a busy or damaged index is logged
    and left to the next search or ``quoteline index``."""
    if not (index_path(store) / "meta.json").is_file():
        return
    try:
        update(store, progress=progress, postings=True)
    except (IndexUnavailable, StoreError, ValueError, OSError) as exc:
        LOGGER.warning(
            "%s: the search index was not brought up to date (%s); searches scan until it is", store.root, exc
        )


def remove(store: Store) -> None:
    """Delete the store's index and its kept answers (they are derived: ``update`` rebuilds it)."""
    from quoteline.query import hit_cache, term_postings

    hit_cache.clear(store)
    term_postings.clear(store)
    for name in (INDEX_DIR, f"{INDEX_DIR}.new", f"{INDEX_DIR}.old"):
        shutil.rmtree(store.root / name, ignore_errors=True)
    if (store.root / LOCK_FILE).exists():
        os.remove(store.root / LOCK_FILE)
