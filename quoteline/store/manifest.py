"""The store's commit record: which version of each Delta table makes up the current commit.

Each table (articles, statements, corrections) is a Delta Lake table, and each of its writes is a Delta
transaction. One Quoteline commit usually writes two of them (the articles and their statements), which Delta
cannot do in one transaction, so ``commit.json`` names the version of each table that belongs to the current
commit. Writers replace it atomically after their Delta transactions: this rename is the commit. Readers pin
every table to the versions it names, so they never see one table of a commit without the other; a writer
killed before the rename leaves table versions past the record, which the next writer rolls back.
"""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from quoteline.schema import SCHEMA_VERSION
from quoteline.store.atomic import atomic_write_bytes
from quoteline.store.errors import StoreError, repair_hint
from quoteline.store.records import read_record

LOGGER = logging.getLogger(__name__)

COMMIT_NAME = "commit.json"
FORMAT = "quoteline-delta-store"
TABLES = ("articles", "statements", "corrections")
# Tables derived from those at commit time (``quoteline.store.counts``), recorded in the same commit. A record
# written before they existed names none: the next commit builds them, and readers count without them.
SUMMARIES = ("counts", "facets", "facet_tags", "facet_pairs", "facet_speaker_pairs")
ALL_TABLES = (*TABLES, *SUMMARIES)


@dataclass(frozen=True)
class Manifest:
    """One commit of the store: a Delta version of each table (None: the table was never written)."""

    generation: int = 0
    commit: str = ""
    committed_at: str = ""
    schema_version: int = SCHEMA_VERSION
    articles: int | None = None
    statements: int | None = None
    corrections: int | None = None
    counts: int | None = None
    facets: int | None = None
    facet_tags: int | None = None
    facet_pairs: int | None = None
    facet_speaker_pairs: int | None = None

    @property
    def version(self) -> str:
        """A stamp that changes on every commit."""
        return f"{self.generation}-{self.commit}" if self.commit else "empty"

    def table_version(self, table: str) -> int | None:
        """The Delta version of ``table`` in this commit."""
        value: int | None = getattr(self, table)
        return value

    def next(self, versions: dict[str, int]) -> Manifest:
        """The record of the next commit: the tables in ``versions`` moved, the others as they were."""
        return replace(
            self,
            generation=self.generation + 1,
            commit=uuid.uuid4().hex[:12],
            committed_at=datetime.now(UTC).isoformat(timespec="seconds"),
            schema_version=SCHEMA_VERSION,
            **versions,
        )


def read_manifest(root: Path) -> Manifest | None:
    """The current commit record, or None when the store has never been committed to.

    A folder whose tables hold data but whose record is missing or unreadable is not a new store: treating it
    as one would let the next commit roll every table back. It raises StoreError instead, and nothing is
    written.
    """
    path = root / COMMIT_NAME

    def refuse_orphans() -> None:
        written = [t for t in TABLES if _has_commits(root / t)]
        if written:
            LOGGER.error("%s: tables %s but no %s; refusing to use the store", root, written, COMMIT_NAME)
            raise StoreError(
                f"{root}: the store holds the tables {', '.join(written)} but no {COMMIT_NAME}, so it is not "
                f"treated as empty and nothing is written to it; {repair_hint(root)}"
            )

    raw = read_record(root, path, FORMAT, "the store's commit record", "store commit record", refuse_orphans)
    if raw is None:
        return None
    version = raw["schema_version"]
    try:
        tables = raw["tables"]
        return Manifest(
            generation=int(raw["generation"]),
            commit=str(raw["commit"]),
            committed_at=str(raw.get("committed_at", "")),
            schema_version=version,
            **{t: _version(tables[t]) for t in TABLES},
            **{t: _version(tables.get(t)) for t in SUMMARIES},
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise StoreError(
            f"{path}: the store's commit record has the wrong structure ({type(exc).__name__}: {exc}); "
            f"{repair_hint(root)}"
        ) from exc


def _version(raw: object) -> int | None:
    if raw is None:
        return None
    if not isinstance(raw, int) or isinstance(raw, bool) or raw < 0:
        raise ValueError(f"a table version must be a whole number, not {raw!r}")
    return raw


def _has_commits(table: Path) -> bool:
    """Whether the Delta table has versions past its creation (version 0, empty)."""
    log = table / "_delta_log"
    try:
        return log.is_dir() and any(
            entry.name != _CREATED and entry.suffix in (".json", ".parquet") for entry in log.iterdir()
        )
    except OSError:
        return True


_CREATED = f"{0:020d}.json"


def write_manifest(root: Path, manifest: Manifest) -> None:
    """Atomically replace the commit record: this is the moment a commit becomes visible."""
    body = {
        "format": FORMAT,
        "schema_version": manifest.schema_version,
        "generation": manifest.generation,
        "commit": manifest.commit,
        "committed_at": manifest.committed_at,
        "tables": {t: manifest.table_version(t) for t in ALL_TABLES},
    }
    atomic_write_bytes(root / COMMIT_NAME, json.dumps(body, indent=1).encode("utf-8"))
