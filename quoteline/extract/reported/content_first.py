"""Attributions that follow their content: "CONTENT, said the mill's director, Tomas Ekberg", "CONTENT,
X said on Tuesday", and the medial "A, X said, but B", where the content is the clause before the comma."""

from __future__ import annotations

import re

from quoteline.extract import clauses
from quoteline.extract.context import Context
from quoteline.extract.cues import CueMatch
from quoteline.extract.quote_words import MIN_QUOTE_WORDS, word_count
from quoteline.extract.reported.text_scan import (
    DATELINE_RE,
    FINITE_RE,
    MAX_CONTENT,
    comma_before,
    first_quote_from,
    quote_words,
    skip_space,
)
from quoteline.extract.text import Span, word_set

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
        # clause-taking verbs that wire copy inverts as well: "..., predicted Ada Vell, the former mayor"
        "predict",
        "observe",
        "complain",
        "joke",
        "suggest",
        "caution",
        "assert",
        "declare",
        "state",
        "admit",
        "remark",
        "lament",
        "boast",
    }
)
_AFTER_SPEAKER_RE = re.compile(
    r"\s*(?:[.!?]|$|,|;|\s(?:in|on|at|during|after|before|when|while|last|this|today|"
    r"yesterday|earlier|late|early|told|adding|according)\b)"
)


def inverted_attribution(ctx: Context, cue: CueMatch, s: Span) -> tuple[clauses.Subject, int, int] | bool:
    """`CONTENT, said the mill's director, Tomas Ekberg.`: the content before the comma, the speaker after.

    False when the cue is not inverted; True when it is but its content is not one to report here (a
    quote the direct pass owns), so that the speaker is never taken for a content.
    """
    w = ctx.work
    if cue.entry.cue not in _INVERTING_CUES or cue.is_participle:
        return False
    if not comma_before(w, s.start, cue.start):
        return False
    if cue.start in ctx.consumed_cues:
        # `The harbour "was the best," said X`: the direct pass took the quote, but the clause it completes
        # is reported speech of its own.
        rev0 = reverse_content(ctx, s, cue.start)
        if rev0 is None or not _quote_completes_lead(ctx, rev0[0], rev0[1]):
            return False
    span = _speaker_after(w, cue.end, s.end)
    if span is None:
        return False
    if w[span[0] : span[1]].lower() in clauses.OBJECT_PRONOUNS:
        return False  # "..., told him": a listener, not a speaker
    if _VERB_AFTER_SUBJECT_RE.match(w, span[1], s.end):
        # "Earlier this week, Ada Vell, who ran the port, conceded the situation in the port is bad": the
        # phrase after the cue is the subject of the content's own clause, not an inverted speaker.
        return False
    # "said the bloc's chief, Aurelio Vanni": the appositive name is the speaker.
    m = _APPOSITIVE_NAME_RE.match(w, span[1], s.end)
    if m and _AFTER_SPEAKER_RE.match(w, m.end(), s.end):
        span = (m.start(1), m.end(1))
    rev = reverse_content(ctx, s, cue.start)
    if rev is None:
        return w[span[0] : span[0] + 1].isupper()  # `"... to lead," says Evan Tracey, a consultant`
    content = w[rev[0] : rev[1]]
    if not FINITE_RE.search(content.lower()) and word_count(content) <= 8:
        return False  # "Irma Tolvik, the port director, said": a subject with its appositive, not a content
    if _NAME_APPOSITIVE_RE.match(content):
        # "Irma Tolvik, a member of the board who wants the levy dropped, said the ferry sank": a name and
        # one appositive that runs up to the cue are its subject, whatever verbs the appositive holds.
        return False
    return clauses.Subject("phrase", span[0], span[1]), rev[0], rev[1]


# The verb of a clause right after the phrase that follows the cue (past at most a few words of adjunct,
# no comma): "conceded the situation in the port is bad", "argued the levy would fail".
_VERB_AFTER_SUBJECT_RE = re.compile(
    r"(?:\s+(?!(?:who|which|that|whose)\b)[\w'’\-]+){0,4}?\s+(?:is|are|was|were|has|have|had|will|would|could|"
    r"can|should|must|may|might)\b"
)
_SPEAKER_AFTER_RE = re.compile(
    r"\s*((?:the|a|an|[A-Z][\w'’.\-]*)(?:\s+[\w'’.\-]+){0,8}?)"
    # A title's full stop ("said Mr. Ekberg") does not end the phrase.
    r"(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bMrs)(?<!\bSen)(?<!\bRep)(?<!\bGov)(?<!\bGen)(?<!\bSt)"
    r"(?=\s*(?:[.!?;,(]|$)|\s(?:in|on|at|during|after|before|when|while|last|this|today|yesterday|earlier|"
    r"late|early|told|adding)\b)"
)


