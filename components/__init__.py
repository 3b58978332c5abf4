"""Reusable dashboard pieces: filters, charts, statement detail, table, upload and link sharing."""
