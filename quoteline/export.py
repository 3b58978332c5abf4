"""Export statements as CSV, JSON Lines or Parquet, with the spreadsheet formula-injection guard.

Every export carries what a citation needs: the article's title, URL, outlet and publication date, the span
offsets, and the evidence columns (``schema.EVIDENCE_COLUMNS``: what set the date, and the speaker's mention
chain, which CSV writes as one line, 'he [812:814] → Ada Vell [12:20]', and JSON Lines as a list).

A CSV cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would be run as a formula
by Excel or LibreOffice; such cells get a leading apostrophe, which spreadsheets show as plain text. The
streamed export and the dashboard's CSV download apply the same rule in Arrow
(``quoteline.query.lake_export.csv_batch``, from ``FORMULA_LEADS`` here), so every path is guarded.
"""

from __future__ import annotations

import io
import json
import logging
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO, Final

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from quoteline.schema import LIST_COLUMNS, A, S
from quoteline.store.atomic import atomic_write

LOGGER = logging.getLogger(__name__)
FORMULA_LEADS: Final = ("=", "+", "-", "@", "\t", "\r")
FORMATS: Final = ("csv", "jsonl", "parquet")


def neutralise_cell(value: Any) -> Any:
    """Prefix an apostrophe to a string a spreadsheet would treat as a formula; other values pass through."""
    if isinstance(value, str) and value.startswith(FORMULA_LEADS):
        return "'" + value
    return value


def _listish(value: Any) -> bool:
    return hasattr(value, "__iter__") and not isinstance(value, (str, bytes, dict))


