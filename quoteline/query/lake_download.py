"""The Statements table's downloads read from the lake: the table's rows, in its order, joined in DuckDB.

The dashboard orders the selection in memory (``quoteline.query.order.table_order``, what the table pages
through), so a download is told *which* rows and in *what order* as the ordered statement ids, and the lake
supplies everything else: the display columns, the span, the evidence columns and the article fields a
citation needs, in one query over one commit (``quoteline.query.lake``), as ``quoteline export`` reads.
The ids go to DuckDB as a table with each row's position, the statements are joined to it and the result is
ordered by that position, so the file holds the table's rows in the table's order by construction, for every
filter state (a search through the index or a speaker's country included): SQL never decides which rows.
Where the filters have a SQL form (``lake_pages.filters_condition``) it is added to the scan, and the rows'
``year``/``month`` partitions always are, so DuckDB opens only the files and row groups that can hold them.

Both ways of making a download (this one, and the in-memory frames of a corpus without a commit to read)
yield Arrow record batches of ``DOWNLOAD_SCHEMA``, written by the one CSV writer (the formula guard of
``quoteline.export``, applied in Arrow as ``quoteline export`` does: ``lake_export.csv_batch``) and the one
JSON writer below, so the two give the same bytes (``tests/test_lake_download.py``).
"""

from __future__ import annotations

import itertools
import json
import logging
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import numpy as np
import pyarrow as pa
import pyarrow.csv as pcsv

from quoteline.export import ARTICLE_FIELDS
from quoteline.query.corpus import NO_OUTLET
from quoteline.query.lake import Lake, quote
from quoteline.query.lake_export import csv_batch
from quoteline.query.lake_rows import prune_condition
from quoteline.query.table_pages import TABLE_COLUMNS
from quoteline.schema import EVIDENCE_COLUMNS, A, S
from quoteline.store.overlay import CORRECTED
from quoteline.store.tables import ARTICLES_SCHEMA, STATEMENTS_SCHEMA

LOGGER = logging.getLogger(__name__)

# What a downloaded row holds, in order: the table's columns and whether a correction changed the row; then
# what a citation needs: the span and the article id, the cue's offsets and the evidence columns, and the
# article's title, link and publication date.
DOWNLOAD_COLUMNS: Final = (
    *TABLE_COLUMNS,
    CORRECTED,
    S.start,
    S.end,
    S.article_id,
    S.cue_start,
    S.cue_end,
    *EVIDENCE_COLUMNS,
    *ARTICLE_FIELDS,
)


def _field(name: str) -> pa.Field:
    if name == S.n_sources:
        return pa.field(name, pa.int64())
    if name == CORRECTED:
        return pa.field(name, pa.bool_())
    if name in ARTICLE_FIELDS:
        return pa.field(name, ARTICLES_SCHEMA.field(ARTICLE_FIELDS[name]).type)
    return pa.field(name, STATEMENTS_SCHEMA.field(name).type)


DOWNLOAD_SCHEMA: Final = pa.schema([_field(c) for c in DOWNLOAD_COLUMNS])
BOM: Final = "\ufeff".encode()
# Rows per record batch read from the lake: a batch is one part of the file sent (about 7 MB of CSV at the
# synthetic stores' statement lengths).
LAKE_BATCH_ROWS: Final = 20_000
# Rows a download in date order reads a query at a time (``lake_batches``): at 1M synthetic statements a
# whole-store download in slices of 100,000 peaked 267 MB above the server's memory before it, in one query
# 824 MB (docs/scale_history.md, session 19).
SLICE_ROWS: Final = 50_000
# DuckDB's memory for a download in another order (one query sorts every row): past it, the sort spills.
MEMORY_LIMIT: Final = "256MB"
_NAMES = itertools.count()


class DownloadMismatch(RuntimeError):
    """The lake returned a different number of rows than the table's selection holds (a statement id
    stored twice, or a condition that dropped a selected row): the file would not be the table's rows."""


def download_query(wanted: str, prune: str, where: str) -> str:
    """The SQL of a download: the statements whose ids are in the table ``wanted`` (``pos``,
    ``statement_id``, ``n_sources``), within the partition condition ``prune`` and the filters' condition
    ``where`` (its parameters follow the outlet label's), with their articles' fields, in ``pos`` order."""
    picked = []
    for column in DOWNLOAD_COLUMNS:
        if column == S.n_sources:
            picked.append(f"w.{quote(column)}")  # the corpus' count (``Corpus.col``), as the table shows it
        elif column == S.outlet:
            # The corpus names a statement of no known outlet NO_OUTLET, and so does the table.
            picked.append(f"coalesce(s.{quote(column)}, ?) AS {quote(column)}")
        elif column in (S.topics, S.counterparts):
            # Each tag once, in stored order, as the corpus keeps a row's tags (``corpus._explode``).
            tags = f"s.{quote(column)}"
            picked.append(
                f"list_filter(coalesce({tags}, []::VARCHAR[]), lambda x, i: x IS NOT NULL "
                f"AND list_position({tags}, x) = i) AS {quote(column)}"
            )
        elif column in ARTICLE_FIELDS:
            picked.append(f"a.{quote(ARTICLE_FIELDS[column])} AS {quote(column)}")
        else:
            picked.append(f"s.{quote(column)}")
    fields = ", ".join(quote(c) for c in (A.article_id, *ARTICLE_FIELDS.values()))
    return f"""SELECT {", ".join(picked)}
        FROM {wanted} w
        JOIN (SELECT * FROM statements WHERE {prune} AND ({where})) s
            ON s.{S.statement_id} = w.{S.statement_id}
        LEFT JOIN (SELECT {fields} FROM articles) a ON a.{A.article_id} = s.{S.article_id}
        ORDER BY w.pos"""


