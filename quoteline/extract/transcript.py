"""Transcript turns: paragraphs opened by a speaker label (``PRESIDENT BIDEN: ...``, ``Aurelio Vanni: ...``).

A turn runs from its label to the next label, across paragraphs; its text is the turn's words joined,
without stage directions ("(He laughs.)"). Labels of questioners are not statements: ``Q:``, moderators,
and, in an interview, a label whose turns are mostly questions or that abbreviates one ("AQ" for "The
Amber Quarterly"). Mixed-case labels count only in an interview pattern: a label used in two turns or more.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from quoteline.extract.mentions import COURTESY_TITLES, HONORIFICS, ORG_WORDS, TITLE_WORDS
from quoteline.extract.text import Document, word_set

# Capitals include accented ones: "PRESIDENT NIINISTÖ:", "PRIME MINISTER CHÍNH:".
_CAPS = "A-ZÀ-ÖØ-ÞĀ-Ž"
_LABEL_RE = re.compile(rf"([{_CAPS}](?:[{_CAPS}.'’\- ]{{0,60}}[{_CAPS}.])?)(?:\s*\([^)]{{1,60}}\))?\s*:\s+")
_MIXED_LABEL_RE = re.compile(
    r"((?:The |El |La |Le |Die )?[A-Z][\w'’\-]*\.?"
    r"(?: (?:[A-Z][\w'’\-]*\.?|of|de|van|von|da|del|bin|al)){0,4})"
    r"(?:\s*\([^)]{1,60}\))?:\s+"
)
# Interview labels in double parentheses, as Wikinews prints them: "((Ada Orrin))  I was born in ...",
# "((WN)) : How old are you?".
_PAREN_LABEL_RE = re.compile(r"\(\(([A-Z][\w'’.\- ]{0,60}?)\)\)\s*:?\s+(?=\S)")
# First words of "Label: text" lines that are page furniture, not speakers.
NOT_LABELS = word_set(
    """photo photos related read watch listen source sources update updated note correction editor editor's
    pictured caption image images credit credits tags topics see also video warning disclaimer contact media
    notes email tel phone follow subscribe share posted published by advertisement more latest background
    location date time venue when where what why how"""
)
_STAGE_RE = re.compile(r"\((?:[A-Z][a-z]+ )?[a-z][a-z ]{2,30}\.?\)|\[(?:[A-Za-z][a-z ]{2,30})\.?\]")
_QUESTION_SHARE = 0.5  # a label with at least this share of question turns is the interviewer
_STATEMENT_WORDS = 100  # a turn this long that asks nothing is a statement: its speaker is no interviewer
_INITIALS = 4  # a label of at most this many capitals may be an outlet's or interviewer's initials
# Title words that are courtesy or narration, not an office: "MR. VELL" and "Dr. Orrin" may be reporters.
_NOT_OFFICES = COURTESY_TITLES | word_set("""the his her former first acting senor señor gentleman""")
_NON_SPEAKERS = frozenset(
    {
        "Q",
        "QUESTION",
        "REPORTER",
        "MODERATOR",
        "AUDIENCE",
        "AUDIENCE MEMBER",
        "AUDIENCE MEMBERS",
        "PARTICIPANT",
        "PARTICIPANTS",
        "INTERVIEWER",
        "NOTE",
        "EDITOR'S NOTE",
        "SOURCE",
        "UPDATE",
        "CORRECTION",
        "END",
        # A conference call's operator hands the line over; a transcript's "Remark:" is an unnamed voice
        # from the floor, as "Question:" is.
        "OPERATOR",
        "REMARK",
    }
)
MIN_LABELS = 2
# A speech printed under one label ("THE PRESIDENT:  Thank you. ...", White House remarks): the label must
# open the body (after the venue and time lines) and name an office or honorific, not a section heading.
_SPEECH_LABEL_REACH = 400
_SPEECH_LABEL_WORDS = 5
# White House transcripts write the questioner as "Q" and a run of spaces, with no colon.
_Q_RE = re.compile(r"(Q)(?:\t|\s{2,})(?=\S)")
# Some of them leave a single space ("Q Mr. President, will you ..."): read so only before a capital or a
# quotation mark, and only in a transcript that other labels show.
_Q_SINGLE_SPACE_RE = re.compile(r"(Q) (?=[A-Z\"“])")
# Official transcripts flattened into one block ("... * * * President of Russia Vladimir Putin: Colleagues,
# ... Thank you. Minister Ivo Rast: Mr President, ..."): a label opens the block, follows a "* * *" rule, or
# starts a sentence. The label is a run of capitalised words (with "of", "the", ...), up to 12 words.
_INLINE_LABEL_RE = re.compile(
    r"(?:^|(?<=\* \* \* )|(?<=\*\*\* )|(?<=\*\*\*)|(?<=[.!?…>)\]] )|(?<=[.!?…][\"”’] ))"
    r"((?:(?:[A-Z][a-z]{0,2}\.|[A-Z][\w'’\-]*)\s+(?:(?:of|the|and|for|de|van|von|bin|al)\s+)*){0,11}[A-Z][\w'’\-]*)"
    r"(?:\s*\([^)]{1,40}\))?\s?:\s+(?=\S)",  # the scrape may leave a space before the colon
    re.M,
)
# The label after a "* * *" rule, when a heading runs into it ("Speech at the summit President of Halvia Ivo
# Rast: ..."): the same capitalised run as an inline label, matched where its office word starts.
_HEADED_LABEL_RE = re.compile(
    r"((?:(?:[A-Z][a-z]{0,2}\.|[A-Z][\w'’\-]*)\s+(?:(?:of|the|and|for|to|de|van|von|bin|al)\s+)*){1,11}[A-Z][\w'’\-]*)"
    r"(?:\s*\([^)]{1,40}\))?\s?:\s+(?=\S)"
)
_WORD_RE = re.compile(r"[\w'’\-]+")
# A paragraph that is a label and a figure only ("Ada Vell: 1,204.", "Undecided: 12%") is a row of a table of
# results or tallies, not a turn of speech.
_FIGURE_ROW_RE = re.compile(r"\s*[$€£]?\d[\d.,]*\s*(?:%|percent|per cent)?\.?\s*")
# The office words a headed label opens with ("Aide to the President ..." too), and the words inside a
# posting ("Minister of Foreign Affairs"): an office word after one of these continues the label.
_LABEL_OPENERS = TITLE_WORDS | word_set("aide")
_CONNECTORS = word_set("of the and for to")
# A label's capitalised words, at most: a longer run is a heading or a list, not a speaker's name and office.
_LABEL_MAX_WORDS = 12
_LABEL_CONNECTORS = frozenset({"of", "the", "and", "for", "to", "de", "van", "von", "bin", "al"})
_RULE_RE = re.compile(r"\* \* \*|\*\*\*")
_HEADING_REACH = 160  # characters from a rule to the label a heading runs into
_FIGURE_ROW_LABEL = 60  # characters a table row's label may take before its colon
# Scraped name tooltips doubled into the label: "Ilham Aliyev Aliyev IlhamPresident of Azerbaijan".
# The given names may be several words: "Sayyid Ebrahim Raisi Raisi Sayyid EbrahimPresident of Iran".
_TOOLTIP_RE = re.compile(r"\b((?:[A-Z][\w'’\-]+ )*[A-Z][\w'’\-]+) ([A-Z][\w'’\-]+) \2 \1(?=[A-Z]|\b).*$")
# The tooltip may spell the given name another way ("Petr Fradkov Fradkov PyotrCEO of ..."): the doubled
# surname and the posting glued to the given name show it.
_TOOLTIP_VARIANT_RE = re.compile(r"\b([A-Z][\w'’\-]+) ([A-Z][\w'’\-]+) \2 [A-Z][a-z]+(?=[A-Z]).*$")
# A note on the turn after the label: "Alberto Fernandez(retranslated)", "Ana Ruiz (in Spanish)".
_TRAILING_NOTE_RE = re.compile(r"\s*\([^()]*\)\s*$")


@dataclass
class Turn:
    """One speaker turn: the label, and the text spans of its paragraphs (label excluded)."""

    label: str
    label_start: int
    label_end: int
    parts: list[tuple[int, int]]
    paragraphs: list[int]

    @property
    def speaker_phrase(self) -> str:
        """The label in title case ("PRESIDENT BIDEN" -> "President Biden"), without a scraped name tooltip
        or a trailing note on the turn ("(retranslated)", "(in Russian)"), glued on or not."""
        label = _TRAILING_NOTE_RE.sub("", _without_tooltip(self.label)).strip() or self.label
        if not label.isupper():
            return label
        return " ".join(_title_word(w) for w in label.split())

    questioner: bool = False

    @property
    def is_speaker(self) -> bool:
        """False for questioners, moderators and editorial labels."""
        return not self.questioner and self.label.strip().rstrip(".").upper() not in _NON_SPEAKERS


def _title_word(word: str) -> str:
    """An upper-case label word in title case, each part of a double-barrelled name capitalised
    ("JEAN-PIERRE" -> "Jean-Pierre"); an initial ("H.") stays as it is."""
    if re.fullmatch(r"[A-Z]\.", word):
        return word
    return "-".join(part.capitalize() for part in word.split("-"))


def find_turns(doc: Document) -> list[Turn]:
    """The article's transcript turns; empty unless at least two paragraphs carry a label."""
    w = doc.work
    labelled: list[tuple[int, re.Match[str]]] = []
    mixed: list[tuple[int, re.Match[str]]] = []
    paren: list[tuple[int, re.Match[str]]] = []
    loose_q: list[tuple[int, re.Match[str]]] = []
    rows: list[int] = []  # paragraphs that are rows of a table: they end the turn before them
    for i, p in enumerate(doc.paragraphs):
        if _figure_row(w, p.start, p.end):
            rows.append(i)
            continue
        m = _PAREN_LABEL_RE.match(w, p.start, p.end)
        if m:
            paren.append((i, m))
            continue
        m = _Q_SINGLE_SPACE_RE.match(w, p.start, p.end)
        if m:
            loose_q.append((i, m))
            continue
        m = _Q_RE.match(w, p.start, p.end) or _LABEL_RE.match(w, p.start, p.end)
        if m and len(m.group(1).split()) <= 6 and not m.group(1).replace(".", "").isdigit():
            labelled.append((i, m))
            continue
        m = _MIXED_LABEL_RE.match(w, p.start, p.end)
        if m and m.group(1).split()[0].lower().strip(".") not in NOT_LABELS:
            mixed.append((i, m))
    counts: dict[str, int] = {}
    for _, m in mixed:
        counts[m.group(1)] = counts.get(m.group(1), 0) + 1
    # One speech under a mixed-case office label opening its paragraph ("President of Halvia Ivo Rast:"),
    # read only when no inline labels make a flattened transcript of the article.
    office_speech = (
        bool(mixed)
        and not labelled
        and _office_label(mixed[0][1].group(1))
        # a heading ("Judge Ana Ruiz: Nominee for the Court of Appeals") ends no sentence
        and bool(re.search(r"[.!?]", w[mixed[0][1].end() : doc.paragraphs[mixed[0][0]].end]))
    )
    if mixed and max(counts.values()) >= MIN_LABELS:
        labelled = sorted(labelled + mixed, key=lambda t: t[0])
    if len(paren) >= MIN_LABELS:
        labelled = sorted(labelled + paren, key=lambda t: t[0])
    if len(labelled) == 1 and not _speech_label(doc, labelled[0][1]):
        labelled = []
    if labelled and loose_q:
        labelled = sorted(labelled + loose_q, key=lambda t: t[0])
    if not labelled:
        inline = _inline_turns(doc)
        if inline or not office_speech:
            return inline
        labelled = mixed
    turns: list[Turn] = []
    for n, (i, m) in enumerate(labelled):
        stop = labelled[n + 1][0] if n + 1 < len(labelled) else len(doc.paragraphs)
        stop = min([stop, *(r for r in rows if r > i)])
        parts = []
        pars = []
        for j in range(i, stop):
            p = doc.paragraphs[j]
            a = m.end() if j == i else p.start
            parts.extend(_without_stage_directions(w, a, p.end))
            pars.append(j)
        # The cue is the label as printed: "THE PRESIDENT:", "((Ada Orrin))".
        label_start = m.start() if m.re is _PAREN_LABEL_RE else m.start(1)
        turns.append(Turn(m.group(1).strip(), label_start, m.end(), parts, pars))
    _mark_questioners(w, turns, interview=len(paren) >= MIN_LABELS)
    return turns


