"""Making corrections: each call validates its values, then appends its entries in one locked commit.

The entries are built inside the store's lock from the commit they apply to, so each records the value it
replaced (``old``) as the store showed it at that moment, corrections included.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

import pandas as pd
import pyarrow.compute as pc

from quoteline import ids, settings
from quoteline.corrections import values
from quoteline.corrections.redate import derive
from quoteline.corrections.values import CorrectionError
from quoteline.schema import CORRECTION_COLUMNS, A, C, S
from quoteline.store import Store
from quoteline.store.manifest import Manifest
from quoteline.store.overlay import active_entries

LOGGER = logging.getLogger(__name__)

STATEMENT_FIELDS: Final = ("speaker", "date", "kind", "topics", "stance", "counterparts", "span")
ARTICLE_FIELDS: Final = ("published", "outlet", "title")


@dataclass(frozen=True)
class Done:
    """What one correction committed: its entries (oldest first) and the store's new version."""

    entries: pd.DataFrame
    version: str

    @property
    def ids(self) -> list[str]:
        """The new entries' ids."""
        return [str(i) for i in self.entries[C.entry_id]]


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _entry(
    kind: str,
    target: str,
    fld: str,
    old: Any,
    new: Any,
    by: str,
    reason: str | None,
    *,
    undoes: str | None = None,
    derived: Any = None,
) -> dict[str, Any]:
    return {
        C.entry_id: uuid.uuid4().hex[:16],
        C.target_type: kind,
        C.target: target,
        C.field: fld,
        C.old: _dump(old),
        C.new: _dump(new),
        C.by: by,
        C.at: pd.Timestamp.now(tz="UTC"),
        C.reason: reason,
        C.undoes: undoes,
        C.derived: None if derived is None else _dump(derived),
    }


def _frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(CORRECTION_COLUMNS))


class ReadOnlyError(CorrectionError):
    """Corrections are turned off in this deployment (setting ``read_only``)."""


def check_writable() -> None:
    """Raise ReadOnlyError when this deployment is read-only: the refusal every way in goes through."""
    if settings.get_bool("read_only"):
        raise ReadOnlyError(
            "corrections are turned off here: QUOTELINE_READ_ONLY is set (a read-only deployment)"
        )


def _commit(store: Store, make: Callable[[Manifest | None], pd.DataFrame]) -> Done:
    check_writable()
    entries, version = store.append_corrections(make)
    LOGGER.info("%s: %d correction(s) committed (version %s)", store.root, len(entries), version)
    return Done(entries, version)


def _statement(store: Store, manifest: Manifest, statement_id: str, *, raw: bool = False) -> dict[str, Any]:
    """One statement as the store shows it now (corrections applied unless ``raw``)."""
    row = store.statement(statement_id, raw=raw, manifest=manifest)
    if row is None:
        raise CorrectionError(f"statement {statement_id}: no such statement in the store")
    return row


def _article(store: Store, article_id: str) -> dict[str, Any]:
    found = store.article(article_id)
    if found is None:
        raise CorrectionError(f"article {article_id}: no such article in the store")
    return found


def _known_topics() -> list[str]:
    from quoteline.knowledge import topics

    return list(topics.taxonomy())


def _refuse_unknown(changes: Mapping[str, Any], fields: Sequence[str], what: str) -> None:
    """CorrectionError naming every field of ``changes`` that a correction of a ``what`` cannot set."""
    unknown = set(changes) - set(fields)
    if unknown:
        raise CorrectionError(
            f"{', '.join(sorted(unknown))}: not a correctable {what} field (choose from {', '.join(fields)})"
        )


