"""Reported statements of one sentence: each reporting cue outside quotes, its subject and its content,
put together from the forward, content-first, medial and "according to" readings (see the sibling
modules)."""

from __future__ import annotations

import logging
import re

from quoteline.extract import clauses
from quoteline.extract.context import Context
from quoteline.extract.cues import (
    NAME_BEFORE_ING_RE,
    CueMatch,
    opening_preposition,
    participle_lead,
    stance_for,
)
from quoteline.extract.evidence import Reference
from quoteline.extract.lead_ins import object_before_colon
from quoteline.extract.model import Draft, Speaker
from quoteline.extract.quote_words import MIN_QUOTE_WORDS, word_count
from quoteline.extract.quotes import Quote
from quoteline.extract.reported.according_to import (
    according_to_attribution,
    document_source,
    has_own_attribution,
    medial_tail,
    source_body,
)
from quoteline.extract.reported.content_checks import (
    NO_CONTENT_RE,
    adjunct_only,
    bare_clause,
    gerund_act,
    has_complement,
    named_target,
    no_object,
    only_adjunct,
    opens_mid_phrase,
    opens_with_time,
    request_infinitive,
    to_saying,
)
from quoteline.extract.reported.content_end import (
    OBJECT_TIME_TAIL_RE,
    content_end,
    label_end,
    own_predicate_cut,
    participle_opener_end,
    subordinate_content_end,
)
from quoteline.extract.reported.content_first import (
    CLAUSE_LINKS,
    counted_group,
    inverted_attribution,
    medial_lead,
    reverse_content,
)
from quoteline.extract.reported.content_start import content_start
from quoteline.extract.reported.guest_object import guest_object
from quoteline.extract.reported.mixed import with_mixed_quotes
from quoteline.extract.reported.noun_cues import noun_drafts
from quoteline.extract.reported.passive import asked_by_drafts, passive_drafts, reported_by_drafts
from quoteline.extract.reported.plural_they import group_before_they
from quoteline.extract.reported.relative_gap import object_gap
from quoteline.extract.reported.relative_saying import subject_gap
from quoteline.extract.reported.subjects import (
    absolute_subject,
    aside_subject,
    body_subject,
    document_subject,
    group_before_who,
    special_subject,
    subject_before_label,
    subordinate_cut,
)
from quoteline.extract.reported.text_scan import FINITE_RE, TRAIL_RE, quote_words, skip_space
from quoteline.extract.text import Span, contracted_pronoun_pattern

logger = logging.getLogger(__name__)

# Cues that report words only as a continuation of them: a that-clause or a verb of saying after "to" ("went
# on to say", "continued to insist that"); an object or a bare clause after them tells an act going on.
_CONTINUATION_CUES = frozenset({"continue", "go on"})


def _main_clause(w: str, a: int, b: int, later: list[CueMatch]) -> tuple[int, clauses.Subject] | None:
    """For a sentence-opening participle ("Noting A, the mayor said B"): where its content ends (the comma
    before the main clause) and the main clause's subject, when a cue with a subject of its own follows."""
    for c in later:
        if c.start >= b or c.is_participle or c.start <= a:
            continue
        comma = w.rfind(",", a, c.start)
        if comma < 0:
            return None
        subj = clauses.subject_before(w, comma + 1, c.start)
        if subj.kind != "phrase" or w[comma + 1 : subj.start].strip():
            return None
        return comma, subj
    return None


