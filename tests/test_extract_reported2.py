"""Reported speech, second round: coordinated contents and verbs, noun/verb cues, joint "we" statements,
document subjects, subordinate reporting clauses, boilerplate, and the dates a readout sets once."""

from __future__ import annotations

from extract_helpers import run

from quoteline.extract.text import prepare


def _pairs(body: str, **kw: str) -> list[tuple[str, str, str]]:
    return [(s.speaker, s.cue, s.text) for s in run(body, **kw)]


def test_said_a_and_that_b_is_one_content() -> None:
    # Both gold conventions (the dev set and PolNeAR) keep "said A and that B" as one reported content.
    got = _pairs(
        "Harbour master Oskar Brenn said the quay would reopen and that the ferries would resume in June."
    )
    assert got == [("Oskar Brenn", "said", "the quay would reopen and that the ferries would resume in June")]


def test_but_that_continues_the_same_content() -> None:
    got = _pairs("Governor Ilse Tamm said she would read the report closely but that no budget would be cut.")
    assert [t for _, _, t in got] == ["she would read the report closely but that no budget would be cut"]


def test_second_verb_of_the_same_subject_is_its_own_statement() -> None:
    got = _pairs(
        "Oskar Brenn stressed that the dykes had held, and expressed the hope that the rain would ease "
        "by Friday."
    )
    assert got == [
        ("Oskar Brenn", "stressed", "the dykes had held"),
        ("Oskar Brenn", "expressed the hope", "the rain would ease by Friday"),
    ]


def test_express_concern_over_gives_only_the_object() -> None:
    got = _pairs(
        "Oskar Brenn underlined that the quay was safe, and expressed concern over the collapsed crane."
    )
    assert got[-1] == ("Oskar Brenn", "expressed concern", "the collapsed crane")


def test_said_in_a_statement_that_keeps_the_cue_words_out() -> None:
    got = _pairs("Ilse Tamm said in a statement that Oskar Brenn had ignored two warnings.")
    assert got == [("Ilse Tamm", "said", "Oskar Brenn had ignored two warnings")]


def test_expressed_appreciation_for_is_a_cue() -> None:
    got = _pairs("Ilse Tamm expressed appreciation for the volunteers who cleared the canal.")
    assert got == [("Ilse Tamm", "expressed appreciation", "the volunteers who cleared the canal")]


def test_plural_noun_subject_is_not_a_cue() -> None:
    assert run("A budget is a plan, and plans need money. Pledges are cheap in an election year.") == []
    assert run("Ilse Tamm's claims drew laughter in the chamber.") == []


def test_third_person_cue_still_found() -> None:
    assert _pairs("Ilse Tamm promises the canal will reopen in May.") == [
        ("Ilse Tamm", "promises", "the canal will reopen in May")
    ]


def test_subordinate_reporting_clause_is_a_statement_of_its_own() -> None:
    got = _pairs(
        "Ilse Tamm said on Monday the bridge would open in autumn, two days after she conceded "
        "the costs had doubled."
    )
    assert got == [
        ("Ilse Tamm", "said", "the bridge would open in autumn"),
        ("Ilse Tamm", "conceded", "the costs had doubled"),
    ]


def test_issued_a_statement_then_participle_cue() -> None:
    got = _pairs("Oskar Brenn has issued a statement calling for calm on the river front.")
    assert got == [("Oskar Brenn", "calling for", "calm on the river front")]


def test_the_statement_says_is_its_issuer() -> None:
    body = (
        "Oskar Brenn issued a statement on the flood on Tuesday.\n\n"
        "The statement says the northern dykes will be raised by a metre."
    )
    got = _pairs(body)
    assert ("Oskar Brenn", "says", "the northern dykes will be raised by a metre") in got


JOINT = """Halden, 3 April 2023

We, Ilse Tamm, Chancellor of Norvale, and Piet Oudry, Premier of Castrel, met today in Halden.

1. We reaffirm our shared support for the river treaty of 1990.

2. We condemn the sabotage of the Halden lock on 1 March, and commit to sharing inspection data.

3. We call on Orvia to reopen the upper canal to barges.

4. The Chancellor and the Premier welcomed the new ferry line. The two leaders thanked the keepers."""


