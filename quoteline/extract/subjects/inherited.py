"""Resolvers for a cue with no subject of its own (a participle, "..., saying"; a coordinated verb): whose
subject it shares. Each returns the speakers, an empty list for "no one", or None to pass to the next; the
order they are tried in is ``subjects.INHERITED``."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from quoteline.extract import kb
from quoteline.extract.clauses import POSTING_NOUNS, Subject, phrase_after, subject_before
from quoteline.extract.entities import Entity
from quoteline.extract.mentions import ORG_WORDS, ROLE_RE, SENTENCE_OPENERS, STOP_CAPS, names_unnamed
from quoteline.extract.model import Speaker
from quoteline.extract.subjects.opening import sentence_subject
from quoteline.extract.subjects.patterns import (
    CLAUSE_WORDS,
    MAX_OPENING_DESCRIPTION,
    NOT_HEAD_NOUNS,
    OPENING_CAPITALISED_RE,
    OPENING_NON_SUBJECTS,
    QUOTE_MARKS,
    SUBORDINATE_OPENING_RE,
    occupation_prefix,
)
from quoteline.extract.text import word_set

if TYPE_CHECKING:
    from quoteline.extract.context import Context

# A participle after a main clause that puts a thing in a state ("With the shares down, the strain is only
# rising, threatening more losses"; "But the lull has real downsides, suggesting ..."): the participle tells
# what that thing does or shows, and so does a participle coordinated with it ("..., suggesting A and
# underscoring B"): no one speaks. The clause has a determiner phrase as its subject and a
# form of "be" or "have" (not an act in the perfect: "has responded, saying") as its verb.
_THING_STATE_RE = re.compile(
    r"\W*(?:(?:but|and|yet|still|so)\s+)?(?:[^,;:\"“”]{0,120},\s+)??"
    r"(?:the|a|an|this|that|these|those|such)\s+(?P<np>(?:[\w'’\-]+\s+){0,12}?)"
    r"(?:is|was|are|were|has|have|had|seems|seemed|remains|remained)\s+"
    r"(?P<pred>(?![a-z]+(?:ed|en)\b)[^,;:\"“”]*),\s*(?=[a-z]+ing\b)",
    re.IGNORECASE,
)
# Heads that make such a subject a speaker after all (a body, a campaign): the participle is theirs.
_SPEAKING_BODY_WORDS = word_set("campaign campaigns team staff camp spokesperson")
_PARTICIPLE_AT_RE = re.compile(r"[A-Za-z]+ing\b")
_NUMBER_WORDS = word_set(
    "one two three four five six seven eight nine ten eleven twelve twenty thirty hundreds"
)
# A participle right before the quoted words it brings in: "writing “…”", "saying: ''…''".
_PARTICIPLE_BEFORE_QUOTE_RE = re.compile(r"[a-z]+ing\s*[:,]?\s*(?:[\"“‘]|'')")
# A sentence opening with a noun phrase (no clause word, no quote) and a regular past tense after it: its
# main verb ("Crew member Flint shared", "Vell's son, Tomas, defended").
_OPENING_PAST_VERB_RE = re.compile(r"[^\"“”;:]*?\s(?P<verb>[a-z]+ed)\b")
# A possessive description set before a name it introduces: "Vell's son, " in "Vell's son, Tomas, defended".
_POSSESSIVE_DESCRIPTION_RE = re.compile(
    r"\s*[A-Z][\w.\-]*(?:\s+[A-Z][\w.\-]*){0,3}['’]s?(?:\s+[a-z\-]+){1,3},\s*"
)


def earlier_cue_subject(ctx: Context, pos: int) -> list[Speaker] | None:
    """The subject of the nearest earlier cue in the sentence ("X said A, adding B")."""
    w = ctx.work
    cues = [c for c in ctx.lex.find(w, ctx.sentence.start, pos) if ctx.quote_at(c.start) < 0]
    opening = SUBORDINATE_OPENING_RE.match(w, ctx.sentence.start, pos)
    for c in reversed(cues):
        if c.is_participle or (opening is not None and c.start < opening.end()):
            # "Ever since she endorsed Vell, Orrin has been campaigning, attacking ...": a cue in an
            # opening subordinate clause is not the main clause's, whose subject the participle shares.
            continue
        subj = ctx.parsed_subject(subject_before(w, ctx.sentence.start, c.start), c.start, c.end)
        if subj.kind == "none" and w[ctx.sentence.start : c.start].rstrip()[-1:] in '"”’»':
            span = phrase_after(w, c.end, pos)
            if span:
                subj = Subject("phrase", span[0], span[1])
        if subj.kind == "phrase":
            return ctx.speakers_for(subj) or None
    return None


def main_clause_subject(ctx: Context, pos: int) -> list[Speaker] | None:
    """After an opening subordinate clause the participle shares the main clause's subject, not a speaker
    resolved inside that clause."""
    if not SUBORDINATE_OPENING_RE.match(ctx.work, ctx.sentence.start, pos):
        return None
    main = sentence_subject(ctx)
    if main is None:
        return None
    ctx.focus = main
    return [main.speaker()]


def sentence_speaker(ctx: Context, pos: int) -> list[Speaker] | None:
    """The last speaker the sentence's own subjects resolved to."""
    return [ctx.sentence_speakers[-1]] if ctx.sentence_speakers else None


