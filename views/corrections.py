"""Corrections page: the log of analysts' corrections (filters, undo) and the undated articles to date."""

import streamlit as st

from components import corrections_log, edit, notices, page

ctx = page.begin("corrections", "Corrections")
edit.notice()
if not edit.enabled():
    st.info(
        "This deployment is read-only: corrections are listed here, none can be made.", icon=":material/lock:"
    )
if len(ctx.corpus) == 0:
    notices.empty(ctx.corpus, ctx.view.filters, ctx.selection.dated)
corrections_log.render_undated()
corrections_log.render_merge(sorted(ctx.corpus.speaker_counts()))
corrections_log.render_log()
