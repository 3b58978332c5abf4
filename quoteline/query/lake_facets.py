"""The sidebar's facet counts and the counts caption, answered from the facet tables a commit writes.

``quoteline.query.facets.facet_counts`` counts the in-memory corpus; this module gives the same answers
(``Facets``, and the number of statements every filter keeps) through the lake's DuckDB connection, from the
two small summary tables of ``quoteline.store.counts``:

- ``facets``: statements per (speaker, speaker type, stance, kind, outlet, month);
- ``facet_tags``: statements per (speaker, topic or counterpart, month);
- ``facet_pairs``: statements per (topic or counterpart, kind, one other field's value, month).

Built once per lake, ``LakeFacets`` sums the tables into in-memory DuckDB tables (a few thousand rows
on a real store) with each speaker's type and country beside it, and counts the statements of the speakers
who held an office per day. Then, per filter change (a filter's own choice never narrows its own counts,
as in ``facets``):

- The single-valued facets (leaders, stances, kinds, outlets, speaker types, countries) and the caption come
  from the summed ``facets`` in ONE grouped query (a grouping set per facet, a ``FILTER`` per "every filter
  but this one"), unless a topic, counterpart or search filter is set.
- The topic (counterpart) options come from the summed ``facet_tags`` while the only other filters are on
  the speaker (leader, speaker type, country), the dates and "in office"; from ``facet_pairs`` (each tag
  crossed with the kind and one other field per month, no speaker) while the other filters are a kind and
  at most one stance, outlet or single other-tag filter, and whole months.
- Under ONE tag filter of one value (and whole months) the single-valued facets come from ``facet_tags``
  (the speakers, their types and countries, the caption) and ``facet_pairs`` (stances, kinds, outlets).
- The summed tables are also kept summed over the months (a state without a date range reads those) and,
  for the facet and tag tables, per year.
- A date range counts its whole years and whole months from the tables; the days of a month it cuts are
  counted from that month's statements, read once and kept per day (``DAY_MONTHS`` months): the statements
  are partitioned by month, so that is one partition.
- "In office" (the speaker held an office on the statement's day, by the gazetteer's terms, as the corpus
  uses them) comes from the per-day count of the office holders' statements.
- What the tables cannot say is read from the statements ONCE per filter change (the date range and the
  search applied, the tag filters and "in office" as flag columns) into a temporary table that every such
  part counts; ``FacetAnswer.scanned`` names those parts.

The speaker types and countries are worked out per speaker by ``quoteline.query.speakers.facts_for``, from
the speakers, their commonest stored type and the outlets the table holds, as the corpus does. (A speaker
whose stored types tie is given the alphabetically first; the corpus takes the first it read.)
"""

from __future__ import annotations

import itertools
import logging
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Final

import numpy as np
import pyarrow as pa

from quoteline.query import lake_search, speakers
from quoteline.query.corpus import NO_OUTLET
from quoteline.query.facets import Facets
from quoteline.query.filters import Filters
from quoteline.schema import S
from quoteline.store.counts import DIM, DIM_VALUE, FIELD, MONTH_START, TAG, N
from quoteline.store.tables import COUNTERPART_SET, TAG_SEP, TOPIC_SET

if TYPE_CHECKING:
    from quoteline.query.lake import Lake

LOGGER = logging.getLogger(__name__)

_NAMES = itertools.count()
DAY_MONTHS: Final = 24  # months whose statements are kept counted per day (a date range's cut months)
_EPOCH = date(1970, 1, 1)
# The filters the facet table can apply (with the dates and "in office", which it applies as ranges).
_SPEAKER_FILTERS: Final = ("leaders", "speaker_types", "countries")
_SCALAR_FILTERS: Final = (*_SPEAKER_FILTERS, "stances", "kinds", "outlets")
# Filter name -> the facet's column (the speaker filters all select speakers).
_COLUMNS: Final = {"stances": S.stance, "kinds": S.kind, "outlets": S.outlet}
# Filter name -> the tag field's label in the tables, and the statements' tag-set column of that list (each
# statement's distinct tags as one flat string, ``quoteline.store.tables.TAG_SETS``: far cheaper to scan than
# the Parquet list, and counted per distinct set before the sets are split into tags).
_TAG_FIELDS: Final = {"topics": ("topic", TOPIC_SET), "counterparts": ("counterpart", COUNTERPART_SET)}
# The fields ``facet_pairs`` crosses a tag with (besides the kind, which is a column of every row).
_PAIRED: Final = {"stances": "stance", "outlets": "outlet", "topics": "topic", "counterparts": "counterpart"}
# The fields ``facet_speaker_pairs`` crosses a speaker's tag with, one at a time (the kind among them).
_SPEAKER_PAIRED: Final = {"kinds": "kind", **_PAIRED}


@dataclass(frozen=True)
class FacetAnswer:
    """The facet counts under a filter state, the number of statements every filter keeps, and which
    parts had to read the statements rather than the facet tables."""

    facets: Facets
    total: int
    scanned: tuple[str, ...] = ()
    # True when the statements read (``scanned``) were only the chosen leaders' rows.
    leaders_only: bool = False


def _one_tag(filters: Filters, prefix: str) -> str:
    """The cube condition of the one tag filter of one value ``filters`` holds (``_leaders_from_tags``'s
    states): its field and its tag, on columns with ``prefix``."""
    ((name, (tag,)),) = [(n, tuple(set(getattr(filters, n)))) for n in _TAG_FIELDS if getattr(filters, n)]
    label, _ = _TAG_FIELDS[name]
    return f"{prefix}{FIELD} = {_literal(label)} AND {prefix}{TAG} = {_literal(tag)}"


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _holds_any(column: str, tags: Iterable[str]) -> str:
    """Whether tag-set ``column`` holds one of ``tags`` (each delimited on both sides in the set)."""
    tests = [f"contains({column}, {_literal(TAG_SEP + tag + TAG_SEP)})" for tag in sorted(set(tags))]
    return "(" + " OR ".join(tests) + ")" if tests else "FALSE"


def _split_sets(source: str, keys: Sequence[str]) -> str:
    """SQL: the rows of ``source`` (columns ``keys``, ``tags``: a tag set, and ``n``: the statements holding
    it) as one row per tag (column ``tag``), ``n`` summed over the sets: the sets are split after grouping,
    so each distinct set of a group is split once, not once per statement."""
    listed = ", ".join(keys)
    lead = f"{listed}, " if keys else ""
    return (
        f"SELECT {lead}{TAG}, sum(n) AS {N} FROM (SELECT {lead}unnest(string_split(tags, "
        f"{_literal(TAG_SEP)})) AS {TAG}, n FROM ({source}) AS sets) AS split WHERE {TAG} <> '' "
        f"GROUP BY ALL"
    )


def _in(column: str, values: Iterable[str]) -> str:
    """``column IN (...)`` with the values as SQL literals; FALSE for no values (nothing matches)."""
    listed = sorted(set(values))
    return f"{column} IN ({', '.join(map(_literal, listed))})" if listed else "FALSE"


def _all(conditions: Iterable[str]) -> str:
    kept = [c for c in conditions if c]
    return " AND ".join(f"({c})" for c in kept) if kept else "TRUE"


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _month_end(day: date) -> date:
    following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return following - timedelta(days=1)


