"""Reading the facet cubes (``FacetSources``, a base of ``LakeFacets``): the filters as conditions on the
cubes' columns, the rows of a cube within a date range (whole years, whole months, and the days of a cut
month, counted from that month's statements once), the "in office" rows, and the grouped query with its rows
unpacked into facet counts.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

import numpy as np

from quoteline.query import speakers
from quoteline.query.corpus import NO_OUTLET
from quoteline.query.filters import Filters
from quoteline.query.lake_facets.cubes import FacetCubes
from quoteline.query.lake_facets.sql import (
    _COLUMNS,
    _NAMES,
    _TAG_FIELDS,
    DAY_MONTHS,
    _all,
    _date_condition,
    _in,
    _literal,
    _month_end,
    _month_start,
    _one_tag,
    _split_sets,
)
from quoteline.schema import S
from quoteline.store.counts import FIELD, MONTH_START, TAG, N
from quoteline.store.tables import COUNTERPART_SET, TOPIC_SET


class FacetSources(FacetCubes):
    """The sources a facet count reads: cube rows, day rows and office rows, and the conditions on them."""

    def _office_source(self, table: str, columns: str, filters: Filters, where: str = "TRUE") -> str:
        """Rows of an office cube (``columns``, comma-separated names) on the days their speaker held an
        office, within the date range."""
        dates = _date_condition(filters, "o.", years=False) if filters.has_date_range else "TRUE"
        picked = ", ".join(f"o.{c.strip()}" for c in columns.split(","))
        return (
            f"SELECT {picked} FROM {table} o JOIN {self.terms_table} t ON o.{S.speaker} = t.{S.speaker} "
            f"AND o.day BETWEEN t.lo AND t.hi WHERE {dates} AND {where}"
        )

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

    def _flags(self, filters: Filters, leave_out: str = "") -> dict[str, str]:
        """The conditions on a ``_read_rows`` table's flags, by filter name (but ``leave_out``)."""
        names = [n for n in _TAG_FIELDS if getattr(filters, n)] + (["in_office"] if filters.in_office else [])
        return {n: f"c_{n}" for n in names if n != leave_out}

    def _months(self, table: str, months: str) -> str:
        """``table``, or its sum over the months when the month condition keeps every row."""
        return self.rolled[table] if months == "TRUE" else table

    def _tag_counts(self, source: str) -> dict[str, int]:
        rows = self.lake.table(
            f"SELECT {TAG}, sum({N}) AS n FROM ({source}) AS src WHERE {TAG} IS NOT NULL "
            f"GROUP BY {TAG} HAVING sum({N}) > 0 ORDER BY {TAG}"
        ).to_pylist()
        return {r[TAG]: int(r["n"]) for r in rows}

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