def reported_drafts(ctx: Context, s: Span) -> list[Draft]:
    """Reported statements in sentence ``s``."""
    w = ctx.work
    cues = [c for c in ctx.lex.find(w, s.start, s.end) if ctx.quote_at(c.start) < 0]
    cues = _with_infinitive_cues(ctx, s, cues)
    out: list[Draft] = []
    covered_until = -1
    sentence_special: list[Speaker] = []
    for n, cue in enumerate(cues):
        later = cues[n + 1 :]
        group: tuple[int, int] | None = None
        if cue.entry.cue == "according to":
            got = according_to_attribution(ctx, cue, s)
            if got is None:
                continue
            subj, a, b = got
            if has_own_attribution(w, cues[:n], a, b):
                continue  # "X told her that A, according to the ministry": A is X's, not the ministry's
        elif (inverted := inverted_attribution(ctx, cue, s)) is not False:
            if inverted is True:
                continue
            subj, a, b = inverted
            if counted_group(w[subj.start : subj.end]):
                group = (subj.start, subj.end)  # "..., said several observers": they speak unnamed
        else:
            if cue.start in ctx.consumed_cues:
                continue
            if re.match(r"\s+by\b", w[cue.end : cue.end + 4]):
                continue  # passive participle: "the question raised by Macron"
            if _passive_voice(w, s.start, cue):
                continue  # "was charged in May", "voters were asked": the subject heard it, it did not say it
            if cue.is_participle:
                # "..., with Ada Vell saying ...": a name right before the participle is its own subject.
                own = absolute_subject(ctx, s.start, cue.start)
                if (
                    own is None
                    and NAME_BEFORE_ING_RE.search(w, max(s.start, cue.start - 80), cue.start)
                    and not participle_lead(w, cue.start, s.start)
                ):
                    continue  # "with Valo TV calling the race": a name that is no person's, no statement
                subj = own or clauses.Subject("inherit", cue.start, cue.start)
            else:
                subj = subject_before_label(w, s.start, cue.start)
            if subj.kind == "none" and not cue.is_participle:
                subj = ctx.parsed_subject(clauses.subject_before(w, s.start, cue.start), cue.start, cue.end)
            if subj.kind == "none" and not cue.is_participle and _infinitive(w, cue):
                # "Vell stood up at the meeting to say ...": the infinitive's controller speaks.
                subj = ctx.controller_subject(cue.start, cue.end)
            if subj.kind == "none":
                subj = document_subject(w, s.start, cue.start)
            if subj.kind == "none" and not cue.is_participle:
                subj = body_subject(w, s.start, cue.start)
            if subj.kind == "none" and not cue.is_participle and cue.entry.stance in _GROUP_STANCES:
                # "business leaders who say ...": the plural group before a relative "who" speaks.
                group = group_before_who(w, s.start, cue.start)
                if group is not None:
                    subj = clauses.Subject("phrase", group[0], group[1])
            if subj.kind == "none" and not cue.is_participle:
                # "Ada Vell - her aide and co-host - told ...": the name before an aside closed at the cue.
                subj = aside_subject(w, s.start, cue.start)
            if subj.kind == "none":
                continue
            if cue.start < covered_until:
                cut = subordinate_cut(w, subj, s.start)
                if cut is None:
                    continue  # a cue inside an earlier cue's content ("said he expects ...") is part of it
                # "said A, three days after she admitted B": the subordinate clause is a statement of its own.
                out = [_trimmed(w, d, cut) for d in out]
            k = ctx.quote_at(skip_space(w, cue.end, s.end))
            if k >= 0 and (cue.entry.takes != "object" or quote_words(ctx, k) >= MIN_QUOTE_WORDS):
                continue  # `X said "..."`: the direct pass owns it
            a = content_start(ctx, cue, s.end)
            if (
                cue.entry.that_only
                and not re.search(r"\bthat\s*$", w[max(s.start, a - 8) : a])
                and not bare_clause(w, a, s.end)
                and not only_adjunct(w, a, s.end)
                and not w.startswith(",", a)
            ):
                # "briefed the mayor on Monday", "recalled the floods": no words reported. A cue with nothing
                # after it but a time ("the quay was safe then, Vell recalled on Monday") has its content
                # before it, and one before a comma ("As Vell observed, the quay was empty") the clause after
                # the comma: the readings below find them. The subject stays the one in focus, as a speaker's.
                ctx.speakers_for(subj)
                continue
            if any(c.start == a and c.is_participle for c in later):
                continue  # "issued a statement calling for ...": the participle cue carries the content
            b = own_predicate_cut(ctx, cue, a, content_end(ctx, a, s, later))
            b = _before_absolute_clause(w, a, b, later)
            if subj.kind == "phrase":
                b = subordinate_content_end(ctx, s.start, (subj.start, subj.end), a, b)
            if cue.entry.complement:
                b = label_end(ctx, a, b)
            if gerund_act(w, s.start, cue, a, b):
                continue  # "by raising the levy": a means of the main clause's act, nothing said
            opener = opening_preposition(w, s.start, cue.start)
            if cue.is_participle and (opener or not w[s.start : cue.start].strip()):
                if cue.entry.takes == "object" and FINITE_RE.search(w[a:b].split(",")[0]):
                    # "Defending that record is her strength": an object cue has no clause of its own, so a
                    # verb after its object is the main clause's; the -ing form is a gerund subject.
                    continue
                # Searched to the sentence's end: content_end may already have stopped at that main clause.
                main = _main_clause(w, a, s.end, later)
                if main is not None:
                    # "Noting A, the mayor stressed B": A ends at the main clause, whose subject speaks.
                    b, subj = main
                    if re.match(r"\s*(?:on|about|upon|regarding)\b", w[cue.end : b]):
                        continue  # "Commenting on the floods, the mayor said ...": a topic, not a statement
                elif opener:
                    continue  # "In writing the report, the board took notes": no speaker of the main clause
            if cue.is_participle:
                b = participle_opener_end(ctx, s.start, cue.start, a, b)
            if subj.kind == "phrase" and _RELATIVE_LEAD_RE.match(w, subj.end, cue.start):
                # "Edda Varn, who has backed the levy, was re-elected": the relative clause ends at the comma
                # after which the main clause's verb resumes.
                m_rel = _MAIN_CLAUSE_RESUMES_RE.search(w, a, b)
                if m_rel is not None and ctx.quote_at(m_rel.start()) < 0:
                    b = m_rel.start()
            quote_after = _colon_quote(ctx, cue, b, s)
            if quote_after is not None:
                colon_obj = object_before_colon(ctx, cue, quote_after)
                if colon_obj is None:
                    continue
                a, b = colon_obj
        when_said = b
        if cue.entry.takes != "clause" and not re.search(r"\bthat\s*$", w[max(0, a - 6) : a]):
            # "called for such a fund in May": a closing time adjunct dates the cue, not the content.
            tm = OBJECT_TIME_TAIL_RE.search(w, a, b)
            head_text = w[a : tm.start()] if tm is not None else ""
            head = head_text.split()
            # Not after a participle: in "welcomed the deal signed in May" the month dates the signing. A cue
            # that also takes a clause is cut only right after a short object (no verb or comma of its own
            # before the time) when the cue's own adjuncts follow the time.
            object_only = cue.entry.takes == "object"
            if (
                tm is not None
                and ((tm.end() == b and object_only) or _ADJUNCTS_AFTER_TIME_RE.match(w, tm.end(), b))
                and len(head) >= 2
                and not head[-1].endswith(("ed", "en"))
                and (object_only or not (FINITE_RE.search(head_text.lower()) or "," in head_text))
            ):
                b = tm.start()
        if a < b and w[a] == "," and re.search(r"\bthat\s*$", w[max(0, a - 8) : a]):
            a = skip_space(w, a + 1, b)  # "was clear that, if Russia invades, ...": the that-clause opens
        # "her brothers, who she said were living abroad": the relative word is the content's subject.
        gap_subject = (
            cue.entry.cue != "according to"
            and subj.kind == "phrase"
            and subject_gap(w, s.start, subj.start, cue, a, b)
        )
        if (
            cue.entry.cue != "according to"
            and subj.kind == "phrase"
            and a < b
            and not gap_subject
            and _RELATIVE_GAP_RE.search(w, max(s.start, subj.start - 12), subj.start)
            and _NO_OBJECT_OPENING_RE.match(w, a, b)
            and not re.search(r"\bthat[\s,]*$", w[max(0, a - 8) : a], re.IGNORECASE)
        ):
            # "the pact, which most members opposed, in May ...", "which he disputed and which ...", "which
            # her team calls a bulwark": the cue's object is the relative word before its subject.
            # A that-clause is a content whatever opens it ("a speech in which he vowed that, if elected, …").
            continue
        if (
            cue.entry.cue != "according to"
            and subj.kind == "phrase"
            and a < b
            and not cue.is_participle
            and object_gap(w, s.start, (subj.start, subj.end), a, b, ctx.lex.by_form)
        ):
            # "the rifts he vowed to mend have grown": the cue's object is the noun before its subject,
            # and nothing is said; the subject is still the one in focus, as a speaker would be.
            ctx.speakers_for(subj)
            continue
        parts = [(a, b)]
        if cue.entry.cue == "according to" and b < cue.start:
            tail = medial_tail(ctx, cue, s, a, b)
            if tail is not None:
                parts = [(a, b), tail]  # "The cost, according to X, will be higher": the clause around X
        if cue.entry.cue != "according to" and subj.kind == "phrase" and a < b and w[a] == ",":
            if _OBJECT_RELATIVE_RE.search(w, max(s.start, subj.start - 12), subj.start):
                continue  # "the charges, which Varn denies, were dropped": its object is the "which"
            # "He may lose, they admit, but he is still handy": the content wraps the attribution.
            rev = medial_lead(ctx, s, subj.start)
            if rev is None and _AS_OPENER_RE.fullmatch(w, s.start, subj.start):
                # "As the Courier reported, even on Friday, the board was stalling": the "as" clause
                # attributes the whole main clause after it, whatever adjuncts or verbs it holds.
                b = s.start + len(TRAIL_RE.sub("", w[s.start : s.end]))
            after = (skip_space(w, a + 1, b), b)
            a = after[0]
            parts = [after]
            if rev is None and re.match(r"[a-z]+ing\b", w[a:b]):
                continue  # "remarked, alluding to the quay": a participle adjunct, not a content
            # "fighters which, the statement said, nations refused to take back": after a relative word only
            # the clause the attribution interrupts is reported.
            if rev is not None and w[rev[0] : rev[1]].split()[-1].lower() not in CLAUSE_LINKS:
                parts = [rev, after]
                a = rev[0]
        elif (
            cue.entry.cue != "according to"
            and subj.kind == "phrase"
            and (only_adjunct(w, a, b) or (adjunct_only(cue, w[a:b]) and not _after_that(w, a)))
        ):
            # "CONTENT, President X said on Tuesday."
            rev = reverse_content(ctx, s, subj.start)
            if rev is None:
                continue
            a, b = rev
            parts = [rev]
            out = [d for d in out if not (d.cue_span and a <= d.cue_span[0] < b)]
        if (
            b <= a
            or (word_count(w[a:b]) < 2 and not named_target(cue, w[a:b]))
            or NO_CONTENT_RE.match(w, a, b)
            or not (cue.entry.reports(w[cue.end : b]) or to_saying(ctx, cue.end, b))
        ):
            continue
        if w[a] in ".!?":
            continue  # `he said. ''...''`: the cue closes its sentence, what follows is another one
        if cue.entry.complement and not has_complement(ctx, a, b):
            continue  # "called a meeting", "called him on Tuesday": no name given to anything
        if cue.entry.guest_object and len(parts) == 1 and guest_object(ctx, a, b):
            continue  # "welcomed the Prime Minister to the capital": a visit hosted, nothing said
        if (
            cue.entry.infinitive_only
            and len(parts) == 1
            and a == skip_space(w, cue.end, b)
            and not request_infinitive(w, a, b, cue.entry.destination)
        ):
            continue  # "invited two guests", "encouraging the shift": an act, no request put in words
        if len(parts) == 1 and adjunct_only(cue, w[a:b]) and not _after_that(w, a):
            continue  # "said in an interview", "told advisers afterward": where or to whom, not what
        if len(parts) == 1 and a == skip_space(w, cue.end, b) and opens_with_time(w, a, b):
            continue  # "conceded when the polls closed", "declared two days after the vote": when, not what
        if cue.entry.cue in _CONTINUATION_CUES and not (_after_that(w, a) or to_saying(ctx, cue.end, b)):
            continue  # "the war continues, we ...", "continued discussions on ...": an act goes on, no words
        if len(parts) == 1 and a == skip_space(w, cue.end, b) and opens_mid_phrase(w[a:b]):
            continue  # "the Baltic states and Poland", "continues, and …": the cue word is no verb of saying
        if len(parts) == 1 and a == skip_space(w, cue.end, b) and not gap_subject and no_object(cue, w[a:b]):
            continue  # "everything she says is true", "was raised in the port": nothing said after the cue
        special = special_subject(ctx, subj)
        if subj.kind == "inherit" and sentence_special:
            special = sentence_special  # "We condemn A, and commit to B": the same signatories
        speakers = special or ctx.speakers_for(subj)
        if not speakers and cue.entry.cue == "according to":
            # "according to Federal Election Commission filings": the name inside the source phrase.
            short = clauses.phrase_after(w, cue.end, s.end)
            if short is not None and short != (subj.start, subj.end):
                speakers = ctx.speakers_for(clauses.Subject("phrase", short[0], short[1]))
            if not speakers:
                speakers = source_body(w[subj.start : subj.end])
            if not speakers:
                speakers = document_source(w[subj.start : subj.end])  # "according to exit polling data"
        if special:
            sentence_special = special
            if subj.kind == "phrase":  # "We ...", "the leaders" of a joint statement: the evidence of each
                ctx.references.extend(Reference(subj.start, subj.end, sp.name) for sp in special)
        if not speakers and subj.kind == "phrase" and w[subj.start : subj.end].lower() == "they":
            # "Harbour critics say A. They say B": "they" is the group that spoke last, when no one else has.
            last = out[-1].speaker if out else ctx.last_speaker
            if last is not None and last.type == "unnamed" and _PLURAL_GROUP_RE.search(last.name):
                speakers = [last]
        if not speakers and subj.kind == "phrase" and w[subj.start : subj.end].lower() == "they":
            # "Harbour fishermen walked out. They say A": the plural subject of the sentence before.
            speakers = group_before_they(ctx, subj.start)
        if not speakers and group is not None:
            # "fishermen and shipowners who say ...": a plural group no one resolves speaks, unnamed.
            speakers = [Speaker(" ".join(w[group[0] : group[1]].split()), "unnamed")]
        if not speakers:
            logger.debug("no speaker for %r before %r", w[subj.start : subj.end], w[a:b][:80])
            continue
        clause = (min(subj.start, cue.start) if subj.kind == "phrase" else max(s.start, cue.start - 300), a)
        if (
            clause[0] - s.start < 200
            and (not w[s.start : clause[0]].strip(" ,") or _leading_adjunct(w, s.start, clause[0]))
            and subordinate_cut(w, subj, s.start) is None
        ):
            clause = (s.start, clause[1])
        if when_said > b:
            clause = (clause[0], when_said)
        if subj.kind == "inherit" and out and out[-1].kind == "indirect":
            # "We condemn A on 2 July, and commit to B": B is dated by the shared attribution, not by A.
            clause = out[-1].clause
        # "said A and that B" stays one content, as both gold conventions keep it.
        stance = stance_for(cue.entry, w[a:b], ctx.lex)
        drafts = [
            Draft(sp, "indirect", cue.form, (cue.start, cue.end), parts, clause, stance, (s.start, s.end))
            for sp in speakers
        ]
        out.extend(with_mixed_quotes(ctx, drafts, a, b, cue))
        covered_until = max(covered_until, b)
    out.extend(passive_drafts(ctx, s))
    out.extend(asked_by_drafts(ctx, s))
    out.extend(reported_by_drafts(ctx, s))
    out.extend(noun_drafts(ctx, s, out))
    return out


