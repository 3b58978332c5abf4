"""Mechanisms found reading the real corpus (session 15): round-up labels that name a body the resolver
does not know, and run-in headings before a sentence with its own subject. All names, bodies and places
are invented."""

from __future__ import annotations

from extract_helpers import by_text, run

_TITLE = "WHAT THEY ARE SAYING: Coastal Towns Welcome the Harbour Plan"


def _round_up(*entries: str) -> str:
    return "Leaders from across the coast praised the plan.\n\n" + "\n\n".join(entries) + "\n"


def test_a_round_up_label_without_an_organisation_word_is_the_body_that_speaks() -> None:
    body = _round_up(
        "**Mara Velcheva, Executive Director, Coastal Fishers Alliance:** “Every small crew gains from it.”",
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


def test_a_body_before_its_holders_office_is_the_body_and_a_title_before_a_name_the_person() -> None:
    body = _round_up(
        "**Tidewater Forward:** “We thank the President for listening to the towns of the coast.”",
        "**Harbour Guild President and CEO:** “Our members have waited ten years for this day to come.”",
        "**Rep. Ivo Brask (DL-04)**: “I was proud to vote for every berth in this harbour plan.”",
        "**Senior Vice President & Chief of Staff:** “We appreciate the work of the Congress on this.”",
    )
    out = run(body, title=_TITLE)
    assert by_text(out, "waited ten years").speaker == "Harbour Guild"
    assert by_text(out, "every berth").speaker == "Ivo Brask"
    assert all(s.speaker != "Senior Vice President & Chief of Staff" for s in out)


def test_a_run_in_headings_words_are_not_the_subject_of_the_sentence_after_it() -> None:
    body = (
        "The plan includes:\n\n"
        "-   **Fund Rural Job Makers** – The Department of Harbour and Coastal Services announced its intent "
        "to prioritize coastal towns in its upcoming grants.\n\n"
        "-   **Booster Crews Starting the Week of May 20:** Today, harbour safety experts announced a plan "
        "for training crews later this spring.\n"
    )
    out = run(body, title="FACT SHEET: A Plan for Coastal Towns")
    assert by_text(out, "prioritize coastal towns").speaker == "Department of Harbour and Coastal Services"
    assert all("Rural Job" not in s.speaker and "Booster" not in s.speaker for s in out)


def test_a_name_with_an_aside_between_dashes_is_still_the_subject() -> None:
    out = run("Ada Vell – the harbour minister – said the plan for the quay was late.")
    assert by_text(out, "plan for the quay").speaker == "Ada Vell"


def test_a_colon_inside_an_unemphasised_name_is_no_heading() -> None:
    body = (
        "Co-lead author Ada Vell of the Centre for Tidal Studies: Research and Education (CTS-RE) said, "
        '"The expedition in July provided a unique opportunity to see the reef up close."'
    )
    assert by_text(run(body), "unique opportunity").speaker == "Ada Vell"
