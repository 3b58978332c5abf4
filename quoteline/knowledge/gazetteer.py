"""The gazetteer of leaders and institutions (``data/gazetteer/*.yaml`` plus settings ``gazetteer_dirs``).

``Gazetteer.resolve`` turns any written form of a name into one canonical entry: titles, middle initials,
"Jr.", possessives, case, diacritics and hyphens are ignored; then a surname that is unique in the
gazetteer resolves (a given name alone does not: "Charles" of "Charles III", "John" of "John Lee Ka-chiu");
then rapidfuzz catches transliterations the files lack, guarded against short strings and different first
names. ``Gazetteer.holder`` answers who held an office in a country on a day.
"""

from __future__ import annotations

import datetime as dt
import math
import time
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from rapidfuzz import fuzz, process

from quoteline import settings
from quoteline.knowledge import countries, sources
from quoteline.knowledge.mentions import MentionIndex
from quoteline.knowledge.normalize import name_key, words
from quoteline.knowledge.yamlio import KnowledgeError, as_day, paused_gc, read_yaml, str_list

OFFICES = ("head_of_state", "head_of_government", "foreign_minister", "international", "other")
KINDS = ("person", "institution")

# Words that may precede a name without being part of it ("U.S. President Joseph R. Biden").
TITLE_WORDS = words(
    """president presidents vice prime minister ministers premier chancellor foreign affairs secretary
    general generalissimo state of the mr mrs ms miss mister dr doctor prof professor sir dame lord lady
    king queen prince princess crown emir amir sultan sheikh shaikh supreme leader ayatollah grand imam
    pope his her majesty excellency highness he hon honourable honorable comrade senator sen rep
    representative governor gov ambassador amb commissioner spokesman spokeswoman spokesperson former
    late then acting deputy interim chief head chairman chairwoman chair marshal field gen lt col
    colonel admiral adm commander defence defense interior finance economy first lady gentleman monsieur
    madame herr frau senor señor federal"""
)
SUFFIX_WORDS = frozenset(("jr", "sr", "ii", "iii", "iv"))


class GazetteerError(KnowledgeError):
    """A gazetteer file holds invalid entries; the message lists each with its file and entry."""


@dataclass(frozen=True)
class Role:
    """One office a person held: what, where, and from when to when (``end`` None while in office)."""

    office: str
    title: str
    country: str
    start: dt.date
    end: dt.date | None = None

    def active(self, on: dt.date | None) -> bool:
        """Whether the role was held on ``on`` (any time when ``on`` is None)."""
        if on is None:
            return True
        return self.start <= on and (self.end is None or on <= self.end)

    def matches(self, role: str) -> bool:
        """Whether ``role`` names this office or its title ("president", "prime minister")."""
        wanted = _role_key(role)
        if wanted == "leader":  # "the Belarusian leader": either head of state or of government
            return self.office in countries.OFFICES_FOR_LEADER
        return wanted in (self.office, _role_key(self.title))


@dataclass(frozen=True)
class Person:
    """A gazetteer entry: a person or an institution that speaks as one."""

    canonical: str
    country: str
    kind: str = "person"
    aliases: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()
    fictional: bool = False
    outlet: bool = False  # a news outlet or agency ("Reuters reported"): it reports, it does not govern
    gender: str | None = None  # "m"/"f" where the given name does not show it ("Hillary"), for he/she

    def held(self, role: str, on: dt.date | None = None) -> bool:
        """Whether this person held ``role`` (office or title) on ``on``, or ever when ``on`` is None."""
        return any(r.matches(role) and r.active(on) for r in self.roles)

    @property
    def names(self) -> tuple[str, ...]:
        """The canonical name followed by every alias."""
        return (self.canonical, *self.aliases)


def _role_key(role: str) -> str:
    """Comparable form of an office or title: lower case, words joined by underscores."""
    return "_".join(name_key(role).split())


def _is_country_word(index: countries.CountryIndex, token: str) -> bool:
    """Whether a folded token names a country or organisation ("russian", "us", "un")."""
    if index.country_of(token) is not None:
        return True
    return len(token) <= 4 and index.country_of(token.upper()) is not None


