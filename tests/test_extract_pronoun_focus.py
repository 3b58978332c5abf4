"""Pronoun speakers: which person a "he" or "she" after a quote stands for, when the story has moved from an
earlier speaker to someone else (docs/EXTRACTION.md, "Pronouns"). All people and places are invented."""

from __future__ import annotations

from extract_helpers import assert_gender_from_given_name_only, registry, run


def _direct(body: str) -> list[tuple[str, str]]:
    return [(s.speaker, s.text) for s in run(body) if s.kind == "direct"]


def test_the_one_person_the_sentence_before_names_takes_the_pronoun() -> None:
    body = (
        "Orrin Halvek spoke first at the harbour forum in Portwick. “The ferries will run all winter,” "
        "Halvek said.\n\n"
        "The race has changed since the spring, and since then Tomas Brindle has seen his support fall "
        "away. “I am still standing,” he said at the forum."
    )
    got = dict((text, speaker) for speaker, text in _direct(body))
    assert got["I am still standing,"] == "Tomas Brindle"
    assert got["The ferries will run all winter,"] == "Orrin Halvek"


def test_a_sentence_before_with_its_own_he_keeps_the_speaker_in_focus() -> None:
    body = (
        "Orrin Halvek spoke first at the harbour forum in Portwick. “The ferries will run all winter,” "
        "Halvek said. He also praised Tomas Brindle for years of work on the piers. “Nobody knows the "
        "harbour better,” he said."
    )
    got = dict((text, speaker) for speaker, text in _direct(body))
    assert got["Nobody knows the harbour better,"] == "Orrin Halvek"


def test_a_person_named_after_a_preposition_in_the_sentence_before_is_an_object() -> None:
    body = (
        "Orrin Halvek ran the harbour office for ten years. “The ferries will run all winter,” Halvek "
        "said.\n\n"
        "The crew met with Tomas Brindle on Monday, when the council briefed the captain on the storm. "
        "“We did warn them about the pier,” he said."
    )
    got = dict((text, speaker) for speaker, text in _direct(body))
    assert got["We did warn them about the pier,"] == "Orrin Halvek"


def test_a_possessor_in_the_pronouns_own_sentence_stands_before_the_sentence_before() -> None:
    body = (
        "Sunniva Rask ran for the harbour seat. “The vote did not count,” said Ilse Marr of the Harbour "
        "Trust, who watched the count.\n\n"
        "Rask’s plans remain uncertain, but she said on Monday that she would stay. “I am going nowhere,” "
        "she said."
    )
    got = dict((text, speaker) for speaker, text in _direct(body))
    assert got["I am going nowhere,"] == "Sunniva Rask"


def test_a_group_named_by_a_plural_demonym_is_no_ones_he() -> None:
    body = (
        "Orrin Halvek toured the harbour towns on Sunday. “The ferries will run all winter,” Halvek said.\n\n"
        "Why the change? Upland Drevnians, who have registered in large numbers, seem to be coming "
        "around to the plan.\n\n"
        "At a rally in Portwick, he said that the piers would be rebuilt by the spring."
    )
    got = [s.speaker for s in run(body) if s.kind == "indirect" and "piers" in s.text]
    assert got == ["Orrin Halvek"]


def test_a_name_in_an_object_of_the_sentence_before_does_not_count_against_its_subject() -> None:
    body = (
        "“The ferries are always late,” said Bram Tessel, a harbour pilot.\n\n"
        "Such is the harbour we work in, and it is why Orrin Halvek is seeking approval of the vast "
        "Harbour Compact. It is to the advantage of Portwick, he says, to write the rules of the strait."
    )
    got = [s.speaker for s in run(body) if "advantage" in s.text]
    assert got == ["Orrin Halvek"]


def test_a_name_after_a_possessive_outlet_in_a_prepositional_phrase_is_an_object() -> None:
    body = (
        "Tomas Brindle, a ferry captain, spoke in Portwick on Monday. “Ferries matter,” Brindle said.\n\n"
        "In a talk with Radio Mirel’s Ada Vell about his plans, the captain discussed the fares. “Nobody "
        "pays less than our crews,” he said."
    )
    got = [s.speaker for s in run(body) if "Nobody pays" in s.text]
    assert got == ["Tomas Brindle"]


def test_pronouns_after_an_unnamed_woman_are_no_evidence_of_the_named_mans_gender() -> None:
    # "her" after "a woman" the sentence brings in may be hers; the man named first is not shown female.
    text = (
        "Tomas Brindle began the day by kneeling in the square, begging a woman from Mirel to give her "
        "vote to him. The crowd cheered."
    )
    table = registry(text)
    assert_gender_from_given_name_only(table, "tomas brindle")


def test_a_named_womans_own_pronouns_still_show_her_gender() -> None:
    text = "Ada Orrin began the day in the square, thanking her supporters in Mirel. The crowd cheered."
    table = registry(text)
    assert table.entities["ada orrin"].gender == "f"


def test_the_one_spoken_to_or_spoken_of_is_not_the_pronouns_speaker() -> None:
    # The focus is a woman, so "he" reaches back into the paragraph: the interviewer ("Speaking to ...") and
    # the man the sentence before speaks of ("the dismissal of ...") are objects, not speakers.
    body = (
        "On Monday, Ada Orrin, the widow of the ferry captain, addressed reporters in Portwick. She said "
        "she wanted answers.\n\n"
        "The day before, Radio Mirel revealed that Ivo Tessel, the harbour master, had accepted blame for "
        "the dismissal of the pilot Bram Kellan. Speaking to Tomas Brindle of Radio Mirel, he said, “It "
        "happened while I ran the harbour.”"
    )
    got = [s.speaker for s in run(body) if s.kind == "direct"]
    assert got == ["Ivo Tessel"]
