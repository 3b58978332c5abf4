"""Where the content of a reporting cue ends: before the next coordinated or participle cue, a nested
"which he said", a colon that opens a quote, ", according to", and before the cue subject's own next act
("claimed self-defence and was acquitted", "praised the master, who ...", a semicolon)."""

from __future__ import annotations

import re

from quoteline.extract.context import Context
from quoteline.extract.cues import CueMatch
from quoteline.extract.dating import OCCASION_NOUNS
from quoteline.extract.quote_words import word_count
from quoteline.extract.reported.content_checks import PLAIN_SAYING, stop_between
from quoteline.extract.reported.text_scan import (
    FINITE_RE,
    MAX_CONTENT,
    TRAIL_RE,
    first_quote_from,
    skip_space,
)
from quoteline.extract.text import ADVERBS_BEFORE_CUE, Span

OBJECT_TIME_TAIL_RE = re.compile(
    r"\s+(?:in|on|last|earlier this|this)\s+(?:january|february|march|april|may|june|july|august|september|"
    r"october|november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday|week|month)"
    r"(?:\s+\d{1,2})?(?:,?\s+\d{4})?",
    re.IGNORECASE,
)


_NESTED_CUE_LEAD_RE = re.compile(r",\s+(?:which|who|what)\s+(?:he|she|they|it|we)\s+(?:also\s+)?$")
# "pledged to back the nominee, Orsini suggested that ...", "..., but she said ...": after a comma a later cue
# with a subject of its own (a pronoun or a capitalised name of up to four words) opens another statement.
_OWN_SUBJECT_CUE_LEAD_RE = re.compile(
    r",[\"”’']*\s+(?:(?:and|but)\s+)?(?:(?:he|she|they|we|I)\s+|(?:[A-Z][\w'’.\-]*\s+){1,4})"
    r"(?:also\s+|later\s+|then\s+)?$"
)
# A noun right before a participle, with no comma between: "a letter urging", "a signed statement affirming".
_NOT_AUX = r"(?!(?:is|was|were|are|has|have|had|will|would|could|can|should|must|may|might|did|does|do)\b)"
_NOUN_BEFORE_RE = re.compile(
    rf"\b(?:a|an|the|its|his|her|their)\s+(?:{_NOT_AUX}[\w'’\-]+\s+){{0,2}}"
    rf"{_NOT_AUX}(?!(?:by|of|for|to|in|on|at|with|from|while|after|before|when|without)\b)[a-z]+\s+$"
)
# A parenthetical re-attribution by a pronoun inside a content, commas on both sides: ", she said,".
_PARENTHETICAL_LEAD_RE = re.compile(r",\s+(?:he|she|they|it|we)\s+$")
_PARENTHETICAL_TAIL_RE = re.compile(r",\s+(?!(?:but|and|or|while|whereas)\b)[a-z\"“]")


def _parenthetical(ctx: Context, start: int, c: CueMatch) -> bool:
    """True for a pronoun's plain saying cue between commas inside a content that has words of its own
    before it and no other cue ("was pleased because, she said, the remark ..."): an aside re-attributing
    the content, which goes on after it."""
    w = ctx.work
    lead = _PARENTHETICAL_LEAD_RE.search(w, max(start, c.start - 12), c.start)
    return (
        lead is not None
        and c.entry.cue in PLAIN_SAYING
        and _PARENTHETICAL_TAIL_RE.match(w, c.end) is not None
        and word_count(w[start : lead.start()]) >= 2
        and not ctx.lex.find(w, start, lead.start())
    )


# A subordinator and a capitalised subject of up to four words (with "the") right before a later cue.
_SUBORDINATE_NAME_CUE_LEAD_RE = re.compile(
    r"\s+(?:after|before|when|since|because|until|once)\s+(?:the\s+)?(?:[A-Z][\w'’.\-]*\s+){1,4}"
    r"(?:also\s+|had\s+|has\s+|later\s+)?$"
)
# "said yes, but 40 percent of all voters say no", "said yes while 52 percent overall agreed": after a
# coordinator a plain noun phrase (no verb, no clause word of its own) as the subject of a later cue opens
# another statement, however it is written.
_GROUP_SUBJECT_CUE_LEAD_RE = re.compile(
    r"(?:,[\"”’']*\s+(?:and|but|while|whereas)|\s+(?:while|whereas))\s+"
    r"(?:(?!(?:to|that|what|how|who|whom|which|if|whether|it|there)\b)[\w'’%$.\-]+\s+){1,6}"
    r"(?:also\s+|later\s+|then\s+)?$"
)


