"""The cell counts of the whole store: the grids of a page without filters, written with each commit's encoded
corpus and remembered per corpus.

A page without filters counts every dated statement's markers into its charts' grids (``cell_counts``): at
10M statements the topic page's timeline and heatmaps cost about 1.2 CPU s, most of a first paint. Those
grids depend on the commit alone, so they are counted once: when the encoded corpus of a commit is written
(``encoded.write`` calls ``write``: the grids of ``AT_COMMIT``, a few hundred KB), or on a page's first ask
(then remembered for the corpus' life).

The ``counts`` table a commit writes (leader x topic x week statements, ``quoteline.store.counts``) cannot
give them: a chart counts each cross-outlet cluster once per cell and colours a bin by the stance or topic of
its first row, and a distinct count of clusters is not a sum of per-batch increments (a later outlet's
repeat of a quote adds a row, not a statement). The grids here come from ``count_cells`` itself, over the
corpus the dashboard maps, so they are the in-memory path's numbers by construction.

Two selections are served from them:

- **every dated statement** (a selection as long as the dated rows: selections are distinct dated rows);
- on speaker lanes, **every dated statement of some speakers** (the speaker lens of a page without filters,
  or a speaker filter alone): the whole grid's rows of those speakers, cut to the periods they span. A
  speaker's markers all fall on its own lane, so its cells and their first rows are the same in both. Only
  when the whole grid is at hand (counting the whole store to serve a part would cost more), and not when a
  bin is coloured by speaker (the busiest speakers of the part are not those of the whole).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

import numpy as np

from quoteline.query.cell_counts import CellCounts, Colour, Grain, Lane, count_cells, lanes_of
from quoteline.query.corpus import (
    CLUSTER,
    CLUSTER_SIZE,
    DAY,
    MONTH,
    PRIMARY_TOPIC,
    WEEK,
    Corpus,
    category_codes,
    nonzero,
)
from quoteline.query.filters import undated_mask
from quoteline.schema import S

LOGGER = logging.getLogger(__name__)

FILE: Final = "whole_cells.json"  # in an encoded folder: what each grid file holds
# Bumped whenever the counts change meaning (``cell_counts``' rules): grids of another format are not read.
FORMAT: Final = 1
# The grids a commit writes: the first paint of the topic page (its timeline by stance, its heatmaps) and of
# the leader page (by topic), weekly and monthly (the grain follows the span and the number of lanes).
AT_COMMIT: Final[tuple[tuple[Lane, Grain, Colour | None], ...]] = (
    ("topic", "week", "stance"),
    ("topic", "month", "stance"),
    ("leader", "week", "topic"),
    ("leader", "month", "topic"),
)
# A grid is written or kept only up to this many cells (8 bytes each): a real store's thousands of speakers x
# weeks x topics would not be small; such a grid is counted per selection, as any other.
MAX_CELLS: Final = 2_000_000
_MEMO: Final = "whole_cells"
_FILES: Final = "whole_cells_files"  # the corpus memo slot of its folder's grids (``attach``)
_TALLY: Final = "whole_cells_tally"  # and of the speaker tally written with them
Key = tuple[Lane, Grain, Colour | None]


def dated_rows(corpus: Corpus) -> int:
    """How many dated statements the corpus holds (once per corpus)."""
    found: int = corpus.memo(
        ("n_dated",), lambda: len(corpus) - int(np.count_nonzero(undated_mask(corpus))), keep=1
    )
    return found


def is_whole(corpus: Corpus, rows: np.ndarray) -> bool:
    """Whether ``rows`` (distinct dated rows, as every selection is) are every dated statement."""
    return len(rows) > 0 and len(rows) == dated_rows(corpus)


STEM: Final = "whole_cells."  # each grid's file: ``whole_cells.<lane>.<grain>.<colour>.npy``


def _stem(key: Key) -> str:
    lane, grain, colour = key
    return f"{STEM}{lane}.{grain}.{colour or 'none'}"


def _flat(cells: CellCounts) -> np.ndarray:
    values = cells.counts if cells.by_colour is None else cells.by_colour.reshape(-1)
    return np.asarray(values, dtype=np.int64)


def write(corpus: Corpus, directory: Path, save: Callable[[str, np.ndarray], None]) -> None:
    """Count the grids of ``AT_COMMIT`` over every dated statement of ``corpus`` and save each (``save(stem,
    values)``: the encoded folder's writer), with what they hold in ``FILE``."""
    rows = nonzero(~undated_mask(corpus))  # what a selection without filters holds
    grids: dict[str, Any] = {}
    if len(rows):
        for key in AT_COMMIT:
            cells = whole(corpus, rows, *key)
            flat = _flat(cells)
            if len(flat) > MAX_CELLS:
                LOGGER.info("whole-store grid %s: %d cells, not written", key, len(flat))
                continue
            stem = _stem(key)
            save(stem, flat)
            grids[stem] = {
                "key": list(key),
                "labels": list(cells.labels),
                "colour_labels": list(cells.colour_labels),
                "p0": cells.p0,
                "n_periods": cells.n_periods,
                "coloured": cells.by_colour is not None,
            }
    record = {
        "format": FORMAT,
        "n_dated": len(rows),
        "grids": grids,
        "speaker_tally": speaker_tally(corpus).tolist(),  # spares a page its pass over every speaker code
    }
    (directory / FILE).write_text(json.dumps(record))


# What the grids and the speaker tally are counted from: the stems of the encoded files they read, and the
# label lists that name their lanes and colours (``count_cells``, ``speaker_tally``).
READS: Final = (
    S.speaker,
    S.stance,
    S.date,
    DAY,
    WEEK,
    MONTH,
    CLUSTER,
    CLUSTER_SIZE,
    PRIMARY_TOPIC,
    "topics.rows",
    "topics.codes",
)
_LABELLED: Final = (S.speaker, S.stance, S.date)


def unchanged_since(
    reuse: dict[str, Path], labels: dict[str, Any], read_labels: Callable[[Path], dict[str, Any]]
) -> Path | None:
    """The previous folder whose grids a new folder can link (the update's ``reuse``: every file the grids
    read is linked from it, so their bytes are the same), when it holds grids and names the lanes and
    colours as ``labels`` does (a merge renames a speaker without moving a code); else None: counted."""
    sources = {reuse.get(stem) for stem in READS}
    if len(sources) != 1:
        return None
    source = sources.pop()
    if source is None or not (source / FILE).is_file():
        return None
    before = read_labels(source)
    same = before.get("topics") == labels.get("topics") and all(
        before["columns"].get(name) == labels["columns"].get(name) for name in _LABELLED
    )
    return source if same else None


def link(source: Path, directory: Path, save: Callable[[str, np.ndarray], None]) -> None:
    """Give ``directory`` the grids of ``source`` (``unchanged_since``): each grid file passed to ``save``
    (the encoded folder's writer, which links it) and the record copied."""
    record = json.loads((source / FILE).read_text())
    for stem in dict(record["grids"]):
        save(stem, np.load(source / f"{stem}.npy", mmap_mode="r", allow_pickle=False))
    (directory / FILE).write_text(json.dumps(record))


def attach(corpus: Corpus, directory: Path) -> None:
    """Let ``corpus`` (mapped from ``directory``) read the grids its folder holds, on first use. A folder
    without them (written before them) or of another format gives none: the grids are counted then."""
    path = directory / FILE
    if not path.is_file():
        LOGGER.info("%s holds no whole-store grids: a page without filters counts them once", directory)
        return
    try:
        record = json.loads(path.read_text())
        grids = {tuple(spec["key"]): (stem, spec) for stem, spec in dict(record["grids"]).items()}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        LOGGER.warning("%s: unreadable (%s): the whole-store grids are counted instead", path, exc)
        return
    if record.get("format") != FORMAT:
        LOGGER.info("%s: grids of format %s, not %d: counted instead", path, record.get("format"), FORMAT)
        return
    # Checked against the corpus on first use (``_files``): counting its dated rows is a pass over them.
    corpus._memo[_FILES] = (directory, grids, record.get("n_dated"))
    tally = record.get("speaker_tally")
    if isinstance(tally, list) and len(tally) == len(corpus.frame[S.speaker].cat.categories):
        corpus._memo[_TALLY] = np.asarray(tally, dtype=np.int64)


def _files(corpus: Corpus) -> tuple[Path, dict[Key, tuple[str, dict[str, Any]]]] | None:
    """The folder's grids, when they are of this corpus' dated statements."""
    found = corpus._memo.get(_FILES)
    if found is None:
        return None
    directory, grids, n_dated = found
    if n_dated != dated_rows(corpus):
        LOGGER.warning(
            "%s: grids of %s dated statements, the corpus holds %d: counted instead",
            directory,
            n_dated,
            dated_rows(corpus),
        )
        corpus._memo.pop(_FILES, None)
        return None
    return directory, grids


def _read(directory: Path, stem: str, spec: dict[str, Any]) -> CellCounts | None:
    try:
        values = np.load(directory / f"{stem}.npy", allow_pickle=False)
        labels, colour_labels = tuple(spec["labels"]), tuple(spec["colour_labels"])
        p0, n_periods = int(spec["p0"]), int(spec["n_periods"])
        n_cells = len(labels) * n_periods
        if values.shape != (n_cells * (len(colour_labels) if spec["coloured"] else 1),):
            raise ValueError(f"{values.shape} values for {n_cells} cells")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        LOGGER.warning("%s: cannot read the grid %s (%s): counting it", directory, stem, exc)
        return None
    values.setflags(write=False)  # shared by every page run of the corpus
    if not spec["coloured"]:
        return CellCounts(values, None, labels, colour_labels, p0, n_periods)
    by_colour = values.reshape(n_cells, len(colour_labels))
    counts = by_colour.sum(axis=1)
    counts.setflags(write=False)
    return CellCounts(counts, by_colour, labels, colour_labels, p0, n_periods)


def _held(corpus: Corpus) -> dict[Key, CellCounts]:
    """The corpus' whole-store grids read or counted so far (a few KB to a few MB: lanes x periods x
    colours), kept for the corpus' life."""
    held: dict[Key, CellCounts] = corpus.memo((_MEMO,), dict, keep=1)
    return held


def known(corpus: Corpus, lane: Lane, grain: Grain, colour: Colour | None) -> CellCounts | None:
    """The whole store's grid for ``(lane, grain, colour)`` when it was counted already or its folder holds
    it (``colour`` None: any colour's grid, whose sums are the counts), else None: nothing is counted here."""
    held = _held(corpus)
    asked: list[Colour | None] = [colour] if colour is not None else [None, "stance", "topic", "leader"]
    files = _files(corpus)
    for each in asked:
        key: Key = (lane, grain, each)
        found = held.get(key)
        if found is None and files is not None and key in files[1]:
            found = _read(files[0], *files[1][key])
            if found is not None:
                found = held.setdefault(key, found)
        if found is not None:
            return found
    if lane == "topic" and colour == "topic":
        return _lane_coloured(corpus, grain)
    return None


def _lane_coloured(corpus: Corpus, grain: Grain) -> CellCounts | None:
    """On topic lanes a marker's colour by topic is its lane (``count_cells`` adds each one to its lane's
    colour): the grid coloured so is any topic grid's counts, each in its own lane's colour."""
    base = known(corpus, "topic", grain, None)
    if base is None:
        return None
    n_lanes = len(base.labels)
    by_colour = np.zeros((n_lanes * base.n_periods, n_lanes), dtype=base.counts.dtype)
    lane_of = np.repeat(np.arange(n_lanes), base.n_periods)
    by_colour[np.arange(len(lane_of)), lane_of] = base.counts
    by_colour.setflags(write=False)
    found = CellCounts(base.counts, by_colour, base.labels, base.labels, base.p0, base.n_periods)
    return _held(corpus).setdefault(("topic", grain, "topic"), found)


def whole(corpus: Corpus, rows: np.ndarray, lane: Lane, grain: Grain, colour: Colour | None) -> CellCounts:
    """``count_cells`` of every dated statement (``rows``: ``is_whole``), read or counted once per corpus."""
    found = known(corpus, lane, grain, colour)
    if found is None:
        found = count_cells(corpus, rows, lane, grain, colour)
        # Kept only when small: a real store's thousands of speakers x weeks x topics would hold hundreds
        # of MB for the corpus' life; such a grid lives as long as the page run's selection, as before.
        if len(_flat(found)) <= MAX_CELLS:
            found = _held(corpus).setdefault((lane, grain, colour), found)
    return found


def of_speakers(corpus: Corpus, rows: np.ndarray, grain: Grain, colour: Colour | None) -> CellCounts | None:
    """The speaker-lane grid of ``rows`` from the whole store's when ``rows`` are every dated statement of
    the speakers they hold (their tally per speaker is the store's) and that grid is at hand; else None."""
    if colour == "leader":
        return None
    lanes = lanes_of(corpus, rows, "leader")
    grid = known(corpus, "leader", grain, colour)
    if grid is None or not len(rows):
        return None
    tally, present = lanes.tally, lanes.present
    if tally is None or present is None or not np.array_equal(tally[present], speaker_tally(corpus)[present]):
        return None
    at = {name: i for i, name in enumerate(grid.labels)}
    if any(name not in at for name in lanes.labels):
        return None
    picked = np.array([at[name] for name in lanes.labels], dtype=np.intp)
    coloured = colour is not None and grid.by_colour is not None
    n_colours = len(grid.colour_labels) if coloured else 1
    cube = (grid.by_colour if coloured else grid.counts).reshape(  # type: ignore[union-attr]
        len(grid.labels), grid.n_periods, n_colours
    )[picked]
    used = np.flatnonzero(cube.sum(axis=(0, 2)))
    first, last = int(used[0]), int(used[-1]) + 1
    cube = cube[:, first:last]
    n_cells = len(picked) * (last - first)
    if not coloured:  # as ``count_cells`` gives it without a colour
        return CellCounts(cube.reshape(n_cells), None, lanes.labels, (), grid.p0 + first, last - first)
    by_colour = cube.reshape(n_cells, n_colours)
    return CellCounts(
        by_colour.sum(axis=1), by_colour, lanes.labels, grid.colour_labels, grid.p0 + first, last - first
    )


def speaker_tally(corpus: Corpus) -> np.ndarray:
    """Dated statements per speaker code (once per corpus)."""

    def make() -> np.ndarray:
        written = corpus._memo.get(_TALLY)
        if written is not None and _files(corpus) is not None:  # of these dated statements
            return np.asarray(written)
        speakers = corpus.frame[S.speaker]
        dated = ~undated_mask(corpus)
        codes = category_codes(speakers)[dated]
        return np.bincount(codes[codes >= 0], minlength=len(speakers.cat.categories))

    found: np.ndarray = corpus.memo(("speaker_dated_tally",), make, keep=1)
    return found