def _drop_head(tokens: list[str], index: countries.CountryIndex) -> list[str]:
    """Remove leading titles and country words ("U.S. President", "South Korean")."""
    out = list(tokens)
    while len(out) > 1 and (out[0] in TITLE_WORDS or _is_country_word(index, out[0])):
        out.pop(0)
    # Two-word country prefixes such as "United States", "South Korean".
    if len(out) > 2 and index.country_of(" ".join(out[:2])) is not None:
        out = out[2:]
        while len(out) > 1 and out[0] in TITLE_WORDS:
            out.pop(0)
    return out


def _drop_tail(tokens: list[str], index: countries.CountryIndex) -> list[str]:
    """Remove a trailing "of <country>" ("Putin of Russia") and "Jr." or a regnal number ("Charles III")."""
    out = list(tokens)
    for i in range(len(out) - 1, 0, -1):
        if out[i] == "of" and index.country_of(" ".join(out[i + 1 :])) is not None:
            out = out[:i]
            break
    while len(out) > 1 and out[-1] in SUFFIX_WORDS:
        out.pop()
    return out


@lru_cache(maxsize=65536)
def _name_forms(name: str, index: countries.CountryIndex) -> tuple[tuple[str, ...], str]:
    """``name_variants`` of a name, and the given name a regnal number or "of <country>" was cut from."""
    tokens = name_key(name).split()
    if tokens and tokens[0] == "the" and len(tokens) > 1:
        tokens = tokens[1:]
    head = _drop_head(tokens, index)
    bare = _drop_tail(head, index)
    variants = [" ".join(tokens), " ".join(bare)]
    if len(bare) >= 3:
        variants.append(" ".join(t for t in bare if len(t) > 1))
    # "Charles III" and "Hassan II of Morocco" leave a first name alone: "charles", "hassan".
    regnal = bare[0] if len(bare) == 1 and len(head) > 1 else ""
    return tuple(dict.fromkeys(v for v in variants if v)), regnal


def name_variants(name: str) -> tuple[str, ...]:
    """Lookup keys for a written name, most literal first: as written, without titles, without initials."""
    return _name_forms(name, countries.load())[0]


def _surname_keys(tokens: list[str], titles: frozenset[str] = frozenset(), styled: bool = False) -> list[str]:
    """Keys a surname may be written as: the last word, and for longer names the words after the first.

    A name that ends in a title word after a comma or after two other words ("Alois, Hereditary Prince of
    Liechtenstein", "Henri, Grand Duke of Luxembourg") ends in a style, not a surname: no key is made, so
    "Prince" or "Duke" alone (or a "Price" a near spelling away) never stands for that one person. A plain
    two-word name keeps its last word even when it is also a title ("Julie Bishop", "Hun Sen").
    """
    if not tokens or ((styled or len(tokens) >= 3) and tokens[-1] in titles):
        return []
    keys = [tokens[-1]]
    if len(tokens) >= 3:
        keys += [" ".join(tokens[1:]), " ".join(tokens[-2:])]
    return keys


def _hyphenated_given_name_words(person: Person) -> frozenset[str]:
    """The words of the hyphenated given name in a family-name-first person's names ("Moon Jae-in", "Ban
    Ki-moon", "Carrie Lam Cheng Yuet-ngor"): "in", "moon" or "ngor" alone is no surname of theirs, though
    spellings without the hyphen ("Moon Jae In") would make it one."""
    out: set[str] = set()
    for written in person.names:
        for word in written.split()[1:]:
            if "-" in word.strip("-"):
                out.update(name_key(word).split())
    return frozenset(out)


def _title_vocabulary(entries: Sequence[Person]) -> frozenset[str]:
    """Words that title a person: the fixed ``TITLE_WORDS`` and every word of the office titles the
    gazetteer's own roles give ("grand duke", "regent", "emir")."""
    found = {w for person in entries for role in person.roles for w in name_key(role.title).split()}
    return TITLE_WORDS | frozenset(w for w in found if w not in _TITLE_FILLERS)


