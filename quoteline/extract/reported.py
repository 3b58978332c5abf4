"""Reported speech: a reporting cue, its subject and its content clause ("Lukashenko denied that ...",
"Biden reaffirmed the United States' support for ...", "according to X, ..."), plus agentless passives.

A quote of five or more words inside the content is a mixed quote: it becomes a direct statement of the
same speaker, and the reported statement is kept only when the quote is a minor part of it. Shorter
quoted fragments simply stay inside the reported content.
"""

from __future__ import annotations

import re

from quoteline.extract import clauses
from quoteline.extract.attribution import MIN_QUOTE_WORDS, object_before_colon, word_count
from quoteline.extract.context import Context
from quoteline.extract.cues import CueMatch, stance_for
from quoteline.extract.model import Draft, Speaker
from quoteline.extract.quotes import Quote
from quoteline.extract.text import Span, prev_nonspace, word_set

_THAT_RE = re.compile(r"\bthat\b", re.IGNORECASE)
_MAX_WORDS_BEFORE_THAT = 6
_MAX_WORDS_BEFORE_THAT_ADJUNCT = 12
# A quote covering at least this share of the reported content replaces the reported statement: the one
# direct statement still matches the reported one word-for-word well enough (ANNOTATION.md's mixed quotes).
_MIXED_SHARE = 0.4
# Nouns whose "that" opens their own complement ("the claim that ..."), not the cue's content.
_COMPLEMENT_NOUNS = word_set(
    """claim claims fact idea notion report reports view belief hope assertion allegation allegations
    suggestion impression news rumour rumours rumor rumors argument accusation accusations
    possibility assurance assurances statement warning threat proposal"""
)
_ADJUNCT_PREPS = word_set("""in on at during via through from after before""")
_COORDINATORS = word_set("""and but or""")
# "expressed concern over X", "voiced hope for X": cues whose object follows a preposition.
_EMOTION_CUE_LEADS = ("express", "voic")
_OBJECT_PREP_RE = re.compile(r"(?:over|about|at|for|regarding|with|concerning|in|to)\s+", re.IGNORECASE)
_MAX_CONTENT = 1500  # characters; a longer "content" is a runaway sentence, not one statement
_TRAIL_RE = re.compile(r"[\s,.;:!?…]+$")
_OBJECT_TIME_TAIL_RE = re.compile(
    r"\s+(?:in|on|last|earlier this|this)\s+(?:january|february|march|april|may|june|july|august|september|"
    r"october|november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday|week|month)"
    r"(?:\s+\d{1,2})?(?:,?\s+\d{4})?",
    re.IGNORECASE,
)


def _skip_space(w: str, i: int, hi: int) -> int:
    while i < hi and w[i].isspace():
        i += 1
    return i


def _content_start(ctx: Context, cue: CueMatch, hi: int) -> int:
    w = ctx.work
    i = _skip_space(w, cue.end, hi)
    if cue.entry.takes != "object":
        window = w[i : min(hi, i + 120)]
        m = _THAT_RE.search(window)
        # An adjunct may run longer before the "that": "wrote in the auction notice of the old rifle that".
        limit = (
            _MAX_WORDS_BEFORE_THAT_ADJUNCT
            if window.split()[:1] and window.split()[0].lower() in _ADJUNCT_PREPS
            else _MAX_WORDS_BEFORE_THAT
        )
        if (
            m
            and len(window[: m.start()].split()) <= limit
            and not re.search(r"[,;:\"“”]", window[: m.start()])
        ):
            before = [t.lower() for t in window[: m.start()].split()]
            # "said in a statement that ...": the noun sits in an adjunct, so "that" still opens the content;
            # "said A and that B": the "that" opens a second content, A comes first.
            adjunct = bool(before) and before[0] in _ADJUNCT_PREPS
            if not before or (
                before[-1] not in _COORDINATORS and (adjunct or before[-1] not in _COMPLEMENT_NOUNS)
            ):
                return _skip_space(w, i + m.end(), hi)
    if cue.entry.cue in _TELLING_CUES:
        i = _after_listener(w, i, hi)
    m2 = clauses.TEMPORAL_LEAD_RE.match(w, i, hi)
    if m2:
        i = m2.end()
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
            i = _skip_space(w, q.outer_end, hi)
    return i


# "told her the crossing would close", "told the harbour board the fares would rise": the listener is the
# cue's indirect object, not content. A listener is a pronoun, a plural audience noun, a noun phrase ending
# in an audience noun, or a capitalised name followed by a word that can open a clause.
_TELLING_CUES = frozenset({"tell"})
# Verbs whose object is always the listener ("briefed the mayor at the town hall"): what was said is only a
# that-clause after it, never the object.
_THAT_ONLY_CUES = frozenset({"brief"})
_AUDIENCE = (
    r"(?:reporters|journalists|correspondents|lawmakers|legislators|deputies|delegates|senators|members|"
    r"parliament|press|media|crowd|audience|board|committee|council|assembly|chamber|senate|congress|cabinet|"
    r"conference|briefing|summit|forum|meeting|gathering|session|hearing|newspaper|agency|broadcaster|radio|"
    r"television|channel|station|magazine|supporters|voters|students|workers|officials|diplomats|leaders|"
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
    + r")|(?:[A-Z][\w'\-]*\s+){1,3}(?="
    + _CLAUSE_OPENER
    + r")",
)


