"""Clause helpers shared by direct and reported attribution: the subject before a cue, the speaker
phrase after it, adverbs to skip and the start of a cue's content.

These work on the length-preserving work text with plain token scans over bounded windows, so each
call costs time proportional to its window, never to the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from quoteline.extract.mentions import (
    MONTHS_DAYS,
    ROLE_NOUNS,
    SENTENCE_OPENERS,
    STOP_CAPS,
    TITLE_WORDS,
    unnamed_word,
)
from quoteline.extract.text import contracted_pronoun_pattern, word_set

_TOKEN_RE = re.compile(r"[\w'’\-\.\[\]]+|[,;:()“”\"«»—–]")
SKIP_BEFORE_CUE = word_set(
    """also again further then later previously earlier repeatedly once reportedly publicly firmly
    strongly clearly has have had would will did does do not never still even just immediately
    subsequently separately likewise meanwhile today yesterday already had been is was were are"""
)
# Lower-case words that may sit inside a subject noun phrase ("the 65-year-old president").
NP_LOWER = (
    word_set(
        """the a an of and 's two both three several some many other senior top former new outgoing acting
    deputy chief foreign affairs trade industry defence defense interior state administration
    ministry government spokesman spokeswoman spokesperson official officials source sources
    diplomat diplomats aide aides analyst analysts leader leaders president presidents minister
    ministers counterpart counterparts side sides party parties interlocutors head heads general
    secretary-general commissioner chairperson chairman envoy ambassador office agency department
    military army police security unnamed anonymous western russian us u.s. house press federal
    national regional local european high-ranking high ranking person people familiar with matter
    country countries nation leadership team delegation representative representatives premier
    chancellor king queen prime presidential executive legislative parliamentary central ministerial
    cabinet committee council service court commission bank staff armed forces economy energy
    finance justice health education opposition spokesmen campaign office press-secretary press
    secretary town city municipal village district county hall authorities"""
    )
    | TITLE_WORDS
    | frozenset(k for k in ROLE_NOUNS if " " not in k)
)
# Nouns of a posting held to a person or body: "to" after one continues the noun phrase ("the adviser
# to the Head of the Office", "the envoy to Lusmark"), where elsewhere it would end the subject.
POSTING_NOUNS = word_set(
    """adviser advisor advisers advisors aide aides assistant counsellor counselor envoy envoys ambassador
    ambassadors representative representatives attache consultant"""
)
_PREFIXED_RE = re.compile(r"^(?:al|el|ad|bin|ibn|abu|de|di|da|du|le|la|van|von)-[A-Z]")
OBJECT_PRONOUNS = frozenset({"him", "her", "them", "it", "he", "she", "they"})
PRONOUNS = frozenset({"he", "she", "they", "it"})
# "Finally, we agreed ...": a lower-case "we" is a subject too (it resolves only in a joint statement,
# to its signatories).
_SUBJECT_PRONOUNS = PRONOUNS | {"we"}
# A pronoun with a contracted auxiliary: "he’s", "they’re", "we’ve", "she’d", "who’s", "who’ve".
_CONTRACTED_RE = re.compile(contracted_pronoun_pattern("s|re|ve|d|ll"), re.IGNORECASE)
_AGE_RE = re.compile(r"^\d+(-year-old)?$|^\d+-year-old$")
_CLAUSE_BREAK = frozenset({";", ":", "(", ")", "—", "–", "“", "”", '"', "«", "»"})
_ORG_LINKS = frozenset({"for", "on", "and"})
_PLACE_PREPS = frozenset({"in", "at", "from", "near", "inside"})
_BE_FORMS = word_set("is was were are been be being")  # before a cue: a passive, whose subject is no speaker
_WEEKDAYS = word_set("monday tuesday wednesday thursday friday saturday sunday")
# Words a sentence may open with before its subject, capitalised there and so read into a name. Not "while":
# its clause tells a scene more often than a saying ("While the port added 300 jobs, ...").
_LEADING_NON_SUBJECT = _WEEKDAYS | word_set(
    """yesterday today tonight although though whereas because unless once when if since"""
)
_OPENING_CONJUNCTIONS = word_set("but and or yet so")
_APPOSITIVE_LEADS = word_set("""who which whose the a an his her its their""")
TEMPORAL_LEAD_RE = re.compile(
    r"\s*(?:(?:on|last|this|in|earlier|late|early)\s+(?:the\s+)?"
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|week|month|year|january|february|march|"
    r"april|may|june|july|august|september|october|november|december|\d{4}|weekend|morning|evening|night|"
    r"afternoon)(?:\s+(?:morning|afternoon|evening|night))?(?:\s+\d{1,2}(?:st|nd|rd|th)?)?(?:,?\s+\d{4})?|"
    r"today|yesterday|tonight|earlier|later|"
    r"again|also|publicly|repeatedly)\s*,?\s+",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Subject:
    """Where a cue's subject is: a phrase span, 'inherit' (from the clause before), or nothing."""

    kind: str  # "phrase" | "inherit" | "none"
    start: int = 0
    end: int = 0


