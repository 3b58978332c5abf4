"""Direct-quote attribution: `"...," X said`, `"...," said X`, `X said: "..."`, dash attribution, split
quotes joined and multi-paragraph quotes. Lead-ins of other shapes are ``lead_ins``'; quotes with no cue of
their own are ``floating``'s.

Quoted titles and scare quotes (short, inside narration, with no cue of their own) are not statements;
quotes inside reported speech are handled by ``reported``.
"""

from __future__ import annotations

import bisect
import re

from quoteline.extract import clauses, kb
from quoteline.extract.context import Context
from quoteline.extract.cues import CueEntry, CueMatch
from quoteline.extract.lead_ins import (
    bare_quote_ok,
    colon_lead_in,
    colon_verb,
    colon_verb_lead_in,
    document_after,
    document_lead_in,
    introducing_verb,
    name_label,
    object_before_colon,
)
from quoteline.extract.mentions import abbreviation_at
from quoteline.extract.model import Draft, Speaker
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
from quoteline.extract.reported.content_checks import PLAIN_SAYING
from quoteline.extract.text import Span, only_punct_until, prev_nonspace, word_set

_AFTER_WINDOW = 160
_MAX_WORDS_CUE_TO_COLON_CLAUSE = 30  # a reported clause between the cue and the colon before its quote
# A cue in a subordinate clause after the attribution, with its own short subject ("..., two hours after
# officials declared the result"): the clause sets the scene, it attributes no quote.
_SUBORDINATE_CUE_RE = re.compile(
    r"\b(?:when|after|as|before|once|if|while|since|until)\s+(?:(?:being|[\w'’.\-]+(?:\s+[\w'’.\-]+){0,2})\s+)?$",
    re.I,
)
# A relative clause describing the speaker: "..., a banker who has advised the mayor".
_DESCRIPTION_LEAD_RE = re.compile(r"\b(?:who|whose)\b[^,.]*$", re.I)
# A relative clause on a noun of the adjunct after the cue: "..., with a heat that almost suggested ...".
_ADJUNCT_RELATIVE_LEAD_RE = re.compile(r"\b(?:a|an|the)\s+(?:[a-z]+\s+){0,2}(?:that|which)\b[^,.]*$")
# A full stop that ends a sentence inside the clause: not after an initial or a short abbreviation
# ("Tampa, Fla., who", "J. Smith", "Mr. Vell"), and followed by a capital.
_SENTENCE_END_RE = re.compile(
    r"(?<![A-Z])(?<!\b[A-Z][a-z])(?<!\b[A-Z][a-z]{2})(?<!\b[A-Z][a-z]{3})\.\s+[A-Z]"
)
# `"...," Mara Velcheva, who chairs the harbour board, said`: a name (with optional title abbreviations and
# initials), a comma, then a description that closes with a comma before the cue.
_APPOSITIVE_RE = re.compile(
    r"\s*,?\s*(?P<name>(?:[A-Z][\w'’.\-]*\s+){0,4}[A-Z][\w'’\-]*)\s*(?:\([^()]{1,20}\)\s*)?,\s+(?=\S)"
)
_MAX_APPOSITIVE_WORDS = 40
# `"...," veteran harbour pilot Pell Marrow said`: a lower-case description run straight into the name before
# the cue, with no comma. Words that cannot sit in such a description (a clause, a pronoun, a preposition
# leading elsewhere) rule the shape out: `"...," as Marrow said` / `"...," which Marrow said`.
_DESCRIPTION_NAME_RE = re.compile(
    r"\s*,?\s*(?P<desc>(?:[\w'’\-.]+\s+){1,8}?)"
    r"(?P<name>(?:(?:[A-Z][a-z]{0,2}\.|[A-Z][\w'’\-]+)\s+){0,3}[A-Z][\w'’\-]+)\s*$"
)
_NOT_IN_DESCRIPTION = word_set(
    """which that who whom whose as when while because if after before since where and but or so then than
    is was were are be been being has had have will would can could should may might must not to in on at
    for with by from via into about he she they it we i you his her their its our my your this these those"""
)
_PARTY_LABEL_RE = re.compile(r"\s*\((?:[DRI]|Ind|Dem|Rep)(?:\.|-[A-Z][\w.]{0,8})?\)\s*(?=[\s,]*$)")
_NAME_LAST_RE = re.compile(
    r",\s*(?P<name>(?:(?:[A-Z][a-z]{0,2}\.|[A-Z][\w'’\-]*)\s+){0,3}[A-Z][\w'’\-]*)\s*,\s*$"
)
# A capitalised name run (with initials and title abbreviations) inside a description after a cue.
_NAME_RUN_RE = re.compile(r"(?<![\w.])(?:(?:[A-Z][a-z]{0,2}\.|[A-Z][\w'’\-]+)\s+){0,3}[A-Z][\w'’\-]+")
_DESCRIPTION_END_RE = re.compile(r"(?<![A-Z])(?<!\b[A-Z][a-z])(?<!\b[A-Z][a-z]{2})[.;!?](?=\s|$)")
_MAX_DESCRIPTION_WORDS = 16
# "called the plan", "went on to call Vell", "dubbing it": a naming verb, its object (up to six words, no
# clause break) and an optional article, right before a quote.
_NAMING_RE = re.compile(
    r"\b(?P<verb>call(?:ed|s|ing)?|dub(?:bed|s|bing)?)\s+(?!(?:for|on|upon|off|in|out|back)\b)"
    r"(?:[\w'’\-.]+\s+){0,6}?(?:(?:a|an|the|as|it)\s+)?(?=[\"“'‘«„`])",
    re.I,
)
# What follows a long quote that a sentence runs on from: a lower-case word, after an optional comma.
_RUN_ON_RE = re.compile(r",?\s+(?=[a-z])")
_COORDINATED_RE = re.compile(r"\s*,?\s*and(?:\s+(?:also|then|later))?\s+")
_TITLE_STOP_RE = re.compile(r"\b(Mrs?|Ms|Dr|St|Sen|Rep|Gov|Gen|Col|Sgt|Lt)\.")
_MAX_RESUME_GAP_WORDS = 45  # words between a sentence-final cue and the quote's resumption
_DASH_RE = re.compile(r"\s*[—–]|\s+-{1,2}\s")
# What may stand right before a quote that opens its own clause (nothing, or a colon, a stop or a dash).
_QUOTE_OPENS_AFTER = ("", ":", ".", "!", "?", "…", "—", "–", "-")
# A forward content right after a cue: "that", or a subject pronoun and its verb ("he claimed they never
# met").
_OWN_CLAUSE_AFTER_CUE_RE = re.compile(r"\s+(?:that\s|(?:he|she|they|it|we|I)\s+[a-z]\w*)")
# What may sit between a saying cue and a quote that follows it with no comma: nothing, or a short adjunct
# ("said on Friday", "wrote in a statement", "told reporters", "said yesterday").
_BARE_ADJUNCT_RE = re.compile(
    r"\s*(?:(?:(?:on|in|at|to|via|during|after|before|last|this|late|early)\s+)?(?:the\s+|a\s+|an\s+|his\s+|her\s+)?"
    r"(?:[\w'’.\-]+\s+){0,2}?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|week|weekend|month|year|"
    r"morning|afternoon|evening|night|statement|interview|tweet|twitter|facebook|post|letter|speech|email|"
    r"reporters|journalists|today|yesterday|tonight|earlier|later|again|also|then|simply|only)\s*)?",
    re.I,
)
_LINKING_WORDS = PREPOSITIONS | {"of", "and", "or", "than", "who", "whose"}


