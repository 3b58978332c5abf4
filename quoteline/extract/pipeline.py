"""The extraction pipeline: prepare the text, walk it in reading order, attribute, then date and label.

``extract_statements`` never raises on article text: any text gives a (possibly empty) list, and every
statement's offsets point into the text passed in. It raises ``parse.ParserMissingError`` when spaCy or its
model is not installed (a set-up problem, never papered over by a rules-only run).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from quoteline import ids, settings
from quoteline.extract import clauses, cues, kb, parse
from quoteline.extract.attribution import direct_drafts
from quoteline.extract.backref import backref_drafts
from quoteline.extract.context import Context
from quoteline.extract.cues import CueMatch
from quoteline.extract.dating import StatementDates
from quoteline.extract.documents import issued
from quoteline.extract.entities import Entity
from quoteline.extract.evidence import NO_DATE, Reference, SpeakerChains, base_evidence
from quoteline.extract.floating import floating_draft
from quoteline.extract.gazetteer import gazetteer_person
from quoteline.extract.mentions import strip_possessive, strip_titles
from quoteline.extract.model import Draft, Speaker, Statement
from quoteline.extract.parse import ArticleParse
from quoteline.extract.quotes import Quote, find_quotes
from quoteline.extract.reported import reported_drafts
from quoteline.extract.reported.headline import headline_drafts
from quoteline.extract.resolution import Registry
from quoteline.extract.text import Document, Span, link_bounds, link_text, prepare, sentences
from quoteline.extract.transcript import (
    Turn,
    find_turns,
    label_name,
    name_after_title,
    title_only,
    tooltip_name,
)
from quoteline.knowledge import topics as topic_kb
from quoteline.knowledge.normalize import fold

# A word of a personal name in a label: capitalised, not an initial-only abbreviation.
_NAME_WORD_RE = re.compile(r"[A-Z][a-zà-ÿ'’\-]+(?:-[A-Z][a-zà-ÿ'’]+)?")

_MAX_CLAUSE = 300  # characters of attribution clause / context looked at around a statement
_ISO_DAY_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PARSE_BEFORE_CUE = 160  # characters before a sentence's first cue that its parse window reaches back
_PRONOUN_SUBJECT_RE = re.compile(
    r"\b(?:I|we|you|he|she|they|it)(?:\s+(?:also|then|later|again|has|have|had|would|will|did|does|do|never|"
    r"not|still|just|once|previously|repeatedly))*\s+$",
    re.IGNORECASE,
)


def collapse(text: str) -> str:
    """Whitespace runs (including line breaks of wrapped copy) collapsed to single spaces."""
    return " ".join(text.split())


def resolve_published(doc: Document, published: str | None) -> tuple[str | None, str]:
    """The article's publication day and where it came from: the caller, the header, or a dateline."""
    for value in (published, doc.header.get("published")):
        if value:
            value = value.strip()
            day = value if _ISO_DAY_RE.match(value) else kb.parse_published(value)
            if day:
                return day, "published"
    body = doc.raw[doc.body_start : doc.body_start + 2000]
    day = kb.find_dateline(body)
    if day:
        return day, "dateline"
    return None, "unknown"


