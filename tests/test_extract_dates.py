"""Statement dates: which words around a statement may date it, and which only date something else."""

from __future__ import annotations

import pytest
from extract_helpers import by_text, run

from quoteline import dates

PUB = "2023-03-15"  # a Wednesday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Yesterday, the harbour master Odile Ferrant announced", "2023-03-14"),
        ("Yesterday afternoon the council announced", "2023-03-14"),
        ("Today the guild said", "2023-03-15"),
        ("Last week the mayor said", "2023-03-08"),
        ("Earlier this month the ministry said", "2023-03"),
    ],
)
def test_relative_words_count_at_the_start_of_a_sentence(text: str, expected: str) -> None:
    assert dates.resolve_relative(text, PUB) == expected


@pytest.mark.parametrize(
    "text",
    [
        "After Monday's vote in the assembly, the Velorian delegation said",
        "Following Tuesday's flood, the governor said",
        "the union, silent since Friday, said",
        "the mayor criticised the decree, which was signed on Monday",
    ],
)
def test_a_day_that_dates_another_event_does_not_date_the_statement(text: str) -> None:
    assert dates.resolve_relative(text, PUB) is None


def test_a_day_after_the_cue_still_dates_the_statement() -> None:
    assert dates.resolve_relative("the mayor said on Monday after meeting the guild", PUB) == "2023-03-13"


def test_an_opening_time_phrase_dates_the_main_clause_after_other_adjuncts() -> None:
    out = run(
        "On Monday, during a tour of the eastern docks, the Velorian trade minister Arvo Linnask pledged "
        "to reopen the grain terminal. Linnask has led the ministry since 2019."
    )
    assert by_text(out, "reopen the grain terminal").date == "2023-03-13"


def test_a_month_inside_the_statement_is_referenced_not_the_day_it_was_said() -> None:
    out = run(
        "The Ostravian foreign minister Pella Dorn said the border talks would resume in November "
        "after a pause over the winter."
    )
    st = by_text(out, "border talks would resume")
    assert st.date == PUB
    assert st.referenced_dates == ["2023-11"]


def test_a_day_inside_a_relative_clause_after_the_object_dates_that_object() -> None:
    out = run(
        "On state radio the Velorian premier Mattis Kuuse also condemned the tariff on timber imposed by "
        "the Ostravian cabinet, which was announced on Monday. Kuuse is in his second term."
    )
    assert by_text(out, "tariff on timber").date == PUB


def test_the_previous_day_counts_back_from_the_day_the_story_last_named() -> None:
    out = run(
        "On Friday, the dockworkers of Port Seyla walked off the job over unpaid wages. The previous day, "
        "the harbour master Odile Ferrant said that the wages would be paid within a week."
    )
    assert by_text(out, "wages would be paid").date == "2023-03-09"


def test_a_short_adjunct_after_a_quote_dates_it() -> None:
    out = run(
        'The Ostravian president Ilse Brandvold cited the mutual defence clause and said, "They must stand '
        'with us", while addressing the press yesterday. Brandvold flies to the summit next week.'
    )
    assert by_text(out, "They must stand with us").date == "2023-03-14"


def test_a_readout_that_met_yesterday_dates_its_statements() -> None:
    out = run(
        "President Aldo Serrat met yesterday with Prime Minister Hanne Vik of Norrland to review their "
        "fisheries accord. The leaders underscored the importance of joint patrols in the northern straits."
    )
    dated = [st.date for st in out if "importance of joint patrols" in st.text]
    assert dated
    assert set(dated) == {"2023-03-14"}


def test_a_recollected_day_deep_in_a_readout_does_not_date_what_follows() -> None:
    out = run(
        "President Aldo Serrat met with the director of the Velorian grid agency. The President recalled "
        "that on the night of January 9, when the substation was struck, he held talks with the leaders of "
        'neighbouring states. "We called everyone and asked for help," said the President.'
    )
    assert by_text(out, "We called everyone").date == PUB


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the two ministers will meet again in November", ["2023-11"]),
        ("the ceasefire was signed in November", ["2022-11"]),
        ("the fleet returned to port in November", ["2022-11"]),
        ("a referendum is planned to take place on December 2", ["2023-12-02"]),
        ("the treaty talks began on December 2", ["2022-12-02"]),
        ("the ferries run again in April", ["2023-04"]),  # no tense: the nearest April
    ],
)
def test_year_less_dates_in_content_follow_the_tense_of_their_clause(text: str, expected: list[str]) -> None:
    assert dates.referenced_dates(text, PUB) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("KESTRAVIK, March 3 - The mill said its 1994 output fell and 1995 orders were firm.", "1995-03-03"),
        ("PORT ELLA, Nov 2 - The yard said in 2001 it would double output by 2005.", "2001-11-02"),
        ("KESTRAVIK, March 3 - The union says 1998 people signed up.", None),  # a count is no year
        ("KESTRAVIK, March 3 - The mill said output fell.", None),
    ],
)
def test_an_undated_wire_story_takes_its_dateline_year_from_its_own_text(
    body: str, expected: str | None
) -> None:
    assert dates.find_dateline(body) == expected


def test_a_day_named_after_a_vague_stretch_wins() -> None:
    assert dates.resolve_relative("Last week, on March 9, the canal company announced", PUB) == "2023-03-09"
    assert dates.resolve_relative("Last week the canal company announced", PUB) == "2023-03-08"


