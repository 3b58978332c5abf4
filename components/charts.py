"""Plotly figures for the dashboard, built as plain dicts from query results (no Streamlit here).

Every label that comes from article text (quotes, speakers, outlets, topics) is escaped before it reaches
Plotly, whose labels accept a subset of HTML. Arrays go in as numpy arrays, which Plotly validates and
serialises in bulk. Past a few thousand markers the trace switches to WebGL; past ``MAX_POINTS`` it bins.
"""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from plotly.colors import make_colorscale, sequential

from quoteline.query import aggregate as agg
from quoteline.query import palette
from quoteline.query.corpus import Corpus
from quoteline.query.shift_marks import TRACE_NAME, ShiftMark
from quoteline.query.text import escape, escape_array, plain_label, plural, shorten, shorten_array
from quoteline.schema import STANCE_LABELS, S

Figure = dict[str, Any]
WEBGL_ABOVE = 1_500  # SVG draws one element per marker; past this, WebGL keeps panning smooth
# How much of the quote a marker's hover shows. A chart of thousands of markers (past WEBGL_ABOVE, in WebGL or
# in SVG) sends thousands of hover labels, which were most of the figure sent (60 % of the Compare page's
# 844 KB for its 2,786 markers): each is cut to one line of the quote, with the speaker, date and outlet as
# before. A click opens the whole statement.
HOVER_CHARS = {"few": 180, "many": 60}
_BREAK = re.compile(r"(.{60}\S*) ")  # a line break after the word that passes 60 characters
LEGEND_TITLES = {"topic": "Topic", "stance": "Stance", "leader": "Speaker"}


def marker_styles(colour: agg.Colour, labels: list[str]) -> dict[str, tuple[str, str]]:
    """Colour and shape per legend label: fixed per topic and stance, by rank for speakers (busiest first)."""
    if colour == "topic":
        return {label: palette.topic_style(label) for label in labels}
    if colour == "stance":
        return {label: (palette.stance_colour(label), "circle") for label in labels}
    return {name: (hue, "circle") for name, hue in palette.leader_colours(labels).items()}


def legend_order(colour: agg.Colour, labels: list[str]) -> list[str]:
    """Topics and stances alphabetically (stances in the schema's order); speakers as given, busiest first."""
    if colour == "leader":
        return labels
    if colour == "stance":
        return sorted(labels, key=lambda s: list(STANCE_LABELS).index(s) if s in STANCE_LABELS else 99)
    return sorted(labels, key=lambda t: (t.startswith("("), t))


Span = tuple[date, date]
# Every chart of a page keeps the same left margin (lane labels cut to fit), so their time axes line up.
LABEL_MARGIN = 220
# The bottom margin Plotly settles on for our date axis under Streamlit's theme, whose template turns on the
# x axis' automargin: the tick labels and the theme's title standoff need 65 px. A figure sent with less
# (it was 40) is drawn, then pushed to 65 and drawn again whole: Plotly's auto-margin redraw, about a fifth
# of a first draw in the browser. Sent at 65, nothing is pushed and the chart looks as it did.
DATE_AXIS_MARGIN = 65
LABEL_CHARS = 30
_DAY_MS = 86_400_000
# Days are the finest unit a statement has: never label a tick with a time of day.
_NO_TIMES = [{"dtickrange": [None, _DAY_MS], "value": "%Y-%m-%d"}]


# Plotly.py's "Blues", spelt out: its validation expanded the name into these stops, where plotly.js has
# another scale of that name; the figure is no longer validated on each run (``components.figure_json``).
BLUES: list[list[Any]] = make_colorscale(sequential.Blues)


