"""Where the content of a forward reporting cue starts: after "that", past the listener of "told" ("told
reporters the fares would rise"), a leading time phrase, the preposition of "expressed concern over", or
a short quoted label ("described as “nonsense” the plan")."""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping

from quoteline.extract import clauses
from quoteline.extract.context import Context
from quoteline.extract.cues import CueMatch
from quoteline.extract.quote_words import MIN_QUOTE_WORDS, word_count
from quoteline.extract.reported.text_scan import BARE_DAY_RE, THAT_RE, skip_space
from quoteline.extract.text import word_set

_MAX_WORDS_BEFORE_THAT = 6
_MAX_WORDS_BEFORE_THAT_ADJUNCT = 12


# Nouns whose "that" opens their own complement ("the claim that ..."), not the cue's content.
_COMPLEMENT_NOUNS = word_set(
    """claim claims fact idea notion report reports view belief hope assertion allegation allegations
    suggestion impression news rumour rumours rumor rumors argument accusation accusations
    possibility assurance assurances statement warning threat proposal"""
)
_ADJUNCT_PREPS = word_set("""in on at during via through from after before""")
# A capitalised title of up to six words in quotes ("“Harbour Week,”", "''Meet the Valo''"), whose closing
# comma the quote may hold.
_QUOTED_TITLE_RE = re.compile(
    r"(?:[\"“]|'')[A-Z][\w'’.&\-]*(?:\s+(?:[A-Z][\w'’.&\-]*|of|the|and|with|a|in|on|for|to)){0,5},?(?:[\"”]|'')"
)
_COORDINATORS = word_set("""and but or""")
# A clause of its own before "that": a subject pronoun opening it or an auxiliary inside it ("said he
# believed that", "said the board had known that"), so "that" belongs to the content, not to the cue.
_SUBJECT_PRONOUNS = word_set("""he she they it we i you""")
_AUXILIARIES = word_set(
    """is was were are am has have had will would could can should must may might did does do isn't wasn't
    won't wouldn't didn't doesn't"""
)


_IRREGULAR_SAYING_PAST = word_set("""said told wrote""")
_DETERMINERS = word_set("""a an the his her their its our this that""")


def _own_clause(before: list[str], cue_forms: Mapping[str, object]) -> bool:
    """True when the words between the cue and "that" are a clause of the content's own: a subject pronoun
    opens them, an auxiliary sits in them, or a cue of their own subject in the past ("said the board
    requested that …": the "that" is the inner cue's, and the whole clause is what was said)."""
    if not before:
        return False
    if before[0] in _SUBJECT_PRONOUNS or any(t in _AUXILIARIES for t in before):
        return True
    return before[0] not in _ADJUNCT_PREPS and any(
        t in cue_forms and (t.endswith("ed") or t in _IRREGULAR_SAYING_PAST) and prev not in _DETERMINERS
        for prev, t in itertools.pairwise(before)
    )


# "described changes that were driving …", "opposed a bill that would have …", "said that would be wrong": a
# "that" right before a finite verb is a relative pronoun or a subject, never the complementizer; the
# content opens at the cue's object. An -ed form counts only with an object after it ("that armed men ...").
_THAT_BEFORE_VERB_RE = re.compile(
    r"\s+(?:is|was|were|are|has|have|had|will|would|could|can|should|may|might|must|did|does|"
    r"[a-z]+n't|[a-z]+ed\s+(?:the|a|an|his|her|their|its|our|to|that|in|on|by|for|with))\b"
)


# "expressed concern over X", "voiced hope for X": cues whose object follows a preposition.
_EMOTION_CUE_LEADS = ("express", "voic")
_OBJECT_PREP_RE = re.compile(r"(?:over|about|at|for|regarding|with|concerning|in|to)\s+", re.IGNORECASE)


