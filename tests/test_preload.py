"""The partial Plotly bundle requested early: each page with Plotly charts (Leader, Topic, Compare) asks for
it from its script's first element, by the URL the chart's own code would load; other pages do not."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from benchmarks.synthetic import write_store
from components import lite_chart

ROOT = Path(__file__).resolve().parent.parent


def _preloads(at: AppTest) -> list[str]:
    bodies = [str(el.proto.body) for el in at.sidebar.get("html")]
    return [b for b in bodies if "window.__qlPlotly" in b]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_store(tmp_path_factory.mktemp("preload") / "store", 600)


@pytest.mark.parametrize(
    ("page", "asked"), [("timeline", True), ("topics", True), ("compare", True), ("table", False)]
)
def test_pages_with_plotly_charts_ask_for_the_partial_bundle_first(
    store: Path, monkeypatch: pytest.MonkeyPatch, page: str, asked: bool
) -> None:
    monkeypatch.setenv("QUOTELINE_STORE_DIR", str(store))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params = {"page": page}
    at.run()
    assert not at.exception
    preloads = _preloads(at)
    if not asked:
        assert preloads == []
        return
    [html] = preloads
    assert f'"../../{lite_chart.ASSET_ROUTE}/{lite_chart.BUNDLE}"' in html
    assert "if (window.__qlPlotly) return;" in html  # a second run of the page loads nothing again
    assert not at.get("plotly_chart")  # no chart asks for Streamlit's whole bundle on this small store
