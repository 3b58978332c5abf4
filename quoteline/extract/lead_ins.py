"""Quotes introduced before them by a clause that is not the plain `X said: "…"` shape: a written text's
lead-in (`The message reads, in part: "…"`), a sent text (`X sent greetings to …` before the quote), a verb
that is no cue before a comma (`X spoke on the radio, "…"`), a verb outside the lexicon before a colon
(`X echoed: "…"`, `as X put it: "…"`), also when the colon ends the paragraph before the quoted one, a
paragraph that opens with a name and a description and a colon (`Ada Vell, chair of the Harbour Board: "…"`),
and the reported clause or object a cue puts before its colon.
"""

from __future__ import annotations

import re

from quoteline.extract import clauses
from quoteline.extract.clauses import POSTING_NOUNS
from quoteline.extract.context import Context
from quoteline.extract.cues import CueMatch
from quoteline.extract.evidence import Reference
from quoteline.extract.mentions import OCCUPATIONS, TITLE_WORDS
from quoteline.extract.model import Speaker
from quoteline.extract.quote_words import (
    BEFORE_WINDOW,
    MAX_WORDS_CUE_TO_COLON,
    MIN_QUOTE_WORDS,
    PASSIVE_AUXILIARIES,
    PREPOSITIONS,
    QUOTE_CHARS,
    SAY_CUES,
    looks_like_title,
    word_count,
)
from quoteline.extract.quotes import Quote
from quoteline.extract.round_up import unlisted_body
from quoteline.extract.text import Span, only_punct_until, prev_nonspace, word_set
from quoteline.extract.transcript import NOT_LABELS

