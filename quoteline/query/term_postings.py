"""The index's words as plain arrays beside it: a common word's hits without a Python object each.

tantivy's Python binding hands every hit over as a tuple with a document address, about 0.45 CPU µs a hit
(docs/SCALE.md): a search finding 2M statements spends most of a second there. This module keeps, beside the
tantivy index and for the same rows, each Delta data file's words as postings, the positions in the file of
the rows holding each token, as ``.npy`` files that a search maps (``postings_search``): a word's rows are
then an array read, its clauses boolean masks over the file's rows.

What is kept (``<store>/search_terms/<file digest>/``, one folder per statements data file, written whole
under a temporary name and renamed; a Delta data file never changes, so neither does its folder):

- for ``text`` and ``speaker``: the file's distinct tokens, sorted (UTF-8 bytes and offsets), where each
  token's positions start, and the positions (ascending, each row once per token); a token in more than
  1/32 of the rows (``DENSE_SHARE``) has no positions but a bitmap of the rows (``slots``: its bitmap's
  index, -1 for none; ``dense``: the bitmaps, ``np.packbits`` of each, end to end);
- ``sids``: each row's statement id as its number (``id_numbers``); ``flagged``: the rows tantivy flags
  (``text_index.ambiguous_characters``), which the index leaves to the RE2 condition, so they are left out
  here too;
- ``record.json`` (last): the format, the file's path and its row count.

Beside the folder, ``search_terms.json`` (``STAMP``) records the statements table (``text_index.table_id``)
and Delta version whose data files all have their folder of this format: the index's catch-up after a command
then knows in one read that there is nothing to write, rather than reading every file's record (610 at 10M
statements). The index stamps a version only when the previous one was stamped and the files it added got
their folders; a store of an older Quoteline has no stamp, so its first catch-up checks every record.

The tokens are tantivy's, cut by ``postings_tokens``, so the postings hold exactly the index's tokens, row
for row. Kept up to date with the index: ``text_index`` writes the folders of the files it adds and removes
those of the files it drops, under its lock; ``update`` writes what a version lacks (``quoteline index``
runs it).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Final

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from quoteline.query.id_numbers import to_numbers
from quoteline.query.postings_tokens import LONG_CHARS, MAX_TOKEN_BYTES, tokens_of
from quoteline.schema import S
from quoteline.store import delta
from quoteline.store.atomic import atomic_write_bytes, fsync_dir
from quoteline.store.errors import StoreError
from quoteline.store.store import Store

LOGGER = logging.getLogger(__name__)

FOLDER: Final = "search_terms"
RECORD: Final = "record.json"
STAMP: Final = "search_terms.json"  # beside FOLDER: the (table, version) all of whose files have a folder
# Bumped whenever what the folders hold changes: a folder of another format is never read.
FORMAT: Final = 2  # 2: dense tokens as bitmaps (session 20)
# A token in more than 1/DENSE_SHARE of a file's rows is kept as a bitmap of the rows (``_Field.arrays``).
DENSE_SHARE: Final = 32
FIELDS: Final = ("text", "speaker")  # the index's field names (text_index.Field.TEXT, .SPEAKER)
_TMP: Final = ".tmp-"
_BATCH_ROWS: Final = 50_000


def folder(store: Store) -> Path:
    """Where ``store``'s postings live."""
    return store.root / FOLDER


def file_folder(store: Store, file: str) -> Path:
    """The folder of data file ``file``'s postings."""
    return folder(store) / hashlib.sha1(file.encode()).hexdigest()[:24]


# -- writing a file's postings --------------------------------------------------------------------------


