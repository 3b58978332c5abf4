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