# An adverb of a later cue that a content ending before it leaves behind ("and pointedly saying").
_NEXT_CUE_ADVERB = r"(?:[a-z]{2,}ly|" + "|".join(sorted(ADVERBS_BEFORE_CUE)) + ")"
_TRAILING_LINK_RE = re.compile(
    r"(,?\s+(and|but|or)(\s+" + _NEXT_CUE_ADVERB + r")?|,\s+" + _NEXT_CUE_ADVERB + r")+$"
)


# A preposition of means left at a content's end when a later participle cue ends it: "stressed the need for
# a treaty, in particular by | concluding ...", "rejected cutting the levy by | asking ...". The gerund is
# a statement of its own (or an act), and the preposition, with a focusing phrase before it, is no part of
# this one.
_MEANS_TAIL_RE = re.compile(
    r",?\s*(?:(?:in\s+particular|including|especially|notably|particularly|mainly|primarily|for\s+example|"
    r"among\s+other\s+things)\s+)?\b(?:by|thereby|without|through)$",
    re.IGNORECASE,
)


def content_end(ctx: Context, start: int, s: Span, later: list[CueMatch]) -> int:
    w = ctx.work
    end = min(s.end, start + MAX_CONTENT)
    for c in later:
        if c.start <= start or not c.entry.reports(w[c.end : c.end + 40]):
            continue  # "the importance of A and continuing to work on B": a cue word not used for saying
        lead = w[max(start, c.start - 6) : c.start].lower()
        coordinated = lead.rstrip().endswith((",", " and", " but"))
        if (
            c.is_participle
            and not coordinated
            and _NOUN_BEFORE_RE.search(w, max(start, c.start - 30), c.start)
            and FINITE_RE.search(w[start : c.start])
        ):
            continue  # "said the board sent a letter urging calm": the participle tells the letter's content
        if c.is_participle or coordinated:
            end = min(end, c.start)
            break
        # "declare an emergency, which he said would free the funds": a nested statement of its own.
        rel = _NESTED_CUE_LEAD_RE.search(w, max(start, c.start - 40), c.start)
        if rel is not None:
            end = min(end, rel.start())
            break
        if _parenthetical(ctx, start, c):
            continue  # "the old days when, he said, sailors ...": the speaker's aside inside the content
        sub = _SUBORDINATE_NAME_CUE_LEAD_RE.search(w, max(start, c.start - 60), c.start)
        if sub is not None and ctx.quote_at(sub.start()) < 0:
            # "announced they had split after the Harbour Courier revealed ...": a subordinate clause whose
            # own named subject reports is a statement of its own, not part of this one.
            end = min(end, sub.start())
            break
        own = _OWN_SUBJECT_CUE_LEAD_RE.search(w, max(start, c.start - 60), c.start)
        if own is None:
            group = _GROUP_SUBJECT_CUE_LEAD_RE.search(w, max(start, c.start - 60), c.start)
            if group is not None and not FINITE_RE.search(group.group(0).lower()):
                own = group
        if own is not None and ctx.quote_at(own.start()) < 0:
            end = min(end, own.start())
            break
    colon = w.find(":", start, end)
    if colon >= 0:
        k = ctx.quote_at(skip_space(w, colon + 1, end))
        if k >= 0:
            end = colon
    m = re.search(r",\s+according to\b", w[start:end], re.IGNORECASE)
    if m:
        end = start + m.start()
    # Trim trailing punctuation, coordinators and the adverb of the next cue ("and pointedly saying ...",
    # "..., specially asking ...") and an unbalanced closing bracket.
    seg = w[start:end]
    seg = TRAIL_RE.sub("", seg)
    seg = _TRAILING_LINK_RE.sub("", seg)
    if end < min(s.end, start + MAX_CONTENT):  # cut at a later cue: a means preposition before it goes too
        seg = TRAIL_RE.sub("", _MEANS_TAIL_RE.sub("", seg))
    return start + len(seg)