def _figure_row(w: str, start: int, end: int) -> bool:
    """Whether the paragraph w[start:end] is a short label and a figure only ("Ada Vell: 1,204.")."""
    colon = w.find(":", start, min(end, start + _FIGURE_ROW_LABEL))
    return (
        colon > start
        and _FIGURE_ROW_RE.fullmatch(w, colon + 1, end) is not None
        and bool(w[colon + 1 : end].strip())
    )


def _speech_label(doc: Document, m: re.Match[str]) -> bool:
    """Whether the only label of an article opens one speaker's speech ("THE VICE PRESIDENT:", "MR. VELL:").

    Its first word (after "The") is an office or honorific, no word of it is an organisation's ("FOREIGN
    TERRORIST ORGANIZATION LIST:" heads a section), and it stands within the first lines of the body.
    """
    words = [w.lower().rstrip(".") for w in m.group(1).split()]
    if words and words[0] == "the":
        words = words[1:]
    return (
        bool(words)
        and len(words) <= _SPEECH_LABEL_WORDS
        and m.group(1).isupper()
        and (words[0] in TITLE_WORDS or words[0] in HONORIFICS)
        and not any(w in ORG_WORDS for w in words)
        and m.start() - doc.body_start <= _SPEECH_LABEL_REACH
    )


