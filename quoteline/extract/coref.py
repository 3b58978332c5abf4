"""Coreference: who a pronoun, a role description or a joint subject in an article stands for.

``Coreference`` adds to the entity table the readings that need the article's context: "he"/"she" as the
speaker in focus or the latest salient person of that gender, "the Drevnian leader" as the person described
so (or the office holder in the gazetteer), "the two presidents" as the pair the article's meeting names,
"the Tarsenian side" as the person from that state.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

from quoteline.extract import kb
from quoteline.extract.entities import Entity, EntityTable
from quoteline.extract.gazetteer import role_fits
from quoteline.extract.mentions import (
    AGE_DESC_RE,
    NAME_PARTICLES,
    OCCUPATIONS,
    ROLE_NOUNS,
    ROLE_RE,
    TITLE_WORDS,
    name_key,
    qualified_role,
    strip_possessive,
)
from quoteline.extract.model import Speaker

# Plural role nouns of a joint subject that narrow who its members are ("the two presidents").
_JOINT_ROLES = ("prime minister", "foreign minister", "president", "minister", "chancellor", "king")
# Collective subjects naming an office in several states: "the foreign ministers of A, B and C",
# "the A and B presidents".
_GROUP_ROLES = (
    r"(?:foreign ministers|defen[cs]e ministers|finance ministers|prime ministers|ministers|presidents|"
    r"leaders|heads of state|chancellors)"
)
_GROUP_OF_RE = re.compile(
    rf"^(?:[Tt]he\s+)?(?P<role>{_GROUP_ROLES})\s+of\s+(?:the\s+)?"
    r"(?P<states>[A-Z][\w\-]*(?:\s+[A-Z][\w\-]*)*(?:(?:,\s*|,?\s+and\s+)(?:the\s+)?[A-Z][\w\-]*(?:\s+[A-Z][\w\-]*)*)+)$"
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
# Quoted words (curly, straight, guillemets, and the doubled apostrophes of newspaper archives).
_QUOTATION_RE = re.compile(r"“[^”“]*”|«[^»«]*»|\"[^\"]*\"|''.*?''", re.DOTALL)
# A preposition and up to three words (an article, a title, an outlet's possessive) before a name, in the
# same sentence: only a capitalised word (a title, an initial) may end in a full stop.
_OBJECT_NAME_RE = re.compile(
    r"\b(?:[Tt]o|[Ww]ith|[Bb]y|of|about|for|against|from) +(?:(?:[A-Z][\w'’\-]*\.?|[\w'’\-]+) +){0,3}$"
)
_SALIENT_LOOKBACK = 6  # salient people a mismatched pronoun may reach back to
_SIDE_PEOPLE = 4  # people of a meeting that "the X side" may name
_PRONOUN_LOOKBACK = 4  # people, most recent first, that a mismatched pronoun may reach back to
# What separates two names of one list: commas, "and", capitalised titles ("Secretary", "Mr.").
_LIST_GAP_RE = re.compile(r"(?:\s|,|\band\b|\*|[A-Z][\w\-]*\.?)*")


# The preposition that opens a description's complement ("the adviser | to the Head of the Office").
_COMPLEMENT_RE = re.compile(r"\s(?:to|of|for)\s", re.IGNORECASE)
# Words that may sit between a title and the name it introduces ("Adviser to the Head of the Office Ivo
# Varn").
_TITLE_GAP_RE = re.compile(r"(?:\s+(?:to|of|for|the|and|[A-Z][\w’'\-]*|[a-z]+))*")
# What a bare title ("the First Lady") may have between it and the name it introduced: nothing, or its
# state ("First Lady of Lusmark Ada Vell"); never other words, which may end in another name ("First Lady
# Ada Vell at Harbour Day" names no "Harbour Day").
_BARE_TITLE_GAP_RE = re.compile(r"(?:\s+of(?:\s+(?:the|[A-Z][\w’'\-]*)){1,3})?")
_HEAD_QUALIFIERS = ("deputy", "vice", "assistant", "acting", "first", "former", "senior", "chief")
# Words between a title and the name it introduces: "Adviser to the Head of the Office of the President of
# Valdoria Ivo Varn" has eleven.
_TITLE_GAP_WORDS = 14
# "The head of the Valdorian state" (translated readouts): the head of state of the state its demonym names.
_STATE_HEAD_RE = re.compile(r"(?:[Tt]he\s+)?[Hh]ead of the ([A-Z][\w\-]+) [Ss]tate")
# How far before a title the name it stands in apposition to may begin ("Mykola Varnenko-Orrin, " and
# an article).
_APPOSED_REACH = 80
# A description this long (its article left out) is specific enough to be matched whole: "Secretary of the
# Harbour Council", not "President of" alone.
_EXACT_DESCRIPTION_WORDS = 3


def _title_words(words: str) -> str:
    """A pattern for a title's words that reads either spelling of "adviser"/"advisor": an article may print
    one where it introduced the person and the other where it quotes them."""
    return re.sub(r"advis(?:e|o)r", "advis[eo]r", re.escape(words), flags=re.IGNORECASE)


def split_head(phrase: str) -> tuple[str, str]:
    """A description's head and its complement: "the Adviser" and " to the Head of the Office". The first
    "to/of/for" that is not part of a role noun ("head of state") opens the complement."""
    roles = [m.span() for m in ROLE_RE.finditer(phrase)]
    for m in _COMPLEMENT_RE.finditer(phrase):
        if not any(a <= m.start() < b for a, b in roles):
            return phrase[: m.start()], phrase[m.start() :]
    return phrase, ""


def _full_name(text: str) -> bool:
    """Two or more capitalised words, none a title or role word: a printed name ("Ivo Varn"). A particle
    inside it ("Ada van der Orrin") is part of the name, not a break in it."""
    words = text.split()
    inner = words[1:-1]
    return (
        len(words) >= 2
        and all(w[:1].isupper() or (w in inner and w in NAME_PARTICLES) for w in words)
        and all(w.lower() not in TITLE_WORDS and w.lower() not in ROLE_NOUNS for w in words)
    )


def names_a_people(ent: Entity) -> bool:
    """Whether a capitalised run taken for a person ends in a plural demonym ("Lusmarkian Tarsenians",
    "Asian Americans"): a group of people, whom no "he" or "she" stands for."""
    words = ent.name.split()
    last = strip_possessive(words[-1]) if words else ""
    return ent.person is None and kb.people_of(last) is not None


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a < pos < b for a, b in spans)


class Coreference(EntityTable):
    """The entity table, with pronouns, descriptions and joint subjects resolved against it."""

    def _pronoun(self, pronoun: str, pos: int, focus: Entity | None) -> Entity | None:
        """He/she: the speaker in focus, unless the article shows that person's gender is the other one."""
        want = "f" if pronoun in ("she", "her") else "m"
        if focus is not None and names_a_people(focus):
            focus = None
        if focus is None or focus.kind != "person":
            # An institution spoke last ("The ministry said ... "...," she said"): the latest person who
            # spoke or opened a sentence, if the article does not show the other gender.
            for e in reversed(self.speakers_seen[-_SALIENT_LOOKBACK:] or self.salient[-_SALIENT_LOOKBACK:]):
                if e.kind == "person" and e.gender in (None, want) and not names_a_people(e):
                    return e
            return None
        if focus.gender in (None, want):
            return focus  # without evidence against it, the speaker in focus stands
        # The pronoun cannot be the focus's. A person the focus's own paragraph names, not shown to be of
        # the other gender, comes first ("X spoke with her counterpart, Y. He told her ...").
        para = self._text.rfind("\n\n", 0, pos)
        quoted = [m.span() for m in _QUOTATION_RE.finditer(self._text, para + 1, pos)]
        near = [
            m.entity
            for m in reversed(self.mentions)
            if para < m.start < pos
            and not _inside(m.start, quoted)  # a name inside quoted words does not speak them
            and m.entity is not focus
            and m.entity.kind == "person"
            and not self.used_as_thing(m.entity)
            and not self._listener(m.start)
        ]
        # Of these, one who spoke comes before one merely named ("Bask questioned the pick. He said Tolvik
        # attacked Marrow. He also said ...": Bask, not Marrow, the object of words Bask reported).
        recent_speakers = self.speakers_seen[-_SALIENT_LOOKBACK:]
        for e in sorted(near, key=lambda e: (e.gender != want, e not in recent_speakers)):
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
        # Places and things taken for names ("in Sandy Hook") are no one a pronoun can stand for.
        # People this paragraph names only inside quoted words are no one a pronoun stands for.
        here = [m for m in self.mentions if para < m.start < pos]
        only_quoted = {id(m.entity) for m in here if _inside(m.start, quoted)} - {
            id(m.entity) for m in here if not _inside(m.start, quoted)
        }
        recent = [
            e
            for e in self.mentioned_before(pos)
            if e.kind == "person" and not self.used_as_thing(e) and id(e) not in only_quoted
        ][:_PRONOUN_LOOKBACK]
        # A person of that gender named lately. Not a person of no gender evidence merely because the
        # pronoun cannot be the focus's: on five PolNeAR slices (730 articles) that guess fired four times,
        # wrong each time (a nickname, a group, an interviewer for the interviewee), and never on 800 real
        # articles; no speaker beats a wrong one.
        matching = [e for e in recent if e.gender == want]
        return matching[0] if matching else None

    def _listener(self, start: int) -> bool:
        """Whether a name at ``start`` is the object of a preposition: the one spoken to or asking ("Speaking
        to Ivo Vell of Radio Mirel, he said", "In an interview with Ada Orrin, she said", "Asked by Vell about
        the pier, he said") or someone spoken of ("the killing of the reporter Ivo Vell"), not a speaker."""
        return bool(_OBJECT_NAME_RE.search(self._text, max(0, start - 60), start))

    def _role_fits(self, ent: Entity, role: str) -> bool:
        return role_fits(ent.roles, ent.person, role, self.date)

    def describe(self, phrase: str, pos: int, focus: Entity | None, use_holder: bool = True) -> Entity | None:
        """Resolve a role description ("the Belarusian leader", "the President of Ukraine")."""
        state_head = _STATE_HEAD_RE.fullmatch(" ".join(phrase.split()))
        if state_head and kb.country_of(state_head.group(1)):
            # "the Head of the Valdorian state": that state's head of state, as "the Valdorian head of state".
            phrase = f"the {state_head.group(1)} head of state"
        head, complement = split_head(phrase)
        if complement:
            # "the Secretary of the Harbour Council" after "Secretary of the Harbour Council Ivo Varn": the
            # whole description, printed before a name, introduced that person, whatever role words it holds.
            exact = self._introduced_exactly(phrase, pos, focus)
            if exact is not None:
                return exact
        low = phrase.lower()
        # The head is the role: "the Adviser to the President" is an adviser, never the President.
        matches = list(ROLE_RE.finditer(low, 0, len(head)))
        if not matches:
            # "said the First Lady": a capitalised title that is no role noun introduced its bearer by name.
            words = phrase.split()
            title = (
                len(words) >= 2
                and words[0].lower() == "the"
                and all(w[:1].isupper() and w.lower() in TITLE_WORDS for w in words[1:])
            )
            if title:
                return self._introduced_as(head, pos, focus, near=False)
            return self._introduced_as(head, pos, focus) if complement else None
        rm = matches[-1]
        role = ROLE_NOUNS[rm.group(1).lower()]
        qualified = qualified_role(low, rm)
        ages = {int(a) for a in AGE_DESC_RE.findall(low)}
        country = None
        of = re.search(r"\bof (?:the )?([A-Z][\w\s\-]+)$", (phrase[rm.end() :].strip() and phrase) or "")
        tail = phrase[rm.end() :]
        mo = re.match(r"\s+of\s+(?:the\s+)?(.+)$", tail)
        if mo:
            country = kb.country_of(mo.group(1).strip())
        del of
        if country is None:
            for tok in re.findall(r"[A-Z][\w’'\-.]*", phrase[: rm.start()]):
                c = kb.country_of(strip_possessive(tok))
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
        if ages and role in OCCUPATIONS and not country:
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
                ent = self.entities.get(name_key(person.canonical)) or self._entity(
                    person.canonical, person, pos
                )
                if not ent.country:
                    ent.country = country
                return ent
        return None

    def _name_surfaces(self) -> dict[str, Entity]:
        """Every full name the article prints for a person, with that person."""
        surfaces: dict[str, Entity] = {}
        for m in self.mentions:
            if m.entity.kind == "person" and _full_name(self._text[m.start : m.end]):
                surfaces.setdefault(self._text[m.start : m.end], m.entity)
        for ent in self.entities.values():
            if ent.kind == "person" and _full_name(ent.name):
                surfaces.setdefault(ent.name, ent)
        return surfaces

    def _introduced_exactly(self, phrase: str, pos: int, focus: Entity | None) -> Entity | None:
        """The person whose full name the article prints right after the whole description ("Secretary of the
        Harbour Council Ivo Varn" for "the Secretary of the Harbour Council"): the speaker in focus if so
        introduced, else the latest before ``pos``, else the one person so introduced later. A qualified title
        ("Deputy Secretary of ...") introduces someone else."""
        words = re.sub(r"^(?:the|a|an)\s+", "", " ".join(phrase.split()), flags=re.IGNORECASE).split()
        if len(words) < _EXACT_DESCRIPTION_WORDS:
            return None
        surfaces = self._name_surfaces()
        if not surfaces:
            return None
        # Longest first, so the fullest name printed after the description wins (as a pattern's alternation
        # would, without compiling one per description).
        longest_first = sorted(surfaces, key=len, reverse=True)
        described = re.compile(
            r"(?<![\w\-])" + r"\s+".join(re.escape(w) for w in words) + r"\s+", re.IGNORECASE
        )
        found: list[Entity] = []
        later: list[Entity] = []
        for t in described.finditer(self._text, self._start):
            before = self._text[max(0, t.start() - 30) : t.start()].split()[-1:]
            if before and before[0].lower() in _HEAD_QUALIFIERS:
                continue
            name = next((n for n in longest_first if self._text.startswith(n, t.end())), None)
            if name is not None:
                (found if t.start() < pos else later).append(surfaces[name])
        if focus is not None and focus in found:
            return focus
        if found:
            return found[-1]
        return later[0] if len({id(e) for e in later}) == 1 else None

    def _introduced_as(self, head: str, pos: int, focus: Entity | None, near: bool = True) -> Entity | None:
        """The person the article introduced with a description's head words ("Adviser to the Head of the
        Office Ivo Varn" for "the Adviser to ..."): the speaker in focus if so introduced, else the latest
        such person before ``pos``, else the one person so introduced later (a quote-first report names its
        speaker after the first quote). A qualified title ("Deputy Head") does not introduce a bare "Head". A
        person's title in apposition right after a name introduces that name too ("Ivo Varn, Adviser to the
        Head of the Office, said"), as an office's readouts often print it.

        The text is searched, not the mentions: a name printed after a long title is not always a mention
        of its own. A bare title ("the First Lady", ``near`` false) is never followed by the name it stands
        for, so a title printed just before it may introduce the person ("First Lady Ada Orrin spoke. The
        First Lady said ...")."""
        words = re.sub(r"^(?:the|a|an)\s+", "", " ".join(head.split()), flags=re.IGNORECASE)
        if not words or len(words.split()) > 3:
            return None
        surfaces = self._name_surfaces()
        if not surfaces:
            return None
        names = re.compile("|".join(re.escape(n) for n in sorted(surfaces, key=len, reverse=True)))
        title = re.compile(rf"(?<![\w\-])({_title_words(words)})\b", re.IGNORECASE)
        # "Ivo Varn, Adviser to the Harbour Office, said": the name before a comma that the title follows.
        # Only a person's title stands so ("Infrastructure Law, the Department of ..." names no one).
        last = words.split()[-1].lower().rstrip(".")
        apposed = (
            re.compile(rf"(?<![\w\-])({names.pattern}),\s+(?:the\s+)?$")
            if last in TITLE_WORDS or last in ROLE_NOUNS
            else None
        )
        found: list[Entity] = []
        later: list[Entity] = []
        for t in title.finditer(self._text, self._start):
            if near and t.start() <= pos < t.end() + 120 and self._text.find("\n", t.start(), pos) < 0:
                continue  # the description itself
            before = self._text[max(0, t.start() - 30) : t.start()].split()[-1:]
            if before and before[0].lower() in _HEAD_QUALIFIERS and before[0].lower() not in words.lower():
                continue
            seg = re.split(r"[,.;:()\n\"“”]", self._text[t.end() : t.end() + 160], maxsplit=1)[0]
            named = None
            for n in names.finditer(seg):
                gap = seg[: n.start()].rstrip()
                if near and len(gap.split()) <= _TITLE_GAP_WORDS and _TITLE_GAP_RE.fullmatch(gap):
                    named = n.group()
                    break
                if not near and _BARE_TITLE_GAP_RE.fullmatch(gap):
                    named = n.group()
                    break
            if named is None and apposed is not None:
                a = apposed.search(self._text, max(self._start, t.start() - _APPOSED_REACH), t.start())
                named = a.group(1) if a else None
            if named is not None:
                (found if t.start() < pos else later).append(surfaces[named])
        if focus is not None and focus in found:
            return focus
        if found:
            return found[-1]
        return later[0] if len({id(e) for e in later}) == 1 else None

    def described_unnamed(self, phrase: str) -> Speaker | None:
        """A description no one in the article answers to ("the deputy head of the regional administration"),
        as an unnamed speaker labelled by it; None for a phrase that is no description of a person."""
        head, complement = split_head(" ".join(phrase.split()))
        words = head.split()
        if not complement or not words or words[0].lower() != "the":
            return None
        noun = words[-1].lower().rstrip(".")
        if noun not in TITLE_WORDS and noun not in ROLE_NOUNS:
            return None
        return Speaker(" ".join(phrase.split()[1:]), "unnamed")

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
            kb.country_of(strip_possessive(w.strip().removeprefix("the ")))
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
            ent = self.entities.get(name_key(holder.canonical)) or self._entity(holder.canonical, holder, pos)
            members.append(ent)
        return list(members)

    def _side(self, country: str, pos: int) -> Entity | None:
        """The person "the <country> side" stands for among the people named last, or None when the
        article does not single one out (the state then speaks)."""
        people = [e for e in self.mentioned_before(pos) if e.kind == "person"][:_SIDE_PEOPLE]
        origin = {id(e): e.country or self._title_country(e) for e in people}
        own = [e for e in people if origin[id(e)] == country]
        if len(own) > 1:
            # Several of that state named ("X and Y hosted ...", or a leader named in passing, "the initiative
            # of President Z"): the side is the one of them who has spoken, else the delegation as a whole.
            spoke = [e for e in reversed(self.speakers_seen) if e in own]
            return spoke[0] if spoke else None
        if own:
            return own[0]
        unknown = [e for e in people if origin[id(e)] is None]
        if len(unknown) != 1 or len(people) < 2:
            return None
        # One person of no stated state, facing people of another ("X met the Chilean minister Y"): the
        # side. Not when listed with them ("Vell, Orrin and Mr. Kessel met the Tarsenian delegation"):
        # then the person is of the others' side, and the state speaks.
        others = {id(e) for e in people if origin[id(e)] not in (None, country)}
        return None if self._listed_with(unknown[0], others, pos) else unknown[0]

    def _listed_with(self, ent: Entity, others: set[int], pos: int) -> bool:
        """Whether a mention of ``ent`` before ``pos`` stands in one list with a mention of one of ``others``,
        nothing but commas, "and" and capitalised titles between them."""
        ms = [m for m in self.mentions if m.start < pos]
        for a, b in itertools.pairwise(ms):
            pair = {id(a.entity), id(b.entity)}
            if id(ent) in pair and pair & others and _LIST_GAP_RE.fullmatch(self._text, a.end, b.start):
                return True
        return False

    def _holds(self, ent: Entity, country: str, role: str) -> bool:
        p = ent.person
        return p is not None and getattr(p, "country", None) == country
