"""Plotly's bundle requested early: the installed Streamlit's chunk is found and imported by its own name."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st

from components import preload


def test_the_installed_streamlit_has_one_plotly_chunk_beside_its_entry_script() -> None:
    chunk = preload.plotly_chunk()
    assert chunk is not None
    folder = Path(st.__file__).parent / "static" / "static" / "js"
    assert (folder / chunk).is_file()
    assert any(folder.glob("index.*.js"))  # the entry script the import is resolved against


def test_the_script_imports_the_chunk_once_relative_to_streamlits_entry() -> None:
    html = preload.script("PlotlyChart.Abc123.js")
    assert 'import(new URL("./PlotlyChart.Abc123.js", entry.src).href)' in html
    assert "window.__quotelinePlotlyEarly" in html  # a second run of the page imports nothing


def test_without_a_chunk_the_page_draws_nothing_and_says_why(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(st, "__file__", str(tmp_path / "streamlit" / "__init__.py"))
    preload.plotly_chunk.cache_clear()
    try:
        assert preload.plotly_chunk() is None
    finally:
        monkeypatch.undo()
        preload.plotly_chunk.cache_clear()
    assert "Plotly loads when the first chart arrives" in caplog.text