def _office_label(label: str) -> bool:
    """Whether a mixed-case label is an office and a name ("President of Halvia Ivo Rast"): a speech printed
    under it needs no second label, as "THE PRESIDENT:" needs none."""
    words = label.split()
    return len(words) >= _LABEL_NAME_WORDS + 1 and words[0].lower() in TITLE_WORDS and words[-1][0].isupper()


def _name_key(label: str) -> str:
    """The last two words of a label without its tooltip: who speaks, whatever the title before it."""
    return " ".join(_without_tooltip(label).split()[-2:])


def tooltip_name(label: str) -> str | None:
    """The whole name a scraped tooltip confirms ("Sayyid Omar Tavi Tavi Sayyid OmarPresident …"), or None."""
    m = _TOOLTIP_RE.search(label) or _TOOLTIP_VARIANT_RE.search(label)
    return f"{m.group(1)} {m.group(2)}" if m else None


def _without_tooltip(label: str) -> str:
    cut = _TOOLTIP_RE.sub(r"\1 \2", label)
    return cut if cut != label else _TOOLTIP_VARIANT_RE.sub(r"\1 \2", label)


def _inline_turns(doc: Document) -> list[Turn]:
    """Turns whose labels sit inside paragraphs; only when some speaker has two labels or more."""
    w = doc.work
    found: list[tuple[int, re.Match[str]]] = []
    for i, p in enumerate(doc.paragraphs):
        if w.find(":", p.start, p.end) < 0:
            continue  # every label ends in a colon: other paragraphs are spared the pattern
        for m in _INLINE_LABEL_RE.finditer(w, p.start, p.end):
            first = m.group(1).split()[0].lower().strip(".")
            if _figure_row(w, m.start(1), p.end):
                continue
            if first not in NOT_LABELS and _label_words(m.group(1)) <= _LABEL_MAX_WORDS:
                found.append((i, m))
    found = sorted(found + _headed_labels(doc, found), key=lambda t: t[1].start())
    counts: dict[str, int] = {}
    for _, m in found:
        key = _name_key(m.group(1))
        counts[key] = counts.get(key, 0) + 1
    if not counts or (
        max(counts.values()) < MIN_LABELS and not _opens_after_rule(w, found) and not _opens_block(doc, found)
    ):
        return []
    # A one-word label ("Further:", "Notes:") is a speaker only when it recurs.
    found = [(i, m) for i, m in found if len(m.group(1).split()) > 1 or counts[_name_key(m.group(1))] > 1]
    turns: list[Turn] = []
    for n, (i, m) in enumerate(found):
        stop_par, stop = (found[n + 1][0], found[n + 1][1].start()) if n + 1 < len(found) else (None, None)
        parts: list[tuple[int, int]] = []
        pars: list[int] = []
        j = i
        while j < len(doc.paragraphs) and (stop_par is None or j <= stop_par):
            p = doc.paragraphs[j]
            a = m.end() if j == i else p.start
            b = stop if j == stop_par and stop is not None else p.end
            parts.extend(_without_stage_directions(w, a, b))
            pars.append(j)
            j += 1
        label = _without_tooltip(m.group(1).strip())
        turns.append(Turn(label, m.start(1), m.end(), parts, pars))
    _mark_questioners(w, turns)
    return turns