# "..., said several observers", "..., said an aide who was told about the talks": an unnamed speaker
# opened by a determiner or a count, whose relative clause (with verbs of its own) runs to the sentence's end.
_COUNT_WORDS = (
    r"(?:several|many|some|most|few|numerous|other|both|dozens\s+of|a\s+handful\s+of|\d[\d,.]*|"
    + (r"(?:one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|hundreds|thousands)(?:-[a-z]+)?)")
)
_GROUP_SPEAKER_AFTER_RE = re.compile(
    r"\s*((?:the|a|an|" + _COUNT_WORDS + r")(?:\s+[\w'’.\-]+){0,5}?)"
    r"(?:\s+(?:who|whose)\s[^.;:!?\"“”]*)?(?=\s*(?:[.!?;]|$))"
)


def counted_group(phrase: str) -> bool:
    """True for an unnamed speaker given by a count ("several observers", "a handful of councillors"), which
    speaks as written when no one in the article resolves it."""
    return bool(re.match(_COUNT_WORDS + r"\s", phrase, re.IGNORECASE))


def _speaker_after(w: str, i: int, hi: int) -> tuple[int, int] | None:
    """The speaker phrase right after an inverted cue, up to the clause's end or a time adjunct."""
    m = _SPEAKER_AFTER_RE.match(w, i, hi)
    group = _GROUP_SPEAKER_AFTER_RE.match(w, i, hi)
    plain_name = m is not None and m.group(1)[:1].isupper() and not FINITE_RE.search(m.group(1).lower())
    if group is not None and not FINITE_RE.search(group.group(1).lower()) and not plain_name:
        end = group.end(1)
        return group.start(1), end - 1 if w[end - 1] == "." else end
    if m is None:
        return None
    phrase = m.group(1)
    if not (phrase[:1].isupper() or phrase.split()[0] in ("the", "a", "an")):
        return None
    if FINITE_RE.search(phrase.lower()):
        return None  # "X, who led the coastguard, said the patrols would double": a content, not a speaker
    end = m.end(1)
    return m.start(1), end - 1 if w[end - 1] == "." else end


_NAME_APPOSITIVE_RE = re.compile(
    r"(?:[A-Z][\w'’.\-]*\s+){0,3}[A-Z][\w'’.\-]*,\s+(?:a|an|the|who|whose|[A-Z][\w'’.\-]*['’]s)\s[^,;:]*$"
)
_APPOSITIVE_NAME_RE = re.compile(r",\s+((?:[A-Z][\w'’.\-]*\s+){0,3}[A-Z][\w'’\-]*)")


CLAUSE_LINKS = word_set(
    """which who whom whose that where when because although though while as if and but"""
)


def medial_lead(ctx: Context, s: Span, subj_start: int) -> tuple[int, int] | None:
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
    if not comma_before(w, lo, subj_start):
        return None
    comma = w.rfind(",", lo, subj_start)
    a = lo
    m = DATELINE_RE.match(w, a, comma)
    if m:
        a = m.end()
    return skip_space(w, a, comma), comma


def reverse_content(ctx: Context, s: Span, subj_start: int) -> tuple[int, int] | None:
    """The clause before ", X said": from the sentence start (after any dateline) to the comma."""
    w = ctx.work
    got = _clause_before_comma(w, s.start, subj_start) if subj_start - s.start <= MAX_CONTENT else None
    if got is None:
        return None
    a, comma = got
    for m2 in _OPENING_APOSTROPHES_RE.finditer(w, a, comma):
        a = m2.end()  # a new sentence the splitter kept, opened by doubled apostrophes
    if (w.startswith("''", a) or ctx.quote_at(a) >= 0) and not _fragment_opens(ctx, a, comma):
        return None  # `''A whole quote,'' he said`: direct speech, not a reported content
    if word_count(w[a:comma]) < 4:
        return None
    return a, comma


def _fragment_opens(ctx: Context, a: int, comma: int) -> bool:
    """True when the clause a..comma opens with a quoted fragment (under five words) that the reporter's own
    words carry on, as in `"Safe berths" would be wise, Vell said`: a reported content whose fragment is
    the speaker's (ANNOTATION.md), not a quote of its own."""
    k = ctx.quote_at(a)
    if k < 0:
        return False
    q = ctx.quotes[k]
    if not q.closed or ctx.work[q.open : q.close].rstrip()[-1:] in _CLAUSE_END_MARKS:
        return False  # `"Ring the bell," a voice cried out`: a quoted clause of its own
    return (
        q.outer_end < comma
        and quote_words(ctx, k) < MIN_QUOTE_WORDS
        and word_count(ctx.work[q.outer_end : comma]) >= 2
    )


_CLAUSE_END_MARKS = frozenset(",.;:!?")


_OPENING_APOSTROPHES_RE = re.compile(r"[.!?][\"”’']*\s+(?='')")


# Own words before a quote that make a content-first statement a clause the quote only completes
# (`The harbour "was the best in the north," said X`).
_MIN_LEAD_WORDS = 2


def _quote_completes_lead(ctx: Context, a: int, b: int) -> bool:
    """True when a long quote inside w[a:b] opens after words of the reporter's own that begin its clause."""
    k = first_quote_from(ctx, a)
    if not (0 <= k < len(ctx.quotes) and ctx.quotes[k].open < b and quote_words(ctx, k) >= MIN_QUOTE_WORDS):
        return False
    lead = ctx.work[a : ctx.quotes[k].open]
    return word_count(lead) >= _MIN_LEAD_WORDS and not re.search(r"[.;:!?]", lead)
