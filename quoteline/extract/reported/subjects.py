"""Special subjects of reporting cues: a name before a party label ("Sen. Ola Berg (D-Vt.) said"), a
document ("The statement says", its issuer), the signatories of a joint statement ("We reaffirm ..."),
and where a subordinate clause with its own subject cuts an earlier content ("..., days after she
admitted")."""

from __future__ import annotations

import re

from quoteline.extract import clauses, kb
from quoteline.extract.context import Context
from quoteline.extract.mentions import ORG_WORDS, group_word
from quoteline.extract.model import Speaker
from quoteline.extract.text import Document, word_set

_SUBORDINATORS = word_set("""after before when while because since although though once""")
# Subjects that are the document itself ("The statement says ..."): its issuer speaks.
_DOCUMENT_SUBJECT_RE = re.compile(
    r"(?:the|this|that|its|his|her|their|a|our)\s+(?:joint\s+|final\s+|written\s+|official\s+)?"
    r"(?:statement|communiqu[eé]|declaration|letter|press release|release|readout|resolution|document|"
    r"message)",
    re.IGNORECASE,
)
_DOCUMENT_SUBJECT_END_RE = re.compile(
    "(" + _DOCUMENT_SUBJECT_RE.pattern + r")\s+(?:also\s+)?$", re.IGNORECASE
)
_JOINT_DOC = r"[Jj]oint\s+(?:[Ss]tatement|[Dd]eclaration|[Cc]ommuniqu[eé]|[Pp]ress\s+[Ss]tatement)\b"
# A readout reporting a joint statement ("signed a joint declaration") names its signatories in its opening.
_JOINT_MENTION_RE = re.compile(r"\b" + _JOINT_DOC)
# A joint statement itself names itself at the start of its title or of its first paragraph ("Joint Statement
# by …", "C5+1 Leaders’ Joint Statement"): before the name, only capitalised words and a title's small joins.
_JOINT_DOC_RE = re.compile(r"\s*(?:(?:[A-Z0-9][^\s]*|and|of|the|for|on|in|[&+/–—-])\s+){0,10}?" + _JOINT_DOC)
# "We, the Leaders of the G7, …", "We, the Heads of State and Government of A, B and C, …": a text that opens
# by naming who "we" are is a declaration by those who sign it, whatever its title. The comma may be a dash or
# missing ("We the Leaders of the Group of Seven (G7) remain resolved", "This week, we – the presidents of A,
# B and C – met"), and a short adjunct of time may open the sentence ("On July 14, 2022, we, the Heads of …").
_WE_OPENING_RE = re.compile(
    r"\s*\**(?:(?:on|in|at|this|today|last)\b[^.;:\n]{0,40}?,\s+)?"
    r"we(?:,|\s+[–—-]|(?=\s+the\s))\s+(?P<group>(?:the\s+)?(?:[\w.’'\-]+\s+){0,3}?(?:leaders?|heads?|presidents?|"
    r"prime\s+ministers?|ministers?|national\s+security\s+advisors?)\b[^.;:–—]*?)"
    r"(?=\s*[–—]|,?\s+(?!(?:and|the|of|for|on|in)\b)(?-i:[a-z]))",  # up to the verb, after a comma or not
    re.IGNORECASE,
)
# How a declaration's opening names its states, in the words `Registry.group_members` reads: an abbreviation
# in brackets ("the United Arab Emirates (UAE)") and "the Republic of" before a state's short name are left
# out, and "heads of government" are the states' leaders.
_GROUP_NOISE_RE = re.compile(r"\s*\([^()]{1,12}\)|\b(?:the\s+)?Republic\s+of\s+(?=[A-Z])")
# "the Leaders of the G7": the body after the signatories' office.
_LEADERS_OF_RE = re.compile(
    r"(?:the\s+)?(?:[\w’'\-]+\s+){0,3}?(?:leaders|heads)\s+of\s+(?P<body>.+)$", re.IGNORECASE
)
_HEADS_OF_GOVERNMENT_RE = re.compile(r"\bheads\s+of\s+(?:state\s+and\s+)?government\b", re.IGNORECASE)
_WE_RE = re.compile(r"we(?:\s+(?:both|all|together|jointly))?", re.IGNORECASE)
# "The Prime Ministers welcomed ...": in a joint statement, its signatories.
_PLURAL_ROLE_RE = re.compile(
    r"(?:the\s+)?(?:two\s+|both\s+)?(?:prime\s+ministers|presidents|leaders|foreign\s+ministers|ministers|"
    r"heads\s+of\s+(?:state|government)|signatories)",
    re.IGNORECASE,
)
# The last article's signatories, as one (document, people, is the joint statement itself) tuple so that a
# read is never half-updated.
_MAX_HEAD = 2500  # characters after the title where a joint statement names itself and its signatories
_signatory_cache: list[tuple[object, list[Speaker], bool]] = [(None, [], False)]


