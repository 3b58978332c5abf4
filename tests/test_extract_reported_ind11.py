"""Reported speech in relative and absolute clauses (session 11): a relative "who" whose antecedent follows a
preposition or whose clause opens with a phrase of time, and an -ing cue with a named subject of its own
("..., with Ada Vell saying ..."). All people and places are invented (docs/EXTRACTION.md, "reported")."""

from __future__ import annotations

from extract_helpers import run


def _found(body: str) -> list[tuple[str, str]]:
    return [(s.speaker, s.text) for s in run(body) if s.kind == "indirect"]


def test_a_relative_who_after_a_prepositional_antecedent_is_that_persons_statement() -> None:
    body = "The vote was a setback for Mayor Orrin Brask, who pledged to support the levy."
    assert ("Orrin Brask", "to support the levy") in _found(body)


def test_a_relative_clause_without_its_own_relative_word_still_leaves_a_gap() -> None:
    body = "Mayor Orrin Brask spoke on Monday. The rifts Brask promised to mend have grown since the vote."
    assert not any(text.startswith("to mend") for _, text in _found(body))


def test_a_time_phrase_between_who_and_the_cue_keeps_the_antecedent_as_speaker() -> None:
    body = (
        "Senator Ada Vell of Kamor, who last spring threatened to close the port, and who has long been "
        "keen to win over the fishermen, was absent."
    )
    assert ("Ada Vell", "to close the port") in _found(body)


def test_a_frequency_adverb_after_who_keeps_the_antecedent_as_speaker() -> None:
    body = "The figure was a win for Mayor Orrin Brask, who has often complained that the port gets no help."
    assert ("Orrin Brask", "the port gets no help") in _found(body)


def test_an_absolute_clause_after_a_dash_speaks_for_the_name_before_its_participle() -> None:
    body = (
        "Both leaders issued a statement after the talks – Senator Ada Vell saying she was very pleased and "
        "Mayor Orrin Brask calling it a productive meeting."
    )
    found = _found(body)
    assert ("Ada Vell", "she was very pleased") in found
    assert ("Orrin Brask", "it a productive meeting") in found


def test_an_absolute_clause_after_with_ends_the_main_clauses_content() -> None:
    body = "Senator Ada Vell criticized the levy on Monday, with Mayor Orrin Brask saying it came too late."
    found = _found(body)
    assert ("Orrin Brask", "it came too late") in found
    assert ("Ada Vell", "the levy on Monday") in found


def test_an_absolute_clause_whose_subject_is_no_person_says_nothing() -> None:
    body = "The count in Kamor ended at midnight, with Valo Television calling the race for the challenger."
    assert _found(body) == []


def test_a_possessive_before_an_ing_form_is_a_gerund_not_an_absolute_clause() -> None:
    body = (
        "Mayor Orrin Brask met the harbour board on Monday. Brask said there was nothing wrong with Senator "
        "Ada Vell's raising the levy at the meeting."
    )
    found = _found(body)
    assert all(speaker != "Ada Vell" for speaker, _ in found)
    assert any(text.endswith("raising the levy at the meeting") for _, text in found)


def test_they_in_a_subordinate_clause_is_the_plural_subject_opening_its_sentence() -> None:
    body = "Harbour Democrats blocked the bill on Monday because they said the clause was a trap."
    assert ("Harbour Democrats", "the clause was a trap") in _found(body)


def test_they_after_a_subject_of_things_stays_unresolved() -> None:
    body = "Port fees rose sharply in May because they said nothing about the levy."
    assert _found(body) == []


def test_a_naming_verb_with_an_adjective_after_a_pronoun_or_name_is_a_statement() -> None:
    body = (
        "In a fiery speech on the quay, Senator Ada Vell called him reckless and blamed him for the delays. "
        "Mayor Orrin Brask later called Ada Vell irresponsible."
    )
    found = _found(body)
    assert ("Ada Vell", "him reckless") in found
    assert ("Orrin Brask", "Ada Vell irresponsible") in found


def test_a_naming_verb_with_a_reflexive_object_and_a_noun_is_a_statement() -> None:
    body = "Mayor Orrin Brask, a fisherman by trade, calls himself a harbour socialist."
    assert ("Orrin Brask", "himself a harbour socialist") in _found(body)


def test_calling_someone_on_the_phone_is_no_naming() -> None:
    body = (
        "Senator Ada Vell called the local official, who did not answer. She called Orrin Brask on Tuesday."
    )
    assert _found(body) == []


def test_a_place_before_the_participle_of_an_issued_text_leaves_it_to_the_text() -> None:
    body = (
        "After the count, Mayor Orrin Brask issued a statement at the town hall in Kamor, N.V. saying "
        "the harbour would stay open all winter."
    )
    found = _found(body)
    assert all(speaker == "Orrin Brask" for speaker, _ in found)
    assert not any(text.startswith("After the count") for _, text in found)