# Plotly's own zoom and pan happen in the browser and are never reported, so a link could not carry them:
# the axes are fixed, and a drag across a timeline sets the zoom window that the link keeps.
FIXED_VIEW_BUTTONS = ["zoom2d", "zoomIn2d", "zoomOut2d", "autoScale2d", "resetScale2d", "lasso2d"]
# A WebGL chart's canvases are drawn at ``plotGlPixelRatio`` times the chart's size: Plotly's default of 2
# renders four times the pixels in each of its two WebGL contexts. Without a GPU the browser renders WebGL in
# software, and on the Compare page (2,782 markers) that cost Chromium's processes about 0.5 s of CPU more at
# a redraw (a filter change, a revisit; docs/DASHBOARD.md, "WebGL at the screen's resolution"). At 1 the
# markers are drawn at the layout's resolution: as sharp as an SVG chart on a standard screen, slightly soft
# on a high-density one. SVG charts, axes and labels do not use it.
CONFIG: dict[str, Any] = {
    "displaylogo": False,
    "modeBarButtonsToRemove": FIXED_VIEW_BUTTONS,
    "plotGlPixelRatio": 1,
}


# Plotly's default for a date or numeric axis ("hide past div") measures every tick label's box after drawing
# it, to hide any that would run past the chart's edge: a forced page layout per chart, about 0.3 s of the
# browser's main thread on the Topic timelines page. Our labels never run past it (lane and heatmap labels are
# cut to LABEL_CHARS to fit LABEL_MARGIN; dates fit the width), so every axis draws them as they are.
TICKS_UNMEASURED: dict[str, Any] = {"ticklabeloverflow": "allow"}


def x_axis(span: Span | None) -> dict[str, Any]:
    """A date axis over ``span`` (whole days, half a day of margin each side); a span of two weeks or less
    gets one tick per day. The analyst cannot zoom it in the browser (see ``CONFIG``)."""
    axis: dict[str, Any] = {
        "type": "date",
        "title": {"text": ""},
        "tickformatstops": _NO_TIMES,
        "fixedrange": True,
        **TICKS_UNMEASURED,
    }
    if span is None:
        return axis
    first, last = span
    axis["range"] = [f"{first.isoformat()} 00:00", f"{(last + timedelta(days=1)).isoformat()} 00:00"]
    if (last - first).days <= 14:
        axis.update(dtick=_DAY_MS, tick0=first.isoformat(), tickformat="%Y-%m-%d")
    return axis


def _legend(title: str) -> dict[str, Any]:
    """A legend above the plot: below it, a long legend would run over the date ticks."""
    return {
        "title": {"text": escape(title)},
        "orientation": "h",
        "yanchor": "bottom",
        "y": 1.02,
        "x": 0,
        "xanchor": "left",
    }


def hover_text(speaker: object, date: object, outlet: object, text: object, limit: int = 180) -> str:
    """Escaped, shortened hover label: speaker and date, the quote over a few lines, then the outlet."""
    quote = _BREAK.sub(r"\1<br>", escape(shorten(text, limit)))
    who, where = escape(shorten(speaker, 60)), escape(shorten(outlet, 60))
    return f"<b>{who}</b> · {escape(date)}<br>{quote}<br><i>{where}</i>"


def _category_labels(column: pd.Series, at: np.ndarray, limit: int) -> np.ndarray:
    """Escaped, shortened labels of a categorical column for rows ``at`` (each category escaped once).

    Only the categories the rows use are escaped: a real store has thousands of speakers, and a chart
    draws a handful of them.
    """
    codes = column.cat.codes.to_numpy()[at]
    used, where = np.unique(codes, return_inverse=True)
    categories = column.cat.categories
    labels = np.array([escape(shorten(categories[c], limit)) if c >= 0 else "" for c in used], dtype=object)
    return labels[where.reshape(-1)]  # code -1 (missing) gets ""


def hover_texts(corpus: Corpus, at: np.ndarray, limit: int) -> np.ndarray:
    """``hover_text`` for many rows at once, with Arrow string kernels (same escaping, same layout)."""
    frame = corpus.frame
    text = pa.array(corpus.take(at, [S.text])[S.text].to_numpy(), pa.string())
    quote = pc.replace_substring_regex(escape_array(shorten_array(text, limit)), _BREAK.pattern, r"\1<br>")
    parts = [
        "<b>",
        pa.array(_category_labels(frame[S.speaker], at, 60), pa.string()),
        "</b> · ",
        escape_array(pa.array(corpus.date_text(at))),
        "<br>",
        quote,
        "<br><i>",
        pa.array(_category_labels(frame[S.outlet], at, 60), pa.string()),
        "</i>",
    ]
    return np.asarray(pc.binary_join_element_wise(*parts, "").to_numpy(zero_copy_only=False), dtype=object)


