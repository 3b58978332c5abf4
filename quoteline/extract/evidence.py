"""Evidence for a statement's date and speaker: the words in the article that set them, with their offsets.

The extractor decides a date in ``dating.py`` and a speaker in ``subjects/`` / ``resolution.py``; this
module only reads back what they used, so that an analyst can check a field before citing it:

- the date's evidence is the day expression that set it ("on Monday", "last week") in the statement's
  own reporting words (basis ``phrase``), in an earlier statement or sentence it took the day from
  (``inherited``), the dateline (``dateline``), or none: the publication date was used (``published``) or
  there is no date (``none``);
- the speaker's evidence is the mention chain: the subject phrase of the statement's cue ("he"), the earlier
  mention it points back to ("the Drevnian leader") and the mention that prints the full name.
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from quoteline.extract import kb
from quoteline.extract.mentions import name_key
from quoteline.extract.model import Draft, Speaker

if TYPE_CHECKING:
    from quoteline.extract.context import Context
    from quoteline.extract.text import Document, Span

# Where a statement's date came from; ``schema.DATE_BASES`` repeats these (a test keeps them equal).
DATE_BASES: Final = ("phrase", "inherited", "dateline", "published", "none")
_MAX_CHAIN = 4  # links shown: the subject, what it points back to, the full name (and a spare)
_SEARCH_MARGIN = 400  # characters around a statement searched for the phrase its date was read from


@dataclass(frozen=True)
class DateEvidence:
    """What set a statement's date: a basis of ``DATE_BASES`` and, when the text holds it, the phrase."""

    basis: str
    phrase: str | None = None
    start: int | None = None
    end: int | None = None

    def inherited(self) -> DateEvidence:
        """The same phrase, seen from a later statement that took its day from it."""
        if self.basis in ("phrase", "inherited"):
            return DateEvidence("inherited", self.phrase, self.start, self.end)
        return self


PUBLISHED: Final = DateEvidence("published")
NO_DATE: Final = DateEvidence("none")


@dataclass(frozen=True)
class Reference:
    """A subject phrase the resolution turned into ``speaker`` (``Context.speakers_for``)."""

    start: int
    end: int
    speaker: str


def collapse(text: str) -> str:
    """Whitespace runs collapsed to single spaces."""
    return " ".join(text.split())


def base_evidence(doc: Document, source: str) -> DateEvidence:
    """The evidence for the article's own date: its dateline (with offsets), the publication date, or none."""
    if source == "dateline":
        span = kb.dateline_span(doc.raw[doc.body_start : doc.body_start + 2000])
        if span is not None:
            a, b = doc.body_start + span[0], doc.body_start + span[1]
            return DateEvidence("dateline", collapse(doc.raw[a:b]), a, b)
        return DateEvidence("dateline")
    return PUBLISHED if source == "published" else NO_DATE


def locate(
    raw: str, phrase: str, lo: int, hi: int, near: int, avoid: list[tuple[int, int]]
) -> tuple[int, int] | None:
    """Where ``phrase`` (whitespace-collapsed, as the dating read it) sits in ``raw[lo:hi]``: the occurrence
    outside the statement texts ``avoid`` nearest ``near``, else the nearest one inside them."""
    words = phrase.split()
    if not words:
        return None
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words), re.IGNORECASE)
    found = [m.span() for m in pattern.finditer(raw, max(0, lo), min(len(raw), hi))]
    if not found:
        return None

    def inside(span: tuple[int, int]) -> bool:
        return any(a <= span[0] and span[1] <= b for a, b in avoid)

    return min(found, key=lambda s: (inside(s), abs(s[0] - near)))


def phrase_evidence(
    raw: str,
    words: str,
    published: str,
    region: tuple[int, int],
    near: int,
    avoid: list[tuple[int, int]],
    basis: str = "phrase",
) -> DateEvidence:
    """The day expression of ``words`` (the reporting words the dating read), found in ``raw`` near ``near``.

    ``words`` is the dating's own whitespace-collapsed reading; the expression is looked up in ``region``
    of the article (widened a little) to give offsets. An expression the text does not show as read (it
    was joined from two places) keeps its words without offsets.
    """
    span = kb.relative_phrase(words, published)
    if span is None:
        anaphoric = _ANAPHORIC.search(words)
        if anaphoric is None:
            return DateEvidence(basis)
        span = anaphoric.span()
    phrase = words[span[0] : span[1]]
    lo, hi = region[0] - _SEARCH_MARGIN, region[1] + _SEARCH_MARGIN
    where = locate(raw, phrase, lo, hi, near, avoid)
    if where is None:
        return DateEvidence(basis, phrase)
    return DateEvidence(basis, collapse(raw[where[0] : where[1]]), where[0], where[1])


