"""Mentions: the words that name, title or describe a person, and the capitalised runs that are names.

The word lists here are the one place that says what a title, a role noun, a pronoun, an unnamed source or
a joint subject looks like; the entity table (``entities``) and resolution (``coref``, ``resolution``) read
them from here. ``name_runs`` finds capitalised name runs in text, ``parsed_name_tokens`` trims them with the
parse, and the ``strip_*`` helpers normalise a written name to the words that are the name itself.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from quoteline.extract import kb
from quoteline.extract.parse import NON_NAME_POS
from quoteline.extract.text import word_set

# Words that are titles or descriptors, never part of a person's name.
TITLE_WORDS = word_set(
    """mp mep mps lawmaker legislator congressman congresswoman
    president presidents vice prime minister ministers chancellor secretary general
    secretary-general foreign affairs state mr mrs ms miss dr sen senator rep representative gov
    governor king queen prince princess sheikh emir sultan ambassador spokesman spokeswoman
    spokesperson commissioner chairperson chairman chairwoman chair director head deputy acting
    former general gen lt col colonel pope premier mayor leader leaders defence defense interior
    finance envoy special first lady gentleman his her excellency the cardinal archbishop bishop judge justice
    chief commander admiral marshal sir dame lord lady professor prof counsellor counselor adviser
    advisor minister-president speaker attorney deputies officials official press monsieur madame
    herr frau senor señor his-excellency majesty crown ceo cfo coo cto
    capt cpt sgt maj adm cmdr cpl pvt atty supt insp amb rev administrator coordinator
    captain sergeant corporal lieutenant superintendent inspector reverend detective constable sheriff
    prosecutor assemblyman assemblywoman assemblymember councillor councilor councilman councilwoman alderman
    rabbi imam pastor"""
)
# Courtesy titles: they make a name a person's but name no office ("Mr. Vell", "Dr. Orrin", "Dame Ada").
# The one list both the name reader (``HONORIFICS``) and the transcript's office test read.
COURTESY_TITLES = word_set(
    """mr mrs ms miss dr prof professor sir dame lady lord monsieur madame herr frau"""
)
# Titles that stand before a person's surname alone ("Judge Orrin", "Sen. Vell"): the words before a name
# that make it a person's even when the article never prints a given name.
HONORIFICS = COURTESY_TITLES | word_set(
    """sen senator rep representative gov governor judge justice mayor
    congressman congresswoman gen general ambassador cardinal archbishop bishop admiral
    colonel col lt commissioner chancellor premier
    capt cpt sgt maj adm cmdr cpl pvt atty supt insp amb rev
    captain sergeant corporal lieutenant superintendent inspector reverend detective constable sheriff
    assemblyman assemblywoman councillor councilor councilman councilwoman alderman rabbi imam pastor"""
)
# Party labels written before a name as an epithet ("Republican Ada Vell", "Westmarch Democrat Ivo Rast"):
# they describe the person, like a title, and are never part of the name itself. ("Tory" is left out: it is
# a given name too.)
PARTY_WORDS = word_set("""republican democrat democratic gop labour libertarian""")
NAME_PARTICLES = word_set(
    """de da del della di van von der den bin ibn al el le la dos das du ter y bint ben"""
)
NAME_SUFFIXES = word_set("""jr jr. sr sr. ii iii iv""")
ORG_WORDS = word_set(
    """organization organisation union council court airport airlines forces force mission dialogue
    ministry department bank fund agency states nations treaty group party assembly commission
    committee office house republic federation kingdom army navy police service news times post
    press institute university foundation international national summit conference charter act plan
    agreement area zone road street square palace kremlin cabinet government parliament congress
    senate duma administration embassy secretariat guard corps company corporation inc ltd network
    television radio tv agency authority authorities board bureau centre center club association
    alliance coalition front movement organisation tribunal monitoring programme program initiative
    community council coast gulf sea ocean river mountains islands island region province county
    city district airways railways media reuters meeting meetings remarks call conversation
    statement readout talks visit summit briefing interview speech address session forum declaration
    communique communiqué protocol accord accords convention strategy doctrine monitoring operation
    operations war crisis election elections referendum rights freedom freedoms justice peace
    development relations cooperation security health transport transportation liberties watch
    amnesty foundation trust fund society institute reserve treasury cross crescent survey
    technologies industries holdings enterprises pharmaceuticals laboratories
    corp co cos plc ag nv gmbh llc bancorp incorporated limited"""
)
# Title words that are as often ordinary words of a body's name ("Moms First", "Voices for Justice", "Press
# Forward", "Special Olympics"): no office on their own.
ORDINARY_IN_NAMES = word_set(
    """first state justice the his her leaders leader special foreign finance interior defense defence crown
    press general affairs official officials lady lord king queen prince princess"""
)
MONTHS_DAYS = word_set(
    """january february march april may june july august september october november december monday
    tuesday wednesday thursday friday saturday sunday jan feb mar apr jun jul aug sep sept oct nov
    dec"""
)
STOP_CAPS = word_set(
    """the a an in on at for with and but or as by from to of after before during while when where if
    this that these those it its he she they we i you our their his her according among regarding
    however meanwhile also then there here what who which why how following despite under over into
    asked speaking addressing last next earlier later today yesterday tomorrow mr dear"""
)
# Function words a sentence may open with, capitalised only there: a run they open ("Like Vell, the board
# ...", "Other Westmarchers said", "Outside Vell's plant, ...", "Absent Orrin's votes") starts after them,
# even in an article that never writes them in lower case.
SENTENCE_OPENERS = word_set(
    """like unlike other others still even only yet both neither either many some most every each such perhaps
    maybe indeed instead now nor several few another including besides although though because whether unless
    outside inside behind beyond across near around against without within amid amidst through throughout
    toward towards upon absent alongside beneath"""
)
# A word written as a brand, a capital inside it after three or more lower-case letters ("ProPublica",
# "BuzzFeed", "HarperCollins"): an organisation's name, never a person's alone. Surname prefixes of that
# length ("MacArthur", "VanHollen", "DesJarlais", "DelBene", "FitzGerald") keep a person's surname a name;
# shorter ones ("McCain", "LaHood", "DeSantis", "JoAnn") never reach three letters.
_BRAND_RE = re.compile(r"[A-Z][a-z]{2,}[A-Z][A-Za-z]*")
_SURNAME_PREFIXES = ("Mac", "Van", "Von", "Des", "Del", "Den", "Dos", "Ten", "Fitz", "Saint")


def brand_word(word: str) -> bool:
    """Whether a one-word name is written as a brand ("ProPublica"), not as a person's name."""
    return bool(_BRAND_RE.fullmatch(word)) and not any(
        word.startswith(p) and word[len(p) : len(p) + 1].isupper() for p in _SURNAME_PREFIXES
    )


