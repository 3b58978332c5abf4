"""Reported speech read by helper ind15: a poll's share before a relative "who" speaks as an unnamed group."""

from __future__ import annotations

import pytest
from extract_helpers import run


def _found(body: str) -> list[tuple[str, str, str]]:
    return [(st.speaker, st.speaker_type, st.text) for st in run(body) if st.kind == "indirect"]


@pytest.mark.parametrize(
    ("body", "speaker", "text"),
    [
        (
            "Half of the skippers backed the levy, compared with 17 percent who said the ferry should stop.",
            "17 percent",
            "the ferry should stop",
        ),
        (
            "Vell led among the old, compared to nearly three in 10 — 29 percent — who said they might "
            "switch sides.",
            "nearly three in 10",
            "they might switch sides",
        ),
        (
            "One in five backed Vell, roughly the same number who said the quay was safe.",
            "roughly the same number",
            "the quay was safe",
        ),
        (
            "The poll found 61 percent in favour, including 18% who say the pier is unsafe.",
            "18%",
            "the pier is unsafe",
        ),
        (
            "Orrin won easily among the 41 percent of voters who said the harbour board had failed them.",
            "41 percent of voters",
            "the harbour board had failed them",
        ),
    ],
)
def test_a_poll_share_before_who_speaks_unnamed(body: str, speaker: str, text: str) -> None:
    assert (speaker, "unnamed", text) in _found(body)


def test_a_share_opening_its_clause_is_no_speaker() -> None:
    # The share is the subject of the main verb ("also backed"), which a content after "who said" would run
    # into.
    body = "Three in 10 who said they would vote for Vell also backed the quay."
    assert not [t for s, _, t in _found(body) if s.lower().startswith("three in 10")]
