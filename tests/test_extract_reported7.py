"""Reported speech of groups and that-clauses: a plural subject's present tense ("critics say", "aides who
argue"), and a that-clause after a plain saying verb whatever verb it holds ("told the Courier that the barge
drove on")."""

from __future__ import annotations

import pytest
from extract_helpers import run

from quoteline.extract import cues


def _found(body: str) -> list[tuple[str, str, str]]:
    return [(st.speaker, st.cue, st.text) for st in run(body) if st.kind == "indirect"]


@pytest.mark.parametrize(
    ("body", "speaker", "text"),
    [
        (
            "Ilse Marrow told the Halvik Courier that the barge drove into the pier outside her shop.",
            "Ilse Marrow",
            "the barge drove into the pier outside her shop",
        ),
        (
            "Dag Fenner, a trawlerman visiting Portwick, told the Gazette that he saw the crane fall.",
            "Dag Fenner",
            "he saw the crane fall",
        ),
        (
            "On Monday, harbour chief Ola Brenn told a Tidewater supper club that her stance holds.",
            "Ola Brenn",
            "her stance holds",
        ),
    ],
)
def test_that_clause_after_told_is_content(body: str, speaker: str, text: str) -> None:
    # No auxiliary or -ed form shows the clause: the "that" alone makes it what was said.
    assert (speaker, "told", text) in _found(body)


def test_told_with_only_a_listener_is_still_no_statement() -> None:
    assert _found("Ilse Marrow told the Halvik Courier on Monday.") == []


@pytest.mark.parametrize(
    ("body", "cue", "text"),
    [
        ("Harbour critics say the new levy will empty the quay by spring.", "say", "the new levy will empty"),
        (
            "Portwick ferry executives also argue that the pier tax is too high.",
            "argue",
            "the pier tax is too",
        ),
        ("Tidewater Republicans insist the crossing must stay open at night.", "insist", "the crossing must"),
    ],
)
def test_plural_subject_present_tense_is_a_cue(body: str, cue: str, text: str) -> None:
    found = [(c, t) for _, c, t in _found(body)]
    assert any(c == cue and t.startswith(text) for c, t in found), found


@pytest.mark.parametrize(
    "body",
    [
        "Do harbour critics say the levy is too high?",
        "The mayor would let harbour critics say the levy is too high.",
        "Harbour critics will say the levy is too high.",
        "Ola Brenn wants to say the levy is too high.",
    ],
)
def test_uninflected_verb_without_a_plural_present_is_no_cue(body: str) -> None:
    assert not any(c == "say" for _, c, _ in _found(body))


def test_plural_present_list_must_name_base_forms_of_cues() -> None:
    data = {"cues": [{"cue": "say", "forms": ["says", "said", "saying"]}], "plural_present": ["mumble"]}
    with pytest.raises(cues.LexiconError, match="mumble"):
        cues.parse_lexicon(data)


@pytest.mark.parametrize(
    "body",
    [
        "Ada Vell wrote a column for the Portwick Courier about the ferry timetable.",
        "Ada Vell wrote an introduction for the new harbour almanac.",
        "Ada Vell wrote under a pen name for years.",
    ],
)
def test_writing_a_text_is_no_statement(body: str) -> None:
    assert not [c for _, c, _ in _found(body) if c == "wrote"]


def test_a_written_text_reports_its_that_clause() -> None:
    body = "Ada Vell wrote in a letter that the ferry must keep running."
    assert ("Ada Vell", "wrote", "the ferry must keep running") in _found(body)


@pytest.mark.parametrize(
    ("body", "speaker", "text"),
    [
        (
            "The plan worried harbour traders and campaigners, who pointed out that the levy would break it.",
            "harbour traders and campaigners",
            "the levy would break it",
        ),
        (
            "The levy was opposed by rival skippers who argued that the quay was unsafe.",
            "rival skippers",
            "the quay was unsafe",
        ),
    ],
)
def test_plural_group_before_who_speaks_unnamed(body: str, speaker: str, text: str) -> None:
    got = [(st.speaker, st.speaker_type, st.text) for st in run(body) if st.kind == "indirect"]
    assert (speaker, "unnamed", text) in got


def test_group_before_who_describing_the_group_is_no_statement() -> None:
    # A criticism in a restrictive clause describes who the group is.
    assert _found("The firm hired detectives to follow reporters who criticized the harbour board.") == []


def test_they_after_a_group_is_that_group() -> None:
    body = "Harbour critics say the levy will empty the quay. They say the ferry will stop by May."
    got = [(st.speaker, st.text) for st in run(body) if st.kind == "indirect"]
    assert ("Harbour critics", "the ferry will stop by May") in got


def test_they_after_a_person_stays_unresolved() -> None:
    body = "Ada Vell said the levy was fair. They said the ferry will stop by May."
    assert [st.text for st in run(body) if st.kind == "indirect"] == ["the levy was fair"]


def test_a_body_named_by_its_kind_is_the_body_named_before() -> None:
    body = (
        "The Harbour Ferry Company said on Monday it would cut fares. "
        "The company says it weighed putting the new berths in Halvik."
    )
    got = [(st.speaker, st.text) for st in run(body) if st.kind == "indirect"]
    assert ("Harbour Ferry Company", "it weighed putting the new berths in Halvik") in got


def test_cue_whose_object_is_a_relative_pronoun_is_no_statement() -> None:
    body = "After the board heard the claims, which Ada Vell denies, the talk of a strike ended."
    assert _found(body) == []


def test_medial_attribution_still_wraps_its_content() -> None:
    body = "The ferry will run on Sundays, Ada Vell said, but the pier will stay shut."
    assert ("Ada Vell", "said", "The ferry will run on Sundays but the pier will stay shut") in _found(body)
