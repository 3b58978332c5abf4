"""Statement ids as 64-bit numbers, and back: whole columns at once, or a page's few.

A statement id is the first 16 hex digits of a SHA-1 (``quoteline.ids``), so it is one unsigned 64-bit
number. Two places hold ids so: the search index (``text_index``, its ``sid`` fast field), and a lean corpus,
which keeps every statement id to map the lake's answers to rows (as Arrow strings about 25 bytes a row,
250 MB at 10M statements; as numbers 8 bytes, which the encoded corpus maps from a file:
``quoteline.query.encoded``). Matching millions of the index's hits to corpus rows as numbers (a sorted array
and a binary search) costs a fraction of a hash lookup of as many 16-character strings, and needs no per-id
Python object: these functions convert Arrow string columns without a Python loop. An id that is not 16
lowercase hex digits (none written by Quoteline, but a store is data) has no number: the conversion says so
(None) and the caller keeps to strings.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

ID_DIGITS: Final = 16
_CHUNK: Final = 1 << 18  # ids converted at a time (each byte-wide temporary: 4 MB)
# Byte -> its two hex digits.
_PAIRS = np.frombuffer(b"".join(f"{b:02x}".encode() for b in range(256)), np.uint8).reshape(256, 2)
_HEX: Final = frozenset("0123456789abcdef")


def to_numbers(ids: pa.Array | pa.ChunkedArray) -> np.ndarray | None:
    """The ids (Arrow strings of 16 lowercase hex digits) as uint64, in order; None when any id is null or
    not of that form."""
    chunks = ids.chunks if isinstance(ids, pa.ChunkedArray) else [ids]
    out = np.empty(len(ids), dtype=np.uint64)
    at = 0
    for chunk in chunks:  # one chunk at a time: combining them would copy every string first
        numbers = _array_numbers(chunk)
        if numbers is None:
            return None
        out[at : at + len(numbers)] = numbers
        at += len(numbers)
    return out


def _array_numbers(array: pa.Array) -> np.ndarray | None:
    if array.null_count:
        return None
    if pa.types.is_large_string(array.type):
        offset_type: type[np.integer] = np.int64
    elif pa.types.is_string(array.type):
        offset_type = np.int32
    else:
        try:
            array = array.cast(pa.large_string())
        except pa.ArrowException:
            return None
        offset_type = np.int64
    n = len(array)
    out = np.empty(n, dtype=np.uint64)
    if not n:
        return out
    _, offsets_buffer, data_buffer = array.buffers()
    offsets = np.frombuffer(offsets_buffer, offset_type)[array.offset : array.offset + n + 1]
    data = np.frombuffer(data_buffer, np.uint8)
    for at in range(0, n, _CHUNK):  # bounds the byte-wide temporaries (16 bytes an id) to tens of MB
        ends = offsets[at : at + _CHUNK + 1]
        if (np.diff(ends) != ID_DIGITS).any():
            return None
        numbers = _chunk_numbers(data[ends[0] : ends[-1]])
        if numbers is None:
            return None
        out[at : at + len(numbers)] = numbers
    return out


def _chunk_numbers(data: np.ndarray) -> np.ndarray | None:
    """Numbers of ``data``, ids of 16 bytes each back to back; None when a byte is not a lowercase hex
    digit."""
    # Byte arithmetic, no lookup table: a uint8 table indexed by the bytes would first widen them to intp.
    digits = data - np.uint8(ord("0"))  # 0-9 for digits; letters land at 49-54, anything else elsewhere
    letters = digits > 9
    digits -= letters.view(np.uint8) * np.uint8(ord("a") - ord("0") - 10)  # (a masked -= is 20x slower)
    bad = digits > 15
    bad |= letters & (digits < 10)  # ":" to "`" (uppercase included: ids are written lowercase)
    if bad.any():
        return None
    digits = digits.reshape(-1, ID_DIGITS)
    # Two digits a byte, most significant first: read the eight bytes as one big-endian number.
    packed = np.ascontiguousarray((digits[:, 0::2] << 4) | digits[:, 1::2])
    return packed.view(">u8").reshape(-1).astype(np.uint64)


def number_of(statement_id: str) -> int | None:
    """One id's number, or None when it is not 16 lowercase hex digits (no numbers-held corpus holds it)."""
    if len(statement_id) != ID_DIGITS or not _HEX.issuperset(statement_id):
        return None
    return int(statement_id, 16)


