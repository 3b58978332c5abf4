"""Reported speech: inverted attribution, where the content ends, verbs used for something other than
saying, and "they" after a meeting of two people."""

from __future__ import annotations

import pytest
from extract_helpers import reported, run


@pytest.mark.parametrize(
    ("body", "speaker", "text"),
    [
        (
            "In the valley, the old tannery is still working, but it is losing orders to cheaper rivals, "
            "said the tannery's owner, Ottilie Marsk.",
            "Ottilie Marsk",
            "In the valley, the old tannery is still working, but it is losing orders to cheaper rivals",
        ),
        (
            "The ferry timetable cannot be kept through the storms, said Mayor Ruben Tasselhof on Monday.",
            "Ruben Tasselhof",
            "The ferry timetable cannot be kept through the storms",
        ),
    ],
)
def test_content_first_with_the_cue_before_its_speaker(body: str, speaker: str, text: str) -> None:
    got = reported(body)
    assert [(sp, t) for sp, _, t in got] == [(speaker, text)]


def test_an_inverted_cue_followed_by_a_listener_pronoun_is_not_a_speaker() -> None:
    assert not [t for t in reported("The gates stay shut, told him nothing new.") if t[0] == "him"]


@pytest.mark.parametrize(
    ("body", "text"),
    [
        # An object content: the coordinated verb is the subject's own next act.
        ("Mayor Pell Drummond claimed self-defence and was cleared by the tribunal.", "self-defence"),
        (
            "Mayor Pell Drummond praised the lock keeper Ida Fenn, who has promised to stay on.",
            "the lock keeper Ida Fenn",
        ),
        # A clause content: a negated coordinate with "but" is the subject's, not the content's.
        (
            "Mayor Pell Drummond said he would back a candidate for the harbour board but did not say whom.",
            "he would back a candidate for the harbour board",
        ),
    ],
)
def test_content_ends_before_the_subjects_own_next_predicate(body: str, text: str) -> None:
    got = reported(body)
    assert (got[0][0], got[0][2]) == ("Pell Drummond", text)


def test_a_coordinated_verb_inside_a_clause_content_stays_in_it() -> None:
    got = reported("Mayor Pell Drummond said the keeper was tired and wanted to rest.")
    assert got == [("Pell Drummond", "said", "the keeper was tired and wanted to rest")]


def test_a_doubled_apostrophe_quote_after_the_cue_is_a_new_sentence() -> None:
    got = reported(
        "Mayor Pell Drummond said he was building a second quay. ''The old one is falling apart,'' he said."
    )
    assert got[0][2] == "he was building a second quay"


@pytest.mark.parametrize(
    "body",
    [
        "The lead of councillor Ada Brisk continues to grow after the count in Welby.",
        "Councillor Ada Brisk added to her lead in the northern wards.",
        "Councillor Ada Brisk sought to calm the crowd at the market hall.",
        "Councillor Ada Brisk raised $40,000 for the lifeboat fund in March.",
        "Councillor Ada Brisk is assured of winning at least ten seats.",
        "Councillor Ada Brisk maintains a wide lead over her rivals.",
        "Councillor Ada Brisk was charged with fraud by the harbour police.",
    ],
)
def test_verbs_used_for_something_other_than_saying_give_no_statement(body: str) -> None:
    assert reported(body) == []


def test_they_after_a_meeting_of_two_people_is_both_of_them() -> None:
    got = reported(
        "President Ola Brenn met on Monday with Prime Minister Kari Lund of Velmar to review the harbour. "
        "Their talks covered fisheries and trade. They agreed to open a second ferry line to the islands."
    )
    assert sorted(sp for sp, _, _ in got) == ["Kari Lund", "Ola Brenn"]
    assert {t for _, _, t in got} == {"open a second ferry line to the islands"}


def test_they_without_a_meeting_of_two_people_gives_no_pair() -> None:
    got = reported(
        "President Ola Brenn opened the new ferry terminal. Prime Minister Kari Lund visited the dockyard. "
        "Many fishermen stayed away. They agreed to open a second ferry line to the islands."
    )
    assert not any(sp in ("Ola Brenn", "Kari Lund") for sp, _, _ in got)