def _tokens(text: str, lo: int, hi: int) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _TOKEN_RE.finditer(text, lo, hi)]


# The nouns of a body that speaks for itself ("'...,' the company said", "the union said"): words of a subject
# phrase for the rules, though not nouns a parse's subject is trusted on (``speaking_noun``): a misparse that
# takes "the company" of an earlier clause for the cue's subject must not beat the name the rules find.
BODY_NOUNS = word_set(
    """company firm corporation group organisation organization union network newspaper paper foundation
    bureau"""
)


def np_token(tok: str) -> bool:
    """True for a token that may sit inside a subject noun phrase."""
    low = tok.lower()
    if tok[:1].isupper() or tok[:1] == "[" or _PREFIXED_RE.match(tok):
        return True
    if low in NP_LOWER or low in BODY_NOUNS or _AGE_RE.match(low):
        return True
    return low.endswith(("'s", "’s")) and low[:-2] in NP_LOWER


def posting_link(prev: str, tok: str) -> bool:
    """True for the "to" of a posting after its noun ("adviser to"), which stays inside the noun phrase."""
    return tok.lower() == "to" and prev.lower().rstrip(".") in POSTING_NOUNS


def _skipped_before_cue(toks: list[tuple[int, int, str]], i: int) -> bool:
    """Whether the word before a cue is an auxiliary or adverb to skip ("has", "also", "will"). Capitalised
    inside a sentence it is a name instead ("which Will claims", George Will's surname)."""
    word = toks[i][2]
    if word.lower() not in SKIP_BEFORE_CUE:
        return False
    if not word[:1].isupper() or i == 0:
        return True
    prev = toks[i - 1][2]
    # A full stop before it ends a sentence, unless it closes a title or an initial ("Mr. Will", "G. Will").
    title = prev.lower().rstrip(".") in TITLE_WORDS or (len(prev) == 2 and prev[0].isupper())
    return prev in _CLAUSE_BREAK or (prev.endswith(".") and not title)


def _before_day_adjunct(toks: list[tuple[int, int, str]], i: int) -> int:
    """The subject's last token before a day adjunct that sits between it and the cue ("the Harbour Board
    of Lusmark on Monday announced"): after a capitalised name "on" would otherwise join the day to it."""
    if (
        i >= 2
        and toks[i][2].lower() in _WEEKDAYS
        and toks[i - 1][2].lower() in ("on", "last", "this")
        and toks[i - 2][2][:1].isupper()
    ):
        return i - 2
    return i


def _bracketed_tag(toks: list[tuple[int, int, str]], i: int) -> bool:
    """Whether ``toks[i]`` closes one capitalised word in brackets right after a capitalised word: an
    abbreviation ("(VCFR)", "(CalFire)") or a party tag ("(R-Val.)") glossing the name before it."""
    return (
        i >= 3
        and toks[i][2] == ")"
        and toks[i - 2][2] == "("
        and toks[i - 1][2][:1].isupper()
        and toks[i - 3][2][:1].isupper()
        and toks[i - 3][1] < toks[i - 2][0]  # a space before the bracket: not "Vell(s)"
    )