def _after_listener(w: str, i: int, hi: int) -> int:
    """Where a telling cue's content starts once its listener ("her", "reporters", "the board") is skipped."""
    m = _LISTENER_RE.match(w, i, hi)
    if m is None or m.end() >= hi:
        return i
    j = _skip_space(w, m.end(), hi)
    that = re.match(r"that\s+", w[j:hi])
    return _skip_space(w, j + that.end(), hi) if that else j


_NESTED_CUE_LEAD_RE = re.compile(r",\s+(?:which|who|what)\s+(?:he|she|they|it|we)\s+(?:also\s+)?$")


def _content_end(ctx: Context, start: int, s: Span, later: list[CueMatch]) -> int:
    w = ctx.work
    end = min(s.end, start + _MAX_CONTENT)
    for c in later:
        if c.start <= start or not c.entry.reports(w[c.end : c.end + 40]):
            continue  # "the importance of A and continuing to work on B": a cue word not used for saying
        lead = w[max(start, c.start - 6) : c.start].lower()
        if c.is_participle or lead.rstrip().endswith((",", " and", " but")):
            end = min(end, c.start)
            break
        # "declare an emergency, which he said would free the funds": a nested statement of its own.
        rel = _NESTED_CUE_LEAD_RE.search(w, max(start, c.start - 40), c.start)
        if rel is not None:
            end = min(end, rel.start())
            break
    colon = w.find(":", start, end)
    if colon >= 0:
        k = ctx.quote_at(_skip_space(w, colon + 1, end))
        if k >= 0:
            end = colon
    m = re.search(r",\s+according to\b", w[start:end], re.IGNORECASE)
    if m:
        end = start + m.start()
    # Trim trailing punctuation, coordinators and an unbalanced closing bracket.
    seg = w[start:end]
    seg = _TRAIL_RE.sub("", seg)
    seg = re.sub(r"(,?\s+(and|but|or))+$", "", seg)
    return start + len(seg)


# The cue's subject going on to do something else: "claimed self-defence and was acquitted", "praised
# the harbour master, who has vowed to stay". Only for contents without a verb of their own before the
# coordinator (an object or an infinitive), where the coordinated verb can only be the cue subject's.
_OWN_PREDICATE_RE = re.compile(
    r",?\s+(?:and|but)\s+(?:(?:also|then|later|still|never|not|eventually|quickly)\s+)?"
    r"(?:has|have|had|was|were|is|are|did|does|will|would|could|can|"
    r"[a-z]+ed(?=\s+(?:the|a|an|his|her|their|its|him|them|to|that|on|in|for|with|by|of)\b))\b|"
    # "recounted her career, recited her policies, and ...": a list of the subject's acts.
    r",\s+[a-z]+ed(?=\s+(?:the|a|an|his|her|their|its|him|them)\b)|"
    # "stressed those worries at a forum, and he raised them again": a new clause of the same subject.
    r",\s+(?:and|but)\s+(?:he|she|they|we|i)\b|"
    r";\s+(?!to\b|and\b|as\s+well\b)|"
    r",\s+(?:who|which)\b"
)
# In a clause content a negated coordinate is the cue subject's: "said he would run but did not say when".
_CLAUSE_PREDICATE_RE = re.compile(r",?\s+but\s+(?:did|does|do|would|has|had)\s+not\b")
_FINITE_RE = re.compile(
    r"\b(?:is|was|were|are|am|be|been|has|have|had|will|would|could|can|should|must|may|might|did|does|do|"
    r"[a-z]+ed|[a-z]+n't)\b"
)
# A new sentence that opens with a doubled-apostrophe quote (''...''), which the sentence splitter keeps.
_NEXT_SENTENCE_QUOTE_RE = re.compile(r"[.!?][\"”’']*\s+''|(?<=[.!?]'')(?=\s+[A-Z])")


def _own_predicate_cut(ctx: Context, cue: CueMatch, a: int, b: int) -> int:
    """Where a content ends when a coordinate or relative clause after it belongs to the cue's subject."""
    w = ctx.work
    m = _NEXT_SENTENCE_QUOTE_RE.search(w, a, b)
    if m:
        b = m.start()
    after_that = bool(re.search(r"\bthat\s*$", w[max(0, a - 6) : a]))
    for m in _OWN_PREDICATE_RE.finditer(w, a, b):
        if ctx.quote_at(m.start()) >= 0:
            continue
        head = w[a : m.start()]
        if cue.entry.cue in _PLAIN_SAYING and not m.group(0).startswith(";"):
            # "said the talks, which began in May, remained useful": a said-content is a clause, and what
            # follows its subject is its own predicate.
            continue
        infinitive = head.startswith("to ")
        if not after_that and (infinitive or not _FINITE_RE.search(head)) and word_count(head) >= 1:
            return a + len(_TRAIL_RE.sub("", head))
        break
    m2 = _CLAUSE_PREDICATE_RE.search(w, a, b)
    if m2 and ctx.quote_at(m2.start()) < 0 and word_count(w[a : m2.start()]) >= 3:
        return m2.start()
    return b


# Verbs of plain saying: their content is a clause (or a "to" directive after "told"), never a bare
# prepositional phrase ("said of the campaign", "wrote to investors", "said at the time").
_PLAIN_SAYING = frozenset(
    {
        "say",
        "tell",
        "add",
        "write",
        "state",
        "explain",
        "reply",
        "respond",
        "note",
        "tweet",
        "post",
        "remark",
    }
)
_PREPOSITION_LEADS = word_set(
    """in on at to from of about during after before via through with while for afterward afterwards later
    earlier as when monday tuesday wednesday thursday friday saturday sunday"""
)


