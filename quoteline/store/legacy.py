"""The old store format (before the Delta Lake tables): a ``manifest.json`` naming the Parquet data files of
the current commit. Only read now, to migrate such a store (``quoteline.store.migrate``) or to repair one
whose manifest was damaged before it was migrated.
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from quoteline.schema import SCHEMA_VERSION
from quoteline.store.atomic import atomic_write_bytes
from quoteline.store.errors import StoreError, repair_hint
from quoteline.store.records import read_record

LOGGER = logging.getLogger(__name__)

MANIFEST_NAME = "manifest.json"
FORMAT = "quoteline-store"
DATA_FILE = re.compile(r"^(articles|statements|corrections)-(\d+)-[0-9a-f]+\.parquet$")


def data_files(root: Path) -> list[str]:
    """Names of the data files in ``root`` (whatever the manifest says), sorted."""
    try:
        return sorted(entry.name for entry in root.iterdir() if DATA_FILE.match(entry.name))
    except FileNotFoundError:
        return []
    except NotADirectoryError:
        raise StoreError(f"{root}: is a file, not a store folder; give --store a folder") from None
    except OSError as exc:
        raise StoreError(f"{root}: cannot list the store folder: {exc.strerror or exc}") from exc


@dataclass(frozen=True)
class Segment:
    """One Parquet data file of a table and how many rows it holds."""

    file: str
    rows: int


@dataclass(frozen=True)
class LegacyManifest:
    """What one commit of an old-format store consisted of."""

    generation: int = 0
    commit: str = ""
    committed_at: str = ""
    schema_version: int = SCHEMA_VERSION
    articles: tuple[Segment, ...] = field(default_factory=tuple)
    statements: tuple[Segment, ...] = field(default_factory=tuple)
    # The corrections log (docs/CORRECTIONS.md); a store from before it was added has none.
    corrections: tuple[Segment, ...] = field(default_factory=tuple)

    @property
    def version(self) -> str:
        """A stamp that changes on every commit."""
        return f"{self.generation}-{self.commit}" if self.commit else "empty"

    def files(self) -> set[str]:
        """Every data file this commit names."""
        return {s.file for s in (*self.articles, *self.statements, *self.corrections)}

    def next(
        self,
        articles: tuple[Segment, ...],
        statements: tuple[Segment, ...],
        corrections: tuple[Segment, ...] | None = None,
    ) -> LegacyManifest:
        """The manifest of the next commit (the corrections log carries over unless given)."""
        return LegacyManifest(
            generation=self.generation + 1,
            commit=uuid.uuid4().hex[:12],
            committed_at=datetime.now(UTC).isoformat(timespec="seconds"),
            articles=articles,
            statements=statements,
            corrections=self.corrections if corrections is None else corrections,
        )


def _segments(raw: Any, path: Path, table: str) -> tuple[Segment, ...]:
    if not isinstance(raw, list):
        raise StoreError(f"{path}: '{table}' must be a list of data files; {repair_hint(path.parent)}")
    return tuple(Segment(file=str(item["file"]), rows=int(item["rows"])) for item in raw)


def read_legacy_manifest(root: Path) -> LegacyManifest | None:
    """The current manifest, or None when the store has never been committed to.

    A folder that holds data files but no readable manifest is not a new store: treating it as one would let
    the next commit sweep every data file away. It raises StoreError instead, and nothing is written.
    """
    path = root / MANIFEST_NAME

    def refuse_orphans() -> None:
        orphans = data_files(root)
        if orphans:
            LOGGER.error("%s: %d data files but no manifest; refusing to use the store", root, len(orphans))
            raise StoreError(
                f"{root}: the store holds {len(orphans)} data files but no {MANIFEST_NAME}, so it is not "
                f"treated as empty and nothing is written to it; {repair_hint(root)}"
            )

    raw = read_record(root, path, FORMAT, "the store manifest", "store manifest", refuse_orphans)
    if raw is None:
        return None
    version = raw["schema_version"]
    try:
        return LegacyManifest(
            generation=int(raw["generation"]),
            commit=str(raw["commit"]),
            committed_at=str(raw.get("committed_at", "")),
            schema_version=version,
            articles=_segments(raw.get("articles"), path, "articles"),
            statements=_segments(raw.get("statements"), path, "statements"),
            corrections=_segments(raw.get("corrections", []), path, "corrections"),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise StoreError(
            f"{path}: the store manifest has the wrong structure ({type(exc).__name__}: {exc}); "
            f"{repair_hint(root)}"
        ) from exc


def write_legacy_manifest(root: Path, manifest: LegacyManifest) -> None:
    """Atomically replace the manifest: this is the moment a commit becomes visible."""
    body = {
        "format": FORMAT,
        "schema_version": manifest.schema_version,
        "generation": manifest.generation,
        "commit": manifest.commit,
        "committed_at": manifest.committed_at,
        "articles": [{"file": s.file, "rows": s.rows} for s in manifest.articles],
        "statements": [{"file": s.file, "rows": s.rows} for s in manifest.statements],
        "corrections": [{"file": s.file, "rows": s.rows} for s in manifest.corrections],
    }
    atomic_write_bytes(root / MANIFEST_NAME, json.dumps(body, indent=1).encode("utf-8"))
