"""Who said it: attribution orders, split and floating quotes, dashes, transcripts, pronouns and descriptions.

All people and states are fictional (data/gazetteer/fictional.yaml).
"""

from __future__ import annotations

import pytest
from extract_helpers import by_text, run

from quoteline.extract import extract_statements

QUOTE = "We will not sign an agreement written in Kamengrad"


@pytest.mark.parametrize(
    "body",
    [
        f"Mara Velcheva said: “{QUOTE}.”",
        f"“{QUOTE},” Mara Velcheva said.",
        f"“{QUOTE},” said Mara Velcheva.",
        f"Mara Velcheva said, “{QUOTE}.”",
        f"“{QUOTE}.” — Mara Velcheva",
        f"Mara Velcheva told reporters in Valdgrad on Monday: “{QUOTE}.”",
        f"“{QUOTE},” the Valdorian president said.",
        f"“{QUOTE},” she said, after Mara Velcheva arrived in Halvik.".replace(
            "she said, after", "Velcheva said after"
        ),
    ],
)
def test_every_attribution_order(body: str) -> None:
    st = by_text(run("Mara Velcheva arrived in Halvik for talks.\n\n" + body), "written in Kamengrad")
    assert st.kind == "direct"
    assert st.speaker == "Mara Velcheva"
    assert st.speaker_type == "person"


def test_split_quote_is_one_statement() -> None:
    body = "“We are ready to talk,” Arkady Voronets said, “but not under pressure.”"
    sts = run(body)
    assert len(sts) == 1
    assert sts[0].text == "We are ready to talk, but not under pressure."
    assert sts[0].speaker == "Arkady Voronets"


def test_floating_quote_inherits_the_previous_speaker() -> None:
    body = (
        "“The strip is Tarsenian land,” Elias Marant said.\n\n"
        "“We will not trade one metre of it for a signature.”\n\n"
        "Drevnia did not comment."
    )
    st = by_text(run(body), "one metre")
    assert st.speaker == "Elias Marant"
    assert st.kind == "direct"


def test_pronoun_resolves_to_the_speaker_in_focus_not_the_nearest_name() -> None:
    body = (
        "Arkady Voronets said he had met Elias Marant in Mirel last year.\n\n"
        "Voronets recalled talking about the border with the Tarsenian president, Elias Marant.\n\n"
        "“I told him we would never cross it,” he said."
    )
    assert by_text(run(body), "never cross it").speaker == "Arkady Voronets"


@pytest.mark.parametrize(
    "description",
    [
        "the Drevnian leader",
        "the 70-year-old president",
        "the Drevnian president",
        "Voronets",
        "the President",
    ],
)
def test_descriptions_and_surnames_resolve_to_the_full_name(description: str) -> None:
    body = (
        "President Arkady Voronets met Prime Minister Henrik Aalstad's envoy in Kamengrad on Monday.\n\n"
        "Voronets said Drevnia wanted calm on the border.\n\n"
        f"“We have no plans to move troops,” {description} said."
    )
    assert by_text(run(body), "move troops").speaker == "Arkady Voronets"


def test_transcript_turns_are_direct_statements_of_the_labelled_speaker() -> None:
    body = (
        "PRIME MINISTER AALSTAD: Good morning, and welcome to Halvik.\n\n"
        "We signed the energy agreement today.\n\n"
        "PRESIDENT VELCHEVA: Thank you. This agreement is a bridge between our countries.\n\n"
        "Q: Will Drevnia object?\n\n"
        "PRESIDENT VELCHEVA: That is for Drevnia to say."
    )
    sts = run(body)
    first = by_text(sts, "welcome to Halvik")
    assert first.speaker == "Henrik Aalstad"
    assert first.text == "Good morning, and welcome to Halvik. We signed the energy agreement today."
    assert by_text(sts, "a bridge").speaker == "Mara Velcheva"
    assert not [s for s in sts if "object" in s.text]  # questions are not statements