def _first_cue(ctx: Context, lo: int, hi: int) -> CueMatch | None:
    for c in ctx.lex.find(ctx.work, lo, hi):
        if ctx.quote_at(c.start) < 0:
            return c
    return None


# `"…," the Head of State is convinced.`: an adjective of certainty closing the sentence after a quote that
# runs into it is that quote's attribution (president.gov.ua prints 20 quotes so, in 976 items). It is no cue
# of reported speech: "is convinced that …" was an optional unit or none on the PolNeAR slice (EXTRACTION.md's
# known limits), so only this shape reads it.
_CERTAINTY_RE = re.compile(
    r"(?:is|was|are|were)\s+(?:also\s+|firmly\s+|deeply\s+)?(convinced|confident|sure|certain)(?=\s*[.!]|\s*$)"
)
_CERTAINTY_ENTRY = CueEntry(
    "be convinced", ("convinced", "confident", "sure", "certain"), "assurance", "clause"
)


def _certainty_cue(ctx: Context, q: Quote, lo: int, hi: int) -> CueMatch | None:
    """ "is convinced" ending the sentence right after a quote that ends in a comma, as its cue, or None."""
    w = ctx.work
    if not w[q.inner.start : q.inner.end].rstrip(" '’”\"").endswith(","):
        return None
    m = _CERTAINTY_RE.search(w, lo, hi)
    if m is None or len(clauses.words_between(w, lo, m.start())) > 6:
        return None
    return CueMatch(_CERTAINTY_ENTRY, m.start(), m.end(), w[m.start() : m.end()])


