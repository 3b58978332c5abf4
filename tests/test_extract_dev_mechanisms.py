"""Mechanisms found by reading the extractor's output on real articles (dev set and unannotated corpus).

Every text here is invented; each test names the general shape it covers.
"""

from __future__ import annotations

from extract_helpers import by_text, run


def test_written_text_quoted_after_its_lead_in_speaks_for_its_sender() -> None:
    body = (
        "Orlan Besk sent his greetings to the members of the Varnish Rowing Club on its 50th anniversary.\n\n"
        'The message reads, in part:"For half a century your club has trained champions and kept the river '
        'alive for the whole town."'
    )
    st = by_text(run(body), "trained champions")
    assert (st.kind, st.speaker, st.cue) == ("direct", "Orlan Besk", "reads")


def test_written_text_of_a_named_owner_is_the_owner_s() -> None:
    body = (
        "Orlan Besk and Mara Velcheva met in Halvik on Monday.\n\n"
        "Velcheva's statement read: “The harbour will stay open to every ferry that pays its dues.”"
    )
    st = by_text(run(body), "harbour will stay open")
    assert (st.kind, st.speaker) == ("direct", "Mara Velcheva")


def test_a_sign_that_reads_is_no_statement() -> None:
    body = (
        "Orlan Besk opened the ferry terminal. "
        "The sign above the gate reads: “Welcome to the North Quay of Halvik.”"
    )
    assert not [s for s in run(body) if "North Quay" in s.text and s.cue == "reads"]


def test_quote_after_a_sent_message_is_the_senders() -> None:
    body = (
        "Orlan Besk sent a message of condolences to the mayor of Halvik over the ferry fire.\n\n"
        '"The people of Varnia share the grief of every family in your harbour town."'
    )
    st = by_text(run(body), "share the grief")
    assert (st.kind, st.speaker) == ("direct", "Orlan Besk")


def test_quote_after_a_sentence_about_another_matter_is_not_a_message() -> None:
    body = (
        "Orlan Besk opened the new ferry terminal in Halvik on Monday.\n\n"
        '"The people of Varnia share the grief of every family in your harbour town."'
    )
    assert not [s for s in run(body) if "share the grief" in s.text and s.speaker == "Orlan Besk"]


def test_name_modifying_a_role_noun_does_not_open_the_sentence() -> None:
    body = (
        "Orlan Besk flew over the rally in Halvik on Saturday. "
        "Former Besk adviser and retired admiral Tomas Vrell was on stage while Besk flew over. "
        "This was the first time Vrell spoke in public since his pardon. "
        'He said "That is a fine sight and nobody here can stop the ferries now".'
    )
    st = by_text(run(body), "fine sight")
    assert st.speaker == "Tomas Vrell"


def test_appositive_after_a_modified_role_noun_is_the_subject() -> None:
    body = (
        "Orlan Besk spoke at the harbour on Saturday. "
        "Another former Besk aide, Ilse Marrow, also spoke at the rally and urged the crowd to stay calm."
    )
    st = by_text(run(body), "the crowd to stay calm")
    assert st.speaker == "Ilse Marrow"


def test_two_names_joined_by_and_keep_the_first_as_subject() -> None:
    body = (
        "Orlan Besk and Tomas Vrell met in Halvik on Monday. "
        'He said "The ferries will sail again before the winter storms arrive".'
    )
    st = by_text(run(body), "ferries will sail")
    assert st.speaker == "Orlan Besk"


def test_quote_after_a_colon_ending_a_long_reported_clause_is_the_cue_subjects() -> None:
    body = (
        "Orlan Besk tweeted he had not known of the rally in the harbour but would go to see it anyway: "
        '"Wow! Thousands of people are gathering in Halvik for the ferries. I will be seeing them!"'
    )
    st = by_text(run(body), "Thousands of people")
    assert (st.kind, st.speaker, st.cue) == ("direct", "Orlan Besk", "tweeted")


