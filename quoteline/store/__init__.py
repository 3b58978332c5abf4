"""The statement store: two Parquet tables (articles, statements) on disk, written atomically under a lock.

Public API: ``Store(root=None)`` with ``exists``, ``version``, ``statements``, ``articles``, ``article``,
``add`` and ``replace_extraction``; ``AddResult``; ``StoreError``.
"""

from quoteline.store.errors import StoreError
from quoteline.store.store import AddResult, Store

__all__ = ["AddResult", "Store", "StoreError"]
