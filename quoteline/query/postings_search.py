"""A query of words answered from the search postings beside the index (``term_postings`` writes them).

A search (``hits``) answers a query of words (each a single token, or a word's inflections as a dictionary
regex: ``text_query._term_query``) when every data file of the index's version has its folder: each word's
rows are an array read from the mapped postings, its clauses boolean masks over each file's rows, and only
the ids of the rows found are gathered. A phrase of several tokens, or a file without a folder, leaves the
search to tantivy.

A corpus whose rows are the version's data files in order, row for row (the dashboard's: checked once per
process by comparing the ids, ``aligned``), takes the masks as they are (``corpus_mask``): no id gathered,
sorted or looked up, which at 10M statements was most of a common word's search (session 20).

The files are mapped without ``np.load``: its header parse (``ast.literal_eval``) and ``np.memmap`` cost
about 0.8 ms a file, 0.5 s for the 610 files of a 10M store's first search (``_map``).
"""

from __future__ import annotations

import bisect
import json
import logging
import mmap
import re
import threading
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import numpy as np

from quoteline.query.term_postings import FIELDS, file_folder, usable
from quoteline.store.manifest import Manifest
from quoteline.store.store import Store

LOGGER = logging.getLogger(__name__)

_OPEN: dict[Path, Postings] = {}  # folders mapped by this process (immutable: kept while their file lives)
_OPEN_LOCK = threading.Lock()
_MAX_OPEN: Final = 4096
_STRUCTURE = re.compile(r"\(\?:|[()|?]")
# The header ``np.save`` writes for a 1-D C-ordered array (format 1.0 or 2.0): anything else goes through
# ``np.load``.
_NPY_HEADER = re.compile(rb"\{'descr': '([<>|][a-z]\d+)', 'fortran_order': False, 'shape': \((\d+),\), \}\s*")
_MAGIC: Final = b"\x93NUMPY"
# Whether the rows of a corpus' id numbers (held weakly) are the folders' files in order, per file list.
_ALIGNED: dict[tuple[int, tuple[Path, ...]], tuple[weakref.ref[np.ndarray], bool]] = {}


class _Terms(Sequence[bytes]):
    """A field's sorted tokens as a sequence of UTF-8 bytes, read from the mapped bytes and offsets."""

    def __init__(self, data: np.ndarray, offsets: np.ndarray) -> None:
        self.data, self.offsets = data, offsets

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def __getitem__(self, i: Any) -> Any:
        return self.data[self.offsets[i] : self.offsets[i + 1]].tobytes()


@dataclass(frozen=True)
class _FieldPostings:
    """One field's postings in one file: its tokens; a sparse token's rows as positions (``starts`` into
    ``positions``); a dense token's (``slots`` >= 0) as a bitmap of the file's rows in ``dense``."""

    terms: _Terms
    starts: np.ndarray
    positions: np.ndarray
    slots: np.ndarray
    dense: np.ndarray
    rows: int

    def find(self, token: str) -> int | None:
        """The index of ``token`` among the terms, or None."""
        key = token.encode()
        at = bisect.bisect_left(self.terms, key)
        return at if at < len(self.terms) and self.terms[at] == key else None

    def matching(self, prefix: str, regex: re.Pattern[str]) -> list[int]:
        """The indexes of the terms starting with ``prefix`` that ``regex`` matches whole."""
        low = prefix.encode()
        at = bisect.bisect_left(self.terms, low)
        found = []
        while at < len(self.terms):
            term = self.terms[at]
            if not term.startswith(low):
                break
            if regex.fullmatch(term.decode()):
                found.append(at)
            at += 1
        return found

    def add(self, mask: np.ndarray, at: int) -> None:
        """Set the rows of term ``at`` in ``mask`` (a boolean per row of the file)."""
        slot = int(self.slots[at])
        if slot < 0:
            mask[self.positions[self.starts[at] : self.starts[at + 1]]] = True
            return
        width = (self.rows + 7) // 8
        bits = self.dense[slot * width : (slot + 1) * width]
        mask |= np.unpackbits(bits, count=self.rows).view(bool)

    def rows_of(self, at: int) -> np.ndarray:
        """The rows (positions in the file, ascending) of term ``at``."""
        mask = np.zeros(self.rows, dtype=bool)
        self.add(mask, at)
        return np.flatnonzero(mask).astype(np.int32)


@dataclass(frozen=True)
class Postings:
    """One data file's postings, mapped."""

    rows: int
    sids: np.ndarray
    flagged: np.ndarray
    fields: dict[str, _FieldPostings]
    mapped: tuple[mmap.mmap, ...]  # the files' mappings (``release``)
    directory: Path

    def release(self) -> None:
        """Drop the pages a search read from this process (``madvise(MADV_DONTNEED)``, as
        ``encoded.release_pages``): they stay in the page cache, and a common word's rows and ids would
        otherwise stay in the dashboard's RSS (at 10M statements, up to the 80 MB of ids)."""
        advice = getattr(mmap, "MADV_DONTNEED", None)
        if advice is None:  # not Linux, or a Python without madvise
            return
        for mapping in self.mapped:
            try:
                mapping.madvise(advice)
            except (OSError, ValueError) as exc:  # a closed mapping: its pages are gone already
                LOGGER.debug("could not release a postings file: %s", exc)

    def rows_of(self, field: str, token: str) -> np.ndarray:
        """The rows (positions in the file) holding ``token`` in ``field``."""
        at = self.fields[field].find(token)
        return np.zeros(0, np.int32) if at is None else self.fields[field].rows_of(at)


