"""Precision: where a reported clause ends when a coordinate after it tells something else: a later cue with a
subject of its own (a pronoun, or a plain noun phrase after a coordinator) and the cue subject's own record
in the present perfect."""

from __future__ import annotations

import pytest
from extract_helpers import run


def _found(body: str) -> list[tuple[str, str, str]]:
    return [(st.speaker, st.cue, st.text) for st in run(body) if st.kind == "indirect"]


@pytest.mark.parametrize(
    ("body", "cue", "text"),
    [
        (
            "Senator Ilka Marrow said the toll was a mistake at a rally in Dunmere, and she repeated "
            "the claim on a radio show.",
            "said",
            "the toll was a mistake at a rally in Dunmere",
        ),
        (
            "Senator Ilka Marrow said the ferry would run on time, but he said nothing about the fares.",
            "said",
            "the ferry would run on time",
        ),
    ],
)
def test_a_later_cue_after_and_a_pronoun_ends_the_content(body: str, cue: str, text: str) -> None:
    found = _found(body)
    assert ("Ilka Marrow", cue, text) in found
    assert not any(", and she" in t or ", but he" in t for _, _, t in found)


@pytest.mark.parametrize(
    ("body", "text"),
    [
        (
            "Governor Osk Tallow said the levy had helped the harbour, while several shipowners said they "
            "had seen no change at all.",
            "the levy had helped the harbour",
        ),
        (
            "Governor Osk Tallow said the lighthouse would stay open, but forty percent of the islanders say "
            "it should close.",
            "the lighthouse would stay open",
        ),
    ],
)
def test_a_later_cue_after_a_plain_noun_phrase_ends_the_content(body: str, text: str) -> None:
    mine = [t for sp, _, t in _found(body) if sp == "Osk Tallow"]
    assert mine == [text]


@pytest.mark.parametrize(
    ("body", "text"),
    [
        (
            "Councillor Brenna Yost insists the guild must be a guild of ideas, and has championed a plan to "
            "sell the old granary.",
            "the guild must be a guild of ideas",
        ),
        (
            "Councillor Brenna Yost said she would tour the flooded quays at a later date, and so "
            "far has only issued a note about the pumps.",
            "she would tour the flooded quays at a later date",
        ),
    ],
)
def test_a_present_perfect_coordinate_without_a_subject_is_the_speakers_record(body: str, text: str) -> None:
    assert [t for _, _, t in _found(body)] == [text]


def test_a_backshifted_coordinate_and_a_clause_with_a_verb_stay_in_the_content() -> None:
    body = (
        "Councillor Brenna Yost said trade on the canal had stalled for years, but had risen since the new "
        "locks opened."
    )
    assert [t for _, _, t in _found(body)] == [
        "trade on the canal had stalled for years, but had risen since the new locks opened"
    ]
    body2 = "Councillor Brenna Yost said the granary was sold, and the buyers have kept its name."
    assert [t for _, _, t in _found(body2)] == ["the granary was sold, and the buyers have kept its name"]


def test_a_participle_after_a_thing_in_a_state_is_no_ones() -> None:
    body = (
        "Investor Tamsin Orrel has bet heavily on the Dunmere ferry line. "
        "With the line's shares sliding on Tuesday, the strain is only rising, threatening "
        "fresh losses for Ms. Orrel. "
        "But the quiet mood in the harbour race has real downsides as well, suggesting weak turnout and "
        "underscoring the guild's old problem."
    )
    assert _found(body) == []


def test_a_participle_after_a_person_or_a_body_in_a_state_stays_theirs() -> None:
    body = (
        "Mayor Ivo Rastel spoke at the quay on Monday. The mayor was in a sombre mood, saying the pier "
        "would be rebuilt. The Rastel campaign has been quiet, saying only that a decision would come soon."
    )
    assert [(sp, t) for sp, _, t in _found(body)] == [
        ("Ivo Rastel", "the pier would be rebuilt"),
        ("Ivo Rastel", "a decision would come soon"),
    ]


@pytest.mark.parametrize(
    ("body", "speaker", "text"),
    [
        (
            "At the root of the quarrel, according to Ivo Rastel, a former harbour master, was a vote by the "
            "guild to sell the pier.",
            "Ivo Rastel",
            "At the root of the quarrel was a vote by the guild to sell the pier",
        ),
        (
            "The cost of the new locks, according to Ivo Rastel, will be far higher than planned.",
            "Ivo Rastel",
            "The cost of the new locks will be far higher than planned",
        ),
    ],
)
def test_according_to_inside_a_clause_reports_the_whole_clause(body: str, speaker: str, text: str) -> None:
    assert [(sp, t) for sp, cue, t in _found(body) if cue == "according to"] == [(speaker, text)]


def test_according_to_after_a_whole_clause_reports_that_clause_only() -> None:
    body = "The talks at Dunmere failed, according to Ivo Rastel, and the ferries stopped for a week."
    assert [(sp, t) for sp, cue, t in _found(body) if cue == "according to"] == [
        ("Ivo Rastel", "The talks at Dunmere failed")
    ]


def test_supporting_is_a_backing_and_expressing_support_is_a_statement() -> None:
    body = (
        "In the 2019 guild election, Councillor Brenna Yost supported Ivo Rastel against the ferry lobby. "
        "On Monday she expressed support for the new locks at Dunmere."
    )
    assert [(cue, t) for _, cue, t in _found(body)] == [("expressed support for", "the new locks at Dunmere")]
