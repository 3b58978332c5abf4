"""Who a he/she (or a his/her/its before a noun of saying) stands for, when the speaker in focus is not the
likeliest reading: the person opening the sentence, the one person the sentence before names, the one asked a
question just before, or the one person of that gender the sentence names."""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING

from quoteline.extract.coref import names_a_people
from quoteline.extract.entities import Entity
from quoteline.extract.model import Draft, Speaker
from quoteline.extract.subjects.bodies import institution_in_focus
from quoteline.extract.subjects.opening import opens_before, sentence_subject

if TYPE_CHECKING:
    from quoteline.extract.context import Context

# A question put to someone named right after the verb ("asked Ivo Vell whether ..."), whose answer a he/she
# quote may give next; at most a short title between the verb and the name ("asked Sen. Vell").
_ASK_CUE_RE = re.compile(r"(?:asked|asks|ask|asking)", re.IGNORECASE)
_ADDRESSEE_GAP_RE = re.compile(r"\s+(?:[A-Z][a-z]{0,4}\.\s+)?")
_ADDRESSEE_GAP = 8
# The word that makes the asker's clause a subordinate one after its main clause ("... when Orrin asked").
_TIME_CLAUSE_END_RE = re.compile(r"\s(?:when|as|after)\s+$")
_QUESTION_AFTER_NAME_RE = re.compile(r",?\s+(?:whether|if|about|why|how|what|when|where|who|which)\b")
_ANSWER_DISTANCE = 600  # characters from the question's verb to the answer's pronoun
_FOLLOW_UP_QUESTION_RE = re.compile(
    r"(?:he|she)\s+(?:\w+ly\s+)?(?:asked|asks|wondered|pressed|added)\b", re.IGNORECASE
)
_POSSESSIVE_RE = re.compile(r"['’]s?\b")
# A preposition (an article and up to two words after it) right before a name: the name is an object ("met
# with Ivo Vell", "approval of the vast Harbour Act", "talking to Radio Mirel’s Ada Vell").
_OBJECT_RE = re.compile(
    r"\b(?:of|from|at|in|for|with|by|to|about|against|on|over|than|like)\s+(?:(?:the|a|an)\s+)?"
    r"(?:[\w.\-'’]+\s+){0,2}$"
)
# A he/she of a sentence, which then speaks of someone else than the one person it names ("He praised
# Vell"); "him" too, since a man the sentence names is not its "him" ("Vell endorsed him").
_HE_SUBJECT_RE = re.compile(r"\b[Hh](?:e|im)\b")
_SHE_SUBJECT_RE = re.compile(r"\b[Ss]he\b")
# A topic phrase opening a sentence ("As for Senator Vell, he said ..."): up to the name it ends with, then
# the comma before the pronoun.
_TOPIC_OPENING_RE = re.compile(r"[\"“”'‘’(\s]*[Aa]s\s+for\s+(?:[A-Z][\w.’'\-]*\s+)*")
_TOPIC_CLOSE_RE = re.compile(r",\s*")


def _topic_person(ctx: Context, pos: int, want: str) -> Entity | None:
    """The person a sentence names as its topic right before the pronoun ("As for Ivo Vell, he said he was not
    worried"): the pronoun takes up that person, whoever was in focus, when the gender allows."""
    named = [m for m in ctx.mentions_in(ctx.sentence.start, pos) if ctx.quote_at(m.start) < 0]
    if len(named) != 1:
        return None
    m = named[0]
    if not _TOPIC_OPENING_RE.fullmatch(ctx.work, ctx.sentence.start, m.start):
        return None
    if not _TOPIC_CLOSE_RE.fullmatch(ctx.work, m.end, pos):
        return None
    ent = m.entity
    if ent.kind != "person" or ent.gender not in (None, want) or names_a_people(ent):
        return None
    return ent


