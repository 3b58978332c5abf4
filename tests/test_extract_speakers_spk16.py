"""Speakers, session 16: a bare "the company" / "the group" / "it" is the body the text has just named, never
a person nor a word capitalised only where a sentence starts; a person's unnamed staff ("a spokeswoman for Ada
Vell", "her aides") speak as that person's staff, not as the person. Every name and sentence is invented."""

from __future__ import annotations

from extract_helpers import speaker_starting, speaker_type_starting

# --- "the company", "the group": the body named just before ----------------------------------------------


def test_the_company_is_the_body_opening_the_sentence_before() -> None:
    body = (
        "Investors sold Marrow Freight shares on Monday after a weak quarter.\n\n"
        "Marrow Freight keeps its own accounts private. The company says its fleet has doubled since 2019."
    )
    assert speaker_starting(body, "its fleet has doubled") == "Marrow Freight"
    assert speaker_type_starting(body, "its fleet has doubled") == "institution"


def test_the_group_is_the_body_whose_statement_came_in_the_sentence_before() -> None:
    body = (
        "Almost 600 harbour berths have closed since 2006, according to the Harbour Pilots Foundation. "
        "Dozens more will shut next year, the group says."
    )
    assert speaker_starting(body, "Dozens more will shut") == "Harbour Pilots Foundation"


def test_the_company_after_a_person_opening_the_sentence_before_is_no_one() -> None:
    # The person is the subject: no body was named, and the person must not be credited.
    body = (
        "Ada Vell, a Portwick councillor, said on Monday that she would boycott Marrow Freight's ships.\n\n"
        "Ada Vell vowed to boycott the firm on Tuesday. The company says it will not change its prices."
    )
    assert speaker_starting(body, "it will not change its prices") is None


def test_the_company_after_a_place_or_a_sentence_opener_is_no_one() -> None:
    body = (
        "In Gull Harbour the quays are quiet. The company says the quays will reopen in May.\n\n"
        "Just days before the vote, the port was shut. The company says the vote will go ahead."
    )
    assert speaker_starting(body, "the quays will reopen") is None
    assert speaker_starting(body, "the vote will go ahead") is None


def test_the_company_after_a_passive_subject_is_no_one() -> None:
    # The body acted on is not the one speaking; the agent after "by" may be.
    body = (
        "Traders watched the Gull Index all week.\n\n"
        "The Gull Index was held back on Monday by a fall in Marrow Oil shares. "
        "The company reported its smallest profit in ten years."
    )
    assert speaker_starting(body, "its smallest profit") is None


# --- "it": the body opening the sentence before -----------------------------------------------------------


def test_it_is_the_body_opening_the_sentence_before() -> None:
    body = (
        "The Orvel Harbour Trust, which funds the ferries, met on Monday.\n\n"
        "The Orvel Harbour Trust cut its grants in May. It said the ferry levy had drained its funds."
    )
    assert speaker_starting(body, "the ferry levy had drained") == "Orvel Harbour Trust"


def test_it_after_a_common_word_opening_the_sentence_before_is_no_one() -> None:
    # "Documents" is capitalised only where a sentence starts: a common word, no body's name.
    body = (
        "Documents from the port office began to circulate in May. "
        "It said the berths had been sold twice.\n\n"
        "Ivo Brandt, a harbour clerk, said the documents were genuine."
    )
    assert speaker_starting(body, "the berths had been sold") is None


def test_it_after_a_document_is_no_one() -> None:
    # A report or a lawsuit is no speaker under the annotation conventions.
    body = "The report gave details of the levy. It said the board had hidden the figures."
    assert speaker_starting(body, "the board had hidden") is None


# --- a person's unnamed staff: "a spokeswoman for Ada Vell", "her aides" -----------------------------------


def test_a_spokeswoman_for_a_person_is_that_persons_spokeswoman_not_the_person() -> None:
    body = (
        "Ada Vell, the Portwick councillor, lost the harbour vote on Tuesday.\n\n"
        "A spokeswoman for Ada Vell said the councillor would appeal the result."
    )
    assert speaker_starting(body, "the councillor would appeal") == "Ada Vell spokeswoman"
    assert speaker_type_starting(body, "the councillor would appeal") == "unnamed"


def test_a_senior_adviser_to_a_titled_surname_is_that_persons_adviser() -> None:
    body = (
        "Tomas Brindle won the seat by forty votes.\n\n"
        "A senior adviser to Mr. Brindle said the count had been fair."
    )
    assert speaker_starting(body, "the count had been fair") == "Tomas Brindle adviser"


def test_his_lawyer_is_the_lawyer_of_the_man_in_focus() -> None:
    body = (
        "Ada Vell lost the vote on Tuesday. Her aides said the levy had been unfair.\n\n"
        "Tomas Brindle won the seat. His lawyer said the recount was a stunt."
    )
    assert speaker_starting(body, "the levy had been unfair") == "Ada Vell aides"
    assert speaker_starting(body, "the recount was a stunt") == "Tomas Brindle lawyer"


def test_a_spokesperson_for_a_run_not_shown_to_be_a_person_is_no_persons_staff() -> None:
    # "Gullway South" may be a company: no gender, no title, no gazetteer entry.
    body = (
        "Three buses collided near Portwick.\n\n"
        "A spokesperson for Gullway South said the drivers were unhurt."
    )
    assert speaker_starting(body, "the drivers were unhurt") != "Gullway South spokesperson"