def csv_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` ready for CSV: list cells joined with "; ", and every text cell guarded."""
    # Imported here: importing the extractor package loads its whole pipeline (about 0.4 s of CPU), which the
    # dashboard's first page, importing this module for ARTICLE_FIELDS, does not need.
    from quoteline.extract.evidence import chain_label

    out = df.copy()
    for col in out.columns:
        series = out[col]
        if col == S.speaker_chain:
            series = series.map(lambda v: chain_label(v) if isinstance(v, str) else v)
        if col in LIST_COLUMNS or series.map(_listish).any():
            series = series.map(lambda v: "; ".join(str(x) for x in v) if _listish(v) else v)
        if series.dtype == object or pd.api.types.is_string_dtype(series):
            series = series.astype("object").map(neutralise_cell)
        out[col] = series
    return out


def csv_bytes(df: pd.DataFrame) -> bytes:
    """UTF-8 CSV (with BOM, so spreadsheets pick the encoding) of ``df``, formula cells neutralised."""
    # CRLF line ends (RFC 4180) also make the writer quote any cell holding a lone "\r".
    return csv_frame(df).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def _json_value(value: Any) -> Any:
    if _listish(value):
        return [str(x) for x in value]
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    if hasattr(value, "item"):
        return value.item()  # numpy scalars
    return value


def jsonl_bytes(df: pd.DataFrame) -> bytes:
    """One JSON object per statement, lists as arrays and missing values as null."""
    lines = []
    columns = list(df.columns)
    for row in df.itertuples(index=False, name=None):
        record = {c: _json_value(v) for c, v in zip(columns, row, strict=True)}
        if isinstance(record.get(S.speaker_chain), str):
            record[S.speaker_chain] = _chain(record[S.speaker_chain])
        lines.append(json.dumps(record, ensure_ascii=False))
    return ("\n".join(lines) + ("\n" if lines else "")).encode("utf-8")


def _chain(text: str) -> Any:
    """The stored chain (JSON text) as a list for JSON Lines; text that is not JSON stays as it is."""
    try:
        return json.loads(text)
    except ValueError:
        LOGGER.warning("speaker chain is not JSON, exported as text: %.60s", text)
        return text


def with_evidence(statements: pd.DataFrame, evidence: pd.DataFrame) -> pd.DataFrame:
    """``statements`` with the columns of ``evidence`` (its evidence columns, and any other column keyed by
    ``statement_id`` such as the cue's offsets) beside; null for a statement stored without them."""
    missing = [c for c in evidence.columns if c != S.statement_id and c not in statements.columns]
    if not missing:
        return statements
    found = evidence[[S.statement_id, *missing]].drop_duplicates(S.statement_id)
    return statements.merge(found, how="left", on=S.statement_id)


# The article fields every export carries, so a row can be cited without the store: export name -> column.
ARTICLE_FIELDS: Final = {
    "article_title": A.title,
    "article_url": A.url,
    "article_published": A.published,
    "article_published_source": A.published_source,
}


def with_article_fields(statements: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """``statements`` with their article's title, URL and publication date (and how it was found) beside.

    ``articles`` holds ``article_id`` and the columns of ``ARTICLE_FIELDS``; a statement whose article is
    missing keeps empty fields rather than being dropped.
    """
    meta = articles[[A.article_id, *ARTICLE_FIELDS.values()]].drop_duplicates(A.article_id)
    meta = meta.rename(columns={v: k for k, v in ARTICLE_FIELDS.items()})
    if A.article_id != S.article_id:
        meta = meta.rename(columns={A.article_id: S.article_id})
    return statements.merge(meta, how="left", on=S.article_id)


def evidence_index(evidence: pd.DataFrame) -> pd.DataFrame:
    """``evidence`` (as ``with_evidence`` takes it) indexed by statement id, for ``joined``."""
    return evidence.drop_duplicates(S.statement_id).set_index(S.statement_id)


def article_index(articles: pd.DataFrame) -> pd.DataFrame:
    """``articles`` (as ``with_article_fields`` takes them) as the export's article fields indexed by the
    statements' article id, for ``joined``."""
    meta = articles[[A.article_id, *ARTICLE_FIELDS.values()]].drop_duplicates(A.article_id)
    meta = meta.rename(columns={v: k for k, v in ARTICLE_FIELDS.items()})
    return meta.rename(columns={A.article_id: S.article_id}).set_index(S.article_id)


def joined(statements: pd.DataFrame, indexed: pd.DataFrame) -> pd.DataFrame:
    """``statements`` with the columns of ``indexed`` they lack, looked up by ``indexed``'s key column
    (``evidence_index``, ``article_index``); null where a key is missing. What ``with_evidence`` and
    ``with_article_fields`` give, at the cost of the statements' rows: a merge hashes both sides, so a
    download made 5,000 rows at a time paid for the whole store's evidence at every chunk."""
    missing = [c for c in indexed.columns if c not in statements.columns]
    if not missing:
        return statements
    found = indexed.reindex(statements[indexed.index.name].to_numpy())
    out = statements.reset_index(drop=True)
    for column in missing:
        out[column] = found[column].reset_index(drop=True)
    return out


def write_export(df: pd.DataFrame, fmt: str, out: BinaryIO) -> None:
    """Write ``df`` in ``fmt`` (csv, jsonl or parquet) to a binary stream."""
    if fmt == "csv":
        out.write(csv_bytes(df))
    elif fmt == "jsonl":
        out.write(jsonl_bytes(df))
    elif fmt == "parquet":
        lists = [c for c in df.columns if c in LIST_COLUMNS]
        table = pa.Table.from_pandas(df.drop(columns=lists), preserve_index=False)
        for col in lists:
            # Typed explicitly: a column of only empty lists would otherwise be inferred as list<null>.
            values = pa.array([list(v) for v in df[col]], type=pa.list_(pa.string()))
            table = table.append_column(col, values)
        buffer = io.BytesIO()
        pq.write_table(table.select(list(df.columns)), buffer)
        out.write(buffer.getvalue())
    else:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")


@dataclass(frozen=True)
class ExportFilters:
    """Which statements to export; empty means no restriction."""

    leaders: Sequence[str] = field(default_factory=tuple)
    topics: Sequence[str] = field(default_factory=tuple)
    outlets: Sequence[str] = field(default_factory=tuple)
    kinds: Sequence[str] = field(default_factory=tuple)
    stances: Sequence[str] = field(default_factory=tuple)
    since: str | None = None
    until: str | None = None
    search: str | None = None


def _fold(values: Sequence[str]) -> set[str]:
    return {v.casefold() for v in values}


def filter_statements(df: pd.DataFrame, f: ExportFilters) -> pd.DataFrame:
    """The statements matching every given filter (names compared case-insensitively)."""
    keep = pd.Series(True, index=df.index)
    if f.leaders:
        keep &= df[S.speaker].str.casefold().isin(_fold(f.leaders))
    if f.outlets:
        keep &= df[S.outlet].fillna("").str.casefold().isin(_fold(f.outlets))
    if f.kinds:
        keep &= df[S.kind].isin(f.kinds)
    if f.stances:
        keep &= df[S.stance].isin(f.stances)
    if f.topics:
        wanted = _fold(f.topics)
        keep &= df[S.topics].map(lambda ts: any(t.casefold() in wanted for t in ts))
    dates = df[S.date].astype("object")
    if f.since:
        keep &= dates.notna() & (dates.fillna("") >= f.since)
    if f.until:
        # A partial date such as "2024-03" sorts before every day of that month, so compare on the prefix.
        keep &= dates.notna() & (dates.fillna("").str[: len(f.until)] <= f.until)
    if f.search:
        keep &= df[S.text].str.contains(f.search, case=False, regex=False)
    return df[keep]


class ExportError(ValueError):
    """An export cannot be written, or a filter is malformed; the message names the path or value."""


_DATE_FILTER = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def check_date_filter(flag: str, value: str | None) -> str | None:
    """``value`` if it is YYYY, YYYY-MM or YYYY-MM-DD naming a real day or month; ExportError otherwise."""
    if value is None:
        return None
    m = _DATE_FILTER.match(value.strip())
    try:
        if m is None:
            raise ValueError("not of the form")
        date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
    except ValueError:
        raise ExportError(f"{flag} {value!r}: expected a date as YYYY, YYYY-MM or YYYY-MM-DD") from None
    return value.strip()


def export_to_file(df: pd.DataFrame, fmt: str, path: Path) -> None:
    """Write the export to ``path`` atomically: a reader (or a full disk) never leaves a truncated file."""
    if path.is_dir():
        raise ExportError(f"{path}: is a folder; give a file name, such as {path / ('statements.' + fmt)}")
    if not path.parent.is_dir():
        raise ExportError(f"{path}: the folder {path.parent} does not exist; create it first")
    try:
        atomic_write(path, lambda handle: write_export(df, fmt, handle))
    except OSError as exc:
        LOGGER.error("%s: export failed: %s", path, exc)
        raise ExportError(
            f"{path}: cannot write the export: {exc.strerror or exc}; no partial file was left"
        ) from exc