PRONOUNS_PERSON = frozenset({"he", "she", "him", "her"})
PRONOUNS_GROUP = frozenset({"they", "them", "it"})
UNNAMED_RE = re.compile(
    r"\b(officials?|sources?|diplomats?|spokes(?:man|woman|person|people)|aides?|analysts?|insiders?|"
    r"people familiar|person familiar|observers?|experts?|witnesses|residents|lawmakers?|representatives?|"
    r"administration official|government official|military official|security official|"
    # Groups that speak as many ("critics say", "Vell's advisers argued", "Republicans who insist").
    # Plurals only: "a protester, Ada Orrin," is a named person.
    r"critics|supporters|opponents|advis[eo]rs|allies|strategists|operatives|activists|economists|"
    r"scientists|researchers|pollsters|historians|scholars|advocates|staffers|organi[sz]ers|"
    r"protesters|executives|donors|Republicans|Democrats|conservatives|liberals|progressives|"
    # Groups of people or bodies that speak as many in news copy ("voters say", "Companies argue").
    # A people ("Kenyans", "Asian Americans") is a group too: ``names_unnamed`` asks the knowledge base.
    r"voters|investors|prosecutors|politicians|rivals|independents|companies|firms|businesses|"
    r"employers|workers|unions|campaigners|environmentalists|doctors|teachers|parents|farmers|"
    # Bodies spoken of by their kind in the plural ("the groups said", "advocacy organizations argue").
    r"groups|organi[sz]ations)\b",
    re.IGNORECASE,
)
_CAPITALISED_WORD_RE = re.compile(r"[A-Z][\w'’-]*")


