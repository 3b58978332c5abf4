"""The index's words as plain arrays beside it: a common word's hits without a Python object each.

tantivy's Python binding hands every hit over as a tuple with a document address, about 0.45 CPU µs a hit
(docs/SCALE.md): a search finding 2M statements spends most of a second there. This module keeps, beside the
tantivy index and for the same rows, each Delta data file's words as postings, the positions in the file of
the rows holding each token, as ``.npy`` files that a search maps: a word's rows are then an array read, its
clauses boolean masks over the file's rows, and only the ids of the rows found are gathered.

What is kept (``<store>/search_terms/<file digest>/``, one folder per statements data file, written whole
under a temporary name and renamed; a Delta data file never changes, so neither does its folder):

- for ``text`` and ``speaker``: the file's distinct tokens, sorted (UTF-8 bytes and offsets), where each
  token's positions start, and the positions (ascending, each row once per token);
- ``sids``: each row's statement id as its number (``id_numbers``); ``flagged``: the rows tantivy flags
  (``text_index.ambiguous_characters``), which the index leaves to the RE2 condition, so they are left out
  here too;
- ``record.json`` (last): the format, the file's path and its row count.

The tokens are tantivy's (``text_index._analyzer``: runs of letters and numbers, every other character but
RE2's whitespace alone, lowercased a character at a time). Most rows are cut in Python (the same pattern,
lowercased through a per-character table): each character that Python cuts or lowercases otherwise than
tantivy's analyzer is found once per process by asking the analyzer itself (``_odd_characters``), and a row
holding one is cut by the analyzer. So the postings hold exactly the index's tokens, row for row.

A search (``hits``) answers a query of words (each a single token, or a word's inflections as a dictionary
regex: ``text_query._term_query``) when every data file of the index's version has its folder; a phrase of
several tokens, or a file without a folder, leaves the search to tantivy. Kept up to date with the index:
``text_index`` writes the folders of the files it adds and removes those of the files it drops, under its
lock; ``update`` writes what a version lacks (``quoteline index`` runs it).
"""

from __future__ import annotations

import bisect
import hashlib
import json
import logging
import mmap
import os
import re
import shutil
import threading
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from quoteline.query.id_numbers import to_numbers
from quoteline.schema import S
from quoteline.store import delta
from quoteline.store.atomic import fsync_dir
from quoteline.store.errors import StoreError
from quoteline.store.store import Store

LOGGER = logging.getLogger(__name__)

FOLDER: Final = "search_terms"
RECORD: Final = "record.json"
# Bumped whenever what the folders hold changes: a folder of another format is never read.
FORMAT: Final = 1
FIELDS: Final = ("text", "speaker")  # the index's field names (text_index.Field.TEXT, .SPEAKER)
_TMP: Final = ".tmp-"
_BATCH_ROWS: Final = 50_000
# tantivy leaves out a token longer than this (in UTF-8 bytes; measured on tantivy 0.27), so do the postings.
MAX_TOKEN_BYTES: Final = 65_530
_LONG_CHARS: Final = MAX_TOKEN_BYTES // 4  # a token of fewer characters cannot be longer in bytes
_PY_TOKEN = re.compile(r"[^\W_]+|[^\t\n\f\r ]", re.UNICODE)  # text_index.TOKEN_PATTERN in Python's terms
_STRUCTURE = re.compile(r"\(\?:|[()|?]")
_OPEN: dict[Path, Postings] = {}  # folders mapped by this process (immutable: kept while their file lives)
_OPEN_LOCK = threading.Lock()
_MAX_OPEN: Final = 4096


def folder(store: Store) -> Path:
    """Where ``store``'s postings live."""
    return store.root / FOLDER


def _file_folder(store: Store, file: str) -> Path:
    return folder(store) / hashlib.sha1(file.encode()).hexdigest()[:24]


# -- cutting text as the index does ---------------------------------------------------------------------


@lru_cache(maxsize=1)
def _lower_table() -> dict[int, str]:
    """Each character's lowercase on its own (no context: tantivy lowercases a character at a time)."""
    table = {}
    for code in range(0x110000):
        if 0xD800 <= code < 0xE000:
            continue
        char = chr(code)
        low = char.lower()
        if low != char:
            table[code] = low
    return table