# The cue's subject going on to do something else: "claimed self-defence and was acquitted", "praised
# the harbour master, who has vowed to stay". Only for contents without a verb of their own before the
# coordinator (an object or an infinitive), where the coordinated verb can only be the cue subject's.
_OWN_PREDICATE_RE = re.compile(
    r",?\s+(?:and|but)\s+(?:(?:also|then|later|still|never|not|eventually|quickly)\s+)?"
    r"(?:has|have|had|was|were|is|are|did|does|will|would|could|can|"
    r"(?:[a-z][a-z\-]*ed|won|lost|made|took|gave|held|kept|left|ran|sent|spent|paid|brought)"
    # ... then what opens its own object: "and ranked Vell among the worst", "and won more than half the
    # vote", "but stopped short of ...".
    r"(?=\s+(?:the|a|an|his|her|their|its|our|him|them|it|this|these|those|to|that|on|in|for|with|by|of|more|"
    r"short|[A-Z]\w*)\b))"
    r"\b|"
    # "recounted her career, recited her policies, and ...": a list of the subject's acts.
    r",\s+[a-z]+ed(?=\s+(?:the|a|an|his|her|their|its|him|them)\b)|"
    # "stressed those worries at a forum, and he raised them again": a new clause of the same subject.
    r",\s+(?:and|but)\s+(?:he|she|they|we|i)\b|"
    r";\s+(?!to\b|and\b|as\s+well\b)|"
    r",\s+(?:who|which)\b"
)
# After an object content (no verb of its own before it), what tells more of the subject's doing or of
# the scene, not what was said: a dash that no second dash closes ("opposed the pact — one of his goals"),
# a clause of its own after ", and" or ", but" ("called for a ban, and his aides have ..."), an -ing
# coordinate of an -ing cue ("attacking the mayor and visiting the port"), an -ing clause after "while" or
# "after" ("declared their support after arriving"), an occasion ("criticized the mayor during a rally",
# "praised the crews at a news conference", "defended the levy in a recent interview": at or in before a
# noun of an occasion; PolNeAR's object contents stop before it. One set off by a comma stays: `dating` reads
# it at the content's end to date the statement, "vowed to keep the ports open, in a speech on Saturday").
_OBJECT_END_RE = re.compile(
    r"(?P<dash>\s+[—–]\s|\s+--?\s)|"
    r",[\"”’']*\s+(?:and|but)\s+(?:it\b|(?:the|his|her|their|its|[A-Z][\w'’\-]*)\s+(?:[\w'’\-]+\s+){0,2}?"
    r"(?:has|have|had|is|was|were|are|will|would|could|did|does|[a-z]+n't)\b)|"
    r"(?P<ing>\s+and\s+[a-z]+ing\s+(?=(?:the|a|an|his|her|their|its|him|them|to)\b))|"
    r",?\s+(?:even\s+)?(?:while|after)\s+(?=[a-z]+ing\b)|"
    r"(?P<scene>\s+(?:during|amid)\s+(?:a|an|the|his|her|their)\b|"
    r"(?<!,)\s+(?:at|in)\s+(?:(?:a|an|the|his|her|their|its)\s+)?(?:[\w'’\-]+\s+){0,3}?"
    rf"(?:{OCCASION_NOUNS})s?\b)|"
    # The writer's gloss on the object, an indefinite noun phrase in apposition with a modifier of its own:
    # "cited the case of Vell Freight, a haulier that ...", "sought the board's advice, an offer the guild
    # rebuffed", "citing a survey run by Harbour Watch, a group known for ..."; not a list ("a ban, a levy
    # and a toll"), whose noun phrases carry no such modifier.
    r"(?P<appos>,\s+(?:a|an)\s+(?:[\w'’\-]+\s+){0,5}?"
    r"(?:who|which|that|whose|known|[a-z]+ed(?=\s+(?:by|for|in|at|on|as|with|to|from)\b|[,;.]))\b)"
)
# A noun phrase opening an object content: a determiner or a name (a preposition opens an adjunct).
_NOUN_PHRASE_OPENING_RE = re.compile(r"(?:the|a|an|his|her|their|its|our|this|these|those|[A-Z])\b|[A-Z]")
# An auxiliary or a modal: a clause content's own verb, where an -ed form may be a participle in an object.
_AUXILIARY_RE = re.compile(
    r"\b(?:is|was|were|are|am|has|have|had|will|would|could|can|should|must|may|might|did|does|do|"
    r"[a-z]+n't|[a-z]+['’](?:d|ll|re|ve|m))\b"
)
# An object content opens with a noun phrase or an infinitive, not with an adverb or a preposition (which
# an adjunct of the cue opens: "noted recently in the Courier — ...").
_OBJECT_OPENING_RE = re.compile(
    r"(?:to|the|a|an|his|her|their|its|our|this|that|these|those|[A-Z\d“\"‘'])", re.IGNORECASE
)