def _opens_after_rule(w: str, found: list[tuple[int, re.Match[str]]]) -> bool:
    """Whether the first label follows a "* * *" rule (a heading may sit between, ending in a full stop or
    not) and opens with an office ("President of Halvia Ivo Rast:"): the transcript of one speech, printed
    under a single label."""
    m = found[0][1]
    rule = _RULE_RE.search(w, max(0, m.start(1) - _HEADING_REACH), m.start(1))
    return rule is not None and _office_label(m.group(1))


def _opens_block(doc: Document, found: list[tuple[int, re.Match[str]]]) -> bool:
    """Whether the first label opens its own paragraph, after the lead, and names an office ("President of
    Halvia Ivo Rast:"): a flattened transcript set apart by a paragraph break instead of a "* * *" rule. A
    two-person exchange printed so (a president's welcome, then the guest's reply under its own office
    label) has each label once, which the count of repeated labels cannot show (12 of 814 Kremlin items)."""
    i, m = found[0]
    label = _without_tooltip(m.group(1))
    # A capitals label opening a paragraph is read with the labelled paragraphs ("FOREIGN TERRORIST
    # ORGANIZATION LIST:" heads a section there); only the mixed-case office of a flattened scrape is meant.
    return (
        i > 0
        and m.start(1) == doc.paragraphs[i].start
        and not label.isupper()
        and _office_label(label)
        # a heading ("Judge Ana Ruiz: Nominee for the Court of Appeals") ends no sentence, as for one speech
        and bool(re.search(r"[.!?]", doc.work[m.end() : doc.paragraphs[i].end]))
    )


