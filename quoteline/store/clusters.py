"""Cross-outlet clusters: the same quote by the same speaker, reported by several outlets, is one cluster.

Quotes are compared after normalising quote marks, dashes, whitespace and case; near duplicates (small edits)
join when rapidfuzz's ratio reaches ``settings.cluster_threshold``. Comparisons are blocked by speaker and by
a window of days around the statement's date, so adding a batch stays fast on stores of 100k+ statements.
A new statement joins an existing cluster and keeps its id; clusters already stored are never rewritten.
Stored statements enter the index as Arrow columns, their keys computed a column at a time
(``quoteline.store.cluster_keys``).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from rapidfuzz import fuzz, process

from quoteline import settings
from quoteline.schema import S
from quoteline.store.cluster_keys import UNDATED, day_number, day_numbers, normalise_quote, normalised

__all__ = ["UNDATED", "ClusterIndex", "day_number", "n_sources", "normalise_quote", "source_key"]

# Past this many rows, the Arrow memory a speaker's rows took goes back to the system once they are lists.
_RELEASE_ROWS = 100_000
_KEYED = pa.schema(
    [("speaker", pa.string()), ("day", pa.int64()), ("norm", pa.string()), ("cluster", pa.string())]
)


@dataclass
class _Speaker:
    """One speaker's statements, sorted by day, for windowed lookups."""

    days: list[int] = field(default_factory=list)
    norms: list[str] = field(default_factory=list)
    clusters: list[str] = field(default_factory=list)

    def add(self, day: int, norm: str, cluster: str) -> None:
        i = bisect.bisect_right(self.days, day)
        self.days.insert(i, day)
        self.norms.insert(i, norm)
        self.clusters.insert(i, cluster)

    def window(self, day: int, days: int) -> tuple[int, int]:
        if day == UNDATED:
            return 0, len(self.days)
        return bisect.bisect_left(self.days, day - days), bisect.bisect_right(self.days, day + days)

    def keyed(self, speaker: str) -> pa.Table:
        """These statements as rows of ``_KEYED``."""
        n = len(self.days)
        return pa.table(
            [
                pa.array([speaker] * n, pa.string()),
                pa.array(self.days, pa.int64()),
                self.norms,
                self.clusters,
            ],
            schema=_KEYED,
        )


def _gap(a: int, b: int) -> int:
    """Days between two statements; 0 when either is undated (it is near every day)."""
    return 0 if a == UNDATED or b == UNDATED else abs(a - b)