def _plan(ctx: Context, turns: list[Turn]) -> dict[int, list[tuple[Span, list[Quote]]]]:
    """The sentences of each paragraph outside transcript turns, with the quotes opening in each."""
    doc = ctx.doc
    in_turn = {p for t in turns for p in t.paragraphs}
    # A flattened transcript's first label may follow prose in its paragraph ("Taking part were ... * * *
    # President of Russia Vladimir Putin: ..."): that prose is read as usual, up to the label.
    first_label: dict[int, int] = {}
    for t in turns:
        first_label.setdefault(t.paragraphs[0], t.label_start)
    plan: dict[int, list[tuple[Span, list[Quote]]]] = {}
    qi = 0
    quotes = ctx.quotes
    for pi, par in enumerate(doc.paragraphs):
        span = par
        if pi in first_label:
            end = first_label[pi]
            while end > par.start and doc.work[end - 1] in "* \n":  # the "* * *" rule is no prose
                end -= 1
            span = Span(par.start, end)
        elif pi in in_turn:
            while qi < len(quotes) and quotes[qi].open < par.end:
                qi += 1
            continue
        pq = []
        while qi < len(quotes) and quotes[qi].open < par.end:
            if span.start <= quotes[qi].open < span.end:
                pq.append(quotes[qi])
            qi += 1
        masked = [(q.open, q.outer_end) for q in pq]
        sqi = 0
        rows = plan.setdefault(pi, [])
        if span.end <= span.start:
            continue
        for s in sentences(ctx.work, span, masked):
            while sqi < len(pq) and pq[sqi].open < s.start:
                sqi += 1
            sq = []
            while sqi < len(pq) and pq[sqi].open < s.end:
                sq.append(pq[sqi])
                sqi += 1
            rows.append((s, sq))
    return plan


def _cue_windows(ctx: Context, plan: dict[int, list[tuple[Span, list[Quote]]]]) -> parse.Windows:
    """The windows to parse: only the sentences holding a cue outside quotes (every attribution has one),
    each from a little before its first cue to a little after its last."""
    w = ctx.work
    windows = []
    for rows in plan.values():
        for s, _sq in rows:
            found = [
                c
                for c in ctx.lex.find(w, s.start, s.end)
                if ctx.quote_at(c.start) < 0 and not _rules_suffice(w, s.start, c)
            ]
            if " to " in w[s.start : s.end]:
                # "Vell stood up to say ...": an infinitive cue's controller is found by the parse alone.
                infinitives = ctx.lex.infinitive_cues(w, s.start, s.end)
                found += [c for c in infinitives if ctx.quote_at(c.start) < 0]
                found.sort(key=lambda c: c.start)
            if not found:
                continue
            lo = max(s.start, found[0].start - _PARSE_BEFORE_CUE)
            if lo > s.start:
                lo = w.find(" ", lo, found[0].start) + 1 or found[0].start
            # A closing mark before the cue: "”’» and the doubled apostrophes of newspaper archives ('').
            after_quote = w[max(lo, found[-1].start - 3) : found[-1].start].strip(" ,")[-1:] in "\"”’»'"
            hi = parse.cut_after_cue(w, lo, s.end, found[-1].end, after_quote and found[-1].start > lo)
            inner = [
                (q.open, q.inner.start, q.inner.end, q.outer_end)
                for q in ctx.quotes[max(0, ctx.quote_index_from(lo) - 1) :]
                if q.open < hi and q.outer_end > lo
            ]
            windows.append((lo, hi, inner))
    return windows


def _rules_suffice(w: str, lo: int, cue: CueMatch) -> bool:
    """Cues whose subject the rules always get right, so their sentence needs no parse: a participle or
    "according to" (no subject of its own) and a pronoun just before the verb ("...," she said)."""
    if cue.is_participle or cue.entry.cue == "according to":
        return True
    if _PRONOUN_SUBJECT_RE.search(w, max(lo, cue.start - 40), cue.start):
        return True
    # A one-word subject ("Mendez said") or a plain description ("the minister said") opening the sentence
    # or following a quote has no name boundary to find and no clause to skip.
    subj = clauses.subject_before(w, lo, cue.start)
    if subj.kind != "phrase" or w[lo : subj.start].strip(" ,\"“”'’«»") or w[subj.end : cue.start].strip():
        return False
    words = w[subj.start : subj.end].split()
    return len(words) == 1 or (len(words) <= 6 and words[0].lower() in ("the", "a") and words[-1].islower())


