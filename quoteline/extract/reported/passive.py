"""Agentless reporting passives in readouts ("It was noted that ...", "Hope was expressed that ..."),
attributed to the speaker in focus."""

from __future__ import annotations

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