def _after_attribution(
    ctx: Context, q: Quote, s: Span, lo: int | None = None
) -> tuple[list[Speaker], CueMatch | None, int, int] | None:
    """`"...," X said` / `"...," said X` / `"..." — X`: the speakers, the cue, where the clause ends and
    where it starts.

    ``lo`` is where the attribution may start: just after the quote, or later for a trailing one.
    """
    w = ctx.work
    lo = q.outer_end if lo is None else lo
    end = s.end
    if only_punct_until(w, lo, s.end, "") and w[q.inner.end - 1 : q.inner.end] in ("?", "!"):
        # The sentence splitter cuts after `?”` before a capital: `“Why wait?” Ana Ruiz asked.` is one
        # sentence, so the attribution may lie in what it took for the next one.
        par = ctx.doc.paragraphs[q.para]
        stop = w.find(".", lo, min(par.end, lo + _AFTER_WINDOW))
        while stop >= 0 and abbreviation_at(w, stop):  # `“Why wait?” Mrs. Ruiz asked.`: not the end
            stop = w.find(".", stop + 1, min(par.end, lo + _AFTER_WINDOW))
        end = stop + 1 if stop >= 0 else end
        if stop >= 0 and _introduced(ctx, q, s) and _next_quote_start(ctx, q, stop) < stop:
            # `X responds to Y with, "Why now?" Y then writes back, "..."`: a quote its own sentence already
            # introduces keeps that attribution; the clause after it introduces the next quote.
            end = s.end
    hi = min(end, lo + _AFTER_WINDOW)
    nq = _next_quote_start(ctx, q, hi)
    hi = min(hi, nq)
    if lo >= hi:
        return None
    m = _DASH_RE.match(w, lo, hi)
    if (
        m
        and q.inner.end > q.inner.start
        and (w[q.inner.end - 1] in ".!?" or not prev_nonspace(w, s.start, q.open))
    ):
        span = clauses.phrase_after(w, m.end(), hi)
        if span:
            sp = ctx.speakers_for(clauses.Subject("phrase", span[0], span[1]))
            if sp:
                return sp, None, span[1], lo
    cue = _first_cue(ctx, lo, hi) or _certainty_cue(ctx, q, lo, hi)
    if cue is None:
        return None
    gap = w[lo : cue.start]
    stripped = gap.strip(" ,")
    if not stripped:
        span = clauses.phrase_after(w, cue.end, hi)
        subj = (
            ctx.parsed_subject(clauses.Subject("phrase", *span), cue.start, cue.end, after=True)
            if span
            else clauses.Subject("none")
        )
        found = ctx.speakers_for(subj) if span else []
        if not found or found[0].type == "unnamed":
            # "said the younger Mr. Vell", "said a ferryman using the name Sorn", "said another leading
            # harbour lawyer, Ana Ruiz": the description is longer than a noun phrase; its name speaks.
            named = _name_in_description(ctx, cue.end, hi)
            if named is not None:
                return named[0], cue, named[1], lo
        if not found or span is None:
            return None
        return found, cue, max(span[1], subj.end), lo
    else:
        # The quote's own last punctuation, behind a nested quote's closing mark (`... the 'Sponsor,' "`).
        last = w[q.inner.start : q.inner.end].rstrip(" '’”\"»›")[-1:]
        if gap.lstrip()[:1] not in (",", "") and last not in (",", "!", "?", ".", "—"):
            return None
        toks = clauses.words_between(w, lo, cue.start)
        toks = [t for t in toks if t != ","]
        if toks and toks[0].lower() in ("and", "but", "or") and prev_nonspace(w, s.start, q.open):
            return None  # `X said A "B", and expressed concern C`: a coordinated cue, not this quote's
        if prev_nonspace(w, s.start, q.open) not in _QUOTE_OPENS_AFTER and _OWN_CLAUSE_AFTER_CUE_RE.match(
            w, cue.end, s.end
        ):
            # `Although X admitted that they had "known each other for years," he insisted they never met`:
            # the quote ends a clause of the narration, and the cue after it has a content of its own.
            return None
        name = _appositive_subject(w, lo, cue.start)
        # `"...," Sen. Ana Ruiz (D-Kam.) said`: a party and state label after the name is set aside.
        party = _PARTY_LABEL_RE.search(w, lo, cue.start)
        if party is not None and name is None:
            toks = [t for t in clauses.words_between(w, lo, party.start()) if t != ","]
            cue_start = party.start()
        else:
            cue_start = cue.start
        if name is not None:
            subj = clauses.Subject("phrase", *name)
        else:
            plain = (
                toks
                and len(toks) <= 9
                and all(
                    clauses.np_token(t)
                    or t.lower() in clauses.SKIP_BEFORE_CUE
                    or t.lower() in clauses.PRONOUNS
                    or (k > 0 and clauses.posting_link(toks[k - 1], t))
                    for k, t in enumerate(toks)
                )
            )
            # A noun phrase the rules read whole keeps its reading; only a description they cannot read
            # (`veteran ferry captain Ana Ruiz`) falls back to the name that ends it.
            described = None if plain else _described_name(ctx, q, s, lo, cue_start)
            if described is None and not plain:
                # A subject with a long description or clause before its verb (`"...," Rosa Diaz, whose son
                # died in custody, said`): the parse finds the cue's subject right after the quote.
                parsed = ctx.parsed.subject(cue.start, cue.end)
                if parsed is None or not lo <= parsed.start < parsed.end <= cue.start:
                    return None
                if not parsed.named and not _short_description(w, lo, cue_start):
                    return None
                if any(c in w[lo : parsed.start] for c in '.;!?"“”') or w[lo : parsed.start].strip(" ,"):
                    return None
            if described is not None:
                subj = clauses.Subject("phrase", *described)
            else:
                subj = ctx.parsed_subject(clauses.subject_before(w, lo, cue_start), cue.start, cue.end)
        clause_end = cue.end
    speakers = ctx.speakers_for(subj)
    if not speakers:
        return None
    return speakers, cue, clause_end, lo


_DOCUMENT_ENTRY = CueEntry("read", ("reads", "read", "says", "said", "states", "stated"), "neutral", "clause")


def _document_after(
    ctx: Context, q: Quote, s: Span
) -> tuple[list[Speaker], CueMatch | None, int, int] | None:
    """`"...," the message reads.`: the written text named after its quote speaks for its author
    (``lead_ins.document_after``), in ``_after_attribution``'s shape, so a split quote still joins."""
    found = document_after(ctx, q, s)
    if found is None:
        return None
    speakers, (a, b), clause_end = found
    return speakers, CueMatch(_DOCUMENT_ENTRY, a, b, ctx.work[a:b]), clause_end, q.outer_end


_CLAUSE_WORDS = frozenset({"who", "which", "that", "whose", "when", "while", "after", "before", "as", "if"})
# `"A," one harbour aide said`, `"A," a senior campaign official said, "B."`: a short unnamed description
# with modifiers the noun-phrase lists do not hold is still the subject the parse finds; a longer stretch,
# or one holding a comma or a clause word, may be an aside or narration, so only a name is trusted there.
_SHORT_DESCRIPTION_WORDS = 5
_DESCRIPTION_RE = re.compile(
    r"\s*,?\s*(?:a|an|one|another|the|two|three|several)\s+[\w\-]+(?:\s+[\w\-]+)*\s*$"
)


def _short_description(w: str, lo: int, cue_start: int) -> bool:
    """Whether the words between a quote and its cue are a short description opened by an article or a
    count ("one campaign aide"), with no comma, clause word or quote inside."""
    gap = w[lo:cue_start]
    if len(gap.split()) > _SHORT_DESCRIPTION_WORDS or _DESCRIPTION_RE.match(gap) is None:
        return False
    return not any(word.lower() in _CLAUSE_WORDS for word in gap.split())


