"""The evidence parts of the detail panel: the phrase that set the date, the speaker's mention chain, and
the whole source article with every statement it yielded highlighted (each a link that selects it).

The markup comes from ``quoteline.query.evidence``, which escapes all article text.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

import numpy as np
import pandas as pd
import streamlit as st

from quoteline.query import evidence as ev
from quoteline.query.corpus import Corpus
from quoteline.query.text import escape
from quoteline.schema import S

CSS = (
    "<style>"
    ".ql-evidence mark.ql-date-phrase{background:#ffd54f;font-weight:600}"
    ".ql-evidence mark.ql-mention{background:#b3e5fc;font-weight:600}"
    ".ql-evidence mark.ql-cue{background:#c8e6c9;text-decoration:underline}"
    ".ql-evidence mark.ql-span{background:#eeeeee}"
    ".ql-article-full{white-space:pre-wrap;max-height:32rem;overflow-y:auto;padding:0.5rem;"
    "border:1px solid #ddd;font-size:0.95rem;line-height:1.5}"
    ".ql-article-full mark.ql-stmt{background:#fff3c4}"
    ".ql-article-full mark.ql-stmt a{color:inherit;text-decoration:none}"
    ".ql-article-full mark.ql-stmt-selected{background:#ffb74d;outline:2px solid #e65100}"
    "</style>"
)


def _query() -> str:
    """The current page's query string, so that a link to another statement keeps the view."""
    return urlencode([(k, v) for k in st.query_params for v in st.query_params.get_all(k)])


def render_date(text: str, row: Mapping[str, Any]) -> None:
    """What set the date, with the phrase highlighted in its sentence of the article."""
    line = ev.date_evidence_text(row)
    span = ev.date_phrase_span(row)
    shown = ""
    if span is not None and span[1] <= len(text):
        marks = [ev.Highlight(span[0], span[1], "ql-date-phrase")]
        shown = f"<div class='ql-date-excerpt'>{ev.excerpt(text, marks, *span)}</div>"
    st.html(
        f"{CSS}<div class='ql-evidence ql-date-evidence'><b>Date evidence</b>: "
        f"<span class='ql-date-basis'>{escape(line)}</span>{shown}</div>"
    )


def render_speaker(text: str, row: Mapping[str, Any]) -> None:
    """The speaker's mention chain ("he" → "the Drevnian leader" → "Ada Vell"), each link highlighted in
    its excerpt, the cue beside the first."""
    chain = ev.chain_links(row.get(S.speaker_chain))
    if chain is None:
        st.html(f"<div class='ql-evidence'><b>Speaker evidence</b>: {escape(ev.NOT_RECORDED)}</div>")
        return
    if not chain:
        st.html(
            "<div class='ql-evidence'><b>Speaker evidence</b>: the article does not name the speaker "
            "before this statement</div>"
        )
        return
    cue = ev.span(row.get(S.cue_start), row.get(S.cue_end))
    summary = " → ".join(f"<span class='ql-chain-text'>{escape(link.text)}</span>" for link in chain)
    items = []
    for k, link in enumerate(chain):
        if link.end > len(text):
            continue
        marks = [ev.Highlight(link.start, link.end, "ql-mention")]
        if k == 0 and cue is not None and cue[1] <= len(text):
            marks.append(ev.Highlight(cue[0], cue[1], "ql-cue"))
        items.append(f"<li class='ql-chain-link'>{ev.excerpt(text, marks, link.start, link.end)}</li>")
    st.html(
        f"{CSS}<div class='ql-evidence ql-speaker-evidence'><b>Speaker evidence</b>: "
        f"<span class='ql-chain'>{summary}</span>"
        f"<ol>{''.join(items)}</ol><small>cue highlighted in green</small></div>"
    )


def article_statements(data: Corpus, article_id: str) -> pd.DataFrame:
    """The statements one article yielded: id, span, speaker and kind."""
    if data.rows_from is not None:  # a lean corpus holds no article ids: the lake answers
        rows = np.flatnonzero(data.rows_of_ids(data.rows_from.of_article(article_id)))
    else:
        rows = np.flatnonzero(data.col(S.article_id).to_numpy() == article_id)
    return data.take(rows, [S.statement_id, S.start, S.end, S.speaker, S.kind])


def render_article(text: str, statements: pd.DataFrame, selected: str) -> None:
    """The whole article, readable, every statement highlighted; a click on one opens its detail."""
    marks = [
        ev.Highlight(
            int(r[S.start]),
            int(r[S.end]),
            "ql-stmt ql-stmt-selected" if r[S.statement_id] == selected else "ql-stmt",
            str(r[S.statement_id]),
        )
        for _, r in statements.iterrows()
    ]
    n = len(marks)
    with st.expander(f"Whole article ({n} statement{'s' if n != 1 else ''} highlighted)"):
        st.html(f"{CSS}<div class='ql-article-full'>{ev.marked(text, marks, link=_query())}</div>")
