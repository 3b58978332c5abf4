"""Per-article extraction state: the prepared text, quotes, cue lexicon, registry and the speaker in focus."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from quoteline.extract import kb
from quoteline.extract.clauses import (
    NP_LOWER,
    POSTING_NOUNS,
    Subject,
    np_token,
    phrase_after,
    posting_link,
    subject_before,
    words_between,
)
from quoteline.extract.coref import names_a_people
from quoteline.extract.cues import Lexicon
from quoteline.extract.entities import Entity, Mention
from quoteline.extract.evidence import Reference
from quoteline.extract.mentions import (
    JOINT_RE,
    MONTHS_DAYS,
    OCCUPATIONS,
    ORG_WORDS,
    ROLE_NOUNS,
    ROLE_RE,
    SENTENCE_OPENERS,
    STOP_CAPS,
    names_unnamed,
    unnamed_word,
)
from quoteline.extract.model import Draft, Speaker
from quoteline.extract.parse import ArticleParse
from quoteline.extract.quotes import Quote
from quoteline.extract.resolution import STATE_SIDE_RE, Registry
from quoteline.extract.text import Document, Span, word_set

_MAX_SUBJECT_OFFSET = 200  # a sentence's subject opens it, within this many characters
_INSTITUTION_FOCUS_CHARS = 400  # how far back an institution's statement keeps it the "they" that speaks next
# A bare body noun as a subject: the body the text has just named ("The company said …").
_BODY_NOUN_RE = re.compile(
    r"(?:the|this)\s+(?:company|firm|corporation|group|organi[sz]ation|agency|union|network|newspaper|paper|"
    r"foundation|bureau)",
    re.IGNORECASE,
)
_PASSIVE_AFTER_RE = re.compile(
    r"\s+(?:is|are|was|were|(?:has|have|had)\s+been)\s+(?:[a-z]+ly\s+)?"
    r"(?:[a-z]+ed|held|hit|caught|sold|bought|taken|given|beaten|driven|led|kept|left|sent|shut)\b"
)
_MEETING_LOOKBACK = 3  # sentences back to look for the meeting a "they" refers to
_MEETING_RE = re.compile(
    r"\b(?:met|meets|meeting|spoke|speaks|talks|talked|call|conversation|discussed|discuss|two leaders|"
    r"both leaders|the presidents|the leaders|interlocutors)\b",
    re.IGNORECASE,
)
# "the President and Prime Minister", "the presidents of Russia and France": two office holders at once.
_OFFICE = r"(?:president|prime minister|chancellor|king|queen|premier|foreign minister|secretary of state)"
_PAIR_OF_OFFICES_RE = re.compile(
    rf"^(?:the\s+)?{_OFFICE}(?:\s+of\s+[A-Z][\w\-]*)?\s+and\s+(?:the\s+)?{_OFFICE}(?:\s+of\s+[A-Z][\w\-]*)?$|"
    r"^the\s+(?:presidents|leaders|prime\s+ministers|foreign\s+ministers|heads\s+of\s+state)\s+of\s+"
    r"[A-Z][\w\-]*\s+and\s+[A-Z][\w\-]*$",
    re.IGNORECASE,
)
# Names joined by "and" ("the United States and the European Union", "Tarsenia, Lusmark and Drevnia").
_JOINED_SPLIT_RE = re.compile(r",\s*(?:and\s+)?|\s+and\s+")
# A state's own name: capitalised words, "of" inside ("Republic of Lusmark"), initials ("U.S.").
_STATE_NAME_RE = re.compile(r"[A-Z][\w.'’\-]*(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][\w.'’\-]*)*")


def _joined_states(phrase: str) -> list[str]:
    """The states (and unions of states) a subject joins with "and", each as the gazetteer names it; empty
    unless every part is one and there are at least two."""
    parts = [re.sub(r"^(?:the|The)\s+", "", p.strip()) for p in _JOINED_SPLIT_RE.split(phrase)]
    if len(parts) < 2 or any(not _STATE_NAME_RE.fullmatch(p) or kb.people_of(p) for p in parts):
        return []  # "the delegations of Ukraine and Russia", "Ukrainians and Poles": no state's own name
    states = [kb.country_of(p) for p in parts]
    if not all(states) or len(set(states)) < len(states):
        return []
    return [s for s in states if s]


# A name right after a preposition is its object, a place or employer ("Mayor Edda Varn of North Halvik"),
# never the head of the phrase it ends.
_PREPOSITION_END_RE = re.compile(
    r"\b(?:of|from|at|in|for|with|by|to)\s+(?:the\s+|(?:Mr|Mrs|Ms|Dr)\.\s+)?$", re.IGNORECASE
)
# A sentence-opening subordinate clause, up to the comma that ends it.
_SUBORDINATE_OPENING_RE = re.compile(
    r"\W*(?:[Ee]ver\s+)?(?:[Ss]ince|[Ww]hen|[Aa]fter|[Bb]efore|[Aa]s|[Ww]hile|[Aa]lthough|[Tt]hough|[Bb]ecause|"
    # a short quoted phrase may sit inside the clause ("When Vell called it "a ferry for all," Orrin ..."),
    # its closing comma inside the marks
    r"[Ii]f|[Oo]nce|[Uu]ntil)\s(?:[^,;:\"“”]|[\"“][^\"“”]{1,60}[\"”])*?(?:,|(?<=,[\"”]))"
)
_QUOTE_MARKS = '"“”«»„'
# A question put to someone named right after the verb ("asked Ivo Vell whether ..."), whose answer a he/she
# quote may give next; at most a short title between the verb and the name ("asked Sen. Vell").
_ASK_CUE_RE = re.compile(r"(?:asked|asks|ask|asking)", re.IGNORECASE)
_ADDRESSEE_GAP_RE = re.compile(r"\s+(?:[A-Z][a-z]{0,4}\.\s+)?")
_ADDRESSEE_GAP = 8
# The word that makes the asker's clause a subordinate one after its main clause ("... when Orrin asked").
_TIME_CLAUSE_END_RE = re.compile(r"\s(?:when|as|after)\s+$")
_QUESTION_AFTER_NAME_RE = re.compile(r",?\s+(?:whether|if|about|why|how|what|when|where|who|which)\b")
_ANSWER_DISTANCE = 600  # characters from the question's verb to the answer's pronoun
# A run-in heading's end between a parsed subject and the rules' one: a colon or a dash set off by spaces.
_RUN_IN_END_RE = re.compile(r":|\s[–—-]\s")
_DASH_RE = re.compile(r"\s[–—-]\s|[–—]")
_EMPHASIS_RE = re.compile(r"\*|(?<!\w)_|_(?!\w)")
_CAPITALISED_WORDS_RE = re.compile(r"\s*(?:[A-Z][\w.'’\-]*\s+)*")
_FOLLOW_UP_QUESTION_RE = re.compile(
    r"(?:he|she)\s+(?:\w+ly\s+)?(?:asked|asks|wondered|pressed|added)\b", re.IGNORECASE
)
# A participle after a main clause that puts a thing in a state ("With the shares down, the pressure is only
# growing, threatening more losses"; "But the lull has real downsides, suggesting ..."): the participle tells
# what that thing does or shows, and so does a participle coordinated with it ("..., suggesting A and
# underscoring B"): no one speaks. The clause has a determiner phrase as its subject and a
# form of "be" or "have" (not an act in the perfect: "has responded, saying") as its verb.
_THING_STATE_RE = re.compile(
    r"\W*(?:(?:but|and|yet|still|so)\s+)?(?:[^,;:\"“”]{0,120},\s+)??"
    r"(?:the|a|an|this|that|these|those|such)\s+(?P<np>(?:[\w'’\-]+\s+){0,12}?)"
    r"(?:is|was|are|were|has|have|had|seems|seemed|remains|remained)\s+"
    r"(?P<pred>(?![a-z]+(?:ed|en)\b)[^,;:\"“”]*),\s*(?=[a-z]+ing\b)",
    re.IGNORECASE,
)
# Heads that make such a subject a speaker after all (a body, a campaign): the participle is theirs.
_SPEAKING_BODY_WORDS = word_set("campaign campaigns team staff camp spokesperson")
_POSSESSIVE_RE = re.compile(r"['’]s?\b")
# A preposition (an article and up to two words after it) right before a name: the name is an object ("met
# with Ivo Vell", "approval of the vast Harbour Act", "talking to Radio Mirel’s Ada Vell").
_OBJECT_RE = re.compile(
    r"\b(?:of|from|at|in|for|with|by|to|about|against|on|over|than|like)\s+(?:(?:the|a|an)\s+)?"
    r"(?:[\w.\-'’]+\s+){0,2}$"
)
# A he/she of a sentence, which then speaks of someone else than the one person it names ("He praised
# Vell"); "him" too, since a man the sentence names is not its "him" ("Vell endorsed him").
# A sentence opening with a capitalised noun phrase (or "The" and one) right before a lower-case word: its
# subject, when that phrase is no person's name.
_OPENING_CAPITALISED_RE = re.compile(
    r"\s*(?P<np>(?:The\s+)?[A-Z][\w’'&.-]*(?:\s+[A-Z][\w’'&.-]*){0,3})\s+[a-z]"
)
_PARTICIPLE_AT_RE = re.compile(r"[A-Za-z]+ing\b")
_NUMBER_WORDS = word_set(
    "one two three four five six seven eight nine ten eleven twelve twenty thirty hundreds"
)
# Capitalised sentence openers that are no subject: months, weekdays, and words of time or manner.
_OPENING_NON_SUBJECTS = MONTHS_DAYS | word_set("""so yes no later once first finally""")
# A comma between a subject name and the description set beside it, up to that description's head noun
# (", executive director", ", the acting director").
_APPOSED_AFTER_RE = re.compile(r",\s+(?:[a-z][\w-]*\s+){0,3}")
_HE_SUBJECT_RE = re.compile(r"\b[Hh](?:e|im)\b")
_SHE_SUBJECT_RE = re.compile(r"\b[Ss]he\b")
# A copula right before a name: the subject of an inverted sentence ("Also on the stage was Ada Orrin").
_INVERTED_COPULA_RE = re.compile(r"\b(?:was|is|were|are)\s+$")
# What may follow the name that ends an inverted sentence's subject: an appositive's comma or the full stop.
_NAME_PHRASE_END_RE = re.compile(r"\s*(?:[,.;]|$)")
# A sentence whose subject is a role description ("The senator then called ...", "Speaking on Sunday, the
# president framed ...", "Instead, the businessman has insisted ..."): the description, an optional opening
# phrase before it set off by a comma, and a finite verb after up to two auxiliaries or adverbs.
_DESCRIBED_SUBJECT_RE = re.compile(
    r"\W*(?:[^,;:\"“”\n]{1,120},\s+)?(?P<np>[Tt]he\s+(?:[a-z][\w\-]*\s+){0,2}?(?P<noun>[a-z][\w\-]*))\s+"
    r"(?:(?:also|then|later|again|still|has|had|have|would|will|did|does)\s+){0,2}[a-z]{2,}(?:ed|s)\b"
)
# Sentence openers that show the subject comes before the verb ("The winner was Ada Orrin").
_DETERMINER_OPENERS = word_set("the a an this that these those his her their its our my your one")
# A sentence opening with a noun phrase (no clause word, no quote) and a regular past tense after it: its
# main verb ("Crew member Flint shared", "Vell's son, Tomas, defended").
# A participle right before the quoted words it brings in: "writing “…”", "saying: ''…''".
_PARTICIPLE_BEFORE_QUOTE_RE = re.compile(r"[a-z]+ing\s*[:,]?\s*(?:[\"“‘]|'')")
_OPENING_PAST_VERB_RE = re.compile(r"[^\"“”;:]*?\s(?P<verb>[a-z]+ed)\b")
# A possessive description set before a name it introduces: "Vell's son, " in "Vell's son, Tomas, defended".
_POSSESSIVE_DESCRIPTION_RE = re.compile(
    r"\s*[A-Z][\w.\-]*(?:\s+[A-Z][\w.\-]*){0,3}['’]s?(?:\s+[a-z\-]+){1,3},\s*"
)
_MAX_OPENING_DESCRIPTION = 80  # characters a sentence-opening description may run before its comma
_NOT_HEAD_NOUNS = word_set("""and or of the a an with for to in on at by from nor but""")
_MAX_MODIFIED_WORDS = 6  # words between a name used as a modifier ("Vell adviser") and the name it leads to
# Endings of agent nouns, open-ended as occupations are ("pollster", "speechwriter", "consultant",
# "strategist", "supporter"): between two names with no punctuation ("Vell pollster Ada Orrin") such a word
# makes the first name a modifier. Adverbs and function words of those endings are no agent.
_AGENT_NOUN_ENDINGS = ("ant", "ist", "ster", "er", "or")
_MIN_AGENT_NOUN = 6  # letters: shorter words of those endings are mostly verbs or function words ("want")
_NOT_AGENT_NOUNS = word_set(
    """together further rather earlier however whether neither either forever whatever another
    whenever wherever otherwise thereafter hereafter meanwhile"""
)


# Lowercase words that show a sentence's opening is a clause, not a noun phrase before a name.
_CLAUSE_WORDS = word_set(
    """i we you he she they it is was are were be been has have had will would can could may might must
    shall should do does did to in on at by for from with after before when while as if that this these
    those there then not no"""
)


def _occupation_prefix(words: list[str]) -> bool:
    """A short run of plain nouns before a name ("Mill foreman", "Ferry captain", "Party front-runner"): no
    verb or clause word.

    Occupations are open-ended, so rather than list them this accepts up to three words none of which looks
    like a verb form (-ed, -ing) or a function word. A hyphen may join a compound noun ("front-runner").
    """
    if not words or len(words) > 3:
        return False
    for w in words:
        low = w.lower()
        if (
            not low.replace("-", "").isalpha()
            or low.startswith("-")
            or low.endswith("-")
            or low in _CLAUSE_WORDS
            or (w.islower() and low.endswith(("ed", "ing")))
        ):
            return False
    return True


def _speaking_noun(word: str) -> bool:
    """A common noun that can head a speaker's description ("the minister", "officials", "the agency")."""
    low = word.lower()
    return low in NP_LOWER or low in ROLE_NOUNS or unnamed_word(word)


