"""Speaker and quote mechanisms that generalise beyond the dev corpus: split quotes across a sentence end,
dates of continued quotes, pronoun salience, descriptions, gazetteer roles, titles, unnamed sources in a
place, and interview transcripts.

All people, places and sentences are fictional; the states are those of data/gazetteer/fictional.yaml.
"""

from __future__ import annotations

from extract_helpers import run

from quoteline.extract.mentions import parsed_name_tokens
from quoteline.extract.quotes import find_quotes
from quoteline.extract.text import prepare
from quoteline.extract.transcript import find_turns


def _speakers(sts: list, kind: str | None = None) -> list[tuple[str, str]]:
    return [(s.speaker, s.text) for s in sts if kind is None or s.kind == kind]


def test_split_quote_across_a_sentence_end_is_one_statement() -> None:
    body = (
        "Ferry crossings resumed on Tuesday. “We will not raise fares before the summer,” Pello Haskin "
        "told reporters at the harbour. “The numbers still do not add up.”"
    )
    direct = [s for s in run(body) if s.kind == "direct"]
    assert [(s.speaker, s.text) for s in direct] == [
        ("Pello Haskin", "We will not raise fares before the summer, The numbers still do not add up.")
    ]
    assert direct[0].cue == "told"


def test_a_second_quote_with_its_own_cue_is_not_joined() -> None:
    body = (
        "“The fares stay as they are,” Pello Haskin said. “We disagree with that entirely,” Ivo Rast replied."
    )
    assert _speakers(run(body), "direct") == [
        ("Pello Haskin", "The fares stay as they are,"),
        ("Ivo Rast", "We disagree with that entirely,"),
    ]


def test_a_continued_quote_takes_the_date_of_the_statement_before_it() -> None:
    body = (
        "Irma Tolvik, the port director, told the harbour board late on Sunday that the cranes were "
        "too old.\n\n"
        "“Nobody should expect the queues to vanish this year,” she said.\n\n"
        "“We are losing ships to the southern ports every single month.”"
    )
    sts = run(body, published="2025-03-05")
    assert {s.speaker for s in sts} == {"Irma Tolvik"}
    assert [s.date for s in sts] == ["2025-03-02"] * 3


def test_a_pronoun_skips_a_nearer_name_of_the_other_gender_back_to_the_last_speaker() -> None:
    body = (
        "Mr Olav Brenn, the harbour minister, said on Monday the fleet would stay. “We are not leaving,” "
        "he said.\n\n"
        "The opposition leader, Ms Sigrid Hale, wants a withdrawal. Her deputy, Mr Anton Ruud, "
        "has backed her.\n\n"
        "Ms Hale spoke at a rally. “The fleet costs far too much money,” she said.\n\n"
        "“Nothing in her plan changes the numbers,” he said."
    )
    got = dict((t, s) for s, t in _speakers(run(body), "direct"))
    assert got["Nothing in her plan changes the numbers,"] == "Olav Brenn"
    assert got["The fleet costs far too much money,"] == "Sigrid Hale"


def test_a_newly_introduced_subject_wins_the_pronoun_in_its_own_sentence() -> None:
    body = (
        "Ms Greta Olm, the economy minister, said prices would fall. “We see the first signs,” she said.\n\n"
        "In the market hall, Sunniva Rask, who sells bread, is less sure: „Flour costs twice what it did in "
        "the autumn“, she said."
    )
    got = dict((t, s) for s, t in _speakers(run(body), "direct"))
    assert got["Flour costs twice what it did in the autumn"] == "Sunniva Rask"


def test_an_object_pronoun_is_no_gender_evidence_for_the_subject() -> None:
    body = (
        "Fisheries minister Pavel Orrin met the Lusmarkian envoy Lise Marten on Monday. He told her that the "
        "border crossing would stay closed.\n\nOrrin also told her that the fleet would be inspected."
    )
    assert {s.speaker for s in run(body)} == {"Pavel Orrin"}


