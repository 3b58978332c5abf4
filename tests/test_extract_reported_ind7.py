"""Reported speech: an inverted cue whose unnamed speaker is a counted group or has a relative clause, a
participle cue after a comma inside closing quotes, and cues whose "content" is only a place, a time or a
company's figures."""

from __future__ import annotations

import pytest
from extract_helpers import reported, run


@pytest.mark.parametrize(
    ("body", "speaker", "text"),
    [
        (
            "Mayor Tilde Okkar opened the fair. The new toll may hurt the salt traders more than anyone, "
            "said several observers.",
            "observers",
            "The new toll may hurt the salt traders more than anyone",
        ),
        (
            "Mayor Tilde Okkar opened the fair. The ferry levy will be doubled next spring, said an official "
            "who was briefed on the talks and spoke on condition of anonymity.",
            "official",
            "The ferry levy will be doubled next spring",
        ),
        (
            "Mayor Tilde Okkar opened the fair. Keeping the lighthouse open is the harbour board's duty, "
            "said a handful of pilots who point to the wrecks of last winter.",
            "a handful of pilots",
            "Keeping the lighthouse open is the harbour board's duty",
        ),
    ],
)
def test_an_inverted_cue_speaks_for_a_counted_or_described_group(body: str, speaker: str, text: str) -> None:
    got = reported(body)
    assert (speaker, "said", text) in got
    assert not [t for t in got if t[2].startswith(("several", "an official", "a handful"))]


def test_an_inverted_cue_still_reads_a_clause_after_it_as_its_content() -> None:
    # "said one candidate ... is X": a count word opening a clause with a verb is a content, not a speaker.
    got = reported("Mayor Tilde Okkar, asked about the race, said one candidate she admires is Ivo Brant.")
    assert [(sp, t) for sp, _, t in got] == [("Tilde Okkar", "one candidate she admires is Ivo Brant")]


@pytest.mark.parametrize("close", ["''", "\u201d", '"'])
def test_a_participle_cue_after_a_comma_inside_closing_quotes_opens_its_own_statement(close: str) -> None:
    opening = {"''": "''", "\u201d": "\u201c", '"': '"'}[close]
    body = (
        f"Mayor Tilde Okkar called the toll {opening}a tax on salt,{close} accusing the board of emptying "
        "the harbour of traders."
    )
    got = reported(body)
    assert ("Tilde Okkar", "accusing", "the board of emptying the harbour of traders") in got
    assert not [t for t in got if t[1] == "called" and "accusing" in t[2]]


def test_the_american_spelling_of_signalled_is_a_cue_of_its_own() -> None:
    got = reported("Mayor Tilde Okkar proposed closing the quay and signaled support for a ferry register.")
    assert ("Tilde Okkar", "proposed", "closing the quay") in got
    assert ("Tilde Okkar", "signaled", "support for a ferry register") in got


@pytest.mark.parametrize(
    "body",
    [
        "Mayor Tilde Okkar testified before the harbour panel last autumn.",
        "Mayor Tilde Okkar declared in Vellburg late last night.",
        "Warden Ivo Brant suggested at the meeting with the pilots.",
        "The board met in secret, as the Salt Courier reported a few days later.",
        "The Salt Courier's Edda Mols reported from the capital.",
        "Four ferry companies reported year-over-year drops in fares.",
        "The harbour casinos reported $2.1 million in takings in the first ten months.",
        "Warden Ivo Brant reported daily to the harbour master.",
    ],
)
def test_a_cue_whose_only_content_is_a_place_a_time_or_figures_says_nothing(body: str) -> None:
    assert reported(body) == []


@pytest.mark.parametrize(
    ("body", "text"),
    [
        ("Mayor Tilde Okkar declared in Vellburg that the quay would close.", "the quay would close"),
        ("Warden Ivo Brant reported to the board that the pier was cracked.", "the pier was cracked"),
        (
            "Warden Ivo Brant warned of a storm surge along the northern quay.",
            "of a storm surge along the northern quay",
        ),
    ],
)
def test_a_place_or_time_before_a_real_content_keeps_it(body: str, text: str) -> None:
    assert [t for _, _, t in reported(body)] == [text]