def _introduced(ctx: Context, q: Quote, s: Span) -> bool:
    """Whether a cue outside quotes earlier in the sentence leads into ``q`` through a comma or colon
    (`X responds with, "..."`)."""
    if prev_nonspace(ctx.work, s.start, q.open) not in (",", ":"):
        return False
    return any(ctx.quote_at(c.start) < 0 for c in ctx.lex.find(ctx.work, s.start, q.open))


def _trailing_attribution(
    ctx: Context, q: Quote, s: Span
) -> tuple[list[Speaker], CueMatch | None, int, int] | None:
    """`"A quote of five words or more" that the sentence runs on from, said Ana Ruiz.`: a sentence opened
    by a long quote and closed by its attribution after a comma; the quote is the direct statement."""
    w = ctx.work
    if prev_nonspace(w, s.start, q.open) or word_count(w[q.inner.start : q.inner.end]) < MIN_QUOTE_WORDS:
        return None
    m = _RUN_ON_RE.match(w, q.outer_end, s.end)
    if m is None:
        return None
    cues = [c for c in ctx.lex.find(w, m.end(), s.end) if ctx.quote_at(c.start) < 0]
    if not cues:
        return None
    comma = w.rfind(",", m.end(), cues[-1].start)
    if comma < 0 or len(w[comma : cues[-1].start].split()) > 4 or ctx.quote_at(comma) >= 0:
        return None
    if any(ctx.quote_at(i) >= 0 for i in range(q.outer_end, comma)):
        return None  # a second quote in the run-on: not this simple shape
    return _after_attribution(ctx, q, s, comma)


def _name_in_description(ctx: Context, lo: int, hi: int) -> tuple[list[Speaker], int] | None:
    """The first person named in the description after a cue, up to its sentence end."""
    w = ctx.work
    stop = _DESCRIPTION_END_RE.search(w, lo, hi)
    end = stop.start() + 1 if stop else hi
    if len(w[lo:end].split()) > _MAX_DESCRIPTION_WORDS:
        return None
    for m in _NAME_RUN_RE.finditer(w, lo, end):
        before = {t.lower().strip(",") for t in w[lo : m.start()].split()}
        if before & _LINKING_WORDS or "'s" in w[lo : m.start()] or "’s" in w[lo : m.start()]:
            return None  # "a spokeswoman for (the mayor,) Ana Ruiz": that name is not the speaker
        found = ctx.speakers_for(clauses.Subject("phrase", m.start(), m.end()))
        if found and found[0].type == "person":
            return found, m.end()
    return None


def _described_name(ctx: Context, q: Quote, s: Span, lo: int, cue_start: int) -> tuple[int, int] | None:
    """The name in `"...," longtime party strategist Ana Ruiz told reporters`: a description of lower-case
    (and capitalised) words, no punctuation, that ends in a person's name right before the cue.

    A short quote inside the sentence (`a speech about "ferries", actress Ana Ruiz wrote`) is a fragment
    of narration, not the words this shape attributes."""
    w = ctx.work
    if prev_nonspace(w, s.start, q.open) and word_count(w[q.inner.start : q.inner.end]) < MIN_QUOTE_WORDS:
        return None
    m = _DESCRIPTION_NAME_RE.fullmatch(w, lo, cue_start)
    if m is None:
        return None
    desc = m.group("desc").split()
    if not any(t[:1].islower() for t in desc) or any(t.lower() in _NOT_IN_DESCRIPTION for t in desc):
        return None
    if any(c in m.group("desc") for c in ",;:!?" + QUOTE_CHARS) or _SENTENCE_END_RE.search(m.group(0)):
        return None
    found = ctx.speakers_for(clauses.Subject("phrase", m.start("name"), m.end("name")))
    if not found or found[0].type != "person":
        return None
    return m.start("name"), m.end("name")


def _appositive_subject(w: str, lo: int, cue_start: int) -> tuple[int, int] | None:
    """The name in `"...," Name, a description or relative clause, said`: a subject set off by commas.

    The name opens the gap with capitalised words only; the description runs to a comma just before the
    cue, holds no sentence end and no quotation mark, and is at most ``_MAX_APPOSITIVE_WORDS`` long.
    """
    gap = w[lo:cue_start]
    if len(gap.split()) > _MAX_APPOSITIVE_WORDS or not gap.rstrip().endswith(","):
        return None
    if _SENTENCE_END_RE.search(gap) or any(c in gap for c in QUOTE_CHARS):
        return None
    m = _APPOSITIVE_RE.match(gap)
    if m is not None:
        return lo + m.start("name"), lo + m.end("name")
    # `"...," his wife, Ana Ruiz, wrote`: a short description first, then the name between commas.
    m = _NAME_LAST_RE.search(gap)
    if m is not None and len(gap[: m.start()].split()) <= _MAX_DESCRIPTION_WORDS:
        return lo + m.start("name"), lo + m.end("name")
    return None


def _joins(ctx: Context, q: Quote, clause_end: int, nxt: Quote, hi: int) -> bool:
    """True when the next quote continues this one after its attribution (`"A," he said, "B."`)."""
    w = ctx.work
    gap = w[clause_end : nxt.open]
    if not gap.strip(" ,:"):
        return True
    # "...," Voronets said at a meeting in Kamengrad, "but ...": an adjunct, then the quote resumes; also
    # after a participle of the speaker's that says nothing itself ("...," said Vell, speaking of the guild,
    # "and ..."; not `"...," she said, adding, "..."`, a second statement).
    return (
        w[q.inner.end - 1 : q.inner.end] == ","
        and gap.rstrip().endswith(",")
        and len(gap.split()) <= 15
        and all(
            c.is_participle and c.entry.cue not in PLAIN_SAYING for c in ctx.lex.find(w, clause_end, nxt.open)
        )
        and not any(c in gap for c in ".;!?")
        and not _own_cue_after(ctx, nxt, hi)
    )


