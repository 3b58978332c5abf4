"""Rebuild a damaged store from the data files in its folder, after copying the folder aside.

A store whose commit record (``commit.json``) is missing or unreadable, or one of whose current data files is
gone, is refused by every reader and writer (see ``manifest.read_manifest``), so that no commit rolls its
tables back over data. ``repair`` is the way back: it copies the whole folder to a backup beside the store,
reads every data file the newest version of each Delta table names (a file it cannot read is left out and
named), keeps each article, statement and correction once, drops statements whose article is in no file, and
commits the result as one new generation. An old-format store (``manifest.json`` and Parquet files) whose
manifest was damaged is rebuilt the same way from its Parquet files, into the Delta format.
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
from quoteline.store import delta
from quoteline.store.errors import StoreError
from quoteline.store.legacy import DATA_FILE, data_files, read_legacy_manifest
from quoteline.store.manifest import COMMIT_NAME, TABLES, Manifest, read_manifest
from quoteline.store.store import Store
from quoteline.store.tables import (
    ARTICLES_SCHEMA,
    CORRECTIONS_SCHEMA,
    SCHEMAS,
    STATEMENTS_SCHEMA,
    STORED_STATEMENT_COLUMNS,
    to_frame,
)
from quoteline.store.view_types import plain

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


def _missing_files(root: Path, manifest: Manifest) -> list[str]:
    gone = []
    for table in TABLES:
        for file in delta.data_files(root, table, manifest.table_version(table)):
            if not (delta.table_path(root, table) / file.path).is_file():
                gone.append(f"{table}/{file.path}")
    return gone


def _diagnose(store: Store) -> tuple[str | None, Manifest | None, bool]:
    """(the problem or None, the current commit, whether the store is in the old format)."""
    legacy = not (store.root / COMMIT_NAME).exists() and bool(
        data_files(store.root) or (store.root / "manifest.json").exists()
    )
    if legacy:
        try:
            read_legacy_manifest(store.root)
        except StoreError as err:
            return str(err), None, True
        return None, None, True
    try:
        manifest = read_manifest(store.root)
    except StoreError as err:
        return str(err), None, False
    if manifest is None:
        return None, None, False
    gone = _missing_files(store.root, manifest)
    if gone:
        return f"the commit names missing data files: {', '.join(gone)}", manifest, False
    return None, manifest, False


def backup_folder(root: Path) -> Path:
    """Copy every file of the store (not its lock, not temporary files) to a new sibling folder."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    target = root.with_name(f"{root.name}.backup-{stamp}")
    try:
        shutil.copytree(root, target, ignore=shutil.ignore_patterns(".lock", ".tmp-*"))
    except (OSError, shutil.Error) as exc:
        raise StoreError(
            f"{target}: cannot back the store up before changing it ({exc}); nothing was changed"
        ) from exc
    return target


def _read_legacy_file(path: Path) -> tuple[str, pa.Table]:
    match = DATA_FILE.match(path.name)
    assert match is not None
    table = match[1]
    schema = SCHEMAS[table]
    meta = pq.read_schema(path).metadata or {}
    if meta.get(b"quoteline_table") != table.encode():
        raise ValueError(f"its metadata does not say it is a {table} file of a Quoteline store")
    return table, pq.read_table(path, schema=schema)


def _legacy_frames(root: Path, report: RepairReport) -> dict[str, list[pd.DataFrame]]:
    frames: dict[str, list[pd.DataFrame]] = {t: [] for t in TABLES}
    for name in data_files(root):
        try:
            table, data = _read_legacy_file(root / name)
        except (OSError, ValueError, pa.ArrowException) as exc:
            LOGGER.warning("%s: data file not used in the repair: %s", root / name, exc)
            report.files_unreadable.append((name, str(exc)))
            continue
        frames[table].append(to_frame(data))
        report.files_used.append(name)
    return frames


