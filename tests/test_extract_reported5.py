"""Reported speech: verbs of criticising and of boasting that recur in political copy, and their uses that
are not saying ("blasted out an email", "boasts a lead")."""

from __future__ import annotations

import pytest
from extract_helpers import run


def _found(body: str) -> list[tuple[str, str, str, str]]:
    return [(st.speaker, st.cue, st.stance, st.text) for st in run(body) if st.kind == "indirect"]


@pytest.mark.parametrize(
    ("body", "cue", "stance", "text"),
    [
        (
            "Mayor Orla Quennet blasted the port board on Monday for its slow repairs.",
            "blasted",
            "criticism",
            "the port board on Monday for its slow repairs",
        ),
        (
            "Councillor Bram Hestvik chided the harbour trust for ignoring the flood warnings.",
            "chided",
            "criticism",
            "the harbour trust for ignoring the flood warnings",
        ),
        (
            "Councillor Bram Hestvik boasted that he had doubled the ferry fleet.",
            "boasted",
            "neutral",
            "he had doubled the ferry fleet",
        ),
        (
            "Ulla Krane bragged about the new pier to the visiting anglers.",
            "bragged",
            "neutral",
            "about the new pier to the visiting anglers",
        ),
    ],
)
def test_criticising_and_boasting_verbs_report(body: str, cue: str, stance: str, text: str) -> None:
    found = _found(body)
    assert len(found) == 1
    _, got_cue, got_stance, got_text = found[0]
    assert (got_cue, got_stance) == (cue, stance)
    assert got_text == text


@pytest.mark.parametrize(
    "body",
    [
        "The Quennet campaign blasted out an email to its volunteers on Tuesday.",
        "Turnout at the lake caucus blasted through its old record of four thousand.",
        "Ms. Krane boasts a roughly twenty-point lead over her rival in Tolsby.",
    ],
)
def test_blast_and_boast_uses_that_are_not_saying(body: str) -> None:
    assert _found(body) == []