def to_ids(numbers: np.ndarray) -> pa.Array:
    """uint64 numbers as ids (16 lowercase hex digits, leading zeros kept), an Arrow string array."""
    values = np.ascontiguousarray(numbers, dtype=">u8")  # big-endian: the most significant byte first
    text = _PAIRS[values.view(np.uint8)]
    offsets = np.arange(len(values) + 1, dtype=np.int32) * ID_DIGITS
    return pa.StringArray.from_buffers(
        len(values), pa.py_buffer(offsets.tobytes()), pa.py_buffer(np.ascontiguousarray(text).tobytes())
    )


class RowsById:
    """Rows found by id number: a table's ids as numbers, sorted, with the row each came from.

    Built once per corpus (at 10M rows: about 2 CPU s, and 120 MB kept): each lookup is then a binary search
    per wanted id, so it costs what the search found, not what the table holds.
    """

    def __init__(self, numbers: np.ndarray) -> None:
        order = np.argsort(numbers)  # ids are unique: no stable sort needed
        # The int64 order narrowed before the sorted copy is made: one fewer 8-byte array alive at the peak.
        self.rows = order.astype(np.int32) if len(order) <= np.iinfo(np.int32).max else order
        del order
        self.numbers = numbers[self.rows]

    @classmethod
    def ordered(cls, numbers: np.ndarray, rows: np.ndarray) -> RowsById:
        """The index as built before (``numbers`` ascending, ``rows[i]`` the row holding ``numbers[i]``), e.g.
        mapped from the encoded corpus' files: nothing is sorted again."""
        if len(numbers) != len(rows):
            raise ValueError(f"{len(numbers)} sorted ids for {len(rows)} rows")
        index = cls.__new__(cls)
        index.numbers, index.rows = numbers, rows
        return index

    @classmethod
    def of(cls, ids: pa.Array | pa.ChunkedArray) -> RowsById | None:
        """The index of ``ids`` (row i holds ``ids[i]``); None when an id has no number (``to_numbers``)."""
        numbers = to_numbers(ids)
        return None if numbers is None else cls(numbers)

    def mask(self, wanted: np.ndarray) -> np.ndarray:
        """A boolean mask of the rows whose id number is in ``wanted`` (uint64; an absent one is ignored)."""
        out = np.zeros(len(self.numbers), dtype=bool)
        if not len(wanted) or not len(self.numbers):
            return out
        wanted = np.asarray(wanted, dtype=np.uint64)
        at = np.searchsorted(self.numbers, wanted)
        at[at == len(self.numbers)] = 0  # past the last id: compared with the first, found only if equal
        hit = self.numbers[at] == wanted
        out[self.rows[at[hit]]] = True
        return out


def rows_with(numbers: np.ndarray, ids: Sequence[str] | pa.Array | pa.ChunkedArray) -> np.ndarray:
    """A boolean mask of the rows (``numbers``: a corpus' ids as numbers) whose id is one of ``ids``
    (strings; hashed once, as Arrow's ``is_in`` does)."""
    given = ids.to_pylist() if isinstance(ids, pa.Array | pa.ChunkedArray) else list(ids)
    wanted = sorted({n for n in (number_of(str(i)) for i in given if i is not None) if n is not None})
    if not wanted:
        return np.zeros(len(numbers), dtype=bool)
    found = pc.is_in(pa.array(np.asarray(numbers)), value_set=pa.array(wanted, pa.uint64()))
    return np.asarray(found.to_numpy(zero_copy_only=False), dtype=bool)