# The first word of an aside between commas: a preposition or an adverb, never a subject or a verb (", he
# said, why ...", ", would bring jobs, ..." go on with the sentence).
_ASIDE_LEAD = (
    r"in|for|among|above|at|by|inter|once|on|with|however|moreover|again|also|first|firstly|secondly|finally|"
    r"therefore|thus|[a-z]+ly"
)
# A short aside right after the cue, and the content after it: between commas, in lower case ("noting, in
# particular, that ...", "noted, among other things, the readiness ..."), or between dashes ("said — as the
# Courier reported — “...”"; not "the Vellish states - small ones - helped", where a verb follows).
_ASIDE_RE = re.compile(
    rf",\s+(?:{_ASIDE_LEAD})\b(?:\s+[a-z][\w\-]*){{0,2}},\s+(?:that\s+)?|"
    r"[\-–—]\s+[^\-–—;:\"“”]{1,60}?\s+[\-–—]\s+"
    r"(?:that\s+|(?=[\"“A-Z]|(?:the|a|an|he|she|it|they|we|this|there)\s))"  # a clause or a quote, no verb
)


# After a bare weekday, a content opens: a clause (a pronoun, an article, a name) or an infinitive.
_DAY_THEN_CONTENT_RE = re.compile(
    r"\s+(?:to\s+[a-z]|(?:he|she|they|it|we|I|there)\b|(?:the|a|an|his|her|their|its|this|these|no)\s|[A-Z])"
)


# "said in a statement it would appeal", "announced on Facebook on Tuesday there were suspects", "said on last
# Wednesday they had run out": a short adjunct of medium, place or time before a bare clause that a pronoun
# opens belongs to the cue (its day dates the statement), not to the content.
_ADJUNCT_BEFORE_CLAUSE_RE = re.compile(
    r"(?:in|on|via|through|at|during|over|late|early|earlier)\b"
    r"(?:\s+(?!(?:that|if|when|because|while|although|though|since|unless|whether|what|which|who|where|how|why|"
    r"as|and|or|but|even)\b)[\w'’\-]+){0,7}?\s+"
    r"(?=(?:he|she|it|they|we|there|I)(?:['’](?:d|s|ll|ve|re))?\s+[a-z])"
)


def content_start(ctx: Context, cue: CueMatch, hi: int) -> int:
    w = ctx.work
    i = skip_space(w, cue.end, hi)
    aside = _ASIDE_RE.match(w, i, hi)
    if aside is not None and cue.entry.takes != "object":
        return skip_space(w, aside.end(), hi)
    if cue.entry.takes != "object":
        window = w[i : min(hi, i + 120)]
        m = THAT_RE.search(window)
        # An adjunct may run longer before the "that": "wrote in the auction notice of the old rifle that".
        limit = (
            _MAX_WORDS_BEFORE_THAT_ADJUNCT
            if window.split()[:1] and window.split()[0].lower() in _ADJUNCT_PREPS
            else _MAX_WORDS_BEFORE_THAT
        )
        lead = window[: m.start()] if m else ""
        if limit == _MAX_WORDS_BEFORE_THAT_ADJUNCT:
            # "said on Valo TV's “Harbour Week” that": a programme's title inside the adjunct is no content.
            lead = _QUOTED_TITLE_RE.sub(" Title ", lead)
        if (
            m
            and len(lead.split()) <= limit
            and not re.search(r"[,;:\"“”]", lead)
            and not _THAT_BEFORE_VERB_RE.match(window, m.end())
        ):
            before = [t.lower() for t in window[: m.start()].split()]
            # "said in a statement that ...": the noun sits in an adjunct, so "that" still opens the content;
            # "said A and that B": the "that" opens a second content, A comes first.
            adjunct = bool(before) and before[0] in _ADJUNCT_PREPS
            # "said he had read that report": the "that" sits inside the content's own clause.
            if not _own_clause(before, ctx.lex.by_form) and (
                not before
                or (before[-1] not in _COORDINATORS and (adjunct or before[-1] not in _COMPLEMENT_NOUNS))
            ):
                return skip_space(w, i + m.end(), hi)
    if cue.entry.cue in _TELLING_CUES:
        i = _after_listener(w, i, hi)
    m2 = clauses.TEMPORAL_LEAD_RE.match(w, i, hi)
    if m2:
        i = m2.end()
    else:
        # "said Wednesday she would run", "promised Monday to act": the weekday dates the cue; the content
        # is the clause or infinitive after it.
        day = BARE_DAY_RE.match(w, i, hi)
        if day is not None and _DAY_THEN_CONTENT_RE.match(w, day.end(), hi):
            i = skip_space(w, day.end(), hi)
    if cue.entry.takes != "object":
        opening = _ADJUNCT_BEFORE_CLAUSE_RE.match(w, i, hi)
        if opening is not None and not re.search(r"[,;:\"“”]", w[i : opening.end()]):
            i = opening.end()
    if cue.form.split()[0].startswith(_EMOTION_CUE_LEADS):
        # "expressed concern over the incident": the preposition is the cue's, the object is the content.
        m3 = _OBJECT_PREP_RE.match(w, i, hi)
        if m3:
            i = m3.end()
    # "described as “nonsense” the claim ...": a short quoted label right after the cue is not content.
    k = ctx.quote_at(i)
    if k >= 0 and ctx.quotes[k].open == i:
        q = ctx.quotes[k]
        if word_count(w[q.inner.start : q.inner.end]) < MIN_QUOTE_WORDS and cue.entry.takes == "object":
            i = skip_space(w, q.outer_end, hi)
    return i