def test_according_to_attributes_both_ways() -> None:
    body = (
        "According to Yelena Sorokova, the gas contract will be renewed in May.\n\n"
        "The pipeline will close for repairs, according to the Drevnian Foreign Ministry."
    )
    sts = run(body)
    assert by_text(sts, "gas contract").speaker == "Yelena Sorokova"
    inst = by_text(sts, "pipeline will close")
    assert inst.speaker == "Drevnian Foreign Ministry"
    assert inst.speaker_type == "institution"


def test_unnamed_sources_are_kept_as_unnamed() -> None:
    body = "Two senior Concord diplomats said the talks had stalled over the border question."
    st = by_text(run(body), "talks had stalled")
    assert st.speaker_type == "unnamed"


def test_appositive_description_does_not_steal_the_subject() -> None:
    body = (
        "Yelena Sorokova met Aurelio Vanni in Halvik.\n\n"
        "Aurelio Vanni, secretary-general of the Northern Concord, called on Drevnia to allow inspectors in."
    )
    st = by_text(run(body), "allow inspectors")
    assert st.speaker == "Aurelio Vanni"
    assert st.kind == "indirect"


def test_short_quote_inside_reported_speech_belongs_to_it() -> None:
    body = "Nikola Zorev said the remarks were “unworthy of a partner” and left the room."
    sts = run(body)
    assert len(sts) == 1
    assert sts[0].kind == "indirect"
    assert "unworthy of a partner" in sts[0].text


def test_pronoun_gender_overrides_the_focus_only_on_evidence() -> None:
    body = (
        "Mr Arkady Voronets met Mara Velcheva in Halvik on Monday.\n\n"
        "Voronets said the talks were useful. “We agreed on a lot,” she said.\n\n"
        "“We did,” he said."
    )
    sts = run(body)
    assert by_text(sts, "agreed on a lot").speaker == "Mara Velcheva"
    assert by_text(sts, "We did").speaker == "Arkady Voronets"


def test_definite_role_resolves_to_the_person_named_with_it() -> None:
    body = (
        "Drevnian presidential spokesman Pavel Gresh said the call was unhelpful. "
        "The spokesman added that Drevnia would not comment on Union affairs."
    )
    assert by_text(run(body), "would not comment").speaker == "Pavel Gresh"


@pytest.mark.parametrize(
    "description",
    [
        "a ferry captain who has worked the Halvik crossing since 1998 and who noted that fares had doubled",
        "a broker based in Mirel, Drev., who bought the pier a decade ago",
        "the harbour master, pointing out where the old customs shed used to stand",
    ],
)
def test_split_quote_resumes_after_a_long_description_of_the_speaker(description: str) -> None:
    body = f"“The crossing is safe again,” said Oskar Vell, {description}. “We sail on Monday.”"
    sts = [s for s in run(body) if s.kind == "direct"]
    assert [s.text for s in sts] == ["The crossing is safe again, We sail on Monday."]
    assert sts[0].speaker == "Oskar Vell"


def test_a_second_sentence_between_the_parts_keeps_them_apart() -> None:
    body = "“The crossing is safe again,” said Oskar Vell. Mara Velcheva disagreed. “We sail on Monday.”"
    texts = [s.text for s in run(body) if s.kind == "direct"]
    assert "The crossing is safe again, We sail on Monday." not in texts


@pytest.mark.parametrize(
    "middle",
    [
        "Oskar Vell, who has run the Halvik ferry for twenty years, told the harbour board",
        "Oskar Vell, legal director of the Kamengrad ferry workers' union, said",
        "Oskar Vell, a member of the harbour board since 2009 and its chair since May, said on Monday",
    ],
)
def test_quote_then_name_with_a_long_description_before_the_cue(middle: str) -> None:
    body = f"“The crossing will close for the whole winter this year,” {middle}."
    st = by_text(run(body), "crossing will close")
    assert st.kind == "direct"
    assert st.speaker == "Oskar Vell"


