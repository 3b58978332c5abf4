"""``ingest --reextract``: re-run the current extractor over the stored articles an older one extracted.

The stale articles are cut into work units by the month of their publication date (the statements partition
most of their statements land in), then by the articles data file holding them, at most ``UNIT_SIZE`` articles
a unit. Worker processes (``--workers``) each read their unit's rows from that one data file and extract them
together (``extract_many``: their parse windows in one spaCy batch); the parent collects the results in unit
order (so any number of workers gives the same store) and commits everything in one commit
(``Store.replace_extraction``), which rewrites only the data files holding those articles and their old
statements. A run that fails or is killed commits nothing.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import pandas as pd
import pyarrow.parquet as pq

import quoteline
from quoteline.ingest.pipeline import (
    Failure,
    IngestReport,
    Progress,
    _empty_statements,
    _prctl,
    _warm_up_for_fork,
)
from quoteline.ingest.workers import WorkerDied, imap_ordered
from quoteline.schema import A, S
from quoteline.store import Store
from quoteline.store.tables import ARTICLES_SCHEMA, to_frame

LOGGER = logging.getLogger(__name__)

UNIT_SIZE: Final = 20  # articles per work unit: small enough to spread a month over every worker
UNDATED: Final = "undated"


@dataclass(frozen=True)
class Unit:
    """Articles to re-extract, all in one articles data file, with the publication day to extract each with
    (the corrected one: an article an analyst dated is dated anew)."""

    month: str  # "YYYY-MM" of the publication date, or UNDATED
    path: str
    ids: tuple[str, ...]
    published: tuple[str | None, ...]


@dataclass
class UnitResult:
    """One unit re-extracted: the updated article rows, their new statements, and the failures."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    statements: list[pd.DataFrame] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)


def plan(store: Store) -> tuple[list[Unit], int]:
    """The work units for every stale article, partition (publication month) by partition, and how many
    stored articles are already current."""
    current = quoteline.EXTRACTOR_VERSION
    versions = store.articles([A.article_id, A.extractor_version], raw=True)
    dated = store.articles([A.article_id, A.published])
    published = {
        aid: day if isinstance(day, str) else None
        for aid, day in zip(dated[A.article_id], dated[A.published], strict=True)
    }
    stale = set(versions.loc[versions[A.extractor_version] != current, A.article_id])
    by_month: dict[str, dict[str, list[str]]] = {}
    for file, held in store.article_files(stale).items():
        for aid in held:
            day = published.get(aid)
            month = day[:7] if day else UNDATED
            by_month.setdefault(month, {}).setdefault(str(file), []).append(aid)
    units = []
    for month in sorted(by_month):
        for path, ids in by_month[month].items():
            for start in range(0, len(ids), UNIT_SIZE):
                chunk = tuple(ids[start : start + UNIT_SIZE])
                units.append(Unit(month, path, chunk, tuple(published.get(aid) for aid in chunk)))
    return units, len(versions) - len(stale)


def reextract_unit(unit: Unit) -> UnitResult:
    """Read the unit's articles from their data file and extract them together (``extract_many``: their
    parse windows in one spaCy batch); failures are recorded, not raised, each article failing alone (a
    missing parser model raises ``ParserMissingError``: a set-up problem, not an article's)."""
    from quoteline.extract import statements_frame
    from quoteline.extract.batch import ArticleInput, extract_many

    out = UnitResult()
    try:
        table = pq.read_table(unit.path, schema=ARTICLES_SCHEMA, filters=[(A.article_id, "in", unit.ids)])
    except OSError as exc:  # a compaction's vacuum removed the file since the plan: nothing of it is lost
        LOGGER.warning("%s: cannot read the articles to re-extract: %s", unit.path, exc)
        for aid in unit.ids:
            out.failures.append(Failure(aid, f"could not be read for re-extraction ({exc}); run it again"))
        return out
    rows: dict[str, dict[str, Any]] = {
        str(row[A.article_id]): {str(k): v for k, v in row.items()}
        for row in to_frame(table).to_dict("records")
    }
    found: list[tuple[dict[str, Any], str | None]] = []  # each article still stored, with its day
    for aid, day in zip(unit.ids, unit.published, strict=True):
        if aid in rows:
            found.append((rows[aid], day))
        else:
            out.failures.append(Failure(aid, "no longer in its data file; run the re-extraction again"))
    inputs = (ArticleInput(row[A.text], day, row[A.article_id]) for row, day in found)
    for (row, _day), result in zip(found, extract_many(inputs), strict=True):
        where = row[A.source_path] or row[A.article_id]
        try:
            if isinstance(result, Exception):
                raise result
            statements = statements_frame(result)  # validated: a bad statement fails its article here
        except Exception as exc:
            LOGGER.debug("re-extracting %s failed", where, exc_info=True)
            out.failures.append(Failure(where, f"extraction failed: {type(exc).__name__}: {exc}"))
            continue
        statements[S.outlet] = row[A.outlet]
        out.rows.append({**row, A.extractor_version: quoteline.EXTRACTOR_VERSION})
        out.statements.append(statements)
    return out


def _init_worker(parent: int) -> None:
    from quoteline.ingest.pipeline import _die_with_parent

    _die_with_parent(parent)


def _results(units: list[Unit], workers: int) -> Iterator[UnitResult]:
    if workers <= 1 or len(units) <= 1:
        for unit in units:
            yield reextract_unit(unit)
        return
    _warm_up_for_fork()
    _prctl()
    yield from imap_ordered(reextract_unit, units, min(workers, len(units)), _init_worker, (os.getpid(),))


def reextract_store(store: Store, *, progress: Progress | None = None, workers: int = 1) -> IngestReport:
    """Re-extract every stale article in ``workers`` processes and commit the result in one commit."""
    report = IngestReport()
    units, current = plan(store)
    report.articles_duplicate = current  # already current: nothing to do
    total = sum(len(u.ids) for u in units)
    workers = max(1, workers)
    LOGGER.info("re-extracting %d articles in %d units, %d worker(s)", total, len(units), workers)
    rows: list[dict[str, Any]] = []
    frames: list[pd.DataFrame] = []
    done = 0
    try:
        for unit, result in zip(units, _results(units, workers), strict=False):
            rows += result.rows
            frames += [f for f in result.statements if not f.empty]
            for failure in result.failures:
                report.fail(failure.where, failure.reason)
            done += len(unit.ids)
            if progress:
                progress(done, total, f"{unit.month} {Path(unit.path).name}")
    except WorkerDied as exc:
        LOGGER.warning("a re-extraction worker died: %s", exc)
        report.fatal = f"{exc}, perhaps for lack of memory; nothing was re-extracted: run it again"
        return report
    if rows:
        statements = pd.concat(frames, ignore_index=True) if frames else _empty_statements()
        added = store.replace_extraction(pd.DataFrame(rows), statements)
        report.statements_added = added.statements_added
    report.articles_reextracted = len(rows)
    return report
