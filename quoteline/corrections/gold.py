"""Corrected articles written as gold files (../shared/corpus/ANNOTATION.md), so fixes become test data.

Each article that a correction touched gives ``<article_id>.txt`` (title line, blank line, body: the stored
text) and ``<article_id>.gold.json`` with its publication date and its statements as the store now shows
them, corrections applied. Files are written atomically; existing files of the same name are replaced.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pandas as pd

from quoteline.corrections.log import annotated
from quoteline.schema import A, C, S
from quoteline.store import Store
from quoteline.store.atomic import atomic_write_bytes

LOGGER = logging.getLogger(__name__)


def corrected_article_ids(store: Store) -> list[str]:
    """Articles that an active, non-orphaned correction touches, in the order they were first corrected."""
    log = annotated(store)
    log = log[log["active"] & ~log["orphaned"] & (log[C.field] != "undo")]
    statements = store.statements([S.statement_id, S.article_id, S.speaker], raw=True)
    owner = dict(zip(statements[S.statement_id], statements[S.article_id], strict=True))
    out: list[str] = []
    for kind, target, fld, new in zip(
        log[C.target_type], log[C.target], log[C.field], log[C.new], strict=True
    ):
        if kind == "article":
            out.append(target)
        elif kind == "statement" and fld == "add":
            out.append(json.loads(new)[S.article_id])
        elif kind == "statement" and target in owner:
            out.append(owner[target])
        elif kind == "speaker":
            out.extend(statements.loc[statements[S.speaker] == target, S.article_id])
    return list(dict.fromkeys(out))


def _statement_record(row: pd.Series) -> dict[str, object]:
    speaker = str(row[S.speaker])
    return {
        "speaker": speaker,
        "speaker_aliases": [speaker],
        "kind": row[S.kind],
        "cue": row[S.cue],
        "text": row[S.text],
        "date": row[S.date] if isinstance(row[S.date], str) else None,
        "topics": list(row[S.topics]),
        "counterparts": list(row[S.counterparts]),
        "referenced_dates": list(row[S.referenced_dates]),
        "start": int(row[S.start]),
        "end": int(row[S.end]),
    }


def write_gold(store: Store, folder: Path) -> list[Path]:
    """Write each corrected article as a gold pair in ``folder`` (created); returns the .gold.json paths."""
    folder.mkdir(parents=True, exist_ok=True)
    wanted = corrected_article_ids(store)
    if not wanted:
        return []
    statements = store.statements()
    written = []
    for article_id in wanted:
        article = store.article(article_id)
        if article is None:
            LOGGER.warning("article %s: corrected but no longer stored; no gold file written", article_id)
            continue
        mine = statements[statements[S.article_id] == article_id].sort_values([S.start, S.end])
        name = f"{article_id}.txt"
        gold = {
            "article": name,
            "published": article[A.published] if isinstance(article[A.published], str) else None,
            "note": "Written by `quoteline corrections --as-gold` from the store, corrections applied.",
            "statements": [_statement_record(row) for _, row in mine.iterrows()],
        }
        atomic_write_bytes(folder / name, str(article[A.text]).encode("utf-8"))
        path = folder / f"{article_id}.gold.json"
        atomic_write_bytes(path, (json.dumps(gold, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
        written.append(path)
    return written
