"""Who a sentence opens with: the person named first (or first after an opening phrase or clause), the person
after "was"/"is" in an inverted sentence, or the person a role description at its start stands for. The focus
and the he/she readings build on these."""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING

from quoteline.extract.clauses import np_token, words_between
from quoteline.extract.coref import names_a_people
from quoteline.extract.entities import Entity, Mention
from quoteline.extract.mentions import ROLE_NOUNS
from quoteline.extract.subjects.patterns import (
    CLAUSE_WORDS,
    MAX_SUBJECT_OFFSET,
    NOT_HEAD_NOUNS,
    PREPOSITION_END_RE,
    QUOTE_MARKS,
    STAFF_MODIFIERS,
    SUBORDINATE_OPENING_RE,
    agent_noun,
    occupation_prefix,
    speaking_noun,
)
from quoteline.extract.text import word_set

if TYPE_CHECKING:
    from quoteline.extract.context import Context

_CAPITALISED_WORDS_RE = re.compile(r"\s*(?:[A-Z][\w.'’\-]*\s+)*")
# A copula right before a name: the subject of an inverted sentence ("Also on the stage was Ada Orrin").
_INVERTED_COPULA_RE = re.compile(r"\b(?:was|is|were|are)\s+$")
# What may follow the name that ends an inverted sentence's subject: an appositive's comma or the full stop.
_NAME_PHRASE_END_RE = re.compile(r"\s*(?:[,.;]|$)")
# A sentence whose subject is a role description ("The senator then called ...", "Speaking on Sunday, the
# president framed ...", "Instead, the businessman has insisted ..."): the description, an optional opening
# phrase before it set off by a comma, and a finite verb after up to two auxiliaries or adverbs.
_DESCRIBED_SUBJECT_RE = re.compile(
    r"\W*(?:[^,;:\"“”\n]{1,120},\s+)?(?P<np>[Tt]he\s+(?:[a-z][\w\-]*\s+){0,2}?(?P<noun>[a-z][\w\-]*))\s+"
    r"(?:(?:also|then|later|again|still|has|had|have|would|will|did|does)\s+){0,2}[a-z]{2,}(?:ed|s)\b"
)
# Sentence openers that show the subject comes before the verb ("The winner was Ada Orrin").
_DETERMINER_OPENERS = word_set("the a an this that these those his her their its our my your one")
_MAX_MODIFIED_WORDS = 6  # words between a name used as a modifier ("Vell adviser") and the name it leads to


def opens_before(ctx: Context, pos: int) -> bool:
    """True when the current sentence names someone before ``pos``."""
    k = bisect.bisect_left(ctx.mention_starts, ctx.sentence.start)
    return k < len(ctx.mention_starts) and ctx.mention_starts[k] < pos


def sentence_subject(ctx: Context, at: int | None = None) -> Entity | None:
    """The person the current sentence opens with ("Vladimir Putin had a call ..."), if any: its first
    name, else the first name after the comma that closes an opening phrase ("Filling in for Vell at the
    rally, Orrin told ...", "Ever since she took office, Orrin has ...": Orrin). A verb at ``at`` inside
    an opening subordinate clause has that clause's own subject ("When Orrin arrived and said ...")."""
    found = _opening_subject(ctx, at)
    return found if found is not None else _inverted_subject(ctx)


def described_subject(ctx: Context) -> Entity | None:
    """The person a sentence's subject describes by role ("Speaking on Sunday, the president framed the
    attack as ...", "Instead, the businessman has insisted ..."): the one the article named in that role
    before (never an office holder it has not named), for a pronoun in the sentences after."""
    s = ctx.sentence
    m = _DESCRIBED_SUBJECT_RE.match(ctx.work, s.start, s.end)
    if m is None or m.group("noun") not in ROLE_NOUNS or ctx.quote_at(m.start("np")) >= 0:
        return None
    if any(c in ctx.work[s.start : m.start("np")] for c in QUOTE_MARKS):
        return None
    ent = ctx.registry.describe(m.group("np"), m.start("np"), ctx.focus, use_holder=False)
    if ent is None or ent.kind != "person" or names_a_people(ent):
        return None
    return ent


def _opening_subject(ctx: Context, at: int | None = None) -> Entity | None:
    s = ctx.sentence
    k = bisect.bisect_left(ctx.mention_starts, s.start)
    if k >= len(ctx.mention_starts) or ctx.mention_starts[k] >= s.end:
        return None
    found = _subject_at(ctx, k)
    clause = SUBORDINATE_OPENING_RE.match(ctx.work, s.start, s.end)
    if (
        found is not None
        and clause is not None
        and ctx.mention_starts[k] < clause.end()
        and (at is None or at >= clause.end())
    ):
        # "When Ada Orrin pointed out ..., Vell seized on it": the clause's subject is not the
        # sentence's while the main clause opens with a person of its own.
        main = _main_clause_subject(ctx, clause.end())
        return main if main is not None else found
    if found is not None:
        return found
    if clause is not None and (at is None or at >= clause.end()):
        main = _main_clause_subject(ctx, clause.end())
        if main is not None:
            return main
    for j in range(k + 1, len(ctx.mention_starts)):
        m = ctx.registry.mentions[j]
        opening = ctx.work[s.start : m.start]
        if m.start >= s.end or any(c in opening for c in QUOTE_MARKS):
            return None
        if s.start + opening.rfind(",") > ctx.registry.mentions[j - 1].end:
            return _subject_at(ctx, j)
    return None


