"""A people named by its plural demonym ("Kenyans", "Germans", "ordinary Tarsenians") is a group that speaks
as many: an unnamed source, never a person and never its state. The knowledge base says which words are
plural demonyms, so every country's people counts, not a list of a few."""

from __future__ import annotations

import pytest
from extract_helpers import run

from quoteline.extract import kb
from quoteline.extract.mentions import names_unnamed, unnamed_word

_OPENING = "Ivo Marsk, the harbour master, spoke in Portwick on Monday.\n\n"


@pytest.mark.parametrize(
    ("word", "country"),
    [
        ("Kenyans", "Kenya"),
        ("Germans", "Germany"),  # "German" is no "-man" compound: its plural is not "Germen"
        ("Frenchmen", "France"),
        ("Americans", "United States"),
        ("Tarsenians", "Tarsenia"),
        ("Poles'", "Poland"),
    ],
)
def test_a_plural_demonym_names_its_countrys_people(word: str, country: str) -> None:
    assert kb.people_of(word) == country
    assert unnamed_word(word)


@pytest.mark.parametrize("word", ["Kenyan", "Kenya", "Philippines", "Swiss", "Officials", "Portwick"])
def test_a_singular_a_country_name_or_an_uninflected_demonym_is_no_people(word: str) -> None:
    assert kb.people_of(word) is None


def test_a_phrase_names_a_group_by_any_of_its_words() -> None:
    assert names_unnamed("ordinary Tarsenians")
    assert names_unnamed("young Kenyans in Halvik")
    assert not names_unnamed("the Kenyan minister")


@pytest.mark.parametrize("people", ["Kenyans", "Germans", "Tarsenians", "Americans"])
def test_a_people_placed_somewhere_speaks_as_an_unnamed_group(people: str) -> None:
    body = _OPENING + f"{people} in Halvik said the ferry levy was unfair to their families."
    got = [(s.speaker, s.speaker_type) for s in run(body) if "levy" in s.text]
    assert got == [(people.lower(), "unnamed")]


@pytest.mark.parametrize("people", ["Ordinary Tarsenians", "Young Kenyans", "Ordinary Americans"])
def test_a_capitalised_run_ending_in_a_people_is_no_persons_name(people: str) -> None:
    body = _OPENING + f"{people} say the ferry levy is unfair to their families."
    got = [(s.speaker, s.speaker_type) for s in run(body) if "levy" in s.text]
    assert got == [(people, "unnamed")]


def test_a_country_whose_name_looks_plural_still_speaks_as_its_state() -> None:
    body = _OPENING + "The Philippines said the ferry levy was unfair to its fishing fleet."
    got = [(s.speaker, s.speaker_type) for s in run(body) if "levy" in s.text]
    assert got == [("Philippines", "institution")]


def test_independents_remain_a_group_that_speaks_as_many() -> None:
    body = _OPENING + "Independents say the ferry levy is unfair to their families."
    got = [(s.speaker, s.speaker_type) for s in run(body) if "levy" in s.text]
    assert got == [("Independents", "unnamed")]
