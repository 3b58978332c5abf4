"""Summary tables written by every commit, beside the statements: the leader x topic x week counts, and the
facet counts (``facets``, ``facet_tags``, ``facet_pairs``, ``facet_speaker_pairs``:
``quoteline.query.lake_facets``). Each is a ``Summary`` (a name,
a schema and the SQL that counts statement rows into it), kept up to date the same way as described below
for ``counts``.

Each row says how many statements ``speaker`` made in the week starting on Monday ``week`` (null: undated)
about ``topic``; the row with a null ``topic`` counts every statement once (a statement with three topics
adds one to three topic rows and to the total row). The counts are those of the statements as Quoteline
reads them, the corrections log applied.

The table holds signed increments, summed on read, so a commit costs what its batch costs:
- an ingest appends the counts of its new statements (a speaker merge already in the log applies to them);
- a correction appends, for the statements the log reaches before or after it, their counts under the new log
  minus their counts under the old one (nothing else can change: applying the log is row by row);
- a commit that replaces the tables (re-extraction, repair), or the first commit to a store written before
  this table existed, counts every statement again and overwrites the table;
- compaction sums the increments into one row per key.

Its version is recorded in ``commit.json`` like the other tables', so a rolled-back or time-travelled commit
has the counts of exactly its statements.
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as pds

from quoteline.schema import S
from quoteline.store import overlay
from quoteline.store.overlay import Overlay
from quoteline.store.tables import (
    COUNTS_SCHEMA,
    DAY,
    DELTA_SCHEMAS,
    FACET_PAIRS_SCHEMA,
    FACET_SPEAKER_PAIRS_SCHEMA,
    FACET_TAGS_SCHEMA,
    FACETS_SCHEMA,
    date_columns,
)
from quoteline.store.view_types import filtered

if TYPE_CHECKING:
    import duckdb

LOGGER = logging.getLogger(__name__)

TABLE: Final = "counts"
TOPIC: Final = "topic"
WEEK: Final = "week"
N: Final = "n"
MONTH_START: Final = "month_start"
FIELD: Final = "field"
TAG: Final = "tag"
DIM: Final = "dim"
DIM_VALUE: Final = "dim_value"
assert COUNTS_SCHEMA.names == [S.speaker, TOPIC, WEEK, N]
assert FACETS_SCHEMA.names == [S.speaker, S.speaker_type, S.stance, S.kind, S.outlet, MONTH_START, N]
assert FACET_TAGS_SCHEMA.names == [S.speaker, FIELD, TAG, MONTH_START, N]
assert FACET_PAIRS_SCHEMA.names == [FIELD, TAG, S.kind, DIM, DIM_VALUE, MONTH_START, N]
assert FACET_SPEAKER_PAIRS_SCHEMA.names == [S.speaker, FIELD, TAG, DIM, DIM_VALUE, N]
# What counting a statement reads: the overlay needs the id (and the article, whose outlet a correction may
# change); the date gives the week and the month.
READ_COLUMNS: Final = (
    S.statement_id,
    S.article_id,
    S.speaker,
    S.speaker_type,
    S.stance,
    S.kind,
    S.outlet,
    S.topics,
    S.counterparts,
    S.date,
)


@dataclass(frozen=True)
class Summary:
    """A table of statement counts written at commit time: its name, schema, and the SQL that counts the
    statement rows of a view named ``rows`` (columns ``READ_COLUMNS`` and ``day``) into it."""

    table: str
    schema: pa.Schema
    tally_sql: str

    @property
    def keys(self) -> list[str]:
        """Every column but the count."""
        return [name for name in self.schema.names if name != N]


# One statement: +1 to its (speaker, no topic, week) total and to each distinct topic it carries.
_TALLY: Final = f"""
WITH s AS (SELECT {S.speaker}, {S.topics}, CAST(date_trunc('week', {DAY}) AS DATE) AS {WEEK} FROM rows)
SELECT {S.speaker}, CAST(NULL AS VARCHAR) AS {TOPIC}, {WEEK}, count(*) AS {N} FROM s GROUP BY ALL
UNION ALL
SELECT {S.speaker}, {TOPIC}, {WEEK}, count(*) AS {N}
FROM (SELECT {S.speaker}, unnest(list_distinct({S.topics})) AS {TOPIC}, {WEEK} FROM s) GROUP BY ALL
"""
COUNTS: Final = Summary(TABLE, COUNTS_SCHEMA, _TALLY)

# The single-valued facets: one row per combination of their values and the month (null: undated), so any
# conjunction of those filters, and a date range of whole months, is a sum over this table.
FACETS_TALLY: Final = f"""
SELECT {S.speaker}, {S.speaker_type}, {S.stance}, {S.kind}, {S.outlet},
       CAST(date_trunc('month', {DAY}) AS DATE) AS {MONTH_START}, count(*) AS {N}