def test_a_determiner_after_that_does_not_count_as_the_verbs_object() -> None:
    got = reported("Mayor Ada Brisk maintained that the northern wards had voted for her.")
    assert got == [("Ada Brisk", "maintained", "the northern wards had voted for her")]


@pytest.mark.parametrize(
    "body",
    [
        "Mayor Ada Brisk said of the new ferry line in a long interview.",
        "Mayor Ada Brisk wrote to the lock keepers on Friday.",
        "Mayor Ada Brisk told the harbour pilots afterward.",
        "Mayor Ada Brisk said on Nov. 9.",
    ],
)
def test_an_adjunct_or_a_listener_alone_is_not_a_content(body: str) -> None:
    assert reported(body) == []


def test_a_doubled_apostrophe_quote_closing_a_content_ends_it() -> None:
    # Doubled apostrophes are quote marks like curly ones: the quote, most of the reported words, becomes the
    # direct statement (the 40 % convention), and nothing runs on into the next sentence.
    after = " The old quay is the town's pride."
    doubled = "Mayor Ada Brisk said every harbour was ''both a road and a wall.''" + after
    curly = "Mayor Ada Brisk said every harbour was \u201cboth a road and a wall.\u201d" + after
    got = [(st.speaker, st.kind, st.text) for st in run(doubled)]
    assert got == [("Ada Brisk", "direct", "both a road and a wall.")]
    assert got == [(st.speaker, st.kind, st.text) for st in run(curly)]


def test_a_naming_verb_needs_a_complement() -> None:
    got = reported(
        "Mayor Ada Brisk called the new toll “a tax on fishermen”. Brisk called it a disgrace. "
        "Brisk called a meeting of the harbour board. Brisk called him on Tuesday."
    )
    assert [t for _, _, t in got] == ["the new toll “a tax on fishermen”", "it a disgrace"]


@pytest.mark.parametrize(
    ("body", "cue", "text"),
    [
        (
            "Mayor Ada Brisk reminded that the quay was built in 1911.",
            "reminded",
            "the quay was built in 1911",
        ),
        (
            "Mayor Ada Brisk expressed her gratitude to the lock keepers for their work in the flood.",
            "expressed her gratitude",
            "the lock keepers for their work in the flood",
        ),
        (
            "Mayor Ada Brisk expressed satisfaction with the repairs to the north pier.",
            "expressed satisfaction",
            "the repairs to the north pier",
        ),
    ],
)
def test_readout_cues(body: str, cue: str, text: str) -> None:
    assert reported(body) == [("Ada Brisk", cue, text)]


def test_remind_of_is_memory_not_saying() -> None:
    assert reported("The old quay reminded Mayor Ada Brisk of her childhood.") == []


@pytest.mark.parametrize(
    "subject",
    ["The presidents of Lusmark and Velmar", "The President and Prime Minister", "The two leaders"],
)
def test_two_office_holders_as_one_subject_give_both(subject: str) -> None:
    got = reported(
        "President Ola Brenn had a telephone conversation with Prime Minister Kari Lund of Velmar. "
        f"{subject} noted the success of the ferry conference."
    )
    assert sorted(sp for sp, _, _ in got) == ["Kari Lund", "Ola Brenn"]


def test_they_after_two_leaders_without_a_cue_is_the_pair() -> None:
    got = reported(
        "President Ola Brenn had a telephone conversation with Prime Minister Kari Lund of Velmar. "
        "The harbour plan was reviewed in depth. The two leaders assessed the situation in the strait. "
        "They reaffirmed a readiness to cooperate at sea."
    )
    assert sorted(sp for sp, _, _ in got) == ["Kari Lund", "Ola Brenn"]


def test_went_on_to_say_is_still_saying() -> None:
    got = reported("Mayor Ada Brisk went on to say the lock gates were older than the town hall.")
    assert len(got) == 1
    assert got[0][2].endswith("the lock gates were older than the town hall")


def test_a_relative_clause_inside_a_said_content_stays() -> None:
    got = reported("Mayor Ada Brisk said the ferry talks, which began in May, remained the best hope.")
    assert got == [("Ada Brisk", "said", "the ferry talks, which began in May, remained the best hope")]


