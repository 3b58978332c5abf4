"""The real-leader files (``data/gazetteer/leaders_*.yaml``) are well formed and cover what they promise.

These tests read the YAML with ``yaml.safe_load`` on purpose, independently of the gazetteer loader, so that a
data mistake is reported against the data file even while the loader changes.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
GAZETTEER = ROOT / "data" / "gazetteer"
COUNTRIES_FILE = ROOT / "data" / "countries.yaml"
FILES = sorted(GAZETTEER.glob("leaders_*.yaml"))

OFFICES = {"head_of_state", "head_of_government", "foreign_minister", "international", "other"}
PERSON_KEYS = {"name", "country", "aliases", "roles"}
# Keys a person may carry besides: `gender` where the given name does not show it (docs/KNOWLEDGE.md).
OPTIONAL_PERSON_KEYS = {"gender"}
ROLE_KEYS = {"office", "title", "country", "start", "end"}
# The day the files were last reviewed against: "current" means holding the office on this day.
AS_OF = dt.date(2026, 11, 1)
MIN_PEOPLE = 250

G20_AND_P5 = [
    "Argentina", "Australia", "Brazil", "Canada", "China", "France", "Germany", "India", "Indonesia",
    "Italy", "Japan", "Mexico", "Russia", "Saudi Arabia", "South Africa", "South Korea", "Turkey",
    "United Kingdom", "United States",
]  # fmt: skip
EUROPE = [
    "Albania", "Andorra", "Austria", "Belgium", "Bosnia and Herzegovina", "Bulgaria", "Croatia", "Cyprus",
    "Czech Republic", "Denmark", "Finland", "France", "Germany", "Greece", "Hungary", "Iceland", "Ireland",
    "Italy", "Kosovo", "Liechtenstein", "Luxembourg", "Malta", "Monaco", "Montenegro", "Netherlands",
    "North Macedonia", "Norway", "Poland", "Portugal", "Romania", "San Marino", "Serbia", "Slovakia",
    "Slovenia", "Spain", "Sweden", "Switzerland", "United Kingdom", "Vatican City",
]  # fmt: skip
POST_SOVIET = [
    "Armenia", "Azerbaijan", "Belarus", "Estonia", "Georgia", "Kazakhstan", "Kyrgyzstan", "Latvia",
    "Lithuania", "Moldova", "Russia", "Tajikistan", "Turkmenistan", "Ukraine", "Uzbekistan",
]  # fmt: skip
REQUIRED_COUNTRIES = sorted(set(G20_AND_P5 + EUROPE + POST_SOVIET))
# Offices that several people hold at once by design (Bosnia's three-member presidency).
COLLECTIVE = {("Bosnia and Herzegovina", "head_of_state")}
# Countries whose current foreign minister is not recorded yet, with the reason. The coverage test fails as
# soon as one is added, so this list cannot go stale.
KNOWN_FM_GAPS = {
    "Bulgaria": "the 2026 caretaker and Radev governments' foreign ministers are not recorded yet",
    "Hungary": "the Magyar government's foreign minister (May 2026) is not recorded yet",
}
# Spelling variants news uses that must all lead to the same person.
VARIANT_GROUPS = [
    ["Lukashenko", "Lukashenka"],
    ["Zelensky", "Zelenskyy", "Zelenskiy", "Zelenski"],
    ["Gorbachev", "Gorbachov"],
]

# Letters that Unicode does not decompose into a base letter plus an accent.
_LETTERS = str.maketrans({"ł": "l", "đ": "d", "ð": "d", "þ": "th", "ø": "o", "æ": "ae", "œ": "oe", "ı": "i"})
_NON_WORD = re.compile(r"[^\w]+")


def loose_key(name: str) -> str:
    """Case-, accent- and punctuation-free form of a name, stricter than the loader's own folding."""
    text = unicodedata.normalize("NFKD", name.casefold().translate(_LETTERS))
    text = "".join(c for c in text if not unicodedata.combining(c)).replace("'", "").replace("’", "")
    return " ".join(_NON_WORD.sub(" ", text).split())


def _load(path: Path) -> list[dict[str, Any]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path.name}: the top level must be a mapping"
    assert isinstance(data.get("people"), list), f"{path.name}: needs a 'people' list"
    return data["people"]


