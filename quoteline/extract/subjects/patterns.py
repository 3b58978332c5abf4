"""Patterns and word tests that both the context and the subject resolvers read: clause openings, quote marks,
the preposition before an object, and the shape of a noun before a name."""

from __future__ import annotations

import re

from quoteline.extract.clauses import NP_LOWER, POSTING_NOUNS
from quoteline.extract.mentions import MONTHS_DAYS, OCCUPATIONS, ROLE_NOUNS, unnamed_word
from quoteline.extract.text import word_set

MAX_SUBJECT_OFFSET = 200  # a sentence's subject opens it, within this many characters
QUOTE_MARKS = '"“”«»„'
# A name right after a preposition is its object, a place or employer ("Mayor Edda Varn of North Halvik"),
# never the head of the phrase it ends.
PREPOSITION_END_RE = re.compile(
    r"\b(?:of|from|at|in|for|with|by|to)\s+(?:the\s+|(?:Mr|Mrs|Ms|Dr)\.\s+)?$", re.IGNORECASE
)
# A sentence-opening subordinate clause, up to the comma that ends it.
SUBORDINATE_OPENING_RE = re.compile(
    r"\W*(?:[Ee]ver\s+)?(?:[Ss]ince|[Ww]hen|[Aa]fter|[Bb]efore|[Aa]s|[Ww]hile|[Aa]lthough|[Tt]hough|[Bb]ecause|"
    # a short quoted phrase may sit inside the clause ("When Vell called it "a ferry for all," Orrin ..."),
    # its closing comma inside the marks
    r"[Ii]f|[Oo]nce|[Uu]ntil)\s(?:[^,;:\"“”]|[\"“][^\"“”]{1,60}[\"”])*?(?:,|(?<=,[\"”]))"
)
# A sentence opening with a capitalised noun phrase (or "The" and one) right before a lower-case word: its
# subject, when that phrase is no person's name.
OPENING_CAPITALISED_RE = re.compile(
    r"\s*(?P<np>(?:The\s+)?[A-Z][\w’'&.-]*(?:\s+[A-Z][\w’'&.-]*){0,3})\s+[a-z]"
)
# Capitalised sentence openers that are no subject: months, weekdays, and words of time or manner.
OPENING_NON_SUBJECTS = MONTHS_DAYS | word_set("""so yes no later once first finally""")
MAX_OPENING_DESCRIPTION = 80  # characters a sentence-opening description may run before its comma
NOT_HEAD_NOUNS = word_set("""and or of the a an with for to in on at by from nor but""")
# Lower-case words that stand between a principal's name and a staff member's role noun ("Vell campaign
# chairman", "Vell senior communications adviser", "Vell press secretary"): the name only modifies the role.
STAFF_MODIFIERS = word_set(
    """campaign press communications senior deputy chief national political economic policy foreign security
    digital field state finance legal media research transition executive regional top longtime former"""
)
# Lowercase words that show a sentence's opening is a clause, not a noun phrase before a name.
CLAUSE_WORDS = word_set(
    """i we you he she they it is was are were be been has have had will would can could may might must
    shall should do does did to in on at by for from with after before when while as if that this these
    those there then not no"""
)
# Endings of agent nouns, open-ended as occupations are ("pollster", "speechwriter", "consultant",
# "strategist", "supporter"): between two names with no punctuation ("Vell pollster Ada Orrin") such a word
# makes the first name a modifier. Adverbs and function words of those endings are no agent.
_AGENT_NOUN_ENDINGS = ("ant", "ist", "ster", "er", "or")
_MIN_AGENT_NOUN = 6  # letters: shorter words of those endings are mostly verbs or function words ("want")
_NOT_AGENT_NOUNS = word_set(
    """together further rather earlier however whether neither either forever whatever another
    whenever wherever otherwise thereafter hereafter meanwhile"""
)


def occupation_prefix(words: list[str]) -> bool:
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
            or low in CLAUSE_WORDS
            or (w.islower() and low.endswith(("ed", "ing")))
        ):
            return False
    return True


def speaking_noun(word: str) -> bool:
    """A common noun that can head a speaker's description ("the minister", "officials", "the agency")."""
    low = word.lower()
    return low in NP_LOWER or low in ROLE_NOUNS or unnamed_word(word)


def agent_noun(word: str) -> bool:
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
