"""The base of ``Store`` (``quoteline.store.store``): its folder, and what it keeps of the tables it has read.

A Delta data file never changes once written, so the data files of a table version, the datasets over them and
the article ids each articles file holds are read once per Store and kept. ``_read`` reads columns of one
table at the version a commit names (the read side, ``quoteline.store.reading``, applies the corrections), and
``_bad_files`` names the data files that do not hold their table's declared columns.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Final, cast

import pyarrow as pa
import pyarrow.dataset as pds
import pyarrow.parquet as pq

from quoteline import settings
from quoteline.schema import A
from quoteline.store import cluster_reads, clusters, delta
from quoteline.store.errors import StoreError, repair_hint
from quoteline.store.manifest import ALL_TABLES, Manifest, read_manifest
from quoteline.store.overlay import Overlay
from quoteline.store.tables import DELTA_SCHEMAS, PARTITIONS, SCHEMAS, SEQ

if TYPE_CHECKING:
    from quoteline.store.store import Store

LOGGER = logging.getLogger(__name__)

_DATASETS_KEPT: Final = 8


class StoreFiles:
    """A store folder, and the data files, datasets and article ids of the table versions read so far."""

    def __init__(self, root: Path | str | None = None) -> None:
        self.root = Path(root) if root is not None else settings.get_path("store_dir")
        self._index: clusters.ClusterIndex | None = None
        self._overlay: tuple[str, Overlay] | None = None
        # What the cluster index holds of the statements data files (None: no index yet).
        self._index_files: cluster_reads.Holdings | None = None
        # Article ids of each articles data file read so far. A Delta data file never changes once written,
        # so each is read once per Store, and a commit costs what its batch costs rather than a read of every
        # stored id; an article lookup reads only the file that holds the id.
        self._ids: dict[str, frozenset[str]] = {}
        # Datasets of recently read table versions: the same version always reads in the same row order.
        self._datasets: OrderedDict[tuple[str, int, tuple[str, ...]], pds.Dataset] = OrderedDict()
        # The data files of each table version read so far (a version's files never change).
        self._files: OrderedDict[tuple[str, int], list[delta.DataFile]] = OrderedDict()
        # Data files (table, path) whose footer a writer has checked holds the declared columns: each once.
        self._checked: set[tuple[str, str]] = set()

    def __repr__(self) -> str:
        return f"Store({str(self.root)!r})"

    def _as_store(self) -> Store:
        """This object as the ``Store`` it is: each layer is a base of ``Store``, the only one made, and the
        modules a layer hands itself to (migration, staging) take a ``Store``."""
        return cast("Store", self)

    def _ids_of(self, manifest: Manifest | None) -> list[frozenset[str]]:
        """The article ids of each articles data file of ``manifest``'s commit (each file read once);
        forgets the files it no longer has. FileNotFoundError when one has gone."""
        files = [] if manifest is None else self._data_files("articles", manifest.articles)
        names = [f.path for f in files]
        for gone in set(self._ids) - set(names):
            del self._ids[gone]
        return [self._file_ids(name) for name in names]

    def _file_ids(self, name: str) -> frozenset[str]:
        if name not in self._ids:
            path = delta.table_path(self.root, "articles") / name
            table = pq.read_table(path, columns=[A.article_id])
            self._ids[name] = frozenset(table.column(A.article_id).to_pylist())
        return self._ids[name]

    def _check_unchanged(self, manifest: Manifest | None, table: str) -> None:
        """After a missing file: raise if the commit is still current (damage, not a concurrent vacuum)."""
        again = read_manifest(self.root)
        if again is not None and manifest is not None and again.version == manifest.version:
            raise self._missing(manifest)

    def _missing(self, manifest: Manifest) -> StoreError:
        """The error for data files the current commit names but the folder no longer holds."""
        gone = [
            f"{table}/{file.path}"
            for table in ALL_TABLES
            for file in self._data_files(table, manifest.table_version(table))
            if not (delta.table_path(self.root, table) / file.path).is_file()
        ]
        LOGGER.error("%s: data files of the current commit are missing: %s", self.root, gone)
        return StoreError(
            f"{self.root}: the commit names {len(gone)} data file(s) that are missing "
            f"({', '.join(gone[:3])}{', ...' if len(gone) > 3 else ''}); {repair_hint(self.root)}"
        )

    def _data_files(self, table: str, version: int | None) -> list[delta.DataFile]:
        """``delta.data_files``, kept per table version (each Delta log read costs ~10 ms)."""
        if version is None:
            return []
        key = (table, version)
        if key not in self._files:
            self._files[key] = delta.data_files(self.root, table, version)
            while len(self._files) > 4 * _DATASETS_KEPT:
                self._files.popitem(last=False)
        return self._files[key]

    def forget(self) -> None:
        """Drop everything this Store keeps of the tables (after a migration or repair rewrote them)."""
        self._files.clear()
        self._datasets.clear()
        self._ids.clear()
        self._checked.clear()
        self._index = self._index_files = None
        self._overlay = None

    def _dataset(self, table: str, version: int | None, encoded: Sequence[str] = ()) -> pds.Dataset | None:
        if version is None:
            return None
        key = (table, version, tuple(sorted(encoded)))
        if key not in self._datasets:
            plain = (table, version, ())
            ds = self._datasets.get(plain) or delta.dataset(self.root, table, version)
            assert ds is not None
            self._datasets[key] = delta.with_dictionaries(ds, encoded) if encoded else ds
            while len(self._datasets) > _DATASETS_KEPT:
                self._datasets.popitem(last=False)
        self._datasets.move_to_end(key)
        return self._datasets[key]

    def _read(
        self, manifest: Manifest | None, table: str, columns: Sequence[str], encoded: Sequence[str] = ()
    ) -> pa.Table:
        schema = SCHEMAS[table]
        encoded = [c for c in encoded if c in columns]
        fields = [
            schema.field(c).with_type(delta.dictionary_type(schema.field(c).type))
            if c in encoded
            else schema.field(c)
            for c in columns
        ]
        ds = self._dataset(table, None if manifest is None else manifest.table_version(table), encoded)
        if ds is None:
            return schema.empty_table().select(list(columns)).cast(pa.schema(fields))
        try:
            if table == "corrections":  # the log's order is its meaning: later entries win
                data = ds.to_table(columns=[*columns, SEQ]).sort_by(SEQ).select(list(columns))
            else:
                data = ds.to_table(columns=list(columns))
        except FileNotFoundError:
            raise
        except (OSError, pa.ArrowException) as exc:
            assert manifest is not None
            bad = self._bad_files(table, manifest.table_version(table), columns)
            where = ", ".join(str(delta.table_path(self.root, table) / f) for f in bad[:3])
            raise StoreError(
                f"{where or delta.table_path(self.root, table)}: cannot read the {table} table: {exc}; "
                f"{repair_hint(self.root)}"
            ) from exc
        data = data.cast(pa.schema(fields))
        for name in encoded:
            data = data.set_column(data.column_names.index(name), name, delta.share_dictionary(data[name]))
        return data

    def _bad_files(
        self, table: str, version: int | None, columns: Sequence[str], *, only_new: bool = False
    ) -> list[str]:
        """Data files of ``table`` at ``version`` that lack a column or hold it in another type (a missing
        file raises the missing-files error). ``only_new``: skip the files this Store checked before."""
        partitions = set(PARTITIONS[table])
        bad = []
        for file in self._data_files(table, version):
            if only_new and (table, file.path) in self._checked:
                continue
            path = delta.table_path(self.root, table) / file.path
            try:
                found = pq.read_schema(path)
            except FileNotFoundError:
                manifest = read_manifest(self.root)
                assert manifest is not None
                raise self._missing(manifest) from None
            except (OSError, pa.ArrowException):
                bad.append(file.path)
                continue
            declared = DELTA_SCHEMAS[table]
            for name in columns:
                if name in partitions or name not in declared.names:
                    continue
                i = found.get_field_index(name)
                if i < 0 or not _same_type(found.field(i).type, declared.field(name).type):
                    bad.append(file.path)
                    break
            else:
                self._checked.add((table, file.path))
        return bad


def _same_type(found: pa.DataType, declared: pa.DataType) -> bool:
    """Types equal up to string/large_string and list/large_list (Delta does not tell them apart)."""
    if found == declared:
        return True
    if pa.types.is_string(declared) or pa.types.is_large_string(declared):
        return pa.types.is_string(found) or pa.types.is_large_string(found) or pa.types.is_string_view(found)
    if pa.types.is_list(declared) and (pa.types.is_list(found) or pa.types.is_large_list(found)):
        return _same_type(found.value_type, declared.value_type)
    return bool(pa.types.is_timestamp(declared) and pa.types.is_timestamp(found))