def possessive_speakers(ctx: Context, word: str, pos: int) -> list[Speaker]:
    """Who a possessive pronoun before a noun of saying names ("his claim that ...", "its calls for ..."):
    "his" and "her" as "he" and "she" would, "its" the institution that spoke just before."""
    low = word.lower()
    if low == "its":
        return institution_in_focus(ctx, pos)
    pronoun = {"his": "he", "her": "she"}.get(low)
    if pronoun is None:
        return []
    # The nearest person the sentence names before it, of that gender ("Vell's stance on piers and his
    # promise to ..."), else whom a "he" or "she" would name.
    want = "f" if pronoun == "she" else "m"
    k = bisect.bisect_left(ctx.mention_starts, pos) - 1
    while k >= 0 and ctx.mention_starts[k] >= ctx.sentence.start:
        ent = ctx.registry.mentions[k].entity
        quoted = ctx.quote_at(ctx.mention_starts[k]) >= 0
        if ent.kind == "person" and ent.gender in (None, want) and not quoted:
            return [ent.speaker()]
        k -= 1
    got = ctx.registry.resolve_entity(pronoun, pos, pronoun_focus(ctx, pronoun, pos))
    if isinstance(got, Entity):
        return [got.speaker()]
    return [got] if got is not None else []


def pronoun_focus(ctx: Context, pronoun: str, pos: int) -> Entity | None:
    """Who a he/she subject most likely is: the person opening this sentence (a newly introduced
    subject, "Sunniva Rask, who ..., is less sure: "...," she said"), else the one person the sentence
    before names (``_previous_sole_person``), else the one person of that gender the sentence names
    before it when nothing shows the focus's gender (``_sole_person_of_gender``), else the speaker in
    focus."""
    want = "f" if pronoun == "she" else "m"
    topic = _topic_person(ctx, pos, want)
    if topic is not None:
        return topic
    opener = sentence_subject(ctx, pos)
    if opener is None or opener is ctx.focus or not opens_before(ctx, pos):
        previous = (
            _previous_sole_person(ctx, pos, want)
            or _questioned_person(ctx, pos, want)
            or _sole_person_of_gender(ctx, pos, want)
        )
        return previous if previous is not None else ctx.focus
    return opener if opener.gender in (None, want) else ctx.focus


def _questioned_person(ctx: Context, pos: int, want: str) -> Entity | None:
    """The person the statement just before asked ("Ada Orrin asked Ivo Vell whether the pier would
    reopen. "Not this year," he said"): a he/she answering next is the one asked, not the asker, when
    nothing was said between and the gender allows. Not for a further question ("he asked")."""
    if not ctx.drafts or _FOLLOW_UP_QUESTION_RE.match(ctx.work, pos):
        return None
    last = ctx.drafts[-1]
    if last.cue_span is None or not _ASK_CUE_RE.fullmatch(ctx.work, *last.cue_span):
        return None
    if not 0 < pos - last.cue_span[1] <= _ANSWER_DISTANCE or ctx.quote_at(last.cue_span[0]) >= 0:
        return None
    asked = next(iter(ctx.mentions_in(last.cue_span[1], last.cue_span[1] + _ADDRESSEE_GAP + 1)), None)
    if asked is None or not _ADDRESSEE_GAP_RE.fullmatch(ctx.work, last.cue_span[1], asked.start):
        ent = _asked_in_time_clause(ctx, last)
    elif not _QUESTION_AFTER_NAME_RE.match(ctx.work, asked.end):
        return None  # "asked Vell to ...": a request, whose addressee need not answer next
    else:
        ent = asked.entity
    if ent is None or ent.kind != "person" or ent.gender not in (None, want):
        return None
    if ent.speaker() == last.speaker or ctx.registry.used_as_thing(ent) or names_a_people(ent):
        return None
    return ent


