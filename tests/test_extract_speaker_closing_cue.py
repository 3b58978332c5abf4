"""Speakers of quotes that follow a sentence ending in its cue, and of names opened by a function word.

Each test is one mechanism, written in invented words (invented people, places and bodies).
"""

from __future__ import annotations

from extract_helpers import run

_FIRST = (
    "“The ferry fares will have to rise before the winter, whatever the board decides,” said Orla Brennick, "
    "who edits the Portwick Ledger. "
)


def _by_text(body: str) -> dict[str, str]:
    return {s.text.split()[0]: s.speaker for s in run(body) if s.kind == "direct"}


def test_a_quote_after_a_sentence_ending_in_agreed_is_that_subjects() -> None:
    body = (
        _FIRST
        + "Harbour historian Ivo Marrant agreed. “Nobody in Westmarch wants to pay more for the crossing.”"
    )
    got = _by_text(body)
    assert got["The"] == "Orla Brennick"
    assert got["Nobody"] == "Ivo Marrant"


def test_a_quote_after_a_fronted_content_and_its_cue_is_the_cues_subject() -> None:
    # `Or maybe the mayor, pollster X says. "..."`: the subject closes the sentence, the quote is its own.
    body = _FIRST + (
        "Or maybe the mayor, dock pollster Senna Kovrik says. "
        "“Several surveys show a second look at the ferry plan across the valley.”"
    )
    got = _by_text(body)
    assert got["Several"] == "Senna Kovrik"


def test_the_cue_ending_the_sentence_keeps_its_own_cue_and_stance() -> None:
    body = (
        _FIRST
        + "Ivo Marrant warned on Tuesday. “The fares have not risen in nine years and need not rise now.”"
    )
    st = next(s for s in run(body) if s.text.startswith("The fares"))
    assert st.speaker == "Ivo Marrant"
    assert st.cue == "warned"
    assert st.date == "2023-03-14"  # the cue's own clause dates the quote


def test_a_sentence_ending_in_no_cue_leaves_the_floating_quote_to_the_last_speaker() -> None:
    body = (
        _FIRST + "Ivo Marrant runs the night ferry. “Nobody in Westmarch wants to pay more for the crossing.”"
    )
    got = _by_text(body)
    assert got["Nobody"] == "Orla Brennick"


def test_a_quote_in_the_next_paragraph_is_not_the_closing_cues() -> None:
    body = (
        _FIRST
        + "Ivo Marrant agreed.\n\n“Nobody in Westmarch wants to pay more for the crossing,” Brennick said."
    )
    got = _by_text(body)
    assert got["Nobody"] == "Orla Brennick"


def test_a_function_word_opening_a_sentence_is_no_part_of_a_name() -> None:
    # "Other" and "Like" are capitalised only where they open a sentence: never a given name, even when the
    # article never writes them in lower case.
    body = (
        "Tomas Velder spoke at the Portwick regatta on Friday about ferry fares.\n\n"
        "Other Westmarchers cheered the plan to cut the fares. "
        "He says the fares “will fall by a third before the next regatta comes round.”\n\n"
        "Like Velder, the Marrow camp has made the fares its main theme this season."
    )
    speakers = {s.speaker for s in run(body)}
    assert "Other Westmarchers" not in speakers
    assert "Like Velder" not in speakers
    assert "Tomas Velder" in speakers


def test_a_paragraph_ending_in_a_verb_and_a_colon_introduces_the_next_paragraphs_quote() -> None:
    # "released the following statement:" is no cue of the lexicon; the colon makes it the quote's lead-in.
    body = (
        "Ivo Marrant ran the Portwick ferries for thirty years and died in the spring.\n\n"
        "When the news reached the capital, Governor Senna Kovrik released the following statement:\n\n"
        "“Ivo kept the crossing open through three floods and never once asked for thanks.”"
    )
    st = next(s for s in run(body) if s.text.startswith("Ivo kept"))
    assert st.speaker == "Senna Kovrik"
    assert st.cue == "released"


def test_a_passive_lead_in_before_the_colon_names_no_speaker() -> None:
    # "were approved" is a participle after an auxiliary: the board's fares are no one's words.
    body = (
        "Ivo Marrant ran the Portwick ferries for thirty years.\n\n"
        "For the coming season the new ferry fares were approved:\n\n"
        "“Adults two crowns, children one crown, bicycles free of charge.”"
    )
    assert all(s.cue != "approved" for s in run(body))
