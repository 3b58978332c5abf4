"""Speakers, session 20: a person's team or office named with a possessive speaks as written; a mismatched
he/she prefers the paragraph's speaker to a name that speaker reported. Every name, place and sentence is
invented."""

from __future__ import annotations

from extract_helpers import run

from quoteline.extract.model import Statement

_OPENING = '"The pier is safe," said Tomas Brindle, the harbourmaster.\n\n'
_TITLE = "Harbour levy row deepens"
_MARROW = "Ivo Marrow, a senator from Halden, met ferry crews on Monday.\n\n"


def _statement(body: str, start: str) -> Statement | None:
    """The statement whose text starts with ``start``, or None when there is none."""
    found = [s for s in run(body, published="2019-05-02", title=_TITLE) if s.text.startswith(start)]
    return found[0] if found else None


def _speaker_of(body: str, start: str) -> str | None:
    found = _statement(body, start)
    return found.speaker if found is not None else None


# --- "<person>'s team / office / opponents" -----------------------------------------------------------------


def test_a_persons_team_speaks_as_written_not_as_the_person() -> None:
    body = _OPENING + _MARROW + "Marrow's team thinks the levy will pass before the summer.\n"
    assert _speaker_of(body, "the levy will pass") == "Marrow's team"


def test_a_persons_office_speaks_as_an_institution() -> None:
    body = _OPENING + _MARROW + 'Marrow\'s office said the senator would "never give up on the port."\n'
    found = _statement(body, "never give up on the port")
    assert found is not None
    assert found.speaker == "Marrow's office"
    assert found.speaker_type == "institution"


def test_a_persons_opponents_are_not_the_person() -> None:
    body = _OPENING + _MARROW + 'Marrow\'s opponents said he was "out of touch with the harbour crews."\n'
    assert _speaker_of(body, "out of touch with the harbour") == "Marrow's opponents"


def test_a_role_with_a_name_after_the_possessive_is_that_name() -> None:
    body = _OPENING + _MARROW + 'Marrow\'s deputy Ada Orrin said the levy "was never fair to the crews."\n'
    assert _speaker_of(body, "was never fair to the crews") == "Ada Orrin"


# --- a he/she the focus cannot take -------------------------------------------------------------------------


def test_a_mismatched_pronoun_takes_the_paragraph_speaker_before_a_name_he_reported() -> None:
    body = (
        _OPENING + "Ivo Marrow named Senator Ada Tolvik of Halden as his running mate. Tolvik sought the "
        'nomination last year. Orrin Bask questioned the pick. He said the "weak" Tolvik attacked Marrow '
        "during the debates and mocked her record. He also said Tolvik's poll numbers fell before the vote.\n"
    )
    assert _speaker_of(body, "Tolvik's poll numbers fell") == "Orrin Bask"
