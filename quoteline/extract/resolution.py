"""Resolution: a subject phrase ("he", "the Drevnian leader", "Ostrova", "the interior ministry", "a senior
official") to the ``Speaker`` it names.

``Registry.resolve`` tries, in order: pronouns, unnamed sources, institutions speaking for themselves
(spokespeople, embassies, police, outlets, ministries, organisations), a printed name (the article's own
people first, the gazetteer for someone it has not named), then role descriptions (``coref``).
"""

from __future__ import annotations

import re

from quoteline.extract import institutions, kb
from quoteline.extract.clauses import POSTING_NOUNS
from quoteline.extract.coref import Coreference, names_a_people
from quoteline.extract.entities import Entity
from quoteline.extract.mentions import (
    JOINT_RE,
    MONTHS_DAYS,
    ORG_WORDS,
    PLACED_SOURCE_RE,
    PRONOUNS_GROUP,
    PRONOUNS_PERSON,
    ROLE_NOUNS,
    ROLE_RE,
    STOP_CAPS,
    TITLE_WORDS,
    brand_word,
    drop_leading_states,
    group_word,
    is_cap,
    name_key,
    name_runs,
    names_unnamed,
    org_name,
    strip_possessive,
    strip_titles,
    title_case,
    title_slice,
)
from quoteline.extract.model import Speaker
from quoteline.extract.text import word_set
from quoteline.knowledge.normalize import fold

# Quantifiers of many that a sentence may open with (a subset of ``SENTENCE_OPENERS``).
_GROUP_QUANTIFIERS = frozenset({"most", "some", "several", "many", "both", "few", "all"})
# A phrase that is a name, then "of" and a place, party or employer ("Edda Varn of the Harbour Party").
_AFFILIATION_RE = re.compile(r"^(?P<head>.+?[a-z])\s+of\s+(?:the\s+)?[A-Z][^,]*$")
# What joins a person's name to their place or employer ("Ivo Rast of the Halvik Courier").
_OF_AFFILIATION_RE = re.compile(r"\s+of\s+(?:the\s+)?")
_LOCAL_BODY_RE = re.compile(
    r"(?:[A-Z][\w\-]+ )?(?:town|city|municipal|village|district|county) "
    r"(?:council|hall|authorities|administration)"
)
# Lower-case words after a name that end the phrase in an unnamed source: "a Vell campaign aide".
_UNNAMED_AFTER_NAME_RE = re.compile(
    r"(?:\s+[a-z][\w\-]*)*\s+(?:aides?|spokes(?:man|woman|person|people)|officials?|sources?|insiders?|"
    r"staffers?|advisers?|advisors?)"
)
# A person's people after a possessive ("Vell's team", "Vell's office", "Vell's former chief"): they speak,
# never the person. The head noun is a group or staff noun, or a role or posting noun (``_role_word``); a
# document or a speech of the person's ("Vell's letter", "Vell's op-ed") is left to the name rules.
_OWNED_GROUP_RE = re.compile(
    r"(?:[Tt]he\s+)?(?P<owner>(?:[A-Z][\w.'\-]*\s+){0,4}?[A-Z][\w.\-]*)'s\s+"
    r"(?P<rest>(?:[\w\-]+\s+){0,4}?(?P<head>[a-z][\w\-]*))"
)
_OWNED_GROUP_NOUNS = word_set(
    "team office staff camp circle brass aides aide advisers advisors adviser advisor spokesman spokeswoman "
    "spokesperson lawyers lawyer attorneys attorney counsel strategists strategist allies supporters backers "
    "opponents rivals critics associates confidants representatives doctors physician physicians children "
    "family friends fans loyalists surrogates"
)
# The lower-case word right after a capitalised run ("Halvik director of ...").
_WORD_AFTER_RE = re.compile(r"\s+([a-z][\w\-]*)")
# "The Tarsenian side", "the Tarsenian delegation": a state's party to talks, by its demonym or name.
STATE_SIDE_RE = re.compile(r"[Tt]he\s+([A-Z][\w\-]+)\s+(?:side|delegation)")
_PORTFOLIO_MINISTRY_RE = re.compile(r"(?:(?:the|its|their) )?((?:(?!the |its |their )[a-z]+ ){1,2})ministry")