# "Sen. Ola Berg (D-Vt.) on Saturday criticized": a party-and-state label (and a day) after the name.
_TRAILING_LABEL_RE = re.compile(
    r"\s*\([A-Z]{1,3}\s*[-–]\s*[A-Z][\w.\s]{0,15}\)\s*(?:(?:on|last|this|late|early)\s+[A-Z]?[a-z]+\s*)?$"
)


# "business leaders who say", "some traders and unionists, who noted": a plural noun phrase right
# before a relative "who" is the group that speaks. Its words: nouns and modifiers, up to one "and".
_GROUP_WORD = (
    r"(?<![\w'’\-])(?!(?:the|a|an|of|from|to|by|with|for|in|on|at|and|or|but|that|this|these|those|their|his|"
    r"her|its|some|many|several|other|few|all|both|is|are|was|were|has|have|had)\b)(?![\w'’\-]*ed\b)[\w'’\-]+"
)
_GROUP_BEFORE_WHO_RE = re.compile(
    r"((?:"
    + _GROUP_WORD
    + r"\s+){0,3}?(?:"
    + _GROUP_WORD
    + r"s,?\s+and\s+)?(?:"
    + _GROUP_WORD
    + r"\s+){0,2}?"
    + _GROUP_WORD
    + r")(,?)\s+who\s+(?:[a-z]+ly\s+|also\s+|still\s+|often\s+|now\s+)?$"
)
_IRREGULAR_PLURALS = word_set("""people men women police children folks""")


# "compared with 31 percent who said …", "four in 10 who said", "18% who say", "the 41 percent of voters
# who said", "close to half — 46 percent — who said", "roughly as many who said": a poll's share of
# its respondents before a relative "who" is the group that answered. The share is a number, so no plural
# head shows it to `_GROUP_BEFORE_WHO_RE`. An aside between dashes may restate the share. Only after a
# comparison, a list or a comma: a share opening its clause ("Four in 10 who said A also backed B") is the
# subject of a main verb that the content would run into.
_SHARE_BEFORE_WHO_RE = re.compile(
    r"(?:\b(?:with|to|from|including|among|than|and)|,)\s+((?:(?:only|nearly|almost|about|roughly|another|just|the)\s+)*"
    r"(?:\d+(?:\.\d+)?\s*(?:percent|per\s+cent|%)|(?:one|two|three|four|five|six|seven|eight|nine|\d+)\s+in\s+"
    r"(?:10|ten|\d+)|same\s+number)"
    r"(?:\s+of\s+(?:[\w'’\-]+\s+){0,3}?[\w'’\-]+)?)"
    r"(?:\s+[—–-]+\s+[^—–\n]{1,25}?\s+[—–-]+)?,?\s+who\s+(?:also\s+|still\s+|now\s+)?$",
    re.IGNORECASE,
)


