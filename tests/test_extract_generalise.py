"""Mechanisms that generalise beyond the dev corpus: split quotes, pronoun gender, descriptions, cues.

Every name and sentence here is invented for these tests.
"""

from __future__ import annotations

from extract_helpers import run


def _direct(body: str) -> list[tuple[str, str]]:
    return [(st.speaker, st.text) for st in run(body) if st.kind == "direct"]


def test_split_quote_with_subordinate_cue_in_attribution() -> None:
    body = (
        "The harbour master, Teodor Lisk, inspected the pier.\n\n"
        "“The cranes have been idle since June,” Lisk said when asked about the delay. "
        "“Still, the boats keep coming.”"
    )
    assert _direct(body) == [
        ("Teodor Lisk", "The cranes have been idle since June, Still, the boats keep coming.")
    ]


def test_split_quote_whose_second_part_runs_into_next_paragraph() -> None:
    body = (
        "The baker, Oriana Fell, opened her shop at dawn.\n\n"
        "“Flour costs twice what it did,” she said. “Nobody in the valley can afford bread every day.\n\n"
        "“So we bake smaller loaves and sell them cheaper.”"
    )
    assert _direct(body) == [
        (
            "Oriana Fell",
            "Flour costs twice what it did, Nobody in the valley can afford bread every day. "
            "So we bake smaller loaves and sell them cheaper.",
        )
    ]


def test_possessive_before_a_second_name_genders_the_first_and_he_goes_to_the_second() -> None:
    body = (
        "Trade envoy Sabine Korrel met with farmers near the river.\n\n"
        "Culture Minister Nadia Ostrel phoned her Lusmark counterpart, Bertil Haas, on Sunday. "
        "He told her that the museum loans would go ahead in spring."
    )
    st = [s for s in run(body) if "museum loans" in s.text]
    assert [s.speaker for s in st] == ["Bertil Haas"]


def test_opening_description_speaks_in_coordinated_cue() -> None:
    body = (
        "Valdorian President Mara Velcheva toured the port on Monday.\n\n"
        "Culture Minister Nadia Ostrel opened a library in Halvik.\n\n"
        "The Valdorian president, visiting a dairy farm, ignored the question but said her government "
        "would cut milk tariffs by autumn."
    )
    st = [s for s in run(body) if "milk tariffs" in s.text]
    assert [s.speaker for s in st] == ["Mara Velcheva"]


def test_age_occupation_description_goes_to_the_main_figure() -> None:
    body = (
        "HALVIK - Lusmark's Interior Minister Jorun Tesk said on Tuesday that the northern border "
        "would stay open.\n\n"
        '"We have nothing to hide," Tesk told reporters.\n\n'
        "Opposition spokesman Arvid Holm added that the decision was rushed.\n\n"
        "The 61-year-old former admiral, who once led the coastguard, said the patrols would double "
        "in winter."
    )
    st = [s for s in run(body) if "patrols would double" in s.text]
    assert [s.speaker for s in st] == ["Jorun Tesk"]


def test_according_to_a_local_council() -> None:
    body = (
        "BREL, Lusmark - The harbour reopened this week.\n\n"
        "Some 300 fishing boats have registered since the storm, according to the city council."
    )
    st = [s for s in run(body) if "fishing boats" in s.text]
    assert [(s.speaker, s.cue) for s in st] == [("city council", "according to")]


def test_time_adjunct_after_cue_object_dates_the_statement() -> None:
    body = (
        "Health Minister Oskar Venn told reporters on March 3 that the clinics would reopen.\n\n"
        "Venn first called for an independent inquiry in July."
    )
    st = [s for s in run(body, published="2023-03-15") if s.cue == "called for"]
    assert [(s.text, s.date) for s in st] == [("an independent inquiry", "2022-07")]


def test_coordinated_cue_after_mixed_quote_is_reported_speech() -> None:
    body = (
        "Interior Minister Jorun Tesk stressed that the border reform was moving ahead "
        '"at a pace nobody expected", and expressed concern over delays at the northern crossings.'
    )
    st = run(body)
    concern = [s for s in st if s.cue == "expressed concern"]
    assert [(s.kind, s.speaker, s.text) for s in concern] == [
        ("indirect", "Jorun Tesk", "delays at the northern crossings")
    ]
    assert not [s for s in st if s.kind == "direct" and s.cue == "expressed concern"]
