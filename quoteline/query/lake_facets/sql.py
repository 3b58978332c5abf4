"""The SQL builders and names the facet modules share: literals, conditions, tag-set splits, months, and
which filters each facet table can apply. Private to ``quoteline.query.lake_facets`` (hence the underscores).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Final

from quoteline.query.filters import Filters
from quoteline.schema import S
from quoteline.store.counts import FIELD, TAG, N
from quoteline.store.tables import COUNTERPART_SET, TAG_SEP, TOPIC_SET

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
