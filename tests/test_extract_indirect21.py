"""Reported speech, session 21: a subject named before an aside closed right at its cue. Every sentence is
invented, about fictional people and places."""

from __future__ import annotations

import pytest
from extract_helpers import run

_INTRO = "Ada Varn and Tomas Rell met at the Halvik quay on Monday. "


def _statements(body: str) -> list[tuple[str, str, str, str]]:
    return [(s.kind, s.speaker, s.cue, s.text) for s in run(_INTRO + body)]


@pytest.mark.parametrize(
    ("sentence", "speaker", "cue", "text"),
    [
        # A pair of dashes, the aside holding a possessive and a preposition.
        (
            "Ada Varn - Rell's partner and co-host on his radio show - told the Halvik Post that Rell had "
            "turned against the port.",
            "Ada Varn",
            "told",
            "Rell had turned against the port",
        ),
        # Em dashes around a relative clause.
        (
            "Tomas Rell — who guarded the harbour gate for three years — states that the posting was a "
            "punishment.",
            "Tomas Rell",
            "states",
            "the posting was a punishment",
        ),
        # Brackets around a description with a clause of its own.
        (
            "Ada Varn (a councillor so young she was taken for an intern) says she was lost in her first weeks.",
            "Ada Varn",
            "says",
            "she was lost in her first weeks",
        ),
    ],
)
def test_the_name_before_an_aside_closed_at_the_cue_speaks(sentence: str, speaker: str, cue: str, text: str) -> None:
    assert ("indirect", speaker, cue, text) in _statements(sentence)


def test_a_description_before_an_aside_is_no_named_subject() -> None:
    # "the angry dockers" is no name: the aside rule leaves it to the other readings, which find no one.
    found = _statements("The angry dockers -- dismissed so often as short-sighted -- believe the levy will fail.")
    assert not [s for s in found if s[0] == "indirect" and s[2] == "believe"]


@pytest.mark.parametrize(
    "sentence",
    [
        # A short form in brackets is the name's own, which the label rule reads; no aside to skip.
        "The Halvik Office of Harbour Works (HOHW) announced the opening of the quay.",
        # A link's address or a name in brackets is no description.
        "The Harbour Board (Halvik) announced the opening of the quay.",
    ],
)
def test_a_short_bracket_is_no_aside(sentence: str) -> None:
    found = _statements(sentence)
    assert not [s for s in found if s[1] in ("HOHW", "Halvik")]


def test_an_aside_joining_others_to_the_subject_is_left_to_the_other_readings() -> None:
    # "along with" adds speakers to the subject: the name before it does not speak alone.
    found = _statements(
        "The Halvik Harbour Directorate – along with Mayor Ada Varn and the Portwick fire chief – announced the "
        "deployment of new sensors."
    )
    assert not [s for s in found if s[0] == "indirect" and s[1] in ("Halvik Harbour Directorate", "Harbour Directorate")]
