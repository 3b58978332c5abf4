"""A cue inside a relative clause whose relative word is the subject of what was said: "her brothers, who she
said were living abroad", "the tax, which he says has harmed the fleet", "pointed to what it said is growing
demand". The relative word stands for the content's subject, so the finite verb right after the cue opens the
content; it is not the main clause's verb, as it is after a relative clause that is the cue's object
("everything she says is true", "the charges, which Varn denies, were dropped")."""

from __future__ import annotations

import re

from quoteline.extract.cues import CueMatch
from quoteline.extract.text import word_set

# The relative word right before the cue's subject (a pronoun, a name, "the company").
_RELATIVE_BEFORE_RE = re.compile(r"(?<![\w’'])(?P<rel>who|whom|which|what)\s+$", re.IGNORECASE)
# A finite verb or auxiliary opening the content: the relative word is its subject.
_FINITE_OPENING_RE = re.compile(
    r"\s*(?:is|are|was|were|has|have|had|will|would|could|can|may|might|should|must)\b", re.IGNORECASE
)
# Before "what": a word that takes it as its object ("pointed to what", "denounced what"). Not a conjunction
# or the sentence's start, where "what she said was ..." is a pseudo-cleft: its verb is the main clause's.
_CLAUSE_LINKS_BEFORE_WHAT = word_set("""and but or so yet because that if whether""")
# Words right before a relative "which"/"who" whose clause is the cue's object: "everything which she says".
_QUANTIFIER_ANTECEDENTS = word_set("""everything anything nothing something all much little""")


def subject_gap(w: str, lo: int, subject_start: int, cue: CueMatch, a: int, b: int) -> bool:
    """True when the cue's subject follows a relative word that is the subject of the content w[a:b]."""
    if cue.entry.takes == "object" or not _FINITE_OPENING_RE.match(w, a, b):
        return False
    m = _RELATIVE_BEFORE_RE.search(w, max(lo, subject_start - 8), subject_start)
    if m is None:
        return False
    before = w[max(lo, m.start() - 30) : m.start()].rstrip()
    prev = re.findall(r"[\w’']+$", before)
    word = prev[0].lower() if prev else ""
    if m.group("rel").lower() == "what":
        return bool(word) and word not in _CLAUSE_LINKS_BEFORE_WHAT and before[-1:].isalpha()
    return word not in _QUANTIFIER_ANTECEDENTS
