"""The dashboard as `components.serve` (`make run`) serves it: `app.py` as an `st.App`, with the route
that streams the Statements table's downloads (`components.download_route`).

``streamlit run asgi.py`` finds ``app`` below and serves it; ``components.serve`` names the page script in
``QUOTELINE_APP_SCRIPT`` (default: ``app.py`` beside this file).
"""

import os
from pathlib import Path

import streamlit as st

from components import download_route

app = st.App(
    os.environ.get("QUOTELINE_APP_SCRIPT") or Path(__file__).resolve().parent / "app.py",
    routes=download_route.routes(),
)
