"""Ministries named in an article ("the Ministry of Energy of the Republic of Valdoria") and their plain
names ("Valdorian Energy Ministry"), so that a later bare "the Ministry said" resolves to the one named.

Also the portfolio words that follow "Minister of" in a title ("Minister of Energy Rada Koleva"), which
are never part of the person's name.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from quoteline.extract import kb
from quoteline.extract.mentions import ORG_WORDS
from quoteline.extract.model import Speaker
from quoteline.extract.text import word_set

# Words naming a government portfolio: "Minister of <these> Name", "the <these> Ministry".
PORTFOLIO_WORDS = word_set(
    """energy transport transportation finance foreign affairs defence defense health justice interior
    home education economy economic trade industry agriculture culture labour labor environment tourism
    science digital development infrastructure communications information social security welfare
    fisheries forestry mines mining housing sport sports youth family families women veterans regional
    public works water resources climate commerce planning budget treasury internal external relations
    emergencies emergency situations"""
)
_CAP = r"[A-Z][\w\-]+"
_PORTFOLIO = rf"{_CAP}(?:(?:\s+and\s+|,\s+|\s+){_CAP})*?"
_POLITY = r"(?:Republic|Kingdom|Federation|Commonwealth|State|Principality)"
_STATE = rf"(?:\s+of\s+(?:the\s+)?(?:{_POLITY}\s+of\s+)?({_CAP}))?"
_MINISTRY_OF_RE = re.compile(rf"\bMinistry\s+(?:of|for)\s+(?:the\s+)?({_PORTFOLIO})(?={_STATE}\b){_STATE}")
_X_MINISTRY_RE = re.compile(rf"((?:{_CAP}(?:['’]s)?\s+){{1,3}})Ministry\b(?!\s+(?:of|for)\s)")
_TITLE_OF_RE = re.compile(
    r"\b(?:minister|ministers|secretary|commissioner|director|head|chief|chairman|chairwoman|chairperson)"
    r"\s+(?:of|for)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


@lru_cache(maxsize=256)
def demonym(country: str) -> str | None:
    """The first demonym of a country ("Valdoria" -> "Valdorian"), or None."""
    ent = kb.country_entity(country)
    dems = getattr(ent, "demonyms", ()) if ent is not None else ()
    return str(dems[0]) if dems else None


def plain_ministry(portfolio: str, country: str | None) -> Speaker:
    """A ministry's plain name: "<Demonym> <Portfolio> Ministry" when its state is known."""
    words = [w for w in re.split(r"[\s,]+", portfolio) if w]
    core = " ".join(words)
    dem = demonym(country) if country else None
    name = f"{dem} {core} Ministry" if dem else f"{core} Ministry"
    return Speaker(name, "institution", country)


def ministries(text: str, start: int, end: int) -> list[tuple[int, Speaker]]:
    """Ministries named in text[start:end], with where each is named, in order."""
    out: list[tuple[int, Speaker]] = []
    if text.find("Ministry", start, end) < 0:
        return out  # both patterns name the word; most articles never print it
    for m in _MINISTRY_OF_RE.finditer(text, start, end):
        portfolio = m.group(1)
        if not all(
            w.lower() in PORTFOLIO_WORDS or w.lower() == "and" for w in re.split(r"[\s,]+", portfolio)
        ):
            continue
        country = kb.country_of(m.group(2)) if m.group(2) else None
        out.append((m.start(), plain_ministry(portfolio, country)))
    for m in _X_MINISTRY_RE.finditer(text, start, end):
        words = m.group(1).split()
        if words[0] in ("The", "the"):
            words = words[1:]
        country = kb.country_of(re.sub(r"['’]s?$", "", words[0])) if words else None
        if country:
            words = words[1:]
        if not words or not all(w.lower() in PORTFOLIO_WORDS for w in words):
            continue
        out.append((m.start(), plain_ministry(" ".join(words), country)))
    out.sort(key=lambda t: t[0])
    return out


# An organisation's head word and the preposition that joins the rest of its name: "the Center for ",
# "Council on ", "Office of the ". What follows completes the organisation's name; it is no person.
_ORG_HEAD_JOIN_RE = re.compile(r"\b([A-Z][\w\-]*)\s+(?:for|on|of)\s+(?:the\s+)?$")


