"""The statements and articles tables, declared once.

Every other module names columns through ``S`` and ``A`` (the column-name namespaces below) and validates
frames with ``validate_statements`` / ``validate_articles`` where data crosses a boundary: leaving the
extractor, entering or leaving the store.
"""

from __future__ import annotations

from typing import Final

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

SCHEMA_VERSION: Final = 1

KINDS: Final = ("direct", "indirect")
SPEAKER_TYPES: Final = ("person", "institution", "unnamed")
# "corrected": an analyst set the date (docs/CORRECTIONS.md); the extractor never emits it.
DATE_SOURCES: Final = ("published", "dateline", "relative", "unknown", "corrected")
STANCES: Final = (
    "assurance",
    "denial",
    "admission",
    "rejection",
    "criticism",
    "threat",
    "demand",
    "praise",
    "neutral",
)
STANCE_LABELS: Final = {
    "assurance": "assurance / commitment",
    "denial": "denial",
    "admission": "admission / concession",
    "rejection": "rejection",
    "criticism": "criticism / accusation",
    "threat": "threat / warning",
    "demand": "demand / appeal",
    "praise": "praise / support",
    "neutral": "neutral",
}
# What set a statement's date (``extract/evidence.py``): its reporting words' day expression, an earlier
# statement's or sentence's, the dateline, the publication date, or nothing.
DATE_BASES: Final = ("phrase", "inherited", "dateline", "published", "none")
PUBLISHED_SOURCES: Final = ("cli", "header", "html", "record", "dateline", "unknown")
DATE_PATTERN: Final = r"^\d{4}(-\d{2}(-\d{2})?)?$"


class S:
    """Column names of the statements table."""

    statement_id = "statement_id"
    article_id = "article_id"
    speaker = "speaker"
    speaker_type = "speaker_type"
    kind = "kind"
    cue = "cue"
    cue_start = "cue_start"
    cue_end = "cue_end"
    text = "text"
    start = "start"
    end = "end"
    date = "date"
    date_source = "date_source"
    referenced_dates = "referenced_dates"
    topics = "topics"
    counterparts = "counterparts"
    stance = "stance"
    # Evidence: what set the date (``DATE_BASES``), the phrase and its offsets; the speaker's mention chain
    # as JSON text, [{"text", "start", "end"}, ...].
    date_basis = "date_basis"
    date_phrase = "date_phrase"
    date_phrase_start = "date_phrase_start"
    date_phrase_end = "date_phrase_end"
    speaker_chain = "speaker_chain"
    # Store-only columns, filled in when statements are committed.
    outlet = "outlet"
    cluster_id = "cluster_id"
    n_sources = "n_sources"


class A:
    """Column names of the articles table."""

    article_id = "article_id"
    title = "title"
    outlet = "outlet"
    url = "url"
    published = "published"
    published_source = "published_source"
    ingested_at = "ingested_at"
    word_count = "word_count"
    extractor_version = "extractor_version"
    source_path = "source_path"
    text = "text"


LIST_COLUMNS: Final = (S.referenced_dates, S.topics, S.counterparts)
# Columns added after schema version 1: a data file written before them lacks them, and reads them as null
# ("not recorded"), so older stores stay readable and writable without a migration.
EVIDENCE_COLUMNS: Final = (
    S.date_basis,
    S.date_phrase,
    S.date_phrase_start,
    S.date_phrase_end,
    S.speaker_chain,
)
EXTRACT_COLUMNS: Final = (
    S.statement_id,
    S.article_id,
    S.speaker,
    S.speaker_type,
    S.kind,
    S.cue,
    S.cue_start,
    S.cue_end,
    S.text,
    S.start,
    S.end,
    S.date,
    S.date_source,
    S.referenced_dates,
    S.topics,
    S.counterparts,
    S.stance,
    *EVIDENCE_COLUMNS,
)
STORE_COLUMNS: Final = (*EXTRACT_COLUMNS, S.outlet, S.cluster_id, S.n_sources)


def _is_str_list(values: pd.Series) -> pd.Series:
    return values.map(
        lambda v: hasattr(v, "__iter__") and not isinstance(v, str) and all(isinstance(x, str) for x in v)
    )


class Statements(pa.DataFrameModel):
    """One row per statement, as the extractor emits it."""

    statement_id: Series[str] = pa.Field(unique=True, str_length={"min_value": 8})
    article_id: Series[str] = pa.Field(str_length={"min_value": 8})
    speaker: Series[str] = pa.Field(str_length={"min_value": 1})
    speaker_type: Series[str] = pa.Field(isin=SPEAKER_TYPES)
    kind: Series[str] = pa.Field(isin=KINDS)
    cue: Series[str]
    cue_start: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    cue_end: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    text: Series[str] = pa.Field(str_length={"min_value": 1})
    start: Series[int] = pa.Field(ge=0)
    end: Series[int] = pa.Field(ge=0)
    date: Series[str] = pa.Field(nullable=True, str_matches=DATE_PATTERN)
    date_source: Series[str] = pa.Field(isin=DATE_SOURCES)
    referenced_dates: Series[object]
    topics: Series[object]
    counterparts: Series[object]
    stance: Series[str] = pa.Field(isin=STANCES)
    date_basis: Series[str] = pa.Field(nullable=True, isin=DATE_BASES)
    date_phrase: Series[str] = pa.Field(nullable=True)
    date_phrase_start: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    date_phrase_end: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    speaker_chain: Series[str] = pa.Field(nullable=True)

    @pa.dataframe_check
    @classmethod
    def span_is_ordered(cls, df: pd.DataFrame) -> pd.Series:
        """A statement's text span never ends before it starts."""
        return df[S.end] >= df[S.start]

    @pa.check(S.referenced_dates, S.topics, S.counterparts)
    @classmethod
    def is_list_of_str(cls, values: pd.Series) -> pd.Series:
        """List columns hold lists of strings."""
        return _is_str_list(values)

    class Config:
        strict = True
        coerce = True
        ordered = False