def _walk(ctx: Context, turns: list[Turn], plan: dict[int, list[tuple[Span, list[Quote]]]]) -> None:
    doc = ctx.doc
    label_drafts: dict[str, list[Draft]] = {}
    turn_at: dict[int, list[Turn]] = {}
    for t in turns:  # a flattened transcript holds several turns in one paragraph
        turn_at.setdefault(t.paragraphs[0], []).append(t)
    ctx.mention_starts = [m.start for m in ctx.registry.mentions]
    for pi, _par in enumerate(doc.paragraphs):
        # A paragraph's prose comes before any transcript turn that starts in it.
        for s, sq in plan.get(pi, []):
            ctx.sentence = s
            ctx.sentence_spans.append(s)
            ctx.sentence_speakers = []
            drafts = direct_drafts(ctx, s, sq)
            drafts += reported_drafts(ctx, s)
            drafts += backref_drafts(ctx, s)
            for q in sq:
                d = floating_draft(ctx, q, s)
                if d is not None:
                    drafts.append(d)
            drafts.sort(key=lambda d: d.start)
            ctx.drafts.extend(drafts)
            if drafts:
                ctx.last_speaker = drafts[-1].speaker
            else:
                # A sentence that says nothing still moves the focus to its subject, named or described by
                # role, whom a "he" or "she" after it most likely stands for.
                ent = ctx.sentence_subject() or ctx.described_subject()
                if ent is not None:
                    ctx.focus = ent
        for turn in turn_at.get(pi, []):
            _turn(ctx, turn, label_drafts)


def _turn(ctx: Context, turn: Turn, label_drafts: dict[str, list[Draft]]) -> None:
    if not turn.is_speaker or not turn.parts:
        return
    earlier = label_drafts.get(turn.label)
    # A label names one speaker all through a transcript, the one it names where it first appears: a later
    # turn's "THE PRESIDENT" would drift to whichever president the talk has named since.
    sp = earlier[0].speaker if earlier else _label_speaker(ctx, turn)
    label_drafts.setdefault(turn.label, []).append(
        Draft(
            sp,
            "direct",
            turn.label + ":",
            (turn.label_start, turn.label_end),
            list(turn.parts),
            (turn.label_start, turn.label_start),
            "neutral",
            (turn.parts[0][0], turn.parts[-1][1]),
        )
    )
    ctx.drafts.append(label_drafts[turn.label][-1])
    ctx.references.append(Reference(turn.label_start, turn.label_end, sp.name))  # the label names the speaker
    ctx.last_direct = sp
    ctx.last_speaker = sp


def _label_speaker(ctx: Context, turn: Turn) -> Speaker:
    """Who a transcript label names: a person or body of the article, else the label's last word.

    A label that prints an office before a name ("President of the Tarsenian Republic Elias Marant") is that
    name's: when the whole label resolves to someone whose name the label does not end with, its last two
    words are tried as the name.
    """
    headline = _headline_bearer(ctx, turn)
    if headline is not None:
        return headline
    if turn.label.strip().rstrip(".").upper() in _ANSWER_LABELS:
        # "Q: ... A: ...": the answers are the interviewee's, the person the introduction is about.
        interviewee = _interviewee(ctx)
        if interviewee is not None:
            return interviewee
    got = ctx.registry.resolve_entity(turn.speaker_phrase, turn.label_start, ctx.focus)
    tail = turn.speaker_phrase.split()[-2:]
    if (
        len(turn.speaker_phrase.split()) > 2
        and all(_NAME_WORD_RE.fullmatch(w) for w in tail)
        and (got is None or not _ends_with_name(got.name, tail[-1]))
    ):
        named = ctx.registry.resolve_entity(" ".join(tail), turn.label_start, None)
        person = (isinstance(named, Entity) and named.kind == "person") or (
            isinstance(named, Speaker) and named.type == "person"
        )
        if person and named is not None and _ends_with_name(named.name, tail[-1]):
            got = named
    title = title_only(turn.speaker_phrase)
    if isinstance(got, Entity) and (title is None or title_only(got.name) is None):
        # An entity that is only the title's words ("Second Gentleman") is no one's name.
        return _label_person(ctx, turn, got.speaker())
    if isinstance(got, Speaker) and (got.type != "unnamed" or title is None):
        return _label_person(ctx, turn, got)
    if title is not None:
        # "THE FIRST LADY:" is whoever the article prints after that title, else the title itself.
        body = ctx.work[ctx.doc.title.end :]
        name = name_after_title(body, title) or name_after_title(ctx.work, title)
        if name is not None:
            found = ctx.registry.resolve_entity(name, turn.label_start, None)
            if isinstance(found, Entity) and found.kind == "person":
                return found.speaker()
            return Speaker(name, "person")
        return Speaker(" ".join(title), "person")
    words = [w for w in turn.speaker_phrase.split() if w.lower() not in ("the", "mr.", "mrs.", "ms.", "dr.")]
    return Speaker(" ".join(words[-1:]) or turn.speaker_phrase, "person")


