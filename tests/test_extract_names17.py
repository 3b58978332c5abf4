"""Capitalised runs that name no person: a paper named after a state or city, a posting noun, a run that
qualifies a role, and an outlet's name cut down to one word in the gazetteer.

Each test is one mechanism, written in invented words (invented people, places and bodies).
"""

from __future__ import annotations

from extract_helpers import run

from quoteline.extract import kb
from quoteline.extract.resolution import _role_word


def _speakers(body: str) -> list[str]:
    return [s.speaker for s in run(body, title="Fictional test article")]


def test_a_paper_named_after_a_city_is_not_its_last_word() -> None:
    body = "The ferry link to the islands was closed for a week, Halvik Ledger reported on Monday.\n"
    assert "Ledger" not in _speakers(body)


def test_a_state_then_one_word_with_no_title_makes_no_person() -> None:
    body = "According to Tarsenian Ledger, the new harbour will open in the spring of next year.\n"
    assert "Ledger" not in _speakers(body)


def test_a_titled_name_after_a_state_is_still_the_person() -> None:
    body = '"The harbour will open in the spring," Tarsenian Minister Brannock said on Monday.\n'
    assert "Brannock" in _speakers(body)


def test_an_accented_posting_noun_is_a_role_not_a_name() -> None:
    body = '"Two ships will dock at the port next week," the Lusmark Naval Attaché announced on Friday.\n'
    got = _speakers(body)
    assert "Attaché" not in got
    assert "Naval Attaché" not in got


def test_role_word_reads_the_posting_nouns_folded() -> None:
    assert _role_word("Attaché")
    assert _role_word("Aide")
    assert not _role_word("Brannock")


def test_a_run_before_a_lower_case_role_is_its_place_not_a_name() -> None:
    body = (
        '"The rules have failed the fishermen," Orrin Bay director of Tidal Aid International Ora Venstrand '
        "said on Monday.\n"
    )
    assert _speakers(body) == ["Ora Venstrand"]


def test_a_run_before_a_lower_case_role_still_lets_the_name_after_the_role_speak() -> None:
    body = '"The rules have failed the fishermen," Orrin Bay leader Ora Venstrand said on Monday.\n'
    assert _speakers(body) == ["Ora Venstrand"]


def test_an_outlet_named_after_a_city_is_not_another_outlet_with_the_same_last_word() -> None:
    assert kb.resolve("Halvik Post") is None
    assert kb.resolve("the Post") is None
    found = kb.resolve("Washington Post")
    assert found is not None
    assert found.canonical == "The Washington Post"


def test_a_name_before_a_lower_case_title_word_that_is_no_role_noun_still_speaks() -> None:
    body = (
        "Ora Venstrand sued the harbour board last year. The board claimed Venstrand first complained about "
        "the fees in 2019.\n"
    )
    assert _speakers(body) == ["Ora Venstrand"]


def test_the_before_one_capitalised_word_is_no_title() -> None:
    body = "According to a report by The Ledger, the harbour board hid the costs for years.\n"
    assert "Ledger" not in [s.speaker for s in run(body) if s.speaker_type == "person"]


def test_a_real_title_before_one_word_still_makes_a_name() -> None:
    body = '"The pier is unsafe," the Rev. Venstrand said on Monday.\n'
    assert _speakers(body) == ["Venstrand"]


def test_a_plural_after_the_still_speaks_as_a_group() -> None:
    body = "The Varnites rejected these calls on Monday.\n"
    assert _speakers(body) == ["Varnites"]


def test_a_subject_of_a_place_and_one_word_is_a_body_that_speaks() -> None:
    # Not a person called "Ledger", and not the person the previous paragraph was about.
    out = run(
        "Mayor Ada Rusk said the harbour would stay open.\n\n"
        "The Halvik Ledger reported on Monday that the ferry fares would rise."
    )
    st = next(st for st in out if "ferry fares" in st.text)
    assert (st.speaker, st.speaker_type) == ("Halvik Ledger", "institution")
