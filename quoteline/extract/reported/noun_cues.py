"""Statements told by a noun of saying after its owner's possessive: "Vell's claim that the pier is safe",
"her promise to reopen the ferry", "the council's repeated calls for a recount". The owner speaks; the
that-clause, the infinitive or the object of "for" is the content. The nouns and their complements are
``saying_nouns`` in ``data/cues.yaml``."""

from __future__ import annotations

import logging
import re

from quoteline.extract import clauses, kb
from quoteline.extract.context import Context
from quoteline.extract.cues import CueMatch, stance_for
from quoteline.extract.model import Draft, Speaker
from quoteline.extract.quote_words import word_count
from quoteline.extract.reported.content_end import IRREGULAR_PAST, content_end
from quoteline.extract.reported.mixed import with_mixed_quotes
from quoteline.extract.reported.text_scan import TRAIL_RE
from quoteline.extract.text import Span, word_set

logger = logging.getLogger(__name__)

# The owner: a capitalised name ("Ada Vell's", "Vell’s", "Rivers'"), a description ("the senator's",
# "the harbour board's") or a possessive pronoun. Then up to two adjectives, known by their endings
# ("repeated", "public", "clarion"; so "the President's plan calls for" has no noun "calls"),
# the noun, an optional time phrase ("last month"), and the complement word.
_OWNER = (
    r"(?P<owner>(?P<name>(?:[A-Z][\w.\-]*\s+){0,3}[A-Z][\w\-]*?)(?:['’]s|(?<=s)['’])"
    r"|(?P<desc>(?:the|a)\s+(?:[a-z\-]+\s+){0,2}[a-z\-]+)['’]s"
    r"|(?P<pronoun>\b(?:[Hh]is|[Hh]er|[Ii]ts)))"
)
_ADJECTIVE = (
    r"(?:[a-z][a-z\-]*(?:ed|al|ous|ive|ful|ent|ant|ic|est|ary|ory|ar|ly|on)|"
    r"[a-z][a-z\-]*ing|false|stern|new|bold|earlier|other|harsh|sharp|fierce|own)"
)
_NOUN_AND_COMPLEMENT = (
    r"(?P<noun>[a-z]+)"
    r"(?:\s+(?:last|this|earlier\s+this|on)\s+(?:week|month|year|spring|summer|fall|autumn|winter|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday))?"
    r"\s+(?P<comp>that|to|for|on|against)\s+(?P<next>[\w'’$\-]+)"
)
_NOUN_CUE_RE = re.compile(
    r"(?<![\w'’])" + _OWNER + r"\s+(?:" + _ADJECTIVE + r"\s+){0,2}?" + _NOUN_AND_COMPLEMENT
)
# The same nouns after a verb that only carries them, whose subject speaks: "Vell made a sudden call
# for an end to the subsidies", "the mayor has made other public promises to rebuild the pier", "the board
# issued a stern warning that ...". The article or quantifier shows the noun is the verb's object.
# Verbs that carry an attack go on, renew or open it: "Vell renewed her attacks on the levy", "launched a
# blistering attack against the board"; the owner's pronoun there is the subject's own.
_LIGHT_VERB_CUE_RE = re.compile(
    r"(?<![\w'’])(?:(?P<verb>made|makes|issued|issues)\s+(?:a|an|other|several|many|repeated|new|fresh)"
    r"|(?P<attack_verb>launched|launches|unleashed|unleashes|renewed|renews|continued|continues|stepped\s+up|"
    r"steps\s+up|escalated|escalates|intensified|intensifies|sharpened|sharpens)\s+(?:a|an|his|her|their|new|fresh))\s+"
    r"(?:" + _ADJECTIVE + r"\s+){0,2}?" + _NOUN_AND_COMPLEMENT
)
# Words after "to" that show a listener or a goal, not a verb: "his call to the governor", "her promise to
# voters" (a plural noun), "her call to Halvik" (a name), "a call to action".
_NOT_VERB = word_set(
    """the a an his her their its our my your this that these those him them us me you all every each some
    any no one two three four five action arms order duty prayer"""
)
_ADJECTIVE_ONLY_ENDINGS = ("ary", "ory", "ous", "ful", "ic", "ical", "lic")
# Words after "that" that make it a relative pronoun ("the claim that was rejected"), not a conjunction.
_RELATIVE_AFTER = word_set("""was were is are has had have will would could should can may might did does""")
# Where a noun's content ends inside its sentence: a dash (also a spaced hyphen, " - "), or a comma before
# a new clause or an aside ("Despite Vell's call to close the pier, the board voted ...", "..., which ...",
# "..., saying ...").
_CONTENT_BREAK_RE = re.compile(
    r"\s+[—–]|\s+--?\s|,\s+(?=(?:he|she|it|they|we|i|the|a|an|his|her|their|its|this|these|those|which|who|"
    r"where|when|while|but|and\s+(?:he|she|it|they|the)|[a-z]+ing\b|[A-Z]))"
)