FROM rows GROUP BY ALL
"""
FACETS: Final = Summary("facets", FACETS_SCHEMA, FACETS_TALLY)

# The multi-valued facets: each distinct topic and counterpart a statement carries, per speaker and month.
# Only the speaker and the month go with them: crossing a list with the other fields would make the table as
# long as the statements (docs/scale_history.md, "Facet counts from tables written at commit time").
FACET_TAGS_TALLY: Final = f"""
SELECT {S.speaker}, {FIELD}, {TAG}, {MONTH_START}, count(*) AS {N} FROM (
    SELECT {S.speaker}, 'topic' AS {FIELD}, unnest(list_distinct({S.topics})) AS {TAG},
           CAST(date_trunc('month', {DAY}) AS DATE) AS {MONTH_START} FROM rows
    UNION ALL
    SELECT {S.speaker}, 'counterpart' AS {FIELD}, unnest(list_distinct({S.counterparts})) AS {TAG},
           CAST(date_trunc('month', {DAY}) AS DATE) AS {MONTH_START} FROM rows
) WHERE {TAG} IS NOT NULL GROUP BY ALL
"""
FACET_TAGS: Final = Summary("facet_tags", FACET_TAGS_SCHEMA, FACET_TAGS_TALLY)

# A tag facet under a stance, outlet or other-tag filter, and the stance, kind, outlet and other-tag facets
# under one tag filter: each distinct tag a statement carries, crossed with its kind and with ONE other field
# at a time (``dim``: its stance, its outlet, or, for a topic, each distinct counterpart), per month. The
# topic x counterpart rows are kept once, from the topic's side: they answer both directions. Without the
# speaker, and one field at a time, the table stays bounded by tags x kinds x (stances + outlets + tags) x
# months (183,488 rows at 1M synthetic statements whose fields are independent; crossing the speaker or two
# fields at once makes it longer than the statements: docs/scale_history.md, "Facet pairs"). Every statement
# with a tag has exactly one ``stance`` and one ``outlet`` row per tag (a null value included), so either sums
# to the tag's count under a kind filter alone.
FACET_PAIRS_TALLY: Final = f"""
WITH s AS (
    SELECT {S.kind}, {S.stance}, {S.outlet}, list_distinct({S.topics}) AS topics_,
           list_distinct({S.counterparts}) AS counterparts_,
           CAST(date_trunc('month', {DAY}) AS DATE) AS {MONTH_START}
    FROM rows
), tagged AS (
    SELECT * FROM (
        SELECT 'topic' AS {FIELD}, unnest(topics_) AS {TAG}, counterparts_ AS others,
               {S.kind}, {S.stance}, {S.outlet}, {MONTH_START} FROM s
        UNION ALL
        SELECT 'counterpart' AS {FIELD}, unnest(counterparts_) AS {TAG}, CAST([] AS VARCHAR[]) AS others,
               {S.kind}, {S.stance}, {S.outlet}, {MONTH_START} FROM s
    ) WHERE {TAG} IS NOT NULL
)
SELECT {FIELD}, {TAG}, {S.kind}, {DIM}, {DIM_VALUE}, {MONTH_START}, count(*) AS {N} FROM (
    SELECT {FIELD}, {TAG}, {S.kind}, 'stance' AS {DIM}, {S.stance} AS {DIM_VALUE}, {MONTH_START} FROM tagged
    UNION ALL
    SELECT {FIELD}, {TAG}, {S.kind}, 'outlet' AS {DIM}, {S.outlet} AS {DIM_VALUE}, {MONTH_START} FROM tagged
    UNION ALL
    SELECT * FROM (
        SELECT {FIELD}, {TAG}, {S.kind}, 'counterpart' AS {DIM}, unnest(others) AS {DIM_VALUE}, {MONTH_START}
        FROM tagged
    ) WHERE {DIM_VALUE} IS NOT NULL
) GROUP BY ALL
"""
FACET_PAIRS: Final = Summary("facet_pairs", FACET_PAIRS_SCHEMA, FACET_PAIRS_TALLY)

# A speaker's tag facet under a stance, kind, outlet or other-tag filter, and a speaker's stance, kind, outlet
# and counterpart facets under one tag filter (a leader and a topic; a leader and a stance): each distinct tag
# a statement carries, per speaker, crossed with ONE of its stance, its kind, its outlet or (for a topic) each
# distinct counterpart, WITHOUT the month. Per month it would be longer than the statements at 1M synthetic;
# without it, it is bounded by speakers x tags x (stances + kinds + outlets + tags), whatever the number of
# statements (docs/scale_history.md, "A speaker's tags crossed with one field", has the row counts). The topic
# x counterpart rows are kept from the topic's side, as in ``facet_pairs``. Every statement with a tag has
# exactly one ``stance``, ``kind`` and ``outlet`` row per tag (a null value included).
FACET_SPEAKER_PAIRS_TALLY: Final = f"""
WITH tagged AS (
    SELECT * FROM (
        SELECT {S.speaker}, 'topic' AS {FIELD}, unnest(list_distinct({S.topics})) AS {TAG},
               list_distinct({S.counterparts}) AS others, {S.stance}, {S.kind}, {S.outlet} FROM rows
        UNION ALL
        SELECT {S.speaker}, 'counterpart' AS {FIELD}, unnest(list_distinct({S.counterparts})) AS {TAG},
               CAST([] AS VARCHAR[]) AS others, {S.stance}, {S.kind}, {S.outlet} FROM rows
    ) WHERE {TAG} IS NOT NULL
)
SELECT {S.speaker}, {FIELD}, {TAG}, {DIM}, {DIM_VALUE}, count(*) AS {N} FROM (
    SELECT {S.speaker}, {FIELD}, {TAG}, 'stance' AS {DIM}, {S.stance} AS {DIM_VALUE} FROM tagged
    UNION ALL
    SELECT {S.speaker}, {FIELD}, {TAG}, 'kind' AS {DIM}, {S.kind} AS {DIM_VALUE} FROM tagged
    UNION ALL
    SELECT {S.speaker}, {FIELD}, {TAG}, 'outlet' AS {DIM}, {S.outlet} AS {DIM_VALUE} FROM tagged
    UNION ALL
    SELECT * FROM (
        SELECT {S.speaker}, {FIELD}, {TAG}, 'counterpart' AS {DIM}, unnest(others) AS {DIM_VALUE} FROM tagged
    ) WHERE {DIM_VALUE} IS NOT NULL
) GROUP BY ALL
"""
FACET_SPEAKER_PAIRS: Final = Summary(
    "facet_speaker_pairs", FACET_SPEAKER_PAIRS_SCHEMA, FACET_SPEAKER_PAIRS_TALLY
)

# Every summary, in the order a commit writes them (the names of ``manifest.SUMMARIES``).
ALL: Final = (COUNTS, FACETS, FACET_TAGS, FACET_PAIRS, FACET_SPEAKER_PAIRS)
BY_TABLE: Final = {summary.table: summary for summary in ALL}


_database: duckdb.DuckDBPyConnection | None = None


def _cursor() -> duckdb.DuckDBPyConnection:
    """A connection of its own to one in-memory database per process: opening a database costs ~10 ms, a
    cursor microseconds, and a commit counts up to three times."""
    global _database
    if _database is None:
        # Imported on the first count, not with the store: readers (the dashboard's first page) never count,
        # and importing DuckDB costs about 0.3 s of CPU.
        import duckdb

        _database = duckdb.connect(
            ":memory:",
            config={"autoload_known_extensions": False, "autoinstall_known_extensions": False},
        )
    cursor = _database.cursor()
    cursor.execute("SET enable_progress_bar = false")  # it would draw on the terminal of a command
    return cursor


def tally(rows: pa.Table | pds.Dataset, summary: Summary = COUNTS) -> pa.Table:
    """The counts of ``rows`` (``READ_COLUMNS`` and ``day``), in the summary table's schema."""
    con = _cursor()
    try:
        con.register("rows", rows)
        return con.sql(summary.tally_sql).to_arrow_table().cast(summary.schema)
    finally:
        con.close()