# What may stand between a quote and a cue of its own: ", said Vell", ", Vell said", ", she added".
_OWN_CUE_GAP_RE = re.compile(r"[\s,]*(?:[\w'’.\-]+\s+){0,3}$")


def _own_cue_after(ctx: Context, q: Quote, hi: int) -> bool:
    """True when a cue of its own follows quote ``q`` within a few words (`"B," said Kunin`): it is another
    statement, not the rest of the quote before it (`"A," she said, but despite that, "B," said Kunin`)."""
    w = ctx.work
    cue = _first_cue(ctx, q.outer_end, min(hi, q.outer_end + 40))
    return cue is not None and bool(_OWN_CUE_GAP_RE.fullmatch(w, q.outer_end, cue.start))


def _clause_fragment(ctx: Context, f: Quote, q: Quote, clause_end: int) -> bool:
    """A quoted title or fragment of under five words inside the attribution clause after quote ``q``."""
    w = ctx.work
    if f.para != q.para or f.open < clause_end or not f.closed:
        return False
    if prev_nonspace(w, clause_end, f.open) in ("", ".", "!", "?", "…"):
        return False  # a quote opening a sentence is the resumption itself, not a fragment of the clause
    inner = w[f.inner.start : f.inner.end]
    words = inner.rstrip(".,").split()
    # A programme or publication title: mostly capitalised words ("This Week with Mara Velcheva").
    capitalised = sum(1 for t in words if t[:1].isupper()) >= 0.6 * len(words)
    return word_count(inner) < MIN_QUOTE_WORDS or looks_like_title(inner.rstrip(".,")) or capitalised


def _blank_marks(w: str, a: int, b: int, skipped: list[Quote]) -> str:
    """w[a:b] with the quotation marks of the skipped fragments turned into spaces (their words stay)."""
    chars = list(w[a:b])
    for f in skipped:
        for i in [*range(f.open, f.inner.start), *range(f.inner.end, f.outer_end)]:
            if a <= i < b and not chars[i - a].isalnum() and chars[i - a] not in ".,":
                chars[i - a] = " "
    return "".join(chars)


def _resumes(ctx: Context, q: Quote, clause_end: int, nxt: Quote, skipped: list[Quote] | None = None) -> bool:
    """True when the cue clause ends its sentence and the paragraph's next sentence is the rest of the quote.

    `"A," Voronets told reporters. "B."`, and `"A," said Voronets, a farmer who has grown barley near
    Kamengrad since the war. "B."`: the first part ends in a comma (the quote is unfinished), the clause
    between is one sentence whose only cues sit in a description of the speaker, and the next quote stands
    alone with no attribution of its own.
    """
    w = ctx.work
    # The first part ends in a comma, inside the marks or (German and French style) just after them.
    # A first part that is a question or an exclamation is unfinished too (`"Why wait?" she asked. "B."`),
    # and so is one with no punctuation at all; a nested quote's closing mark is looked behind.
    last = w[q.inner.start : q.inner.end].rstrip(" '’”\"»›")[-1:]
    comma = last in (",", "?", "!") or last.isalnum() or w[q.outer_end : q.outer_end + 1] == ","
    # The rest may itself run on into the next paragraph (`"A," he said. "B.` / `"C."`).
    if nxt.para != q.para or not (nxt.closed or nxt.open_end) or not comma:
        return False
    gap = _blank_marks(w, clause_end, nxt.open, skipped or [])
    tail = gap.rstrip()
    if (
        not tail.endswith(".")
        or len(gap.split()) > _MAX_RESUME_GAP_WORDS
        or any(c in gap for c in ';!?"“”«»„')
        or "''" in gap
        or _SENTENCE_END_RE.search(tail[:-1])
    ):
        return False
    # A cue in a description of the speaker ("..., who noted that ...", "... as he called for ...") or in a
    # participle ("..., pointing out where ...") is no attribution of its own.
    for c in ctx.lex.find(w, clause_end, nxt.open):
        if skipped:
            return False  # `..., remarking that she is "hunting for a crew". "B."`: B may be that cue's
        # A title's full stop inside the description ("who mocked Mr. Vell's attacks") ends no clause.
        lead = _TITLE_STOP_RE.sub(r"\1 ", w[clause_end : c.start])
        if not (
            c.is_participle
            or _SUBORDINATE_CUE_RE.search(lead)
            or _DESCRIPTION_LEAD_RE.search(lead)
            or _ADJUNCT_RELATIVE_LEAD_RE.search(lead)
        ):
            return False
    # The rest closes a sentence, also when a nested quote ends it (`"B, 'Sorry, we cannot.'"`).
    if w[nxt.inner.start : nxt.inner.end].rstrip(" '’”\"»›")[-1:] not in (".", "!", "?", "…"):
        return False
    par = ctx.doc.paragraphs[nxt.para]
    # The second part is a sentence of its own: no attribution (`"B?" she asked`, `"B" — X`) follows it.
    first = w[nxt.outer_end : min(par.end, nxt.outer_end + 8)].lstrip()[:1]
    return not first or not (first.islower() or first in ",—–-")


def _next_quote_start(ctx: Context, q: Quote, default: int) -> int:
    k = q.idx
    if 0 <= k < len(ctx.quotes) - 1:
        return min(default, ctx.quotes[k + 1].open)
    return default