# The anaphoric days ``dating`` resolves ("the previous day"), for finding the words that set one.
_ANAPHORIC = re.compile(
    r"\b(?:the\s+(?:previous|preceding|next|following|same)\s+day|the\s+day\s+(?:before|after)|"
    r"a\s+day\s+(?:earlier|later)|(?:later|earlier)\s+that\s+day|later\s+the\s+same\s+day|that\s+same\s+day)\b",
    re.IGNORECASE,
)


def sentence_evidence(
    raw: str, narration: str, published: str, sentence: Span, avoid: list[tuple[int, int]]
) -> DateEvidence:
    """The day expression of an earlier sentence a statement took its day from (a readout's opening, a
    dated event), as ``inherited`` evidence."""
    return phrase_evidence(
        raw, narration, published, (sentence.start, sentence.end), sentence.start, avoid, basis="inherited"
    )


# ------------------------------------------------------------------------------------------------ speakers


def _link(raw: str, span: tuple[int, int]) -> dict[str, Any]:
    return {"text": collapse(raw[span[0] : span[1]]), "start": span[0], "end": span[1]}


class SpeakerChains:
    """The mention chain of each statement's speaker, from the subject phrases resolved while walking the
    article (``Context.references``) and the name mentions of the entity table."""

    def __init__(self, ctx: Context) -> None:
        self.raw = ctx.doc.raw
        self.sentences = ctx.sentence_spans
        self.starts = [s.start for s in ctx.sentence_spans]
        self.refs: dict[str, list[tuple[int, int]]] = {}
        # Every phrase resolved, whoever it named: a transcript label is its turns' cue and subject at once,
        # even after the label's speaker was settled for the whole transcript.
        self.subjects = {(r.start, r.end) for r in ctx.references}
        for r in ctx.references:
            self.refs.setdefault(r.speaker, []).append((r.start, r.end))
        self.names: dict[str, list[tuple[int, int]]] = {}
        for m in ctx.registry.mentions:
            self.names.setdefault(m.entity.name, []).append((m.start, m.end))
        for table in (self.refs, self.names):
            for key, spans in table.items():
                table[key] = sorted(set(spans))

    def _own(self, d: Draft, refs: list[tuple[int, int]]) -> tuple[int, int] | None:
        """The subject phrase of the statement's own cue: within its attribution clause (else the cue's
        sentence), nearest the cue."""
        cue = d.cue_span[0] if d.cue_span else d.clause[0]
        lo, hi = d.clause
        k = bisect.bisect_right(self.starts, cue) - 1
        if k >= 0:
            s = self.sentences[k]
            lo, hi = min(lo, s.start), max(hi, s.end)
        inside = [r for r in refs if lo <= r[0] and r[1] <= hi]
        return min(inside, key=lambda r: abs(r[0] - cue)) if inside else None

    def chain(self, d: Draft) -> list[dict[str, Any]]:
        """[{"text", "start", "end"}, ...]: the statement's subject phrase (or, for a speaker carried from
        context, the latest mention before it), what it points back to, and the mention printing the name."""
        speaker: Speaker = d.speaker
        refs = self.refs.get(speaker.name, [])
        names = self.names.get(speaker.name, [])
        first = self._own(d, refs)
        if first is None and d.cue_span in self.subjects:
            first = d.cue_span
        if first is None:
            before = [s for s in (*refs, *names) if s[1] <= d.start]
            if not before:
                return []
            first = max(before)
        links = [first]
        named = any(first[0] <= a and b <= first[1] for a, b in names)
        if not named:
            # A pronoun or description points back to the latest earlier mention of the same speaker.
            earlier = [s for s in (*refs, *names) if s[1] <= first[0]]
            if earlier:
                links.append(max(earlier))
        full = self._full_name(speaker.name, names, links[-1][0])
        surfaces = {name_key(collapse(self.raw[a:b])) for a, b in links}
        if full is not None and name_key(collapse(self.raw[full[0] : full[1]])) not in surfaces:
            links.append(full)
        return [_link(self.raw, s) for s in links[:_MAX_CHAIN]]

    def _full_name(self, name: str, names: list[tuple[int, int]], before: int) -> tuple[int, int] | None:
        """The first mention before ``before`` that prints the speaker's full name, else the first mention."""
        earlier = [s for s in names if s[1] <= before]
        if not earlier:
            return None
        key = name_key(name)
        for a, b in earlier:
            if name_key(collapse(self.raw[a:b])) == key:
                return (a, b)
        return earlier[0]


def chain_label(chain: Any) -> str:
    """A chain (list or stored JSON text) as one line: 'he [812:814] → Ada Vell [12:20]'."""
    if isinstance(chain, str):
        try:
            chain = json.loads(chain) if chain else []
        except ValueError:
            return chain
    if not isinstance(chain, list):
        return ""
    return " → ".join(f"{link.get('text', '')} [{link.get('start')}:{link.get('end')}]" for link in chain)