def _clean_statement_changes(changes: Mapping[str, Any]) -> dict[str, Any]:
    """Validated new values; ``span`` stays (start, end) until the article's text is at hand."""
    _refuse_unknown(changes, STATEMENT_FIELDS, "statement")
    clean: dict[str, Any] = {}
    for fld, value in changes.items():
        if value is None:
            continue
        if fld == "speaker":
            clean[fld] = values.text("speaker", value, values.MAX_NAME)
        elif fld == "date":
            clean[fld] = values.day("date", value)
        elif fld == "kind":
            clean[fld] = values.kind(value)
        elif fld == "stance":
            clean[fld] = values.stance(value)
        elif fld == "topics":
            clean[fld] = values.labels("topics", value, _known_topics())
        elif fld == "counterparts":
            clean[fld] = values.labels("counterparts", value)
        elif fld == "span":
            start, end = values.parse_span(value) if isinstance(value, str) else value
            clean[fld] = (start, end)
    if not clean:
        raise CorrectionError("nothing to correct: give at least one new value")
    return clean


def correct_statement(
    store: Store,
    statement_id: str,
    changes: Mapping[str, Any],
    *,
    by: str | None = None,
    reason: str | None = None,
) -> Done:
    """Correct fields of a statement (speaker, date, kind, topics, stance, counterparts, span)."""
    clean = _clean_statement_changes(changes)
    who, why = values.by(by), values.reason(reason)

    def make(manifest: Manifest | None) -> pd.DataFrame:
        assert manifest is not None
        row = _statement(store, manifest, statement_id)
        rows = []
        for fld, new in clean.items():
            if fld == "span":
                article = _article(store, row[S.article_id])
                start, end, words = values.span(new[0], new[1], str(article[A.text]))
                old: Any = {S.start: row[S.start], S.end: row[S.end], S.text: row[S.text]}
                new = {S.start: start, S.end: end, S.text: words}
            else:
                old = row[fld]
            if old == new:
                continue
            rows.append(_entry("statement", statement_id, fld, old, new, who, why))
        if not rows:
            raise CorrectionError(f"statement {statement_id}: already holds those values; nothing to correct")
        return _frame(rows)

    return _commit(store, make)


def delete_statement(
    store: Store, statement_id: str, *, by: str | None = None, reason: str | None = None
) -> Done:
    """Mark a statement as not a statement: every view and export leaves it out."""
    who, why = values.by(by), values.reason(reason)

    def make(manifest: Manifest | None) -> pd.DataFrame:
        assert manifest is not None
        row = _statement(store, manifest, statement_id)
        old = {S.speaker: row[S.speaker], S.text: row[S.text]}
        return _frame([_entry("statement", statement_id, "delete", old, True, who, why)])

    return _commit(store, make)


def add_statement(
    store: Store,
    article_id: str,
    start: int,
    end: int,
    speaker: str,
    *,
    kind: str = "indirect",
    cue: str = "",
    date: str | None = None,
    stance: str = "neutral",
    topics: Sequence[str] | str = (),
    counterparts: Sequence[str] | str = (),
    by: str | None = None,
    reason: str | None = None,
) -> Done:
    """Add a statement the extractor missed, as a span of the article's text."""
    who, why = values.by(by), values.reason(reason)
    name = values.text("speaker", speaker, values.MAX_NAME)
    kind = values.kind(kind)
    stance = values.stance(stance)
    cue = values.optional_text("cue", cue, values.MAX_NAME) or ""
    when = values.day("date", date) if date else None
    topic_list = values.labels(
        "topics", list(topics) if not isinstance(topics, str) else topics, _known_topics()
    )
    about = values.labels(
        "counterparts", list(counterparts) if not isinstance(counterparts, str) else counterparts
    )

    def make(manifest: Manifest | None) -> pd.DataFrame:
        assert manifest is not None
        article = _article(store, article_id)
        s, e, words = values.span(start, end, str(article[A.text]))
        sid = ids.statement_id(article_id, kind, name, s, e)
        if store.statement(sid, manifest=manifest) is not None:
            raise CorrectionError(f"span: statement {sid} ({kind}, {name}, {s}:{e}) is already in the store")
        published = article[A.published] if isinstance(article[A.published], str) else None
        day, source = (when, "corrected") if when else (published, "published" if published else "unknown")
        row = {
            S.statement_id: sid,
            S.article_id: article_id,
            S.speaker: name,
            S.speaker_type: "person",
            S.kind: kind,
            S.cue: cue,
            S.cue_start: None,
            S.cue_end: None,
            S.text: words,
            S.start: s,
            S.end: e,
            S.date: day,
            S.date_source: source,
            S.referenced_dates: [],
            S.topics: topic_list,
            S.counterparts: about,
            S.stance: stance,
            S.outlet: article[A.outlet] if isinstance(article[A.outlet], str) else None,
            S.cluster_id: sid,
        }
        return _frame([_entry("statement", sid, "add", None, row, who, why)])

    return _commit(store, make)


