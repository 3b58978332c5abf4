"""Per-article extraction state: the prepared text, quotes, cue lexicon, registry and the speaker in focus.

How a subject becomes its speaker is the resolver table of ``quoteline.extract.subjects``; this module holds
the state those resolvers read and move (the focus, the sentence's speakers, the last group), and the parse's
reading of a cue's subject."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from quoteline.extract import subjects
from quoteline.extract.clauses import Subject, posting_link
from quoteline.extract.cues import Lexicon
from quoteline.extract.entities import Entity, Mention, dateline_place
from quoteline.extract.evidence import Reference
from quoteline.extract.model import Draft, Speaker
from quoteline.extract.parse import ArticleParse
from quoteline.extract.quotes import Quote
from quoteline.extract.resolution import Registry
from quoteline.extract.subjects import opening, pronouns
from quoteline.extract.subjects.patterns import speaking_noun
from quoteline.extract.text import Document, Span

# A run-in heading's end between a parsed subject and the rules' one: a colon or a dash set off by spaces.
_RUN_IN_END_RE = re.compile(r":|\s[–—-]\s")
_DASH_RE = re.compile(r"\s[–—-]\s|[–—]")
_EMPHASIS_RE = re.compile(r"\*|(?<!\w)_|_(?!\w)")
# A comma between a subject name and the description set beside it, up to that description's head noun
# (", executive director", ", the acting director").
_APPOSED_AFTER_RE = re.compile(r",\s+(?:[a-z][\w-]*\s+){0,3}")


@dataclass
class Context:
    """Everything the attribution passes share while walking one article in reading order."""

    doc: Document
    lex: Lexicon
    registry: Registry
    quotes: list[Quote]
    focus_entity: Entity | None = None
    sentence_speakers: list[Speaker] = field(default_factory=list)
    last_direct: Speaker | None = None
    last_speaker: Speaker | None = None
    consumed_quotes: set[int] = field(default_factory=set)
    consumed_cues: set[int] = field(default_factory=set)
    drafts: list[Draft] = field(default_factory=list)
    sentence: Span = field(default_factory=lambda: Span(0, 0))
    sentence_spans: list[Span] = field(default_factory=list)
    mention_starts: list[int] = field(default_factory=list)
    parsed: ArticleParse = field(default_factory=ArticleParse)
    # The speakers of the last joint subject ("the two leaders"), for a following "they".
    last_group: list[Speaker] = field(default_factory=list)
    # Every subject phrase resolved so far and its speaker: the evidence of each statement's speaker.
    references: list[Reference] = field(default_factory=list)
    # How many round-up labels the page prints (``round_up.round_up_labels``), counted on first use.
    round_up_labels: int | None = None

    @property
    def focus(self) -> Entity | None:
        """The speaker in focus: the last speaker or sentence-opening subject."""
        return self.focus_entity

    @focus.setter
    def focus(self, ent: Entity | None) -> None:
        self.focus_entity = ent
        if ent is not None and ent.kind == "person":
            sal = self.registry.salient
            if sal and sal[-1] is ent:
                return
            if ent in sal:
                sal.remove(ent)
            sal.append(ent)

    @property
    def work(self) -> str:
        """The length-preserving working text."""
        return self.doc.work

    def speakers_for(self, subj: Subject) -> list[Speaker]:
        """Resolve a subject to its speaker(s); a joint subject ("the two leaders") gives two. Each subject
        phrase resolved is remembered with its speakers (``references``), as the speaker's evidence."""
        found = subjects.resolve(self, subj)
        if subj.kind == "phrase":
            self.references.extend(Reference(subj.start, subj.end, sp.name) for sp in found)
        return found

    def sentence_subject(self, at: int | None = None) -> Entity | None:
        """The person the current sentence opens with (``opening.sentence_subject``)."""
        return opening.sentence_subject(self, at)

    def described_subject(self) -> Entity | None:
        """The person the sentence's role-description subject stands for (``opening.described_subject``)."""
        return opening.described_subject(self)

    def possessive_speakers(self, word: str, pos: int) -> list[Speaker]:
        """Who "his"/"her"/"its" before a noun of saying names (``pronouns.possessive_speakers``)."""
        return pronouns.possessive_speakers(self, word, pos)

    def mentions_in(self, lo: int, hi: int) -> list[Mention]:
        """The name mentions that start in ``lo``..``hi``, in reading order."""
        k = bisect.bisect_left(self.mention_starts, lo)
        out = []
        while k < len(self.mention_starts) and self.mention_starts[k] < hi:
            out.append(self.registry.mentions[k])
            k += 1
        return out

    def unquoted(self, lo: int, hi: int) -> list[tuple[int, int]]:
        """The stretches of [lo, hi) outside quotation marks."""
        out, at = [], lo
        for q in self.quotes[max(0, self.quote_index_from(lo) - 1) :]:
            if q.open >= hi:
                break
            if q.outer_end <= at:
                continue
            if q.open > at:
                out.append((at, q.open))
            at = max(at, q.outer_end)
        if at < hi:
            out.append((at, hi))
        return out

    def parsed_subject(self, subj: Subject, cue_start: int, cue_end: int, after: bool = False) -> Subject:
        """The cue's subject as the parse gives it, where it differs from the rules' reading.

        The rules' phrase stands when it holds the parsed subject's head (the name inside it, "Chief
        Executive Tim Cook", is bounded by mention detection); otherwise the parsed subject wins: a subject
        separated from its verb by a clause ("Rosa Diaz, whose son, Marco Diaz, died, said"), or one the
        rules could not reach. ``after`` is for inverted attributions
        (`"...," said X`), the only ones whose subject follows the verb.
        """
        got = self.parsed.subject(cue_start, cue_end)
        if got is None or (got.start >= cue_start) != after:
            return subj  # only an inverted attribution ("...," said X) has its subject after the verb
        if got.head_word.lower() in ("who", "that", "which"):
            return (
                subj  # "Pella Droste, who says ...": the rules' reading takes the antecedent before the comma
            )
        if not got.named and got.head_pos == "NOUN" and not speaking_noun(got.head_word):
            return subj  # "The Drevnia-based movement claimed": no person or office the resolution knows
        if subj.kind == "phrase" and got.end <= subj.start and dateline_place(self.work, got.start, got.end):
            return subj  # "STAMFORD, Conn., March 3 - Orvel Corp said": the dateline's place is no subject
        apposed = subj.kind == "phrase" and _APPOSED_AFTER_RE.fullmatch(self.work, subj.end, got.start)
        if apposed and not got.named:
            # "Ada Vell, executive director of the Dockers Union, a group that …, said": the parse takes the
            # description for the subject and the name for its apposition; the name the rules found speaks.
            return subj
        if subj.kind == "phrase" and subj.start <= got.head < subj.end:
            after_head = self.work[got.end : subj.end]
            posting = posting_link(got.head_word, "to") and re.match(r"\s+to\s", after_head)
            if got.named and got.head < got.end < subj.end and not posting:
                # "Tom Reyes of Transparency Watch": what follows the named head is not the name; the posting
                # of "the Adviser to the Head of the Office" is part of the description, though.
                return Subject("phrase", subj.start, got.end)
            return subj  # a name inside it is bounded by mention detection (``_named_at_end``)
        if (
            subj.kind == "phrase"
            and got.end <= subj.start
            and _RUN_IN_END_RE.search(self.work, got.end, subj.start)
            and _EMPHASIS_RE.search(self.doc.raw, got.end, subj.start)
            and not _DASH_RE.search(self.work, subj.end, cue_start)
        ):
            # "**Fund Rural Jobs** – The Labour Department announced", "**Harbour Grants:** The board said":
            # a run-in heading's words, set off in bold or italics before a colon or a dash, are not the
            # subject of the sentence after it, which has its own ("Vell – the minister – said" closes its
            # aside with a second dash; "Ada Vell of the Centre for Tides: Research and Data said" sets
            # nothing off).
            return subj
        return Subject("phrase", got.start, got.end)

    def controller_subject(self, cue_start: int, cue_end: int) -> Subject:
        """The speaker phrase of an infinitive cue with no subject of its own, as the parse gives its
        controller ("Vell stood up to say ...", "the vote prompted Brask to accuse ..."), or none."""
        got = self.parsed.controller(cue_start, cue_end)
        if got is None or got.start >= cue_start or got.head_word.lower() in ("who", "that", "which"):
            return Subject("none")
        if not got.named and got.head_pos == "NOUN" and not speaking_noun(got.head_word):
            return Subject("none")  # "the report used the data to argue": no person or office speaks
        return Subject("phrase", got.start, got.end)

    def quote_index_from(self, pos: int) -> int:
        """Index of the first quote opening at or after ``pos``."""
        return bisect.bisect_left(self.quotes, pos, key=lambda q: q.open)

    def quote_at(self, pos: int) -> int:
        """Index of the quote whose marks enclose ``pos``, or -1."""
        lo, hi = 0, len(self.quotes)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.quotes[mid].open <= pos:
                lo = mid + 1
            else:
                hi = mid
        k = lo - 1
        if k >= 0 and self.quotes[k].open <= pos < self.quotes[k].outer_end:
            return k
        return -1
