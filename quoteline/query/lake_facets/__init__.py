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

from quoteline.query.lake_facets.answer import FacetAnswer, LakeFacets
from quoteline.query.lake_facets.sql import DAY_MONTHS

__all__ = ["DAY_MONTHS", "FacetAnswer", "LakeFacets"]
