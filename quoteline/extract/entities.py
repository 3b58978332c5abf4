"""The entity table: the people (and acronyms, ministries) an article names, with every mention in order.

``EntityTable.build`` scans an article once for capitalised name runs and remembers, per person, the
fullest name printed, the gazetteer entry, the country, the ages and the role words written around it, and
the evidence for "he" or "she". It also keeps who spoke and who opened sentences (salience), which
coreference (``coref``) reads.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from quoteline.extract import institutions, kb
from quoteline.extract.gazetteer import gazetteer_person
from quoteline.extract.mentions import (
    AGE_DESC_RE,
    HONORIFICS,
    MONTHS_DAYS,
    NAME_PARTICLES,
    ORG_WORDS,
    PARTY_WORDS,
    ROLE_NOUNS,
    ROLE_RE,
    SENTENCE_OPENERS,
    STOP_CAPS,
    TITLE_WORDS,
    abbreviation_at,
    brand_word,
    group_word,
    name_key,
    name_runs,
    parsed_name_tokens,
    qualified_role,
    strip_possessive,
    strip_titles,
    title_slice,
)
from quoteline.extract.model import Speaker
from quoteline.extract.text import word_set
from quoteline.knowledge.normalize import fold

# A title in a headline stands before its holder's name: up to this many words after it stay in the name.
_NAME_AFTER_TITLE = 3
# What shows a capitalised run to be a place or thing (``EntityTable.used_as_thing``): the words just before
# and just after one of its occurrences.
_PLACE_BEFORE_RE = re.compile(r"\b(?:[Ii]n|[Nn]ear|[Aa]cross)\s+$")
_ARTICLE_BEFORE_RE = re.compile(r"\b(?:[Tt]he|an?)\s+$")
_POSSESSIVE_AFTER_RE = re.compile(r"[’']s")
_PHRASE_END_RE = re.compile(r"[ \t]*[,.;:)\n]")
# Title case capitalises these in a headline ("Remarks by President Vell Before Departure"); they are never
# part of a name, so a title's reach stops at them.
_HEADLINE_FUNCTION_WORDS = word_set(
    """about after against ahead amid and as at before between by during for from in into of on or over
    since than the through to toward towards under upon via with without"""
)
_WORD_RE = re.compile(r"\w+")
# What follows a dateline's place at the head of a paragraph ("PORTWICK -", "EAST VELL, Westmarch (Wire) —",
# wire copy's "NEW HARBOR, March 3 -" and "EAST VELL, Conn., Sept. 14 -"): an optional state or region, an
# optional day, an optional agency in brackets, then a dash.
_DATELINE_TAIL_RE = re.compile(
    r"(?:,[ \t]*(?!(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?[ \t]+\d)[A-Z][\w.]*"
    r"(?:[ \t][A-Z][\w.]*)?)?"
    r"(?:,?[ \t]*(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?[ \t]+\d{1,2})?"
    r"[ \t]*(?:\([\w .]{1,30}\))?[ \t]*(?:--|[-—–])\s"
)
# A paragraph that is only upper-case words and a full stop is a section heading or a boilerplate label ("FULL
# TEXT.", "CORRECTION APPENDED.", "IN BRIEF."). (A signature line, "ADA VELL", has no full stop.)
_HEADING_END_RE = re.compile(r"\.[ \t]*(?:\n|$)")
_MID_SENTENCE_WORD_RE = re.compile(r"(?<=[a-z0-9,;:] )(\w+)")
_AGE_AFTER_RE = re.compile(r"^,\s*(\d{2}),")
# The lower-case words a title may hold between its role and the name it introduces ("President of the
# Republic of Drevnia Ivo Vell", "Senator from Westmarch Ada Orrin"); any other lower-case word there is a
# clause, and the role is its subject, not the name's title ("the President thanked Ivo Vell").
_TITLE_LINKS = word_set("of the for from on in and at") | NAME_PARTICLES
_LOWER_WORD_RE = re.compile(r"(?<![\w’'\-])[a-z][\w’'\-]*")
_ACRONYM_DEF_RE = re.compile(r"([A-Z][\w\-]+(?:\s+(?:of|for|and|the|[A-Z][\w\-]+)){1,8})\s+\(([A-Z]{2,8})\)")
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
# A possessive opening such an apposition ("Ada Vell, his widow,", "Ivo Brel, her counterpart at the port,")
# is another person's: no evidence of the gender of the one named.
_APPOSED_POSSESSIVE_RE = re.compile(r",\s+(?:his|her|hers)\b", re.IGNORECASE)
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
# A man or woman the sentence brings in without a name ("begging a woman in the crowd to cast her vote"):
# the pronouns of that gender after it may be theirs, so they are no evidence of the named person's gender.
_UNNAMED_MALE_RE = re.compile(r"\b(?:man|men|boy|father|husband|son|brother|widower|grandfather)\b")
_UNNAMED_FEMALE_RE = re.compile(
    r"\b(?:woman|women|girl|mother|wife|daughter|sister|widow|grandmother|lady)\b"
)
_SENTENCE_BREAK_RE = re.compile(r"\. |[.!?]\W*\n")
# Where a sentence ends before a name, for the pronoun thread of its own sentence ("Mr. Vell" may cut it
# short, which only leaves less of the sentence to look at).
_THREAD_SENTENCE_END_RE = re.compile(r"[.!?][\"”’']?\s+")
_DOTTED_CAPITALS_RE = re.compile(r"(?<![\w.])(?:[A-Z]\.){2,}$")
# Quoted speech after a name: its pronouns are the speaker's subjects ("Vell said, "she never ran a ferry""),
# never evidence of the speaker's own gender.
_QUOTED_RE = re.compile(r"[“«„][^”»“«„]*[”»]|\"[^\"]*\"")
_OPEN_QUOTE_RE = re.compile(r"[“«„\"]")
_GENDER_WINDOW = 200
# The given name's weight in ``Entity.gender``, in half pieces of the article's evidence (see there).
_GIVEN_NAME_WEIGHT = 3
# Mr. / Mrs. / Ms. / Miss right before a surname: the bearer's gender.
_GENDERED_HONORIFIC_RE = re.compile(r"\b(Mr|Mrs|Ms|Miss)\.?\s+$")
_LEAD_CHARS = 1500  # how much of the article's start names its own state
_FULL_STOP_RE = re.compile(r"\.[ \n]")  # a full stop a space or a line break follows
_TITLE_WINDOW = 80  # characters of title before a name that may state its country


def _someone_else_first(seg: str, pronoun: re.Pattern[str], unnamed: re.Pattern[str]) -> bool:
    """Whether ``seg`` brings in an unnamed person of the pronoun's gender before its first such pronoun."""
    first = pronoun.search(seg)
    return first is not None and unnamed.search(seg, 0, first.start()) is not None