def _to_saying(ctx: Context, i: int, b: int) -> bool:
    """True for "went on to say ...", "continued to insist ...": the infinitive is itself a verb of saying."""
    m = re.match(r"\s*to\s+([a-z]+)\b", ctx.work[i:b])
    entry = ctx.lex.by_form.get(m.group(1)) if m else None
    # Object-only verbs ("continued to back the plan") are acts of support, not of saying.
    return entry is not None and entry.takes != "object"


def _adjunct_only(cue: CueMatch, content: str) -> bool:
    """True when a plain saying verb's "content" is only an adjunct or a listener, with no verb of its own."""
    if cue.entry.cue not in _PLAIN_SAYING or _FINITE_RE.search(content.lower()) or _THAT_RE.search(content):
        return False
    words = content.split()
    if not words:
        return True
    if words[0].lower().strip(",") in _PREPOSITION_LEADS:
        return True
    return cue.entry.cue == "tell" and " to " not in f" {content} "


# "called it a sham", "called the vote the worst in years": an object, then a noun phrase naming it.
_COMPLEMENT_RE = re.compile(
    r"(?:it|him|her|them|this|that|these|those|(?:the|his|her|their|its)\s+[\w'’\-]+(?:\s+[\w'’\-]+){0,4}?|"
    r"[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*){0,3})\s+(?:a|an|the\s+(?:most|worst|best|biggest|greatest|first|only|"
    r"real|true)|[a-z]+est)\s"
)
_COMPLEMENT_WORDS = 10  # a quoted complement opens within this many words of the cue


def _has_complement(ctx: Context, a: int, b: int) -> bool:
    """True when a naming verb's object is followed by its name: a quoted label or a noun phrase."""
    w = ctx.work
    if _COMPLEMENT_RE.match(w, a, b):
        return True
    k = _first_quote_from(ctx, a)
    if 0 <= k < len(ctx.quotes) and ctx.quotes[k].open < b:
        lead = w[a : ctx.quotes[k].open]
        return 0 < word_count(lead) <= _COMPLEMENT_WORDS and not re.search(r"[.;:]", lead)
    return False


# "according to a poll published by the Welby Herald last week": the outlet behind the document speaks.
_DOCUMENT_BY_RE = re.compile(
    r"(?:a|an|the)\s+(?:[\w\-]+\s+){0,2}?(?:poll|survey|report|study|statement|analysis|count|tally|tweet)\s+"
    r"(?:(?:published|released|conducted|issued|posted|carried|commissioned)\s+)?by\s+",
    re.IGNORECASE,
)
_SOURCE_END_RE = re.compile(r"\s+(?:last|on|this|earlier|late|early)\s+[\w.]+(?:\s+\d{1,2})?$", re.IGNORECASE)
_MAX_SOURCE_WORDS = 10


def _source_after(w: str, i: int, hi: int) -> tuple[int, int] | None:
    """The source after "according to", up to a comma or the sentence end: "Velmar state media", "him"."""
    i = _skip_space(w, i, hi)
    m = re.compile(r"[^,;:.!?—–()\"“”]+").match(w, i, hi)
    if m is None:
        return None
    a, b = m.start(), m.end()
    d = _DOCUMENT_BY_RE.match(w, a, b)
    if d:
        a = d.end()
    phrase = w[a:b].rstrip()
    t = _SOURCE_END_RE.search(phrase)
    if t:
        phrase = phrase[: t.start()]
    words = phrase.split()
    if not words or len(words) > _MAX_SOURCE_WORDS or _FINITE_RE.search(phrase.lower()):
        return None
    if (
        len(words) >= 2
        and words[-2].endswith(("'s", "’s"))
        and words[-1].islower()
        and words[-1].endswith("s")
    ):
        return None  # "according to Johnson's critics": a group around the person, not the person
    return a, a + len(phrase)


# Sentence links and time words that may open "..., according to X, content" without being its content.
_CONNECTIVE_LEAD_RE = re.compile(
    r"\s*(?:also|in addition|additionally|in particular|particularly|therefore|thus|however|meanwhile|"
    r"but|and|yet|moreover|furthermore|besides|at the same time|in turn|"
    r"in this (?:context|regard|connection)|that is why|so|now|today|this year|first(?:ly)?|second(?:ly)?|"
    r"finally|in general|overall|earlier|"
    r"previously|recently|separately)\s*",
    re.IGNORECASE,
)


def _main_clause(w: str, a: int, b: int, later: list[CueMatch]) -> tuple[int, clauses.Subject] | None:
    """For a sentence-opening participle ("Noting A, the mayor said B"): where its content ends (the comma
    before the main clause) and the main clause's subject, when a cue with a subject of its own follows."""
    for c in later:
        if c.start >= b or c.is_participle or c.start <= a:
            continue
        comma = w.rfind(",", a, c.start)
        if comma < 0:
            return None
        subj = clauses.subject_before(w, comma + 1, c.start)
        if subj.kind != "phrase" or w[comma + 1 : subj.start].strip():
            return None
        return comma, subj
    return None


