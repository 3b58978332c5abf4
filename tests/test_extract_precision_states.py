"""Precision: "states" after a proper adjective or a capitalised modifier is the plural noun ("Northern
states", "Lake Belt states"), not "X states"; and after a plain saying verb an "of" phrase or an "as" clause
with its own subject tells what the words were about or when, not what was said.

All people, places and sentences are invented.
"""

from __future__ import annotations

import pytest
from extract_helpers import run

from quoteline.extract import cues

LEAD = "Ada Vellmar spoke at the Ostrava quay on Monday.\n\n"


@pytest.mark.parametrize(
    "body",
    [
        "The ferry race now moves to Northern states this week that Vellmar hopes to win.",
        "In other reliably Democratic states, like Norland and Westmark, the vote is close.",
        "Most Eastern states that hold early contests have large harbour towns.",
        "Back in 1990, Lake Belt states Norland and Westmark all backed the ferry levy.",
        "Her aides visited Ostrava and Harbour Week states, especially along the coast.",
    ],
)
def test_states_after_a_capitalised_modifier_is_the_noun(body: str) -> None:
    assert "states" not in {st.cue for st in run(LEAD + body)}


@pytest.mark.parametrize(
    "body",
    [
        "The charter states that the levy is paid each spring.",
        "The Harbour Charter states, in part, that the levy is paid each spring.",
        "Vellmar states that the levy is paid each spring.",
    ],
)
def test_states_of_a_document_or_a_person_stays_a_cue(body: str) -> None:
    assert [m.form for m in cues.load().find(body, 0, len(body))] == ["states"]


@pytest.mark.parametrize(
    "body",
    [
        "“We have had better days than this one,” Vellmar said of the vote she lost last week.",
        "“We have had better days,” Vellmar said as she turned to the crowd and waved.",
        "“We have had better days,” Vellmar said quietly as the harbour lights dimmed over the quay.",
    ],
)
def test_an_of_phrase_or_as_clause_after_said_is_no_content(body: str) -> None:
    got = run(LEAD + body)
    assert [st.kind for st in got] == ["direct"]
    assert got[0].text == "We have had better days than this one" or got[0].text.startswith("We have had")


def test_a_that_clause_after_an_of_phrase_stays() -> None:
    got = {st.cue: st.text for st in run(LEAD + "Vellmar said of the levy that it would pass in May.")}
    assert got.get("said") == "it would pass in May"
