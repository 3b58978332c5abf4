"""Reported speech: where a clause content ends before the speaker's own next act, cues after "do" or
"would", the adjunct before "that" (a programme title), a "that" inside the content's own clause, and a
name with its appositive before the cue."""

from __future__ import annotations

import pytest
from extract_helpers import run


def _reported(body: str) -> list[tuple[str, str, str]]:
    return [(s.speaker, s.cue, s.text) for s in run(body) if s.kind == "indirect"]


@pytest.mark.parametrize(
    ("body", "text"),
    [
        (
            "Orla Brenn insists the harbour must stay a place of trade, and has championed a levy that "
            "angered the ferry owners.",
            "the harbour must stay a place of trade",
        ),
        (
            "Orla Brenn said she would visit Kelmsey at a later date, and so far has only sent a "
            "short note to its mayor.",
            "she would visit Kelmsey at a later date",
        ),
        (
            "Orla Brenn said the crossing was too slow, and blamed the harbour board for the delays.",
            "the crossing was too slow",
        ),
        ("Orla Brenn denied the allegations and counter-accused her rival of theft.", "the allegations"),
    ],
)
def test_content_ends_before_the_speakers_own_next_act(body: str, text: str) -> None:
    assert ("Orla Brenn", text) in [(sp, t) for sp, _, t in _reported(body)], _reported(body)


@pytest.mark.parametrize(
    ("body", "text"),
    [
        (
            "Orla Brenn said the ferry had left in May and had reached Kelmsey, and that the crew was safe.",
            "the ferry had left in May and had reached Kelmsey, and that the crew was safe",
        ),
        (
            "Orla Brenn said the fleet, which has sailed for years, and has survived two storms, would stay.",
            "the fleet, which has sailed for years, and has survived two storms, would stay",
        ),
    ],
)
def test_content_keeps_its_own_coordinates(body: str, text: str) -> None:
    assert ("Orla Brenn", text) in [(sp, t) for sp, _, t in _reported(body)], _reported(body)


@pytest.mark.parametrize(
    ("body", "cue", "text"),
    [
        (
            "Orla Brenn did say that the ferry would sail again in May.",
            "say",
            "the ferry would sail again in May",
        ),
        ("Orla Brenn would only say that the ferry would sail in May.", "say", "the ferry would sail in May"),
        ("Orla Brenn does acknowledge that the crossing is slow.", "acknowledge", "the crossing is slow"),
    ],
)
def test_verb_of_saying_after_do_or_would_is_a_cue(body: str, cue: str, text: str) -> None:
    assert _reported(body) == [("Orla Brenn", cue, text)]


@pytest.mark.parametrize(
    "body",
    [
        "Orla Brenn did not say whether the ferry would sail again in May.",
        "Did Orla Brenn say the ferry would sail again in May?",
        "Orla Brenn will say the ferry would sail again in May.",
        "Orla Brenn would announce the winner of the regatta in May.",
        "Orla Brenn would say nothing about the ferry when she left the harbour in May.",
    ],
)
def test_no_cue_after_a_negation_a_question_or_another_modal(body: str) -> None:
    assert _reported(body) == []


@pytest.mark.parametrize(
    "body",
    [
        "Orla Brenn said on Valo TV's \u201cHarbour Week\u201d that the ferry would sail again in May.",
        "Orla Brenn said on Valo TV's ''Meet the Harbour'' on Sunday that the ferry would sail again in May.",
    ],
)
def test_programme_title_in_the_adjunct_before_that(body: str) -> None:
    assert _reported(body) == [("Orla Brenn", "said", "the ferry would sail again in May")]


def test_that_inside_the_contents_own_clause() -> None:
    found = _reported("Orla Brenn said she had heard that account from the ferry crew.")
    assert found == [("Orla Brenn", "said", "she had heard that account from the ferry crew")]


def test_that_after_an_adjunct_still_opens_the_content() -> None:
    found = _reported("Orla Brenn said in a letter that the ferry would sail again in May.")
    assert found == [("Orla Brenn", "said", "the ferry would sail again in May")]


def test_name_with_a_long_appositive_is_the_subject_not_a_content() -> None:
    body = (
        "Tomas Eld, a member of the harbour board who wants the levy dropped, said the old ferry sank in May."
    )
    assert ("Tomas Eld", "said", "the old ferry sank in May") in _reported(body), _reported(body)


def test_inverted_attribution_after_a_content_still_read() -> None:
    body = "The levy was unfair, said Tomas Eld, a member of the harbour board."
    assert _reported(body) == [("Tomas Eld", "said", "The levy was unfair")]


@pytest.mark.parametrize(
    ("body", "text"),
    [
        ("Harbour critics, however, say it will ruin the small fleets.", "it will ruin the small fleets"),
        ("Harbour critics, many of them skippers, argue that the levy is unfair.", "the levy is unfair"),
    ],
)
def test_plural_subject_with_an_aside_before_its_verb(body: str, text: str) -> None:
    assert _reported(body) == [("Harbour critics", body.split(", ")[-1].split()[0], text)]