def _according_to(ctx: Context, cue: CueMatch, s: Span) -> tuple[clauses.Subject, int, int] | None:
    w = ctx.work
    span = _source_after(w, cue.end, s.end)
    if span is None:
        return None
    subj = clauses.Subject("phrase", span[0], span[1])
    lead_char = prev_nonspace(w, max(s.start, cue.start - 400), cue.start)
    if lead_char == "," and _CONNECTIVE_LEAD_RE.fullmatch(w, s.start, w.rfind(",", s.start, cue.start)):
        lead_char = ""  # "In addition, according to X, content.": the lead is a link, the content follows
    if not lead_char and cue.start - s.start < 400:
        # "According to X, content."
        comma = w.find(",", span[1], s.end)
        if comma < 0 or (w[span[1] : comma].strip() and not _SOURCE_END_RE.match(w[span[1] : comma])):
            return None
        return subj, _skip_space(w, comma + 1, s.end), s.start + len(_TRAIL_RE.sub("", w[s.start : s.end]))
    if lead_char == ",":
        comma = w.rfind(",", s.start, cue.start)
        a = max(s.start, comma - _MAX_CONTENT)
        return subj, _skip_space(w, a, comma), comma
    if re.match(r"[\s.!?]*$", w[span[1] : s.end]) and word_count(w[s.start : cue.start]) >= 4:
        # "The army entered the town yesterday according to state media."
        a = s.start
        m = _DATELINE_RE.match(w, a, cue.start)
        if m:
            a = m.end()
        return subj, _skip_space(w, a, cue.start), len(w[: cue.start].rstrip())
    return None


def reported_drafts(ctx: Context, s: Span) -> list[Draft]:
    """Reported statements in sentence ``s``."""
    w = ctx.work
    cues = [c for c in ctx.lex.find(w, s.start, s.end) if ctx.quote_at(c.start) < 0]
    out: list[Draft] = []
    covered_until = -1
    sentence_special: list[Speaker] = []
    for n, cue in enumerate(cues):
        later = cues[n + 1 :]
        if cue.entry.cue == "according to":
            got = _according_to(ctx, cue, s)
            if got is None:
                continue
            subj, a, b = got
            if _has_own_attribution(w, cues[:n], a, b):
                continue  # "X told her that A, according to the ministry": A is X's, not the ministry's
        elif (inverted := _inverted(ctx, cue, s)) is not False:
            if inverted is True:
                continue
            subj, a, b = inverted
        else:
            if cue.start in ctx.consumed_cues:
                continue
            if re.match(r"\s+by\b", w[cue.end : cue.end + 4]):
                continue  # passive participle: "the question raised by Macron"
            subj = (
                clauses.Subject("inherit", cue.start, cue.start)
                if cue.is_participle
                else _subject_before_label(w, s.start, cue.start)
            )
            if subj.kind == "none" and not cue.is_participle:
                subj = ctx.parsed_subject(clauses.subject_before(w, s.start, cue.start), cue.start, cue.end)
            if subj.kind == "none":
                subj = _document_subject(w, s.start, cue.start)
            if subj.kind == "none":
                continue
            if cue.start < covered_until:
                cut = _subordinate_cut(w, subj, s.start)
                if cut is None:
                    continue  # a cue inside an earlier cue's content ("said he expects ...") is part of it
                # "said A, three days after she admitted B": the subordinate clause is a statement of its own.
                out = [_trimmed(w, d, cut) for d in out]
            k = ctx.quote_at(_skip_space(w, cue.end, s.end))
            if k >= 0 and (cue.entry.takes != "object" or _quote_words(ctx, k) >= MIN_QUOTE_WORDS):
                continue  # `X said "..."`: the direct pass owns it
            a = _content_start(ctx, cue, s.end)
            if cue.entry.cue in _THAT_ONLY_CUES and not re.search(r"\bthat\s*$", w[max(s.start, a - 8) : a]):
                continue  # "briefed the mayor on Monday": who was briefed, not what was said
            if any(c.start == a and c.is_participle for c in later):
                continue  # "issued a statement calling for ...": the participle cue carries the content
            b = _own_predicate_cut(ctx, cue, a, _content_end(ctx, a, s, later))
            if cue.is_participle and not w[s.start : cue.start].strip():
                main = _main_clause(w, a, b, later)
                if main is not None:
                    # "Noting A, the mayor stressed B": A ends at the main clause, whose subject speaks.
                    b, subj = main
                    if re.match(r"\s*(?:on|about|upon|regarding)\b", w[cue.end : b]):
                        continue  # "Commenting on the floods, the mayor said ...": a topic, not a statement
            quote_after = _colon_quote(ctx, cue, b, s)
            if quote_after is not None:
                colon_obj = object_before_colon(ctx, cue, quote_after)
                if colon_obj is None:
                    continue
                a, b = colon_obj
        when_said = b
        if cue.entry.takes == "object":
            # "called for such a fund in May": a closing time adjunct dates the cue, not the content.
            tm = _OBJECT_TIME_TAIL_RE.search(w, a, b)
            head = w[a : tm.start()].split() if tm is not None else []
            # Not after a participle: in "welcomed the deal signed in May" the month dates the signing.
            if tm is not None and tm.end() == b and len(head) >= 2 and not head[-1].endswith(("ed", "en")):
                b = tm.start()
        if a < b and w[a] == "," and re.search(r"\bthat\s*$", w[max(0, a - 8) : a]):
            a = _skip_space(w, a + 1, b)  # "was clear that, if Russia invades, ...": the that-clause opens
        parts = [(a, b)]
        if cue.entry.cue != "according to" and subj.kind == "phrase" and a < b and w[a] == ",":
            # "He may not win, they say, but he is still useful": the content wraps the attribution.
            rev = _medial_lead(ctx, s, subj.start)
            after = (_skip_space(w, a + 1, b), b)
            a = after[0]
            parts = [after]
            if rev is None and re.match(r"[a-z]+ing\b", w[a:b]):
                continue  # "remarked, alluding to the quay": a participle adjunct, not a content
            # "fighters which, the statement said, nations refused to take back": after a relative word only
            # the clause the attribution interrupts is reported.
            if rev is not None and w[rev[0] : rev[1]].split()[-1].lower() not in _CLAUSE_LINKS:
                parts = [rev, after]
                a = rev[0]
        elif (
            cue.entry.cue != "according to"
            and subj.kind == "phrase"
            and (_only_adjunct(w, a, b) or _adjunct_only(cue, w[a:b]))
        ):
            # "CONTENT, President X said on Tuesday."
            rev = _reverse_content(ctx, s, subj.start)
            if rev is None:
                continue
            a, b = rev
            parts = [rev]
            out = [d for d in out if not (d.cue_span and a <= d.cue_span[0] < b)]
        if (
            b <= a
            or word_count(w[a:b]) < 2
            or _NO_CONTENT_RE.match(w, a, b)
            or not (cue.entry.reports(w[cue.end : b]) or _to_saying(ctx, cue.end, b))
        ):
            continue
        if w[a] in ".!?":
            continue  # `he said. ''...''`: the cue closes its sentence, what follows is another one
        if cue.entry.complement and not _has_complement(ctx, a, b):
            continue  # "called a meeting", "called him on Tuesday": no name given to anything
        if len(parts) == 1 and _adjunct_only(cue, w[a:b]):
            continue  # "said in an interview", "told advisers afterward": where or to whom, not what
        special = _special_subject(ctx, subj)
        if subj.kind == "inherit" and sentence_special:
            special = sentence_special  # "We condemn A, and commit to B": the same signatories
        speakers = special or ctx.speakers_for(subj)
        if not speakers and cue.entry.cue == "according to":
            # "according to Federal Election Commission filings": the name inside the source phrase.
            short = clauses.phrase_after(w, cue.end, s.end)
            if short is not None and short != (subj.start, subj.end):
                speakers = ctx.speakers_for(clauses.Subject("phrase", short[0], short[1]))
        if special:
            sentence_special = special
        if not speakers:
            continue
        clause = (min(subj.start, cue.start) if subj.kind == "phrase" else max(s.start, cue.start - 300), a)
        if (
            clause[0] - s.start < 200
            and (not w[s.start : clause[0]].strip(" ,") or _leading_adjunct(w, s.start, clause[0]))
            and _subordinate_cut(w, subj, s.start) is None
        ):
            clause = (s.start, clause[1])
        if when_said > b:
            clause = (clause[0], when_said)
        if subj.kind == "inherit" and out and out[-1].kind == "indirect":
            # "We condemn A on 2 July, and commit to B": B is dated by the shared attribution, not by A.
            clause = out[-1].clause
        # "said A and that B" stays one content, as both gold conventions keep it.
        stance = stance_for(cue.entry, w[a:b], ctx.lex)
        drafts = [
            Draft(sp, "indirect", cue.form, (cue.start, cue.end), parts, clause, stance, (s.start, s.end))
            for sp in speakers
        ]
        out.extend(_mixed(ctx, drafts, a, b, cue))
        covered_until = max(covered_until, b)
    out.extend(_passive(ctx, s))
    return out