@pytest.mark.parametrize(
    ("body", "cue", "text"),
    [
        (
            "While Mayor Tilde Okkar said that the salt quay would never close, she seemed uneasy when asked "
            "about the ferries.",
            "said",
            "the salt quay would never close",
        ),
        (
            "As Warden Ivo Brant announces that he will take on the board over the toll, he is set to sign "
            "three harbour orders.",
            "announces",
            "he will take on the board over the toll",
        ),
        (
            "While Mayor Tilde Okkar says the ledgers were private and not official, for the harbour board, "
            "it is proof of a cover-up.",
            "says",
            "the ledgers were private and not official",
        ),
        (
            "While Mayor Tilde Okkar said that, in her view, the quay would close, Warden Ivo Brant "
            "disagreed.",
            "said",
            "in her view, the quay would close",
        ),
    ],
)
def test_a_content_in_an_opening_subordinate_clause_ends_before_the_main_clause(
    body: str, cue: str, text: str
) -> None:
    assert [t for _, c, t in reported(body) if c == cue] == [text]


@pytest.mark.parametrize(
    ("body", "text"),
    [
        (
            "Mayor Tilde Okkar called Warden Ivo Brant a ''fraud,'' a sharp dig at an old ally of the "
            "pilots.",
            "Warden Ivo Brant a ''fraud,''",
        ),
        (
            'Mayor Tilde Okkar called Warden Ivo Brant the "worst warden in years," linking to a story about '
            "the pier.",
            'Warden Ivo Brant the "worst warden in years,"',
        ),
        (
            "Mayor Tilde Okkar called Warden Ivo Brant a \u201cclown\u201d on her radio show when asked "
            "about the pier.",
            "Warden Ivo Brant a \u201cclown\u201d",
        ),
    ],
)
def test_a_naming_verb_content_ends_after_its_quoted_label(body: str, text: str) -> None:
    assert [t for _, c, t in reported(body) if c == "called"] == [text]


def test_a_title_full_stop_before_a_quoted_label_does_not_end_the_object() -> None:
    got = reported("Ms. Edda Varn called Mrs. Tilde Okkar a ''salt baroness'' at the harbour fair.")
    assert got == [("Edda Varn", "called", "Mrs. Tilde Okkar a ''salt baroness''")]


@pytest.mark.parametrize(
    ("body", "speaker", "text"),
    [
        (
            "According to a Salt Courier poll released Sunday, Mayor Tilde Okkar leads the field with 22%.",
            "Salt Courier",
            "Mayor Tilde Okkar leads the field with 22%",
        ),
        (
            "According to first returns from exit polls conducted for the Salt Courier and a radio station, "
            "pilots make up a fifth of the voters in each ward.",
            "Salt Courier",
            "pilots make up a fifth of the voters in each ward",
        ),
        (
            "According to first returns from exit polls, pilots make up a fifth of the voters in each ward.",
            "first returns from exit polls",
            "pilots make up a fifth of the voters in each ward",
        ),
        (
            "Mayor Tilde Okkar won most of the pilots' votes, according to exit polling data.",
            "exit polling data",
            "Mayor Tilde Okkar won most of the pilots' votes",
        ),
    ],
)
def test_a_poll_or_its_figures_speak_after_according_to(body: str, speaker: str, text: str) -> None:
    assert reported(body) == [(speaker, "according to" if body[0] != "A" else "According to", text)]


@pytest.mark.parametrize(
    ("body", "text"),
    [
        ("Mayor Tilde Okkar raised both fists to the crowd on the quay.", None),
        ("The ferry companies raised profits by a fifth last year.", None),
        ("Mayor Tilde Okkar raised serious questions about the toll.", "serious questions about the toll"),
        ("Mayor Tilde Okkar raised the issue of the silted channel.", "the issue of the silted channel"),
    ],
)
def test_raise_reports_words_only_with_a_noun_of_discourse(body: str, text: str | None) -> None:
    assert [t for _, c, t in reported(body) if c == "raised"] == ([text] if text else [])