# Words of an office title that title no one on their own ("minister of state for the ...").
_TITLE_FILLERS = words("of the and for in with de co first")


def _countries_served(person: Person) -> set[str]:
    """The person's country and the country of each of their roles."""
    return {person.country, *(r.country for r in person.roles)}


def _western_given_names(
    entries: Sequence[Person], family_first_countries: set[str], index: countries.CountryIndex
) -> frozenset[str]:
    """First words of the names of people from countries that put the given name first ("john", "hassan")."""
    out: set[str] = set()
    for person in entries:
        if person.kind != "person" or family_first_countries & _countries_served(person):
            continue
        for written in person.names:
            variants = _name_forms(written, index)[0]
            tokens = variants[-1].split() if variants else []
            if len(tokens) >= 2:
                out.add(tokens[0])
    return frozenset(out)


_SKELETON_FOLDS = str.maketrans({"c": "k", "q": "k", "w": "v", "z": "s"})


def _folded(given: str) -> str:
    """A given name with letters that transliterations swap made one ("korvin", "corvin" -> "korvin")."""
    return given.replace("ph", "f").replace("kh", "h").translate(_SKELETON_FOLDS)


def _skeleton(given: str) -> str:
    """A given name's consonants, folded across transliterations: "vladimir" and "volodymyr" -> "vldmr"."""
    out = ""
    for ch in _folded(given):
        if ch in "aeiouyh" or (out and out[-1] == ch):
            continue
        out += ch
    return out


def _given_names_agree(query: str, known: str) -> bool:
    """Whether two written given names may be one name: an initial, a short form the other starts with, one
    transliteration of the other, or a near spelling. "Anna" is not "Angela", nor "Tom" "Tony"."""
    if query == known:
        return True
    if _folded(query[0]) != _folded(known[0]):
        return False
    if len(query) == 1 or len(known) == 1 or known.startswith(query) or query.startswith(known):
        return True
    if len(query) >= 4 and _skeleton(query) == _skeleton(known):
        return True  # Vladimir/Volodymyr, Sergei/Sergey, Mohammed/Muhammad
    return fuzz.ratio(query, known) >= _GIVEN_NAME_RATIO


_GIVEN_NAME_RATIO = 75  # Alexander/Aleksandr 78, Olaf/Olav 75; Anna/Angela 60, Tom/Tony 57


def _first_names_agree(query_first: str, person: Person) -> bool:
    """Guard for surname and fuzzy matches: "Hillary Clinton" must not become Bill Clinton, nor a local
    "Anna Merkel" the chancellor. A given name the gazetteer lists for the person (aliases included) or a
    spelling of it agrees; any other given name does not."""
    firsts = {name_key(n).split()[0] for n in person.names if len(name_key(n).split()) >= 2}
    if not firsts:
        return True
    return any(_given_names_agree(query_first, first) for first in firsts)


# The buckets ``_letter_counts`` counts a key's characters in: a to z one each, a space, and all others.
_LETTER_BUCKETS = np.full(256, 27, dtype=np.int16)
_LETTER_BUCKETS[np.frombuffer(b"abcdefghijklmnopqrstuvwxyz", dtype=np.uint8)] = np.arange(26)
_LETTER_BUCKETS[ord(" ")] = 26


def _letter_counts(keys: Sequence[str]) -> np.ndarray:
    """How many of each letter every key holds (a column per key, a row per ``_LETTER_BUCKETS`` bucket), for
    the fuzzy look-up's cheap bound. Sharing one bucket, the other characters can only make two keys look
    closer than they are, so the bound never drops a key that could match."""
    encoded = [key.encode("ascii", "replace") for key in keys]  # one "?" per other character
    codes = _LETTER_BUCKETS[np.frombuffer(b"".join(encoded), dtype=np.uint8)]
    rows = np.repeat(np.arange(len(keys)), [len(e) for e in encoded])
    flat = np.bincount(rows * 28 + codes, minlength=len(keys) * 28)
    # Small integers with keys along the rows make the per-call sum over 28 buckets one fast pass. Counts are
    # capped at 127 so that a difference fits a byte: capping both sides never widens a difference, so the
    # bound stays a bound.
    return np.ascontiguousarray(np.minimum(flat.reshape(len(keys), 28).T, 127), dtype=np.int8)


