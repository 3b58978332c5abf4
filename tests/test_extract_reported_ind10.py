"""Reported speech: a cue carried by a verb phrase ("went on to attack", "seemed to urge", "used her speech
to call for", "held a news conference to defend", "took the stage to acknowledge") is spoken by the carrying
verb's subject; an attack noun with its target ("Vell's attacks on the board", "renewed his attacks against
X") is spoken by its owner, a person, and its content is the target's noun phrase; an attack of arms or on a
state is no speech. A subordinate clause opened by "even before" ends its content at the main clause, also
one that opens with a possessive; a content right after the cue that opens with a clause of time ("conceded
when the polls closed") tells when, not what."""

from __future__ import annotations

import pytest
from extract_helpers import reported

from quoteline.extract.reported.content_checks import TIME_CLAUSE_OPENING_RE


@pytest.mark.parametrize(
    ("body", "speaker", "cue", "text"),
    [
        (
            "Mayor Ada Vellmar praised the ferry crews. She went on to attack the harbour board for its "
            "delays.",
            "Ada Vellmar",
            "went on to attack",
            "the harbour board for its delays",
        ),
        (
            "Senator Orrin Halde seemed to urge a new quay levy in his closing remarks.",
            "Orrin Halde",
            "seemed to urge",
            "a new quay levy",  # the occasion after an object content is no part of it
        ),
        (
            "Senator Orrin Halde used his closing speech to call for a new ferry to the islands.",
            "Orrin Halde",
            "used his closing speech to call for",
            "a new ferry to the islands",
        ),
        (
            "Mayor Ada Vellmar held a news conference to defend the harbour budget.",
            "Ada Vellmar",
            "held a news conference to defend",
            "the harbour budget",
        ),
        (
            "Senator Orrin Halde took to Twitter to criticize the ferry company's prices.",
            "Orrin Halde",
            "took to Twitter to criticize",
            "the ferry company's prices",
        ),
        (
            "Even before Orrin Halde took the stage on Tuesday night to acknowledge his narrow win, his "
            "campaign sent out a message to donors.",
            "Orrin Halde",
            "took the stage on Tuesday night to acknowledge",
            "his narrow win",
        ),
    ],
)
def test_cue_carried_by_a_verb_phrase(body: str, speaker: str, cue: str, text: str) -> None:
    assert (speaker, cue, text) in reported(body)


def test_carried_saying_verb_keeps_its_content_whole() -> None:
    # "went on to say that ...": one statement of the carried cue, its content after "that".
    got = reported("Mayor Ada Vellmar went on to say that the pier was safe.")
    assert got == [("Ada Vellmar", "went on to say", "the pier was safe")]


def test_verb_of_mind_after_a_carrying_verb_is_no_statement() -> None:
    # "seems to think ...": the writer's reading of an attitude, not words said.
    assert reported("Senator Orrin Halde seems to think the ferry levy is fair.") == []


@pytest.mark.parametrize(
    "body",
    [
        "Mayor Ada Vellmar conceded when the polls closed at eight in the evening.",
        "The Portwick Courier declared two days after the harbour vote went ahead.",
    ],
)
def test_time_clause_after_the_cue_is_no_content(body: str) -> None:
    assert reported(body) == []


@pytest.mark.parametrize(
    ("content", "is_time"),
    [
        ("before the Portwick council on the ferry levy", False),  # a venue, not a time
        ("before he left the quay", True),
        ("after meeting the harbour board", True),
        ("three days after the vote", True),
        ("when the polls closed", True),
    ],
)
def test_time_clause_opening(content: str, is_time: bool) -> None:
    assert (TIME_CLAUSE_OPENING_RE.match(" " + content) is not None) == is_time


def test_time_clause_before_a_that_clause_keeps_the_content() -> None:
    got = reported("Mayor Ada Vellmar said after the vote that the pier would close.")
    assert ("Ada Vellmar", "said", "the pier would close") in got


def test_participle_carrying_verb_is_not_read() -> None:
    # "with X taking to the radio to call ...": an -ing form hangs on another clause; its subject is not found
    # from the cue, so no statement is made of it.
    got = reported(
        "The harbour board denied the report, with Orrin Halde taking to the radio to call the claim false."
    )
    assert all(not cue.startswith("taking") for _, cue, _ in got)


@pytest.mark.parametrize(
    ("body", "speaker", "text"),
    [
        (
            "Senator Orrin Halde spoke in Portwick. Halde's attacks on the harbour board have grown sharper.",
            "Orrin Halde",
            "the harbour board",
        ),
        (
            "Mayor Ada Vellmar renewed her attacks against the ferry company on Monday.",
            "Ada Vellmar",
            "the ferry company",
        ),
        (
            "Senator Orrin Halde launched a withering attack on Ada Vellmar's record at a rally.",
            "Orrin Halde",
            "Ada Vellmar's record",
        ),
        (
            "Mayor Ada Vellmar spoke at the quay. Her harsh attacks on the island ferry crews drew loud "
            "applause.",
            "Ada Vellmar",
            "the island ferry crews",
        ),
        (
            "Senator Orrin Halde met Mayor Ada Vellmar in May. Halde's attacks on Vellmar stand out for "
            "their tone.",
            "Orrin Halde",
            "Vellmar",
        ),
    ],
)
def test_attack_noun_with_its_target(body: str, speaker: str, text: str) -> None:
    assert any(sp == speaker and cue.startswith("attack") and t == text for sp, cue, t in reported(body))


@pytest.mark.parametrize(
    "body",
    [
        # Acts of war, not words: a weapon before the noun, a state as the target or as the owner.
        "President Orrin Halde condemned the rebels. Their missile attacks on the ferry port went on all "
        "night.",
        "President Orrin Halde ordered the strike. Halde's attack on Ukraine began before dawn.",
        "Russia's attacks on the ferry port went on all night.",
        # A time after "on" dates the attack; it is no target.
        "Mayor Ada Vellmar spoke in Portwick. Her attack on Tuesday surprised the board.",
    ],
)
def test_attack_noun_without_speech(body: str) -> None:
    assert not any(cue.startswith("attack") for _, cue, _ in reported(body))
