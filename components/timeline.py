"""Swimlane timelines (per leader or per topic) with click-to-select on individual markers."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date
from urllib.parse import urlencode

import numpy as np
import streamlit as st

from components import charts, lite_chart, urlstate
from components import data as store_data
from components.statements_table import tag_lists
from quoteline.query import aggregate as agg
from quoteline.query import shift_marks
from quoteline.query.axes import drag_window
from quoteline.query.corpus import DAY, Corpus
from quoteline.query.filters import day_number
from quoteline.query.shifts import ShiftSettings, find_shifts
from quoteline.query.state import ViewState
from quoteline.query.text import escape
from quoteline.schema import S

STATEMENT_ID = re.compile(r"^[0-9a-f]{8,64}$")
UNMARKED_NOTE = (
    "Line shifts are marked when the chart draws at most {limit:,} statements: choose fewer speakers or a "
    "shorter span to see them here; [What changed]({link}) lists every shift of this selection."
)
MODE_NOTES = {
    "webgl": "Many markers: drawn with WebGL.",
    "binned": "Too many statements to draw one by one: each marker is a week or month of statements "
    "(size = distinct statements). Click one to narrow the filters to it, or narrow them in the sidebar.",
}


def parse_bin_target(custom: list[object]) -> tuple[str, str, str, str] | None:
    """A bin's click target from its customdata (hover line, JSON of kind, lane, start, end), or None.

    The event comes from the browser, so anything malformed is ignored rather than trusted.
    """
    if len(custom) != 2 or not isinstance(custom[1], str) or len(custom[1]) > 2_000:
        return None
    try:
        target = json.loads(custom[1])
    except ValueError:
        return None
    if not (isinstance(target, list) and len(target) == 4 and all(isinstance(v, str) for v in target)):
        return None
    kind, lane, start, end = target
    return kind, lane, start, end


def _narrow_to_bin(target: tuple[str, str, str, str]) -> None:
    """A click on a bin narrows the filters to its leader (or topic) and its week or month."""
    kind, lane, start, end = target
    data = store_data.corpus()
    try:
        first, last = date.fromisoformat(start), date.fromisoformat(end)
    except ValueError:
        return
    if kind == "leader" and lane in data.speaker_counts():
        st.session_state["w_leaders"] = [lane]
    elif kind == "topic" and lane in data.topics.labels:
        st.session_state["w_topics"] = [lane]
    st.session_state["w_from"], st.session_state["w_to"] = first, last


def on_select(chart_key: str) -> None:
    """Chart callback: a drag across the chart sets the zoom window; a marker's customdata is its statement
    id; a bin's (or a heatmap cell's) is a pair (``parse_bin_target``), and a click on it narrows the filters
    to its lane and period."""
    event = st.session_state.get(chart_key)
    selection = (event or {}).get("selection", {})
    boxes = selection.get("box", [])
    if boxes:  # a drag across the chart: zoom to the days it covers (the points inside it are not chosen)
        window = drag_window(boxes[-1].get("x") if isinstance(boxes[-1], dict) else None)
        if window is not None:
            urlstate.set_zoom(window)
        return
    for point in selection.get("points", []):
        custom = point.get("customdata")
        target = parse_bin_target(custom) if isinstance(custom, list) else None
        if target is not None:
            _narrow_to_bin(target)
            return
        if isinstance(custom, list) and len(custom) == 1:
            custom = custom[0]
        if isinstance(custom, str) and STATEMENT_ID.match(custom):
            urlstate.select_statement(custom)
            return


def within(data: Corpus, rows: np.ndarray, span: charts.Span | None) -> np.ndarray:
    """The dated ``rows`` inside ``span``: a zoom draws (and bins) only what it shows, so zooming in on a
    binned chart brings back one marker per statement."""
    if span is None:
        return rows
    days = data.frame[DAY].to_numpy()[rows]
    return rows[(days >= day_number(span[0])) & (days <= day_number(span[1]))]


def render(
    data: Corpus,
    rows: np.ndarray,
    lane: agg.Lane,
    colour: str,
    key: str,
    title: str = "",
    span: charts.Span | None = None,
    webgl_above: int = charts.WEBGL_ABOVE,
    view: ViewState | None = None,
) -> None:
    """Draw the timeline for the dated ``rows`` over ``span`` (in WebGL past ``webgl_above`` markers);
    clicking a statement marker selects it, and dragging across the chart zooms to the days it covers.
    Given the page's ``view``, the line shifts of the drawn statements are marked on their lanes, with a
    link per speaker to the What changed page."""
    drawn = within(data, rows, span)
    marks = _marks(data, drawn, lane, view.shift) if view is not None else []
    figure, mode = charts.timeline_figure(
        data,
        drawn,
        lane,
        agg.effective_colour(lane, colour),
        title,
        span,
        st.session_state.get(urlstate.SELECTED_KEY),
        webgl_above,
        marks,
    )
    lite_chart.plotly_chart(
        figure,
        key=key,
        on_select=lambda: on_select(key),
        selection_mode=("points", "box"),
        config=charts.CONFIG,
    )
    if mode in MODE_NOTES:
        st.caption(MODE_NOTES[mode])
    elif marks and view is not None:
        _changes_links(view, marks)
    if view is not None and len(drawn) > shift_marks.MAX_MARKED_STATEMENTS:
        # Say so rather than draw a chart that looks as if no line changed.
        limit = shift_marks.MAX_MARKED_STATEMENTS
        st.caption(UNMARKED_NOTE.format(limit=limit, link=changes_page_link(view)))


def _marks(
    data: Corpus, rows: np.ndarray, lane: agg.Lane, settings: ShiftSettings
) -> list[shift_marks.ShiftMark]:
    """The line shifts of the drawn ``rows`` (the What changed page's method, with the settings the link
    carries: its links then list the same shifts), or none past ``shift_marks.MAX_MARKED_STATEMENTS``
    statements. Remembered per corpus, settings and rows: a click or a widget reruns the page over the same
    rows, and the search is a few tenths of a second."""
    if not shift_marks.worth_marking(len(rows)):
        return []

    def find() -> list[shift_marks.ShiftMark]:
        # Only the columns the method reads: the What changed page also takes the text and cue, which a
        # timeline's first paint should not wait for.
        frame = data.take(rows, [S.statement_id, S.speaker, S.stance, S.date]).reset_index(drop=True)
        frame[S.topics] = tag_lists(data.topics, rows, len(data))
        frame[S.counterparts] = tag_lists(data.counterparts, rows, len(data))
        found = find_shifts(frame, settings)
        lanes = frame[S.speaker].astype(str).unique().tolist() if lane == "leader" else data.topics.labels
        return shift_marks.place(found, list(lanes), lane)

    marks: list[shift_marks.ShiftMark] = data.memo(("shift_marks", lane, settings, rows.tobytes()), find)
    return marks


def changes_page_link(view: ViewState) -> str:
    """The What changed page under the same filters, as a relative link."""
    target = replace(view, page="changes", selected=None)
    return "?" + urlencode(target.to_query_params(), doseq=True)


def changes_link(view: ViewState, speaker: str) -> str:
    """The What changed page for ``speaker`` under the same filters, as a relative link."""
    target = replace(view, page="changes", filters=replace(view.filters, leaders=(speaker,)), selected=None)
    return "?" + urlencode(target.to_query_params(), doseq=True)


def _changes_links(view: ViewState, marks: list[shift_marks.ShiftMark]) -> None:
    """A line under the chart: what the diamonds are, and a link per speaker to the shifts' statements."""
    speakers = sorted({m.speaker for m in marks})
    links = " · ".join(
        f"<a href='{escape(changes_link(view, name))}' target='_self'>{escape(name)}</a>" for name in speakers
    )
    count = f"{len(marks)} line shift{'s' if len(marks) != 1 else ''}"
    st.html(
        f"<div class='ql-shift-marks'><small>◇ {count} marked (a change of stance on a topic). "
        f"What changed, with the statements on either side: {links}</small></div>"
    )
