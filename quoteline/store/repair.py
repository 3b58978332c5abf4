"""Rebuild a damaged store's manifest from the data files in its folder, after copying the folder aside.

A store whose manifest is missing, unreadable or names files that are gone is refused by every reader and
writer (see ``manifest.read_manifest``), so that no commit sweeps its data away. ``repair`` is the way back:
it copies every file to a backup folder beside the store, reads each data file it finds, drops the rows
that appear twice (a merge interrupted before its sweep leaves both the merged file and its parts) and
commits the result as one new generation.
"""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from quoteline.schema import A, C, S
from quoteline.store.errors import StoreError
from quoteline.store.manifest import DATA_FILE, MANIFEST_NAME, Manifest, data_files, read_manifest
from quoteline.store.store import Store
from quoteline.store.tables import (
    ARTICLES_SCHEMA,
    CORRECTIONS_SCHEMA,
    SCHEMAS,
    STATEMENTS_SCHEMA,
    STORED_STATEMENT_COLUMNS,
    to_frame,
)

LOGGER = logging.getLogger(__name__)


@dataclass
class RepairReport:
    """What a repair found and did."""

    problem: str | None = None  # why the store needed repair; None when it was healthy
    backup: Path | None = None
    files_used: list[str] = field(default_factory=list)
    files_unreadable: list[tuple[str, str]] = field(default_factory=list)
    articles: int = 0
    statements: int = 0
    duplicates_dropped: int = 0
    orphans_dropped: int = 0
    version: str = ""

    def summary(self) -> str:
        """The lines the ``repair`` command prints."""
        if self.problem is None:
            return f"the store is healthy (version {self.version}); nothing to repair"
        lines = [
            f"problem: {self.problem}",
            f"backup: every file was copied to {self.backup}",
            f"data files used: {len(self.files_used)}",
            f"rebuilt: {self.articles} articles, {self.statements} statements (version {self.version})",
        ]
        if self.duplicates_dropped:
            lines.append(f"rows found twice and kept once: {self.duplicates_dropped}")
        if self.orphans_dropped:
            lines.append(f"statements whose article was in no data file, dropped: {self.orphans_dropped}")
        for name, reason in self.files_unreadable:
            lines.append(f"not used (kept in the backup): {name}: {reason}")
        return "\n".join(lines)


def _diagnose(store: Store) -> tuple[str | None, Manifest | None]:
    try:
        manifest = read_manifest(store.root)
    except StoreError as err:
        return str(err), None
    if manifest is None:
        return None, None
    gone = sorted(f for f in manifest.files() if not (store.root / f).is_file())
    if gone:
        return f"the manifest names missing data files: {', '.join(gone)}", manifest
    return None, manifest


def backup_folder(root: Path) -> Path:
    """Copy every regular file of the store (not its lock, not temporary files) to a new sibling folder."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    target = root.with_name(f"{root.name}.backup-{stamp}")
    try:
        target.mkdir()
        for path in sorted(root.iterdir()):
            if path.is_file() and path.name != ".lock" and not path.name.startswith(".tmp-"):
                shutil.copy2(path, target / path.name)
    except OSError as exc:
        raise StoreError(
            f"{target}: cannot back the store up before repairing it ({exc.strerror or exc}); "
            "nothing was changed"
        ) from exc
    return target


def _read_data_file(path: Path) -> tuple[str, pa.Table]:
    match = DATA_FILE.match(path.name)
    assert match is not None
    table = match[1]
    schema = SCHEMAS[table]
    meta = pq.read_schema(path).metadata or {}
    if meta.get(b"quoteline_table") != table.encode():
        raise ValueError(f"its metadata does not say it is a {table} file of a Quoteline store")
    return table, pq.read_table(path, schema=schema)


def repair(store: Store) -> RepairReport:
    """Rebuild ``store``'s manifest from its data files, after a backup; a healthy store is left alone."""
    report = RepairReport()
    if not store.root.is_dir():
        raise StoreError(f"{store.root}: no such store folder; nothing to repair")
    if (store.root / MANIFEST_NAME).is_dir():
        raise StoreError(
            f"{store.root / MANIFEST_NAME}: is a folder where the manifest belongs; move it away, then repair"
        )
    with store.lock():
        problem, manifest = _diagnose(store)
        if problem is None:
            report.version = "empty" if manifest is None else manifest.version
            return report
        report.problem = problem
        LOGGER.warning("%s: repairing: %s", store.root, problem)
        report.backup = backup_folder(store.root)
        frames: dict[str, list[pd.DataFrame]] = {"articles": [], "statements": [], "corrections": []}
        generation = 0
        for name in data_files(store.root):
            try:
                table, data = _read_data_file(store.root / name)
            except (OSError, ValueError, pa.ArrowException) as exc:
                LOGGER.warning("%s: data file not used in the repair: %s", store.root / name, exc)
                report.files_unreadable.append((name, str(exc)))
                continue
            frames[table].append(to_frame(data))
            report.files_used.append(name)
            generation = max(generation, int(DATA_FILE.match(name)[2]))  # type: ignore[index]
        articles = _concat(frames["articles"], ARTICLES_SCHEMA.names)
        statements = _concat(frames["statements"], STORED_STATEMENT_COLUMNS)
        n_found = len(articles) + len(statements)
        articles = articles.drop_duplicates(A.article_id, ignore_index=True)
        statements = statements.drop_duplicates(S.statement_id, ignore_index=True)
        report.duplicates_dropped = n_found - len(articles) - len(statements)
        orphan = ~statements[S.article_id].isin(articles[A.article_id])
        report.orphans_dropped = int(orphan.sum())
        statements = statements[~orphan].reset_index(drop=True)
        # The corrections log keeps its order (files sort by generation); each entry once.
        log = _concat(frames["corrections"], CORRECTIONS_SCHEMA.names).drop_duplicates(
            C.entry_id, ignore_index=True
        )
        base = Manifest(generation=max(generation, manifest.generation if manifest else 0))
        # Written as a fresh generation; the sweep then removes the old files, which the backup holds.
        new_manifest = store._commit(
            base, articles, statements, replace=True, corrections=None if log.empty else log
        )
        store._index = None
    report.articles, report.statements = len(articles), len(statements)
    report.version = new_manifest.version
    LOGGER.warning(
        "%s: repaired: %d articles, %d statements; backup in %s",
        store.root,
        report.articles,
        report.statements,
        report.backup,
    )
    return report


def _concat(frames: list[pd.DataFrame], columns: tuple[str, ...] | list[str]) -> pd.DataFrame:
    if not frames:
        schema = next(
            s
            for s in (ARTICLES_SCHEMA, STATEMENTS_SCHEMA, CORRECTIONS_SCHEMA)
            if list(s.names) == list(columns)
        )
        return to_frame(schema.empty_table())
    return pd.concat(frames, ignore_index=True)[list(columns)]
