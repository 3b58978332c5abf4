"""The Statement record the extractor emits, and the internal spans it is built from."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Final

# The stance labels of ``schema.STANCES``, repeated here so that extraction does not import pandas/pandera
# (a test keeps the two equal).
STANCES: Final = (
    "assurance",
    "denial",
    "admission",
    "rejection",
    "criticism",
    "threat",
    "demand",
    "praise",
    "neutral",
)


@dataclass
class Statement:
    """One attributed statement; field names follow ``schema.EXTRACT_COLUMNS``."""

    statement_id: str
    article_id: str
    speaker: str
    speaker_type: str
    kind: str
    cue: str
    cue_start: int | None
    cue_end: int | None
    text: str
    start: int
    end: int
    date: str | None
    date_source: str
    referenced_dates: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    counterparts: list[str] = field(default_factory=list)
    stance: str = "neutral"
    # Evidence (``evidence.py``): what set the date, and the mention chain that named the speaker.
    date_basis: str = "none"
    date_phrase: str | None = None
    date_phrase_start: int | None = None
    date_phrase_end: int | None = None
    speaker_chain: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The statement as a plain dict, a row of the statements table (lists copied; the speaker chain as
        the JSON text the table stores)."""
        return {
            "statement_id": self.statement_id,
            "article_id": self.article_id,
            "speaker": self.speaker,
            "speaker_type": self.speaker_type,
            "kind": self.kind,
            "cue": self.cue,
            "cue_start": self.cue_start,
            "cue_end": self.cue_end,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "date": self.date,
            "date_source": self.date_source,
            "referenced_dates": list(self.referenced_dates),
            "topics": list(self.topics),
            "counterparts": list(self.counterparts),
            "stance": self.stance,
            "date_basis": self.date_basis,
            "date_phrase": self.date_phrase,
            "date_phrase_start": self.date_phrase_start,
            "date_phrase_end": self.date_phrase_end,
            "speaker_chain": json.dumps(self.speaker_chain, ensure_ascii=False, separators=(",", ":")),
        }


@dataclass(frozen=True)
class Speaker:
    """A resolved speaker: display name, type (person/institution/unnamed) and country if known."""

    name: str
    type: str = "person"
    country: str | None = None


@dataclass
class Draft:
    """A statement before dates, topics and ids are attached.

    ``parts`` are the (start, end) spans of the statement text; a split quote or a turn has several.
    ``clause`` is the span of the attribution (subject + cue + adjuncts), used for the statement date.
    """

    speaker: Speaker
    kind: str
    cue: str
    cue_span: tuple[int, int] | None
    parts: list[tuple[int, int]]
    clause: tuple[int, int]
    stance_hint: str = "neutral"
    context: tuple[int, int] = (0, 0)

    @property
    def start(self) -> int:
        """Start offset of the first part."""
        return self.parts[0][0]

    @property
    def end(self) -> int:
        """End offset of the last part."""
        return self.parts[-1][1]
