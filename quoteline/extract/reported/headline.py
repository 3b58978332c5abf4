"""Reported statements in the headline: a cue clause ("Varn vows to reopen the pier") and the "Name: claim"
form ("Varn: Pier Will Reopen"), taken only when the speaker is a person the article itself names.

The headline is read after the body, so that its speakers resolve against the whole article's people and
its reading leaves the body's speaker in focus untouched.
"""

from __future__ import annotations

import logging
import re

from quoteline.extract import clauses
from quoteline.extract.context import Context
from quoteline.extract.model import Draft, Speaker
from quoteline.extract.reported.drafts import reported_drafts
from quoteline.extract.text import Span, word_set

logger = logging.getLogger(__name__)

# "Edda Varn: Pier Will Reopen", "Former Mayor Varn at the Harbour Forum: ...": up to five capitalised
# words (a title, initials), an optional "at/on/to <Occasion>" tail of up to three capitalised words, then
# a colon and the claim.
_COLON_HEADLINE_RE = re.compile(
    r"\s*((?:[A-Z][\w.’'\-]*\s+){0,4}[A-Z][\w’'\-]*)(?:\s+(?:at|on|to|in)\s+(?:[A-Z][\w.\-]*\s*){1,3})?\s*:\s+(\S.*)"
)
# Section labels that sit before a colon in headlines and name no one.
_NOT_SPEAKERS = word_set(
    """latest analysis opinion exclusive watch video report poll breaking update live editorial review
    fact check explainer interview related photos"""
)
_MIN_CLAIM_WORDS = 3
# A headline opening with one of these is a subordinate clause before the main news ("As Varn demands ...").
_SUBORDINATORS = word_set(
    """as while when after before if because since though although once until why how"""
)


def headline_drafts(ctx: Context) -> list[Draft]:
    """Statements in the article's title line, attributed to people the article names."""
    title = ctx.doc.title
    if title.end <= title.start:
        return []
    saved = (ctx.focus_entity, ctx.sentence, ctx.sentence_speakers, ctx.last_speaker, ctx.last_group)
    ctx.focus_entity, ctx.sentence, ctx.sentence_speakers = None, title, []
    try:
        colon = _colon_draft(ctx, title)
        found = [colon] if colon is not None else [d for d in reported_drafts(ctx, title) if _plain(ctx, d)]
    finally:
        ctx.focus_entity, ctx.sentence, ctx.sentence_speakers, ctx.last_speaker, ctx.last_group = saved
    # Only a person the article names: a headline's bare subject ("Voters", "Police") or a pronoun has no
    # antecedent there to resolve against.
    kept = [
        d for d in found if d.kind == "indirect" and d.speaker.type == "person" and _named(ctx, d.speaker)
    ]
    logger.debug("headline statements: %d of %d kept", len(kept), len(found))
    return kept


def _plain(ctx: Context, d: Draft) -> bool:
    """A headline cue clause whose subject opens the title and whose content is three words or more: not a
    subordinate clause ("As Varn demands a pier, ...") nor a bare object ("Varn offers a preview")."""
    w = ctx.work
    first = w[ctx.doc.title.start : d.start].split()[:1]
    opening = bool(first) and first[0].lower() not in _SUBORDINATORS
    return opening and len(w[d.start : d.end].split()) >= _MIN_CLAIM_WORDS


def _named(ctx: Context, sp: Speaker) -> bool:
    """True when the speaker's surname is printed in the body as well as in the title."""
    last = sp.name.split()[-1] if sp.name.split() else ""
    return bool(last) and last in ctx.work[ctx.doc.body_start :]


def _colon_draft(ctx: Context, title: Span) -> Draft | None:
    w = ctx.work
    m = _COLON_HEADLINE_RE.match(w, title.start, title.end)
    if m is None:
        return None
    name = m.group(1)
    if any(t.lower().strip(".") in _NOT_SPEAKERS for t in name.split()):
        return None
    a = m.start(2)
    b = a + len(m.group(2).rstrip(" .!"))
    if len(w[a:b].split()) < _MIN_CLAIM_WORDS:
        return None
    speakers = ctx.speakers_for(clauses.Subject("phrase", m.start(1), m.end(1)))
    if len(speakers) != 1:
        return None
    colon = w.index(":", m.end(1))
    return Draft(
        speakers[0],
        "indirect",
        ":",
        (colon, colon + 1),
        [(a, b)],
        (title.start, a),
        "neutral",
        (title.start, title.end),
    )
