"""CSV and JSON downloads of the filtered statements (CSV cells that start a formula are neutralised)."""

from __future__ import annotations

import json

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


def _export_frame(data: Corpus, rows: np.ndarray) -> pd.DataFrame:
    table = statements_table.frame_of(data, rows)
    table[S.date] = data.frame[S.date].iloc[rows].to_numpy()  # the stored ISO text, not a timestamp
    extra = data.take(rows, list(_CITATION_COLUMNS))
    for col in _CITATION_COLUMNS:
        table[col] = extra[col].to_numpy()
    table = export.with_evidence(table, store_data.evidence_fields())
    return export.with_article_fields(table, store_data.article_fields())


def csv_bytes(data: Corpus, rows: np.ndarray) -> bytes:
    """The rows as CSV through the export module's formula-injection guard."""
    return export.csv_bytes(_export_frame(data, rows))


def json_bytes(data: Corpus, rows: np.ndarray) -> bytes:
    """The rows as a JSON array of objects (lists stay lists)."""
    table = _export_frame(data, rows).astype(object)
    records = table.where(table.notna(), None).to_dict(orient="records")  # NaN is not JSON: write null
    return json.dumps(records, ensure_ascii=False, default=str, indent=1).encode("utf-8")


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