def _with_infinitive_cues(ctx: Context, s: Span, cues: list[CueMatch]) -> list[CueMatch]:
    """The sentence's cues with the infinitive ones whose controller the parse gives ("Vell stood up at the
    meeting to say ...", "the vote prompted Brask to accuse ..."): the controller said it. Only infinitives
    no found cue covers, and only in sentences with an infinitive marker (a cheap check first)."""
    w = ctx.work
    if " to " not in w[s.start : s.end]:
        return cues
    extra = [
        c
        for c in ctx.lex.infinitive_cues(w, s.start, s.end)
        if ctx.quote_at(c.start) < 0
        and _OBJECT_AFTER_RE.match(w, c.end, s.end)
        and not any(f.start <= c.start < f.end for f in cues)
        and ctx.controller_subject(c.start, c.end).kind == "phrase"
    ]
    return sorted(cues + extra, key=lambda c: c.start) if extra else cues


# The infinitive marker right before a cue ("to say", "to argue"): a regex pre-check before asking the parse.
_TO_BEFORE_RE = re.compile(r"\bto\s+$")


# A word or a quote right after an infinitive cue: its object or clause. Punctuation there leaves the verb
# intransitive ("turned out in the capital to protest, some of them ..."), an act with no words reported.
_OBJECT_AFTER_RE = re.compile(r"\s+[\w\"“‘']")


