"""The encoded corpus of one store version in files that a cold load maps instead of decoding Parquet.

``load_corpus`` decodes the Parquet filter columns and encodes them again (categorical codes, day numbers,
cluster codes, exploded tags): about 15 CPU s at 10M statements. What it builds is a few flat integer and
float arrays and small label lists, so they are written once per store version as ``.npy`` files plus one
JSON of labels, and a later load maps them (``np.load(mmap_mode="r")``): the pages come from the page cache
as the queries touch them, and every dashboard process shares them. The statement ids go beside them as
64-bit numbers (``id_numbers``), so a lean corpus does not read them in the background either.

The files are a derived cache (docs/STORE.md, "The encoded corpus"):

- ``<store>/_encoded/<version>/``, ``version`` the commit's stamp (``Manifest.version``); ``manifest.json``
  in it names the version, the format number, the row count and every file with its length. A load reads
  the folder only when all of that matches the commit it pins; otherwise it loads Parquet as before and
  logs why at INFO.
- Written whole into ``_encoded/.tmp-<random>/`` (each file fsynced) and renamed to its version's name in
  one step, so a writer killed at any moment leaves a temporary folder that nothing reads, never a
  half-written version; the next write sweeps temporary folders older than an hour.
- Writing a version removes the folders of older generations (mapped files stay readable to a process
  that has them open: POSIX unlinks, not truncates).

A page run touches a few of the mapped columns, and their pages stay in the process (its RSS) until the
kernel needs them back. ``release_pages`` drops them from the process at the start of each page run: they
stay in the page cache, shared by every dashboard process, and the next run that reads them maps them again
(a minor fault per 64 KB). At 10M statements the pages a session had touched were about 450 MB of its RSS.
"""

from __future__ import annotations

import json
import logging
import mmap
import os
import shutil
import time
import uuid
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, Final, TypeAlias

import numpy as np
import pandas as pd

from quoteline.query import cell_counts, whole_cells
from quoteline.query.corpus import (
    CLUSTER,
    CLUSTER_FINGERPRINTS,
    CLUSTER_SIZE,
    MONTH,
    ROW,
    WEEK,
    Corpus,
    Fetch,
    RowSource,
    Tags,
)
from quoteline.query.id_numbers import RowsById
from quoteline.schema import S
from quoteline.store.atomic import fsync_dir

LOGGER = logging.getLogger(__name__)

FOLDER: Final = "_encoded"
MANIFEST: Final = "manifest.json"
LABELS: Final = "labels.json"
# The file stem of the statement ids as numbers (``id_numbers``); named when they were called keys, and kept
# so: a folder already written still maps (renaming the file would need a new FORMAT).
ID_NUMBERS: Final = "statement_keys"
# Their index (``id_numbers.RowsById``): the numbers ascending, and the row of each. A search's hits are
# matched to rows through it; sorting 10M numbers cost each process 1.3 CPU s on its first search, so it is
# sorted once, when the folder is written. Optional: a folder without it (written before these files) is
# read all the same, and its first search sorts in memory.
SORTED_NUMBERS: Final = "statement_keys.sorted"
SORTED_ROWS: Final = "statement_keys.rows"
# The cluster codes' fingerprints (``corpus._fingerprints`` of the cluster ids), ascending, and the code of
# each: the update (``encoded_update``) finds a new statement's cluster among the stored ones by binary
# search, without reading the cluster ids. Optional, like the two above: a folder without them is read all
# the same, and the next commit's folder is then rebuilt rather than updated.
CLUSTER_SORTED: Final = "cluster.fingerprints"
CLUSTER_SORTED_CODES: Final = "cluster.fingerprint_codes"
# What the topic page's counts need first (``cell_counts.hold``): the topics' row pointers and the shared
# rows in cluster order. Counting them cost a 10M process' first filtered topic page 0.7 CPU s. Optional,
# like the files above: a folder without them is read all the same; the cluster order is then sorted in the
# corpus' background read (``Corpus.prefetch``), the pointers counted by its first page.
TOPIC_POINTERS: Final = "topics.pointers"
CLUSTER_ORDER: Final = "cluster.order"
# And per grain, the rows of the clusters two of whose rows share a week or a month (``meeting_order``):
# only they can repeat in a cell (0.2 to 0.3 CPU s each on that first page at 10M).
MEETING: Final = "cluster.meeting."
# Bumped whenever what the files hold or mean changes: a folder of another format is never read.
# 2: the date text as categorical codes (format 1 held int32 codes rebuilt into strings on load); weeks,
# months, tag codes, primary topics and cluster sizes as int16 when they fit (``corpus.narrow``).
FORMAT: Final = 2
_TMP: Final = ".tmp-"
_STALE_TMP_S: Final = 3600.0  # a temporary folder this old is a killed writer's, not a live one's
_TAGS: Final = ("topics", "counterparts")
# A file stem -> the folder whose file of that stem to hard-link instead of writing it (``write``).
Reuse: TypeAlias = dict[str, Path]
MAPPINGS: Final = "mapped_files"  # the corpus' memo slot of its files' mappings (``release_pages``)
# Lazy columns written when the corpus holds them: a lean corpus keeps the date source whole (a byte a row).
LAZY_KEPT: Final = (S.date_source,)


