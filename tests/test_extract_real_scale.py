"""Mechanisms found by reading extraction output at scale on real articles (issue 8), in invented words."""

from __future__ import annotations

import pytest
from extract_helpers import run


def test_a_speech_printed_under_one_label_is_one_turn_of_its_speaker() -> None:
    body = (
        "Harbour Hall\nPortwick, Westmarch\n\n2:10 P.M. WST\n\n"
        "THE PRESIDENT:  Thank you. (Applause.) Please, have a seat.\n\n"
        "Last month, the ferry board announced that the crossing would close. I said then that we would "
        "not let it happen, and Mayor Ostrand told me the town was ready to help.\n\n"
        "So today I am signing the harbour act. Thank you all.\n\n"
        "2:31 P.M. WST"
    )
    sts = run(body, title="Remarks by President Arkady Voronets on the Harbour Act")
    assert [(s.kind, s.speaker) for s in sts] == [("direct", "Arkady Voronets")]
    assert sts[0].text.startswith("Thank you.")
    assert "signing the harbour act" in sts[0].text


def test_a_single_section_heading_in_capitals_is_no_speech_label() -> None:
    body = (
        "The ferry board published its plan on Monday.\n\n"
        "FOREIGN SHIPPING ORGANIZATION LIST: the board named twelve lines.\n\n"
        "Ana Ruiz, the board's chair, said the list would grow next year."
    )
    sts = run(body)
    assert not [s for s in sts if s.kind == "direct"]
    assert [s.speaker for s in sts] == ["Ana Ruiz"]


def test_a_late_single_label_is_no_speech_label() -> None:
    body = (
        "The ferry board met on Monday to discuss the winter timetable. "
        "Its members argued for an hour about the northern route and about fares. "
        * 6
        + "\n\nMR. VELL: I have nothing to add.\n\nThe meeting ended at noon."
    )
    assert not [s for s in run(body) if s.kind == "direct"]


def test_a_host_who_opens_and_then_asks_short_questions_is_no_interviewer() -> None:
    body = (
        "Arkady Voronets met Ivo Rastel, head of Norrmark Ferries. "
        "* * * President of Drevnia Arkady Voronets: Good afternoon, Mr Rastel. Tell me about your company. "
        "Ivo Rastel: We run four ferries on the northern route. "
        "Arkady Voronets: How many passengers? "
        "Ivo Rastel: About two million a year, and the number is growing. "
        "Arkady Voronets: That is a good result for the whole coast. "
        "Ivo Rastel: It is. "
        "Arkady Voronets: And in winter? "
        "Ivo Rastel: In winter we keep two ferries running. "
        "Arkady Voronets: Good. Thank you."
    )
    sts = [s for s in run(body) if s.kind == "direct"]
    asked = [s.text for s in sts if s.speaker == "Arkady Voronets"]
    assert "How many passengers?" in asked
    assert "And in winter?" in asked


def test_a_flattened_label_with_a_space_before_its_colon_still_opens_a_turn() -> None:
    body = (
        "Arkady Voronets held a meeting on the ferries. * * * Arkady Voronets: Colleagues, good afternoon. "
        "Let us begin with the harbour. Minister of Shipping Ivo Rastel Rastel IvoMinister of Shipping : "
        "The harbour is full and the ferries run daily. Arkady Voronets: Good. Thank you."
    )
    sts = [s for s in run(body) if s.kind == "direct"]
    assert [(s.speaker, s.text) for s in sts] == [
        ("Arkady Voronets", "Colleagues, good afternoon. Let us begin with the harbour."),
        ("Ivo Rastel", "The harbour is full and the ferries run daily."),
        ("Arkady Voronets", "Good. Thank you."),
    ]


def test_a_tooltip_that_spells_the_given_name_another_way_is_cut_from_the_label() -> None:
    from quoteline.extract.transcript import tooltip_name

    assert tooltip_name("Harbourfin CEO Piotr Rastel Rastel PyotrHarbourfin CEO") == "Piotr Rastel"
    assert tooltip_name("Harbourfin CEO Piotr Rastel") is None
    body = (
        "Arkady Voronets met Harbourfin CEO Piotr Rastel. * * * President of Drevnia Arkady Voronets: "
        "Good afternoon. How are the yards? Harbourfin CEO Piotr Rastel Rastel PyotrHarbourfin CEO: "
        "The yards are busy and we have hired four hundred welders. Arkady Voronets: Good. "
        "Piotr Rastel: Thank you."
    )
    st = next(s for s in run(body) if "four hundred welders" in s.text)
    assert st.speaker == "Piotr Rastel"


