"""Attribution by a source phrase: "according to X" before, after or inside its content, with the whole
source phrase as the speaker ("Velmar state media", the outlet behind "a poll published by the Welby
Herald")."""

from __future__ import annotations

import re

from quoteline.extract import clauses, kb
from quoteline.extract.context import Context
from quoteline.extract.cues import CueMatch
from quoteline.extract.institutions import organisation_phrase
from quoteline.extract.model import Speaker
from quoteline.extract.quote_words import word_count
from quoteline.extract.reported.text_scan import DATELINE_RE, FINITE_RE, MAX_CONTENT, TRAIL_RE, skip_space
from quoteline.extract.text import Span, prev_nonspace

# "according to a poll published by the Welby Herald last week": the outlet behind the document speaks.
# Also "exit polls conducted for the Halvik Courier": the outlet the poll was made for.
_DOCUMENT_BY_RE = re.compile(
    r"(?:(?:a|an|the)\s+(?:[\w\-]+\s+){0,2}?(?:poll|survey|report|study|statement|analysis|count|tally|tweet)\s+"
    r"(?:(?:published|released|conducted|issued|posted|carried|commissioned)\s+)?by|"
    r"(?:[\w\-]+\s+){0,4}?(?:polls?|surveys?)\s+(?:conducted|commissioned|carried\s+out)\s+for)\s+",
    re.IGNORECASE,
)
# "a poll released Sunday", "exit polls conducted for the networks": how the document came out, not who
# stands behind it (which "published by" names, above).
_DOCUMENT_TAIL_RE = re.compile(
    r"(?:(?<=poll)|(?<=polls)|(?<=survey)|(?<=surveys)|(?<=study)|(?<=results))"
    r"\s+(?:released|published|conducted|taken|issued|carried\s+out)\b"
    r"(?!\s+by\b).*$",
    re.IGNORECASE,
)
_SOURCE_END_RE = re.compile(r"\s+(?:last|on|this|earlier|late|early)\s+[\w.]+(?:\s+\d{1,2})?$", re.IGNORECASE)
# "the Orvel Centre for Tide Research at Marrow University in Halvik": where the source sits is no part of it.
_SOURCE_PLACE_RE = re.compile(r"\s+(?:at|in)\s+(?:the\s+)?[A-Z][\w.\-]*(?:\s+(?:of\s+)?[A-Z][\w.\-]*)*.*$")
_MAX_SOURCE_WORDS = 10


def source_phrase(w: str, i: int, hi: int) -> tuple[int, int] | None:
    """The source after "according to" (or "reported by"), up to a comma or the sentence end: "Velmar state
    media", "him"."""
    i = skip_space(w, i, hi)
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
    tail = _DOCUMENT_TAIL_RE.search(phrase)
    if tail:
        phrase = phrase[: tail.start()]  # "a Halvik Courier poll released Sunday": the poll
    if len(phrase.split()) > _MAX_SOURCE_WORDS:
        placed = _SOURCE_PLACE_RE.search(phrase)
        if placed is not None and placed.start() > 0:
            phrase = phrase[: placed.start()]
    words = phrase.split()
    # A capitalised word is a name's ("the Associated Press", "the United Nations"), never a verb.
    lower = " ".join(word for word in words if not word[:1].isupper())
    if not words or len(words) > _MAX_SOURCE_WORDS or FINITE_RE.search(lower):
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


def according_to_attribution(ctx: Context, cue: CueMatch, s: Span) -> tuple[clauses.Subject, int, int] | None:
    w = ctx.work
    span = source_phrase(w, cue.end, s.end)
    if span is None:
        return None
    subj = clauses.Subject("phrase", span[0], span[1])
    lead_char = prev_nonspace(w, max(s.start, cue.start - 400), cue.start)
    if lead_char == "," and _CONNECTIVE_LEAD_RE.fullmatch(w, s.start, w.rfind(",", s.start, cue.start)):
        lead_char = ""  # "In addition, according to X, content.": the lead is a link, the content follows
    if not lead_char and cue.start - s.start < 400:
        # "According to X, content."
        comma = w.find(",", span[1], s.end)
        between = w[span[1] : comma]
        told_how = _SOURCE_END_RE.match(between) or _DOCUMENT_TAIL_RE.match(w, span[1], comma)
        if comma < 0 or (between.strip() and not told_how):
            return None
        return subj, skip_space(w, comma + 1, s.end), s.start + len(TRAIL_RE.sub("", w[s.start : s.end]))
    if lead_char == ",":
        comma = w.rfind(",", s.start, cue.start)
        a = max(s.start, comma - MAX_CONTENT)
        return subj, skip_space(w, a, comma), comma
    if re.match(r"[\s.!?]*$", w[span[1] : s.end]) and word_count(w[s.start : cue.start]) >= 4:
        # "The army entered the town yesterday according to state media."
        a = s.start
        m = DATELINE_RE.match(w, a, cue.start)
        if m:
            a = m.end()
        return subj, skip_space(w, a, cue.start), len(w[: cue.start].rstrip())
    return None