_ANSWER_LABELS = frozenset({"A", "ANSWER"})


def _interviewee(ctx: Context) -> Speaker | None:
    """Who answers in a Q-and-A printed with "A:" labels: the person in focus when the answers start (the
    introduction's subject), else the article's most salient person."""
    if ctx.focus is not None and ctx.focus.kind == "person":
        return ctx.focus.speaker()
    people = [e for e in reversed(ctx.registry.salient) if e.kind == "person"]
    return people[0].speaker() if people else None


def _headline_bearer(ctx: Context, turn: Turn) -> Speaker | None:
    """The person the headline gives the label's title: "Remarks by Vice President Harris" names who "THE VICE
    PRESIDENT:" and "VICE PRESIDENT HARRIS:" are, whoever the venue lines or the speech name before the first
    turn ("Greenville, North Carolina", "my mother, Shyamala Harris"). None when the headline has no such
    title before a name (that ends with the label's surname, if it prints one)."""
    words = [w for w in turn.speaker_phrase.split() if w.lower() != "the"]
    names = strip_titles(words)
    role = words[: len(words) - len(names)] if names and words[-len(names) :] == names else words
    if not role:
        return None
    title = ctx.work[ctx.doc.title.start : ctx.doc.title.end]
    pattern = r"\b" + r"\s+".join(re.escape(w) for w in role) + r"((?:\s+[A-Z][\w'’\-]*\.?){1,3})"
    office = " ".join(role).lower()
    for m in re.finditer(pattern, title, re.IGNORECASE):
        # A headline capitalises every word ("President Vell Before Departure"): the first word after the
        # title that is the surname of the one listed person holding that office on the article's date.
        for word in m.group(1).split():
            if names and fold(word) != fold(names[-1]):
                continue
            person = kb.titled_bearer(office, strip_possessive(word), ctx.registry.date)
            if person is not None:
                return Speaker(person.canonical, "person", getattr(person, "country", None))
    return None


def _ends_with_name(name: str, surname: str) -> bool:
    """Whether ``surname`` is in ``name`` as whole words, accents and case aside ("Alberto Fernández")."""
    return f" {fold(surname)} " in f" {fold(name)} "


def _label_person(ctx: Context, turn: Turn, sp: Speaker) -> Speaker:
    """The resolved speaker, without the end of a posting that the name run took in ("Head of the Republic
    of Udmurtia Ivo Rast" resolved as "Udmurtia Ivo Rast" is Ivo Rast; so is a later "Ivo Rast:" label)."""
    if sp.type != "person" or sp.name == tooltip_name(ctx.work[turn.label_start : turn.label_end]):
        return sp  # a scraped tooltip prints the whole name: nothing of it is a posting
    for label in (turn.speaker_phrase, sp.name):
        name = label_name(label, lambda n: gazetteer_person(n, ctx.registry.date) is not None)
        if name and sp.name.endswith(" " + name):
            return Speaker(name, sp.type, sp.country)
    # A label that is a plain name ("Ivo Rast:") is the person's whole name.
    plain = turn.speaker_phrase.split()
    if (
        2 <= len(plain) <= 3
        and all(w[:1].isupper() for w in plain)
        and sp.name.endswith(" " + " ".join(plain))
    ):
        return Speaker(" ".join(plain), sp.type, sp.country)
    return sp