_LEAD_SENTENCE_END_RE = re.compile(r"[.!?][\"”’]?\s+(?=[A-Z])")
# A written text quoted after the verb that introduces it ("The message reads, in part:", "Vell's statement
# read:", "The letter from the harbour board says,"): the text speaks for its author, who is its owner, the
# "from"/"by" phrase, or else the sender in focus ("Vell sent greetings to ... The message reads: ...").
_DOCUMENT_NOUNS = (
    r"message|letter|telegram|statement|greetings?|condolences|note|post|tweet|proclamation|declaration|"
    r"communiqu[ée]|op-ed|editorial|appeal|address|text"
)
# The noun may take a relative pronoun after an indefinite article ("released a statement which read, in
# part,"), whose author is the subject of the verb before the article, and a word of time or addition
# before the verb ("Their statement also read", "the club's statement yesterday read"); words before the
# noun may be possessives ("the judge's statement reads").
_DOCUMENT_LEAD_RE = re.compile(
    r"(?:^|(?<=[\s(]))(?:(?i:the|this|that|his|her|their|its)|(?P<owner>(?:[A-Z][\w.\-]*\s+){0,4}[A-Z][\w.\-]*)['’]s?"
    r"|(?P<article>(?i:a|an)))"
    rf"\s+(?:[\w\-'’]+\s+){{0,2}}?(?i:{_DOCUMENT_NOUNS})"
    r"(?:\s+(?i:from|by)\s+(?P<author>[^,:;\"“”]{1,80}?))?"
    r"(?:\s+(?i:which|that))?(?:\s+(?i:also|yesterday|today|further|then|earlier|later|partly))?"
    r"\s+(?P<verb>(?i:reads|read|says|said|states|stated))(?:,?\s+(?i:in\s+part))?\s*[,:]?\s*$"
)
# The same text named right after its quote, with the verb after it (`"…," the message reads, in part.`) or
# before it (`"…," reads the judge's statement`); a definite or possessive noun phrase only ("reads an AEW
# press release" names no author), and the clause must end there (a full stop, a comma before more quoted
# words, or a colon).
_DOCUMENT_NP = (
    r"(?:(?i:the|this|that|his|her|their|its)|(?P<owner>(?:[A-Z][\w.\-]*\s+){0,4}[A-Z][\w.\-]*)['’]s?)"
    rf"\s+(?:[\w\-'’]+\s+){{0,2}}?(?i:{_DOCUMENT_NOUNS})s?"
    r"(?:\s+(?i:from|by|of)\s+(?P<author>[^,:;.\"“”]{1,80}?))?"
)
_DOCUMENT_VERB = r"(?P<verb>(?i:reads|read|says|said|states|stated))"
_DOCUMENT_CLAUSE_END = r"(?:,?\s+(?i:in\s+part))?(?=\s*(?:[.;:!?]|,\s*[\"“]|$))"
_DOCUMENT_AFTER_RE = re.compile(
    rf"[\s,]*{_DOCUMENT_NP}(?:\s+(?i:also|further|then|continues|adds|concludes))?\s+{_DOCUMENT_VERB}"
    + _DOCUMENT_CLAUSE_END
)
_DOCUMENT_VERB_FIRST_RE = re.compile(rf"[\s,]*{_DOCUMENT_VERB}\s+{_DOCUMENT_NP}" + _DOCUMENT_CLAUSE_END)
_ANNOUNCED_TEXT_RE = re.compile(rf"\b(?:(?i:{_DOCUMENT_NOUNS})s?|congratulations|congratulated)\b")
# The announcing sentence names another author of the text: "read out a letter from the dockers' union",
# "quoted a message by Ivo Rask", "shared Rask's statement": the one in focus only relays it.
_RELAYED_TEXT_RE = re.compile(
    rf"\b(?:(?i:{_DOCUMENT_NOUNS})s?)\s+(?:from|by)\s+\w|[A-Z][\w\-]*['’]s?\s+(?:(?i:{_DOCUMENT_NOUNS})s?)\b"
)
_WORD_BEFORE_RE = re.compile(r"([A-Za-z]+)\s+$")
_DOCUMENT_WINDOW = 200
# "Vell sent a message to the harbour board on its jubilee." followed by the message's words in quotes.
_SENT_TEXT_RE = re.compile(
    r"\b(?P<verb>sent|sends|addressed|conveyed|dispatched)\b[^.;\"“”]{0,200}?"
    r"\b(?:message|messages|greetings|condolences|telegram|congratulations|letter)\b"
)
# Verbs that are not saying on their own but introduce the words after a comma when those words close the
# sentence as a quoted sentence ("X spoke on the radio, "..."", "X defended the plan, "..."").
_INTRODUCING_VERB_RE = re.compile(
    r"\b(?P<verb>spoke|speaks|defended|defends|reacted|reacts|addressed|addresses|weighed in|chimed in|"
    r"opined|quipped|mused)\b(?P<rest>[^.;:!?\"“”]{0,80}),\s*$"
)
_MAX_INTRODUCING_WORDS = 8  # words between such a verb and the comma before its quote
# A verb outside the cue lexicon that a colon turns into an introduction (`Vell echoed:`, `Vell put it
# bluntly:`, `Vell shot back:`, `as Vell put it:`): a past-tense verb, or one of the irregular pairs, then a
# short adjunct (at most ``_MAX_COLON_VERB_WORDS`` words) and the colon.
_COLON_VERB_RE = re.compile(
    r"(?<![\w\-’'])(?P<verb>[a-z]{2,}ed|put\s+it|summ?ed\s+it\s+up|shot\s+back|struck\s+back|hit\s+back|"
    r"spoke|wrote|was\s+(?:blunt|blunter|candid|direct|succinct|emphatic|unequivocal|adamant))(?![\w\-])"
)
_MAX_COLON_VERB_WORDS = 5
_VAGUE_PRONOUNS = word_set("""i we you they it this that these those""")


