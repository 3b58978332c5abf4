"""Reported speech found in session 12: reports told by their agent ("SUBJECT was first reported by OUTLET",
"As reported by OUTLET, CLAUSE"), a pronoun's contracted auxiliary before a cue, "speak out" and an adverb
before an -ing cue. All names, outlets and places are invented (docs/EXTRACTION.md, "reported")."""

from __future__ import annotations

from extract_helpers import run


def _found(body: str) -> list[tuple[str, str]]:
    return [(s.speaker, s.text) for s in run(body) if s.kind == "indirect"]


def test_a_subject_first_reported_by_an_outlet_is_the_outlets_statement() -> None:
    body = "The ferry line will close in May. The closure was first reported by Harbor Radio."
    assert ("Harbor Radio", "The closure") in _found(body)


def test_a_possessive_subject_disclosed_by_an_outlet_keeps_its_whole_noun_phrase() -> None:
    body = "Mayor Orrin Brask met the board. News of Brask's offer had been disclosed by Kamor TV on Monday."
    assert ("Kamor TV", "News of Brask's offer") in _found(body)


def test_a_relative_or_a_pronoun_subject_names_no_content() -> None:
    body = (
        "The plan, which was first reported by Harbor Radio, would end the levy. It was reported by Kamor TV."
    )
    assert not any(sp in ("Harbor Radio", "Kamor TV") for sp, _ in _found(body))


def test_an_act_done_by_an_agent_is_no_report() -> None:
    body = "Judge Ada Vell was confirmed by the Senate on Tuesday."
    assert _found(body) == []


def test_as_reported_by_an_outlet_opens_the_clause_it_stands_behind() -> None:
    body = "As reported by Harbor Radio, inspectors found over 300 cracked beams in the old pier."
    assert ("Harbor Radio", "inspectors found over 300 cracked beams in the old pier") in _found(body)


def test_as_first_reported_by_an_outlet_after_a_comma_takes_the_clause_before() -> None:
    body = (
        "The port board has been buying ad time in three towns, as first reported by Harbor Radio on Friday."
    )
    assert ("Harbor Radio", "The port board has been buying ad time in three towns") in _found(body)


def test_a_pronouns_contracted_has_before_a_cue_is_no_possessive() -> None:
    body = "Mayor Orrin Brask was quiet for weeks. He’s said he will fight the levy in court."
    assert ("Orrin Brask", "he will fight the levy in court") in _found(body)


def test_a_relative_who_with_a_contracted_has_speaks_for_its_antecedent() -> None:
    body = (
        "The rule was written by Judge Ada Vell of Kamor, who’s argued for years that the levy is unlawful."
    )
    assert ("Ada Vell", "the levy is unlawful") in _found(body)


def test_a_contracted_is_before_a_passive_cue_still_reports_nothing() -> None:
    body = (
        "Mayor Orrin Brask was quiet for weeks. He's said to be angry about the levy. He's described as a "
        "moderate in the polls. She's accused of hiding the costs."
    )
    assert _found(body) == []


def test_speaking_out_against_or_in_favor_of_something_is_a_statement_about_it() -> None:
    body = (
        "Senator Ada Vell has spoken out against the harbor levy. Orrin Brask spoke out in favor of the pier."
    )
    found = _found(body)
    assert ("Ada Vell", "the harbor levy") in found
    assert ("Orrin Brask", "the pier") in found


def test_an_adverb_between_by_and_its_ing_cue_keeps_the_main_subject_as_speaker() -> None:
    body = "Mayor Orrin Brask, keeping to his habits, responded by first saying kind words about the board."
    assert ("Orrin Brask", "kind words about the board") in _found(body)


def test_an_adverb_ending_in_ly_after_a_preposition_leaves_the_ing_cue_a_participle() -> None:
    body = "Senator Ada Vell lost ground after derisively mocking the mayor in two debates."
    assert any(sp == "Ada Vell" and text.startswith("the mayor") for sp, text in _found(body))


def test_an_adverb_after_and_before_an_ing_form_may_join_adjectives_and_is_no_lead() -> None:
    body = "Mayor Orrin Brask ran a brash and oddly charming campaign for the harbor seat."
    assert _found(body) == []


def test_an_adverb_of_denial_before_an_ing_cue_reports_nothing() -> None:
    body = "Mayor Orrin Brask talks through every question, never admitting he was wrong about the pier."
    assert not any(text.startswith("he was wrong") for _, text in _found(body))


def test_an_adverb_after_a_comma_before_an_ing_cue_keeps_the_participle() -> None:
    body = (
        "Senator Ada Vell has voiced worry about the debate, recently telling a friend that she is nervous."
    )
    assert ("Ada Vell", "she is nervous") in _found(body)


def test_a_content_ends_before_the_comma_and_adverb_of_the_next_cue() -> None:
    body = "Senator Ada Vell asked for support, specially asking voters to come to the polls on the day."
    found = _found(body)
    assert ("Ada Vell", "for support") in found
    assert ("Ada Vell", "voters to come to the polls on the day") in found