def _py_tokens(text: str) -> list[str]:
    # ``str.lower`` is the per-character lowercase but for a capital sigma, which it makes final at a
    # word's end (CPython's only context rule): a text with one goes through the per-character table.
    return _PY_TOKEN.findall(text.lower() if "\u03a3" not in text else text.translate(_lower_table()))


@lru_cache(maxsize=1)
def _odd_characters() -> frozenset[str]:
    """The characters Python cuts or lowercases otherwise than tantivy's analyzer (``text_index``), asked
    of the analyzer: each character between two letters (``a?a``: one token, or three, or two around
    whitespace), compared in blocks, and a block that differs halved until the character is found. About a
    second, once per process that writes postings."""
    from quoteline.query.text_index import _analyzer

    analyzer = _analyzer()
    chars = [chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000]
    odd: set[str] = set()

    def check(block: Sequence[str]) -> None:
        sample = " ".join(f"a{c}a" for c in block)
        if analyzer.analyze(sample) == _py_tokens(sample):
            return
        if len(block) == 1:
            odd.add(block[0])
            return
        half = len(block) // 2
        check(block[:half])
        check(block[half:])

    for at in range(0, len(chars), 4096):
        check(chars[at : at + 4096])
    return frozenset(odd)


def tokens_of(texts: Iterable[str | None]) -> list[list[str]]:
    """Each text cut into the index's tokens (``text_index._analyzer``), in order, repeats kept."""
    from quoteline.query.text_index import _analyzer

    odd, analyzer = _odd_characters(), None
    out: list[list[str]] = []
    for text in texts:
        if not text:
            out.append([])
        # A set, not a regex: a character class of thousands of characters costs ``re`` a millisecond a
        # text (measured); every odd character is outside ASCII.
        elif not text.isascii() and not odd.isdisjoint(text):
            analyzer = analyzer or _analyzer()
            out.append(list(analyzer.analyze(text)))
        else:
            out.append(_py_tokens(text))
    return out


# -- writing a file's postings --------------------------------------------------------------------------


class _Field:
    """One field's tokens, gathered a batch at a time as Arrow strings (a Python string per token would
    hold hundreds of MB for one data file)."""

    def __init__(self) -> None:
        self.chunks: list[pa.Array] = []
        self.lengths: list[np.ndarray] = []

    def add(self, token_lists: list[list[str]], texts: list[str | None]) -> None:
        """Add the tokens of a batch of rows (``texts``: what they were cut from)."""
        if any(t and len(t) > _LONG_CHARS for t in texts):  # only then can a token be too long
            token_lists = [[t for t in row if len(t.encode()) <= MAX_TOKEN_BYTES] for row in token_lists]
        self.chunks.append(pa.array([t for tokens in token_lists for t in tokens], pa.string()))
        self.lengths.append(np.fromiter(map(len, token_lists), dtype=np.int64, count=len(token_lists)))

    def arrays(self, n_rows: int) -> dict[str, np.ndarray]:
        """The postings: the distinct tokens sorted (UTF-8 bytes + offsets), each token's start in the
        positions, and the positions (ascending per token, a row once per token)."""
        flat = pa.chunked_array(self.chunks, pa.string()).combine_chunks()
        lengths = np.concatenate(self.lengths) if self.lengths else np.zeros(0, np.int64)
        encoded = flat.dictionary_encode()
        dictionary = encoded.dictionary
        # Arrow sorts strings by their UTF-8 bytes, the order ``Postings`` searches them in.
        order = np.asarray(pc.sort_indices(dictionary).to_numpy(zero_copy_only=False), dtype=np.int64)
        rank = np.empty(len(order), dtype=np.int64)
        rank[order] = np.arange(len(order), dtype=np.int64)
        codes = rank[np.asarray(encoded.indices.to_numpy(zero_copy_only=False), dtype=np.int64)]
        rows = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
        width = max(n_rows, 1)
        keys = np.sort(codes * width + rows)  # by token, then row (np.unique hashes first: 10x slower)
        if len(keys):
            keys = keys[np.concatenate(([True], keys[1:] != keys[:-1]))]  # a token twice in a row once
        token_of, positions = np.divmod(keys, width)
        starts = np.searchsorted(token_of, np.arange(len(order) + 1, dtype=np.int64)).astype(np.int64)
        terms = dictionary.take(pa.array(order, pa.int64()))
        if not len(terms):
            data, offsets = np.zeros(0, np.uint8), np.zeros(1, np.int64)
        else:
            terms = terms.cast(pa.large_string())
            buffers = terms.buffers()
            offsets = np.frombuffer(buffers[1], np.int64)[terms.offset : terms.offset + len(terms) + 1]
            data = np.frombuffer(buffers[2], np.uint8)[offsets[0] : offsets[-1]]
            offsets = offsets - offsets[0]
        return {"terms": data, "offsets": offsets, "starts": starts, "positions": positions.astype(np.int32)}