def document_lead_in(ctx: Context, q: Quote, s: Span) -> tuple[list[Speaker], tuple[int, int]] | None:
    """`The message reads, in part: "..."`: a quoted text whose lead-in names a written text, not a person.

    The author is the text's owner ("Vell's letter says"), its "from"/"by" phrase ("the message from the
    mayor reads"), or else the person in focus, who sent it in the sentence before ("Vell sent greetings to
    the rowing club. The message reads: ..."). Returns the speakers and the verb's span.
    """
    w = ctx.work
    inner = w[q.inner.start : q.inner.end]
    if word_count(inner) < 3 or looks_like_title(inner):
        return None
    lo = max(s.start, q.open - _DOCUMENT_WINDOW)
    if q.idx > 0 and ctx.quotes[q.idx - 1].outer_end > lo:
        lo = ctx.quotes[q.idx - 1].outer_end
    m = _DOCUMENT_LEAD_RE.search(w, lo, q.open)
    if m is None:
        return sent_text(ctx, q, s)
    issued = None
    if m.group("article") and not (m.group("owner") or m.group("author")):
        issued = _WORD_BEFORE_RE.search(w, s.start, m.start())
        if issued is None:
            return sent_text(ctx, q, s)  # "a letter says" with no verb before it: no text the sentence issued
    if issued is not None:
        # "Vell's office released a statement which read": the subject of the verb that issued it.
        subj = clauses.subject_before(w, s.start, issued.start(1))
        speakers = ctx.speakers_for(subj) if subj.kind == "phrase" else []
    else:
        speakers = _document_author(ctx, m)
    return (speakers, (m.start("verb"), m.end("verb"))) if speakers else None


def document_after(ctx: Context, q: Quote, s: Span) -> tuple[list[Speaker], tuple[int, int], int] | None:
    """`"...," the message reads.` / `"...," reads the judge's statement, "..."`: a written text named right
    after its quoted words, with its verb before or after it, and nothing else up to the end of the clause.

    Its author is found as for the lead-in: the owner, the "from"/"by"/"of" phrase, or else the person in
    focus (Kremlin and president.gov.ua messages, statements and articles are printed so after the sender's
    sentence; EXTRACTION.md's session-21 counts). Returns the speakers, the verb's span and where the clause
    ends.
    """
    w = ctx.work
    inner = w[q.inner.start : q.inner.end]
    if word_count(inner) < MIN_QUOTE_WORDS or looks_like_title(inner):
        return None
    hi = min(s.end, q.outer_end + _DOCUMENT_WINDOW)
    m = _DOCUMENT_AFTER_RE.match(w, q.outer_end, hi) or _DOCUMENT_VERB_FIRST_RE.match(w, q.outer_end, hi)
    if m is None:
        return None
    speakers = _document_author(ctx, m, focus_ok=_text_announced(ctx, q, s))
    return (speakers, (m.start("verb"), m.end("verb")), m.end()) if speakers else None


def _document_author(ctx: Context, m: re.Match[str], focus_ok: bool = True) -> list[Speaker]:
    """The author of the written text ``m`` names: its owner, its "from"/"by" phrase, or the one in focus."""
    named = m.group("owner") and (m.start("owner"), m.end("owner"))
    named = named or (m.group("author") and (m.start("author"), m.end("author")))
    if named:
        return ctx.speakers_for(clauses.Subject("phrase", named[0], named[1]))
    if not focus_ok:
        return []
    author = ctx.focus.speaker() if ctx.focus is not None else ctx.last_speaker
    return [author] if author is not None else []


def _text_announced(ctx: Context, q: Quote, s: Span) -> bool:
    """Whether the sentence right before a quote that opens its sentence names the text or the message it
    carries ("Vell offered her condolences on ...", "In his message to ..., Vell noted"): only then is the
    one in focus the author of "the message" named after the quote. Elsewhere the focus is often someone
    else the article has just named (a letter another person sent, a group's statement after an outlet)."""
    w = ctx.work
    if prev_nonspace(w, s.start, q.open) not in ("", ".", ":"):
        return False
    if w[s.start : q.open].strip():
        prev = Span(s.start, q.open)
    elif len(ctx.sentence_spans) >= 2 and not w[ctx.sentence_spans[-2].end : q.open].strip(" \n.:"):
        prev = ctx.sentence_spans[-2]
    else:
        return False
    if _RELAYED_TEXT_RE.search(w, prev.start, prev.end) is not None:
        return False
    return _ANNOUNCED_TEXT_RE.search(w, prev.start, prev.end) is not None


