"""Find known leaders and institutions named in a text, for the states and organisations they act for.

Capitalised runs of words are cut out with one regular expression and their sub-spans looked up in a dict
of name keys, so the cost is linear in the text whatever the size of the gazetteer. Surnames alone count
only when one person in the gazetteer bears them and they are not everyday words ("May", "Brown", "Rice").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from quoteline.knowledge.normalize import name_key, words

if TYPE_CHECKING:
    from quoteline.knowledge.gazetteer import Person

MAX_SPAN = 5  # words in the longest name looked up
# Surnames that are also everyday words or common first names: never counted alone.
_COMMON = words(
    """may major brown rice fox martin moon lee baker lane young king park green white black church hope love
    rich gray grey bush ford carter clinton johnson long little hall wells cook cole golden field rose day
    price bird jordan chad grant page may, will, mark, frank, bill, said, says, abe, kim, khan, ali, lula
    kerry powell hunt fischer schmidt schroeder miller walker smith jones scott wood hill stone sharif
    moon jae park geun modi boris tony""".replace(",", "")
)
_MONTHS_DAYS = words(
    """january february march april june july august september october november december monday tuesday
    wednesday thursday friday saturday sunday"""
)
_PARTICLE = r"(?:de|da|di|du|del|der|den|van|von|bin|ibn|al|el|la|le|dos|das)"
_CAP = r"(?:(?:al|el|ad|as|an|ar|at|ash|az)[-‐])?[A-Z][\w'’.-]*"
_RUN = re.compile(rf"{_CAP}(?:\s+(?:{_PARTICLE}\s+)*{_CAP})*")


class MentionIndex:
    """Name keys of gazetteer entries mapped to the state or organisation each acts for."""

    def __init__(self, entries: Sequence[Person], skip: Iterable[str] = ()) -> None:
        skipped = set(skip)
        owners: dict[str, set[str]] = {}
        surname_people: dict[str, set[str]] = {}
        for person in entries:
            if person.canonical in skipped:
                continue
            acting = acting_for(person)
            if not acting:
                continue
            for written in person.names:
                key = name_key(written)
                if not key:
                    continue
                owners.setdefault(key, set()).add(acting)
                if person.kind == "person":
                    surname_people.setdefault(key.split()[-1], set()).add(person.canonical)
        self._keys: dict[str, str] = {}
        for key, acting_set in owners.items():
            if len(acting_set) != 1:
                continue  # one name, two states: say nothing rather than guess
            tokens = key.split()
            if len(tokens) == 1 and (
                len(key) < 4 or key in _COMMON or key in _MONTHS_DAYS or len(surname_people.get(key, ())) > 1
            ):
                continue
            self._keys[key] = next(iter(acting_set))
        # States served by the keys of several words, per last word: one pass instead of one per surname.
        by_last: dict[str, set[str]] = {}
        for key, acting in self._keys.items():
            _, space, last = key.rpartition(" ")
            if space:
                by_last.setdefault(last, set()).add(acting)
        for surname, people in surname_people.items():
            acting_set = by_last.get(surname, set())
            if (
                len(people) == 1
                and len(acting_set) == 1
                and len(surname) >= 4
                and surname not in _COMMON
                and surname not in _MONTHS_DAYS
            ):
                self._keys.setdefault(surname, next(iter(acting_set)))

    def find(self, text: str) -> list[tuple[int, str]]:
        """(offset, state or organisation) for each known name in ``text``, longest names first."""
        out: list[tuple[int, str]] = []
        for run in _RUN.finditer(text):
            tokens = [(m.start() + run.start(), m.group(0)) for m in re.finditer(r"\S+", run.group(0))]
            i = 0
            while i < len(tokens):
                for span in range(min(MAX_SPAN, len(tokens) - i), 0, -1):
                    key = name_key(" ".join(t for _, t in tokens[i : i + span]))
                    acting = self._keys.get(key)
                    if acting:
                        out.append((tokens[i][0], acting))
                        i += span
                        break
                else:
                    i += 1
        return out


def acting_for(person: Person) -> str:
    """The state or organisation a person acts for: that of their latest role, else their country."""
    if person.roles:
        return max(person.roles, key=lambda r: r.start).country
    return person.country