def write_file(store: Store, file: str) -> None:
    """Write the postings folder of the statements data file ``file`` (relative to the Delta table)."""
    from quoteline.query.text_index import ambiguous_characters

    final = _file_folder(store, file)
    if has(store, file):
        return
    path = delta.table_path(store.root, "statements") / file
    odd = ambiguous_characters()
    fields = {name: _Field() for name in FIELDS}
    ids: list[np.ndarray] = []
    flagged: list[int] = []
    n_rows = 0
    try:
        parquet = pq.ParquetFile(path)
        for batch in parquet.iter_batches(_BATCH_ROWS, columns=[S.statement_id, S.text, S.speaker]):
            numbers = to_numbers(batch.column(0))
            if numbers is None:
                raise StoreError(f"{path}: a statement id is not 16 hex digits: no postings for it")
            ids.append(numbers)
            text, speaker = batch.column(1).to_pylist(), batch.column(2).to_pylist()
            fields["text"].add(tokens_of(text), text)
            # A speaker's name recurs in thousands of rows: cut once per distinct name.
            names = list(set(speaker))
            cut = dict(zip(names, tokens_of(names), strict=True))
            fields["speaker"].add([cut[s] for s in speaker], names)
            flagged += [
                n_rows + i
                for i, (t, s) in enumerate(zip(text, speaker, strict=True))
                if odd.search(t or "") or odd.search(s or "")
            ]
            n_rows += len(text)
    except (OSError, pa.ArrowException) as exc:
        raise StoreError(f"{path}: cannot read a statements data file for the postings: {exc}") from exc
    arrays = {
        "sids": np.concatenate(ids) if ids else np.empty(0, np.uint64),
        "flagged": np.asarray(flagged, np.int32),
    }
    for name, field in fields.items():
        for part, values in field.arrays(n_rows).items():
            arrays[f"{name}.{part}"] = values
    _write_folder(final, arrays, {"format": FORMAT, "file": file, "rows": n_rows})


def _write_folder(final: Path, arrays: dict[str, np.ndarray], record: dict[str, Any]) -> None:
    final.parent.mkdir(parents=True, exist_ok=True)
    temporary = final.with_name(f"{_TMP}{uuid.uuid4().hex}")
    temporary.mkdir()
    try:
        for name, values in arrays.items():
            with open(temporary / f"{name}.npy", "wb") as handle:
                np.save(handle, np.ascontiguousarray(values), allow_pickle=False)
                handle.flush()
                os.fsync(handle.fileno())
        (temporary / RECORD).write_text(json.dumps(record))  # last: a folder without it is unfinished
        fsync_dir(temporary)
        if final.exists():
            shutil.rmtree(final)  # unfinished or of another format (``_usable`` said so)
        os.rename(temporary, final)
    except OSError:
        shutil.rmtree(temporary, ignore_errors=True)
        if _usable(final, str(record["file"])) is None:  # not another writer's whole folder
            raise


def _record_file(directory: Path) -> str | None:
    """The data file a folder holds the postings of (None: unfinished or unreadable)."""
    try:
        return str(json.loads((directory / RECORD).read_text())["file"])
    except (OSError, ValueError, KeyError):
        return None


def remove_file(store: Store, file: str) -> None:
    """Remove the folder of a data file the index dropped."""
    shutil.rmtree(_file_folder(store, file), ignore_errors=True)


def has(store: Store, file: str) -> bool:
    """Whether the data file ``file`` has its finished folder, of this format."""
    return _usable(_file_folder(store, file), file) is not None


def update(store: Store, files: Iterable[str], drop: Iterable[str] = ()) -> int:
    """Write the folders ``files`` lack and remove those of ``drop``; how many were written."""
    for file in drop:
        remove_file(store, file)
    written = 0
    for file in files:
        if not has(store, file):
            write_file(store, file)
            written += 1
    return written