def _map(path: Path, mapped: list[mmap.mmap]) -> np.ndarray:
    """The 1-D array of the ``.npy`` file ``path``, mapped read-only (its mapping appended to ``mapped``)."""
    with open(path, "rb") as handle:
        head = handle.read(12)
        if head[:6] != _MAGIC or head[6] not in (1, 2):
            return _np_load(path, mapped)
        size_bytes = 2 if head[6] == 1 else 4
        start = 8 + size_bytes
        header_len = int.from_bytes(head[8:start], "little")
        handle.seek(start)
        header = handle.read(header_len)
        found = _NPY_HEADER.fullmatch(header)
        if found is None:
            return _np_load(path, mapped)
        dtype, count = np.dtype(found.group(1).decode()), int(found.group(2))
        offset = start + header_len
        if count == 0:
            return np.empty(0, dtype)
        mapping = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    if len(mapping) < offset + count * dtype.itemsize:
        mapping.close()
        raise ValueError(f"{path}: shorter than its header says")
    mapped.append(mapping)
    return np.frombuffer(mapping, dtype=dtype, count=count, offset=offset)


def _np_load(path: Path, mapped: list[mmap.mmap]) -> np.ndarray:
    values = np.load(path, mmap_mode="r", allow_pickle=False)
    if isinstance(values.base, mmap.mmap):  # an empty array maps nothing
        mapped.append(values.base)
    return np.asarray(values)


def _open(store: Store, file: str) -> Postings | None:
    """The postings of data file ``file``, mapped (once per process); None when it has no usable folder."""
    directory = file_folder(store, file)
    with _OPEN_LOCK:
        if directory in _OPEN:
            return _OPEN[directory]
    record = usable(directory, file)
    if record is None:
        return None
    try:
        mapped: list[mmap.mmap] = []

        def load(name: str) -> np.ndarray:
            return _map(directory / f"{name}.npy", mapped)

        rows = int(record["rows"])
        fields = {
            f: _FieldPostings(
                _Terms(load(f"{f}.terms"), load(f"{f}.offsets")),
                load(f"{f}.starts"),
                load(f"{f}.positions"),
                load(f"{f}.slots"),
                load(f"{f}.dense"),
                rows,
            )
            for f in FIELDS
        }
        postings = Postings(
            int(record["rows"]), load("sids"), load("flagged"), fields, tuple(mapped), directory
        )
    except (OSError, ValueError, KeyError) as exc:
        LOGGER.warning("%s: unreadable postings (%s); the search asks tantivy", directory, exc)
        return None
    if len(postings.sids) != postings.rows:
        LOGGER.warning(
            "%s: %d ids for %d rows; the search asks tantivy", directory, len(postings.sids), postings.rows
        )
        return None
    with _OPEN_LOCK:
        if len(_OPEN) >= _MAX_OPEN:
            _OPEN.clear()
        _OPEN[directory] = postings
    return postings


def _literal_prefix(regex: str) -> str:
    """What every token the dictionary regex ``(?:A|B|...)`` matches starts with: the longest common head
    of its alternatives' leading literals (a literal made optional by ``?`` is not part of its head)."""
    body = regex[3:-1] if regex.startswith("(?:") and regex.endswith(")") else regex
    heads, depth, current, i = [], 0, "", 0
    done = False
    while i <= len(body):
        if i == len(body) or (body[i] == "|" and depth == 0):
            heads.append(current)
            current, done = "", False
            i += 1
            continue
        structure = _STRUCTURE.match(body, i)
        if structure:
            if structure.group() == "?" and not done:
                current = current[:-1]
            depth += structure.group() in ("(?:", "(")
            depth -= structure.group() == ")"
            done = True
            i = structure.end()
            continue
        char = body[i + 1] if body[i] == "\\" else body[i]
        if not done:
            current += char
        i += 2 if body[i] == "\\" else 1
    common = min(heads, key=len) if heads else ""
    while common and not all(h.startswith(common) for h in heads):
        common = common[:-1]
    return common


@dataclass(frozen=True)
class _Word:
    field: str
    token: str | None  # a single token, or
    prefix: str  # a dictionary regex's literal head and
    regex: re.Pattern[str] | None  # the regex itself