def test_a_title_picks_the_bearer_of_a_shared_surname_who_held_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime as dt

    from quoteline.extract import kb
    from quoteline.knowledge.gazetteer import Gazetteer, Person, Role

    book = Gazetteer(
        entries=[
            Person(
                "Ada Orrin",
                "Drevnia",
                roles=(Role("other", "vice president", "Drevnia", dt.date(2021, 1, 1), None),),
            ),
            Person(
                "Tomas Orrin",
                "Lusmark",
                roles=(Role("prime_minister", "prime minister", "Lusmark", dt.date(2022, 5, 1), None),),
            ),
        ]
    )
    monkeypatch.setattr(kb, "gazetteer", lambda: book)
    kb.clear_caches()
    try:
        assert kb.resolve("Orrin") is None  # shared: the surname alone names no one
        bearer = kb.titled_bearer("vice president", "Orrin", "2023-03-15")
        assert bearer is not None
        assert bearer.canonical == "Ada Orrin"
        assert kb.titled_bearer("vice president", "Orrin", "2019-03-15") is None  # not yet in office
        body = (
            "Harbour Hall\nPortwick\n\n2:10 P.M.\n\n"
            "THE VICE PRESIDENT:  Thank you. The ferry will run all winter, and the pier will be rebuilt."
        )
        sts = run(body, title="Remarks by Vice President Orrin at the Harbour")
        assert [(s.kind, s.speaker) for s in sts] == [("direct", "Ada Orrin")]
    finally:
        kb.clear_caches()


def test_a_contraction_is_no_part_of_a_name() -> None:
    from quoteline.extract.mentions import name_runs

    text = "Hi, I’m Ada Orrin. It's Ivo Rast here, and You've met Lena Soderal."
    names = [" ".join(t[2] for t in toks) for _a, _b, toks in name_runs(text, 0, len(text))]
    assert {"Ada Orrin", "Ivo Rast", "Lena Soderal"} <= set(names)
    assert not [n for n in names if "’" in n or "'" in n]
    body = (
        "MS. ORRIN: Hi, I’m Ada Orrin. I’m with the Portwick harbour school. "
        "I want to ask about the ferries.\n\n"
        "THE PRESIDENT: The ferries will run all winter, and the fares will not rise.\n\n"
        "MS. ORRIN: Thank you, sir. That is good news for the school."
    )
    speakers = {s.speaker for s in run(body, title="Remarks at a harbour forum")}
    assert "Ada Orrin" in speakers
    assert not [sp for sp in speakers if "’" in sp]


def test_a_salutation_names_no_one() -> None:
    body = (
        "Dear Mr. Speaker, Dear Members of the Assembly, Ladies and Gentlemen!\n\n"
        "I am grateful for this chance to speak to you. "
        "It is hard to believe that a man is so poor that he thinks a laptop is worth more than his life."
    )
    sts = run(body, title="Speech by the President of Drevnia in the Assembly of Lusmark")
    assert not [s for s in sts if "Dear" in s.speaker]


def test_an_act_that_goes_on_is_no_statement() -> None:
    body = (
        "Arkady Voronets had a telephone conversation with Elias Marant. The leaders continued their "
        "discussion of the ferry situation on the border. The harbour bank continues easing its lending "
        "policy, Voronets noted. The ministers continued discussing the timetable."
    )
    sts = run(body)
    assert not [s for s in sts if s.cue.startswith("continue")]


def test_the_nouns_attacks_and_guarantees_are_no_cues() -> None:
    body = (
        "Drevnia attacks on the port of Mirel went on all night. Security guarantees for Tarsenia are "
        "needed, and Tarsenia demands the release of the mayor and guarantees of safety for every mayor."
    )
    sts = run(body)
    assert not [s for s in sts if s.cue in ("attacks", "guarantees")]
    # The verbs still report: criticism of a plan, an assurance with a clause.
    sts = run("Ana Ruiz attacked the harbour plan as a waste. Ivo Rast guarantees that the pier will open.")
    assert {(s.speaker, s.cue) for s in sts} >= {("Ana Ruiz", "attacked"), ("Ivo Rast", "guarantees")}


def test_an_interview_with_labels_in_double_parentheses_gives_the_answers() -> None:
    body = (
        "Wikinews spoke with Ada Orrin, who runs the Portwick ferry school.\n\n"
        "((WN))  How old is the school?\n\n"
        "((Ada Orrin))  It is twelve years old. We started with two boats.\n\n"
        "Now we have nine, and a pier of our own.\n\n"
        "((WN)) : What comes next?\n\n"
        "((Ada Orrin))  A winter course for the northern route."
    )
    sts = [s for s in run(body) if s.kind == "direct"]
    first = "It is twelve years old. We started with two boats. Now we have nine, and a pier of our own."
    assert [(s.speaker, s.text) for s in sts] == [
        ("Ada Orrin", first),
        ("Ada Orrin", "A winter course for the northern route."),
    ]
    assert sts[0].cue == "((Ada Orrin))"


def test_initials_that_only_ask_are_the_interviewer_even_without_answers() -> None:
    body = (
        "The candidate answered our questions by video.\n\n"
        "((PHR)) : Which past leader do you admire?\n\n"
        "((PHR)) : How would you run the harbour?"
    )
    assert not [s for s in run(body) if s.kind == "direct"]
