"""The organisation a round-up's label names when the resolver does not know it.

A page of reactions ("What they are saying") prints each one as a label set off in bold or italics, a colon and
the quote: `**Harbour Pilots Guild:** "…"`. A label that names a person, or a body the resolver reads as an
organisation, is ``lead_ins.name_label``'s. Many bodies on such pages are named without an organisation word
("Voters of Tomorrow", "Moms First", "Tidewater Now"), and the resolver reads them as nothing: the quote then
floated to the reaction before it or was lost. On a page that prints at least ``MIN_ROUND_UP_LABELS`` such
labels, a label of a few capitalised words that names no person is the body that speaks.
"""

from __future__ import annotations

import re

from quoteline.extract.context import Context
from quoteline.extract.evidence import Reference
from quoteline.extract.model import Speaker
from quoteline.extract.text import Document, word_set

# A set-off label run into its quote, as round-ups print it: an optional list bullet, bold or underscore
# italics around the label with the colon inside or outside them, then the opening quotation mark.
_SET_OFF_LABEL_RE = re.compile(
    r"(?m)^[ \t]*(?:[-*+•][ \t]+)?(?:\*\*|_)[^*_\n“”\"]{2,200}?(?::\*\*|\*\*:|:_|_:)[ \t]*(?:\*\*)?[“\"]"
)
# A page with fewer set-off labels is not a round-up: a bold topic heading before a quote ("**Clean
# ports:** "…" said Vell") names no speaker.
MIN_ROUND_UP_LABELS = 3
_MAX_BODY_WORDS = 8
# Small words a body's name holds in lower case ("Voters of Tomorrow", "People vs. Fossil Fuels").
_NAME_JOINS = word_set("""of for the and in on to at with a an vs vs. & – - de du la""")
# The last page's count of set-off labels, as one (document, count) tuple so that a read is never half-updated.
_label_cache: list[tuple[object, int]] = [(None, 0)]


def round_up_labels(doc: Document) -> int:
    """How many set-off labels run into a quote the page prints."""
    cached = _label_cache[0]
    if cached[0] is not doc:
        cached = (doc, sum(1 for _ in _SET_OFF_LABEL_RE.finditer(doc.raw)))
        _label_cache[0] = cached
    return cached[1]


def unlisted_body(ctx: Context, lo: int, colon: int, heads: frozenset[str]) -> list[Speaker]:
    """The body a round-up label's first part names (w[lo:colon], its bracketed initials aside), when the
    page is a round-up and the label names no person; ``heads`` are the posting words of an office named
    without its holder ("Deputy Director"). Empty otherwise."""
    w = ctx.work
    if round_up_labels(ctx.doc) < MIN_ROUND_UP_LABELS:
        return []
    if any(
        m.entity.kind == "person" and (m.entity.person is not None or m.entity.roles)
        for m in ctx.mentions_in(lo, colon)
    ):
        # A person the article shows as one (a known or titled name: "Town Manager Ada Vell") that the person
        # reader turned down; capitalised runs ("Moms First") register as people too, and those may be bodies.
        return []
    end = w.find(",", lo, colon)
    end = colon if end < 0 else end
    paren = re.search(r"\s*\([^()]*\)\s*$", w[lo:end])
    if paren:
        end = lo + paren.start()
    words = w[lo:end].split()
    if not 1 <= len(words) <= _MAX_BODY_WORDS or not (words[0][:1].isupper() or words[0][:1].isdigit()):
        return []
    if any(not (t[:1].isupper() or t[:1].isdigit() or t.lower() in _NAME_JOINS) for t in words):
        return []  # "Care is essential": a sentence, not a name
    if all(t.lower().strip(".") in heads or t.lower() in _NAME_JOINS for t in words):
        return []  # "Deputy Director", "The President": an office without its holder
    # (A body may end in a posting's word: "Moms First", "Voices for Justice".)
    start = lo + len(w[lo:end]) - len(w[lo:end].lstrip())
    name = " ".join(words)
    ctx.references.append(Reference(start, start + len(w[start:end].rstrip()), name))
    return [Speaker(name, "institution")]
