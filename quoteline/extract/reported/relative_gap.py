"""A cue in a relative clause with no relative word, whose object is the noun before its subject: "the
rifts he vowed to mend have grown", "a fact she often mentions on the trail", "the kind of race Orrin
hoped to be running", "the changes his aides have asked for". Nothing is said there: the clause describes that
noun, and what follows the cue is the gap where its object would stand, then the main clause or an adjunct."""

from __future__ import annotations

import re
from collections.abc import Container

from quoteline.extract.text import word_set

# Verbs and closed-class words show a clause, not a noun phrase, before the subject ("this week when he ...").
_NOT_IN_NOUN_PHRASE = word_set(
    """is are was were be been has have had do does did will would can could may might must when where while
    whether if as because since after before until and or but so then than who whom whose which what how why
    now also only even just still not never"""
)
_CLOSED = "(?:" + "|".join(sorted(_NOT_IN_NOUN_PHRASE)) + r")\b"
_NOUN_WORD = rf"(?!{_CLOSED})[a-z][\w’'\-]*"
# A noun phrase opened by a determiner (up to five words, maybe "that" after it) right before the subject.
_NOUN_BEFORE_SUBJECT_RE = re.compile(
    r"(?:(?P<prev>[A-Za-z]+)\s+)?\b(?i:the|a|an|this|that|these|those|its|his|her|their|our|every|any)"
    rf"\s+(?P<np>(?:{_NOUN_WORD}\s+){{0,4}}?)(?P<head>{_NOUN_WORD})\s+(?P<that>that\s+)?$"
)
# A subject phrase that took the noun in with the name after it ("campaign Orrin"): the name is the subject.
_NOUN_THEN_NAME_RE = re.compile(rf"(?:{_NOUN_WORD}\s+)+(?=[A-Z])")
# Words that open a subject phrase of their own ("the Harbour Board", "his Drevnian allies", "she").
_SUBJECT_OPENERS = word_set(
    """he she they we it i you the a an this that these those its his her their our"""
)
# A determiner after one of these opens an adjunct ("In an interview he said", "After the vote she promised").
_PREPOSITIONS = word_set(
    """in on at during after before with from for to by into over under since until through amid among against
    about of like within without across"""
)
# Heads that name a time, so the phrase is an adjunct ("This week the mayor promised to act by May").
_TIME_HEADS = word_set(
    """day days week weeks weekend month months year years morning afternoon evening night time times moment
    season spring summer fall autumn winter decade century hour hours minute period term session"""
)
# Nouns a that-clause completes ("the news that she hoped to run in May"): "that" is no relative word there.
_COMPLEMENT_HEADS = word_set(
    """fact news idea claim claims belief hope hopes notion possibility report reports sense view suggestion
    argument word assurance assurances promise warning sign signs evidence impression feeling concern concerns
    fear fears chance likelihood prospect assumption theory rumor rumors rumour rumours allegation allegations
    statement point reminder message signal speculation conclusion indication"""
)
# The subject phrase is the antecedent of a relative word of its own ("a setback for Mayor Orrin Brask, who
# pledged to ..."): the clause has its subject in that word, so there is no gap to fill.
_OWN_RELATIVE_WORD_RE = re.compile(r"\s*,\s*(?:who|which)\b")
# What follows a cue whose object is a gap: an infinitive with no object of its own (then punctuation, an
# adjunct or the main clause's verb), a preposition (stranded: "asked for", "warned about in its report"), or
# the main clause's verb.
_GAP_CONTENT_RE = re.compile(
    r"(?:to\s+(?:be\s+)?[a-z]+(?=\s*(?:[,.;:!?—–)]|$)|\s+(?:by|in|on|at|for|with|as|from|during|after|before|since|"
    r"until|over|into|again|now|then|have|has|had|is|are|was|were|will|would|could|can|may|might)\b)"
    r"|(?:about|for|of|on|in|at|to|with|from|during)\b"
    r"|(?:is|are|was|were|has|have|had)\b)"
)


def object_gap(w: str, lo: int, subject: tuple[int, int], a: int, b: int, cue_forms: Container[str]) -> bool:
    """True when the subject phrase ``subject`` follows a noun phrase with no verb or comma between
    (``lo`` is the sentence start) and the content w[a:b] opens with a gap, not with an object or a clause.
    A head that is a verb ("the board knows she ...": a cue form, a past tense, an auxiliary) is no noun."""
    if not _GAP_CONTENT_RE.match(w, a, b) or _OWN_RELATIVE_WORD_RE.match(w, subject[1], a):
        return False
    subject_start = subject[0]
    lead = _NOUN_THEN_NAME_RE.match(w, subject_start, subject[1])
    if lead is not None and w[subject_start : lead.end()].split()[0].lower() not in _SUBJECT_OPENERS:
        subject_start = lead.end()
    m = _NOUN_BEFORE_SUBJECT_RE.search(w, max(lo, subject_start - 80), subject_start)
    if m is None:
        return False
    words = [*m.group("np").split(), m.group("head")]
    if (m.group("prev") or "").lower() in _PREPOSITIONS or any(
        x.lower() in _NOT_IN_NOUN_PHRASE for x in words
    ):
        return False
    head = m.group("head").lower()
    if head in cue_forms or head.endswith(("ed", "ly")):
        return False
    return head not in _TIME_HEADS and not (m.group("that") and head in _COMPLEMENT_HEADS)
