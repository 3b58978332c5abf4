"""Mechanisms found by reading extraction output at scale on real articles, round 8, in invented words."""

from __future__ import annotations

from extract_helpers import run, speakers_of, statements_of

# An organisation's bracketed short form between its name and the cue.


def test_a_bracketed_short_form_does_not_cut_the_organisation_name_short() -> None:
    body = "The Westmarch Department of Tidal Works and Moorings (WDTM) said several piers were closed."
    assert speakers_of(body) == ["Westmarch Department of Tidal Works and Moorings"]


def test_a_bracketed_short_form_after_a_commission_on_keeps_the_whole_name() -> None:
    body = "The Harbour Commission on Fair Passage (HCFP) criticized the levy as unlawful."
    assert speakers_of(body) == ["Harbour Commission on Fair Passage"]


def test_a_bracketed_short_form_after_a_person_keeps_the_person() -> None:
    body = "Senator Ivo Brannock (Westmarch) said the levy would be dropped."
    assert speakers_of(body) == ["Ivo Brannock"]


# A day adverb opening the sentence is no part of the speaker.


def test_a_day_adverb_before_the_subject_is_not_part_of_the_body_name() -> None:
    body = "Today the Harbour Board announced a new levy on cargo ships."
    assert speakers_of(body) == ["Harbour Board"]


# A content opening with a coordinator, a dash or a comma: the cue word is a noun or a verb of another sense.


def test_a_plural_noun_spelled_like_a_cue_before_and_gives_no_statement() -> None:
    body = "The leaders of the Drevnian states and the island republics met in Halvik on Monday."
    assert statements_of(body) == []


def test_a_plural_noun_spelled_like_a_cue_before_a_dash_and_a_verb_gives_no_statement() -> None:
    body = "Next come the Vellish states - is anyone sure they are safe from the fleet?"
    assert statements_of(body) == []


def test_a_dash_after_a_cue_may_open_its_content() -> None:
    body = "Were those the gifts Ada Vell had described - donations of her own cash?"
    assert [(k, sp) for k, sp, _ in statements_of(body)] == [("indirect", "Ada Vell")]


def test_a_verb_of_going_on_before_a_comma_gives_no_statement() -> None:
    body = "As long as the blockade continues, the harbour towns are suffering."
    assert statements_of(body) == []


def test_an_aside_between_commas_before_that_opens_the_content_after_that() -> None:
    body = "Ada Vell spoke with Tomas Orrin, noting, in particular, that the ferry link must reopen."
    assert ("indirect", "Ada Vell", "the ferry link must reopen") in statements_of(body)


# A written text quoted after its verb, with no colon, a relative pronoun or a word of time between.


def test_a_statement_which_read_is_the_words_of_who_released_it() -> None:
    body = (
        'The Portwick Ferry Company released a statement which read, in part, "This ruling raises grave '
        'questions about the future of the crossing."'
    )
    assert statements_of(body) == [
        (
            "direct",
            "Portwick Ferry Company",
            "This ruling raises grave questions about the future of the crossing.",
        )
    ]


def test_a_statement_which_said_is_the_words_of_who_issued_it() -> None:
    body = (
        'The Tidal Guild issued a statement which said, "The guild will fight the levy in every court in the '
        'land."'
    )
    assert statements_of(body) == [
        ("direct", "Tidal Guild", "The guild will fight the levy in every court in the land.")
    ]


def test_an_owned_statement_with_a_day_before_its_verb_and_no_colon_is_the_owner_s() -> None:
    body = (
        "Orrin Shipping's official statement yesterday read \"We are very sorry to report that our flagship "
        'has sunk off the cape."'
    )
    out = run(body)
    assert [(s.kind, s.speaker, s.date) for s in out] == [("direct", "Orrin Shipping", "2023-03-14")]


def test_an_indefinite_text_with_no_verb_before_it_names_no_author() -> None:
    body = 'In a letter that said, "We will not pay the levy this year or the next," nobody signed.'
    assert [s for s in run(body) if s.kind == "direct" and s.speaker != "unknown"] == []


# Transcript labels.


def test_a_double_barrelled_label_keeps_both_capitals() -> None:
    body = (
        "MS. VELL-ORRIN: Good afternoon, everyone. We have a lot to cover today on the harbour levy.\n\n"
        "Q    Will the levy pass this week?\n\n"
        "MS. VELL-ORRIN: We expect the board to vote on it by Friday, and we are confident."
    )
    assert {s.speaker for s in run(body)} == {"Vell-Orrin"}


def test_a_questioner_label_with_a_single_space_ends_the_turn_before_it() -> None:
    body = (
        "MS. VELL-ORRIN: Good afternoon, everyone. We have a lot to cover today on the harbour levy.\n\n"
        "Q Thank you. Will the levy pass this week?\n\n"
        "MS. VELL-ORRIN: We expect the board to vote on it by Friday, and we are confident."
    )
    assert [s.text for s in run(body)] == [
        "Good afternoon, everyone. We have a lot to cover today on the harbour levy.",
        "We expect the board to vote on it by Friday, and we are confident.",
    ]