def group_before_who(w: str, lo: int, cue_start: int) -> tuple[int, int] | None:
    """The plural noun phrase (or a poll's share) before a relative "who" right before the cue, or none."""
    share = _SHARE_BEFORE_WHO_RE.search(w, max(lo, cue_start - 120), cue_start)
    if share is not None:
        return share.start(1), share.end(1)
    m = _GROUP_BEFORE_WHO_RE.search(w, max(lo, cue_start - 120), cue_start)
    if m is None:
        return None
    head = m.group(1).split()[-1].lower()
    plural = head in _IRREGULAR_PLURALS or (
        head.endswith("s") and not head.endswith(("ss", "us", "is", "'s", "’s")) and len(head) >= 4
    )
    if not plural or (
        m.group(1)[:1].isupper()
        and len(m.group(1).split()) == 1
        and m.start(1) > lo
        and not group_word(m.group(1))
    ):
        # "Edda Varn, who says": a name is resolved as a person, not here; a group by its plural party or
        # people ("Republicans who say", "Kenyans who argue") speaks as many.
        return None
    return m.start(1), m.end(1)


# "The company says ...", "the board noted": a body named by its kind alone, which resolution takes to the
# body of that kind named earlier. The rules' noun-phrase scan knows offices and roles, not every body noun.
_BODY_BEFORE_CUE_RE = re.compile(
    r"(?<![\w'’\-])(?:the|this|that)\s+([a-z]+)\s+(?:(?:also|then|later|now|still|[a-z]+ly)\s+)?$",
    re.IGNORECASE,
)


def body_subject(w: str, lo: int, cue_start: int) -> clauses.Subject:
    """ "The company" right before the cue (a body noun of ``ORG_WORDS``), or none."""
    m = _BODY_BEFORE_CUE_RE.search(w, max(lo, cue_start - 40), cue_start)
    if m is None or m.group(1).lower() not in ORG_WORDS:
        return clauses.Subject("none")
    return clauses.Subject("phrase", m.start(), m.end(1))


def subject_before_label(w: str, lo: int, cue_start: int) -> clauses.Subject:
    """The subject before a parenthesised party label, or none."""
    m = _TRAILING_LABEL_RE.search(w, max(lo, cue_start - 50), cue_start)
    if m is None:
        return clauses.Subject("none")
    return clauses.subject_before(w, lo, m.start())


# A name, then an aside closed right before the cue: a pair of dashes ("Ada Vell - the mayor's aide and
# co-host of her show - told ...", "Vell — who ran the port for years — states ...") or brackets ("Sen. Ada
# Vell (a Liberal so young she was taken for an intern) says ..."). The aside may hold commas and verbs of
# its own, so the backward walk of ``clauses.subject_before`` stops in it; the subject is the name before it.
# Only after a capitalised word ("the weary dock crews -- long ignored --" is a description's aside),
# and only a description in brackets, opening in lower case and three words or more: not a short form
# ("Office of Enforcement (OSMRE) announced"), a party tag or a link's address.
_ASIDE_AFTER_NAME_RE = re.compile(
    r"[A-Z][\w.'’\-]*(?P<aside>\s+(?:(?P<dash>--?|[—–])\s(?:(?!\s(?:--?|[—–])\s).){3,200}?\s(?P=dash)|"
    r"\((?=[a-z])[^()/]{3,200}\)))"
    r"\s+(?:(?:also|has|have|had|then|later|now|again|previously|repeatedly|once)\s+)*$",
    re.DOTALL,
)

# An aside that joins others to the subject rather than describing it: the subject is then a group.
_JOINING_ASIDE_RE = re.compile(
    r"\s*(?:--?|[—–]|\()\s*(?:along\s+with|together\s+with|as\s+well\s+as|joined\s+by|and|or|including|with)\b",
    re.IGNORECASE,
)


def aside_subject(w: str, lo: int, cue_start: int) -> clauses.Subject:
    """The subject named before a closed aside that ends right before the cue, or none."""
    a = max(lo, cue_start - 300)
    m = _ASIDE_AFTER_NAME_RE.search(w, a, cue_start)
    if m is None or len(re.findall(r"[^\W\d_][\w'’\-]*", m.group("aside"))) < 3:
        return clauses.Subject("none")  # "(OSMRE)", "- Vell -": a short form or a name, no description
    if _JOINING_ASIDE_RE.match(m.group("aside")):
        return clauses.Subject("none")  # "the Directorate – along with the Governor – announced": a group
    subj = clauses.subject_before(w, lo, m.start("aside"))
    return subj if subj.kind == "phrase" else clauses.Subject("none")


