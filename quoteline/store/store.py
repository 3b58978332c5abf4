"""The statement store: articles, statements and the corrections log as Delta Lake tables in one folder.

Layout of ``root``: ``articles/``, ``statements/`` (partitioned by the year and month of the statement date)
and ``corrections/``, each a Delta table; ``commit.json``, the versions of the three tables that make up the
current commit (``quoteline.store.manifest``); ``.lock``, held by writers. Readers never lock: they read
``commit.json`` and pin every table to the version it names. A data file never changes once written, and a
version's files stay until a vacuum older than the retention removes them, so a pinned read stays whole.

``Store`` is built in layers, each a module: ``table_files`` (the folder and the data files read so far),
``locking`` (the writers' lock and its checks), ``reading`` (tables, rows, corrections applied),
``maintenance`` (compaction, vacuum, history), ``commit`` (one commit's transactions and record) and
``writing`` (add, replace, correct).
"""

from __future__ import annotations

from quoteline.store.writing import AddResult, StoreWriter

__all__ = ["AddResult", "Store"]


class Store(StoreWriter):
    """A folder holding the articles, statements and corrections tables."""