def _layout(lanes: list[str], legend_title: str, title: str, span: Span | None) -> dict[str, Any]:
    """Swimlanes on a numeric y axis (lane i at y=i, busiest on top) so markers can be spread in a lane."""
    return {
        "title": {"text": escape(title), "y": 0.99, "yanchor": "top"},
        "height": max(360, 180 + 40 * len(lanes)),
        "margin": {"l": LABEL_MARGIN, "r": 10, "t": 110, "b": DATE_AXIS_MARGIN},
        "xaxis": x_axis(span),
        "yaxis": {
            "tickmode": "array",
            "tickvals": list(range(len(lanes))),
            "ticktext": [plain_label(v, LABEL_CHARS) for v in lanes],
            "range": [-0.6, len(lanes) - 0.4],
            "automargin": False,
            "zeroline": False,
            "title": {"text": ""},
            "fixedrange": True,
            **TICKS_UNMEASURED,
        },
        "legend": _legend(legend_title),
        "clickmode": "event+select",
        "hovermode": "closest",
        # With the modebar's Box Select, a drag selects days (the whole height), which components.timeline
        # turns into the zoom window. The drag mode stays Streamlit's default, so that a click selects a
        # marker: in select mode Streamlit stops reporting clicks on points.
        "selectdirection": "h",
    }


def lane_positions(lanes: pd.Series, days: pd.Series) -> tuple[list[str], np.ndarray]:
    """Lane order (busiest on top) and each marker's y: its lane, spread apart when a lane has several
    statements on one day, so every marker can be seen and clicked."""
    order = list(lanes.value_counts().index[::-1])
    base = lanes.map({lane: i for i, lane in enumerate(order)}).to_numpy(dtype=float)
    groups = pd.DataFrame({"lane": lanes.to_numpy(), "day": days.to_numpy()}).groupby(
        ["lane", "day"], sort=False
    )
    rank = groups.cumcount().to_numpy()
    size = groups["day"].transform("size").to_numpy()
    step = np.minimum(0.16, 0.7 / np.maximum(size, 1))
    return [str(v) for v in order], base + (rank - (size - 1) / 2) * step


def hover_chars(markers: int) -> int:
    """How much of the quote each hover label of a chart of ``markers`` markers shows."""
    return HOVER_CHARS["many" if markers > WEBGL_ABOVE else "few"]


def _iso_days(days: np.ndarray) -> np.ndarray:
    return days.astype("int64").astype("datetime64[D]")


