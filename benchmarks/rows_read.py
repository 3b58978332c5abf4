"""How many Parquet rows DuckDB actually read: its JSON profile of each query, summed over the scans.

DuckDB's Parquet reader skips a row group whose min/max statistics exclude a pushed-down filter; its
profile reports, per scan, ``row_groups_scanned`` against ``total_row_groups_to_scan`` (the row groups of
the files left after partition pruning) and ``rows_scanned`` (in duckdb 2.0: the rows the scan kept after
its pushed-down filters, not the rows it decoded). ``CountingConnection`` wraps a connection so that every
query run through it adds those up, which is how the facet benchmark and ``tests/test_lake_facets.py``
check that a leader filter reads only the leaders' row groups (not a timing: a count).
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb


@dataclass
class Read:
    """Row groups read (of those listed) and rows kept by the Parquet scans of the queries counted so far."""

    rows: int = 0
    row_groups: int = 0
    row_groups_listed: int = 0

    def add(self, profile: dict[str, Any]) -> None:
        for node in profile.get("operator", []):
            self._walk(node)

    def _walk(self, node: dict[str, Any]) -> None:
        if node.get("name") == "READ_PARQUET":  # not the scans of DuckDB's own (temporary) tables
            self.rows += int(node.get("rows_scanned") or 0)
            self.row_groups += int(node.get("row_groups_scanned") or 0)
            self.row_groups_listed += int(node.get("total_row_groups_to_scan") or 0)
        for child in node.get("children", []):
            self._walk(child)


class _Relation:
    def __init__(self, relation: duckdb.DuckDBPyRelation, owner: CountingConnection) -> None:
        self._relation = relation
        self._owner = owner

    def to_arrow_table(self) -> Any:
        out = self._relation.to_arrow_table()
        self._owner.collect()
        return out

    def __getattr__(self, name: str) -> Any:
        return getattr(self._relation, name)


class CountingConnection:
    """A DuckDB connection whose ``execute`` and ``sql(...).to_arrow_table()`` add the rows each query's
    Parquet scans read to ``read``. Everything else is the wrapped connection's."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self._con = con
        fd, name = tempfile.mkstemp(suffix=".json", prefix="duckdb_profile_")
        os.close(fd)
        self._path = Path(name)
        self.read = Read()
        con.execute("PRAGMA enable_profiling = 'json'")
        con.execute(f"PRAGMA profiling_output = '{self._path}'")

    def collect(self) -> None:
        try:
            text = self._path.read_text()
        except OSError:
            return
        if text.strip():
            self.read.add(json.loads(text))
        self._path.write_text("")

    def execute(self, sql: str, params: Any = None) -> Any:
        out = self._con.execute(sql, params)
        self.collect()
        return out

    def sql(self, sql: str, params: Any = None) -> _Relation:
        return _Relation(self._con.sql(sql, params=params), self)

    def stop(self) -> duckdb.DuckDBPyConnection:
        """Switch profiling off; returns the wrapped connection."""
        self._con.execute("PRAGMA disable_profiling")
        self._path.unlink(missing_ok=True)
        return self._con

    def __getattr__(self, name: str) -> Any:
        return getattr(self._con, name)