# Cues that news copy puts before their subject after the content: "CONTENT, said the mayor."
_INVERTING_CUES = frozenset(
    {
        "say",
        "add",
        "write",
        "note",
        "explain",
        "argue",
        "insist",
        "warn",
        "recall",
        "concede",
        "acknowledge",
        "claim",
        "continue",
        "reply",
        "respond",
    }
)
_AFTER_SPEAKER_RE = re.compile(
    r"\s*(?:[.!?]|$|,|;|\s(?:in|on|at|during|after|before|when|while|last|this|today|"
    r"yesterday|earlier|late|early|told|adding|according)\b)"
)


def _inverted(ctx: Context, cue: CueMatch, s: Span) -> tuple[clauses.Subject, int, int] | bool:
    """`CONTENT, said the mill's director, Tomas Ekberg.`: the content before the comma, the speaker after.

    False when the cue is not inverted; True when it is but its content is not one to report here (a
    quote the direct pass owns), so that the speaker is never taken for a content.
    """
    w = ctx.work
    if cue.entry.cue not in _INVERTING_CUES or cue.is_participle:
        return False
    if not _comma_before(w, s.start, cue.start):
        return False
    if cue.start in ctx.consumed_cues:
        # `The harbour "was the best," said X`: the direct pass took the quote, but the clause it completes
        # is reported speech of its own.
        rev0 = _reverse_content(ctx, s, cue.start)
        if rev0 is None or not _quote_completes_lead(ctx, rev0[0], rev0[1]):
            return False
    span = _speaker_after(w, cue.end, s.end)
    if span is None:
        return False
    if w[span[0] : span[1]].lower() in clauses.OBJECT_PRONOUNS:
        return False  # "..., told him": a listener, not a speaker
    # "said the bloc's chief, Aurelio Vanni": the appositive name is the speaker.
    m = _APPOSITIVE_NAME_RE.match(w, span[1], s.end)
    if m and _AFTER_SPEAKER_RE.match(w, m.end(), s.end):
        span = (m.start(1), m.end(1))
    rev = _reverse_content(ctx, s, cue.start)
    if rev is None:
        return w[span[0] : span[0] + 1].isupper()  # `"... to lead," says Evan Tracey, a consultant`
    content = w[rev[0] : rev[1]]
    if not _FINITE_RE.search(content.lower()) and word_count(content) <= 8:
        return False  # "Irma Tolvik, the port director, said": a subject with its appositive, not a content
    return clauses.Subject("phrase", span[0], span[1]), rev[0], rev[1]


