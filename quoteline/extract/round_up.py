"""The speaker a round-up's label names when the resolver does not know it.

A page of reactions ("What they are saying") prints each one as a label set off in bold or italics, a
colon and the quote: `**Harbour Pilots Guild:** "…"`. A label that names a person, or a body the resolver
reads as an organisation, is ``lead_ins.name_label``'s. Many bodies on such pages are named without an
organisation word ("Voters of Tomorrow", "Moms First", "Tidewater Now"), and the resolver reads them as
nothing: the quote then floated to the reaction before it or was lost. On a page that prints at least
``MIN_ROUND_UP_LABELS`` such labels, a label of a few capitalised words that names no person the article
shows is the body that speaks (or, after a title, the person: "Rep. Ada Vell").
"""

from __future__ import annotations

import re
from itertools import pairwise

from quoteline.extract import kb
from quoteline.extract.context import Context
from quoteline.extract.evidence import Reference
from quoteline.extract.mentions import ORDINARY_IN_NAMES
from quoteline.extract.model import Speaker
from quoteline.extract.text import word_set
from quoteline.knowledge.normalize import fold

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


def round_up_labels(ctx: Context) -> int:
    """How many set-off labels run into a quote the page prints (counted once per article, on its context)."""
    if ctx.round_up_labels is None:
        ctx.round_up_labels = sum(1 for _ in _SET_OFF_LABEL_RE.finditer(ctx.doc.raw))
    return ctx.round_up_labels


def unlisted_body(ctx: Context, lo: int, colon: int, heads: frozenset[str]) -> list[Speaker]:
    """The speaker a round-up label's first part names (w[lo:colon], its bracketed initials aside) when the
    page is a round-up and the label names no person the article shows: a body ("Voters of Tomorrow"), a body
    before its holder's office ("Harbour Guild President and CEO": the guild), or a person after a title
    ("Rep. Ada Vell"). ``heads`` are the words of an office. Empty otherwise."""
    w = ctx.work
    if round_up_labels(ctx) < MIN_ROUND_UP_LABELS:
        return []
    end = w.find(",", lo, colon)
    end = colon if end < 0 else end
    for m in ctx.mentions_in(lo, colon):
        if m.entity.kind == "person" and (m.entity.person is not None or m.entity.roles or m.start >= end):
            # A person the article shows as one (a known or titled name), or a name after the first part
            # ("Warren, Harbour Town Manager Ada Vell"), that the person reader turned down: no body speaks.
            # Capitalised runs ("Moms First") register as people too, and those may be bodies.
            return []
    paren = re.search(r"\s*\([^()]*\)\s*$", w[lo:end])
    if paren:
        end = lo + paren.start()
    toks = [(lo + t.start(), lo + t.end(), t.group()) for t in re.finditer(r"\S+", w[lo:end])]
    if not 1 <= len(toks) <= _MAX_BODY_WORDS or not (toks[0][2][:1].isupper() or toks[0][2][:1].isdigit()):
        return []
    if any(not (t[2][:1].isupper() or t[2][:1].isdigit() or t[2].lower() in _NAME_JOINS) for t in toks):
        return []  # "Care is essential": a sentence, not a name
    office = heads - ORDINARY_IN_NAMES

    def is_office(t: tuple[int, int, str]) -> bool:
        return t[2].lower().strip(".") in office

    a = 0
    while a < len(toks) and is_office(toks[a]):
        a += 1
    if a > 0 and 2 <= len(toks) - a <= 4 and not any(is_office(t) for t in toks[a:]):
        return _named(ctx, toks[a:], "person")  # "Rep. Ada Vell", "Dr. Tomas Orrin Jr."
    if _names_a_person(w[end:colon].split(), office):
        return []  # "Warren, Harbour Town Manager Ada Vell": a later part names someone, who speaks
    b = len(toks)
    while b > 0 and (is_office(toks[b - 1]) or toks[b - 1][2].lower() in _NAME_JOINS):
        b -= 1
    if b == 0 or any(is_office(t) for t in toks[:b]):
        return []  # "Deputy Director", "Senior Vice President & Chief of Staff": an office, no holder
    return _named(ctx, toks[:b], "institution")  # "Harbour Guild President and CEO": the guild


def _names_a_person(words: list[str], office: frozenset[str]) -> bool:
    """Whether a label's later parts name an office or a person: a given name the name table holds before a
    capitalised word ("Ada Vell")."""
    if any(t.lower().strip(".,") in office for t in words):
        return True
    given = kb.given_name_table()
    return any(
        a[:1].isupper() and b[:1].isupper() and fold(a.strip(",")) in given for a, b in pairwise(words)
    )


def _named(ctx: Context, toks: list[tuple[int, int, str]], kind: str) -> list[Speaker]:
    """The speaker the label's words name, remembered with their offsets as the speaker's evidence."""
    name = " ".join(t[2] for t in toks)
    ctx.references.append(Reference(toks[0][0], toks[-1][1], name))
    return [Speaker(name, kind)]