# The same, with a first coordinate of the name's tail before "and": "the Department of Ferries and ",
# "Centers for Tides, Storms and ".
_ORG_HEAD_COORDINATE_RE = re.compile(
    r"\b([A-Z][\w\-]*)\s+(?:for|on|of)\s+(?:the\s+)?(?:[A-Z][\w\-]*,?\s+){1,4}(?:and|&)\s+$"
)


def _ends_with(window: str, words: tuple[str, ...]) -> bool:
    """Whether ``window``, less its trailing space, ends with one of ``words`` (lower-case) in any case.

    The look-backs below run for every capitalised run of an article and each of their patterns ends with one
    of a few words and then space: this test, a necessary condition, spares the pattern's search elsewhere."""
    return window.rstrip().lower().endswith(words)


def org_name_tail(text: str, pos: int) -> bool:
    """True when the capitalised run at ``pos`` completes an organisation's name: it follows a capitalised
    organisation word and "for", "on" or "of" ("the Center for Tidal Studies", "Council on Tide Fairness")."""
    window = text[max(0, pos - 60) : pos]
    if not _ends_with(window, ("for", "on", "of", "the")):
        return False
    m = _ORG_HEAD_JOIN_RE.search(window)
    return m is not None and m.group(1).lower() in ORG_WORDS


def org_name_coordinate(text: str, pos: int) -> bool:
    """True when the capitalised run at ``pos`` is the last coordinate of an organisation's name after
    "and" ("the Department of Ferries and Harbour Works"). A person may stand there too ("the Council of
    Lusmark and Ivo Marsk"), so the caller still asks whether the run is a person's name."""
    window = text[max(0, pos - 80) : pos]
    if not _ends_with(window, ("and", "&")):
        return False
    m = _ORG_HEAD_COORDINATE_RE.search(window)
    return m is not None and m.group(1).lower() in ORG_WORDS


def after_title_of(text: str, pos: int) -> bool:
    """True when ``pos`` follows "Minister of " (so leading portfolio words there are not a name)."""
    window = text[max(0, pos - 40) : pos]
    return _ends_with(window, ("of", "for", "the")) and bool(_TITLE_OF_RE.search(window))


# "Governor of Kamchatka Territory Vladimir Solodov", "Minister for Reintegration of the Temporarily Occupied
# Territories Iryna Vereshchuk": a posting's object runs into its holder's name as one capitalised run.
_POSTING_RE = re.compile(
    r"\b(?:governor|mayor|head|minister|director|chairman|chairwoman|chairperson|chair|president|ceo|"
    r"ambassador|commissioner|secretary|chief|representative|envoy|ombudsman|rector|prosecutor|speaker|"
    r"adviser|advisor|commander)\b[^.;:!?]{0,60}\b(?:of|for|to)\s+(?:the\s+)?"
    r"(?:(?-i:[A-Z])[\w\-]*,?\s+)*(?:and\s+)?$",  # "Minister of Labour and " before "Social Protection …"
    re.IGNORECASE,
)
# Nouns that end a posting's object: the place or body the holder heads.
_POSTING_OBJECT_END = word_set(
    """territory territories region regions oblast krai okrug republic province district city county state
    protection service services corporation company board bank society foundation fund agency committee
    council office group bureau authority commission administration institute university centre center
    ministry department forces guard court chamber assembly union federation organisation organization
    inspectorate international"""
)


