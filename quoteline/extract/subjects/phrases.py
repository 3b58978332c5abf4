"""Resolvers for a subject phrase the cue has ("they", "it", "Tarsenia and Lusmark", "the two leaders", a
name, a description). Each returns the speakers, an empty list for "no one", or None to pass to the next;
the order they are tried in is ``subjects.PHRASE``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from quoteline.extract import kb
from quoteline.extract.clauses import Subject
from quoteline.extract.entities import Entity, Mention
from quoteline.extract.mentions import JOINT_RE
from quoteline.extract.model import Speaker
from quoteline.extract.subjects import bodies, groups
from quoteline.extract.subjects.patterns import PREPOSITION_END_RE
from quoteline.extract.subjects.pronouns import pronoun_focus

if TYPE_CHECKING:
    from quoteline.extract.context import Context


@dataclass
class Phrase:
    """A subject phrase read once for all the resolvers: as written, and as headed by a name ending it."""

    subj: Subject  # the phrase, narrowed to a person's name that ends it (``_named_at_end``)
    text: str  # that phrase's words, single-spaced
    # The phrase as written, before a name ending it is taken for its head; empty right after a preposition
    # ("the delegations of A and B" is no joint subject of states).
    written: str
    joint: bool  # "the two leaders", "the President and the Prime Minister"
    _members: list[Entity | Speaker] | None = field(default=None, init=False)
    _members_read: bool = field(default=False, init=False)

    @classmethod
    def read(cls, ctx: Context, subj: Subject) -> Phrase:
        """The phrase ``subj`` covers, read in the current sentence."""
        written = " ".join(ctx.work[subj.start : subj.end].split())
        if PREPOSITION_END_RE.search(ctx.work, max(0, subj.start - 20), subj.start):
            written = ""
        subj = _named_at_end(ctx, subj)
        text = " ".join(ctx.work[subj.start : subj.end].split())
        joint = bool(JOINT_RE.match(text) or groups.PAIR_OF_OFFICES_RE.match(text))
        return cls(subj, text, written, joint)

    def members(self, ctx: Context) -> list[Entity | Speaker] | None:
        """The office holders of several states the phrase names (``Registry.group_members``), read once."""
        if not self._members_read:
            self._members = ctx.registry.group_members(self.text, self.subj.start)
            self._members_read = True
        return self._members


# Between the two names of a pair: "and", then at most a short title ("and Senator", "and House Speaker").
_RELATIVE_AFTER_RE = re.compile(r",\s+who\b")
_PAIR_JOIN_RE = re.compile(r"\s+and\s+(?:[A-Z][\w.]*\s+){0,3}")


def _named_at_end(ctx: Context, subj: Subject) -> Subject:
    """The person's name ending a subject phrase, as mention detection bounded it ("Lusmarkian
    Ambassador to Tarsenia Hugo Brandt" is Hugo Brandt), else the phrase. Only a name that ends the
    phrase heads it: in "Rada Koleva's spokesman" the speaker is not Koleva."""
    best = None
    mentions = ctx.mentions_in(subj.start, subj.end)
    for m in mentions:
        if (
            m.end == subj.end
            and m.start > subj.start
            and m.entity.kind == "person"
            and not PREPOSITION_END_RE.search(ctx.work, subj.start, m.start)
        ):
            best = m
    if best is None:
        return subj
    if _RELATIVE_AFTER_RE.match(ctx.work, subj.end):
        # "Govs. Ada Vell and Ivo Orrin, who say …": the relative clause's cue reads its antecedent as the
        # name nearest the pronoun, as PolNeAR's gold does.
        return Subject("phrase", best.start, best.end)
    first = _first_of_pair(ctx, mentions, best)
    return Subject("phrase", first.start, first.end)


def _first_of_pair(ctx: Context, mentions: list[Mention], last: Mention) -> Mention:
    """The first of two people a subject joins with "and" ("Ada Vell and Ivo Orrin", "Vell and Senator
    Orrin"), else ``last``: a joint statement accepts either speaker (ANNOTATION.md), and the one named first
    is the one the pair's statement is told of first. Only a person known by a full name joins so: "Ada and
    Ivo Orrin" is one family's pair, its first word no name of its own."""
    k = mentions.index(last)
    if k == 0:
        return last
    head = mentions[k - 1]
    ent = head.entity
    if (
        ent.kind != "person"
        or ent is last.entity
        or len(ent.speaker().name.split()) < 2
        or not _PAIR_JOIN_RE.fullmatch(ctx.work, head.end, last.start)
        # "Minister of Harbours and Fisheries Ada Vell": a name after a preposition is the title's object
        or PREPOSITION_END_RE.search(ctx.work, max(0, head.start - 20), head.start)
    ):
        return last
    return head


def _speakers(members: list[Entity | Speaker]) -> list[Speaker]:
    return [m.speaker() if isinstance(m, Entity) else m for m in members]


def they(ctx: Context, p: Phrase) -> list[Speaker] | None:
    """The speakers of a "they": the state side that spoke last, else the pair just spoken of or met, else
    the institution that spoke just before; never a person in focus."""
    if p.text.lower() != "they":
        return None
    side = bodies.state_side_in_focus(ctx, p.subj.start)
    if side:
        # "The Tarsenian delegation affirmed ... They expressed ...": the delegation goes on, not the
        # people of the meeting's other side.
        return side
    if not groups.group_in_focus(ctx):
        ctx.last_group = groups.meeting_pair(ctx, p.subj.start)
    if not ctx.last_group:
        # "The Orvel Trust said ... They added ...": the institution that spoke just before.
        return bodies.institution_in_focus(ctx, p.subj.start)
    # "The two leaders discussed ... They agreed ...": the pair spoken of last.
    return list(ctx.last_group)


def it(ctx: Context, p: Phrase) -> list[Speaker] | None:
    """The speaker of an "it": the institution that spoke just before, else the body opening this sentence
    or the one before."""
    if p.text.lower() != "it":
        return None
    # "The company said in a statement ... It added": the institution that spoke just before.
    institution = bodies.institution_in_focus(ctx, p.subj.start)
    if institution:
        return institution
    # "The Harbour Trust cut its grants in May. It said …": the body opening the sentence before.
    named_body = bodies.body_just_named(ctx, p.subj.start)
    if named_body is None:
        return None
    ctx.sentence_speakers.append(named_body)
    return [named_body]


def joined_states(ctx: Context, p: Phrase) -> list[Speaker] | None:
    """ "The United States and Lusmark reaffirm ...", "Tarsenia and Lusmark welcomed ...": a joint statement
    of states, each speaking as one (ANNOTATION: a joint statement accepts either)."""
    group: list[Speaker] = []
    for state in groups.joined_states(p.written):
        got_state = ctx.registry.resolve_entity(state, p.subj.start, None)
        if got_state is None:
            return None
        group.append(got_state.speaker() if isinstance(got_state, Entity) else got_state)
    if not group:
        return None
    ctx.last_group = group
    return group


def office_holders(ctx: Context, p: Phrase) -> list[Speaker] | None:
    """An office named in several states ("the presidents of A and B"): each state's holder, from the
    article or the gazetteer, when every one is known."""
    members = p.members(ctx)
    if not members or not all(isinstance(m, Entity) for m in members):
        return None
    group = _speakers(members)
    if len(group) > 1:
        ctx.last_group = group
    return group


def joint_subject(ctx: Context, p: Phrase) -> list[Speaker] | None:
    """A joint subject ("the two leaders"): the article's own pair (a meeting, a call), when it has one or
    no state's holder stands in; no one when neither."""
    if not p.joint:
        return None
    members = p.members(ctx)
    group = groups.joint(ctx, p.text, p.subj.start)
    if len(group) <= 1 and members:
        return None
    if len(group) > 1:
        ctx.last_group = group
    return group


def group_as_written(ctx: Context, p: Phrase) -> list[Speaker] | None:
    """The office holders of several states with one holder unknown: the group as written."""
    members = p.members(ctx)
    return _speakers(members) if members else None


_THE_BEFORE_RE = re.compile(r"\b[Tt]he\s+$")
# The words before a source given as an object ("according to him", "as reported by her").
_OBJECT_SOURCE_RE = re.compile(r"\b(?:[Aa]ccording\s+to|by)\s+$")
_THE_NAME_RE = re.compile(r"[Tt]he\s+(?P<name>[A-Z][^,;:]*)")


def city_as_modifier(ctx: Context, p: Phrase) -> list[Speaker] | None:
    """No one for "the" and a capital city alone ("After the Halvik attacks, Vell ...", "before the Halvik
    talks"): an article before a city's bare name makes it a modifier of the noun after it, which the cue
    lexicon read as a verb, and never the state speaking ("Halvik said" is). Only a state's first listed
    capital, its city: the seats of power listed after it take "the" ("the Stone Palace said")."""
    # The article is inside the phrase ("the Halvik") or right before it, as subject readers bound it.
    m = _THE_NAME_RE.fullmatch(p.text)
    if m is not None:
        name = m.group("name")
    elif _THE_BEFORE_RE.search(ctx.work, max(0, p.subj.start - 5), p.subj.start):
        name = p.text
    else:
        return None
    state = kb.country_of(name)
    capitals = getattr(kb.country_entity(state), "capitals", ()) if state else ()
    return [] if capitals and capitals[0] == name else None


def named_or_described(ctx: Context, p: Phrase) -> list[Speaker] | None:
    """Everything else, through the registry: a person's staff, the bearer of an honorific, a name, a
    description, a pronoun (read against its own focus), a body; the last resort, no one when it fails."""
    focus = ctx.focus
    source = _OBJECT_SOURCE_RE.search(ctx.work, max(0, p.subj.start - 20), p.subj.start)
    if p.text.lower() in ("her", "him") and source is None:
        # An object or possessive form read as a verb's subject ("... denounced her record and said ...": the
        # parse's misreading) is no one's subject; it would take whoever a "she" or "he" stands for. The
        # object of "according to" or "by" is the source itself ("According to him, ...").
        return []
    if p.text.lower() in ("he", "she"):
        focus = pronoun_focus(ctx, p.text.lower(), p.subj.start)
    # "A senior adviser to Mr. Vell": the staff speak, not the bearer of the honorific inside the phrase.
    got = (
        ctx.registry.staff_of_person(p.text, p.subj.start, focus)
        or ctx.registry.honoured_bearer(p.subj.start, p.subj.end)
        or ctx.registry.resolve_entity(p.text, p.subj.start, focus)
    )
    if got is None and bodies.BODY_NOUN_RE.fullmatch(p.text):
        # "Marrow Freight cut its fleet. The company said …": the body the text has just named.
        got = bodies.body_just_named(ctx, p.subj.start) or bodies.company_spoken(ctx, p.text)
    if got is None:
        return []
    if isinstance(got, Entity):
        if got.kind == "person":
            ctx.focus = got
            ctx.registry.spoke(got)
        sp = got.speaker()
    else:
        sp = got
    ctx.sentence_speakers.append(sp)
    return [sp]
