"""Subjects that stand for several speakers: states joined by "and", a pair of offices, the two people of a
meeting or call, and the article's own account of who took part ("the two leaders")."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from quoteline.extract import kb
from quoteline.extract.entities import Entity
from quoteline.extract.model import Speaker

if TYPE_CHECKING:
    from quoteline.extract.context import Context

_MEETING_LOOKBACK = 3  # sentences back to look for the meeting a "they" refers to
_MEETING_RE = re.compile(
    r"\b(?:met|meets|meeting|spoke|speaks|talks|talked|call|conversation|discussed|discuss|two leaders|"
    r"both leaders|the presidents|the leaders|interlocutors)\b",
    re.IGNORECASE,
)
# "the President and Prime Minister", "the presidents of Russia and France": two office holders at once.
_OFFICE = r"(?:president|prime minister|chancellor|king|queen|premier|foreign minister|secretary of state)"
PAIR_OF_OFFICES_RE = re.compile(
    rf"^(?:the\s+)?{_OFFICE}(?:\s+of\s+[A-Z][\w\-]*)?\s+and\s+(?:the\s+)?{_OFFICE}(?:\s+of\s+[A-Z][\w\-]*)?$|"
    r"^the\s+(?:presidents|leaders|prime\s+ministers|foreign\s+ministers|heads\s+of\s+state)\s+of\s+"
    r"[A-Z][\w\-]*\s+and\s+[A-Z][\w\-]*$",
    re.IGNORECASE,
)
# Names joined by "and" ("the United States and the European Union", "Tarsenia, Lusmark and Drevnia").
_JOINED_SPLIT_RE = re.compile(r",\s*(?:and\s+)?|\s+and\s+")
# A state's own name: capitalised words, "of" inside ("Republic of Lusmark"), initials ("U.S.").
_STATE_NAME_RE = re.compile(r"[A-Z][\w.'’\-]*(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][\w.'’\-]*)*")


def joined_states(phrase: str) -> list[str]:
    """The states (and unions of states) a subject joins with "and", each as the gazetteer names it; empty
    unless every part is one and there are at least two."""
    parts = [re.sub(r"^(?:the|The)\s+", "", p.strip()) for p in _JOINED_SPLIT_RE.split(phrase)]
    if len(parts) < 2 or any(not _STATE_NAME_RE.fullmatch(p) or kb.people_of(p) for p in parts):
        return []  # "the delegations of Ukraine and Russia", "Ukrainians and Poles": no state's own name
    states = [kb.country_of(p) for p in parts]
    if not all(states) or len(set(states)) < len(states):
        return []
    return [s for s in states if s]


def joint(ctx: Context, phrase: str, pos: int) -> list[Speaker]:
    """The people a joint subject ("the two leaders") stands for, from the article's own account."""
    own = ctx.quote_at(pos)  # a readout quoted whole: names in that same quotation are its account
    people = ctx.registry.participants(phrase, pos, ctx.focus, lambda at: ctx.quote_at(at) not in (-1, own))
    return [e.speaker() for e in people]


def meeting_pair(ctx: Context, pos: int) -> list[Speaker]:
    """The two people of a meeting or call told just before ``pos`` ("A met with B ... They agreed")."""
    spans = ctx.sentence_spans[-_MEETING_LOOKBACK:]
    if not spans:
        return []
    lo = spans[0].start
    if not _MEETING_RE.search(ctx.work, lo, pos):
        return []
    people: list[Entity] = []
    for mention in ctx.mentions_in(lo, pos):
        e = mention.entity
        # Known or titled people only: capitalised runs ("Western Hemisphere") are registered as
        # people too.
        if e.kind == "person" and (e.person is not None or e.roles) and e not in people:
            people.append(e)
    if len(people) == 2:
        return [e.speaker() for e in people]
    if len(people) < 2:
        # "The two leaders assessed ... They reaffirmed ...": the pair the article is about, when the one
        # person named since (if any) is one of them ("Xi stressed ... The two leaders assessed ...").
        pair = joint(ctx, "they", pos)
        ok = len(pair) == 2 and (not people or people[0].speaker() in pair)
        return pair if ok else []
    return []


def group_in_focus(ctx: Context) -> bool:
    """True when the last statement so far was one of the last joint subject's."""
    return len(ctx.last_group) > 1 and bool(ctx.drafts) and ctx.drafts[-1].speaker in ctx.last_group