def timeline_figure(
    corpus: Corpus,
    rows: np.ndarray,
    lane: agg.Lane,
    colour: agg.Colour,
    title: str = "",
    span: Span | None = None,
    selected: str | None = None,
    webgl_above: int = WEBGL_ABOVE,
    marks: list[ShiftMark] | None = None,
) -> tuple[Figure, str]:
    """A swimlane timeline; returns the figure and its mode ("svg", "webgl" or "binned").

    ``marks`` (line shifts, ``quoteline.query.shift_marks``) are drawn as one more trace on their lanes;
    a binned chart draws none (the caller does not look for shifts on so many statements).

    The ``selected`` statement's marker is drawn as selected (the others dimmed), as a click draws it, so a
    link that names a statement shows it highlighted in any browser. Past ``webgl_above`` markers (or bins)
    the chart is drawn in WebGL.
    """
    legend = LEGEND_TITLES[colour]
    points = agg.timeline_points(corpus, rows, lane, colour) if len(rows) <= agg.MAX_POINTS else None
    if points is None or len(points) > agg.MAX_POINTS:
        return _binned(corpus, rows, lane, colour, legend, title, span, webgl_above), "binned"
    webgl = len(points) > webgl_above
    _frame, at = corpus.frame, points["row"].to_numpy()
    hover = hover_texts(corpus, at, hover_chars(len(points)))
    lanes, y = lane_positions(points["lane"], points["day"])
    ids = corpus.take(at, [S.statement_id])[S.statement_id].to_numpy().astype(object)
    x = _iso_days(points["day"].to_numpy())
    labels = points["colour"].to_numpy()
    shown = legend_order(colour, _first_seen(labels, colour))
    styles = marker_styles(colour, shown)
    # A white outline sets overlapping markers apart. In SVG past WEBGL_ABOVE markers (the Compare chart) the
    # browser paints thousands of stroked paths in software: without the outline the real Compare chart's
    # 2,923 markers drew in 0.36 s of main thread instead of 0.45 s, and painted 0.3 s sooner.
    outline = {"width": 0} if not webgl and len(points) > WEBGL_ABOVE else {"width": 1, "color": "white"}
    traces = []
    chosen = ids == selected if selected else None
    for label in shown:
        mine = labels == label
        trace: dict[str, Any] = {}
        if chosen is not None and chosen.any():
            trace["selectedpoints"] = np.flatnonzero(chosen[mine]).tolist()
            trace["selected"] = {"marker": {"size": 16, "opacity": 1.0}}
        traces.append(
            trace
            | {
                "type": "scattergl" if webgl else "scatter",
                "mode": "markers",
                "name": plain_label(label),
                "x": x[mine],
                "y": y[mine].round(3),
                "customdata": ids[mine],
                "hovertext": hover[mine],
                "hovertemplate": "%{hovertext}<extra></extra>",
                "marker": {
                    "size": 11,
                    "color": styles[label][0],
                    "symbol": styles[label][1],
                    "opacity": 0.85,
                    "line": outline,
                },
            }
        )
    traces.extend(shift_trace(marks or [], lanes, webgl))
    return {"data": traces, "layout": _layout(lanes, legend, title, span)}, "webgl" if webgl else "svg"


def shift_trace(marks: list[ShiftMark], lanes: list[str], webgl: bool = False) -> list[Figure]:
    """The line shifts as one trace named ``TRACE_NAME``: a hollow diamond above the lane's markers at
    the first day of the new line. It carries no customdata: it is not a statement, so a click on it selects
    nothing (``on_select`` reads statement ids and bins from customdata). No trace when no mark falls on a
    drawn lane. On a WebGL chart it is WebGL too: one SVG trace
    would make the browser load both renderers (and Streamlit's chart element draws WebGL charts only)."""
    at = {name: i for i, name in enumerate(lanes)}
    shown = [m for m in marks if m.lane in at]
    if not shown:
        return []
    return [
        {
            "type": "scattergl" if webgl else "scatter",
            "mode": "markers",
            "name": TRACE_NAME,
            "x": [m.day for m in shown],
            "y": [at[m.lane] + 0.3 for m in shown],  # above the lane, clear of the statements' markers
            "hovertext": [escape(m.label) for m in shown],
            "hovertemplate": "<b>Line shift</b><br>%{hovertext}<extra></extra>",
            "marker": {
                "symbol": "diamond-open",  # drawn by both renderers
                "size": 16,
                "color": "#d62728",
                "line": {"width": 2, "color": "#d62728"},
            },
        }
    ]


def _first_seen(labels: np.ndarray, colour: agg.Colour) -> list[str]:
    """The distinct labels; for speakers in their rank order (``aggregate`` lists the busiest first)."""
    distinct = [str(v) for v in pd.unique(labels)]
    if colour != "leader":
        return distinct
    rank = {name: i for i, name in enumerate(_speaker_rank(labels))}
    return sorted(distinct, key=lambda name: rank[name])


def _speaker_rank(labels: np.ndarray) -> list[str]:
    counts = pd.Series(labels).value_counts(sort=True)
    ranked = [str(v) for v in counts.index if v != palette.OTHER_SPEAKERS]
    return [*ranked, palette.OTHER_SPEAKERS] if palette.OTHER_SPEAKERS in set(labels) else ranked


def _days(values: pd.Series) -> np.ndarray:
    """Timestamps as a ``datetime64[D]`` array: Plotly keeps such arrays as they are and writes ISO dates,
    where a string array would become an object array that its validation deep-copies string by string."""
    return values.to_numpy().astype("datetime64[D]")


