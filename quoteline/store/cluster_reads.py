"""What the cluster index holds of the stored statements, and reading only the speaker blocks a batch needs.

Clustering compares a new statement only with its own speaker's statements (``quoteline.store.clusters``), so
a commit needs, from each data file of the partitions its date windows reach, the rows of the batch's speakers
alone. The statements files are sorted by speaker in row groups whose footer holds a min/max of ``speaker``
(``quoteline.store.delta.laid_out``): the row groups that may hold one of those speakers are found from the
footer, only they are read, and only those speakers' rows are kept. On the synthetic 10M store a 200-article
batch reaches almost every month (140,000 rows a month); reading those whole put every stored statement in
the index (403 s, 8 GB in session 19), where the batch's speaker blocks are what it compares with.

``Holdings`` records what the index holds of each file (every row, or the rows of some speakers), so each
row is read once per ``Store`` however many commits need it.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from quoteline.schema import S
from quoteline.store.view_types import plain


@dataclass(frozen=True)
class Holdings:
    """The statements data files the cluster index holds every row of (``whole``), and of the others, the
    speakers whose rows it holds (``speakers``)."""

    whole: frozenset[str] = frozenset()
    speakers: dict[str, frozenset[str]] = field(default_factory=dict)

    def paths(self) -> frozenset[str]:
        """Every file the index holds rows of."""
        return self.whole | frozenset(self.speakers)

    def wanting(self, path: str, speakers: Collection[str]) -> frozenset[str]:
        """Of ``speakers``, those whose rows of ``path`` the index does not hold yet."""
        if path in self.whole:
            return frozenset()
        return frozenset(speakers) - self.speakers.get(path, frozenset())

    def with_whole(self, paths: Iterable[str]) -> Holdings:
        """These files' every row now held too."""
        added = frozenset(paths)
        return Holdings(self.whole | added, {p: s for p, s in self.speakers.items() if p not in added})

    def with_speakers(self, read: Mapping[str, Collection[str]]) -> Holdings:
        """The rows of each file's speakers in ``read`` (file -> speakers) now held too (one copy for a
        commit's files, not one per file)."""
        held = dict(self.speakers)
        for path, speakers in read.items():
            held[path] = held.get(path, frozenset()) | frozenset(speakers)
        return Holdings(self.whole, held)


def speaker_rows(path: Path, speakers: Collection[str], columns: list[str]) -> tuple[pa.Table, bool]:
    """The rows of ``speakers`` in one statements data file (``columns``, ``speaker`` among them), and whether
    they are every row of the file (then the caller holds it whole).

    Row groups whose footer min/max of ``speaker`` leaves out every one of ``speakers`` are skipped; a row
    group without statistics (a file written before the sorted layout) is read. Of the groups read, only
    the rows of ``speakers`` are kept: normalising a stored quote for the index costs far more than decoding
    it, and a file of one row group holds every speaker (1M synthetic statements, a batch by 4 of their 60
    speakers: 534,000 rows normalised when the row groups read were kept whole, 9.6 CPU s a commit; 6.5
    with those speakers' rows alone)."""
    parquet = pq.ParquetFile(path)
    meta = parquet.metadata
    position = meta.schema.to_arrow_schema().get_field_index(S.speaker)
    wanted = sorted(speakers)
    groups = []
    for i in range(meta.num_row_groups):
        stats = meta.row_group(i).column(position).statistics
        if stats is None or not stats.has_min_max or _any_between(wanted, stats.min, stats.max):
            groups.append(i)
    if not groups:
        return plain(parquet.schema_arrow.empty_table().select(columns)), False
    table = plain(parquet.read_row_groups(groups, columns=columns))
    table = table.filter(
        pc.is_in(table[S.speaker], value_set=pa.array(wanted, table.schema.field(S.speaker).type))
    )
    return table, table.num_rows == meta.num_rows


def _any_between(ordered: list[str], low: object, high: object) -> bool:
    """Whether a sorted list holds a value within [low, high] (the footer's min and max)."""
    low_text = low.decode() if isinstance(low, bytes) else str(low)
    high_text = high.decode() if isinstance(high, bytes) else str(high)
    i = bisect_left(ordered, low_text)
    return i < len(ordered) and ordered[i] <= high_text
