"""Chart axes: the date filter sets the span, whole days, one axis per page, heatmap cells drill down."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from benchmarks.synthetic import synthetic_frame
from components import charts, timeline
from quoteline.query import Corpus, Filters, select
from quoteline.query import aggregate as agg
from quoteline.query.axes import date_span, outside
from quoteline.query.filters import day_number
from quoteline.query.text import plain_label, plural


def test_the_span_is_the_filter_where_set_and_the_data_elsewhere() -> None:
    days = np.array([day_number(date(2021, 3, 4)), np.nan, day_number(date(2021, 9, 1))])
    assert date_span(days, None, None) == (date(2021, 3, 4), date(2021, 9, 1))
    assert date_span(days, date(2020, 1, 1), None) == (date(2020, 1, 1), date(2021, 9, 1))
    assert date_span(days, None, date(2022, 6, 30)) == (date(2021, 3, 4), date(2022, 6, 30))
    assert date_span(np.array([np.nan]), None, None) is None
    assert date_span(np.array([]), date(2020, 1, 1), date(2020, 1, 1)) == (date(2020, 1, 1), date(2020, 1, 1))


def test_a_single_day_shows_that_day_not_times() -> None:
    axis = charts.x_axis((date(2024, 3, 5), date(2024, 3, 5)))
    assert axis["range"] == ["2024-03-05 00:00", "2024-03-06 00:00"]
    assert axis["tickformat"] == "%Y-%m-%d"
    assert axis["dtick"] == 86_400_000  # one tick per day, never "23:59:59.999"
    long = charts.x_axis((date(2020, 1, 1), date(2024, 1, 1)))
    assert "dtick" not in long
    assert long["tickformatstops"][0]["value"] == "%Y-%m-%d"  # zoomed in below a day: still dates


def test_the_charts_of_a_page_share_one_time_axis_and_margin() -> None:
    corpus = Corpus.from_frame(synthetic_frame(600, seed=5))
    rows = select(corpus, Filters()).dated
    span = (date(2019, 1, 1), date(2025, 12, 31))
    figure, _ = charts.timeline_figure(corpus, rows, "topic", "stance", span=span)
    heat = charts.heatmap_figure(agg.heatmap(corpus, rows, "leader", "month"), "h", "leader", "month", span)
    volume = charts.volume_figure(agg.volume(corpus, rows, "month"), "month", span)
    layouts = [figure["layout"], heat["layout"], volume["layout"]]
    assert {tuple(layout["xaxis"]["range"]) for layout in layouts} == {
        ("2019-01-01 00:00", "2026-01-01 00:00")
    }
    assert {layout["margin"]["l"] for layout in layouts} == {charts.LABEL_MARGIN}
    assert {layout["margin"]["r"] for layout in layouts} == {10}
    # The bottom margin is sent at the size Plotly's auto-margin settles on under Streamlit's theme, so the
    # browser does not draw each chart a second time after pushing it.
    assert {layout["margin"]["b"] for layout in layouts} == {charts.DATE_AXIS_MARGIN}
    # No axis has its tick labels measured after drawing (a forced page layout per chart in the browser).
    for layout in layouts:
        assert layout["xaxis"]["ticklabeloverflow"] == layout["yaxis"]["ticklabeloverflow"] == "allow"
    # Legends sit above the plot, where they cannot run over the date ticks.
    assert figure["layout"]["legend"]["y"] > 1
    assert volume["layout"]["legend"]["y"] > 1


def test_a_heatmap_cell_carries_its_row_and_period_as_a_click_target() -> None:
    table = pd.DataFrame(
        [[2, 0], [0, 5]],
        index=["Ilse Maarten", "Oskar Lind"],
        columns=pd.DatetimeIndex(["2024-01-01", "2024-02-01"]),
    )
    heat = charts.heatmap_figure(table, "Leaders by month", "leader", "month")
    overlay = heat["data"][1]
    targets = [timeline.parse_bin_target(list(c)) for c in overlay["customdata"]]
    assert targets == [
        ("leader", "Ilse Maarten", "2024-01-01", "2024-01-31"),
        ("leader", "Oskar Lind", "2024-02-01", "2024-02-29"),
    ]
    weekly = pd.DataFrame([[1]], index=["Ilse Maarten"], columns=pd.DatetimeIndex(["2024-01-01"]))
    overlay = charts.heatmap_figure(weekly, "w", "topic", "week")["data"][1]
    assert timeline.parse_bin_target(list(overlay["customdata"][0])) == (
        "topic",
        "Ilse Maarten",
        "2024-01-01",
        "2024-01-07",
    )


def test_a_heatmap_cell_says_what_one_built_per_cell_would() -> None:
    """The labels are escaped and encoded once per row, not per cell: the same text, quotes, markup and
    accents included."""
    names = ['Ana "the Hawk" Vel <b>', "Émile Östberg", "Pol\\Ruiz"]
    table = pd.DataFrame(
        [[1, 0, 3], [0, 2, 0], [4, 0, 1]],
        index=names,
        columns=pd.DatetimeIndex(["2024-01-01", "2024-01-08", "2024-01-15"]),
    )
    overlay = charts.heatmap_figure(table, "t", "topic", "week")["data"][1]
    expected = [
        [
            f"{plain_label(names[r])}<br>from {start}: {plural(int(table.to_numpy()[r, c]), 'statement')}",
            charts.bin_target(
                "topic", names[r], start, str(pd.Timestamp(start).date() + pd.Timedelta(days=6))
            ),
        ]
        for r, c in np.argwhere(table.to_numpy() > 0).tolist()
        for start in [str(pd.Timestamp(table.columns[c]).date())]
    ]
    assert [list(c) for c in overlay["customdata"]] == expected


def test_a_few_stray_early_dates_do_not_squash_the_span() -> None:
    recent = [day_number(date(2020, 1, 1)) + i for i in range(0, 2000, 5)]  # 400 statements, 2020-2025
    stray = [day_number(date(1846, 5, 1))]
    days = np.array(stray + recent, dtype=float)
    first, last = date_span(days, None, None)  # type: ignore[misc]
    assert first.year == 2020
    assert last == date(2025, 6, 18)
    assert outside(days, (first, last)) == 1
    # Asked for explicitly, the early dates are drawn.
    assert date_span(days, date(1800, 1, 1), None)[0] == date(1800, 1, 1)  # type: ignore[index]
    # Spread-out dates are not strays.
    even = np.array([day_number(date(1990 + i, 1, 1)) for i in range(30)], dtype=float)
    assert date_span(even, None, None)[0] == date(1990, 1, 1)  # type: ignore[index]
