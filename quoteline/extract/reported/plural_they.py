"""A subject "they" that no speaker, pair or institution has taken: the plural subject that opens the
sentence before, in the same paragraph ("Harbour fishermen walked out on Monday. They say the levy is
unfair."; "Ada Vell and her allies argue A. They note B."). News copy introduces a group by what it does and
reports its words in the next sentence; without this reading the group's statement is lost.

The group speaks unnamed, as written ("Harbour fishermen"), unless it is a coordination holding people the
article names ("Ada Vell and her allies"), who then speak for it. Its head must name people by its form (an
agent noun: "workers", "activists", "residents", "Republicans", "fishermen"), so things ("Prices rose.
They say ...") never speak.
"""

from __future__ import annotations

import re

from quoteline.extract.context import Context
from quoteline.extract.mentions import unnamed_word
from quoteline.extract.model import Speaker

# Words that may open a sentence before its subject: a connective, or a subordinator whose clause the subject
# opens ("Although some pilots say A, B. They say C").
_OPENER = (
    r"(?:(?:But|And|Yet|Still|Now|Meanwhile|Instead|However|So|Then|Today|Also|Although|Though|While|When|As|"
    r"Because|Since|After|Before|If|Once|Even\s+as|Even\s+though)\s*,?\s+)?"
)
# Capitalised words that never start the subject: an adverb or a subordinator ("Probably", "Although").
_NOT_SUBJECT_START = (
    r"(?![A-Z][a-z]+ly\b|(?:Although|Though|While|When|As|Because|Since|After|Before|If|Once|Unless|Until|"
    r"Where|Whether|In|On|At|For|With|From|By|To|Of)\b)"
)
# Words before the plural head: determiners and possessives, capitalised modifiers ("Verizon", "Harbour",
# "ISIS"), a coordination with a person ("She and her"), and one lower-case modifier that is no verb form
# ("local", "striking" is left out as an -ing form, "retired" as an -ed form).
_DETERMINER = (
    r"(?:the|these|those|many|some|most|other|both|all|his|her|their|its|and|several|"
    + _NOT_SUBJECT_START
    + r"[A-Z][\w'’.\-]*)"
)
_MODIFIER = (
    r"(?:(?!(?:[a-z]+(?:ed|ing)|is|are|was|were|has|have|had|will|would|of|in|on|at|no|not|nobody|everybody|"
    r"somebody|anybody|everyone|someone|anyone|as|for|to|by|with|from|and|or|but|that|than|who|which)\s)"
    r"[a-z][\w'’\-]*)"
)
# The head is a plural that names people: an agent noun by its ending ("workers", "protesters",
# "activists", "residents", "immigrants", "Republicans", "fishermen", "employees"; not "fees"), or a few
# plurals of groups; not "-ments" ("comments", "statements": what was said, not who). "Prices rose. They
# say ..." has no group to take up.
_AGENT_HEAD_RE = re.compile(
    r"[A-Za-z][a-z'’\-]*(?:ers|ors|ists|ants|(?<!m)ents|ans|(?<=[a-z]{3})ees|ives|ates|iers|ics|men)|people|police|folks|"
    r"groups|families|couples|crowds|unions|parties|campaigns"
)
# Any plural, which must then be such a noun or a word of unnamed sources ("allies", "critics", "aides").
_PLURAL_HEAD = r"(?P<head>[A-Za-z][a-z'’\-]*(?:s|men)|people|police)"
_NOUN_PHRASE = (
    _NOT_SUBJECT_START + r"(?:" + _DETERMINER + r"\s+){0,4}(?:" + _MODIFIER + r"\s+)?" + _PLURAL_HEAD
)
_OF_PHRASE = r"\s+of\s+(?:the\s+)?(?:[\w'’\-]+\s+){0,2}?[\w'’\-]+"
_SUBJECT = r"\s*" + _OPENER + r"(?P<np>" + _NOUN_PHRASE
# The verb right after the subject (an adverb or auxiliary may come first): not a relative clause, a
# preposition of the subject's own phrase or a comma. After an "of" phrase, whose last word could be read as
# a verb ("Members of the dock union walked out"), only a past tense or an auxiliary is taken as the verb.
_ADVERBS = r"\s+(?:(?:also|still|now|have|had|are|were|[a-z]+ly)\s+){0,2}"
_PLURAL_SUBJECT_RES = (
    re.compile(
        _SUBJECT
        + _OF_PHRASE
        + r")"
        + _ADVERBS
        + r"(?:[a-z]+ed|are|were|have|had|say|said|told|wrote|made|went|took|came|gave|spoke|met|left|held|"
        + r"began)\b"
    ),
    re.compile(
        _SUBJECT + r")" + _ADVERBS + r"(?!(?:who|which|that|of|in|on|at|from|for|with|and|or|to)\b)[a-z]+\b"
    ),
)
_LEADING_DETERMINER_RE = re.compile(r"^(?:the|these|those)\s+", re.IGNORECASE)
# A longer sentence before tells more than its subject's act: "they" may be anyone it names.
_MAX_PREVIOUS_CHARS = 400


