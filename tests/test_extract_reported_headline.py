"""Headline statements: a cue clause in the title and the "Name: claim" form, attributed only to a person the
article's body names."""

from __future__ import annotations

import pytest
from extract_helpers import run

_BODY = "Mayor Edda Varn said on Monday that the pier tax would be repealed before the summer."


def _in_title(title: str, body: str = _BODY) -> list[tuple[str, str, str]]:
    return [
        (st.speaker, st.cue, st.text)
        for st in run(body, title=title)
        if st.kind == "indirect" and st.start < len(title)
    ]


@pytest.mark.parametrize(
    ("title", "cue", "text"),
    [
        ("Varn: Pier Tax Will Be Gone by Summer", ":", "Pier Tax Will Be Gone by Summer"),
        ("Edda Varn at Harbour Forum: the pier tax must go", ":", "the pier tax must go"),
        ("Varn vows to repeal the pier tax", "vows", "to repeal the pier tax"),
    ],
)
def test_headline_statement_of_a_person_the_body_names(title: str, cue: str, text: str) -> None:
    assert _in_title(title) == [("Edda Varn", cue, text)]


@pytest.mark.parametrize(
    "title",
    [
        "The Latest: pier tax vote set for Friday",  # a section label, not a speaker
        "Portwick: harbour tax to go by summer",  # a place, not a person
        "Ferry captains say the pier tax must go",  # a subject the body never names
        "Olin Brask: pier tax will stay for years",  # a name the body never prints
        "As Varn demands a new pier, smugglers dig tunnels",  # a subordinate clause
        "Varn offers a preview",  # a bare object, no claim
    ],
)
def test_headline_without_a_named_person_gives_nothing(title: str) -> None:
    assert _in_title(title) == []


def test_headline_reading_leaves_the_body_untouched() -> None:
    body = _BODY + " She added that ferries would run all night."
    found = [(st.speaker, st.text) for st in run(body, title="Varn: Pier Tax Will Be Gone")]
    assert ("Edda Varn", "ferries would run all night") in found
