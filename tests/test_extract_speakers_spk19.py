"""Speakers, session 19: "As for <name>, he ..." names its topic; a person who speaks keeps the focus. Every
name, place and sentence is invented."""

from __future__ import annotations

from extract_helpers import run

_OPENING = '"The pier is safe," said Tomas Brindle, the harbourmaster.\n\n'


def _speaker_of(body: str, start: str, title: str = "Harbour levy row deepens") -> str | None:
    """The speaker of the statement whose text starts with ``start``, or None when there is none."""
    found = [s.speaker for s in run(body, published="2019-05-02", title=title) if s.text.startswith(start)]
    return found[0] if found else None


# --- "As for <name>, he ..." --------------------------------------------------------------------------------


def test_a_topic_phrase_names_the_pronoun_right_after_it() -> None:
    body = _OPENING + 'As for Ivo Vell, he said he was not worried. "The levy will pass," he said.'
    assert _speaker_of(body, "he was not worried") == "Ivo Vell"
    assert _speaker_of(body, "The levy will pass") == "Ivo Vell"


def test_a_topic_phrase_of_the_other_gender_does_not_take_the_pronoun() -> None:
    body = _OPENING + "Ada Orrin spoke first. As for Ada Orrin, he said she was not worried."
    assert _speaker_of(body, "she was not worried") != "Ada Orrin"


# --- a sentence where a person speaks -----------------------------------------------------------------------


def test_a_sentence_where_a_person_speaks_moves_the_focus_to_that_speaker() -> None:
    body = _OPENING + 'Ivo Vell owns two ferries, Bram Tessler said. "I row every morning," he said.'
    assert _speaker_of(body, "I row every morning") == "Bram Tessler"