# The sentence's verb after the source phrase: a finite form, or a common -s form ("represents a test").
_VERB_AFTER_SOURCE_RE = re.compile(
    r"\b(?:is|was|were|are|has|have|had|will|would|could|can|may|might|must|should|did|does|[a-z]+n't|"
    r"remains|seems|represents|means|includes|lies|comes|goes|shows|appears|looks|stands|faces|needs|makes)\b"
)


def medial_tail(ctx: Context, cue: CueMatch, s: Span, a: int, b: int) -> tuple[int, int] | None:
    """The rest of the content when "according to X" interrupts a clause whose subject or fronted phrase
    comes before it ("The cost, according to X, will be higher", "At the root of the row, according to
    X, was a decision", "For Vell, according to X, the vote represents a test"): the words before the source
    have no verb of their own, and the sentence's verb follows the source phrase and any apposition to it.
    The rest opens after the last comma before that verb."""
    w = ctx.work
    lead = w[a:b]
    if not lead.strip() or FINITE_RE.search(lead.lower()) or word_count(lead) > 12 or ctx.quote_at(a) >= 0:
        return None
    m = _VERB_AFTER_SOURCE_RE.search(w, cue.end, s.end)
    if m is None or ctx.quote_at(m.start()) >= 0 or re.search(r"[;:()\"“”]", w[cue.end : m.start()]):
        return None
    comma = w.rfind(",", cue.end, m.start())
    if comma < 0:
        return None
    start = skip_space(w, comma + 1, s.end)
    if re.match(r"(?:who|whom|whose|which|where|and|but)\b", w[start : start + 6], re.IGNORECASE):
        return None  # "..., according to X, who advised Y": a clause about the source, not the content
    end = start + len(TRAIL_RE.sub("", w[start : s.end]))
    return (start, end) if word_count(w[start:end]) >= 2 else None


def has_own_attribution(w: str, earlier: list[CueMatch], a: int, b: int) -> bool:
    """True when the clause ``a..b`` before ", according to X" carries its own cue with its own subject."""
    return any(
        a <= c.start < b
        and c.entry.cue != "according to"
        and not c.is_participle
        and clauses.subject_before(w, a, c.start).kind != "none"
        for c in earlier
    )


def source_body(phrase: str) -> list[Speaker]:
    """The body behind a capitalised source that names no one the article knows ("according to Gallup",
    "according to the Halvik Tide Survey"): a pollster, agency or outlet speaking on its own authority. A
    state is left to resolution, which knows it."""
    name = organisation_phrase(" ".join(phrase.split()))
    if name is None or kb.country_of(name):
        return []
    return [Speaker(name, "institution", None)]


# "according to exit polling data", "according to a Halvik Courier poll released Sunday", "according to
# first returns from exit polls": a document or count no body the article names stands behind speaks as
# written, unnamed.
_DOCUMENT_HEAD_RE = re.compile(
    r"\b(?:polls?|polling|surveys?|data|results|figures|study|studies|estimates?|filings|records|statistics|"
    r"tally|count|projections)\b",
    re.IGNORECASE,
)


def document_source(phrase: str) -> list[Speaker]:
    """The unnamed speaker of an "according to" whose source is a poll, a survey or figures."""
    name = " ".join(phrase.split())
    if not _DOCUMENT_HEAD_RE.search(name) or len(name.split()) > _MAX_SOURCE_WORDS:
        return []
    return [Speaker(name, "unnamed", None)]