def sent_text(ctx: Context, q: Quote, s: Span) -> tuple[list[Speaker], tuple[int, int]] | None:
    """A quote opening the sentence right after "X sent a message (greetings, condolences) to ...": the
    message's own words, so X's."""
    w = ctx.work
    if prev_nonspace(w, s.start, q.open) not in ("", ".", ":"):
        return None
    if w[s.start : q.open].strip():
        prev = Span(s.start, q.open)  # the splitter kept the sentence before the quote with it
    elif len(ctx.sentence_spans) >= 2 and not w[ctx.sentence_spans[-2].end : q.open].strip(" \n.:"):
        prev = ctx.sentence_spans[-2]
    else:
        return None
    m = _SENT_TEXT_RE.search(w, prev.start, prev.end)
    if m is None or any(ctx.quote_at(i) >= 0 for i in (m.start(), m.end() - 1)):
        return None
    subj = clauses.subject_before(w, prev.start, m.start("verb"))
    speakers = ctx.speakers_for(subj) if subj.kind == "phrase" else []
    if not speakers and ctx.focus is not None:
        speakers = [ctx.focus.speaker()]
    return (speakers, (m.start("verb"), m.end("verb"))) if speakers else None


def introducing_verb(ctx: Context, q: Quote, s: Span) -> tuple[list[Speaker], tuple[int, int]] | None:
    """`Vell spoke on the radio, "We will stay."`: a verb that is no cue introduces a quoted sentence that
    follows its comma and closes the sentence; the verb's subject speaks."""
    w = ctx.work
    inner = w[q.inner.start : q.inner.end]
    if (
        not inner.lstrip("[(…. ")[:1].isupper()
        or word_count(inner) < MIN_QUOTE_WORDS
        or not only_punct_until(w, q.outer_end, s.end, ".!?…")
    ):
        return None
    lo = max(s.start, q.open - BEFORE_WINDOW)
    if q.idx > 0 and ctx.quotes[q.idx - 1].outer_end > lo:
        return None
    m = _INTRODUCING_VERB_RE.search(w, lo, q.open)
    if m is None or len(m.group("rest").split()) > _MAX_INTRODUCING_WORDS:
        return None
    verb = (m.start("verb"), m.end("verb"))
    subj = ctx.parsed_subject(clauses.subject_before(w, s.start, verb[0]), verb[0], verb[1])
    speakers = ctx.speakers_for(subj) if subj.kind == "phrase" else []
    return (speakers, verb) if speakers else None


def colon_verb(ctx: Context, q: Quote, s: Span) -> tuple[list[Speaker], tuple[int, int]] | None:
    """`Ruiz echoed: "..."` / `Ruiz put it bluntly: "..."`: a subject and a verb that is no cue, then a colon
    that introduces the quote; the verb's subject speaks.

    The lead-in must have a subject that resolves to a speaker: a label (`Headline: "..."`) or a lead-in in
    capitals has none, and a verb with no subject (`Asked about the ferry:`) gives none.
    """
    colon = _colon_before(ctx, q, s.start)
    if colon is None:
        return None
    lo = s.start
    if q.idx > 0 and ctx.quotes[q.idx - 1].outer_end > lo:
        lo = ctx.quotes[q.idx - 1].outer_end
    return _colon_verb_subject(ctx, lo, colon)


def _colon_before(ctx: Context, q: Quote, lo: int) -> int | None:
    """Where the colon right before ``q`` stands (outside quotes, after ``lo``), when ``q`` reads as a
    statement of three words or more and not a title; else None."""
    w = ctx.work
    colon = q.open - 1
    while colon > lo and w[colon].isspace():
        colon -= 1
    if w[colon] != ":" or ctx.quote_at(colon) >= 0:
        return None
    inner = w[q.inner.start : q.inner.end]
    return None if word_count(inner) < 3 or looks_like_title(inner) else colon


