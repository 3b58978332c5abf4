"""Speakers, session 19: a he/she opening a paragraph takes up the one person the paragraph before ends
on; "As for <name>, he ..." names its topic; a sentence where only a body or an unnamed source speaks still
moves the focus to its subject; a headline's verb after a title and a name is no part of that name. Every
name, place and sentence is invented."""

from __future__ import annotations

from extract_helpers import run

_OPENING = '"The pier is safe," said Tomas Brindle, the harbourmaster.\n\n'


def _speaker_of(body: str, start: str, title: str = "Harbour levy row deepens") -> str | None:
    """The speaker of the statement whose text starts with ``start``, or None when there is none."""
    found = [s.speaker for s in run(body, published="2019-05-02", title=title) if s.text.startswith(start)]
    return found[0] if found else None


# --- a paragraph's last sentence names the one person a he/she opening the next paragraph takes up ----------


def test_a_pronoun_opening_a_paragraph_takes_up_the_person_the_paragraph_before_ends_on() -> None:
    body = _OPENING + 'That did not satisfy Ivo Vell.\n\n"The levy is a scandal," he wrote on Monday.'
    assert _speaker_of(body, "The levy is a scandal") == "Ivo Vell"


def test_a_paragraph_naming_two_people_leaves_the_pronoun_to_the_speaker_in_focus() -> None:
    body = _OPENING + 'That did not satisfy Ivo Vell or Bram Tessler.\n\n"The levy is a scandal," he wrote.'
    assert _speaker_of(body, "The levy is a scandal") == "Tomas Brindle"


def test_a_person_named_after_a_preposition_is_not_taken_up_across_the_paragraph() -> None:
    body = _OPENING + 'The levy was drafted with Ivo Vell.\n\n"The levy is a scandal," he wrote.'
    assert _speaker_of(body, "The levy is a scandal") == "Tomas Brindle"


# --- "As for <name>, he ..." --------------------------------------------------------------------------------


def test_a_topic_phrase_names_the_pronoun_right_after_it() -> None:
    body = _OPENING + 'As for Ivo Vell, he said he was not worried. "The levy will pass," he said.'
    assert _speaker_of(body, "he was not worried") == "Ivo Vell"
    assert _speaker_of(body, "The levy will pass") == "Ivo Vell"


def test_a_topic_phrase_of_the_other_gender_does_not_take_the_pronoun() -> None:
    body = _OPENING + "Ada Orrin spoke first. As for Ada Orrin, he said she was not worried."
    assert _speaker_of(body, "she was not worried") != "Ada Orrin"


# --- a sentence where only a body or an unnamed source speaks -----------------------------------------------


def test_a_sentence_sourced_to_records_still_moves_the_focus_to_its_subject() -> None:
    body = _OPENING + 'Ivo Vell owns two ferries, according to port records. "I row every morning," he said.'
    assert _speaker_of(body, "I row every morning") == "Ivo Vell"


def test_a_sentence_sourced_to_a_ministry_still_moves_the_focus_to_its_subject() -> None:
    body = (
        _OPENING + "Ivo Vell owns two ferries, according to the Lusmark Transport Ministry. "
        '"I row every morning," he said.'
    )
    assert _speaker_of(body, "I row every morning") == "Ivo Vell"


def test_a_sentence_where_a_person_speaks_moves_the_focus_to_that_speaker() -> None:
    body = _OPENING + 'Ivo Vell owns two ferries, Bram Tessler said. "I row every morning," he said.'
    assert _speaker_of(body, "I row every morning") == "Bram Tessler"


# --- a headline's verb after a title and a name -------------------------------------------------------------


def test_a_headline_verb_after_a_titled_name_the_body_prints_is_no_part_of_the_name() -> None:
    body = (
        "PORTWICK - The ferry plan drew a crowd on Monday. "
        "Ada Orrin said the harbour needed two more boats.\n\n"
        "Later the Vice Mayor announced that the first boat would sail in May."
    )
    title = "Vice Mayor Ada Orrin Unveils Ferry Plan"
    assert _speaker_of(body, "the first boat would sail", title) == "Ada Orrin"


def test_a_titled_name_the_body_prints_only_with_the_next_word_keeps_it() -> None:
    # The body prints "Ada Orrin Vask" whole, so the title's third word is her surname, not a verb.
    body = (
        "PORTWICK - The pier opened on Monday. Ada Orrin Vask said the harbour needed two more boats.\n\n"
        "Later the Vice Mayor announced that the first boat would sail in May."
    )
    title = "Vice Mayor Ada Orrin Vask Opens Pier"
    assert _speaker_of(body, "the first boat would sail", title) == "Ada Orrin Vask"