@pytest.fixture(scope="module")
def people() -> list[tuple[str, dict[str, Any]]]:
    """Every entry of every leaders file, with a label naming its file and position."""
    out: list[tuple[str, dict[str, Any]]] = []
    for path in FILES:
        for i, person in enumerate(_load(path)):
            name = person.get("name") if isinstance(person, dict) else None
            out.append((f"{path.name} entry {i} ({name})", person))
    return out


def _roles(people: list[tuple[str, dict[str, Any]]]) -> list[tuple[str, dict[str, Any]]]:
    return [(p["name"], r) for _, p in people for r in p["roles"]]


def _current(role: dict[str, Any]) -> bool:
    return bool(role["start"] <= AS_OF and (role["end"] is None or role["end"] >= AS_OF))


def test_the_leaders_files_exist() -> None:
    assert len(FILES) >= 5, f"expected the regional leaders_*.yaml files in {GAZETTEER}"


def test_enough_people(people: list[tuple[str, dict[str, Any]]]) -> None:
    assert len(people) >= MIN_PEOPLE


def test_entries_have_exactly_the_required_keys(people: list[tuple[str, dict[str, Any]]]) -> None:
    problems = []
    for label, person in people:
        if not isinstance(person, dict) or set(person) - OPTIONAL_PERSON_KEYS != PERSON_KEYS:
            keys = sorted(person) if isinstance(person, dict) else type(person).__name__
            problems.append(f"{label}: keys {keys}, want {sorted(PERSON_KEYS)} (and optionally gender)")
            continue
        if person.get("gender", "m") not in ("m", "f"):
            problems.append(f"{label}: gender must be m or f")
        if not isinstance(person["name"], str) or not person["name"].strip():
            problems.append(f"{label}: name must be a non-empty string")
        if not isinstance(person["country"], str) or not person["country"]:
            problems.append(f"{label}: country must be a non-empty string")
        if not isinstance(person["aliases"], list) or not all(
            isinstance(a, str) and a for a in person["aliases"]
        ):
            problems.append(f"{label}: aliases must be a list of non-empty strings")
        if not isinstance(person["roles"], list) or not person["roles"]:
            problems.append(f"{label}: roles must be a non-empty list")
            continue
        for j, role in enumerate(person["roles"]):
            if not isinstance(role, dict) or set(role) != ROLE_KEYS:
                problems.append(f"{label} role {j}: keys must be {sorted(ROLE_KEYS)}")
            elif not all(isinstance(role[k], str) and role[k] for k in ("office", "title", "country")):
                problems.append(f"{label} role {j}: office, title and country must be non-empty strings")
    assert problems == [], "\n".join(problems)


def test_offices_come_from_the_allowed_set(people: list[tuple[str, dict[str, Any]]]) -> None:
    bad = [f"{name}: {r['office']!r}" for name, r in _roles(people) if r["office"] not in OFFICES]
    assert bad == []


def test_titles_are_lower_case_words(people: list[tuple[str, dict[str, Any]]]) -> None:
    bad = [f"{name}: {r['title']!r}" for name, r in _roles(people) if r["title"] != r["title"].lower()]
    assert bad == []


def test_dates_parse_and_are_in_order(people: list[tuple[str, dict[str, Any]]]) -> None:
    problems = []
    for name, role in _roles(people):
        start, end = role["start"], role["end"]
        # yaml gives datetime.date for an unquoted YYYY-MM-DD; a datetime or a string is a typo.
        if type(start) is not dt.date:
            problems.append(f"{name}: start {start!r} is not a YYYY-MM-DD date")
            continue
        if end is not None and type(end) is not dt.date:
            problems.append(f"{name}: end {end!r} is not a YYYY-MM-DD date or null")
            continue
        if not 1900 <= start.year <= 2026:
            problems.append(f"{name}: start {start} outside 1900-2026")
        if end is not None and end < start:
            problems.append(f"{name}: end {end} before start {start}")
        if end is not None and end.year > 2026:
            problems.append(f"{name}: end {end} is after 2026")
    assert problems == [], "\n".join(problems)


