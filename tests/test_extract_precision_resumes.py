"""Precision: a quote resumed after its attribution sentence (`"A," X said. "B."`) is one statement, and a
quote after an attribution no speaker is found for does not float to the last speaker named.

All people and places are invented.
"""

from __future__ import annotations

import pytest
from extract_helpers import run

LEAD = "Ada Vellmar spoke at the Ostrava quay on Monday.\n\n"


def _direct(body: str) -> list[tuple[str, str]]:
    return [(st.speaker, st.text) for st in run(LEAD + body) if st.kind == "direct"]


@pytest.mark.parametrize(
    "body",
    [
        # The rest ends in a nested quote: its closing marks come after the full stop.
        "“The ferry board would back the levy as it has no stake in this,” she said. "
        "“But a lot of skippers are, ‘Sorry, we cannot do that.’”",
        # A subordinate clause with a cue of its own sets the scene after the attribution.
        "“The tolls were never fair,” Vellmar said at the pier, two hours after harbour officials "
        "declared the season over. “You are going to be so pleased.”",
        # A relative clause on a noun of the adjunct holds a cue.
        "“Where did the barge sink? It sank right here by the quay,” Vellmar said, with a heat that "
        "almost suggested the question was unfair. “I did spend a lot of time helping them rebuild.”",
    ],
)
def test_resumed_quote_joins_its_first_part(body: str) -> None:
    got = _direct(body)
    assert len(got) == 1, got
    speaker, text = got[0]
    assert speaker == "Ada Vellmar"
    assert text.split()[-1].strip(".’”'") in ("that", "pleased", "rebuild")


def test_sentence_after_a_cue_of_its_own_stays_apart() -> None:
    body = (
        "“The tolls were never fair,” Vellmar said at the pier. Harbour officials declared the season "
        "over. “You are going to be so pleased.”"
    )
    assert len(_direct(body)) == 2


def test_quote_after_an_unresolved_attribution_does_not_float() -> None:
    body = (
        "“The levy will pass in the spring,” Vellmar said.\n\n"
        "“He was a captain of great kindness,” a neighbour said on the radio. “You will stay in our hearts.”"
    )
    got = _direct(body)
    assert ("Ada Vellmar", "The levy will pass in the spring,") in got
    assert all("our hearts" not in text for _, text in got), got


def test_quote_after_narration_still_floats() -> None:
    # The first quote is a fragment that the sentence goes on from; the cue's statement is Vellmar's, and
    # the next quote carries on her words.
    body = (
        "“The levy will pass in the spring,” Vellmar said.\n\n"
        "“Skippers were cheering” before the vote, she said. "
        "“And it was calm. It was a fine evening on the quay.”"
    )
    got = _direct(body)
    assert ("Ada Vellmar", "And it was calm. It was a fine evening on the quay.") in got


@pytest.mark.parametrize("speaker", ["one harbour aide", "a senior harbour aide", "one Vellmar aide"])
def test_split_quote_after_a_short_unnamed_description_is_one_statement(speaker: str) -> None:
    body = f"“That does not mean no answer,” {speaker} said this week, “but a quiet one, not a loud one.”"
    got = [st for st in run(LEAD + body) if st.kind == "direct"]
    assert [st.text for st in got] == ["That does not mean no answer, but a quiet one, not a loud one."]
