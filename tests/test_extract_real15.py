"""Mechanisms found reading the real corpus (session 15): round-up labels that name a body the resolver does not
know. All names, bodies and places are invented."""

from __future__ import annotations

from extract_helpers import by_text, run

_TITLE = "WHAT THEY ARE SAYING: Coastal Towns Welcome the Harbour Plan"


def _round_up(*entries: str) -> str:
    return "Leaders from across the coast praised the plan.\n\n" + "\n\n".join(entries) + "\n"


def test_a_round_up_label_without_an_organisation_word_is_the_body_that_speaks() -> None:
    body = _round_up(
        "**Mara Velcheva, Executive Director, Coastal Fishers Alliance:** “Every small crew will gain from it.”",
        "**Tidewater Forward:** “We thank the President for listening to the towns of the coast.”",
        "**Voters of Tomorrow**: “Young people asked for this and the administration delivered it.”",
        "**Moms First (MF):** “Families on the coast will finally have safe harbours and good jobs.”",
    )
    out = run(body, title=_TITLE)
    assert by_text(out, "asked for this").speaker == "Voters of Tomorrow"
    assert by_text(out, "safe harbours").speaker == "Moms First"
    assert by_text(out, "safe harbours").kind == "direct"
    assert by_text(out, "small crew").speaker == "Mara Velcheva"


def test_a_bold_label_on_a_page_that_is_no_round_up_names_nobody_new() -> None:
    # One label before a quote is a topic heading as often as a source: only a page of them is a round-up.
    body = (
        "Mara Velcheva opened the new quay on Monday.\n\n"
        "“It is a proud day for the town,” Velcheva said.\n\n"
        "**Voters of Tomorrow**: “Young people asked for this and the administration delivered it.”\n"
    )
    out = run(body, title="Portwick opens its new quay")
    assert all(s.speaker != "Voters of Tomorrow" for s in out)


def test_a_label_naming_a_titled_person_is_not_read_as_a_body() -> None:
    body = _round_up(
        "**Tidewater Forward:** “We thank the President for listening to the towns of the coast.”",
        "**Voters of Tomorrow**: “Young people asked for this and the administration delivered it.”",
        "**Moms First:** “Families on the coast will finally have safe harbours and good jobs.”",
        "**Ostrava, Harbour Town Manager Ada Lenska:** “This is great news for the harbour towns today.”",
    )
    out = run(body, title=_TITLE)
    assert by_text(out, "great news").speaker != "Ostrava"


def test_a_label_that_is_a_sentence_is_no_body() -> None:
    body = _round_up(
        "**Tidewater Forward:** “We thank the President for listening to the towns of the coast.”",
        "**Voters of Tomorrow**: “Young people asked for this and the administration delivered it.”",
        "**Moms First:** “Families on the coast will finally have safe harbours and good jobs.”",
        "**Care is essential:** “This is a good day for every worker on the harbour front.”",
    )
    out = run(body, title=_TITLE)
    assert all(s.speaker != "Care is essential" for s in out)