# A posting noun right before its "of"/"for"/"from" ("Mayor of ", "Senator from "): the capitalised run
# after it opens with the posting's object.
_POSTING_HEAD_RE = re.compile(
    r"\b(?:governor|mayor|head|minister|director|general|chairman|chairwoman|chairperson|chair|president|ceo|"
    r"ambassador|commissioner|secretary|chief|representative|envoy|ombudsman|rector|prosecutor|speaker|"
    r"adviser|advisor|commander|senator|congressman|congresswoman)\s+(?:of|for|from)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


def right_after_posting(text: str, pos: int) -> bool:
    """True when ``pos`` follows a posting noun and its "of"/"for"/"from" with nothing between them ("Mayor of
    ", "Senator from "): a run of three words there is the object's one word and a two-word name."""
    return bool(_POSTING_HEAD_RE.search(text[max(0, pos - 40) : pos]))


def after_posting(text: str, pos: int) -> bool:
    """True when ``pos`` follows a posting's "of"/"for"/"to" ("Governor of ", "Minister for X of the ")."""
    return bool(_POSTING_RE.search(text[max(0, pos - 90) : pos]))


def posting_name_start(words: list[str], given_name: Callable[[str], bool]) -> int:
    """Where the holder's name starts in a run after a posting ("Kamchatka Territory Vladimir Solodov" -> 2).

    The name is the run's last two or three words, when what shows its start does: the noun of a place or
    body before it ("Territory"), a state before it ("Malaysia Ismail Sabri Yaakob"), or a given name the
    gazetteer knows opening it ("Udmurtia Alexander Brechalov"). 0 when nothing shows it.
    """
    for i in range(1, len(words) - 1):
        if kb.gazetteer_person_known(" ".join(words[i:])):
            return i  # a listed person's whole name ("Mohamed bin Zayed Al Nahyan")
    for i in range(max(1, len(words) - 3), len(words) - 1):
        before = words[i - 1]
        if (
            before.lower() in _POSTING_OBJECT_END
            or kb.country_of(" ".join(words[:i]))
            or given_name(words[i])
        ):
            return i
    # "Minister of Digital Transformation Ivo Rast", "Adviser for Tidal Safety Ada Vell": the name starts
    # after the object's last common noun, known by a portfolio word or a noun ending, when two or three
    # words are left for the name.
    for i in range(max(1, len(words) - 3), len(words) - 1):
        if _object_noun(words[i - 1], given_name) and not _object_noun(words[i], given_name):
            return i
    return 0


# Endings of abstract and collective nouns ("Transformation", "Technology", "Safety", "Resilience"), which no
# surname in a posting's object has.
_NOUN_ENDING_RE = re.compile(
    r"(?:tions?|sions?|ments?|ities|ity|ety|isms?|ances?|ences?|ogy|ologies|ics|ures?|ships?|ness|ries)$"
)


def _object_noun(word: str, given_name: Callable[[str], bool]) -> bool:
    """Whether a capitalised word of a posting's object is a common noun, not part of a name."""
    return (word.lower() in PORTFOLIO_WORDS or bool(_NOUN_ENDING_RE.search(word))) and not given_name(word)


def skip_portfolio(words: list[str], i: int = 0) -> int:
    """Index of the first word at or after ``i`` that is not a portfolio word ("Energy Rada Koleva" -> 1)."""
    while i < len(words) - 1 and (words[i].lower() in PORTFOLIO_WORDS or words[i].lower() == "and"):
        i += 1
    return i


# ----- bodies that speak on their own authority: news outlets, embassies, police forces -----
_MEDIA_NOUN = (
    r"(?i:media|radio|television|tv|broadcaster|news\s+agency|press\s+agency|agency|newspaper|daily|weekly|"
    r"tabloid|paper|channel|network|magazine|website|outlet|news\s+site|wire\s+service)"
)
_MEDIA_ADJ = (
    r"(?i:state|state-run|state-owned|state-controlled|official|public|national|government|pro-\w+|"
    r"local|independent|opposition|leading|business|financial|online|[a-z]+-based|news)"
)
# "[the] [Paris|Syria's|Syrian] [state] daily|media|news agency [Name]"
_MEDIA_RE = re.compile(
    rf"^(?i:the\s+|a\s+)?(?P<owner>(?:{_CAP}(?:['’]s)?\s+){{0,2}}?)(?P<desc>(?:{_MEDIA_ADJ}\s+)*{_MEDIA_NOUN})"
    rf"(?:,?\s+(?P<name>(?:{_CAP}|[A-Z]{{2,}})(?:\s+(?:{_CAP}|[A-Z]{{2,}}|de|du|la|le|di|der|des|of|the|al))*))?$",
)
_STATE_MEDIA_RE = re.compile(
    r"\b(?:state|state-run|state-owned|state-controlled|official|government)\b", re.I
)
_EMBASSY_RE = re.compile(
    rf"^(?i:the\s+)?(?P<owner>{_CAP}(?:\s+{_CAP})?(?:['’]s)?)\s+(?P<kind>(?i:embassy|consulate(?:\s+general)?))"
    rf"(?:\s+in\s+(?P<where>{_CAP}(?:\s+{_CAP})?))?$",
)
_POLICE_RE = re.compile(
    rf"^(?i:the\s+)?(?:(?P<before>{_CAP}(?:\s+{_CAP})?(?:['’]s)?)\s+)?(?i:police(?:\s+force|\s+department|\s+service)?)"
    rf"(?:\s+(?:in|of)\s+(?P<after>{_CAP}(?:\s+{_CAP})?))?$",
)
_SPOKESPERSON_FOR_RE = re.compile(
    r"^(?:a|an|the|one)\s+(?:\w+\s+)?(?:spokes(?:man|woman|person)|representative|press\s+officer)\s+"
    r"(?:for|of|at|from)\s+(?P<body>.+)$",
    re.IGNORECASE,
)


def _owner_country(owner: str) -> str | None:
    owner = re.sub(r"['’]s?$", "", owner.strip())
    return kb.country_of(owner) if owner else None


def _is_cap_word(word: str) -> bool:
    return word[:1].isupper()


def outlet(phrase: str, home: str | None) -> Speaker | None:
    """A news outlet reporting on its own authority: "the Paris daily Le Monde" is Le Monde; "state radio",
    "Syria's state media" are the state's own ("Syrian state media", the article's state when none is
    written)."""
    m = _MEDIA_RE.match(phrase.strip())
    if not m:
        return None
    owner = m.group("owner").strip()
    if owner and not all(_is_cap_word(w) for w in owner.split()):
        return None
    country = _owner_country(owner)
    name = (m.group("name") or "").strip()
    if name:
        known = kb.resolve(name)
        if known is not None and getattr(known, "kind", "") == "institution":
            return Speaker(known.canonical, "institution", getattr(known, "country", None) or country)
        return Speaker(name, "institution", country)
    desc = " ".join(m.group("desc").lower().split())
    if owner and country is None:
        return None  # "the Halvik Courier newspaper" is a name run, resolved elsewhere
    if not _STATE_MEDIA_RE.search(desc):
        return None  # "the newspaper": whose it is, the article says elsewhere
    country = country or home
    dem = demonym(country) if country else None
    return Speaker(f"{dem} {desc}" if dem else desc, "institution", country)


def embassy(phrase: str) -> Speaker | None:
    """A state's embassy or consulate: "the Tarsenian Embassy in Halvik" is "Tarsenian Embassy in Halvik"."""
    m = _EMBASSY_RE.match(phrase.strip())
    if not m:
        return None
    country = _owner_country(m.group("owner"))
    if country is None:
        return None
    dem = demonym(country) or country
    kind = " ".join(w.capitalize() for w in m.group("kind").split())
    where = f" in {m.group('where')}" if m.group("where") else ""
    return Speaker(f"{dem} {kind}{where}", "institution", country)


def police(phrase: str, home: str | None) -> Speaker | None:
    """A police force: "police in Halvik" and "Halvik police" are "Halvik Police"; bare "police" is the
    article's own state's."""
    m = _POLICE_RE.match(phrase.strip())
    if not m:
        return None
    place = (m.group("before") or m.group("after") or "").strip()
    place = re.sub(r"['’]s?$", "", place)
    if place:
        return Speaker(f"{place} Police", "institution", kb.country_of(place))
    return Speaker("Police", "institution", home)


def spokesperson_body(phrase: str) -> str | None:
    """The body a spokesperson speaks for ("a spokeswoman for the ministry" -> "the ministry"), or None."""
    m = _SPOKESPERSON_FOR_RE.match(phrase.strip())
    return m.group("body") if m else None


# After an organisation's name, a saying verb whose words show a body speaking on its own authority: a written
# statement ("Valtrix said in a statement") or the body naming itself "it" ("Valtrix said it would ...").
_SELF_SPEAKING_RE = re.compile(
    r"\s+(?:also\s+|later\s+|has\s+|had\s+)?(?:said|says|announced|stated|confirmed|added|wrote|noted|reported|disclosed|warned|insisted)"
    r"(?:\s+(?:in|on)\s+(?:a|an|its)\s+(?:[\w\-]+\s+){0,2}?(?:statement|release|filing|post|tweet|email|letter|"
    r"notice|report)\b"
    r"|(?:\s+(?:on|late|early)\s+[A-Z]\w+)?,?\s+(?:that\s+)?(?:it|its|it's|it’s|it'd|it’d|it'll|it’ll)\b)"
)
# Words joining the capitalised words of an organisation's name ("Bank of Orvel", "Friends for Tamsin").
_NAME_JOINS = frozenset({"of", "for", "and", "the", "on", "&"})


def speaks_as_itself(text: str, end: int) -> bool:
    """Whether the subject ending at ``end`` is followed by a saying verb that shows an organisation speaking
    for itself: "in a statement", or "said it ...", as a body (not a person) refers to itself."""
    return _SELF_SPEAKING_RE.match(text, end) is not None


def organisation_phrase(phrase: str) -> str | None:
    """The name in a capitalised subject phrase that could be an organisation's ("Valtrix", "The Orvel
    Trust", "Quandry Labs"), without a leading "The"; None for a phrase with lower-case words."""
    words = phrase.split()
    if words and words[0].lower() == "the":
        words = words[1:]
    if not words or not words[0][:1].isupper() or not words[-1][:1].isupper():
        return None
    if not all(w[:1].isupper() or w.lower() in _NAME_JOINS for w in words):
        return None
    return " ".join(words)


def fuller_name(text: str, name: str, before: int) -> str:
    """The fuller name an organisation is given earlier in the text, when a one-word subject is its first word
    ("Treasury" after "the Treasury Department"); else the name as given."""
    pattern = rf"\b{re.escape(name)}((?:\s+{_CAP}){{1,3}})"
    for m in re.finditer(pattern, text[:before]):
        tail = m.group(1).split()
        for k in range(len(tail), 0, -1):
            if tail[k - 1].lower() in _ORG_TAILS:
                return " ".join([name, *tail[:k]])
    return name


# Last words of an organisation's full name: a one-word subject is that body's short form.
_ORG_TAILS = frozenset(
    {
        "department",
        "ministry",
        "agency",
        "commission",
        "committee",
        "bureau",
        "office",
        "council",
        "court",
        "service",
        "board",
        "authority",
        "administration",
        "corporation",
        "company",
        "inc",
        "institute",
    }
)


# A candidate's campaign speaking as a body: "the Brannock campaign", "Brannock's campaign", "Brannock
# campaign", "her re-election campaign"; the owner is a person's name or a pronoun.
_CAMPAIGN_RE = re.compile(
    r"(?:the\s+)?(?P<owner>[A-Z][\w.'’\-]*(?:\s+[A-Z][\w.'’\-]*){0,3}?|his|her|their|[Tt]he)(?:['’]s?)?"
    r"\s+(?:(?:presidential|re-?election|senate|mayoral|primary|\d{4})\s+)?campaign"
)
CAMPAIGN_SUFFIX = "campaign"


def campaign_owner(phrase: str) -> str | None:
    """The owner a subject phrase names as running a campaign ("The Brannock campaign" -> "Brannock",
    "Brannock’s campaign" -> "Brannock", "his campaign" -> "his", "the campaign" -> "the"), or None when
    the phrase is no campaign."""
    m = _CAMPAIGN_RE.fullmatch(" ".join(phrase.split()))
    if m is None:
        return None
    owner = m.group("owner")
    return owner.lower() if owner.lower() in ("his", "her", "their", "the") else owner


def campaigns_named(text: str, pos: int) -> list[str]:
    """The owners of campaigns the text names before ``pos``, latest last ("the Brannock campaign",
    "Brannock’s campaign")."""
    return [
        m.group("owner")
        for m in _CAMPAIGN_RE.finditer(text, 0, pos)
        if m.group("owner").lower() not in ("his", "her", "their", "the")
    ]