def _merge(intervals: list[tuple[date, date]]) -> list[tuple[date, date]]:
    """Overlapping or touching intervals as one (a speaker's two offices at once count each day once)."""
    out: list[tuple[date, date]] = []
    for lo, hi in sorted(intervals):
        if out and lo <= out[-1][1] + timedelta(days=1):
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


class LakeFacets:
    """Facet counts of one lake (one commit of the store). Build once per lake: it reads the speakers'
    facts and the span of months once."""

    def __init__(self, lake: Lake, resolve: speakers.Resolve | None = None) -> None:
        self.lake = lake
        # The ``facets`` view sums the table's increments on every read: sum them once, and ask the speakers'
        # types, the outlets, the span and the cube of that (at 1M: 0.9 CPU s per read of the view).
        self._summed = f"facet_summed_{next(_NAMES)}"
        lake.con.execute(f"CREATE TEMP TABLE {self._summed} AS SELECT * FROM facets")
        per_type = lake.table(
            f"SELECT {S.speaker}, {S.speaker_type}, sum({N}) AS n FROM {self._summed} "
            f"WHERE {S.speaker} IS NOT NULL GROUP BY ALL HAVING sum({N}) > 0"
        ).to_pylist()
        best: dict[str, tuple[int, str]] = {}
        for row in per_type:
            stored = row[S.speaker_type] or "person"
            key = (-int(row["n"]), stored)
            if row[S.speaker] not in best or key < best[row[S.speaker]]:
                best[row[S.speaker]] = key
        self.names = sorted(best)
        outlets = lake.table(
            f"SELECT DISTINCT coalesce({S.outlet}, {_literal(NO_OUTLET)}) AS o FROM {self._summed} "
            f"WHERE {N} > 0"
        ).column("o")
        if resolve is None:
            from quoteline.knowledge import gazetteer

            resolve = speakers.exact_lookup(gazetteer.load())
        self.facts = speakers.facts_for(
            self.names, [best[name][1] for name in self.names], outlets.to_pylist(), resolve
        )
        span = lake.table(
            f"SELECT min({MONTH_START}) AS lo, max({MONTH_START}) AS hi FROM {self._summed}"
        ).to_pylist()[0]
        self.first_day: date | None = span["lo"]
        self.last_day: date | None = None if span["hi"] is None else _month_end(span["hi"])
        self._terms = self._terms_by_speaker()
        try:
            self._materialise()
        finally:
            lake.con.execute(f"DROP TABLE IF EXISTS {self._summed}")

    def _materialise(self) -> None:
        """The tables' rows summed once into DuckDB tables of this connection, with each speaker's type and
        country beside it (``stype``, ``country``): a filter change then reads a few thousand rows in
        memory, and a speaker-type or country filter is a condition on a short list of labels. (A key may
        hold two rows, a missing outlet and one stored as its label: every query of them sums ``n``.)"""
        n = next(_NAMES)
        self.speakers_table = f"facet_speakers_{n}"
        self.lake.con.register(
            self.speakers_table,
            pa.table(
                {
                    S.speaker: pa.array(self.names, pa.string()),
                    "stype": pa.array([speakers.SPEAKER_TYPES[t] for t in self.facts.types], pa.string()),
                    "country": pa.array(
                        [self.facts.country_labels[c] for c in self.facts.countries], pa.string()
                    ),
                }
            ),
        )
        self.cube = f"facet_cube_{n}"
        self.tag_cube = f"facet_tag_cube_{n}"
        joined = f"LEFT JOIN {self.speakers_table} p ON f.{S.speaker} = p.{S.speaker}"
        self.lake.con.execute(
            f"""CREATE TEMP TABLE {self.cube} AS
            SELECT f.{S.speaker}, p.stype, p.country, f.{S.stance}, f.{S.kind},
                   coalesce(f.{S.outlet}, {_literal(NO_OUTLET)}) AS {S.outlet}, f.{MONTH_START}, f.{N}
            FROM {self._summed} f {joined} ORDER BY {MONTH_START}"""
        )
        self.lake.con.execute(
            f"""CREATE TEMP TABLE {self.tag_cube} AS
            SELECT f.{S.speaker}, p.stype, p.country, f.{FIELD}, f.{TAG}, f.{MONTH_START}, f.{N}
            FROM facet_tags f {joined} ORDER BY {MONTH_START}"""
        )
        self.pair_cube = f"facet_pair_cube_{n}"
        self.lake.con.execute(
            f"""CREATE TEMP TABLE {self.pair_cube} AS
            SELECT {FIELD}, {TAG}, {S.kind}, {DIM},
                   CASE WHEN {DIM} = 'outlet' THEN coalesce({DIM_VALUE}, {_literal(NO_OUTLET)})
                        ELSE {DIM_VALUE} END AS {DIM_VALUE},
                   {MONTH_START}, CAST(sum({N}) AS BIGINT) AS {N}
            FROM facet_pairs GROUP BY ALL ORDER BY {MONTH_START}"""
        )
        # Per speaker, each tag crossed with one other field, no month (``facet_speaker_pairs``): the tag
        # facets under a speaker and one stance, kind, outlet or other-tag filter, and the stance, kind,
        # outlet and counterpart facets under a speaker and one tag, with no date range.
        self.speaker_pair_cube = f"facet_speaker_pair_cube_{n}"
        self.lake.con.execute(
            f"""CREATE TEMP TABLE {self.speaker_pair_cube} AS
            SELECT f.{S.speaker}, p.stype, p.country, f.{FIELD}, f.{TAG}, f.{DIM},
                   CASE WHEN f.{DIM} = 'outlet' THEN coalesce(f.{DIM_VALUE}, {_literal(NO_OUTLET)})
                        ELSE f.{DIM_VALUE} END AS {DIM_VALUE},
                   CAST(sum(f.{N}) AS BIGINT) AS {N}
            FROM facet_speaker_pairs f {joined} GROUP BY ALL ORDER BY f.{S.speaker}"""
        )
        # The same three summed over the months: a state with no date range (the commonest) reads these,
        # a fraction of the rows (1M synthetic: 557,266 -> about 32,000 in the facet cube). The cubes are
        # sorted by month, so that a date range skips the blocks of rows outside it.
        # The speakers' marginal of the facet cube (speaker x month): the leader facet under speaker filters
        # and dates alone (a leader from June 2022) sums 60 rows a month at 1M synthetic rather than 9,000.
        self.speaker_cube = f"facet_speaker_cube_{n}"
        self.lake.con.execute(
            f"""CREATE TEMP TABLE {self.speaker_cube} AS
            SELECT {S.speaker}, stype, country, {MONTH_START}, CAST(sum({N}) AS BIGINT) AS {N}
            FROM {self.cube} GROUP BY ALL ORDER BY {MONTH_START}"""
        )
        self.rolled: dict[str, str] = {}
        for table in (self.cube, self.tag_cube, self.pair_cube, self.speaker_cube):
            self.rolled[table] = f"{table}_all"
            self.lake.con.execute(
                f"""CREATE TEMP TABLE {self.rolled[table]} AS
                SELECT * EXCLUDE ({MONTH_START}, {N}), CAST(sum({N}) AS BIGINT) AS {N} FROM {table}
                GROUP BY ALL"""
            )
        # And summed per year (``year_``), for the whole years of a date range: a year of the 1M facet cube
        # is about 24,000 rows, against 90,000 month rows.
        self.by_year: dict[str, str] = {}
        for table in (self.cube, self.tag_cube, self.speaker_cube):
            self.by_year[table] = f"{table}_years"
            self.lake.con.execute(
                f"""CREATE TEMP TABLE {self.by_year[table]} AS
                SELECT * EXCLUDE ({MONTH_START}, {N}), year({MONTH_START}) AS year_,
                       CAST(sum({N}) AS BIGINT) AS {N}
                FROM {table} WHERE {MONTH_START} IS NOT NULL GROUP BY ALL ORDER BY year_"""
            )

        # The facet cube's months and years again, sorted by speaker: under a leader filter the grouped query
        # reads the chosen leaders' rows, and DuckDB skips the row groups whose min/max speaker excludes
        # them (1M synthetic, a leader from June 2022: its scan 6.5 -> 3.0 CPU ms, the grouped query 21 ->
        # 14). The months stay sorted by month in the cube itself, for the ranges of every other state.
        self.by_speaker: dict[str, str] = {}
        for table in (self.cube, self.by_year[self.cube]):
            self.by_speaker[table] = f"{table}_by_speaker"
            self.lake.con.execute(
                f"CREATE TEMP TABLE {self.by_speaker[table]} AS SELECT * FROM {table} ORDER BY {S.speaker}"
            )

        # "In office" is a day-precise question, about the speakers who held an office: their statements
        # are counted per day once (one scan), so the "in office" count needs no statement read later.
        rows = [(name, a, b) for name, spans in self._terms.items() for a, b in spans]
        self.terms_table = f"facet_terms_{n}"
        self.lake.con.register(
            self.terms_table,
            pa.table(
                {
                    S.speaker: pa.array([r[0] for r in rows], pa.string()),
                    "lo": pa.array([r[1] for r in rows], pa.date32()),
                    "hi": pa.array([r[2] for r in rows], pa.date32()),
                }
            ),
        )
        self.office_cube = f"facet_office_cube_{n}"
        self.office_tag_cube = f"facet_office_tag_cube_{n}"
        held = f"FROM statements s JOIN {self.speakers_table} p ON s.{S.speaker} = p.{S.speaker} WHERE " + (
            _in(f"s.{S.speaker}", self._terms) + " AND s.day IS NOT NULL"
        )
        self.lake.con.execute(
            f"""CREATE TEMP TABLE {self.office_cube} AS
            SELECT s.{S.speaker}, p.stype, p.country, s.{S.stance}, s.{S.kind},
                   coalesce(s.{S.outlet}, {_literal(NO_OUTLET)}) AS {S.outlet}, s.day, count(*) AS {N}
            {held} GROUP BY ALL"""
        )
        sets = " UNION ALL ".join(
            f"SELECT s.{S.speaker}, p.stype, p.country, '{label}' AS {FIELD}, s.day, s.{column} AS tags, "
            f"count(*) AS n {held} AND s.{column} <> '' GROUP BY ALL"
            for label, column in _TAG_FIELDS.values()
        )
        keys = (S.speaker, "stype", "country", FIELD, "day")
        self.lake.con.execute(
            f"""CREATE TEMP TABLE {self.office_tag_cube} AS
            SELECT {S.speaker}, stype, country, {FIELD}, {TAG}, day, CAST({N} AS BIGINT) AS {N}
            FROM ({_split_sets(sets, keys)})"""
        )

        self.day_cube = f"facet_day_cube_{n}"
        self.day_tag_cube = f"facet_day_tag_cube_{n}"
        self.lake.con.execute(
            f"CREATE TEMP TABLE {self.day_cube} AS SELECT * FROM {self.office_cube} LIMIT 0"
        )
        self.lake.con.execute(
            f"CREATE TEMP TABLE {self.day_tag_cube} AS SELECT * FROM {self.office_tag_cube} LIMIT 0"
        )
        self._day_months: OrderedDict[date, None] = OrderedDict()

    def _office_source(self, table: str, columns: str, filters: Filters, where: str = "TRUE") -> str:
        """Rows of an office cube (``columns``, comma-separated names) on the days their speaker held an
        office, within the date range."""
        dates = _date_condition(filters, "o.", years=False) if filters.has_date_range else "TRUE"
        picked = ", ".join(f"o.{c.strip()}" for c in columns.split(","))
        return (
            f"SELECT {picked} FROM {table} o JOIN {self.terms_table} t ON o.{S.speaker} = t.{S.speaker} "
            f"AND o.day BETWEEN t.lo AND t.hi WHERE {dates} AND {where}"
        )

    def close(self) -> None:
        """Drop the tables this object made in the lake's connection (the lake stays open)."""
        tables = (
            self.cube,
            self.tag_cube,
            self.pair_cube,
            self.speaker_pair_cube,
            self.speaker_cube,
            self.office_cube,
            self.office_tag_cube,
            self.day_cube,
            self.day_tag_cube,
            *self.rolled.values(),
            *self.by_year.values(),
            *self.by_speaker.values(),
        )
        for table in tables:
            self.lake.con.execute(f"DROP TABLE IF EXISTS {table}")
        self.lake.con.unregister(self.speakers_table)
        self.lake.con.unregister(self.terms_table)

    # ----- the speakers a speaker filter keeps, and the days "in office" ---------------------------------

    def _terms_by_speaker(self) -> dict[str, list[tuple[date, date]]]:
        out: dict[str, list[tuple[date, date]]] = {}
        if self.first_day is None or self.last_day is None:
            return out
        for code, first, last in self.facts.terms:
            lo = max(self.first_day, _EPOCH + timedelta(days=int(first)))
            hi = self.last_day if np.isinf(last) else min(self.last_day, _EPOCH + timedelta(days=int(last)))
            if lo <= hi:
                out.setdefault(self.names[int(code)], []).append((lo, hi))
        return {name: _merge(spans) for name, spans in out.items()}

    def _speaker_conditions(self, filters: Filters) -> dict[str, str]:
        """The leader, speaker-type and country filters as conditions on the columns ``speaker``,
        ``stype`` and ``country`` (types and countries the store does not hold match nothing)."""
        out: dict[str, str] = {}
        if filters.leaders:
            out["leaders"] = _in(S.speaker, filters.leaders)
        if filters.speaker_types:
            chosen = [t for t in filters.speaker_types if t in speakers.SPEAKER_TYPES]
            out["speaker_types"] = _in("stype", chosen)
        if filters.countries:
            labels = self.facts.country_labels
            out["countries"] = _in("country", [c for c in filters.countries if c in labels])
        return out

    def _span(self, filters: Filters) -> tuple[date, date] | None:
        """The days the date range leaves, cut to the store's months (None: no range, every statement,
        the undated ones included; an empty range is ``lo > hi``)."""
        if not filters.has_date_range:
            return None
        if self.first_day is None or self.last_day is None:
            return (date.max, date.min)
        lo = max(self.first_day, filters.date_from or self.first_day)
        hi = min(self.last_day, filters.date_to or self.last_day)
        return (lo, hi)

    def _whole_months(self, filters: Filters) -> str | None:
        """The date range as a condition on ``month_start`` when it keeps whole months (TRUE: no range);
        None when it cuts a month, which the month tables cannot say."""
        span = self._span(filters)
        if span is None:
            return "TRUE"
        lo, hi = span
        if lo > hi:
            return "FALSE"
        if lo != _month_start(lo) or hi != _month_end(hi):
            return None
        return f"{MONTH_START} BETWEEN DATE '{lo.isoformat()}' AND DATE '{hi.isoformat()}'"

    # ----- the sources: summary table rows, or statement rows -------------------------------------------

    def _table_source(
        self,
        table: str,
        day_table: str,
        columns: str,
        span: tuple[date, date] | None,
        where: str,
        *,
        speaker_sorted: bool = False,
    ) -> str:
        """Rows of cube ``table`` (``columns``) within ``span``: its whole months from the cube, and the days
        of a month the span cuts from ``day_table`` (the same columns per day, filled a month at a time).
        ``speaker_sorted``: read the copies sorted by speaker where there are (a leader filter follows)."""

        def pick(name: str) -> str:
            return self.by_speaker.get(name, name) if speaker_sorted else name

        if span is None:
            return f"SELECT {columns} FROM {self.rolled.get(table, table)} WHERE {where}"
        lo, hi = span
        full: list[date] = []
        edges: list[tuple[date, date]] = []
        start = _month_start(lo)
        while start <= hi:
            end = _month_end(start)
            a, b = max(lo, start), min(hi, end)
            (full.append(start) if (a, b) == (start, end) else edges.append((a, b)))
            start = end + timedelta(days=1)
        parts = []
        if full:
            first, last = full[0], full[-1]
            # The whole years inside the months from the cube summed per year; the months around them
            # (at most eleven on each side) from the cube itself.
            y0 = first.year if first.month == 1 else first.year + 1
            y1 = last.year if last.month == 12 else last.year - 1
            months = [(first, last)]
            if y0 <= y1 and table in self.by_year:
                years = f"year_ BETWEEN {y0} AND {y1}"
                parts.append(f"SELECT {columns} FROM {pick(self.by_year[table])} WHERE {where} AND {years}")
                months = [(first, date(y0 - 1, 12, 1)), (date(y1 + 1, 1, 1), last)]
            for a, b in months:
                if a <= b:
                    parts.append(
                        f"SELECT {columns} FROM {pick(table)} WHERE {where} AND {MONTH_START} "
                        f"BETWEEN DATE '{a.isoformat()}' AND DATE '{b.isoformat()}'"
                    )
        if edges:
            self._load_days(_month_start(a) for a, _ in edges)
            days = " OR ".join(
                f"day BETWEEN DATE '{a.isoformat()}' AND DATE '{b.isoformat()}'" for a, b in edges
            )
            parts.append(f"SELECT {columns} FROM {day_table} WHERE {where} AND ({days})")
        if not parts:
            return f"SELECT {columns} FROM {table} WHERE FALSE"
        return " UNION ALL ".join(f"({p})" for p in parts)

    def _load_days(self, months: Iterable[date]) -> None:
        """Count the statements of ``months`` per day into the day tables, once per month (the last
        ``DAY_MONTHS`` months kept): a date range's cut months read the statements once, not per query."""
        for month in months:
            if month in self._day_months:
                self._day_months.move_to_end(month)
                continue
            con = self.lake.con
            rows = f"facet_month_rows_{next(_NAMES)}"
            con.execute(
                f"""CREATE TEMP TABLE {rows} AS
                SELECT s.{S.speaker}, p.stype, p.country, s.{S.stance}, s.{S.kind},
                       coalesce(s.{S.outlet}, {_literal(NO_OUTLET)}) AS {S.outlet}, s.day,
                       s.{TOPIC_SET}, s.{COUNTERPART_SET}
                FROM statements s LEFT JOIN {self.speakers_table} p ON s.{S.speaker} = p.{S.speaker}
                WHERE s.year = {month.year} AND s.month = {month.month}"""
            )
            try:
                con.execute(
                    f"""INSERT INTO {self.day_cube}
                    SELECT {S.speaker}, stype, country, {S.stance}, {S.kind}, {S.outlet}, day, count(*)
                    FROM {rows} GROUP BY ALL"""
                )
                sets = " UNION ALL ".join(
                    f"SELECT {S.speaker}, stype, country, '{label}' AS {FIELD}, day, {column} AS tags, "
                    f"count(*) AS n FROM {rows} WHERE {column} <> '' GROUP BY ALL"
                    for label, column in _TAG_FIELDS.values()
                )
                split = _split_sets(sets, (S.speaker, "stype", "country", FIELD, "day"))
                con.execute(
                    f"""INSERT INTO {self.day_tag_cube}
                    SELECT {S.speaker}, stype, country, {FIELD}, {TAG}, day, {N} FROM ({split})"""
                )
            finally:
                con.execute(f"DROP TABLE {rows}")
            self._day_months[month] = None
            if len(self._day_months) > DAY_MONTHS:
                gone, _ = self._day_months.popitem(last=False)
                for table in (self.day_cube, self.day_tag_cube):
                    con.execute(
                        f"DELETE FROM {table} WHERE day BETWEEN DATE '{gone.isoformat()}' "
                        f"AND DATE '{_month_end(gone).isoformat()}'"
                    )

    def _in_office_condition(self) -> str:
        """True for a statement (alias ``s``) whose speaker held an office on its day."""
        return (
            f"EXISTS (SELECT 1 FROM {self.terms_table} t WHERE t.{S.speaker} = s.{S.speaker} "
            "AND s.day BETWEEN t.lo AND t.hi)"
        )

    def _scalar_conditions(self, filters: Filters) -> dict[str, str]:
        """The speaker, stance, kind and outlet filters as conditions on those columns (every source here
        holds the outlet's missing values as ``NO_OUTLET``, as the corpus shows them)."""
        out = self._speaker_conditions(filters)
        for name, column in _COLUMNS.items():
            wanted = getattr(filters, name)
            if wanted:
                out[name] = _in(column, wanted)
        return out

    # ----- the answers ---------------------------------------------------------------------------------

    def answer(self, filters: Filters) -> FacetAnswer:
        """The facet counts and the caption's count under ``filters``."""
        return self._answer(filters)

    def _answer(self, filters: Filters) -> FacetAnswer:
        scalars_by_rows = bool(filters.search.strip() or filters.topics or filters.counterparts)
        tags_by_rows = {
            name: not (
                {k for k in _active(filters) if k != name} <= {*_SPEAKER_FILTERS, "dates", "in_office"}
            )
            for name in _TAG_FIELDS
        }
        paired_scalars = self._scalars_from_pairs(filters) if scalars_by_rows else None
        if scalars_by_rows and paired_scalars is None:
            paired_scalars = self._scalars_from_speaker_pairs(filters)
        scalars_by_rows = scalars_by_rows and paired_scalars is None
        # A tag facet the rows would answer may come from ``facet_pairs`` instead (the SQL, or None).
        paired_tags = {
            name: self._tags_from_pairs_sql(filters, name) or self._tags_from_speaker_pairs_sql(filters, name)
            for name, by in tags_by_rows.items()
            if by
        }
        tags_by_rows = {name: by and paired_tags.get(name) is None for name, by in tags_by_rows.items()}
        scanned = (["scalars"] if scalars_by_rows else []) + [n for n, by in tags_by_rows.items() if by]
        # Read only for tag facets: every single-valued filter and "in office" narrows both, so the read
        # keeps only the rows they pass (the scan skips what it can, the temporary table is smaller).
        narrow = self._scalar_conditions(filters) if not scalars_by_rows else {}
        if narrow and filters.in_office:
            narrow["in_office"] = "c_in_office"
        # Under a leader filter every part but the leader facet counts the chosen leaders' statements only:
        # when the tables answer the leader facet, the read keeps to those leaders, and the statement files,
        # sorted by speaker in row groups (``quoteline.store.delta.laid_out``), are read only where they are.
        # Then the one tag filter narrows every part read too, and "in office" comes from the office cube.
        leaders_apart = self._leaders_from_tags(filters) if scalars_by_rows and filters.leaders else None
        if leaders_apart is not None:
            narrow = {"leaders": _in(S.speaker, filters.leaders), **self._flags(filters)}
        office_by_rows = scalars_by_rows and leaders_apart is None
        lists = [n for n, by in tags_by_rows.items() if by]
        rows = ""
        scanned_tags: dict[str, dict[str, int]] = {}
        if scanned and not scalars_by_rows and not (filters.topics or filters.counterparts):
            scanned_tags = self._tags_from_scan(filters, lists, narrow)
        elif scanned:
            rows = self._read_rows(filters, lists, narrow, office=office_by_rows or filters.in_office)
        try:
            if paired_scalars is not None:
                scalars, in_office = paired_scalars
            elif scalars_by_rows:
                scalars, in_office = self._scalars_from_rows(filters, rows, office=office_by_rows)
                if leaders_apart is not None:
                    scalars = (leaders_apart, *scalars[1:])
                    in_office = self._office_of_one_tag(filters)
            else:
                scalars, in_office = self._scalars_from_table(filters)
            from_table = [name for name, by in tags_by_rows.items() if not by and name not in paired_tags]
            facets = self._tags_from_table(filters, from_table) if from_table else {}
            for name, by in tags_by_rows.items():
                paired = paired_tags.get(name)
                if paired is not None:
                    facets[name] = self._tag_counts(paired)
                elif name in scanned_tags:
                    facets[name] = scanned_tags[name]
                elif by:
                    facets[name] = self._tags_from_rows(filters, name, rows)
        finally:
            if rows:
                self.lake.con.execute(f"DROP TABLE IF EXISTS {rows}")
        leaders, types, countries, stances, kinds, outlets, total = scalars
        return FacetAnswer(
            Facets(
                leaders=leaders,
                topics=facets["topics"],
                counterparts=facets["counterparts"],
                stances=stances,
                kinds=kinds,
                outlets=outlets,
                speaker_types=types,
                countries=countries,
                in_office=in_office,
            ),
            total,
            tuple(scanned),
            leaders_only=bool(scanned) and "leaders" in narrow,
        )

    def _read_rows(self, filters: Filters, lists: list[str], narrow: dict[str, str], *, office: bool) -> str:
        """The statements the date range and the search keep, read ONCE for every part the tables cannot
        answer, into a temporary table: the facet columns, the tag filters and "in office" as flags
        (``c_topics``, ``c_counterparts``, ``c_in_office``), and the tag sets of the lists the parts
        ``lists`` count; only the rows that pass ``narrow`` (conditions on those columns) are kept.
        ``office``: whether a part needs ``c_in_office`` (a join with the office terms per row, left out
        when none does)."""
        name = f"facet_rows_{next(_NAMES)}"
        rows, params = self._rows_sql(filters, lists, narrow, office=office)
        self.lake.con.execute(f"CREATE TEMP TABLE {name} AS {rows}", params or None)
        return name

    def _rows_sql(
        self, filters: Filters, lists: list[str], narrow: dict[str, str], *, office: bool
    ) -> tuple[str, list[Any]]:
        """``_read_rows``' SELECT and its parameters."""
        flags = [f"{self._in_office_condition()} AS c_in_office"] if office else []
        for filter_name, (_, column) in _TAG_FIELDS.items():
            wanted = getattr(filters, filter_name)
            if wanted:
                flags.append(f"{_holds_any(f's.{column}', wanted)} AS c_{filter_name}")
            if filter_name in lists:
                flags.append(f"s.{column}")
        where = [_date_condition(filters)] if filters.has_date_range else []
        if "leaders" in narrow:
            # On the scan itself, where DuckDB compares it with each row group's min/max speaker.
            where.append(_in(f"s.{S.speaker}", filters.leaders))
        params: list[Any] = []
        needle = filters.search.strip()
        if needle:
            condition, params = lake_search.search_condition(needle, "s", self.lake)
            where.append(condition)
        # The speakers' types and countries are read only as filter conditions (the facets take them from
        # ``self.facts``): without such a filter the rows need no join with the speakers.
        joined = bool(filters.speaker_types or filters.countries)
        people = f"LEFT JOIN {self.speakers_table} p ON s.{S.speaker} = p.{S.speaker}" if joined else ""
        facts = "p.stype, p.country" if joined else "NULL::VARCHAR AS stype, NULL::VARCHAR AS country"
        rows = f"""SELECT * FROM (
                SELECT s.{S.speaker}, {facts}, s.{S.stance}, s.{S.kind},
                       coalesce(s.{S.outlet}, {_literal(NO_OUTLET)}) AS {S.outlet}, {", ".join(flags)}
                FROM statements s {people}
                WHERE {_all(where)}
            ) WHERE {_all(narrow.values())}"""
        return rows, params

    def _tags_from_scan(
        self, filters: Filters, lists: list[str], narrow: dict[str, str]
    ) -> dict[str, dict[str, int]]:
        """The tag facets ``lists`` in ONE query, when they are the only parts that read the statements and
        no tag filter is set (so every one of them counts the rows ``narrow`` keeps): the rows are grouped
        by their tag sets in the scan and each distinct set is split once, with no temporary table of the
        rows (1M synthetic statements, a leader and a stance: the table of the leader's 10,000 rows cost
        about as much as reading them)."""
        rows, params = self._rows_sql(filters, lists, narrow, office=filters.in_office)
        # What ``_tags_from_rows`` applies (no tag filter is set, so it is the same for every list).
        conditions = {**self._scalar_conditions(filters), **self._flags(filters)}
        columns = [_TAG_FIELDS[name][1] for name in lists]
        grouped = (
            f"SELECT {', '.join(columns)}, count(*) AS n FROM ({rows}) AS kept "
            f"WHERE {_all(conditions.values())} GROUP BY ALL"
        )

        def split(column: str) -> str:
            return _split_sets(f"SELECT {column} AS tags, n FROM sets WHERE {column} <> ''", ())

        parts = " UNION ALL ".join(
            f"SELECT '{name}' AS facet, {TAG}, {N} FROM ({split(column)})"
            for name, column in zip(lists, columns, strict=True)
        )
        found = self.lake.table(
            f"WITH sets AS MATERIALIZED ({grouped}) {parts} ORDER BY {TAG}", params or None
        ).to_pylist()
        out: dict[str, dict[str, int]] = {name: {} for name in lists}
        for r in found:
            out[r["facet"]][r[TAG]] = int(r[N])
        return out

    def _flags(self, filters: Filters, leave_out: str = "") -> dict[str, str]:
        """The conditions on a ``_read_rows`` table's flags, by filter name (but ``leave_out``)."""
        names = [n for n in _TAG_FIELDS if getattr(filters, n)] + (["in_office"] if filters.in_office else [])
        return {n: f"c_{n}" for n in names if n != leave_out}

    def _grouped(self, source: str, conditions: dict[str, str], params: list[Any], rows: bool) -> Any:
        """One grouped query: per facet, the counts under every condition but its own."""

        def without(*names: str) -> str:
            return _all(c for k, c in conditions.items() if k not in names)

        office = ""
        if rows:
            office = f", sum(n) FILTER (WHERE {without('in_office')} AND c_in_office) AS w_in_office"
        sql = f"""
            SELECT GROUPING({S.speaker}, {S.stance}, {S.kind}, {S.outlet}) AS g,
                   {S.speaker}, {S.stance}, {S.kind}, {S.outlet},
                   sum(n) FILTER (WHERE {without("leaders")}) AS w_leaders,
                   sum(n) FILTER (WHERE {without("speaker_types")}) AS w_speaker_types,
                   sum(n) FILTER (WHERE {without("countries")}) AS w_countries,
                   sum(n) FILTER (WHERE {without("stances")}) AS w_stances,
                   sum(n) FILTER (WHERE {without("kinds")}) AS w_kinds,
                   sum(n) FILTER (WHERE {without("outlets")}) AS w_outlets,
                   sum(n) FILTER (WHERE {without()}) AS w_all {office}
            FROM ({source}) AS src
            GROUP BY GROUPING SETS (({S.speaker}), ({S.stance}), ({S.kind}), ({S.outlet}), ())
        """
        return self.lake.table(sql, params or None).to_pylist()

    def _scalars_from_table(self, filters: Filters) -> tuple[tuple[Any, ...], int]:
        conditions = self._scalar_conditions(filters)
        columns = f"{S.speaker}, stype, country, {S.stance}, {S.kind}, {S.outlet}, {N}"
        if filters.in_office:
            source = self._office_source(self.office_cube, columns, filters)
        else:
            source = self._table_source(self.cube, self.day_cube, columns, self._span(filters), "TRUE")
        if "leaders" in conditions:
            marginal = None
            if not (filters.in_office or filters.stances or filters.kinds or filters.outlets):
                summed = f"{S.speaker}, stype, country, {N}"
                span = self._span(filters)
                marginal = self._table_source(self.speaker_cube, self.day_cube, summed, span, "TRUE")
            narrowed = source
            if not filters.in_office:
                span = self._span(filters)
                narrowed = self._table_source(
                    self.cube, self.day_cube, columns, span, "TRUE", speaker_sorted=True
                )
            result = self._grouped_apart(source, conditions, marginal, narrowed)
        else:
            result = self._grouped(source, conditions, [], rows=False)
        scalars = self._unpack(result)
        if filters.in_office:
            return scalars, scalars[-1]  # every filter but "in office", and in office: every filter
        office = self._office_source(self.office_cube, columns, filters)
        row = self.lake.table(
            f"SELECT coalesce(sum(n), 0) AS n FROM ({office}) AS src WHERE {_all(conditions.values())}"
        ).to_pylist()[0]
        return scalars, int(row["n"])

    def _grouped_apart(
        self, source: str, conditions: dict[str, str], marginal: str | None = None, leaders: str = ""
    ) -> list[dict[str, Any]]:
        """``_grouped``'s rows under a leader filter, in two queries: every facet but the leaders' counts
        only the chosen leaders' rows, so the grouped query (a grouping set per facet) reads those rows
        alone; the leader facet (every speaker, under every other filter) is one GROUP BY speaker. At 1M
        synthetic statements the one grouped query over every speaker's cube rows cost most of a leader
        state (a leader from June 2022: 33 of 52 CPU ms). ``marginal``: the same rows summed over the
        stance, kind and outlet (speaker, stype, country, n), for the leader facet when only speaker
        filters and dates are set. ``leaders``: the same rows as ``source``, read where the leaders' rows
        are cheapest to find (sorted by speaker)."""
        narrowed = f"SELECT * FROM ({leaders or source}) AS whole WHERE {conditions['leaders']}"
        result = [
            {**row, "w_leaders": None} if row["g"] == 0b0111 else row
            for row in self._grouped(narrowed, conditions, [], rows=False)
        ]
        others = _all(c for k, c in conditions.items() if k != "leaders")
        by_speaker = self.lake.table(
            f"SELECT {S.speaker}, sum({N}) AS n FROM ({marginal or source}) AS src "
            f"WHERE {S.speaker} IS NOT NULL AND {others} GROUP BY {S.speaker}"
        ).to_pylist()
        blank = {"w_speaker_types": None, "w_countries": None}
        result += [{"g": 0b0111, S.speaker: r[S.speaker], "w_leaders": r["n"], **blank} for r in by_speaker]
        return result

    def _scalars_from_rows(self, filters: Filters, rows: str, *, office: bool) -> tuple[tuple[Any, ...], int]:
        """The single-valued facets from the rows read, and the "in office" count when ``office`` (else 0:
        the caller takes it from the office cube)."""
        conditions = {**self._scalar_conditions(filters), **self._flags(filters)}
        source = f"SELECT *, 1 AS n FROM {rows}"
        result = self._grouped(source, conditions, [], rows=office)
        in_office = next((int(r["w_in_office"] or 0) for r in result if r["g"] == 0b1111), 0) if office else 0
        return self._unpack(result), in_office

    def _office_of_one_tag(self, filters: Filters) -> int:
        """The "in office" count under the speaker filters, the dates and ONE tag filter of one value, from
        the office holders' tag counts per day (``_leaders_from_tags``'s states)."""
        office = self._office_source(
            self.office_tag_cube, f"{S.speaker}, stype, country, {N}", filters, _one_tag(filters, "o.")
        )
        conditions = self._speaker_conditions(filters)
        row = self.lake.table(
            f"SELECT coalesce(sum(n), 0) AS n FROM ({office}) AS src WHERE {_all(conditions.values())}"
        ).to_pylist()[0]
        return int(row["n"])

    def _unpack(self, result: list[dict[str, Any]]) -> tuple[Any, ...]:
        facts = self.facts
        index = {name: i for i, name in enumerate(self.names)}
        leaders: dict[str, int] = {}
        types = np.zeros(len(speakers.SPEAKER_TYPES), dtype=np.int64)
        countries = np.zeros(len(facts.country_labels), dtype=np.int64)
        single: dict[str, dict[str, int]] = {S.stance: {}, S.kind: {}, S.outlet: {}}
        total = 0
        # GROUPING's bits, speaker first: 0b0111 is the speaker's set, 0b1011 the stance's, and so on.
        for row in result:
            g = row["g"]
            if g == 0b0111 and row[S.speaker] is not None:
                code = index.get(row[S.speaker])
                if row["w_leaders"]:
                    leaders[row[S.speaker]] = int(row["w_leaders"])
                if code is not None:
                    types[facts.types[code]] += int(row["w_speaker_types"] or 0)
                    countries[facts.countries[code]] += int(row["w_countries"] or 0)
            elif g == 0b1011 and row[S.stance] is not None and row["w_stances"]:
                single[S.stance][row[S.stance]] = int(row["w_stances"])
            elif g == 0b1101 and row[S.kind] is not None and row["w_kinds"]:
                single[S.kind][row[S.kind]] = int(row["w_kinds"])
            elif g == 0b1110 and row[S.outlet] is not None and row["w_outlets"]:
                single[S.outlet][row[S.outlet]] = int(row["w_outlets"])
            elif g == 0b1111:
                total = int(row["w_all"] or 0)
        busiest = dict(sorted(leaders.items(), key=lambda item: (-item[1], item[0])))
        type_counts = {speakers.SPEAKER_TYPES[i]: int(v) for i, v in enumerate(types) if v}
        country_counts = dict(
            sorted(
                ((facts.country_labels[i], int(v)) for i, v in enumerate(countries) if v),
                key=lambda item: (-item[1], item[0]),
            )
        )
        return (
            busiest,
            type_counts,
            country_counts,
            dict(sorted(single[S.stance].items())),
            dict(sorted(single[S.kind].items())),
            dict(sorted(single[S.outlet].items())),
            total,
        )

    def _tags_from_table(self, filters: Filters, names: Sequence[str]) -> dict[str, dict[str, int]]:
        """Tag facets ``names`` from the tag cube, in ONE query (one per facet cost about 2 to 4 CPU ms
        each at 1M synthetic statements, most of it the round trip)."""
        labels = {_TAG_FIELDS[name][0]: name for name in names}
        conditions = self._speaker_conditions(filters)
        columns = f"{S.speaker}, stype, country, {FIELD}, {TAG}, {N}"
        fields = _in(FIELD, labels)
        source = self._table_source(self.tag_cube, self.day_tag_cube, columns, self._span(filters), fields)
        if filters.in_office:
            source = self._office_source(self.office_tag_cube, columns, filters, _in(f"o.{FIELD}", labels))
        rows = self.lake.table(
            f"SELECT {FIELD}, {TAG}, sum(n) AS n FROM ({source}) AS src WHERE {TAG} IS NOT NULL AND "
            f"{_all(conditions.values())} GROUP BY {FIELD}, {TAG} HAVING sum(n) > 0 ORDER BY {TAG}"
        ).to_pylist()
        out: dict[str, dict[str, int]] = {name: {} for name in names}
        for r in rows:
            out[labels[r[FIELD]]][r[TAG]] = int(r["n"])
        return out

    def _leaders_from_tags(self, filters: Filters) -> dict[str, int] | None:
        """The leader facet (every filter but the leaders) from the tag cube, when those filters are ONE
        tag filter of one value besides speaker-type, country, date and "in office" filters; else None."""
        others = _active(filters) - {"leaders", "dates", "in_office", "speaker_types", "countries"}
        if len(others) != 1 or next(iter(others)) not in _TAG_FIELDS:
            return None
        (name,) = others
        if len(set(getattr(filters, name))) != 1:
            return None
        columns = f"{S.speaker}, stype, country, {N}"
        if filters.in_office:
            source = self._office_source(self.office_tag_cube, columns, filters, _one_tag(filters, "o."))
        else:
            tag = _one_tag(filters, "")
            source = self._table_source(self.tag_cube, self.day_tag_cube, columns, self._span(filters), tag)
        conditions = {k: c for k, c in self._speaker_conditions(filters).items() if k != "leaders"}
        rows = self.lake.table(
            f"SELECT {S.speaker}, sum({N}) AS n FROM ({source}) AS src WHERE {S.speaker} IS NOT NULL AND "
            f"{_all(conditions.values())} GROUP BY {S.speaker} HAVING sum({N}) > 0"
        ).to_pylist()
        counts = {r[S.speaker]: int(r["n"]) for r in rows}
        return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))

    # ----- from facet_pairs: one tag crossed with the kind and one other field ---------------------------

    def _pairable(self, filters: Filters) -> str | None:
        """The month condition when ``facet_pairs`` can serve this state at all (no speaker, "in office" or
        search filter, no cut month: the table has neither speakers nor days); else None."""
        if filters.search.strip() or filters.in_office or self._speaker_conditions(filters):
            return None
        return self._whole_months(filters)

    def _tags_from_pairs_sql(self, filters: Filters, name: str) -> str | None:
        """The SQL counting tag facet ``name`` under every other filter from ``facet_pairs`` (columns
        ``tag``, ``n``), or None when those filters cross more than the kind and one other field, or name
        two tags of one list (a statement carrying both would count twice in a sum over tags)."""
        months = self._pairable(filters)
        if months is None:
            return None
        label, _ = _TAG_FIELDS[name]
        crossed = [
            (dim, getattr(filters, f)) for f, dim in _PAIRED.items() if f != name and getattr(filters, f)
        ]
        if len(crossed) > 1 or any(dim in ("topic", "counterpart") and len(set(v)) > 1 for dim, v in crossed):
            return None
        where = [months]
        if filters.kinds:
            where.append(_in(S.kind, filters.kinds))
        # Every statement with a tag has exactly one stance row per tag (null included): the tag's count.
        dim, values = crossed[0] if crossed else ("stance", ())
        pairs = self._months(self.pair_cube, months)
        if label == "counterpart" and dim == "topic":
            # The topic x counterpart rows are kept from the topic's side: read them the other way round.
            where += [f"{FIELD} = 'topic'", f"{DIM} = 'counterpart'", _in(TAG, values)]
            return f"SELECT {DIM_VALUE} AS {TAG}, {N} FROM {pairs} WHERE {_all(where)}"
        where += [f"{FIELD} = {_literal(label)}", f"{DIM} = {_literal(dim)}"]
        if values:
            where.append(_in(DIM_VALUE, values))
        return f"SELECT {TAG}, {N} FROM {pairs} WHERE {_all(where)}"

    def _months(self, table: str, months: str) -> str:
        """``table``, or its sum over the months when the month condition keeps every row."""
        return self.rolled[table] if months == "TRUE" else table

    def _tag_counts(self, source: str) -> dict[str, int]:
        rows = self.lake.table(
            f"SELECT {TAG}, sum({N}) AS n FROM ({source}) AS src WHERE {TAG} IS NOT NULL "
            f"GROUP BY {TAG} HAVING sum({N}) > 0 ORDER BY {TAG}"
        ).to_pylist()
        return {r[TAG]: int(r["n"]) for r in rows}

    def _scalars_from_pairs(self, filters: Filters) -> tuple[tuple[Any, ...], int] | None:
        """The single-valued facets and "in office" under ONE tag filter of one value (and whole months):
        the speakers from ``facet_tags``, the stances, kinds and outlets from ``facet_pairs``; else None."""
        active = _active(filters) - {"dates"}
        if len(active) != 1 or self._pairable(filters) is None:
            return None
        (name,) = active
        if name not in _TAG_FIELDS or len(set(getattr(filters, name))) != 1:
            return None
        label, _ = _TAG_FIELDS[name]
        (tag,) = set(getattr(filters, name))
        months = self._pairable(filters) or "FALSE"
        one = f"{FIELD} = {_literal(label)} AND {TAG} = {_literal(tag)} AND {months}"
        tags, pairs = self._months(self.tag_cube, months), self._months(self.pair_cube, months)
        found = self.lake.table(
            f"""SELECT 'speaker' AS facet, {S.speaker} AS v, sum({N}) AS n FROM {tags}
                WHERE {one} GROUP BY ALL
            UNION ALL SELECT 'stance', {DIM_VALUE}, sum({N}) FROM {pairs}
                WHERE {one} AND {DIM} = 'stance' GROUP BY ALL
            UNION ALL SELECT 'kind', {S.kind}, sum({N}) FROM {pairs}
                WHERE {one} AND {DIM} = 'stance' GROUP BY ALL
            UNION ALL SELECT 'outlet', {DIM_VALUE}, sum({N}) FROM {pairs}
                WHERE {one} AND {DIM} = 'outlet' GROUP BY ALL"""
        ).to_pylist()
        # In the shape of ``_grouped``'s rows (GROUPING bits, speaker first), no filter but the tag left.
        codes = {"speaker": (0b0111, S.speaker), "stance": (0b1011, S.stance), "kind": (0b1101, S.kind)}
        codes["outlet"] = (0b1110, S.outlet)
        result: list[dict[str, Any]] = []
        total = 0
        for row in found:
            g, column = codes[row["facet"]]
            n = int(row["n"] or 0)
            result.append({"g": g, column: row["v"], **{f"w_{f}": n for f in (*_SCALAR_FILTERS, "all")}})
            total += n if row["facet"] == "speaker" else 0
        for column in (S.speaker, S.stance, S.kind, S.outlet):
            for r in result:
                r.setdefault(column, None)
        result.append({"g": 0b1111, "w_all": total})
        office = self._office_source(
            self.office_tag_cube,
            f"{S.speaker}, {N}",
            filters,
            f"o.{FIELD} = {_literal(label)} AND o.{TAG} = {_literal(tag)}",
        )
        row = self.lake.table(f"SELECT coalesce(sum(n), 0) AS n FROM ({office}) AS src").to_pylist()[0]
        return self._unpack(result), int(row["n"])

    # ----- from facet_speaker_pairs: a speaker's tag crossed with one other field, no month --------------

    def _speaker_pairable(self, filters: Filters) -> bool:
        """Whether ``facet_speaker_pairs`` can serve this state at all: a speaker filter, and no date range,
        "in office" or search filter (the table has neither months nor days)."""
        return bool(
            self._speaker_conditions(filters)
            and not (filters.has_date_range or filters.in_office or filters.search.strip())
        )

    def _tags_from_speaker_pairs_sql(self, filters: Filters, name: str) -> str | None:
        """The SQL counting tag facet ``name`` under every other filter from ``facet_speaker_pairs``
        (columns ``tag``, ``n``), when those filters are speaker filters and ONE stance, kind, outlet or
        single other-tag filter (a leader and a stance); else None. Two tags of one list would count a
        statement carrying both twice in a sum over tags."""
        if not self._speaker_pairable(filters):
            return None
        label, _ = _TAG_FIELDS[name]
        crossed = [
            (dim, getattr(filters, f))
            for f, dim in _SPEAKER_PAIRED.items()
            if f != name and getattr(filters, f)
        ]
        if len(crossed) != 1:
            return None
        dim, values = crossed[0]
        if dim in ("topic", "counterpart") and len(set(values)) > 1:
            return None
        where = list(self._speaker_conditions(filters).values())
        if label == "counterpart" and dim == "topic":
            # The topic x counterpart rows are kept from the topic's side: read them the other way round.
            where += [f"{FIELD} = 'topic'", f"{DIM} = 'counterpart'", _in(TAG, values)]
            return f"SELECT {DIM_VALUE} AS {TAG}, {N} FROM {self.speaker_pair_cube} WHERE {_all(where)}"
        where += [f"{FIELD} = {_literal(label)}", f"{DIM} = {_literal(dim)}", _in(DIM_VALUE, values)]
        return f"SELECT {TAG}, {N} FROM {self.speaker_pair_cube} WHERE {_all(where)}"

    def _scalars_from_speaker_pairs(self, filters: Filters) -> tuple[tuple[Any, ...], int] | None:
        """The single-valued facets and "in office" under speaker filters and ONE tag filter of one value,
        with no date range (a leader and a topic): the speakers, their types and countries and the caption
        from ``facet_tags``, the stances, kinds and outlets from ``facet_speaker_pairs``; else None."""
        if not self._speaker_pairable(filters):
            return None
        others = _active(filters) - set(_SPEAKER_FILTERS)
        if len(others) != 1 or next(iter(others)) not in _TAG_FIELDS:
            return None
        (name,) = others
        if len(set(getattr(filters, name))) != 1:
            return None
        one = _one_tag(filters, "")
        conditions = self._speaker_conditions(filters)

        def without(*names: str) -> str:
            return _all(c for k, c in conditions.items() if k not in names)

        tags = self.rolled[self.tag_cube]
        by_speaker = self.lake.table(
            f"""SELECT {S.speaker}, sum({N}) FILTER (WHERE {without("leaders")}) AS w_leaders,
                   sum({N}) FILTER (WHERE {without("speaker_types")}) AS w_speaker_types,
                   sum({N}) FILTER (WHERE {without("countries")}) AS w_countries,
                   sum({N}) FILTER (WHERE {without()}) AS w_all
            FROM {tags} WHERE {one} AND {S.speaker} IS NOT NULL GROUP BY {S.speaker}"""
        ).to_pylist()
        found = self.lake.table(
            f"""SELECT {DIM}, {DIM_VALUE} AS v, sum({N}) AS n FROM {self.speaker_pair_cube}
            WHERE {one} AND {DIM} IN ('stance', 'kind', 'outlet') AND {without()} GROUP BY ALL"""
        ).to_pylist()
        # In the shape of ``_grouped``'s rows (GROUPING bits, speaker first).
        blank = {S.speaker: None, S.stance: None, S.kind: None, S.outlet: None}
        result: list[dict[str, Any]] = []
        total = 0
        for r in by_speaker:
            counts = {k: r[k] for k in ("w_leaders", "w_speaker_types", "w_countries")}
            result.append({**blank, "g": 0b0111, S.speaker: r[S.speaker], **counts})
            total += int(r["w_all"] or 0)
        codes = {"stance": (0b1011, S.stance, "w_stances"), "kind": (0b1101, S.kind, "w_kinds")}
        codes["outlet"] = (0b1110, S.outlet, "w_outlets")
        for r in found:
            g, column, count = codes[r[DIM]]
            result.append({**blank, "g": g, column: r["v"], count: int(r["n"] or 0)})
        result.append({**blank, "g": 0b1111, "w_all": total})
        return self._unpack(result), self._office_of_one_tag(filters)

    def _tags_from_rows(self, filters: Filters, name: str, rows: str) -> dict[str, int]:
        _, column = _TAG_FIELDS[name]
        conditions = {**self._scalar_conditions(filters), **self._flags(filters, leave_out=name)}
        sets = (
            f"SELECT {column} AS tags, count(*) AS n FROM {rows} "
            f"WHERE {column} <> '' AND {_all(conditions.values())} GROUP BY ALL"
        )
        found = self.lake.table(f"SELECT * FROM ({_split_sets(sets, ())}) ORDER BY {TAG}").to_pylist()
        return {r[TAG]: int(r["n"]) for r in found}


def _date_condition(filters: Filters, prefix: str = "s.", *, years: bool = True) -> str:
    """The date range on ``prefix`` + day; on the statements, the years too, so whole partitions drop out."""
    ends = []
    if filters.date_from is not None:
        ends.append(f"{prefix}day >= DATE '{filters.date_from.isoformat()}'")
        if years:
            ends.append(f"{prefix}year >= {filters.date_from.year}")
    if filters.date_to is not None:
        ends.append(f"{prefix}day <= DATE '{filters.date_to.isoformat()}'")
        if years:
            ends.append(f"{prefix}year <= {filters.date_to.year}")
    return " AND ".join(ends)


def _active(filters: Filters) -> set[str]:
    """The names of the filters set (the date range is "dates")."""
    names: Sequence[str] = (*_SCALAR_FILTERS, *_TAG_FIELDS)
    out = {name for name in names if getattr(filters, name)}
    if filters.has_date_range:
        out.add("dates")
    if filters.in_office:
        out.add("in_office")
    if filters.search.strip():
        out.add("search")
    return out