# A relative "who" whose clause opens with a phrase of time or frequency before its verb ("Ada Vell, who
# last year threatened to ...", "Mayor Brask, who two weeks ago pledged ...", "Vell, who has often
# complained ..."): the antecedent before the comma is the subject, as with "who" right before the verb.
_TIME_AFTER_WHO_RE = re.compile(
    r",\s+who\s+(?:(?:has|have|had)\s+)?(?:(?:just|only|also)\s+)?"
    r"(?:last\s+(?:year|week|month|night|spring|summer|fall|autumn|winter)"
    r"|(?:earlier\s+|later\s+)?this\s+(?:year|week|month)"
    r"|(?:a|an|one|two|three|four|five|six|several|few|\d+)\s+(?:days?|weeks?|months?|years?|decades?)\s+ago"
    r"|(?:on|last)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"|in\s+(?:January|February|March|April|May|June|July|August|September|October|November|December|(?:19|20)\d\d)"
    r"|often|long|once|twice|at\s+times)"
    r",?\s+(?:(?:has|have|had|also|often|repeatedly|[a-z]+ly)\s+)*$"
)


def subject_before(text: str, lo: int, cue_start: int) -> Subject:
    """The subject phrase ending just before the cue at ``cue_start`` (searching back to ``lo``)."""
    timed = _TIME_AFTER_WHO_RE.search(text, max(lo, cue_start - 80), cue_start)
    if timed is not None:
        who_end = text.index("who", timed.start()) + 3
        return subject_before(text, lo, who_end)
    toks = _tokens(text, max(lo, cue_start - 300), cue_start)
    i = len(toks) - 1
    while i >= 0 and (_skipped_before_cue(toks, i) or (toks[i][2].endswith("ly") and toks[i][2].islower())):
        i -= 1
    contracted = _CONTRACTED_RE.fullmatch(toks[i][2]) if i >= 0 else None
    if contracted:
        # "He’s pointing out ...", "they’ve said ...", "Vell, who’s argued ...": the pronoun (or the relative
        # word) before the contracted auxiliary is the subject.
        toks[i] = (toks[i][0], toks[i][0] + contracted.end(1), contracted.group(1))
    passive = any(t[2].lower() in _BE_FORMS for t in toks[i + 1 :])
    # Not before a passive: in "the Union (EU) were described by Vell" the cue's agent follows it.
    short_form = not passive and _bracketed_tag(toks, i)
    if short_form:
        # "The Valdor Commission on Fishing Rights (VCFR) said", "Sen. Ivo Marsk (R-Val.) said": the
        # bracketed abbreviation or party tag follows the name it belongs to, which is the subject.
        i -= 3
    if i < 0:
        return Subject("none")
    if toks[i][2].lower() in ("and", "but", "or"):
        return Subject("inherit", cue_start, cue_start)
    if toks[i][2] == ",":
        # "X, the foreign minister of Cuba, said" / "X, who has ruled since 1994, said" / "X, however, said":
        # skip a description or aside between commas; "the bloc's chief, Aurelio Vanni, said": take the name.
        j = i - 1
        while j >= 0 and toks[j][2] not in (",", ";", ":", "(", "—", "–"):
            j -= 1
        if j < 0 or toks[j][2] != "," or j + 1 >= i:
            return Subject("inherit", cue_start, cue_start)
        seg = toks[j + 1 : i]
        lead = seg[0][2]
        place_tail = _place_continuation(toks, j) if _region_like(seg) else None
        if place_tail is not None:
            # "Ada Vell, a shipowner from Portwick, Halden, said": the capitalised part is the region of the
            # place the description ends with, not a name; the description is the aside.
            j = place_tail
            seg = toks[j + 1 : i]
            lead = seg[0][2]
        if lead[:1].isupper() and lead.lower() not in _APPOSITIVE_LEADS and all(np_token(t[2]) for t in seg):
            return Subject("phrase", seg[0][0], seg[-1][1])
        if lead[:1].isupper() and lead.lower() not in _APPOSITIVE_LEADS:
            return Subject("inherit", cue_start, cue_start)
        i = j - 1
        if i < 0:
            return Subject("none")
    if toks[i][2].lower() in ("who", "which", "that") and i >= 2 and toks[i - 1][2] == ",":
        i -= 2  # "Voronets, who proposed ...": the antecedent before the comma speaks
    end_i = _before_day_adjunct(toks, i)
    i = end_i
    if toks[i][2].lower() in _SUBJECT_PRONOUNS:
        return Subject("phrase", toks[i][0], toks[i][1])
    while (
        i >= 0
        and toks[i][2] not in _CLAUSE_BREAK
        and toks[i][2] != ","
        and (
            np_token(toks[i][2])
            or (toks[i][2] in _ORG_LINKS and i > 0 and toks[i - 1][2][:1].isupper())
            or (i > 0 and posting_link(toks[i - 1][2], toks[i][2]))
        )
    ):
        i -= 1
    first = i + 1
    if short_form and i >= 0 and toks[i][2] == ",":
        # "Ada Vell, a former mayor, and Chair of the Tidal Panel (TP) said": the bracketed name ends an
        # apposition, whose head speaks; the rules leave it to the parse, as before any short form.
        return Subject("none")
    # A conjunction opening the sentence ("But Republicans said", "And Democrats said") is capitalised there,
    # so the backward walk took it in; it is no word of the subject.
    while first <= end_i and toks[first][2].lower() in ("and", "but", "or", "nor", "of", "'s"):
        first += 1
    if first > end_i:
        return Subject("none")
    # A subject never starts with a sentence-opening preposition captured by capitalisation ("At", "In").
    if toks[first][2].lower() in (
        "at",
        "in",
        "on",
        "with",
        "after",
        "before",
        "for",
        "during",
        "as",
        "among",
    ):
        first += 1
        while first <= end_i and np_token(toks[first][2]) and toks[first][2][:1].islower():
            first += 1
    # "Friday the Harbour Board announced", "Although the Harbour Board asked": a time word or a
    # subordinator glued on by capitalisation opens no name.
    while first < end_i and toks[first][2].lower() in _LEADING_NON_SUBJECT:
        first += 1
    if first > end_i:
        return Subject("none")
    named = _unclosed_apposition(toks, first, end_i)
    if named is not None:
        return named
    # "Diplomats in Halvik said": the place belongs to an unnamed source, which is the subject.
    if first >= 2 and toks[first - 1][2].lower() in _PLACE_PREPS and unnamed_word(toks[first - 2][2]):
        first -= 2
        while first > 0 and toks[first - 1][2] not in _CLAUSE_BREAK and np_token(toks[first - 1][2]):
            first -= 1
    return Subject("phrase", toks[first][0], toks[end_i][1])