def _object_end(ctx: Context, cue: CueMatch, a: int, b: int) -> int:
    """Where an object content (or an infinitive) ends before the subject's next act or the scene."""
    w = ctx.work
    if cue.entry.cue in PLAIN_SAYING or not _OBJECT_OPENING_RE.match(w, a, b):
        return b  # a said-content is a clause, whose own dashes and coordinates it keeps
    for m in _OBJECT_END_RE.finditer(w, a, b):
        stop = m.start()
        k = ctx.quote_at(stop)
        if k >= 0:
            if ctx.quotes[k].outer_end >= m.end():
                continue  # inside quoted words
            stop = ctx.quotes[k].outer_end  # `called it "unfair," and`: the comma is the quote's
        if m.group("ing") and not cue.form.split()[0].lower().endswith("ing"):
            continue  # "stressed the importance of keeping A and continuing B": a gerund inside the object
        dashes_before = len(re.findall(r"\s[—–-]{1,2}\s", w[a : stop + 1]))
        if m.group("dash") and (dashes_before % 2 or re.search(r"\s[—–-]{1,2}\s", w[m.end() : b])):
            continue  # "— including the cost —": an aside inside the content, opened or closed here
        if m.group("scene") and re.search(r"\sas\s", w[m.end() : b]):
            continue  # "described the pact during a debate as a relic": the content goes on after the adjunct
        head = w[a:stop]
        if m.group("appos") and not _NOUN_PHRASE_OPENING_RE.match(head):
            continue  # "claimed at one point, a sailor asked …": no object before the comma to gloss
        # An apposition glosses an object even after a participle in it ("a survey run by Harbour Watch").
        finite = _AUXILIARY_RE if m.group("appos") else FINITE_RE
        if finite.search(head) and not head.startswith("to "):
            break  # a clause of its own: what follows may still be part of it
        if word_count(head) >= 1:
            return a + len(TRAIL_RE.sub("", head))
        break
    return b


# In a clause content a negated coordinate is the cue subject's: "said he would run but did not say when".
_CLAUSE_PREDICATE_RE = re.compile(r",?\s+but\s+(?:did|does|do|would|has|had)\s+not\b")
# After a comma, a coordinate with no subject of its own in a present perfect or a past tense with an object
# is the cue subject's next act, not more of what was said: "insists the fleet must stay, and has championed
# a levy", "said she would come, and to date has only sent a letter", "said A, and called for a vote": the
# report is told in its own tense, the subject's record in the narrator's. Not "had": a backshifted content
# goes on in it ("said support had stalled, but had risen since the war").
_CLAUSE_OWN_ACT_RE = re.compile(
    r",[\"”’']*\s+(?:and|but)\s+"
    r"(?:(?:to\s+date|so\s+far|since\s+then|also|then|later|since|now|still|repeatedly|recently|only)\s+){0,2}"
    r"(?:(?:has|have)\s+(?:(?:also|since|only|repeatedly|long|often|already|never|not|yet)\s+){0,2}"
    r"(?:been\s+)?[a-z]+(?:ed|en|wn|ne|ght|id|ung|ade|uck|ept|ent|old|ote)|"
    r"[a-z]+ed(?=\s+(?:the|a|an|his|her|their|its|our|him|them|it|this|these|those|for|on)\b))\b"
)


# A new sentence that opens with a doubled-apostrophe quote (''...''), which the sentence splitter keeps.
_NEXT_SENTENCE_QUOTE_RE = re.compile(r"[.!?][\"”’']*\s+''|(?<=[.!?]'')(?=\s+[A-Z])")


