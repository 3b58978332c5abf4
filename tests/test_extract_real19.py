"""Mechanisms found reading a fresh seeded sample of real official news and Wikinews (session 19): "exclaimed"
as a cue, a day inside a speaker's own earlier statement that belongs to something else, and documents named
as speakers. All names, places and bodies are invented; articles are published on Wednesday 2023-03-15
(``extract_helpers.run``) unless a test gives its own day."""

from __future__ import annotations

from extract_helpers import by_text, run

from quoteline.extract.documents import document_owner


def test_exclaimed_brings_in_quoted_words_before_or_after_it() -> None:
    out = run("“The harbour will reopen in May,” exclaimed Mayor Ada Vell at the ceremony.\n")
    st = by_text(out, "The harbour will reopen in May")
    assert (st.kind, st.speaker, st.cue) == ("direct", "Ada Vell", "exclaimed")
    out = run('In one exchange, Orrin Tal exclaimed, "Madam Chair, I am still speaking." The hall laughed.\n')
    st = by_text(out, "I am still speaking")
    assert (st.kind, st.speaker, st.cue) == ("direct", "Orrin Tal", "exclaimed")


# A flattened readout (paragraphs joined by spaces, as president.gov.ua prints them): the speaker's own
# statement names the day another thing happened, and later statements tell no day of their own.
READOUT = (
    "Ada Vell, the head of the harbour office, held an online meeting with shipowners. "
    '"The levy must stay," Ada Vell said. In addition, Ada Vell informed about a new plan of the port '
    "board - the quay scheme unveiled on March 13, which lists the steps for the quay. "
    '"Our offer keeps the ferries running all winter," Ada Vell said. '
    "She noted that the quay would reopen in May.\n"
)


def test_a_day_inside_the_speakers_own_statement_does_not_date_the_next_ones() -> None:
    out = run(READOUT)
    assert by_text(out, "a new plan of the port board").date == "2023-03-15"
    assert by_text(out, "Our offer keeps the ferries running").date == "2023-03-15"
    assert by_text(out, "the quay would reopen in May").date == "2023-03-15"


def test_an_occasion_after_the_speakers_own_statement_still_dates_what_follows() -> None:
    body = (
        "Harbour Secretary Ada Vell announced the funding in a visit to Tarrow College on Wednesday. "
        "“These grants will help people who are looking for a second chance,” Vell said.\n"
    )
    assert by_text(run(body, published="2023-03-20"), "These grants will help").date == "2023-03-15"


def test_the_speakers_dated_act_still_dates_what_follows() -> None:
    out = run(
        "Vell and Orrin both yesterday questioned the plan. "
        'Orrin called it "a folly that will sink the port".\n'
    )
    assert by_text(out, "a folly that will sink the port").date == "2023-03-14"


def test_a_document_speaks_for_its_owner() -> None:
    body = (
        "Mayor Ada Vell sent her budget to the council today.\n\n"
        "The Mayor’s Budget invests in the harbour. "
        "The Budget proposes a new levy on cruise ships to pay for the quay.\n"
    )
    st = by_text(run(body), "a new levy on cruise ships")
    assert st.speaker == "Ada Vell"


def test_a_document_with_no_issuer_named_is_no_speaker() -> None:
    body = (
        "Lusmark and Drevnia signed the Harbour Compact today. "
        "The Compact affirms the place of fisheries as the third pillar of the partnership.\n"
    )
    assert not [s for s in run(body) if "third pillar" in s.text]


def test_document_names_and_names_that_only_end_like_one() -> None:
    assert document_owner("Executive Order") == (True, None)
    assert document_owner("Harbour Compact") == (True, None)
    assert document_owner("Mayor’s Safer Harbour Plan") == (True, "Mayor")
    # bodies named after their field, and people whose surname is a document's noun
    assert document_owner("Office of Harbour Management and Budget") == (False, None)
    assert document_owner("Centre for Maritime Law") == (False, None)
    assert document_owner("Tomas Charter") == (False, None)
    assert document_owner("Ada Vell") == (False, None)
    body = "Tomas Charter, a ferry captain, said the levy was unfair to small boats.\n"
    assert by_text(run(body), "the levy was unfair").speaker == "Tomas Charter"
