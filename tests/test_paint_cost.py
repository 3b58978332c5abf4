"""What the browser is sent: a binned timeline of a few hundred bins is drawn in SVG (WebGL's set-up costs
more than it saves until WEBGL_ABOVE markers), and the statements table sends each statement cut short while
the downloads keep it whole."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from benchmarks.synthetic import synthetic_frame
from components import charts, statements_table
from quoteline.query import Corpus, Filters, select
from quoteline.query import aggregate as agg


def _binned(frame: pd.DataFrame) -> tuple[int, set[str]]:
    corpus = Corpus.from_frame(frame)
    rows = select(corpus, Filters()).dated
    assert len(rows) > agg.MAX_POINTS  # too many statements for one marker each
    figure, mode = charts.timeline_figure(corpus, rows, "leader", "stance")
    assert mode == "binned"
    return sum(len(t["x"]) for t in figure["data"]), {str(t["type"]) for t in figure["data"]}


def test_a_few_hundred_bins_are_drawn_in_svg() -> None:
    frame = synthetic_frame(12_000, seed=11)
    days = np.random.default_rng(2).integers(1, 29, len(frame))
    frame["date"] = [f"2024-02-{d:02d}" for d in days]  # four weeks: a handful of bins per lane
    bins, types = _binned(frame)
    assert bins <= charts.WEBGL_ABOVE
    assert types == {"scatter"}


def test_thousands_of_bins_stay_in_webgl() -> None:
    bins, types = _binned(synthetic_frame(12_000, seed=11))  # five years of weeks
    assert bins > charts.WEBGL_ABOVE
    assert types == {"scattergl"}


def test_a_table_cell_is_cut_and_the_export_frame_keeps_the_whole_statement(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    frame = synthetic_frame(40, seed=3)
    long_text = "The Vorlanian grain talks will resume in Drevnik next week. " * 25
    frame.loc[frame.index[0], "text"] = long_text
    corpus = Corpus.from_frame(frame)
    rows = np.arange(len(corpus))
    sent: list[pd.DataFrame] = []
    monkeypatch.setattr(statements_table.st, "dataframe", lambda table, **_: sent.append(table))
    monkeypatch.setattr(statements_table.store_data, "corrected_ids", frozenset)
    statements_table.render(corpus, rows, key="table")
    cells = [str(c) for c in sent[0]["text"]]
    assert max(len(c) for c in cells) <= statements_table.TEXT_CHARS
    cut = [c for c in cells if c.startswith("The Vorlanian grain talks")]
    assert len(cut) == 1
    assert cut[0].endswith("…")
    whole = set(statements_table.frame_of(corpus, rows)["text"])  # what the downloads are built on
    assert long_text in whole
