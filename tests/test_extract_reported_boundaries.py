"""Reported speech: verbs of joking, apologising, railing against and speaking about that recur in political
copy; uses of cues that say nothing (passives, "answering X's questions", a main verb right after the cue);
and where a content ends when another attribution, a relative clause's end or the cue's own adjuncts follow
it."""

from __future__ import annotations

import pytest
from extract_helpers import run


def _found(body: str) -> list[tuple[str, str, str]]:
    return [(st.speaker, st.cue, st.text) for st in run(body) if st.kind == "indirect"]


@pytest.mark.parametrize(
    ("body", "cue", "text"),
    [
        (
            "Mayor Tova Ekhart joked that the new pier would outlast the town.",
            "joked",
            "the new pier would outlast the town",
        ),
        (
            "Mayor Tova Ekhart joked about moving the town hall onto a barge.",
            "joked about",
            "moving the town hall onto a barge",
        ),
        (
            "Governor Anselm Quist apologized for the delays at the northern locks.",
            "apologized for",
            "the delays at the northern locks",
        ),
        (
            "Senator Idris Malvane spoke about the need for a second lighthouse.",
            "spoke about",
            "the need for a second lighthouse",
        ),
        (
            "Senator Idris Malvane railed against the toll on the coastal road.",
            "railed against",
            "the toll on the coastal road",
        ),
    ],
)
def test_recurring_verbs_of_saying_are_cues(body: str, cue: str, text: str) -> None:
    assert [(c, t) for _, c, t in _found(body)] == [(cue, text)]


def test_a_later_attribution_with_its_own_subject_ends_the_content() -> None:
    found = _found(
        "Senator Idris Malvane has pledged to back the harbour levy, Pella Droste suggested that the vote"
        " would be close."
    )
    assert [t for s, _, t in found if s == "Idris Malvane"] == ["to back the harbour levy"]
    assert ("Pella Droste", "suggested", "the vote would be close") in found


def test_a_later_attribution_after_but_ends_the_content() -> None:
    found = _found(
        "Mayor Tova Ekhart said she would visit the flooded quays later, but Pella Droste said the visit came"
        " too late."
    )
    assert [t for s, _, t in found if s == "Tova Ekhart"] == ["she would visit the flooded quays later"]
    assert ("Pella Droste", "said", "the visit came too late") in found


def test_adjuncts_after_a_time_phrase_are_not_part_of_an_object_content() -> None:
    found = _found("Governor Anselm Quist stressed the same fears on Sunday at a forum in Brennmouth.")
    assert found == [("Anselm Quist", "stressed", "the same fears")]
    # A clause content keeps its own time: the day is when the ferries stop, not when it was said.
    found = _found(
        "Governor Anselm Quist stressed that the ferries would stop on Sunday at the northern quay."
    )
    assert found == [("Anselm Quist", "stressed", "the ferries would stop on Sunday at the northern quay")]


@pytest.mark.parametrize(
    "body",
    [
        "Harbour pilot Anselm Quist was charged in Brennmouth with falsifying the tide logs.",
        "Ferry passengers were repeatedly asked to keep clear of the gangway by the crew.",
        "Answering fishermen's questions, Mayor Tova Ekhart opened the new quay.",
    ],
)
def test_passive_cues_and_answered_questions_are_not_statements(body: str) -> None:
    assert _found(body) == []


def test_an_active_cue_after_a_subject_is_still_a_statement() -> None:
    found = _found("Harbour pilot Anselm Quist charged that the tide logs had been falsified.")
    assert [(c, t) for _, c, t in found] == [("charged", "the tide logs had been falsified")]


def test_a_cue_in_a_relative_clause_is_the_antecedents_and_ends_with_the_clause() -> None:
    assert _found("The plan drew fire from Pella Droste, who says it is a disaster for the quay.") == [
        ("Pella Droste", "says", "it is a disaster for the quay")
    ]
    assert _found("Pella Droste, who has criticized the levy, was re-elected on Monday.") == [
        ("Pella Droste", "criticized", "the levy")
    ]


@pytest.mark.parametrize(
    "body",
    [
        "Not everything Pella Droste says is true about the northern quay.",
        "Anselm Quist, the harbour master, backed in Brennmouth a long tradition of ferry races.",
    ],
)
def test_a_cue_followed_by_a_main_verb_or_a_place_says_nothing(body: str) -> None:
    assert _found(body) == []
