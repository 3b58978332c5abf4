"""Add articles: upload files or paste text, preview the extracted statements, then add them to the store."""

from __future__ import annotations

import streamlit as st


def render() -> None:
    """The upload and paste forms."""
    st.info("Uploading is being wired to the ingest pipeline.")