def unnamed_word(word: str) -> bool:
    """Whether one word names unnamed sources or a group that speaks as many: "officials", "critics", or a
    people by its plural demonym ("Kenyans", "Frenchmen"), which speaks as a crowd, not as its state."""
    return bool(UNNAMED_RE.fullmatch(word)) or kb.people_of(word) is not None


def group_word(word: str) -> bool:
    """Whether a name's last word makes the run a group that speaks as many ("Latino Republicans", "Muslim
    Americans", "Communications Workers"): a plural group word or people. Singular ones ("Business Insider")
    end the names of outlets and bodies."""
    return word.endswith("s") and not word.endswith("ss") and unnamed_word(word)


def names_unnamed(phrase: str) -> bool:
    """Whether a phrase holds a word that names unnamed sources or a group ("senior officials", "Asian
    Americans", "ordinary Tarsenians")."""
    return bool(UNNAMED_RE.search(phrase)) or any(
        kb.people_of(w) is not None for w in _CAPITALISED_WORD_RE.findall(phrase)
    )


PLACED_SOURCE_RE = re.compile(
    r"^(?:(?:a|an|the|some|several|two|three|four|many|other|senior|western|foreign|local)\s+)*"
    r"((?:[\w\-]+\s+){0,2}?[\w\-]+)\s+(?:in|at|from|near|inside|based in)\s+\S",
    re.IGNORECASE,
)
JOINT_RE = re.compile(
    r"^(the )?(two|both|three) (leaders|presidents|sides|parties|ministers|heads of state|countries)$|"
    r"^(the )?(leaders|sides|parties|interlocutors|presidents|counterparts)$|^both (men|sides|leaders)$",
    re.IGNORECASE,
)
# Role nouns that a description may head, mapped to the gazetteer role they name.
ROLE_NOUNS: dict[str, str] = {
    "president": "president",
    "leader": "leader",
    "head of state": "head_of_state",
    "head of government": "head_of_government",
    "prime minister": "prime minister",
    "premier": "prime minister",
    "chancellor": "chancellor",
    "foreign minister": "foreign minister",
    "foreign affairs minister": "foreign minister",
    "minister of foreign affairs": "foreign minister",
    "top diplomat": "foreign minister",
    "secretary of state": "foreign minister",
    "secretary-general": "secretary-general",
    "secretary general": "secretary-general",
    "king": "head_of_state",
    "queen": "head_of_state",
    "monarch": "head_of_state",
    "emir": "head_of_state",
    "strongman": "leader",
    "ruler": "leader",
    "autocrat": "leader",
    "dictator": "leader",
    "commissioner": "commissioner",
    "chairperson": "chairperson",
    "chairman": "chairperson",
    "minister": "minister",
    "ambassador": "ambassador",
    "envoy": "envoy",
    "secretary": "secretary",
    "spokesman": "spokesperson",
    "spokeswoman": "spokesperson",
    "spokesperson": "spokesperson",
    "senator": "senator",
    "director": "director",
    "governor": "governor",
    "mayor": "mayor",
    "chief": "leader",
}
# Occupations and ranks a description may head ("the 58-year-old former general"): they name no office
# to look up in the gazetteer, but match the words written around a person earlier in the article.
OCCUPATIONS = word_set("""general admiral colonel commander officer judge bishop archbishop priest economist
    lawyer activist journalist professor scientist veteran businessman businesswoman entrepreneur farmer
    teacher doctor surgeon engineer negotiator mediator diplomat banker tycoon oligarch dissident""")
for _noun in OCCUPATIONS:
    ROLE_NOUNS.setdefault(_noun, _noun)
