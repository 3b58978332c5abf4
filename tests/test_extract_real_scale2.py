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
    assert [(s.speaker, s.text) for s in sts] == [("Arkady Voronets", "Friends, the northern route is open again.")]
    assert sts[0].cue == "President of Drevnia Arkady Voronets:"


def test_a_single_label_without_a_rule_or_an_office_is_no_speech() -> None:
    body = (
        "The ferry board met in Portwick on Monday. Its agenda was long. Harbour fees: the board raised them "
        "by two percent for the winter."
    )
    assert _direct(body) == []
