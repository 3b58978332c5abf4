"""Validate a frame that may hold only some of a table's columns against the declared pandera model."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from functools import cache

import pandas as pd
import pandera.pandas as pa

from quoteline.schema import LIST_COLUMNS, Articles, Corrections, S, StoredStatements

_MODELS: dict[str, type[pa.DataFrameModel]] = {
    "statements": StoredStatements,
    "articles": Articles,
    "corrections": Corrections,
}


@cache
def _schema(table: str, columns: tuple[str, ...]) -> pa.DataFrameSchema:
    full = _MODELS[table].to_schema()
    if set(columns) == set(full.columns):
        return full
    sub = copy.deepcopy(full.select_columns(list(columns)))
    if not {S.start, S.end} <= set(columns):
        # The span check compares start and end; it cannot run when either was not read.
        sub.checks = []
    return sub


@cache
def _read_schema(table: str, columns: tuple[str, ...]) -> pa.DataFrameSchema:
    schema = copy.deepcopy(_schema(table, columns))
    for name in LIST_COLUMNS:
        if name in schema.columns:
            # Read from Parquet typed list<string> (nulls refused in tables.to_frame) and kept Arrow-backed:
            # the per-row Python check proves nothing more and costs seconds at 1M rows.
            schema.columns[name].checks = []
            schema.columns[name].dtype = None
            schema.columns[name].coerce = False
    return schema


def validate(table: str, df: pd.DataFrame) -> pd.DataFrame:
    """Validate (and coerce) ``df`` against the named table's model, restricted to the columns it holds."""
    return _schema(table, tuple(df.columns)).validate(df)


def validate_read(table: str, df: pd.DataFrame) -> pd.DataFrame:
    """Validate a frame read from the store, where Arrow's types already guarantee the list columns."""
    return _read_schema(table, tuple(df.columns)).validate(df)


def validate_partial(table: str, df: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """Validate ``df[columns]`` and return the coerced columns."""
    return validate(table, df[list(columns)])