_SPEAKER_AFTER_RE = re.compile(
    r"\s*((?:the|a|an|[A-Z][\w'’.\-]*)(?:\s+[\w'’.\-]+){0,8}?)"
    # A title's full stop ("said Mr. Ekberg") does not end the phrase.
    r"(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bMrs)(?<!\bSen)(?<!\bRep)(?<!\bGov)(?<!\bGen)(?<!\bSt)"
    r"(?=\s*(?:[.!?;,(]|$)|\s(?:in|on|at|during|after|before|when|while|last|this|today|yesterday|earlier|"
    r"late|early|told|adding)\b)"
)


def _speaker_after(w: str, i: int, hi: int) -> tuple[int, int] | None:
    """The speaker phrase right after an inverted cue, up to the clause's end or a time adjunct."""
    m = _SPEAKER_AFTER_RE.match(w, i, hi)
    if m is None:
        return None
    phrase = m.group(1)
    if not (phrase[:1].isupper() or phrase.split()[0] in ("the", "a", "an")):
        return None
    if _FINITE_RE.search(phrase.lower()):
        return None  # "X, who led the coastguard, said the patrols would double": a content, not a speaker
    end = m.end(1)
    return m.start(1), end - 1 if w[end - 1] == "." else end


_APPOSITIVE_NAME_RE = re.compile(r",\s+((?:[A-Z][\w'’.\-]*\s+){0,3}[A-Z][\w'’\-]*)")


def _has_own_attribution(w: str, earlier: list[CueMatch], a: int, b: int) -> bool:
    """True when the clause ``a..b`` before ", according to X" carries its own cue with its own subject."""
    return any(
        a <= c.start < b
        and c.entry.cue != "according to"
        and not c.is_participle
        and clauses.subject_before(w, a, c.start).kind != "none"
        for c in earlier
    )


_SUBORDINATORS = word_set("""after before when while because since although though once""")
# Subjects that are the document itself ("The statement says ..."): its issuer speaks.
_DOCUMENT_SUBJECT_RE = re.compile(
    r"(?:the|this|that|its|his|her|their|a|our)\s+(?:joint\s+|final\s+|written\s+|official\s+)?"
    r"(?:statement|communiqu[eé]|declaration|letter|press release|release|readout|resolution|document|"
    r"message)",
    re.IGNORECASE,
)
_DOCUMENT_SUBJECT_END_RE = re.compile(
    "(" + _DOCUMENT_SUBJECT_RE.pattern + r")\s+(?:also\s+)?$", re.IGNORECASE
)
_JOINT_DOC_RE = re.compile(
    r"\bjoint\s+(?:statement|declaration|communiqu[eé]|press statement)\b", re.IGNORECASE
)
_WE_RE = re.compile(r"we(?:\s+(?:both|all|together|jointly))?", re.IGNORECASE)
# "The Prime Ministers welcomed ...": in a joint statement, its signatories.
_PLURAL_ROLE_RE = re.compile(
    r"(?:the\s+)?(?:two\s+|both\s+)?(?:prime\s+ministers|presidents|leaders|foreign\s+ministers|ministers|"
    r"heads\s+of\s+(?:state|government)|signatories)",
    re.IGNORECASE,
)
_MAX_HEAD = 2500  # characters after the title where a joint statement names itself and its signatories
# The last article's signatories, as one (document, people) tuple so that a read is never half-updated.
_signatory_cache: list[tuple[object, list[Speaker]]] = [(None, [])]


# "Sen. Ola Berg (D-Vt.) on Saturday criticized": a party-and-state label (and a day) after the name.
_TRAILING_LABEL_RE = re.compile(
    r"\s*\([A-Z]{1,3}\s*[-–]\s*[A-Z][\w.\s]{0,15}\)\s*(?:(?:on|last|this|late|early)\s+[A-Z]?[a-z]+\s*)?$"
)


def _subject_before_label(w: str, lo: int, cue_start: int) -> clauses.Subject:
    """The subject before a parenthesised party label, or none."""
    m = _TRAILING_LABEL_RE.search(w, max(lo, cue_start - 50), cue_start)
    if m is None:
        return clauses.Subject("none")
    return clauses.subject_before(w, lo, m.start())


def _document_subject(w: str, lo: int, cue_start: int) -> clauses.Subject:
    """A document as the subject right before the cue ("The statement says ..."), or none."""
    a = max(lo, cue_start - 60)
    m = _DOCUMENT_SUBJECT_END_RE.search(w, a, cue_start)
    if m is None or (m.start() > a and not w[m.start() - 1].isspace()):
        return clauses.Subject("none")
    return clauses.Subject("phrase", m.start(), m.end(1))


