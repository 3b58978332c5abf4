"""The day each statement was made: its attribution clause first, then the article's dated events.

A statement's date is the publication day unless the words that report it place it elsewhere ("said on
Monday", "Yesterday, X announced", "told reporters the previous day"). Only the reporting words count: a
date inside the statement's own text is what the statement speaks of (its ``referenced_dates``), never the
day it was said. Later statements may inherit a day: from the same speaker's statement just before, from a
dated event their clause refers back to ("at the summit"), or from the scene-setting sentence that opens a
readout.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field

from quoteline import dates
from quoteline.extract import kb
from quoteline.extract.context import Context
from quoteline.extract.evidence import NO_DATE, PUBLISHED, DateEvidence, phrase_evidence, sentence_evidence
from quoteline.extract.model import Draft
from quoteline.extract.text import Span, word_set

MAX_CLAUSE = 300  # characters of attribution clause looked at around a cue
# A wire dateline ("KAMENGRAD, Sept 16 (Meridian Wire) - ") dates the story, not the statement.
_DATELINE_RE = re.compile(r"^\s*[A-Z][A-Z .'\-]{2,40}(?:,[^–—\n]{0,50}?)?\s[–—-]{1,2}\s")
_GAP = " ; "  # stands in for a statement's own text: no day expression or "after ..." reaches across it

# Event nouns in lower case only: "the Democratic Rally" or "the National Assembly" is a body, not an event.
_EVENT_NOUNS = (
    r"summit|meeting|talks|conference|rally|session|visit|ceremony|forum|debate|hearing|interview|briefing|"
    r"speech|address|congress|convention|assembly|parade|vote|election|referendum|march|marched|protest|"
    r"protests|protested|demonstration|demonstrators|protesters|crowd|vigil"
)
_EVENT_RE = re.compile(rf"\b({_EVENT_NOUNS})\b")
# Words that name the same gathering ("marched ... on Monday"; "told the crowd"): one event key.
_GATHERING = word_set(
    """rally march marched protest protests protested demonstration demonstrators protesters
    crowd vigil"""
)
# "the summit", "his televised address"; not "the third debate" or "the next summit", which is another one.
_DEFINITE_EVENT_RE = re.compile(
    r"\b(?i:the|this|that|its|his|her|their)\s+"
    r"(?!(?i:first|second|third|fourth|fifth|next|previous|last|upcoming|final|latest|earlier)\b)"
    r"(?:[\w\-]+\s+){0,3}?" + _EVENT_RE.pattern
)
# A readout's or interview's scene-setting sentence ("On 29 September, X held talks with Y", "X met yesterday
# with Y"): its date holds for the statements made there, until another such sentence sets a new one.
_WHEN = r"(?:(?:yesterday|today|on\s+\w+(?:\s+\d{1,2})?|this\s+\w+|last\s+\w+)\s+)?"
_SETTING_RE = re.compile(
    r"\b(?:held|hold|holds)\s+(?:talks|a\s+meeting|consultations|a\s+(?:telephone|phone)\s+(?:conversation|call))|"
    r"\bhad\s+(?:a\s+)?(?:telephone\s+|phone\s+)?(?:talks|conversation|call|meeting)|"
    rf"\bmet\s+{_WHEN}(?:with\s+)?[A-Z]|"
    rf"\bspoke\s+{_WHEN}(?:to|with|by\s+(?:tele)?phone)\b|\b(?:gave|granted)\s+an\s+interview|\bwas\s+interviewed\b|"
    r"\bpaid\s+an?\s+(?:official\s+|working\s+|state\s+)?visit|\b(?:received|hosted)\s+[A-Z]",
)
_SETTING_PARAGRAPHS = 3  # scene-setting sentences open a readout or interview ...
_SETTING_SENTENCES = 4  # ... and scraped readouts that run as one paragraph open within a few sentences
# A readout is published within days of the talks it sets; an older day in such a sentence is a recollection.
_SETTING_MAX_AGE = 10
# A paragraph that opens on its day ("On Wednesday, the army crossed the river. Vell said ..."): the day
# holds for the statements later in that paragraph, unless their own sentence tells a time or they look back
# ("has accused", "had warned"), or they are sourced ("according to X"): a source is cited when the story is
# written, not on the day it tells of.
_PERFECT_BEFORE_CUE = re.compile(
    r"\b(?:has|have|had|[’']s|[’']ve)\s+(?:(?:\w+ly|also|not|never|already)\s+)*$", re.IGNORECASE
)
# An opening in the past perfect ("On Thursday, the envoys had met in Halvik") recalls an earlier event that
# the paragraph's statements comment on later.
_PAST_PERFECT = re.compile(
    r"\bhad\s+(?:(?:\w+ly|already|not|never|also)\s+)*(?:been|\w+ed|\w+en|met|held|made|said|told|sent|won|lost|"
    r"left|begun|spoken)\b",
    re.IGNORECASE,
)
_SOURCED_CUE = re.compile(r"^(?:according|reportedly|as\s+reported|citing)\b", re.IGNORECASE)
_APPOSITION_DASH = re.compile(r"\s[-–—]\s")  # a spaced dash: an apposition follows
_ACT_LOOKBACK = 3  # sentences back, in the same paragraph, where a speaker's dated act is looked for
# The day of another event named inside a scene-setting or act sentence, which dates that event and not the
# act: a relative clause ("had a call with Vell, who stepped down on May 8"), a participle after the event
# ("the talks held on May 7 in Halvik"), a day before an event noun ("Vell's May 6 talks", "the June 2
# summit"), an event after a preposition of topic or sequence ("in the follow-up to the meeting … on May 16",
# "briefed her about the talks in Halvik on Monday"). A day that dates the act itself stays ("On May 9, X met
# Y", "X spoke with Y on Monday", "met yesterday with Y at the summit").
_OTHER_EVENT_DAY = re.compile(
    r",?\s+(?:who|which|whose)\b[^,;]*"
    r"|\b(?:held|scheduled|planned|signed|adopted|took\s+place)\s+(?:on|in|last|yesterday|this)\b[^,;]*"
    rf"|\b(?:{dates.MONTH_NAME}\s+\d{{1,2}}|\d{{1,2}}\s+{dates.MONTH_NAME}|{dates.WEEKDAY_NAME}[’']s|"
    rf"yesterday[’']s)\s+(?:[\w\-]+\s+){{0,2}}?(?:{_EVENT_NOUNS}|conversation|call)\b"
    r"|\b(?:about|regarding|following|after|since|follow-up\s+to|run-up\s+to|ahead\s+of|outcomes?\s+of|"
    r"results?\s+of)\s+(?:(?:the|a|an|his|her|their|its|this|that|[A-Z][\w\-]*(?:'s|’s))\s+)*"
    rf"(?:[\w\-]+\s+){{0,3}}?(?:{_EVENT_NOUNS}|conversation|call)\b[^,;]*"
)

# A sentence that opens with a time ("On Wednesday, ...", "Yesterday afternoon, ...", "Late on Sunday, ...")
# dates its main clause, whose subject and cue may come after further adjuncts.
_OPENING_TIME = re.compile(
    r"^\W*(?:(?:(?:late|early|earlier|later)\s+)?(?:on\s+|last\s+|this\s+(?:past\s+)?)?"
    r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|yesterday|today|tonight|earlier|last|this|in|at|during)\b"
    r"|(?:later\s+|earlier\s+)?(?:the|that|a)\s+(?:(?:previous|preceding|next|following|same)\s+)?day\b"
    r"|(?:a|an|one|two|three|four|five|six|several|a\s+few|\d+)\s+(?:days?|weeks?|months?|years?)\s+"
    r"(?:later|earlier|after|before|ago)\b)",
    re.IGNORECASE,
)
# A clause that opens with a noun phrase before its first comma ("The talks in February failed, X told ...")
# opens with the statement's content, fronted before a cue that the extractor may have misread.
_FRONTED_CONTENT = re.compile(r"^\W*(?:the|a|an|its|his|her|their|our|these|those)\s", re.IGNORECASE)
_MAX_OPENING = 80  # characters of a sentence's opening phrase, up to its first comma
# An opening phrase of sequence, however long ("Following up on the outcomes of the summit in Halvik on May
# 3, X stressed ..."): every day in it dates the earlier event, never the statement. "Building on (off,
# upon) …" is one too: White House fact sheets open so on an earlier step ("Building on the vision he launched
# in May, the President called on …"), whose day was every statement's so dated (3 of 19 statements so opened
# in the real corpus, all three wrong, and the same speaker's statements after them inherited it).
_SEQUENCE_OPENING = re.compile(
    r"^\W*(?:after|following|before|ahead\s+of|since|prior\s+to|in\s+the\s+(?:wake|aftermath)\s+of|"
    r"building\s+(?:on|off|upon))\b",
    re.IGNORECASE,
)

# A day told relative to the day the story last named ("The previous day, ...", "later that day").
_ANAPHORIC_DAY = re.compile(
    r"\b(?:(?P<before>the\s+(?:previous|preceding)\s+day|the\s+day\s+before|a\s+day\s+earlier)"
    r"|(?P<same>the\s+same\s+day|later\s+(?:that|the\s+same)\s+day|earlier\s+that\s+day|that\s+same\s+day)"
    r"|(?P<after>the\s+(?:next|following)\s+day|a\s+day\s+later|the\s+day\s+after))\b",
    re.IGNORECASE,
)
# Reported speech whose text ran on into the occasion it was said at ("vowed to keep the ports open, in a
# speech on Saturday"): that trailing adjunct is reporting, not content; it dates the statement and the event.
OCCASION_NOUNS = (
    r"speech|address|interview|statement|briefing|(?:press|news)\s+conference|remarks|rally|meeting|session|"
    r"summit|visit|call|post|tweet|broadcast|appearance|hearing|debate|talks|conversation"
)
_TRAILING_OCCASION = re.compile(
    r"[,;]\s+(?P<adj>(?:in|during|at|on|while\s+(?:giving|delivering|addressing|attending))\s+"
    rf"(?:(?:a|an|the|his|her|their|its)\s+)?(?:[\w\-]+\s+){{0,3}}?(?:{OCCASION_NOUNS})\b[^,;:.!?]{{0,80}})$",
    re.IGNORECASE,
)
# Reporting words that set their own time, even one that cannot be resolved ("A month later, ...", "had
# argued", "previously"): the statement does not inherit the day of the statement before it.
_OWN_TIME = re.compile(
    r"\b(?:later|previously|formerly|once|in\s+the\s+past|"
    r"had\s+(?:long\s+|already\s+|earlier\s+|previously\s+)?(?:said|told|argued|warned|claimed|stated|"
    r"announced|insisted|suggested|written|promised|pledged|vowed|called|urged|described|denied)|"
    r"(?:days?|weeks?|months?|years?)\s+(?:before|after|earlier))\b",
    re.IGNORECASE,
)
# A move of the story's time ("A month later", "days after"), unlike an aside in the past perfect ("had
# previously opposed"): the statements after it no longer share the day told before it.
_TIME_SHIFT = re.compile(
    r"\blater\b|\b(?:days?|weeks?|months?|years?)\s+(?:before|after|earlier)\b", re.IGNORECASE
)
# Reported text that starts with the day of its cue ("made clear Monday she would stay", "said Tuesday in
# Paris"): that day is the cue's adjunct, read with the reporting words.
_LEADING_DAY = re.compile(
    r"\s*(?:on\s+|late\s+|early\s+)?(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|yesterday|today)\b"
    r"(?:\s+(?:morning|afternoon|evening|night))?(?=\s+(?:in|at|during|that|he|she|they|it|we|the|[A-Z])\b)"
)
_MAX_AFTER_CUE = 80  # characters read after a cue that ends its clause
_AFTER_CUE_END = re.compile(r"[.;:!?\"“”]|\bthat\b")
_NARRATIVE_LOOKBACK = 6  # sentences searched back for the day an anaphoric day counts from
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def collapse(text: str) -> str:
    """Whitespace runs (including line breaks of wrapped copy) collapsed to single spaces."""
    return " ".join(text.split())


def _event_key(noun: str) -> str:
    """The event a noun names; every word for a street gathering names the same one."""
    low = noun.lower()
    return "gathering" if low in _GATHERING else low


# A statement text that stops inside a relative clause ("the decree, which was signed") or a clause about the
# future ("would stay shut until the hearing"): the words after it up to the next mark finish that clause
# ("on Monday") and date the decree or the hearing, not the statement.
_OPEN_RELATIVE = re.compile(r"\bwhich\b[^,;:.!?\"“”]{0,40}$")
_CLAUSE_END = re.compile(r"[,;:.!?\"“”]")


def _trailing_occasion(text: str) -> str | None:
    """The occasion a statement's text ends on (", in a speech on Saturday"), or None."""
    m = _TRAILING_OCCASION.search(collapse(text[-200:]))
    return m["adj"] if m else None