def _dedupe(drafts: list[Draft]) -> list[Draft]:
    seen: set[tuple[str, str, int, int]] = set()
    out = []
    for d in drafts:
        key = (d.kind, d.speaker.name, d.start, d.end)
        if key in seen or d.end <= d.start:
            continue
        seen.add(key)
        out.append(d)
    return out


_MAX_TOPICS = 3  # labels per statement once context topics are added to a weak classification


def _assess(text: str) -> tuple[list[str], bool]:
    """The statement's own topics and whether they are weak (a broken taxonomy raises, naming its file)."""
    found, weak = topic_kb.assess(text)
    return [str(t) for t in found], weak


class _Topics:
    """Topics of a statement: its own words, then its sentence, its paragraph, the topics of the statement
    before it (a speaker usually stays on one subject) and finally the article's headline topics. When the
    statement's own words are weak, the paragraph's top topic and the article's dominant topic are added."""

    def __init__(self, ctx: Context, texts: list[str]) -> None:
        self.ctx = ctx
        self.texts = texts
        self.starts = [p.start for p in ctx.doc.paragraphs]
        self.previous: list[str] = []
        self._article: list[str] | None = None
        self._dominant: str | None = None
        self._paragraph: dict[int, list[str]] = {}

    def article(self) -> list[str]:
        """Topics of the headline (with the first paragraph as context)."""
        if self._article is None:
            doc = self.ctx.doc
            first = doc.paragraphs[0] if doc.paragraphs else doc.title
            title = collapse(doc.raw[doc.title.start : doc.title.end])
            self._article = kb.topics(
                title, context=collapse(doc.raw[first.start : first.end][: _MAX_CLAUSE * 3])
            )
        return self._article

    def dominant(self) -> str | None:
        """The article's dominant topic: title, lead paragraph and every statement's text together."""
        if self._dominant is None:
            doc = self.ctx.doc
            lead = doc.raw[doc.paragraphs[0].start : doc.paragraphs[0].end] if doc.paragraphs else ""
            whole = " ".join([doc.raw[doc.title.start : doc.title.end], lead, *self.texts])
            found = kb.topics(collapse(whole))
            self._dominant = found[0] if found else ""
        return self._dominant or None

    def paragraph(self, k: int) -> list[str]:
        """Topics of paragraph ``k`` on its own (first 3000 characters)."""
        if k not in self._paragraph:
            par = self.ctx.doc.paragraphs[k]
            self._paragraph[k] = kb.topics(
                collapse(self.ctx.doc.raw[par.start : min(par.end, par.start + 3000)])
            )
        return self._paragraph[k]

    def pick(self, text: str, context: str, d: Draft) -> list[str]:
        """The first non-empty answer down the chain, widened by context when the text's own is weak."""
        own, weak = _assess(text)
        found = own or kb.topics(text, context=context)
        k = bisect.bisect_right(self.starts, d.start) - 1
        if not found and k >= 0:
            found = self.paragraph(k)
        if not found:
            found = list(self.previous) or self.article()
        self.previous = found
        if not weak:
            return list(found)
        extra = [*(self.paragraph(k)[:1] if k >= 0 else []), *([self.dominant()] if self.dominant() else [])]
        out: list[str] = []
        for t in [*found[:1], *extra, *found[1:]]:
            if t and t not in out:
                out.append(t)
        return out[:_MAX_TOPICS]