def before_attribution(ctx: Context, q: Quote, s: Span) -> tuple[list[Speaker], CueMatch, int] | None:
    """`X said: "..."` / `X said, "..."` / `X responded via Twitter: "..."` / `X said on Friday "..."`."""
    w = ctx.work
    if q.open == s.start:
        return colon_lead_in(ctx, q)
    bare = prev_nonspace(w, s.start, q.open) not in (",", ":")
    if bare and not bare_quote_ok(w, q):
        return None
    lo = max(s.start, q.open - BEFORE_WINDOW)
    # Never reach back over an earlier quote of the sentence.
    k = q.idx
    if k > 0 and ctx.quotes[k - 1].outer_end > lo:
        lo = ctx.quotes[k - 1].outer_end
    cues = [c for c in ctx.lex.find(w, lo, q.open) if ctx.quote_at(c.start) < 0]
    if not cues:
        return None
    cue = cues[-1]
    if bare and (cue.entry.cue not in SAY_CUES or not _BARE_ADJUNCT_RE.fullmatch(w, cue.end, q.open)):
        return None
    between = clauses.words_between(w, cue.end, q.open)
    # After a colon the quote is what the cue announced even past a reported clause ("X tweeted that he
    # had not known of the rally but would go anyway: "..."), when the quote reads as a statement.
    limit = MAX_WORDS_CUE_TO_COLON
    long_quote = word_count(w[q.inner.start : q.inner.end]) >= MIN_QUOTE_WORDS
    if prev_nonspace(w, s.start, q.open) == ":" and long_quote:
        limit = _MAX_WORDS_CUE_TO_COLON_CLAUSE
    if len([t for t in between if t not in ",:"]) > limit or any(t in ";" for t in between):
        return None
    if cue.entry.complement and not long_quote and [t for t in between if t not in ",:"]:
        return None  # `called the chief, Ana Ruiz, "tireless"`: a short label of the object, reported speech
    inverted = _inverted_before_colon(ctx, q, s, cue)
    if inverted is not None:
        subj = inverted
    elif cue.is_participle:
        subj = clauses.Subject("inherit", cue.start, cue.start)
    else:
        subj = ctx.parsed_subject(clauses.subject_before(w, s.start, cue.start), cue.start, cue.end)
    speakers = ctx.speakers_for(subj)
    if not speakers:
        return None
    return speakers, cue, cue.end


_MAX_INVERTED_DESCRIPTION = 4  # words of description between a verb-first cue and the name before a colon


def _inverted_before_colon(ctx: Context, q: Quote, s: Span, cue: CueMatch) -> clauses.Subject | None:
    """The subject after a verb-first attribution before a colon (`Said Ada Orrin: "…"`, `In short, added
    the harbour master Ivo Vell: "…"`): the cue opens its sentence, or its clause after an opening phrase
    and a comma, and a noun phrase runs from it to the colon."""
    w = ctx.work
    if prev_nonspace(w, s.start, q.open) != ":" or cue.is_participle:
        return None
    before = w[s.start : cue.start].strip()
    if before and (
        not before.endswith(",")
        or any(s.start <= m.start < cue.start and m.entity.kind == "person" for m in ctx.registry.mentions)
    ):
        return None  # "Another reader, Ivo Vell, wrote of Orrin:": the subject comes before the verb
    words = clauses.words_between(w, cue.end, q.open)
    if not words or words[0].lower() in PREPOSITIONS | {"of", "about"}:
        return None  # "wrote of Orrin:", "said to Orrin:": the name after the verb is its object
    colon = w.rfind(":", cue.end, q.open)
    end = len(w[:colon].rstrip())
    span = clauses.phrase_after(w, cue.end, colon)
    if span is not None and span[1] == end:
        return clauses.Subject("phrase", span[0], span[1])
    # A short description before the name ("explained the panel's moderator Ada Orrin:"): a person's name
    # must end the phrase at the colon.
    start = cue.end + len(w[cue.end : colon]) - len(w[cue.end : colon].lstrip())
    named = [
        m for m in ctx.registry.mentions if start <= m.start and m.end == end and m.entity.kind == "person"
    ]
    if not named or len(clauses.words_between(w, start, named[0].start)) > _MAX_INVERTED_DESCRIPTION:
        return None
    return clauses.Subject("phrase", start, end)


