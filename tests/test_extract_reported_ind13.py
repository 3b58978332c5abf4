"""Reported speech found in session 13: an infinitive cue whose controller speaks ("SUBJECT stood up at a
meeting to say ...", "EVENT prompted NAME to accuse ..."), a relative word that is the subject of what was
said ("..., who she said were ..."), and a plural party or people before a restrictive "who" ("Republicans
who say"). All names, outlets and places are invented (docs/EXTRACTION.md, "reported")."""

from __future__ import annotations

import pytest
from extract_helpers import run

_OPENING = "Harbour Commissioner Edda Varn spoke in Velmar on Monday about the port budget. "


def _found(body: str) -> list[tuple[str, str, str]]:
    return [(s.speaker, s.cue, s.text) for s in run(_OPENING + body) if s.kind == "indirect"]


def test_a_purpose_infinitive_is_said_by_the_subject_of_the_act() -> None:
    body = "Varn stood up at a town hall meeting in Kamor to say that the levy would be cut by half."
    assert ("Edda Varn", "say", "the levy would be cut by half") in _found(body)


def test_a_purpose_infinitive_after_a_coordinated_act_is_said_by_the_shared_subject() -> None:
    body = "Mayor Ivo Marsk flew to Velmar on Monday to argue that the quay is safe."
    assert ("Ivo Marsk", "argue", "the quay is safe") in _found(body)


def test_the_object_of_a_causative_verb_says_the_infinitive() -> None:
    body = "The vote prompted Mayor Ola Brask to accuse the board of hiding costs."
    assert ("Ola Brask", "accuse", "the board of hiding costs") in _found(body)


def test_an_address_used_to_say_something_is_its_speakers_statement() -> None:
    body = "Mayor Ola Brask used part of her speech to call Varn a liar."
    assert ("Ola Brask", "call", "Varn a liar") in _found(body)


@pytest.mark.parametrize(
    "sentence",
    [
        "Mayor Ivo Marsk wants to say that the quay is safe.",  # a wish: nothing said yet
        "Mayor Ivo Marsk will travel to Velmar to argue that the quay is safe.",  # a plan
        "Mayor Ivo Marsk did not travel to Velmar to argue that the quay is safe.",  # denied
        "The board asked Mayor Ivo Marsk to explain why the quay was closed.",  # a request
    ],
)
def test_an_infinitive_under_a_wish_a_plan_a_negation_or_a_request_is_no_statement(sentence: str) -> None:
    assert not any(cue in ("say", "argue", "explain") for _, cue, _ in _found(sentence))


def test_a_relative_word_can_be_the_subject_of_what_was_said() -> None:
    body = "Varn spoke warmly of her two brothers, who she said were living in Lusmark and running a bakery."
    assert ("Edda Varn", "said", "were living in Lusmark and running a bakery") in _found(body)


def test_which_before_the_speaker_can_be_the_subject_of_what_was_said() -> None:
    body = "Varn blamed the harbour tax, which she said had harmed the fishing fleet for a decade."
    assert ("Edda Varn", "said", "had harmed the fishing fleet for a decade") in _found(body)


def test_what_after_a_preposition_can_be_the_subject_of_what_was_said() -> None:
    body = "Varn focused on what she said were the failures of the harbour board."
    assert ("Edda Varn", "said", "were the failures of the harbour board") in _found(body)


@pytest.mark.parametrize(
    "sentence",
    [
        "What Varn said was a surprise to the board.",  # a pseudo-cleft: "was" is the main verb
        "Everything which Varn says is true.",  # the clause is the cue's object
    ],
)
def test_a_relative_clause_that_is_the_cues_object_says_nothing(sentence: str) -> None:
    assert not any(cue in ("said", "says") for _, cue, _ in _found(sentence))


def test_a_plural_party_before_a_restrictive_who_speaks_as_a_group() -> None:
    body = "The ruling gave fresh hope to Republicans who say the harbour law is a money pit."
    assert ("Republicans", "say", "the harbour law is a money pit") in _found(body)


def test_a_capitalised_name_before_a_restrictive_who_is_not_read_as_a_group() -> None:
    body = "The ruling was a gift to Tom Evans who says the harbour law is a money pit."
    assert not any(sp == "Evans" for sp, _, _ in _found(body))


def test_an_infinitive_cue_with_no_object_is_an_act() -> None:
    body = "Several hundred dockers turned out in Kamor on Friday to protest, some outside the town hall."
    assert not any(cue == "protest" for _, cue, _ in _found(body))
