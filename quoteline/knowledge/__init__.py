"""Domain knowledge loaded from ``data/``: leaders gazetteer, institutions, countries, topics."""