def test_a_description_with_an_age_and_a_relative_clause_resolves_to_the_person() -> None:
    body = (
        "Boris Kallen, 61, a retired admiral, leads the veterans group. Mr Kallen has written two books.\n\n"
        "The 61-year-old former admiral, who commanded the northern fleet for a decade, said the navy "
        "needed new ships."
    )
    assert _speakers(run(body)) == [("Boris Kallen", "the navy needed new ships")]


def test_a_role_never_named_in_the_article_comes_from_the_gazetteer() -> None:
    body = (
        "Drevnian opposition leader Ivo Kes met envoys in Halvik on Monday. Kes said the quotas were "
        "unfair.\n\n"
        "The Drevnian leader said the quotas would stand. The Lusmarkian leader said nothing had been agreed."
        " The opposition leader said the talks were a sham."
    )
    got = dict((t, s) for s, t in _speakers(run(body, published="2025-03-06")))
    assert got["the quotas would stand"] == "Arkady Voronets"
    # Lusmark's leading office is the head of government (fictional.yaml: `leader: head_of_government`).
    assert got["nothing had been agreed"] == "Kaja Lindhart"
    assert got["the talks were a sham"] == "Ivo Kes"


def test_titles_with_a_portfolio_and_a_bare_ministry() -> None:
    body = (
        "The Ministry of Transport of Valdoria presented a rail plan on Monday. “Trains will run every "
        "hour,” "
        "said Minister of Transport Oskar Vell. The Ministry said the plan would cost two billion.\n\n"
        "The president’s spokeswoman, Eli Brann, said the president supported the plan."
    )
    got = {(s.speaker, s.speaker_type) for s in run(body)}
    assert got == {
        ("Oskar Vell", "person"),
        ("Valdorian Transport Ministry", "institution"),
        ("Eli Brann", "person"),
    }


def test_unnamed_sources_in_a_place_are_never_the_place() -> None:
    body = "Diplomats in Kamengrad said the talks had stalled. Officials in Mirel said no date had been set."
    assert {(s.speaker, s.speaker_type) for s in run(body)} == {
        ("diplomats", "unnamed"),
        ("officials", "unnamed"),
    }


INTERVIEW = (
    "Interview by Ola Brekk | Coastal Monthly\n\n"
    "Irma Tolvik runs the port of Orlen.\n\n"
    "Coastal Monthly: Ms Tolvik, is the port ready for winter?\n\n"
    "Irma Tolvik: We are ready. The ice breakers are in place and the crews are trained.\n\n"
    "CM: The unions say the staff are exhausted.\n\n"
    "Tolvik: They are right that the season was hard. (She sighs.) We will hire forty more people.\n\n"
    "CM: When?\n\n"
    "Tolvik: Before the first storm, I hope."
)


def test_interview_labels_in_mixed_case_with_the_interviewers_initials() -> None:
    sts = run(INTERVIEW)
    assert _speakers(sts) == [
        ("Irma Tolvik", "We are ready. The ice breakers are in place and the crews are trained."),
        ("Irma Tolvik", "They are right that the season was hard. We will hire forty more people."),
        ("Irma Tolvik", "Before the first storm, I hope."),
    ]


def test_mixed_case_lines_with_a_colon_are_not_turns_without_a_repeated_label() -> None:
    doc = prepare(
        "Title\n\nPhoto: a ferry in Orlen harbour.\n\nBackground: the port opened in 1990.\n\n"
        "Irma Tolvik: a profile of the port director.\n"
    )
    assert find_turns(doc) == []
    assert find_quotes(doc.work, doc.paragraphs) == []


def test_a_portfolio_ministry_is_the_one_named_before_else_the_articles_own_state() -> None:
    named = (
        "The Drevnian Interior Ministry ran the operation. Valdorian police cleared the square.\n\n"
        "The interior ministry said about 300 people had been questioned."
    )
    assert [s.speaker for s in run(named)] == ["Drevnian Interior Ministry"]
    home = (
        "Crowds gathered in Valdgrad on Sunday as Valdoria marked a national holiday.\n\n"
        "The health ministry said two hospitals had extended their hours."
    )
    assert [(s.speaker, s.speaker_type) for s in run(home)] == [("Valdorian Health Ministry", "institution")]