def test_joint_statement_points_are_statements_of_each_signatory() -> None:
    sts = run(
        JOINT, title="Joint Statement of Norvale and Castrel on the Halden lock", published="2023-04-03"
    )
    by_cue: dict[str, set[str]] = {}
    for s in sts:
        by_cue.setdefault(s.cue, set()).add(s.speaker)
    both = {"Ilse Tamm", "Piet Oudry"}
    assert by_cue["reaffirm"] == both
    assert by_cue["condemn"] == both
    assert by_cue["commit"] == both
    assert by_cue["call on"] == both
    commit = [s for s in sts if s.cue == "commit"]
    # The coordinated point is dated by the shared attribution, not by the 1 March in the first content.
    assert {s.date for s in commit} == {"2023-04-03"}


def test_we_outside_a_joint_statement_gives_nothing() -> None:
    # Without a joint document naming its signatories, "we" has no identifiable speaker.
    assert all(s.cue != "reaffirm" for s in run("We reaffirm our support for the river treaty."))


def test_readout_date_set_once_carries_to_later_statements() -> None:
    body = (
        "On 12 March, Chancellor Ilse Tamm held talks in Halden with Premier Piet Oudry of Castrel.\n\n"
        "The sides discussed river traffic and flood defences.\n\n"
        "Ilse Tamm stressed that the upper canal must stay open.\n\n"
        "Piet Oudry noted that Castrel would pay for half of the new lock."
    )
    sts = run(body, published="2023-03-13")
    dated = {s.speaker: s.date for s in sts if s.cue in ("stressed", "noted")}
    assert dated == {"Ilse Tamm": "2023-03-12", "Piet Oudry": "2023-03-12"}


def test_statement_with_its_own_date_overrides_the_readout_date() -> None:
    body = (
        "On 12 March, Chancellor Ilse Tamm held talks in Halden with Premier Piet Oudry of Castrel.\n\n"
        "Ilse Tamm said on Monday that the upper canal must stay open."
    )
    (st,) = run(body, published="2023-03-15")
    assert st.date == "2023-03-13"


def test_quote_after_a_dated_statement_of_the_same_speaker_keeps_its_date() -> None:
    body = (
        "Speaking to the Halden Courier late on Sunday, Ilse Tamm said the canal would reopen soon.\n\n"
        '"We have waited long enough for that lock," she said.'
    )
    sts = run(body, published="2023-03-15")
    assert {s.date for s in sts} == {"2023-03-12"}


def test_told_the_crowd_takes_the_date_of_the_march() -> None:
    body = (
        "Hundreds of fishermen marched through Halden on Saturday to protest against the canal tolls.\n\n"
        "Union leader Marit Sande told the crowd that the tolls would ruin the small boats."
    )
    (st,) = run(body, published="2023-03-15")
    assert st.date == "2023-03-11"


def test_web_boilerplate_gives_no_statements() -> None:
    body = (
        "By Tomas Ekberg, Halden Courier\n\n"
        "Published 4 May 2023 | Updated 4 May 2023\n\n"
        "Fishermen on the quay in Halden on Saturday. Photo: Halden Courier / Ana Lind\n\n"
        "Ilse Tamm said the tolls would be reviewed.\n\n"
        "Related\n"
        "- Tamm says the canal tolls are 'fair'\n"
        "- Opinion: Halden deserves a better lock\n\n"
        "-- Reporting by Tomas Ekberg; Editing by Ana Lind"
    )
    got = _pairs(body, published="2023-05-04")
    assert got == [("Ilse Tamm", "said", "the tolls would be reviewed")]


def test_boilerplate_paragraphs_are_blanked() -> None:
    text = (
        "Title\n\nBy Tomas Ekberg, Halden Courier\n\nIlse Tamm said the tolls would be reviewed.\n\n"
        "Read also\n- Tamm says tolls are fair\n- Halden lock reopens\n\n(Photo: Ana Lind)"
    )
    doc = prepare(text)
    kept = [text[p.start : p.end] for p in doc.paragraphs]
    assert kept == ["Ilse Tamm said the tolls would be reviewed."]
