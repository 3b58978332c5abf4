"""The Corrections page's parts: the log with filters and undo, and the undated articles to date.

Everything shown comes from the store as text in ``st.dataframe`` cells or escaped Markdown, so nothing an
analyst typed (a reason, a speaker name) is ever rendered as HTML.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from components import data as store_data
from components import edit as edit_ui
from quoteline import export
from quoteline.corrections import edit
from quoteline.corrections.log import ACTIVE, ORPHANED, annotated, select
from quoteline.schema import CORRECTION_COLUMNS, A, C
from quoteline.store import Store

UNDATED_FORMS = 20  # date forms drawn at once; the CLI lists them all


@st.cache_data(max_entries=2, show_spinner=False)
def _log(root: str, version: str) -> pd.DataFrame:
    return annotated(Store(Path(root)))


def log_frame() -> pd.DataFrame:
    """The annotated log of the current store version."""
    if store_data.store_version() == "empty":
        return pd.DataFrame(columns=list(CORRECTION_COLUMNS))
    return _log(str(store_data.store().root), store_data.store_version())


def render_log() -> None:
    """The log, newest first, with filters, a download and undo."""
    log = log_frame()
    st.subheader("Corrections log")
    if log.empty:
        st.info(
            "Nothing has been corrected yet. Select a statement on any page and use **Edit this statement**."
        )
        return
    cols = st.columns(4)
    who = cols[0].selectbox("By", ["(anyone)", *sorted(log[C.by].unique())], key="w_corr_by")
    fields = cols[1].multiselect("Field", sorted(log[C.field].unique()), key="w_corr_field")
    target = cols[2].text_input("Target id or speaker", key="w_corr_target", max_chars=400)
    since = cols[3].text_input("Since (YYYY[-MM[-DD]])", key="w_corr_since", max_chars=10)
    only_orphaned = st.checkbox("Only orphaned entries (their target is gone)", key="w_corr_orphaned")
    shown = select(
        log,
        since=since.strip() or None,
        by=None if who == "(anyone)" else who,
        target=target.strip() or None,
        orphaned=only_orphaned,
    )
    if fields:
        shown = shown[shown[C.field].isin(fields)]
    st.caption(f"{len(shown)} of {len(log)} entries; the log is only ever appended to (an undo is an entry).")
    st.dataframe(
        shown.iloc[::-1].drop(columns=[C.derived]),
        hide_index=True,
        key="corrections_table",
        column_config={
            C.at: st.column_config.DatetimeColumn("When (UTC)", format="YYYY-MM-DD HH:mm"),
            ACTIVE: st.column_config.CheckboxColumn("In force"),
            ORPHANED: st.column_config.CheckboxColumn("Orphaned"),
        },
    )
    st.download_button(
        "Download the log (CSV)",
        export.csv_bytes(shown.drop(columns=[C.derived])),
        file_name="corrections.csv",
        mime="text/csv",
    )
    if edit_ui.enabled():
        _undo_form(log)


def _undo_form(log: pd.DataFrame) -> None:
    active = log[log[ACTIVE]].iloc[::-1]
    if active.empty:
        return
    labels = {
        row[
            C.entry_id
        ]: f"{row[C.entry_id]} · {row[C.field]} · {row[C.target_type]} {row[C.target]} → {row[C.new]}"
        for row in active.to_dict("records")
    }
    with st.form("undo_form"):
        chosen = st.selectbox(
            "Undo an entry in force", list(labels), format_func=lambda e: labels.get(e, str(e))
        )
        reason = st.text_input("Reason (optional)", max_chars=1000, key="w_undo_reason")
        if st.form_submit_button("Undo"):
            edit_ui.commit(
                lambda: edit.undo(
                    store_data.store(), str(chosen), by=edit_ui.by_name(), reason=reason or None
                ),
                f"Undone: entry {chosen}.",
            )


def render_merge(speakers: list[str]) -> None:
    """Merge one speaker into another for the whole store (one entry, undoable)."""
    if not edit_ui.enabled() or len(speakers) < 2:
        return
    st.subheader("Merge speakers")
    with st.form("merge_form"):
        cols = st.columns(2)
        merged = cols[0].selectbox("Speaker to merge away", speakers, key="w_merge_a")
        into = cols[1].selectbox(
            "Into (choose, or type a new name)", speakers, index=1, accept_new_options=True, key="w_merge_b"
        )
        reason = st.text_input("Reason (optional)", max_chars=1000, key="w_merge_reason")
        if st.form_submit_button("Merge"):
            edit_ui.commit(
                lambda: edit.merge_speakers(
                    store_data.store(), str(merged), str(into), by=edit_ui.by_name(), reason=reason or None
                ),
                "Merged: every statement of the first speaker now reads as the second (undo it below).",
            )


def render_undated() -> None:
    """The articles with no publication date, each with a form to date it."""
    undated = store_data.undated_articles()
    st.subheader("Undated articles", anchor="undated-articles")
    if undated.empty:
        st.caption("Every article has a publication date.")
        return
    st.caption(
        f"{len(undated)} article(s) have no publication date, so their statements are not on the timelines. "
        "Give one its date and its statements are re-dated (relative dates such as 'on Tuesday' too)."
    )
    if not edit_ui.enabled():
        st.dataframe(undated, hide_index=True)
        return
    for row in undated.head(UNDATED_FORMS).to_dict("records"):
        edit_ui.date_article_form(str(row[A.article_id]), str(row[A.title]), key=f"date_{row[A.article_id]}")
    if len(undated) > UNDATED_FORMS:
        st.caption(
            f"Showing {UNDATED_FORMS} of {len(undated)}; "
            "`python -m quoteline corrections --undated` lists them all."
        )
