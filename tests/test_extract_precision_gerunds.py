"""Precision: a gerund after a preposition that has only an object tells a means or a time of the main
clause ("by raising the levy"), not something said; one with a clause, a that-clause or a position stays.

All people and places are invented.
"""

from __future__ import annotations

import pytest
from extract_helpers import run

LEAD = "Ada Vellmar spoke at the Ostrava quay on Monday.\n\n"


def _cues(body: str) -> dict[str, str]:
    return {st.cue: st.text for st in run(LEAD + body) if st.kind == "indirect"}


@pytest.mark.parametrize(
    ("body", "cue"),
    [
        ("Vellmar said it would be easier to fund the pier by raising the harbour levy.", "raising"),
        ("The board held most of its seats while adding strongholds like Marl and Tesk.", "adding"),
        ("Clerks could refuse a permit by asserting a private objection.", "asserting"),
    ],
)
def test_gerund_with_an_object_is_an_act(body: str, cue: str) -> None:
    assert cue not in _cues(body)


@pytest.mark.parametrize(
    ("body", "cue", "content"),
    [
        ("Vellmar won support by arguing that the pier would pay for itself.", "arguing", "pier would pay"),
        ("Vellmar left the hall after saying the talks had failed.", "saying", "talks had failed"),
        ("Vellmar stood out by saying she'd close the quay.", "saying", "close the quay"),
        ("The skippers tried to free him by saying they forgave him.", "saying", "forgave him"),
        ("Vellmar replied by saying her choice of words on the levy was fair.", "saying", "choice"),
        ("Vellmar backs the ferries while arguing against the levy.", "arguing", "against the levy"),
        ("Vellmar walked out after arguing with the chair over how the vote should run.", "arguing", "vote"),
        ("Vellmar pressed the board to stop by threatening its funds.", "threatening", "its funds"),
    ],
)
def test_gerund_that_reports_words_stays(body: str, cue: str, content: str) -> None:
    got = _cues(body)
    assert cue in got, got
    assert content in got[cue]
