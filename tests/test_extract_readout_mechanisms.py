"""Readouts, joint statements and official transcripts: the structures of government pages.

Each test is one mechanism that recurs across the four real sources (Kremlin, president.gov.ua, White House,
Wikinews). All people, places and bodies are invented (data/gazetteer/fictional.yaml).
"""

from __future__ import annotations

from extract_helpers import by_text, run, speakers_with

JOINT_TITLE = (
    "Joint Statement by President Mara Velcheva of Valdoria and President Arkady Voronets of Drevnia"
)


def test_joint_statement_capitalised_runs_do_not_sign() -> None:
    body = (
        "We met today in Halvik to mark thirty years of relations.\n\n"
        "Valdoria intends to name Drevnia a Principal Harbour Partner in recognition of its role as a "
        "Northern Concord Dialogue Member.\n\n"
        "We agreed to open the river locks to cargo barges from both shores."
    )
    assert speakers_with(run(body, title=JOINT_TITLE), "river locks") == ["Arkady Voronets", "Mara Velcheva"]


def test_joint_statement_we_after_a_lead_in_is_the_signatories() -> None:
    body = (
        "We met today in Halvik to mark thirty years of relations.\n\n"
        "Recognizing that the delta floods every spring, we agreed to build a shared levee on the lower "
        "river. Finally, we committed to reopening the ferry line between the two capitals. The winters are "
        "long and we commit to supply the northern villages with grain."
    )
    sts = run(body, title=JOINT_TITLE)
    for fragment in ("shared levee", "ferry line", "northern villages"):
        who = speakers_with(sts, fragment)
        assert who == ["Arkady Voronets", "Mara Velcheva"], (fragment, who)


def test_lower_case_we_outside_a_joint_statement_names_no_one() -> None:
    body = "Mara Velcheva visited the port. Finally, we agreed to paint the cranes blue, the log reads."
    assert not [s for s in run(body) if "cranes" in s.text and s.speaker == "Mara Velcheva"]


def test_transcript_label_with_the_office_of_a_republic_names_the_person() -> None:
    body = (
        "Arkady Voronets held talks with Mara Velcheva in Kamengrad. * * * President of the Federation of "
        "Drevnia Arkady Voronets: Madam President, welcome to Kamengrad once again. Our ports are busy. "
        "President of the Republic of Valdoria Mara Velcheva: Thank you, Mr President. The barges are "
        "ready to sail before the ice comes. Arkady Voronets: We will follow the river schedule closely. "
        "Mara Velcheva: Then we agree on the first convoy."
    )
    sts = run(body)
    assert by_text(sts, "barges are ready").speaker == "Mara Velcheva"
    assert by_text(sts, "welcome to Kamengrad").speaker == "Arkady Voronets"


def test_answering_questions_is_an_event() -> None:
    body = "After the talks, Mara Velcheva and Arkady Voronets answered journalists' questions in the hall."
    assert not [s for s in run(body) if "questions" in s.text]


def test_gerund_coordinated_inside_an_object_stays_in_the_content() -> None:
    body = (
        "Mara Velcheva stressed the importance of keeping the canal open in winter and continuing to dredge "
        "the silted channel near Halvik."
    )
    st = by_text(run(body), "keeping the canal open")
    assert st.text.endswith("the silted channel near Halvik")


def test_drew_attention_with_a_listener_inside_the_phrase() -> None:
    body = (
        "Arkady Voronets drew President Velcheva's attention to the rising tolls on the northern canal. "
        "Mara Velcheva drew attention to the shortage of pilots in the delta."
    )
    sts = run(body)
    assert by_text(sts, "rising tolls").speaker == "Arkady Voronets"
    assert by_text(sts, "shortage of pilots").speaker == "Mara Velcheva"


def test_spoke_in_support_of_is_a_statement() -> None:
    st = by_text(run("Mara Velcheva spoke in support of reopening the salt mines near Mirel."), "salt mines")
    assert st.speaker == "Mara Velcheva"
    assert st.text.startswith("reopening")


def test_said_this_during_a_meeting_points_back() -> None:
    body = (
        "Mara Velcheva hopes the barges will sail in March. Velcheva said this during a meeting with the "
        "harbour pilots in Halvik."
    )
    sts = run(body)
    assert not [s for s in sts if s.text.startswith("this")]
    assert by_text(sts, "barges will sail").speaker == "Mara Velcheva"