def opening_named_subject(ctx: Context, pos: int) -> list[Speaker] | None:
    """The sentence's own subject when it is a name the entity table does not hold, as a one-word name
    ("Crew member Flint shared the news, writing ...", "Vell's son, Tomas, defended her, saying ..."):
    the participle shares the subject of the main clause's past-tense verb, not the speaker in focus.
    Only for a participle right before the quoted words it brings in, and a phrase holding no name the
    entity table knows, ending in a capitalised word right before the sentence's first verb in -ed, that
    resolves to a person."""
    w, s = ctx.work, ctx.sentence
    if not _PARTICIPLE_BEFORE_QUOTE_RE.match(w, pos, s.end):
        return None  # only a participle that brings in quoted words ("writing “…”"), not reported speech
    verb = _OPENING_PAST_VERB_RE.match(w, s.start, min(pos, s.start + MAX_OPENING_DESCRIPTION))
    if verb is None:
        return None
    at = verb.start("verb")
    subj = subject_before(w, s.start, at)
    if subj.kind != "phrase" or w[subj.end : at].strip(" ,") or not w[subj.end - 1 : subj.end].isalpha():
        return None
    before = w[s.start : subj.start]
    if (
        before.strip()
        and not _POSSESSIVE_DESCRIPTION_RE.fullmatch(before)
        and not occupation_prefix(before.split())
    ):
        return None  # only the sentence's opening phrase, after an occupation or "Vell's son,"
    words = w[subj.start : subj.end].split()
    if (
        not words[-1][:1].isupper()
        or words[-1].lower() in CLAUSE_WORDS  # "They", "He": the pronoun rules' to read
        or any(x in NOT_HEAD_NOUNS for x in words)
    ):
        return None  # "Republicans on Capitol Hill": the name is an object, not the subject's head
    if ctx.mentions_in(subj.start, subj.end):
        return None  # a name the entity table holds: the sentence-subject rules read it
    kept = (len(ctx.sentence_speakers), len(ctx.references), list(ctx.last_group), ctx.focus_entity)
    found = ctx.speakers_for(subj)
    if len(found) == 1 and found[0].type == "person":
        return found
    # Not a person: leave the state as it was, for the other readings of the participle.
    del ctx.sentence_speakers[kept[0] :], ctx.references[kept[1] :]
    ctx.last_group, ctx.focus_entity = kept[2], kept[3]
    return None


def sentence_opener(ctx: Context, pos: int) -> list[Speaker] | None:
    """The person the sentence opens with (``opening.sentence_subject``), who becomes the focus."""
    opener = sentence_subject(ctx, pos)
    if opener is None:
        return None
    ctx.focus = opener
    return [opener.speaker()]