def direct_drafts(ctx: Context, s: Span, quotes: list[Quote]) -> list[Draft]:
    """Direct statements whose quotes lie in sentence ``s``."""
    out: list[Draft] = []
    for q in quotes:
        k = q.idx
        if k in ctx.consumed_quotes:
            continue
        inner = ctx.work[q.inner.start : q.inner.end]
        if _embedded_title(ctx, q, s):
            continue  # `On Harbour TV's "Morning Ferry," Vell said ...`: a programme's name, no one's words
        after = (
            _after_attribution(ctx, q, s) or _trailing_attribution(ctx, q, s) or _document_after(ctx, q, s)
        )
        # `Ruiz called the plan "a betrayal of the town," according to the Courier`: the outlet reports what
        # the subject before the quote said.
        if (
            after is not None
            and after[1] is not None
            and after[1].entry.cue == "according to"
            and (before_attribution(ctx, q, s) is not None or _naming_quote(ctx, q, s) is not None)
        ):
            after = None
        if after is not None:
            speakers, cue, clause_end, attribution_start = after
            parts = [(q.inner.start, q.inner.end)]
            ctx.consumed_quotes.add(k)
            if cue is not None:
                ctx.consumed_cues.add(cue.start)
            # Split quote: `"A," he said, "B."` is one statement.
            nxt = ctx.quotes[k + 1] if k + 1 < len(ctx.quotes) else None
            if nxt is not None and nxt.open < s.end + 1 and _joins(ctx, q, clause_end, nxt, s.end):
                parts.append((nxt.inner.start, nxt.inner.end))
                ctx.consumed_quotes.add(k + 1)
                k += 1
            elif cue is not None:
                # `"A," X said on "Morning Ferry." "B."`: a title or short fragment in the clause is skipped.
                j = k + 1
                while j < len(ctx.quotes) and _clause_fragment(ctx, ctx.quotes[j], q, clause_end):
                    j += 1
                if j < len(ctx.quotes) and _resumes(ctx, q, clause_end, ctx.quotes[j], ctx.quotes[k + 1 : j]):
                    parts.append((ctx.quotes[j].inner.start, ctx.quotes[j].inner.end))
                    ctx.consumed_quotes.update(range(k + 1, j + 1))
                    k = j
            if looks_like_title(inner) and len(parts) == 1:
                continue
            if len(parts) == 1 and _narrated_fragment(ctx, q, s):
                # `The mayor "looked ashen," Vell said`: the short quote is part of the reported clause
                # the cue attributes; the reported pass reads the cue.
                ctx.consumed_quotes.discard(k)
                if cue is not None:
                    ctx.consumed_cues.discard(cue.start)
                continue
            cue_text = cue.form if cue else "—"
            cue_span = (cue.start, cue.end) if cue else None
            for sp in speakers:
                out.append(
                    Draft(
                        sp,
                        "direct",
                        cue_text,
                        cue_span,
                        list(parts),
                        (attribution_start, s.end),
                        cue.entry.stance if cue else "neutral",
                        (s.start, s.end),
                    )
                )
            ctx.last_direct = speakers[-1]
            extend_continuation(ctx, out[-len(speakers) :], k)
            _continue_occasion(ctx, out[-len(speakers) :])
            continue
        if q.open_end:
            tail = _chain_attribution(ctx, q)
            if tail is not None:
                out.extend(tail)
                continue
        document = document_lead_in(ctx, q, s)
        if document is not None:
            speakers, verb = document
            ctx.consumed_quotes.add(k)
            ctx.consumed_cues.add(verb[0])
            out.extend(_verb_drafts(ctx, speakers, verb, q, s))
            ctx.last_direct = speakers[-1]
            extend_continuation(ctx, out[-len(speakers) :], k)
            continue
        before = before_attribution(ctx, q, s)
        if before is not None:
            speakers, cue, _ = before
            ctx.consumed_quotes.add(k)
            obj = object_before_colon(ctx, cue, q)
            if obj is None:
                ctx.consumed_cues.add(cue.start)
            parts = [(q.inner.start, q.inner.end)]
            # `X said "A" and "B"`: two quotes coordinated under one cue are one statement.
            nxt = ctx.quotes[k + 1] if k + 1 < len(ctx.quotes) else None
            if (
                nxt is not None
                and nxt.open < s.end
                and _COORDINATED_RE.fullmatch(ctx.work, q.outer_end, nxt.open)
                and bare_quote_ok(ctx.work, nxt)
            ):
                parts.append((nxt.inner.start, nxt.inner.end))
                ctx.consumed_quotes.add(k + 1)
                k += 1
            for sp in speakers:
                out.append(
                    Draft(
                        sp,
                        "direct",
                        cue.form,
                        (cue.start, cue.end),
                        list(parts),
                        (s.start, q.open),
                        cue.entry.stance,
                        (s.start, s.end),
                    )
                )
            ctx.last_direct = speakers[-1]
            extend_continuation(ctx, out[-len(speakers) :], k)
            continue
        named = (
            _naming_quote(ctx, q, s)
            or introducing_verb(ctx, q, s)
            or colon_verb(ctx, q, s)
            or colon_verb_lead_in(ctx, q)
        )
        if named is not None:
            speakers, verb = named
            ctx.consumed_quotes.add(k)
            out.extend(_verb_drafts(ctx, speakers, verb, q, s))
            ctx.last_direct = speakers[-1]
            continue
        labelled = name_label(ctx, q, s)
        if labelled is not None:
            # `Ada Vell, Director, Harbour Fund: "…` / `"…"`: a reaction may run over paragraphs.
            speakers, colon = labelled
            ctx.consumed_quotes.add(k)
            out.extend(_verb_drafts(ctx, speakers, colon, q, s))
            ctx.last_direct = speakers[-1]
            extend_continuation(ctx, out[-len(speakers) :], k)
    return out


def _verb_drafts(
    ctx: Context, speakers: list[Speaker], verb: tuple[int, int], q: Quote, s: Span
) -> list[Draft]:
    """One neutral direct statement per speaker for a quote that a verb outside the cue lexicon introduces."""
    return [
        Draft(
            sp,
            "direct",
            ctx.work[verb[0] : verb[1]],
            verb,
            [(q.inner.start, q.inner.end)],
            (s.start, q.open),
            "neutral",
            (s.start, s.end),
        )
        for sp in speakers
    ]


def _naming_quote(ctx: Context, q: Quote, s: Span) -> tuple[list[Speaker], tuple[int, int]] | None:
    """`Ruiz called the plan "a betrayal of everyone who fishes here"`: a quote of five words or more that
    names its object is the subject's direct statement (a shorter one stays in reported speech)."""
    w = ctx.work
    if word_count(w[q.inner.start : q.inner.end]) < MIN_QUOTE_WORDS:
        return None
    lo = max(s.start, q.open - BEFORE_WINDOW)
    if q.idx > 0 and ctx.quotes[q.idx - 1].outer_end > lo:
        lo = ctx.quotes[q.idx - 1].outer_end
    m = next(reversed(list(_NAMING_RE.finditer(w, lo, q.open + 1))), None)
    if m is None or not only_punct_until(w, m.end(), q.open, ""):
        return None
    verb = (m.start("verb"), m.end("verb"))
    before = w[max(s.start, verb[0] - 20) : verb[0]].split()
    if before and before[-1].lower() in PASSIVE_AUXILIARIES:
        return None  # "Vell was called "...": the one named is not the one speaking
    if m.group("verb").lower().endswith("ing"):
        subj = clauses.Subject("inherit", verb[0], verb[0])
    else:
        subj = clauses.subject_before(w, s.start, verb[0])
    speakers = ctx.speakers_for(subj)
    return (speakers, verb) if speakers else None


