"""Queries over the store for the dashboard: filters, aggregation and URL view state (no Streamlit here)."""

from quoteline.query.corpus import Corpus, Tags
from quoteline.query.filters import Filters, Selection, apply, mask, select
from quoteline.query.state import ViewState, Vocabulary

__all__ = ["Corpus", "Filters", "Selection", "Tags", "ViewState", "Vocabulary", "apply", "mask", "select"]
