"""The selected statement: its words, cue, stance and date, the highlighted source paragraph, the link,
and every other outlet that carried the same quote. All article text is escaped before it is rendered."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from components import data as store_data
from components import edit, evidence, urlstate
from quoteline.query import aggregate as agg
from quoteline.query.corpus import Corpus
from quoteline.query.text import escape, present, safe_url
from quoteline.schema import STANCE_LABELS, S

DATE_HOW = {
    "published": "the article's publication date",
    "dateline": "the article's dateline",
    "relative": "a relative date in the text (e.g. 'on Tuesday')",
    "unknown": "no date found",
    "corrected": "an analyst's correction",
}
STYLE = (
    "border-left:4px solid #1f77b4;padding:0.4rem 0.8rem;margin:0.3rem 0;"
    "white-space:pre-wrap;font-size:1.05rem"
)


def _highlighted(text: str, start: int, end: int) -> str:
    """The paragraph holding text[start:end], escaped, with the span in <mark>."""
    begin, finish = agg.paragraph_bounds(text, start, end)
    start, end = max(start, begin), min(max(end, start), finish)
    return (
        escape(text[begin:start]) + "<mark>" + escape(text[start:end]) + "</mark>" + escape(text[end:finish])
    )


def _article_part(data: Corpus, row: pd.Series, article: dict[str, Any] | None) -> None:
    if article is None:
        st.caption("The source article is not in the store.")
        return
    text = present(article.get("text")) or ""
    st.markdown("**Source article**")
    st.html(
        f"<div class='ql-article'><b>{escape(article.get('title'))}</b> · "
        f"{escape(article.get('outlet'), 'unknown outlet')}"
        f" · {escape(article.get('published'), 'undated')}</div>"
    )
    edit.article_editor(article)
    if text:
        st.html(
            f"<div class='ql-paragraph' style='{STYLE};border-color:#bbb'>"
            f"{_highlighted(text, int(row[S.start]), int(row[S.end]))}</div>"
        )
        stored = store_data.statement_row(str(row[S.statement_id])) or {}
        evidence.render_date(text, stored)
        evidence.render_speaker(text, stored)
        statements = evidence.article_statements(data, str(row[S.article_id]))
        evidence.render_article(text, statements, str(row[S.statement_id]))
    url = safe_url(article.get("url"))
    if url:
        st.link_button("Open the source", url)
    elif present(article.get("url")):
        st.caption("The stored link is not an http(s) address, so it is not offered.")


def render(data: Corpus) -> None:
    """Show the selected statement, if any."""
    selected = st.session_state.get(urlstate.SELECTED_KEY)
    if not selected:
        st.caption(
            "Click a marker on a timeline (or a row of the statements table) to see the statement "
            "in its source."
        )
        return
    row_index = data.row_of(selected)
    if row_index is None:
        st.info("The selected statement is not in the store any more.")
        return
    row = data.take(
        [row_index],
        [
            S.statement_id,
            S.article_id,
            S.speaker,
            S.kind,
            S.cue,
            S.text,
            S.start,
            S.end,
            S.date,
            S.date_source,
            S.stance,
            S.outlet,
        ],
    ).iloc[0]
    st.subheader("Selected statement")
    edit.notice()
    marks = store_data.marks(str(selected))

    def m(field: str) -> str:
        return edit.mark(field, marks)  # the corrected mark beside a value

    stance = STANCE_LABELS.get(str(row[S.stance]), str(row[S.stance]))
    date = row[S.date] if isinstance(row[S.date], str) else "undated"
    how = DATE_HOW.get(str(row[S.date_source]), str(row[S.date_source]))
    added = " <i>(added by an analyst)</i>" if "add" in marks else ""
    st.html(
        f"<div class='ql-detail' data-statement-id='{escape(selected)}'>"
        f"<div style='{STYLE}'>{escape(row[S.text])}{m('text')}</div>"
        f"<div><b class='ql-speaker'>{escape(row[S.speaker])}</b>{m('speaker')} · "
        f"{escape(row[S.kind])}{m('kind')} quote · cue <i>{escape(row[S.cue], '—')}</i> · "
        f"stance <b>{escape(stance)}</b>{m('stance')}</div>"
        f"<div>Date <b class='ql-date'>{escape(date)}</b>{m('date')}, from {escape(how)} · "
        f"{escape(row[S.outlet])}{m('outlet')}{added}</div></div>"
    )
    topic_list = data.tags_of(data.topics, row_index)
    about_list = data.tags_of(data.counterparts, row_index)
    topics = ", ".join(topic_list) or "none"
    about = ", ".join(about_list) or "none"
    st.html(f"<div>Topics: {escape(topics)}{m('topics')} · About: {escape(about)}{m('counterparts')}</div>")
    edit.statement_editor(data, row, topic_list, about_list)
    _article_part(data, row, store_data.current_article(str(row[S.article_id])))
    carriers = agg.cluster_carriers(data, row_index)
    if carriers:
        items = "".join(f"<li>{escape(c.outlet)} ({escape(c.date or 'undated')})</li>" for c in carriers)
        st.html(f"<div class='ql-carriers'>Also carried by:<ul>{items}</ul></div>")
    else:
        st.caption("No other outlet in the store carried this quote.")
    st.button("Clear selection", on_click=urlstate.select_statement, args=(None,), key="clear_selection")
