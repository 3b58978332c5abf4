"""The Leaders list's options (quoteline.query.speaker_find): the busiest speakers, the chosen, and those a
name search finds, with invented names."""

from __future__ import annotations

from quoteline.query.speaker_find import find, fold, speaker_options

COUNTS = {
    "Arlo Vantrell": 40,
    "Bexa Moskin": 25,
    "Corin Orrey": 12,
    "Dalva Pell": 5,
    "Émeric Quarry": 3,
    "Fenna Quarry": 2,
    "Galen Rusk": 0,  # no statement under the other filters
}


def test_fold_drops_accents_case_and_extra_spaces() -> None:
    assert fold("  Émeric   QUARRY ") == "emeric quarry"


def test_every_typed_word_must_appear_in_the_name() -> None:
    names = list(COUNTS)
    assert find(names, "quarry") == ["Émeric Quarry", "Fenna Quarry"]
    assert find(names, "emeric qua") == ["Émeric Quarry"]
    assert find(names, "QUARRY fen") == ["Fenna Quarry"]
    assert find(names, "nobody") == []
    assert find(names, "   ") == []


def test_without_a_search_the_list_holds_the_busiest_and_the_chosen() -> None:
    offered = speaker_options(COUNTS, chosen=["Fenna Quarry"], listed=2)
    assert offered.options == ["Arlo Vantrell", "Bexa Moskin", "Fenna Quarry"]
    assert offered.found == 0


def test_a_search_puts_the_speakers_it_finds_first_busiest_first() -> None:
    offered = speaker_options(COUNTS, chosen=[], query="quarry", listed=2)
    assert offered.options == ["Émeric Quarry", "Fenna Quarry", "Arlo Vantrell", "Bexa Moskin"]
    assert offered.found == 2


def test_a_search_adds_at_most_found_max_but_counts_them_all() -> None:
    offered = speaker_options(COUNTS, chosen=[], query="a", listed=0, found_max=3)
    assert offered.options == ["Arlo Vantrell", "Bexa Moskin", "Dalva Pell"]
    assert offered.found == 5  # every speaker with a statement but Corin Orrey (Galen Rusk has none)


def test_a_speaker_without_statements_is_offered_only_when_chosen() -> None:
    assert "Galen Rusk" not in speaker_options(COUNTS, chosen=[], query="galen").options
    assert speaker_options(COUNTS, chosen=["Galen Rusk"], listed=1).options == ["Arlo Vantrell", "Galen Rusk"]


def test_the_busiest_order_does_not_depend_on_the_counts_order() -> None:
    shuffled = dict(reversed(list(COUNTS.items())))
    assert speaker_options(shuffled, chosen=[], listed=3).options == [
        "Arlo Vantrell",
        "Bexa Moskin",
        "Corin Orrey",
    ]