def test_description_with_a_sentence_end_is_not_an_apposition() -> None:
    body = "“The crossing will close for the winter,” Oskar Vell, the captain. The mayor, Ina Sorell, said."
    st = [s for s in run(body) if "crossing will close" in s.text]
    assert all(s.speaker != "Ina Sorell" for s in st)


def test_title_abbreviation_after_the_cue_keeps_the_name() -> None:
    body = "“We have the votes to pass the ferry bill,” said Sen. Ana Ruiz, a member of the harbour panel."
    assert by_text(run(body), "ferry bill").speaker == "Ana Ruiz"


@pytest.mark.parametrize(
    "lead",
    ["Ana Ruiz said", "Ana Ruiz said on Friday", "Ana Ruiz wrote in a statement", "Ana Ruiz told reporters"],
)
def test_quote_right_after_the_cue_without_a_comma(lead: str) -> None:
    st = by_text(run(f"{lead} “We will not sell the ferry to Kamengrad.”"), "sell the ferry")
    assert st.kind == "direct"
    assert st.speaker == "Ana Ruiz"


def test_short_lower_case_quote_after_the_cue_is_not_a_statement() -> None:
    sts = run("Ana Ruiz said “the deal” was dead.")
    assert not [s for s in sts if s.kind == "direct"]


def test_question_then_the_cue_then_the_rest_is_one_quote() -> None:
    body = "“Who will pay for the new pier?” Ana Ruiz asked. “Not the fishermen of Halvik.”"
    sts = [s for s in run(body) if s.kind == "direct"]
    assert [s.text for s in sts] == ["Who will pay for the new pier? Not the fishermen of Halvik."]


def test_two_quotes_joined_by_and_under_one_cue_are_one_statement() -> None:
    body = "Ana Ruiz said on Friday “We asked the board to keep the ferry running” and “They refused again.”"
    sts = [s for s in run(body) if s.kind == "direct"]
    assert [s.text for s in sts] == ["We asked the board to keep the ferry running They refused again."]
    assert sts[0].speaker == "Ana Ruiz"


def test_a_paragraph_ending_in_a_cue_and_colon_introduces_the_next_quote() -> None:
    body = (
        "Ana Ruiz arrived in Halvik on Monday, and Ruiz told the harbour board:\n\n"
        "“We will not sell the ferry to anyone in Kamengrad.”\n\n"
        "Oskar Vell spoke next."
    )
    sts = run(body)
    st = by_text(sts, "sell the ferry")
    assert (st.kind, st.speaker, st.cue) == ("direct", "Ana Ruiz", "told")
    assert not [s for s in sts if s.kind == "indirect" and s.cue == "told"]


def test_the_name_before_the_description_speaks_not_the_description() -> None:
    body = (
        "Ina Sorell met Oskar Vell in Halvik.\n\n"
        "“The pier will be rebuilt by spring,” Ana Ruiz, Mr. Vell's chief of staff, said in an interview."
    )
    assert by_text(run(body), "pier will be rebuilt").speaker == "Ana Ruiz"


def test_questioner_written_q_and_spaces_is_not_the_answering_speaker() -> None:
    body = (
        "Remarks by President Arkady Voronets\n\n"
        "THE PRESIDENT:  Good afternoon. I have a short statement on the ferry.\n\n"
        "Q    Will the crossing reopen before the thaw, Mr. President?\n\n"
        "THE PRESIDENT:  It will reopen in March, and the fares will not rise.\n\n"
        "Q    Thank you, sir. And the pier?"
    )
    sts = run(body)
    st = by_text(sts, "reopen in March")
    assert (st.kind, st.speaker) == ("direct", "Arkady Voronets")
    assert not [s for s in sts if "Will the crossing" in s.text or "And the pier" in s.text]