def _words_agree(query: list[str], known: list[str], threshold: float) -> bool:
    """Whether two names have the same number of words and each pair is a near spelling."""
    return len(query) == len(known) and all(
        fuzz.ratio(a, b) >= threshold for a, b in zip(query, known, strict=True)
    )


@dataclass
class Gazetteer:
    """Indexed leaders and institutions with name resolution and office-holder lookup."""

    entries: list[Person] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    fuzzy_threshold: float = 88.0
    generated: frozenset[str] = frozenset()  # canonical names stamped out by institution templates

    def __post_init__(self) -> None:
        self._cache: dict[str, Person | None] = {}
        self._mentions: MentionIndex | None = None
        self._exact: dict[str, set[int]] = {}
        self._surname: dict[str, set[int]] = {}
        self._by_country: dict[str, list[tuple[Role, int]]] = {}
        # Keys some entry yields as written, or as a surname proper. A key only ever derived by cutting a name
        # down to one word ("Charles III" -> "charles", "Hassan II of Morocco" -> "hassan"), or taken as the
        # family name of a Western-style name ("John Lee Ka-chiu" -> "john"), is a first name: a bare first
        # name must not resolve to one person, though "King Charles" still does.
        strong_exact: set[str] = set()
        strong_surname: set[str] = set()
        index = countries.load()  # fetched once: load() reads the settings on every call
        family_first_countries = {e.name for e in index.entities.values() if e.family_name_first}
        given_names = _western_given_names(self.entries, family_first_countries, index)
        titles = _title_vocabulary(self.entries)
        self._given_names = given_names
        for i, person in enumerate(self.entries):
            family_first = bool(family_first_countries & _countries_served(person))
            regnal = {_name_forms(written, index)[1] for written in person.names} - {""}
            given_pieces = _hyphenated_given_name_words(person) if family_first else frozenset()
            for written in person.names:
                variants = _name_forms(written, index)[0]
                if person.outlet:
                    # An outlet's place word is part of its name: "Washington Post" cut to "post" would make
                    # every "Jakarta Post" or "the Post" that paper, and "France 24" cut to "24" any number.
                    variants = variants[:1]
                for key in variants:
                    self._exact.setdefault(key, set()).add(i)
                    if key == variants[0] or key not in regnal:
                        strong_exact.add(key)
                if person.kind == "person" and variants:
                    tokens = variants[-1].split()
                    if family_first and len(tokens) >= 2:
                        self._surname.setdefault(tokens[0], set()).add(i)  # "Xi" of "Xi Jinping"
                        if tokens[0] not in given_names:
                            strong_surname.add(tokens[0])
                    for key in _surname_keys(tokens, titles, styled="," in written):
                        if set(key.split()) <= given_pieces:
                            continue
                        self._surname.setdefault(key, set()).add(i)
                        if len(tokens) > 1 or key not in regnal:
                            strong_surname.add(key)
            for role in person.roles:
                self._by_country.setdefault(role.country, []).append((role, i))
        self._first_name_keys = frozenset(self._exact.keys() - strong_exact)
        self._first_name_surnames = frozenset(self._surname.keys() - strong_surname)
        self._full_keys = sorted((k for k, ids in self._exact.items() if len(ids) == 1 and " " in k), key=len)
        self._unique_surnames = sorted(
            (
                k
                for k, ids in self._surname.items()
                if len(ids) == 1 and len(k) >= 4 and k not in self._first_name_surnames
            ),
            key=len,
        )
        self._full_lengths = [len(k) for k in self._full_keys]
        self._surname_lengths = [len(k) for k in self._unique_surnames]
        self._full_letters = (_letter_counts(self._full_keys), np.array(self._full_lengths, dtype=np.float32))
        self._surname_letters = (
            _letter_counts(self._unique_surnames),
            np.array(self._surname_lengths, dtype=np.float32),
        )

    def is_given_name(self, word: str) -> bool:
        """Whether ``word`` opens the name of some listed person whose country puts the given name first."""
        return name_key(word) in self._given_names

    def _closest(self, query: str, keys: list[str], lengths: list[int]) -> tuple[str, float, int] | None:
        """rapidfuzz's best match for ``query`` among ``keys`` (sorted by length) above the threshold.

        Only keys that could reach the threshold are compared. By length: the Indel ratio of strings of
        lengths a and b is at most 1 - |a - b| / (a + b). By letters: every letter one string has more of
        than the other is an insertion or a deletion, so the ratio is also at most 1 - d / (a + b), d the sum
        of those surpluses (``_letter_counts``). Most of a fuzzy look-up's time went to the other keys; the
        keys left keep their order, so the best match (and which of equal scores wins) is rapidfuzz's own.
        """
        share = self.fuzzy_threshold / 100
        n = len(query)
        lo = bisect_left(lengths, math.floor(n * share / (2 - share)))
        hi = bisect_right(lengths, math.ceil(n * (2 - share) / share))
        letters = {id(self._full_keys): self._full_letters, id(self._unique_surnames): self._surname_letters}
        cutoff = self.fuzzy_threshold
        if id(keys) not in letters or hi <= lo:
            return process.extractOne(query, keys[lo:hi], scorer=fuzz.ratio, score_cutoff=cutoff)
        counts, sizes = letters[id(keys)]
        codes = _LETTER_BUCKETS[np.frombuffer(query.encode("ascii", "replace"), dtype=np.uint8)]
        mine = np.minimum(np.bincount(codes, minlength=28), 127).astype(np.int8)[:, None]
        surplus = np.abs(counts[:, lo:hi] - mine).sum(axis=0, dtype=np.int16)
        # + 0.5: a key right at the threshold is not lost to rounding (a surplus is a whole number).
        near = (np.flatnonzero(surplus <= (1 - share) * (n + sizes[lo:hi]) + 0.5) + lo).tolist()
        hit = process.extractOne(query, [keys[i] for i in near], scorer=fuzz.ratio, score_cutoff=cutoff)
        return (hit[0], hit[1], near[hit[2]]) if hit else None

    def validate(self) -> list[str]:
        """Problems found when the files were read, each naming its file and entry; empty when none."""
        return list(self.errors)

    @property
    def people(self) -> list[Person]:
        """Every person entry (institutions excluded)."""
        return [p for p in self.entries if p.kind == "person"]

    @property
    def institutions(self) -> list[Person]:
        """Every institution entry."""
        return [p for p in self.entries if p.kind == "institution"]

    def resolve(self, name: str) -> Person | None:
        """The entry a written name refers to, or None when the gazetteer does not know it."""
        if not name or len(name) > 200:
            return None
        if name in self._cache:
            return self._cache[name]
        found = self._resolve(name)
        if len(self._cache) > 50_000:  # bound memory on long batch runs
            self._cache.clear()
        self._cache[name] = found
        return found

    def _resolve(self, name: str) -> Person | None:
        """Uncached resolution: exact, then unique surname, then fuzzy."""
        variants = name_variants(name)
        if not variants:
            return None
        for n, key in enumerate(variants):
            if n == 0 and key in self._first_name_keys:
                continue  # a bare first name ("Charles"), though "King Charles" may resolve
            ids = self._exact.get(key)
            if ids is not None:
                return self.entries[next(iter(ids))] if len(ids) == 1 else None
        tokens = variants[-1].split()
        compound = self._surname.get(" ".join(tokens), set()) if len(tokens) > 1 else set()
        if len(compound) == 1:  # "Brenik-Varga", "Rodriguez Parrilla": a surname of several words
            return self.entries[next(iter(compound))]
        ids = self._surname.get(tokens[-1], set())
        if len(tokens) == 1 and tokens[0] in self._first_name_surnames:
            ids = set()  # "John" is no surname of John Lee Ka-chiu, nor "Hassan" of Hassan II
        if len(ids) == 1:
            person = self.entries[next(iter(ids))]
            if len(tokens) == 1 or _first_names_agree(tokens[0], person):
                return person
        return self._fuzzy(tokens)

    def _fuzzy(self, tokens: list[str]) -> Person | None:
        """Closest known spelling above the threshold, guarded against short strings and other first names."""
        query = " ".join(tokens)
        if len(query.replace(" ", "")) < 5:
            return None
        if tokens[-1] in self._surname and len(tokens) == 1:
            return None  # a known but shared surname ("Aliyev") must not drift to a near one ("Aliyeva")
        if len(tokens) == 1:
            hit = self._closest(query, self._unique_surnames, self._surname_lengths)
            if hit is None or _folded(hit[0][0]) != _folded(query[0]):
                # Transliterations of a surname keep its first sound ("Zelenskyi", "Erdogan"); a letter put
                # before it makes another name ("Price" is no "Rice"), which the aliases would list.
                return None
            return self.entries[next(iter(self._surname[hit[0]]))]
        hit = self._closest(query, self._full_keys, self._full_lengths)
        if hit:
            person = self.entries[next(iter(self._exact[hit[0]]))]
            if person.kind == "institution":
                # A whole-string score hides a different country in a long shared tail ("Marovian Foreign
                # Ministry" is not "Malian Foreign Ministry"), so each word must be a near spelling.
                return person if _words_agree(tokens, hit[0].split(), self.fuzzy_threshold) else None
            if _first_names_agree(tokens[0], person):
                return person
        # The surname alone may be a new transliteration ("Volodimir Zelenskyi"); the first name must agree.
        if len(tokens[-1]) < 5 or tokens[-1] in self._surname:
            return None
        hit = self._closest(tokens[-1], self._unique_surnames, self._surname_lengths)
        if hit:
            person = self.entries[next(iter(self._surname[hit[0]]))]
            if _first_names_agree(tokens[0], person):
                return person
        return None

    def mentions(self, text: str) -> list[tuple[int, str]]:
        """(offset, state or organisation) for every known person or institution named in ``text``."""
        if self._mentions is None:
            with paused_gc():
                self._mentions = MentionIndex(self.entries, skip=self.generated)
        return self._mentions.find(text)

    def bearers(self, surname: str) -> list[Person]:
        """Every listed person whose surname is written ``surname`` ("Harris": two people, or none)."""
        variants = name_variants(surname)
        key = variants[-1] if variants else ""
        return [self.entries[i] for i in sorted(self._surname.get(key, ()))]

    def holder(self, country: str, role: str, on: dt.date | None = None) -> Person | None:
        """Who held ``role`` (office or title; "leader" means the country's leading office) in ``country``."""
        name = countries.country_of(country) or country
        if isinstance(on, str):
            on = as_day(on)
        wanted = [role]
        if _role_key(role) == "leader":
            first = countries.leader_office(name)
            wanted = [first, *[o for o in countries.OFFICES_FOR_LEADER if o != first]]
        for want in wanted:
            best: tuple[dt.date, int] | None = None
            for r, i in self._by_country.get(name, []):
                if r.matches(want) and r.active(on) and (best is None or r.start > best[0]):
                    best = (r.start, i)
            if best is not None:
                return self.entries[best[1]]
        return None


