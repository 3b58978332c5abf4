"""An in-memory, query-ready view of the stored statements, built once per store version.

The dashboard filters a million statements on every click, so the corpus keeps columns in the forms that make
that cheap: categoricals for speaker/outlet/stance/kind, a day number for dates (undated rows are NaN, never
today), integer codes for clusters, and the list columns (topics, counterparts) exploded into two flat arrays.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

from quoteline.schema import S

# Columns the dashboard needs; `referenced_dates` is left in the store.
CORPUS_COLUMNS: tuple[str, ...] = (
    S.statement_id,
    S.article_id,
    S.speaker,
    S.speaker_type,
    S.kind,
    S.cue,
    S.text,
    S.start,
    S.end,
    S.date,
    S.date_source,
    S.topics,
    S.counterparts,
    S.stance,
    S.outlet,
    S.cluster_id,
    S.n_sources,
)
CATEGORICAL = (S.speaker, S.speaker_type, S.kind, S.stance, S.outlet, S.date_source)
DAY = "day"  # days since 1970-01-01 as float (NaN when undated)
CLUSTER = "cluster_code"  # integer code of cluster_id
CLUSTER_SIZE = "cluster_size"  # rows sharing the cluster, corpus-wide
WEEK = "week"  # Monday-based week number since 1970 (-1 when undated)
MONTH = "month"  # month number since 1970-01 (-1 when undated)
PRIMARY_TOPIC = "primary_topic"  # code of the first topic in Corpus.topics.labels (-1 when none)
NO_OUTLET = "(unknown outlet)"


@dataclass(frozen=True)
class Tags:
    """A list column exploded to parallel arrays: ``rows[i]`` carries label ``labels[codes[i]]``."""

    rows: np.ndarray
    codes: np.ndarray
    labels: tuple[str, ...]

    def rows_with_any(self, wanted: Iterable[str], n_rows: int) -> np.ndarray:
        """A boolean mask over the corpus rows that carry at least one wanted label."""
        lookup = {label: i for i, label in enumerate(self.labels)}
        wanted_codes = [lookup[w] for w in wanted if w in lookup]
        mask = np.zeros(n_rows, dtype=bool)
        if wanted_codes:
            mask[self.rows[np.isin(self.codes, wanted_codes)]] = True
        return mask

    def counts(self) -> dict[str, int]:
        """How many rows carry each label."""
        tally = np.bincount(self.codes, minlength=len(self.labels))
        return {label: int(tally[i]) for i, label in enumerate(self.labels)}

    def first_code(self, n_rows: int) -> np.ndarray:
        """Each row's first label code (its primary one), or -1 when it has none."""
        out = np.full(n_rows, -1, dtype=np.int32)
        if len(self.rows):
            # rows are ascending, so the first occurrence of each row is its first label.
            first = np.r_[True, self.rows[1:] != self.rows[:-1]]
            out[self.rows[first]] = self.codes[first]
        return out


def _explode(values: pd.Series) -> Tags:
    """Explode a list column, using Arrow's flat buffers when the frame is Arrow-backed."""
    if isinstance(values.dtype, pd.ArrowDtype) and pa.types.is_list(values.dtype.pyarrow_dtype):
        chunked = pa.chunked_array(values.array._pa_array).combine_chunks()  # type: ignore[attr-defined]
        rows = np.asarray(pa.compute.list_parent_indices(chunked), dtype=np.int64)
        flat = pd.Series(chunked.flatten().to_pandas(), dtype="object")
    else:
        exploded = pd.Series(values.to_numpy(), dtype="object").explode()
        present = exploded.notna().to_numpy()
        rows = np.asarray(exploded.index, dtype=np.int64)[present]
        flat = exploded[present].astype(str)
    codes, uniques = pd.factorize(flat.to_numpy(), sort=True)
    # A label listed twice on one row still tags it once; the first listing (the primary) keeps its place.
    first = ~pd.Series(rows * (len(uniques) + 1) + codes).duplicated().to_numpy()
    return Tags(rows=rows[first], codes=codes[first].astype(np.int32), labels=tuple(str(u) for u in uniques))


def date_to_day(dates: pd.Series) -> np.ndarray:
    """ISO dates (day, month or year precision) to days since epoch; missing or bad dates become NaN."""
    text = dates.astype("string")
    padded = text.where(text.str.len() != 7, text + "-01")
    padded = padded.where(padded.str.len() != 4, padded + "-01-01")
    parsed = pd.to_datetime(padded, format="%Y-%m-%d", errors="coerce")
    days = (parsed - pd.Timestamp("1970-01-01")) // pd.Timedelta(days=1)
    return days.astype("float64").to_numpy()


def _period_columns(days: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Week and month numbers of each day, -1 where the day is NaN."""
    dated = ~np.isnan(days)
    d = np.where(dated, days, 0).astype("int64")
    week = (d + 3) // 7  # 1970-01-01 was a Thursday; +3 makes weeks start on Monday.
    months = d.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
    return np.where(dated, week, -1).astype(np.int32), np.where(dated, months, -1).astype(np.int32)


@dataclass(frozen=True)
class Corpus:
    """Statements ready for fast filtering, plus their exploded topics and counterparts."""

    frame: pd.DataFrame
    topics: Tags
    counterparts: Tags
    version: str = ""

    def __len__(self) -> int:
        return len(self.frame)

    @classmethod
    def from_frame(cls, statements: pd.DataFrame, version: str = "") -> Corpus:
        """Build a corpus from a statements frame (``schema.StoredStatements`` columns)."""
        df = statements.reset_index(drop=True)
        frame = pd.DataFrame(index=df.index)
        for col in CORPUS_COLUMNS:
            if col in (S.topics, S.counterparts) or col not in df.columns:
                continue
            frame[col] = df[col]
        frame[S.outlet] = frame[S.outlet].astype("string").fillna(NO_OUTLET)
        for col in CATEGORICAL:
            frame[col] = frame[col].astype("category")
        frame[S.text] = frame[S.text].astype("string")
        frame[DAY] = date_to_day(df[S.date])
        codes = pd.factorize(df[S.cluster_id].to_numpy())[0].astype(np.int64)
        frame[CLUSTER] = codes
        frame[CLUSTER_SIZE] = np.bincount(codes)[codes].astype(np.int32)
        frame[WEEK], frame[MONTH] = _period_columns(frame[DAY].to_numpy())
        topics = _explode(df[S.topics])
        frame[PRIMARY_TOPIC] = topics.first_code(len(frame))
        return cls(frame=frame, topics=topics, counterparts=_explode(df[S.counterparts]), version=version)

    def speaker_counts(self) -> dict[str, int]:
        """Statements per speaker, most frequent first."""
        counts = self.frame[S.speaker].value_counts(sort=True)
        return {str(k): int(v) for k, v in counts.items() if v > 0}

    def category_values(self, column: str) -> list[str]:
        """Distinct values present in a categorical column, sorted."""
        present = self.frame[column].value_counts()
        return sorted(str(k) for k, v in present.items() if v > 0)

    def row_of(self, statement_id: str) -> int | None:
        """Position of a statement, or None when the corpus does not hold it."""
        hits = np.flatnonzero(
            self.frame[S.statement_id].eq(statement_id).to_numpy(dtype=bool, na_value=False)
        )
        return int(hits[0]) if len(hits) else None

    def tags_of(self, tags: Tags, row: int) -> list[str]:
        """The labels one row carries, in stored order."""
        lo, hi = np.searchsorted(tags.rows, [row, row + 1])
        return [tags.labels[c] for c in tags.codes[lo:hi]]
