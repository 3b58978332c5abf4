"""The statements table: sortable and searchable, with dates and source links, and row selection."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from components import data as store_data
from components import urlstate
from quoteline.query.corpus import Corpus, Tags
from quoteline.query.order import SORT_COLUMNS, after_header_click
from quoteline.query.state import ORDERS, SORT_KEYS
from quoteline.query.table_pages import TABLE_COLUMNS
from quoteline.query.text import plural, safe_url, shorten_array
from quoteline.schema import S

SHOW_LIMIT = 10_000
# The grid shows a statement's first characters; the detail (select the row) and the downloads hold it whole.
# Without the cut, the few statements of thousands of characters that real articles yield made up most of
# the table's payload (a 10,000-row table was 8 MB for the browser to receive and decode).
TEXT_CHARS = 300
ORDER_LABELS = {"desc": "Descending", "asc": "Ascending"}
# The table's columns a header click can sort by, and the sort key of each.
HEADER_SORT = {S.date if k == "date" else col: k for k, col in SORT_COLUMNS.items()}
CORRECTED = "corrected"
# One header per column, in sentence case, the same wherever statements are listed.
HEADERS = {
    S.date: "Date",
    S.speaker: "Speaker",
    S.text: "Statement",
    S.stance: "Stance",
    S.kind: "Kind",
    S.topics: "Topics",
    S.counterparts: "About",
    S.outlet: "Outlet",
    S.n_sources: "Outlets carrying it",
    S.date_source: "Date from",
    S.cue: "Cue",
    S.statement_id: "Statement id",
    "source": "Source",
}
COLUMNS = TABLE_COLUMNS


def tag_lists(tags: Tags, rows: np.ndarray, n: int) -> list[list[str]]:
    """The labels each of ``rows`` carries in ``tags`` (topics or counterparts), as one list per row."""
    chosen = np.zeros(n, dtype=bool)
    chosen[rows] = True
    take = chosen[tags.rows]
    labels = np.asarray(tags.labels, dtype=object)[tags.codes[take]]
    grouped = pd.Series(labels, dtype=object).groupby(tags.rows[take]).agg(list)
    return [grouped.get(r, []) for r in rows]


def frame_of(data: Corpus, rows: np.ndarray, urls: dict[str, str] | None = None) -> pd.DataFrame:
    """The rows as a display/export frame: one row per statement, lists as lists, latest first."""
    sub = data.take(rows, [*(c for c in COLUMNS if c not in (S.topics, S.counterparts)), S.article_id])
    out = pd.DataFrame({col: sub[col].to_numpy() for col in COLUMNS if col not in (S.topics, S.counterparts)})
    out[S.topics] = tag_lists(data.topics, rows, len(data))
    out[S.counterparts] = tag_lists(data.counterparts, rows, len(data))
    if urls is not None:
        # Only http(s) links become clickable; anything else (javascript:, data:) is dropped.
        out["source"] = [safe_url(urls.get(a)) for a in sub[S.article_id].to_numpy()]
    out[S.date] = pd.to_datetime(out[S.date].astype("string"), format="mixed", errors="coerce")
    fixed = store_data.corrected_ids()
    out[CORRECTED] = [sid in fixed for sid in out[S.statement_id]] if fixed else False
    return out[[c for c in (*COLUMNS, CORRECTED, "source") if c in out.columns]]


def _sort_by_header(column: str) -> None:
    """A click on a column header sorts every matching statement by it, as "Sort by" does (and the link
    keeps it); a second click on the sorted column flips the direction."""
    key = HEADER_SORT.get(column)
    if key is not None:
        current, order = str(st.session_state.get("w_sort")), str(st.session_state.get("w_order"))
        st.session_state["w_sort"], st.session_state["w_order"] = after_header_click(key, current, order)


def _on_select(key: str, ids: list[str]) -> None:
    event = st.session_state.get(key)
    selection = (event or {}).get("selection", {})
    columns = selection.get("columns", [])
    if columns:
        _sort_by_header(str(columns[0]))
        # Unselect the column, so that the next click on the same header selects it again (and flips).
        st.session_state[key] = {"selection": {"rows": [], "columns": []}}
        return
    rows = selection.get("rows", [])
    if rows and 0 <= rows[0] < len(ids):
        urlstate.select_statement(ids[rows[0]])


def _show_selected(key: str, ids: list[str], selected: str | None) -> None:
    """Set the grid's selected row to the selected statement's, before the grid is drawn: a link or a chart
    click that chose it highlights it, and a page that does not hold it highlights no row (the grid keeps
    its selection by row number, which on another page is another statement)."""
    wanted = [ids.index(selected)] if selected is not None and selected in ids else []
    state = st.session_state.get(key) or {}
    if list((state.get("selection") or {}).get("rows", [])) != wanted:
        st.session_state[key] = {"selection": {"rows": wanted, "columns": []}}


def sort_controls() -> None:
    """The "Sort by" column and direction, kept in the link (``sort``, ``order``)."""
    left, right, _ = st.columns([2, 2, 3])
    left.selectbox(
        "Sort by",
        SORT_KEYS,
        key="w_sort",
        format_func=lambda k: HEADERS[SORT_COLUMNS[k] if k != "date" else S.date],
        help="Sorts every matching statement before the table is cut into pages; the link keeps it.",
    )
    right.segmented_control(
        "Order", ORDERS, key="w_order", format_func=lambda o: ORDER_LABELS[o], required=True
    )


def render(
    data: Corpus,
    rows: np.ndarray,
    key: str,
    height: int = 480,
    urls: dict[str, str] | None = None,
    header_sort: bool = False,
    selected: str | None = None,
) -> None:
    """Draw the first SHOW_LIMIT of ``rows`` (the Statements page passes one page of them,
    ``components.table_pages``), in the order given (``quoteline.query.order.sort_rows``);
    selecting a row selects that statement. With ``header_sort``, a click on a column header sets the
    link's sort (the Statements page); otherwise the grid sorts its own rows. ``selected``: the selected
    statement's row is drawn selected (none when these rows do not hold it); only with ``header_sort``,
    as a grid that sorts its own rows never says in which order it shows them."""
    ordered = rows[:SHOW_LIMIT]
    table = frame_of(data, ordered, urls)
    table[S.text] = shorten_array(table[S.text], TEXT_CHARS).to_numpy(zero_copy_only=False)
    ids = [str(i) for i in table[S.statement_id]]
    if header_sort:
        _show_selected(key, ids, selected)
    st.dataframe(
        table,
        key=key,
        height=height,
        hide_index=True,
        on_select=lambda: _on_select(key, ids),
        # With column selection on, the grid no longer sorts the rows it holds when a header is clicked
        # (an order Streamlit never reports, so no link could keep it): the click selects the column, and
        # _on_select sorts every matching statement by it instead.
        selection_mode=("single-row", "single-column") if header_sort else "single-row",
        column_config={
            S.date: st.column_config.DateColumn(HEADERS[S.date], format="YYYY-MM-DD"),
            S.speaker: st.column_config.TextColumn(HEADERS[S.speaker]),
            S.text: st.column_config.TextColumn(
                HEADERS[S.text],
                width="large",
                help=f"Cut to {TEXT_CHARS} characters: select the row to read it whole (the downloads "
                "hold it whole too)",
            ),
            S.stance: st.column_config.TextColumn(HEADERS[S.stance]),
            S.kind: st.column_config.TextColumn(HEADERS[S.kind], help="Direct quote or reported speech"),
            S.topics: st.column_config.ListColumn(HEADERS[S.topics]),
            S.counterparts: st.column_config.ListColumn(HEADERS[S.counterparts]),
            S.outlet: st.column_config.TextColumn(HEADERS[S.outlet]),
            S.n_sources: st.column_config.NumberColumn(
                HEADERS[S.n_sources], help="How many outlets carried this quote"
            ),
            S.date_source: st.column_config.TextColumn(
                HEADERS[S.date_source], help="Where the date came from: publication, dateline or the text"
            ),
            S.cue: st.column_config.TextColumn(HEADERS[S.cue], help="The reporting verb or phrase"),
            "source": st.column_config.LinkColumn(HEADERS["source"], display_text="open"),
            S.statement_id: st.column_config.TextColumn(HEADERS[S.statement_id]),
            CORRECTED: st.column_config.CheckboxColumn("✎", help="Corrected by an analyst"),
        },
    )
    if len(rows) > SHOW_LIMIT:
        st.caption(
            f"Showing the first {SHOW_LIMIT:,} of {plural(len(rows), 'statement')} in this order; "
            "the downloads hold all."
        )
