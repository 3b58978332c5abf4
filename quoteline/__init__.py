"""Quoteline: turn news articles into a table of dated, attributed statements.

The package holds everything that is not UI: extraction, dates, topics, storage and queries.
It never imports Streamlit, so it can be tested and scripted without the dashboard.
"""

__version__ = "0.1.0"
# Bumped whenever extraction output changes, so `ingest --reextract` refreshes stored articles.
EXTRACTOR_VERSION = "22"