def _role(raw: Any, person_country: str, where: str) -> Role:
    """One role entry; ValueError names the field that is wrong."""
    if not isinstance(raw, dict):
        raise ValueError(f"{where}: a role is a mapping with office, title, country, start, end")
    office = str(raw.get("office") or "")
    if office not in OFFICES:
        raise ValueError(f"{where}.office: {office!r} is not one of {', '.join(OFFICES)}")
    try:
        start = as_day(raw.get("start"))
    except ValueError as exc:
        raise ValueError(f"{where}.start: {exc}") from exc
    if start is None:
        raise ValueError(f"{where}.start: missing; write the first day in office as YYYY-MM-DD")
    try:
        end = as_day(raw.get("end"))
    except ValueError as exc:
        raise ValueError(f"{where}.end: {exc}") from exc
    if end is not None and end < start:
        raise ValueError(f"{where}: end {end} is before start {start}")
    title = str(raw.get("title") or office.replace("_", " "))
    country = str(raw.get("country") or person_country)
    return Role(office, title, countries.country_of(country) or country, start, end)


def _entry(raw: Any, kind: str, where: str) -> Person:
    """One person or institution; ValueError names the field that is wrong."""
    if not isinstance(raw, dict):
        raise ValueError("an entry is a mapping with at least `name`")
    canonical = str(raw.get("name") or "").strip()
    if not canonical:
        raise ValueError("`name` is missing")
    country = str(raw.get("country") or "").strip()
    roles_raw = raw.get("roles") or []
    if not isinstance(roles_raw, list):
        raise ValueError("`roles` must be a list")
    roles = tuple(_role(r, country, f"roles[{j}]") for j, r in enumerate(roles_raw))
    aliases = tuple(a for a in str_list(raw.get("aliases")) if a != canonical)
    fictional = raw.get("fictional", False)
    if not isinstance(fictional, bool):
        raise ValueError(f"`fictional` must be true or false, not {fictional!r}")
    outlet = raw.get("outlet", False)
    if not isinstance(outlet, bool):
        raise ValueError(f"`outlet` must be true or false, not {outlet!r}")
    if outlet and kind != "institution":
        raise ValueError("`outlet: true` belongs on institutions, not on people")
    gender = raw.get("gender")
    if gender not in (None, "m", "f"):
        raise ValueError(f"`gender` must be m or f, not {gender!r}")
    if gender is not None and kind != "person":
        raise ValueError("`gender` belongs on people, not on institutions")
    country_name = countries.country_of(country) or country
    return Person(canonical, country_name, kind, aliases, roles, fictional, outlet, gender)