def correct_article(
    store: Store,
    article_id: str,
    changes: Mapping[str, Any],
    *,
    by: str | None = None,
    reason: str | None = None,
) -> Done:
    """Correct an article's publication date, outlet or title; a new date re-dates its statements."""
    _refuse_unknown(changes, ARTICLE_FIELDS, "article")
    clean: dict[str, str] = {}
    for fld, value in changes.items():
        if value is None:
            continue
        if fld == "published":
            clean[fld] = values.day("published", value)
        elif fld == "outlet":
            clean[fld] = values.text("outlet", value, values.MAX_NAME)
        else:
            clean[fld] = values.text("title", value, values.MAX_TITLE)
    if not clean:
        raise CorrectionError("nothing to correct: give at least one new value")
    who, why = values.by(by), values.reason(reason)

    def make(manifest: Manifest | None) -> pd.DataFrame:
        assert manifest is not None
        article = _article(store, article_id)
        rows = []
        for fld, new in clean.items():
            old = article[fld] if isinstance(article[fld], str) else None
            if old == new:
                continue
            derived = None
            if fld == "published":
                raw = store.read_arrow_at(
                    manifest,
                    "statements",
                    [S.statement_id, S.article_id, S.start, S.end, S.kind, S.date, S.date_source],
                    raw=True,
                )
                mine = raw.filter(pc.equal(raw[S.article_id], article_id)).to_pandas()
                derived = derive(str(article[A.text]), article_id, new, mine)
            rows.append(_entry("article", article_id, fld, old, new, who, why, derived=derived))
        if not rows:
            raise CorrectionError(f"article {article_id}: already holds those values; nothing to correct")
        return _frame(rows)

    return _commit(store, make)


def merge_speakers(
    store: Store, merged: str, into: str, *, by: str | None = None, reason: str | None = None
) -> Done:
    """Read every statement of speaker ``merged`` as ``into``, store-wide, as one entry."""
    a = values.text("speaker", merged, values.MAX_NAME)
    b = values.text("into", into, values.MAX_NAME)
    if a == b:
        raise CorrectionError(f"into: {b!r} is the speaker being merged; give another name")
    who, why = values.by(by), values.reason(reason)

    def make(manifest: Manifest | None) -> pd.DataFrame:
        assert manifest is not None
        table = store.read_arrow_at(manifest, "statements", [S.speaker])
        count = pc.sum(pc.equal(table[S.speaker], a)).as_py() or 0
        if not count:
            raise CorrectionError(f"speaker: no statement in the store has the speaker {a!r}")
        return _frame([_entry("speaker", a, "merge", {"statements": count}, b, who, why)])

    return _commit(store, make)


def undo(store: Store, entry_id: str, *, by: str | None = None, reason: str | None = None) -> Done:
    """Cancel an entry in force (an undo too, which puts its entry back) with a new entry."""
    target = values.text("entry", entry_id, 64)
    who, why = values.by(by), values.reason(reason)

    def make(manifest: Manifest | None) -> pd.DataFrame:
        log = store.corrections(manifest)
        hit = log[log[C.entry_id] == target]
        if hit.empty:
            raise CorrectionError(f"entry {target}: no such correction in the log")
        if target not in set(active_entries(log)[C.entry_id]):
            raise CorrectionError(f"entry {target}: already undone")
        row = hit.iloc[0]
        old, new = json.loads(row[C.new]), json.loads(row[C.old])
        return _frame([_entry("entry", target, "undo", old, new, who, why, undoes=target)])

    return _commit(store, make)
