"""Speakers, session 14: a state's side or delegation in a readout, the answer to a question, and the subject
of an opening "when" clause. Every name and sentence here is invented."""

from __future__ import annotations

from extract_helpers import run


def _by_text(body: str) -> dict[str, str]:
    """Each statement's text (its first 40 characters) with its speaker."""
    return {s.text[:40]: s.speaker for s in run(body)}


def _speaker_of(body: str, start: str) -> str:
    found = [s.speaker for s in run(body) if s.text.startswith(start)]
    assert found, f"no statement starts with {start!r}"
    return found[0]


# --- "the <demonym> side / delegation" ---------------------------------------------------------------


def test_side_is_the_one_of_that_state_who_spoke_not_a_leader_named_in_passing() -> None:
    body = (
        "Portuguese Deputy Foreign Minister Rui Calvento held talks in Santiago with Chilean Deputy "
        "Minister Tomas Irarrazaval. Rui Calvento thanked Chile for its support and described the plan of "
        "Portuguese President Duarte Vasconcelo to open a regional shipping forum.\n\n"
        "The Portuguese side expressed readiness to expand cooperation on port security."
    )
    assert _speaker_of(body, "expand cooperation on port security") == "Rui Calvento"


def test_side_with_several_people_of_that_state_none_of_whom_spoke_is_the_state() -> None:
    body = (
        "Foreign Minister Rui Calvento received Chilean Foreign Minister Tomas Irarrazaval and Chilean "
        "Trade Minister Bruno Echaurren in Lisbon. Mr. Calvento stressed that the fisheries accord "
        "should be signed this year.\n\n"
        "The Chilean side affirmed its support for the fisheries accord."
    )
    got = _by_text(body)
    assert got["its support for the fisheries accord"] == "Chile"
    assert got["the fisheries accord should be signed th"] == "Rui Calvento"


def test_delegation_never_speaks_through_the_people_listed_with_the_other_side() -> None:
    body = (
        "Today, Foreign Minister Rui Calvento, Trade Minister Ines Galvao, and Mr. Tiago Mendonca met the "
        "Chilean delegation to review the draft fisheries accord.\n\n"
        "The Chilean delegation affirmed that its main concerns had been addressed. They expressed "
        "appreciation for the patient work of the negotiators."
    )
    got = _by_text(body)
    assert got["its main concerns had been addressed"] == "Chile"
    assert got["the patient work of the negotiators"] == "Chile"


# --- the one asked answers ---------------------------------------------------------------------------------


def test_he_answering_a_question_is_the_person_asked_not_the_asker() -> None:
    body = (
        "Last week the Harbour Ledger's Tomas Orrin asked Ivo Vell whether the pier would reopen before "
        "winter.\n\n"
        "\u201cNot this year. The pilings are rotten and the council has no money,\u201d he said."
    )
    assert _speaker_of(body, "Not this year") == "Ivo Vell"


def test_he_after_a_request_stays_with_the_one_who_made_it() -> None:
    body = (
        "Mayor Tomas Orrin asked Ivo Vell to inspect the pier before winter.\n\n"
        "\u201cWe cannot run ferries off rotten pilings,\u201d he said."
    )
    assert _speaker_of(body, "We cannot run ferries") == "Tomas Orrin"


def test_answer_to_a_question_asked_in_a_when_clause_is_the_main_clauses_subject() -> None:
    body = (
        "Ivo Vell did not sound sure when Tomas Orrin asked whether the pier would reopen before winter.\n\n"
        "\u201cNobody can promise that. The pilings are rotten,\u201d he said."
    )
    assert _speaker_of(body, "Nobody can promise that") == "Ivo Vell"


# --- an opening "when" clause -------------------------------------------------------------------------------


def test_opening_when_clause_subject_is_not_the_sentences_subject() -> None:
    body = (
        "Ada Vell spoke to the council on Monday. \u201cWe have no money,\u201d she said.\n\n"
        "When Ida Orrin pointed out that the mayor had promised a new pier, Vell seized on the promise, "
        "repeating her line that the port would close. \u201cA promise is not a budget,\u201d she said."
    )
    got = _by_text(body)
    assert got["the mayor had promised a new pier"] == "Ida Orrin"
    assert got["the port would close"] == "Ada Vell"
    assert got["A promise is not a budget,"] == "Ada Vell"


def test_opening_when_clause_may_hold_a_short_quote() -> None:
    body = (
        "Ivo Vell spoke to the council on Monday. \u201cWe have no money,\u201d he said.\n\n"
        "When Tomas Orrin pointed out that the mayor calls it \u201ca ferry for everyone,\u201d Vell seized "
        "on the phrase, repeating his line that the port would close. \u201cA ferry for everyone is not a "
        "ferry for free,\u201d he said."
    )
    got = _by_text(body)
    assert got["the port would close"] == "Ivo Vell"
    assert got["A ferry for everyone is not a ferry for "] == "Ivo Vell"
