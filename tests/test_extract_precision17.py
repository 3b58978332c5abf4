"""Verbs that tell a stand, a refusal, a wish or a thing brought up, not words (data/cues.yaml): no bare
"back", "oppose" or "decline"; "hope" before an infinitive is a wish; "recall", "mention", "observe" and
"post" report only a clause (`that_only`), like "brief". The clauses, and the statements of the verbs that
stay cues, still come out."""

from __future__ import annotations

import pytest
from extract_helpers import run

from quoteline.extract import cues


def _reported(body: str) -> list[tuple[str, str]]:
    return [(st.cue, st.text) for st in run(body) if st.kind == "indirect"]


@pytest.mark.parametrize(
    "body",
    [
        # A backing or a vote, as "supported" and "endorsed" are.
        "Ada Vellmar backed Ivo Rastel for the harbour board last winter.",
        "The guild, which had backed the Orvel ferry plan, lost the vote.",
        # A stand, not words.
        "Ada Vellmar opposed the Halvik ferry levy in the council.",
        "Councillor Ivo Rastel still opposes the northern toll on ferries.",
        # A refusal: nothing was said.
        "Ada Vellmar declined to say whether she would stand again.",
        "Asked about the sale, Ivo Rastel declined to name the buyer.",
        # A wish.
        "Ada Vellmar hopes to win the Portwick seat next spring.",
        "Ivo Rastel is hoping to reopen the salt quay before the regatta.",
        # A thing brought up or remembered, not what was said of it.
        "Ada Vellmar recalled the 2019 floods at the start of her speech.",
        "Recalling his own first regatta, Ivo Rastel handed out the prizes.",
        "The pilots cheered when Ada Vellmar mentioned the new tide charts.",
        "Ivo Rastel kept mentioning the salt guild at the dinner.",
        "Ada Vellmar mentioned the skippers in Portwick, whom the guards have held for a week.",
        "Ivo Rastel recalled their commitment to reform the harbour board.",
        # Watching and publishing.
        "Ada Vellmar, who observed the regatta from the north pier, left on Monday.",
        "Ivo Rastel has posted 300 times this month on Skyline.",
        "During the strike, Ada Vellmar posted clips of the empty quay.",
    ],
)
def test_acts_and_wishes_are_no_statements(body: str) -> None:
    assert _reported(body) == []


@pytest.mark.parametrize(
    ("body", "cue", "text"),
    [
        ("Ada Vellmar recalled that the quay had flooded twice in 2019.", "recalled", "the quay had flooded"),
        # A bare clause: its subject, then an auxiliary or a modal.
        ("Ivo Rastel mentioned the board will hire two pilots.", "mentioned", "the board will hire"),
        ("Ivo Rastel mentioned that the levy would double next year.", "mentioned", "the levy would double"),
        ("Ada Vellmar observed that the quay was empty by noon.", "observed", "the quay was empty"),
        ("Ivo Rastel posted on Skyline that the ferry would run.", "posted", "the ferry would run"),
        ("Ada Vellmar hopes that the council will drop the toll.", "hopes", "the council will drop the toll"),
        # The content before the cue is still read when nothing but a time follows the cue.
        (
            "The quay was safe in those years, Ada Vellmar recalled on Monday.",
            "recalled",
            "The quay was safe",
        ),
        ("As Ivo Rastel observed, the quay was empty by noon.", "observed", "the quay was empty"),
        # The verbs of refusal and objection that stay cues.
        ("Ivo Rastel refused to accept the guild's offer.", "refused to accept", "the guild's offer"),
        ("Ada Vellmar objected to the northern toll.", "objected to", "the northern toll"),
    ],
)
def test_said_contents_stay(body: str, cue: str, text: str) -> None:
    found = _reported(body)
    assert any(c == cue and text in t for c, t in found), found


def test_that_only_is_read_from_the_lexicon() -> None:
    lex = cues.load()
    by_cue = {e.cue: e for e in lex.entries}
    assert all(by_cue[verb].that_only for verb in ("recall", "mention", "observe", "post", "brief"))
    assert not by_cue["say"].that_only
    assert not {"back", "oppose", "decline"} & set(by_cue)
    assert "to" in by_cue["hope"].not_before


def test_that_only_entry_parses_from_yaml() -> None:
    lex = cues.parse_lexicon({"cues": [{"cue": "recall", "that_only": True}, {"cue": "say"}]})
    assert [e.that_only for e in lex.entries] == [True, False]