def _agent_noun(word: str) -> bool:
    """A lower-case word naming what someone does ("consultant", "pollster", "speechwriter"), which a name
    before it only modifies ("Vell consultant Ada Orrin")."""
    low = word.lower()
    if low in POSTING_NOUNS or low in OCCUPATIONS:
        return True
    return (
        len(low) >= _MIN_AGENT_NOUN
        and low.isalpha()
        and low.endswith(_AGENT_NOUN_ENDINGS)
        and low not in _NOT_AGENT_NOUNS
    )


@dataclass
class Context:
    """Everything the attribution passes share while walking one article in reading order."""

    doc: Document
    lex: Lexicon
    registry: Registry
    quotes: list[Quote]
    focus_entity: Entity | None = None
    sentence_speakers: list[Speaker] = field(default_factory=list)
    last_direct: Speaker | None = None
    last_speaker: Speaker | None = None
    consumed_quotes: set[int] = field(default_factory=set)
    consumed_cues: set[int] = field(default_factory=set)
    drafts: list[Draft] = field(default_factory=list)
    sentence: Span = field(default_factory=lambda: Span(0, 0))
    sentence_spans: list[Span] = field(default_factory=list)
    mention_starts: list[int] = field(default_factory=list)
    parsed: ArticleParse = field(default_factory=ArticleParse)
    # The speakers of the last joint subject ("the two leaders"), for a following "they".
    last_group: list[Speaker] = field(default_factory=list)
    # Every subject phrase resolved so far and its speaker: the evidence of each statement's speaker.
    references: list[Reference] = field(default_factory=list)
    # How many round-up labels the page prints (``round_up.round_up_labels``), counted on first use.
    round_up_labels: int | None = None

    @property
    def focus(self) -> Entity | None:
        """The speaker in focus: the last speaker or sentence-opening subject."""
        return self.focus_entity

    @focus.setter
    def focus(self, ent: Entity | None) -> None:
        self.focus_entity = ent
        if ent is not None and ent.kind == "person":
            sal = self.registry.salient
            if sal and sal[-1] is ent:
                return
            if ent in sal:
                sal.remove(ent)
            sal.append(ent)

    @property
    def work(self) -> str:
        """The length-preserving working text."""
        return self.doc.work

    def speakers_for(self, subj: Subject) -> list[Speaker]:
        """Resolve a subject to its speaker(s); a joint subject ("the two leaders") gives two. Each subject
        phrase resolved is remembered with its speakers (``references``), as the speaker's evidence."""
        found = self._speakers_for(subj)
        if subj.kind == "phrase":
            self.references.extend(Reference(subj.start, subj.end, sp.name) for sp in found)
        return found

    def _speakers_for(self, subj: Subject) -> list[Speaker]:
        if subj.kind == "inherit":
            prior = self._prior_subject(subj.start)
            if prior:
                return prior
            if _SUBORDINATE_OPENING_RE.match(self.work, self.sentence.start, subj.start):
                # After an opening subordinate clause the participle shares the main clause's subject, not a
                # speaker resolved inside that clause.
                main = self.sentence_subject()
                if main is not None:
                    self.focus = main
                    return [main.speaker()]
            if self.sentence_speakers:
                return [self.sentence_speakers[-1]]
            named = self._opening_named_subject(subj.start)
            if named:
                return named
            opener = self.sentence_subject(subj.start)
            if opener is not None:
                self.focus = opener
                return [opener.speaker()]
            described = self._opening_description(subj.start)
            if described:
                return described
            body = self._opening_body(subj.start)
            if body is not None:
                return body
            if self._thing_in_a_state(subj.start):
                return []
            return [self.focus.speaker()] if self.focus is not None else []
        if subj.kind != "phrase":
            return []
        # The phrase as written, before a name ending it is taken for its head, and only when no preposition
        # comes right before it: "the delegations of A and B" is no joint subject of states.
        written = " ".join(self.work[subj.start : subj.end].split())
        if _PREPOSITION_END_RE.search(self.work, max(0, subj.start - 20), subj.start):
            written = ""
        subj = self._named_at_end(subj)
        phrase = " ".join(self.work[subj.start : subj.end].split())
        joint = bool(JOINT_RE.match(phrase) or _PAIR_OF_OFFICES_RE.match(phrase))
        if phrase.lower() == "they":
            side = self._state_side_in_focus(subj.start)
            if side:
                # "The Tarsenian delegation affirmed ... They expressed ...": the delegation goes on, not the
                # people of the meeting's other side.
                return side
            if not self._group_in_focus():
                self.last_group = self._meeting_pair(subj.start)
            if not self.last_group:
                # "The Orvel Trust said ... They added ...": the institution that spoke just before.
                return self._institution_in_focus(subj.start)
            # "The two leaders discussed ... They agreed ...": the pair spoken of last.
            return list(self.last_group)
        if phrase.lower() == "it":
            # "The company said in a statement ... It added": the institution that spoke just before.
            institution = self._institution_in_focus(subj.start)
            if institution:
                return institution
            # "The Harbour Trust cut its grants in May. It said …": the body opening the sentence before.
            named_body = self._body_just_named(subj.start)
            if named_body is not None:
                self.sentence_speakers.append(named_body)
                return [named_body]
        states = _joined_states(written)
        if states:
            # "The United States and Lusmark reaffirm ...", "Tarsenia and Lusmark welcomed ...": a joint
            # statement of states, each speaking as one (ANNOTATION: a joint statement accepts either).
            group: list[Speaker] = []
            for state in states:
                got_state = self.registry.resolve_entity(state, subj.start, None)
                if got_state is None:
                    group = []
                    break
                group.append(got_state.speaker() if isinstance(got_state, Entity) else got_state)
            if group:
                self.last_group = group
                return group
        # An office named in several states ("the presidents of A and B") gives each state's holder, from
        # the article or the gazetteer; only when a state's holder is unknown does the article's own pair
        # (a meeting, a call) stand in, and failing that the group as written.
        members = self.registry.group_members(phrase, subj.start)
        if members and all(isinstance(m, Entity) for m in members):
            group = [m.speaker() if isinstance(m, Entity) else m for m in members]
            if len(group) > 1:
                self.last_group = group
            return group
        if joint:
            group = self._joint(phrase, subj.start)
            if len(group) > 1 or not members:
                if len(group) > 1:
                    self.last_group = group
                return group
        if members:
            return [m.speaker() if isinstance(m, Entity) else m for m in members]
        focus = self.focus
        if phrase.lower() in ("he", "she"):
            focus = self._pronoun_focus(phrase.lower(), subj.start)
        # "A senior adviser to Mr. Vell": the staff speak, not the bearer of the honorific inside the phrase.
        got = (
            self.registry.staff_of_person(phrase, subj.start, focus)
            or self.registry.honoured_bearer(subj.start, subj.end)
            or self.registry.resolve_entity(phrase, subj.start, focus)
        )
        if got is None and _BODY_NOUN_RE.fullmatch(phrase):
            # "Marrow Freight cut its fleet. The company said …": the body the text has just named.
            got = self._body_just_named(subj.start)
        if got is None:
            return []
        if isinstance(got, Entity):
            if got.kind == "person":
                self.focus = got
                self.registry.spoke(got)
            sp = got.speaker()
        else:
            sp = got
        self.sentence_speakers.append(sp)
        return [sp]

    def _meeting_pair(self, pos: int) -> list[Speaker]:
        """The two people of a meeting or call told just before ``pos`` ("A met with B ... They agreed")."""
        spans = self.sentence_spans[-_MEETING_LOOKBACK:]
        if not spans:
            return []
        lo = spans[0].start
        if not _MEETING_RE.search(self.work, lo, pos):
            return []
        people: list[Entity] = []
        for mention in self.mentions_in(lo, pos):
            e = mention.entity
            # Known or titled people only: capitalised runs ("Western Hemisphere") are registered as
            # people too.
            if e.kind == "person" and (e.person is not None or e.roles) and e not in people:
                people.append(e)
        if len(people) == 2:
            return [e.speaker() for e in people]
        if len(people) < 2:
            # "The two leaders assessed ... They reaffirmed ...": the pair the article is about, when the one
            # person named since (if any) is one of them ("Xi stressed ... The two leaders assessed ...").
            pair = self._joint("they", pos)
            ok = len(pair) == 2 and (not people or people[0].speaker() in pair)
            return pair if ok else []
        return []

    def _institution_in_focus(self, pos: int) -> list[Speaker]:
        """The institution that made the last statement, when it did so within a few sentences of ``pos``."""
        if not self.drafts or self.drafts[-1].speaker.type != "institution":
            return []
        last = self.drafts[-1]
        said_at = last.cue_span[0] if last.cue_span else last.parts[0][0]
        return [last.speaker] if 0 <= pos - said_at <= _INSTITUTION_FOCUS_CHARS else []

    def _body_just_named(self, pos: int) -> Speaker | None:
        """The body a bare "the company" / "the group" at ``pos`` stands for, when no body of that noun was
        named: the institution whose statement was made in this sentence or the one before ("…, according
        to the Harbour Golf Foundation. Almost 600 courses closed, the group says"), else the capitalised
        subject opening this sentence or the one before when it is no person, state or place the article
        knows ("Marrow Freight keeps its figures secret. The company says …"). Never a person: a sentence
        that opens with someone ("Vell vowed to boycott the firm. The company says …") names no body."""
        spans = self.sentence_spans[-2:] or [self.sentence]
        since = spans[0].start
        if self.drafts and self.drafts[-1].speaker.type == "institution":
            last = self.drafts[-1]
            said_at = last.cue_span[0] if last.cue_span else last.parts[0][0]
            if since <= said_at < pos and not kb.country_of(last.speaker.name):
                return last.speaker
        for span in reversed(spans):
            body = self._opening_body_name(span.start, min(span.end, pos))
            if body is not None:
                return body
        return None

    def _opening_body_name(self, lo: int, hi: int) -> Speaker | None:
        """The capitalised subject opening the sentence at ``lo`` as an institution, when it names no one the
        article shows to be a person ("Marrow Freight", "The Harbour Trust"), no state and no place."""
        w = self.work
        m = _OPENING_CAPITALISED_RE.match(w, lo, hi)
        if m is None or self.quote_at(m.start("np")) >= 0:
            return None
        words = m.group("np").split()
        if words[0] == "The":
            words = words[1:]
        if not words or words[-1].endswith(("’s", "'s")):
            return None  # "The Courier's editor": the subject is the possessed noun
        lead = words[0].lower()
        if lead in STOP_CAPS or lead in SENTENCE_OPENERS or lead in _OPENING_NON_SUBJECTS:
            return None
        name = " ".join(words)
        if ROLE_RE.search(name) or kb.country_of(name) or names_unnamed(name):
            return None
        if re.match(r"\s+of\b", w[m.end("np") :]):
            return None  # "The Department of …": a name the run does not hold whole
        if _PASSIVE_AFTER_RE.match(w, m.end("np")):
            return None  # "The Index was held back by a fall in Marrow Oil": the agent comes after "by"
        if any(not re.search(rf"(?<=[a-z0-9,;:] ){re.escape(x)}(?![\w-])", w) for x in words):
            # "Documents from …", "Just days before …", "Two years ago, …": words capitalised only where a
            # sentence starts are common words; a body's name is capitalised mid-sentence too.
            return None
        for mention in self.mentions_in(m.start("np"), m.end("np")):
            e = mention.entity
            if e.kind == "person" and (e.person is not None or e.roles or e.gender):
                return None  # a person the article shows to be one: a gazetteer entry, a title, a gender
        if self.registry.lookup_name(name) is not None and not self.mentions_in(m.start("np"), m.end("np")):
            return None
        if re.search(rf"\b(?:in|at|near|across|to|from)\s+(?:the\s+)?{re.escape(name)}\b", w[:lo]):
            return None  # "in Gull Harbour": a place named before
        return Speaker(name, "institution", None)

    def _state_side_in_focus(self, pos: int) -> list[Speaker]:
        """The state that spoke last as "the <country> side/delegation", within a few sentences of ``pos``."""
        institution = self._institution_in_focus(pos)
        if not institution or not self.references:
            return []
        ref = self.references[-1]
        phrase = " ".join(self.work[ref.start : ref.end].split())
        return institution if ref.speaker == institution[0].name and STATE_SIDE_RE.fullmatch(phrase) else []

    def _group_in_focus(self) -> bool:
        """True when the last statement so far was one of the last joint subject's."""
        return len(self.last_group) > 1 and bool(self.drafts) and self.drafts[-1].speaker in self.last_group

    def _named_at_end(self, subj: Subject) -> Subject:
        """The person's name ending a subject phrase, as mention detection bounded it ("Lusmarkian
        Ambassador to Tarsenia Hugo Brandt" is Hugo Brandt), else the phrase. Only a name that ends the
        phrase heads it: in "Rada Koleva's spokesman" the speaker is not Koleva."""
        best = None
        for m in self.mentions_in(subj.start, subj.end):
            if (
                m.end == subj.end
                and m.start > subj.start
                and m.entity.kind == "person"
                and not _PREPOSITION_END_RE.search(self.work, subj.start, m.start)
            ):
                best = m
        return subj if best is None else Subject("phrase", best.start, best.end)

    def _thing_in_a_state(self, pos: int) -> bool:
        """True when the participle at ``pos`` follows a main clause that puts a thing, not a person or
        a body, in a state: the participle is that thing's, and the speaker in focus says nothing."""
        m = _THING_STATE_RE.match(self.work, self.sentence.start, self.sentence.end)
        if m is None or m.end() > pos:
            return False
        words = {x.lower().strip("'’") for x in m.group("np").split()}
        return not (
            ROLE_RE.search(m.group("np"))
            or names_unnamed(m.group("np"))
            or words & (ORG_WORDS | _SPEAKING_BODY_WORDS)
            or self.lex.find(self.work, m.start("pred"), m.end("pred"))
        )

    def _opening_body(self, pos: int) -> list[Speaker] | None:
        """The speaker of a participle whose sentence opens with a capitalised subject that is no person the
        article names ("The Courier intervened in April, arguing …", "Harbourleaks hit back, accusing …"):
        what the resolver makes of that subject, or no one; never the person in focus, who is not the
        subject. None when the sentence opens otherwise (a pronoun, an opening phrase, a person)."""
        w, s = self.work, self.sentence
        if not _PARTICIPLE_AT_RE.match(w, pos):
            return (
                None  # a coordinated verb ("…, in part because he favors A and opposes B") has other subjects
            )
        m = _OPENING_CAPITALISED_RE.match(w, s.start, pos)
        if m is None or any(c in w[s.start : pos] for c in _QUOTE_MARKS):
            return None
        words = m.group("np").split()
        lead = words[0].lower()
        if lead.endswith("ing") or lead in _NUMBER_WORDS:
            return None  # "Making her way round the hall, Orrin …", "Eight years ago, he …": no subject
        if (lead in STOP_CAPS and lead != "the") or lead in SENTENCE_OPENERS or lead in _OPENING_NON_SUBJECTS:
            return None
        if (lead == "the" and len(words) < 2) or words[-1].endswith(("’s", "'s")):
            return None  # "The Courier's editor": the subject is the possessed noun
        if self.mentions_in(m.start("np"), m.end("np")):
            return None  # a name the entity table holds: the person readings above had their turn
        if ROLE_RE.search(m.group("np")) or any(x.lower() in POSTING_NOUNS for x in words):
            # "The President of Drevnia sent greetings to …, emphasising …": a title is a person's, which
            # the description readings resolve; readouts print their leader so in every paragraph.
            return None
        got = self.registry.resolve_entity(" ".join(words), m.start("np"), None)
        if got is None or (isinstance(got, Entity) and got.kind == "person"):
            return []
        sp = got.speaker() if isinstance(got, Entity) else got
        # "The Valdorian hacker who …, admitting …": a demonym before a noun is no state speaking.
        return [] if kb.country_of(sp.name) else [sp]

    def _opening_description(self, pos: int) -> list[Speaker]:
        """The sentence's own subject when it opens with a description set off by a comma ("The
        Drevnian leader, speaking in the capital, did not ... but said ..."): it, not the focus, speaks."""
        w, s = self.work, self.sentence
        comma = w.find(",", s.start, min(pos, s.start + _MAX_OPENING_DESCRIPTION))
        if comma < 0:
            return []
        subj = subject_before(w, s.start, comma)
        if subj.kind != "phrase" or w[s.start : subj.start].strip():
            return []
        phrase = " ".join(w[subj.start : subj.end].split())
        if not phrase.lower().startswith(("the ", "a ")):
            return []
        ent = self.registry.describe(phrase, subj.start, self.focus)
        if ent is None:
            return []
        if ent.kind == "person":
            self.focus = ent
            self.registry.spoke(ent)
        return [ent.speaker()]

    def _opening_named_subject(self, pos: int) -> list[Speaker]:
        """The sentence's own subject when it is a name the entity table does not hold, as a one-word name
        ("Crew member Flint shared the news, writing ...", "Vell's son, Tomas, defended her, saying ..."):
        the participle shares the subject of the main clause's past-tense verb, not the speaker in focus.
        Only for a participle right before the quoted words it brings in, and a phrase holding no name the
        entity table knows, ending in a capitalised word right before the sentence's first verb in -ed, that
        resolves to a person."""
        w, s = self.work, self.sentence
        if not _PARTICIPLE_BEFORE_QUOTE_RE.match(w, pos, s.end):
            return []  # only a participle that brings in quoted words ("writing “…”"), not reported speech
        verb = _OPENING_PAST_VERB_RE.match(w, s.start, min(pos, s.start + _MAX_OPENING_DESCRIPTION))
        if verb is None:
            return []
        at = verb.start("verb")
        subj = subject_before(w, s.start, at)
        if subj.kind != "phrase" or w[subj.end : at].strip(" ,") or not w[subj.end - 1 : subj.end].isalpha():
            return []
        before = w[s.start : subj.start]
        if (
            before.strip()
            and not _POSSESSIVE_DESCRIPTION_RE.fullmatch(before)
            and not _occupation_prefix(before.split())
        ):
            return []  # only the sentence's opening phrase, after an occupation or "Vell's son,"
        words = w[subj.start : subj.end].split()
        if (
            not words[-1][:1].isupper()
            or words[-1].lower() in _CLAUSE_WORDS  # "They", "He": the pronoun rules' to read
            or any(x in _NOT_HEAD_NOUNS for x in words)
        ):
            return []  # "Republicans on Capitol Hill": the name is an object, not the subject's head
        if self.mentions_in(subj.start, subj.end):
            return []  # a name the entity table holds: the sentence-subject rules read it
        kept = (len(self.sentence_speakers), len(self.references), list(self.last_group), self.focus_entity)
        found = self.speakers_for(subj)
        if len(found) == 1 and found[0].type == "person":
            return found
        # Not a person: leave the state as it was, for the other readings of the participle.
        del self.sentence_speakers[kept[0] :], self.references[kept[1] :]
        self.last_group, self.focus_entity = kept[2], kept[3]
        return []

    def possessive_speakers(self, word: str, pos: int) -> list[Speaker]:
        """Who a possessive pronoun before a noun of saying names ("his claim that ...", "its calls for ..."):
        "his" and "her" as "he" and "she" would, "its" the institution that spoke just before."""
        low = word.lower()
        if low == "its":
            return self._institution_in_focus(pos)
        pronoun = {"his": "he", "her": "she"}.get(low)
        if pronoun is None:
            return []
        # The nearest person the sentence names before it, of that gender ("Vell's stance on piers and his
        # promise to ..."), else whom a "he" or "she" would name.
        want = "f" if pronoun == "she" else "m"
        k = bisect.bisect_left(self.mention_starts, pos) - 1
        while k >= 0 and self.mention_starts[k] >= self.sentence.start:
            ent = self.registry.mentions[k].entity
            quoted = self.quote_at(self.mention_starts[k]) >= 0
            if ent.kind == "person" and ent.gender in (None, want) and not quoted:
                return [ent.speaker()]
            k -= 1
        got = self.registry.resolve_entity(pronoun, pos, self._pronoun_focus(pronoun, pos))
        if isinstance(got, Entity):
            return [got.speaker()]
        return [got] if got is not None else []

    def _pronoun_focus(self, pronoun: str, pos: int) -> Entity | None:
        """Who a he/she subject most likely is: the person opening this sentence (a newly introduced
        subject, "Sunniva Rask, who ..., is less sure: "...," she said"), else the one person the sentence
        before names (``_previous_sole_person``), else the one person of that gender the sentence names
        before it when nothing shows the focus's gender (``_sole_person_of_gender``), else the speaker in
        focus."""
        want = "f" if pronoun == "she" else "m"
        opener = self.sentence_subject(pos)
        if opener is None or opener is self.focus or not self._opens_before(pos):
            previous = (
                self._previous_sole_person(pos, want)
                or self._questioned_person(pos, want)
                or self._sole_person_of_gender(pos, want)
            )
            return previous if previous is not None else self.focus
        return opener if opener.gender in (None, want) else self.focus

    def _questioned_person(self, pos: int, want: str) -> Entity | None:
        """The person the statement just before asked ("Ada Orrin asked Ivo Vell whether the pier would
        reopen. "Not this year," he said"): a he/she answering next is the one asked, not the asker, when
        nothing was said between and the gender allows. Not for a further question ("he asked")."""
        if not self.drafts or _FOLLOW_UP_QUESTION_RE.match(self.work, pos):
            return None
        last = self.drafts[-1]
        if last.cue_span is None or not _ASK_CUE_RE.fullmatch(self.work, *last.cue_span):
            return None
        if not 0 < pos - last.cue_span[1] <= _ANSWER_DISTANCE or self.quote_at(last.cue_span[0]) >= 0:
            return None
        asked = next(iter(self.mentions_in(last.cue_span[1], last.cue_span[1] + _ADDRESSEE_GAP + 1)), None)
        if asked is None or not _ADDRESSEE_GAP_RE.fullmatch(self.work, last.cue_span[1], asked.start):
            ent = self._asked_in_time_clause(last)
        elif not _QUESTION_AFTER_NAME_RE.match(self.work, asked.end):
            return None  # "asked Vell to ...": a request, whose addressee need not answer next
        else:
            ent = asked.entity
        if ent is None or ent.kind != "person" or ent.gender not in (None, want):
            return None
        if ent.speaker() == last.speaker or self.registry.used_as_thing(ent) or names_a_people(ent):
            return None
        return ent

    def _asked_in_time_clause(self, question: Draft) -> Entity | None:
        """The subject of the main clause a question's "when/as/after" clause hangs on ("Vell hesitated when
        Orrin asked whether ..."): the person who answers. None when the clause opens the sentence or the
        sentence names no one before it."""
        k = bisect.bisect_right([sp.start for sp in self.sentence_spans], question.clause[0]) - 1
        if k < 0:
            return None
        start = self.sentence_spans[k].start
        if not _TIME_CLAUSE_END_RE.search(self.work, start, question.clause[0]):
            return None
        people = [
            m.entity
            for m in self.mentions_in(start, question.clause[0])
            if self.quote_at(m.start) < 0 and m.entity.kind == "person"
        ]
        return people[0] if people else None

    def _sole_person_of_gender(self, pos: int, want: str) -> Entity | None:
        """The one person the pronoun's own sentence names before it, outside quoted words, when the article
        shows that person to be of the pronoun's gender and shows nothing of the focus's ("After Ada Orrin
        lost the vote, as she said ...", the focus a man the article gives no pronoun): the pronoun's gender
        is the only evidence, and it points at the person named. Not when the focus's gender is known (two
        men: the focus stays) or the sentence names anyone else."""
        focus = self.focus
        if focus is not None and focus.kind == "person" and focus.gender is not None:
            return None
        named = {
            id(m.entity): m.entity
            for m in self.mentions_in(self.sentence.start, pos)
            if self.quote_at(m.start) < 0 and not self.registry.used_as_thing(m.entity)
        }
        if len(named) != 1:
            return None
        ent = next(iter(named.values()))
        return ent if ent.kind == "person" and ent is not focus and ent.gender == want else None

    def mentions_in(self, lo: int, hi: int) -> list[Mention]:
        """The name mentions that start in ``lo``..``hi``, in reading order."""
        k = bisect.bisect_left(self.mention_starts, lo)
        out = []
        while k < len(self.mention_starts) and self.mention_starts[k] < hi:
            out.append(self.registry.mentions[k])
            k += 1
        return out

    def _previous_sole_person(self, pos: int, want: str) -> Entity | None:
        """The person a he/she subject takes up from the sentence before, in the same paragraph, when that
        sentence names only that person ("Since then Ivo Vell has slipped. "I'm still here," he said"; "Vell
        did not reply. Later, he said ..."): the story has moved on to them from an earlier speaker.

        Not when this sentence names someone before the pronoun, when the sentence before has a he/she of
        that gender of its own ("He also praised Vell": its subject is someone else), a statement by someone
        else, or names the person only as a possessive or after a preposition ("Orrin met with Vell": an
        object); names inside quoted words never count."""
        if len(self.sentence_spans) < 2:
            return None
        cur, prev = self.sentence_spans[-1], self.sentence_spans[-2]
        if "\n" in self.work[prev.start : cur.start] or any(
            self.quote_at(m.start) < 0 for m in self.mentions_in(cur.start, pos) if m.entity.kind == "person"
        ):
            return None
        named = [
            m
            for m in self.mentions_in(prev.start, prev.end)
            if self.quote_at(m.start) < 0 and not self.registry.used_as_thing(m.entity)
        ]
        # Possessives and objects of a preposition ("approval of the Harbour Act") are not the sentence's
        # subject, which is what a following he/she takes up.
        w = self.work
        subjects = {
            id(m.entity): m.entity
            for m in named
            if not _POSSESSIVE_RE.match(w, m.end) and not _OBJECT_RE.search(w, prev.start, m.start)
        }
        if len(subjects) != 1:
            return None
        ent = next(iter(subjects.values()))
        if ent.kind != "person" or ent.gender not in (None, want):
            return None
        own = _SHE_SUBJECT_RE if want == "f" else _HE_SUBJECT_RE
        # A he/she before the person's name ("He also praised Vell") shows the sentence's subject is someone
        # else; one after it ("Vell, who ..., rallied voters with a plan that he says ...") is that person.
        first = min(m.start for m in named if m.entity is ent)
        if any(own.search(self.work[a : min(b, first)]) for a, b in self.unquoted(prev.start, first)):
            return None
        name = ent.speaker().name
        if any(prev.start <= d.start < prev.end and d.speaker.name != name for d in self.drafts):
            return None
        return ent

    def unquoted(self, lo: int, hi: int) -> list[tuple[int, int]]:
        """The stretches of [lo, hi) outside quotation marks."""
        out, at = [], lo
        for q in self.quotes[max(0, self.quote_index_from(lo) - 1) :]:
            if q.open >= hi:
                break
            if q.outer_end <= at:
                continue
            if q.open > at:
                out.append((at, q.open))
            at = max(at, q.outer_end)
        if at < hi:
            out.append((at, hi))
        return out

    def _opens_before(self, pos: int) -> bool:
        k = bisect.bisect_left(self.mention_starts, self.sentence.start)
        return k < len(self.mention_starts) and self.mention_starts[k] < pos

    def sentence_subject(self, at: int | None = None) -> Entity | None:
        """The person the current sentence opens with ("Vladimir Putin had a call ..."), if any: its first
        name, else the first name after the comma that closes an opening phrase ("Filling in for Vell at the
        rally, Orrin told ...", "Ever since she took office, Orrin has ...": Orrin). A verb at ``at`` inside
        an opening subordinate clause has that clause's own subject ("When Orrin arrived and said ...")."""
        found = self._opening_subject(at)
        return found if found is not None else self._inverted_subject()

    def described_subject(self) -> Entity | None:
        """The person a sentence's subject describes by role ("Speaking on Sunday, the president framed the
        attack as ...", "Instead, the businessman has insisted ..."): the one the article named in that role
        before (never an office holder it has not named), for a pronoun in the sentences after."""
        s = self.sentence
        m = _DESCRIBED_SUBJECT_RE.match(self.work, s.start, s.end)
        if m is None or m.group("noun") not in ROLE_NOUNS or self.quote_at(m.start("np")) >= 0:
            return None
        if any(c in self.work[s.start : m.start("np")] for c in _QUOTE_MARKS):
            return None
        ent = self.registry.describe(m.group("np"), m.start("np"), self.focus, use_holder=False)
        if ent is None or ent.kind != "person" or names_a_people(ent):
            return None
        return ent

    def _opening_subject(self, at: int | None = None) -> Entity | None:
        s = self.sentence
        k = bisect.bisect_left(self.mention_starts, s.start)
        if k >= len(self.mention_starts) or self.mention_starts[k] >= s.end:
            return None
        found = self._subject_at(k)
        clause = _SUBORDINATE_OPENING_RE.match(self.work, s.start, s.end)
        if (
            found is not None
            and clause is not None
            and self.mention_starts[k] < clause.end()
            and (at is None or at >= clause.end())
        ):
            # "When Ada Orrin pointed out ..., Vell seized on it": the clause's subject is not the
            # sentence's while the main clause opens with a person of its own.
            main = self._main_clause_subject(clause.end())
            return main if main is not None else found
        if found is not None:
            return found
        if clause is not None and (at is None or at >= clause.end()):
            main = self._main_clause_subject(clause.end())
            if main is not None:
                return main
        for j in range(k + 1, len(self.mention_starts)):
            m = self.registry.mentions[j]
            opening = self.work[s.start : m.start]
            if m.start >= s.end or any(c in opening for c in _QUOTE_MARKS):
                return None
            if s.start + opening.rfind(",") > self.registry.mentions[j - 1].end:
                return self._subject_at(j)
        return None

    def _main_clause_subject(self, clause_end: int) -> Entity | None:
        """The person named first after an opening subordinate clause ending at ``clause_end``, when that name
        opens the main clause (only a title or modifier before it, or the clause's closing quote mark)."""
        s = self.sentence
        j = bisect.bisect_left(self.mention_starts, clause_end)
        if j >= len(self.mention_starts) or self.mention_starts[j] >= s.end:
            return None
        m = self.registry.mentions[j]
        if self.quote_at(m.start) >= 0 or any(c in self.work[clause_end : m.start] for c in _QUOTE_MARKS):
            return None
        between = self.work[clause_end : m.start]
        if between.strip():
            # Only a capitalised title or modifier may stand before the name ("When …, Senator Vell said");
            # "…, and of Vell's …" goes on with the clause.
            return self._subject_at(j) if _CAPITALISED_WORDS_RE.fullmatch(between) else None
        ent = m.entity
        person = ent.kind == "person" and not names_a_people(ent)
        return ent if person and not self.registry.used_as_thing(ent) else None

    def _inverted_subject(self) -> Entity | None:
        """The person named right after "was"/"is" when the sentence opens with an adverb or a phrase of place
        instead of its subject ("Also on the stage was Ada Orrin, a retired pilot", "Across the bay, in a
        borrowed office, is Ivo Vell."): the subject follows its verb. A sentence opening with a determiner or
        a possessive ("The winner was …", "Her husband is …") has its subject before the verb and is left
        alone."""
        s = self.sentence
        first = self.work[s.start : s.end].split()[:1]
        if not first or first[0].lower().strip("\"“'‘") in _DETERMINER_OPENERS:
            return None
        for m in self.mentions_in(s.start, s.end):
            if self.quote_at(m.start) >= 0 or not _INVERTED_COPULA_RE.search(self.work, s.start, m.start):
                continue
            if not _NAME_PHRASE_END_RE.match(self.work, m.end, s.end):
                return None
            ent = m.entity
            person = ent.kind == "person" and not names_a_people(ent)
            return ent if person and not self.registry.used_as_thing(ent) else None
        return None

    def _subject_at(self, k: int) -> Entity | None:
        """The person mention ``k`` names, when it opens the current sentence or its main clause."""
        s = self.sentence
        m = self.registry.mentions[k]
        if m.start - s.start > _MAX_SUBJECT_OFFSET:
            return None
        qi = self.quote_at(m.start)
        if qi >= 0 and self.quotes[qi].outer_end < s.end:
            # A name inside a quotation that opens the sentence ("“..., Velmar,” he said") is quoted, not
            # the sentence's subject: the attribution after the quote names who speaks.
            return None
        prefix = self.work[s.start : m.start]
        if "," in prefix:
            prefix = prefix[prefix.rfind(",") + 1 :]
        # A dateline's dash, also a spaced hyphen in plain-text copy ("OSTRAVEN, Lusmark - Name ...").
        prefix = re.sub(r"\s-{1,2}\s|\([^()]{1,30}\)", " ", prefix.replace("–", " ").replace("—", " "))
        words = words_between(prefix, 0, len(prefix))
        if all(np_token(t) for t in words) or _occupation_prefix(words):
            ent = self._head_after_modifier(k, s.end).entity
            person = ent.kind == "person" and not names_a_people(ent)
            return ent if person and not self.registry.used_as_thing(ent) else None
        return None

    def _head_after_modifier(self, k: int, end: int) -> Mention:
        """Mention ``k``, or the name its phrase goes on to when it only modifies a role noun ("Former Vell
        adviser and retired general Ada Orrin was on stage": Orrin, not Vell)."""
        m = self.registry.mentions[k]
        if k + 1 >= len(self.mention_starts) or self.mention_starts[k + 1] >= end:
            return m
        nxt = self.registry.mentions[k + 1]
        between = self.work[m.end : nxt.start]
        words = [w.strip(",") for w in between.split()]
        if (
            not words
            or len(words) > _MAX_MODIFIED_WORDS
            or not words[0].islower()
            or words[0] in _NOT_HEAD_NOUNS
            or not (_speaking_noun(words[0]) or _agent_noun(words[0]))
            or any(c in between for c in ';:.()"“”')
            or between.count(",") > 1
            or ("," in between and between.rstrip()[-1] != ",")  # only an appositive: "Vell adviser, Orrin"
            or any(w.lower() in _CLAUSE_WORDS and w.lower() != "and" for w in words)
            or nxt.entity.kind != "person"
            or _PREPOSITION_END_RE.search(between)  # "leader of the Harbour Party": an object, not a name
        ):
            return m
        return nxt

    def _prior_subject(self, pos: int) -> list[Speaker]:
        """The subject of the nearest earlier cue in the sentence ("X said A, adding B")."""
        w = self.work
        cues = [c for c in self.lex.find(w, self.sentence.start, pos) if self.quote_at(c.start) < 0]
        opening = _SUBORDINATE_OPENING_RE.match(w, self.sentence.start, pos)
        for c in reversed(cues):
            if c.is_participle or (opening is not None and c.start < opening.end()):
                # "Ever since she endorsed Vell, Orrin has been campaigning, attacking ...": a cue in an
                # opening subordinate clause is not the main clause's, whose subject the participle shares.
                continue
            subj = self.parsed_subject(subject_before(w, self.sentence.start, c.start), c.start, c.end)
            if subj.kind == "none" and w[self.sentence.start : c.start].rstrip()[-1:] in '"”’»':
                span = phrase_after(w, c.end, pos)
                if span:
                    subj = Subject("phrase", span[0], span[1])
            if subj.kind == "phrase":
                return self.speakers_for(subj)
        return []

    def _joint(self, phrase: str, pos: int) -> list[Speaker]:
        own = self.quote_at(pos)  # a readout quoted whole: names in that same quotation are its account
        people = self.registry.participants(
            phrase, pos, self.focus, lambda at: self.quote_at(at) not in (-1, own)
        )
        return [e.speaker() for e in people]

    def parsed_subject(self, subj: Subject, cue_start: int, cue_end: int, after: bool = False) -> Subject:
        """The cue's subject as the parse gives it, where it differs from the rules' reading.

        The rules' phrase stands when it holds the parsed subject's head (the name inside it, "Chief
        Executive Tim Cook", is bounded by mention detection); otherwise the parsed subject wins: a subject
        separated from its verb by a clause ("Rosa Diaz, whose son, Marco Diaz, died, said"), or one the
        rules could not reach. ``after`` is for inverted attributions
        (`"...," said X`), the only ones whose subject follows the verb.
        """
        got = self.parsed.subject(cue_start, cue_end)
        if got is None or (got.start >= cue_start) != after:
            return subj  # only an inverted attribution ("...," said X) has its subject after the verb
        if got.head_word.lower() in ("who", "that", "which"):
            return (
                subj  # "Pella Droste, who says ...": the rules' reading takes the antecedent before the comma
            )
        if not got.named and got.head_pos == "NOUN" and not _speaking_noun(got.head_word):
            return subj  # "The Drevnia-based movement claimed": no person or office the resolution knows
        apposed = subj.kind == "phrase" and _APPOSED_AFTER_RE.fullmatch(self.work, subj.end, got.start)
        if apposed and not got.named:
            # "Ada Vell, executive director of the Dockers Union, a group that …, said": the parse takes the
            # description for the subject and the name for its apposition; the name the rules found speaks.
            return subj
        if subj.kind == "phrase" and subj.start <= got.head < subj.end:
            after_head = self.work[got.end : subj.end]
            posting = posting_link(got.head_word, "to") and re.match(r"\s+to\s", after_head)
            if got.named and got.head < got.end < subj.end and not posting:
                # "Tom Reyes of Transparency Watch": what follows the named head is not the name; the posting
                # of "the Adviser to the Head of the Office" is part of the description, though.
                return Subject("phrase", subj.start, got.end)
            return subj  # a name inside it is bounded by mention detection (``_named_at_end``)
        if (
            subj.kind == "phrase"
            and got.end <= subj.start
            and _RUN_IN_END_RE.search(self.work, got.end, subj.start)
            and _EMPHASIS_RE.search(self.doc.raw, got.end, subj.start)
            and not _DASH_RE.search(self.work, subj.end, cue_start)
        ):
            # "**Fund Rural Jobs** – The Labour Department announced", "**Harbour Grants:** The board said":
            # a run-in heading's words, set off in bold or italics before a colon or a dash, are not the
            # subject of the sentence after it, which has its own ("Vell – the minister – said" closes its
            # aside with a second dash; "Ada Vell of the Centre for Tides: Research and Data said" sets
            # nothing off).
            return subj
        return Subject("phrase", got.start, got.end)

    def controller_subject(self, cue_start: int, cue_end: int) -> Subject:
        """The speaker phrase of an infinitive cue with no subject of its own, as the parse gives its
        controller ("Vell stood up to say ...", "the vote prompted Brask to accuse ..."), or none."""
        got = self.parsed.controller(cue_start, cue_end)
        if got is None or got.start >= cue_start or got.head_word.lower() in ("who", "that", "which"):
            return Subject("none")
        if not got.named and got.head_pos == "NOUN" and not _speaking_noun(got.head_word):
            return Subject("none")  # "the report used the data to argue": no person or office speaks
        return Subject("phrase", got.start, got.end)

    def quote_index_from(self, pos: int) -> int:
        """Index of the first quote opening at or after ``pos``."""
        return bisect.bisect_left(self.quotes, pos, key=lambda q: q.open)

    def quote_at(self, pos: int) -> int:
        """Index of the quote whose marks enclose ``pos``, or -1."""
        lo, hi = 0, len(self.quotes)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.quotes[mid].open <= pos:
                lo = mid + 1
            else:
                hi = mid
        k = lo - 1
        if k >= 0 and self.quotes[k].open <= pos < self.quotes[k].outer_end:
            return k
        return -1
