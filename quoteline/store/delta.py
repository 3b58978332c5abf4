"""The store's three Delta Lake tables, written with ``deltalake`` (delta-rs): create, append, overwrite,
read at a version, roll back, list history, compact and vacuum.

Every write is one Delta transaction. Which version of each table makes up the store's current commit is
recorded in ``commit.json`` (``quoteline.store.manifest``); this module knows nothing about it.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as pds
import pyarrow.parquet as pq
from deltalake import CommitProperties, DeltaTable, WriterProperties, write_deltalake
from deltalake.exceptions import DeltaError, TableNotFoundError
from deltalake.transaction import AddAction, RemoveAction

from quoteline.schema import SCHEMA_VERSION
from quoteline.store.errors import StoreError
from quoteline.store.tables import DELTA_SCHEMAS, PARTITIONS

LOGGER = logging.getLogger(__name__)

_WRITER: Final = WriterProperties(compression="ZSTD")
# The statements table is laid out for reads of a few speakers: each data file is sorted by speaker and cut
# into row groups of ``STATEMENT_ROW_GROUP`` rows, so the Parquet footer's min/max of ``speaker`` per row
# group lets DuckDB skip the row groups of every other speaker (``quoteline.query.lake_facets`` reads only
# the chosen leaders' rows). 4,096 rows: at 1M synthetic statements a month partition (16,000 rows) is four
# row groups; smaller groups prune finer but compress worse (a month: 13.4 MB at 1,024 rows, 12.1 MB at
# 4,096, 10.6 MB in one group) and cost DuckDB a footer entry and a decode per column each.
SORT_KEY: Final = "speaker"
STATEMENT_ROW_GROUP = 4096  # not Final: tests write small stores with smaller groups


def _writer(table: str) -> WriterProperties:
    if table == "statements":
        return WriterProperties(compression="ZSTD", max_row_group_size=STATEMENT_ROW_GROUP)
    return _WRITER


def laid_out(table: str, data: pa.Table) -> pa.Table:
    """``data`` in the order ``table``'s files keep: statements sorted by speaker (then id, so a rewrite of
    the same rows writes the same file). delta-rs keeps the rows' order within each partition's file."""
    if table != "statements" or SORT_KEY not in data.column_names or data.num_rows < 2:
        return data
    keys = [(SORT_KEY, "ascending")]
    if "statement_id" in data.column_names:
        keys.append(("statement_id", "ascending"))
    return data.sort_by(keys)


GENERATION_KEY: Final = "quoteline.generation"
# A Delta reader replays the log from its last checkpoint, and the store opens each table about four times a
# commit. With Delta's default (a checkpoint every 100 versions) an ingest's commit cost grew with the
# versions since the last checkpoint: from ~5 to ~30 ms per open, ~1 s a commit, in a sawtooth of 100
# versions (docs/SCALE.md, "The commit's cost"); a compaction's per-partition Z-orders add one version each.
# A checkpoint every 10 versions bounds the replay to 10 small JSON files and one Parquet checkpoint.
CHECKPOINT_EVERY: Final = 10


def table_path(root: Path, table: str) -> Path:
    """Where ``table``'s Delta table lives in the store folder."""
    return root / table


def open_table(root: Path, table: str, version: int | None = None) -> DeltaTable | None:
    """``table`` at ``version`` (the latest when None), or None when it was never created."""
    path = table_path(root, table)
    if not (path / "_delta_log").is_dir():
        return None
    try:
        return DeltaTable(str(path), version=version)
    except TableNotFoundError:
        return None
    except (DeltaError, OSError) as exc:
        raise StoreError(f"{path}: cannot read the {table} Delta table: {exc}") from exc


