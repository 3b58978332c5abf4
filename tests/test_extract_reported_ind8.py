"""Reported speech: a contracted auxiliary is a finite verb, an outlet as the listener of "told", a phrase
after an inverted-looking cue that is the subject of the content's own clause, the content of a cue in an
opening subordinate clause or participle, a noun of saying carried by "made"/"issued", and the subject's
next act after a coordinated object content."""

from __future__ import annotations

import pytest
from extract_helpers import reported, run


@pytest.mark.parametrize(
    ("body", "speaker", "cue", "text"),
    [
        (
            "Orla Brenvik chairs the dock committee. Brenvik told the Valley Courier she'd never back the "
            "toll.",
            "Orla Brenvik",
            "told",
            "she'd never back the toll",
        ),
        (
            "Orla Brenvik chairs the dock committee. Brenvik also told the paper they'll reopen the ferry.",
            "Orla Brenvik",
            "told",
            "they'll reopen the ferry",
        ),
    ],
)
def test_told_an_outlet_a_clause_with_a_contracted_verb(body: str, speaker: str, cue: str, text: str) -> None:
    assert (speaker, cue, text) in reported(body)


def test_a_clause_subject_after_the_cue_is_no_inverted_speaker() -> None:
    body = (
        "Late on Friday, Orla Brenvik, who ran the harbour when the board chose to shut the north pier, "
        "conceded the state of the quay is worse than anyone admitted."
    )
    got = reported(body)
    assert ("Orla Brenvik", "conceded", "the state of the quay is worse than anyone admitted") in got


@pytest.mark.parametrize(
    ("body", "speaker", "cue", "text"),
    [
        (
            "When Orla Brenvik a week later announced 400 job cuts, many dockers felt cheated by the board.",
            "Orla Brenvik",
            "announced",
            "400 job cuts",
        ),
        (
            "After Teodor Salk urged the pilots to accept a pay freeze, 3,000 crew members signed a "
            "petition.",
            "Teodor Salk",
            "urged",
            "the pilots to accept a pay freeze",
        ),
        (
            "Orla Brenvik leads the dockers. But while denouncing the toll to crowds at the quay, she has "
            "not offered a plan of her own.",
            "Orla Brenvik",
            "denouncing",
            "the toll to crowds at the quay",
        ),
    ],
)
def test_an_opening_clause_content_ends_where_the_main_clause_begins(
    body: str, speaker: str, cue: str, text: str
) -> None:
    assert (speaker, cue, text) in reported(body)


@pytest.mark.parametrize(
    ("body", "cue", "text"),
    [
        (
            "At the forum, Teodor Salk made an impassioned call for calm on the waterfront.",
            "call",
            "calm on the waterfront",
        ),
        (
            "Since 2010, Teodor Salk has frequently made other public promises to rebuild the old "
            "lighthouse.",
            "promises",
            "to rebuild the old lighthouse",
        ),
    ],
)
def test_a_noun_of_saying_carried_by_made_is_its_subjects(body: str, cue: str, text: str) -> None:
    assert ("Teodor Salk", cue, text) in reported(body)


def test_a_noun_of_saying_made_to_a_listener_is_no_statement() -> None:
    assert reported("Teodor Salk made a promise to the pilots.") == []


@pytest.mark.parametrize(
    ("body", "cue", "text"),
    [
        (
            "Orla Brenvik has praised the pilots' record over the past decade, and won more than half the "
            "dockers' votes.",
            "praised",
            "the pilots' record over the past decade",
        ),
        (
            'Orla Brenvik called the merger "a sorry deal" and ranked Salk among the worst harbour masters.',
            "called",
            'the merger "a sorry deal"',
        ),
        (
            "Orla Brenvik praised the pilot for reporting the leak but stopped short of calling for a ban.",
            "praised",
            "the pilot for reporting the leak",
        ),
    ],
)
def test_an_object_content_ends_before_the_subjects_next_act(body: str, cue: str, text: str) -> None:
    assert ("Orla Brenvik", cue, text) in reported(body)


def test_a_coordinated_implied_is_a_statement_of_its_own() -> None:
    got = reported(
        "Orla Brenvik conceded that the pilot had hit the pier but implied that the fog was to blame."
    )
    assert ("Orla Brenvik", "conceded", "the pilot had hit the pier") in got
    assert ("Orla Brenvik", "implied", "the fog was to blame") in got


def test_a_cue_with_its_own_clause_after_a_narrated_quote_is_not_the_quotes() -> None:
    got = run(
        'Although Teodor Salk admitted that he and the pilot had "been close for years," he claimed '
        "they had never sailed together."
    )
    claimed = [st for st in got if st.cue == "claimed"]
    assert [(st.kind, st.text) for st in claimed] == [("indirect", "they had never sailed together")]