def colon_verb_lead_in(ctx: Context, q: Quote) -> tuple[list[Speaker], tuple[int, int]] | None:
    """`President Vell issued the following statement:` / `“We will not ...”`: a paragraph whose last
    sentence ends in a verb that is no cue and a colon introduces the quote opening the next paragraph, as
    ``colon_verb`` reads it within one sentence."""
    w = ctx.work
    inner = w[q.inner.start : q.inner.end]
    lead = _paragraph_lead_in(ctx, q)
    if lead is None or word_count(inner) < 3 or looks_like_title(inner):
        return None
    lo, colon = lead
    if any(c in w[lo:colon] for c in QUOTE_CHARS):
        return None
    return _colon_verb_subject(ctx, lo, colon)


def _paragraph_lead_in(ctx: Context, q: Quote) -> tuple[int, int] | None:
    """Where the last sentence of the paragraph before ``q`` starts and its closing colon stands, when ``q``
    opens its paragraph and that paragraph ends in a colon outside quotes; else None."""
    w = ctx.work
    pars = ctx.doc.paragraphs
    if q.para == 0 or w[pars[q.para].start : q.open].strip():
        return None
    prev = pars[q.para - 1]
    colon = prev.end - 1
    while colon > prev.start and w[colon].isspace():
        colon -= 1
    if w[colon] != ":" or ctx.quote_at(colon) >= 0:
        return None
    lo = max(prev.start, colon - BEFORE_WINDOW)
    ends = [m.end() for m in _LEAD_SENTENCE_END_RE.finditer(w, lo, colon)]
    return (ends[-1] if ends else lo), colon


def _colon_verb_subject(ctx: Context, lo: int, colon: int) -> tuple[list[Speaker], tuple[int, int]] | None:
    """The speakers and verb of a lead-in `Subject verb (short adjunct):` in w[lo:colon]."""
    w = ctx.work
    lead = w[lo:colon]
    if not any(c.islower() for c in lead) or "\n" in lead.strip():
        return None
    for m in reversed(list(_COLON_VERB_RE.finditer(w, lo, colon))):
        rest = w[m.end() : colon]
        if len(rest.split()) > _MAX_COLON_VERB_WORDS or any(c in rest for c in ",;.!?" + QUOTE_CHARS):
            return None  # the colon closes a longer clause than an adjunct of this verb
        verb = (m.start("verb"), m.end("verb"))
        before = [t.lower() for t in w[lo : verb[0]].split()]
        while before and (before[-1] in ("not", "never") or before[-1].endswith("ly")):
            before.pop()
        if before and before[-1] in PASSIVE_AUXILIARIES:
            return None  # `the ferry was never delayed:` is a participle, not a verb of speaking
        subj = clauses.subject_before(w, lo, verb[0])
        if subj.kind != "phrase":
            return None
        subj = ctx.parsed_subject(subj, verb[0], verb[1])
        if subj.kind != "phrase" or w[subj.start : subj.end].lower() in _VAGUE_PRONOUNS:
            return None  # `we organised on an idea:`, `it sounded then:`: no single speaker
        head = w[lo : subj.start].rstrip()
        if head.endswith(",") and head[:-1].split()[-1:] and head[:-1].split()[-1][:1].isupper():
            return None  # `Vell of the College of Ostraven, Upper Marsh disagreed:`: a place's second part
        speakers = ctx.speakers_for(subj)
        if not speakers or speakers[0].type != "person":
            return None  # a place or body before such a verb is more often the tail of a description
        return speakers, verb
    return None


