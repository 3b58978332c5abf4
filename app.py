"""Quoteline dashboard entry point: page setup and routing only (the pages live in views/)."""

import streamlit as st

from components import logs, preload
from components.notices import store_problem
from quoteline import settings
from quoteline.query.corpus import StaleCorpus
from quoteline.store import StoreError

# Streamlit runs this script as "__main__". A process started by multiprocessing's "spawn" from the server
# (or from a test that ran the app in-process) re-imports the main script as "__mp_main__": it must not
# draw the app there.
if __name__ == "__main__":
    st.set_page_config(page_title="Quoteline", page_icon=":material/format_quote:", layout="wide")
    try:
        settings.validate()  # a malformed QUOTELINE_* variable is named here, not met as a traceback later
    except settings.SettingsError as err:
        st.error(f"Quoteline's settings are malformed; fix these environment variables and restart:\n\n{err}")
        st.stop()
    logs.setup()

    pages = {
        "timeline": st.Page(
            "views/timeline.py",
            title="Leader timelines",
            icon=":material/timeline:",
            url_path="timeline",
            default=True,
        ),
        "topics": st.Page(
            "views/topics.py", title="Topic timelines", icon=":material/sell:", url_path="topics"
        ),
        "compare": st.Page(
            "views/compare.py", title="Compare leaders", icon=":material/compare_arrows:", url_path="compare"
        ),
        "changes": st.Page(
            "views/changes.py", title="What changed", icon=":material/change_circle:", url_path="changes"
        ),
        "table": st.Page(
            "views/table.py", title="Statements", icon=":material/table_rows:", url_path="table"
        ),
        "add": st.Page("views/add.py", title="Add articles", icon=":material/add_circle:", url_path="add"),
        "corrections": st.Page(
            "views/corrections.py", title="Corrections", icon=":material/edit_note:", url_path="corrections"
        ),
    }
    current = st.navigation(list(pages.values()))
    # Pages with Plotly charts ask for Plotly's bundle before their script's slow part (components.preload).
    # The Leader, Topic and Compare pages draw SVG charts with the partial bundle (components.lite_chart);
    # a WebGL chart (thousands of markers or bins), which only Streamlit's full bundle draws, loads that
    # bundle when it arrives.
    if current.url_path in {pages[name].url_path for name in ("timeline", "topics", "compare")}:
        preload.lite_early()
    # A shared link names its page in the query string too; follow it when it differs from the path.
    wanted = pages.get(st.query_params.get("page", ""))
    if wanted is not None and wanted.url_path != current.url_path:
        st.switch_page(
            wanted, query_params=[(k, v) for k in st.query_params for v in st.query_params.get_all(k)]
        )
    try:
        current.run()
    except StaleCorpus:  # a commit rewrote the files of the loaded store version: load the new one
        st.cache_resource.clear()
        st.rerun()
    except StoreError as err:  # a damaged or unreadable store: say what is wrong and what to do
        store_problem(err)
