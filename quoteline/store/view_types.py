"""Arrow's view types read back as the plain ones the store declares.

delta-rs (deltalake 1.6) writes the data files that a merge or a delete rewrites (a re-extraction keeps the
other articles' rows of each file it touches) with Arrow's view types, ``string_view`` and lists of them,
and keeps that Arrow schema in the file, so pyarrow reads those columns back as views. Several of pyarrow's
kernels have none for views (``pc.is_in``: the cluster index's read of a speaker's rows), and a table of
views does not concatenate with one of plain strings. Every direct read of a data file goes through
``plain``, so a store some merge has rewritten takes later writes as any other (review of session 21).
"""

from __future__ import annotations

import logging
from typing import TypeVar

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as pds

LOGGER = logging.getLogger(__name__)

Data = TypeVar("Data", pa.Table, pa.RecordBatch)


def plain_type(kind: pa.DataType) -> pa.DataType:
    """``kind`` with every view type in it (nested in lists too) replaced by its plain counterpart."""
    if pa.types.is_string_view(kind):
        return pa.string()
    if pa.types.is_binary_view(kind):
        return pa.binary()
    if pa.types.is_list(kind) or pa.types.is_list_view(kind):
        return pa.list_(kind.value_field.with_type(plain_type(kind.value_type)))
    if pa.types.is_large_list(kind) or pa.types.is_large_list_view(kind):
        return pa.large_list(kind.value_field.with_type(plain_type(kind.value_type)))
    return kind


def plain_schema(schema: pa.Schema) -> pa.Schema:
    """``schema`` with its view types made plain (the same object when it holds none)."""
    fields = [field.with_type(plain_type(field.type)) for field in schema]
    if all(new.type == old.type for new, old in zip(fields, schema, strict=True)):
        return schema
    return pa.schema(fields, metadata=schema.metadata)


def plain(data: Data) -> Data:
    """``data`` cast to plain types where a rewrite left views (unchanged, no copy, where it left none)."""
    schema = plain_schema(data.schema)
    return data if schema is data.schema else data.cast(schema)


def has_views(schema: pa.Schema) -> bool:
    """Whether any column of ``schema`` is (or holds) a view type."""
    return plain_schema(schema) is not schema


def filtered(dataset: pds.Dataset, *, columns: list[str], condition: pc.Expression) -> pa.Table:
    """``dataset``'s rows that meet ``condition`` (``columns`` of them), as ``dataset.to_table`` gives them.

    A pushed-down filter compares a data file's own column types with the condition's, and pyarrow has no
    kernel comparing ``string`` with ``string_view``: such a scan fails on a file a merge rewrote. Then each
    rewritten file is read whole, cast to the dataset's types and filtered in memory (only the files a
    re-extraction touched), every other file still through the pushed-down filter; logged.
    """
    try:
        return dataset.to_table(columns=columns, filter=condition)
    except pa.ArrowNotImplementedError as exc:
        LOGGER.info("a data file holds Arrow view types (%s): filtering it after the read", exc)
    parts = []
    for fragment in dataset.get_fragments():
        if has_views(fragment.physical_schema):
            whole = fragment.to_table(schema=dataset.schema)
            parts.append(whole.filter(condition).select(columns))
        else:
            parts.append(fragment.to_table(schema=dataset.schema, columns=columns, filter=condition))
    if not parts:
        return dataset.schema.empty_table().select(columns)
    return pa.concat_tables(parts)
