"""Transcript turns: paragraphs opened by an upper-case speaker label (``PRESIDENT BIDEN: ...``).

A turn runs from its label to the next label, across paragraphs; its text is the turn's words joined.
Labels of questioners and moderators are not statements.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from quoteline.extract.text import Document

_LABEL_RE = re.compile(r"([A-Z](?:[A-Z.'’\- ]{0,60}[A-Z.])?)(?:\s*\([^)]{1,60}\))?\s*:\s+")
_NON_SPEAKERS = frozenset(
    {
        "Q",
        "QUESTION",
        "REPORTER",
        "MODERATOR",
        "AUDIENCE",
        "AUDIENCE MEMBER",
        "PARTICIPANT",
        "INTERVIEWER",
        "NOTE",
        "EDITOR'S NOTE",
        "SOURCE",
        "UPDATE",
        "CORRECTION",
        "END",
    }
)
MIN_LABELS = 2


@dataclass
class Turn:
    """One speaker turn: the label, and the text spans of its paragraphs (label excluded)."""

    label: str
    label_start: int
    label_end: int
    parts: list[tuple[int, int]]
    paragraphs: list[int]

    @property
    def speaker_phrase(self) -> str:
        """The label in title case ("PRESIDENT BIDEN" -> "President Biden")."""
        return " ".join(w.capitalize() if not re.fullmatch(r"[A-Z]\.", w) else w for w in self.label.split())

    @property
    def is_speaker(self) -> bool:
        """False for questioners, moderators and editorial labels."""
        return self.label.strip().rstrip(".") not in _NON_SPEAKERS


def find_turns(doc: Document) -> list[Turn]:
    """The article's transcript turns; empty unless at least two paragraphs carry a label."""
    w = doc.work
    labelled: list[tuple[int, re.Match[str]]] = []
    for i, p in enumerate(doc.paragraphs):
        m = _LABEL_RE.match(w, p.start, p.end)
        if m and len(m.group(1).split()) <= 6 and not m.group(1).replace(".", "").isdigit():
            labelled.append((i, m))
    if len(labelled) < MIN_LABELS:
        return []
    turns: list[Turn] = []
    for n, (i, m) in enumerate(labelled):
        stop = labelled[n + 1][0] if n + 1 < len(labelled) else len(doc.paragraphs)
        parts = []
        pars = []
        for j in range(i, stop):
            p = doc.paragraphs[j]
            a = m.end() if j == i else p.start
            if a < p.end:
                parts.append((a, p.end))
            pars.append(j)
        turns.append(Turn(m.group(1).strip(), m.start(1), m.end(), parts, pars))
    return turns
