"""The line-shift settings a link carries (``swindow``, ``smin``, ``schange``) reach both the timeline's shift
marks and the What changed page, so a mark and the panel its link opens agree. Through Streamlit's AppTest,
on a store of invented statements: two speakers whose stance turns after three statements."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from benchmarks.synthetic import synthetic_table, write_table_store
from quoteline.query.shift_marks import TRACE_NAME
from quoteline.schema import S

ROOT = Path(__file__).resolve().parent.parent
DAYS = ["2024-01-04", "2024-01-19", "2024-02-02", "2024-03-15", "2024-03-29", "2024-04-09"]
# (speaker, topic, stance of the first three statements, stance of the last three)
ARCS = [("Tamsin Orlo", "energy", "denial", "admission"), ("Bram Kettridge", "trade", "praise", "criticism")]


@pytest.fixture(scope="module")
def arcs_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Each arc's six statements (three of one stance, then three of another) as a store."""
    n = len(DAYS) * len(ARCS)
    table = synthetic_table(n, seed=17, undated_share=0.0)
    speakers, topics, stances = [], [], []
    for speaker, topic, before, after in ARCS:
        speakers += [speaker] * len(DAYS)
        topics += [[topic]] * len(DAYS)
        stances += [before] * 3 + [after] * 3
    replaced = {
        S.speaker: pa.array(speakers, pa.string()),
        S.date: pa.array(DAYS * len(ARCS), pa.string()),
        S.stance: pa.array(stances, pa.string()),
        S.topics: pa.array(topics, table.schema.field(S.topics).type),
        S.counterparts: pa.array([[] for _ in range(n)], table.schema.field(S.counterparts).type),
    }
    for name, values in replaced.items():
        table = table.set_column(table.column_names.index(name), name, values)
    return write_table_store(tmp_path_factory.mktemp("arcs") / "store", table)


@pytest.fixture
def on_arcs(arcs_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point the app at the arcs' store for this test."""
    monkeypatch.setenv("QUOTELINE_STORE_DIR", str(arcs_store))


def run(params: dict[str, object]) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params = dict(params)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def marks_drawn(at: AppTest) -> int:
    """The shift marks on the page's charts (the points of their "line shift" traces)."""
    figures: list[dict[str, Any]] = [
        json.loads(json.loads(el.proto.json)["figure"]) for el in at.get("bidi_component")
    ]
    figures += [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    return sum(len(t["x"]) for f in figures for t in f["data"] if t.get("name") == TRACE_NAME)


def shifts_listed(at: AppTest) -> int:
    """The shift panels the What changed page lists."""
    return sum("class='ql-shift'" in h.proto.body for h in at.get("html"))


def marks_note(at: AppTest) -> str:
    return " ".join(h.proto.body for h in at.get("html") if "ql-shift-marks" in h.proto.body)


@pytest.mark.usefixtures("on_arcs")
@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        ({}, 2),  # the defaults: five compared on a side, two at least, a change of 0.5
        ({"smin": "4"}, 0),  # four on a side: three statements before each turn are too few
        ({"swindow": "3", "smin": "3", "schange": "0.90"}, 2),  # a complete change passes any threshold
    ],
)
def test_the_timeline_marks_and_what_changed_use_the_links_settings(
    settings: dict[str, str], expected: int
) -> None:
    timeline = run({"page": "timeline", **settings})
    changes = run({"page": "changes", **settings})
    assert marks_drawn(timeline) == shifts_listed(changes) == expected
    # The links under the chart open What changed with the same settings.
    for name, value in settings.items():
        if expected:
            assert f"{name}={value}" in marks_note(timeline)
        assert timeline.query_params[name] == value
        assert changes.query_params[name] == value