def noun_drafts(ctx: Context, s: Span, taken: list[Draft]) -> list[Draft]:
    """Statements of sentence ``s`` told by a noun of saying, outside quotes and outside ``taken`` drafts'
    own cue clauses."""
    nouns = ctx.lex.saying_nouns
    if not nouns:
        return []
    w = ctx.work
    out: list[Draft] = []
    found = [*_NOUN_CUE_RE.finditer(w, s.start, s.end), *_LIGHT_VERB_CUE_RE.finditer(w, s.start, s.end)]
    for m in found:
        noun = m.group("noun").lower()
        spec = nouns.get(noun)
        if spec is None or m.group("comp") not in spec[1]:
            continue
        entry = spec[0]
        if ctx.quote_at(m.start()) >= 0 or ctx.quote_at(m.start("noun")) >= 0:
            continue  # a speaker's own words ("“his claim that …”, she said") are the quote's
        if not _complement_opens(m):
            continue
        if any(d.cue_span and d.cue_span[0] <= m.start("noun") < d.cue_span[1] for d in taken):
            continue
        if any(d.kind == "indirect" and d.start <= m.start("noun") < d.end for d in taken):
            # "Vell said Orrin's charge that … had emptied the harbour", "Vell dismissed Orrin's claims that
            # …": the noun is what the outer statement is about, part of its content, not a statement of its
            # own (PolNeAR studied slice: 16 such nouns matched nothing, 6 a required unit, 7 outlets).
            continue
        a = m.start("comp") if m.group("comp") == "to" else m.end("comp")
        while a < s.end and w[a].isspace():
            a += 1
        later = [c for c in ctx.lex.find(w, a, s.end) if ctx.quote_at(c.start) < 0]
        b = content_end(ctx, a, s, later)
        cut = _CONTENT_BREAK_RE.search(w, a, b)
        if cut is not None and ctx.quote_at(cut.start()) < 0:
            b = a + len(TRAIL_RE.sub("", w[a : cut.start()]))
        target = m.group("comp") in _TARGET_COMPLEMENTS
        if target:
            b = _target_end(w, a, b)
        # One word is content enough only as an attack's target by name ("his attacks on Brandt").
        if word_count(w[a:b]) < 2 and not (target and w[a:b][:1].isupper()):
            continue
        if target and (_ARMED_RE.search(w, m.start(), m.start("noun")) or _place_target(w[a:b])):
            continue  # "the army's missile attacks on ...", "Rusk's attack on Veldoria": acts of war
        speakers = _owner_speakers(ctx, s, m)
        if target:
            speakers = [
                sp for sp in speakers if sp.type == "person"
            ]  # a state's or a group's attack is no speech
        if not speakers:
            logger.debug("no speaker for %r of %r", m.group(0)[:40], noun)
            continue
        cue = CueMatch(entry, m.start("noun"), m.end("noun"), noun)
        stance = stance_for(entry, w[a:b], ctx.lex)
        drafts = [
            Draft(
                sp, "indirect", noun, (cue.start, cue.end), [(a, b)], (m.start(), a), stance, (s.start, s.end)
            )
            for sp in speakers
        ]
        out.extend(with_mixed_quotes(ctx, drafts, a, b, cue))
    return out