def _infinitive(w: str, cue: CueMatch) -> bool:
    """True when the cue word follows the infinitive marker "to"."""
    return _TO_BEFORE_RE.search(w, max(0, cue.start - 4), cue.start) is not None


# A sentence opening with "As" right before the cue's subject ("As the Courier reported, ...").
_AS_OPENER_RE = re.compile(r"[\s\"“(]*As\s+")


# A relative pronoun right before the subject is the cue's object ("the claims, which Varn denies, ...").
_OBJECT_RELATIVE_RE = re.compile(r"\b(?:which|whom)\s+$", re.IGNORECASE)
_RELATIVE_GAP_RE = re.compile(r"(?:\b(?:which|whom)|,\s+that)\s+$", re.IGNORECASE)
# What follows a cue whose object is a relative word: the clause goes on, or an adjunct or a subordinate
# clause ("the defeat, which Orrin conceded when the polls closed, ..."), never an object.
_NO_OBJECT_OPENING_RE = re.compile(
    r"[,;]|(?:and|or|but|as|in|on|at|during|over|since|after|before|last|this|for|from|with|is|was|were|are|has|"
    r"have|had|when|while|until|once|because|if|though|although)\b",
    re.IGNORECASE,
)


# An unnamed speaker that is many ("critics", "two senior officials", "people familiar with the talks").
_PLURAL_GROUP_RE = re.compile(
    r"(?:[a-z]{3,}s|people|men|women|police)(?:\s+(?:familiar|close|in|at|from|of)\b.*)?$"
)