def document_subject(w: str, lo: int, cue_start: int) -> clauses.Subject:
    """A document as the subject right before the cue ("The statement says ..."), or none."""
    a = max(lo, cue_start - 60)
    m = _DOCUMENT_SUBJECT_END_RE.search(w, a, cue_start)
    if m is None or (m.start() > a and not w[m.start() - 1].isspace()):
        return clauses.Subject("none")
    return clauses.Subject("phrase", m.start(), m.end(1))


def subordinate_cut(w: str, subj: clauses.Subject, lo: int) -> int | None:
    """Where a subordinate clause with its own subject starts ("..., three days after she admitted")."""
    if subj.kind != "phrase":
        return None
    words = w[max(lo, subj.start - 40) : subj.start].split()
    if not words or words[-1].lower() not in _SUBORDINATORS:
        return None
    comma = w.rfind(",", max(lo, subj.start - 40), subj.start)
    return comma if comma >= 0 else subj.start - len(words[-1]) - 1


def special_subject(ctx: Context, subj: clauses.Subject) -> list[Speaker]:
    """Speakers of "We ..." in a joint statement (the signatories) and "The statement says" (the issuer)."""
    if subj.kind != "phrase":
        return []
    phrase = " ".join(ctx.work[subj.start : subj.end].split())
    if _WE_RE.fullmatch(phrase) or _PLURAL_ROLE_RE.fullmatch(phrase):
        # Only the joint statement itself speaks as "we": in a readout or a transcript that mentions one, "we"
        # is the speaker's own side.
        return _signatories(ctx, itself=True)
    if _DOCUMENT_SUBJECT_RE.fullmatch(phrase):
        return _signatories(ctx) or ([ctx.last_speaker] if ctx.last_speaker is not None else [])
    return []


def _signatories(ctx: Context, itself: bool = False) -> list[Speaker]:
    """The people issuing a joint statement: named in its title or opening paragraph ("We, A and B, ...").
    ``itself``: only when the text is the joint statement, not a readout reporting that one was signed."""
    doc = ctx.doc
    cached = _signatory_cache[0]
    if cached[0] is not doc:
        cached = (doc, *_find_signatories(doc, ctx))
        _signatory_cache[0] = cached
    return list(cached[1]) if cached[2] or not itself else []


def _opening_group(ctx: Context, opening: re.Match[str]) -> list[Speaker] | None:
    """The office holders "We, the leaders of A, B and C," names, one per state (None: no such group)."""
    phrase = _GROUP_NOISE_RE.sub("", " ".join(opening["group"].split()))
    phrase = _HEADS_OF_GOVERNMENT_RE.sub("leaders", phrase)
    members = ctx.registry.group_members(phrase, opening.start("group"))
    if not members or len(members) < 2:
        # "We the Leaders of the Group of Seven (G7)": a listed body of states signs as itself.
        m = _LEADERS_OF_RE.match(phrase)
        body = kb.resolve(m["body"]) if m else None
        if body is not None and body.kind == "institution":
            return [Speaker(body.canonical, "institution", None)]
        return None
    return [m if isinstance(m, Speaker) else m.speaker() for m in members]


# "We, Ilse Tamm, Chancellor of Norvale, and Piet Oudry, …, met": "we" set off by a comma or a dash.
_WE_APPOSITION_RE = re.compile(r"\s*we\s*(?:,|[–—])\s", re.IGNORECASE)


def _we_apposition_people(doc: Document, ctx: Context, starts: list[int]) -> list[Speaker]:
    """The people named in the first sentence of an opening "We, A and B, …", in order."""
    a = next((a for a in starts if _WE_APPOSITION_RE.match(doc.work, a)), None)
    if a is None:
        return []
    end = doc.work.find(".", a)
    named: list[Speaker] = []
    for m in ctx.registry.mentions:
        if a <= m.start and (end < 0 or m.end <= end) and m.entity.kind == "person":
            sp = m.entity.speaker()
            if sp not in named:
                named.append(sp)
    return named


