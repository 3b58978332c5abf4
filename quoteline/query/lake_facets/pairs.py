"""Facet counts from the pair tables (``FacetPairs``, a base of ``LakeFacets``): ``facet_pairs`` (each tag
crossed with the kind and one other field per month, no speaker) and ``facet_speaker_pairs`` (a speaker's tag
crossed with one other field, no month), for the states where one tag filter or one other field is set.
"""

from __future__ import annotations

from typing import Any

from quoteline.query.filters import Filters
from quoteline.query.lake_facets.sources import FacetSources
from quoteline.query.lake_facets.sql import (
    _PAIRED,
    _SCALAR_FILTERS,
    _SPEAKER_FILTERS,
    _SPEAKER_PAIRED,
    _TAG_FIELDS,
    _active,
    _all,
    _in,
    _literal,
    _one_tag,
)
from quoteline.schema import S
from quoteline.store.counts import DIM, DIM_VALUE, FIELD, TAG, N


class FacetPairs(FacetSources):
    """The tag and single-valued facets the pair tables can answer (None where they cannot)."""

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
