"""CSV and JSON downloads of the filtered statements (CSV cells that start a formula are neutralised).

A download is the table's rows in the table's order (``quoteline.query.order.table_order``). Its columns
come from the lake of the commit the corpus was loaded from (``quoteline.query.lake_download``: the ordered
ids registered in DuckDB and joined there with the statements, the evidence and the articles, read in
batches and written by Arrow), so the server holds a batch, never the file, nor the store's evidence and
article fields. A corpus with no such commit (built from a frame, or one a later commit has replaced on
disk) builds the same batches from memory, ``CHUNK_ROWS`` statements at a time; both go through the one
writer and give the same bytes. Served by ``components.serve`` (``make run``), the buttons are links to the
server's download route (``components.download_route``), which sends each part to the browser as it is
made. Under a bare ``streamlit run app.py`` there is no such route, and Streamlit's own download button is
used: it takes the file as bytes, so the finished file is held in memory once. See docs/DASHBOARD.md,
"Statements table pages".
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from html import escape
from typing import Final

import numpy as np
import pandas as pd
import pyarrow as pa
import streamlit as st

from components import data as store_data
from components import download_route, statements_table
from quoteline import export
from quoteline.query.corpus import Corpus
from quoteline.query.filters import Filters
from quoteline.query.state import ViewState
from quoteline.schema import S
from quoteline.store import Store
from quoteline.store.manifest import Manifest

LOGGER = logging.getLogger(__name__)

# Beyond the table's columns: what a citation needs (the span in the article, and the article itself); the
# cue's offsets, the evidence columns and the article's title, URL and date are joined in after.
_CITATION_COLUMNS = (S.start, S.end, S.article_id)
# Rows per chunk of a download: on the real corpus (28,851 statements) building the 28 MB CSV in one piece
# peaked at 231 MB of Python memory, in chunks of 20,000 rows at 165 MB, of 5,000 at 67 MB (CPU +10%).
CHUNK_ROWS: Final = 5_000
# The download links drawn as buttons, like Streamlit's own beside them.
_LINK_CSS: Final = (
    "<style>a.ql-download{display:inline-block;margin-right:0.6rem;padding:0.35rem 0.8rem;"
    "border:1px solid rgba(49,51,63,0.2);border-radius:0.5rem;text-decoration:none;color:inherit}</style>"
)


def _export_frame(
    data: Corpus, rows: np.ndarray, evidence: pd.DataFrame, articles: pd.DataFrame
) -> pd.DataFrame:
    table = statements_table.frame_of(data, rows)
    table[S.date] = data.date_text(rows).to_numpy()  # the stored ISO text, not a timestamp
    extra = data.take(rows, list(_CITATION_COLUMNS))
    for col in _CITATION_COLUMNS:
        table[col] = extra[col].to_numpy()
    table = export.joined(table, evidence)
    return export.joined(table, articles)


def _as_batch(frame: pd.DataFrame) -> pa.RecordBatch:
    """An export frame as a record batch of the lake's download schema (what the one writer takes)."""
    from quoteline.query.lake_download import DOWNLOAD_SCHEMA

    arrays = []
    for field in DOWNLOAD_SCHEMA:
        values = frame[field.name]
        if isinstance(values.dtype, pd.CategoricalDtype):
            values = values.astype(object)
        arrays.append(pa.array(values, type=field.type, from_pandas=True))
    return pa.RecordBatch.from_arrays(arrays, schema=DOWNLOAD_SCHEMA)


def _memory_batches(data: Corpus, rows: np.ndarray, chunk_rows: int) -> Iterator[pa.RecordBatch]:
    """The download built from the corpus, ``chunk_rows`` rows at a time, for a corpus with no commit of
    the store to read (one built from a frame, or one a newer commit has replaced on disk)."""
    # Looked up once per file: a commit made while a long download streams must not change the version
    # the later chunks are joined with (nor rebuild the whole evidence index mid-stream).
    evidence, articles = store_data.evidence_index(), store_data.article_index()
    for start in range(0, len(rows), chunk_rows):
        yield _as_batch(_export_frame(data, rows[start : start + chunk_rows], evidence, articles))


def _pinned(data: Corpus) -> tuple[Store, Manifest] | None:
    """The store and the commit ``data`` was loaded from, when the lake can still read it."""
    if not len(data) or data.version in ("", "empty"):
        return None
    current = store_data.store()
    manifest = getattr(data.rows_from, "manifest", None) or current.manifest()
    if manifest is None or manifest.version != data.version:
        LOGGER.info("a download of version %s is made from memory: the store is at another", data.version)
        return None
    return current, manifest