def _asked_in_time_clause(ctx: Context, question: Draft) -> Entity | None:
    """The subject of the main clause a question's "when/as/after" clause hangs on ("Vell hesitated when
    Orrin asked whether ..."): the person who answers. None when the clause opens the sentence or the
    sentence names no one before it."""
    k = bisect.bisect_right([sp.start for sp in ctx.sentence_spans], question.clause[0]) - 1
    if k < 0:
        return None
    start = ctx.sentence_spans[k].start
    if not _TIME_CLAUSE_END_RE.search(ctx.work, start, question.clause[0]):
        return None
    people = [
        m.entity
        for m in ctx.mentions_in(start, question.clause[0])
        if ctx.quote_at(m.start) < 0 and m.entity.kind == "person"
    ]
    return people[0] if people else None


def _sole_person_of_gender(ctx: Context, pos: int, want: str) -> Entity | None:
    """The one person the pronoun's own sentence names before it, outside quoted words, when the article
    shows that person to be of the pronoun's gender and shows nothing of the focus's ("After Ada Orrin
    lost the vote, as she said ...", the focus a man the article gives no pronoun): the pronoun's gender
    is the only evidence, and it points at the person named. Not when the focus's gender is known (two
    men: the focus stays) or the sentence names anyone else."""
    focus = ctx.focus
    if focus is not None and focus.kind == "person" and focus.gender is not None:
        return None
    named = {
        id(m.entity): m.entity
        for m in ctx.mentions_in(ctx.sentence.start, pos)
        if ctx.quote_at(m.start) < 0 and not ctx.registry.used_as_thing(m.entity)
    }
    if len(named) != 1:
        return None
    ent = next(iter(named.values()))
    return ent if ent.kind == "person" and ent is not focus and ent.gender == want else None


def _previous_sole_person(ctx: Context, pos: int, want: str) -> Entity | None:
    """The person a he/she subject takes up from the sentence before, in the same paragraph, when that
    sentence names only that person ("Since then Ivo Vell has slipped. "I'm still here," he said"; "Vell
    did not reply. Later, he said ..."): the story has moved on to them from an earlier speaker.

    Not when this sentence names someone before the pronoun, when the sentence before has a he/she of
    that gender of its own ("He also praised Vell": its subject is someone else), a statement by someone
    else, or names the person only as a possessive or after a preposition ("Orrin met with Vell": an
    object); names inside quoted words never count."""
    if len(ctx.sentence_spans) < 2:
        return None
    cur, prev = ctx.sentence_spans[-1], ctx.sentence_spans[-2]
    if "\n" in ctx.work[prev.start : cur.start] or any(
        ctx.quote_at(m.start) < 0 for m in ctx.mentions_in(cur.start, pos) if m.entity.kind == "person"
    ):
        return None
    named = [
        m
        for m in ctx.mentions_in(prev.start, prev.end)
        if ctx.quote_at(m.start) < 0 and not ctx.registry.used_as_thing(m.entity)
    ]
    # Possessives and objects of a preposition ("approval of the Harbour Act") are not the sentence's
    # subject, which is what a following he/she takes up.
    w = ctx.work
    subjects = {
        id(m.entity): m.entity
        for m in named
        if not _POSSESSIVE_RE.match(w, m.end) and not _OBJECT_RE.search(w, prev.start, m.start)
    }
    if len(subjects) != 1:
        return None
    ent = next(iter(subjects.values()))
    if ent.kind != "person" or ent.gender not in (None, want):
        return None
    own = _SHE_SUBJECT_RE if want == "f" else _HE_SUBJECT_RE
    # A he/she before the person's name ("He also praised Vell") shows the sentence's subject is someone
    # else; one after it ("Vell, who ..., rallied voters with a plan that he says ...") is that person.
    first = min(m.start for m in named if m.entity is ent)
    if any(own.search(ctx.work[a : min(b, first)]) for a, b in ctx.unquoted(prev.start, first)):
        return None
    name = ent.speaker().name
    if any(prev.start <= d.start < prev.end and d.speaker.name != name for d in ctx.drafts):
        return None
    return ent