def _templates(doc: dict[str, Any], where: str) -> list[Person]:
    """Institutions stamped out for every country, e.g. "{adjective} Foreign Ministry"."""
    out: list[Person] = []
    for j, tpl in enumerate(doc.get("institution_templates") or []):
        if not isinstance(tpl, dict) or "name" not in tpl:
            raise KnowledgeError(f"{where}: institution_templates[{j}]: needs `name` and `aliases`")
        for ent in countries.entities().values():
            if ent.kind != "country" or ent.historical:
                continue
            values = {"country": ent.name, "adjective": (ent.demonyms or (ent.name,))[0]}
            try:
                name = str(tpl["name"]).format(**values)
                aliases = tuple(
                    a.format(country=ent.name, adjective=adj)
                    for a in str_list(tpl.get("aliases"))
                    for adj in (ent.demonyms or (ent.name,))
                )
            except (KeyError, IndexError) as exc:
                raise KnowledgeError(
                    f"{where}: institution_templates[{j}]: unknown placeholder {exc}"
                ) from exc
            skip = {name_key(x) for x in str_list(tpl.get("except"))}
            if name_key(ent.name) in skip:
                continue
            out.append(Person(name, ent.name, "institution", tuple(dict.fromkeys(aliases)), ()))
    return out


def read_files(paths: Iterable[Path]) -> tuple[list[Person], list[str], dict[int, str]]:
    """Parse gazetteer files: entries, error messages (file, entry, field), and the source of each entry.

    Templates are stamped out after every explicit entry is read, and yield to them: a generated name that an
    explicit entry already uses is left out.
    """
    entries: list[Person] = []
    errors: list[str] = []
    source: dict[int, str] = {}
    templated: list[tuple[dict[str, Any], Path]] = []
    for path in paths:
        try:
            doc = read_yaml(path)
        except KnowledgeError as exc:
            errors.append(str(exc))
            continue
        if doc is None:
            continue
        if not isinstance(doc, dict):
            errors.append(f"{path}: expected the keys `people` and/or `institutions`")
            continue
        for key, kind in (("people", "person"), ("institutions", "institution")):
            items = doc.get(key) or []
            if not isinstance(items, list):
                errors.append(f"{path}: `{key}` must be a list")
                continue
            for i, raw in enumerate(items):
                label = raw.get("name") if isinstance(raw, dict) else None
                where = f"{path}: {key}[{i}]" + (f" ({label})" if label else "")
                try:
                    person = _entry(raw, kind, where)
                except ValueError as exc:
                    errors.append(f"{where}: {exc}")
                    continue
                source[len(entries)] = where
                entries.append(person)
        if doc.get("institution_templates"):
            templated.append((doc, path))
    taken = {name_key(n) for p in entries for n in p.names}
    for doc, path in templated:
        try:
            generated = _templates(doc, str(path))
        except KnowledgeError as exc:
            errors.append(str(exc))
            continue
        for person in generated:
            if name_key(person.canonical) in taken:
                continue
            aliases = tuple(a for a in person.aliases if name_key(a) not in taken)
            taken.update(name_key(n) for n in (person.canonical, *aliases))
            source[len(entries)] = f"{path}: institution_templates ({person.canonical})"
            entries.append(Person(person.canonical, person.country, person.kind, aliases, ()))
    errors.extend(_duplicates(entries, source))
    return entries, errors, source