def _region_like(seg: list[tuple[int, int, str]]) -> bool:
    """Whether a segment between commas could be a place's region ("Halden", "New Halden"): one to three
    capitalised words and no "and" (a pair of names is no region)."""
    return 0 < len(seg) <= 3 and all(t[2][:1].isupper() and t[2].isalpha() for t in seg)


def _place_continuation(toks: list[tuple[int, int, str]], comma: int) -> int | None:
    """The comma opening an aside that ends in a place (`, a shipowner from Portwick`) when the token at
    ``comma`` closes that aside before a capitalised region (`Portwick, Halden,`); else None. The aside must
    open like a description (an article, a possessive, or a lower-case word) and name the place after "in",
    "at", "from", "near" or "inside"."""
    k = comma - 1
    while k >= 0 and toks[k][2][:1].isupper() and toks[k][2] not in _CLAUSE_BREAK:
        k -= 1
    if k < 0 or k == comma - 1 or toks[k][2].lower() not in _PLACE_PREPS:
        return None
    j = k - 1
    while j >= 0 and toks[j][2] not in (",", ";", ":", "(", "—", "–"):
        j -= 1
    if j < 0 or toks[j][2] != "," or j + 1 >= k:
        return None
    lead = toks[j + 1][2]
    return j if lead.lower() in _APPOSITIVE_LEADS or lead[:1].islower() else None