# Words that make a role another one ("opposition leader" is not the country's leader).
_ROLE_QUALIFIERS = word_set(
    "opposition deputy vice assistant rebel separatist union party shadow junior militia student"
)
AGE_DESC_RE = re.compile(r"\b(\d{2})-year-old\b")
_AGE_AFTER_RE = re.compile(r"^,\s*(\d{2}),")
ROLE_RE = re.compile(
    r"\b(" + "|".join(sorted((re.escape(k) for k in ROLE_NOUNS), key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)
_WORD_RE = re.compile(r"[^\W\d_][\w'’\-]*\.?|[A-Z]\.")
_INITIAL_RE = re.compile(r"[A-Z]\.")
_INITIALS_RE = re.compile(r"(?:[A-Z]\.)+")
_POSSESSIVE_END_RE = re.compile(r"\w['’]s$|s['’]$")
_PREFIXED_NAME_RE = re.compile(r"^(?:al|el|ad|an|as|ash|at|az|bin|ibn|abu|de|di|da|du|le|la|van|von)-[A-Z]")


def qualified_role(text: str, rm: re.Match[str]) -> str:
    """The role word matched, with a qualifier that changes it ("opposition leader", "deputy minister")."""
    role = rm.group(1).lower()
    prev = text[: rm.start()].split()[-1:]
    if prev and prev[0].lower() in _ROLE_QUALIFIERS:
        return f"{prev[0].lower()} {role}"
    return role


def is_cap(tok: str) -> bool:
    return tok[:1].isupper()


_NOT_NAME_KEY_RE = re.compile(r"[^\w\s-]")


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    return " ".join(_NOT_NAME_KEY_RE.sub(" ", name.lower()).split())


_ORG_PHRASE_RE = re.compile(
    r"^(?:[Tt]he\s+)?((?:[A-Z][\w'’\-]*\s+)*?[A-Z][\w'’\-]*(?:\s+(?:of|for|on|and)(?:\s+the)?(?:\s+[A-Z][\w'’\-]*)+)*)$"
)


def org_name(phrase: str) -> str | None:
    """The phrase itself when it is wholly a capitalised organisation name with an organisation word."""
    m = _ORG_PHRASE_RE.match(phrase)
    if not m:
        return None
    words = [w.lower().strip(".,") for w in m.group(1).split()]
    last_org = max((k for k, w in enumerate(words) if w in ORG_WORDS), default=-1)
    if last_org < 0:
        return None
    # "White House Press Secretary Jen Psaki" is a person: a title after the last organisation word; so is
    # "United Nations Lena Varga", a name of two or more words after it.
    tail = m.group(1).split()[last_org + 1 :]
    named = len(tail) >= 2 and all(w[:1].isupper() and w.lower() not in ORG_WORDS for w in tail)
    if named or any(w in TITLE_WORDS for w in words[last_org + 1 :]):
        return None
    # "Minister of Transport Oskar Vell": a title first, then a name after the portfolio.
    if words[0] in TITLE_WORDS and words[0] not in ORG_WORDS and last_org + 1 < len(words):
        return None
    # "The Prime Minister of the Kingdom of Lusmark": an office of a state or body is its holder.
    office = words[words[0] == "the" : words.index("of")] if "of" in words else []
    if office and all(w in TITLE_WORDS and w not in ORG_WORDS for w in office):
        return None
    return m.group(1)


def title_case(text: str) -> str:
    """Title-case lower-case words, keeping short function words ("Ministry of Foreign Affairs")."""
    return " ".join(
        w if w[:1].isupper() or w in ("of", "for", "and", "the", "on") else w.capitalize()
        for w in text.split()
    )


def title_slice(tokens: list[str], i: int = 0) -> tuple[int, int]:
    """Slice of ``tokens`` (from ``i``) left after leading titles and trailing suffixes."""
    while i < len(tokens) and (
        tokens[i].lower().rstrip(".") in TITLE_WORDS or tokens[i].lower() in STOP_CAPS
    ):
        i += 1
    for k in range(len(tokens) - 2, i - 1, -1):
        if tokens[k].lower().rstrip(".") in TITLE_WORDS and tokens[k + 1].lower() not in TITLE_WORDS:
            i = k + 1
            break
    j = len(tokens)
    while j > i and tokens[j - 1].lower().rstrip(",") in NAME_SUFFIXES:
        j -= 1
    return i, j


def strip_titles(tokens: list[str]) -> list[str]:
    """A name's words without its titles ("Energy Minister Rada Koleva" keeps what follows the last title
    word) or trailing suffixes."""
    i, j = title_slice(tokens)
    return tokens[i:j]


_ABBREVIATIONS = word_set(
    """jr sr mr mrs ms dr st gen sen rep gov lt col capt cpt sgt maj adm cmdr cpl pvt atty supt insp amb prof
    rev"""
)


def abbreviation_at(text: str, stop: int) -> bool:
    """True when the full stop at ``stop`` closes an initial ("R.") or an abbreviation ("Jr."), not a
    sentence."""
    if text[stop] != ".":
        return False
    m = re.search(r"(?:^|[\s(])([A-Za-z]+)$", text[max(0, stop - 6) : stop])
    if m is None:
        return False
    word = m.group(1)
    return (len(word) == 1 and word.isupper()) or word.lower() in _ABBREVIATIONS


def drop_leading_states(words: list[str]) -> list[str]:
    """A name's words without a leading state or organisation ("United Nations Lena Varga")."""
    i = 0
    while i < len(words) - 1:
        for j in range(min(len(words) - 1, i + 3), i, -1):
            if kb.country_of(strip_possessive(" ".join(words[i:j]))):
                i = j
                break
        else:
            break
    return words[i:]


_POSSESSIVE_TAIL_RE = re.compile(r"['’]s?$")


def _has_apostrophe(tok: str) -> bool:
    """Whether ``tok`` holds an apostrophe, which every possessive and contraction pattern here needs."""
    return "'" in tok or "’" in tok


def strip_possessive(tok: str) -> str:
    if not _has_apostrophe(tok):
        return tok  # no apostrophe, no possessive (most words)
    return _POSSESSIVE_TAIL_RE.sub("", tok)


def parsed_name_tokens(
    toks: list[tuple[int, int, str]], persons: list[tuple[int, int]], words: dict[int, tuple[str, str]]
) -> list[tuple[int, int, str]]:
    """The words of a capitalised run that the parse shows to be the name: the last PERSON entity lying
    inside the run ("French Ambassador to Japan Paul Moreau", "Chief Executive Tim Cook"), else the run
    without leading words that cannot start a name. Runs outside the parsed sentences are kept whole, and so
    is the part of a run past the end of the parsed window: a window cut short after a cue ("Remarks by
    President Ada Brenn" parsed up to "Ada") yields a PERSON entity cut short too."""
    rs, re_ = toks[0][0], toks[-1][1]
    k = bisect.bisect_left(persons, (rs, rs))
    inside = []
    while k < len(persons) and persons[k][0] < re_:
        if persons[k][1] <= re_:
            inside.append(persons[k])
        k += 1
    if inside and inside[-1] != (rs, re_):
        a, b = inside[-1]
        kept = [t for t in toks if a <= t[0] and t[1] <= b]
        first = toks.index(kept[0]) if kept else 0
        if (
            first
            and kept[0][2].lower() in NAME_PARTICLES
            and toks[first - 1][2].lower().rstrip(".") not in TITLE_WORDS
        ):
            # An entity opening on a particle ("Bin Talal", "van Dorn") left out the given name it follows in
            # the run ("Prince Ali Bin Talal"): a particle never opens a full name.
            kept.insert(0, toks[first - 1])
        for t in toks:
            if t[0] >= b:
                if t[0] in words:
                    break  # the parse saw this word and left it out of the name
                kept.append(t)
        if kept:
            return kept
    i = 0
    while i < len(toks) - 1 and words.get(toks[i][0], ("", ""))[0] in NON_NAME_POS:
        i += 1
    return toks[i:]


# A contraction is no name word: "Hi, I’m Ada Orrin", "It’s Ivo Rast here", "You've seen", "Don't Wait".
_CONTRACTION_RE = re.compile(
    r"[A-Z][a-z]*['’](?:m|re|ve|d|ll|t)|(?:it|that|he|she|what|here|there|let|who|where|this|how)['’]s",
    re.IGNORECASE,
)


def name_runs(text: str, start: int, end: int) -> list[tuple[int, int, list[tuple[int, int, str]]]]:
    """Runs of capitalised words (with name particles and initials) in text[start:end]."""
    runs: list[tuple[int, int, list[tuple[int, int, str]]]] = []
    cur: list[tuple[int, int, str]] = []
    for m in _WORD_RE.finditer(text, start, end):
        w = m.group(0)
        if w[0].islower() and "-" not in w and w.lower() not in NAME_PARTICLES:
            # Most words: lower case, no particle, no "al-" prefix. No name word, it ends the run (the tests
            # below would say so too, at a cost for every word of the text).
            if cur:
                runs.append((cur[0][0], cur[-1][1], cur))
                cur = []
            continue
        if (
            cur
            and m.start() == cur[-1][1]
            and _INITIAL_RE.fullmatch(w)
            and _INITIALS_RE.fullmatch(cur[-1][2])
        ):
            # Initials printed without a space ("J.K. Orrin", "George H.W. Vell") are one word of the name:
            # split, all but the last would be lost before it.
            cur[-1] = (cur[-1][0], m.end(), cur[-1][2] + w)
            continue
        if cur:
            gap = text[cur[-1][1] : m.start()]
            joined = gap in (" ", ", ") and (gap == " " or w.lower().rstrip(".") in NAME_SUFFIXES)
            # A possessive ends a name: "Harbour Courier's Ada Vell", "the Wire's Ivo Rast" name a person
            # after their outlet or employer, who is no part of the name. A title's possessive stays in its
            # run ("the President's Press Secretary" is a description).
            prev = cur[-1][2]
            joined = joined and not (
                _has_apostrophe(prev)
                and _POSSESSIVE_END_RE.search(prev)
                and strip_possessive(prev).lower() not in TITLE_WORDS
            )
        else:
            joined = False
        is_name_tok = (is_cap(w) and not w.isupper()) or (len(w) <= 2 and w.endswith(".") and w[0].isupper())
        is_name_tok = is_name_tok or ("-" in w and bool(_PREFIXED_NAME_RE.match(w)))
        is_name_tok = is_name_tok or (w.isupper() and 2 <= len(w) <= 8)
        is_name_tok = is_name_tok and not (_has_apostrophe(w) and _CONTRACTION_RE.fullmatch(w))
        if is_name_tok or (cur and joined and w.lower() in NAME_PARTICLES):
            if cur and not joined:
                runs.append((cur[0][0], cur[-1][1], cur))
                cur = []
            # A full stop ends the run, unless it closes a title's abbreviation ("Westmarch Gov. Ilse Varro",
            # "Navy Capt. Jens Dalby"): the name after it is what the title stands before.
            abbreviated_title = w[:-1].lower() in TITLE_WORDS and len(w) <= 6
            if w.endswith(".") and len(w) > 3 and w.lower() not in NAME_SUFFIXES and not abbreviated_title:
                w = w[:-1]
                cur.append((m.start(), m.start() + len(w), w))
                runs.append((cur[0][0], cur[-1][1], cur))
                cur = []
                continue
            cur.append((m.start(), m.start() + len(w), w))
        else:
            if cur:
                runs.append((cur[0][0], cur[-1][1], cur))
                cur = []
    if cur:
        runs.append((cur[0][0], cur[-1][1], cur))
    # Trailing particles are not part of a name.
    out = []
    for a, _b, toks in runs:
        while toks and toks[-1][2].lower() in NAME_PARTICLES:
            toks = toks[:-1]
        if toks:
            out.append((a, toks[-1][1], toks))
    return out
