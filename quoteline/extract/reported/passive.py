"""Agentless reporting passives in readouts ("It was noted that ...", "Hope was expressed that ..."),
attributed to the speaker in focus; the asker's question in a sentence-opening "Asked by X whether ...";
and a report told by its agent ("The merger was first reported by the Courier.")."""

from __future__ import annotations

import re

from quoteline.extract import clauses
from quoteline.extract.context import Context
from quoteline.extract.model import Draft
from quoteline.extract.quote_words import word_count
from quoteline.extract.reported.according_to import source_body, source_phrase
from quoteline.extract.reported.content_end import content_end
from quoteline.extract.reported.text_scan import FINITE_RE, skip_space
from quoteline.extract.text import Span


def passive_drafts(ctx: Context, s: Span) -> list[Draft]:
    """Agentless reporting ("It was noted that ...", "Hope was expressed that ...") in readouts."""
    w = ctx.work
    out: list[Draft] = []
    if ctx.focus is None:
        return out
    for m in ctx.lex.passive_pattern.finditer(w, s.start, s.end):
        if ctx.quote_at(m.start()) >= 0:
            continue
        entry = next((e for e in ctx.lex.passive if e.cue == " ".join(m.group(0).lower().split())), None)
        if entry is None:
            continue
        a = skip_space(w, m.end(), s.end)
        if w[a : a + 5].lower() == "that ":
            a += 5
        elif w[a : a + 1] in (",", ";"):
            continue
        b = content_end(ctx, a, s, [])
        if word_count(w[a:b]) < 3:
            continue
        sp = ctx.focus.speaker()
        out.append(
            Draft(
                sp,
                "indirect",
                m.group(0),
                (m.start(), m.end()),
                [(a, b)],
                (s.start, a),
                entry.stance,
                (s.start, s.end),
            )
        )
    return out


# "Asked by Ivo Brant whether the quay would close, the mayor said ...": the question opening the sentence is
# the asker's statement, its content from the question word to the comma before the main clause.
_ASKED_BY_RE = re.compile(
    r"[\s\"“‘']*(Asked)\s+by\s+((?:[A-Z][\w.'’\-]*\s+){0,3}[A-Z][\w'’\-]*)\s+"
    r"((?:whether|if|about|to|why|what|how|when|who)\b[^,;:]*?),"
)


def asked_by_drafts(ctx: Context, s: Span) -> list[Draft]:
    """The question of a sentence-opening "Asked by NAME whether ..., ...", as NAME's statement."""
    w = ctx.work
    m = _ASKED_BY_RE.match(w, s.start, s.end)
    if m is None or ctx.quote_at(m.start(3)) >= 0 or word_count(m.group(3)) < 3:
        return []
    speakers = ctx.speakers_for(clauses.Subject("phrase", m.start(2), m.end(2)))
    entry = ctx.lex.by_form.get("asked")
    if not speakers or entry is None:
        return []
    a, b = m.start(3), m.end(3)
    return [
        Draft(
            sp,
            "indirect",
            m.group(1),
            (m.start(1), m.end(1)),
            [(a, b)],
            (s.start, a),
            entry.stance,
            (s.start, s.end),
        )
        for sp in speakers
    ]


# "The merger was first reported by the Courier.", "News of the deal had been disclosed by Halvik TV on
# Monday.": the agent (an outlet, mostly) reported what the sentence's subject names. Only verbs of
# reporting: "was confirmed by the Senate" is an act, "was revealed by the audit" a finding.
_REPORTED_BY_RE = re.compile(
    r"\s+(?:was|were|has\s+been|have\s+been|had\s+been)\s+"
    r"(?:(?:first|initially|originally|earlier|previously|also)\s+)?(?P<cue>(?:reported|disclosed)\s+by)\s+"
)
# The subject that is the report's content: a short noun phrase opening the sentence ("The meeting",
# "Vell's move", "News of the board's vote"), not a pronoun or a relative word, which name nothing.
_MAX_SUBJECT_WORDS = 8
_NOT_CONTENT = frozenset({"it", "this", "that", "which", "he", "she", "they", "these", "those", "what"})


def reported_by_drafts(ctx: Context, s: Span) -> list[Draft]:
    """The sentence-opening subject of "SUBJECT was (first) reported by AGENT" as the agent's statement."""
    w = ctx.work
    if "ed by " not in w[s.start : s.end]:
        return []  # the cheap check first
    m = _REPORTED_BY_RE.search(w, s.start, s.end)
    if m is None or ctx.quote_at(m.start()) >= 0:
        return []
    a = s.start
    while a < m.start() and (w[a].isspace() or w[a] in "\"“‘'("):
        a += 1
    subject = w[a : m.start()]
    words = subject.split()
    if (
        not words
        or len(words) > _MAX_SUBJECT_WORDS
        or re.search(r"[,;:()\"“”]", subject)
        or subject.lower() in _NOT_CONTENT
        or FINITE_RE.search(" ".join(x for x in words if not x[:1].isupper()))
    ):
        return []  # "When X spoke, it was reported by ...": the subject is no noun phrase of its own
    source = source_phrase(w, m.end(), s.end)
    if source is None:
        return []
    speakers = ctx.speakers_for(clauses.Subject("phrase", source[0], source[1]))
    if not speakers:
        speakers = source_body(w[source[0] : source[1]])
    entry = ctx.lex.by_form.get("reported")
    if not speakers or entry is None:
        return []
    return [
        Draft(
            sp,
            "indirect",
            m.group("cue"),
            (m.start("cue"), m.end("cue")),
            [(a, m.start())],
            (s.start, s.end),
            entry.stance,
            (s.start, s.end),
        )
        for sp in speakers
    ]
