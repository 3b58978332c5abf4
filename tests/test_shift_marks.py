"""Line shifts marked on a timeline: the lane and day of each mark, the chart trace that draws them, and the
threshold past which no shift is looked for."""

from __future__ import annotations

import pandas as pd
import pytest

from benchmarks.synthetic import synthetic_frame
from components import charts
from quoteline.query import Corpus, Filters, select
from quoteline.query.shift_marks import (
    MAX_MARKED_STATEMENTS,
    TRACE_NAME,
    ShiftMark,
    label,
    place,
    worth_marking,
)
from quoteline.query.shifts import Shift, find_shifts


def _statements(speaker: str, topic: str, arc: list[tuple[str, str]]) -> pd.DataFrame:
    """One speaker's statements on one topic from (date, stance) pairs."""
    return pd.DataFrame(
        {
            "statement_id": [f"{speaker[:2].lower()}{i:02d}" for i in range(len(arc))],
            "speaker": [speaker] * len(arc),
            "date": [d for d, _ in arc],
            "stance": [s for _, s in arc],
            "topics": [[topic] for _ in arc],
            "counterparts": [[] for _ in arc],
        }
    )


DENY_THEN_ADMIT = [
    ("2024-01-04", "denial"),
    ("2024-01-19", "denial"),
    ("2024-02-02", "denial"),
    ("2024-03-15", "admission"),
    ("2024-03-29", "admission"),
    ("2024-04-09", "admission"),
]


def _shifts() -> list[Shift]:
    frame = pd.concat(
        [
            _statements("Tamsin Orlo", "harbours", DENY_THEN_ADMIT),
            _statements(
                "Bram Kettridge",
                "grain",
                [(d, "praise" if s == "denial" else "criticism") for d, s in DENY_THEN_ADMIT],
            ),
        ],
        ignore_index=True,
    )
    return find_shifts(frame)


def test_a_shift_sits_in_its_speakers_lane_at_the_first_day_of_the_new_line() -> None:
    marks = place(_shifts(), ["Tamsin Orlo", "Bram Kettridge"], "leader")
    assert [(m.lane, m.day) for m in marks] == [
        ("Bram Kettridge", "2024-03-15"),
        ("Tamsin Orlo", "2024-03-15"),
    ]
    orlo = next(m for m in marks if m.speaker == "Tamsin Orlo")
    assert orlo.label == "Tamsin Orlo on harbours: denial → admission / concession"


def test_a_speaker_outside_the_drawn_lanes_gets_no_mark() -> None:
    marks = place(_shifts(), ["Tamsin Orlo"], "leader")
    assert [m.speaker for m in marks] == ["Tamsin Orlo"]
    assert place(_shifts(), [], "leader") == []


def test_on_topic_lanes_a_shift_sits_in_its_topics_lane() -> None:
    marks = place(_shifts(), ["grain"], "topic")
    assert [(m.lane, m.speaker) for m in marks] == [("grain", "Bram Kettridge")]
    assert marks[0].label == "Bram Kettridge on grain: praise / support → criticism / accusation"


def test_a_month_precision_shift_is_placed_at_the_first_of_its_month() -> None:
    shift = Shift("Tamsin Orlo", "harbours", "2024-03", "stance", "denial", "admission", 1.0, (), ())
    assert place([shift], ["Tamsin Orlo"], "leader")[0].day == "2024-03-01"
    year = Shift("Tamsin Orlo", "harbours", "2024", "stance", "denial", "admission", 1.0, (), ())
    assert place([year], ["harbours"], "topic")[0].day == "2024-01-01"


def test_a_new_counterpart_is_labelled_as_such() -> None:
    shift = Shift("Tamsin Orlo", "harbours", "2024-05-02", "counterpart", "", "Vellmark", 1.0, (), ())
    assert label(shift) == "Tamsin Orlo starts naming Vellmark on harbours"


def test_an_unknown_lane_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="lane kind"):
        place(_shifts(), ["Tamsin Orlo"], "outlet")  # type: ignore[arg-type]


def test_shifts_are_looked_for_only_up_to_the_threshold() -> None:
    assert worth_marking(1)
    assert worth_marking(MAX_MARKED_STATEMENTS)
    assert not worth_marking(MAX_MARKED_STATEMENTS + 1)
    assert not worth_marking(0)


def test_the_chart_draws_the_marks_as_one_trace_on_their_lanes() -> None:
    marks = [
        ShiftMark(
            "Tamsin Orlo", "2024-03-15", "Tamsin Orlo", "Tamsin Orlo on <b>harbours</b>: denial → admission"
        ),
        ShiftMark("Nobody Drawn", "2024-03-15", "Nobody Drawn", "off the chart"),
    ]
    (trace,) = charts.shift_trace(marks, ["Bram Kettridge", "Tamsin Orlo"])
    assert trace["name"] == TRACE_NAME
    assert trace["x"] == ["2024-03-15"]
    assert trace["y"][0] == pytest.approx(1.3)  # lane 1, above its markers
    assert "&lt;b&gt;harbours" in trace["hovertext"][0]  # text from articles is escaped
    assert "customdata" not in trace  # not a statement: a click on it must not select one
    assert charts.shift_trace(marks[1:], ["Tamsin Orlo"]) == []


def test_the_timeline_figure_carries_the_shift_trace() -> None:
    frame = _statements("Tamsin Orlo", "harbours", DENY_THEN_ADMIT)
    full = synthetic_frame(len(frame), seed=3)  # every other column a store has
    for column in frame.columns:
        full[column] = frame[column].to_numpy()
    corpus = Corpus.from_frame(full)
    rows = select(corpus, Filters()).dated
    marks = place(find_shifts(frame), ["Tamsin Orlo"], "leader")
    figure, mode = charts.timeline_figure(corpus, rows, "leader", "topic", marks=marks)
    assert mode == "svg"
    shift_traces = [t for t in figure["data"] if t.get("name") == TRACE_NAME]
    assert len(shift_traces) == 1
    assert list(shift_traces[0]["x"]) == ["2024-03-15"]
    plain, _ = charts.timeline_figure(corpus, rows, "leader", "topic")
    assert all(t.get("name") != TRACE_NAME for t in plain["data"])


def test_on_a_webgl_chart_the_marks_are_webgl_too() -> None:
    marks = [ShiftMark("Tamsin Orlo", "2024-03-15", "Tamsin Orlo", "Tamsin Orlo on harbours: a → b")]
    assert charts.shift_trace(marks, ["Tamsin Orlo"], webgl=True)[0]["type"] == "scattergl"
    assert charts.shift_trace(marks, ["Tamsin Orlo"])[0]["type"] == "scatter"
