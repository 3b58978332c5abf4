"""Mechanisms found by reading extraction output at scale on real articles, round 7, in invented words."""

from __future__ import annotations

from extract_helpers import run


def _direct(body: str) -> list[tuple[str, str]]:
    return [(s.speaker, s.text) for s in run(body) if s.kind == "direct"]


def test_one_flattened_speech_after_a_rule_is_its_speakers_turn() -> None:
    body = (
        "The President held a meeting on the northern ferries. * * * President of Drevnia Arkady Voronets: "
        "Colleagues, good afternoon. The harbour at Portwick needs four new berths before the winter. "
        "I ask the ministry to report on the works next month."
    )
    assert _direct(body) == [
        (
            "Arkady Voronets",
            "Colleagues, good afternoon. The harbour at Portwick needs four new berths before the winter. "
            "I ask the ministry to report on the works next month.",
        )
    ]


def test_a_heading_run_into_the_label_after_a_rule_is_not_part_of_the_label() -> None:
    body = (
        "Arkady Voronets met Mara Velcheva in Kamengrad. * * * Beginning of talks with President of Valdoria "
        "Mara Velcheva President of Drevnia Arkady Voronets: Madam President, welcome to Kamengrad. "
        "President of Valdoria Mara Velcheva: Thank you, the ferries between our ports run well."
    )
    assert _direct(body) == [
        ("Arkady Voronets", "Madam President, welcome to Kamengrad."),
        ("Mara Velcheva", "Thank you, the ferries between our ports run well."),
    ]


def test_a_heading_that_names_an_office_without_a_colon_opens_no_turn() -> None:
    body = (
        "Arkady Voronets spoke at the harbour forum. * * * Speech by the President of Drevnia at the harbour "
        "forum President of Drevnia Arkady Voronets: Friends, the northern route is open again."
    )
    sts = [s for s in run(body) if s.kind == "direct"]
    assert [(s.speaker, s.text) for s in sts] == [
        ("Arkady Voronets", "Friends, the northern route is open again.")
    ]
    assert sts[0].cue == "President of Drevnia Arkady Voronets:"


def test_a_single_label_without_a_rule_or_an_office_is_no_speech() -> None:
    body = (
        "The ferry board met in Portwick on Monday. Its agenda was long. Harbour fees: the board raised them "
        "by two percent for the winter."
    )
    assert _direct(body) == []


def test_a_speech_the_audience_answers_is_no_interview() -> None:
    body = (
        "Harbour Hall\nPortwick, Westmarch\n\n2:10 P.M. WST\n\n"
        "THE GOVERNOR:  Good afternoon. Last winter the northern ferry stopped for six weeks, and the "
        "islanders waited on the quay for bread and post. Are you ready for a better winter?\n\n"
        "AUDIENCE MEMBERS:  Yes!\n\n"
        "THE GOVERNOR:  Then let us build the new berths. Thank you all.\n\n"
        "2:31 P.M. WST"
    )
    sts = run(body, title="Remarks by Governor Ada Orrin at Harbour Hall")
    assert [(s.speaker, s.text[:17]) for s in sts if s.kind == "direct"] == [
        ("Ada Orrin", "Good afternoon. L"),
        ("Ada Orrin", "Then let us build"),
    ]


def test_a_chair_who_makes_a_statement_and_then_asks_ministers_is_no_interviewer() -> None:
    opening = (
        "Colleagues, good afternoon. Today we will discuss the harbour works on the northern coast, which "
        "have fallen behind by four months. The winter is close and the ferries need their berths. "
    ) * 4
    body = (
        "The President held a meeting on the harbour works. * * * President of Drevnia Arkady Voronets: "
        + opening
        + "Mr Rastel, the floor is yours. Shipping Minister Ivo Rastel: Two berths of four are "
        "finished, and the rest will be ready in March. Arkady Voronets: Why March and not January? "
        "Ivo Rastel: The cranes arrive late from the yards in Halvik. Arkady Voronets: Can they come sooner?"
    )
    chair = [s.text for s in run(body) if s.kind == "direct" and s.speaker == "Arkady Voronets"]
    assert len(chair) == 3
    assert chair[1] == "Why March and not January?"


def test_an_interviewer_who_only_asks_stays_an_interviewer() -> None:
    body = (
        "Ana Ruiz spoke to the Valley Courier. * * * Tomas Eld: How did the ferry strike start? "
        "Ana Ruiz: The crews had not been paid since the spring, and the board kept postponing talks. "
        "Tomas Eld: Will it end soon? Ana Ruiz: I expect a deal within a week."
    )
    assert {s.speaker for s in run(body) if s.kind == "direct"} == {"Ana Ruiz"}


def test_one_speech_under_a_mixed_case_office_label_opening_its_paragraph() -> None:
    body = (
        "Arkady Voronets held a meeting on the winter ferries.\n\n"
        "President of Drevnia Arkady Voronets: Colleagues, good afternoon. The northern route must run all "
        "winter, and I ask the ministry to keep two ferries in reserve."
    )
    assert _direct(body) == [
        (
            "Arkady Voronets",
            "Colleagues, good afternoon. The northern route must run all winter, and I ask the ministry to "
            "keep two ferries in reserve.",
        )
    ]


def test_a_bold_heading_naming_a_judge_is_no_speech_label() -> None:
    body = (
        "The Governor announced three nominees for the harbour court.\n\n"
        "Judge Ada Orrin: Nominee for the Harbour Court of Appeals\n\n"
        "Judge Ada Orrin has served on the district bench in Portwick since 2015."
    )
    assert _direct(body) == []


def test_a_capitals_label_with_accented_letters_opens_a_turn() -> None:
    body = (
        "Harbour Hall\n\n2:10 P.M. WST\n\n"
        "PRESIDENT VELÁSQUEZ:  Thank you. The ferries between our ports carry more cargo every year.\n\n"
        "PRESIDENT ØSTRAND:  And we will build two new berths at Portwick before the winter.\n\n"
        "2:31 P.M. WST"
    )
    assert [s.text[:9] for s in run(body) if s.kind == "direct"] == ["Thank you", "And we wi"]


def test_an_agency_administrator_or_coordinator_title_is_no_part_of_a_name() -> None:
    from quoteline.extract.mentions import strip_titles

    assert strip_titles(["HPA", "Administrator", "Ada", "Orrin"]) == ["Ada", "Orrin"]
    assert strip_titles(["Ferry", "Recovery", "Coordinator", "Tomas", "Eld"]) == ["Tomas", "Eld"]
    body = (
        "HPA Administrator Ada Orrin said the northern berths would open in March. "
        "Ferry Recovery Coordinator Tomas Eld told reporters that two crews had been hired."
    )
    assert [s.speaker for s in run(body)] == ["Ada Orrin", "Tomas Eld"]
