"""Speakers, session 15: a quote after a colon lead-in that names one person and has no cue of its own.
Every name and sentence here is invented."""

from __future__ import annotations

from extract_helpers import speaker_starting

from quoteline.extract.clauses import subject_before

# --- a colon lead-in with no cue -----------------------------------------------------------------------


def test_lead_in_naming_one_person_gives_the_quote_to_that_person_not_the_last_speaker() -> None:
    body = (
        "“The ferry will sail on Monday,” harbour master Ilse Varrow said.\n\n"
        "The delay did not surprise local pollster Tomas Brindle: “Voters in Marrowby have waited for that "
        "ferry since the spring, and they will wait a little longer.”"
    )
    assert speaker_starting(body, "Voters in Marrowby") == "Tomas Brindle"


def test_more_from_a_surname_is_that_person() -> None:
    body = (
        "“Tolls will fall next year,” said Ada Kestrel, the bridge authority's director.\n\n"
        "Economist Rolf Amsel disagreed with that forecast in a report. “The numbers do not add up for the "
        "bridge,” Amsel said.\n\n"
        "More from Kestrel: “We have cut our costs every year since the bridge opened.”"
    )
    assert speaker_starting(body, "We have cut our costs") == "Ada Kestrel"


def test_lead_in_with_a_pronoun_of_its_own_keeps_the_pronoun_reading() -> None:
    body = (
        "“The pier must close,” said Ada Kestrel, the port's director.\n\n"
        "She had a blunt message for Tomas Brindle: “Your boats are too heavy for this old pier.”"
    )
    assert speaker_starting(body, "Your boats are too heavy") != "Tomas Brindle"


def test_lead_in_with_a_cue_is_left_to_its_own_subject() -> None:
    body = (
        "“The toll is fair,” Ada Kestrel said.\n\n"
        "Another reader said he hoped Tomas Brindle would win the harbour seat: “Then the tolls would "
        "finally come down for all of us.”"
    )
    assert speaker_starting(body, "Then the tolls would") != "Tomas Brindle"


def test_lead_in_naming_two_people_names_no_one() -> None:
    body = (
        "“The canal will be dredged,” said Ada Kestrel, the port's director.\n\n"
        "The plan split Tomas Brindle and Rolf Amsel at the hearing: “Nobody asked the fishermen about the "
        "dredging at all.”"
    )
    assert speaker_starting(body, "Nobody asked the fishermen") not in ("Tomas Brindle", "Rolf Amsel")


def test_a_name_after_the_modifies_a_noun_and_is_not_the_speaker() -> None:
    body = (
        "Mayor Tomas Brindle opened the debate on the harbour.\n\n"
        "“The mayor has failed the harbour,” said Ada Kestrel.\n\n"
        "At the town hall in Marrowby on Monday, the Brindle supporter snapped back: “You have never once "
        "set foot on that harbour.”"
    )
    assert speaker_starting(body, "You have never once") != "Tomas Brindle"


# --- a name with a description set beside it before the cue (the rules' reading; the parse often agrees) ----


def _rules_subject(sentence: str) -> str:
    """The subject phrase the rules read before the sentence's first "said"."""
    cue = sentence.index(" said") + 1
    got = subject_before(sentence, 0, cue)
    assert got.kind == "phrase", got
    return sentence[got.start : got.end]


def test_a_place_and_its_region_ending_the_description_are_not_the_subject() -> None:
    sentence = "Ada Vellmar, a shipowner from Portwick, Halden, said the levy would ruin the yards."
    assert _rules_subject(sentence) == "Ada Vellmar"


def test_two_names_after_a_place_are_the_subject_not_a_region() -> None:
    sentence = (
        "In addition to Mr. Orrin, two members of the council from Halden, Ada Vellmar and Tomas Brindle, "
        "have said they will vote against the levy."
    )
    assert _rules_subject(sentence) == "Ada Vellmar and Tomas Brindle"


def test_a_posting_without_an_article_before_a_second_aside_leaves_the_name_the_subject() -> None:
    sentence = (
        "Ivo Brandt, executive director of National Dockers United, a union that has backed the mayor, "
        "also said his members would strike."
    )
    assert _rules_subject(sentence) == "Ivo Brandt"


def test_a_name_after_an_opening_but_heads_its_apposition() -> None:
    sentence = (
        "But Tomas Orrin, acting political director of Harbour Watch Action, which organized the petition, "
        "said the council had ignored the fishermen."
    )
    assert _rules_subject(sentence) == "Tomas Orrin"


def test_a_sentence_opener_before_a_posting_is_no_name() -> None:
    sentence = "In Halvik, executive director of the Harbour Board Ada Vellmar said the levy was fair."
    assert _rules_subject(sentence) != "In Halvik"


def test_the_whole_article_gives_the_statement_to_the_name_not_the_union() -> None:
    body = (
        "Dockers plan a strike.\n\n"
        "Ivo Brandt, executive director of National Dockers United, a union that has backed the mayor "
        "and that has been ferrying its members to the port, also said his members would strike."
    )
    assert speaker_starting(body, "his members would strike") == "Ivo Brandt"


# --- a participle after a sentence whose subject is no person the article names -------------------------


def test_participle_after_an_outlet_subject_is_not_the_person_in_focus() -> None:
    body = (
        "Harbour records fight goes on.\n\n"
        "“We will not open the books,” said Mayor Ada Vellmar.\n\n"
        "The Courier intervened in April, arguing that the mayor's records were a matter of public interest."
    )
    assert speaker_starting(body, "the mayor's records were") != "Ada Vellmar"


def test_participle_after_a_name_the_table_lacks_is_not_the_person_in_focus() -> None:
    body = (
        "Harbour leak row.\n\n"
        "“I published nothing secret,” said Tomas Brindle.\n\n"
        "Harbourleaks hit back on Monday, accusing him of serving the mayor."
    )
    assert speaker_starting(body, "him of serving the mayor") != "Tomas Brindle"


def test_participle_after_a_pronoun_subject_stays_with_the_focus() -> None:
    body = (
        "Harbour leak row.\n\n"
        "“I published nothing secret,” said Tomas Brindle.\n\n"
        "He hit back on Monday, accusing the mayor of hiding the ferry accounts."
    )
    assert speaker_starting(body, "the mayor of hiding") == "Tomas Brindle"


def test_participle_after_a_sentence_opening_with_a_time_stays_with_the_focus() -> None:
    body = (
        "Harbour leak row.\n\n"
        "“I published nothing secret,” said Tomas Brindle.\n\n"
        "Eight years ago he wrote a column, accusing the mayor of hiding the ferry accounts."
    )
    assert speaker_starting(body, "the mayor of hiding") == "Tomas Brindle"


def test_a_name_after_a_preposition_in_the_lead_in_is_spoken_of_not_speaking() -> None:
    body = (
        "“The quay is finished,” said Ada Kestrel, the port's director.\n\n"
        "The berths were finished in March. The verdict on Tomas Brindle: “He built the best quay in the "
        "whole of Halden.”"
    )
    assert speaker_starting(body, "He built the best quay") != "Tomas Brindle"


def test_participle_after_a_title_subject_is_the_title_holders() -> None:
    body = (
        "Drevnian leader sends greetings.\n\n"
        "President of Drevnia Arkady Voronets met the harbour guild on Monday.\n\n"
        "The President of Drevnia sent New Year greetings to King Tomas of Valdoria, emphasising that "
        "the talks "
        "in Kamor had confirmed the strength of the partnership."
    )
    assert speaker_starting(body, "the talks in Kamor had confirmed") == "Arkady Voronets"
