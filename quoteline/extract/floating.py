"""Quotes with no cue of their own: a standalone quote takes the speaker of the quote before it, or the
subject of the sentence before when that sentence ends in its cue (`Ada Orrin agreed. "…"`); never the last
speaker after a quote whose own attribution found no one (`"A," a neighbour said. "B."`).
"""

from __future__ import annotations

import bisect
import re

from quoteline.extract import clauses
from quoteline.extract.attribution import extend_continuation
from quoteline.extract.context import Context
from quoteline.extract.coref import names_a_people
from quoteline.extract.cues import CueMatch
from quoteline.extract.model import Draft, Speaker
from quoteline.extract.quote_words import (
    PREPOSITIONS,
    QUOTE_CHARS,
    looks_like_title,
    word_count,
)
from quoteline.extract.quotes import Quote
from quoteline.extract.text import Span, only_punct_until, prev_nonspace, word_set

# A subject pronoun of its own in a colon lead-in: the lead-in's speaker is whom that pronoun names.
_LEAD_IN_PRONOUN_RE = re.compile(r"\b(?:[Hh]e|[Ss]he|[Tt]hey|I|[Ww]e)\b")
# "the" right before a name: the name modifies a noun ("the Vell supporter", "the Orrin campaign").
_MODIFIER_ARTICLE_RE = re.compile(r"\b[Tt]he\s+$")
# A preposition right before a name: the lead-in is about that person ("The result for Vell:"), who is
# not announced as speaking; "from" is left out, as "More from Vell:" announces Vell's words.
_PREPOSITION_BEFORE_RE = re.compile(
    r"\b(?:"
    + "|".join(sorted((PREPOSITIONS | word_set("about of against toward towards into upon")) - {"from"}))
    + r")\s+$"
)
_MAX_CLOSING_ADJUNCT_WORDS = 3  # words after a sentence-final cue whose quote follows ("agreed on Monday.")


def floating_draft(ctx: Context, q: Quote, s: Span) -> Draft | None:
    """A standalone quote with no cue takes the speaker of the quote before it."""
    k = q.idx
    if k in ctx.consumed_quotes:
        return None
    w = ctx.work
    lead = prev_nonspace(w, s.start, q.open)
    # A quote opening a sentence of its own: at the start, after a colon, or after the previous sentence's
    # full stop when the splitter kept them together (`..., she said. „B.“`).
    if (lead and lead not in ":.!?…") or not only_punct_until(w, q.outer_end, s.end, ".,;!?…)"):
        return None
    inner = w[q.inner.start : q.inner.end]
    if word_count(inner) < 3 or looks_like_title(inner) or _subheading(ctx, q):
        return None
    if _unattributed_before(ctx, q):
        return None
    sp = ctx.last_direct or ctx.last_speaker
    # `Vell, a former envoy, also criticised the plan on Twitter. "…"`: a quote right after another speaker's
    # reported statement in the same paragraph carries on that statement, not the last quote.
    prev = ctx.drafts[-1] if ctx.drafts else None
    if (
        prev is not None
        and prev.kind == "indirect"
        and prev.speaker.type == "person"
        and ctx.sentence_spans[-2:-1]
        and ctx.sentence_spans[-2].start <= prev.start < ctx.sentence_spans[-2].end
        and (same_paragraph(ctx, prev.start, q.open) or _after_reported_paragraph(ctx, prev, q))
    ):
        sp = prev.speaker
    if lead == ":":
        named = _colon_lead_in_person(ctx, q, s)
        if named is not None:
            sp = named
    closing = _closing_cue(ctx, q, s)
    if closing is not None:
        speaker, cue, clause = closing
        ctx.consumed_quotes.add(k)
        ctx.last_direct = speaker
        d = Draft(
            speaker,
            "direct",
            cue.form,
            (cue.start, cue.end),
            [(q.inner.start, q.inner.end)],
            clause,
            cue.entry.stance,
            (s.start, s.end),
        )
        extend_continuation(ctx, [d], k)
        return d
    if sp is None:
        return None
    ctx.consumed_quotes.add(k)
    d = Draft(
        sp, "direct", "", None, [(q.inner.start, q.inner.end)], (q.open, q.open), "neutral", (s.start, s.end)
    )
    extend_continuation(ctx, [d], k)
    return d