def name_label(ctx: Context, q: Quote, s: Span) -> tuple[list[Speaker], tuple[int, int]] | None:
    """`Ada Vell, chair of the Harbour Board: "..."` / `Harbour Pilots' Association: "..."`: a paragraph (or
    list item) that opens with a speaker's name, optionally a description set off by commas, then a colon
    and the quote, as round-ups of reactions print each one. The name is the speaker.

    The label must be set off as round-ups print it, in bold or italics or as a list item: in running news
    prose a name, a description and a colon before a quote was right about once in six (a sentence's
    fronted subject, a heading run into the paragraph), on PolNeAR articles nobody read.

    Unlike a transcript label, one such paragraph is enough: the name must be one the article's mentions
    hold (a person, the first one that closes its comma-separated part and is no posting, as in "Ranking
    Member, Harbour Committee, Senator Ada Vell"), or a body the resolver reads as an organisation, or on a
    round-up page a label of a few capitalised words naming no person (``round_up.unlisted_body``). A lead
    that holds a cue (`Vell said:`) is the cue readers'; a topic label (`Headline:`, `Watch:`) names nobody.
    """
    w = ctx.work
    colon = _colon_before(ctx, q, s.start)
    if colon is None:
        return None
    start = _label_start(ctx, q.para)
    m = _LIST_MARK_RE.match(w, start, colon)
    lo = m.end() if m else start
    lead = w[lo:colon]
    # Set off: a list bullet, or emphasis opening before the name or closing at the colon ("**Name:**").
    raw = ctx.doc.raw
    set_off = bool(m and m.group().strip()) or bool(
        _EMPHASIS_MARK_RE.search(raw, start, min(colon + 3, len(raw)))
    )
    if (
        not set_off
        or not lead.strip()
        or len(lead.split()) > _MAX_LABEL_WORDS
        or any(c in lead for c in QUOTE_CHARS + ";!?")
        or lead.split()[0].lower().strip(".") in NOT_LABELS
        or (q.idx > 0 and ctx.quotes[q.idx - 1].outer_end > lo)
        or ctx.lex.find(w, lo, colon)
        or _SENTENCE_IN_LABEL_RE.search(lead)
        or any(_CLAUSE_IN_LABEL_RE.fullmatch(t.strip(",.()")) for t in lead.split())
    ):
        return None
    speakers = (
        _labelled_body(ctx, lo, colon)
        or _labelled_person(ctx, lo, colon)
        or unlisted_body(ctx, lo, colon, _POSTING_HEADS)
    )
    return (speakers, (colon, colon + 1)) if speakers else None


def _label_start(ctx: Context, k: int) -> int:
    """Where the lead of paragraph ``k`` starts: at the paragraph, or at the line before it when a long name
    label wrapped there and the paragraph finder cut it (a line right after a heading, with no blank line
    and no closing punctuation between: "Ada Vell, President, Harbour Defense" / "Council: ...")."""
    w, pars = ctx.work, ctx.doc.paragraphs
    start = pars[k].start
    if k == 0:
        return start
    prev = pars[k - 1]
    gap = w[prev.end : start]
    text = w[prev.start : prev.end].rstrip()
    wrapped = gap.count("\n") == 1 and not gap.strip()
    if wrapped and text and text[-1] not in _CLOSING_MARKS and ":" not in text:
        return prev.start
    return start


_CLOSING_MARKS = ".!?:;" + QUOTE_CHARS + ")]"