def own_predicate_cut(ctx: Context, cue: CueMatch, a: int, b: int) -> int:
    """Where a content ends when a coordinate or relative clause after it belongs to the cue's subject."""
    w = ctx.work
    m = _NEXT_SENTENCE_QUOTE_RE.search(w, a, b)
    if m:
        b = m.start()
    after_that = bool(re.search(r"\bthat\s*$", w[max(0, a - 6) : a]))
    if not after_that:
        b = _object_end(ctx, cue, a, b)
    for m in _OWN_PREDICATE_RE.finditer(w, a, b):
        if ctx.quote_at(m.start()) >= 0:
            continue
        head = w[a : m.start()]
        if cue.entry.cue in PLAIN_SAYING and not m.group(0).startswith(";"):
            # "said the talks, which began in May, remained useful": a said-content is a clause, and what
            # follows its subject is its own predicate.
            continue
        infinitive = head.startswith("to ")
        if not after_that and (infinitive or not FINITE_RE.search(head)) and word_count(head) >= 1:
            return a + len(TRAIL_RE.sub("", head))
        break
    m2 = _CLAUSE_PREDICATE_RE.search(w, a, b)
    if m2 and ctx.quote_at(m2.start()) < 0 and word_count(w[a : m2.start()]) >= 3:
        return m2.start()
    for m3 in _CLAUSE_OWN_ACT_RE.finditer(w, a, b):
        head = w[a : m3.start()]
        if ctx.quote_at(m3.start()) >= 0 or not FINITE_RE.search(head.lower()) or word_count(head) < 3:
            continue  # inside quoted words, or a content with no verb of its own, which the rules above cut
        if re.search(r",\s+(?:which|who)\b", head):
            continue  # "said the fleet, which has sailed for years, and has survived": the relative's verbs
        return a + len(TRAIL_RE.sub("", head))
    return b


# "While the mayor said A, she B", "As the board announces A, it is set to B", "Though X says A, for the
# board it is B": a cue inside an opening subordinate clause has only that clause for content, which ends
# at the comma before the main clause.
_SUBORDINATE_OPENER_RE = re.compile(
    r"[\s\"“‘'(]*(?:(?:but|and|yet)\s+)?(?:(?:even|just|shortly|soon|long|right)\s+)?(?:while|as|although|though|even\s+though|even\s+as|whereas|when|after|"
    r"before|once|until)\s+",
    re.IGNORECASE,
)
# A sentence-opening participle cue, alone or after a subordinator ("Denouncing A, she ...", "But while
# denouncing A to campaign audiences, she has not ..."): its content ends where the main clause starts.
_PARTICIPLE_OPENER_RE = re.compile(
    r"[\s\"“‘'(]*(?:(?:but|and|yet)\s+)?(?:(?:while|when|after|before|since|by|in|despite|even\s+as)\s+)?$",
    re.IGNORECASE,
)
# Past tenses that do not end in -ed, for a main clause's verb ("some workers felt betrayed").
IRREGULAR_PAST = (
    r"felt|came|went|made|took|got|gave|saw|held|kept|left|lost|won|ran|began|became|brought|thought|found|"
    r"stood|put|set|met|led|fell|rose|grew|knew|spent|sent|built|paid|sought|said|told|wrote|spoke|chose|drew"
)
# The main clause after a comma, shown by its subject and verb: a subject pronoun and any word ("she came
# under fire", "he hasn't"), or a short noun phrase and a finite verb ("some workers felt betrayed", "80,000
# employees volunteered"). "however" may sit after the comma.
_MAIN_SUBJECT_VERB_RE = re.compile(
    r",[\"”’']*\s+(?:(?:however|though|too|then),\s+)?(?:(?:he|she|they|we|i|it)\s+[a-z]|"
    r"(?:(?:the|a|an|this|these|those|some|many|most|both|his|her|their|its|[A-Z][\w'’\-]*|\d[\d,.]*)\s+)"
    r"(?:[\w'’\-]+\s+){0,4}?(?:[a-z]+ed|is|was|were|are|has|have|had|will|would|could|can|should|did|does|"
    r"[a-z]+n't|" + IRREGULAR_PAST + r")\b)"
)
# What opens the main clause after that comma: a subject, or a "but" a careless writer put there.
_MAIN_CLAUSE_OPENING_RE = re.compile(
    r",[\"”’']*\s+(?:but\s+|so\s+)?(?:he|she|they|it|we|i|his|her|their|its|our|there|the|a|an|this|these|those|"
    r"both|many|some|most|"
    r"for|in|[A-Z][\w'’\-]*|\d[\d,.]*)\b"
)