def test_transcript_flattened_into_one_block_gives_one_turn_per_label() -> None:
    body = (
        "Arkady Voronets met Elias Marant in Kamengrad.\n\n"
        "The talks covered the border and the ferry. * * * President of Drevnia Arkady Voronets: "
        "Mr President, welcome to Kamengrad. We have much to discuss. President of Tarsenia Elias Marant "
        "Marant EliasPresident of Tarsenia: Thank you. The border must stay open. Arkady Voronets: "
        "We agree on that. Elias Marant: Then let us sign the ferry protocol today."
    )
    turns = [(s.speaker, s.text) for s in run(body) if s.kind == "direct"]
    assert turns == [
        ("Arkady Voronets", "Mr President, welcome to Kamengrad. We have much to discuss."),
        ("Elias Marant", "Thank you. The border must stay open."),
        ("Arkady Voronets", "We agree on that."),
        ("Elias Marant", "Then let us sign the ferry protocol today."),
    ]


def test_capitalised_phrases_with_colons_in_prose_are_not_a_transcript() -> None:
    body = "The ferry board met on Monday. Agenda: fares and timetables. Result: no change was agreed."
    assert not [s for s in run(body) if s.kind == "direct"]


def test_split_quote_resumes_across_a_quoted_programme_title_in_the_clause() -> None:
    body = (
        "“We will keep the ferry running all winter,” Ana Ruiz said in an interview aired on "
        "“Morning Harbour.” “Nobody in Halvik will be cut off.”"
    )
    sts = [s for s in run(body) if s.kind == "direct"]
    expected = "We will keep the ferry running all winter, Nobody in Halvik will be cut off."
    assert [s.text for s in sts] == [expected]


@pytest.mark.parametrize(
    "tail",
    [
        "said former ferry-line executive Ana Ruiz",
        "said another leading harbour lawyer, Ana Ruiz of the firm Ruiz and Vell",
    ],
)
def test_name_at_the_end_of_a_description_after_the_cue_speaks(tail: str) -> None:
    st = by_text(run(f"“The ferry will not run this winter,” {tail}."), "ferry will not run")
    assert (st.kind, st.speaker) == ("direct", "Ana Ruiz")


def test_name_the_description_is_about_does_not_speak() -> None:
    body = (
        "Ana Ruiz spoke on Monday.\n\n"
        "“The ferry will not run this winter,” said a spokeswoman for the mayor, Ana Ruiz."
    )
    sts = [s for s in run(body) if "ferry will not run" in s.text]
    assert all(s.speaker != "Ana Ruiz" for s in sts)


def test_long_quote_that_the_sentence_runs_on_from_takes_the_trailing_attribution() -> None:
    body = (
        "Ana Ruiz met the harbour board.\n\n"
        "“The ferry can run, but it looks highly improbable” that the pier will be ready by March, "
        "said Ana Ruiz, a harbour analyst."
    )
    st = by_text(run(body), "looks highly improbable")
    assert (st.kind, st.speaker) == ("direct", "Ana Ruiz")
    assert st.text == "The ferry can run, but it looks highly improbable"


def test_run_on_content_does_not_date_the_trailing_attribution() -> None:
    body = "“There's a sense of calm in Halvik now,” and bookings rose last week, Oskar Vell said."
    st = by_text(run(body, published="2023-03-15"), "sense of calm")
    assert (st.speaker, st.date) == ("Oskar Vell", "2023-03-15")


def test_long_quote_naming_the_object_is_the_subjects_direct_statement() -> None:
    sts = run("Ana Ruiz called the ferry plan “a betrayal of everyone who fishes in Halvik” on Monday.")
    st = by_text(sts, "betrayal of everyone")
    assert (st.kind, st.speaker, st.cue) == ("direct", "Ana Ruiz", "called")