# Cues a group before a restrictive "who" speaks with: "analysts who note", "residents who say". A criticism
# or a claim there mostly describes the group ("journalists who criticized the firm", "women who claimed").
_GROUP_STANCES = frozenset({"neutral", "admission", "threat"})


# "voiced those doubts on Monday at a forum in Velmar": after the time adjunct only more adjuncts of the
# cue follow (place, occasion), so the object content ends before the time.
_ADJUNCTS_AFTER_TIME_RE = re.compile(r"\s*(?:,|at|during|while|when|before|after|as|in\s+(?:a|an|the)|to)\b")


# A form of "be" right before a past participle cue makes it passive ("was charged", "were told", "has been
# asked"); an adverb may sit between them ("was repeatedly asked").
_BE_BEFORE_RE = re.compile(
    r"\b(?:is|was|were|are|been|being|be)\s+(?:[a-z]+ly\s+|not\s+|also\s+)?$", re.IGNORECASE
)


# A pronoun's "’s" or "’re", which is "is"/"are" as often as "has": "he’s said he will", "he’s said to be".
_CONTRACTED_BE_BEFORE_RE = re.compile(r"\b" + contracted_pronoun_pattern("s|re") + r"\s+$", re.IGNORECASE)
# After a contracted "is", the participle of a passive goes on with its preposition or an infinitive: "he’s
# described as", "she’s accused of", "he’s asked to explain", "it’s reported by"; "has" takes an object or a
# clause ("he’s said he will", "he’s criticized the levy", "she’s called for a recount").
_PASSIVE_AFTER_RE = re.compile(r"\s*(?:as|of|to|by|with|about)\b", re.IGNORECASE)