def difference(after: pa.Table, before: pa.Table, summary: Summary = COUNTS) -> pa.Table:
    """``after - before`` per key, zero rows left out."""
    con = _cursor()
    try:
        con.register("after_", after)
        con.register("before_", before)
        keys = ", ".join(summary.keys)
        return (
            con.sql(
                f"""SELECT {keys}, CAST(sum({N}) AS BIGINT) AS {N} FROM (
                    SELECT {keys}, {N} FROM after_ UNION ALL SELECT {keys}, -{N} FROM before_
                ) GROUP BY ALL HAVING sum({N}) <> 0"""
            )
            .to_arrow_table()
            .cast(summary.schema)
        )
    finally:
        con.close()


def collapse(increments: pa.Table, summary: Summary = COUNTS) -> pa.Table:
    """One row per key: the increments summed, zero rows left out (what compaction writes)."""
    return difference(increments, summary.schema.empty_table(), summary)


def _as_read(rows: pa.Table, ov: Overlay) -> pa.Table:
    """Stored statement rows (``READ_COLUMNS``) as Quoteline reads them under ``ov``, with their ``day``."""
    fixed = overlay.apply_statements(rows, ov, list(READ_COLUMNS))
    return fixed.append_column(DAY, date_columns(fixed.column(S.date))[DAY])