def bin_target(kind: str, lane: str, start: str, end: str) -> str:
    """What a click on a bin narrows the filters to, as the JSON text a bin's customdata carries."""
    return json.dumps([kind, lane, start, end], ensure_ascii=False)


def _binned(
    corpus: Corpus,
    rows: np.ndarray,
    lane: agg.Lane,
    colour: agg.Colour,
    legend: str,
    title: str,
    span: Span | None,
    webgl_above: int = WEBGL_ABOVE,
) -> Figure:
    """Bins per lane and week/month: marker size is the count of distinct statements."""
    bins = agg.timeline_bins(corpus, rows, lane, colour)
    totals = bins.groupby("lane")["count"].sum().sort_values(kind="stable")
    lanes = [str(v) for v in totals.index]
    lane_at = pd.Index(lanes).get_indexer(pd.Index(bins["lane"].astype(str)))
    counts = bins["count"].to_numpy()
    starts, ends = _days(bins["start"]), _days(bins["end"])
    # Two strings per bin (not one per field: Plotly copies every string when it validates a figure):
    # the escaped hover line, and the JSON of what a click narrows to.
    shown = [plain_label(v) for v in lanes]  # each lane label escaped once
    hover = [
        f"{shown[i]}<br>from {s}: {plural(n, 'statement')}"
        for i, s, n in zip(lane_at.tolist(), starts.astype(str).tolist(), counts.tolist(), strict=True)
    ]
    # bin_target's JSON with each lane encoded once: the dates are ISO digits and dashes, safe as they are.
    heads = [bin_target(lane, name, "", "")[: -len('"", ""]')] for name in lanes]
    targets = [
        f'{heads[i]}"{s}", "{e}"]'
        for i, s, e in zip(
            lane_at.tolist(), starts.astype(str).tolist(), ends.astype(str).tolist(), strict=True
        )
    ]
    custom = np.column_stack([np.asarray(hover, dtype=object), np.asarray(targets, dtype=object)])
    sizes = (6 + 18 * np.sqrt(counts / max(int(counts.max()), 1) if len(bins) else counts)).round(1)
    colour_of = bins["colour"].astype(str).to_numpy()
    present = legend_order(colour, _first_seen(colour_of, colour))
    styles = marker_styles(colour, present)
    # A few hundred bins draw faster in SVG than in WebGL, whose set-up alone costs more (and much more in
    # a browser without a GPU, which renders WebGL in software).
    kind = "scattergl" if len(bins) > webgl_above else "scatter"
    traces = []
    for label in present:
        mine = colour_of == label
        traces.append(
            {
                "type": kind,
                "mode": "markers",
                "name": plain_label(label),
                "x": starts[mine],
                "y": lane_at[mine].astype(float),
                "customdata": custom[mine],
                "hovertemplate": "%{customdata[0]}<extra></extra>",
                "marker": {
                    "size": sizes[mine],
                    "color": styles[label][0],
                    "symbol": styles[label][1],
                    "opacity": 0.8,
                },
            }
        )
    return {"data": traces, "layout": _layout(lanes, f"Most common {legend.lower()}", title, span)}


def volume_figure(table: pd.DataFrame, grain: str, span: Span | None = None) -> Figure:
    """One line per outlet: statements per week or month (``aggregate.volume``)."""
    traces = []
    colours = palette.leader_colours([str(o) for o in pd.unique(table["outlet"])])
    for outlet, part in table.groupby("outlet", sort=False):
        traces.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": plain_label(outlet),
                "x": np.asarray(part["start"], dtype="datetime64[D]"),
                "y": part["count"].to_numpy(),
                "line": {"color": colours[str(outlet)], "width": 2},
                "hovertemplate": f"{escape(outlet)}<br>%{{x}}: %{{y}} statements<extra></extra>",
            }
        )
    return {
        "data": traces,
        "layout": {
            "title": {"text": escape(f"Statements per {grain}, by outlet"), "y": 0.99, "yanchor": "top"},
            "height": 380,
            "margin": {"l": LABEL_MARGIN, "r": 10, "t": 110, "b": DATE_AXIS_MARGIN},
            "xaxis": x_axis(span),
            "yaxis": {
                "title": {"text": "statements"},
                "rangemode": "tozero",
                "automargin": False,
                "fixedrange": True,
                **TICKS_UNMEASURED,
            },
            "legend": _legend("Outlet"),
        },
    }


