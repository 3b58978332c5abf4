"""CSV and JSON downloads of the filtered statements (CSV cells that start a formula are neutralised).

A file is built when its button is clicked, ``CHUNK_ROWS`` statements at a time: each chunk's rows are
read, joined with their evidence and article, written and dropped, so the whole selection is never held as
a frame. The finished file is held once in memory: Streamlit's download button takes bytes (a file object
is read whole), so it cannot stream to the browser. See docs/DASHBOARD.md, "Statements table pages".
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any, Final

import numpy as np
import pandas as pd
import streamlit as st

from components import data as store_data
from components import statements_table
from quoteline import export
from quoteline.query.corpus import Corpus
from quoteline.schema import S

# Beyond the table's columns: what a citation needs (the span in the article, and the article itself); the
# cue's offsets, the evidence columns and the article's title, URL and date are joined in after.
_CITATION_COLUMNS = (S.start, S.end, S.article_id)
# Rows per chunk of a download: on the real corpus (28,851 statements) building the 28 MB CSV in one piece
# peaked at 231 MB of Python memory, in chunks of 20,000 rows at 165 MB, of 5,000 at 67 MB (CPU +10%).
CHUNK_ROWS: Final = 5_000


def _export_frame(data: Corpus, rows: np.ndarray) -> pd.DataFrame:
    table = statements_table.frame_of(data, rows)
    table[S.date] = data.date_text(rows).to_numpy()  # the stored ISO text, not a timestamp
    extra = data.take(rows, list(_CITATION_COLUMNS))
    for col in _CITATION_COLUMNS:
        table[col] = extra[col].to_numpy()
    table = export.with_evidence(table, store_data.evidence_fields())
    return export.with_article_fields(table, store_data.article_fields())


def _chunks(data: Corpus, rows: np.ndarray, chunk_rows: int) -> Iterator[pd.DataFrame]:
    """The export frames of ``rows``, ``chunk_rows`` at a time, in order (one empty frame for no rows)."""
    for start in range(0, max(len(rows), 1), chunk_rows):
        yield _export_frame(data, rows[start : start + chunk_rows])


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


def csv_bytes(data: Corpus, rows: np.ndarray, chunk_rows: int = CHUNK_ROWS) -> bytes:
    """The rows as CSV through the export module's formula-injection guard, built a chunk at a time."""
    return _joined(export.csv_parts(_chunks(data, rows, chunk_rows)))


def json_bytes(data: Corpus, rows: np.ndarray, chunk_rows: int = CHUNK_ROWS) -> bytes:
    """The rows as a JSON array of objects (lists stay lists, NaN is written null), a chunk at a time."""
    return _joined(export.json_array_parts(_records(f) for f in _chunks(data, rows, chunk_rows)))


def render(data: Corpus, rows: np.ndarray) -> None:
    """Two download buttons; the files are built only when clicked."""
    left, right = st.columns(2)
    left.download_button(
        "Download CSV",
        data=lambda: csv_bytes(data, rows),
        file_name="quoteline-statements.csv",
        mime="text/csv",
        key="download_csv",
        on_click="ignore",
    )
    right.download_button(
        "Download JSON",
        data=lambda: json_bytes(data, rows),
        file_name="quoteline-statements.json",
        mime="application/json",
        key="download_json",
        on_click="ignore",
    )
