"""Reported speech, session 20: the naming verb's wider complements and a content before ", X said" that
opens with a quoted fragment. Every sentence is invented, about fictional people and places."""

from __future__ import annotations

import pytest
from extract_helpers import run

_INTRO = "Ada Varn and Tomas Rell met at the Halvik quay on Monday. "


def _reported(body: str) -> list[tuple[str, str, str]]:
    return [(s.speaker, s.cue, s.text) for s in run(_INTRO + body) if s.kind == "indirect"]


@pytest.mark.parametrize(
    ("sentence", "text"),
    [
        # An abbreviated title opens the object's name.
        ("Tomas Rell called Mrs. Varn a schemer.", "Mrs. Varn a schemer"),
        # A name of five capitalised words.
        ("Tomas Rell called Harbour Board Chair Ada Varn a liar.", "Harbour Board Chair Ada Varn a liar"),
        # A "the" phrase that tells no time, after a pronoun.
        ("Tomas Rell calls it the big prize of the season.", "it the big prize of the season"),
        # A possessive phrase after a pronoun.
        ("Tomas Rell called him his friend.", "him his friend"),
    ],
)
def test_a_naming_verbs_complement_makes_a_statement(sentence: str, text: str) -> None:
    assert ("Tomas Rell", sentence.split()[2], text) in _reported(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Tomas Rell called her the next day.",  # a time: he phoned her
        "Tomas Rell called him the following morning.",
        "Tomas Rell called the meeting at his home.",  # a common noun's phrase runs into "at his home"
        "Tomas Rell called Varn the night before.",
    ],
)
def test_a_call_with_no_complement_is_no_statement(sentence: str) -> None:
    assert not [r for r in _reported(sentence) if r[1].startswith("call")]


def test_a_content_before_the_cue_may_open_with_a_quoted_fragment() -> None:
    got = _reported('"Safe berths" would be wise before the storm, Varn said.')
    assert got == [("Ada Varn", "said", '"Safe berths" would be wise before the storm')]


def test_a_fragment_inside_a_pronoun_clause_before_the_cue() -> None:
    got = _reported('She "held and hugged" the fishermen before the vote, Varn said.')
    assert got == [("Ada Varn", "said", 'She "held and hugged" the fishermen before the vote')]


def test_a_quoted_clause_closed_by_its_comma_is_no_fragment() -> None:
    # The quote ends its own clause; the words after it are the reporter's scene, not the speaker's content.
    got = _reported('"Ring the bell," a voice cried out from the quay at dusk, Varn said.')
    assert not [r for r in got if "cried out" in r[2]]


def test_a_long_quote_before_the_cue_stays_direct() -> None:
    sts = run(_INTRO + '"The pier will be closed for a month" after the storm, Varn said.')
    assert not [s for s in sts if s.kind == "indirect" and "pier will be closed" in s.text]