def test_since_a_month_is_a_duration_not_the_day_it_was_said() -> None:
    assert dates.resolve_relative("Since June, the three ports have welcomed", PUB) is None


def test_a_statement_is_never_dated_after_publication() -> None:
    out = run(
        "On Wednesday the jury retired. The next day, the court clerk Ansel Rourke announced that the "
        "verdict would be read in public."
    )
    assert by_text(out, "verdict would be read").date == PUB


def test_a_speech_day_dates_the_statements_reported_from_that_speech() -> None:
    out = run(
        "Velorian premier Mattis Kuuse vowed to keep the northern ports open, in a speech on Saturday at "
        'the shipyards of Port Seyla.\n\n"We will not yield to anyone," Kuuse said in the speech.\n\n'
        "In the speech, Kuuse also warned the Ostravian cabinet against new tariffs.\n\n"
        "The opposition leader Hanne Vik said on Tuesday that the speech was reckless."
    )
    assert by_text(out, "northern ports open").date == "2023-03-11"
    assert by_text(out, "We will not yield").date == "2023-03-11"
    assert by_text(out, "against new tariffs").date == "2023-03-11"
    assert by_text(out, "speech was reckless").date == "2023-03-14"


def test_a_month_fronted_before_a_parenthetical_cue_is_content() -> None:
    out = run("In November, the admiral Jorun Eld said, the fleet will return to Port Seyla.")
    assert by_text(out, "fleet will return").date == PUB


def test_content_fronted_before_its_cue_never_dates_the_statement() -> None:
    out = run(
        "The Ostravian foreign minister Pella Dorn spoke on the radio.\n\n"
        "The talks in February failed, Dorn told state radio."
    )
    assert all(st.date == PUB for st in out)


def test_a_quote_takes_its_date_from_its_own_sentence_only() -> None:
    out = run(
        "In November, the admiral Jorun Eld said, the fleet will return to Port Seyla.\n\n"
        '"The summit in May will decide everything," Jorun Eld said.'
    )
    assert by_text(out, "summit in May").date == PUB


def test_a_day_after_content_about_the_future_belongs_to_the_content() -> None:
    out = run(
        "Judge Odile Ferrant ordered the accused remain in custody until his next court appearance on "
        "April 5.\n\nThe harbour master Ansel Rourke said on Monday the fleet would sail."
    )
    assert by_text(out, "remain in custody").date == PUB
    assert by_text(out, "fleet would sail").date == "2023-03-13"


def test_an_event_named_again_takes_its_latest_dating_and_a_party_name_is_no_event() -> None:
    out = run(
        "The first debate was held on Monday. A second debate took place yesterday.\n\n"
        "In the debate, the candidate Hanne Vik said the tax would go.\n\n"
        "The ruling Democratic Rally, which held a rally on Monday, said the tax would stay."
    )
    assert by_text(out, "tax would go").date == "2023-03-14"
    assert by_text(out, "tax would stay").date == PUB


def test_reporting_words_with_their_own_time_do_not_inherit_the_previous_day() -> None:
    out = run(
        "On Monday, the senator Ilse Brandvold announced that she would leave the race. A month later, "
        "during a televised debate, Brandvold defended her tax plan, saying that it would pay for itself."
    )
    assert by_text(out, "leave the race").date == "2023-03-13"
    assert by_text(out, "pay for itself").date == PUB


def test_an_opening_at_or_during_phrase_dates_the_sentence() -> None:
    out = run("At the party congress in 2019, the senator Ilse Brandvold promised a lower tax on fuel.")
    assert by_text(out, "lower tax on fuel").date == "2019"


@pytest.mark.parametrize(
    "text",
    [
        "the chancellor will speak to the chamber on Monday, an aide said",
        "One Sunday in late 2004, the mayor said",
        "In the wake of the riot on March 3, the mayor said",
    ],
)
def test_planned_indefinite_and_earlier_event_days_do_not_date_the_statement(text: str) -> None:
    assert dates.resolve_relative(text, PUB) is None


def test_another_statements_content_in_the_clause_never_dates_a_quote() -> None:
    out = run(
        '"I think that result speaks volumes about us," Lotte Brand said, adding that the '
        "party would court those voters in November."
    )
    assert by_text(out, "speaks volumes").date == PUB


def test_an_event_dated_only_by_a_year_is_another_occurrence() -> None:
    out = run(
        "The guild held its congress in Port Seyla in 2019.\n\n"
        '"We want every member of the guild to have a say," Lotte Brand said at the congress.'
    )
    assert by_text(out, "every member of the guild").date == PUB


def test_a_weekday_used_as_an_adjective_names_that_day() -> None:
    assert dates.resolve_relative("the mayor said at a Sunday news conference", PUB) == "2023-03-12"


def test_a_year_in_the_speakers_life_story_does_not_date_the_statement() -> None:
    text = "Odile Ferrant, a veteran of the coast guard who retired as its chief in 2014, said"
    assert dates.resolve_relative(text, PUB) is None
    assert dates.resolve_relative("Odile Ferrant, who spoke on Monday, said", PUB) == "2023-03-13"


def test_a_day_that_opens_the_reported_text_is_the_cues_day() -> None:
    out = run(
        "The harbour master Odile Ferrant recalled last week that the quay had been unsafe for years.\n\n"
        "Odile Ferrant made clear Monday she would not resign."
    )
    assert by_text(out, "not resign").date == "2023-03-13"