def _subordinate_cut(w: str, subj: clauses.Subject, lo: int) -> int | None:
    """Where a subordinate clause with its own subject starts ("..., three days after she admitted")."""
    if subj.kind != "phrase":
        return None
    words = w[max(lo, subj.start - 40) : subj.start].split()
    if not words or words[-1].lower() not in _SUBORDINATORS:
        return None
    comma = w.rfind(",", max(lo, subj.start - 40), subj.start)
    return comma if comma >= 0 else subj.start - len(words[-1]) - 1


def _trimmed(w: str, d: Draft, cut: int) -> Draft:
    """The draft with its text ending before ``cut`` (when the text runs over it)."""
    if d.kind != "indirect" or not d.start < cut < d.end:
        return d
    end = d.start + len(_TRAIL_RE.sub("", w[d.start : cut]))
    if end <= d.start:
        return d
    return Draft(d.speaker, d.kind, d.cue, d.cue_span, [(d.start, end)], d.clause, d.stance_hint, d.context)


def _special_subject(ctx: Context, subj: clauses.Subject) -> list[Speaker]:
    """Speakers of "We ..." in a joint statement (the signatories) and "The statement says" (the issuer)."""
    if subj.kind != "phrase":
        return []
    phrase = " ".join(ctx.work[subj.start : subj.end].split())
    if _WE_RE.fullmatch(phrase) or _PLURAL_ROLE_RE.fullmatch(phrase):
        return _signatories(ctx)
    if _DOCUMENT_SUBJECT_RE.fullmatch(phrase):
        return _signatories(ctx) or ([ctx.last_speaker] if ctx.last_speaker is not None else [])
    return []


def _signatories(ctx: Context) -> list[Speaker]:
    """The people issuing a joint statement: named in its title or opening paragraph ("We, A and B, ...")."""
    doc = ctx.doc
    cached = _signatory_cache[0]
    if cached[0] is doc:
        return list(cached[1])
    people: list[Speaker] = []
    shown: list[Speaker] = []
    head_end = doc.paragraphs[min(1, len(doc.paragraphs) - 1)].end if doc.paragraphs else doc.title.end
    # A text scraped into one block has no opening paragraph: its head is its first few sentences.
    head_end = min(head_end, doc.title.end + _MAX_HEAD)
    if _JOINT_DOC_RE.search(doc.work[doc.title.start : head_end]):
        for m in ctx.registry.mentions:
            if m.start >= head_end:
                break
            sp = m.entity.speaker()
            if m.entity.kind == "person" and sp not in people:
                people.append(sp)
                if m.entity.person is not None or m.entity.roles:
                    shown.append(sp)
        # Capitalised runs ("a Global Partner") register as people too: when two or more signatories are
        # known or titled people, only those sign.
        if len(shown) >= 2:
            people = shown
    _signatory_cache[0] = (doc, people)
    return list(people)


# "declined to comment", "refused to be named": a cue with no statement behind it.
_NO_CONTENT_RE = re.compile(
    r"to (?:comment|elaborate|say more|speculate|give (?:further )?details|be (?:named|identified)|"
    r"discuss (?:the matter|details))\b|"
    # "said this during a meeting", "told this to the media": a demonstrative pointing back at words
    # already reported, then where or to whom they were said.
    r"this\s+(?:to|during|in|at|on|while|after|following|when|before|via|from|with|as)\b",
    re.IGNORECASE,
)
_DATELINE_RE = re.compile(r"[A-Z][A-Z .'\-]{2,40}(?:,[^–—\-\n]{0,40})?\s[–—-]{1,2}\s")


def _only_adjunct(w: str, a: int, b: int) -> bool:
    """True when a cue's content is empty or only a time adjunct ("said on Tuesday")."""
    seg = w[a:b].strip(" ,.")
    return not seg or bool(clauses.TEMPORAL_LEAD_RE.fullmatch(seg + " "))


_CLAUSE_LINKS = word_set(
    """which who whom whose that where when because although though while as if and but"""
)


def _medial_lead(ctx: Context, s: Span, subj_start: int) -> tuple[int, int] | None:
    """The words before a medial ", X said," ("In any case, X said, the industry ..."), up to the comma."""
    w = ctx.work
    got = _clause_before_comma(w, s.start, subj_start)
    if got is None:
        return None
    a, comma = got
    if a >= comma or ctx.quote_at(a) >= 0 or w.startswith("''", a):
        return None
    return a, comma


def _clause_before_comma(w: str, lo: int, subj_start: int) -> tuple[int, int] | None:
    """From ``lo`` (after any dateline) to the comma that ends the text before ``subj_start``, or None."""
    if not _comma_before(w, lo, subj_start):
        return None
    comma = w.rfind(",", lo, subj_start)
    a = lo
    m = _DATELINE_RE.match(w, a, comma)
    if m:
        a = m.end()
    return _skip_space(w, a, comma), comma


def _comma_before(w: str, lo: int, pos: int) -> bool:
    """True when a comma ends the text before ``pos``, also inside a closing mark (`,”`, `,"`, `,''`)."""
    end = pos
    while end > lo and w[end - 1] in " '\"”’":
        end -= 1
    return prev_nonspace(w, lo, end) == ","


