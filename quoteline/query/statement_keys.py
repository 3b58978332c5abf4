"""Statement ids held as 64-bit keys: the 16 hex digits of an id (``quoteline.ids``) as one ``uint64``.

A lean corpus keeps every statement id (they map the lake's answers to rows). As Arrow strings they cost
about 25 bytes a row, 250 MB at 10M statements; as keys, 8 bytes, and the encoded corpus maps them from a
file (``quoteline.query.encoded``). A store whose ids are not all 16 lowercase hex digits (none written by
Quoteline, but a store is data) keeps them as strings: ``encode`` says so by returning None.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

WIDTH = 16  # hex digits of an id: ``quoteline.ids._digest``'s length
_HEX = "^[0-9a-f]{16}$"
_ROWS = 1 << 20  # ids converted at a time: bounds the (rows x 16) byte temporaries to tens of MB
# ASCII byte -> its hex digit's value (only 0-9 and a-f are ever looked up: ``encode`` checks first).
_NIBBLE = np.zeros(256, dtype=np.uint64)
_NIBBLE[np.frombuffer(b"0123456789", dtype=np.uint8)] = np.arange(10, dtype=np.uint64)
_NIBBLE[np.frombuffer(b"abcdef", dtype=np.uint8)] = np.arange(10, 16, dtype=np.uint64)
_SHIFTS = np.arange(4 * (WIDTH - 1), -1, -4, dtype=np.uint64)


def _chunk_keys(chunk: pa.Array) -> np.ndarray:
    """Keys of a string array every value of which is 16 hex digits (so its bytes are rows of 16)."""
    width = np.int64 if pa.types.is_large_string(chunk.type) else np.int32
    offsets = np.frombuffer(chunk.buffers()[1], dtype=width)[chunk.offset : chunk.offset + len(chunk) + 1]
    data = np.frombuffer(chunk.buffers()[2], dtype=np.uint8)[offsets[0] : offsets[-1]]
    out = np.empty(len(chunk), dtype=np.uint64)
    for at in range(0, len(chunk), _ROWS):
        digits = data[at * WIDTH : (at + _ROWS) * WIDTH].reshape(-1, WIDTH)
        out[at : at + len(digits)] = np.bitwise_or.reduce(_NIBBLE[digits] << _SHIFTS, axis=1)
    return out


def encode(ids: pa.ChunkedArray | pa.Array) -> np.ndarray | None:
    """Each id's key, in order; None when some id is missing or not 16 lowercase hex digits."""
    chunked = ids if isinstance(ids, pa.ChunkedArray) else pa.chunked_array([ids])
    if pa.types.is_dictionary(chunked.type):
        chunked = chunked.cast(chunked.type.value_type)
    if chunked.null_count:
        return None
    if len(chunked) and not pc.all(pc.match_substring_regex(chunked, _HEX)).as_py():
        return None
    parts = [_chunk_keys(chunk) for chunk in chunked.chunks if len(chunk)]
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.uint64)


def key_of(statement_id: str) -> int | None:
    """One id's key, or None when it is not 16 lowercase hex digits (no key-held corpus holds it then)."""
    if len(statement_id) != WIDTH or any(c not in "0123456789abcdef" for c in statement_id):
        return None
    return int(statement_id, 16)


def decode(keys: Iterable[int] | np.ndarray) -> list[str]:
    """The ids of some keys (a page's rows, not a corpus: one Python string each)."""
    return [format(int(k), "016x") for k in keys]


def rows_with(keys: np.ndarray, ids: Sequence[str] | pa.Array) -> np.ndarray:
    """A boolean mask of the rows whose key is one of ``ids`` (hashed once, as Arrow's ``is_in`` does)."""
    given = ids.to_pylist() if isinstance(ids, pa.Array | pa.ChunkedArray) else list(ids)
    wanted = sorted({k for k in (key_of(str(i)) for i in given if i is not None) if k is not None})
    if not wanted:
        return np.zeros(len(keys), dtype=bool)
    found = pc.is_in(pa.array(np.asarray(keys)), value_set=pa.array(wanted, pa.uint64()))
    return np.asarray(found.to_numpy(zero_copy_only=False), dtype=bool)
