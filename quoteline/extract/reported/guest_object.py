"""A hosting verb's object that is a guest: "welcomed the Prime Minister to the capital", "welcomed you",
"welcomed the visiting delegation", "welcomed union leaders to the White House". Welcoming a person or a
party of people is narration of a visit (hosting, receiving), not a statement; welcoming a thing ("welcomed
the agreement", "welcomed Edda Varn's decision", "welcomed steps toward a ceasefire") is praise of it.

The person test uses what the extractor already knows: the person mentions the entity table found, the
object pronouns, and the nouns that name people by their post or as a group (the same tables the speaker
finders use)."""

from __future__ import annotations

import re

from quoteline.extract.clauses import POSTING_NOUNS
from quoteline.extract.context import Context
from quoteline.extract.mentions import OCCUPATIONS, ROLE_NOUNS, unnamed_word
from quoteline.extract.text import word_set

# An object pronoun that is the whole object ("welcomed them to the summit", "welcome you here").
_PERSON_PRONOUNS = word_set("""me you him them us""")
# "her" is a pronoun object only when no noun follows it ("welcomed her to the stage", not "her decision").
_HER_ALONE_RE = re.compile(r"her(?=\s*(?:[,.;:]|$|\s+(?:to|into|back|at|with|on|as|here|warmly)\b))", re.I)
# Words that may come between the cue and its object: "welcomed back", "warmly welcomed".
_LEAD_RE = re.compile(r"(?:back|warmly|personally)\s+", re.IGNORECASE)
# Nouns that name people, not in the speaker tables: those one hosts ("guests", "the delegation") and kin
# ("her husband"). Plural forms are derived.
_GUEST_NOUNS = word_set(
    """guest visitor participant delegation delegate dignitary student child children athlete family families
    husband wife son daughter mother father team crew member refugee people counterpart colleague friend"""
)
# Words that end the object's noun phrase: a preposition, a conjunction of clauses, a relative word.
_PHRASE_END = word_set(
    """to into back at for from of in on with as who whom which that and or during while after before by
    here today yesterday"""
)
_HEAD_WORDS = 8  # words of the object looked at for its head noun
# The capitalised words of a title run before a name ("Senior Advisor and Infrastructure Coordinator"), and
# the few lower-case words a title may hold.
_TITLE_RUN_RE = re.compile(r"(?:(?:[A-Z][\w.’'\-]*|and|of|the|for)\s+)*")


def _people_noun(word: str) -> bool:
    """A noun naming a person or people by post, occupation or group ("ministers", "leaders", "guests")."""
    low = word.lower().strip(".,;:")
    singular = low[:-1] if low.endswith("s") and not low.endswith("ss") else low
    return (
        low in _GUEST_NOUNS
        or singular in _GUEST_NOUNS
        or low in POSTING_NOUNS
        or low in ROLE_NOUNS
        or singular in ROLE_NOUNS
        or singular in OCCUPATIONS
        or (low.endswith("s") and unnamed_word(low))
    )


def _person_mention_opens(ctx: Context, a: int, b: int) -> bool:
    """True when a person's name opens the object, after at most a run of title words, and is not a
    possessive ("welcomed Foreign Minister Ada Vell to ...", not "welcomed Ada Vell's plan"). Unknown
    capitalised runs default to people in the entity table ("the Windsor Framework"), so the name must be
    known as a person's (the gazetteer, a given name, a gendered pronoun or honorific) or follow a title."""
    w = ctx.work
    run = _TITLE_RUN_RE.match(w, a, b)
    limit = run.end() if run is not None else a
    for mention in ctx.mentions_in(a, limit + 1):
        ent = mention.entity
        if ent.kind != "person":
            continue
        if re.match(r"['’]s?\b|\s+[A-Z]", w[mention.end : mention.end + 3]):
            return False  # a possessive, or the name only modifies a longer name ("Windsor Framework")
        titled = any(_people_noun(x) for x in w[a : mention.start].split())
        known = ent.person is not None or ent.given_gender is not None or ent.male + ent.female > 0
        return titled or known
    return False


def _head_noun(content: str) -> str:
    """The last word of the object's noun phrase: the word before the first preposition or clause word."""
    head = ""
    for word in content.split()[:_HEAD_WORDS]:
        bare = word.strip(",;:.")
        if bare.lower() in _PHRASE_END or not bare:
            break
        head = bare
        if word != bare:  # a comma or a full stop closes the phrase
            break
    return head


def guest_object(ctx: Context, a: int, b: int) -> bool:
    """True when the object of a hosting verb in w[a:b] is a person or a party of people."""
    w = ctx.work
    lead = _LEAD_RE.match(w, a, b)
    if lead is not None:
        a = lead.end()
    content = w[a:b]
    first = content.split(None, 1)[0].strip(",.;:").lower() if content.split() else ""
    if first in _PERSON_PRONOUNS or _HER_ALONE_RE.match(content):
        return True
    if _person_mention_opens(ctx, a, b):
        return True
    head = _head_noun(content)
    if not head or re.search(r"['’]s?$", head) or head.lower().endswith("ing"):
        return False
    return _people_noun(head)