def _labels_of(directory: Path) -> dict[str, Any]:
    """A folder's labels record (``LABELS``)."""
    found: dict[str, Any] = json.loads((directory / LABELS).read_text())
    return found


def _grid_stems(directory: Path) -> list[str]:
    """The whole-store grid files a folder holds."""
    return [p.stem for p in directory.glob(f"{whole_cells.STEM}*.npy")]


def folder(root: Path, version: str) -> Path:
    """Where the encoded corpus of the store at ``root``, version ``version``, lives."""
    return root / FOLDER / version


def _save(
    directory: Path, stem: str, values: np.ndarray, files: dict[str, int], reuse: Reuse | None = None
) -> None:
    files[stem] = len(values)
    source = None if reuse is None else reuse.get(stem)
    if source is not None:
        # The previous version's file holds these very bytes (``encoded_update`` compared them): a hard
        # link, not a copy. Files are never written in place, so the two versions cannot disturb each other.
        os.link(source / f"{stem}.npy", directory / f"{stem}.npy")
        return
    with open(directory / f"{stem}.npy", "wb") as handle:
        np.save(handle, np.ascontiguousarray(values), allow_pickle=False)
        handle.flush()
        os.fsync(handle.fileno())


def _frame_files(
    corpus: Corpus, directory: Path, files: dict[str, int], lazy: bool = False, reuse: Reuse | None = None
) -> dict[str, Any]:
    """Save each frame column (with ``lazy``, the few-valued lazy columns the corpus holds); return how to
    rebuild each (its kind and labels)."""
    columns: dict[str, Any] = {}
    if lazy:
        held = {n: corpus._lazy[n] for n in LAZY_KEPT if n in corpus._lazy}
    else:
        held = {str(n): corpus.frame[n] for n in corpus.frame.columns}
    for name, values in held.items():
        if isinstance(values.dtype, pd.CategoricalDtype):
            # The codes at pandas' own width, so ``Categorical.from_codes`` takes the mapped array uncopied.
            _save(directory, name, values.cat.codes.to_numpy(), files, reuse)
            labels = values.cat.categories
            # The labels' own dtype too: adding the unknown outlet makes it pandas' string dtype.
            columns[name] = {
                "kind": "category",
                "labels": [str(c) for c in labels],
                "dtype": str(labels.dtype),
            }
        else:
            _save(directory, name, values.to_numpy(), files, reuse)
            columns[name] = {"kind": "array"}
    return columns


