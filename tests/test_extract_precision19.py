"""Precision: a noun of saying inside the content of another reported statement ("Vell said Orrin's claim that
… was false", "Vell dismissed Orrin's accusations that …") is what that statement is about, part of its
content, and gives no statement of its own; the same noun outside any content still does ("Orrin's claim that
the pier is unsafe drew a crowd").

All people, places and sentences are invented.
"""

from __future__ import annotations

import pytest
from extract_helpers import run

LEAD = "Ada Vellmar, the mayor of Ostrava, and Ivo Orrin, the harbour master, spoke on Monday.\n\n"


def _reported(body: str) -> list[tuple[str, str, str]]:
    return [(st.speaker, st.cue, st.text) for st in run(LEAD + body) if st.kind == "indirect"]


@pytest.mark.parametrize(
    ("body", "noun"),
    [
        ("Vellmar said Orrin's claim that the pier was unsafe had frightened the skippers.", "claim"),
        ("Vellmar dismissed Orrin's accusations that the port board had hidden the accounts.", "accusations"),
        ("Vellmar criticised Orrin over his call to close the ferry to all trucks.", "call"),
        ("Vellmar won the Portwick vote. Rivals mocked Vellmar’s claim that the pier is safe.", "claim"),
    ],
)
def test_a_noun_inside_another_content_is_no_statement(body: str, noun: str) -> None:
    found = _reported(body)
    assert all(cue != noun for _, cue, _ in found), found
    assert found, found  # the outer statement stays


def test_a_noun_outside_any_content_stays_a_statement() -> None:
    found = _reported("Orrin's claim that the pier was unsafe drew a crowd to the quay.")
    claims = [text for sp, cue, text in found if sp == "Ivo Orrin" and cue == "claim"]
    assert claims, found
    assert claims[0].startswith("the pier was unsafe")
