"""Small scanning helpers shared by the reported-speech modules: spaces, commas, finite verbs, quotes by
offset."""

from __future__ import annotations

import re

from quoteline.extract.context import Context
from quoteline.extract.quote_words import word_count
from quoteline.extract.text import prev_nonspace

THAT_RE = re.compile(r"\bthat\b", re.IGNORECASE)


MAX_CONTENT = 1500  # characters; a longer "content" is a runaway sentence, not one statement
TRAIL_RE = re.compile(r"[\s,.;:!?…]+$")


# A finite verb, also as a contracted auxiliary ("she'd back it", "they'll stay", "we're ready").
FINITE_RE = re.compile(
    r"\b(?:is|was|were|are|am|be|been|has|have|had|will|would|could|can|should|must|may|might|did|does|do|"
    r"[a-z]+ed|[a-z]+n't|[a-z]+['’](?:d|ll|re|ve|m))\b"
)


# A bare weekday as a wire story prints it after the cue ("said Wednesday she would run", "promised Monday
# to act", "…, the Courier reported Friday."), maybe with its part of the day; not a possessive ("Friday's
# vote").
BARE_DAY_RE = re.compile(
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:\s+(?:morning|afternoon|evening|night))?"
    r"(?![\w'’])"
)


def skip_space(w: str, i: int, hi: int) -> int:
    while i < hi and w[i].isspace():
        i += 1
    return i


DATELINE_RE = re.compile(r"[A-Z][A-Z .'\-]{2,40}(?:,[^–—\-\n]{0,40})?\s[–—-]{1,2}\s")


def comma_before(w: str, lo: int, pos: int) -> bool:
    """True when a comma ends the text before ``pos``, also inside a closing mark (`,”`, `,"`, `,''`)."""
    end = pos
    while end > lo and w[end - 1] in " '\"”’":
        end -= 1
    return prev_nonspace(w, lo, end) == ","


def quote_words(ctx: Context, k: int) -> int:
    q = ctx.quotes[k]
    return word_count(ctx.work[q.inner.start : q.inner.end])


def first_quote_from(ctx: Context, pos: int) -> int:
    lo, hi = 0, len(ctx.quotes)
    while lo < hi:
        mid = (lo + hi) // 2
        if ctx.quotes[mid].open < pos:
            lo = mid + 1
        else:
            hi = mid
    return lo