class ClusterIndex:
    """Every stored statement's normalised text, grouped by speaker, to assign clusters to new ones."""

    def __init__(self, threshold: float | None = None, window_days: int | None = None) -> None:
        self.threshold = settings.get_float("cluster_threshold") if threshold is None else threshold
        # Outlets rarely date the same remark more than a fortnight apart; the window also bounds the work.
        self.window_days = settings.get_int("cluster_window_days") if window_days is None else window_days
        self._speakers: dict[str, _Speaker] = {}

    def extend_tables(self, tables: Iterable[pa.Table]) -> None:
        """Add already-clustered statements: Arrow tables of speaker, text, date and cluster_id, taken one
        at a time (each one's text is dropped once its keys are computed)."""
        by_speaker: dict[str, list[pa.Table]] = {}
        for table in tables:
            if table.num_rows:
                for speaker, rows in _by_speaker(_keyed(table)):
                    by_speaker.setdefault(speaker, []).append(rows)
        # A speaker at a time, the largest first: its Arrow rows are freed before the next one's strings are
        # made (the keyed rows of every speaker beside every string: 0.5 GB of a dense batch's 1.9 GB peak).
        for speaker in sorted(by_speaker, key=lambda s: (-sum(t.num_rows for t in by_speaker[s]), s)):
            parts = by_speaker.pop(speaker)
            held = self._speakers.pop(speaker, None)
            if held is not None:
                # A speaker already held is sorted again with its new rows, as one list.
                parts.append(held.keyed(speaker))
            rows = pa.concat_tables(parts)
            del parts
            order = pc.sort_indices(
                rows, [("day", "ascending"), ("norm", "ascending"), ("cluster", "ascending")]
            )
            # Taken through numpy from the unsorted columns: each text becomes one Python string, and no
            # sorted copy of the Arrow strings is made.
            taken = order.to_numpy()
            self._speakers[speaker] = _Speaker(
                rows["day"].to_numpy()[taken].tolist(),
                rows["norm"].to_numpy()[taken].tolist(),
                rows["cluster"].to_numpy()[taken].tolist(),
            )
            del rows, order
            if len(taken) >= _RELEASE_ROWS:
                pa.default_memory_pool().release_unused()

    def extend(self, rows: Iterable[tuple[str, str, object, str]]) -> None:
        """Add already-clustered statements: (speaker, text, date, cluster_id); a date that is not a
        string is undated."""
        listed = list(rows)
        if not listed:
            return
        speakers, texts, dates, ids = zip(*listed, strict=True)
        columns = (speakers, texts, [d if isinstance(d, str) else None for d in dates], ids)
        names = (S.speaker, S.text, S.date, S.cluster_id)
        self.extend_tables(
            [pa.table({n: pa.array(c, pa.string()) for n, c in zip(names, columns, strict=True)})]
        )

    def extend_frame(self, df: pd.DataFrame) -> None:
        """Add a frame of stored statements (speaker, text, date and cluster_id columns)."""
        columns = (S.speaker, S.text, S.date, S.cluster_id)
        self.extend_tables(
            [pa.table({c: pa.array(df[c].astype("object"), pa.string(), from_pandas=True) for c in columns})]
        )

    def assign(self, speaker: str, text: str, when: object, statement_id: str) -> str:
        """The cluster a new statement belongs to (an existing one, or a new one named after it)."""
        norm = normalise_quote(text)
        day = day_number(when)
        known = self._speakers.setdefault(speaker, _Speaker())
        cluster = self._match(known, norm, day) or statement_id
        known.add(day, norm, cluster)
        return cluster

    def _match(self, known: _Speaker, norm: str, day: int) -> str | None:
        """The cluster of the statement in the window with the very same text (the nearest in time, then
        the smaller id), else of the most similar one reaching the threshold (the first of equals)."""
        lo, hi = known.window(day, self.window_days)
        undated = bisect.bisect_right(known.days, UNDATED) if day != UNDATED else 0
        lo = max(lo, undated)
        # Slices, not index lists: the candidate set is built in C, which matters for busy speakers.
        candidates = known.norms[:undated] + known.norms[lo:hi]
        if not candidates:
            return None
        # One pass finds both: the very same text scores 100, and only it does.
        hits = process.extract(
            norm, candidates, scorer=fuzz.ratio, score_cutoff=min(self.threshold, 100.0), limit=None
        )
        at = [i if i < undated else lo + i - undated for _, _, i in hits]
        same = [
            (_gap(known.days[j], day), known.clusters[j])
            for (hit, _, _), j in zip(hits, at, strict=True)
            if hit == norm
        ]
        if same:
            # Not the one read first, which depends on which files earlier commits read into the index.
            return min(same)[1]
        if not norm or not hits:
            return None
        best = max(score for _, score, _ in hits)
        return known.clusters[min(j for (_, score, _), j in zip(hits, at, strict=True) if score == best)]

    def assign_frame(self, df: pd.DataFrame) -> pd.Series:
        """Cluster ids for a frame of new statements, in row order."""
        ids = [
            self.assign(speaker, text, when, sid)
            for speaker, text, when, sid in zip(
                df[S.speaker], df[S.text], df[S.date], df[S.statement_id], strict=True
            )
        ]
        return pd.Series(ids, index=df.index, dtype="object")


def _by_speaker(keyed: pa.Table) -> Iterator[tuple[str, pa.Table]]:
    """A keyed table's rows of each speaker, each a copy of its own (not a slice of one buffer), so that one
    speaker's rows can be freed while the others are held."""
    order = pc.sort_indices(keyed, [("speaker", "ascending")])
    runs = pc.run_end_encode(keyed["speaker"].take(order).combine_chunks())
    start = 0
    for speaker, end in zip(runs.values.to_pylist(), runs.run_ends.to_pylist(), strict=True):
        yield speaker, keyed.take(order.slice(start, end - start))
        start = end


def _keyed(table: pa.Table) -> pa.Table:
    """A table of stored statements as rows of ``_KEYED``: speaker, day number, normalised text, cluster."""
    return pa.table(
        [
            table[S.speaker].cast(pa.string()),
            pa.array(day_numbers(table[S.date].cast(pa.string())), pa.int64()),
            normalised(table[S.text].cast(pa.string())),
            table[S.cluster_id].cast(pa.string()),
        ],
        schema=_KEYED,
    )


def _codes(values: pd.Series) -> np.ndarray:
    """Integer codes of a string column (Arrow's hash encoder: far faster than pandas' on Arrow strings)."""
    encoded = pa.chunked_array([pa.array(values.astype("object"), type=pa.string())]).combine_chunks()
    return pc.dictionary_encode(encoded).indices.to_numpy(zero_copy_only=False).astype(np.int64)


def source_key(df: pd.DataFrame) -> pd.Series:
    """Who carried a statement: its outlet, or its article when the outlet is unknown."""
    outlet = df[S.outlet].astype("object")
    return outlet.where(outlet.notna(), "article:" + df[S.article_id].astype("object"))


def n_sources(df: pd.DataFrame) -> pd.Series:
    """For each statement, how many distinct outlets (or unattributed articles) carried its cluster."""
    if df.empty:
        return pd.Series([], index=df.index, dtype="int64")
    cluster = _codes(df[S.cluster_id])
    key = _codes(source_key(df))
    # Distinct (cluster, source) pairs, counted per cluster: integer work only, fast at 1M rows.
    pairs = np.unique(cluster * (int(key.max()) + 1) + key)
    counts = np.bincount(pairs // (int(key.max()) + 1), minlength=int(cluster.max()) + 1)
    return pd.Series(counts[cluster], index=df.index, dtype="int64")
