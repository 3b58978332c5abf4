"""Turning a filtered selection into what the charts draw: timeline markers, bins and heatmap cells.

Everything works on integer codes (lane, period, colour, cluster) so that a million statements bin in
a few tens of milliseconds; labels are attached only to the small result. Statements that several outlets
carried (one cross-outlet cluster) are counted once in every count here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from quoteline.query.corpus import CLUSTER, CLUSTER_SIZE, DAY, MONTH, PRIMARY_TOPIC, WEEK, Corpus
from quoteline.schema import S

Lane = Literal["leader", "topic"]
Colour = Literal["topic", "stance"]
Grain = Literal["week", "month"]

NO_TOPIC = "(no topic)"
# Above this many markers the chart shows bins instead of one marker per statement.
MAX_POINTS = 5_000
# Bins per chart that keep a browser responsive; weekly bins give way to monthly ones past it.
MAX_BINS = 6_000


@dataclass(frozen=True)
class Lanes:
    """Markers for a set of rows: ``rows[i]`` sits in lane ``labels[codes[i]]`` (a row may be in several)."""

    rows: np.ndarray
    codes: np.ndarray
    labels: tuple[str, ...]


def lanes(corpus: Corpus, rows: np.ndarray, lane: Lane) -> Lanes:
    """One marker per leader statement, or one per (statement, topic) with untagged ones in NO_TOPIC."""
    if lane == "leader":
        speaker = corpus.frame[S.speaker]
        return Lanes(
            rows,
            speaker.cat.codes.to_numpy()[rows].astype(np.int64),
            tuple(str(c) for c in speaker.cat.categories),
        )
    tags = corpus.topics
    chosen = np.zeros(len(corpus), dtype=bool)
    chosen[rows] = True
    take = chosen[tags.rows]
    has_tag = np.zeros(len(corpus), dtype=bool)
    has_tag[tags.rows[take]] = True
    untagged = rows[~has_tag[rows]]
    return Lanes(
        np.concatenate([tags.rows[take], untagged]),
        np.concatenate([tags.codes[take].astype(np.int64), np.full(len(untagged), len(tags.labels))]),
        (*tags.labels, NO_TOPIC),
    )


def colours(corpus: Corpus, markers: Lanes, colour: Colour) -> tuple[np.ndarray, tuple[str, ...]]:
    """Colour code per marker and the labels: primary topic (or the lane's topic) or stance."""
    if colour == "stance":
        stance = corpus.frame[S.stance]
        return (
            stance.cat.codes.to_numpy()[markers.rows].astype(np.int64),
            tuple(str(c) for c in stance.cat.categories),
        )
    labels = (*corpus.topics.labels, NO_TOPIC)
    if markers.labels == labels:  # topic lanes: the lane is the colour
        return markers.codes, labels
    primary = corpus.frame[PRIMARY_TOPIC].to_numpy()[markers.rows].astype(np.int64)
    return np.where(primary < 0, len(labels) - 1, primary), labels


def timeline_points(corpus: Corpus, rows: np.ndarray, lane: Lane, colour: Colour) -> pd.DataFrame:
    """One marker per (statement, lane) for dated rows: row position, lane, colour and day."""
    markers = lanes(corpus, rows, lane)
    codes, labels = colours(corpus, markers, colour)
    return pd.DataFrame(
        {
            "row": markers.rows,
            "lane": np.asarray(markers.labels, dtype=object)[markers.codes],
            "colour": np.asarray(labels, dtype=object)[codes],
            "day": corpus.frame[DAY].to_numpy()[markers.rows],
        }
    )


def _period(corpus: Corpus, rows: np.ndarray, grain: Grain) -> np.ndarray:
    return corpus.frame[WEEK if grain == "week" else MONTH].to_numpy()[rows].astype(np.int64)


def period_start(codes: np.ndarray, grain: Grain) -> pd.DatetimeIndex:
    """The first day of each week or month code."""
    if grain == "week":
        return pd.DatetimeIndex((codes * 7 - 3).astype("datetime64[D]"))
    return pd.DatetimeIndex(codes.astype("datetime64[M]").astype("datetime64[D]"))


def _dedup(corpus: Corpus, rows: np.ndarray, cell: np.ndarray) -> np.ndarray:
    """Indices into ``rows`` keeping one marker per (cell, cluster); singleton clusters pass untouched."""
    size = corpus.frame[CLUSTER_SIZE].to_numpy()[rows]
    alone = np.flatnonzero(size == 1)
    shared = np.flatnonzero(size > 1)
    if not shared.size:
        return alone
    cluster = corpus.frame[CLUSTER].to_numpy()[rows[shared]]
    key = cell[shared] * (int(cluster.max()) + 1) + cluster
    first = ~pd.Series(key).duplicated().to_numpy()  # hashed, no sort: only counts follow, order is moot
    return np.concatenate([alone, shared[first]])


def choose_grain(corpus: Corpus, markers: Lanes) -> Grain:
    """Weekly bins unless that would draw more than ``MAX_BINS`` markers."""
    if not markers.rows.size:
        return "week"
    weeks = _period(corpus, markers.rows, "week")
    n_lanes = int(np.count_nonzero(np.bincount(markers.codes)))
    return "week" if n_lanes * (int(weeks.max() - weeks.min()) + 1) <= MAX_BINS else "month"


def timeline_bins(
    corpus: Corpus, rows: np.ndarray, lane: Lane, colour: Colour, grain: Grain | None = None
) -> pd.DataFrame:
    """Markers binned per (lane, period): distinct-statement count and the most common colour."""
    markers = lanes(corpus, rows, lane)
    if not markers.rows.size:
        return pd.DataFrame(columns=["lane", "start", "end", "count", "colour"])
    grain = grain or choose_grain(corpus, markers)
    period = _period(corpus, markers.rows, grain)
    p0, n_periods = int(period.min()), int(period.max() - period.min()) + 1
    cell = markers.codes * n_periods + (period - p0)
    keep = _dedup(corpus, markers.rows, cell)
    colour_codes, colour_labels = colours(corpus, markers, colour)
    n_cells, n_colours = len(markers.labels) * n_periods, len(colour_labels)
    counts = np.bincount(cell[keep], minlength=n_cells)
    by_colour = np.bincount(cell[keep] * n_colours + colour_codes[keep], minlength=n_cells * n_colours)
    dominant = by_colour.reshape(n_cells, n_colours).argmax(axis=1)
    used = np.flatnonzero(counts)
    return pd.DataFrame(
        {
            "lane": np.asarray(markers.labels, dtype=object)[used // n_periods],
            "start": period_start(used % n_periods + p0, grain),
            "end": period_start(used % n_periods + p0 + 1, grain) - pd.Timedelta(days=1),
            "count": counts[used],
            "colour": np.asarray(colour_labels, dtype=object)[dominant[used]],
        }
    )


def heatmap(corpus: Corpus, rows: np.ndarray, dim: Lane, grain: Grain) -> pd.DataFrame:
    """Volume per (leader or topic) x (week or month), each cross-outlet cluster counted once.

    Returns a frame indexed by label, busiest first, with one column per period start (gaps included).
    """
    markers = lanes(corpus, rows, dim)
    if not markers.rows.size:
        return pd.DataFrame()
    period = _period(corpus, markers.rows, grain)
    p0, n_periods = int(period.min()), int(period.max() - period.min()) + 1
    cell = markers.codes * n_periods + (period - p0)
    keep = _dedup(corpus, markers.rows, cell)
    grid = np.bincount(cell[keep], minlength=len(markers.labels) * n_periods).reshape(-1, n_periods)
    present = np.flatnonzero(grid.sum(axis=1))
    table = pd.DataFrame(
        grid[present],
        index=np.asarray(markers.labels, dtype=object)[present],
        columns=period_start(np.arange(p0, p0 + n_periods), grain),
    )
    order = table.sum(axis=1).sort_values(ascending=False, kind="stable").index
    return table.loc[order]


def distinct_count(corpus: Corpus, rows: np.ndarray) -> int:
    """How many distinct statements (clusters) the rows hold."""
    seen = np.zeros(int(corpus.frame[CLUSTER].max()) + 1 if len(corpus) else 0, dtype=bool)
    seen[corpus.frame[CLUSTER].to_numpy()[rows]] = True
    return int(seen.sum())


@dataclass(frozen=True)
class Carrier:
    """Another outlet that carried the same quote (same cluster)."""

    statement_id: str
    outlet: str
    date: str | None
    article_id: str


def cluster_carriers(corpus: Corpus, row: int) -> list[Carrier]:
    """Every other outlet in the row's cluster (its earliest statement there), earliest first."""
    frame = corpus.frame
    same = np.flatnonzero(frame[CLUSTER].to_numpy() == frame[CLUSTER].iat[row])
    same = same[same != row]
    if not same.size:
        return []
    sub = corpus.take(same, [S.statement_id, S.article_id, S.outlet, S.date, DAY])
    sub = sub.sort_values([DAY, S.outlet], na_position="last")
    sub = sub[sub[S.outlet] != frame[S.outlet].iat[row]].drop_duplicates(S.outlet)
    return [
        Carrier(
            statement_id=str(sid),
            outlet=str(outlet),
            date=None if pd.isna(day) else str(day),
            article_id=str(aid),
        )
        for sid, outlet, day, aid in zip(
            sub[S.statement_id], sub[S.outlet], sub[S.date], sub[S.article_id], strict=True
        )
    ]


def paragraph_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The paragraph (blank-line separated) that contains ``text[start:end]``, as (begin, finish)."""
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    begin = text.rfind("\n\n", 0, start)
    begin = 0 if begin < 0 else begin + 2
    finish = text.find("\n\n", end)
    return begin, len(text) if finish < 0 else finish