def _words(key: str) -> list[list[_Word]] | None:
    """The query's clauses (``text_query._query``'s key) as words; None when one is a phrase of several
    tokens (positions are not kept: tantivy answers)."""
    clauses = []
    for clause in json.loads(key):
        words = []
        for kind, field, value in clause:
            if kind == "term":
                words.append(_Word(field, str(value), "", None))
            elif kind == "regex":
                words.append(_Word(field, None, _literal_prefix(value), re.compile(value)))
            else:
                return None
        clauses.append(words)
    return clauses


def file_masks(
    store: Store, version_files: Sequence[str], key: str
) -> list[tuple[Postings, np.ndarray]] | None:
    """Each file of ``version_files`` (the index's version) with a boolean mask over its rows of those the
    query ``key`` finds, flagged rows left out, as tantivy would answer; None when the postings cannot
    answer (a phrase, a file without its folder): ask tantivy. The caller releases the postings' pages
    (``Postings.release``) when done with them."""
    clauses = _words(key)
    if clauses is None:
        return None
    opened = []
    for file in version_files:
        postings = _open(store, file)
        if postings is None:
            LOGGER.info("%s: no postings for %s; the search asks tantivy", store.root, file)
            return None
        opened.append(postings)
    return [(postings, _mask(postings, clauses)) for postings in opened]


def hits(store: Store, version_files: Sequence[str], key: str) -> np.ndarray | None:
    """The id numbers (ascending) of the rows of ``version_files`` that the query ``key`` finds (as
    ``file_masks``); None when the postings cannot answer: ask tantivy."""
    masks = file_masks(store, version_files, key)
    if masks is None:
        return None
    try:
        found = [postings.sids[np.flatnonzero(keep)] for postings, keep in masks]
    finally:
        for postings, _ in masks:
            postings.release()
    out = np.concatenate([np.empty(0, np.uint64), *found])
    out.sort()
    return out


def _mask(postings: Postings, clauses: list[list[_Word]]) -> np.ndarray:
    keep: np.ndarray | None = None
    for clause in clauses:
        either = np.zeros(postings.rows, dtype=bool)
        for word in clause:
            field = postings.fields[word.field]
            if word.token is not None:
                found = field.find(word.token)
                terms = [] if found is None else [found]
            else:
                assert word.regex is not None
                terms = field.matching(word.prefix, word.regex)
            for at in terms:
                field.add(either, at)
        keep = either if keep is None else keep & either
        if not keep.any():
            break
    if keep is None:
        return np.zeros(postings.rows, dtype=bool)
    keep[postings.flagged] = False
    return keep


def aligned(opened: Sequence[Postings], numbers: np.ndarray) -> bool:
    """Whether the rows whose ids are ``numbers`` (a corpus' id numbers, row order) are the rows of
    ``opened``'s files in order, row for row: their ids compared once per process (at 10M rows about 0.1 s
    and the files' 80 MB of ids read), remembered while ``numbers`` lives."""
    where = (id(numbers), tuple(p.directory for p in opened))
    with _OPEN_LOCK:
        known = _ALIGNED.get(where)
    if known is not None and known[0]() is numbers:
        return known[1]
    same = sum(p.rows for p in opened) == len(numbers)
    at = 0
    for postings in opened:
        if not same:
            break
        same = bool(np.array_equal(numbers[at : at + postings.rows], postings.sids))
        postings.release()
        at += postings.rows
    with _OPEN_LOCK:
        for stale in [k for k, (ref, _) in _ALIGNED.items() if ref() is None]:
            del _ALIGNED[stale]
        _ALIGNED[where] = (weakref.ref(numbers), same)
    return same


def corpus_mask(masks: Sequence[tuple[Postings, np.ndarray]], numbers: np.ndarray) -> np.ndarray | None:
    """``file_masks``' answer as one mask over the rows of a corpus whose ids are ``numbers``, when its rows
    are the files' in order (``aligned``); None otherwise (map the ids instead). Releases the pages read."""
    try:
        if not aligned([postings for postings, _ in masks], numbers):
            return None
        out = np.concatenate([np.zeros(0, dtype=bool), *(keep for _, keep in masks)])
    finally:
        for postings, _ in masks:
            postings.release()
    return out


def prepare(store: Store, manifest: Manifest, numbers: np.ndarray) -> bool:
    """Map the postings of ``manifest``'s statements files and compare their ids with ``numbers`` (a corpus'
    id numbers, row order: ``aligned``), ahead of a first search; whether that corpus' searches can take the
    masks as they are. Nothing is written, and the index is not opened; a file without its postings, or
    any failure, is logged and leaves it to the search."""
    from quoteline.query.text_index import version_files
    from quoteline.store.errors import StoreError

    version = manifest.table_version("statements")
    if version is None:
        return False
    try:
        opened = [_open(store, file) for file in version_files(store, version)]
    except (StoreError, OSError, ValueError) as exc:
        LOGGER.info("%s: the search postings were not prepared (%s)", store.root, exc)
        return False
    if any(postings is None for postings in opened):
        return False
    return aligned([p for p in opened if p is not None], numbers)