def _label_words(label: str) -> int:
    """The words of a label that count towards its length: not a posting's "of", "the", "and" ("President of
    the International Federation of Harbour and Lighthouse Societies Ivo Rast" is ten)."""
    return sum(1 for word in _without_tooltip(label).split() if word.lower() not in _LABEL_CONNECTORS)


def _headed_labels(doc: Document, found: list[tuple[int, re.Match[str]]]) -> list[tuple[int, re.Match[str]]]:
    """Labels run on from a heading after a "* * *" rule, with no full stop between ("Opening remarks at the
    summit President of Halvia Ivo Rast: ..."): the label opens at the heading's last office word that
    starts a posting (not "Minister" after "Prime", not "Foreign" after "of") and runs to the colon ("Speech
    by the President of Halvia at ..." is no label; "Talks with President of Orva Ilo Benn President of
    Halvia Ivo Rast:" is the second). Rules that a found label directly follows are skipped."""
    w = doc.work
    starts = {m.start(1) for _, m in found}
    out: list[tuple[int, re.Match[str]]] = []
    for i, p in enumerate(doc.paragraphs):
        for rule in _RULE_RE.finditer(w, p.start, p.end):
            window = min(p.end, rule.end() + _HEADING_REACH)
            if any(rule.end() <= s < window and not w[rule.end() : s].strip() for s in starts):
                continue
            last: re.Match[str] | None = None
            prev = ""
            for word in _WORD_RE.finditer(w, rule.end(), window):
                if re.search(r"[.!?:]", w[rule.end() : word.start()]):
                    break
                low = word.group().lower()
                if (
                    word.group()[0].isupper()
                    and low in _LABEL_OPENERS
                    and prev not in _LABEL_OPENERS | _CONNECTORS
                ):
                    m = _HEADED_LABEL_RE.match(w, word.start(), p.end)
                    if m and len(m.group(1).split()) <= 12:
                        last = m
                prev = low
            if last:
                out.append((i, last))
    return out


