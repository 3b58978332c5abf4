"""Attributions that point back: "CONTENT. This was stated by President X during a briefing."

Official news pages (president.gov.ua above all) open a story with the claim itself and name its speaker in
the sentence after, in the passive, with a demonstrative subject. The claim is the sentence before, and the
pointing sentence is the attribution clause (it carries the occasion and the day).
"""

from __future__ import annotations

import re

from quoteline.extract import clauses
from quoteline.extract.context import Context
from quoteline.extract.cues import stance_for
from quoteline.extract.model import Draft
from quoteline.extract.quote_words import word_count
from quoteline.extract.text import Span

# "This was stated by", "That was emphasised by": the demonstrative opens the sentence.
_BACKREF_RE = re.compile(r"\s*(?:This|That)\s+was\s+(?:also\s+)?(?P<cue>[a-z]+(?:\s+out)?)\s+by\s+")
_MIN_WORDS = 4  # a shorter sentence before is no claim ("Thank you.")


def backref_drafts(ctx: Context, s: Span) -> list[Draft]:
    """The statement of sentence ``s`` when it attributes the sentence before it ("This was said by X")."""
    w = ctx.work
    m = _BACKREF_RE.match(w, s.start, s.end)
    if m is None or len(ctx.sentence_spans) < 2:
        return []
    cues = [c for c in ctx.lex.find(w, m.start("cue"), m.end("cue") + 4) if c.start == m.start("cue")]
    if not cues or cues[0].entry.cue == "according to":
        return []
    cue = cues[0]
    prev = ctx.sentence_spans[-2]
    a, b = prev.start, prev.end
    while b > a and w[b - 1] in " .!?\n":
        b -= 1
    if word_count(w[a:b]) < _MIN_WORDS or ctx.quote_at(a) >= 0 or w.find("“", a, b) >= 0 or '"' in w[a:b]:
        return []  # a quote has its own attribution
    if any(d.start < b and d.end > a for d in ctx.drafts):
        return []  # the sentence before is already a statement of its own
    phrase = clauses.phrase_after(w, m.end(), s.end)
    if phrase is None:
        return []
    speakers = ctx.speakers_for(clauses.Subject("phrase", phrase[0], phrase[1]))
    if not speakers:
        return []
    stance = stance_for(cue.entry, w[a:b], ctx.lex)
    return [
        Draft(sp, "indirect", cue.form, (cue.start, cue.end), [(a, b)], (s.start, s.end), stance, (a, s.end))
        for sp in speakers
    ]