def test_short_name_after_a_colon_ending_a_long_clause_is_no_quote() -> None:
    body = (
        "The harbour board of Halvik announced the official name of the new ferry that was launched in the "
        'northern yards two months ago after the long strike: "Marrow Star" replaces the old working name.'
    )
    assert not [s for s in run(body) if s.kind == "direct" and s.text == "Marrow Star"]


def test_quoted_sentence_after_a_non_saying_verb_and_comma_is_the_subjects() -> None:
    body = (
        "Orlan Besk closed the north quay on Monday. "
        "Senator Ilse Marrow spoke on Halvik Radio, "
        '"This will ruin every fisherman on the coast. We will fight it."'
    )
    st = by_text(run(body), "ruin every fisherman")
    assert (st.kind, st.speaker, st.cue) == ("direct", "Ilse Marrow", "spoke")


def test_lower_case_fragment_after_a_non_saying_verb_is_no_quote() -> None:
    body = 'Ilse Marrow spoke at the quay, "for the fishermen of the whole northern coast" as she put it.'
    assert not [s for s in run(body) if s.cue == "spoke"]


def test_statement_after_the_speakers_dated_act_takes_its_day() -> None:
    body = (
        "Harbour master Ilse Marrow and councillor Tomas Vrell both yesterday questioned the plan to close "
        'the north quay. Vrell called it "a folly from start to finish". Marrow said "I do not know what '
        'the board bases this on, and nobody here was asked".'
    )
    sts = run(body, published="2023-03-15")
    assert by_text(sts, "nobody here was asked").date == "2023-03-14"


def test_act_in_another_paragraph_or_too_old_does_not_date_a_statement() -> None:
    body = (
        "Ilse Marrow questioned the plan to close the north quay on March 1.\n\n"
        'Marrow said "I do not know what the board bases this on, and nobody here was asked".'
    )
    sts = run(body, published="2023-03-15")
    assert by_text(sts, "nobody here was asked").date == "2023-03-15"


def test_transcript_label_name_drops_the_end_of_a_posting() -> None:
    body = (
        "Orlan Besk met with Director General of Norrmark Ferries Ivo Rastel "
        "and Harbourfin CEO Lena Soderal. "
        "* * * Orlan Besk: Good afternoon, colleagues. The harbour is full of ships this winter. "
        "Director General of Norrmark Ferries Ivo Rastel: "
        "The harbour is doing well and the ferries run daily. "
        "Orlan Besk: That is good. "
        "Harbourfin CEO Lena Soderal: Our yards have built three new ferries for the northern routes. "
        "Orlan Besk: Thank you, that is good news for the whole coast."
    )
    sts = run(body)
    assert by_text(sts, "ferries run daily").speaker == "Ivo Rastel"
    assert by_text(sts, "three new ferries").speaker == "Lena Soderal"


def test_label_name_keeps_a_listed_three_word_name() -> None:
    from quoteline.extract.transcript import label_name

    def listed(n: str) -> bool:
        return n == "Ana Maria Ruiz"

    assert label_name("President of Valdoria Ana Maria Ruiz", listed) == "Ana Maria Ruiz"
    assert label_name("Minister of Fisheries Ada Orrin", listed) == "Ada Orrin"
    assert label_name("Emir Ali bin Hamad", listed) is None


def test_long_opening_of_sequence_dates_the_earlier_event_not_the_statement() -> None:
    body = (
        "Following up on the outcomes of the Varnian-Norrmark top-level meeting in Halvik on March 2, "
        "Orlan Besk reaffirmed that the ferry routes would stay open."
    )
    st = by_text(run(body, published="2023-03-15"), "ferry routes would stay open")
    assert st.date == "2023-03-15"


def test_month_holding_the_publication_day_gives_that_day() -> None:
    body = (
        "Orlan Besk met the harbour board in Halvik. The meeting was held in March. "
        "At the meeting, Besk said that the ferry routes would stay open."
    )
    st = by_text(run(body, published="2023-03-15"), "ferry routes would stay open")
    assert st.date == "2023-03-15"
