"""The answer to a filter state (``LakeFacets.answer``): each part from the cheapest source that can say it
(the cubes, the pair tables, or the statements read once into a temporary table), as
``quoteline.query.lake_facets`` describes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from quoteline.query import lake_search
from quoteline.query.corpus import NO_OUTLET
from quoteline.query.facets import Facets
from quoteline.query.filters import Filters
from quoteline.query.lake_facets.pairs import FacetPairs
from quoteline.query.lake_facets.sql import (
    _NAMES,
    _SPEAKER_FILTERS,
    _TAG_FIELDS,
    _active,
    _all,
    _date_condition,
    _holds_any,
    _in,
    _literal,
    _one_tag,
    _split_sets,
)
from quoteline.schema import S
from quoteline.store.counts import FIELD, TAG, N


@dataclass(frozen=True)
class FacetAnswer:
    """The facet counts under a filter state, the number of statements every filter keeps, and which
    parts had to read the statements rather than the facet tables."""

    facets: Facets
    total: int
    scanned: tuple[str, ...] = ()
    # True when the statements read (``scanned``) were only the chosen leaders' rows.
    leaders_only: bool = False


class LakeFacets(FacetPairs):
    """Facet counts of one lake (one commit of the store). Build once per lake: it reads the speakers'
    facts and the span of months once."""

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

    def _tags_from_rows(self, filters: Filters, name: str, rows: str) -> dict[str, int]:
        _, column = _TAG_FIELDS[name]
        conditions = {**self._scalar_conditions(filters), **self._flags(filters, leave_out=name)}
        sets = (
            f"SELECT {column} AS tags, count(*) AS n FROM {rows} "
            f"WHERE {column} <> '' AND {_all(conditions.values())} GROUP BY ALL"
        )
        found = self.lake.table(f"SELECT * FROM ({_split_sets(sets, ())}) ORDER BY {TAG}").to_pylist()
        return {r[TAG]: int(r["n"]) for r in found}