def _without_stage_directions(w: str, a: int, b: int) -> list[tuple[int, int]]:
    """The spans of w[a:b] around stage directions ("(He laughs.)", "[applause]"), trimmed."""
    out: list[tuple[int, int]] = []
    pos = a
    for m in _STAGE_RE.finditer(w, a, b):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, b))
    trimmed = []
    for x, y in out:
        while x < y and w[x].isspace():
            x += 1
        while y > x and w[y - 1].isspace():
            y -= 1
        if x < y:
            trimmed.append((x, y))
    return trimmed


def _office_holder_label(label: str) -> bool:
    """Whether a label names its speaker by an office ("President of Halvia Ivo Rast", "THE VICE PRESIDENT",
    "PRIME MINISTER VELL"), not by a courtesy title or a name alone."""
    words = [w.lower().rstrip(".") for w in _without_tooltip(label).split()]
    the = bool(words) and words[0] == "the"
    if the:
        words = words[1:]
    # "THE PRESIDENT" alone is an office; a lone "Chairman:" may be a section's chair reading questions out
    return len(words) >= (1 if the else 2) and words[0] in TITLE_WORDS and words[0] not in _NOT_OFFICES


def _initials(label: str) -> str:
    return "".join(t[0] for t in label.split() if t[:1].isupper() and t.lower() not in ("the",))


def _mark_questioners(w: str, turns: list[Turn], interview: bool = False) -> None:
    """Interviewer labels: mostly questions, or the initials of such a label, while others answer.

    In a labelled interview (``interview``), initials that only ask ("((WN)) : How old are you?") are the
    interviewer even when the printed text gives no answers.
    """
    # A speaker's turns count together under a long and a short label ("President of Halvia Ivo Rast:" and
    # then "Ivo Rast:"): a host who opens with a statement and then asks short questions is no interviewer.
    # A label that also holds the floor for a statement (a long turn that asks nothing: a chair's opening
    # remarks, a speech the audience answers) is no interviewer, however many of its other turns end in a
    # question ("Mr Rast, how are the yards?"); and only a named speaker's turns are answers: the audience's
    # or a reporter's ("AUDIENCE: Yes!") make no interview of a speech.
    asks: dict[str, list[bool]] = {}
    holds_floor: set[str] = set()
    for t in turns:
        last = w[t.parts[-1][0] : t.parts[-1][1]].rstrip() if t.parts else ""
        key = _name_key(t.label)
        asks.setdefault(key, []).append(last.endswith("?"))
        initials = key.isupper() and len(key) <= _INITIALS  # an outlet's ("WN"): an interviewer by name
        if (
            not initials
            and not last.endswith("?")
            and sum(len(w[a:b].split()) for a, b in t.parts) >= _STATEMENT_WORDS
        ):
            holds_floor.add(key)
    share = {k: sum(v) / len(v) for k, v in asks.items()}
    # An office holder speaks in that office, however many of the turns end in a question: a president
    # questioning a minister at a working meeting, a prime minister chairing a summit's statements ("May I
    # now invite President Vell?"). Reporters and interviewers are labelled by name, initials or "Q".
    holds_floor |= {_name_key(t.label) for t in turns if _office_holder_label(t.label)}
    if interview:
        for t in turns:
            key = _name_key(t.label)
            t.questioner = key.isupper() and len(key) <= _INITIALS and share[key] >= _QUESTION_SHARE
    named = {_name_key(t.label) for t in turns if t.label.strip().rstrip(".").upper() not in _NON_SPEAKERS}
    if not any(v < _QUESTION_SHARE for k, v in share.items() if k in named):
        return  # no named speaker answers: not an interview, keep every turn
    asking = {k for k, v in share.items() if v >= _QUESTION_SHARE and k not in holds_floor}
    asking |= {
        k for k in share if k.isupper() and len(k) <= _INITIALS and any(_initials(a) == k for a in asking)
    }
    for t in turns:
        t.questioner = _name_key(t.label) in asking


