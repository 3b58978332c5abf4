"""CSV and JSON downloads of the filtered statements (CSV cells that start a formula are neutralised).

A file is made ``CHUNK_ROWS`` statements at a time: each chunk's rows are read, joined with their evidence
and article, written and dropped, so the whole selection is never held as a frame. Served by
``components.serve`` (``make run``), the buttons are links to the server's download route
(``components.download_route``), which sends each chunk to the browser as it is made: the file streams to
the browser's disk and the server never holds it. Under a bare ``streamlit run app.py`` there is no such
route, and Streamlit's own download button is used: it takes the file as bytes, so the finished file is
held in memory once. See docs/DASHBOARD.md, "Statements table pages".
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from html import escape
from typing import Any, Final

import numpy as np
import pandas as pd
import streamlit as st

from components import data as store_data
from components import download_route, statements_table
from quoteline import export
from quoteline.query.corpus import Corpus
from quoteline.query.state import ViewState
from quoteline.schema import S

# Beyond the table's columns: what a citation needs (the span in the article, and the article itself); the
# cue's offsets, the evidence columns and the article's title, URL and date are joined in after.
_CITATION_COLUMNS = (S.start, S.end, S.article_id)
# Rows per chunk of a download: on the real corpus (28,851 statements) building the 28 MB CSV in one piece
# peaked at 231 MB of Python memory, in chunks of 20,000 rows at 165 MB, of 5,000 at 67 MB (CPU +10%).
CHUNK_ROWS: Final = 5_000
PART_BYTES: Final = 1 << 20
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


def _chunks(data: Corpus, rows: np.ndarray, chunk_rows: int) -> Iterator[pd.DataFrame]:
    """The export frames of ``rows``, ``chunk_rows`` at a time, in order (one empty frame for no rows)."""
    # Looked up once per file: a commit made while a long download streams must not change the version
    # the later chunks are joined with (nor rebuild the whole evidence index mid-stream).
    evidence, articles = store_data.evidence_index(), store_data.article_index()
    for start in range(0, max(len(rows), 1), chunk_rows):
        yield _export_frame(data, rows[start : start + chunk_rows], evidence, articles)


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    table = frame.astype(object)
    return table.where(table.notna(), None).to_dict(orient="records")  # type: ignore[return-value]


def _joined(parts: Iterator[bytes]) -> bytes:
    """The parts as one file, each appended as it is made (``b"".join`` would hold every part and the
    whole at once: twice the file)."""
    out = io.BytesIO()
    for part in parts:
        out.write(part)
    return out.getvalue()


def csv_parts(data: Corpus, rows: np.ndarray, chunk_rows: int = CHUNK_ROWS) -> Iterator[bytes]:
    """The rows as CSV through the export module's formula-injection guard, a part per chunk of rows."""
    return export.csv_parts(_chunks(data, rows, chunk_rows))


def json_parts(data: Corpus, rows: np.ndarray, chunk_rows: int = CHUNK_ROWS) -> Iterator[bytes]:
    """The rows as a JSON array of objects (lists stay lists, NaN is written null), in parts of at least
    ``PART_BYTES``: the route sends each part from a worker thread, and a part per record would be a
    thread hop per statement."""
    parts = export.json_array_parts(_records(f) for f in _chunks(data, rows, chunk_rows))
    held: list[bytes] = []
    size = 0
    for part in parts:
        held.append(part)
        size += len(part)
        if size >= PART_BYTES:
            yield b"".join(held)
            held, size = [], 0
    if held:
        yield b"".join(held)


def csv_bytes(data: Corpus, rows: np.ndarray, chunk_rows: int = CHUNK_ROWS) -> bytes:
    """``csv_parts`` as one file (Streamlit's own download button, and tests)."""
    return _joined(csv_parts(data, rows, chunk_rows))


def json_bytes(data: Corpus, rows: np.ndarray, chunk_rows: int = CHUNK_ROWS) -> bytes:
    """``json_parts`` as one file (Streamlit's own download button, and tests)."""
    return _joined(json_parts(data, rows, chunk_rows))


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
        data=lambda: csv_bytes(data, rows),
        file_name=download_route.file_name("csv"),
        mime="text/csv",
        key="download_csv",
        on_click="ignore",
    )
    right.download_button(
        "Download JSON",
        data=lambda: json_bytes(data, rows),
        file_name=download_route.file_name("json"),
        mime="application/json",
        key="download_json",
        on_click="ignore",
    )