class StoredStatements(Statements):
    """Statements as the store holds them: with the outlet and the cross-outlet cluster."""

    statement_id: Series[str] = pa.Field(unique=True, str_length={"min_value": 8})
    outlet: Series[str] = pa.Field(nullable=True)
    cluster_id: Series[str]
    n_sources: Series[int] = pa.Field(ge=1)


class Articles(pa.DataFrameModel):
    """One row per ingested article."""

    article_id: Series[str] = pa.Field(unique=True, str_length={"min_value": 8})
    title: Series[str]
    outlet: Series[str] = pa.Field(nullable=True)
    url: Series[str] = pa.Field(nullable=True)
    published: Series[str] = pa.Field(nullable=True, str_matches=DATE_PATTERN)
    published_source: Series[str] = pa.Field(isin=PUBLISHED_SOURCES)
    ingested_at: Series[pd.DatetimeTZDtype] = pa.Field(dtype_kwargs={"unit": "us", "tz": "UTC"})
    word_count: Series[int] = pa.Field(ge=0)
    extractor_version: Series[str]
    source_path: Series[str] = pa.Field(nullable=True)
    text: Series[str]

    class Config:
        strict = True
        coerce = True


def empty_statements(stored: bool = False) -> pd.DataFrame:
    """An empty statements frame with every column present."""
    cols = STORE_COLUMNS if stored else EXTRACT_COLUMNS
    return pd.DataFrame({c: pd.Series(dtype="object") for c in cols})


def with_evidence_columns(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with every evidence column present: one a producer does not record (a synthetic or
    hand-made frame) is null, "not recorded"."""
    missing = [c for c in EVIDENCE_COLUMNS if c not in df.columns]
    if not missing:
        return df
    return df.assign(**{c: pd.Series(None, index=df.index, dtype="object") for c in missing})


def validate_statements(df: pd.DataFrame, stored: bool = False) -> pd.DataFrame:
    """Validate (and coerce) a statements frame; raises pandera's SchemaError naming the column. Evidence
    columns it lacks are added as null (``with_evidence_columns``)."""
    df = with_evidence_columns(df)
    model = StoredStatements if stored else Statements
    return model.validate(df)


def validate_articles(df: pd.DataFrame) -> pd.DataFrame:
    """Validate (and coerce) an articles frame."""
    return Articles.validate(df)


class C:
    """Column names of the corrections log (``docs/CORRECTIONS.md``)."""

    entry_id = "entry_id"
    target_type = "target_type"
    target = "target"
    field = "field"
    old = "old"  # JSON text
    new = "new"  # JSON text
    by = "by"
    at = "at"
    reason = "reason"
    undoes = "undoes"  # the entry an undo cancels
    derived = "derived"  # JSON text: values the correction derived at the time (re-dated statements)


CORRECTION_COLUMNS: Final = (
    C.entry_id,
    C.target_type,
    C.target,
    C.field,
    C.old,
    C.new,
    C.by,
    C.at,
    C.reason,
    C.undoes,
    C.derived,
)
CORRECTION_TARGETS: Final = ("statement", "article", "speaker", "entry")
# What each kind of target may have corrected; "entry" is an undo of an earlier entry.
CORRECTABLE: Final = {
    "statement": (
        "speaker",
        "date",
        "kind",
        "topics",
        "stance",
        "counterparts",
        "span",
        "delete",
        "add",
    ),
    "article": ("published", "outlet", "title"),
    "speaker": ("merge",),
    "entry": ("undo",),
}


class Corrections(pa.DataFrameModel):
    """One row per correction; the log is only ever appended to."""

    entry_id: Series[str] = pa.Field(unique=True, str_length={"min_value": 8, "max_value": 64})
    target_type: Series[str] = pa.Field(isin=CORRECTION_TARGETS)
    target: Series[str] = pa.Field(str_length={"min_value": 1, "max_value": 400})
    field: Series[str] = pa.Field(isin=sorted({f for fs in CORRECTABLE.values() for f in fs}))
    old: Series[str] = pa.Field(nullable=True)
    new: Series[str] = pa.Field(nullable=True)
    by: Series[str] = pa.Field(str_length={"min_value": 1, "max_value": 100})
    at: Series[pd.DatetimeTZDtype] = pa.Field(dtype_kwargs={"unit": "us", "tz": "UTC"})
    reason: Series[str] = pa.Field(nullable=True, str_length={"max_value": 1000})
    undoes: Series[str] = pa.Field(nullable=True)
    derived: Series[str] = pa.Field(nullable=True)

    class Config:
        strict = True
        coerce = True