# A person's unnamed staff as a subject: "a spokeswoman for Ada Vell", "one senior adviser to Mr. Vell" (an
# indefinite article: "the lawyer for Vell" may be someone named before), and "his aides", "her spokesman".
_STAFF_NOUN = r"(?P<role>spokes(?:man|woman|person)|aides?|advis[eo]rs?|lawyers?|attorneys?)"
_STAFF_FOR_RE = re.compile(
    rf"(?:a|an|one)\s+(?:[\w\-]+\s+){{0,2}}?{_STAFF_NOUN}\s+(?:for|to)\s+(?P<owner>[A-Z][\w.'’\- ]*)",
    re.IGNORECASE,
)
_OWNED_STAFF_RE = re.compile(rf"(?P<owner>his|her)\s+(?:[\w\-]+\s+)?{_STAFF_NOUN}", re.IGNORECASE)


def _role_word(word: str) -> bool:
    """A title, role or posting noun ("Sen.", "king", "Attaché"), which a name word may also be."""
    low = word.lower().strip(".,")
    return low in TITLE_WORDS or low in ROLE_NOUNS or _posting_word(word)


def _role_word_title(word: str) -> bool:
    """A title word ("Adviser", "Sen.")."""
    return word.lower().strip(".,") in TITLE_WORDS


def _posting_word(word: str) -> bool:
    """A posting noun ("Aide", "Attaché", "Consultant"), folded so an accented spelling is the plain one."""
    return fold(word.strip(".,")) in POSTING_NOUNS