def _outside(raw: str, start: int, end: int, parts: list[tuple[int, int]]) -> str:
    """``raw[start:end]`` with every statement part cut out, each replaced by a gap."""
    pieces: list[str] = []
    pos = start
    for a, b in sorted(parts):
        if b <= pos or a >= end:
            continue
        if a > pos:
            pieces.append(raw[pos:a])
        pieces.append(_GAP)
        if _OPEN_RELATIVE.search(raw, max(a, b - 60), b) or dates.looks_ahead(raw[max(a, b - 120) : b]):
            stop = _CLAUSE_END.search(raw, b, end)
            b = stop.start() if stop else end
        pos = max(pos, b)
    if pos < end:
        pieces.append(raw[pos:end])
    return collapse("".join(pieces))


@dataclass
class StatementDates:
    """Dates the statements of one article in reading order; ``date`` is called once per draft."""

    ctx: Context
    drafts: list[Draft]
    published: str | None
    source: str
    _events: list[tuple[int, str, str]] = field(default_factory=list)
    _anchors: list[tuple[int, str]] = field(default_factory=list)
    _opened: dict[int, tuple[int, str, str]] = field(default_factory=dict)
    _carry_from: tuple[int, str] | None = None  # (sentence, opening) ``_paragraph_day`` took its day from
    _starts: list[int] = field(default_factory=list)
    _parts: list[tuple[int, int]] = field(default_factory=list)
    _last: dict[str, tuple[str | None, str]] = field(default_factory=dict)
    _prev: tuple[Draft, str | None, str] | None = None
    # Evidence (``evidence.py``): the article's own date's, and the words that set each statement's date.
    base_evidence: DateEvidence = PUBLISHED
    last_evidence: DateEvidence = NO_DATE
    _last_evidence: dict[str, DateEvidence] = field(default_factory=dict)
    _prev_evidence: DateEvidence = NO_DATE

    def __post_init__(self) -> None:
        raw = self.ctx.doc.raw
        self._starts = [s.start for s in self.ctx.sentence_spans]
        self._parts = sorted(p for d in self.drafts for p in d.parts)
        if any(_EVENT_RE.search(raw[d.clause[0] : d.clause[0] + MAX_CLAUSE]) for d in self.drafts):
            self._events = self._event_dates()
        self._anchors = self._anchor_dates()
        self._opened = self._opening_days()

    # ------------------------------------------------------------------------------------ article-wide days

    def _narration(self, s: Span) -> str:
        """A sentence's words other than its statements, with the occasions those statements ran on into."""
        raw = self.ctx.doc.raw
        words = _outside(raw, s.start, s.end, self._parts)
        occasions = [_trailing_occasion(raw[a:b]) for a, b in self._parts if s.start <= a < s.end]
        return " ; ".join([words, *(o for o in occasions if o)])

    def _act_narration(self, s: Span) -> str:
        """A sentence's narration without the days of other events it names (``_OTHER_EVENT_DAY``): what is
        left can date the sentence's own act, a meeting, a call, a speaker's statement."""
        return _OTHER_EVENT_DAY.sub(_GAP, self._narration(s))

    def _event_dates(self) -> list[tuple[int, str, str]]:
        """(offset, event key, day) of each sentence that dates an event ("a summit where on Sunday ...")."""
        out: list[tuple[int, str, str]] = []
        if not self.published:
            return out
        for s in self.ctx.sentence_spans:
            seg = self._narration(s)
            nouns = {_event_key(m.group(1)) for m in _EVENT_RE.finditer(seg)}
            if not nouns:
                continue
            day = kb.resolve_relative(seg, self.published)
            # A year alone ("the 2012 convention") names another occurrence of the event, not its day.
            if day and day != self.published and len(day) >= 7:
                out.extend((s.start, n, day) for n in sorted(nouns))
        return out

    def _anchor_dates(self) -> list[tuple[int, str]]:
        """(offset, day) of scene-setting sentences near the top that date a meeting or interview."""
        out: list[tuple[int, str]] = []
        paragraphs = self.ctx.doc.paragraphs
        if not self.published or not paragraphs:
            return out
        limit = paragraphs[min(_SETTING_PARAGRAPHS, len(paragraphs)) - 1].end
        base = dt.date.fromisoformat(self.published)
        for s in self.ctx.sentence_spans[:_SETTING_SENTENCES]:
            if s.start >= limit:
                break
            seg = self._act_narration(s)
            if not _SETTING_RE.search(seg):
                continue
            day = kb.resolve_relative(seg, self.published)
            if not day or day == self.published or not _ISO_DAY.match(day):
                continue
            if (base - dt.date.fromisoformat(day)).days <= _SETTING_MAX_AGE:
                out.append((s.start, day))
        return out

    def _opening_days(self) -> dict[int, tuple[int, str, str]]:
        """Paragraph index -> (sentence index, day, opening words) of each paragraph whose first sentence
        opens on a recent day ("On Wednesday, ...", "Late on Sunday, ...", "Yesterday afternoon, ..."); a
        week ("Last week, ...") names no day."""
        out: dict[int, tuple[int, str, str]] = {}
        if not self.published:
            return out
        raw = self.ctx.doc.raw
        base = dt.date.fromisoformat(self.published)
        paragraphs = self.ctx.doc.paragraphs
        for k, s in enumerate(self.ctx.sentence_spans):
            p = bisect.bisect_right(paragraphs, s.start, key=lambda x: x.start) - 1
            if p < 0 or p in out or (k > 0 and self.ctx.sentence_spans[k - 1].start >= paragraphs[p].start):
                continue
            opening = _DATELINE_RE.sub("", collapse(raw[s.start : s.end]), count=1).split(",")[0]
            if len(opening) > _MAX_OPENING or not _OPENING_TIME.match(opening) or "week" in opening.lower():
                continue
            if _PAST_PERFECT.search(self._narration(s)):
                continue
            day = kb.resolve_relative(opening, self.published)
            if (
                day
                and _ISO_DAY.match(day)
                and 0 < (base - dt.date.fromisoformat(day)).days <= _SETTING_MAX_AGE
            ):
                out[p] = (k, day, opening)
        return out

    def _sentence_at(self, offset: int) -> int:
        """Index of the sentence holding ``offset``; -1 before the first."""
        return bisect.bisect_right(self._starts, offset) - 1

    def _narrative_day(self, k: int) -> str | None:
        """The latest full day named in the sentences before sentence ``k`` (a few back at most)."""
        for j in range(k - 1, max(-1, k - 1 - _NARRATIVE_LOOKBACK), -1):
            day = kb.resolve_relative(self._narration(self.ctx.sentence_spans[j]), self.published)
            if day and _ISO_DAY.match(day):
                return day
        return None

    # ------------------------------------------------------------------------------------ one statement

    def _clause_words(self, d: Draft) -> str:
        """The reporting words around a statement: its clause, the opening time phrase of its sentence and a
        short adjunct after it ('..., while addressing the press yesterday.'), never its own text."""
        raw = self.ctx.doc.raw
        c0, c1 = d.clause
        if c1 - c0 > MAX_CLAUSE:
            near = d.cue_span[0] if d.cue_span else c0
            c0, c1 = max(c0, near - MAX_CLAUSE // 2), min(c1, near + MAX_CLAUSE // 2)
        cue_at = d.cue_span[0] if d.cue_span else c0
        k = self._sentence_at(cue_at)
        if k >= 0 and c0 < self.ctx.sentence_spans[k].start <= cue_at:
            # The reporting words are those of the cue's own sentence.
            c0 = self.ctx.sentence_spans[k].start
            c1 = max(c1, d.cue_span[1] if d.cue_span else c1)
        # Content split around its cue ("In May, X said, the fleet will sail"): all before the cue is content.
        split = d.kind != "direct" and raw[d.parts[0][0] : d.parts[0][1]].lstrip().startswith(",")
        if split and d.cue_span and c0 < d.cue_span[0] < c1:
            c0 = d.cue_span[0]
        words = _DATELINE_RE.sub("", _outside(raw, c0, c1, self._parts), count=1)
        head, comma, rest = words.partition(",")
        if comma and _FRONTED_CONTENT.match(head) and not _OPENING_TIME.match(head):
            words = rest
        elif comma and _SEQUENCE_OPENING.match(head):
            words = rest  # "Following up on the talks in Kamengrad on May 3, X said": the talks' day
        if k < 0:
            return words
        s = self.ctx.sentence_spans[k]
        if not split and s.start < c0 and not any(a < c0 and b > s.start for a, b in d.parts):
            opening = _DATELINE_RE.sub("", collapse(raw[s.start : c0]), count=1).split(",")[0]
            if len(opening) <= _MAX_OPENING and _OPENING_TIME.match(opening):
                words = f"{opening}, {words}"
        if d.cue_span and c1 - d.cue_span[1] <= 2:
            after = self._after_cue(d.cue_span[1], s.end)
            if after:
                words = f"{words} {after}"
        if d.kind != "direct":
            leading = _LEADING_DAY.match(raw, d.parts[0][0], d.parts[0][1])
            # After "said that", the day belongs to the content ("said that on Monday he had talks").
            between = raw[d.cue_span[1] : d.parts[0][0]] if d.cue_span else ""
            if leading and not re.search(r"\bthat\b", between):
                words = f"{words} {leading.group(0)}"
        occasion = _trailing_occasion(raw[d.parts[-1][0] : d.parts[-1][1]]) if d.kind != "direct" else None
        if occasion:
            words = f"{words}{_GAP}{occasion}"
        if d.kind == "direct" and d.end < s.end and s.end - d.end <= MAX_CLAUSE // 2:
            tail = raw[d.end : s.end]
            if tail.lstrip("”\"’' ").startswith(","):
                words = f"{words}{_GAP}{_outside(raw, d.end, s.end, self._parts)}"
        return words

    def _after_cue(self, cue_end: int, sentence_end: int) -> str:
        """The adjunct right after a cue that ends its clause ("said Tuesday in Paris", "recalled last week"),
        up to the next statement text or mark."""
        raw = self.ctx.doc.raw
        end = min(sentence_end, cue_end + _MAX_AFTER_CUE)
        k = bisect.bisect_left(self._parts, (cue_end, cue_end))
        if k < len(self._parts):
            end = min(end, max(cue_end, self._parts[k][0]))
        stop = _AFTER_CUE_END.search(raw, cue_end, end)
        return collapse(raw[cue_end : stop.start() if stop else end])

    def _anaphoric(self, d: Draft, words: str) -> str | None:
        """The day an anaphoric expression ("the previous day") names, counted from the story's last day."""
        m = _ANAPHORIC_DAY.search(words)
        if m is None:
            return None
        day = self._narrative_day(self._sentence_at(d.cue_span[0] if d.cue_span else d.clause[0]))
        if day is None:
            return None
        shift = -1 if m["before"] else 1 if m["after"] else 0
        return (dt.date.fromisoformat(day) + dt.timedelta(days=shift)).isoformat()

    def _anchored(self, words: str, at: int) -> str | None:
        """The date of a dated event the clause refers back to ("at the opening of the summit"): the latest
        dating of that event before ``at``, else the first one after it."""
        for m in _DEFINITE_EVENT_RE.finditer(words):
            key = _event_key(m.group(1))
            dated = [(offset, day) for offset, k, day in self._events if k == key]
            before = [day for offset, day in dated if offset <= at]
            if before or dated:
                return before[-1] if before else dated[0][1]
        return None

    def _carried(self, d: Draft) -> str | None:
        """A date the statement inherits: its speaker's statement just before it (dated by its own clause),
        else the scene-setting sentence of the readout it belongs to."""
        prev = self._prev
        if (
            prev is not None
            and prev[0].speaker == d.speaker
            and prev[2] == "relative"
            and prev[1]
            and d.start - prev[0].end < MAX_CLAUSE * 3
        ):
            return prev[1]
        own = self._speaker_act_day(d)
        if own is not None:
            return own
        k = bisect.bisect_right([a for a, _ in self._anchors], d.start) - 1
        if k >= 0:
            return self._anchors[k][1]
        return self._paragraph_day(d)

    def _paragraph_day(self, d: Draft) -> str | None:
        """The day the statement's paragraph opened on (``_opening_days``), when nothing in its own sentence
        or text tells another time; sets ``_carry_from`` to the opening sentence."""
        if not self._opened or not d.cue_span or self.published is None:
            return None
        raw = self.ctx.doc.raw
        at = d.cue_span[0]
        k = self._sentence_at(at)
        p = bisect.bisect_right(self.ctx.doc.paragraphs, at, key=lambda x: x.start) - 1
        if k < 0 or p not in self._opened or self._opened[p][0] >= k:
            return None
        first, day, opening = self._opened[p]
        if _SOURCED_CUE.match(raw[at : d.cue_span[1]]) or _PERFECT_BEFORE_CUE.search(
            raw, max(0, at - 40), at
        ):
            return None
        narration = self._narration(self.ctx.sentence_spans[k])
        if kb.resolve_relative(narration, self.published) or _ANAPHORIC_DAY.search(narration):
            return None
        if _OWN_TIME.search(narration):
            return None
        said = kb.resolve_relative(" ".join(collapse(raw[a:b]) for a, b in d.parts), self.published)
        if said and said != day and said != self.published:
            return None  # a text that names another day tells of another event than the paragraph's
        self._carry_from = (first, opening)
        return day

    def _speaker_act_day(self, d: Draft) -> str | None:
        """The day of the speaker's own act told just before, in the same paragraph ("Vell and Orrin both
        yesterday questioned the plan. Orrin called it "a folly"."): the statement was made then. Only a
        recent day counts (a readout's few days), and a statement of the same speaker in between ends it."""
        surname = d.speaker.name.split()[-1] if d.speaker.type == "person" and d.speaker.name else ""
        if not surname or not self.published:
            return None
        raw = self.ctx.doc.raw
        at = d.cue_span[0] if d.cue_span else d.clause[0]
        k = self._sentence_at(at)
        pars = self.ctx.doc.paragraphs
        p = bisect.bisect_right(pars, at, key=lambda x: x.start) - 1
        if k < 0 or p < 0:
            return None
        name_re = re.compile(rf"\b{re.escape(surname)}\b")
        base = dt.date.fromisoformat(self.published)
        for j in range(k - 1, max(-1, k - 1 - _ACT_LOOKBACK), -1):
            s = self.ctx.sentence_spans[j]
            if s.start < pars[p].start:
                break
            # A dash after the speaker's own statement in that sentence opens an apposition on what was said,
            # whose day is that thing's, not the act's ("informed about a new plan - the quay scheme unveiled
            # on May 9"); an occasion after the statement still dates it ("announced the funding in a visit on
            # Wednesday").
            own = [
                x.end
                for x in self.drafts
                if x is not d and s.start <= x.start < s.end and x.speaker == d.speaker
            ]
            dash = _APPOSITION_DASH.search(raw, max(own), s.end) if own else None
            end = dash.start() if dash else s.end
            seg = self._act_narration(Span(s.start, end) if dash else s)
            if name_re.search(raw, s.start, end) and not _OWN_TIME.search(seg):
                day = kb.resolve_relative(seg, self.published)
                if day and _ISO_DAY.match(day) and day != self.published:
                    age = (base - dt.date.fromisoformat(day)).days
                    return day if 0 < age <= _SETTING_MAX_AGE else None
            if own:
                break  # the speaker's own undated statement before: this one was made with it
        return None

    def date(self, d: Draft) -> tuple[str | None, str]:
        """(date, date_source) of one statement; drafts must come in reading order."""
        date, source = self.published, self.source
        words = ""
        ev = self.base_evidence
        if d.cue == "" and d.speaker.name in self._last:
            date, source = self._last[d.speaker.name]
            ev = self._last_evidence.get(d.speaker.name, ev).inherited()
        elif self.published:
            words = self._clause_words(d)
            rel = kb.resolve_relative(words, self.published) if words else None
            if rel is None:
                rel = self._anaphoric(d, words)
            if rel and rel != self.published and rel[:10] <= self.published:
                date, source = rel, "relative"
                ev = self._phrase_evidence(d, words)
            elif rel is None and self._events:
                anchored = self._anchored(words, d.cue_span[0] if d.cue_span else d.clause[0])
                if anchored:
                    date, source = anchored, "relative"
                    ev = self._anchored_evidence(words, d.cue_span[0] if d.cue_span else d.clause[0])
        if date and source == "relative" and self.published and date == self.published[:7]:
            date = self.published  # a month that holds the publication day says no more than that day
        recollection = bool(words and _OWN_TIME.search(words))
        if source == self.source and self.published and not recollection:
            self._carry_from = None
            carried = self._carried(d)
            if carried is not None:
                date, source = carried, "relative"
                ev = self._carried_evidence(d, carried)
        self._last[d.speaker.name] = (date, source)
        self.last_evidence = self._last_evidence[d.speaker.name] = ev
        if not (recollection and source == self.source and not _TIME_SHIFT.search(words)):
            # "Yesterday X announced A. X had previously opposed B. X called it C.": an undated recollection
            # in between does not break the chain of the day's statements.
            self._prev = (d, date, source)
            self._prev_evidence = ev
        return date, source

    # ------------------------------------------------------------------------------------ evidence

    def _phrase_evidence(self, d: Draft, words: str) -> DateEvidence:
        """The day expression of a statement's own reporting words, located near its cue."""
        assert self.published is not None
        cue = d.cue_span[0] if d.cue_span else d.clause[0]
        k = self._sentence_at(cue)
        lo, hi = d.clause
        if k >= 0:
            lo, hi = min(lo, self.ctx.sentence_spans[k].start), max(hi, self.ctx.sentence_spans[k].end)
        return phrase_evidence(
            self.ctx.doc.raw, words, self.published, (lo, max(hi, d.end)), cue, self._parts
        )

    def _anchored_evidence(self, words: str, at: int) -> DateEvidence:
        """The day expression of the sentence that dated the event a clause refers back to (``_anchored``)."""
        assert self.published is not None
        for m in _DEFINITE_EVENT_RE.finditer(words):
            key = _event_key(m.group(1))
            dated = [offset for offset, k, _day in self._events if k == key]
            if dated:
                before = [offset for offset in dated if offset <= at]
                return self._sentence_evidence(before[-1] if before else dated[0])
        return DateEvidence("inherited")

    def _carried_evidence(self, d: Draft, carried: str) -> DateEvidence:
        """The evidence of the statement or readout sentence ``_carried`` took the day from."""
        prev = self._prev
        if prev is not None and prev[0].speaker == d.speaker and prev[1] == carried:
            return self._prev_evidence.inherited()
        if self._carry_from is not None and self.published is not None:
            first, opening = self._carry_from
            s = self.ctx.sentence_spans[first]
            raw, span = self.ctx.doc.raw, (s.start, s.end)
            return phrase_evidence(
                raw, opening, self.published, span, s.start, self._parts, basis="inherited"
            )
        k = bisect.bisect_right([a for a, _ in self._anchors], d.start) - 1
        return self._sentence_evidence(self._anchors[k][0]) if k >= 0 else DateEvidence("inherited")

    def _sentence_evidence(self, offset: int) -> DateEvidence:
        assert self.published is not None
        s = self.ctx.sentence_spans[self._sentence_at(offset)]
        return sentence_evidence(self.ctx.doc.raw, self._act_narration(s), self.published, s, self._parts)