def _chain_attribution(ctx: Context, q: Quote) -> list[Draft] | None:
    """A quote running over paragraphs, attributed after its last part (`"A.` / `"B," she said.`)."""
    if before_attribution(ctx, q, ctx.sentence) is not None:
        return None
    k = q.idx
    while k + 1 < len(ctx.quotes) and ctx.quotes[k].open_end and ctx.quotes[k + 1].continues:
        k += 1
    if k == q.idx:
        return None
    last = ctx.quotes[k]
    w = ctx.work
    par = ctx.doc.paragraphs[last.para]
    stop = w.find(".", last.outer_end, par.end)
    s2 = Span(last.open, par.end if stop < 0 else stop + 1)
    after = _after_attribution(ctx, last, s2)
    if after is None:
        return None
    speakers, cue, _, _ = after
    parts = [(ctx.quotes[i].inner.start, ctx.quotes[i].inner.end) for i in range(q.idx, k + 1)]
    ctx.consumed_quotes.update(range(q.idx, k + 1))
    if cue is not None:
        ctx.consumed_cues.add(cue.start)
    ctx.last_direct = speakers[-1]
    cue_text = cue.form if cue else "—"
    cue_span = (cue.start, cue.end) if cue else None
    return [
        Draft(
            sp,
            "direct",
            cue_text,
            cue_span,
            list(parts),
            (last.outer_end, s2.end),
            cue.entry.stance if cue else "neutral",
            (q.open, s2.end),
        )
        for sp in speakers
    ]


def _continue_occasion(ctx: Context, drafts: list[Draft]) -> None:
    """A quote whose clause gives no day of its own, by the speaker of the statement just before it (in
    this or the previous paragraph), was said on the same occasion: it takes that statement's clause, so
    it gets that statement's date (`... late on Sunday, Sorokova said A.` / `"B," she said.`)."""
    if len(drafts) != 1 or not ctx.drafts or not ctx.registry.date:
        return
    d, prev = drafts[0], ctx.drafts[-1]
    if prev.speaker != d.speaker or prev.clause == d.clause:
        return
    pars = ctx.doc.paragraphs
    here = bisect.bisect_right(pars, d.start, key=lambda p: p.start) - 1
    if here < 0 or not (pars[max(here - 1, 0)].start <= prev.start):
        return
    own = " ".join(ctx.work[d.clause[0] : d.clause[1]].split())
    if kb.resolve_relative(own, ctx.registry.date) not in (None, ctx.registry.date):
        return
    d.clause = prev.clause


def extend_continuation(ctx: Context, drafts: list[Draft], k: int) -> None:
    """A quote left open at a paragraph end continues into the next paragraph's reopened quote."""
    while (
        k < len(ctx.quotes)
        and ctx.quotes[k].open_end
        and k + 1 < len(ctx.quotes)
        and ctx.quotes[k + 1].continues
    ):
        k += 1
        nq = ctx.quotes[k]
        for d in drafts:
            d.parts.append((nq.inner.start, nq.inner.end))
        ctx.consumed_quotes.add(k)


# What names a title right before it: a preposition ("on", "of", "in"), a possessive ("Harbour TV's"), or a
# naming word ("titled", "a nickname,").
_TITLE_LEAD_RE = re.compile(
    r"(?:\b(?:on|of|in|at|from|for|with|by|titled|entitled|called|named|dubbed|nicknamed|nickname|show|"
    r"program|programme|film|movie|book|series|song|album|column|newspaper|magazine)|['’]s?)\s*,?\s*$",
    re.IGNORECASE,
)


def _embedded_title(ctx: Context, q: Quote, s: Span) -> bool:
    """A quoted title inside the sentence (`on "Harbour Morning,"`, `star of Valo TV's "Tides,"`, `titled
    "Unity?"`): capitalised words with no sentence of their own, named by the word right before them."""
    w = ctx.work
    inner = w[q.inner.start : q.inner.end].strip()
    bare = inner.rstrip(",.?")  # "Unity?" is a title too; "Stop!" is no title (looks_like_title)
    lead = w[max(s.start, q.open - 40) : q.open]
    return looks_like_title(bare) and bool(_TITLE_LEAD_RE.search(lead)) and bool(lead.strip())


def _narrated_fragment(ctx: Context, q: Quote, s: Span) -> bool:
    """A quote of under five words that narration leads into, in the middle of its sentence (`the mayor
    "looked ashen," Vell said`, `Orrin, who calls him a "wrecker," said ...`): a fragment of reported speech,
    not a direct statement of its own."""
    w = ctx.work
    if word_count(w[q.inner.start : q.inner.end]) >= MIN_QUOTE_WORDS:
        return False
    lead = w[s.start : q.open]
    if prev_nonspace(w, s.start, q.open) in ("", ":", ".", "!", "?", "…", "—", "–", "-"):
        return False
    # `Vell said "Never," adding ...`: a cue right before the quote introduces it.
    return len(lead.split()) >= 2 and before_attribution(ctx, q, s) is None