def create(root: Path, table: str) -> DeltaTable:
    """Create ``table`` empty (its version 0), with its declared schema and partitions."""
    path = table_path(root, table)
    path.mkdir(parents=True, exist_ok=True)
    return DeltaTable.create(
        str(path),
        DELTA_SCHEMAS[table],
        partition_by=list(PARTITIONS[table]) or None,
        name=table,
        description=f"Quoteline {table} table, schema version {SCHEMA_VERSION}",
    )


def dataset(root: Path, table: str, version: int | None) -> pds.Dataset | None:
    """A pyarrow dataset of ``table`` at ``version``; None when the commit holds no such table."""
    if version is None:
        return None
    dt = open_table(root, table, version)
    if dt is None:
        raise StoreError(f"{table_path(root, table)}: the {table} Delta table is missing")
    try:
        return dt.to_pyarrow_dataset()
    except (DeltaError, OSError) as exc:
        raise StoreError(f"{table_path(root, table)}: cannot read the {table} Delta table: {exc}") from exc


def dictionary_type(kind: pa.DataType) -> pa.DataType:
    """``kind`` (a string or a list of strings) with its strings dictionary-encoded."""
    text = pa.dictionary(pa.int32(), pa.string())
    return pa.list_(kind.value_field.with_type(text)) if pa.types.is_list(kind) else text


def with_dictionaries(dataset: pds.Dataset, columns: Iterable[str]) -> pds.Dataset:
    """The same files as ``dataset``, read with ``columns`` (strings or lists of strings) dictionary-encoded.

    Parquet stores a column of few distinct values (speaker, outlet, date...) as a dictionary and indices;
    read that way, ten million rows of a few thousand names are 40 MB of indices instead of 10 million
    strings, and the reader never materialises the strings.
    """
    wanted = set(columns)
    schema = dataset.schema
    fields = [f.with_type(dictionary_type(f.type)) if f.name in wanted else f for f in schema]
    # Parquet names a list's leaf "<column>.list.<element>": dictionary-encode the leaf strings.
    paths = {
        f"{f.name}.list.{f.type.value_field.name}" if pa.types.is_list(f.type) else f.name
        for f in schema
        if f.name in wanted
    }
    fmt = pds.ParquetFileFormat(read_options=pds.ParquetReadOptions(dictionary_columns=paths))
    fragments = [
        fmt.make_fragment(f.path, f.filesystem, partition_expression=f.partition_expression)
        for f in dataset.get_fragments()
    ]
    return pds.FileSystemDataset(fragments, pa.schema(fields), fmt, dataset.filesystem)


