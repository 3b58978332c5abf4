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

from quoteline.query.id_numbers import ID_DIGITS as WIDTH
from quoteline.query.id_numbers import to_numbers


def encode(ids: pa.ChunkedArray | pa.Array) -> np.ndarray | None:
    """Each id's key, in order; None when some id is missing or not 16 lowercase hex digits."""
    chunked = ids if isinstance(ids, pa.ChunkedArray) else pa.chunked_array([ids])
    if pa.types.is_dictionary(chunked.type):
        chunked = chunked.cast(chunked.type.value_type)
    return to_numbers(chunked)


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