_MAX_LABEL_WORDS = 40
# Any emphasis mark, underscores included: the work text's blanking (text._EMPHASIS_RE) takes only asterisks,
# but a round-up label in underscore italics ("_Harbour Pilots Association_:") is set off all the same.
_EMPHASIS_MARK_RE = re.compile(r"\*|(?<!\w)_|_(?!\w)")
# A list item's bullet or number before the name ("- Ada Vell: ...", "2. Ada Vell: ...").
_LIST_MARK_RE = re.compile(r"\s*(?:[-*•–]|\d{1,2}[.)])?\s*")
# A full stop that ends a sentence inside the lead (not after an initial or an abbreviation such as "Dr.",
# "Jr.", "Rep."): the colon closes narration, not a name.
_SENTENCE_IN_LABEL_RE = re.compile(r"[a-z]{4,}\.\s+[A-Z]")
# A word that makes the lead a clause, not a name and its description ("Vell, a member of the board, spoke
# on the radio when he made the announcement:", "Vell disagreed with the finding:"): a lower-case past
# tense, a finite verb or a subject pronoun. Those lead-ins are the verb readers'.
_CLAUSE_IN_LABEL_RE = re.compile(
    r"[a-z]+ed|is|was|are|were|has|have|had|will|would|says|said|spoke|made|took|told|wrote|gave|put|"
    r"he|she|they|we|i|it|who|which|when|while|because"
)
# What may follow the name inside its part: notes in brackets ("(D-Harbour)", "(HPA)"), or an affiliation
# ("of the Harbour Board").
_NAME_TAIL_RE = re.compile(r"(?:\s*\([^()]{1,40}\))*(?:\s+(?:of|at|from|for)\s+[^,]{1,80})?\s*$")
# Head nouns of a posting printed before or after the name ("Ranking Member", "Senior Fellow", "Founder"):
# a part ending in one names the office, not the person.
_POSTING_HEADS = TITLE_WORDS | POSTING_NOUNS | OCCUPATIONS | word_set("member members founder fellow trustee")


def _labelled_person(ctx: Context, lo: int, colon: int) -> list[Speaker]:
    """The person a name label's lead w[lo:colon] names: the first person mention that closes its
    comma-separated part, is not a posting and has only capitalised words (titles, a state) before it in
    that part ("Harbour Senator Ada Vell"). Empty when there is none."""
    w = ctx.work
    for m in ctx.mentions_in(lo, colon):
        if m.entity.kind != "person" or m.end > colon:
            continue
        part_end = w.find(",", m.end, colon)
        part_end = colon if part_end < 0 else part_end
        part_start = w.rfind(",", lo, m.start) + 1 or lo
        if not _NAME_TAIL_RE.match(w, m.end, part_end):
            continue
        before = w[max(part_start, lo) : m.start].split()
        if any(not (t[:1].isupper() or t in ("and", "&", "of", "the", "–", "-")) for t in before):
            continue
        if w[m.start : m.end].split()[-1].lower().strip(".") in _POSTING_HEADS:
            continue
        found = ctx.speakers_for(clauses.Subject("phrase", m.start, m.end))
        if all(_printed_in(sp.name, w[lo:colon]) for sp in found):
            return found  # not "… Veterans of America" resolved to the state
    return _unlisted_name(ctx, lo, colon)


def _unlisted_name(ctx: Context, lo: int, colon: int) -> list[Speaker]:
    """A name the mention scan missed, in the plain "Name, posting" shape ("Ada Vell, Executive Director,
    Harbour Fund"): a first part of two to four capitalised words that the resolver reads as that person,
    when a later part names a posting. A posting is what makes the first part a person's name, not a
    heading's words."""
    w = ctx.work
    end = w.find(",", lo, colon)
    if end < 0:
        return []
    words = w[lo:end].split()
    rest = {t.lower().strip(".,&()") for t in w[end:colon].split()}
    if not 2 <= len(words) <= 4 or not all(t[:1].isupper() for t in words) or not rest & _POSTING_HEADS:
        return []
    name = " ".join(words)
    got = ctx.registry.resolve(name, lo, None)
    if got is not None and got.type != "person":
        return []
    start = lo + len(w[lo:end]) - len(w[lo:end].lstrip())
    if got is not None and got.name == name:
        return ctx.speakers_for(clauses.Subject("phrase", start, end))
    # The resolver took the surname for someone else the article names ("Ivo Vell" for "Ada Vell"): the
    # label prints the whole name, which is the speaker's.
    ctx.references.append(Reference(start, end, name))
    return [Speaker(name, "person")]