def _passive_voice(w: str, lo: int, cue: CueMatch) -> bool:
    """True when the cue is a past participle after a form of "be": its subject is the one addressed."""
    first = cue.form.split()[0].lower()
    if first.endswith("ing"):
        return False
    if _BE_BEFORE_RE.search(w, max(lo, cue.start - 30), cue.start):
        return True
    return bool(
        _CONTRACTED_BE_BEFORE_RE.search(w, max(lo, cue.start - 12), cue.start)
        and _PASSIVE_AFTER_RE.match(w, cue.start + len(cue.form.split()[0]))
    )


_RELATIVE_LEAD_RE = re.compile(r",\s+(?:who|which)\s+(?:[a-z]+\s+){0,2}$")
_MAIN_CLAUSE_RESUMES_RE = re.compile(
    r",\s+(?:is|was|were|are|has|have|had|does|did|doesn't|didn't|will|would|can|could|said|says|[a-z]+ed)\b"
    # "Ada Vell, who threatened to close the port, and who has been hoping ...": a second relative clause
    # on the same antecedent tells something else of it.
    r"|,?\s+(?:and|but)\s+(?:who|which)\b"
)


def _before_absolute_clause(w: str, a: int, b: int, later: list[CueMatch]) -> int:
    """The content's end before a later absolute clause with its own named subject ("she was pleased and Mayor
    Brask calling it ...", "criticized the levy, Brask saying ..."): that name and its -ing cue say the next
    statement."""
    for c in later:
        if a < c.start and not w[b : c.start].strip() and c.is_participle:
            m = NAME_BEFORE_ING_RE.search(w, max(a, c.start - 80), c.start)
            if m is not None and m.start() > a:
                end = m.start()
                while end > a and w[end - 1] in " ,":
                    end -= 1  # "criticized the levy, with Brask saying": the comma closes the content
                return end
    return b