def cluster_index(fingerprints: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The fingerprint of each cluster code (``fingerprints[code]``) as the folder keeps them: ascending,
    with the code of each."""
    order = np.argsort(fingerprints)
    return fingerprints[order], order.astype(np.int32 if len(order) <= np.iinfo(np.int32).max else np.int64)


def write(
    corpus: Corpus,
    root: Path,
    id_numbers: np.ndarray | None,
    *,
    tables: dict[str, int | None] | None = None,
    lookup: RowsById | None = None,
    clusters: tuple[np.ndarray, np.ndarray] | None = None,
    reuse: Reuse | None = None,
) -> Path:
    """Write ``corpus`` (of the store at ``root``, version ``corpus.version``) and its statement id numbers
    (None: some id has no number) as that version's folder, atomically; then drop older versions' folders.

    ``tables``: the Delta versions of the statements and corrections tables the corpus was read from
    (recorded, so the next commit's folder can be updated from this one: ``encoded_update``). ``lookup``
    and ``clusters``: the id index and the cluster fingerprint index when the caller has them (else built
    here: from the numbers, and from the corpus' fingerprints when it holds them). ``reuse``: files to
    hard-link from another folder rather than write (each holds exactly what would be written)."""
    base = root / FOLDER
    final = folder(root, corpus.version)
    if final.exists():
        if usable(root, corpus.version):
            return final
        _discard(final)  # unfinished, of another format, or damaged: write it afresh
    base.mkdir(parents=True, exist_ok=True)
    temporary = base / f"{_TMP}{uuid.uuid4().hex}"
    temporary.mkdir()
    try:
        files: dict[str, int] = {}
        labels: dict[str, Any] = {
            "columns": _frame_files(corpus, temporary, files, reuse=reuse),
            "lazy": _frame_files(corpus, temporary, files, lazy=True, reuse=reuse),
            "unknown_outlet": corpus._memo.get("unknown_outlet"),
        }
        for field in _TAGS:
            tags: Tags = getattr(corpus, field)
            _save(temporary, f"{field}.rows", tags.rows, files, reuse)
            _save(temporary, f"{field}.codes", tags.codes, files, reuse)
            labels[field] = list(tags.labels)
        # Linked when what they follow was (the topic rows; the cluster codes and sizes), else counted (and
        # remembered: the whole store's grids below count with them).
        pointers = partial(cell_counts.topic_pointers, corpus)
        _save_derived(temporary, TOPIC_POINTERS, ("topics.rows",), len(corpus) + 1, files, reuse, pointers)
        order = partial(cell_counts.cluster_order, corpus)
        _save_derived(temporary, CLUSTER_ORDER, (CLUSTER, CLUSTER_SIZE), None, files, reuse, order)
        for grain in cell_counts.MEETING_WRITTEN:
            meeting = partial(cell_counts.meeting_order, corpus, grain)
            period = WEEK if grain == "week" else MONTH
            _save_derived(temporary, f"{MEETING}{grain}", (CLUSTER, CLUSTER_SIZE, period), None, files, reuse,
                          meeting)  # fmt: skip
        # The whole store's grids, counted once here rather than on each process' first page; an update
        # whose rows keep every value the grids read links the previous folder's instead.
        grids_from = whole_cells.unchanged_since(reuse or {}, labels, _labels_of)
        if grids_from is not None:
            link = {stem: grids_from for stem in _grid_stems(grids_from)}
            whole_cells.link(
                grids_from, temporary, lambda stem, values: _save(temporary, stem, values, files, link)
            )
        else:
            whole_cells.write(corpus, temporary, lambda stem, values: _save(temporary, stem, values, files))
        if id_numbers is not None:
            _save(temporary, ID_NUMBERS, id_numbers, files, reuse)
            if lookup is None:
                lookup = RowsById(np.asarray(id_numbers))
            _save(temporary, SORTED_NUMBERS, lookup.numbers, files, reuse)
            _save(temporary, SORTED_ROWS, lookup.rows, files, reuse)
            lookup = None
        fingerprints = corpus._memo.pop(CLUSTER_FINGERPRINTS, None)  # held for this write only
        if clusters is None and fingerprints is not None:
            clusters = cluster_index(fingerprints)
        del fingerprints
        if clusters is not None:
            _save(temporary, CLUSTER_SORTED, clusters[0], files, reuse)
            _save(temporary, CLUSTER_SORTED_CODES, clusters[1], files, reuse)
            clusters = None
        (temporary / LABELS).write_text(json.dumps(labels))
        record: dict[str, Any] = {
            "format": FORMAT,
            "version": corpus.version,
            "n_rows": len(corpus),
            "files": files,
        }
        if tables is not None:
            record["tables"] = tables
        # Last, so a folder without its record is plainly unfinished (the rename below is the real commit).
        (temporary / MANIFEST).write_text(json.dumps(record))
        for name in (LABELS, MANIFEST):
            with open(temporary / name, "rb") as handle:
                os.fsync(handle.fileno())
        fsync_dir(temporary)
        try:
            temporary.rename(final)
        except OSError:  # another process wrote this version first: keep its folder
            if not (final / MANIFEST).is_file():
                raise
            shutil.rmtree(temporary, ignore_errors=True)
        fsync_dir(base)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    LOGGER.info("%s: encoded corpus of version %s written (%d statements)", root, corpus.version, len(corpus))
    prune(root, corpus.version)
    return final


def _save_derived(
    directory: Path,
    stem: str,
    sources: tuple[str, ...],
    length: int | None,
    files: dict[str, int],
    reuse: Reuse | None,
    make: Callable[[], np.ndarray],
) -> None:
    """Save ``make()`` as ``stem``, or link the previous folder's file when every file it is derived from
    (``sources``) is linked from there and it holds ``length`` values (None: any)."""
    source = reuse.get(sources[0]) if reuse is not None else None
    if source is not None and all(reuse.get(name) == source for name in sources):  # type: ignore[union-attr]
        try:
            old = np.load(source / f"{stem}.npy", mmap_mode="r", allow_pickle=False)
        except (OSError, ValueError) as exc:  # a previous folder written before this file
            LOGGER.debug("%s: no %s to link (%s): counted", source, stem, exc)
        else:
            if length is None or len(old) == length:
                _save(directory, stem, old, files, {stem: source})
                return
    _save(directory, stem, make(), files)


def _discard(directory: Path) -> None:
    """Remove a folder: renamed aside first, so no reader finds it half removed."""
    aside = directory.with_name(f"{_TMP}{uuid.uuid4().hex}")
    try:
        directory.rename(aside)
    except FileNotFoundError:
        return
    shutil.rmtree(aside, ignore_errors=True)


def _generation(version: str) -> int | None:
    head = version.split("-", 1)[0]
    return int(head) if head.isdigit() else None


def prune(root: Path, current: str) -> None:
    """Remove the folders of versions older than ``current`` and temporary folders a killed writer left."""
    base = root / FOLDER
    newest = _generation(current)
    if newest is None or not base.is_dir():
        return
    for entry in base.iterdir():
        if entry.name.startswith(_TMP):
            if time.time() - entry.stat().st_mtime > _STALE_TMP_S:
                shutil.rmtree(entry, ignore_errors=True)
            continue
        generation = _generation(entry.name)
        # Only older ones: a slower writer of an old version must not remove a newer one.
        if generation is not None and generation < newest:
            _discard(entry)
            LOGGER.info("%s: removed the encoded corpus of version %s", root, entry.name)


def _checked_record(directory: Path, version: str) -> dict[str, Any] | None:
    """The folder's record if it is a finished folder of ``version`` in this format; None (logged) if not."""
    record_path = directory / MANIFEST
    if not record_path.is_file():
        LOGGER.info("no encoded corpus of version %s in %s: loading Parquet", version, directory.parent)
        return None
    try:
        record = json.loads(record_path.read_text())
    except (OSError, ValueError) as exc:
        LOGGER.warning("%s: unreadable (%s): loading Parquet", record_path, exc)
        return None
    if record.get("format") != FORMAT or record.get("version") != version:
        LOGGER.info(
            "%s holds format %s of version %s, not format %d of version %s: loading Parquet",
            directory,
            record.get("format"),
            record.get("version"),
            FORMAT,
            version,
        )
        return None
    return dict(record)


def usable(root: Path, version: str) -> bool:
    """Whether version ``version``'s folder is finished, of this format, and holds every file it lists at
    its listed length (without building the corpus)."""
    directory = folder(root, version)
    record = _checked_record(directory, version)
    if record is None:
        return False
    try:
        labels = json.loads((directory / LABELS).read_text())
        for stem, length in dict(record["files"]).items():
            _load(directory, stem, int(length))
        return all(name in labels for name in ("columns", "lazy", *_TAGS))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        LOGGER.warning("%s: damaged (%s)", directory, exc)
        return False


def _load(directory: Path, stem: str, length: int, mapped: list[mmap.mmap] | None = None) -> np.ndarray:
    values = np.load(directory / f"{stem}.npy", mmap_mode="r", allow_pickle=False)
    if values.ndim != 1 or len(values) != length:
        raise ValueError(f"{stem}.npy holds {values.shape}, the record says {length} values")
    if mapped is not None and isinstance(values.base, mmap.mmap):  # np.memmap's base is its mapping
        mapped.append(values.base)
    return values


def release_pages(corpus: Corpus) -> None:
    """Drop the pages of ``corpus``' mapped files from this process (``madvise(MADV_DONTNEED)``): a page
    run calls it first, so the columns the last run read do not stay in its memory. Nothing is lost: the
    pages stay in the page cache and come back on the next read. A corpus loaded from Parquet maps
    nothing, and this does nothing."""
    advice = getattr(mmap, "MADV_DONTNEED", None)
    if advice is None:  # not Linux, or a Python without madvise
        return
    for mapping in corpus._memo.get(MAPPINGS, ()):
        try:
            mapping.madvise(advice)
        except (OSError, ValueError) as exc:  # a closed mapping: its pages are gone already
            LOGGER.debug("could not release a mapped file of version %s: %s", corpus.version, exc)


def read(
    root: Path,
    version: str,
    fetch: Fetch | None = None,
    rows_from: Callable[[int], RowSource | None] | None = None,
    min_rows: int = 0,
) -> Corpus | None:
    """The corpus of version ``version`` of the store at ``root`` mapped from its folder, or None (the reason
    logged) when there is no finished folder of that version in this format, or it holds fewer than
    ``min_rows`` statements. ``rows_from(n_rows)`` gives a lean corpus its row source, as ``load_corpus``
    decides from the row count."""
    directory = folder(root, version)
    record = _checked_record(directory, version)
    if record is None:
        return None
    if int(record.get("n_rows", 0)) < min_rows:
        LOGGER.info("%s: fewer than %d statements: loading Parquet", directory, min_rows)
        return None
    try:
        return _read(directory, record, fetch, rows_from)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        LOGGER.warning("%s: cannot map the encoded corpus (%s): loading Parquet", directory, exc)
        return None


def _read(
    directory: Path,
    record: dict[str, Any],
    fetch: Fetch | None,
    rows_from: Callable[[int], RowSource | None] | None,
) -> Corpus:
    n_rows, files = int(record["n_rows"]), dict(record["files"])
    if n_rows > np.iinfo(ROW).max:
        raise ValueError(f"{n_rows:,} statements: more than a corpus holds")
    labels = json.loads((directory / LABELS).read_text())
    mapped: list[mmap.mmap] = []
    columns = _columns(directory, labels["columns"], files, n_rows, mapped)
    if CLUSTER not in columns:
        raise KeyError(CLUSTER)
    topics, counterparts = (
        Tags(
            rows=_load(directory, f"{field}.rows", files[f"{field}.rows"], mapped),
            codes=_load(directory, f"{field}.codes", files[f"{field}.codes"], mapped),
            labels=tuple(labels[field]),
        )
        for field in _TAGS
    )
    corpus = Corpus(
        frame=pd.DataFrame(columns, index=pd.RangeIndex(n_rows), copy=False),
        topics=topics,
        counterparts=counterparts,
        version=str(record["version"]),
        fetch=fetch,
        rows_from=None if rows_from is None else rows_from(n_rows),
    )
    corpus._memo["unknown_outlet"] = labels["unknown_outlet"]
    for name, values in _columns(directory, labels["lazy"], files, n_rows, mapped).items():
        corpus._lazy[name] = pd.Series(values)
    if ID_NUMBERS in files:
        lookup = None
        if SORTED_NUMBERS in files and SORTED_ROWS in files:
            lookup = RowsById.ordered(
                _load(directory, SORTED_NUMBERS, n_rows, mapped),
                _load(directory, SORTED_ROWS, n_rows, mapped),
            )
        else:
            LOGGER.info("%s holds no sorted statement id numbers: the first search sorts them", directory)
        corpus.hold_id_numbers(_load(directory, ID_NUMBERS, n_rows, mapped), lookup)
    pointers, order = (
        _load(directory, stem, files[stem], mapped) if stem in files else None
        for stem in (TOPIC_POINTERS, CLUSTER_ORDER)
    )
    meeting = {
        grain: _load(directory, f"{MEETING}{grain}", files[f"{MEETING}{grain}"], mapped)
        for grain in cell_counts.MEETING_WRITTEN
        if f"{MEETING}{grain}" in files
    }
    cell_counts.hold(corpus, pointers, order, meeting)
    corpus._memo[MAPPINGS] = mapped
    whole_cells.attach(corpus, directory)
    LOGGER.info("corpus of %d statements mapped from %s", n_rows, directory)
    return corpus


def _columns(
    directory: Path, specs: dict[str, Any], files: dict[str, int], n_rows: int, mapped: list[mmap.mmap]
) -> dict[str, Any]:
    """The columns ``_frame_files`` wrote, mapped (nothing is rebuilt per row: the date text is a
    categorical too)."""
    columns: dict[str, Any] = {}
    for name, spec in specs.items():
        values = _load(directory, name, files[name], mapped)
        if len(values) != n_rows:
            raise ValueError(f"{name}.npy holds {len(values)} rows, not {n_rows}")
        if spec["kind"] == "category":
            columns[name] = pd.Categorical.from_codes(
                values,
                dtype=pd.CategoricalDtype(pd.Index(spec["labels"], dtype=spec["dtype"])),
                validate=False,
            )
        else:
            columns[name] = values
    return columns