@pytest.mark.parametrize(
    ("body", "text"),
    [
        (
            "Mayor Ada Brisk recounted her years at sea, recited her plans, and left early.",
            "her years at sea",
        ),
        (
            "Mayor Ada Brisk stressed those worries at the forum, and she raised them again later.",
            "those worries at the forum",
        ),
        ("Mayor Ada Brisk pleaded to a lesser charge; the court fined her.", "to a lesser charge"),
    ],
)
def test_an_object_content_ends_where_the_subjects_next_act_starts(body: str, text: str) -> None:
    assert reported(body)[0][2] == text


def test_a_nested_which_he_said_clause_ends_the_content() -> None:
    got = reported(
        "Mayor Ada Brisk said she can close the harbour, which she said would free funds for the quay."
    )
    assert got[0] == ("Ada Brisk", "said", "she can close the harbour")


def test_claim_responsibility_for() -> None:
    got = reported("The Velmar Harbour Front claimed responsibility for the fires on the pier.")
    assert [(c, t) for _, c, t in got] == [("claimed responsibility for", "the fires on the pier")]


def test_an_inverted_speaker_after_a_partly_quoted_content_is_not_a_content() -> None:
    got = reported(
        "The harbour “has no choice” but to raise the fees, says Evan Marrow, a consultant in Welby."
    )
    assert not [t for _, _, t in got if t.startswith("Evan Marrow")]


def test_a_medial_attribution_splits_one_content() -> None:
    got = reported(
        "The old quay may not survive the winter, Mayor Ada Brisk said, but it is still the pride of Welby."
    )
    assert got == [
        ("Ada Brisk", "said", "The old quay may not survive the winter but it is still the pride of Welby")
    ]


def test_content_first_with_a_scene_adjunct_after_the_cue() -> None:
    got = reported(
        "Many fishermen did not trust the new toll and found it unfair, Mayor Ada Brisk said in putting the "
        "question to the harbour board."
    )
    assert got == [("Ada Brisk", "said", "Many fishermen did not trust the new toll and found it unfair")]


def test_content_first_closed_by_doubled_apostrophes() -> None:
    # The quote is most of the content-first clause: one statement, the quote, by the speaker after the cue.
    got = run("The harbour ''was the best in the north,'' said Evan Marrow, the town's historian.")
    assert [(st.speaker, st.kind, st.text) for st in got] == [
        ("Evan Marrow", "direct", "was the best in the north,")
    ]


def test_a_party_label_and_a_day_between_subject_and_cue() -> None:
    got = reported(
        "Senator Ola Berg (D-Vt.) on Saturday criticized the harbour accord adopted after the talks."
    )
    assert got == [("Ola Berg", "criticized", "the harbour accord adopted after the talks")]


@pytest.mark.parametrize(
    "body",
    [
        "Mayor Ada Brisk won the vote thanks to an early campaign in the villages.",
        "Mayor Ada Brisk backed down, swapping the levy for a grant to the fleet.",
        "Mayor Ada Brisk answered her door on Sunday afternoon.",
        "The harbour police briefed Mayor Ada Brisk at the town hall after her arrival.",
        "Mayor Ada Brisk tweeted Sunday after a storm hit the quay.",
        "Mayor Ada Brisk asks as a lock keeper walks past her desk.",
        "Mayor Ada Brisk remarked, alluding to the old quay by the mill.",
    ],
)
def test_more_uses_that_are_not_statements(body: str) -> None:
    assert reported(body) == []


def test_a_medial_attribution_after_a_relative_word_reports_only_what_follows() -> None:
    got = reported(
        "Welby would take the old barges which, Mayor Ada Brisk said, the northern towns refused to keep."
    )
    assert got == [("Ada Brisk", "said", "the northern towns refused to keep")]


@pytest.mark.parametrize(
    "body",
    [
        "Mayor Ada Brisk announced her candidacy for the harbour board in June.",
        "Mayor Ada Brisk announced her presidential campaign at the fish market.",
        "Mayor Ada Brisk declared her bid for a second term at the town hall.",
        "Mayor Ada Brisk announced her resignation from the lock council.",
    ],
)
def test_announcing_an_event_of_ones_own_is_not_a_statement(body: str) -> None:
    assert reported(body) == []


