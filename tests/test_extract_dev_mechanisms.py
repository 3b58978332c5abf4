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
