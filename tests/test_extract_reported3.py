"""Reported speech, third round: "according to" after a clause with its own cue, the listener of "told",
and a scene-setting adjunct that dates the statement. Every sentence is invented, about fictional people."""

from __future__ import annotations

from extract_helpers import run


def _triples(body: str, **kw: str) -> list[tuple[str, str, str]]:
    return [(s.speaker, s.cue, s.text) for s in run(body, **kw)]


def test_according_to_after_a_clause_with_its_own_cue_adds_no_statement() -> None:
    got = _triples(
        "Ferry captain Mirek Osswald told her that the northern crossing would close, "
        "according to the Tarvian Transport Ministry."
    )
    assert got == [("Mirek Osswald", "told", "the northern crossing would close")]


def test_according_to_with_a_pronoun_subject_keeps_the_pronouns_speaker() -> None:
    got = _triples(
        "Mirek Osswald, a ferry captain, spoke at the quay. "
        "He told her that the ferry fares would double, according to the Tarvian Transport Ministry."
    )
    assert got == [("Mirek Osswald", "told", "the ferry fares would double")]


def test_according_to_after_a_bare_clause_is_still_the_sources_statement() -> None:
    got = _triples("The northern crossing would close in May, according to the Tarvian Transport Ministry.")
    assert [(c, t) for _, c, t in got] == [("according to", "The northern crossing would close in May")]
    assert "Transport Ministry" in got[0][0]


def test_told_and_a_pronoun_listener_then_a_bare_clause() -> None:
    got = _triples("Harbour warden Ansel Quirring told her the southern pier would reopen.")
    assert got == [("Ansel Quirring", "told", "the southern pier would reopen")]


def test_told_reporters_that() -> None:
    got = _triples("Harbour warden Ansel Quirring told reporters that the southern pier would reopen.")
    assert got == [("Ansel Quirring", "told", "the southern pier would reopen")]


def test_told_a_named_body_then_a_bare_clause() -> None:
    got = _triples(
        "Harbour warden Ansel Quirring told the dock workers' council the cranes would be replaced."
    )
    assert got == [("Ansel Quirring", "told", "the cranes would be replaced")]


def test_told_with_an_object_that_is_not_a_listener_keeps_the_object() -> None:
    got = _triples("Harbour warden Ansel Quirring told the story of the flooded quay.")
    assert [t for _, _, t in got] == ["the story of the flooded quay"]


def test_scene_setting_adjunct_dates_the_statement() -> None:
    (st,) = run(
        "Speaking to the canal authority late on Sunday, lock keeper Brunhild Easterly said the water "
        "levels would fall.",
        published="2024-06-12",
    )
    assert (st.speaker, st.text) == ("Brunhild Easterly", "the water levels would fall")
    assert st.date == "2024-06-09"


def test_long_lead_without_a_closing_comma_does_not_date_the_statement() -> None:
    (st,) = run(
        "The canal authority that met on Sunday to review the flooded locks and the barges heard lock keeper "
        "Brunhild Easterly say nothing; Brunhild Easterly said the water levels would fall.",
        published="2024-06-12",
    )
    assert st.date == "2024-06-12"


def test_an_audience_noun_inside_the_content_is_not_taken_for_the_listener() -> None:
    got = _triples("Harbour warden Ansel Quirring told her the pilots' council would meet on the pier.")
    assert got == [("Ansel Quirring", "told", "the pilots' council would meet on the pier")]


def test_a_listener_of_several_words_ends_at_its_audience_noun() -> None:
    got = _triples("Harbour warden Ansel Quirring told the lock board members the gates would stay shut.")
    assert got == [("Ansel Quirring", "told", "the gates would stay shut")]
