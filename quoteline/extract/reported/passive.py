"""Agentless reporting passives in readouts ("It was noted that ...", "Hope was expressed that ..."),
attributed to the speaker in focus, and the asker's question in a sentence-opening "Asked by X whether
..."."""

from __future__ import annotations

import re

from quoteline.extract import clauses
from quoteline.extract.context import Context
from quoteline.extract.model import Draft
from quoteline.extract.quote_words import word_count
from quoteline.extract.reported.content_end import content_end
from quoteline.extract.reported.text_scan import skip_space
from quoteline.extract.text import Span


def passive_drafts(ctx: Context, s: Span) -> list[Draft]:
    """Agentless reporting ("It was noted that ...", "Hope was expressed that ...") in readouts."""
    w = ctx.work
    out: list[Draft] = []
    if ctx.focus is None:
        return out
    for m in ctx.lex.passive_pattern.finditer(w, s.start, s.end):
        if ctx.quote_at(m.start()) >= 0:
            continue
        entry = next((e for e in ctx.lex.passive if e.cue == " ".join(m.group(0).lower().split())), None)
        if entry is None:
            continue
        a = skip_space(w, m.end(), s.end)
        if w[a : a + 5].lower() == "that ":
            a += 5
        elif w[a : a + 1] in (",", ";"):
            continue
        b = content_end(ctx, a, s, [])
        if word_count(w[a:b]) < 3:
            continue
        sp = ctx.focus.speaker()
        out.append(
            Draft(
                sp,
                "indirect",
                m.group(0),
                (m.start(), m.end()),
                [(a, b)],
                (s.start, a),
                entry.stance,
                (s.start, s.end),
            )
        )
    return out


# "Asked by Ivo Brant whether the quay would close, the mayor said ...": the question opening the sentence is
# the asker's statement, its content from the question word to the comma before the main clause.
_ASKED_BY_RE = re.compile(
    r"[\s\"“‘']*(Asked)\s+by\s+((?:[A-Z][\w.'’\-]*\s+){0,3}[A-Z][\w'’\-]*)\s+"
    r"((?:whether|if|about|to|why|what|how|when|who)\b[^,;:]*?),"
)


def asked_by_drafts(ctx: Context, s: Span) -> list[Draft]:
    """The question of a sentence-opening "Asked by NAME whether ..., ...", as NAME's statement."""
    w = ctx.work
    m = _ASKED_BY_RE.match(w, s.start, s.end)
    if m is None or ctx.quote_at(m.start(3)) >= 0 or word_count(m.group(3)) < 3:
        return []
    speakers = ctx.speakers_for(clauses.Subject("phrase", m.start(2), m.end(2)))
    entry = ctx.lex.by_form.get("asked")
    if not speakers or entry is None:
        return []
    a, b = m.start(3), m.end(3)
    return [
        Draft(
            sp,
            "indirect",
            m.group(1),
            (m.start(1), m.end(1)),
            [(a, b)],
            (s.start, a),
            entry.stance,
            (s.start, s.end),
        )
        for sp in speakers
    ]