def _finish(
    ctx: Context, drafts: list[Draft], published: str | None, date_source: str, article: str
) -> list[Statement]:
    raw = ctx.doc.raw
    out: list[Statement] = []
    topics = _Topics(ctx, [" ".join(collapse(raw[a:b]) for a, b in d.parts) for d in drafts])
    dater = StatementDates(ctx, drafts, published, date_source)
    dater.base_evidence = base_evidence(ctx.doc, date_source) if published else NO_DATE
    chains = SpeakerChains(ctx)
    for d in drafts:
        # A Markdown link's address is no one's words: the text keeps its label (``text.link_text``).
        text = link_text(" ".join(collapse(raw[a:b]) for a, b in d.parts).strip())
        if not text:
            continue
        start, end = link_bounds(raw, d.start, d.end)
        date, source = dater.date(d)
        evidence = dater.last_evidence if date else NO_DATE
        context = collapse(
            raw[max(d.context[0], d.start - _MAX_CLAUSE) : min(d.context[1], d.end + _MAX_CLAUSE)]
        )
        exclude = (d.speaker.country,) if d.speaker.country else ()
        stance = d.stance_hint
        sid = ids.statement_id(article, d.kind, d.speaker.name, d.start, d.end)
        out.append(
            Statement(
                statement_id=sid,
                article_id=article,
                speaker=d.speaker.name,
                speaker_type=d.speaker.type,
                kind=d.kind,
                cue=collapse(raw[d.cue_span[0] : d.cue_span[1]]) if d.cue_span else d.cue,
                cue_start=d.cue_span[0] if d.cue_span else None,
                cue_end=d.cue_span[1] if d.cue_span else None,
                text=text,
                start=start,
                end=end,
                date=date,
                date_source=source if date else "unknown",
                referenced_dates=kb.referenced_dates(text, published),
                topics=topics.pick(text, context, d),
                counterparts=kb.counterparts(text, exclude=exclude),
                stance=stance,
                date_basis=evidence.basis,
                date_phrase=evidence.phrase,
                date_phrase_start=evidence.start,
                date_phrase_end=evidence.end,
                speaker_chain=chains.chain(d),
            )
        )
    return out


def extract_statements(
    text: str, published: str | None = None, article_id: str | None = None
) -> list[Statement]:
    """Statements in an article (title line, blank line, body; optional header lines first)."""
    with settings.held():  # one configuration per article, read once (knowledge look-ups ask it often)
        pending = begin_article(text, published, article_id)
        return complete_article(pending, parse.parse_windows(pending.ctx.work, pending.windows))


@dataclass
class PendingArticle:
    """An article read up to its parse: what ``complete_article`` needs once its windows are parsed."""

    ctx: Context
    turns: list[Turn]
    plan: dict[int, list[tuple[Span, list[Quote]]]]
    windows: parse.Windows
    day: str | None
    source: str
    article: str


def begin_article(text: str, published: str | None, article_id: str | None) -> PendingArticle:
    """An article read, planned and cut into the windows its parse needs (not parsed yet)."""
    if not isinstance(text, str):
        raise TypeError("extract_statements expects the article text as str")
    doc = prepare(text)
    day, source = resolve_published(doc, published)
    title = collapse(text[doc.title.start : doc.title.end])
    article = article_id or ids.article_id(title, text[doc.body_start :])
    ctx = Context(doc, cues.load(), Registry(day), find_quotes(doc.work, doc.paragraphs))
    turns = find_turns(doc)
    plan = _plan(ctx, turns)
    return PendingArticle(ctx, turns, plan, _cue_windows(ctx, plan), day, source, article)


def complete_article(p: PendingArticle, parsed: ArticleParse) -> list[Statement]:
    """The statements of an article begun by ``begin_article``, given the parse of its windows."""
    ctx, doc = p.ctx, p.ctx.doc
    ctx.parsed = parsed
    ctx.registry.build(
        doc.work, doc.title.start, len(doc.work), ctx.parsed.person_spans(), ctx.parsed.words()
    )
    _walk(ctx, p.turns, p.plan)
    ctx.drafts.extend(headline_drafts(ctx))
    drafts = issued(ctx, _dedupe(sorted(ctx.drafts, key=lambda d: (d.start, d.kind))))
    return _finish(ctx, drafts, p.day, p.source, p.article)
