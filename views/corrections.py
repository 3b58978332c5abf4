"""Corrections page: the log of analysts' corrections (filters, undo) and the undated articles to date."""

import streamlit as st

from components import corrections_log, edit, page

ctx = page.begin("corrections", "Corrections")
edit.notice()
if not edit.enabled():
    st.info(
        "This deployment is read-only: corrections are listed here, none can be made.", icon=":material/lock:"
    )
corrections_log.render_undated()
corrections_log.render_log()
