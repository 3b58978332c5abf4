"""DuckDB over the store's Delta tables, pinned to one commit: the query path for export and the dashboard.

``open_lake(store)`` reads ``commit.json`` once and registers, in an in-memory DuckDB connection, each table
at the Delta version that commit names. DuckDB reads the statements files that version lists with its own
Parquet reader, in one scan whose ``year``/``month`` partitions prune files (the articles through delta-rs's
Arrow dataset), so a query's filters (the partitions included) and its column list are pushed down to the
files: nothing is held in memory beyond what a query returns. DuckDB's own ``delta`` extension is not used:
it is not in the wheel and would be downloaded at run time; extension auto-loading is switched off so no
query can trigger a download either.

Views, each the commit as Quoteline's reads see it (the corrections log applied, unless ``raw``):

- ``statements``: the stored statement columns, the Delta columns ``day`` (date32), ``year`` and ``month``,
  and ``corrected`` (whether a correction changed the row). Corrections are applied by computing the corrected
  rows of just the statements the log reaches (``quoteline.store.overlay``, the same code every other reader
  uses) and swapping them in: the scan of the untouched rows stays a pushed-down scan of the files.
- ``articles``: the articles table, corrected the same way.
- ``sources``: ``cluster_id`` -> ``n_sources`` (distinct outlets, or unattributed articles, per cluster).
- ``counts``: the leader x topic x week counts written at commit time (``quoteline.query.counts``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as pds

from quoteline.schema import A, S
from quoteline.store import delta, overlay
from quoteline.store.errors import StoreError, repair_hint
from quoteline.store.manifest import ALL_TABLES, Manifest
from quoteline.store.overlay import CORRECTED, Overlay
from quoteline.store.store import Store
from quoteline.store.tables import (
    ARTICLES_SCHEMA,
    DELTA_SCHEMAS,
    MONTH,
    STORED_STATEMENT_COLUMNS,
    TAG_SEP,
    TAG_SETS,
    YEAR,
    derived_statement_columns,
)
from quoteline.store.view_types import filtered

LOGGER = logging.getLogger(__name__)

_CONFIG: Final = {
    # Never fetch an extension from the network: a query that would need one fails instead.
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
}
BATCH_ROWS: Final = 50_000


def quote(name: str) -> str:
    """A column name as a DuckDB identifier (``end`` and ``start`` are SQL keywords)."""
    return '"' + name.replace('"', '""') + '"'


@dataclass
class Lake:
    """A DuckDB connection whose views hold one commit of the store (see the module docstring)."""

    store: Store
    manifest: Manifest | None
    con: duckdb.DuckDBPyConnection
    raw: bool

    @property
    def version(self) -> str:
        """The commit stamp the views are pinned to."""
        return "empty" if self.manifest is None else self.manifest.version

    def table(self, sql: str, params: Sequence[Any] | None = None) -> pa.Table:
        """The result of ``sql`` as an Arrow table (for results small enough to hold)."""
        try:
            return self.con.sql(sql, params=params).to_arrow_table()
        except duckdb.Error as exc:
            raise self.failure(exc) from exc

    def reader(
        self, sql: str, params: Sequence[Any] | None = None, rows: int = BATCH_ROWS
    ) -> pa.RecordBatchReader:
        """A reader of the result of ``sql`` in Arrow record batches of about ``rows`` rows, produced as they
        are read; iterate it with ``read`` to get StoreErrors."""
        try:
            return self.con.sql(sql, params=params).to_arrow_reader(rows)
        except duckdb.Error as exc:
            raise self.failure(exc) from exc

    def read(self, reader: pa.RecordBatchReader) -> Iterator[pa.RecordBatch]:
        """The batches of ``reader``; a failure (a data file vacuumed away meanwhile) as a StoreError."""
        while True:
            try:
                batch = reader.read_next_batch()
            except StopIteration:
                return
            except (duckdb.Error, OSError, pa.ArrowException) as exc:
                raise self.failure(exc) from exc
            yield batch

    def batches(
        self, sql: str, params: Sequence[Any] | None = None, rows: int = BATCH_ROWS
    ) -> Iterator[pa.RecordBatch]:
        """The result of ``sql`` as Arrow record batches of about ``rows`` rows, produced as they are read."""
        yield from self.read(self.reader(sql, params, rows))

    def close(self) -> None:
        """Release the connection (the views and their pinned datasets)."""
        self.con.close()

    def __enter__(self) -> Lake:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def failure(self, exc: BaseException) -> StoreError:
        """A query failed: name the pinned data files that are gone (a vacuum or damage), else the error."""
        gone = _missing_files(self.store, self.manifest)
        if gone:
            LOGGER.error("%s: data files of commit %s are missing: %s", self.store.root, self.version, gone)
            root = self.store.root
            return StoreError(
                f"{root}: the commit {self.version} names {len(gone)} data file(s) that are missing "
                f"({', '.join(gone[:3])}{', ...' if len(gone) > 3 else ''}): a compaction vacuumed them "
                f"(reopen the store to read its current commit) or the store is damaged ({repair_hint(root)})"
            )
        LOGGER.error("%s: query failed: %s", self.store.root, exc)
        return StoreError(f"{self.store.root}: cannot query the store: {exc}")


def _missing_files(store: Store, manifest: Manifest | None) -> list[str]:
    if manifest is None:
        return []
    gone = []
    for table in ALL_TABLES:
        version = manifest.table_version(table)
        for file in delta.data_files(store.root, table, version):
            if not (delta.table_path(store.root, table) / file.path).is_file():
                gone.append(f"{table}/{file.path}")
    return gone


def open_lake(
    store: Store, manifest: Manifest | None = None, *, raw: bool = False, threads: int | None = None
) -> Lake:
    """A DuckDB connection over ``store``'s commit ``manifest`` (default: the current one).

    Raises StoreError when the store cannot be read (a damaged commit record, a missing data file).
    """
    pinned = manifest if manifest is not None else store.manifest()
    con = duckdb.connect(":memory:", config=dict(_CONFIG))
    # The progress bar draws on the terminal: it would land in an export written to standard output.
    con.execute("SET enable_progress_bar = false")
    # Keep each data file's Parquet footer between queries: a Delta data file never changes once written,
    # and a query over one month or a few speakers otherwise spends most of its time re-reading the
    # footers of every file it prunes (1M synthetic statements, 61 files: 107 -> 55 CPU ms a query that
    # keeps no row group).
    con.execute("SET parquet_metadata_cache = true")
    if threads is not None:
        con.execute(f"SET threads = {int(threads)}")
    lake = Lake(store, pinned, con, raw)
    try:
        gone = _missing_files(store, pinned)
        if gone:
            raise lake.failure(FileNotFoundError(gone[0]))
        ov = Overlay() if raw or pinned is None else store.overlay(pinned)
        statements = _dataset(store, pinned, "statements")
        articles = _dataset(store, pinned, "articles")
        _statements_files(con, store, pinned, statements)
        con.register("articles_raw", articles)
        _statements_view(con, statements, ov)
        _articles_view(con, articles, ov)
        con.execute(
            f"""CREATE VIEW sources AS SELECT {S.cluster_id}, count(DISTINCT coalesce({S.outlet},
            'article:' || {S.article_id})) AS {S.n_sources} FROM statements GROUP BY {S.cluster_id}"""
        )
        from quoteline.query.counts import register_counts

        register_counts(lake)
    except duckdb.Error as exc:
        con.close()
        raise lake.failure(exc) from exc
    except BaseException:
        con.close()
        raise
    return lake


def _dataset(store: Store, manifest: Manifest | None, table: str) -> pds.Dataset | pa.Table:
    """The table's Arrow dataset at the commit's version (an empty table when the commit has none)."""
    version = None if manifest is None else manifest.table_version(table)
    ds = delta.dataset(store.root, table, version)
    return DELTA_SCHEMAS[table].empty_table() if ds is None else ds


def _statements_files(
    con: duckdb.DuckDBPyConnection, store: Store, manifest: Manifest | None, data: pds.Dataset | pa.Table
) -> None:
    """``statements_raw``: the commit's statements data files, read by DuckDB's own Parquet reader.

    Reading them through delta-rs's Arrow dataset costs four to six times the CPU (measured at 10M
    statements: a group-by over three columns 1.5 CPU s against 0.27), because DuckDB's reader runs its
    own threads, decodes dictionaries in place and skips row groups by their statistics (the files are
    sorted by speaker: ``quoteline.store.delta.laid_out``). The files are the ones the pinned Delta version
    lists, in ONE ``read_parquet`` whose ``year``/``month`` come from the Hive-style folders delta-rs writes
    them in (``__HIVE_DEFAULT_PARTITION__`` read as null): a filter on them drops whole files before any is
    opened, which is the partition pruning. One scan rather than a ``UNION ALL`` branch per partition:
    binding and optimising 61 branches cost about 45 CPU ms a query at 1M synthetic statements (a query
    that keeps no row group: 61 -> 15 ms; one leader's rows: 144 -> 74 ms), a fixed cost every facet read
    of the statements paid.
    """
    version = None if manifest is None else manifest.table_version("statements")
    files = delta.data_files(store.root, "statements", version)
    if not files:  # (an empty table of today's columns: a dataset written before the tag sets lacks them)
        con.register("statements_raw", DELTA_SCHEMAS["statements"].empty_table())
        return
    root = delta.table_path(store.root, "statements")
    schema = DELTA_SCHEMAS["statements"]
    stored = [n for n in schema.names if n not in (YEAR, MONTH)]
    # A commit written before the tag sets existed (not yet migrated, or read by time travel) computes them
    # from the lists: right, at the lists' price.
    held = set(data.schema.names)
    picked = ", ".join(
        quote(n) if n in held or n not in TAG_SETS else f"{tag_set_sql(TAG_SETS[n])} AS {quote(n)}"
        for n in stored
    )
    if _hive_safe(root):
        listed = _sql_paths(root / f.path for f in files)
        con.execute(
            f"""CREATE VIEW statements_raw AS SELECT {picked}, {YEAR}, {MONTH}
            FROM read_parquet([{listed}], hive_partitioning = true, union_by_name = true,
                              hive_types = {{'{YEAR}': SMALLINT, '{MONTH}': TINYINT}})"""
        )
        return
    # The store lives under a folder whose name DuckDB would read as a partition: one branch per partition,
    # its year and month constants from the Delta log: slower, but right.
    by_partition: dict[tuple[int | None, ...], list[Path]] = {}
    for file in files:
        by_partition.setdefault(file.partition, []).append(root / file.path)
    branches = []
    for partition, paths in by_partition.items():
        year, month = (*partition, None, None)[:2]
        branches.append(
            f"SELECT {picked}, CAST({_sql_int(year)} AS SMALLINT) AS {YEAR}, "
            f"CAST({_sql_int(month)} AS TINYINT) AS {MONTH} "
            f"FROM read_parquet([{_sql_paths(paths)}], hive_partitioning = false, union_by_name = true)"
        )
    con.execute("CREATE VIEW statements_raw AS " + " UNION ALL ".join(branches))


def tag_set_sql(column: str) -> str:
    """DuckDB's ``quoteline.store.tables.tag_set`` of list column ``column``."""
    sep = f"chr({ord(TAG_SEP)})"
    distinct = f"list_sort(list_distinct({quote(column)}))"  # list_distinct drops nulls
    return (
        f"CASE WHEN coalesce(len({distinct}), 0) = 0 THEN '' "
        f"ELSE {sep} || array_to_string({distinct}, {sep}) || {sep} END"
    )


def _hive_safe(table_root: Path) -> bool:
    """Whether DuckDB's Hive parsing sees only the table's own ``year=``/``month=`` folders. It reads every
    ``key=value`` folder of a file's whole path, the first of a key winning, so a store kept under a folder
    such as ``year=1999`` or ``run=2`` would take its years (or a column) from there."""
    return not any("=" in part for part in table_root.parts)


def _sql_paths(paths: Iterable[Path]) -> str:
    return ", ".join("'" + str(p).replace("'", "''") + "'" for p in paths)


def _sql_int(value: int | None) -> str:
    return "NULL" if value is None else str(int(value))


def _patched_statements(data: pds.Dataset | pa.Table, ov: Overlay) -> pa.Table | None:
    """The corrected rows of every statement the log reaches (added ones included, deleted ones left out),
    in the statements view's columns; None when the log reaches none."""
    if ov.empty:
        return None
    ids = set(ov.statement_fields) | set(ov.derived) | ov.deleted
    outlet_articles = {a for a, f in ov.article_fields.items() if "outlet" in f}
    merged = set(ov.merges)
    reach = pc.is_in(pc.field(S.statement_id), pa.array(sorted(ids), pa.string()))
    if outlet_articles:
        reach = reach | pc.is_in(pc.field(S.article_id), pa.array(sorted(outlet_articles), pa.string()))
    if merged:
        reach = reach | pc.is_in(pc.field(S.speaker), pa.array(sorted(merged), pa.string()))
    columns = list(STORED_STATEMENT_COLUMNS)
    touched = data.filter(reach).select(columns) if isinstance(data, pa.Table) else None
    if touched is None:
        assert isinstance(data, pds.Dataset)
        touched = filtered(data, columns=columns, condition=reach)
    touched = touched.cast(pa.schema([DELTA_SCHEMAS["statements"].field(c) for c in columns]))
    fixed = overlay.apply_statements(touched, ov, [*columns, CORRECTED])
    derived = derived_statement_columns(fixed)
    out = fixed.select(columns)
    for name, column in derived.items():
        out = out.append_column(name, column)
    out = out.cast(DELTA_SCHEMAS["statements"])
    return out.append_column(CORRECTED, fixed.column(CORRECTED))


def _statements_view(con: duckdb.DuckDBPyConnection, data: pds.Dataset | pa.Table, ov: Overlay) -> None:
    names = ", ".join(quote(n) for n in DELTA_SCHEMAS["statements"].names)
    patch = _patched_statements(data, ov)
    if patch is None:
        con.execute(f"CREATE VIEW statements AS SELECT {names}, false AS {CORRECTED} FROM statements_raw")
        return
    # Every id the log reaches leaves the scan: edited rows come back from the patch, deleted ones do not.
    reached = sorted(
        set(ov.statement_fields)
        | set(ov.derived)
        | ov.deleted
        | set(patch.column(S.statement_id).to_pylist())
    )
    con.register("statements_patch", patch)
    con.register("statements_reached", pa.table({S.statement_id: pa.array(reached, pa.string())}))
    con.execute(
        f"""CREATE VIEW statements AS
        SELECT {names}, false AS {CORRECTED} FROM statements_raw
            WHERE {S.statement_id} NOT IN (SELECT {S.statement_id} FROM statements_reached)
        UNION ALL SELECT {names}, {CORRECTED} FROM statements_patch"""
    )


def _articles_view(con: duckdb.DuckDBPyConnection, data: pds.Dataset | pa.Table, ov: Overlay) -> None:
    names = ", ".join(quote(n) for n in ARTICLES_SCHEMA.names)
    if not ov.article_fields:
        con.execute(f"CREATE VIEW articles AS SELECT {names}, false AS {CORRECTED} FROM articles_raw")
        return
    ids = pa.array(sorted(ov.article_fields), pa.string())
    columns = list(ARTICLES_SCHEMA.names)
    if isinstance(data, pa.Table):
        touched = data.filter(pc.is_in(data[A.article_id], ids)).select(columns)
    else:
        touched = filtered(data, columns=columns, condition=pc.is_in(pc.field(A.article_id), ids))
    touched = touched.cast(pa.schema([ARTICLES_SCHEMA.field(c) for c in columns]))
    patch = overlay.apply_articles(touched, ov, [*columns, CORRECTED])
    con.register("articles_patch", patch)
    con.execute(
        f"""CREATE VIEW articles AS
        SELECT {names}, false AS {CORRECTED} FROM articles_raw
            WHERE {A.article_id} NOT IN (SELECT {A.article_id} FROM articles_patch)
        UNION ALL SELECT {names}, {CORRECTED} FROM articles_patch"""
    )