def _delta_frames(root: Path, report: RepairReport) -> dict[str, list[pd.DataFrame]]:
    """The rows of every readable data file the newest version of each table names."""
    frames: dict[str, list[pd.DataFrame]] = {t: [] for t in TABLES}
    for table in TABLES:
        schema = SCHEMAS[table]
        columns = list(schema.names) + (["seq"] if table == "corrections" else [])
        files = delta.data_files(root, table, delta.latest_version(root, table))
        for file in files:
            name = f"{table}/{file.path}"
            try:
                data = plain(pq.read_table(delta.table_path(root, table) / file.path, columns=columns))
            except (OSError, ValueError, pa.ArrowException) as exc:
                LOGGER.warning("%s: data file not used in the repair: %s", root / name, exc)
                report.files_unreadable.append((name, str(exc)))
                continue
            frames[table].append(to_frame(data))
            report.files_used.append(name)
    if frames["corrections"]:  # the log's order is its meaning: sorted by seq across every file
        log = pd.concat(frames["corrections"], ignore_index=True).sort_values("seq", kind="stable")
        frames["corrections"] = [log.drop(columns=["seq"]).reset_index(drop=True)]
    return frames


def repair(store: Store) -> RepairReport:
    """Rebuild ``store`` from its data files, after a backup; a healthy store is left alone."""
    report = RepairReport()
    if not store.root.is_dir():
        raise StoreError(f"{store.root}: no such store folder; nothing to repair")
    for name in (COMMIT_NAME, "manifest.json"):
        if (store.root / name).is_dir():
            raise StoreError(
                f"{store.root / name}: is a folder where the manifest belongs; move it away, then repair"
            )
    with store.lock():
        problem, manifest, legacy = _diagnose(store)
        if problem is None:
            report.version = store.version()
            return report
        report.problem = problem
        LOGGER.warning("%s: repairing: %s", store.root, problem)
        report.backup = backup_folder(store.root)
        frames = _legacy_frames(store.root, report) if legacy else _delta_frames(store.root, report)
        articles = _concat(frames["articles"], ARTICLES_SCHEMA.names)
        statements = _concat(frames["statements"], STORED_STATEMENT_COLUMNS)
        n_found = len(articles) + len(statements)
        articles = articles.drop_duplicates(A.article_id, ignore_index=True)
        statements = statements.drop_duplicates(S.statement_id, ignore_index=True)
        report.duplicates_dropped = n_found - len(articles) - len(statements)
        orphan = ~statements[S.article_id].isin(articles[A.article_id])
        report.orphans_dropped = int(orphan.sum())
        statements = statements[~orphan].reset_index(drop=True)
        # The corrections log keeps its order; each entry once.
        log = _concat(frames["corrections"], CORRECTIONS_SCHEMA.names).drop_duplicates(
            C.entry_id, ignore_index=True
        )
        # Written as a new generation over the newest version of each table (the backup holds the old).
        base = Manifest(
            generation=_last_generation(store.root, manifest),
            articles=delta.latest_version(store.root, "articles"),
            statements=delta.latest_version(store.root, "statements"),
            corrections=delta.latest_version(store.root, "corrections"),
        )
        (store.root / COMMIT_NAME).unlink(missing_ok=True)
        store.forget()
        if base.articles is None:
            base = store._initialise()
        new_manifest = store._commit(
            base, articles, statements, replace=True, corrections=None if log.empty else log
        )
        if legacy:
            _remove_legacy_files(store.root)
        store.forget()
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


def _last_generation(root: Path, manifest: Manifest | None) -> int:
    found = [manifest.generation] if manifest is not None else []
    for table in TABLES:
        found += [
            int(v.generation) for v in delta.history(root, table) if v.generation and v.generation.isdigit()
        ]
    return max(found, default=0)


def _remove_legacy_files(root: Path) -> None:
    """After a migration or a repair into the Delta format: the old files (the backup keeps them)."""
    for name in data_files(root):
        (root / name).unlink(missing_ok=True)
    (root / "manifest.json").unlink(missing_ok=True)


def _concat(frames: list[pd.DataFrame], columns: tuple[str, ...] | list[str]) -> pd.DataFrame:
    if not frames:
        schema = next(
            s
            for s in (ARTICLES_SCHEMA, STATEMENTS_SCHEMA, CORRECTIONS_SCHEMA)
            if list(s.names) == list(columns)
        )
        return to_frame(schema.empty_table())
    return pd.concat(frames, ignore_index=True)[list(columns)]
