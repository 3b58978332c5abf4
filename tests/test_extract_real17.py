"""Mechanisms found reading the real corpus (session 17): a paragraph that opens on its day dates the
statements later in it. All names, bodies and places are invented; articles are published on Wednesday
2023-03-15 (``extract_helpers.run``)."""

from __future__ import annotations

from extract_helpers import by_text, run

from quoteline.extract import kb


def test_a_paragraph_that_opens_on_its_day_dates_its_later_statements() -> None:
    body = (
        "On Sunday, the Orvan army crossed the river into the northern valleys. "
        "Marek Tolvan said the crossing was meant to push the raiders back from the border.\n\n"
        "Analysts in Portwick expect the fighting to last for months.\n"
    )
    out = run(body)
    st = by_text(out, "push the raiders back")
    assert st.date == "2023-03-12"
    assert st.date_phrase == "Sunday"
    assert st.date_phrase_start == len("Fictional test article\n\n") + body.index("Sunday")
    # The statement's own paragraph must open on the day: a day in another paragraph does not carry.
    body = (
        "On Sunday, the Orvan army crossed the river into the northern valleys.\n\n"
        "Marek Tolvan said the crossing was meant to push the raiders back from the border.\n"
    )
    assert by_text(run(body), "push the raiders back").date == "2023-03-15"


def test_a_week_names_no_day() -> None:
    body = (
        "Last week, fire broke out at the Kessel grain depot near Portwick. "
        "Fire chief Ilse Varga said the blaze had started in a drying shed.\n"
    )
    assert by_text(run(body), "blaze had started").date == "2023-03-15"


def test_a_sentence_that_tells_its_own_time_keeps_it() -> None:
    body = (
        "On Sunday, the Orvan army crossed the river into the northern valleys. "
        "Today, Marek Tolvan said the crossing was meant to push the raiders back.\n"
    )
    assert by_text(run(body), "push the raiders back").date == "2023-03-15"


def test_looking_back_or_citing_a_source_is_not_the_day_of_the_opening() -> None:
    body = (
        "On Sunday, the Orvan army crossed the river into the northern valleys. "
        "Marek Tolvan has accused the raiders of burning the border villages. "
        "The raiders fled to the hills, according to the Portwick Herald.\n"
    )
    out = run(body)
    assert by_text(out, "burning the border villages").date == "2023-03-15"
    assert by_text(out, "The raiders fled").date == "2023-03-15"


def test_an_opening_in_the_past_perfect_or_long_ago_carries_no_day() -> None:
    body = (
        "On Monday, the envoys had met in Halvik to sign the harbour accord. "
        "Marek Tolvan said the accord would open the port to grain ships.\n"
    )
    assert by_text(run(body), "open the port").date == "2023-03-15"
    # A day weeks before publication opens a recollection, not the day's news.
    body = (
        "On January 9, the envoys signed the harbour accord in Halvik. "
        "Marek Tolvan said the accord would open the port to grain ships.\n"
    )
    assert by_text(run(body), "open the port").date == "2023-03-15"


def test_an_agency_of_an_organisation_speaks_as_itself() -> None:
    # The countries file lists UNICEF among the United Nations' agencies: a counterpart of the United
    # Nations, but its own speaker, as the annotation names an institution plainly.
    body = (
        "UNICEF said that the children of the Kessel valley needed food and clean water.\n\n"
        "The UN said that the convoy to the valley would leave on Friday.\n"
    )
    out = run(body)
    food = by_text(out, "needed food")
    assert (food.speaker, food.speaker_type) == ("UNICEF", "institution")
    assert by_text(out, "convoy to the valley").speaker == "United Nations"
    assert kb.counterparts("UNICEF sent aid to the valley") == ["United Nations"]
