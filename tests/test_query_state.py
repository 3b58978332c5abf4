"""URL view state: explicit round trips, and hostile links that are ignored with notices."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quoteline.query.filters import Filters
from quoteline.query.shifts import ShiftSettings
from quoteline.query.state import ANY, MAX_VALUE_CHARS, SORT_KEYS, ViewState, Vocabulary, table_page_after
from quoteline.query.table_pages import DEFAULT_PAGE_SIZE, PAGE_SIZES

VOCAB = Vocabulary(
    leaders=frozenset({"Mara Velcheva", "Jonas Aalstad", "Leader, With Comma"}),
    topics=frozenset({"energy", "trade"}),
    counterparts=frozenset({"Drevnia"}),
    outlets=frozenset({"Halvik Post (fictional)"}),
    countries=frozenset({"Drevnia", "(no country)"}),
    has_statement=lambda sid: sid == "0123456789abcdef",
)
FULL = ViewState(
    page="compare",
    filters=Filters(
        leaders=("Mara Velcheva", "Leader, With Comma"),
        topics=("energy",),
        counterparts=("Drevnia",),
        stances=("denial",),
        kinds=("direct",),
        outlets=("Halvik Post (fictional)",),
        date_from=date(2023, 1, 2),
        date_to=date(2024, 5, 6),
        search="pipeline deal",
        speaker_types=("person", "state"),
        countries=("Drevnia", "(no country)"),
        in_office=True,
    ),
    selected="0123456789abcdef",
    colour="stance",
    grain="month",
    compare_topic="trade",
    top=45,
    sort="speaker",
    descending=False,
    zoom=(date(2023, 3, 1), date(2023, 4, 15)),
    tab="heatmaps",
    table_page=7,
    page_size=1_000,
    shift=ShiftSettings(window=8, min_statements=3, min_change=0.65),
)


def test_round_trip_keeps_every_field() -> None:
    state, notices = ViewState.from_query_params(FULL.to_query_params(), VOCAB)
    assert notices == []
    assert state == FULL


def test_defaults_are_written_explicitly() -> None:
    params = ViewState().to_query_params()
    assert params["leader"] == [ANY]
    assert params["from"] == [ANY]
    assert params["to"] == [ANY]
    assert params["sel"] == ["none"]
    assert params["colour"] == ["topic"]
    assert params["page"] == ["timeline"]
    # Every field is present, so a link never leans on defaults.
    assert set(params) == {
        "page",
        "leader",
        "topic",
        "counterpart",
        "stance",
        "kind",
        "outlet",
        "from",
        "to",
        "q",
        "sel",
        "colour",
        "grain",
        "ctopic",
        "stype",
        "country",
        "incumbent",
        "top",
        "sort",
        "order",
        "zoom",
        "tab",
        "tpage",
        "tsize",
        "swindow",
        "smin",
        "schange",
    }
    assert params["incumbent"] == ["no"]
    assert params["top"] == ["20"]
    # The table's default order (latest first) and "no zoom" are written out too.
    assert params["sort"] == ["date"]
    assert params["order"] == ["desc"]
    assert params["zoom"] == [ANY]
    assert params["tab"] == ["lanes"]  # the Topic timelines page opens on its topic lanes


def test_sort_and_zoom_are_written_readably() -> None:
    params = FULL.to_query_params()
    assert params["sort"] == ["speaker"]
    assert params["order"] == ["asc"]
    assert params["zoom"] == ["2023-03-01..2023-04-15"]


@pytest.mark.parametrize("key", SORT_KEYS)
@pytest.mark.parametrize("descending", [True, False])
def test_every_sort_key_and_direction_round_trips(key: str, descending: bool) -> None:
    view = ViewState(page="table", sort=key, descending=descending)
    state, notices = ViewState.from_query_params(view.to_query_params(), VOCAB)
    assert notices == []
    assert (state.sort, state.descending) == (key, descending)


def test_a_one_day_zoom_round_trips() -> None:
    view = ViewState(zoom=(date(2024, 2, 29), date(2024, 2, 29)))
    state, notices = ViewState.from_query_params(view.to_query_params(), VOCAB)
    assert notices == []
    assert state.zoom == (date(2024, 2, 29), date(2024, 2, 29))
    assert state.to_query_params()["zoom"] == ["2024-02-29..2024-02-29"]


def test_the_table_page_and_its_size_are_written_readably() -> None:
    params = FULL.to_query_params()
    assert (params["tpage"], params["tsize"]) == (["7"], ["1000"])
    assert ViewState().to_query_params()["tpage"] == ["1"]


@pytest.mark.parametrize("size", PAGE_SIZES)
def test_every_page_size_round_trips(size: int) -> None:
    state, notices = ViewState.from_query_params({"tpage": ["12"], "tsize": [str(size)]}, VOCAB)
    assert notices == []
    assert (state.table_page, state.page_size) == (12, size)


def test_a_new_filter_or_sort_starts_the_table_at_page_one() -> None:
    before = replace(FULL, table_page=7)
    other_filters = replace(before.filters, topics=("trade",))
    assert table_page_after(before, replace(before, filters=other_filters)) == 1
    assert table_page_after(before, replace(before, sort="date")) == 1
    assert table_page_after(before, replace(before, descending=True)) == 1


def test_a_page_click_or_another_setting_keeps_the_page() -> None:
    before = replace(FULL, table_page=7)
    assert table_page_after(before, replace(before, table_page=8)) == 8
    assert table_page_after(before, replace(before, colour="topic", selected=None, zoom=None)) == 7


def test_a_new_page_size_keeps_the_first_row_in_view() -> None:
    before = replace(FULL, table_page=3, page_size=500)  # rows 1,001-1,500
    assert table_page_after(before, replace(before, page_size=100)) == 11  # rows 1,001-1,100
    assert table_page_after(before, replace(before, page_size=5_000)) == 1  # rows 1-5,000


def test_the_line_shift_settings_are_written_readably_and_read_back() -> None:
    params = FULL.to_query_params()
    assert (params["swindow"], params["smin"], params["schange"]) == (["8"], ["3"], ["0.65"])
    assert ViewState().to_query_params()["schange"] == ["0.50"]
    state, notices = ViewState.from_query_params({"swindow": "3", "smin": "3", "schange": "1"}, VOCAB)
    assert notices == []
    assert state.shift == ShiftSettings(window=3, min_statements=3, min_change=1.0)


def test_a_link_without_sort_or_zoom_opens_the_defaults() -> None:
    state, notices = ViewState.from_query_params({"page": ["table"]}, VOCAB)
    assert notices == []
    assert (state.sort, state.descending, state.zoom) == ("date", True, None)


@pytest.mark.parametrize(
    ("params", "needle"),
    [
        ({"leader": ["Nobody Known"]}, "unknown value"),
        ({"leader": ["<script>alert(1)</script>"]}, "markup"),
        ({"q": ["<img src=x onerror=alert(1)>"]}, "markup"),
        ({"from": ["2024-02-30"]}, "malformed date"),
        ({"to": ["yesterday"]}, "malformed date"),
        ({"from": ["0001-01-01"]}, "malformed date"),
        ({"topic": ["x" * 10_000]}, f"over {MAX_VALUE_CHARS} characters"),
        ({"sel": ["javascript:alert(1)"]}, "no such statement"),
        ({"sel": ["fedcba9876543210"]}, "no such statement"),
        ({"page": ["admin"]}, "unknown value"),
        ({"colour": ["red"]}, "unknown value"),
        ({"ctopic": ["space"]}, "unknown topic"),
        ({"<b>evil</b>": ["1"]}, "Unknown link parameter 'bevilb'"),
        ({"from": ["2024-05-01"], "to": ["2024-01-01"]}, "ends before it starts"),
        ({"stype": ["robot"]}, "unknown value"),
        ({"country": ["Atlantis"]}, "unknown value"),
        ({"incumbent": ["maybe"]}, "unknown value"),
        ({"top": ["-3"]}, "whole number"),
        ({"top": ["100000"]}, "whole number"),
        ({"top": ["1e3"]}, "whole number"),
        ({"sort": ["statement_id; drop"]}, "unknown value"),
        ({"sort": ["<b>"]}, "markup"),
        ({"order": ["sideways"]}, "unknown value"),
        ({"tab": ["sidebar"]}, "unknown value"),
        ({"zoom": ["2023-01-01"]}, "malformed window"),
        ({"zoom": ["2023-01-01..soon"]}, "malformed window"),
        ({"zoom": ["2023-02-30..2023-03-01"]}, "malformed window"),
        ({"zoom": ["0001-01-01..2023-03-01"]}, "malformed window"),
        ({"zoom": ["2023-01-01..2023-02-01..2023-03-01"]}, "malformed window"),
        ({"zoom": ["2023-05-01..2023-01-01"]}, "ends before it starts"),
        ({"tpage": ["0"]}, "whole number"),
        ({"tpage": ["-2"]}, "whole number"),
        ({"tpage": ["2.5"]}, "whole number"),
        ({"tpage": ["\u0663"]}, "whole number"),  # an Arabic-Indic three: a digit to str.isdigit, not to us
        ({"tpage": ["99999999999"]}, "whole number"),
        ({"tsize": ["250"]}, "expected one of"),
        ({"tsize": ["all"]}, "expected one of"),
        ({"swindow": ["1"]}, "whole number from 2 to 15"),
        ({"swindow": ["16"]}, "whole number from 2 to 15"),
        ({"smin": ["6"]}, "whole number from 1 to 5"),  # more than the window (5) on a side
        ({"smin": ["0"]}, "whole number from 1 to 5"),
        ({"schange": ["0.63"]}, "in steps of 0.05"),
        ({"schange": ["0.05"]}, "in steps of 0.05"),
        ({"schange": ["1.5"]}, "in steps of 0.05"),
        ({"schange": ["nan"]}, "in steps of 0.05"),
        ({"schange": ["5e-1"]}, "in steps of 0.05"),
    ],
)
def test_hostile_values_are_ignored_with_a_notice(params: dict[str, list[str]], needle: str) -> None:
    state, notices = ViewState.from_query_params(params, VOCAB)
    assert any(needle in n for n in notices), notices
    # Nothing hostile leaks into the state, and no notice echoes markup.
    assert state.filters == Filters()
    assert state.selected is None
    assert state.page == "timeline"
    assert state.colour == "topic"
    assert state.top == 20
    assert (state.sort, state.descending, state.zoom) == ("date", True, None)
    assert (state.table_page, state.page_size) == (1, DEFAULT_PAGE_SIZE)
    assert state.shift == ShiftSettings()
    assert not any("<" in n or ">" in n for n in notices)


def test_good_values_survive_beside_bad_ones() -> None:
    state, notices = ViewState.from_query_params(
        {"leader": ["Mara Velcheva", "<script>", "Ghost"], "topic": "energy"}, VOCAB
    )
    assert state.filters.leaders == ("Mara Velcheva",)
    assert state.filters.topics == ("energy",)
    assert len(notices) == 2


def test_notices_are_capped() -> None:
    params = {f"junk{i}": ["1"] for i in range(40)}
    _, notices = ViewState.from_query_params(params, VOCAB)
    assert len(notices) == 13
    assert "28 more" in notices[-1]


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.text(max_size=30), st.lists(st.text(max_size=300), max_size=4), max_size=8))
def test_any_query_string_parses_without_raising(params: dict[str, list[str]]) -> None:
    state, notices = ViewState.from_query_params(params, VOCAB)
    assert state.page in ("timeline", "topics", "compare", "table", "add")
    assert set(state.filters.leaders) <= VOCAB.leaders
    assert all(len(n) < 300 for n in notices)
