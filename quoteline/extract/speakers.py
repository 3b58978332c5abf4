"""Speaker mentions: names, titles, descriptions, institutions and unnamed sources, and their resolution.

``Registry.build`` scans an article once for capitalised name runs and remembers, per person, the fullest
name printed, the gazetteer entry, the country and the role words written around it. ``Registry.resolve``
turns a subject phrase ("he", "the Belarusian leader", "Lukashenko", "Iran's foreign ministry", "a senior
official") into a ``Speaker`` using that registry, the speaker in focus and the gazetteer.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from quoteline.extract import institutions, kb
from quoteline.extract.model import Speaker
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
    finance envoy special first lady his her excellency the cardinal archbishop bishop judge justice
    chief commander admiral marshal sir dame lord lady professor prof counsellor counselor adviser
    advisor minister-president speaker attorney deputies officials official press monsieur madame
    herr frau senor señor his-excellency majesty crown"""
)
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
    amnesty foundation trust fund society institute reserve treasury cross crescent"""
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
    asked speaking addressing last next earlier later today yesterday tomorrow mr"""
)
PRONOUNS_PERSON = frozenset({"he", "she", "him", "her"})
PRONOUNS_GROUP = frozenset({"they", "them", "it"})
UNNAMED_RE = re.compile(
    r"\b(officials?|sources?|diplomats?|spokes(?:man|woman|person|people)|aides?|analysts?|insiders?|"
    r"people familiar|person familiar|observers?|experts?|witnesses|residents|lawmakers?|representatives?|"
    r"administration official|government official|military official|security official)\b",
    re.IGNORECASE,
)
_PLACED_SOURCE_RE = re.compile(
    r"^(?:(?:a|an|the|some|several|two|three|four|many|other|senior|western|foreign|local)\s+)*"
    r"((?:[\w\-]+\s+){0,2}?[\w\-]+)\s+(?:in|at|from|near|inside|based in)\s+\S",
    re.IGNORECASE,
)
JOINT_RE = re.compile(
    r"^(the )?(two|both|three) (leaders|presidents|sides|parties|ministers|heads of state|countries)$|"
    r"^(the )?(leaders|sides|parties|interlocutors|presidents|counterparts)$|^both (men|sides|leaders)$",
    re.IGNORECASE,
)
# Plural role nouns of a joint subject that narrow who its members are ("the two presidents").
_JOINT_ROLES = ("prime minister", "foreign minister", "president", "minister", "chancellor", "king")
# A phrase that is a name, then "of" and a place, party or employer ("Edda Varn of the Harbour Party").
_AFFILIATION_RE = re.compile(r"^(?P<head>.+?[a-z])\s+of\s+(?:the\s+)?[A-Z][^,]*$")
# What joins a person's name to their place or employer ("Ivo Rast of the Halvik Courier").
_OF_AFFILIATION_RE = re.compile(r"\s+of\s+(?:the\s+)?")
# Collective subjects naming an office in several states: "the foreign ministers of A, B and C",
# "the A and B presidents".
_GROUP_ROLES = (
    r"(?:foreign ministers|defen[cs]e ministers|finance ministers|prime ministers|ministers|presidents|"
    r"leaders|heads of state|chancellors)"
)
_GROUP_OF_RE = re.compile(
    rf"^(?:[Tt]he\s+)?(?P<role>{_GROUP_ROLES})\s+of\s+(?:the\s+)?"
    r"(?P<states>[A-Z][\w\-]*(?:\s+[A-Z][\w\-]*)*(?:(?:,\s*|,?\s+and\s+)[A-Z][\w\-]*(?:\s+[A-Z][\w\-]*)*)+)$"
)
_GROUP_ADJ_RE = re.compile(
    r"^(?:[Tt]he\s+)?(?P<states>[A-Z][\w\-]*(?:(?:,\s*|,?\s+and\s+)[A-Z][\w\-]*)+)\s+"
    rf"(?P<role>{_GROUP_ROLES})$"
)
# Words of a sentence that tells of a meeting, a call or talks between the people it names.
_MEETING_RE = re.compile(
    r"\b(?:met|meet|meets|meeting|talks|talked|spoke|speak|call|called|conversation|summit|visit|visited|"
    r"hosted|received|discussed|negotiations)\b",
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
_OCCUPATIONS = word_set("""general admiral colonel commander officer judge bishop archbishop priest economist
    lawyer activist journalist professor scientist veteran businessman businesswoman entrepreneur farmer
    teacher doctor surgeon engineer negotiator mediator diplomat banker tycoon oligarch dissident""")
for _noun in _OCCUPATIONS:
    ROLE_NOUNS.setdefault(_noun, _noun)
# Words that make a role another one ("opposition leader" is not the country's leader).
_ROLE_QUALIFIERS = word_set(
    "opposition deputy vice assistant rebel separatist union party shadow junior militia student"
)
_AGE_DESC_RE = re.compile(r"\b(\d{2})-year-old\b")
_AGE_AFTER_RE = re.compile(r"^,\s*(\d{2}),")
_ROLE_RE = re.compile(
    r"\b(" + "|".join(sorted((re.escape(k) for k in ROLE_NOUNS), key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)
_WORD_RE = re.compile(r"[^\W\d_][\w'’\-]*\.?|[A-Z]\.")
_ACRONYM_DEF_RE = re.compile(r"([A-Z][\w\-]+(?:\s+(?:of|for|and|the|[A-Z][\w\-]+)){1,8})\s+\(([A-Z]{2,8})\)")
_PREFIXED_NAME_RE = re.compile(r"^(?:al|el|ad|an|as|ash|at|az|bin|ibn|abu|de|di|da|du|le|la|van|von)-[A-Z]")
_MALE_WORDS = word_set("mr mr. sir king prince spokesman chairman congressman lord monsieur herr senor")
_FEMALE_WORDS = word_set(
    "mrs ms miss madam madame mme dame queen princess spokeswoman chairwoman congresswoman lady frau senora"
)
# Gender evidence from an apposition right after a name that gives a gendered relation or role
# ("Ilse Marr, the widow of ...", "Tomas Brel, her son,"): it describes the person just named.
_APPOSED_GENDER_RE = re.compile(
    r",\s+(?:(?:the|a|an|his|her|their)\s+)?(?:(?:former|late|longtime|estranged|eldest|youngest|elder|"
    r"older|younger)\s+)?([a-zé]+)\b"
)
_APPOSED_MALE = word_set(
    "husband widower fiancé fiance son father brother uncle nephew grandfather grandson boyfriend "
    "spokesman chairman congressman businessman"
)
_APPOSED_FEMALE = word_set(
    "wife widow fiancée daughter mother sister aunt niece grandmother granddaughter girlfriend "
    "spokeswoman chairwoman congresswoman businesswoman"
)
# Gender evidence from pronouns near a name. Object pronouns are left out: in "Orrin told her that ..."
# the "her" is the listener. "her" counts only as a possessive ("her government"), not before an article,
# a preposition or punctuation.
_HE_RE = re.compile(r"\b(?:he|his|himself)\b")
_SHE_RE = re.compile(
    r"\b(?:she|hers|herself)\b|\bher\b(?!\s+(?:the|a|an|that|this|to|and|or|on|in|at|about|of|for|with|by|as|"
    r"it|not|into|from|over|after|before|what|how|why|when|whether|if)\b|\s*[,.;:!?)])"
)
# "her" as a possessive, not as the object of a verb of speaking or giving ("told her that").
_SHE_POSSESSIVE_RE = re.compile(
    r"(?<!told )(?<!asked )(?<!urged )(?<!gave )(?<!showed )(?<!thanked )"
    r"\bher\b(?!\s+(?:that|to|the|a|an)\b|\s*[,.;:!?)])"
)
_SENTENCE_BREAK_RE = re.compile(r"\. |[.!?]\W*\n")
_LOCAL_BODY_RE = re.compile(
    r"(?:[A-Z][\w\-]+ )?(?:town|city|municipal|village|district|county) "
    r"(?:council|hall|authorities|administration)"
)
_GENDER_WINDOW = 200
_LEAD_CHARS = 1500  # how much of the article's start names its own state
_PORTFOLIO_MINISTRY_RE = re.compile(r"(?:(?:the|its|their) )?((?:(?!the |its |their )[a-z]+ ){1,2})ministry")
_SALIENT_LOOKBACK = 6  # salient people a mismatched pronoun may reach back to
_SIDE_PEOPLE = 4  # people of a meeting that "the X side" may name
_TITLE_WINDOW = 80  # characters of title before a name that may state its country
_PRONOUN_LOOKBACK = 4  # people, most recent first, that a mismatched pronoun may reach back to
_HEAD_ROLES = ("president", "prime minister", "chancellor", "head_of_state", "head_of_government")


def _qualified_role(text: str, rm: re.Match[str]) -> str:
    """The role word matched, with a qualifier that changes it ("opposition leader", "deputy minister")."""
    role = rm.group(1).lower()
    prev = text[: rm.start()].split()[-1:]
    if prev and prev[0].lower() in _ROLE_QUALIFIERS:
        return f"{prev[0].lower()} {role}"
    return role


def _is_cap(tok: str) -> bool:
    return tok[:1].isupper()


def _key(name: str) -> str:
    return " ".join(re.sub(r"[^\w\s-]", " ", name.lower()).split())


@dataclass
class Entity:
    """A person or institution mentioned in the article."""

    name: str
    kind: str = "person"
    country: str | None = None
    roles: set[str] = field(default_factory=set)
    person: Any | None = None  # the gazetteer Person, when known
    first: int = 0
    last: int = 0
    male: int = 0  # evidence for "he" / "she" (honorifics, gendered titles, pronouns after the name)
    female: int = 0
    ages: set[int] = field(default_factory=set)  # ages the article gives ("Ivo Kes, 58," / "the 58-year-old")

    @property
    def gender(self) -> str | None:
        """'m', 'f', or None when the article gives no (or balanced) evidence."""
        if self.male > self.female:
            return "m"
        if self.female > self.male:
            return "f"
        return None

    def speaker(self) -> Speaker:
        """The entity as a statement speaker."""
        return Speaker(self.name, "institution" if self.kind == "institution" else "person", self.country)


@dataclass
class Mention:
    """One mention of an entity at [start, end)."""

    start: int
    end: int
    entity: Entity


def _name_starts_with(person: Any | None, word: str) -> bool:
    """True when a gazetteer person's name begins with ``word`` ("Jordan ..." is a name, not the country)."""
    return person is not None and str(getattr(person, "canonical", "")).split()[:1] == [word]


def _acronym_long_form(words_text: str, acronym: str) -> str | None:
    """Trailing words spelling the acronym ("Leaders of African Union (AU)": "African Union")."""
    words = words_text.split()
    for k in range(len(words) - 1, -1, -1):
        caps = "".join(w[0] for w in words[k:] if w[:1].isupper())
        if caps == acronym and words[k][:1].isupper():
            return " ".join(words[k:])
        if len(caps) > len(acronym):
            break
    return None


_ORG_PHRASE_RE = re.compile(
    r"^(?:the\s+)?((?:[A-Z][\w'’\-]*\s+)*?[A-Z][\w'’\-]*(?:\s+(?:of|for|on|and)(?:\s+the)?(?:\s+[A-Z][\w'’\-]*)+)*)$"
)


def _org_name(phrase: str) -> str | None:
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


def _title_case(text: str) -> str:
    """Title-case lower-case words, keeping short function words ("Ministry of Foreign Affairs")."""
    return " ".join(
        w if w[:1].isupper() or w in ("of", "for", "and", "the", "on") else w.capitalize()
        for w in text.split()
    )


def _title_slice(tokens: list[str], i: int = 0) -> tuple[int, int]:
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


def _strip_titles(tokens: list[str]) -> list[str]:
    """A name's words without its titles ("Energy Minister Rada Koleva" keeps what follows the last title
    word) or trailing suffixes."""
    i, j = _title_slice(tokens)
    return tokens[i:j]


_ABBREVIATIONS = word_set("""jr sr mr mrs ms dr st gen sen rep gov lt col capt prof rev""")


def _abbreviation_at(text: str, stop: int) -> bool:
    """True when the full stop at ``stop`` closes an initial ("R.") or an abbreviation ("Jr."), not a
    sentence."""
    if text[stop] != ".":
        return False
    m = re.search(r"(?:^|[\s(])([A-Za-z]+)$", text[max(0, stop - 6) : stop])
    if m is None:
        return False
    word = m.group(1)
    return (len(word) == 1 and word.isupper()) or word.lower() in _ABBREVIATIONS


def _drop_leading_states(words: list[str]) -> list[str]:
    """A name's words without a leading state or organisation ("United Nations Lena Varga")."""
    i = 0
    while i < len(words) - 1:
        for j in range(min(len(words) - 1, i + 3), i, -1):
            if kb.country_of(_strip_possessive(" ".join(words[i:j]))):
                i = j
                break
        else:
            break
    return words[i:]


def _strip_possessive(tok: str) -> str:
    return re.sub(r"['’]s?$", "", tok)


class Registry:
    """The people and institutions an article mentions, with the mentions in order."""

    def __init__(self, date: str | None) -> None:
        self.date = date
        self.entities: dict[str, Entity] = {}
        self.surnames: dict[str, Entity] = {}
        self.acronyms: dict[str, str] = {}
        self.mentions: list[Mention] = []
        self.institutions: list[Speaker] = []  # institution speakers so far, for "the ministry said"
        self.ministries: list[tuple[int, Speaker]] = []  # ministries named anywhere, with their offsets
        self._lead = ""
        self._text = ""
        self._start = 0
        self._home: str | bool | None = False
        self.salient: list[Entity] = []  # people who spoke or opened a sentence, most recent last
        self.speakers_seen: list[Entity] = []  # people who spoke, most recent last

    # ----- building -----
    def build(
        self,
        text: str,
        start: int,
        end: int,
        persons: list[tuple[int, int]] | None = None,
        words: dict[int, tuple[str, str]] | None = None,
    ) -> None:
        """Scan text[start:end] for names and acronym definitions.

        ``persons`` (PERSON entity spans) and ``words`` (part of speech and entity label by word offset) come
        from the parse of the attribution sentences; where they cover a capitalised run they set the name's
        bounds.
        """
        persons = sorted(persons or [])
        words = words or {}
        for m in _ACRONYM_DEF_RE.finditer(text, start, end):
            long = _acronym_long_form(m.group(1), m.group(2))
            if long:
                self.acronyms.setdefault(m.group(2), long)
        self.ministries = institutions.ministries(text, start, end)
        self._lead = text[start : start + _LEAD_CHARS]
        self._text = text
        self._start = start
        self._home = False  # not computed yet
        for run_start, run_end, toks in name_runs(text, start, end):
            toks = parsed_name_tokens(toks, persons, words)
            run_start = toks[0][0]
            parsed_person = all(words.get(t[0], ("", ""))[1] == "PERSON" for t in toks)
            if institutions.after_title_of(text, run_start):
                # "Minister of Energy Rada Koleva": the portfolio is not part of the name.
                k = institutions.skip_portfolio([t[2] for t in toks])
                toks = toks[k:]
                run_start = toks[0][0]
            self._add_run(text, run_start, run_end, toks, parsed_person)
        self._genders(text, end)

    def _genders(self, text: str, end: int) -> None:
        """Gender evidence: a title before the name, or pronouns in the rest of its sentence."""
        for k, m in enumerate(self.mentions):
            ent = m.entity
            before = text[max(0, m.start - 40) : m.start].lower()
            for w in re.findall(r"[a-z]+", before)[-3:]:
                if w in _MALE_WORDS:
                    ent.male += 2
                elif w in _FEMALE_WORDS:
                    ent.female += 2
            apposed = _APPOSED_GENDER_RE.match(text, m.end)
            if apposed:
                if apposed.group(1) in _APPOSED_MALE:
                    ent.male += 2
                elif apposed.group(1) in _APPOSED_FEMALE:
                    ent.female += 2
            stop = min(end, m.end + _GENDER_WINDOW)
            if k + 1 < len(self.mentions):
                stop = min(stop, self.mentions[k + 1].start)
            prev_end = self.mentions[k - 1].end if k > 0 else 0
            if k > 0 and not _SENTENCE_BREAK_RE.search(text, prev_end, m.start):
                continue  # another person in the same sentence: its pronouns may be theirs
            dot = text.find(". ", m.end, stop)
            nxt_in_sentence = (
                dot < 0 and stop < end and k + 1 < len(self.mentions) and stop == self.mentions[k + 1].start
            )
            seg = text[m.end : stop if dot < 0 else dot].lower()
            if nxt_in_sentence:
                # The next person follows in the same sentence: only a possessive before that name is
                # this person's ("X spoke with her counterpart, Y").
                he = len(re.findall(r"\bhis\b", seg))
                she = len(_SHE_POSSESSIVE_RE.findall(seg))
                if he and not she:
                    ent.male += 1
                elif she > 0 and not he:
                    ent.female += 1
                continue
            if dot >= 0:
                seg += " " + text[dot + 2 : dot + 6].lower()  # "... Velcheva. She said ..."
            he = len(_HE_RE.findall(seg))
            she = len(_SHE_RE.findall(seg))
            if he and not she:
                ent.male += 1
            elif she and not he:
                ent.female += 1

    def _add_run(
        self, text: str, rs: int, re_: int, toks: list[tuple[int, int, str]], parsed_person: bool = False
    ) -> None:
        words = [t[2] for t in toks]
        # Drop leading country/organisation names ("Ukraine Volodymyr Zelenskyy", "United Nations António").
        country = None
        i = 0
        while i < len(words) - 1:
            found = False
            for j in range(min(len(words) - 1, i + 4), i, -1):
                c = kb.country_of(_strip_possessive(" ".join(words[i:j])))
                if c and not _name_starts_with(kb.resolve(" ".join(words[i:])), words[i]):
                    country, i, found = c, j, True
                    break
            if not found:
                break
        a, b = _title_slice(words, i)
        name_toks = words[a:b]
        if not name_toks:
            return
        # "Anton Ruud's party": the possessive is not part of the name.
        possessive = len(name_toks[-1]) - len(_strip_possessive(name_toks[-1]))
        if possessive and len(name_toks[-1]) > possessive:
            name_toks = [*name_toks[:-1], name_toks[-1][:-possessive]]
        lowered = [w.lower().strip(".,") for w in name_toks]
        # A month's name is a person's first name when the parse reads the run as a person ("Jan Tolle").
        month = any(w in MONTHS_DAYS for w in lowered)
        if any(w in ORG_WORDS for w in lowered) or (month and not parsed_person):
            return
        name = " ".join(name_toks).rstrip(",")
        offset = toks[a][0]
        re_ = toks[b - 1][1] - possessive
        person = self.gazetteer_person(name)
        if len(name_toks) == 1:
            ent = self.surnames.get(_key(_strip_possessive(name)))
            if ent is None:
                if person is None or getattr(person, "kind", "person") != "person" or name[:1].islower():
                    return
                if kb.country_of(name):
                    return
                ent = self._entity(person.canonical, person, offset)
        else:
            if kb.country_of(name) or (person is not None and getattr(person, "kind", "") == "institution"):
                return
            canonical = person.canonical if person is not None else self._fullest(name)
            ent = self._entity(canonical, person, offset)
            surname = _key(_strip_possessive(name_toks[-1]))
            if surname and surname not in TITLE_WORDS:
                # The first bearer keeps a shared surname: "Lazar said" after the defendant and later his
                # wife are named is the story's main figure, not the latest Lazar named.
                self.surnames.setdefault(surname, ent)
            if person is not None:
                for alias in getattr(person, "aliases", ()) or ():
                    parts = str(alias).split()
                    if len(parts) == 1:
                        self.surnames.setdefault(_key(parts[0]), ent)
        ent.last = offset
        if country and not ent.country:
            ent.country = country
        self._describe(text, rs, offset, re_, ent)
        self.mentions.append(Mention(offset, re_, ent))

    def _fullest(self, name: str) -> str:
        key = _key(name)
        ent = self.surnames.get(key)
        if ent is not None:
            return ent.name
        for ent in self.entities.values():
            if ent.person is None and _key(ent.name).endswith(" " + key) and len(ent.name) > len(name):
                return ent.name
        return name

    def _entity(self, canonical: str, person: Any | None, pos: int) -> Entity:
        key = _key(canonical)
        ent = self.entities.get(key)
        if ent is None:
            country = getattr(person, "country", None) if person is not None else None
            ent = Entity(canonical, "person", country, set(), person, pos, pos)
            self.entities[key] = ent
        return ent

    def _describe(self, text: str, run_start: int, name_start: int, name_end: int, ent: Entity) -> None:
        """Remember the role words and country written just before the name or in an appositive after it."""
        lo = max(0, run_start - 60)
        before = text[lo:name_start]
        for sep in ("\n", ". ", "; ", ", ", " and ", " with ", " met ", " by ", " to "):
            k = before.rfind(sep)
            if k >= 0:
                before = before[k + len(sep) :]
        after = text[name_end : name_end + 80]
        m = re.match(
            r"\s*(?:of ([A-Z][\w\s]+?)(?=[,.;]|\s+(?:and|said|had|has|was|is|signed|spoke)\b)|"
            r",\s*(?:the|a|an)\s+([^,.;]{3,60}?)(?=,))",
            after,
        )
        desc = before
        if m:
            if m.group(1):
                c = kb.country_of(m.group(1).strip())
                if c and not ent.country:
                    ent.country = c
            if m.group(2):
                desc = desc + " " + m.group(2)
        age = _AGE_AFTER_RE.match(after)
        if age:
            ent.ages.add(int(age.group(1)))
            m2 = re.match(r",\s*\d{2},\s*(?:the|a|an)\s+([^,.;]{3,60}?)(?=[,.;])", after)
            if m2:
                desc = desc + " " + m2.group(1)
        for am in _AGE_DESC_RE.finditer(desc):
            ent.ages.add(int(am.group(1)))
        for rm in _ROLE_RE.finditer(desc):
            ent.roles.add(_qualified_role(desc, rm))
        for tok in re.findall(r"[A-Z][\w’'\-]+", desc):
            c = kb.country_of(_strip_possessive(tok))
            if c and not ent.country:
                ent.country = c

    # ----- resolution -----
    def lookup_name(self, name: str) -> Entity | None:
        """The entity a printed name refers to: the article's own people first (full name, then a surname
        or a name's tail), the gazetteer only for someone the article has not named."""
        toks = _strip_titles(name.split())
        if not toks:
            return None
        clean = " ".join(toks).rstrip(",")
        ent = self.entities.get(_key(clean))
        if ent is not None:
            return ent
        if len(toks) == 1:
            # "Blair said" after "the treasury aide Tom Blair" is that aide, whoever else is called Blair.
            ent = self.surnames.get(_key(_strip_possessive(clean)))
            if ent is not None:
                return ent
        else:
            for ent in self.entities.values():
                if _key(ent.name).endswith(" " + _key(clean)):
                    return ent
        person = self.gazetteer_person(clean)
        if person is None:
            return None
        if getattr(person, "kind", "person") == "institution":
            return Entity(person.canonical, "institution", getattr(person, "country", None), set(), person)
        ent = self.entities.get(_key(person.canonical))
        return ent if ent is not None else self._entity(person.canonical, person, 0)

    def _lone_name(self, word: str) -> bool:
        """Whether a single capitalised word the article gives as a subject reads as a person's name.

        It must be capitalised where no sentence starts, as names are ("..., Earnest said"; "Having" and
        "Both" are capitalised only where they open one), and never used as places, groups and common nouns
        are ("in Orlando", "from Boston", "the Democrats", "a Republican"), nor be an abbreviation ("Fla.").
        """
        w = re.escape(word)
        if re.fullmatch(r"[A-Z]-\w+", word) or re.search(rf"\b{w}\.(?!\s+[A-Z])", self._text):
            return False
        if re.search(rf"\b(?:[Ii]n|[Ff]rom|[Aa]t|[Nn]ear|[Aa]cross|[Tt]he)\s+{w}\b", self._text):
            return False
        if re.search(rf"\b(?i:a|an|one|another|fellow|other|many|some|most|all)\s+{w}\b", self._text):
            return False  # "a Democrat", "many Republicans": a common noun, not a name
        if re.search(
            rf"(?:percent|per cent|%|majority|minority|share|number)\s+of\s+(?:the\s+)?{w}\b", self._text
        ):
            return False  # "58 percent of Democrats": a group polled or counted
        return re.search(rf"(?<=[a-z0-9,;:] ){w}\b", self._text) is not None

    def gazetteer_person(self, name: str) -> Any | None:
        """The gazetteer entry a name printed in this article stands for, or None.

        A full name is canonicalised when the gazetteer knows it (its given name must agree: a local "Anna
        Merkel" is nobody famous). A bare surname ("Cook, 58, told ...") picks a famous bearer only when it
        is one the gazetteer lists as their own short name, or when they held office around the article's
        date: a minister who left office decades before the story is not the "Cook" it quotes.
        """
        person = kb.resolve(name)
        if person is None or getattr(person, "kind", "person") != "person":
            return person
        toks = _strip_titles(name.split())
        if len(toks) != 1:
            return person
        written = _key(_strip_possessive(toks[0]))
        if any(_key(alias) == written for alias in person.names):
            return person
        return person if kb.in_office_around(person, self.date) else None

    def _pronoun(self, pronoun: str, pos: int, focus: Entity | None) -> Entity | None:
        """He/she: the speaker in focus, unless the article shows that person's gender is the other one."""
        want = "f" if pronoun in ("she", "her") else "m"
        if focus is None or focus.kind != "person":
            # An institution spoke last ("The ministry said ... "...," she said"): the latest person who
            # spoke or opened a sentence, if the article does not show the other gender.
            for e in reversed(self.speakers_seen[-_SALIENT_LOOKBACK:] or self.salient[-_SALIENT_LOOKBACK:]):
                if e.kind == "person" and e.gender in (None, want):
                    return e
            return None
        if focus.gender in (None, want):
            return focus  # without evidence against it, the speaker in focus stands
        # The pronoun cannot be the focus's. A person the focus's own paragraph names, not shown to be of
        # the other gender, comes first ("X spoke with her counterpart, Y. He told her ...").
        para = self._text.rfind("\n\n", 0, pos)
        near = [
            m.entity
            for m in reversed(self.mentions)
            if para < m.start < pos and m.entity is not focus and m.entity.kind == "person"
        ]
        for e in sorted(near, key=lambda e: e.gender != want):
            if e.gender in (None, want):
                if e.gender is None:
                    e.male, e.female = (e.male + 1, e.female) if want == "m" else (e.male, e.female + 1)
                return e
        # Otherwise the latest salient person (a speaker or a sentence's subject) of that gender comes
        # before a name merely mentioned nearer.
        for group in (self.speakers_seen, self.salient):
            for e in reversed(group[-_SALIENT_LOOKBACK:]):
                if e is not focus and e.kind == "person" and e.gender == want:
                    return e
        recent = [e for e in self.mentioned_before(pos)[:_PRONOUN_LOOKBACK] if e.kind == "person"]
        matching = [e for e in recent if e.gender == want]
        others = [e for e in recent if e is not focus and e.gender is None]
        if matching:
            return matching[0]
        if not others:
            return None
        # The pronoun cannot be the focus's, so it is this person's: remember it for the next pronoun.
        if want == "m":
            others[0].male += 1
        else:
            others[0].female += 1
        return others[0]

    def home(self) -> str | None:
        """The article's own state: the country its lead (title, dateline, first paragraphs) names most."""
        if self._home is False:
            counts: dict[str, int] = {}
            for w in re.findall(r"[A-Z][\w\-]+", self._lead):
                c = kb.country_of(_strip_possessive(w))
                if c:
                    counts[c] = counts.get(c, 0) + 1
            self._home = max(counts, key=lambda c: counts[c]) if counts else None
        return self._home if isinstance(self._home, str) else None

    def spoke(self, ent: Entity) -> None:
        """Remember that ``ent`` spoke (the latest speaker last)."""
        seen = self.speakers_seen
        if seen and seen[-1] is ent:
            return
        if ent in seen:
            seen.remove(ent)
        seen.append(ent)

    def mentioned_before(self, pos: int) -> list[Entity]:
        """People mentioned before ``pos``, most recent first."""
        seen: dict[int, Entity] = {}
        for m in self.mentions:
            if m.start < pos:
                seen[id(m.entity)] = m.entity
        ents = list(seen.values())
        ents.sort(
            key=lambda e: max((m.start for m in self.mentions if m.entity is e and m.start < pos), default=0),
            reverse=True,
        )
        return ents

    def _role_fits(self, ent: Entity, role: str) -> bool:
        if role in ("leader",):
            return bool(
                ent.roles & {"president", "leader", "prime minister", "chancellor", "king", "premier"}
            ) or (ent.person is not None and any(kb.held(ent.person, r, self.date) for r in _HEAD_ROLES))
        if role == "head_of_state":
            return bool(ent.roles & {"president", "king", "queen", "head of state"}) or (
                ent.person is not None
                and (
                    kb.held(ent.person, "head_of_state", self.date)
                    or kb.held(ent.person, "president", self.date)
                )
            )
        words = {k for k, v in ROLE_NOUNS.items() if v == role} | {role}
        if ent.roles & words:
            return True
        return ent.person is not None and kb.held(ent.person, role, self.date)

    def describe(self, phrase: str, pos: int, focus: Entity | None, use_holder: bool = True) -> Entity | None:
        """Resolve a role description ("the Belarusian leader", "the President of Ukraine")."""
        low = phrase.lower()
        matches = list(_ROLE_RE.finditer(low))
        if not matches:
            return None
        rm = matches[-1]
        role = ROLE_NOUNS[rm.group(1).lower()]
        qualified = _qualified_role(low, rm)
        ages = {int(a) for a in _AGE_DESC_RE.findall(low)}
        country = None
        of = re.search(r"\bof (?:the )?([A-Z][\w\s\-]+)$", (phrase[rm.end() :].strip() and phrase) or "")
        tail = phrase[rm.end() :]
        mo = re.match(r"\s+of\s+(?:the\s+)?(.+)$", tail)
        if mo:
            country = kb.country_of(mo.group(1).strip())
        del of
        if country is None:
            for tok in re.findall(r"[A-Z][\w’'\-.]*", phrase[: rm.start()]):
                c = kb.country_of(_strip_possessive(tok))
                if c:
                    country = c
        cands = [e for e in self.mentioned_before(pos) if e.kind == "person"]
        if country:
            cands = [
                e
                for e in cands
                if e.country == country or (e.country is None and self._holds(e, country, role))
            ]
        if qualified != rm.group(1).lower():
            # "the opposition leader": only someone described so; never the office holder.
            fits = [e for e in cands if qualified in e.roles]
            use_holder = False
        else:
            fits = [e for e in cands if self._role_fits(e, role)]
        if ages:
            fits = [e for e in fits if not e.ages or e.ages & ages]
        if (
            role == "president"
            and re.fullmatch(r"(?:the )?president", low)
            and phrase[rm.start() : rm.start() + 1].isupper()
            and len({e.country for e in fits}) >= 2
        ):
            # A bare capitalised "the President" among several heads of state is the host's: the one the
            # article body (a readout published by its presidency) names first, not the latest one named.
            return min(fits, key=self._first_in_body)
        if focus is not None and focus in fits:
            return focus
        if fits:
            return fits[0]
        if ages and role in _OCCUPATIONS and not country:
            # "The 58-year-old former general": no one is described so, and the occupation names no office.
            # Such a description profiles the story's main figure: the person the article has named most.
            unaged = [e for e in cands if not e.ages]
            if unaged:
                counts = {
                    id(e): sum(1 for m in self.mentions if m.entity is e and m.start < pos) for e in unaged
                }
                top = max(counts.values())
                best = [e for e in unaged if counts[id(e)] == top]
                if len(best) == 1 and top >= 2:
                    return best[0]
        if country and use_holder:
            # "leader" means the country's leading office, which the gazetteer knows per country.
            person = kb.holder(country, role, self.date)
            if person is None and role == "leader":
                person = kb.holder(country, "head_of_state", self.date)
            if person is None and role == "leader":
                person = kb.holder(country, "head_of_government", self.date)
            if person is not None:
                ent = self.entities.get(_key(person.canonical)) or self._entity(person.canonical, person, pos)
                if not ent.country:
                    ent.country = country
                return ent
        return None

    def participants(
        self, phrase: str, pos: int, focus: Entity | None, quoted: Callable[[int], bool]
    ) -> list[Entity]:
        """The people a joint subject ("the two presidents agreed") names, from the article's own account.

        A sentence before ``pos`` that names enough people of the right role (a meeting, a call or talks when
        there is one) gives them, in the order it names them; names inside a quotation the subject is not
        part of never count. Without such a sentence: the speaker in focus and the latest other person named.
        """
        low = " ".join(phrase.lower().split())
        want = 3 if re.search(r"\bthree\b", low) else 2
        role_word = next((r for r in _JOINT_ROLES if re.search(rf"\b{r}s\b", low)), None)
        role = ROLE_NOUNS.get(role_word) if role_word else None
        named = [
            m for m in self.mentions if m.start < pos and m.entity.kind == "person" and not quoted(m.start)
        ]
        fits = [m for m in named if role is None or self._role_fits(m.entity, role)]
        if len({id(m.entity) for m in fits}) < want <= len({id(m.entity) for m in named}):
            # "The presidents of A and B" after a president met a prime minister: the subject names the
            # offices loosely, so too few holders of the role still leave the article's own pair.
            fits = named
        # Capitalised phrases taken for names ("a NATO Global Partner") must not outvote real people: when
        # two or more people have shown they are people (a gazetteer entry, a role or title, a gender, a
        # statement of their own), only they take part.
        credible = [m for m in fits if self._credible_person(m.entity)]
        if len({id(m.entity) for m in credible}) >= 2:
            fits = credible
        by_sentence: dict[int, list[Entity]] = {}
        for m in fits:
            people = by_sentence.setdefault(self._sentence_start(m.start), [])
            if m.entity not in people:
                people.append(m.entity)
        title_end = self._text.find("\n", self._start)
        groups = [(start, people) for start, people in sorted(by_sentence.items()) if len(people) >= 2]
        body_groups = [(start, people) for start, people in groups if start > title_end]
        groups = body_groups or groups  # a headline's names only when the body names no pair
        para = self._text.rfind("\n\n", 0, pos)
        # The paragraph's own sentence naming the speaker in focus with the other party ("A thanked B ...
        # The leaders agreed ...") comes first; then the latest meeting, call or talks the focus takes part
        # in; else the first account, the story's own event (a later sentence may recount another meeting).
        near = [people for start, people in groups if start > para and focus in people]
        if near:
            return near[-1][:want]
        meetings = [
            (start, people)
            for start, people in groups
            if _MEETING_RE.search(self._text, start, self._sentence_end(start))
        ]
        accounts = meetings or groups
        if accounts:
            own = [people for _, people in accounts if focus in people]
            return (own[-1] if own else accounts[0][1])[:want]
        out: list[Entity] = [focus] if focus is not None and focus.kind == "person" else []
        for m in reversed(fits):
            if m.entity not in out:
                out.append(m.entity)
            if len(out) == want:
                break
        return out

    def group_members(self, phrase: str, pos: int) -> list[Entity | Speaker] | None:
        """The people a collective subject names by office and state ("the foreign ministers of Lusmark and
        Tarsenia", "the Lusmark and Tarsenian presidents"), one per state; None when the phrase is no such
        group. A state whose office holder neither the article nor the gazetteer knows leaves the group
        named as written."""
        m = _GROUP_OF_RE.match(phrase) or _GROUP_ADJ_RE.match(phrase)
        if not m:
            return None
        states = [
            kb.country_of(_strip_possessive(w.strip()))
            for w in re.split(r",\s*(?:and\s+)?|\s+and\s+", m["states"])
        ]
        if len(states) < 2 or not all(states):
            return None
        plural = " ".join(m["role"].lower().split())
        role = ROLE_NOUNS.get(plural[:-1] if plural.endswith("s") else plural, "leader")
        if plural in ("heads of state", "leaders"):
            role = "leader"
        people = [e for e in self.mentioned_before(pos) if e.kind == "person"]
        members: list[Entity] = []
        for state in dict.fromkeys(s for s in states if s):
            known = [
                e
                for e in people
                if (e.country or self._title_country(e)) == state and self._role_fits(e, role)
            ]
            if known:
                members.append(known[0])
                continue
            holder = kb.holder(state, role, self.date)
            if holder is None:
                label = re.sub(r"^(?:the|The)\s+", "", " ".join(phrase.split()))
                return [Speaker(label, "institution", None)]
            ent = self.entities.get(_key(holder.canonical)) or self._entity(holder.canonical, holder, pos)
            members.append(ent)
        return list(members)

    def _credible_person(self, ent: Entity) -> bool:
        return bool(
            ent.person is not None or ent.roles or ent.gender is not None or ent in self.speakers_seen
        )

    def _sentence_start(self, pos: int) -> int:
        while True:
            found = max(self._text.rfind(sep, 0, pos) for sep in (". ", "! ", "? ", "\n"))
            if found < 0:
                return 0
            if not _abbreviation_at(self._text, found):
                return found + 1
            pos = found  # "President Ana R. Ruiz, Jr. met ...": an initial or a title's stop ends no sentence

    def _sentence_end(self, start: int) -> int:
        while True:
            found = (self._text.find(sep, start + 1) for sep in (". ", "! ", "? ", "\n"))
            end = min((e for e in found if e >= 0), default=len(self._text))
            if end == len(self._text) or not _abbreviation_at(self._text, end):
                return end
            start = end

    def _side(self, country: str, pos: int) -> Entity | None:
        people = [e for e in self.mentioned_before(pos) if e.kind == "person"][:_SIDE_PEOPLE]
        origin = {id(e): e.country or self._title_country(e) for e in people}
        own = [e for e in people if origin[id(e)] == country]
        if own:
            return own[0]
        unknown = [e for e in people if origin[id(e)] is None]
        return unknown[0] if len(unknown) == 1 and len(people) >= 2 else None

    def _title_country(self, ent: Entity) -> str | None:
        """The country a title names just before the first mention ("Minister ... of Lusmark, Name")."""
        first = min((m.start for m in self.mentions if m.entity is ent), default=-1)
        if first < 0:
            return None
        before = self._text[max(0, first - _TITLE_WINDOW) : first]
        before = re.split(r"[.!?;]\s", before)[-1]
        found = [kb.country_of(_strip_possessive(t)) for t in re.findall(r"[A-Z][\w\-]+", before)]
        found = [c for c in found if c]
        return found[-1] if found else None

    def _first_in_body(self, ent: Entity) -> int:
        """Where the body (after the title line) first names ``ent``."""
        title_end = self._text.find("\n", self._start) if self._text else -1
        starts = [m.start for m in self.mentions if m.entity is ent and m.start > title_end]
        return min(starts, default=len(self._text))

    def _holds(self, ent: Entity, country: str, role: str) -> bool:
        p = ent.person
        return p is not None and getattr(p, "country", None) == country

    def resolve(self, phrase: str, pos: int, focus: Entity | None) -> Speaker | None:
        """Resolve a subject phrase to a speaker, or None when it names nobody."""
        ent = self.resolve_entity(phrase, pos, focus)
        if isinstance(ent, Entity):
            return ent.speaker()
        return ent

    def _earlier_institution(self, noun: str, pos: int = -1) -> Speaker | None:
        """The latest institution named with ``noun`` ("the ministry" after "X Foreign Ministry")."""
        for sp in reversed(self.institutions):
            if noun in sp.name.lower().split():
                return sp
        if noun == "ministry":
            return self.named_ministry(pos)
        return None

    def named_ministry(self, pos: int, core: str | None = None) -> Speaker | None:
        """The latest ministry named before ``pos`` (or the first one named), its state filled in from
        another mention of the same portfolio when this one does not give it."""
        cands = [sp for p, sp in self.ministries if core is None or sp.name.endswith(core)]
        if not cands:
            return None
        before = [sp for p, sp in self.ministries if p < pos and sp in cands]
        sp = before[-1] if before else cands[0]
        if sp.country is None:
            core_name = sp.name
            for other in cands:
                if other.country is not None and other.name.endswith(core_name):
                    return other
        return sp

    def resolve_entity(self, phrase: str, pos: int, focus: Entity | None) -> Entity | Speaker | None:
        """As ``resolve``, but returns the registry entity when the speaker is one."""
        p = " ".join(phrase.replace("’", "'").split()).strip(" ,;:-–—")
        if not p:
            return None
        low = p.lower()
        if low in PRONOUNS_PERSON:
            return self._pronoun(low, pos, focus)
        if low in PRONOUNS_GROUP:
            return focus if focus is not None and focus.kind != "person" else None
        placed = _PLACED_SOURCE_RE.match(p)
        if (
            placed
            and UNNAMED_RE.search(placed.group(1))
            and not any(_is_cap(w) for w in placed.group(1).split()[1:])
        ):
            # "Diplomats in Halvik", "officials at the ministry": unnamed sources, never the place.
            return Speaker(placed.group(1).lower(), "unnamed")
        body = institutions.spokesperson_body(p)
        if body is not None:
            # "A spokeswoman for the ministry" speaks for the ministry: the body is the speaker.
            speaks_for = self.resolve_entity(body, pos, None)
            if isinstance(speaks_for, Speaker) and speaks_for.type == "institution":
                return speaks_for
        home = self.home()
        for found in (institutions.embassy(p), institutions.police(p, home), institutions.outlet(p, home)):
            if found is not None:
                # Embassies, police forces and news outlets speak on their own authority.
                self.institutions.append(found)
                return found
        side = re.fullmatch(r"[Tt]he\s+([A-Z][\w\-]+)\s+side", p)
        if side and kb.country_of(side.group(1)):
            # "The Tarsenian side" in a meeting readout: the person there from that country; else the one
            # of no stated country when everyone else named is from elsewhere.
            ent = self._side(kb.country_of(side.group(1)) or "", pos)
            if ent is not None:
                return ent
        bare = re.fullmatch(r"(?:the|this|that)\s+([a-z]+)", low)
        if bare and bare.group(1) in ORG_WORDS:
            earlier = self._earlier_institution(bare.group(1), pos)
            if earlier is not None:
                return earlier
        portfolio = _PORTFOLIO_MINISTRY_RE.fullmatch(low)
        if portfolio and all(w in institutions.PORTFOLIO_WORDS for w in portfolio.group(1).split()):
            # "the interior ministry": one named before, else the article's own state's.
            core = portfolio.group(1).strip().title()
            sp = self.named_ministry(pos, core + " Ministry") or institutions.plain_ministry(
                core, self.home()
            )
            self.institutions.append(sp)
            return sp
        ministry_hits = institutions.ministries(p, 0, len(p))
        if ministry_hits and ministry_hits[0][0] <= 4:
            sp = ministry_hits[0][1]
            if sp.country is None:
                sp = self.named_ministry(pos, sp.name) or sp
            self.institutions.append(sp)
            return sp
        affiliated = _AFFILIATION_RE.match(p)
        if affiliated:
            # "Edda Varn of the Harbour Party" is the person; "Minister of Energy ..." names no one.
            head_runs = name_runs(affiliated["head"], 0, len(affiliated["head"]))
            if head_runs and _strip_titles([t[2] for t in head_runs[-1][2]]):
                person = self.resolve_entity(affiliated["head"], pos, focus)
                if isinstance(person, Entity) and person.kind == "person":
                    return person
        # An organisation named in full ("The Belmoran Council for Civil Rights") speaks as an institution.
        org = _org_name(p)
        if org is not None:
            inst = self.institution(org)
            if inst is not None:
                self.institutions.append(inst)
                return inst
        head, comma, rest = p.partition(", ")
        if comma and rest and not re.match(r"(?:and|or|&)\b", rest):
            # "Rachel Ostrov, a ferry owner from Mirel": the person before the appositive speaks.
            first = self.resolve_entity(head, pos, focus)
            if isinstance(first, Entity) and first.kind == "person":
                return first
        # A printed name (last one wins: "US Secretary of State Mike Pompeo").
        runs = name_runs(p, 0, len(p))
        for k in range(len(runs) - 1, -1, -1):
            run_start, _, toks = runs[k]
            words = [t[2] for t in toks]
            if (
                k > 0
                and _OF_AFFILIATION_RE.fullmatch(p, runs[k - 1][1], run_start)
                and _strip_titles([t[2] for t in runs[k - 1][2]])
                and _drop_leading_states(words) == words
            ):
                # "Lee Oster of Halvik", "Ivo Rast of the Courier": a place or employer. A run opening with a
                # state ("President of the Republic of Veldoria Alma Rusk") is the office's state and a name.
                continue
            if institutions.after_title_of(p, run_start):
                words = words[institutions.skip_portfolio(words) :]
            names = _strip_titles(_drop_leading_states(words))
            if not names:
                continue
            titled = len(names) < len(words)
            cand = " ".join(names)
            if kb.country_of(_strip_possessive(cand)) or any(
                w.lower().strip(".") in ORG_WORDS for w in names
            ):
                continue
            if any(w.lower().strip(".,") in TITLE_WORDS or w.lower() in ROLE_NOUNS for w in names):
                continue
            ent = self.lookup_name(cand)
            if ent is not None:
                return ent
            if any(w.isupper() and len(w) > 1 for w in names) or any(w.lower() in MONTHS_DAYS for w in names):
                continue
            alone = (
                len(names) == 1
                and _key(p) == _key(cand)
                and len(cand) > 2
                and cand.lower() not in STOP_CAPS
                and self._lone_name(cand)
            )
            if len(names) >= 2 or (titled and len(names) == 1 and len(cand) > 2) or alone:
                # A name the article gives alone ("Earnest said") is a person of its own: no one else the
                # article names bears it, and a famous bearer was ruled out above.
                ent = self._entity(self._fullest(cand), None, pos)
                if len(names) == 1:
                    self.surnames.setdefault(_key(cand), ent)
                return ent
        if low.startswith("the ") and _ROLE_RE.search(low):
            # "the spokesman", "the Secretary": someone named with that role wins over an unnamed reading.
            named = self.describe(p, pos, focus, use_holder=False)
            if named is not None:
                return named
        if UNNAMED_RE.search(p) and not JOINT_RE.match(low):
            label = re.sub(r"^(a|an|the|some|several|two|three|many|other)\s+", "", p, flags=re.IGNORECASE)
            return Speaker(label, "unnamed")
        described = self.describe(p, pos, focus)
        if described is not None:
            return described
        bare = re.fullmatch(r"(?:the|this|that)\s+([a-z]+)", low)
        if bare and bare.group(1) in ORG_WORDS:
            return self._earlier_institution(bare.group(1))
        inst = self.institution(p)
        if inst is not None:
            self.institutions.append(inst)
        return inst

    def institution(self, phrase: str) -> Speaker | None:
        """An institution or a state speaking as one ("the Kremlin", "Iran's foreign ministry", "Nigeria")."""
        p = re.sub(r"^(the|a|an)\s+", "", phrase.strip(), flags=re.IGNORECASE)
        if _LOCAL_BODY_RE.fullmatch(p):
            return Speaker(p, "institution", None)  # "the town council": a local authority, named plainly
        if not p or (not _is_cap(p) and not re.search(r"\b[A-Z]{2,}\b", p)):
            return None
        if p in self.acronyms:
            p = self.acronyms[p]
        for variant in dict.fromkeys((p, _title_case(p))):
            person = kb.resolve(variant)
            if person is not None and getattr(person, "kind", "") == "institution":
                return Speaker(person.canonical, "institution", getattr(person, "country", None) or None)
        # "the Drevnian presidential office", "Iran's defence ministry": a state's office, in title case.
        m0 = re.match(r"^([A-Z][\w\-]+?)(?:['’]s?)?\s+([a-z][a-z\s\-]+)$", p)
        if m0 and kb.country_of(m0.group(1)) and m0.group(2).split()[-1] in ORG_WORDS:
            c = kb.country_of(m0.group(1))
            return Speaker(
                f"{m0.group(1)} {m0.group(2).title()}"
                if not p[len(m0.group(1)) :].startswith(("'", "’"))
                else f"{c} {m0.group(2).title()}",
                "institution",
                c,
            )
        country = kb.country_of(p)
        if country:
            return Speaker(country, "institution", country)
        words = p.split()
        if any(w.lower().strip(".,") in ORG_WORDS for w in words) or re.fullmatch(r"[A-Z]{2,8}", p):
            m = re.match(r"^(.+?)['’]s?\s+(.+)$", p)
            if m and kb.country_of(m.group(1)):
                c = kb.country_of(m.group(1))
                return Speaker(f"{c} {m.group(2).title()}", "institution", c)
            if all(_is_cap(w) or w.lower() in ("of", "for", "and", "the", "on") for w in words):
                return Speaker(p, "institution", None)
        return None


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


def name_runs(text: str, start: int, end: int) -> list[tuple[int, int, list[tuple[int, int, str]]]]:
    """Runs of capitalised words (with name particles and initials) in text[start:end]."""
    runs: list[tuple[int, int, list[tuple[int, int, str]]]] = []
    cur: list[tuple[int, int, str]] = []
    for m in _WORD_RE.finditer(text, start, end):
        w = m.group(0)
        if cur:
            gap = text[cur[-1][1] : m.start()]
            joined = gap in (" ", ", ") and (gap == " " or w.lower().rstrip(".") in NAME_SUFFIXES)
        else:
            joined = False
        is_name_tok = (_is_cap(w) and not w.isupper()) or (len(w) <= 2 and w.endswith(".") and w[0].isupper())
        is_name_tok = is_name_tok or bool(_PREFIXED_NAME_RE.match(w))
        is_name_tok = is_name_tok or (w.isupper() and 2 <= len(w) <= 8)
        if is_name_tok or (cur and joined and w.lower() in NAME_PARTICLES):
            if cur and not joined:
                runs.append((cur[0][0], cur[-1][1], cur))
                cur = []
            if w.endswith(".") and len(w) > 3 and w.lower() not in NAME_SUFFIXES:
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
