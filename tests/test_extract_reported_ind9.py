"""Reported speech: a subject "they" that no speaker takes is the plural group opening the sentence before,
plural groups and organisations speak unnamed, a bare weekday after a cue dates it (and is no content), and
"defend" reports a position argued for; an object cue opening its sentence before the main clause's verb is a
gerund subject, not a statement; a verb carrying a cue's infinitive ("was quick to add", "tried to
explain") is part of the cue."""

from __future__ import annotations

import pytest
from extract_helpers import reported


@pytest.mark.parametrize(
    ("body", "speaker", "cue", "text"),
    [
        (
            "Harbour fishermen walked out of the talks on Monday. They say the new levy would ruin the "
            "smaller boats.",
            "Harbour fishermen",
            "say",
            "the new levy would ruin the smaller boats",
        ),
        (
            "Dock workers objected to the plan to move them inland. They also said that the company was "
            "trying to send the repair jobs abroad.",
            "Dock workers",
            "said",
            "the company was trying to send the repair jobs abroad",
        ),
        (
            "Members of the ferry union stayed home on Tuesday. They argued that the timetable had been "
            "changed without notice.",
            "Members of the ferry union",
            "argued",
            "the timetable had been changed without notice",
        ),
    ],
)
def test_they_takes_the_plural_subject_of_the_sentence_before(
    body: str, speaker: str, cue: str, text: str
) -> None:
    assert (speaker, cue, text) in reported(body)


def test_they_after_a_person_and_their_allies_is_that_person() -> None:
    body = (
        "Orla Brenvik and her allies argue that most of the harbour figures are already public. They note "
        "that even old tide tables were once kept secret."
    )
    got = reported(body)
    assert ("Orla Brenvik", "note", "even old tide tables were once kept secret") in got


@pytest.mark.parametrize(
    "body",
    [
        # Things are no group: nobody is named to say it.
        "Fuel prices rose sharply in the spring. They say the levy is to blame.",
        # A name ending in s is no plural common noun.
        "The Valdor Rovers won the cup on Sunday. They say the levy is to blame.",
        # The group must open the sentence before in the same paragraph.
        "Fuel prices rose as harbour pilots walked out.\n\nThey say the levy is to blame.",
    ],
)
def test_they_with_no_plural_group_before_it_is_nobody(body: str) -> None:
    assert not [s for s in reported(body) if s[1] == "say"]


def test_groups_speak_unnamed() -> None:
    body = (
        "The ferry timetable is unworkable, the groups say. They insist that the council should start again."
    )
    got = reported(body)
    assert ("groups", "say", "The ferry timetable is unworkable") in got
    assert ("groups", "insist", "the council should start again") in got


@pytest.mark.parametrize(
    ("body", "speaker", "cue", "text"),
    [
        (
            "Orla Brenvik said Wednesday she, too, wants an inquiry into the harbour accounts.",
            "Orla Brenvik",
            "said",
            "she, too, wants an inquiry into the harbour accounts",
        ),
        (
            "Orla Brenvik promised Monday to reopen the north pier before the winter storms.",
            "Orla Brenvik",
            "promised",
            "to reopen the north pier before the winter storms",
        ),
        (
            "The north pier will stay closed until the spring, the Valley Courier reported Friday.",
            "Valley Courier",
            "reported",
            "The north pier will stay closed until the spring",
        ),
    ],
)
def test_a_bare_weekday_after_the_cue_is_no_content(body: str, speaker: str, cue: str, text: str) -> None:
    assert (speaker, cue, text) in reported(body)


def test_a_weekday_possessive_after_the_cue_is_content() -> None:
    body = "Orla Brenvik said Friday's vote on the harbour levy was a sham."
    assert ("Orla Brenvik", "said", "Friday's vote on the harbour levy was a sham") in reported(body)


@pytest.mark.parametrize(
    ("body", "text"),
    [
        (
            "Orla Brenvik spoke in Portwick. Brenvik later defended her remarks about the pilots as a joke.",
            "her remarks about the pilots as a joke",
        ),
        (
            "Orla Brenvik spoke in Portwick. Brenvik appeared on a radio show and defended herself against "
            "charges of favouritism.",
            "herself against charges of favouritism",
        ),
    ],
)
def test_defended_reports_a_position(body: str, text: str) -> None:
    assert ("Orla Brenvik", "defended", text) in reported(body)


@pytest.mark.parametrize(
    "body",
    [
        "The harbour guard defended itself against the raiders for three days.",
        "Orla Brenvik spoke in Portwick. The crews defended against the storm all night.",
        "Orla Brenvik spoke in Portwick. Defending the north pier is squarely within her strengths.",
    ],
)
def test_defending_as_a_fight_or_a_gerund_subject_is_no_statement(body: str) -> None:
    assert not [s for s in reported(body) if s[1].lower().startswith("defend")]


@pytest.mark.parametrize(
    ("body", "cue", "text"),
    [
        (
            "Orla Brenvik spoke in Portwick. Brenvik was quick to add that the talks do not include closing "
            "the north pier.",
            "was quick to add",
            "the talks do not include closing the north pier",
        ),
        (
            "Orla Brenvik spoke in Portwick. Brenvik tried to explain the delay to the crews.",
            "tried to explain",
            "the delay to the crews",
        ),
    ],
)
def test_a_verb_carrying_the_cue_infinitive_is_part_of_the_cue(body: str, cue: str, text: str) -> None:
    assert ("Orla Brenvik", cue, text) in reported(body)


@pytest.mark.parametrize(
    "body",
    [
        "Orla Brenvik spoke in Portwick. Brenvik tried to reach the north pier before the storm.",
        "Orla Brenvik spoke in Portwick. Brenvik had to explain the delay to the crews.",
    ],
)
def test_no_cue_after_a_verb_of_trying_or_a_duty(body: str) -> None:
    assert not [s for s in reported(body) if s[1].startswith(("tried", "had"))]