def prune(store: Store, files: Iterable[str]) -> None:
    """Remove the folders of files other than ``files`` (a rebuilt index's), and unfinished ones."""
    keep = {_file_folder(store, f).name for f in files}
    if folder(store).is_dir():
        for entry in folder(store).iterdir():
            if entry.name not in keep:
                shutil.rmtree(entry, ignore_errors=True)


def clear(store: Store) -> None:
    """Remove every folder (they are derived: ``update`` writes them again)."""
    shutil.rmtree(folder(store), ignore_errors=True)


# -- reading ----------------------------------------------------------------------------------------------


class _Terms(Sequence[bytes]):
    """A field's sorted tokens as a sequence of UTF-8 bytes, read from the mapped bytes and offsets."""

    def __init__(self, data: np.ndarray, offsets: np.ndarray) -> None:
        self.data, self.offsets = data, offsets

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def __getitem__(self, i: Any) -> Any:
        return self.data[self.offsets[i] : self.offsets[i + 1]].tobytes()


@dataclass(frozen=True)
class Postings:
    """One data file's postings, mapped."""

    rows: int
    sids: np.ndarray
    flagged: np.ndarray
    fields: dict[str, tuple[_Terms, np.ndarray, np.ndarray]]  # field -> (terms, starts, positions)
    mapped: tuple[mmap.mmap, ...]  # the files' mappings (``release``)

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
        terms, starts, positions = self.fields[field]
        key = token.encode()
        at = bisect.bisect_left(terms, key)
        if at < len(terms) and terms[at] == key:
            return positions[starts[at] : starts[at + 1]]
        return positions[:0]

    def rows_matching(self, field: str, prefix: str, regex: re.Pattern[str]) -> list[np.ndarray]:
        terms, starts, positions = self.fields[field]
        low = prefix.encode()
        at = bisect.bisect_left(terms, low)
        found = []
        while at < len(terms):
            term = terms[at]
            if not term.startswith(low):
                break
            if regex.fullmatch(term.decode()):
                found.append(positions[starts[at] : starts[at + 1]])
            at += 1
        return found


def _usable(directory: Path, file: str) -> dict[str, Any] | None:
    try:
        record = json.loads((directory / RECORD).read_text())
    except (OSError, ValueError):
        return None
    if record.get("format") != FORMAT or record.get("file") != file:
        return None
    return dict(record)


def _open(store: Store, file: str) -> Postings | None:
    directory = _file_folder(store, file)
    with _OPEN_LOCK:
        if directory in _OPEN:
            return _OPEN[directory]
    record = _usable(directory, file)
    if record is None:
        return None
    try:
        mapped: list[mmap.mmap] = []

        def load(name: str) -> np.ndarray:
            values = np.load(directory / f"{name}.npy", mmap_mode="r", allow_pickle=False)
            if isinstance(values.base, mmap.mmap):  # an empty array maps nothing
                mapped.append(values.base)
            return values

        fields = {
            f: (_Terms(load(f"{f}.terms"), load(f"{f}.offsets")), load(f"{f}.starts"), load(f"{f}.positions"))
            for f in FIELDS
        }
        postings = Postings(int(record["rows"]), load("sids"), load("flagged"), fields, tuple(mapped))
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


def hits(store: Store, version_files: Sequence[str], key: str) -> np.ndarray | None:
    """The id numbers (ascending) of the rows of ``version_files`` (the index's version) that the query
    ``key`` finds, flagged rows left out, as tantivy would answer; None when the postings cannot answer (a
    phrase, a file without its folder): ask tantivy."""
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
    try:
        return _found(opened, clauses)
    finally:
        for postings in opened:
            postings.release()


def _found(opened: list[Postings], clauses: list[list[_Word]]) -> np.ndarray:
    found = []
    for postings in opened:
        keep: np.ndarray | None = None
        for clause in clauses:
            either = np.zeros(postings.rows, dtype=bool)
            for word in clause:
                if word.token is not None:
                    either[postings.rows_of(word.field, word.token)] = True
                else:
                    assert word.regex is not None
                    for rows in postings.rows_matching(word.field, word.prefix, word.regex):
                        either[rows] = True
            keep = either if keep is None else keep & either
            if not keep.any():
                break
        if keep is None:
            continue
        keep[postings.flagged] = False
        found.append(postings.sids[np.flatnonzero(keep)])
    if not found:
        return np.empty(0, dtype=np.uint64)
    out = np.concatenate(found)
    out.sort()
    return out