@pytest.mark.parametrize(
    "body",
    [
        "Ana Ruiz called the ferry plan “a non-starter” on Monday.",
        "Oskar Vell was called “the most dangerous man on the whole coast” by Ana Ruiz.",
    ],
)
def test_short_or_passive_naming_quote_is_no_direct_statement(body: str) -> None:
    assert not [s for s in run(body) if s.kind == "direct" and s.cue == "called"]


@pytest.mark.parametrize(
    "middle",
    ["his sister, Ana Ruiz, wrote in a letter to the court", "the ferry line's manager, Ana Ruiz, said"],
)
def test_description_then_name_between_commas_before_the_cue(middle: str) -> None:
    body = f"Oskar Vell left Halvik.\n\n“Life on the island is very hard in winter,” {middle}."
    st = by_text(run(body), "very hard in winter")
    assert (st.kind, st.speaker) == ("direct", "Ana Ruiz")


def test_quote_ending_in_a_nested_quote_keeps_its_attribution() -> None:
    body = "“This is why they call him the 'Harbour King,' ” Ana Ruiz wrote of the ferry owner."
    st = by_text(run(body), "Harbour King")
    assert (st.kind, st.speaker) == ("direct", "Ana Ruiz")


def test_quote_nested_in_a_quote_belongs_to_the_outer_speaker_only() -> None:
    body = (
        "“I told him to resign, and the minister said, 'Give me a week,'” Tomas Ortega wrote on Twitter. "
        "Ortega left Halvik."
    )
    sts = run(body)
    direct = [s for s in sts if s.kind == "direct"]
    assert [(s.speaker, s.text) for s in direct] == [
        ("Tomas Ortega", "I told him to resign, and the minister said, 'Give me a week,'")
    ]
    assert not [s for s in sts if s.kind == "indirect" and "Twitter" in s.text]


def test_split_quote_whose_first_part_has_no_comma_is_one_statement() -> None:
    body = "“For months we have waited for the pier” said Ana Ruiz, a captain. “Now we are done waiting.”"
    sts = [s for s in run(body) if s.kind == "direct"]
    assert [s.text for s in sts] == ["For months we have waited for the pier Now we are done waiting."]


def test_party_label_between_the_name_and_the_cue() -> None:
    body = "“We are tying the harbour board's hands,” state Sen. Ana Ruiz (D-Kam.) said on Monday."
    st = by_text(run(body), "tying the harbour")
    assert (st.kind, st.speaker) == ("direct", "Ana Ruiz")


def test_programme_title_in_the_clause_is_skipped_but_a_cues_fragment_is_not() -> None:
    titled = (
        "“The pier must be rebuilt before the storms come back,” Ana Ruiz said on Kamengrad Radio's "
        "“Morning Talk with Oskar Vell.” “We cannot wait for spring.”"
    )
    assert [s.text for s in run(titled) if s.kind == "direct"] == [
        "The pier must be rebuilt before the storms come back, We cannot wait for spring."
    ]
    remarked = (
        "“Absolutely not,” Ana Ruiz replied, remarking that she wants “a full team” and that trust matters. "
        "“And I am ruling nobody out.”"
    )
    texts = [s.text for s in run(remarked) if s.kind == "direct"]
    assert "Absolutely not, And I am ruling nobody out." not in texts


def test_prose_before_a_flattened_transcript_is_still_read() -> None:
    body = (
        "Arkady Voronets met Elias Marant in Kamengrad.\n\n"
        "Voronets said that the border talks had been useful.*** President of Drevnia Arkady Voronets: "
        "Welcome to Kamengrad. Elias Marant: Thank you. Arkady Voronets: Let us begin."
    )
    sts = run(body)
    reported = by_text(sts, "border talks had been useful")
    assert (reported.kind, reported.speaker) == ("indirect", "Arkady Voronets")
    turns = [s.text for s in sts if s.kind == "direct"]
    assert turns == ["Welcome to Kamengrad.", "Thank you.", "Let us begin."]


