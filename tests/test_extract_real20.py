"""Mechanisms found reading a fresh seeded sample of real official news and Wikinews (session 20): who "we"
is in a joint statement that names no two people, and the year of "in March of last year". All names,
places and bodies are invented (data/gazetteer/fictional.yaml); articles are published on Wednesday
2023-03-15 (``extract_helpers.run``) unless a test gives its own day."""

from __future__ import annotations

from extract_helpers import by_text, run, speakers_with

from quoteline.dates import resolve_relative


def test_a_joint_statement_about_one_person_is_not_signed_by_him() -> None:
    # The only person a bloc's statement names is whom it is about; its "we" is no one the text names.
    body = (
        "The Northern Concord stands with the people of Lusmark against the blockade ordered by "
        "President Arkady Voronets of Drevnia.\n\n"
        "We urge Drevnia to reopen the river locks to grain barges without delay."
    )
    sts = run(body, title="Joint Statement by the Concord Ministers on the River Blockade")
    assert "Arkady Voronets" not in speakers_with(sts, "river locks")


def test_a_joint_statement_heading_is_no_signatory() -> None:
    body = (
        "1. The two unions reaffirm their partnership.\n\n"
        "A. TOWARD SAFER RIVERS\n\n"
        "We reaffirm our commitment to clearing the lower river of wrecks."
    )
    sts = run(body, title="Harbour Summit Joint Statement")
    assert not speakers_with(sts, "clearing the lower river")


def test_we_the_leaders_of_a_listed_bloc_is_the_bloc() -> None:
    # The opening names the bloc without a comma after "We"; the bloc signs as itself.
    body = (
        "We the Leaders of the Northern Concord remain resolved to keep the river open to trade.\n\n"
        "We commit to funding a new lock at Mirel."
    )
    sts = run(body, title="Joint Statement by the Northern Concord on River Trade")
    assert speakers_with(sts, "funding a new lock") == ["Northern Concord"]


def test_we_after_an_opening_adjunct_and_a_dash_names_each_states_leader() -> None:
    # "This week, we – the presidents of A, B and C – met …", after a subtitle paragraph in italics.
    body = (
        "*The Halvik Declaration: Partnership on the River*\n\n"
        "This week, we – the presidents of Valdoria, Drevnia, and the Republic of Tarsenia – met in Halvik "
        "to mark thirty years of relations.\n\n"
        "We agreed to build a shared levee on the lower river."
    )
    sts = run(body, title="River Leaders’ Joint Statement")
    assert speakers_with(sts, "shared levee") == ["Arkady Voronets", "Elias Marant", "Mara Velcheva"]


def test_we_the_heads_of_government_after_a_date_are_the_states_leaders() -> None:
    body = (
        "On March 14, 2023, we, the Heads of Government of Valdoria, Drevnia (DR), and Tarsenia, convened "
        "in Halvik for the first river summit.\n\n"
        "We agreed to open the river locks to cargo barges from every shore."
    )
    sts = run(body, title="Joint Statement of the Leaders of Valdoria, Drevnia and Tarsenia")
    # Each state's leader (the office "the Valdorian leader" names), one per state; "(DR)" is no state.
    assert speakers_with(sts, "river locks") == ["Arkady Voronets", "Elias Marant", "Mara Velcheva"]


def test_a_month_of_last_year_is_last_years_month() -> None:
    assert resolve_relative("stated in March of last year that", "2020-06-21") == "2019-03"
    assert resolve_relative("stated in March last year that", "2020-06-21") == "2019-03"
    assert resolve_relative("stated in March this year that", "2020-06-21") == "2020-03"
    # A month of this year still ahead, or of next year, is a plan, not when anything was said.
    assert resolve_relative("will open in December this year", "2020-06-21") is None
    assert resolve_relative("said in March", "2020-06-21") == "2020-03"


def test_a_statement_in_march_of_last_year_is_dated_then() -> None:
    body = "In a radio interview in March of last year, Ada Vell stated the ferries would keep running.\n"
    assert by_text(run(body), "the ferries would keep running").date == "2022-03"


def test_a_quote_closed_by_is_convinced_is_the_speakers() -> None:
    body = (
        "President Ada Vell met the ferry crews in Halvik. "
        '"Together we will rebuild every pier on the river, and sooner than anyone thinks," '
        "the Head of State is convinced. She also visited the lock.\n"
    )
    st = by_text(run(body), "Together we will rebuild every pier")
    assert (st.kind, st.speaker, st.cue) == ("direct", "Ada Vell", "is convinced")


def test_is_convinced_is_no_cue_of_reported_speech() -> None:
    # Only the shape after a quote reads it: "is convinced that …" stays a state of mind.
    body = "Ada Vell is convinced that the pier will be rebuilt before the winter storms.\n"
    assert not [s for s in run(body) if "pier will be rebuilt" in s.text]