# A section heading that quotes the section in single marks ("'A change of course.'" on a line of its own,
# as newspapers print subheads): a short phrase, no statement. On the 730 PolNeAR tuning articles such
# paragraphs gave 8 floating quotes (3 outlets), none a required statement; quotes in double marks are
# left alone (the same shape in them was a statement 3 times in 5).
_SUBHEADING_MAX_WORDS = 8


def _subheading(ctx: Context, q: Quote) -> bool:
    """True for a short quote in single marks that is a whole paragraph by itself."""
    w = ctx.work
    if w[q.open] not in "'‘" or w.startswith("''", q.open) or not q.closed:
        return False
    if word_count(w[q.inner.start : q.inner.end]) > _SUBHEADING_MAX_WORDS:
        return False
    pars = ctx.doc.paragraphs
    i = bisect.bisect_right(pars, q.open, key=lambda p: p.start) - 1
    if not 0 <= i < len(pars):
        return False
    par = pars[i]
    return not w[par.start : q.open].strip() and not w[q.outer_end : par.end].strip(" .\n")


def _closing_cue(ctx: Context, q: Quote, s: Span) -> tuple[Speaker, CueMatch, tuple[int, int]] | None:
    """`Ada Orrin agreed. "…"` / `Or the ferry, Orrin says. "…"`: the sentence before the quote, in the same
    paragraph and with no quotation of its own, ends in a cue (and at most a short adjunct); the quote is what
    that cue announced, so its subject speaks, not the speaker of the last quote."""
    w = ctx.work
    if len(ctx.sentence_spans) < 2 or w[s.start : q.open].strip():
        return None
    prev = ctx.sentence_spans[-2]
    if not same_paragraph(ctx, prev.start, q.open) or w[prev.end : s.start].strip():
        return None
    body = w[prev.start : prev.end].rstrip()
    if not body.endswith(".") or any(c in body for c in QUOTE_CHARS) or "''" in body:
        return None
    dot = prev.start + len(body) - 1
    cues = list(ctx.lex.find(w, prev.start, dot))
    if not cues or cues[-1].is_participle:
        return None
    cue = cues[-1]
    tail = w[cue.end : dot]
    if len(tail.split()) > _MAX_CLOSING_ADJUNCT_WORDS or any(c in tail for c in ",;:()"):
        return None
    # The rules' subject: the parse of a sentence like `Or maybe Vell, pollster Ada Orrin says.` may take the
    # fronted content for the subject.
    subj = clauses.subject_before(w, prev.start, cue.start)
    if subj.kind != "phrase":
        return None
    speakers = ctx.speakers_for(subj)
    if len(speakers) != 1:
        return None
    return speakers[0], cue, (prev.start, prev.end)


