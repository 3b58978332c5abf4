"""Reading the store's JSON record of its current commit: ``commit.json``, or an old ``manifest.json``.

Both are read with the same checks, so a store of either format fails with the same kind of message: a folder
given where the record should be, unreadable or invalid JSON, another format, another schema version.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from quoteline.schema import SCHEMA_VERSION
from quoteline.store.errors import StoreError, repair_hint


def read_record(
    root: Path, path: Path, fmt: str, what: str, kind: str, if_missing: Callable[[], None]
) -> dict[str, Any] | None:
    """The record at ``path`` as a dict of format ``fmt`` and this schema version, or None when it is missing.

    ``what`` names it in messages ("the store manifest"), ``kind`` after "not a Quoteline" ("store manifest").
    ``if_missing`` runs before None is returned: it raises when the folder holds data all the same, since a
    store that lost its record is not a new one.
    """
    if root.exists() and not root.is_dir():
        raise StoreError(f"{root}: is a file, not a store folder; give --store a folder")
    try:
        raw = json.loads(path.read_bytes())
    except FileNotFoundError:
        if_missing()
        return None
    except NotADirectoryError:
        raise StoreError(f"{root}: cannot be a store folder: a part of its path is a file") from None
    except IsADirectoryError:
        raise StoreError(f"{path}: is a folder, not {what}; {repair_hint(root)}") from None
    except OSError as exc:
        raise StoreError(f"{path}: cannot read {what}: {exc.strerror or exc}") from exc
    except ValueError as exc:
        raise StoreError(f"{path}: {what} is not valid JSON ({exc}); {repair_hint(root)}") from exc
    if not isinstance(raw, dict) or raw.get("format") != fmt:
        raise StoreError(f"{path}: not a Quoteline {kind}; {repair_hint(root)}")
    version = raw.get("schema_version")
    if version != SCHEMA_VERSION:
        raise StoreError(
            f"{path}: the store has schema version {version}, this Quoteline reads version {SCHEMA_VERSION}"
        )
    return raw