def _lake_batches(
    pinned: tuple[Store, Manifest],
    data: Corpus,
    rows: np.ndarray,
    filters: Filters | None,
    batch_rows: int | None,
    by_date: bool,
) -> Iterator[pa.RecordBatch]:
    """The download read from the lake of the corpus' commit (``quoteline.query.lake_download``)."""
    from quoteline.query import lake_download
    from quoteline.query.lake import open_lake
    from quoteline.query.lake_pages import filters_condition

    ordered = np.asarray(rows, dtype=np.int64)
    dates = data.frame[S.date].array
    assert isinstance(dates, pd.Categorical)
    wanted = lake_download.Wanted(
        ids=data.id_array(ordered),
        n_sources=data.col(S.n_sources).to_numpy()[ordered],
        date_codes=np.asarray(dates.codes)[ordered],
        date_labels=[str(c) for c in dates.categories],
    )
    condition = None if filters is None else filters_condition(filters)
    store, manifest = pinned
    with open_lake(store, manifest) as lake:
        yield from lake_download.lake_batches(
            lake,
            wanted,
            condition,
            by_date=by_date,
            rows=batch_rows or lake_download.LAKE_BATCH_ROWS,
        )


def batches(
    data: Corpus,
    rows: np.ndarray,
    chunk_rows: int | None = None,
    filters: Filters | None = None,
    sort: str = "",
) -> Iterator[pa.RecordBatch]:
    """The download of ``rows`` (in that order) as record batches: from the lake of the corpus' commit
    when it has one, else from memory. ``filters``: those that selected the rows, whose SQL form (when
    they have one) narrows the lake's scan; ``sort``: the table's sort key ("date": the lake is read a
    slice of months at a time)."""
    pinned = _pinned(data)
    if pinned is not None:
        return _lake_batches(pinned, data, rows, filters, chunk_rows, sort == "date")
    return _memory_batches(data, np.asarray(rows), chunk_rows or CHUNK_ROWS)


def _joined(parts: Iterator[bytes]) -> bytes:
    """The parts as one file, each appended as it is made (``b"".join`` would hold every part and the
    whole at once: twice the file)."""
    out = io.BytesIO()
    for part in parts:
        out.write(part)
    return out.getvalue()


def csv_parts(
    data: Corpus,
    rows: np.ndarray,
    chunk_rows: int | None = None,
    filters: Filters | None = None,
    sort: str = "",
) -> Iterator[bytes]:
    """The rows as CSV, formula cells guarded, a part per batch of rows (``lake_download.csv_parts``)."""
    from quoteline.query import lake_download

    return lake_download.csv_parts(batches(data, rows, chunk_rows, filters, sort))


def json_parts(
    data: Corpus,
    rows: np.ndarray,
    chunk_rows: int | None = None,
    filters: Filters | None = None,
    sort: str = "",
) -> Iterator[bytes]:
    """The rows as a JSON array of objects, one a line (lists stay lists, missing values are null)."""
    from quoteline.query import lake_download

    return lake_download.json_parts(batches(data, rows, chunk_rows, filters, sort))


def csv_bytes(data: Corpus, rows: np.ndarray, chunk_rows: int | None = None, sort: str = "") -> bytes:
    """``csv_parts`` as one file (Streamlit's own download button, and tests)."""
    return _joined(csv_parts(data, rows, chunk_rows, sort=sort))


def json_bytes(data: Corpus, rows: np.ndarray, chunk_rows: int | None = None, sort: str = "") -> bytes:
    """``json_parts`` as one file (Streamlit's own download button, and tests)."""
    return _joined(json_parts(data, rows, chunk_rows, sort=sort))


def render(data: Corpus, rows: np.ndarray, view: ViewState) -> None:
    """Two downloads of ``rows`` (the table's selection, in its order): links to the streaming route when
    the server has it (``view`` names the filters and sort it selects again), else Streamlit's buttons,
    whose files are built only when clicked."""
    if download_route.served():
        links = " ".join(
            f"<a class='ql-download' href='{escape(download_route.url(fmt, view))}' "
            f"download='{download_route.file_name(fmt)}'>{label}</a>"
            for fmt, label in (("csv", "Download CSV"), ("json", "Download JSON"))
        )
        st.html(f"{_LINK_CSS}<p>{links}</p>")
        return
    left, right = st.columns(2)
    left.download_button(
        "Download CSV",
        data=lambda: csv_bytes(data, rows, sort=view.sort),
        file_name=download_route.file_name("csv"),
        mime="text/csv",
        key="download_csv",
        on_click="ignore",
    )
    right.download_button(
        "Download JSON",
        data=lambda: json_bytes(data, rows, sort=view.sort),
        file_name=download_route.file_name("json"),
        mime="application/json",
        key="download_json",
        on_click="ignore",
    )