def share_dictionary(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """A dictionary-encoded column (or list column) read from several files, as one chunk on one
    dictionary of the distinct strings, in order of first listing.

    Each Parquet row group brings its own dictionary (thousands at 10M statements), and the undated
    partition's lists a null: Arrow's ``take`` and ``unify_dictionaries`` refuse a null in a dictionary, and
    the corrections overlay takes rows. The row groups' dictionaries are encoded together, once (a few
    names each), and every row's index is moved onto that encoding in one vectorised pass; a missing value
    becomes a null index. The strings of the rows are never decoded.
    """
    listed = pa.types.is_list(column.type)
    chunks = [c for c in column.chunks if len(c)]
    if not chunks:
        return column
    encoded = [c.flatten() if listed else c for c in chunks]  # a list chunk's strings, as stored
    dictionaries = [e.dictionary for e in encoded]
    together = pc.dictionary_encode(pa.concat_arrays(dictionaries))  # a null name gets a null index
    # Each row group's name i is entry starts[g] + i of the names encoded together; the last slot of
    # ``remap`` maps a missing row (-1) to -1.
    remap = np.append(np.asarray(pc.fill_null(together.indices, -1), dtype=np.int32), np.int32(-1))
    starts = np.cumsum([0, *(len(d) for d in dictionaries[:-1])], dtype=np.int32)
    parts = []
    for chunk, start in zip(encoded, starts, strict=True):
        local = np.asarray(pc.fill_null(chunk.indices, -1), dtype=np.int32)
        parts.append(remap[np.where(local >= 0, local + start, -1)])
    at = np.concatenate(parts)
    del parts
    missing = at < 0
    indices = pa.array(at, mask=missing) if missing.any() else pa.array(at)
    recoded = pa.DictionaryArray.from_arrays(indices, together.dictionary)
    if not listed:
        return pa.chunked_array([recoded], column.type)
    lengths = np.concatenate([np.asarray(pc.list_value_length(c).fill_null(0)) for c in chunks])
    offsets = np.zeros(len(lengths) + 1, dtype=np.int32)
    np.cumsum(lengths, out=offsets[1:])
    nulls = np.concatenate([np.asarray(c.is_null()) for c in chunks])
    rebuilt = pa.ListArray.from_arrays(
        pa.array(offsets), recoded, type=column.type, mask=pa.array(nulls) if nulls.any() else None
    )
    return pa.chunked_array([rebuilt], column.type)


@dataclass(frozen=True)
class DataFile:
    """One Parquet data file of a table version: its path inside the table folder, its row count and its
    partition values (``(year, month)`` for statements, None where null; empty for the other tables)."""

    path: str
    rows: int
    partition: tuple[int | None, ...] = ()
    size: int = 0  # bytes


def data_files(root: Path, table: str, version: int | None) -> list[DataFile]:
    """The data files of ``table`` at ``version``, in the table's order."""
    if version is None:
        return []
    dt = open_table(root, table, version)
    if dt is None:
        raise StoreError(f"{table_path(root, table)}: the {table} Delta table is missing")
    actions = pa.table(dt.get_add_actions(flatten=True))
    paths = actions.column("path").to_pylist()
    rows = actions.column("num_records").to_pylist()
    sizes = actions.column("size_bytes").to_pylist()
    keys = [actions.column(f"partition.{name}").to_pylist() for name in PARTITIONS[table]]
    parts = [tuple(_int(k[i]) for k in keys) for i in range(len(paths))]
    return [
        DataFile(str(p), int(n or 0), part, int(b or 0))
        for p, n, part, b in zip(paths, rows, parts, sizes, strict=True)
    ]


def _int(value: object) -> int | None:
    return None if value is None else int(str(value))


def last_checkpoint(root: Path, table: str) -> int | None:
    """The version of ``table``'s newest checkpoint (None: none yet, or its pointer is unreadable)."""
    pointer = table_path(root, table) / "_delta_log" / "_last_checkpoint"
    try:
        return int(json.loads(pointer.read_text(encoding="utf-8"))["version"])
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        LOGGER.warning("%s: unreadable checkpoint pointer (%s); a checkpoint replaces it", pointer, exc)
        return None


def checkpoint_if_due(root: Path, table: str, dt: DeltaTable) -> None:
    """Write a checkpoint of ``dt``'s version once ``CHECKPOINT_EVERY`` versions have passed since the last.

    A checkpoint only speeds up reading the log: a failure to write one is logged and the table stays whole
    (delta-rs writes the checkpoint file, then its pointer, each in one rename).
    """
    last = last_checkpoint(root, table)
    if last is not None and dt.version() - last < CHECKPOINT_EVERY:
        return
    try:
        dt.create_checkpoint()
    except (DeltaError, OSError) as exc:
        LOGGER.warning("%s: cannot write a Delta checkpoint: %s", table_path(root, table), exc)


def latest_version(root: Path, table: str) -> int | None:
    """The newest version of ``table``, committed to the store or not; None when it was never created."""
    dt = open_table(root, table)
    return None if dt is None else dt.version()


def write(root: Path, table: str, data: pa.Table, *, overwrite: bool, generation: int) -> int:
    """Append (or overwrite with) ``data`` in one Delta transaction; returns the new version."""
    dt = open_table(root, table) or create(root, table)
    return _write(root, table, dt, laid_out(table, data), overwrite=overwrite, generation=generation)


def _write(
    root: Path,
    table: str,
    dt: DeltaTable,
    data: pa.Table | pa.RecordBatchReader,
    *,
    overwrite: bool,
    generation: int,
) -> int:
    """``data`` (a table or a reader of batches, laid out) appended to ``dt``, or replacing its rows, in one
    transaction stamped with the store's ``generation``; the new version."""
    write_deltalake(
        dt,
        data,
        mode="overwrite" if overwrite else "append",
        # An overwrite (a repair, a summed summary table) replaces every row, so it takes today's schema
        # too: a table written before a column was added (the tag sets) gains it.
        schema_mode="overwrite" if overwrite else None,
        partition_by=list(PARTITIONS[table]) or None,
        writer_properties=_writer(table),
        commit_properties=CommitProperties(custom_metadata={GENERATION_KEY: str(generation)}),
    )
    return _committed(root, table, dt)


def _committed(root: Path, table: str, dt: DeltaTable) -> int:
    """``dt``'s new version, after a write: the table object caught up, a checkpoint written when due."""
    dt.update_incremental()
    checkpoint_if_due(root, table, dt)
    return dt.version()


@dataclass(frozen=True)
class NewFile:
    """A Parquet data file written outside any transaction (``write_files``), to be added by ``add_files``:
    its path under the table folder, size, row count and partition values as Delta records them."""

    path: str
    size: int
    rows: int
    partition: tuple[tuple[str, str | None], ...] = ()


_NULL_PARTITION: Final = "__HIVE_DEFAULT_PARTITION__"  # Hive's (and delta-rs's) folder name for a null value


def write_files(folder: Path, table: str, data: pa.Table) -> list[NewFile]:
    """Write ``data`` (in ``table``'s Delta schema) as data files under ``folder``, laid out as ``write``
    lays them out (one file per partition, partition columns in the folder names, statements sorted by
    speaker in row groups of ``STATEMENT_ROW_GROUP``), but committed to no table: ``add_files`` adds them."""
    names = list(PARTITIONS[table])
    data = laid_out(table, data.cast(DELTA_SCHEMAS[table]))
    if names:
        keys = list(zip(*(data.column(n).to_pylist() for n in names), strict=True))
        groups: dict[tuple[object, ...], list[int]] = {}
        for i, key in enumerate(keys):
            groups.setdefault(key, []).append(i)
        parts = [(key, data.take(pa.array(rows)).drop_columns(names)) for key, rows in groups.items()]
    else:
        parts = [((), data)]
    out = []
    for key, part in parts:
        values = tuple((n, None if v is None else str(v)) for n, v in zip(names, key, strict=True))
        sub = "/".join(f"{n}={_NULL_PARTITION if v is None else v}" for n, v in values)
        name = f"{sub}/" * bool(sub) + f"part-00000-{uuid.uuid4()}-c000.zstd.parquet"
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        row_group = STATEMENT_ROW_GROUP if table == "statements" else None
        pq.write_table(part, path, compression="zstd", row_group_size=row_group)
        out.append(NewFile(name, path.stat().st_size, part.num_rows, values))
    return out


def add_files(root: Path, table: str, files: Sequence[NewFile], *, generation: int) -> int:
    """Add data files already in ``table``'s folder (``write_files``, then moved there) to the table in one
    Delta transaction; returns the new version."""
    dt = open_table(root, table) or create(root, table)
    now = int(time.time() * 1000)
    actions: list[AddAction | RemoveAction] = [
        AddAction(f.path, f.size, dict(f.partition), now, True, json.dumps({"numRecords": f.rows}))
        for f in files
    ]
    dt.create_write_transaction(
        actions,
        mode="append",
        schema=dt.schema(),
        partition_by=list(PARTITIONS[table]) or None,
        commit_properties=CommitProperties(custom_metadata={GENERATION_KEY: str(generation)}),
    )
    return _committed(root, table, dt)


def rewrite(root: Path, table: str, parts: Iterable[pa.Table], *, generation: int) -> int:
    """Overwrite ``table`` with ``parts`` (each laid out on its own: a partition at a time) in one Delta
    transaction that also replaces its schema with ``parts``' (a column added); returns the new version.
    The parts stream into the writer, so memory holds one part, not the table."""
    dt = open_table(root, table) or create(root, table)
    schema = DELTA_SCHEMAS[table]
    batches = (batch for part in parts for batch in laid_out(table, part.cast(schema)).to_batches())
    reader = pa.RecordBatchReader.from_batches(schema, batches)
    return _write(root, table, dt, reader, overwrite=True, generation=generation)


def columns_at(root: Path, table: str, version: int | None) -> list[str]:
    """The column names of ``table``'s schema at ``version`` (empty when there is no such table)."""
    if version is None:
        return []
    dt = open_table(root, table, version)
    return [] if dt is None else list(pa.schema(dt.schema()).names)


def replace_rows(
    root: Path, table: str, data: pa.Table, *, key: str, keys: list[str], generation: int
) -> int:
    """Replace the rows of ``table`` whose ``key`` is one of ``keys`` with ``data``; returns the new version.

    A merge deletes them (a hash join on ``key``: Delta rewrites only the data files that hold such rows),
    then ``data`` is appended: two Delta versions, which the store's commit record makes one commit (a
    failure rolls both back). A ``key IN (...)`` predicate overwrite would be one version, but delta-rs
    evaluates it row by row against every listed key: minutes for a re-extraction of 15,000 articles.
    """
    dt = open_table(root, table) or create(root, table)
    metadata = CommitProperties(custom_metadata={GENERATION_KEY: str(generation)})
    source = pa.table({key: pa.array(sorted(set(keys)), pa.string())})
    dt.merge(
        source,
        predicate=f"t.{key} = s.{key}",
        source_alias="s",
        target_alias="t",
        writer_properties=_writer(table),
        commit_properties=metadata,
    ).when_matched_delete().execute()
    if data.num_rows:
        write_deltalake(
            dt,
            laid_out(table, data),
            mode="append",
            partition_by=list(PARTITIONS[table]) or None,
            writer_properties=_writer(table),
            commit_properties=metadata,
        )
    dt.update_incremental()
    checkpoint_if_due(root, table, dt)
    return dt.version()


def roll_back(root: Path, table: str, version: int | None) -> DeltaTable | None:
    """Undo versions of ``table`` past ``version`` (a writer killed before its commit record was written).

    A table the store never committed to is rolled back to its empty version 0. Returns the table as it now
    is (None when it was never created), for the caller's checks: each open replays the Delta log.
    """
    dt = open_table(root, table)
    target = 0 if version is None else version
    if dt is None or dt.version() <= target:
        return dt
    LOGGER.warning(
        "%s: rolling back versions %d-%d of the %s table, which no commit names (an interrupted writer)",
        root,
        target + 1,
        dt.version(),
        table,
    )
    dt.restore(target)
    dt.update_incremental()
    checkpoint_if_due(root, table, dt)
    return dt


def remove_orphans(root: Path, table: str, *, since: float) -> None:
    """Delete data files written since ``since`` (a time.time()) that the newest version does not use: what
    a failed write left (a vacuum would only remove them after the retention)."""
    dt = open_table(root, table)
    if dt is None:
        return
    folder = table_path(root, table)
    used = {f.path for f in data_files(root, table, dt.version())}
    for path in folder.rglob("*.parquet"):
        if "_delta_log" in path.parts:
            continue
        try:
            if path.stat().st_mtime >= since and path.relative_to(folder).as_posix() not in used:
                LOGGER.info("%s: removing a data file a failed write left", path)
                path.unlink()
        except OSError as exc:
            LOGGER.warning("%s: cannot remove a data file a failed write left: %s", path, exc)


@dataclass(frozen=True)
class Version:
    """One version of one table, as ``quoteline history`` lists it."""

    table: str
    version: int
    time: datetime
    operation: str
    rows_added: int | None
    generation: str | None


def history(root: Path, table: str) -> list[Version]:
    """Every version of ``table``, newest first."""
    dt = open_table(root, table)
    if dt is None:
        return []
    out = []
    for entry in dt.history():
        metrics: dict[str, Any] = entry.get("operationMetrics") or {}
        added = metrics.get("num_added_rows", metrics.get("numOutputRows"))
        out.append(
            Version(
                table=table,
                version=int(entry["version"]),
                time=datetime.fromtimestamp(int(entry["timestamp"]) / 1000, UTC),
                operation=str(entry.get("operation", "?")),
                rows_added=None if added is None else int(added),
                generation=entry.get(GENERATION_KEY),
            )
        )
    return out


def compact(root: Path, table: str, *, retention_hours: float, target_mb: float) -> tuple[int, int]:
    """Merge small files (optimize) and delete files that no version younger than ``retention_hours`` uses
    (vacuum). Returns the new version and how many files were deleted.

    Files are merged up to ``target_mb``; a file that size is never a candidate again, so a compaction
    rewrites the small files of the commits since the last one (and at most one part-filled file a
    partition), not the whole table: without the bound every compaction rewrote everything below Delta's
    default target (100 MB), and an ingest's compactions grew with the store."""
    dt = open_table(root, table)
    if dt is None:
        raise StoreError(f"{table_path(root, table)}: the {table} Delta table is missing")
    target = max(1, int(target_mb * 1024 * 1024))
    if table == "statements":
        _sort_partitions(root, dt, target)
    # Compaction rewrites rows without changing them; the corrections log keeps its order in its seq column.
    dt.optimize.compact(target_size=target, writer_properties=_writer(table))
    dt.update_incremental()
    # Full: also the data files no version names, once older than the retention. A writer killed between
    # writing its files and its Delta transaction leaves such files (a staged run's files moved in, or a
    # write_deltalake cut short); every writer writes inside the store lock, as this compaction runs, so no
    # file here is a commit still on its way.
    deleted = dt.vacuum(
        retention_hours=int(retention_hours), dry_run=False, enforce_retention_duration=False, full=True
    )
    dt.update_incremental()
    checkpoint_if_due(root, table, dt)
    return dt.version(), len(deleted)


def _sort_partitions(root: Path, dt: DeltaTable, target: int) -> None:
    """Rewrite each dated statements partition that holds small files (under half ``target``) beside other
    files, Z-ordered on the speaker (for one column: sorted by its first bytes), so that the merged files
    keep the layout ``laid_out`` gives every commit's file; a plain merge would concatenate the commits'
    sorted runs and every row group would span every speaker again.

    delta-rs Z-orders a partition whole (its full files too), so this rewrites the months the commits since
    the last compaction reached: bounded by a month's statements, not by the store. The undated and
    year-only partitions (null partition values, which delta-rs's partition filters cannot name) are merged
    by the plain compaction, unsorted across commits."""
    files = data_files(root, "statements", dt.version())
    by_partition: dict[tuple[int | None, ...], list[DataFile]] = {}
    for file in files:
        by_partition.setdefault(file.partition, []).append(file)
    for partition, held in sorted(by_partition.items(), key=lambda item: str(item[0])):
        if None in partition or len(held) < 2 or all(f.size >= target / 2 for f in held):
            continue
        filters = [
            (name, "=", str(value)) for name, value in zip(PARTITIONS["statements"], partition, strict=True)
        ]
        dt.optimize.z_order(
            [SORT_KEY], partition_filters=filters, target_size=target, writer_properties=_writer("statements")
        )
    dt.update_incremental()