def test_connective_before_according_to_is_not_the_content() -> None:
    body = (
        "Mara Velcheva toured the delta on Monday. In addition, according to Velcheva, the levees will be "
        "raised by a metre. However, according to the president, the ferry fares stay the same."
    )
    sts = run(body)
    assert by_text(sts, "levees will be raised").text == "the levees will be raised by a metre"
    assert by_text(sts, "ferry fares").speaker == "Mara Velcheva"
    assert not [s for s in sts if s.text in ("In addition", "However")]


def test_opening_participle_ends_at_the_main_clause() -> None:
    body = (
        "Mara Velcheva met the river pilots on Monday. Noting the role of the pilots in keeping the channel "
        "open, the President stressed that no decision on the port should be taken without them."
    )
    sts = run(body)
    noting = by_text(sts, "role of the pilots")
    assert noting.text == "the role of the pilots in keeping the channel open"
    assert by_text(sts, "no decision on the port").speaker == "Mara Velcheva"


def test_commenting_on_a_topic_is_not_a_statement() -> None:
    body = (
        "Mara Velcheva met the river pilots on Monday. Commenting on the floods in the delta, Velcheva said "
        "the levees would hold."
    )
    sts = run(body)
    assert not [s for s in sts if "floods" in s.text]
    assert by_text(sts, "levees would hold").speaker == "Mara Velcheva"


def test_they_after_the_two_leaders_is_the_pair_when_one_of_them_was_named_since() -> None:
    body = (
        "Arkady Voronets had a telephone conversation with President of Valdoria Mara Velcheva.\n\n"
        "Mara Velcheva stressed that the river tolls were too high. The two leaders assessed the situation "
        "on the delta from a common perspective. They reaffirmed a mutual readiness to keep the canal open."
    )
    who = speakers_with(run(body), "keep the canal open")
    assert who == ["Arkady Voronets", "Mara Velcheva"]


def test_the_office_of_a_state_is_its_holder_not_an_organisation() -> None:
    body = (
        "President of Valdoria Mara Velcheva met President of the United Republic of Cordavia Lucía Ferrant "
        "in Valdgrad.\n\n"
        "“We will keep the northern canal open,” said Lucía Ferrant. The President of the United Republic "
        "assured that her country is ready to send more barges."
    )
    assert by_text(run(body), "more barges").speaker == "Lucía Ferrant"


def test_recollection_between_dated_statements_keeps_the_day() -> None:
    body = (
        "Yesterday afternoon, Mara Velcheva announced that she would close the salt mines near Mirel. "
        "Velcheva had previously opposed any closure.\n\n"
        "Velcheva called the mines “a danger to every village in the valley,” according to the Courier."
    )
    sts = run(body, published="2023-03-15")
    assert by_text(sts, "close the salt mines").date == "2023-03-14"
    assert by_text(sts, "danger to every village").date == "2023-03-14"


def test_initials_and_suffixes_do_not_end_the_sentence_naming_a_meeting_pair() -> None:
    body = (
        "President Mara K. Velcheva, Jr. met today with Northern Concord Secretary-General Aurelio Vanni "
        "during the Concord General Assembly in New Brisk. The leaders reaffirmed the strong partnership "
        "between Valdoria and the Northern Concord."
    )
    who = speakers_with(run(body), "strong partnership")
    assert who == ["Aurelio Vanni", "Mara Velcheva"]


def test_a_speech_in_one_block_is_no_joint_statement_for_a_late_mention() -> None:
    filler = "The rivers of our country are long and the valleys are wide. " * 45
    body = (
        "Dear citizens! Mara Velcheva speaks today to the assembly in Valdgrad. "
        + filler
        + "Last year Arkady Voronets and Lucía Ferrant signed a joint declaration on the canal. "
        + "We agreed to raise the pensions of the miners."
    )
    signers = ("Arkady Voronets", "Lucía Ferrant")
    assert not [s for s in run(body) if "pensions" in s.text and s.speaker in signers]


def test_this_was_stated_by_attributes_the_sentence_before() -> None:
    body = (
        "The northern canal will stay open to barges from every shore of the Amber Sea. This was stated by "
        "President of Valdoria Mara Velcheva during a meeting with river pilots on Monday."
    )
    st = by_text(run(body, published="2023-03-15"), "northern canal")
    assert st.speaker == "Mara Velcheva"
    assert st.kind == "indirect"
    assert st.text == "The northern canal will stay open to barges from every shore of the Amber Sea"
    assert st.date == "2023-03-13"


