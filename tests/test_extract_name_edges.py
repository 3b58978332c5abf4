"""Where a speaker's name starts and ends at its edges: a bracketed abbreviation or party tag between the name
and the cue, an organisation's name whose tail is coordinated with "and", a time word or subordinator that a
sentence opens with, a day adjunct between the subject and its cue, and titles of rank, office or clergy
written before a name. Invented names and sentences throughout."""

from __future__ import annotations

import pytest
from extract_helpers import run

from quoteline.extract.clauses import subject_before
from quoteline.extract.resolution import Registry


def _speakers(body: str) -> list[tuple[str, str]]:
    return [(s.speaker, s.speaker_type) for s in run(body)]


def _subject(sentence: str, cue: str) -> str:
    found = subject_before(sentence, 0, sentence.index(cue))
    return sentence[found.start : found.end]


def _names(body: str) -> list[str]:
    text = f"Fictional test article\n\n{body}"
    reg = Registry("2023-03-15")
    reg.build(text, 0, len(text))
    return [text[m.start : m.end] for m in reg.mentions]


def test_a_bracketed_abbreviation_before_the_cue_keeps_the_organisations_whole_name() -> None:
    body = "The Valdor Commission on Coastal Fishing Rights (VCFR) criticised the ferry levy on Thursday."
    assert _speakers(body) == [("Valdor Commission on Coastal Fishing Rights", "institution")]


def test_a_party_tag_in_brackets_belongs_to_the_name_before_it() -> None:
    sentence = "Rep. Ivo Marsk (R-Val.) said the ferry levy was unfair."
    assert _subject(sentence, "said") == "Rep. Ivo Marsk"


def test_an_organisations_tail_coordinated_with_and_is_no_person() -> None:
    body = "The Valdor Department of Health and Coastal Safety said several piers were damaged."
    assert _speakers(body) == [("Valdor Department of Health and Coastal Safety", "institution")]
    assert "Coastal Safety" not in _names(body)


def test_a_person_joined_to_an_organisation_by_and_is_still_a_person() -> None:
    body = "The Council of Lusmark and Ivo Marsk said several piers were damaged."
    assert "Ivo Marsk" in _names(body)


@pytest.mark.parametrize(
    ("sentence", "cue", "subject"),
    [
        (
            "On Friday Orvel Shipping Company announced that the ferry would stop.",
            "announced",
            "Orvel Shipping Company",
        ),
        (
            "Yesterday the Coastal Rescue Agency told reporters it would end its search.",
            "told",
            "the Coastal Rescue Agency",
        ),
        (
            "Although the Halvik Harbour Board asked for calm, the crews struck.",
            "asked",
            "the Halvik Harbour Board",
        ),
        ("Thursday officials said the pier was closed.", "said", "officials"),
    ],
)
def test_a_time_word_or_subordinator_opening_the_sentence_is_no_part_of_the_subject(
    sentence: str, cue: str, subject: str
) -> None:
    assert _subject(sentence, cue) == subject


def test_a_day_adjunct_between_subject_and_cue_is_no_part_of_the_name() -> None:
    body = "The Coastal Safety Committee of Lusmark on Monday announced that the recorder had been found."
    assert _speakers(body) == [("Coastal Safety Committee of Lusmark", "institution")]


@pytest.mark.parametrize("title", ["Prosecutor", "Detective Constable", "Assemblywoman", "Rabbi", "Captain"])
def test_a_title_of_rank_office_or_clergy_is_no_part_of_the_name(title: str) -> None:
    body = f"{title} Ada Vellan said the harbour must stay open."
    assert _speakers(body) == [("Ada Vellan", "person")]


@pytest.mark.parametrize(
    ("body", "name"),
    [
        ("Senator from Orvel Bram Tessler said the ferry levy was unfair.", "Bram Tessler"),
        (
            "Ada Vell met Head of Brevonia Kalim Ostrov on Monday. Ostrov said the border would reopen.",
            "Kalim Ostrov",
        ),
    ],
)
def test_three_words_right_after_a_posting_are_its_object_and_a_two_word_name(body: str, name: str) -> None:
    assert {s.speaker for s in run(body)} == {name}


def test_a_bracketed_abbreviation_before_a_passive_cue_makes_no_speaker_of_the_name() -> None:
    sentence = "Leaving the Northern Union (NU) was described by Vell as historic, saying she would go."
    assert subject_before(sentence, 0, sentence.index("described")).kind == "none"
