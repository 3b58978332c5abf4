"""The dashboard on a store of real articles, in Chromium: the Leader timelines page paints its chart, the
lens draws the busiest speakers rather than one lane per speaker, the notice names the real outlets instead
of claiming the fictional sample, and a filter change redraws the chart. No timing is asserted here
(``benchmarks/browser_speed.py`` measures that).

The store is built once per session by ``python -m quoteline ingest`` from a fixed slice of
``../shared/corpus/real`` (the first ``SLICE`` records of each file), to keep the ingest short. Skips, saying
so, only when ``../shared`` is not beside the project, and never under CI.
"""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import Page, expect

from components.charts import LABEL_CHARS
from quoteline.query import speakers
from quoteline.query.lens import DEFAULT_TOP
from quoteline.query.load import load_corpus
from quoteline.query.text import plain_label
from quoteline.schema import S
from quoteline.store import Store

from .conftest import launch_server
from .harness import ROOT, Server, open_option, wait_for_app

LOGGER = logging.getLogger(__name__)
REAL = ROOT.parent / "shared" / "corpus" / "real"
SLICE = 150  # records per source file: ~600 articles, ~3,500 statements by ~700 speakers
FILTERED_TYPE = "institution"
TIMELINE = "[data-testid='stPlotlyChart'] .js-plotly-plot"

REAL_PRESENT = REAL.is_dir() and any(REAL.glob("*.jsonl"))
if not REAL_PRESENT and os.environ.get("CI"):
    # CI always has ../shared beside the checkout: a missing corpus there is a broken CI, not a skip.
    raise RuntimeError(
        f"CI is set but {REAL} (real articles, JSONL) is missing: the real-corpus test cannot run"
    )

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not REAL_PRESENT, reason=f"{REAL} (../shared/corpus/real) is not next to the project"),
]

# True once the chart is painted: Plotly has laid out data with points, its SVG is on screen, and the markers
# are drawn (SVG points, or the WebGL canvas Plotly uses for many points).
PAINTED_JS = """(plot) => {
  const box = plot.getBoundingClientRect();
  if (!plot._fullData || box.width < 100 || box.height < 100) return false;
  if (!plot.querySelector('.main-svg')) return false;
  const points = plot._fullData.reduce((n, t) => n + ((t.x && t.x.length) || 0), 0);
  if (!points) return false;
  const svgPoints = plot.querySelectorAll('.scatterlayer path.point').length;
  const canvas = plot.querySelector('canvas.gl-canvas-context');
  return svgPoints > 0 || !!(canvas && canvas.width > 0 && canvas.height > 0);
}"""
TICKS_JS = "(plot) => Array.from(plot.layout.yaxis.ticktext)"
REDRAWN_JS = """([selector, old]) => {
  const plot = document.querySelector(selector);
  const ticks = plot && plot.layout && plot.layout.yaxis && plot.layout.yaxis.ticktext;
  return !!ticks && JSON.stringify(Array.from(ticks)) !== JSON.stringify(old);
}"""


def _slice(target: Path) -> int:
    """The first ``SLICE`` records of each real JSONL file, copied to ``target``; returns how many."""
    copied = 0
    for source in sorted(REAL.glob("*.jsonl")):
        with source.open(encoding="utf-8") as lines:
            head = [line for _, line in zip(range(SLICE), lines, strict=False)]
        (target / source.name).write_text("".join(head), encoding="utf-8")
        copied += len(head)
    return copied


@pytest.fixture(scope="session")
def real_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of real articles built by the real CLI, in a temporary folder."""
    articles = tmp_path_factory.mktemp("real-slice")
    copied = _slice(articles)
    store_dir = tmp_path_factory.mktemp("real-store")
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "quoteline", "ingest", str(articles), "--store", str(store_dir)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(f"ingesting the real-corpus slice failed ({result.returncode}):\n{result.stderr[-3000:]}")
    LOGGER.info("ingested %d real articles in %.1f s", copied, time.perf_counter() - started)
    return store_dir


@pytest.fixture(scope="module")
def real_server(real_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The real server over the real-corpus store."""
    with launch_server(real_store, tmp_path_factory.mktemp("real-log")) as running:
        yield running


def dated_counts(store_dir: Path) -> pd.Series:
    """Dated statements per speaker in the store, busiest first."""
    frame = Store(store_dir).statements()
    return frame[frame[S.date].notna()][S.speaker].value_counts()


def painted_lanes(page: Page) -> list[str]:
    """Wait for the first timeline to be painted; return its lane labels (one y tick per lane)."""
    plot = page.locator(TIMELINE).first
    expect(plot).to_be_visible()
    plot.evaluate("(p) => p.scrollIntoView({block: 'center'})")
    page.wait_for_function(PAINTED_JS, arg=plot.element_handle(), polling=100)
    return [str(label) for label in plot.evaluate(TICKS_JS)]


def pick_option(page: Page, box: str, option: str) -> None:
    """Choose one option of a sidebar multiselect, e.g. "institution (209)" in "Speaker type"."""
    wanted = open_option(page, box, option)
    wanted.click()
    page.keyboard.press("Escape")
    wait_for_app(page)


def test_real_store_paints_the_busiest_speakers(real_server: Server, page: Page) -> None:
    counts = dated_counts(real_server.store_dir)
    assert len(counts) > 3 * DEFAULT_TOP, "the slice should hold far more speakers than the lens draws"
    page.goto(real_server.url)
    wait_for_app(page)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.get_by_role("heading", name="Leader timelines")).to_be_visible()
    lanes = painted_lanes(page)

    # The lens: DEFAULT_TOP lanes, and they are the busiest (no speaker left out has more statements).
    assert len(lanes) == DEFAULT_TOP
    by_label = {plain_label(name, LABEL_CHARS): int(n) for name, n in counts.items()}
    assert set(lanes) <= set(by_label), set(lanes) - set(by_label)
    left_out = [n for label, n in by_label.items() if label not in set(lanes)]
    assert min(by_label[label] for label in lanes) >= max(left_out)
    caption = re.compile(rf"Drawing the {DEFAULT_TOP} busiest of {len(counts):,} speakers")
    expect(page.get_by_text(caption)).to_be_visible()

    # The notice names the real outlets; the fictional-sample warning is not shown.
    expect(page.get_by_text("Fictional sample data")).to_have_count(0)
    expect(page.locator(".ql-holdings")).to_contain_text("The White House")


def test_a_filter_change_redraws_the_chart(real_server: Server, page: Page) -> None:
    page.goto(real_server.url)
    wait_for_app(page)
    before = painted_lanes(page)
    pick_option(page, "Speaker type", FILTERED_TYPE)
    # The chart is redrawn (in place or as a new element) with other lanes.
    page.wait_for_function(REDRAWN_JS, arg=[TIMELINE, before], polling=100)
    after = painted_lanes(page)
    assert after
    assert after != before
    assert "stype=" + FILTERED_TYPE in page.url
    # Every lane drawn now is a speaker with statements of that type (as the dashboard types speakers).
    corpus = load_corpus(Store(real_server.store_dir))
    of_type = speakers.row_types(corpus) == speakers.SPEAKER_TYPES.index(FILTERED_TYPE)
    names = corpus.frame[S.speaker].to_numpy()[of_type]
    typed = {plain_label(name, LABEL_CHARS) for name in names}
    assert set(after) <= typed, set(after) - typed
