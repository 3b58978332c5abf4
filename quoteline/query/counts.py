"""Leader x topic x week counts from the small table every commit writes (``quoteline.store.counts``).

``leader_topic_week(lake, speakers, topics, since, until)`` reads that table through the lake's DuckDB
connection, so the first paint of a chart reads a few thousand rows whatever the size of the store. A
commit recorded before the table existed names no version of it: the same counts are then computed from
the statements view (a full scan, logged), until the next commit writes the table.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from quoteline.schema import S
from quoteline.store import counts as store_counts
from quoteline.store import delta
from quoteline.store.counts import TOPIC, WEEK, N
from quoteline.store.tables import COUNTS_SCHEMA, DAY

if TYPE_CHECKING:
    from quoteline.query.lake import Lake

LOGGER = logging.getLogger(__name__)

# The counts of the statements view, as the commit-time table holds them (summed): the fallback, and what
# the tests compare the table with.
COUNT_STATEMENTS_SQL = f"""
WITH s AS (SELECT {S.speaker}, {S.topics}, CAST(date_trunc('week', {DAY}) AS DATE) AS {WEEK} FROM statements)
SELECT {S.speaker}, CAST(NULL AS VARCHAR) AS {TOPIC}, {WEEK}, count(*) AS {N} FROM s GROUP BY ALL
UNION ALL
SELECT {S.speaker}, {TOPIC}, {WEEK}, count(*) AS {N}
FROM (SELECT {S.speaker}, unnest(list_distinct({S.topics})) AS {TOPIC}, {WEEK} FROM s) GROUP BY ALL
"""


def register_counts(lake: Lake) -> None:
    """Create the views of the lake's commit over each summary table (``quoteline.store.counts``): the
    table's increments summed per key, named like the table (``counts``, ``facets``, ``facet_tags``)."""
    for summary in store_counts.ALL:
        _register_summary(lake, summary)


def _register_summary(lake: Lake, summary: store_counts.Summary) -> None:
    name = summary.table
    version = None if lake.manifest is None else lake.manifest.table_version(name)
    keys = ", ".join(summary.keys)
    if lake.manifest is not None and version is None:
        LOGGER.info(
            "%s: commit %s has no %s table (written before it existed); counting the statements instead",
            lake.store.root,
            lake.version,
            name,
        )
        counted = COUNT_STATEMENTS_SQL if summary is store_counts.COUNTS else summary.tally_sql
        lake.con.execute(f"CREATE VIEW {name} AS {counted.replace('FROM rows', 'FROM statements')}")
        return
    ds = delta.dataset(lake.store.root, name, version)
    lake.con.register(f"{name}_increments", summary.schema.empty_table() if ds is None else ds)
    lake.con.execute(
        f"""CREATE VIEW {name} AS SELECT {keys}, CAST(sum({N}) AS BIGINT) AS {N}
        FROM {name}_increments GROUP BY ALL HAVING sum({N}) <> 0"""
    )


def _monday(day: date) -> date:
    return date.fromordinal(day.toordinal() - day.weekday())


def leader_topic_week(
    lake: Lake,
    speakers: Sequence[str] | None = None,
    topics: Sequence[str] | None = None,
    since: date | None = None,
    until: date | None = None,
    *,
    undated: bool = False,
    by_topic: bool = True,
) -> pa.Table:
    """Statement counts per (speaker, topic, week), sorted by speaker, topic and week.

    ``speakers``/``topics`` None: every one. ``topics`` None also gives the rows whose ``topic`` is null, the
    count of every statement once (a statement with two topics counts once there, once in each topic row);
    name topics to get only theirs. ``since``/``until``: the weeks that overlap the range (counts are
    weekly, so the first and last week may hold statements just outside it). Undated statements (``week``
    null) are left out unless ``undated``. ``by_topic`` False: only the null-topic rows (a leader timeline).
    """
    where: list[str] = []
    params: list[Any] = []
    if speakers is not None:
        where.append(f"list_contains(?, {S.speaker})")
        params.append(list(speakers))
    if not by_topic:
        where.append(f"{TOPIC} IS NULL")
    if topics is not None:
        where.append(f"list_contains(?, {TOPIC})")
        params.append(list(topics))
    dated = []
    if since is not None:
        dated.append(f"{WEEK} >= ?")
        params.append(_monday(since))
    if until is not None:
        dated.append(f"{WEEK} <= ?")
        params.append(until)
    if dated and undated:
        where.append(f"(({' AND '.join(dated)}) OR {WEEK} IS NULL)")
    elif dated:
        where.extend(dated)
    elif not undated:
        where.append(f"{WEEK} IS NOT NULL")
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    return lake.table(
        f"SELECT * FROM counts {clause} ORDER BY {S.speaker}, {TOPIC} NULLS FIRST, {WEEK} NULLS FIRST",
        params,
    ).cast(COUNTS_SCHEMA)
