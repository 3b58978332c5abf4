"""The on-disk shape of the two tables: declared Arrow schemas, Parquet writing and column-pruned reading.

``n_sources`` is not stored: it is derived on read from ``cluster_id`` so that a commit only appends new
files and never rewrites older ones when a new outlet joins an existing cluster.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Final

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from quoteline.schema import EVIDENCE_COLUMNS, LIST_COLUMNS, SCHEMA_VERSION, STORE_COLUMNS, A, C, S
from quoteline.store.atomic import atomic_write
from quoteline.store.errors import StoreError

_STR = pa.string()
_INT = pa.int64()

STATEMENTS_SCHEMA: Final = pa.schema(
    [
        (S.statement_id, _STR),
        (S.article_id, _STR),
        (S.speaker, _STR),
        (S.speaker_type, _STR),
        (S.kind, _STR),
        (S.cue, _STR),
        (S.cue_start, _INT),
        (S.cue_end, _INT),
        (S.text, _STR),
        (S.start, _INT),
        (S.end, _INT),
        (S.date, _STR),
        (S.date_source, _STR),
        (S.referenced_dates, pa.list_(_STR)),
        (S.topics, pa.list_(_STR)),
        (S.counterparts, pa.list_(_STR)),
        (S.stance, _STR),
        (S.date_basis, _STR),
        (S.date_phrase, _STR),
        (S.date_phrase_start, _INT),
        (S.date_phrase_end, _INT),
        (S.speaker_chain, _STR),
        (S.outlet, _STR),
        (S.cluster_id, _STR),
    ],
    metadata={"quoteline_table": "statements", "quoteline_schema_version": str(SCHEMA_VERSION)},
)

ARTICLES_SCHEMA: Final = pa.schema(
    [
        (A.article_id, _STR),
        (A.title, _STR),
        (A.outlet, _STR),
        (A.url, _STR),
        (A.published, _STR),
        (A.published_source, _STR),
        (A.ingested_at, pa.timestamp("us", tz="UTC")),
        (A.word_count, _INT),
        (A.extractor_version, _STR),
        (A.source_path, _STR),
        (A.text, _STR),
    ],
    metadata={"quoteline_table": "articles", "quoteline_schema_version": str(SCHEMA_VERSION)},
)

CORRECTIONS_SCHEMA: Final = pa.schema(
    [
        (C.entry_id, _STR),
        (C.target_type, _STR),
        (C.target, _STR),
        (C.field, _STR),
        (C.old, _STR),
        (C.new, _STR),
        (C.by, _STR),
        (C.at, pa.timestamp("us", tz="UTC")),
        (C.reason, _STR),
        (C.undoes, _STR),
        (C.derived, _STR),
    ],
    metadata={"quoteline_table": "corrections", "quoteline_schema_version": str(SCHEMA_VERSION)},
)
SCHEMAS: Final = {
    "articles": ARTICLES_SCHEMA,
    "statements": STATEMENTS_SCHEMA,
    "corrections": CORRECTIONS_SCHEMA,
}

STORED_STATEMENT_COLUMNS: Final = tuple(STATEMENTS_SCHEMA.names)
assert set(STORE_COLUMNS) == {*STORED_STATEMENT_COLUMNS, S.n_sources}


def _to_arrow(df: pd.DataFrame, schema: pa.Schema) -> pa.Table:
    frame = df[list(schema.names)].copy()
    for col in LIST_COLUMNS:
        if col in frame.columns:
            frame[col] = frame[col].map(list)
    return pa.Table.from_pandas(frame, schema=schema, preserve_index=False)


def write_table(path: Path, df: pd.DataFrame, schema: pa.Schema) -> int:
    """Write ``df`` as a Parquet file with the declared schema, atomically; returns the row count."""
    table = _to_arrow(df, schema)
    atomic_write(path, lambda handle: pq.write_table(table, handle, compression="zstd"))
    return table.num_rows


def read_table(paths: Sequence[Path], schema: pa.Schema, columns: Sequence[str]) -> pa.Table:
    """Read the named columns of the data files; a file that does not match the schema is an error."""
    tables = []
    table = schema.metadata.get(b"quoteline_table", b"?").decode()
    for path in paths:
        try:
            _check_columns(path, pq.read_schema(path), schema, columns, table)
            tables.append(pq.read_table(path, columns=list(columns), schema=schema))
        except FileNotFoundError:
            raise
        except (OSError, pa.ArrowException) as exc:
            raise StoreError(f"{path}: not a readable {table} data file of this store: {exc}") from exc
    if not tables:
        return schema.empty_table().select(list(columns))
    return pa.concat_tables(tables)


def _check_columns(
    path: Path, found: pa.Schema, schema: pa.Schema, columns: Sequence[str], table: str
) -> None:
    """Each column to read is in the file with its declared type (Arrow would read a missing one as nulls)."""
    for name in columns:
        i = found.get_field_index(name)
        if i < 0 and name in EVIDENCE_COLUMNS:
            continue  # written before evidence was recorded: Arrow reads the column as nulls
        if i < 0 or found.field(i).type != schema.field(name).type:
            what = (
                "lacks the column"
                if i < 0
                else f"has {found.field(i).type}, not {schema.field(name).type}, in"
            )
            raise StoreError(f"{path}: {what} {name!r}: not a {table} data file in this store's schema")


def holds_schema(found: pa.Schema, declared: pa.Schema) -> bool:
    """Whether a data file's schema is the declared one, or the declared one before the evidence columns
    were added (an older store's file, whose evidence reads as null)."""
    found, declared = found.remove_metadata(), declared.remove_metadata()
    if found.equals(declared):
        return True
    older = pa.schema([f for f in declared if f.name not in EVIDENCE_COLUMNS])
    return found.equals(older)


def to_frame(table: pa.Table) -> pd.DataFrame:
    """Arrow to pandas; list columns stay Arrow-backed (``list<string>[pyarrow]``, zero-copy).

    Each cell of a list column reads back as a Python ``list`` of ``str``. Converting a million cells to
    Python lists up front would cost seconds, so it is left to the rows a caller actually touches.
    """
    list_cols = [c for c in table.column_names if c in LIST_COLUMNS]
    df = table.drop_columns(list_cols).to_pandas()
    for col in list_cols:
        column = table.column(col)
        if column.null_count or pc.list_flatten(column).null_count:
            raise ValueError(f"column {col!r} holds a missing value where a list of strings belongs")
        df[col] = pd.Series(pd.arrays.ArrowExtensionArray(column), index=df.index)
    return df[table.column_names]