class _Field:
    """One field's tokens, gathered a batch at a time as Arrow strings (a Python string per token would
    hold hundreds of MB for one data file)."""

    def __init__(self) -> None:
        self.chunks: list[pa.Array] = []
        self.lengths: list[np.ndarray] = []

    def add(self, token_lists: list[list[str]], texts: list[str | None]) -> None:
        """Add the tokens of a batch of rows (``texts``: what they were cut from)."""
        if any(t and len(t) > LONG_CHARS for t in texts):  # only then can a token be too long
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
        every = np.arange(len(order) + 1, dtype=np.int64)
        bounds = np.searchsorted(token_of, every)
        counts = np.diff(bounds)
        # A token in more than 1/32 of the rows is kept as a bitmap (1/8 byte a row, against 4 bytes a row
        # holding it): at 10M synthetic statements the text's positions fell from 678 MB to 40 MB of
        # positions and 43 MB of bitmaps, and a common word's mask is an unpack, not a scatter (session 20).
        dense = counts * DENSE_SHARE > n_rows
        slots = np.full(len(order), -1, dtype=np.int32)
        slots[dense] = np.arange(int(dense.sum()), dtype=np.int32)
        bitmaps = []
        for token in np.flatnonzero(dense):  # a bitmap at a time: at most a byte per row of the file unpacked
            bitmap = np.zeros(n_rows, dtype=bool)
            bitmap[positions[bounds[token] : bounds[token + 1]]] = True
            bitmaps.append(np.packbits(bitmap))
        bits = np.concatenate([np.zeros(0, np.uint8), *bitmaps])
        in_dense = dense[token_of]
        token_of, positions = token_of[~in_dense], positions[~in_dense]
        starts = np.searchsorted(token_of, every).astype(np.int64)
        terms = dictionary.take(pa.array(order, pa.int64()))
        if not len(terms):
            data, offsets = np.zeros(0, np.uint8), np.zeros(1, np.int64)
        else:
            terms = terms.cast(pa.large_string())
            buffers = terms.buffers()
            offsets = np.frombuffer(buffers[1], np.int64)[terms.offset : terms.offset + len(terms) + 1]
            data = np.frombuffer(buffers[2], np.uint8)[offsets[0] : offsets[-1]]
            offsets = offsets - offsets[0]
        return {
            "terms": data,
            "offsets": offsets,
            "starts": starts,
            "positions": positions.astype(np.int32),
            "slots": slots,
            "dense": bits,
        }


def write_file(store: Store, file: str) -> None:
    """Write the postings folder of the statements data file ``file`` (relative to the Delta table)."""
    from quoteline.query.text_index import ambiguous_characters

    final = file_folder(store, file)
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
            shutil.rmtree(final)  # unfinished or of another format (``usable`` said so)
        os.rename(temporary, final)
    except OSError:
        shutil.rmtree(temporary, ignore_errors=True)
        if usable(final, str(record["file"])) is None:  # not another writer's whole folder
            raise


def _record_file(directory: Path) -> str | None:
    """The data file a folder holds the postings of (None: unfinished or unreadable)."""
    try:
        return str(json.loads((directory / RECORD).read_text())["file"])
    except (OSError, ValueError, KeyError):
        return None


def remove_file(store: Store, file: str) -> None:
    """Remove the folder of a data file the index dropped."""
    shutil.rmtree(file_folder(store, file), ignore_errors=True)


def has(store: Store, file: str) -> bool:
    """Whether the data file ``file`` has its finished folder, of this format."""
    return usable(file_folder(store, file), file) is not None


def stamp_path(store: Store) -> Path:
    """Where ``store``'s stamp lives (beside the folders, so that a folder listing holds only folders)."""
    return store.root / STAMP


def stamped(store: Store, table: str, version: int) -> bool:
    """Whether every data file of statements ``version`` of ``table`` has its folder of this format (as
    the stamp says: one read)."""
    try:
        stamp = json.loads(stamp_path(store).read_text())
    except FileNotFoundError:
        return False
    except (OSError, ValueError) as exc:
        LOGGER.warning(
            "%s: the search postings' stamp is unreadable (%s); every file is checked", store.root, exc
        )
        return False
    return bool(stamp == {"format": FORMAT, "table": table, "version": version})


def stamp(store: Store, table: str, version: int) -> None:
    """Record that every data file of statements ``version`` of ``table`` has its folder of this format."""
    try:
        atomic_write_bytes(
            stamp_path(store), json.dumps({"format": FORMAT, "table": table, "version": version}).encode()
        )
    except OSError as exc:  # only a shortcut: without it the next catch-up checks every file's record
        LOGGER.warning("%s: the search postings' stamp was not written (%s)", store.root, exc)


def unstamp(store: Store) -> None:
    """Forget the stamp (before the folders change in a way it would no longer tell)."""
    stamp_path(store).unlink(missing_ok=True)


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
    keep = {file_folder(store, f).name for f in files}
    if folder(store).is_dir():
        for entry in folder(store).iterdir():
            if entry.name not in keep:
                shutil.rmtree(entry, ignore_errors=True)


def clear(store: Store) -> None:
    """Remove every folder and the stamp (they are derived: ``update`` writes them again)."""
    unstamp(store)
    shutil.rmtree(folder(store), ignore_errors=True)


def usable(directory: Path, file: str) -> dict[str, Any] | None:
    """The record of ``directory`` when it is the finished folder of ``file``, of this format; else None."""
    try:
        record = json.loads((directory / RECORD).read_text())
    except (OSError, ValueError):
        return None
    if record.get("format") != FORMAT or record.get("file") != file:
        return None
    return dict(record)