def _labelled_body(ctx: Context, lo: int, colon: int) -> list[Speaker]:
    """The organisation a label's first part names ("Harbour Pilots' Association (HPA)"): what the resolver
    reads as an institution, else nothing (a person's name is ``_labelled_person``'s)."""
    w = ctx.work
    end = w.find(",", lo, colon)
    end = colon if end < 0 else end
    paren = re.search(r"\s*\([^()]*\)\s*$", w[lo:end])
    if paren:
        end = lo + paren.start()
    while end > lo and w[end - 1].isspace():
        end -= 1
    phrase = " ".join(w[lo:end].split())
    if not phrase[:1].isupper():
        return []
    got = ctx.registry.resolve(phrase, lo, None)
    if got is None or got.type != "institution" or not _printed_in(got.name, phrase):
        return []  # "Harbour Workers of Valdoria" resolved to the state is not the body the label prints
    return ctx.speakers_for(clauses.Subject("phrase", lo, end))


def colon_lead_in(ctx: Context, q: Quote) -> tuple[list[Speaker], CueMatch, int] | None:
    """A paragraph that ends in a cue and a colon introduces the quote opening the next one
    (`Velcheva told the council:` / `“We will not ...”`)."""
    w = ctx.work
    lead = _paragraph_lead_in(ctx, q)
    if lead is None:
        return None
    lo, colon = lead
    cues = [c for c in ctx.lex.find(w, lo, colon) if ctx.quote_at(c.start) < 0]
    if not cues:
        return None
    cue = cues[-1]
    between = [t for t in clauses.words_between(w, cue.end, colon) if t not in ","]
    if len(between) > MAX_WORDS_CUE_TO_COLON or ";" in between or ctx.quote_at(cue.start) >= 0:
        return None
    if cue.is_participle:
        # "The Harbour Courier confirmed it, reporting:" / "“...”": the participle shares the subject of the
        # lead-in's own sentence, not of the quote's paragraph, which is the sentence being read.
        reading = ctx.sentence
        ctx.sentence = Span(lo, colon)
        try:
            speakers = ctx.speakers_for(clauses.Subject("inherit", cue.start, cue.start))
        finally:
            ctx.sentence = reading
    else:
        speakers = ctx.speakers_for(clauses.subject_before(w, lo, cue.start))
    if not speakers:
        return None
    # The cue was read as reported speech with the lead-in as its content ("told the board"); the quote is
    # its content instead.
    ctx.drafts[:] = [
        d for d in ctx.drafts if not (d.kind == "indirect" and d.cue_span == (cue.start, cue.end))
    ]
    return speakers, cue, cue.end


def bare_quote_ok(w: str, q: Quote) -> bool:
    """A quote right after its cue with no comma or colon (`He said "We will not go back"`) is a statement
    only when it reads as one: a capitalised opening or five words or more, and not a title."""
    inner = w[q.inner.start : q.inner.end]
    first = inner.lstrip("[(…. ")[:1]
    return (first.isupper() or word_count(inner) >= MIN_QUOTE_WORDS) and not looks_like_title(inner)


def object_before_colon(ctx: Context, cue: CueMatch, q: Quote) -> tuple[int, int] | None:
    """The object between a cue and a colon-introduced quote ("invited him to visit Ukraine:")."""
    w = ctx.work
    seg = w[cue.end : q.open].rstrip()
    if not seg.endswith(":"):
        return None
    words = clauses.words_between(w, cue.end, q.open - 1)
    words = [t for t in words if t not in ",:"]
    if len(words) < 2 or words[0].lower() in PREPOSITIONS or cue.entry.cue in SAY_CUES:
        return None
    a = cue.end
    while a < q.open and w[a].isspace():
        a += 1
    b = cue.end + len(seg) - 1
    return (a, b) if b > a else None


def _printed_in(name: str, phrase: str) -> bool:
    """Whether every word of ``name`` is printed in ``phrase`` (case and apostrophes aside)."""
    words = set(re.findall(r"[\w'\-.]+", phrase.lower().replace("’", "'")))
    words |= {t.strip(".") for t in words}
    return all(w.strip(",") in words for w in name.lower().replace("’", "'").split())
