"""Bodies that speak without being named in the subject: the institution that spoke just before ("It added",
"They said"), the state side of a readout, and the body a bare "the company" stands for."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from quoteline.extract import kb
from quoteline.extract.mentions import ROLE_RE, SENTENCE_OPENERS, STOP_CAPS, names_unnamed
from quoteline.extract.model import Speaker
from quoteline.extract.resolution import STATE_SIDE_RE
from quoteline.extract.subjects.patterns import OPENING_CAPITALISED_RE, OPENING_NON_SUBJECTS
from quoteline.extract.text import word_set

if TYPE_CHECKING:
    from quoteline.extract.context import Context

_INSTITUTION_FOCUS_CHARS = 400  # how far back an institution's statement keeps it the "they" that speaks next
# A bare body noun as a subject: the body the text has just named ("The company said …").
BODY_NOUN_RE = re.compile(
    r"(?:the|this)\s+(?:company|firm|corporation|group|organi[sz]ation|agency|union|network|newspaper|paper|"
    r"foundation|bureau)",
    re.IGNORECASE,
)
# "The company said" with no body named in the last two sentences: wire copy names its company once, in
# the lead ("NEW HARBOR, March 3 - Brandmoor Shipping Corp said ..."), and calls it "the company" later.
_COMPANY_NOUN_RE = re.compile(r"(?:the|this)\s+(?:company|firm|corporation)", re.IGNORECASE)
# The legal-form words that show a name is a company's, not a person's or a government body's.
_COMPANY_SUFFIXES = word_set(
    """corp co cos inc ltd plc ag nv gmbh llc bancorp incorporated limited corporation company"""
)
_PASSIVE_AFTER_RE = re.compile(
    r"\s+(?:is|are|was|were|(?:has|have|had)\s+been)\s+(?:[a-z]+ly\s+)?"
    r"(?:[a-z]+ed|held|hit|caught|sold|bought|taken|given|beaten|driven|led|kept|left|sent|shut)\b"
)


def institution_in_focus(ctx: Context, pos: int) -> list[Speaker]:
    """The institution that made the last statement, when it did so within a few sentences of ``pos``."""
    if not ctx.drafts or ctx.drafts[-1].speaker.type != "institution":
        return []
    last = ctx.drafts[-1]
    said_at = last.cue_span[0] if last.cue_span else last.parts[0][0]
    return [last.speaker] if 0 <= pos - said_at <= _INSTITUTION_FOCUS_CHARS else []


def state_side_in_focus(ctx: Context, pos: int) -> list[Speaker]:
    """The state that spoke last as "the <country> side/delegation", within a few sentences of ``pos``."""
    institution = institution_in_focus(ctx, pos)
    if not institution or not ctx.references:
        return []
    ref = ctx.references[-1]
    phrase = " ".join(ctx.work[ref.start : ref.end].split())
    return institution if ref.speaker == institution[0].name and STATE_SIDE_RE.fullmatch(phrase) else []


def body_just_named(ctx: Context, pos: int) -> Speaker | None:
    """The body a bare "the company" / "the group" at ``pos`` stands for, when no body of that noun was
    named: the institution whose statement was made in this sentence or the one before ("…, according
    to the Harbour Golf Foundation. Almost 600 courses closed, the group says"), else the capitalised
    subject opening this sentence or the one before when it is no person, state or place the article
    knows ("Marrow Freight keeps its figures secret. The company says …"). Never a person: a sentence
    that opens with someone ("Vell vowed to boycott the firm. The company says …") names no body."""
    spans = ctx.sentence_spans[-2:] or [ctx.sentence]
    since = spans[0].start
    if ctx.drafts and ctx.drafts[-1].speaker.type == "institution":
        last = ctx.drafts[-1]
        said_at = last.cue_span[0] if last.cue_span else last.parts[0][0]
        if since <= said_at < pos and not kb.country_of(last.speaker.name):
            return last.speaker
    for span in reversed(spans):
        body = _opening_body_name(ctx, span.start, min(span.end, pos))
        if body is not None:
            return body
    return None


def _opening_body_name(ctx: Context, lo: int, hi: int) -> Speaker | None:
    """The capitalised subject opening the sentence at ``lo`` as an institution, when it names no one the
    article shows to be a person ("Marrow Freight", "The Harbour Trust"), no state and no place."""
    w = ctx.work
    m = OPENING_CAPITALISED_RE.match(w, lo, hi)
    if m is None or ctx.quote_at(m.start("np")) >= 0:
        return None
    words = m.group("np").split()
    if words[0] == "The":
        words = words[1:]
    if not words or words[-1].endswith(("’s", "'s")):
        return None  # "The Courier's editor": the subject is the possessed noun
    lead = words[0].lower()
    if lead in STOP_CAPS or lead in SENTENCE_OPENERS or lead in OPENING_NON_SUBJECTS:
        return None
    name = " ".join(words)
    if ROLE_RE.search(name) or kb.country_of(name) or names_unnamed(name):
        return None
    if re.match(r"\s+of\b", w[m.end("np") :]):
        return None  # "The Department of …": a name the run does not hold whole
    if _PASSIVE_AFTER_RE.match(w, m.end("np")):
        return None  # "The Index was held back by a fall in Marrow Oil": the agent comes after "by"
    if any(not re.search(rf"(?<=[a-z0-9,;:] ){re.escape(x)}(?![\w-])", w) for x in words):
        # "Documents from …", "Just days before …", "Two years ago, …": words capitalised only where a
        # sentence starts are common words; a body's name is capitalised mid-sentence too.
        return None
    for mention in ctx.mentions_in(m.start("np"), m.end("np")):
        e = mention.entity
        if e.kind == "person" and (e.person is not None or e.roles or e.gender):
            return None  # a person the article shows to be one: a gazetteer entry, a title, a gender
    if ctx.registry.lookup_name(name) is not None and not ctx.mentions_in(m.start("np"), m.end("np")):
        return None
    if re.search(rf"\b(?:in|at|near|across|to|from)\s+(?:the\s+)?{re.escape(name)}\b", w[:lo]):
        return None  # "in Gull Harbour": a place named before
    return Speaker(name, "institution", None)


def company_spoken(ctx: Context, phrase: str) -> Speaker | None:
    """The company a bare "the company" / "the firm" stands for when no body was named just before: the
    latest company (a name ending in a legal form: "Brandmoor Shipping Corp", "Orvel Freight Inc") that made
    a statement earlier in the article. Only a company: "the group" or "the agency" stays unresolved."""
    if not _COMPANY_NOUN_RE.fullmatch(phrase):
        return None
    for draft in reversed(ctx.drafts):
        sp = draft.speaker
        words = sp.name.lower().replace(".", "").replace(",", "").split()
        if sp.type == "institution" and len(words) >= 2 and words[-1] in _COMPANY_SUFFIXES:
            return sp
    return None