def test_this_was_stated_by_leaves_a_quote_to_its_own_attribution() -> None:
    body = (
        "“We will keep the canal open,” Arkady Voronets said. This was stated by President of Valdoria Mara "
        "Velcheva as well."
    )
    assert by_text(run(body), "keep the canal open").speaker == "Arkady Voronets"


def test_readout_reporting_a_joint_declaration_has_no_signatories_for_we() -> None:
    # Government readouts often report that a joint declaration was signed; the readout is not that
    # declaration, so its "we" (the host's side) must not be read as both leaders.
    body = (
        "Mara Velcheva held talks with Arkady Voronets in Halvik. The two presidents signed a joint "
        "declaration on river trade.\n\n"
        "The Joint Declaration states that the river locks will open to cargo barges in spring.\n\n"
        "We agreed to build a shared levee on the lower river, the Valdorian presidency noted."
    )
    sts = run(body, title="Mara Velcheva and Arkady Voronets signed a joint declaration on river trade")
    # The declaration's own words are still its signatories'.
    signed = speakers_with(sts, "locks will open")
    assert signed == ["Arkady Voronets", "Mara Velcheva"]
    assert not [s for s in sts if "shared levee" in s.text and s.speaker == "Arkady Voronets"]


def test_declaration_opening_we_the_leaders_of_states_is_signed_by_their_leaders() -> None:
    # "We, the leaders of A, B and C, met …" opens many summit declarations whose titles do not say "joint".
    body = (
        "We, the leaders of Valdoria, Drevnia, and Tarsenia, met today in Halvik to mark thirty years "
        "of relations.\n\n"
        "We agreed to build a shared levee on the lower river."
    )
    sts = run(body, title="Halvik Declaration on River Trade")
    signed = speakers_with(sts, "shared levee")
    assert signed == ["Arkady Voronets", "Elias Marant", "Mara Velcheva"]
    # The appositive may run up to the verb without its closing comma.
    sts = run(body.replace("Tarsenia, met", "Tarsenia met"), title="Halvik Declaration on River Trade")
    signed = speakers_with(sts, "shared levee")
    assert signed == ["Arkady Voronets", "Elias Marant", "Mara Velcheva"]


def test_we_comma_without_an_office_opens_no_declaration() -> None:
    body = "We, the people of Halvik, want the ferry back.\n\nWe agreed to paint the cranes blue."
    assert not [s for s in run(body, title="Letters from Halvik") if "cranes" in s.text]


def test_a_titled_label_is_the_office_holder_the_headline_names() -> None:
    # White House remarks print venue lines before the first turn; a place there ("East Ridge, North
    # Halvik") or a relative named in the speech must not become "THE PRESIDENT:" or "PRESIDENT VELCHEVA:".
    body = (
        "Portwick Hall\nEast Ridge, North Halvik\n\n4:39 P.M. EDT\n\n"
        "THE PRESIDENT:  North Halvik! Good afternoon! (Applause.) We will finish the ferry line.\n\n"
        "AUDIENCE:  Hooray!\n\n"
        "THE PRESIDENT:  And the bridge will follow in spring."
    )
    sts = run(body, title="Remarks by President Velcheva at a Campaign Event | East Ridge")
    assert {s.speaker for s in sts if s.kind == "direct"} == {"Mara Velcheva"}
    body = (
        "Harbour Pavilion\nMirel\n\n"
        "PRESIDENT VELCHEVA:  Thank you. My mother, Ada Velcheva, taught me to love this harbour.\n\n"
        "AUDIENCE:  Hooray!\n\n"
        "PRESIDENT VELCHEVA:  The new pier opens in May."
    )
    sts = run(body, title="Remarks by President Velcheva and the Mayor of Mirel at the Harbour")
    assert {s.speaker for s in sts if s.kind == "direct"} == {"Mara Velcheva"}


def test_the_audience_in_the_plural_is_no_speaker() -> None:
    body = (
        "THE PRESIDENT:  Thank you all for coming. The first road opens in May.\n\n"
        "AUDIENCE MEMBERS:  Four more years!\n\n"
        "PARTICIPANTS:  Thank you!\n\n"
        "THE PRESIDENT:  Thank you. The second road opens in June."
    )
    sts = run(body, title="Remarks by President Velcheva on Roads")
    assert {s.speaker for s in sts if s.kind == "direct"} == {"Mara Velcheva"}