def _colon_lead_in_person(ctx: Context, q: Quote, s: Span) -> Speaker | None:
    """The one person a lead-in with no cue names before its colon (`More from Orrin: "…"`, `Here is Vell on
    the levy: "…"`, `That did not surprise harbour pollster Ada Orrin: "…"`): the quote is what the lead-in
    announces, so that person speaks, not the speaker of the last quote. Not when the lead-in has a he, she,
    they, I or we of its own (`She had a message for Orrin:` is hers), a cue, or names anyone else."""
    w = ctx.work
    # The lead-in lies in the quote's own paragraph: a sentence span may run on over a paragraph break after
    # a quote whose closing mark the splitter did not end it at.
    lo = max(s.start, ctx.doc.paragraphs[q.para].start)
    spans = ctx.unquoted(lo, q.open)
    if any(_LEAD_IN_PRONOUN_RE.search(w, a, b) or any(ctx.lex.find(w, a, b)) for a, b in spans):
        # A cue there ("Another said he hoped Vell wins:", "the columnist suggested:") has a subject of
        # its own, which no name the lead-in goes on to print stands for.
        return None
    people = {
        id(m.entity): m.entity
        for m in ctx.mentions_in(lo, q.open)
        if ctx.quote_at(m.start) < 0
        and m.entity.kind == "person"
        and not ctx.registry.used_as_thing(m.entity)
        and not _MODIFIER_ARTICLE_RE.search(w, max(lo, m.start - 4), m.start)
        and not _PREPOSITION_BEFORE_RE.search(w, max(lo, m.start - 12), m.start)
    }
    if len(people) != 1:
        return None
    ent = next(iter(people.values()))
    if names_a_people(ent):
        return None
    return ent.speaker()


def _unattributed_before(ctx: Context, q: Quote) -> bool:
    """True when the quote before ``q`` in its paragraph opens its sentence and has a cue after it that no
    statement came of, as no speaker could be found for it (`"A," a neighbour said. "B."`): B carries on A,
    whose speaker is unknown, not the last one named."""
    k = q.idx
    if k == 0 or k - 1 in ctx.consumed_quotes:
        return False
    prev = ctx.quotes[k - 1]
    if prev.para != q.para or not prev.closed:
        return False
    par = ctx.doc.paragraphs[prev.para]
    # The quote opens its sentence (a fragment inside narration is no attributed quote of its own).
    if prev_nonspace(ctx.work, par.start, prev.open) not in ("", ".", "!", "?", "…"):
        return False
    # ... and its attribution follows it at once (`"A," X said`, `"A?" X asked`), not more narration.
    last = ctx.work[prev.inner.start : prev.inner.end].rstrip(" '’”\"»›")[-1:]
    if last not in (",", "?", "!") and ctx.work[prev.outer_end : prev.outer_end + 1] != ",":
        return False
    if not ctx.lex.find(ctx.work, prev.outer_end, q.open):
        return False
    # `"A" before the vote, she said. "B."`: the cue made a reported statement, whose speaker B carries on.
    return not any(d.cue_span and prev.outer_end <= d.cue_span[0] < q.open for d in ctx.drafts)


def _after_reported_paragraph(ctx: Context, stmt: Draft, q: Quote) -> bool:
    """True when ``q`` opens the paragraph right after the one holding the reported statement ``stmt``, and
    that paragraph quotes no one (`If anything, Vell argued in her letter, the vote was rigged.` then a
    paragraph of quoted words alone): the quoted paragraph carries on the reported statement that closed the
    one before. A quoted fragment inside that statement's own words is no one else's quote (`Her rivals
    mocked the plan, calling it "a ferry to nowhere," Vell said.`): it belongs to the statement."""
    pars = ctx.doc.paragraphs
    i = bisect.bisect_right(pars, stmt.start, key=lambda p: p.start) - 1
    if i < 0 or i + 1 >= len(pars) or not pars[i + 1].start <= q.open < pars[i + 1].end:
        return False
    w = ctx.work
    if w[pars[i + 1].start : q.open].strip():
        return False
    body = w[pars[i].start : pars[i].end]
    for quote in ctx.quotes[ctx.quote_index_from(stmt.start) : q.idx]:
        if quote.open < stmt.end and quote.outer_end <= pars[i].end:
            lo, hi = quote.open - pars[i].start, quote.outer_end - pars[i].start
            body = body[:lo] + " " * (hi - lo) + body[hi:]
    return not any(c in body for c in QUOTE_CHARS) and "''" not in body


def same_paragraph(ctx: Context, a: int, b: int) -> bool:
    pars = ctx.doc.paragraphs
    i = bisect.bisect_right(pars, a, key=lambda p: p.start) - 1
    return 0 <= i < len(pars) and pars[i].start <= b < pars[i].end