def _after_that(w: str, a: int) -> bool:
    """True when the content opens right after "that": a that-clause is what was said, whatever its verb
    ("told the Courier that the truck drove on", where no auxiliary or -ed form shows the clause)."""
    return bool(re.search(r"\bthat\s*$", w[max(0, a - 6) : a], re.IGNORECASE))


def _trimmed(w: str, d: Draft, cut: int) -> Draft:
    """The draft with its text ending before ``cut`` (when the text runs over it)."""
    if d.kind != "indirect" or not d.start < cut < d.end:
        return d
    end = d.start + len(TRAIL_RE.sub("", w[d.start : cut]))
    if end <= d.start:
        return d
    return Draft(d.speaker, d.kind, d.cue, d.cue_span, [(d.start, end)], d.clause, d.stance_hint, d.context)


# "Speaking to the harbour board late on Sunday, port director X said": a participle or prepositional
# phrase closed by a comma sets the scene of the statement, so its date is the statement's.
_SCENE_LEAD_RE = re.compile(
    r"\s*(?:[A-Z][a-z]+ing|In|On|At|During|After|Before|Late|Early|Earlier|Later|Addressing|Asked)\b[^,;:.]{0,120},"
)


def _leading_adjunct(w: str, a: int, b: int) -> bool:
    """A short lead-in before the subject ("On Friday,", "Saturday's offer by") belongs to the attribution."""
    if len(w[a:b].split()) <= 8:
        return True
    m = _SCENE_LEAD_RE.match(w, a, b)
    return m is not None and len(w[m.end() : b].split()) <= 4


def _colon_quote(ctx: Context, cue: CueMatch, b: int, s: Span) -> Quote | None:
    w = ctx.work
    i = skip_space(w, b, s.end)
    if i < s.end and w[i] == ":":
        k = ctx.quote_at(skip_space(w, i + 1, s.end))
        if k >= 0:
            return ctx.quotes[k]
    return None