def test_countries_are_names_from_countries_yaml(people: list[tuple[str, dict[str, Any]]]) -> None:
    if not COUNTRIES_FILE.exists():
        pytest.fail(f"{COUNTRIES_FILE} is missing; gazetteer countries are checked against it")
    data = yaml.safe_load(COUNTRIES_FILE.read_text(encoding="utf-8"))
    known = {c["name"] for section in ("countries", "organisations") for c in data.get(section) or []}
    unknown = sorted(
        {f"{p['name']}: {p['country']}" for _, p in people if p["country"] not in known}
        | {f"{name}: {r['country']}" for name, r in _roles(people) if r["country"] not in known}
    )
    assert unknown == [], "\n".join(unknown)


def test_no_name_or_alias_belongs_to_two_people(people: list[tuple[str, dict[str, Any]]]) -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for label, person in people:
        for written in [person["name"], *person["aliases"]]:
            owners[loose_key(written)].add(label)
    shared = {key: sorted(labels) for key, labels in owners.items() if len(labels) > 1}
    assert shared == {}


def test_aliases_are_not_redundant(people: list[tuple[str, dict[str, Any]]]) -> None:
    """No alias repeats the name or another alias, or is the bare surname the loader derives itself."""
    problems = []
    for label, person in people:
        seen = {person["name"].casefold()}
        surname = loose_key(person["name"]).split()[-1]
        for alias in person["aliases"]:
            if alias.casefold() in seen:
                problems.append(f"{label}: alias {alias!r} repeats the name or another alias")
            seen.add(alias.casefold())
            if loose_key(alias) == surname:
                problems.append(f"{label}: alias {alias!r} is the surname of the name")
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("country", REQUIRED_COUNTRIES)
def test_required_country_has_a_current_leader_and_foreign_minister(
    people: list[tuple[str, dict[str, Any]]], country: str
) -> None:
    roles = [(name, r) for name, r in _roles(people) if r["country"] == country]
    leaders = [n for n, r in roles if r["office"] in ("head_of_state", "head_of_government") and _current(r)]
    ministers = [n for n, r in roles if r["office"] == "foreign_minister"]
    assert leaders, f"{country}: no head of state or government in office on {AS_OF}"
    assert ministers, f"{country}: no foreign minister at all"
    has_current = any(_current(r) for _, r in roles if r["office"] == "foreign_minister")
    if country in KNOWN_FM_GAPS:
        assert not has_current, f"{country} now has a current foreign minister: remove it from KNOWN_FM_GAPS"
    else:
        assert has_current, (
            f"{country}: no foreign minister in office on {AS_OF} (have {sorted(set(ministers))})"
        )


def test_european_union_has_current_presidents_and_high_representative(
    people: list[tuple[str, dict[str, Any]]],
) -> None:
    current = [r["title"] for _, r in _roles(people) if r["country"] == "European Union" and _current(r)]
    assert "president of the european commission" in current
    assert "president of the european council" in current
    assert "high representative" in current


@pytest.mark.parametrize("org", ["United Nations", "NATO", "African Union"])
def test_international_organisations_have_a_current_chief(
    people: list[tuple[str, dict[str, Any]]], org: str
) -> None:
    chiefs = [
        name
        for name, r in _roles(people)
        if r["country"] == org and r["office"] == "international" and _current(r)
        and ("secretary-general" in r["title"] or "chairperson" in r["title"])
    ]  # fmt: skip
    assert len(chiefs) == 1, f"{org}: current chiefs {chiefs}"


def test_one_current_holder_per_office_and_country(people: list[tuple[str, dict[str, Any]]]) -> None:
    """A successor added without closing the predecessor's term shows up as two current holders."""
    holders: dict[tuple[str, str], set[str]] = defaultdict(set)
    for name, role in _roles(people):
        if role["office"] in ("head_of_state", "head_of_government", "foreign_minister") and _current(role):
            holders[(role["country"], role["office"])].add(name)
    clashes = {k: sorted(v) for k, v in holders.items() if len(v) > 1 and k not in COLLECTIVE}
    assert clashes == {}


@pytest.mark.parametrize("variants", VARIANT_GROUPS, ids=lambda v: "/".join(v))
def test_spelling_variants_lead_to_one_person(
    people: list[tuple[str, dict[str, Any]]], variants: list[str]
) -> None:
    found: dict[str, set[str]] = {}
    for variant in variants:
        want = loose_key(variant)
        found[variant] = {
            person["name"]
            for _, person in people
            if any(loose_key(w).split()[-1] == want for w in [person["name"], *person["aliases"]])
        }
    assert all(len(names) == 1 for names in found.values()), found
    assert len(set.union(*found.values())) == 1, found
