"""Reported speech found in session 14: a verb of criticism or praise whose object is one name ("blasted
Brask and said ..."), "speak of/about" with a manner adverb or a named listener inside it ("spoke highly of",
"spoke to Valo Radio about"), an adverb, "again" or a weekday between a verb and the preposition of its cue
("called again for"), and a preposition opening the sentence before an -ing cue ("In asking ..., NAME
noted ..."). All names, outlets and places are invented (docs/EXTRACTION.md, "reported")."""

from __future__ import annotations

import pytest
from extract_helpers import run

_OPENING = "Harbour Commissioner Edda Varn and councillor Ola Brask met in Velmar on Monday. "


def _found(body: str) -> list[tuple[str, str, str]]:
    return [(s.speaker, s.cue, s.text) for s in run(_OPENING + body) if s.kind == "indirect"]


@pytest.mark.parametrize(
    ("body", "cue"),
    [
        ("Later that night Brask blasted Varn and said the levy would ruin the fleet.", "blasted"),
        ("For months, Brask had warmly praised Varn, stating that the pier was in good hands.", "praised"),
        ("Brask also criticized Varn during a rally on Friday in Kamor.", "criticized"),
        ("Brask has previously called out Varn, mocking her plan for the quay.", "called out"),
    ],
)
def test_a_name_alone_is_the_content_of_a_verb_of_criticism_or_praise(body: str, cue: str) -> None:
    assert ("Ola Brask", cue, "Varn") in _found(body)


@pytest.mark.parametrize(
    "body",
    [
        "Brask backed Varn in the primary.",  # support: a choice, not words
        "Brask opposed Varn at every turn.",
        "The fleet attacked Lusmark at dawn.",  # a state's name: maybe an act of war
    ],
)
def test_a_name_alone_after_a_verb_of_support_or_a_state_is_no_statement(body: str) -> None:
    assert not any(text in ("Varn", "Lusmark") for _, _, text in _found(body))


@pytest.mark.parametrize(
    ("body", "cue", "text"),
    [
        (
            "Brask spoke highly of the old harbour master last week.",
            "spoke highly of",
            "the old harbour master",
        ),
        ("Brask has spoken at length about the ferry strike.", "spoken at length about", "the ferry strike"),
        (
            "Brask spoke to Valo Radio about the ferry strike.",
            "spoke to Valo Radio about",
            "the ferry strike",
        ),
    ],
)
def test_speak_of_or_about_takes_an_adverb_or_a_named_listener(body: str, cue: str, text: str) -> None:
    assert ("Ola Brask", cue, text) in _found(body)


def test_a_listener_in_lower_case_is_no_part_of_speak_with() -> None:
    assert not _found("Brask went to speak with leaders of the dock union.")


@pytest.mark.parametrize(
    ("body", "cue"),
    [
        ("Brask called Wednesday for the harbour board to resign.", "called Wednesday for"),
        (
            "Brask, interviewed on Valo Radio, called again for the harbour board to resign.",
            "called again for",
        ),
    ],
)
def test_a_weekday_or_again_may_sit_inside_a_phrasal_cue(body: str, cue: str) -> None:
    assert ("Ola Brask", cue, "the harbour board to resign") in _found(body)


def test_a_noun_ending_in_ly_is_no_adverb_inside_a_phrasal_cue() -> None:
    assert ("Ola Brask", "called for", "a rally for the crews") in _found(
        "Brask called for a rally for the crews."
    )


@pytest.mark.parametrize(
    ("body", "cue", "text"),
    [
        (
            "In asking to question the harbour master, Brask noted that the logbook had been lost.",
            "asking",
            "to question the harbour master",
        ),
        (
            "In addition to stating that the toll is illegal, Brask has vowed to repeal it.",
            "stating",
            "the toll is illegal",
        ),
        (
            "Besides attacking the old harbour master, Brask argued that the pier was unsafe.",
            "attacking",
            "the old harbour master",
        ),
    ],
)
def test_a_preposition_opening_the_sentence_makes_the_main_clause_subject_say_the_gerund(
    body: str, cue: str, text: str
) -> None:
    assert ("Ola Brask", cue, text) in _found(body)


def test_an_opening_gerund_with_no_speaker_in_the_main_clause_is_no_statement() -> None:
    assert not any(cue == "writing" for _, cue, _ in _found("In writing the report, the clerks took notes."))


def test_a_listener_before_of_is_no_part_of_speak_of() -> None:
    assert not _found("Brask spoke with Chief of Staff Ivo Marsk on Monday.")


def test_a_capitalised_cue_word_in_a_title_case_headline_is_a_verb() -> None:
    body = _OPENING + "Brask said the tolls were too high."
    title = "Ola Brask Slams Harbour Board Over Ferry Tolls"
    found = [(s.speaker, s.cue, s.text) for s in run(body, title=title)]
    assert ("Ola Brask", "Slams", "Harbour Board Over Ferry Tolls") in found


def test_a_capitalised_cue_word_in_a_sentence_case_line_is_still_a_name() -> None:
    body = _OPENING + "The bakery Said Brothers opened a new shop."
    assert not any(s.cue == "Said" for s in run(body, title="Port news from Velmar this week"))