def test_a_paragraph_opening_with_q_and_a_space_is_no_label_outside_a_transcript() -> None:
    body = (
        'Q Street was closed on Monday. "We will reopen it once the pipes are fixed," the mayor, Ada Vell, '
        "said.\n\nQ Street traders said the closure cost them dearly."
    )
    assert ("direct", "Ada Vell", "We will reopen it once the pipes are fixed,") in statements_of(body)


# A capitalised description with a complement, after the article printed it before a full name.


def test_a_whole_description_printed_before_a_name_names_that_person_later() -> None:
    body = (
        "Secretary of the Harbour Security Council Ivo Varnek spoke at a briefing in Halvik. President Ada "
        "Vell chaired the meeting.\n\n"
        "The Secretary of the Harbour Security Council noted that the ferries would resume on Friday.\n\n"
        '"We will keep the berths open," said the Secretary of the Harbour Security Council.'
    )
    assert speakers_of(body) == ["Ivo Varnek", "Ivo Varnek"]


def test_a_qualified_title_before_the_description_introduces_someone_else() -> None:
    body = (
        "Deputy Secretary of the Harbour Security Council Ivo Varnek spoke at a briefing in Halvik.\n\n"
        "The Secretary of the Harbour Security Council noted that the ferries would resume on Friday."
    )
    assert "Ivo Varnek" not in speakers_of(body)


def test_a_long_posting_before_the_name_still_introduces_the_adviser() -> None:
    body = (
        "Adviser to the Head of the Office of the President of Valdoria Mara Tolvik spoke at the briefing on "
        "the ferries.\n\n"
        "The Adviser to the Head of the President's Office stressed that the talks would go on."
    )
    assert speakers_of(body) == ["Mara Tolvik"]


def test_a_quote_after_an_aside_between_dashes_is_still_the_speaker_s() -> None:
    body = (
        'On Friday Ada Vell said — as the Courier reported — "The ferries will not sail again this winter, '
        'whatever the board decides."'
    )
    assert (
        "direct",
        "Ada Vell",
        "The ferries will not sail again this winter, whatever the board decides.",
    ) in statements_of(body)


# "further" and "earlier" before a past tense are adverbs, not the adjective of a noun of saying.


def test_further_before_a_past_tense_cue_is_an_adverb() -> None:
    body = (
        'Ada Vell spoke to the press on Monday. She further stated, "Something bad has happened at the quay '
        'today."'
    )
    assert statements_of(body) == [("direct", "Ada Vell", "Something bad has happened at the quay today.")]


def test_further_before_a_plural_noun_of_saying_still_makes_a_noun() -> None:
    body = "Ada Vell dismissed further claims of fraud at the quay as a smear."
    assert all(s.cue != "claims" for s in run(body))


# "continue" and "go on" report words only after "that" or "to" and a verb of saying.


def test_continued_with_an_object_is_an_act_going_on() -> None:
    body = "The Harbour Board continues negotiations with the ferry guild to reopen the quay."
    assert statements_of(body) == []


def test_went_on_to_say_is_still_reported_speech() -> None:
    body = "Ada Vell went on to say that the quay would reopen in May."
    assert [(k, sp) for k, sp, _ in statements_of(body)] == [("indirect", "Ada Vell")]


def test_a_short_form_closing_an_apposition_leaves_the_subject_to_its_head() -> None:
    body = (
        "Ada Vell, a former mayor of Portwick, and Chair of the Panel for Tidal Safety (PTS) called on the "
        "board to close the quay."
    )
    assert "Tidal Safety" not in " ".join(speakers_of(body))


def test_a_comma_before_quoted_words_opens_them_after_a_participle() -> None:
    body = (
        "Ada Vell spoke of the harbour works. She ended by noting, "
        '"It would be reckless to wait for the next storm to wreck the quay."'
    )
    assert (
        "direct",
        "Ada Vell",
        "It would be reckless to wait for the next storm to wreck the quay.",
    ) in statements_of(body)


def test_a_clause_between_commas_after_the_cue_is_no_aside() -> None:
    body = "A Vell mayoralty, she vowed, would bring new berths, cleaner quays, and cheaper ferries."
    texts = [t for k, _, t in statements_of(body) if k == "indirect"]
    assert not any(t.startswith("cleaner quays") for t in texts)


def test_a_person_named_after_an_organisation_and_and_is_still_a_person() -> None:
    body = (
        "The study was led by the University of Halvik and Chris Orrinwell of Tidal Surveys.\n\n"
        '"We had never seen such a shift in the harbour before," Orrinwell said.'
    )
    assert speakers_of(body) == ["Chris Orrinwell"]


def test_further_before_a_past_verb_that_is_no_saying_stays_no_cue() -> None:
    body = "Her nomination at the harbour convention further highlighted these questions."
    assert statements_of(body) == []