def test_a_time_of_day_after_a_weekday_is_no_part_of_the_content() -> None:
    got = reported("Mayor Tilde Okkar said on Sunday morning the salt quay would close.")
    assert got == [("Tilde Okkar", "said", "the salt quay would close")]


@pytest.mark.parametrize(
    "body",
    [
        "Mayor Tilde Okkar faces claims that she bullied pilots, which she has denied and which her aide "
        "recently backed away from.",
        "Okkar holds a wide lead among pilots, which her team refers to as its bedrock.",
        "The toll, which most pilots opposed, in May was doubled by the board.",
        "The toll, which Mayor Tilde Okkar called for in May, was dropped.",
    ],
)
def test_a_cue_whose_object_is_a_relative_word_before_its_subject_has_no_content(body: str) -> None:
    assert reported(body) == []


def test_a_source_after_an_opening_as_still_reports_the_clause_after_the_comma() -> None:
    got = reported(
        "As the Salt Courier reported, Mayor Tilde Okkar was also accused of breaking harbour rules."
    )
    assert got == [
        ("Salt Courier", "reported", "Mayor Tilde Okkar was also accused of breaking harbour rules")
    ]


def test_a_cue_with_only_a_scene_is_dropped_and_a_later_pronoun_still_finds_its_subject() -> None:
    body = (
        "Harbour Works plans to cut costs. Closing that gap means savings wherever they can be found, as "
        "Mr. Ivo Brant suggested at the meeting with investors. ''This was a really hard decision for the "
        "harbour,'' he said."
    )
    assert [(st.speaker, st.kind) for st in run(body)] == [("Ivo Brant", "direct")]


@pytest.mark.parametrize(
    ("body", "cue", "text"),
    [
        (
            "Mayor Tilde Okkar said that, because Warden Ivo Brant testified that her ledgers were "
            '"truthful," it is also a sign that her public word was true.',
            "testified",
            'her ledgers were "truthful,"',
        ),
        (
            'While Mayor Tilde Okkar said the toll was "fair," the pilots of the north quay disagreed.',
            "said",
            'the toll was "fair,"',
        ),
        (
            "The pilots left because Warden Ivo Brant said the port, the pier and the quay would close.",
            "said",
            "the port, the pier and the quay would close",
        ),
    ],
)
def test_a_subordinate_clause_inside_the_sentence_ends_its_content_at_the_main_clause(
    body: str, cue: str, text: str
) -> None:
    assert [t for _, c, t in reported(body) if c == cue] == [text]


def test_a_spaced_hyphen_ends_a_noun_cue_content_like_a_dash() -> None:
    got = reported(
        "Edda Varn spoke at the fair. It was a wide expansion of Varn's claims that Okkar is "
        "unfit - and one that made the warden wince."
    )
    assert got == [("Edda Varn", "claims", "Okkar is unfit")]


@pytest.mark.parametrize(
    ("body", "asker", "text"),
    [
        (
            "Asked by Ivo Brant whether she had rehearsed her speech, Mayor Tilde Okkar said she had done so "
            "twice.",
            "Ivo Brant",
            "whether she had rehearsed her speech",
        ),
        (
            "Ivo Brant hosts the harbour hour. Asked by Brant if the pilots \u201cget\u201d the toll, Mayor "
            "Tilde Okkar smiled.",
            "Ivo Brant",
            "if the pilots \u201cget\u201d the toll",
        ),
    ],
)
def test_an_opening_asked_by_clause_is_the_asker_s_question(body: str, asker: str, text: str) -> None:
    assert (asker, "Asked", text) in reported(body)


def test_an_opening_asked_by_an_unnamed_group_gives_no_question() -> None:
    assert not [t for t in reported("Asked by reporters whether she would run, Mayor Tilde Okkar smiled.")]