def _unclosed_apposition(toks: list[tuple[int, int, str]], first: int, end_i: int) -> Subject | None:
    """The name opening `Ada Vell, the chairman of the Harbour Board said`: an apposition whose closing comma
    is missing, so that the phrase before the cue is the description's organisation. The name, two
    capitalised words or more, opens the sentence; the description starts with an article, links with "of",
    "for" or "at", and ends in the capitalised organisation just before the cue."""
    comma = first - 1
    while comma >= 0 and toks[comma][2] not in _CLAUSE_BREAK and toks[comma][2] != "," and first - comma <= 8:
        comma -= 1  # back over the lower-case head of the description ("communications director")
    if comma < 2 or toks[comma][2] != ",":
        return None
    opener = toks[comma + 1][2]
    if opener.lower() not in ("the", "a", "an") and not (opener.isalpha() and opener.islower()):
        # A posting with no article opens a description too ("Ada Vell, executive director of the Harbour
        # Board, a union that …, said": the aside after it was skipped, and the name heads the subject).
        return None
    desc = [t[2] for t in toks[comma + 1 : end_i + 1]]
    if not desc[-1][:1].isupper() or not any(w in ("of", "for", "at") for w in desc):
        return None
    k = comma - 1
    while k >= 0 and toks[k][2][:1].isupper() and toks[k][2] not in _CLAUSE_BREAK:
        k -= 1
    k0 = k + 1
    while k0 < comma and toks[k0][2].lower() in _OPENING_CONJUNCTIONS:
        k0 += 1  # "But Ada Vell, …": the conjunction opening the sentence is no word of the name
    run = [t[2] for t in toks[k0:comma]]
    if len(run) < 2 or (k >= 0 and toks[k][2] not in _CLAUSE_BREAK):
        return None
    lead = run[0].lower()
    if lead in STOP_CAPS or lead in SENTENCE_OPENERS or lead in MONTHS_DAYS:
        return None  # "In Westmarch, the chairman of ...", "Last Tuesday, the board of ...": no name
    return Subject("phrase", toks[k0][0], toks[comma - 1][1])


def phrase_after(text: str, start: int, hi: int) -> tuple[int, int] | None:
    """The speaker noun phrase starting at ``start`` ("said the 65-year-old president")."""
    toks = _tokens(text, start, min(hi, start + 200))
    out: list[tuple[int, int, str]] = []
    for t in toks:
        if t[2] in _CLAUSE_BREAK or t[2] == "," or t[2] == ".":
            break
        word = t[2].rstrip(".")
        if not out and word.lower() in OBJECT_PRONOUNS:
            out.append(t)
            break
        if (
            not np_token(word)
            and not (out and word.lower() in ("of", "and"))
            and not (out and posting_link(out[-1][2], word))
        ):
            break
        out.append(t)
        # A full stop ends the phrase unless it closes a title abbreviation ("said Sen. Ana Ruiz").
        if t[2].endswith(".") and len(t[2]) > 3 and word.lower() not in TITLE_WORDS:
            break
    while out and out[-1][2].lower() in ("of", "and", "the", "to"):
        out.pop()
    if not out:
        return None
    end = out[-1][1]
    if text[end - 1] == ".":
        end -= 1
    return out[0][0], end


def words_between(text: str, a: int, b: int) -> list[str]:
    """The word tokens of text[a:b]."""
    return [t[2] for t in _tokens(text, a, b)]