def _typed(rows: pa.Table) -> pa.Table:
    schema = DELTA_SCHEMAS["statements"]
    return rows.select(list(READ_COLUMNS)).cast(pa.schema([schema.field(c) for c in READ_COLUMNS]))


def of_new_statements(rows: pa.Table, ov: Overlay, summary: Summary = COUNTS) -> pa.Table:
    """Counts of statements an ingest adds, under the log already in force (its added rows are not
    theirs: they were counted when they were added)."""
    return tally(_as_read(_typed(rows), dataclasses.replace(ov, added={})), summary)


def of_everything(statements: pds.Dataset | None, ov: Overlay, summary: Summary = COUNTS) -> pa.Table:
    """Counts of every statement of a table version (None: no statements), under ``ov``.

    Without corrections DuckDB counts straight from the files (three columns, streamed); with them, the rows
    are read and the log applied first.
    """
    if statements is None:
        return summary.schema.empty_table()
    if ov.empty:
        return tally(statements, summary)
    return tally(_as_read(_typed(statements.to_table(columns=list(READ_COLUMNS))), ov), summary)


def of_correction(
    statements: pds.Dataset | None, before: Overlay, after: Overlay, summary: Summary = COUNTS
) -> pa.Table:
    """The change in counts a correction makes: the rows either log reaches, counted under each."""
    return difference_of(reached(statements, before, after), before, after, summary)


def reached(statements: pds.Dataset | None, before: Overlay, after: Overlay) -> pa.Table:
    """The stored rows (``READ_COLUMNS``) either log reaches: ids it names, speakers a merge renames,
    articles whose outlet it changes. Read once per commit, counted once per summary."""
    ids = set()
    merged = set()
    outlets = set()
    for ov in (before, after):
        ids |= set(ov.statement_fields) | set(ov.derived) | ov.deleted
        merged |= set(ov.merges)
        outlets |= {a for a, fields in ov.article_fields.items() if "outlet" in fields}
    empty = DELTA_SCHEMAS["statements"].empty_table().select(list(READ_COLUMNS))
    if statements is None or not (ids or merged or outlets):
        return _typed(empty)
    reach = pc.is_in(pc.field(S.statement_id), pa.array(sorted(ids), pa.string()))
    if merged:
        reach = reach | pc.is_in(pc.field(S.speaker), pa.array(sorted(merged), pa.string()))
    if outlets:
        reach = reach | pc.is_in(pc.field(S.article_id), pa.array(sorted(outlets), pa.string()))
    return _typed(filtered(statements, columns=list(READ_COLUMNS), condition=reach))


def difference_of(rows: pa.Table, before: Overlay, after: Overlay, summary: Summary = COUNTS) -> pa.Table:
    """The counts of ``rows`` (``reached``) under ``after`` minus under ``before``."""
    return difference(tally(_as_read(rows, after), summary), tally(_as_read(rows, before), summary), summary)