def _sentence_stop(text: str, lo: int, hi: int) -> int:
    """The first full stop in text[lo:hi] that ends a sentence, before a space or a line break (not "U.S.
    officials", "Mr. Vell"), or -1."""
    for m in _FULL_STOP_RE.finditer(text, lo, hi):
        if not _abbreviation_dot(text, m.start()):
            return m.start()
    return -1


def _thread_pronoun(text: str, pos: int, opener: str) -> bool:
    """Whether the he/she opening the sentence after a name may go on from its own sentence's thread: that
    sentence already had the pronoun as a subject before the name, for someone it told of first ("After the
    storm she issued a plan: Mayor Orrin later adopted it. She has called …"). Such a pronoun is no evidence
    of the gender of the name just before it."""
    first = opener.split()[:1]
    if first not in (["she"], ["he"]):
        return False
    para = text.rfind("\n", 0, pos) + 1
    ends = list(_THREAD_SENTENCE_END_RE.finditer(text, para, pos))
    start = ends[-1].end() if ends else para
    before, _ = _outside_quotes(text[start:pos].lower())
    # The subject pronoun itself: a possessive ("his rallies") tells of someone, not whom the thread follows.
    return re.search(rf"\b{first[0]}\b", before) is not None


def _sentence_break(text: str, lo: int, hi: int) -> bool:
    """Whether a sentence ends in text[lo:hi]: a full stop that closes no abbreviation, or a line end."""
    for m in _SENTENCE_BREAK_RE.finditer(text, lo, hi):
        if m.group(0) != ". " or not _abbreviation_dot(text, m.start()):
            return True
    return False


def _abbreviation_dot(text: str, dot: int) -> bool:
    """A full stop of an abbreviation ("Mr.", "Jr.", an initial) or of dotted capitals ("U.S.", "D.C.")."""
    return abbreviation_at(text, dot) or bool(_DOTTED_CAPITALS_RE.search(text, max(0, dot - 8), dot + 1))


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
    given_gender: str | None = None  # 'm'/'f' when the given name is borne almost only by one gender
    ages: set[int] = field(default_factory=set)  # ages the article gives ("Ivo Kes, 58," / "the 58-year-old")

    @property
    def gender(self) -> str | None:
        """'m', 'f', or None when the article gives no (or balanced) evidence.

        The given name weighs one and a half pieces of the article's evidence: it outweighs one pronoun
        that the evidence scan took from a sentence about someone else ("Ivo Brel's plan, she says, ...")
        but yields to an honorific or to two pieces of evidence ("Mr. Ada Vell", "Ada Vell ... his ...").
        A gazetteer person's stated gender is a fact no sentence of the article outweighs.
        """
        stated = getattr(self.person, "gender", None)
        if stated in ("m", "f"):
            return str(stated)
        score = 2 * (self.male - self.female)
        if self.given_gender is not None:
            score += _GIVEN_NAME_WEIGHT if self.given_gender == "m" else -_GIVEN_NAME_WEIGHT
        if score > 0:
            return "m"
        if score < 0:
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


def _outside_quotes(seg: str) -> tuple[str, bool]:
    """``seg`` without its quoted speech, and whether a quotation is left open at its end."""
    seg = _QUOTED_RE.sub(" ", seg.replace("''", '"'))
    m = _OPEN_QUOTE_RE.search(seg)
    return (seg[: m.start()], True) if m else (seg, False)