def _duplicates(entries: list[Person], source: dict[int, str]) -> list[str]:
    """One error per written name that two different entries both claim (same canonical twice too)."""
    owner: dict[str, int] = {}
    errors: list[str] = []
    for i, person in enumerate(entries):
        for written in person.names:
            key = name_key(written)
            j = owner.setdefault(key, i)
            if j != i and entries[j].canonical != person.canonical:
                errors.append(
                    f"{source[i]}: alias {written!r} also names {entries[j].canonical!r} ({source[j]}); "
                    "an alias must point to one entry"
                )
            elif j != i:
                errors.append(f"{source[i]}: {person.canonical!r} is already listed at {source[j]}")
                break
    return errors


def gazetteer_files(extra_dirs: Sequence[Path] = ()) -> list[Path]:
    """Every *.yaml/*.yml in data/gazetteer, the settings' ``gazetteer_dirs`` and ``extra_dirs``."""
    return sources.gazetteer_files(extra_dirs)


def validate(extra_dirs: Sequence[Path] = ()) -> list[str]:
    """Every problem in the gazetteer files, each naming its file and entry; empty when all is well."""
    return read_files(gazetteer_files(extra_dirs))[1]


def build(paths: Iterable[Path]) -> Gazetteer:
    """A gazetteer over ``paths``; raise GazetteerError listing every invalid entry."""
    with paused_gc():
        entries, errors, source = read_files(paths)
        if errors:
            raise GazetteerError("invalid gazetteer entries:\n" + "\n".join(f"  {e}" for e in errors))
        generated = frozenset(
            p.canonical for i, p in enumerate(entries) if "institution_templates" in source[i]
        )
        return Gazetteer(entries, fuzzy_threshold=settings.get_float("fuzzy_threshold"), generated=generated)