def heatmap_figure(
    table: pd.DataFrame, title: str, dim: str = "leader", grain: str = "week", span: Span | None = None
) -> Figure:
    """Volume heatmap: rows are leaders or topics, columns are weeks or months. A click on a cell narrows
    the filters to its row and period: the cells carry no selection in Streamlit, so an invisible marker
    sits on each cell that has statements, with the same click target as a timeline bin."""
    starts = np.asarray(table.columns, dtype="datetime64[D]")
    unit = {"week": "W", "month": "M"}.get(grain, "Y")
    after = (
        starts + np.timedelta64(7, "D")
        if unit == "W"
        else (starts.astype(f"datetime64[{unit}]") + 1).astype("datetime64[D]")
    )
    ends = after - np.timedelta64(1, "D")
    labels = [str(v) for v in table.index]
    first, last = starts.astype(str).tolist(), ends.astype(str).tolist()
    counts = table.to_numpy()
    cells = np.argwhere(counts > 0)
    # Each row's label escaped and JSON-encoded once, as ``_binned`` does: per cell they were a third of
    # the topic page's figure time at 10M statements (4,400 cells).
    shown = [plain_label(v) for v in labels]
    heads = [bin_target(dim, name, "", "")[: -len('"", ""]')] for name in labels]
    at_row, at_column = cells[:, 0].tolist(), cells[:, 1].tolist()
    targets = [f'{heads[r]}"{first[c]}", "{last[c]}"]' for r, c in zip(at_row, at_column, strict=True)]
    hover = [
        f"{shown[r]}<br>from {first[c]}: {plural(n, 'statement')}"
        for r, c, n in zip(at_row, at_column, counts[cells[:, 0], cells[:, 1]].tolist(), strict=True)
    ]
    period = 7 * _DAY_MS if grain == "week" else "M1"
    return {
        "data": [
            {
                "type": "heatmap",
                "z": table.to_numpy(),
                "x": starts,
                "y": list(range(len(labels))),
                "xperiod": period,
                "xperiodalignment": "middle",
                "colorscale": BLUES,
                "showscale": False,  # the hover gives each count; a colour bar would narrow this axis alone
                "hoverinfo": "skip",
            },
            {
                "type": "scatter",
                "mode": "markers",
                "x": starts[cells[:, 1]] if len(cells) else starts[:0],
                "y": cells[:, 0] if len(cells) else [],
                "xperiod": period,
                "xperiodalignment": "middle",
                "customdata": np.column_stack(
                    [np.asarray(hover, dtype=object), np.asarray(targets, dtype=object)]
                )
                if len(cells)
                else [],
                "hovertemplate": "%{customdata[0]}<extra></extra>",
                "marker": {"symbol": "square", "size": 14, "opacity": 0.01, "color": "#000"},
                "showlegend": False,
            },
        ],
        "layout": {
            "title": {"text": escape(title)},
            "height": max(240, 100 + 26 * len(table)),
            "margin": {"l": LABEL_MARGIN, "r": 10, "t": 40, "b": DATE_AXIS_MARGIN},
            "yaxis": {
                "tickmode": "array",
                "tickvals": list(range(len(labels))),
                "ticktext": [plain_label(v, LABEL_CHARS) for v in labels],
                "autorange": "reversed",
                "automargin": False,
                "zeroline": False,
                "showgrid": False,
                "fixedrange": True,
                **TICKS_UNMEASURED,
            },
            "xaxis": x_axis(span),
            "clickmode": "event+select",
            "hovermode": "closest",
        },
    }


__all__ = [
    "heatmap_figure",
    "hover_chars",
    "hover_text",
    "hover_texts",
    "lane_positions",
    "legend_order",
    "marker_styles",
    "shift_trace",
    "timeline_figure",
    "volume_figure",
]
