"""Gazetteer canonicalisation: the famous person a printed name stands for, and the offices people held
on the article's date.

A bare surname picks a famous bearer only when they held office around the article's date, from a year
before their office began (or when the gazetteer lists it as their own short name); a role fits a person the
article describes so, or one whose office dates in the gazetteer cover the article's date.
"""

from __future__ import annotations

from typing import Any

from quoteline.extract import kb
from quoteline.extract.mentions import ROLE_NOUNS, name_key, strip_possessive, strip_titles

HEAD_ROLES = ("president", "prime minister", "chancellor", "head_of_state", "head_of_government")
# How long before a listed office a bare surname may already stand for its holder: a campaign's year.
_YEARS_QUOTED_BEFORE_OFFICE = 1


def gazetteer_person(name: str, date: str | None) -> Any | None:
    """The gazetteer entry a name printed in this article stands for, or None.

    A full name is canonicalised when the gazetteer knows it (its given name must agree: a local "Anna
    Merkel" is nobody famous). A bare surname ("Cook, 58, told ...") picks a famous bearer only when it
    is one the gazetteer lists as their own short name, or when they held office around the article's
    date: a minister who left office decades before the story is not the "Cook" it quotes, and one whose
    office began years after it was not yet the "Cook" anyone quoted by surname.
    """
    person = kb.resolve(name)
    if person is None or getattr(person, "kind", "person") != "person":
        return person
    toks = strip_titles(name.split())
    if len(toks) != 1:
        surname = name_key(strip_possessive(toks[-1])) if toks else ""
        if any(name_key(alias).split()[-1:] == [surname] for alias in person.names):
            return person
        # A near spelling of the surname ("Ivo Brunet" for a gazetteer "Ivo Bruent") is a new transliteration
        # only of someone in the news then, whose office has begun; otherwise it is another person the
        # article names ("Scott Morris" of a story two years before a "Scott Morrison" took office).
        return person if kb.in_office_around(person, date, years_before=0) else None
    written = name_key(strip_possessive(toks[0]))
    if any(name_key(alias) == written for alias in person.names):
        return person
    given = name_key(person.canonical).split()[:1]
    if given and written != given[0] and written.startswith(given[0]):
        # A near spelling of the person's given name is a common word or another name ("Carrier" is no
        # "Carrie Ann Vell"): a bare word stands for a famous person only as their surname.
        return None
    # A bare surname names a famous bearer from the year before their office began (a candidate or a leader
    # elect is quoted by surname) to four years after it ended; years before it they are one of many bearers
    # of the name, and the article's own "Vell" is someone it names (or no one known).
    return person if kb.in_office_around(person, date, years_before=_YEARS_QUOTED_BEFORE_OFFICE) else None


def role_fits(roles: set[str], person: Any | None, role: str, date: str | None) -> bool:
    """Whether someone described with ``roles`` (gazetteer entry ``person``) holds ``role`` at ``date``."""
    if role in ("leader",):
        return bool(roles & {"president", "leader", "prime minister", "chancellor", "king", "premier"}) or (
            person is not None and any(kb.held(person, r, date) for r in HEAD_ROLES)
        )
    if role == "head_of_state":
        return bool(roles & {"president", "king", "queen", "head of state"}) or (
            person is not None
            and (kb.held(person, "head_of_state", date) or kb.held(person, "president", date))
        )
    words = {k for k, v in ROLE_NOUNS.items() if v == role} | {role}
    if roles & words:
        return True
    return person is not None and kb.held(person, role, date)
