"""Reported speech, session 21: a subject named before an aside closed right at its cue. Every sentence is
invented, about fictional people and places."""

from __future__ import annotations

import pytest
from extract_helpers import run

from quoteline.extract.reported.subjects import aside_subject

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
            "Ada Varn (a councillor so young she was taken for an intern) says she was lost in her first "
            "weeks.",
            "Ada Varn",
            "says",
            "she was lost in her first weeks",
        ),
    ],
)
def test_the_name_before_an_aside_closed_at_the_cue_speaks(
    sentence: str, speaker: str, cue: str, text: str
) -> None:
    assert ("indirect", speaker, cue, text) in _statements(sentence)


def test_a_description_before_an_aside_is_no_named_subject() -> None:
    # "the dockers" is no name: the aside rule leaves it to the other readings, which find no one.
    found = _statements("The dockers -- dismissed so often as short-sighted -- argue the levy will fail.")
    assert not [s for s in found if s[0] == "indirect" and s[2] == "argue"]


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


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("Ada Varn - her partner and co-host on the show - told", "Ada Varn"),
        ("Tomas Rell (a councillor so young he was taken for an intern) says", "Tomas Rell"),
        # "along with" joins more speakers to the subject: no single name speaks.
        ("The Harbour Directorate – along with Mayor Ada Varn and the fire chief – announced", None),
        # A short form, a link's address and a two-word aside are no description.
        ("The Office of Harbour Works (OHW) announced", None),
        ("The Harbour Board (https://example.org/board) announced", None),
        ("Ada Varn - the mayor - told", None),
    ],
)
def test_aside_subject(text: str, subject: str | None) -> None:
    cue_start = text.rindex(" ") + 1
    subj = aside_subject(text, 0, cue_start)
    assert (text[subj.start : subj.end] if subj.kind == "phrase" else None) == subject
