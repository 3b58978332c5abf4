"""Queries over the store for the dashboard: filters, aggregation and URL view state (no Streamlit here)."""
