"""Ingestion: read article files of any supported format into raw articles, then extract and store them."""
