"""Speakers, session 21: an office description ("the Adviser to the Head of the Harbour Office") stands for
the person the article introduced with it, whether the title came before the name or in apposition after it,
and whichever spelling of "adviser" either place uses; a name with a particle ("Ada van der Orrin") is a
printed name a description may introduce; "the head of the Valdorian state" is that state's head of state.
Every name and sentence is invented (Valdoria and its president are the test gazetteer's)."""

from __future__ import annotations

from extract_helpers import speaker_starting, speaker_type_starting

# --- a title in apposition after the name introduces that person ----------------------------------------


def test_title_in_apposition_introduces_the_person_a_later_description_stands_for() -> None:
    body = (
        "Harbour talks stall\n\n"
        "The talks on the harbour will not resume this month, said Ivo Varn, Adviser to the Head of the "
        "Harbour Office. Ivo Varn noted that the delegations had met twice.\n\n"
        '"The ferries must run again before winter," said the Adviser to the Head of the Harbour Office.'
    )
    assert speaker_starting(body, "The ferries must run again") == "Ivo Varn"
    assert speaker_type_starting(body, "The ferries must run again") == "person"


def test_description_no_one_was_introduced_with_stays_unnamed() -> None:
    # The article names a person, but never with the description: the description stays an unnamed speaker
    # labelled by it, never the named person nor the head whose office it is.
    body = (
        "Harbour talks stall\n\n"
        "Ivo Varn said the talks on the harbour would not resume this month.\n\n"
        '"The ferries must run again before winter," said the Adviser to the Head of the Harbour Office.'
    )
    assert speaker_starting(body, "The ferries must run again") == "Adviser to the Head of the Harbour Office"
    assert speaker_type_starting(body, "The ferries must run again") == "unnamed"


def test_apposition_needs_the_comma_right_after_the_name() -> None:
    # "Ivo Varn met the Adviser": the title follows a verb, not the name, so it introduces no one.
    body = (
        "Harbour talks stall\n\n"
        "Ivo Varn met the Adviser to the Head of the Harbour Office on Monday. Ivo Varn said the talks "
        "went well.\n\n"
        '"The ferries must run again before winter," said the Adviser to the Head of the Harbour Office.'
    )
    assert speaker_starting(body, "The ferries must run again") != "Ivo Varn"


# --- either spelling of adviser/advisor -------------------------------------------------------------------


def test_advisor_introduced_with_one_spelling_is_quoted_with_the_other() -> None:
    body = (
        "Ferry plan\n\n"
        "Advisor to the Head of the Harbour Office Ivo Varn said on Monday that the ferries would run.\n\n"
        "The Adviser to the Head of the Harbour Office believes that the port will reopen in spring."
    )
    assert speaker_starting(body, "the port will reopen in spring") == "Ivo Varn"


# --- a name with a particle --------------------------------------------------------------------------------


def test_name_with_a_particle_is_introduced_by_the_description_before_it() -> None:
    body = (
        "Commission visit\n\n"
        "Chair of the Harbour Commission Ada van der Orrin arrived in Velmar on Tuesday. Ada van der Orrin "
        "said the port was busy.\n\n"
        "Ivo Varn thanked the commission for its grants. The Chair of the Harbour Commission noted that "
        "the grants would double next year."
    )
    assert speaker_starting(body, "the grants would double") == "Ada van der Orrin"


# --- "the head of the <demonym> state" ---------------------------------------------------------------------


def test_head_of_the_demonym_state_is_that_states_head_of_state() -> None:
    body = (
        "Harbour visit\n\n"
        "Ivo Varn met the visitors in Valdgrad on Monday. The head of the Valdorian state said the harbour "
        "would reopen soon."
    )
    assert speaker_starting(body, "the harbour would reopen soon") == "Mara Velcheva"


def test_head_of_an_unknown_state_stays_unnamed() -> None:
    # No state answers to the word, so no head of state is guessed: the description speaks as written.
    body = (
        "Harbour visit\n\n"
        "Ivo Varn met the visitors on Monday. The head of the Ostrish state said the harbour would reopen "
        "soon."
    )
    assert speaker_starting(body, "the harbour would reopen soon") != "Mara Velcheva"
