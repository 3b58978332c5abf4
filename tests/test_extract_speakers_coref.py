"""Speaker coreference: which of the people an article names a surname, a pronoun or a description stands for.

Headlines and sentence openings capitalise common words ("Is", "Top", "Aims"); a capitalised run built of them
must not become a person who then takes over a surname. All people, places and outlets are invented.
"""

from __future__ import annotations

from extract_helpers import run


def _speakers(body: str, title: str = "Fictional test article") -> list[tuple[str, str]]:
    return [(s.speaker, s.speaker_type) for s in run(body, title=title)]


def test_a_question_headline_does_not_make_its_first_word_part_of_a_name() -> None:
    body = (
        "Ada Brannock spoke to ferry workers in Mirel on Sunday. The race is tight in the harbour towns. "
        "“We are doing very well with the ferry crews,” Brannock told the Courier."
    )
    got = _speakers(body, title="Is Brannock finally winning the harbour towns?")
    assert got == [("Ada Brannock", "person")]


def test_headline_words_the_body_never_capitalises_split_a_headline_run() -> None:
    body = (
        "Otto Vell was asked about the fares at a rally in Portwick on Monday. The fare rise was aimed "
        "at commuters, critics said. “Including the night boats, yes, including the night boats,” Vell "
        "responded."
    )
    got = _speakers(body, title="Brannock Aims Barb At Vell")
    assert ("Otto Vell", "person") in got
    assert all("Aims" not in name for name, _ in got)


def test_a_sentence_opening_common_word_is_not_a_given_name() -> None:
    body = (
        "Otto Vell opened his campaign in Portwick. One Vell spokesman called the fare plan "
        "“a gift to the ferry owners and nobody else.” Vell said the plan would be dropped if he won, "
        "and one voter said she was unconvinced."
    )
    got = _speakers(body)
    assert all(name != "One Vell" for name, _ in got)
    assert ("Otto Vell", "person") in got


def test_a_named_persons_aide_is_an_unnamed_source_not_the_person() -> None:
    body = (
        "Otto Vell toured the harbour on Tuesday. A Vell campaign aide said the tour had drawn the largest "
        "crowds of the year."
    )
    got = _speakers(body)
    assert got
    assert got[0][1] == "unnamed"
    assert ("Otto Vell", "person") not in got


def test_a_person_named_only_by_honorific_and_surname_takes_the_next_pronoun() -> None:
    body = (
        "“My client has paid for this mistake many times over,” said Ivo Dask, the defence lawyer. "
        "Judge Orrin took a short recess after the speeches.\n\n"
        "On his return he began by saying, “I do not think a prison term is needed in this case.”"
    )
    got = _speakers(body)
    assert got == [("Ivo Dask", "person"), ("Orrin", "person")]


def test_pronouns_inside_a_quote_are_no_evidence_of_the_speakers_gender() -> None:
    body = (
        "Port director Anton Ruud opened the new terminal on Monday. Otto Vell said, “she has never run a "
        "ferry. She never will.”\n\n"
        "“The fares will fall next spring,” he said."
    )
    got = _speakers(body)
    assert got[-1] == ("Otto Vell", "person")


def test_a_headline_full_name_keeps_a_given_name_the_body_drops() -> None:
    body = (
        "The harbour board met on Friday. “I was in Portwick the other day and a ferry hand stopped me,” "
        "said Brannock. “We cannot keep raising the fares.”"
    )
    got = _speakers(body, title="Ada Brannock: Fares Must Stop Rising")
    assert got[0] == ("Ada Brannock", "person")


def test_a_named_persons_adviser_still_makes_a_statement() -> None:
    body = "Otto Vell toured the harbour on Tuesday. A Vell adviser said the tour would go on until Friday."
    got = _speakers(body)
    assert got == [("Vell adviser", "unnamed")]