# Complements naming the target of an attack ("her attacks on the levy"), not a clause or an infinitive.
_TARGET_COMPLEMENTS = frozenset({"on", "against"})
# Words before "attack" that make it one of arms, not words: "the missile attacks on", "a terrorist attack".
_ARMED_RE = re.compile(
    r"\b(?:terror\w*|military|armed|missile|rocket|drone|air|suicide|chemical|cyber|nuclear|deadly|brutal|"
    r"violent|physical|unprovoked|bomb\w*|knife|gun|shark|heart|panic|asthma)\b",
    re.IGNORECASE,
)
# Times after "on" that date the noun, not name its target: "his attack on Tuesday".
_TIME_WORDS = word_set(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december"""
)


# Where an attack's target (a noun phrase) ends: at a verb ("her attacks on the board drew applause"), a
# relative word, a second noun phrase ("and his promise to ..."), a time ("in recent weeks", "on Monday") or
# an adjunct of the attack itself ("at a rally", "during the debate", "with that remark").
_TARGET_END_RE = re.compile(
    r"[,;:(]|\s+[—–-]|\s+(?:is|was|were|are|has|have|had|will|would|could|can|should|may|might|did|does|do|"
    r"seems?|seemed|[a-z]+ed|" + IRREGULAR_PAST + r"|who|which|that|whom|whose|where|when|while|as|because|"
    r"since|after|before|until|during|at|with|by|from|over|amid|despite|"
    r"(?:and|but|or)\s+(?:his|her|their|its|a|an|the|he|she|they|it)|"
    r"in\s+(?:a|an|the|his|her|their|its|recent|last|this|early|late)|"
    r"(?:on|last|this|earlier|next)\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|week|month|"
    r"year|night|morning|evening))\b",
    re.IGNORECASE,
)


# A target that is a name or a pronoun ends with it when a lowercase word other than a preposition follows
# (a present-tense verb: "his attacks on Brandt stand out", "her attack against him comes"; "her" may be a
# possessive: "attacks on her record"); a possessive name goes on ("Brandt's record").
_NAME_TARGET_RE = re.compile(
    r"(?:him|them|me|us|(?:[A-Z][\w.\-]*\s+){0,3}[A-Z][\w\-]*(?<!['’]s)(?<!['’]))"
    r"(?=\s+(?!(?:of|and|or|on|in|for|to|about|over|from)\b)[a-z])"
)


def _target_end(w: str, a: int, b: int) -> int:
    """Where the target noun phrase that opens at ``a`` ends, before ``b``."""
    named = _NAME_TARGET_RE.match(w, a, b)
    if named is not None:
        b = named.end()
    m = _TARGET_END_RE.search(w, a, b)
    return a + len(TRAIL_RE.sub("", w[a : m.start()])) if m is not None else b


def _place_target(content: str) -> bool:
    """Whether an attack's target is a state by name ("on Veldoria", "against the Republic of Ostrava")."""
    words = re.sub(r"^(?:the|its|their)\s+", "", content.strip(), flags=re.IGNORECASE).split()
    return any(kb.country_of(" ".join(words[:n]).strip(",.;:’'")) for n in (1, 2, 3, 4) if len(words) >= n)


def _complement_opens(m: re.Match[str]) -> bool:
    """Whether the complement word opens a content: a verb after "to", a clause after "that", a target
    (no date) after "on" or "against"."""
    nxt = m.group("next")
    low = nxt.lower()
    if m.group("comp") in _TARGET_COMPLEMENTS:
        return low not in _TIME_WORDS and not low[:1].isdigit()
    if m.group("comp") == "to":
        plural_noun = low.endswith("s") and not low.endswith(("ss", "us", "is"))
        # An adjective's ending ("a call to missionary life", "to public service"): no verb ends so.
        adjective = low.endswith(_ADJECTIVE_ONLY_ENDINGS)
        other = low in _NOT_VERB or low[:1].isdigit() or "$" in low
        return not (nxt[:1].isupper() or other or plural_noun or adjective)
    if m.group("comp") == "that":
        return low not in _RELATIVE_AFTER
    return True


def _owner_speakers(ctx: Context, s: Span, m: re.Match[str]) -> list[Speaker]:
    """The speaker(s) the possessive names, or the subject of the verb that carries the noun."""
    if m.re is _LIGHT_VERB_CUE_RE:
        verb = "verb" if m.group("verb") else "attack_verb"
        subj = clauses.subject_before(ctx.work, s.start, m.start(verb))
        return ctx.speakers_for(subj) if subj.kind != "none" else []
    if m.group("pronoun"):
        return ctx.possessive_speakers(m.group("pronoun"), m.start("pronoun"))
    group = "name" if m.group("name") else "desc"
    return ctx.speakers_for(clauses.Subject("phrase", m.start(group), m.end(group)))