def opening_description(ctx: Context, pos: int) -> list[Speaker] | None:
    """The sentence's own subject when it opens with a description set off by a comma ("The
    Drevnian leader, speaking in the capital, did not ... but said ..."): it, not the focus, speaks."""
    w, s = ctx.work, ctx.sentence
    comma = w.find(",", s.start, min(pos, s.start + MAX_OPENING_DESCRIPTION))
    if comma < 0:
        return None
    subj = subject_before(w, s.start, comma)
    if subj.kind != "phrase" or w[s.start : subj.start].strip():
        return None
    phrase = " ".join(w[subj.start : subj.end].split())
    if not phrase.lower().startswith(("the ", "a ")):
        return None
    ent = ctx.registry.describe(phrase, subj.start, ctx.focus)
    if ent is None:
        return None
    if ent.kind == "person":
        ctx.focus = ent
        ctx.registry.spoke(ent)
    return [ent.speaker()]


def opening_body(ctx: Context, pos: int) -> list[Speaker] | None:
    """The speaker of a participle whose sentence opens with a capitalised subject that is no person the
    article names ("The Courier intervened in April, arguing …", "Harbourleaks hit back, accusing …"):
    what the resolver makes of that subject, or no one; never the person in focus, who is not the
    subject. None when the sentence opens otherwise (a pronoun, an opening phrase, a person)."""
    w, s = ctx.work, ctx.sentence
    if not _PARTICIPLE_AT_RE.match(w, pos):
        return None  # a coordinated verb ("…, in part because he favors A and opposes B") has other subjects
    m = OPENING_CAPITALISED_RE.match(w, s.start, pos)
    if m is None or any(c in w[s.start : pos] for c in QUOTE_MARKS):
        return None
    words = m.group("np").split()
    lead = words[0].lower()
    if lead.endswith("ing") or lead in _NUMBER_WORDS:
        return None  # "Making her way round the hall, Orrin …", "Eight years ago, he …": no subject
    if (lead in STOP_CAPS and lead != "the") or lead in SENTENCE_OPENERS or lead in OPENING_NON_SUBJECTS:
        return None
    if (lead == "the" and len(words) < 2) or words[-1].endswith(("’s", "'s")):
        return None  # "The Courier's editor": the subject is the possessed noun
    if ctx.mentions_in(m.start("np"), m.end("np")):
        return None  # a name the entity table holds: the person readings above had their turn
    if ROLE_RE.search(m.group("np")) or any(x.lower() in POSTING_NOUNS for x in words):
        # "The President of Drevnia sent greetings to …, emphasising …": a title is a person's, which
        # the description readings resolve; readouts print their leader so in every paragraph.
        return None
    got = ctx.registry.resolve_entity(" ".join(words), m.start("np"), None)
    if got is None or (isinstance(got, Entity) and got.kind == "person"):
        return []
    sp = got.speaker() if isinstance(got, Entity) else got
    # "The Valdorian hacker who …, admitting …": a demonym before a noun is no state speaking.
    return [] if kb.country_of(sp.name) else [sp]


def thing_in_a_state(ctx: Context, pos: int) -> list[Speaker] | None:
    """No one, when the participle at ``pos`` follows a main clause that puts a thing, not a person or a
    body, in a state: the participle is that thing's, and the speaker in focus says nothing."""
    m = _THING_STATE_RE.match(ctx.work, ctx.sentence.start, ctx.sentence.end)
    if m is None or m.end() > pos:
        return None
    words = {x.lower().strip("'’") for x in m.group("np").split()}
    speaking = (
        ROLE_RE.search(m.group("np"))
        or names_unnamed(m.group("np"))
        or words & (ORG_WORDS | _SPEAKING_BODY_WORDS)
        or ctx.lex.find(ctx.work, m.start("pred"), m.end("pred"))
    )
    return None if speaking else []


def speaker_in_focus(ctx: Context, pos: int) -> list[Speaker] | None:
    """The speaker in focus, the last resort: no one when there is none."""
    return [ctx.focus.speaker()] if ctx.focus is not None else []
