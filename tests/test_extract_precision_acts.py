"""Precision: cue words that tell an act, not words said (publishing a text, adding something, declaring war
or oneself, requesting anonymity, endorsing someone); a cue in a relative clause with no relative word, whose
object is the noun before its subject; and tally rows ("Name: 1,204.") that are no transcript turns."""

from __future__ import annotations

import pytest
from extract_helpers import run


def _found(body: str) -> list[tuple[str, str, str]]:
    return [(st.speaker, st.cue, st.text) for st in run(body)]


@pytest.mark.parametrize(
    "body",
    [
        "Harbour Minister Tessa Orvane posted a video from the regatta on her page.",
        "Tessa Orvane posted the ferry timetable on the council website last week.",
        "Later that night Tessa Orvane added her own comment to the thread.",
        "Admiral Tessa Orvane has added another duty to her job: spokeswoman for the fleet.",
        "The Drevnian council declared war on the river pirates in 1988.",
        "Tessa Orvane ran as a Liberal in 2001 and declared herself an independent in 2007.",
        "A harbour official, who requested anonymity to discuss the talks, gave no figures.",
        "Tessa Orvane, who endorsed Bram Kessel in May, did not campaign with him.",
    ],
)
def test_an_act_told_with_a_cue_word_is_no_statement(body: str) -> None:
    assert _found(body) == []


def test_what_a_posted_text_says_is_its_authors() -> None:
    body = "Harbour Minister Tessa Orvane posted a message on Skyline blaming the pilots for the collision."
    assert _found(body) == [("Tessa Orvane", "blaming", "the pilots for the collision")]


def test_a_that_clause_after_posted_is_still_reported() -> None:
    body = "Tessa Orvane posted on Skyline that the ferry would run again on Monday."
    assert [(s, t) for s, _, t in _found(body)] == [("Tessa Orvane", "the ferry would run again on Monday")]


@pytest.mark.parametrize(
    "body",
    [
        "The rifts Tessa Orvane promised to mend have only grown deeper since the vote.",
        "It was precisely the sort of shift the Drevnian council warned about in a 2011 paper.",
        "Tessa Orvane has a brother in the navy, a fact she often mentions on the campaign trail.",
        "This is not the kind of race Tessa Orvane hoped to be running this autumn.",
        "Orvane lost Kamen, a district that she hoped to win with ease, to the mayor.",
    ],
)
def test_a_cue_whose_object_is_the_noun_before_its_subject_is_no_statement(body: str) -> None:
    assert not any(cue in {"promised", "warned", "mentions", "hoped"} for _, cue, _ in _found(body))


@pytest.mark.parametrize(
    ("body", "cue", "text"),
    [
        (
            "In an interview Tessa Orvane promised to fight for the dockers.",
            "promised",
            "to fight for the dockers",
        ),
        (
            "This week Tessa Orvane warned about the cost of the new pier.",
            "warned",
            "about the cost of the new pier",
        ),
        ("Tessa Orvane promised to act by May.", "promised", "to act by May"),
    ],
)
def test_an_opening_adjunct_before_the_subject_is_no_relative_clause(body: str, cue: str, text: str) -> None:
    assert ("Tessa Orvane", cue, text) in _found(body)


def test_label_and_figure_rows_are_a_tally_not_turns() -> None:
    body = (
        "The count of delegates so far.\n\n"
        "Tessa Orvane: 1,204.\n\n"
        "Bram Kessel: 988.\n\n"
        "THE TOTAL.\n\n"
        "Tessa Orvane: 2,316.\n\n"
        "Bram Kessel: 1,547."
    )
    assert _found(body) == []


def test_a_figure_row_inside_a_transcript_ends_the_turn_before_it() -> None:
    body = (
        "TESSA ORVANE: We will open the pier on Monday, and nobody will stop us.\n\n"
        "BRAM KESSEL: 45.\n\n"
        "TESSA ORVANE: That is not enough, and you know it."
    )
    texts = [t for _, _, t in _found(body)]
    assert texts == [
        "We will open the pier on Monday, and nobody will stop us.",
        "That is not enough, and you know it.",
    ]


@pytest.mark.parametrize(
    ("body", "text", "date"),
    [
        (
            "Harbour Minister Tessa Orvane promised Monday to begin building the pier in her first 100 days.",
            "to begin building the pier in her first 100 days",
            "2023-03-13",
        ),
        (
            "Harbour Minister Tessa Orvane said Monday night the pier would reopen.",
            "the pier would reopen",
            "2023-03-13",
        ),
    ],
)
def test_a_bare_weekday_after_the_cue_dates_it_and_is_no_content(body: str, text: str, date: str) -> None:
    got = [(st.text, st.date) for st in run(body) if st.kind == "indirect"]
    assert got == [(text, date)]
