"""Reported speech in the progressive ("Varn is criticizing the levy", "She’s pointing out ...", live-blog
style): the -ing cue after a form of "be" is a finite verb with its own subject, not a participle."""

from __future__ import annotations

import pytest
from extract_helpers import run


def _found(body: str) -> list[tuple[str, str, str]]:
    return [(st.speaker, st.cue, st.text) for st in run(body) if st.kind == "indirect"]


@pytest.mark.parametrize(
    ("body", "speaker", "cue", "text"),
    [
        (
            "Senator Orla Quennet is criticizing the harbour trust as a slow and careless landlord.",
            "Orla Quennet",
            "criticizing",
            "the harbour trust as a slow and careless landlord",
        ),
        (
            "Mayor Bram Hestvik is declaring that the ferry strike is over.",
            "Bram Hestvik",
            "declaring",
            "the ferry strike is over",
        ),
        (
            "Ulla Krane also is stressing that the pier tax can be repealed next spring.",
            "Ulla Krane",
            "stressing",
            "the pier tax can be repealed next spring",
        ),
        (
            "Ulla Krane spoke at the quay. She’s pointing out the gains the fleet has made since March.",
            "Ulla Krane",
            "pointing out",
            "the gains the fleet has made since March",
        ),
    ],
)
def test_progressive_cue_has_its_own_subject(body: str, speaker: str, cue: str, text: str) -> None:
    assert (speaker, cue, text) in _found(body)


def test_participle_after_comma_still_inherits() -> None:
    # The -ing form after a comma stays a participle of the main clause's subject.
    found = _found("Mayor Bram Hestvik opened the pier on Monday, saying the fleet would double by May.")
    assert ("Bram Hestvik", "saying", "the fleet would double by May") in found


@pytest.mark.parametrize(
    "body",
    [
        "The harbour trust is going to the islands on Monday.",
        "Mayor Bram Hestvik is hoping for a nod from the ferry union before the vote.",
        "Ulla Krane is challenging Senator Orla Quennet in the harbour district primary.",
    ],
)
def test_progressive_of_a_non_saying_verb_is_no_statement(body: str) -> None:
    assert _found(body) == []


@pytest.mark.parametrize(
    ("body", "noun"),
    [
        ("Orla Quennet hid behind the harbour master from Bram Hollins’ attacks on her fares.", "attacks"),
        ("Orla Quennet waved away Bram Hollins' demands for a second pier at the quay.", "demands"),
    ],
)
def test_cue_word_after_a_plural_possessive_is_a_noun(body: str, noun: str) -> None:
    # Only the noun's own reading may report it: an attack noun gives its owner's attack on the target.
    assert all(text == "her fares" for _, cue, text in _found(body) if cue == noun)