# Inside a sentence a subordinator right before the cue's subject opens such a clause too: "she said that,
# because Varn testified that A, it is B".
_SUBORDINATOR_BEFORE_RE = re.compile(r"(?:^|[\s,])(?:because|although|though|whereas)\s+$", re.IGNORECASE)


def subordinate_content_end(ctx: Context, lo: int, subj: tuple[int, int], a: int, b: int) -> int:
    """Where a content ends when its cue sits in a subordinate clause before the main one ("While X said A,
    Y ...")."""
    w = ctx.work
    m0 = _SUBORDINATE_OPENER_RE.match(w, lo, subj[1])
    # The opener ends where the subject starts, or is the subject's first word ("Though Varn" as parsed).
    opening = m0 is not None and m0.end() >= subj[0] and "," not in w[lo : subj[0]]
    if not opening and not _SUBORDINATOR_BEFORE_RE.search(w, max(lo, subj[0] - 20), subj[0]):
        return b
    for m in _MAIN_CLAUSE_OPENING_RE.finditer(w, a, b):
        k = ctx.quote_at(m.start())
        if k >= 0 and ctx.quotes[k].close > m.start() + 1:
            continue  # a comma inside quoted words that go on
        head = w[a : m.start()]
        # An object content has no verb of its own ("When X announced 900 layoffs, some dockers felt ..."):
        # the main clause's own subject and verb show where it starts.
        if (word_count(head) >= 3 and FINITE_RE.search(head.lower())) or _object_before_main(
            w, head, m.start(), b
        ):
            if k >= 0:
                return ctx.quotes[k].outer_end  # `were "truthful," it is ...`: the quote closes the content
            return a + len(TRAIL_RE.sub("", head))
    return b


_ADJUNCT_OPENING_RE = re.compile(
    r"[\s,]*(?:in|on|at|of|for|with|by|from|that|after|before|during)\b", re.IGNORECASE
)


def _object_before_main(w: str, head: str, comma: int, b: int) -> bool:
    """True when ``head`` is an object content (a noun phrase, no verb of its own) and the main clause's
    subject and verb follow the comma; not a list going on ("the port, the pier and the quay would close")
    nor an adjunct opening a clause content ("that, in her view, the quay ...")."""
    main = _MAIN_SUBJECT_VERB_RE.match(w, comma, b)
    return (
        main is not None
        and word_count(head) >= 1
        and not _ADJUNCT_OPENING_RE.match(head)
        and not re.search(r"\s(?:and|or)\s", main.group(0))
    )


def participle_opener_end(ctx: Context, lo: int, cue_start: int, a: int, b: int) -> int:
    """Where a sentence-opening participle's content ends when no cue follows in the main clause: at the
    comma before that clause's subject and verb ("But while denouncing A to audiences, she has not ...")."""
    w = ctx.work
    if not _PARTICIPLE_OPENER_RE.match(w, lo, cue_start):
        return b
    for m in _MAIN_SUBJECT_VERB_RE.finditer(w, a, b):
        if ctx.quote_at(m.start()) >= 0:
            continue
        return a + len(TRAIL_RE.sub("", w[a : m.start()]))
    return b


# After a naming verb's quoted label ("called him a 'fraud,' a dig at ...", "called her the 'worst in years,'
# linking to ...", "called it a 'sham' on the radio"): what follows is the writer's gloss or the occasion.
_AFTER_LABEL_RE = re.compile(r"[,;]|\s+[—–-]|\s+(?:on|in|at|during|when|while|after|before|as)\b")


_LABEL_LEAD_WORDS = 6  # words of the object before its label ("the city's new harbour master a 'fraud'")


def label_end(ctx: Context, a: int, b: int) -> int:
    """Where a naming verb's content ends: right after its quoted label, when the label opens near the cue."""
    w = ctx.work
    k = first_quote_from(ctx, a)
    if not (0 <= k < len(ctx.quotes)):
        return b
    q = ctx.quotes[k]
    lead = w[a : q.open]
    if q.open >= b or q.outer_end >= b or not 0 < word_count(lead) <= _LABEL_LEAD_WORDS:
        return b
    if stop_between(w, a, q.open):
        return b
    comma_inside = w[q.inner.end - 1 : q.close].strip().endswith(",") or w[q.close - 1] == ","
    return q.outer_end if comma_inside or _AFTER_LABEL_RE.match(w, q.outer_end, b) else b