def _reverse_content(ctx: Context, s: Span, subj_start: int) -> tuple[int, int] | None:
    """The clause before ", X said": from the sentence start (after any dateline) to the comma."""
    w = ctx.work
    got = _clause_before_comma(w, s.start, subj_start) if subj_start - s.start <= _MAX_CONTENT else None
    if got is None:
        return None
    a, comma = got
    for m2 in _OPENING_APOSTROPHES_RE.finditer(w, a, comma):
        a = m2.end()  # a new sentence the splitter kept, opened by doubled apostrophes
    if w.startswith("''", a) or ctx.quote_at(a) >= 0 or word_count(w[a:comma]) < 4:
        return None  # `''A whole quote,'' he said`: direct speech, not a reported content
    return a, comma


_OPENING_APOSTROPHES_RE = re.compile(r"[.!?][\"”’']*\s+(?='')")


def _quote_words(ctx: Context, k: int) -> int:
    q = ctx.quotes[k]
    return word_count(ctx.work[q.inner.start : q.inner.end])


# "Speaking to the harbour board late on Sunday, port director X said": a participle or prepositional
# phrase closed by a comma sets the scene of the statement, so its date is the statement's.
_SCENE_LEAD_RE = re.compile(
    r"\s*(?:[A-Z][a-z]+ing|In|On|At|During|After|Before|Late|Early|Earlier|Later|Addressing|Asked)\b[^,;:.]{0,120},"
)


def _leading_adjunct(w: str, a: int, b: int) -> bool:
    """A short lead-in before the subject ("On Friday,", "Saturday's offer by") belongs to the attribution."""
    if len(w[a:b].split()) <= 8:
        return True
    m = _SCENE_LEAD_RE.match(w, a, b)
    return m is not None and len(w[m.end() : b].split()) <= 4


def _colon_quote(ctx: Context, cue: CueMatch, b: int, s: Span) -> Quote | None:
    w = ctx.work
    i = _skip_space(w, b, s.end)
    if i < s.end and w[i] == ":":
        k = ctx.quote_at(_skip_space(w, i + 1, s.end))
        if k >= 0:
            return ctx.quotes[k]
    return None


def _mixed(ctx: Context, drafts: list[Draft], a: int, b: int, cue: CueMatch) -> list[Draft]:
    """Turn quotes of five or more words inside reported content into direct statements."""
    w = ctx.work
    out: list[Draft] = []
    total = max(1, word_count(w[a:b]))
    covered = 0
    k = ctx.quote_at(a)
    k = k if k >= 0 else _first_quote_from(ctx, a)
    while 0 <= k < len(ctx.quotes) and ctx.quotes[k].open < b:
        q = ctx.quotes[k]
        n = word_count(w[q.inner.start : q.inner.end])
        if n >= MIN_QUOTE_WORDS and k in ctx.consumed_quotes:
            # Already a direct statement (`called the plan "..."`, read before reported speech): it still
            # covers these words, so the 40 % rule decides as if this cue had taken it.
            covered += n
        elif n >= MIN_QUOTE_WORDS:
            ctx.consumed_quotes.add(k)
            covered += n
            for d in drafts:
                out.append(
                    Draft(
                        d.speaker,
                        "direct",
                        d.cue,
                        d.cue_span,
                        [(q.inner.start, q.inner.end)],
                        d.clause,
                        d.stance_hint,
                        d.context,
                    )
                )
                ctx.last_direct = d.speaker
        k += 1
    if covered / total < _MIXED_SHARE:
        out = drafts + out
    return out


# Own words before a quote that make a content-first statement a clause the quote only completes
# (`The harbour "was the best in the north," said X`).
_MIN_LEAD_WORDS = 2


def _quote_completes_lead(ctx: Context, a: int, b: int) -> bool:
    """True when a long quote inside w[a:b] opens after words of the reporter's own that begin its clause."""
    k = _first_quote_from(ctx, a)
    if not (0 <= k < len(ctx.quotes) and ctx.quotes[k].open < b and _quote_words(ctx, k) >= MIN_QUOTE_WORDS):
        return False
    lead = ctx.work[a : ctx.quotes[k].open]
    return word_count(lead) >= _MIN_LEAD_WORDS and not re.search(r"[.;:!?]", lead)


def _first_quote_from(ctx: Context, pos: int) -> int:
    lo, hi = 0, len(ctx.quotes)
    while lo < hi:
        mid = (lo + hi) // 2
        if ctx.quotes[mid].open < pos:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _passive(ctx: Context, s: Span) -> list[Draft]:
    """Agentless reporting ("It was noted that ...", "Hope was expressed that ...") in readouts."""
    w = ctx.work
    out: list[Draft] = []
    if ctx.focus is None:
        return out
    for m in ctx.lex.passive_pattern.finditer(w, s.start, s.end):
        if ctx.quote_at(m.start()) >= 0:
            continue
        entry = next((e for e in ctx.lex.passive if e.cue == " ".join(m.group(0).lower().split())), None)
        if entry is None:
            continue
        a = _skip_space(w, m.end(), s.end)
        if w[a : a + 5].lower() == "that ":
            a += 5
        elif w[a : a + 1] in (",", ";"):
            continue
        b = _content_end(ctx, a, s, [])
        if word_count(w[a:b]) < 3:
            continue
        sp = ctx.focus.speaker()
        out.append(
            Draft(
                sp,
                "indirect",
                m.group(0),
                (m.start(), m.end()),
                [(a, b)],
                (s.start, a),
                entry.stance,
                (s.start, s.end),
            )
        )
    return out