# "told her the crossing would close", "told the harbour board the fares would rise": the listener is the
# cue's indirect object, not content. A listener is a pronoun, a plural audience noun, a noun phrase ending
# in an audience noun, or a capitalised name (an outlet's with its article: "told the Courier the fares would
# rise") followed by a word that can open a clause.
_TELLING_CUES = frozenset({"tell"})
_AUDIENCE = (
    r"(?:reporters|journalists|correspondents|lawmakers|legislators|deputies|delegates|senators|members|"
    r"parliament|press|media|crowd|audience|board|committee|council|assembly|chamber|senate|congress|cabinet|"
    r"conference|briefing|summit|forum|meeting|gathering|session|hearing|newspaper|agency|broadcaster|radio|"
    r"television|channel|station|magazine|paper|newspapers|supporters|voters|students|workers|officials|diplomats|leaders|"
    r"ministers|envoys|investors|residents|parliamentarians|party|nation|country|people|public)"
)
_CLAUSE_OPENER = (
    r"(?:the|a|an|it|he|she|they|we|i|there|this|these|those|his|its|their|our|no|all|some|[A-Z][\w'\-]*)\b"
)
# Words that cannot sit inside a listener's noun phrase: "told her the board would meet" has no listener
# noun phrase "her the board".
_FUNCTION_WORD = (
    r"(?:the|a|an|it|he|she|they|we|i|there|this|that|these|those|would|will|could|should|had|has|have|"
    r"was|were|is|are|not|no)\b"
)
_LISTENER_RE = re.compile(
    r"(?:(?:the|a|an|his|her|their|its|our)\s+)?(?:(?!"
    + _FUNCTION_WORD
    + r")[\w'\-]+\s+){0,3}"
    + _AUDIENCE
    + r"\s+|(?:her|him|them|me|us|you)\s+(?="
    + _CLAUSE_OPENER
    + r")|(?:the\s+)?(?:[A-Z][\w'\-]*\s+){1,3}(?="
    + _CLAUSE_OPENER
    + r")",
)


def _after_listener(w: str, i: int, hi: int) -> int:
    """Where a telling cue's content starts once its listener ("her", "reporters", "the board") is skipped."""
    m = _LISTENER_RE.match(w, i, hi)
    if m is None or m.end() >= hi:
        return i
    j = skip_space(w, m.end(), hi)
    that = re.match(r"that\s+", w[j:hi])
    return skip_space(w, j + that.end(), hi) if that else j
