"""Reported speech: verbs of defending, echoing, joking, apologising and speaking about that recur in
political copy (and their uses that are not saying), and where a content ends when another attribution or
the cue's own adjuncts follow it."""

from __future__ import annotations

import pytest
from extract_helpers import run


def _found(body: str) -> list[tuple[str, str, str]]:
    return [(st.speaker, st.cue, st.text) for st in run(body) if st.kind == "indirect"]


@pytest.mark.parametrize(
    ("body", "cue", "text"),
    [
        (
            "Senator Idris Malvane defended his vote on the ferry levy during a town hall.",
            "defended",
            "his vote on the ferry levy during a town hall",
        ),
        (
            "Councillor Pella Droste echoed the harbour master's warning about the silted channel.",
            "echoed",
            "the harbour master's warning about the silted channel",
        ),
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


@pytest.mark.parametrize(
    "body",
    [
        "The old garrison defended our homeland through three winters, Anselm Quist recalled in a speech.",
        "The bells echoed through the valley as the ferry left Brennmouth harbour at dawn.",
    ],
)
def test_the_same_verbs_without_saying_are_not_cues(body: str) -> None:
    assert not [c for _, c, _ in _found(body) if c in {"defended", "echoed"}]


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
    found = _found("Governor Anselm Quist stressed those worries on Sunday at a forum in Brennmouth.")
    assert found == [("Anselm Quist", "stressed", "those worries")]
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
