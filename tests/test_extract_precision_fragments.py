"""Precision: quoted titles named inside a sentence, and short quoted fragments that narration leads into,
are no direct statements; the cue after them is read as reported speech.

All people, places and programmes are invented.
"""

from __future__ import annotations

import pytest
from extract_helpers import run

LEAD = "Ada Vellmar spoke at the Ostrava quay on Monday.\n\n"


def _statements(body: str) -> list[tuple[str, str, str]]:
    return [(st.kind, st.speaker, st.text) for st in run(LEAD + body)]


@pytest.mark.parametrize(
    ("body", "title"),
    [
        ('On Valo TV\'s "Harbour Morning," Vellmar said that the levy would pass.', "Harbour Morning"),
        ("Ilse Varro, star of the channel's “Tides,” thanked Vellmar for the new pier.", "Tides"),
        ('The advert, titled "Unity?", concludes that the tolls are too high.', "Unity"),
        ("In her letters she often referred to Vellmar by a nickname, “Birdie.”", "Birdie"),
        ("Edda Orrin, the editor in charge of “Quay Talk,” reminded her staff about the levy.", "Quay Talk"),
    ],
)
def test_title_inside_the_sentence_is_no_quote(body: str, title: str) -> None:
    got = _statements(body)
    assert not [s for s in got if s[0] == "direct" and title in s[2]], got


def test_title_opening_a_quote_is_kept() -> None:
    # A quote that opens its sentence is someone's words, capitalised or not.
    got = _statements("“Debate Recap,” tweeted Ilse Varro. “The tolls stay.”")
    assert ("direct", "Ilse Varro", "Debate Recap, The tolls stay.") in got


@pytest.mark.parametrize(
    ("body", "fragment", "content"),
    [
        ('The mayor "looked ashen," Vellmar said.', "looked ashen", "mayor"),
        ("The levy's failure was “heartbreaking,” Vellmar said.", "heartbreaking", "failure"),
        (
            "Edda Orrin, who calls the levy a “swindle,” said she does not believe the port needs it.",
            "swindle",
            "the levy",
        ),
    ],
)
def test_short_fragment_in_narration_is_reported(body: str, fragment: str, content: str) -> None:
    got = _statements(body)
    assert not [s for s in got if s[0] == "direct" and fragment in s[2]], got
    assert [s for s in got if s[0] == "indirect" and content in s[2]], got


def test_short_quote_opening_its_sentence_stays_direct() -> None:
    got = _statements("“Never,” Vellmar said.")
    assert ("direct", "Ada Vellmar", "Never,") in got


def test_long_quote_in_narration_stays_direct() -> None:
    got = _statements("The mayor “looked like a man who had lost his ferry,” Vellmar said.")
    assert [s for s in got if s[0] == "direct" and "lost his ferry" in s[2]], got


def test_title_inside_reported_content_is_no_mixed_quote() -> None:
    body = 'Vellmar said on Valo TV\'s "Harbour Week With Edda Orrin" that she would look at the rules.'
    got = _statements(body)
    assert not [s for s in got if s[0] == "direct"], got
    assert [s for s in got if s[0] == "indirect" and "look at the rules" in s[2]], got
