"""``quoteline export`` through DuckDB: the filtered rows stream from the lake to the file, batch by batch.

The filters become one SQL query over the lake's corrected ``statements`` view (``quoteline.query.lake``),
joined with the article fields a citation needs and with ``n_sources``; DuckDB pushes the column list and the
year bounds of a date filter down to the Parquet files. Each record batch is written as it arrives (CSV with
the formula guard of ``quoteline.export``, JSON Lines, or a Parquet row group), so memory stays at a batch
whatever the size of the store. The filters mean what ``quoteline.export.filter_statements`` means: names
compared case-insensitively, ``--until 2024-03`` including every day of March, ``--search`` a
case-insensitive substring. The rows come in a fixed order (``EXPORT_ORDER``: date, undated last, then
statement_id), so two exports of the same commit are byte-identical.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any, BinaryIO, Final

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv
import pyarrow.parquet as pq

from quoteline.export import (
    ARTICLE_FIELDS,
    FORMATS,
    FORMULA_LEADS,
    ExportError,
    ExportFilters,
    jsonl_bytes,
)
from quoteline.extract.evidence import chain_label
from quoteline.query.lake import BATCH_ROWS, Lake, open_lake, quote
from quoteline.schema import STORE_COLUMNS, A, S
from quoteline.store.atomic import atomic_write
from quoteline.store.overlay import CORRECTED
from quoteline.store.store import Store

LOGGER = logging.getLogger(__name__)
_BOM: Final = "\ufeff".encode()
# The rows' order, so that two exports of one commit are byte-identical: by date as text (ISO, so a year-only
# "2024" comes before "2024-03", which comes before "2024-03-01"), undated statements last, ties broken by
# statement_id (unique). DuckDB sorts the result before the first batch is written; past its memory limit the
# sort spills to its temporary directory.
EXPORT_ORDER: Final = f"s.{S.date} ASC NULLS LAST, s.{S.statement_id} ASC"


def export_query(filters: ExportFilters, *, raw: bool = False) -> tuple[str, list[Any]]:
    """The SQL (and its parameters) of an export: the statement columns in the store's order, ``corrected``
    unless ``raw``, then the article fields."""
    picked = [f"s.{quote(c)}" for c in STORE_COLUMNS if c != S.n_sources]
    picked.insert(list(STORE_COLUMNS).index(S.n_sources), f"src.{quote(S.n_sources)}")
    if not raw:
        picked.append(f"s.{quote(CORRECTED)}")
    picked += [f"a.{quote(column)} AS {quote(name)}" for name, column in ARTICLE_FIELDS.items()]
    where: list[str] = []
    params: list[Any] = []

    def lowered(values: list[str] | tuple[str, ...] | Any) -> list[str]:
        return [str(v).lower() for v in values]

    if filters.leaders:
        where.append(f"list_contains(?, lower(s.{S.speaker}))")
        params.append(lowered(filters.leaders))
    if filters.outlets:
        where.append(f"list_contains(?, lower(coalesce(s.{S.outlet}, '')))")
        params.append(lowered(filters.outlets))
    if filters.kinds:
        where.append(f"list_contains(?, s.{S.kind})")
        params.append(list(filters.kinds))
    if filters.stances:
        where.append(f"list_contains(?, s.{S.stance})")
        params.append(list(filters.stances))
    if filters.topics:
        where.append(f"list_has_any(list_transform(s.{S.topics}, lambda t: lower(t)), ?)")
        params.append(lowered(filters.topics))
    if filters.since:
        # The year bound is what reaches the files (a partition column); the string test is the filter.
        where += [f"s.year >= {int(filters.since[:4])}", f"s.{S.date} >= ?"]
        params.append(filters.since)
    if filters.until:
        where += [f"s.year <= {int(filters.until[:4])}", f"left(s.{S.date}, {len(filters.until)}) <= ?"]
        params.append(filters.until)
    if filters.search:
        where.append(f"contains(lower(s.{S.text}), ?)")
        params.append(filters.search.lower())
    if not where:
        return _export_sql(picked, "sources", "articles", ""), params
    condition = " AND ".join(where)
    # n_sources and the article fields of just the matching rows: hash tables the size of the result, not
    # of the store (the filter is scanned three times; an export of a month of a 10M store stays small).
    matching = re.sub(r"\bs\.", "f.", condition)
    sources = f"""(SELECT {S.cluster_id}, count(DISTINCT coalesce({S.outlet}, 'article:' || {S.article_id}))
        AS {S.n_sources} FROM statements WHERE {S.cluster_id} IN
        (SELECT f.{S.cluster_id} FROM statements f WHERE {matching}) GROUP BY {S.cluster_id})"""
    articles = f"""(SELECT * FROM articles WHERE {A.article_id} IN
        (SELECT f.{S.article_id} FROM statements f WHERE {matching}))"""
    return _export_sql(picked, sources, articles, f"WHERE {condition}"), params * 3


def _export_sql(picked: list[str], sources: str, articles: str, clause: str) -> str:
    fields = ", ".join(quote(c) for c in (A.article_id, *ARTICLE_FIELDS.values()))
    return f"""SELECT {", ".join(picked)}
        FROM statements s
        LEFT JOIN {sources} src ON src.{S.cluster_id} = s.{S.cluster_id}
        LEFT JOIN (SELECT {fields} FROM {articles}) a ON a.{A.article_id} = s.{S.article_id}
        {clause}
        ORDER BY {EXPORT_ORDER}"""


def _guarded(column: pa.Array) -> pa.Array:
    """A string column with the formula guard (``quoteline.export.neutralise_cell``), in Arrow."""
    risky = pc.starts_with(column, FORMULA_LEADS[0])
    for lead in FORMULA_LEADS[1:]:
        risky = pc.or_(risky, pc.starts_with(column, lead))
    return pc.if_else(pc.fill_null(risky, False), pc.binary_join_element_wise("'", column, ""), column)


def csv_batch(batch: pa.RecordBatch) -> pa.RecordBatch:
    """``batch`` ready for CSV, column by column in Arrow (``quoteline.export.csv_frame``'s rules): lists
    joined with "; ", the speaker chain as one line, booleans as True/False, every text cell guarded."""
    columns = []
    for name, column in zip(batch.schema.names, batch.columns, strict=True):
        if pa.types.is_list(column.type) or pa.types.is_large_list(column.type):
            column = pc.binary_join(pc.cast(column, pa.list_(pa.string())), "; ")
        elif name == S.speaker_chain and column.null_count < len(column):
            column = pa.array(
                [None if v is None else chain_label(v) for v in column.to_pylist()], pa.string()
            )
        elif pa.types.is_boolean(column.type):
            column = pc.if_else(column, "True", "False")
        if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
            column = _guarded(column)
        columns.append(column)
    return pa.RecordBatch.from_arrays(columns, names=batch.schema.names)


def stream_export(
    lake: Lake,
    filters: ExportFilters,
    fmt: str,
    out: BinaryIO,
    *,
    raw: bool = False,
    rows: int = BATCH_ROWS,
) -> int:
    """Write the filtered statements of ``lake``'s commit to ``out`` in ``fmt``, ``rows`` at a time;
    returns how many."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    sql, params = export_query(filters, raw=raw)
    reader = lake.reader(sql, params, rows)
    n = 0
    if fmt == "parquet":
        with pq.ParquetWriter(out, reader.schema) as writer:
            for batch in lake.read(reader):
                writer.write_batch(batch)
                n += batch.num_rows
        return n
    header = True
    if fmt == "csv":
        out.write(_BOM)
    for batch in lake.read(reader):
        if fmt == "csv":
            # CRLF line ends (RFC 4180); a cell holding a line end or a quote is quoted.
            options = pcsv.WriteOptions(include_header=header, eol="\r\n", quoting_header="none")
            pcsv.write_csv(csv_batch(batch), out, write_options=options)
        else:
            out.write(jsonl_bytes(batch.to_pandas(types_mapper={pa.int64(): pd.Int64Dtype()}.get)))
        header = False
        n += batch.num_rows
    if fmt == "csv" and header:  # nothing matched: still a header line naming the columns
        out.write((",".join(reader.schema.names) + "\r\n").encode("utf-8"))
    return n


def export_rows(store: Store, filters: ExportFilters, *, raw: bool = False) -> pd.DataFrame:
    """The export as one frame (for a library caller with a small result; the command streams)."""
    with open_lake(store, raw=raw) as lake:
        sql, params = export_query(filters, raw=raw)
        return lake.table(sql, params).to_pandas(types_mapper={pa.int64(): pd.Int64Dtype()}.get)


def export_to_path(store: Store, filters: ExportFilters, fmt: str, path: Path, *, raw: bool = False) -> int:
    """Stream the export to ``path`` atomically (no partial file is ever left); returns the row count."""
    if path.is_dir():
        raise ExportError(f"{path}: is a folder; give a file name, such as {path / ('statements.' + fmt)}")
    if not path.parent.is_dir():
        raise ExportError(f"{path}: the folder {path.parent} does not exist; create it first")
    written = 0
    with open_lake(store, raw=raw) as lake:

        def write(handle: BinaryIO) -> None:
            nonlocal written
            written = stream_export(lake, filters, fmt, handle, raw=raw)

        try:
            atomic_write(path, write)
        except OSError as exc:
            LOGGER.error("%s: export failed: %s", path, exc)
            raise ExportError(
                f"{path}: cannot write the export: {exc.strerror or exc}; no partial file was left"
            ) from exc
    return written