def test_according_to_after_a_quote_keeps_the_subject_before_the_quote() -> None:
    body = "Ana Ruiz called the ferry plan a “betrayal of everyone in the town,” according to the Courier."
    st = by_text(run(body), "betrayal of everyone")
    assert (st.kind, st.speaker) == ("direct", "Ana Ruiz")


def test_quote_after_another_speakers_reported_sentence_carries_it_on() -> None:
    body = (
        "“We must always stand with our allies,” Ana Ruiz wrote on Twitter.\n\n"
        "Oskar Vell, a former harbour envoy, also criticized the decision on Twitter. "
        "“The statement tonight shows a total failure to grasp the harbour.”"
    )
    assert by_text(run(body), "total failure to grasp").speaker == "Oskar Vell"


@pytest.mark.parametrize("tail", ["before introducing the next speaker", "in an interview with the Courier"])
def test_what_follows_the_cue_after_a_quote_is_no_statement(tail: str) -> None:
    sts = run(f"Ana Ruiz spoke at the pier.\n\n“We will rebuild the pier by spring,” Ruiz said {tail}.")
    assert [(s.kind, s.speaker) for s in sts] == [("direct", "Ana Ruiz")]


def test_a_transcript_label_names_whom_it_named_at_its_first_turn() -> None:
    # The headline's title case ("Before", "Departure") is no part of the name, and a later turn that talks
    # about another president does not hand the label over to him.
    text = (
        "Remarks by President Orla Venn Before Departure\n\n"
        "South Lawn\n\n"
        "THE PRESIDENT:  Good morning.  We are heading to the harbour summit.\n\n"
        "Q  Will you meet President Tomas Hald there?\n\n"
        "THE PRESIDENT:  I spoke with President Tomas Hald last night for an hour.\n\n"
        "THE PRESIDENT:  And we will talk again at the summit.\n"
    )
    turns = [s for s in extract_statements(text, published="2024-05-02") if s.cue == "THE PRESIDENT:"]
    assert len(turns) == 3
    assert {s.speaker for s in turns} == {"Orla Venn"}


def test_a_role_word_before_one_name_does_not_describe_the_next() -> None:
    # "President Venn on Roads | Velo Marra": the title belongs to Venn, never to the place line after it.
    text = (
        "Remarks by President Orla Venn on Roads | Velo Marra, Sunport\n\n"
        "Velo Marra, Sunport\n\n"
        "THE PRESIDENT:  Thank you all for coming.  Roads matter, and we will build them.\n\n"
        "AUDIENCE MEMBER:  We love you!\n\n"
        "THE PRESIDENT:  Thank you.  The first road opens in May.\n"
    )
    turns = [s for s in extract_statements(text, published="2024-05-02") if s.cue == "THE PRESIDENT:"]
    assert [s.speaker for s in turns] == ["Orla Venn", "Orla Venn"]


def test_a_label_that_prints_an_office_before_a_name_is_that_names() -> None:
    # A Kremlin-style label: the office's words ("the Tarsenian Republic") name no one, the name after them
    # speaks, and a note glued to the label ("(retranslated)") is no part of it.
    text = (
        "Talks with President of Tarsenia Elias Marant\n\n"
        "Vladimir Putin held talks with President of the Tarsenian Republic Elias Marant in the Kremlin.\n\n"
        "President of Russia Vladimir Putin: Mr President, friends, welcome to Moscow.\n\n"
        "President of the Tarsenian Republic Elias Marant(retranslated): Thank you, Mr President.\n\n"
        "Vladimir Putin: We have much to discuss about grain and gas.\n\n"
        "President of Lusmark Sayyid Omar Tavi Tavi Sayyid OmarPresident of Lusmark: And the harbour.\n"
    )
    got = [s.speaker for s in extract_statements(text, "2022-05-02")]
    assert got == ["Vladimir Putin", "Elias Marant", "Vladimir Putin", "Sayyid Omar Tavi"]
