"""The facet cubes: the commit's facet tables summed once into in-memory DuckDB tables of the lake's
connection (``FacetCubes``, the base of ``LakeFacets``), with each speaker's type and country beside them,
their sums over the months and per year, the office holders' statements per day, and the empty day tables a
date range's cut months fill (``quoteline.query.lake_facets.sources``).
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import date, timedelta
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa

from quoteline.query import speakers
from quoteline.query.corpus import NO_OUTLET
from quoteline.query.lake_facets.sql import (
    _EPOCH,
    _NAMES,
    _TAG_FIELDS,
    _in,
    _literal,
    _merge,
    _month_end,
    _split_sets,
)
from quoteline.schema import S
from quoteline.store.counts import DIM, DIM_VALUE, FIELD, MONTH_START, TAG, N

if TYPE_CHECKING:
    from quoteline.query.lake import Lake


class FacetCubes:
    """The cubes of one lake (one commit of the store), built once, with the speakers' facts and the span of
    months; ``close`` drops them."""

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