def test_announcing_a_decision_is_still_a_statement() -> None:
    got = reported("Mayor Ada Brisk announced a complete closure of the north quay.")
    assert got == [("Ada Brisk", "announced", "a complete closure of the north quay")]


@pytest.mark.parametrize(
    ("body", "text"),
    [
        (
            "According to a poll published by the Welby Herald last week, most voters favored the new quay.",
            "most voters favored the new quay",
        ),
        (
            "According to the Welby Herald, the harbour board met in secret.",
            "the harbour board met in secret",
        ),
        (
            "The harbour board met in secret on the pier according to the Welby Herald.",
            "The harbour board met in secret on the pier",
        ),
    ],
)
def test_an_outlet_reporting_on_its_own_authority(body: str, text: str) -> None:
    got = reported("The Welby Herald is the town's oldest paper. " + body)
    assert [(sp, t) for sp, _, t in got] == [("Welby Herald", text)]


@pytest.mark.parametrize(
    ("body", "cue", "text"),
    [
        (
            "Mayor Ada Brisk expressed her deep concern over the flooding of the quay.",
            "expressed her deep concern",
            "the flooding of the quay",
        ),
        (
            "Mayor Ada Brisk expressed their strong support for the ferry plan.",
            "expressed their strong support for",
            "the ferry plan",
        ),
        (
            "Mayor Ada Brisk expressed interest in the new harbour crane from Ostrava.",
            "expressed interest",
            "the new harbour crane from Ostrava",
        ),
    ],
)
def test_express_phrases_with_a_possessive_and_an_intensifier(body: str, cue: str, text: str) -> None:
    assert reported(body) == [("Ada Brisk", cue, text)]


def test_a_comma_right_after_that_still_opens_the_content() -> None:
    got = reported("Mayor Ada Brisk was clear that, if the storm returns, the quay will close for a month.")
    assert got == [("Ada Brisk", "was clear", "if the storm returns, the quay will close for a month")]


def test_according_to_a_persons_critics_is_not_that_person() -> None:
    got = reported(
        "Mayor Ada Brisk shut the quay. According to Brisk's critics, the closure is a ploy to sell land."
    )
    assert not [sp for sp, _, t in got if sp == "Ada Brisk" and "ploy" in t]


@pytest.mark.parametrize(
    ("body", "text"),
    [
        (
            "In any case, Mayor Ada Brisk argued, the quay was far too long for the fleet.",
            "In any case the quay was far too long for the fleet",
        ),
        (
            "Mayor Ada Brisk said, the quay was far too long for the fleet.",
            "the quay was far too long for the fleet",
        ),
    ],
)
def test_a_comma_after_the_cue_still_opens_a_content(body: str, text: str) -> None:
    assert [t for _, _, t in reported(body)] == [text]


def test_a_long_adjunct_before_that_still_opens_the_content() -> None:
    got = reported(
        "Mayor Ada Brisk wrote in the long notice to the harbour pilots of Welby that the quay would close."
    )
    assert got == [("Ada Brisk", "wrote", "the quay would close")]


def test_asked_for_is_a_demand() -> None:
    got = reported("Mayor Ada Brisk asked for two more ferries to serve the northern islands.")
    assert got == [("Ada Brisk", "asked", "for two more ferries to serve the northern islands")]


@pytest.mark.parametrize(
    ("body", "text"),
    [
        ("Warden Pell Oskar briefed Councillor Ines Varro at the ferry office on Friday.", None),
        (
            "Warden Pell Oskar briefed the pilots that the north channel was silting up.",
            "the north channel was silting up",
        ),
    ],
)
def test_a_briefing_reports_only_a_that_clause(body: str, text: str | None) -> None:
    got = [t for _, cue, t in reported(body) if cue == "briefed"]
    assert got == ([text] if text else [])


def test_content_first_clause_completed_by_a_curly_quote_is_reported_too() -> None:
    got = run(
        "The old ferry \u201ccarried more salt than any ship on the coast,\u201d said Lenna Orvik, a pilot."
    )
    assert [(st.speaker, st.kind, st.text) for st in got] == [
        ("Lenna Orvik", "direct", "carried more salt than any ship on the coast,")
    ]
