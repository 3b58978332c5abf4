"""The on-disk shape of the two tables: declared Arrow schemas, Parquet writing and column-pruned reading.

``n_sources`` is not stored: it is derived on read from ``cluster_id`` so that a commit only appends new
files and never rewrites older ones when a new outlet joins an existing cluster.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from quoteline.schema import LIST_COLUMNS, SCHEMA_VERSION, STORE_COLUMNS, A, C, S

_STR = pa.string()
_INT = pa.int64()

STATEMENTS_SCHEMA: Final = pa.schema(
    [
        (S.statement_id, _STR),
        (S.article_id, _STR),
        (S.speaker, _STR),
        (S.speaker_type, _STR),
        (S.kind, _STR),
        (S.cue, _STR),
        (S.cue_start, _INT),
        (S.cue_end, _INT),
        (S.text, _STR),
        (S.start, _INT),
        (S.end, _INT),
        (S.date, _STR),
        (S.date_source, _STR),
        (S.referenced_dates, pa.list_(_STR)),
        (S.topics, pa.list_(_STR)),
        (S.counterparts, pa.list_(_STR)),
        (S.stance, _STR),
        (S.date_basis, _STR),
        (S.date_phrase, _STR),
        (S.date_phrase_start, _INT),
        (S.date_phrase_end, _INT),
        (S.speaker_chain, _STR),
        (S.outlet, _STR),
        (S.cluster_id, _STR),
    ],
    metadata={"quoteline_table": "statements", "quoteline_schema_version": str(SCHEMA_VERSION)},
)

ARTICLES_SCHEMA: Final = pa.schema(
    [
        (A.article_id, _STR),
        (A.title, _STR),
        (A.outlet, _STR),
        (A.url, _STR),
        (A.published, _STR),
        (A.published_source, _STR),
        (A.ingested_at, pa.timestamp("us", tz="UTC")),
        (A.word_count, _INT),
        (A.extractor_version, _STR),
        (A.source_path, _STR),
        (A.text, _STR),
    ],
    metadata={"quoteline_table": "articles", "quoteline_schema_version": str(SCHEMA_VERSION)},
)

CORRECTIONS_SCHEMA: Final = pa.schema(
    [
        (C.entry_id, _STR),
        (C.target_type, _STR),
        (C.target, _STR),
        (C.field, _STR),
        (C.old, _STR),
        (C.new, _STR),
        (C.by, _STR),
        (C.at, pa.timestamp("us", tz="UTC")),
        (C.reason, _STR),
        (C.undoes, _STR),
        (C.derived, _STR),
    ],
    metadata={"quoteline_table": "corrections", "quoteline_schema_version": str(SCHEMA_VERSION)},
)
SCHEMAS: Final = {
    "articles": ARTICLES_SCHEMA,
    "statements": STATEMENTS_SCHEMA,
    "corrections": CORRECTIONS_SCHEMA,
}

STORED_STATEMENT_COLUMNS: Final = tuple(STATEMENTS_SCHEMA.names)
assert set(STORE_COLUMNS) == {*STORED_STATEMENT_COLUMNS, S.n_sources}


def _to_arrow(df: pd.DataFrame, schema: pa.Schema) -> pa.Table:
    frame = df[list(schema.names)].copy()
    for col in LIST_COLUMNS:
        if col in frame.columns:
            frame[col] = frame[col].map(list)
    return pa.Table.from_pandas(frame, schema=schema, preserve_index=False)


def to_frame(table: pa.Table) -> pd.DataFrame:
    """Arrow to pandas; list columns stay Arrow-backed (``list<string>[pyarrow]``, zero-copy).

    Each cell of a list column reads back as a Python ``list`` of ``str``. Converting a million cells to
    Python lists up front would cost seconds, so it is left to the rows a caller actually touches.
    """
    list_cols = [c for c in table.column_names if c in LIST_COLUMNS]
    df = table.drop_columns(list_cols).to_pandas()
    for col in list_cols:
        column = table.column(col)
        if column.null_count or pc.list_flatten(column).null_count:
            raise ValueError(f"column {col!r} holds a missing value where a list of strings belongs")
        df[col] = pd.Series(pd.arrays.ArrowExtensionArray(column), index=df.index)
    return df[table.column_names]


# ----- the Delta Lake tables (quoteline/store/delta.py) ----------------------------------------------------
# Each Delta table holds its declared schema above plus a few derived columns, always computed from it, so a
# column added to a schema above reaches the Delta table with no second declaration.
DAY: Final = "day"  # the statement date as a real date32 (the first day of a YYYY or YYYY-MM date)
YEAR: Final = "year"  # partition columns: null for undated statements, which get a partition of their own
MONTH: Final = "month"
SEQ: Final = "seq"  # the corrections log's order (later entries win), kept through compactions
# Each statement's distinct topics and counterparts as ONE flat string (``tag_set``): "" for none, else every
# tag, sorted, each followed and the first preceded by ``TAG_SEP``: "\x1fenergy\x1ftrade\x1f" holds
# energy and trade. A reader that needs the tags (the facet counts under a leader filter) scans a
# dictionary-encoded string column instead of decoding the Parquet list (1M synthetic statements, one
# leader's rows: 102 CPU ms with the list, 40 with the string, 21 with neither), tests one tag with
# ``contains(topic_set, TAG_SEP || tag || TAG_SEP)`` and counts the tags after grouping by the set. The unit
# separator (chr 31) cannot be typed into a tag, so no tag holds it.
TOPIC_SET: Final = "topic_set"
COUNTERPART_SET: Final = "counterpart_set"
TAG_SEP: Final = "\x1f"
TAG_SETS: Final = {TOPIC_SET: S.topics, COUNTERPART_SET: S.counterparts}

STATEMENTS_PARTITIONS: Final = (YEAR, MONTH)
# The leader x topic x week counts (quoteline/store/counts.py): signed increments, summed on read.
COUNTS_SCHEMA: Final = pa.schema([("speaker", _STR), ("topic", _STR), ("week", pa.date32()), ("n", _INT)])
# The sidebar facets' counts (quoteline/store/counts.py, quoteline/query/lake_facets/), the same way: the
# single-valued fields per month, and each distinct topic or counterpart ("field") per speaker and month.
FACETS_SCHEMA: Final = pa.schema(
    [
        ("speaker", _STR),
        ("speaker_type", _STR),
        ("stance", _STR),
        ("kind", _STR),
        ("outlet", _STR),
        ("month_start", pa.date32()),
        ("n", _INT),
    ]
)
FACET_TAGS_SCHEMA: Final = pa.schema(
    [("speaker", _STR), ("field", _STR), ("tag", _STR), ("month_start", pa.date32()), ("n", _INT)]
)
# Each distinct topic or counterpart crossed with the kind and ONE other field ("dim": stance, outlet, or each
# distinct tag of the other list), per month, without the speaker (docs/scale_history.md, "Facet pairs", has
# the row counts).
FACET_PAIRS_SCHEMA: Final = pa.schema(
    [
        ("field", _STR),
        ("tag", _STR),
        ("kind", _STR),
        ("dim", _STR),
        ("dim_value", _STR),
        ("month_start", pa.date32()),
        ("n", _INT),
    ]
)
# Each distinct topic or counterpart per speaker, crossed with ONE of the stance, kind, outlet or each
# distinct tag of the other list ("dim"), with no month (docs/scale_history.md, "A speaker's tags crossed with
# one field", has the row counts).
FACET_SPEAKER_PAIRS_SCHEMA: Final = pa.schema(
    [
        ("speaker", _STR),
        ("field", _STR),
        ("tag", _STR),
        ("dim", _STR),
        ("dim_value", _STR),
        ("n", _INT),
    ]
)
DELTA_SCHEMAS: Final = {
    "articles": ARTICLES_SCHEMA.remove_metadata(),
    "statements": STATEMENTS_SCHEMA.remove_metadata()
    .append(pa.field(DAY, pa.date32()))
    .append(pa.field(YEAR, pa.int16()))
    .append(pa.field(MONTH, pa.int8()))
    .append(pa.field(TOPIC_SET, _STR))
    .append(pa.field(COUNTERPART_SET, _STR)),
    "corrections": CORRECTIONS_SCHEMA.remove_metadata().append(pa.field(SEQ, _INT)),
    "counts": COUNTS_SCHEMA,
    "facets": FACETS_SCHEMA,
    "facet_tags": FACET_TAGS_SCHEMA,
    "facet_pairs": FACET_PAIRS_SCHEMA,
    "facet_speaker_pairs": FACET_SPEAKER_PAIRS_SCHEMA,
}
PARTITIONS: Final = {
    "articles": (),
    "statements": STATEMENTS_PARTITIONS,
    "corrections": (),
    "counts": (),
    "facets": (),
    "facet_tags": (),
    "facet_pairs": (),
    "facet_speaker_pairs": (),
}


def date_columns(dates: pa.Array | pa.ChunkedArray) -> dict[str, pa.Array]:
    """``day``, ``year`` and ``month`` of precision-preserving date strings (YYYY, YYYY-MM or YYYY-MM-DD).

    A year-only date has a day (1 January) and a year but no month; an undated statement has none of them.
    """
    text = pc.cast(dates, _STR)
    if isinstance(text, pa.ChunkedArray):
        text = text.combine_chunks()
    year = pc.cast(pc.utf8_slice_codeunits(text, 0, 4), pa.int16())
    has_month = pc.greater_equal(pc.utf8_length(text), 7)
    month_text = pc.if_else(has_month, pc.utf8_slice_codeunits(text, 5, 7), pa.scalar(None, _STR))
    month = pc.cast(month_text, pa.int8())
    full = pc.binary_join_element_wise(
        pc.utf8_slice_codeunits(text, 0, 4),
        pc.if_else(has_month, pc.utf8_slice_codeunits(text, 5, 7), "01"),
        pc.if_else(pc.greater_equal(pc.utf8_length(text), 10), pc.utf8_slice_codeunits(text, 8, 10), "01"),
        "-",
    )
    # A string of the right shape that is no calendar day (a 30 February) gets no day rather than failing.
    day = pc.cast(pc.strptime(full, format="%Y-%m-%d", unit="s", error_is_null=True), pa.date32())
    return {DAY: day, YEAR: year, MONTH: month}


def tag_set(lists: pa.Array | pa.ChunkedArray) -> pa.Array:
    """Each list's distinct values, sorted, as one ``TAG_SEP``-delimited string ("" for an empty list)."""
    if isinstance(lists, pa.ChunkedArray):
        lists = lists.combine_chunks() if lists.num_chunks else pa.array([], lists.type)
    n = len(lists)
    pairs = pa.table({"row": pc.list_parent_indices(lists), "tag": pc.cast(pc.list_flatten(lists), _STR)})
    pairs = pairs.filter(pc.is_valid(pairs["tag"]))
    if pairs.num_rows:
        pairs = (
            pairs.group_by(["row", "tag"]).aggregate([]).sort_by([("row", "ascending"), ("tag", "ascending")])
        )
    held = np.bincount(pairs["row"].to_numpy(), minlength=n) if pairs.num_rows else np.zeros(n, np.int64)
    offsets = pa.array(np.concatenate([[0], np.cumsum(held)]).astype(np.int32))
    tags = pairs["tag"].combine_chunks() if pairs.num_rows else pa.array([], _STR)
    joined = pc.binary_join(pa.ListArray.from_arrays(offsets, tags), TAG_SEP)
    wrapped = pc.binary_join_element_wise(TAG_SEP, joined, TAG_SEP, "")
    return pc.if_else(pa.array(held == 0), pa.scalar("", _STR), wrapped)


def derived_statement_columns(data: pa.Table) -> dict[str, pa.Array]:
    """The columns the statements' Delta table adds to the declared ones, computed from ``data``: the date's
    ``day``, ``year`` and ``month``, and the tag sets."""
    out = date_columns(data.column(S.date))
    for name, column in TAG_SETS.items():
        out[name] = tag_set(data.column(column))
    return out


def to_delta(table: str, df: pd.DataFrame, *, first_seq: int = 0) -> pa.Table:
    """A validated frame of ``table`` as the Arrow table its Delta table stores (derived columns added)."""
    return arrow_to_delta(table, _to_arrow(df, SCHEMAS[table]), first_seq=first_seq)


def arrow_to_delta(table: str, data: pa.Table, *, first_seq: int = 0) -> pa.Table:
    """An Arrow table in ``table``'s declared schema as its Delta table stores it (derived columns added)."""
    data = data.select(list(SCHEMAS[table].names)).replace_schema_metadata(None)
    if table == "statements":
        for name, column in derived_statement_columns(data).items():
            data = data.append_column(name, column)
    elif table == "corrections":
        data = data.append_column(SEQ, pa.array(range(first_seq, first_seq + data.num_rows), _INT))
    return data.cast(DELTA_SCHEMAS[table])
