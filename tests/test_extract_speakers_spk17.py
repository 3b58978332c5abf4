"""Speakers, session 17: the subject resolver table (``quoteline.extract.subjects``); "the" before a capital
city's bare name ("the Halvik attacks"), which makes the city a modifier and no state speaking; two people
joined by "and", who speak as the first named. Every name and sentence is invented; the cities are the
fictional gazetteer's capitals."""

from __future__ import annotations

from extract_helpers import run, speaker_starting

from quoteline.extract import subjects
from quoteline.extract.subjects import inherited, phrases


def _speakers(body: str) -> list[tuple[str | None, str]]:
    return [(s.speaker, s.text) for s in run(body)]


# --- the resolver table ------------------------------------------------------------------------------------


def test_each_table_ends_with_a_resolver_that_always_answers() -> None:
    # The table's order is stated once; its last resolver is the fallback every subject reaches.
    assert subjects.PHRASE[-1] is phrases.named_or_described
    assert subjects.INHERITED[-1] is inherited.speaker_in_focus
    assert len(set(subjects.PHRASE)) == len(subjects.PHRASE)
    assert len(set(subjects.INHERITED)) == len(subjects.INHERITED)


def test_city_reading_comes_before_the_registry_reading() -> None:
    order = list(subjects.PHRASE)
    assert order.index(phrases.city_as_modifier) < order.index(phrases.named_or_described)


# --- "the" + a capital city: a modifier, not the state -----------------------------------------------------


def test_the_capital_before_a_noun_read_as_a_cue_gives_no_statement() -> None:
    body = (
        "Ivo Vell spoke at length on Monday.\n\n"
        "After the Halvik attacks, Vell released a new radio ad about the harbour.\n\n"
        "Orrin may benefit if the Halvik attacks push voters to think again."
    )
    found = _speakers(body)
    assert not [sp for sp, _ in found if sp == "Lusmark"], found


def test_the_capital_alone_as_actor_still_speaks_for_its_state() -> None:
    body = "Ivo Vell spoke at length on Monday.\n\nHalvik said it would not attend the summit in Mirel."
    assert speaker_starting(body, "it would not attend") == "Lusmark"


def test_a_seat_of_power_after_the_still_speaks() -> None:
    # Seats of power are listed after the city among a state's capitals, and take "the".
    body = "Ivo Vell spoke at length on Monday.\n\nThe Stone Palace said the talks would go on in Mirel."
    sp = speaker_starting(body, "the talks would go on")
    assert sp is not None
    assert "Drevnia" in sp


# --- two people joined by "and": the first named speaks -----------------------------------------------------


def test_a_pair_of_people_speaks_as_the_first_named() -> None:
    body = (
        "Ada Vell and Ivo Orrin met in Portwick on Monday.\n\n"
        "Vell and Orrin vowed to cut the harbour fees by half."
    )
    assert speaker_starting(body, "to cut the harbour fees") == "Ada Vell"


def test_a_pair_with_a_title_before_the_second_speaks_as_the_first() -> None:
    body = (
        "Ada Vell and Ivo Orrin met in Portwick on Monday.\n\n"
        "Vell and Senator Orrin agreed that the pier would reopen in May."
    )
    assert speaker_starting(body, "the pier would reopen") == "Ada Vell"


def test_two_given_names_and_one_surname_stay_with_the_full_name() -> None:
    # "Mara and Tomas Brindle": "Mara" is no full name of its own, so the name the phrase ends with speaks.
    body = "Mara and Tomas Brindle run the ferry.\n\nMara and Tomas Brindle said the ferry was late again."
    assert speaker_starting(body, "the ferry was late") == "Tomas Brindle"


def test_a_name_alone_is_unchanged() -> None:
    body = "Ada Vell and Ivo Orrin met in Portwick on Monday.\n\nOrrin said the fees were too high."
    assert speaker_starting(body, "the fees were too high") == "Ivo Orrin"


def test_and_inside_a_title_is_no_pair() -> None:
    # The capitalised words of a ministry's name after "of" are no person of a pair.
    body = (
        "Ivo Orrin held a meeting on the harbour.\n\n"
        "Minister of Coastal Waters and Fisheries Ada Vell reported on the dredging of the outer basin."
    )
    assert speaker_starting(body, "on the dredging") == "Ada Vell"


def test_a_pair_before_who_speaks_as_the_name_nearest_the_pronoun() -> None:
    body = (
        "Ada Vell and Ivo Orrin met in Portwick on Monday.\n\n"
        "Tobin Marsh spared his rivals, Ada Vell and Ivo Orrin, who say the young pilot lacks the experience "
        "needed to run the port."
    )
    assert speaker_starting(body, "the young pilot lacks") == "Ivo Orrin"