class Registry(Coreference):
    """The people and institutions an article mentions, and the speaker each subject phrase names."""

    def __init__(self, date: str | None) -> None:
        super().__init__(date)
        self.institutions: list[Speaker] = []  # institution speakers so far, for "the ministry said"

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
        if pos < 0:
            return None
        # A body named earlier only in passing ("ruled by the Halvik Supreme Court ... the court said").
        named = None
        body_re = rf"\b((?:(?:[A-Z]\.)+\s+|[A-Z][\w\-]*\s+){{1,3}}){noun.title()}\b"
        for m in re.finditer(body_re, self._text[:pos]):
            named = m
        if named is None:
            return None
        words = named.group(1).split()
        while words and words[0].lower() in STOP_CAPS:
            words = words[1:]
        if not words:
            return None
        return Speaker(" ".join([*words, noun.title()]), "institution", None)

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
        campaign = self._campaign(p, pos, focus)
        if campaign is not None:
            return campaign
        bearer = self._role_word_surname(p)
        if bearer is not None:
            return bearer
        placed = PLACED_SOURCE_RE.match(p)
        if (
            placed
            and names_unnamed(placed.group(1))
            and not any(is_cap(w) for w in placed.group(1).split()[1:])
        ):
            # "Diplomats in Halvik", "officials at the ministry": unnamed sources, never the place.
            return Speaker(placed.group(1).lower(), "unnamed")
        body = institutions.spokesperson_body(p)
        if body is not None:
            # "A spokeswoman for the ministry" speaks for the ministry: the body is the speaker.
            speaks_for = self.resolve_entity(body, pos, None)
            if isinstance(speaks_for, Speaker) and speaks_for.type == "institution":
                return speaks_for
        staff = self.staff_of_person(p, pos, focus) or self._owned_group(p)
        if staff is not None:
            return staff
        home = self.home()
        for found in (institutions.embassy(p), institutions.police(p, home), institutions.outlet(p, home)):
            if found is not None:
                # Embassies, police forces and news outlets speak on their own authority.
                self.institutions.append(found)
                return found
        side = STATE_SIDE_RE.fullmatch(p)
        side_state = kb.country_of(side.group(1)) if side else None
        if side_state:
            # "The Tarsenian side" / "the Tarsenian delegation" in a meeting readout: the one person there
            # from that country; else the state itself, never someone of the other side.
            ent = self._side(side_state, pos)
            if ent is not None:
                return ent
            return Speaker(side_state, "institution", side_state)
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
            if head_runs and strip_titles([t[2] for t in head_runs[-1][2]]):
                person = self.resolve_entity(affiliated["head"], pos, focus)
                if isinstance(person, Entity) and person.kind == "person":
                    return person
        # An organisation named in full ("The Belmoran Council for Civil Rights") speaks as an institution.
        org = org_name(p)
        if org is not None and self._name_after_org(org.split()):
            return self.resolve_entity(" ".join(org.split()[-2:]), pos, focus)
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
                and strip_titles([t[2] for t in runs[k - 1][2]])
                and drop_leading_states(words) == words
            ):
                # "Lee Oster of Halvik", "Ivo Rast of the Courier": a place or employer. A run opening with a
                # state ("President of the Republic of Veldoria Alma Rusk") is the office's state and a name.
                continue
            if (
                k > 0
                and institutions.org_name_tail(p, run_start)
                and strip_titles(words) == words
                and drop_leading_states(words) == words
            ):
                # "The Center for Tidal Studies": the run ends an organisation's name, which speaks as a body.
                # A run opening with a state is the body's state and a name ("Office of Valdoria Ada Vell").
                org_start = runs[k - 1][0]
                if p[org_start:].startswith("The "):
                    org_start += 4
                if self._name_after_org(words):
                    return self.resolve_entity(" ".join(words[-2:]), pos, focus)
                found = Speaker(p[org_start : toks[-1][1]], "institution", None)
                self.institutions.append(found)
                return found
            if institutions.after_title_of(p, run_start):
                words = words[institutions.skip_portfolio(words) :]
            elif len(words) >= 3 and institutions.after_posting(p, run_start):
                # "director of Tidal Aid International Ora Venn": the posting's object is no part of the name.
                words = words[institutions.posting_name_start(words, kb.given_name) :]
            while len(words) > 1 and words[0].lower() in _GROUP_QUANTIFIERS:
                # "Most Southern states", "Several Twitter executives", "Some Democrats": a quantifier of
                # many, capitalised by the sentence start, opens no name, so it never makes one person.
                # ("Another Westmarcher who ... said" is one person, left to the rules below.)
                words = words[1:]
            trimmed = words
            while len(trimmed) > 1 and self.common_word(trimmed[0]):
                trimmed = trimmed[1:]
            if trimmed is not words and self.lookup_name(" ".join(trimmed)) is not None:
                words = trimmed  # "Top Vell said": a sentence's capitalised first word before a known name
            stateless = drop_leading_states(words)
            names = strip_titles(stateless)
            if not names:
                continue
            if _UNNAMED_AFTER_NAME_RE.fullmatch(p, toks[-1][1]):
                # "a Vell campaign aide", "one Vell adviser": the person's staff speaks, not the person. Only
                # after a real name: "The spokesman added" is a description, resolved to its holder elsewhere.
                label = re.sub(r"^(?:a|an|one|the|some|several|two|three|many|other)\s+", "", p, flags=re.I)
                return Speaker(label, "unnamed")
            role_after = _WORD_AFTER_RE.match(p, toks[-1][1])
            if role_after and (role_after.group(1) in ROLE_NOUNS or _posting_word(role_after.group(1))):
                # "Halvik director of the Aid Fund Ora Venn": a run that qualifies a lower-case role after it
                # is the role's place or employer; the name, if any, follows the role. A role noun, not any
                # title word: "Vell first complained" is Vell's.
                continue
            # Only a title makes one word a name ("President Vell"); a state before it does not ("Cyprus
            # Mail", "Manila Bulletin" are a paper), nor "The" alone ("The Ledger"), whose last word alone is
            # no one's name.
            name_from, name_to = title_slice(stateless)
            titled = name_to < len(stateless) or any(w.lower() != "the" for w in stateless[:name_from])
            if name_from and len(names) == 1 and re.fullmatch(r"[A-Z]\w+[^s's]s", names[0]):
                titled = True  # "The Houthis", "The CEOs": a plural after "The" is a group that speaks
            if (
                not titled
                and len(names) == 1
                and len(stateless) < len(words)
                and words[-1] == names[0]
                and not group_word(names[0])
                and re.sub(r"^[Tt]he\s+", "", p) == " ".join(w for w in words if w.lower() != "the")
            ):
                # A subject that is just a place and one word with no title ("The Halvik Courier", "Cyprus
                # Mail") is a body named by both (a paper, a team, a firm), which speaks: never a person
                # called by the last word, and never left to whoever was in focus.
                return self._brand_body(" ".join(w for w in words if w.lower() != "the"))
            cand = " ".join(names)
            if kb.country_of(strip_possessive(cand)) or any(w.lower().strip(".") in ORG_WORDS for w in names):
                continue
            if kb.people_of(names[-1]) is not None or group_word(strip_possessive(names[-1])):
                # "Ordinary Tarsenians", "Young Kenyans", "Westmarch Democrats": a people or a group that
                # speaks as many, no one's name.
                continue
            if any(_posting_word(w) and not _role_word_title(w) for w in names):
                # "Naval Attaché", "Military Aide": a posting, which no surname is (unlike "Mara Judge"). The
                # postings that are also titles ("Adviser", "Envoy") keep the rules below.
                continue
            own = self.entities.get(name_key(cand)) if len(names) >= 2 else None
            if own is not None and own.kind == "person" and not _role_word(names[0]):
                # "Rep. Ivo King", "Mara Judge": a full name the article printed, though its surname is also a
                # role word.
                return own
            if any(_role_word(w) for w in names):
                continue
            ent = self.lookup_name(cand)
            brand = len(names) == 1 and brand_word(cand)
            if ent is not None and brand and ent.kind == "person" and ent.person is None:
                return self._brand_body(cand)
            if ent is not None:
                return ent
            if any(w.isupper() and len(w) > 1 for w in names) or any(w.lower() in MONTHS_DAYS for w in names):
                continue
            alone = (
                len(names) == 1
                and name_key(p) == name_key(cand)
                and len(cand) > 2
                and cand.lower() not in STOP_CAPS
                and self._lone_name(cand)
            )
            if alone and brand:
                return self._brand_body(cand)
            if len(names) >= 2 or (titled and len(names) == 1 and len(cand) > 2) or alone:
                # A name the article gives alone ("Earnest said") is a person of its own: no one else the
                # article names bears it, and a famous bearer was ruled out above.
                ent = self._entity(self._fullest(cand), None, pos)
                if len(names) == 1:
                    self.surnames.setdefault(name_key(cand), ent)
                return ent
        if low.startswith("the ") and ROLE_RE.search(low):
            # "the spokesman", "the Secretary": someone named with that role wins over an unnamed reading.
            named = self.describe(p, pos, focus, use_holder=False)
            if named is not None:
                return named
        if names_unnamed(p) and not JOINT_RE.match(low):
            label = re.sub(
                r"^(a|an|one|the|some|several|two|three|many|other)\s+", "", p, flags=re.IGNORECASE
            )
            return Speaker(label, "unnamed")
        described = self.describe(p, pos, focus)
        if described is not None:
            return described
        unnamed = self.described_unnamed(p)
        if unnamed is not None:
            return unnamed  # a description no one answers to: never the person its complement names
        bare = re.fullmatch(r"(?:the|this|that)\s+([a-z]+)", low)
        if bare and bare.group(1) in ORG_WORDS:
            return self._earlier_institution(bare.group(1))
        inst = self.institution(p) or self._self_speaking_body(phrase, pos)
        if inst is not None:
            self.institutions.append(inst)
        return inst

    def staff_of_person(self, phrase: str, pos: int, focus: Entity | None) -> Speaker | None:
        """A person's unnamed staff ("a spokeswoman for Ada Vell", "a senior adviser to Mr. Vell", "her
        aides") as "Ada Vell spokeswoman": unnamed sources of that side, never the person in whose name they
        speak. None when the owner is no person the article names or the pronoun stands for."""
        m = _STAFF_FOR_RE.fullmatch(phrase) or _OWNED_STAFF_RE.fullmatch(phrase)
        if m is None:
            return None
        owner_phrase = m["owner"]
        if owner_phrase.lower() in ("his", "her"):
            owner_phrase = "he" if owner_phrase.lower() == "his" else "she"
        elif re.search(r"['’]s?$", owner_phrase):
            return None  # "a spokeswoman for Vell's campaign": the campaign's, read by the campaign rules
        owner = self.resolve_entity(owner_phrase, pos, focus)
        if not isinstance(owner, Entity) or owner.kind != "person":
            return None
        own_roles = {r for r in owner.roles if not re.fullmatch(_STAFF_NOUN, r)}  # not the staff role itself
        if owner.person is None and not own_roles and owner.gender is None:
            # "a spokesperson for Gullway South": a capitalised run the article does not show to be a person
            # may be a company, which speaks as itself.
            return None
        return Speaker(f"{owner.name} {m['role'].lower()}", "unnamed")

    def _owned_group(self, phrase: str) -> Speaker | None:
        """A person's team, office or staff named with a possessive ("Ivo Vell's team", "Vell's campaign
        manager", "Vell's former chief") speak as written: unnamed sources of that side, never the person
        (the studied PolNeAR slice has 64 such subjects in 46 articles of 7 outlets: its gold names the
        phrase every time, its owner never). None when
        the owner is no person (a state's "Tarsenia's president" is its office holder) or the head noun is
        none of a person's people."""
        m = _OWNED_GROUP_RE.fullmatch(phrase)
        if m is None or not (m["head"] in _OWNED_GROUP_NOUNS or _role_word(m["head"])):
            return None
        if any(is_cap(w) and self.lookup_name(w) is not None for w in m["rest"].split()):
            return None  # "Vell's deputy Ada Orrin": a name after the role is the speaker
        owner = self.lookup_name(m["owner"])
        if owner is None or owner.kind != "person" or names_a_people(owner) or self.used_as_thing(owner):
            return None
        if not (self._credible_person(owner) or len(owner.name.split()) >= 2):
            return None  # "Halden's delegation chairman": a place the entity scan took for a name
        # As written, like "a Vell campaign aide": an honorific's bearer ("Mrs. Vell's advisers") is read
        # from the mentions around it, not from the phrase alone.
        label = re.sub(r"^[Tt]he\s+", "", phrase)
        return Speaker(label, "institution" if m["head"] == "office" else "unnamed")

    def _brand_body(self, name: str) -> Speaker:
        """A name the article gives alone, written as a brand ("According to ProPublica", "BuzzFeed
        reported"): a body speaking on its own authority, never a person a he/she could stand for."""
        found = Speaker(name, "institution", None)
        self.institutions.append(found)
        return found

    def _role_word_surname(self, phrase: str) -> Entity | None:
        """The person a bare capitalised role word stands for when it is their surname ("King said" after
        "Rep. Ada King"; "Judge added" after "Ivo Judge"): the one person the article names in full with it
        as their last name, shown to be a person (a gazetteer entry, a role, a gender or a statement of their
        own: "Halvik State" is a college). With an article ("the King") or a name after it ("King Ivo"), it
        stays a role."""
        if " " in phrase or not phrase[:1].isupper() or not _role_word(phrase):
            return None
        key = name_key(strip_possessive(phrase))
        bearers = [
            e
            for e in self.entities.values()
            if e.kind == "person" and len(e.name.split()) >= 2 and name_key(e.name).split()[-1] == key
        ]
        return bearers[0] if len(bearers) == 1 and self._credible_person(bearers[0]) else None

    def _campaign(self, phrase: str, pos: int, focus: Entity | None) -> Speaker | None:
        """A candidate's campaign speaks as a body named after the candidate ("the Brannock campaign",
        "Brannock's campaign" -> "Ivo Brannock campaign"): never the candidate in person. "His"/"her
        campaign" is the campaign of whom the pronoun names, "the campaign" the one named last before, else
        the first named after."""
        owner = institutions.campaign_owner(phrase)
        if owner is None or owner == "their":
            return None
        person: Entity | None = None
        if owner in ("his", "her"):
            person = self._pronoun(owner, pos, focus)
        elif owner == "the":
            # The campaign named last before; else, in a story that names its campaign only later, the first
            # one named after (never a guess from the person in focus: an aide is no candidate).
            before = institutions.campaigns_named(self._text, pos)
            after = institutions.campaigns_named(self._text, len(self._text))[len(before) :]
            for named in [*reversed(before), *after]:
                person = self._campaign_person(named)
                if person is not None:
                    break
        else:
            person = self._campaign_person(owner)
        if person is None:
            return None
        found = Speaker(f"{person.name} {institutions.CAMPAIGN_SUFFIX}", "institution", person.country)
        self.institutions.append(found)
        return found

    def _campaign_person(self, owner: str) -> Entity | None:
        """The person of the article a campaign's owner names ("Brannock", "Then Brannock": its last word)."""
        words = strip_possessive(owner).split()
        for cand in (" ".join(words), words[-1]):
            ent = self.lookup_name(cand)
            if ent is not None and ent.kind == "person":
                return ent
        return None

    def _name_after_org(self, words: list[str]) -> bool:
        """Whether the last two of an organisation's name words are a person's name printed after it
        ("Association of Orvel Towns Ada Vell"): the surname stands on its own elsewhere in the article."""
        if len(words) < 3 or not all(is_cap(w) for w in words[-3:]):
            return False
        if any(w.lower().strip(".,") in ORG_WORDS or w.isupper() for w in words[-2:]):
            return False  # "National Science Foundation": the organisation's own words
        surname = strip_possessive(words[-1])
        alone = len(re.findall(rf"\b{re.escape(surname)}\b", self._text))
        return alone > len(re.findall(re.escape(" ".join(words[-3:])), self._text))

    def _self_speaking_body(self, phrase: str, pos: int) -> Speaker | None:
        """A capitalised subject that names no person and no place, but speaks as a body does ("Valtrix said
        in a statement", "Quandry Labs said it would ..."): an organisation on its own authority."""
        name = institutions.organisation_phrase(" ".join(phrase.split()))
        if name is None:
            return None
        words = name.split()
        if words[0].lower() in STOP_CAPS or any(
            w.lower() in MONTHS_DAYS or w.lower() in TITLE_WORDS or w.lower() in ROLE_NOUNS for w in words
        ):
            return None
        if kb.country_of(name) or self.lookup_name(name) is not None:
            return None  # a state speaks as itself elsewhere; a person named is no organisation
        said_at = re.compile(r"\s+".join(map(re.escape, phrase.split()))).match(self._text, pos)
        if said_at is None or not institutions.speaks_as_itself(self._text, said_at.end()):
            return None
        if re.search(rf"\b(?:[Ii]n|[Nn]ear|[Aa]cross)\s+{re.escape(name)}\b(?!['’])", self._text):
            # A place ("in Orvel"): its people or government, not a body of that name. "From Brindle" and
            # "in Brindle's accounts" are said of companies too, so they do not make a place.
            return None
        if len(words) == 1:
            name = institutions.fuller_name(self._text, name, pos)
        return Speaker(name, "institution", None)

    def institution(self, phrase: str) -> Speaker | None:
        """An institution or a state speaking as one ("the Kremlin", "Iran's foreign ministry", "Nigeria")."""
        p = re.sub(r"^(the|a|an)\s+", "", phrase.strip(), flags=re.IGNORECASE)
        if _LOCAL_BODY_RE.fullmatch(p):
            return Speaker(p, "institution", None)  # "the town council": a local authority, named plainly
        if not p or (not is_cap(p) and not re.search(r"\b[A-Z]{2,}\b", p)):
            return None
        if kb.is_agency(p):
            return Speaker(p, "institution", None)  # "UNICEF said": the agency speaks, not the whole body
        if p in self.acronyms:
            p = self.acronyms[p]
        for variant in dict.fromkeys((p, title_case(p))):
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
            if all(is_cap(w) or w.lower() in ("of", "for", "and", "the", "on") for w in words):
                return Speaker(p, "institution", None)
        return None

    def lookup_name(self, name: str) -> Entity | None:
        """The entity a printed name refers to: the article's own people first (full name, then a surname
        or a name's tail), the gazetteer only for someone the article has not named."""
        toks = strip_titles(name.split())
        if not toks:
            return None
        clean = " ".join(toks).rstrip(",")
        ent = self.entities.get(name_key(clean))
        if ent is not None:
            return ent
        if len(toks) == 1:
            # "Blair said" after "the treasury aide Tom Blair" is that aide, whoever else is called Blair.
            ent = self.surnames.get(name_key(strip_possessive(clean)))
            if ent is not None:
                return ent
        else:
            for ent in self.entities.values():
                if name_key(ent.name).endswith(" " + name_key(clean)):
                    return ent
        person = self.gazetteer_person(clean)
        if person is None:
            return None
        if getattr(person, "kind", "person") == "institution":
            return Entity(person.canonical, "institution", getattr(person, "country", None), set(), person)
        ent = self.entities.get(name_key(person.canonical))
        return ent if ent is not None else self._entity(person.canonical, person, 0)
