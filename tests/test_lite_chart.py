"""The vendored partial Plotly bundle: pinned, licensed, documented, and served by the dashboard's server."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

from components import lite_chart

ROOT = Path(__file__).resolve().parent.parent


def test_the_vendored_bundle_is_the_pinned_release_with_its_licence() -> None:
    bundle = lite_chart.VENDOR / lite_chart.BUNDLE
    head = bundle.read_text(encoding="utf-8")[:200]
    assert "plotly.js (cartesian - minified) v4.1.1" in head
    assert "MIT" in head
    assert (lite_chart.VENDOR / "LICENSE-plotly.js.txt").read_text(encoding="utf-8").startswith("MIT License")
    digest = base64.b64encode(hashlib.sha384(bundle.read_bytes()).digest()).decode()
    docs = (ROOT / "docs" / "DASHBOARD.md").read_text(encoding="utf-8")
    assert f"sha384-{digest}" in docs  # the file's integrity, as docs/DASHBOARD.md notes it


def test_the_templates_are_streamlits_light_and_dark_themes() -> None:
    light, dark = lite_chart.template("light"), lite_chart.template("dark")
    assert light["layout"]["paper_bgcolor"].lower() == "#ffffff"
    assert dark["layout"]["paper_bgcolor"].lower() != "#ffffff"
    assert light["layout"]["font"]["family"]
    assert dark["layout"]["font"]["family"]
