"""Participle quotes ("..., writing “…”", "..., saying: “…”") whose main clause has a subject the entity table
does not hold as a person, such as a one-word name; and company names that are no person. All people,
bodies and places are invented (docs/EXTRACTION.md, "Speakers")."""

from __future__ import annotations

from extract_helpers import by_text, run


def test_a_one_word_name_after_an_occupation_speaks_its_participle_quote() -> None:
    body = (
        "The Gull Harbour Singers will play a benefit night for Ada Vell. "
        "“It is the only way,” Vell said.\n\n"
        "Crew member Flint shared the news on the radio last week, writing “It feels right to back someone "
        "I trust. She has earned every vote in this harbour.”"
    )
    st = by_text(run(body), "It feels right")
    assert st.speaker == "Flint"


def test_a_name_set_beside_a_possessive_description_speaks_not_the_possessor() -> None:
    body = (
        "Ada Vell defended the new levy on Monday. “It is the only way,” Vell said.\n\n"
        "Vell's son, Tomas, defended his mother on Tuesday at the quay, saying: “She has worked for this "
        "town for thirty years and deserves better.”"
    )
    st = by_text(run(body), "She has worked")
    assert st.speaker == "Tomas"


def test_a_name_after_a_preposition_does_not_head_the_opening_subject() -> None:
    body = (
        "Ada Vell sent the memo in May. “We will not wait,” Vell wrote.\n\n"
        "Sailors on Gull Quay seized on the memo, arguing that it showed “real intent” and that Vell had "
        "known of the leak for months."
    )
    speakers = {s.speaker for s in run(body)}
    assert "Gull Quay" not in speakers


def test_a_company_named_with_a_corporate_word_is_no_person() -> None:
    body = (
        "Marrow Technologies offered to pay for two years of schooling for the dock workers. "
        "“We owe them that much,” said Ivo Marsk, who runs the yard."
    )
    statements = run(body)
    offered = [s for s in statements if s.speaker == "Marrow Technologies"]
    assert offered
    assert all(s.speaker_type == "institution" for s in offered)


def test_a_quoted_paragraph_after_a_paragraph_of_reported_speech_carries_it_on() -> None:
    body = (
        "“Big changes now would be a mistake,” Ivo Marsk wrote to the harbour board.\n\n"
        "If anything, Ada Vell argued in her own letter, the vote shows why the board needs new rules.\n\n"
        "“After this breach, is it wise to leave the chair so much power over the harbour's rules?”\n\n"
        "The board meets again in May."
    )
    st = by_text(run(body), "After this breach")
    assert st.speaker == "Ada Vell"


def test_a_quoted_paragraph_after_plain_narration_keeps_the_last_speaker() -> None:
    body = (
        "“Big changes now would be a mistake,” Ivo Marsk wrote to the harbour board.\n\n"
        "Ada Vell chaired the board for three years before the vote in Portwick.\n\n"
        "“The chair should never hold that much power over the harbour's own rules.”"
    )
    st = by_text(run(body), "The chair should never")
    assert st.speaker == "Ivo Marsk"