@lru_cache(maxsize=8)
def _load_cached(files: tuple[Path, ...], stamps: tuple[int, ...], threshold: str) -> Gazetteer:
    """Build once per set of files and their modification times."""
    return build(files)


_RECHECK_SECONDS = 2.0  # how often load() looks at the files' modification times again
_last: dict[tuple[Any, ...], tuple[float, Gazetteer | GazetteerError]] = {}


def load(extra_dirs: Sequence[Path] = ()) -> Gazetteer:
    """The gazetteer over every configured file, cached; rebuilt when a file or the settings change.

    Raises GazetteerError listing every invalid entry (the failure is remembered too, so a broken file is not
    re-read on every call).
    """
    key = (tuple(extra_dirs), settings.get("data_dir"), settings.get("gazetteer_dirs"))
    now = time.monotonic()
    recent = _last.get(key)
    if recent is None or now - recent[0] >= _RECHECK_SECONDS:
        files = tuple(gazetteer_files(extra_dirs))
        stamps = tuple(p.stat().st_mtime_ns for p in files)
        outcome: Gazetteer | GazetteerError
        try:
            outcome = _load_cached(files, stamps, settings.get("fuzzy_threshold"))
        except GazetteerError as exc:
            outcome = exc
        recent = _last[key] = (now, outcome)
    if isinstance(recent[1], GazetteerError):
        raise recent[1]
    return recent[1]