@dataclass(frozen=True)
class Wanted:
    """The rows of a download, in its order: their statement ids, each one's ``n_sources`` (the corpus'
    count), and its stored date as a code into ``date_labels`` (-1: undated), whose partitions prune the
    lake's scan."""

    ids: pa.Array
    n_sources: np.ndarray
    date_codes: np.ndarray
    date_labels: Sequence[str]

    def __post_init__(self) -> None:
        if not len(self.ids) == len(self.n_sources) == len(self.date_codes):
            raise ValueError(
                f"{len(self.ids)} ids, {len(self.n_sources)} source counts and {len(self.date_codes)} dates"
            )

    def dates(self, start: int, stop: int) -> list[str | None]:
        """The distinct dates of rows ``start`` to ``stop`` (None for undated)."""
        codes = np.unique(self.date_codes[start:stop])
        return [None if c < 0 else self.date_labels[c] for c in codes]


def lake_batches(
    lake: Lake,
    wanted: Wanted,
    condition: tuple[str, Sequence[Any]] | None = None,
    *,
    by_date: bool = False,
    rows: int = LAKE_BATCH_ROWS,
    slice_rows: int | None = None,
) -> Iterator[pa.RecordBatch]:
    """The download's rows (``wanted``, in its order) as batches of ``DOWNLOAD_SCHEMA``. ``condition``: the
    filters as SQL and its parameters, when they have that form (a condition every one of the rows meets).

    ``by_date`` (the rows are in date order, either way): they are read ``slice_rows`` (default
    ``SLICE_ROWS``) at a time, each
    slice's query pruned to its own months, so memory holds a slice whatever the download's size and the
    lake is read about once. In any other order a slice's rows come from every month, so one query sorts
    them all, within ``MEMORY_LIMIT`` (DuckDB spills the rest to a temporary folder). Raises
    DownloadMismatch, after the last batch, when the lake held a different number of rows than wanted."""
    total = len(wanted.ids)
    step = (slice_rows or SLICE_ROWS) if by_date else max(total, 1)
    if not by_date:
        lake.con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
        lake.con.execute(f"SET temp_directory = '{_spill_folder()}'")
    written = 0
    for start in range(0, max(total, 1), step):
        stop = min(start + step, total)
        for batch in _slice(lake, wanted, start, stop, condition, rows):
            written += batch.num_rows
            yield batch
    if written != total:
        LOGGER.error("a download of %d statements read %d rows from the lake", total, written)
        raise DownloadMismatch(f"the lake returned {written:,} rows for {total:,} selected statements")


def _spill_folder() -> str:
    folder = Path(tempfile.gettempdir()) / "quoteline-duckdb"
    folder.mkdir(exist_ok=True)
    return str(folder).replace("'", "''")


def _slice(
    lake: Lake,
    wanted: Wanted,
    start: int,
    stop: int,
    condition: tuple[str, Sequence[Any]] | None,
    rows: int,
) -> Iterator[pa.RecordBatch]:
    """Rows ``start`` to ``stop`` of ``wanted``, read from the lake in their order."""
    name = f"download_ids_{next(_NAMES)}"
    # Positions and counts as int32 (a corpus holds at most 2**31 rows): at 10M ids the table is mostly
    # the ids' 16 characters.
    table = pa.table(
        {
            "pos": pa.array(np.arange(start, stop, dtype=np.int32)),
            S.statement_id: wanted.ids.slice(start, stop - start).cast(pa.string()),
            S.n_sources: pa.array(np.asarray(wanted.n_sources[start:stop], dtype=np.int32)),
        }
    )
    where, params = condition if condition is not None else ("true", [])
    sql = download_query(name, prune_condition(wanted.dates(start, stop)), where)
    lake.con.register(name, table)
    try:
        for batch in lake.batches(sql, [NO_OUTLET, *params], rows):
            yield batch.cast(DOWNLOAD_SCHEMA)
    finally:
        lake.con.unregister(name)


def csv_parts(batches: Iterable[pa.RecordBatch]) -> Iterator[bytes]:
    """UTF-8 CSV of the batches (with a BOM, so spreadsheets pick the encoding; CRLF line ends), a part per
    batch: lists joined with "; ", the speaker chain as one line, every text cell that a spreadsheet would
    run as a formula given a leading apostrophe (``lake_export.csv_batch``). No rows: the header alone."""
    header = True
    for batch in batches:
        out = pa.BufferOutputStream()
        if header:
            out.write(BOM)
        options = pcsv.WriteOptions(include_header=header, eol="\r\n", quoting_header="none")
        pcsv.write_csv(csv_batch(batch), out, write_options=options)
        header = False
        yield out.getvalue().to_pybytes()
    if header:
        yield BOM + (",".join(DOWNLOAD_SCHEMA.names) + "\r\n").encode("utf-8")


def json_parts(batches: Iterable[pa.RecordBatch]) -> Iterator[bytes]:
    """A JSON array of the rows, one object a line (lists as arrays, missing values null), a part per
    batch."""
    yield b"["
    sep = "\n"
    for batch in batches:
        lines = []
        for record in batch.to_pylist():
            lines.append(sep + json.dumps(record, ensure_ascii=False))
            sep = ",\n"
        yield "".join(lines).encode("utf-8")
    yield b"]" if sep == "\n" else b"\n]"
