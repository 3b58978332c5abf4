"""Speakers of direct and mixed quotes: mechanisms found by reading wrong speakers in US campaign news.

Each test is one mechanism, written in invented words (invented people, places and bodies).
"""

from __future__ import annotations

from extract_helpers import run

from quoteline.extract import parse

_LEAD = "The ferry fleet grew last year, and the dock workers' union reached a deal that ended a strike.\n\n"
_LONG_QUOTE = (
    "To those who give the harbour board no credit for any success this year, I would simply ask them to "
    "read the ledgers about where we stood when the strike began"
)


def _speakers(body: str) -> list[str]:
    return [s.speaker for s in run(body)]


def test_an_inverted_subject_after_doubled_apostrophes_keeps_its_whole_name() -> None:
    # Newspaper archives close a quote with '' : the parse window must still reach past "said" far enough
    # for the name after a title, not stop twenty characters in.
    body = _LEAD + f"''{_LONG_QUOTE},'' said Representative Orla Brennick, a Democrat from Westmarch."
    assert _speakers(body) == ["Orla Brennick"]


def test_a_long_title_before_an_inverted_subject_does_not_cut_the_name() -> None:
    body = _LEAD + (
        f"“{_LONG_QUOTE},” said South Westmarch Harbour Party Chairman Jaime Ostrand. "
        "“The others have ships too.”"
    )
    assert _speakers(body)[0] == "Jaime Ostrand"


def test_the_parse_window_cut_runs_to_the_end_of_a_name_and_no_further() -> None:
    work = "“Yes,” said North Westmarch Harbour Board Deputy Chairwoman Ilse Varro on a windy quay in town."
    cue_end = work.index("said") + len("said")
    cut = parse.cut_after_cue(work, 0, len(work), cue_end, inverted=True)
    assert work[:cut].endswith("Ilse Varro")
    # A cut inside a lower-case word ends with that word, and takes no lower-case word after it.
    plain = "The harbour board chair spoke on a windy quay in the old town."
    cut = parse.cut_after_cue(plain, 0, len(plain), plain.index("spoke"), inverted=False)
    assert plain[:cut].endswith(" windy quay")


def test_a_name_inside_a_quote_that_opens_the_sentence_is_not_its_subject() -> None:
    body = (
        "Tomas Velder spoke in Portwick on Friday about the regatta and the ferry fares.\n\n"
        "Velder admitted that his pick was political, with an eye to the vote in East Marrow. "
        "“With an eye to the twentieth, Marrow Bay,” he said."
    )
    assert _speakers(body)[-1] == "Tomas Velder"


def test_a_place_opening_a_sentence_is_no_antecedent_for_he() -> None:
    # "Sandy Hook"-like: a two-word place the article writes after "in" opens the sentence before the quote.
    body = (
        "Senator Oren Malick has campaigned on ferry safety since the sinking in Gull Harbour.\n\n"
        "“There is a lot of work left,” he said.\n\n"
        "In that sense, Gull Harbour was not only a local tragedy but a personal calling. "
        "“This felt different,” he added."
    )
    assert _speakers(body) == ["Oren Malick", "Oren Malick"]


def test_a_persons_brand_after_the_does_not_make_the_person_a_thing() -> None:
    body = (
        "At the fair in Portwick, Ada Brannock walked the stage in a dress from the Ada Brannock label. "
        "Then she broke with custom.\n\n"
        "“Ferries should run all night,” she said."
    )
    assert _speakers(body) == ["Ada Brannock"]


def test_a_straight_opening_mark_closed_by_a_curly_one_keeps_its_attribution() -> None:
    body = (
        "Senator Oren Malick spoke about the ferry levy on Monday.\n\n"
        '"I don’t think it is drawing the notice people expected it would,” Malick said.\n\n'
        "In a year of harbour strikes, the levy has few friends, said Ilse Varro, a Portwick organiser.\n\n"
        "“The levy is a battle of niches,” Varro said."
    )
    got = [(s.speaker, s.text) for s in run(body) if s.kind == "direct"]
    assert got[0] == ("Oren Malick", "I don’t think it is drawing the notice people expected it would,")
    assert got[-1][0] == "Ilse Varro"


def test_a_curly_quote_closed_by_a_second_opening_mark_keeps_its_attribution() -> None:
    body = (
        "The levy drew criticism in Portwick.\n\n"
        "“It is unusual,“ said Edda Brask, a lawyer with the Harbour Rights League. "
        "“It is a hard thing to do.”"
    )
    got = [(s.speaker, s.text) for s in run(body) if s.kind == "direct"]
    assert got
    assert all(sp == "Edda Brask" for sp, _ in got)
    assert got[0][1].startswith("It is unusual,")


def test_an_abbreviated_title_after_a_state_does_not_end_the_name() -> None:
    body = (
        "The harbour race narrowed on Tuesday.\n\n"
        "Westmarch Gov. Ilse Varro suspended her campaign on Wednesday, telling supporters in Portwick that "
        "she had “renewed faith in the harbour and its people.”\n\n"
        "“I don't see how the storm would change our plans,” said Harbour Board spokesman Navy Capt. Jens "
        "Dalby, who was asked about the fleet."
    )
    assert _speakers(body) == ["Ilse Varro", "Jens Dalby"]


def test_a_headline_word_before_a_surname_is_not_a_given_name_when_the_body_names_the_person() -> None:
    body = (
        "Ada Vell spoke to ferry crews in Portwick on Monday about the night boats.\n\n"
        "“She was going through a hard stretch, and I heard about it, and I paid the fare,” Vell said."
    )
    got = [s.speaker for s in run(body, title="Woman Reveals Stunning Thing Vell Did For Her")]
    assert got == ["Ada Vell"]
    got = [s.speaker for s in run(body, title="Crowd cheers at Portwick Vell rally")]
    assert got == ["Ada Vell"]


def test_a_given_name_the_title_alone_prints_stays_with_its_surname() -> None:
    # The body's only other capitalised word before the surname opens a sentence: it is no given name.
    body = (
        "The harbour board met on Monday. She asked Brannock about the fares.\n\n"
        "“The fares are too high,” said Brannock. But Brannock said the boats would run."
    )
    got = {s.speaker for s in run(body, title="Ada Brannock: the fares are too high")}
    assert got == {"Ada Brannock"}