def group_before_they(ctx: Context, pos: int) -> list[Speaker]:
    """The speakers of a subject "they" at ``pos`` that nothing else resolved: the plural subject opening
    the same sentence before it ("Harbour Liberals stalled the bill because they said ..."), else the one
    opening the sentence before in the same paragraph, or none."""
    if not ctx.sentence_spans:
        return []
    cur = ctx.sentence_spans[-1]
    w = ctx.work
    m = next((m for r in _PLURAL_SUBJECT_RES if (m := r.match(w, cur.start, pos))), None)
    if m is not None and m.end("np") < pos and ctx.quote_at(m.start("np")) < 0:
        # The subject of the clause "they" depends on, or of the clause before it: "Although some skippers
        # voted yes, they say ...", "Harbour Democrats walked out, and they said ...".
        group = _group_speaker(ctx, m, *m.span("np"))
        if group:
            return group
    if len(ctx.sentence_spans) < 2:
        return []
    prev = ctx.sentence_spans[-2]
    if "\n" in w[prev.start : cur.start] or cur.start - prev.start > _MAX_PREVIOUS_CHARS:
        return []
    m = next((m for r in _PLURAL_SUBJECT_RES if (m := r.match(w, prev.start, prev.end))), None)
    if m is None or ctx.quote_at(m.start("np")) >= 0:
        return []
    return _group_or_its_people(ctx, m, prev.end)


def _group_or_its_people(ctx: Context, m: re.Match[str], prev_end: int) -> list[Speaker]:
    """The speakers of the plural subject ``m`` of the sentence before, which ends at ``prev_end``."""
    w = ctx.work
    np_start, np_end = m.span("np")
    if " and " in " ".join(w[np_start:np_end].split()):
        # "Ada Vell and her allies argue A. They note B.": whoever spoke for that subject speaks again.
        spoke = [d.speaker for d in ctx.drafts if d.cue_span and np_end <= d.cue_span[0] < prev_end]
        people = [mention.entity.speaker() for mention in ctx.mentions_in(np_start, np_end)]
        people = [sp for sp in people if sp.type == "person"]
        found = spoke or people
        if found:
            return list(dict.fromkeys(found))
    return _group_speaker(ctx, m, np_start, np_end)


def _group_speaker(ctx: Context, m: re.Match[str], np_start: int, np_end: int) -> list[Speaker]:
    """The unnamed speaker of the group phrase ``np_start``..``np_end`` whose match is ``m``."""
    head = m.group("head")
    if not (_AGENT_HEAD_RE.fullmatch(head) or unnamed_word(head)):
        return []  # "Prices rose": no group of people
    if head[:1].isupper() and not unnamed_word(head):
        if m.start("head") != np_start:
            return []  # "The Halvik Rovers": a capitalised name ending in s, no plural common noun
        if any(mention.start == np_start for mention in ctx.mentions_in(np_start, np_end)):
            return []  # a name opening the sentence ("Rovers beat ..."), not a common noun capitalised there
    phrase = " ".join(ctx.work[np_start:np_end].split())
    return [Speaker(_LEADING_DETERMINER_RE.sub("", phrase), "unnamed", None)]