def _find_signatories(doc: Document, ctx: Context) -> tuple[list[Speaker], bool]:
    """The signatories named in the opening, and whether the text is the joint statement itself."""
    people: list[Speaker] = []
    shown: list[Speaker] = []
    head_end = doc.paragraphs[min(1, len(doc.paragraphs) - 1)].end if doc.paragraphs else doc.title.end
    # A text scraped into one block has no opening paragraph: its head is its first few sentences.
    head_end = min(head_end, doc.title.end + _MAX_HEAD)
    opening = doc.paragraphs[0].start if doc.paragraphs else doc.title.end
    # The opening sentence may follow a subtitle paragraph ("*The New York Declaration: …*").
    starts = [p.start for p in doc.paragraphs[:2] if p.start < head_end] or [opening]
    we_opening = next((o for a in starts if (o := _WE_OPENING_RE.match(doc.work, a))), None)
    bodies: list[Speaker] = []  # the bodies the opening "We, the leaders of …" names ("the G7")
    if we_opening or _JOINT_MENTION_RE.search(doc.work[doc.title.start : head_end]):
        for m in ctx.registry.mentions:
            if m.start >= head_end:
                break
            sp = m.entity.speaker()
            if m.entity.kind == "person" and sp not in people:
                people.append(sp)
                if m.entity.person is not None or m.entity.roles:
                    shown.append(sp)
            elif (
                we_opening
                and m.entity.kind == "institution"
                and m.end <= we_opening.end()
                and sp not in bodies
            ):
                bodies.append(sp)
        # Capitalised runs ("a Global Partner") register as people too: when two or more signatories are
        # known or titled people, only those sign. An opening "We, the leaders of …" without them names the
        # bodies that sign (capitalised runs in a declaration's opening are mostly its subjects, not people).
        group = _opening_group(ctx, we_opening) if we_opening else None
        if group:
            people = group
        elif len(shown) >= 2:
            people = shown
        elif we_opening:
            people = bodies
        else:
            # No two known or titled people and no "We, the leaders of …" opening: only people the
            # opening's "We, A, …, and B, …, met" names sign. The other capitalised runs of the head are its
            # headings and subjects ("A. Toward a more secure world", "the Middle East"), and one known
            # person is whom the statement is about (the G7's "President Putin's war"), not who signs.
            named = _we_apposition_people(doc, ctx, starts)
            people = named if len(named) >= 2 else []
    itself = bool(
        we_opening
        or _JOINT_DOC_RE.match(doc.work, doc.title.start, doc.title.end)
        or _JOINT_DOC_RE.match(doc.work, opening)
    )
    return people, itself


# What opens an absolute participle clause with a subject of its own: "with", "and", "including" or a dash
# ("..., with Ada Vell saying ...", "– Vell saying she was pleased and Brask calling it ...", "included Vell
# vowing to ...").
_ABSOLUTE_LEAD_RE = re.compile(r"(?:\b(?:with|and|included|including)|[–—])\s*$")


def absolute_subject(ctx: Context, lo: int, cue_start: int) -> clauses.Subject | None:
    """The person named right before an -ing cue that opens an absolute clause: that person is the
    participle's own subject, not the main clause's ("the talks ended, with Ada Vell saying she was pleased").
    None when no person's name stands there, so the participle shares the main clause's subject."""
    subj = clauses.subject_before(ctx.work, lo, cue_start)
    w = ctx.work
    if (
        subj.kind != "phrase"
        or w[subj.end : cue_start].strip()
        or not w[subj.start : subj.start + 1].isupper()
    ):
        return None
    if not _ABSOLUTE_LEAD_RE.search(w, max(lo, subj.start - 12), subj.start):
        return None
    if not any(m.entity.kind == "person" for m in ctx.mentions_in(subj.start, subj.end)):
        return None
    return subj
