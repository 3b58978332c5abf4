"""The "What changed" panel: line shifts of the selected speakers and topics, with the statements around."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from components import urlstate
from components.statements_table import tag_lists
from quoteline.query import shift_marks
from quoteline.query.corpus import Corpus
from quoteline.query.shifts import CHANGE_RANGE, CHANGE_STEP, WINDOW_RANGE, Shift, ShiftSettings, find_shifts
from quoteline.query.text import escape, safe_url
from quoteline.schema import STANCE_LABELS, S

SHOW_LIMIT = 50
CAVEAT = (
    "A shift is a pointer for reading, not a finding. It compares the stances of consecutive statements of a "
    "speaker on a topic (the stance comes from the reporting verb: *denied*, *admitted*, *warned*), or marks "
    "a counterpart the speaker starts to name. Read the statements on either side before citing it."
)
_COLUMNS = (S.statement_id, S.speaker, S.stance, S.date, S.text, S.cue, S.outlet, S.article_id)


def statements_of(data: Corpus, rows: np.ndarray) -> pd.DataFrame:
    """The columns line shifts need, for the dated ``rows``."""
    frame = data.take(rows, list(_COLUMNS)).reset_index(drop=True)
    frame[S.topics] = tag_lists(data.topics, rows, len(data))
    frame[S.counterparts] = tag_lists(data.counterparts, rows, len(data))
    return frame


def settings_widgets() -> ShiftSettings:
    """The method's knobs, in an expander, with what each one does. Their values come from the link
    (``components.urlstate`` pushes them; ``swindow``, ``smin``, ``schange``), which carries them to the
    timelines' shift marks too."""
    with st.expander("How shifts are found", expanded=False):
        st.markdown(CAVEAT)
        window = st.slider(
            "Statements compared on each side",
            *WINDOW_RANGE,
            key="w_shift_window",
            help="How many stance-bearing statements before and after a date are compared.",
        )
        # At most the window on a side (ShiftSettings refuses more): a smaller window lowers the fewest too.
        if int(st.session_state.get("w_shift_min", 1)) > window:
            st.session_state["w_shift_min"] = window
        least = st.slider(
            "Fewest statements on a side",
            1,
            window,
            key="w_shift_min",
            help="A side with fewer statements than this cannot show a shift.",
        )
        change = st.slider(
            "Smallest change of stance mix",
            *CHANGE_RANGE,
            step=CHANGE_STEP,
            key="w_shift_change",
            help="0 is the same mix of stances on both sides, 1 a complete change.",
        )
    return ShiftSettings(window=window, min_statements=least, min_change=change)


def _statement_list(by_id: pd.DataFrame, ids: tuple[str, ...], urls: dict[str, str]) -> str:
    """The statements ``ids`` as an HTML list; ``by_id`` is the statements frame indexed by statement id."""
    items = []
    for sid in ids:
        if sid not in by_id.index:
            continue
        row = by_id.loc[sid]
        stance = STANCE_LABELS.get(str(row[S.stance]), str(row[S.stance]))
        url = safe_url(urls.get(str(row[S.article_id])))
        link = f"<a href='{escape(url)}' target='_blank' rel='noopener noreferrer'>source</a>"
        source = f" · {link}" if url else ""
        items.append(
            f"<li data-statement-id='{escape(sid)}'><b>{escape(row[S.date])}</b> · "
            f"<i>{escape(row[S.cue], '—')}</i> · {escape(stance)} · {escape(row[S.outlet])}{source}"
            f"<br>{escape(row[S.text])}</li>"
        )
    return "<ul class='ql-shift-statements'>" + "".join(items) + "</ul>"


def _title(shift: Shift) -> str:
    """The panel's heading: the shift's date, then the words its mark on a timeline hovers with."""
    return f"{shift.date} · {shift_marks.label(shift)}"


def render(data: Corpus, rows: np.ndarray, urls: dict[str, str]) -> list[Shift]:
    """List the shifts found in ``rows`` (latest first); returns them, for the caller to mark elsewhere."""
    cfg = settings_widgets()
    frame = statements_of(data, rows)
    shifts = find_shifts(frame, cfg)
    n = len(shifts)
    if not n:
        st.info("No change of line found in the statements selected: widen the filters or the settings.")
        return shifts
    shown = f"; the latest {SHOW_LIMIT} shown." if n > SHOW_LIMIT else "."
    by_id = frame.drop_duplicates(S.statement_id).set_index(S.statement_id)
    st.caption(f"{n:,} shift{'s' if n != 1 else ''} found{shown}")
    for i, shift in enumerate(shifts[:SHOW_LIMIT]):
        with st.container(border=True, key=f"shift_{i}"):
            st.html(f"<div class='ql-shift' data-kind='{shift.kind}'><b>{escape(_title(shift))}</b></div>")
            if shift.kind == "stance":
                st.caption(f"Change of stance mix: {shift.change:.2f}")
            before, after = st.columns(2)
            with before:
                st.markdown("Before")
                st.html(_statement_list(by_id, shift.before_ids, urls))
            with after:
                st.markdown(f"From {shift.date}")
                st.html(_statement_list(by_id, shift.after_ids, urls))
            first = shift.after_ids[0] if shift.after_ids else None
            if first:
                st.button(
                    "Open the first statement of the new line",
                    key=f"shift_open_{i}",
                    on_click=urlstate.select_statement,
                    args=(first,),
                )
    return shifts