def _heading_run(text: str, toks: list[tuple[int, int, str]]) -> bool:
    """Whether a run is the place of a dateline, a capitalised strapline or a heading: words all in upper case
    opening a paragraph, with a dash after them ("NORTH VELL - The board met ...") or a full stop ending the
    paragraph ("FULL TEXT."). Such a run names no person."""
    if not all(t[2].isupper() for t in toks):
        return False
    line_start = text.rfind("\n", 0, toks[0][0]) + 1
    if text[line_start : toks[0][0]].strip(" \t\"'“"):
        return False
    end = toks[-1][1]
    return _DATELINE_TAIL_RE.match(text, end) is not None or _HEADING_END_RE.match(text, end) is not None


def dateline_place(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is the upper-case place of a dateline opening its paragraph ("STAMFORD" of
    "STAMFORD, Conn., March 3 - Orvel Corp said"): a parse may read it as the verb's subject."""
    words = [w for w in text[start:end].split() if any(c.isalpha() for c in w)]
    line_start = text.rfind("\n", 0, start) + 1
    return (
        bool(words)
        and all(w.isupper() for w in words)
        and not text[line_start:start].strip(" \t\"'“")
        and _DATELINE_TAIL_RE.match(text, end) is not None
    )


class EntityTable:
    """The people an article names, with the mentions in order."""

    def __init__(self, date: str | None) -> None:
        self.date = date
        self.entities: dict[str, Entity] = {}
        self.surnames: dict[str, Entity] = {}
        self.acronyms: dict[str, str] = {}
        self.mentions: list[Mention] = []
        self.ministries: list[tuple[int, Speaker]] = []  # ministries named anywhere, with their offsets
        self._lead = ""
        self._text = ""
        self._start = 0
        self._home: str | bool | None = False
        self.salient: list[Entity] = []  # people who spoke or opened a sentence, most recent last
        self.speakers_seen: list[Entity] = []  # people who spoke, most recent last
        self._title_end = -1
        self._common: dict[str, bool] = {}  # capitalised words found to be common words (``_common_word``)
        self._things: dict[str, bool] = {}  # ``used_as_thing`` by entity name
        self._words: frozenset[str] = frozenset()  # every word of the text, as written
        self._body_words: frozenset[str] = frozenset()  # every word after the title line
        self._mid_sentence: frozenset[str] = frozenset()  # body words after a lower-case word, digit or comma

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
        self._common = {}
        self._things = {}
        self._title_end = title_end = text.find("\n", start)
        # Word sets for ``common_word`` and ``_capitalised_in_body``: one scan of the text instead of a regex
        # compiled and run over it for each capitalised word.
        body = text[max(title_end, 0) :]
        self._body_words = frozenset(_WORD_RE.findall(body))
        # No word runs over the title's newline: the words of the text are the title's and the body's.
        self._words = self._body_words.union(_WORD_RE.findall(text[: max(title_end, 0)]))
        self._mid_sentence = frozenset(_MID_SENTENCE_WORD_RE.findall(body))
        for _run_start, _run_end, found in name_runs(text, start, end):
            for toks in self._name_pieces(found, title_end):
                self._add_name_run(text, toks, persons, words)
        self._honorific_bearers(text, end)
        self._genders(text, end)

    def _honorific_bearers(self, text: str, end: int) -> None:
        """Give a surname written after Mr. / Mrs. / Ms. to the bearer of that gender when the article names
        two people of that surname ("Ada Vell" and "Ivo Vell": "Mrs. Vell" is Ada, whoever was named first).

        The gender of each bearer is read from the evidence the other mentions give (pronouns, appositions,
        honorifics before a full name), not from the honorific mentions being settled."""
        honoured: list[tuple[Mention, str]] = []
        for m in self.mentions:
            hm = _GENDERED_HONORIFIC_RE.search(text, max(0, m.start - 6), m.start)
            if hm is not None and " " not in text[m.start : m.end]:
                honoured.append((m, "m" if hm.group(1) == "Mr" else "f"))
        if not honoured:
            return
        bearers: dict[str, list[Entity]] = {}
        for ent in self.entities.values():
            parts = name_key(ent.name).split()
            if ent.kind == "person" and len(parts) > 1:
                bearers.setdefault(parts[-1], []).append(ent)
        shared = {
            id(m)
            for m, _ in honoured
            if len(bearers.get(name_key(strip_possessive(text[m.start : m.end])), [])) > 1
        }
        if not shared:
            return
        # Each person's gender from the other mentions: the honorific mentions being settled, and the
        # pronouns after them, may be another bearer's.
        own: dict[int, list[int]] = {}
        for m, (male, female) in zip(self.mentions, self._gender_evidence(text, end), strict=True):
            if id(m) not in shared:
                tally = own.setdefault(id(m.entity), [0, 0])
                tally[0] += male
                tally[1] += female

        def gender(e: Entity) -> str | None:
            male, female = own.get(id(e), [0, 0])
            return "m" if male > female else "f" if female > male else None

        for m, g in honoured:
            cands = bearers.get(name_key(strip_possessive(text[m.start : m.end])), [])
            if id(m) not in shared or m.entity not in cands or gender(m.entity) == g:
                continue
            # Another bearer shown to be of the honorific's gender; failing that, when this one is shown to be
            # of the other, the one bearer of unknown gender.
            fits = [e for e in cands if gender(e) == g]
            if not fits and gender(m.entity) is not None:
                fits = [e for e in cands if gender(e) is None]
            if len(fits) == 1:
                m.entity = fits[0]

    def _add_name_run(
        self,
        text: str,
        toks: list[tuple[int, int, str]],
        persons: list[tuple[int, int]],
        words: dict[int, tuple[str, str]],
    ) -> None:
        """Register one capitalised run as a name, bounded by the parse where it ran."""
        run_end = toks[-1][1]
        if _heading_run(text, toks):
            return
        toks = parsed_name_tokens(toks, persons, words)
        run_start = toks[0][0]
        parsed_person = all(words.get(t[0], ("", ""))[1] == "PERSON" for t in toks)
        run_words = [t[2] for t in toks]
        if (
            institutions.org_name_tail(text, run_start)
            and strip_titles(run_words) == run_words
            and not kb.country_of(strip_possessive(run_words[0]))
        ):
            # "the Center for Tidal Studies": the run ends an organisation's name. A title in it still makes a
            # person ("Office of the President Ada Vell"), and so does a state opening it ("Office of Veldoria
            # Ada Vell": the body's state, then a name).
            return
        if (
            institutions.org_name_coordinate(text, run_start)
            and strip_titles(run_words) == run_words
            and not parsed_person
            and not kb.given_name(run_words[0])
        ):
            # "the Department of Health and Human Services": the run after "and" ends the body's name too,
            # unless the parse or the gazetteer's given names show a person joined to the body.
            return
        # Only a run of three words or more can hold a posting's object and a name: the look-back is skipped
        # for the rest (this runs for every capitalised run).
        posting = len(toks) >= 3 and institutions.after_posting(text, run_start)
        if institutions.after_title_of(text, run_start):
            # "Minister of Energy Rada Koleva": the portfolio is not part of the name.
            k = institutions.skip_portfolio([t[2] for t in toks])
            toks = toks[k:]
            run_start = toks[0][0]
        if posting and len(toks) >= 3:
            # "Governor of Kamchatka Territory Vladimir Solodov": the posting's object is no part of the name,
            # but still part of the description before it (the run start stays where the posting is).
            toks = toks[institutions.posting_name_start([t[2] for t in toks], kb.given_name) :]
        if len(toks) == 3 and institutions.right_after_posting(text, toks[0][0]) and not parsed_person:
            # "Mayor of Koszel Piotr Vell", "Senator from Orvel Ada Marsk": nothing shows where the name
            # starts, but the posting's object takes at least its one word and the name at least two.
            toks = toks[1:]
        self._add_run(text, run_start, run_end, toks, parsed_person)

    def _name_pieces(
        self, toks: list[tuple[int, int, str]], title_end: int
    ) -> list[list[tuple[int, int, str]]]:
        """The parts of a capitalised run that may be names.

        A headline capitalises every word ("Senator Vows Fight Over Harbour Plan"), and a sentence capitalises
        its first ("Presumptive nominee ...", "Top aides to ..."): such words are common words, not names.
        In the title line a word stays in a name only when it is not a common word and the body also
        capitalises it, a title stands before it ("Remarks by President Vell") or it is a given name before a
        surname the body prints; in the body a run loses its leading common words.
        """
        if toks[0][0] < title_end:
            pieces: list[list[tuple[int, int, str]]] = [[]]
            confirmed = [
                not self.common_word(t[2], title_end) and self._capitalised_in_body(t[2], title_end)
                for t in toks
            ]
            for j, t in enumerate(toks):
                # Up to three words after a title are its holder's name ("Joint Statement by President Ana
                # R. Ruiz"), even when the body never prints them: joint statements name their signatories
                # in the title alone.
                titled = (
                    t[2].lower() not in _HEADLINE_FUNCTION_WORDS
                    and not self._known_before(pieces[-1])
                    and any(
                        toks[k][2].lower().rstrip(".") in TITLE_WORDS
                        and all(u in pieces[-1] for u in toks[k:j])
                        for k in range(max(0, j - _NAME_AFTER_TITLE), j)
                    )
                )
                # A given name opening a name, which the body drops before the surname it prints ("Ada
                # Brannock" in the title, "Brannock" in the body), stays with that surname.
                given = (
                    not pieces[-1]
                    and j + 1 < len(toks)
                    and confirmed[j + 1]
                    and (j + 2 == len(toks) or not confirmed[j + 2])
                    and t[2].isalpha()
                    and t[2][1:].islower()
                    and not self._other_given_name(t[2], toks[j + 1][2], title_end)
                )
                if self.common_word(t[2], title_end) or not (confirmed[j] or titled or given):
                    if pieces[-1]:
                        pieces.append([])
                else:
                    pieces[-1].append(t)
            return [self._headline_piece(piece, title_end) for piece in pieces if piece]
        i = 0
        while i < len(toks) - 1 and self.common_word(toks[i][2], title_end):
            i += 1
        return [toks[i:]]

    def _known_before(self, piece: list[tuple[int, int, str]]) -> bool:
        """Whether the words of a headline name gathered so far, past its title, already name a person the
        gazetteer knows ("President Ana Ruiz Signs ..."): what follows is the headline's verb or noun."""
        words = [t[2] for t in piece if t[2].lower().rstrip(".") not in TITLE_WORDS]
        return bool(words) and self.gazetteer_person(" ".join(words)) is not None

    def _headline_piece(
        self, piece: list[tuple[int, int, str]], title_end: int
    ) -> list[tuple[int, int, str]]:
        """A title piece cut to its surname when the body names that surname's bearer with another given
        name and never prints the piece's own pair ("Wisconsin Vell Rally", "Senator Endorsed Vell" while the
        body says "Ada Vell"): the word before it is the headline's, not a name."""
        if len(piece) < 2:
            return piece
        word, surname = piece[-2][2], piece[-1][2]
        pair = rf"\b{re.escape(word)} {re.escape(strip_possessive(surname))}\b"
        if re.search(pair, self._text[max(title_end, 0) :]) is None and self._other_given_name(
            word, surname, title_end
        ):
            return piece[-1:]
        return piece

    def _other_given_name(self, word: str, surname: str, title_end: int) -> bool:
        """Whether the body prints ``surname`` after another given name: then ``word`` before it in the title
        is a headline's word ("Stunning Thing Vell Did", "Portwick Vell Rally"), since the body names Ada
        Vell."""
        body = self._text[max(title_end, 0) :]
        for m in re.finditer(rf"\b([A-Z][a-z]+) {re.escape(strip_possessive(surname))}\b", body):
            first = m.group(1)
            if first.startswith(word) or word.startswith(first):
                continue  # the same name, or its short form ("Ken" and "Kenneth")
            # A given name is no title, no sentence opener ("But Vell said") and no word the article writes
            # in lower case.
            low = first.lower()
            if low not in TITLE_WORDS and low not in STOP_CAPS and low not in self._words:
                return True
        return False

    def _capitalised_in_body(self, word: str, title_end: int) -> bool:
        if word.lower().rstrip(".") in TITLE_WORDS:
            return True
        if title_end == self._title_end and _WORD_RE.fullmatch(word):
            return word in self._body_words
        return re.search(rf"\b{re.escape(word)}(?!\w)", self._text[max(title_end, 0) :]) is not None

    def _mid_sentence_word(self, word: str, title_end: int) -> bool:
        """Whether the body capitalises ``word`` after a lower-case word, a digit or a comma: as a name."""
        if title_end == self._title_end:
            return word in self._mid_sentence
        return (
            re.search(rf"(?<=[a-z0-9,;:] ){re.escape(word)}\b", self._text[max(title_end, 0) :]) is not None
        )

    def common_word(self, word: str, title_end: int | None = None) -> bool:
        """A capitalised word the article writes in lower case too, and capitalises in its body only where a
        sentence starts ("Top", "Presumptive", "Is"): a common word, never part of a name. A function word
        that may open a sentence ("Like", "Other", ``SENTENCE_OPENERS``) is one even when the article never
        writes it in lower case. Titles are left to the title rules."""
        if title_end is None:
            title_end = self._title_end
        known = self._common.get(word)
        if known is None:
            low = word.lower()
            known = (
                word[:1].isupper()
                and word[1:].islower()
                and word.isalpha()
                and low not in TITLE_WORDS
                and (low in self._words or low in SENTENCE_OPENERS)
                and not self._mid_sentence_word(word, title_end)
            )
            self._common[word] = known
        return known

    def _genders(self, text: str, end: int) -> None:
        """Gender evidence: a title before the name, or pronouns in the rest of its sentence; and the given
        name's gender."""
        for m, (male, female) in zip(self.mentions, self._gender_evidence(text, end), strict=True):
            m.entity.male += male
            m.entity.female += female
        given = kb.given_name_table()
        for ent in self.entities.values():
            ent.given_gender = self._given_name_gender(ent, given)

    def _given_name_gender(self, ent: Entity, given: Mapping[str, str]) -> str | None:
        """The gender a person's given name marks, or None: no evidence when the name has no given name
        first (one word, an initial, a family name first as in "Ban Ki-moon"), when its first word is a title
        or a word the article also writes in lower case ("Will", "Hope", "General"), or when the name table
        does not hold it (shared or rare names)."""
        if ent.kind != "person":
            return None
        person = ent.person if getattr(ent.person, "kind", None) == "person" else None
        words = (person.canonical if person is not None else ent.name).split()
        if len(words) < 2:
            return None
        first = words[0]
        low = first.lower()
        if (
            len(first) < 2
            or not first.isalpha()
            or not first[0].isupper()
            or low in TITLE_WORDS
            or low in ROLE_NOUNS
            or low in self._words
        ):
            return None
        country = person.country if person is not None else ent.country
        if country is not None and kb.family_name_first(country):
            return None
        return given.get(fold(first))

    def _gender_evidence(self, text: str, end: int) -> list[tuple[int, int]]:
        """The evidence for "he" and "she" each mention gives, in mention order."""
        out: list[tuple[int, int]] = []
        for k, m in enumerate(self.mentions):
            male = female = 0
            before = text[max(0, m.start - 40) : m.start].lower()
            for w in re.findall(r"[a-z]+", before)[-3:]:
                if w in _MALE_WORDS:
                    male += 2
                elif w in _FEMALE_WORDS:
                    female += 2
            apposed = _APPOSED_GENDER_RE.match(text, m.end)
            if apposed:
                if apposed.group(1) in _APPOSED_MALE:
                    male += 2
                elif apposed.group(1) in _APPOSED_FEMALE:
                    female += 2
            out.append((male, female))
            stop = min(end, m.end + _GENDER_WINDOW)
            if k + 1 < len(self.mentions):
                stop = min(stop, self.mentions[k + 1].start)
            prev_end = self.mentions[k - 1].end if k > 0 else 0
            if k > 0 and not _sentence_break(text, prev_end, m.start):
                continue  # another person in the same sentence: its pronouns may be theirs
            dot = _sentence_stop(text, m.end, stop)
            nxt_in_sentence = (
                dot < 0 and stop < end and k + 1 < len(self.mentions) and stop == self.mentions[k + 1].start
            )
            own = _APPOSED_POSSESSIVE_RE.match(text, m.end, stop)
            seg, open_quote = _outside_quotes(
                text[own.end() if own else m.end : stop if dot < 0 else dot].lower()
            )
            if nxt_in_sentence:
                # The next person follows in the same sentence: only a possessive before that name is
                # this person's ("X spoke with her counterpart, Y").
                he = len(re.findall(r"\bhis\b", seg))
                she = len(_SHE_POSSESSIVE_RE.findall(seg))
            else:
                if (
                    dot >= 0
                    and not open_quote
                    and not _OPEN_QUOTE_RE.match(text, dot + 2)
                    and not _thread_pronoun(text, m.start, text[dot + 2 : dot + 6].lower())
                ):
                    # "... Velcheva. She said ...", but not quoted words ("... Vell said. “She lied.”").
                    seg += " " + text[dot + 2 : dot + 6].lower()
                he = len(_HE_RE.findall(seg))
                she = len(_SHE_RE.findall(seg))
            if he and not she and not _someone_else_first(seg, _HE_RE, _UNNAMED_MALE_RE):
                out[-1] = (male + 1, female)
            elif she and not he and not _someone_else_first(seg, _SHE_RE, _UNNAMED_FEMALE_RE):
                out[-1] = (male, female + 1)
        return out

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
                c = kb.country_of(strip_possessive(" ".join(words[i:j])))
                # A state's name is a given name ("Chad Orrin", "Jordan Vell") when the parse reads the
                # whole run as one person and the state would leave a lone surname.
                given = parsed_person and i == 0 and j == len(words) - 1
                if c and not given and not _name_starts_with(kb.resolve(" ".join(words[i:])), words[i]):
                    country, i, found = c, j, True
                    break
            if not found:
                break
        a, b = title_slice(words, i)
        a = self._name_start(words, a, b)
        name_toks = words[a:b]
        if not name_toks:
            return
        # "Anton Ruud's party": the possessive is not part of the name.
        possessive = len(name_toks[-1]) - len(strip_possessive(name_toks[-1]))
        if possessive and len(name_toks[-1]) > possessive:
            name_toks = [*name_toks[:-1], name_toks[-1][:-possessive]]
        lowered = [w.lower().strip(".,") for w in name_toks]
        # A month's name is a person's first name when the parse reads the run as a person ("Jan Tolle").
        month = any(w in MONTHS_DAYS for w in lowered)
        if any(w in ORG_WORDS for w in lowered) or (month and not parsed_person):
            return
        if len(name_toks) > 1 and group_word(strip_possessive(name_toks[-1])):
            # "Muslim Americans", "Latino Republicans", "Communications Workers": a run ending in a people or
            # a group that speaks as many names no one person, so it never takes a "he" or "she".
            return
        name = " ".join(name_toks).rstrip(",")
        offset = toks[a][0]
        re_ = toks[b - 1][1] - possessive
        person = self.gazetteer_person(name)
        if len(name_toks) == 1:
            ent = self.surnames.get(name_key(strip_possessive(name)))
            if ent is None:
                if kb.country_of(name) or name[:1].islower():
                    return
                if person is None and a > i:
                    # "Vice President Harris": a surname two listed people share, and the title before it
                    # held on the article's date by one of them.
                    role = " ".join(w.lower().rstrip(".") for w in words[i:a])
                    person = kb.titled_bearer(role, strip_possessive(name), self.date)
                if person is None and a > i and self._honoured_surname(words[a - 1], name):
                    # "Judge Orrin said": a person the article names only by honorific and surname.
                    ent = self._entity(name, None, offset)
                    self.surnames.setdefault(name_key(name), ent)
                elif person is None or getattr(person, "kind", "person") != "person":
                    return
                else:
                    ent = self._entity(person.canonical, person, offset)
        else:
            if kb.country_of(name) or (person is not None and getattr(person, "kind", "") == "institution"):
                return
            canonical = person.canonical if person is not None else self._fullest(name)
            ent = self._entity(canonical, person, offset)
            surname = name_key(strip_possessive(name_toks[-1]))
            if surname and surname not in TITLE_WORDS:
                # The first bearer keeps a shared surname: "Lazar said" after the defendant and later his
                # wife are named is the story's main figure, not the latest Lazar named.
                self.surnames.setdefault(surname, ent)
            if person is not None:
                for alias in getattr(person, "aliases", ()) or ():
                    parts = str(alias).split()
                    if len(parts) == 1:
                        self.surnames.setdefault(name_key(parts[0]), ent)
        ent.last = offset
        if country and not ent.country:
            ent.country = country
        self._describe(text, rs, offset, re_, ent)
        self.mentions.append(Mention(offset, re_, ent))

    def _name_start(self, words: list[str], a: int, b: int) -> int:
        """Where the name itself starts in ``words[a:b]`` (a run past its titles), after the capitalised words
        glued before it: a party label and whatever precedes it ("Republican Ada Vell", "Westmarch Democrat
        Ivo Rast", "House Republican Ada Vell"), or any word before a famous person's full name that the
        gazetteer does not know with it ("Harbourmaster of the Year Barack Obama")."""
        for k in range(b - 2, a - 1, -1):
            if words[k].lower() in PARTY_WORDS:
                a = k + 1
                break
        if b - a < 3 or self.gazetteer_person(" ".join(words[a:b])) is not None:
            return a
        for k in range(a + 1, b - 1):
            tail = strip_possessive(" ".join(words[k:b]))
            person = self.gazetteer_person(tail)
            if person is None or getattr(person, "kind", "person") != "person":
                continue
            # The tail must be one of the person's own full names: a unique surname alone resolves too
            # ("Ivo Obama"), and a local namesake is nobody famous.
            if name_key(tail) in {name_key(n) for n in person.names}:
                return k
        return a

    def _honoured_surname(self, title: str, name: str) -> bool:
        """Whether ``title name`` ("Judge Orrin", "Sen. Vell") names a person the article gives no full name:
        an honorific before a capitalised word that the article never writes after another name word."""
        if title.lower().rstrip(".") not in HONORIFICS or len(name) < 3 or not name[1:].islower():
            return False
        if name.lower() in STOP_CAPS or name.lower() in MONTHS_DAYS or name.lower() in TITLE_WORDS:
            return False
        for m in re.finditer(rf"\b([A-Z][\w'’\-]*\.?) {re.escape(name)}\b", self._text):
            if m.group(1).lower().rstrip(".") not in TITLE_WORDS:
                return False  # "Ada Orrin": the full name is printed, and the surname goes with it
        return True

    def _fullest(self, name: str) -> str:
        key = name_key(name)
        ent = self.surnames.get(key)
        if ent is not None:
            return ent.name
        for ent in self.entities.values():
            if ent.person is None and name_key(ent.name).endswith(" " + key) and len(ent.name) > len(name):
                return ent.name
        return name

    def _entity(self, canonical: str, person: Any | None, pos: int) -> Entity:
        key = name_key(canonical)
        ent = self.entities.get(key)
        if ent is None:
            country = getattr(person, "country", None) if person is not None else None
            ent = Entity(canonical, "person", country, set(), person, pos, pos)
            self.entities[key] = ent
        return ent

    def _describe(self, text: str, run_start: int, name_start: int, name_end: int, ent: Entity) -> None:
        """Remember the role words and country written just before the name or in an appositive after it."""
        lo = max(0, run_start - 60)
        # The words before an earlier name describe that name ("President Vell on Roads | Harbour City").
        lo = max([lo, *(m.end for m in self.mentions if lo < m.end <= run_start)])
        before = text[lo:name_start]
        for sep in ("\n", ". ", "; ", ", ", " and ", " with ", " met ", " by ", " to ", " | "):
            k = before.rfind(sep)
            if k >= 0:
                before = before[k + len(sep) :]
        roles = list(ROLE_RE.finditer(before))
        if roles and any(w not in _TITLE_LINKS for w in _LOWER_WORD_RE.findall(before, roles[-1].end())):
            # "The President signed the Harbour Act", "a wreath from the President was laid at the Memorial
            # Gate", "The Head of State thanked Ada Vell": the role is a clause's subject and the name its
            # object or a place, so neither the role nor the country before it describes the name.
            before = ""
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
        for am in AGE_DESC_RE.finditer(desc):
            ent.ages.add(int(am.group(1)))
        for rm in ROLE_RE.finditer(desc):
            ent.roles.add(qualified_role(desc, rm))
        for tok in re.findall(r"[A-Z][\w’'\-]+", desc):
            c = kb.country_of(strip_possessive(tok))
            if c and not ent.country:
                ent.country = c

    # ----- queries -----
    def honoured_bearer(self, start: int, end: int) -> Entity | None:
        """The person a surname after Mr. / Mrs. / Ms. at [start, end) was given to (``_honorific_bearers``),
        when the article names more than one bearer of it; else None (the surname resolves as usual)."""
        if not _GENDERED_HONORIFIC_RE.search(self._text, max(0, start - 6), start):
            return None
        k = bisect.bisect_left(self.mentions, start, key=lambda m: m.start)
        if k == len(self.mentions) or (self.mentions[k].start, self.mentions[k].end) != (start, end):
            return None
        ent = self.mentions[k].entity
        key = name_key(strip_possessive(self._text[start:end]))
        bearers = [
            e for e in self.entities.values() if e.kind == "person" and name_key(e.name).endswith(" " + key)
        ]
        return ent if len(bearers) > 1 and ent in bearers else None

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
        """The gazetteer entry a name printed in this article stands for, or None."""
        return gazetteer_person(name, self.date)

    def home(self) -> str | None:
        """The article's own state: the country its lead (title, dateline, first paragraphs) names most."""
        if self._home is False:
            counts: dict[str, int] = {}
            for w in re.findall(r"[A-Z][\w\-]+", self._lead):
                c = kb.country_of(strip_possessive(w))
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

    def used_as_thing(self, ent: Entity) -> bool:
        """Whether a capitalised run of two or more words taken for a name is shown by the article to be a
        place, event or thing, and neither the gazetteer nor a role shows it to be a person.

        It follows a place preposition somewhere ("in Sandy Hook", "near Port Alder"; not "at" or "from": "a
        swipe at Ada Vell", "a letter from Ada Vell"), or an article as a whole noun phrase ("under the
        Harbour Act."). Such a run opens sentences ("Since then, Sandy Hook has ...") without being anyone a
        later "he" or "she" stands for. Pronouns after it are no evidence: they are what it would wrongly
        take.
        """
        if ent.person is not None or ent.roles:
            return False
        if brand_word(ent.name):
            return True  # "ProPublica", "BuzzFeed": an organisation's name written as a brand
        known = self._things.get(ent.name)
        if known is None:
            known = self._things[ent.name] = self._written_as_thing(ent)
        return known

    def _written_as_thing(self, ent: Entity) -> bool:
        forms = {ent.name} | {self._text[m.start : m.end] for m in self.mentions if m.entity is ent}
        for form in forms:
            if len(form.split()) < 2:
                continue  # a lone surname after "the" is usually a modifier ("the Vell campaign")
            # One str.find pass per form, checking the words around each occurrence: a regex built per form
            # and run over the whole text cost 1 ms a name.
            text = self._text
            i = text.find(form)
            while i >= 0:
                end = i + len(form)
                before, after = text[max(0, i - 10) : i], text[end : end + 12]
                if not after[:1].isalnum():
                    if _PLACE_BEFORE_RE.search(before) and not _POSSESSIVE_AFTER_RE.match(after):
                        return True
                    # After an article only as a whole noun phrase: "the Ada Vell label" names a brand.
                    if _ARTICLE_BEFORE_RE.search(before) and (
                        _PHRASE_END_RE.match(after) or not text[end:].strip()
                    ):
                        return True
                i = text.find(form, i + 1)
        return False

    def _credible_person(self, ent: Entity) -> bool:
        # The article's own gender evidence shows a person; a given name alone does not ("a Major Grain
        # Ally", "Grace Harbour" open with words the name table holds).
        return bool(
            ent.person is not None or ent.roles or ent.male != ent.female or ent in self.speakers_seen
        )

    def _sentence_start(self, pos: int) -> int:
        while True:
            found = max(self._text.rfind(sep, 0, pos) for sep in (". ", "! ", "? ", "\n"))
            if found < 0:
                return 0
            if not abbreviation_at(self._text, found):
                return found + 1
            pos = found  # "President Ana R. Ruiz, Jr. met ...": an initial or a title's stop ends no sentence

    def _sentence_end(self, start: int) -> int:
        while True:
            found = (self._text.find(sep, start + 1) for sep in (". ", "! ", "? ", "\n"))
            end = min((e for e in found if e >= 0), default=len(self._text))
            if end == len(self._text) or not abbreviation_at(self._text, end):
                return end
            start = end

    def _title_country(self, ent: Entity) -> str | None:
        """The country a title names just before the first mention ("Minister ... of Lusmark, Name")."""
        first = min((m.start for m in self.mentions if m.entity is ent), default=-1)
        if first < 0:
            return None
        before = self._text[max(0, first - _TITLE_WINDOW) : first]
        before = re.split(r"[.!?;]\s", before)[-1]
        found = [kb.country_of(strip_possessive(t)) for t in re.findall(r"[A-Z][\w\-]+", before)]
        found = [c for c in found if c]
        return found[-1] if found else None

    def _first_in_body(self, ent: Entity) -> int:
        """Where the body (after the title line) first names ``ent``."""
        title_end = self._text.find("\n", self._start) if self._text else -1
        starts = [m.start for m in self.mentions if m.entity is ent and m.start > title_end]
        return min(starts, default=len(self._text))