def _main_clause_subject(ctx: Context, clause_end: int) -> Entity | None:
    """The person named first after an opening subordinate clause ending at ``clause_end``, when that name
    opens the main clause (only a title or modifier before it, or the clause's closing quote mark)."""
    s = ctx.sentence
    j = bisect.bisect_left(ctx.mention_starts, clause_end)
    if j >= len(ctx.mention_starts) or ctx.mention_starts[j] >= s.end:
        return None
    m = ctx.registry.mentions[j]
    if ctx.quote_at(m.start) >= 0 or any(c in ctx.work[clause_end : m.start] for c in QUOTE_MARKS):
        return None
    between = ctx.work[clause_end : m.start]
    if between.strip():
        # Only a capitalised title or modifier may stand before the name ("When …, Senator Vell said");
        # "…, and of Vell's …" goes on with the clause.
        return _subject_at(ctx, j) if _CAPITALISED_WORDS_RE.fullmatch(between) else None
    ent = m.entity
    person = ent.kind == "person" and not names_a_people(ent)
    return ent if person and not ctx.registry.used_as_thing(ent) else None


def _inverted_subject(ctx: Context) -> Entity | None:
    """The person named right after "was"/"is" when the sentence opens with an adverb or a phrase of place
    instead of its subject ("Also on the stage was Ada Orrin, a retired pilot", "Across the bay, in a
    borrowed office, is Ivo Vell."): the subject follows its verb. A sentence opening with a determiner or
    a possessive ("The winner was …", "Her husband is …") has its subject before the verb and is left
    alone."""
    s = ctx.sentence
    first = ctx.work[s.start : s.end].split()[:1]
    if not first or first[0].lower().strip("\"“'‘") in _DETERMINER_OPENERS:
        return None
    for m in ctx.mentions_in(s.start, s.end):
        if ctx.quote_at(m.start) >= 0 or not _INVERTED_COPULA_RE.search(ctx.work, s.start, m.start):
            continue
        if not _NAME_PHRASE_END_RE.match(ctx.work, m.end, s.end):
            return None
        ent = m.entity
        person = ent.kind == "person" and not names_a_people(ent)
        return ent if person and not ctx.registry.used_as_thing(ent) else None
    return None


def _subject_at(ctx: Context, k: int) -> Entity | None:
    """The person mention ``k`` names, when it opens the current sentence or its main clause."""
    s = ctx.sentence
    m = ctx.registry.mentions[k]
    if m.start - s.start > MAX_SUBJECT_OFFSET:
        return None
    qi = ctx.quote_at(m.start)
    if qi >= 0 and ctx.quotes[qi].outer_end < s.end:
        # A name inside a quotation that opens the sentence ("“..., Velmar,” he said") is quoted, not
        # the sentence's subject: the attribution after the quote names who speaks.
        return None
    prefix = ctx.work[s.start : m.start]
    if "," in prefix:
        prefix = prefix[prefix.rfind(",") + 1 :]
    # A dateline's dash, also a spaced hyphen in plain-text copy ("OSTRAVEN, Lusmark - Name ...").
    prefix = re.sub(r"\s-{1,2}\s|\([^()]{1,30}\)", " ", prefix.replace("–", " ").replace("—", " "))
    words = words_between(prefix, 0, len(prefix))
    if all(np_token(t) for t in words) or occupation_prefix(words):
        ent = _head_after_modifier(ctx, k, s.end).entity
        person = ent.kind == "person" and not names_a_people(ent)
        return ent if person and not ctx.registry.used_as_thing(ent) else None
    return None


def _role_head(words: list[str]) -> bool:
    """Whether the words after a name open on a role noun the name modifies ("adviser", "Vell adviser and
    retired general"), or on a staff's modifiers before one ("campaign chairman", "senior communications
    adviser", "press secretary": "Vell campaign chairman Ada Orrin" is Orrin, not Vell). Only those
    modifiers: a verb may stand there too ("Vell told reporter Ada Orrin")."""
    for i, word in enumerate(words):
        if speaking_noun(word) or agent_noun(word):
            return all(w in STAFF_MODIFIERS for w in words[:i])
    return False


def _head_after_modifier(ctx: Context, k: int, end: int) -> Mention:
    """Mention ``k``, or the name its phrase goes on to when it only modifies a role noun ("Former Vell
    adviser and retired general Ada Orrin was on stage": Orrin, not Vell)."""
    m = ctx.registry.mentions[k]
    if k + 1 >= len(ctx.mention_starts) or ctx.mention_starts[k + 1] >= end:
        return m
    nxt = ctx.registry.mentions[k + 1]
    between = ctx.work[m.end : nxt.start]
    words = [w.strip(",") for w in between.split()]
    if (
        not words
        or len(words) > _MAX_MODIFIED_WORDS
        or not words[0].islower()
        or words[0] in NOT_HEAD_NOUNS
        or not _role_head(words)
        or any(c in between for c in ';:.()"“”')
        or between.count(",") > 1
        or ("," in between and between.rstrip()[-1] != ",")  # only an appositive: "Vell adviser, Orrin"
        or any(w.lower() in CLAUSE_WORDS and w.lower() != "and" for w in words)
        or nxt.entity.kind != "person"
        or PREPOSITION_END_RE.search(between)  # "leader of the Harbour Party": an object, not a name
    ):
        return m
    return nxt