def test_a_german_style_split_quote_with_the_comma_after_the_marks_is_one_statement() -> None:
    body = (
        "Sunniva Rask, 54, remembers the last crisis. „Flour costs twice what it did in the autumn“, "
        "she said. „Nobody buys cake now.“"
    )
    assert _speakers(run(body), "direct") == [
        ("Sunniva Rask", "Flour costs twice what it did in the autumn Nobody buys cake now.")
    ]


def test_a_pronoun_after_an_institution_goes_to_the_last_person_who_spoke() -> None:
    body = (
        "Port director Irma Tolvik said the cranes were worn out.\n\n"
        "The Valdorian Transport Ministry said new cranes would arrive in May. “We have waited three years "
        "for this,” she said."
    )
    got = dict((t, s) for s, t in _speakers(run(body)))
    assert got["We have waited three years for this,"] == "Irma Tolvik"


def test_an_occupation_before_a_name_still_makes_the_sentence_subject_the_focus() -> None:
    body = (
        "Mill foreman Odo Tallack reached the gates at dawn. He said the night shift would be cancelled "
        "until the boilers were inspected."
    )
    assert _speakers(run(body)) == [
        ("Odo Tallack", "the night shift would be cancelled until the boilers were inspected")
    ]


def test_a_person_entity_cut_short_by_the_parse_window_keeps_the_rest_of_the_name() -> None:
    # "Notes from Governor Ilse Marrow Tanek": the parse window ended after "Ilse", so its PERSON entity is
    # "Ilse"; the unparsed words after it stay in the name, a parsed word left out of the entity does not.
    toks = [(0, 8, "Governor"), (9, 13, "Ilse"), (14, 20, "Marrow"), (21, 26, "Tanek")]
    cut = {0: ("PROPN", ""), 9: ("PROPN", "PERSON")}
    assert [t[2] for t in parsed_name_tokens(toks, [(9, 13)], cut)] == ["Ilse", "Marrow", "Tanek"]
    seen = {**cut, 14: ("PROPN", "PERSON"), 21: ("PROPN", "GPE")}
    assert [t[2] for t in parsed_name_tokens(toks, [(9, 20)], seen)] == ["Ilse", "Marrow"]


def test_a_gendered_apposition_after_a_name_is_gender_evidence() -> None:
    body = (
        "Maren Oddny, widow of the lighthouse keeper, told the inquiry in Vestrahavn that the lamp had been "
        "dark for three nights. The inquiry also questioned the coastguard officer Lars Vik.\n\n"
        "“I saw no light from the tower at all,” he said."
    )
    got = dict((t, s) for s, t in _speakers(run(body), "direct"))
    assert got["I saw no light from the tower at all,"] == "Lars Vik"


def test_a_postings_object_is_no_part_of_its_holders_name() -> None:
    # Government readouts write "<posting> of <place or body> <Name>" as one capitalised run.
    body = (
        "Arkady Voronets met with Governor of Orlan Territory Pavel Dask. The Governor said that the "
        "harbour was frozen.\n\n"
        "Arkady Voronets met with the Minister of Labour and Social Protection Edda Rusk. Edda Rusk "
        "reported that wages rose.\n\n"
        "Head of Sorvia Arkady Lumin noted that the grain stores were full."
    )
    got = {s.text: s.speaker for s in run(body)}
    assert got["the harbour was frozen"] == "Pavel Dask"  # after the noun of a place
    assert got["wages rose"] == "Edda Rusk"  # after a portfolio of several words
    assert got["the grain stores were full"] == "Arkady Lumin"  # a given name the gazetteer knows


def test_a_three_word_name_after_a_posting_stays_whole() -> None:
    body = "Arkady Voronets met Minister of Justice Ada Mira Vell. Ada Mira Vell said that courts reopen."
    assert {s.speaker for s in run(body) if "courts" in s.text} == {"Ada Mira Vell"}