# Lower-case words inside names ("Mohammed bin Salman", "Ursula von der Leyen"), not the end of a posting.
_NAME_PARTICLES = word_set("""bin ibn al el de del della der di da dos van von la le""")
_LABEL_NAME_WORDS = 2  # a label's name, when the words before it cannot be told apart from a posting


def label_name(label: str, known: Callable[[str], bool]) -> str | None:
    """The person's name a long label ends in: "Head of the Republic of Udmurtia Ivo Rast" is Ivo Rast.

    The name is the capitalised run after the posting's last lower-case word or acronym ("of", "CEO"); a
    run of three words or more may still start with the posting's object ("of Udmurtia Ivo Rast"), so it is
    the longest tail that ``known`` accepts (a listed person: "Recep Tayyip Erdoğan"), else its last two
    words. None when the label holds no posting before a name of two words or more.
    """
    words = _without_tooltip(label).split()
    cut = -1
    for i, w in enumerate(words):
        if (w.islower() and w not in _NAME_PARTICLES) or (len(w) >= 2 and w.isupper() and w.isalpha()):
            cut = i
    run = words[cut + 1 :]
    if cut < 0 or len(run) < _LABEL_NAME_WORDS:
        return None
    for n in range(len(run), _LABEL_NAME_WORDS, -1):
        if known(" ".join(run[-n:])):
            return " ".join(run[-n:])
    return " ".join(run[-_LABEL_NAME_WORDS:])


# Ordinals that open an office's title ("Second Gentleman"); "first" is a title word already.
_OFFICE_ORDINALS = word_set("""second""")


def title_only(phrase: str) -> list[str] | None:
    """The words of a label that is a title and nothing else ("The First Lady" -> ["First", "Lady"]), or None
    when it holds a name. Such a label names whoever the article prints after that title, never its last
    word: "THE FIRST LADY:" is no person called "Lady"."""
    words = [w for w in phrase.split() if w.lower() != "the"]
    if not words or any(w.lower().rstrip(".") not in TITLE_WORDS | _OFFICE_ORDINALS for w in words):
        return None
    return words


def name_after_title(text: str, title: list[str]) -> str | None:
    """The first name printed right after ``title`` in ``text`` (any case of the title: "First Lady Ada
    Orrin", "first lady Ada T. Orrin"): a given name, an optional initial and a surname, so that a headline's
    next capitalised word is not taken in. None when the text prints none."""
    pattern = (
        r"\b(?i:"
        + r"\s+".join(re.escape(w) for w in title)
        + r")\s+([A-Z][\w'’\-]+(?:\s+[A-Z]\.)?\s+[A-Z][\w'’\-]+)"
    )
    m = re.search(pattern, text)
    return re.sub(r"['’]s$", "", m.group(1)) if m else None
