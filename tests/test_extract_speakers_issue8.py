"""Speakers of direct quotes (issue 8): mechanisms found by sorting wrong speakers on PolNeAR's tuning slice.

Each test is one mechanism, written in invented words (invented people, places, outlets and bodies; the
states and office holders are those of data/gazetteer/fictional.yaml).
"""

from __future__ import annotations

from extract_helpers import assert_gender_from_given_name_only, registry, run

_LONG_QUOTE = "The ferry timetable has to be rewritten before the winter storms close the northern channel"


def _speakers(body: str, published: str = "2023-03-15") -> list[str]:
    return [s.speaker for s in run(body, published=published)]


def test_a_possessive_ends_a_name_run_so_the_person_after_an_outlet_speaks() -> None:
    # "<Outlet>'s <Name>": the outlet is the person's employer, never the first words of their name.
    body = (
        "Ivo Marrell spoke at the harbour forum on Tuesday.\n\n"
        f"“{_LONG_QUOTE},” Marrell said.\n\n"
        f"The Westmarch Ledger’s Ada Tolvik disagreed. Tolvik wrote: “{_LONG_QUOTE} and then some.”"
    )
    assert _speakers(body)[-1] == "Ada Tolvik"
    text = "Pell Orrin met Harbour Weekly's Sune Varga and Westmarch Radio’s Ola Brant on Monday."
    table = registry(text)
    names = [m.entity.name for m in table.mentions]
    assert "Sune Varga" in names
    assert "Ola Brant" in names
    assert not any("Varga" in n and n != "Sune Varga" for n in names)


def test_a_gendered_honorific_picks_the_bearer_of_that_gender_among_two_of_one_surname() -> None:
    # Ivo Vell is named first, so the surname alone is his; "Mrs. Vell" is still Ada Vell.
    body = (
        "Ivo Vell said he would not run again for the harbour board. Ada Vell said she would run instead.\n\n"
        f"“{_LONG_QUOTE},” Mr. Vell said.\n\n"
        f"“{_LONG_QUOTE} this year,” Mrs. Vell said."
    )
    assert _speakers(body)[-2:] == ["Ivo Vell", "Ada Vell"]


def test_a_question_quote_attributed_after_an_abbreviated_title_keeps_its_speaker() -> None:
    # The splitter cuts after `?”`; the attribution clause runs to the next full stop, not to "Mrs."
    body = (
        "Orla Dennick spoke in Portwick on Monday. Tomas Brell spoke after her.\n\n"
        "“Why do the ferry owners pay less harbour tax than the fishermen do?” Mrs. Dennick asked."
    )
    assert _speakers(body)[-1] == "Orla Dennick"


def test_dotted_capitals_do_not_end_the_sentence_that_gives_gender_evidence() -> None:
    # "U.S." inside a sentence is no sentence end: "her" after it belongs to the woman whose view opens the
    # sentence, not to the man named later in it. Quoted words after a sentence are no evidence either.
    text = (
        "Ada Orrin thinks the U.S. ferry rules are too strict, Ivo Marrell said on Monday, a shift from her "
        "earlier backing of the rules. Then Ivo Marrell left. “She changed her mind,” an aide said."
    )
    table = registry(text)
    assert_gender_from_given_name_only(table, "ivo marrell")


def test_a_full_name_whose_surname_is_a_role_word_is_the_person_printed() -> None:
    body = (
        "The harbour board met on Friday in Portwick.\n\n"
        f"“{_LONG_QUOTE},” Representative Tomas R. Judge, a Harbourist from Westmarch, said of the plan."
    )
    assert _speakers(body) == ["Tomas R. Judge"]


def test_a_near_spelling_of_a_former_office_holder_is_another_person() -> None:
    # A near spelling of the surname is a new transliteration only of someone in office around the story.
    body = (
        f"Henrik Alstedt, a ferry captain from Portwick, spoke at the quay.\n\n“{_LONG_QUOTE},” Alstedt said."
    )
    assert _speakers(body, published="2031-05-01") == ["Henrik Alstedt"]
    assert _speakers(body, published="2022-05-01") == ["Henrik Aalstad"]


def test_a_pronoun_never_stands_for_a_person_named_inside_the_quote_it_attributes() -> None:
    # The focus (Marrell) is shown to be a man, so "she" looks further; the woman named inside the quote is
    # not who speaks it, and nor is a person of no gender evidence named before (a guess that was wrong each
    # time it fired on PolNeAR, spk14): the quote has no speaker.
    body = (
        "Ivo Marrell spoke first at the forum.\n\n"
        "Sune Varga, a ferry pilot from Portwick, has never voted. Mr. Marrell said he would reach out "
        "to new voters.\n\n"
        "A vote for Marrell is a “false choice, because there is also Ada Tolvik on the ballot,” she said."
    )
    assert "Ada Tolvik" not in _speakers(body)
    assert "Sune Varga" not in _speakers(body)


def test_the_main_clause_subject_after_an_opening_phrase_is_the_one_in_focus() -> None:
    body = (
        "Ivo Marrell opened the harbour forum on Sunday.\n\n"
        f"“{_LONG_QUOTE},” Marrell said.\n\n"
        "Orla Dennick spoke next. Standing in for Brannock at the same forum where Dennick and Orrin spoke, "
        "Pell Tolvik took aim at “my old friend Marrell.”\n\n"
        f"“{_LONG_QUOTE} again?” he asked."
    )
    assert _speakers(body)[-1] == "Pell Tolvik"


def test_a_participle_after_an_opening_subordinate_clause_shares_the_main_subject() -> None:
    # The cue inside the opening clause ("she endorsed") is not the one the participle ("attacking") joins.
    body = (
        "Ivo Marrell leads the search for a harbour master.\n\n"
        "Ever since she endorsed Orla Dennick this month, Ada Tolvik has been a loud voice on the quay, "
        "attacking the fares with a simple message: “Do not raise them again!”"
    )
    assert _speakers(body)[-1] == "Ada Tolvik"


def test_a_paragraph_end_ends_the_sentence_that_gives_gender_evidence() -> None:
    # A full stop before a line break ends the sentence: "her" in the next paragraph is no evidence about the
    # man who closed the paragraph before it.
    text = (
        "Ada Orrin thinks the ferry rules are too strict, Ivo Marrell said on Monday.\n"
        "The harbour council backed her up on the timetable. Then Ivo Marrell left."
    )
    table = registry(text)
    assert_gender_from_given_name_only(table, "ivo marrell")
