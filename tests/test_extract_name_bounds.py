"""Where a named speaker's name starts and ends: words glued before a name, given names that are also other
words, datelines, and appositions that lose their closing comma.

Each test is one mechanism, written in invented words (invented people, places and bodies; the fictional
gazetteer's Mara Velcheva stands for a famous person).
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from extract_helpers import run

from quoteline.extract import gazetteer
from quoteline.extract.clauses import subject_before
from quoteline.extract.mentions import parsed_name_tokens
from quoteline.extract.resolution import Registry


def _pairs(body: str) -> list[tuple[str, str]]:
    return [(s.speaker, s.text) for s in run(body)]


def _names(body: str) -> list[str]:
    """The names of the people the entity table registers in an article with this body."""
    text = f"Fictional test article\n\n{body}"
    reg = Registry("2023-03-15")
    reg.build(text, 0, len(text))
    return [text[m.start : m.end] for m in reg.mentions]


def test_a_party_label_before_a_name_is_no_part_of_it() -> None:
    body = (
        "Voters in Portwick choose between Westmarch Democrat Ilse Orrin and Republican Ada Vellacott.\n\n"
        '"We will rebuild the harbour," Vellacott said on Monday.\n\n'
        '"The harbour is fine," Orrin said.'
    )
    got = dict((text, sp) for sp, text in _pairs(body))
    assert got["We will rebuild the harbour,"] == "Ada Vellacott"
    assert got["The harbour is fine,"] == "Ilse Orrin"


def test_a_party_label_alone_before_a_surname_leaves_the_surname() -> None:
    assert "Republican Vellacott" not in _names("Republican Vellacott said the harbour was a disaster.")


def test_a_word_glued_before_a_famous_full_name_is_dropped() -> None:
    body = (
        "The guild named its Harbourmaster of the Year Mara Velcheva, a choice it defended.\n\n"
        'Velcheva said the guild was "wrong about almost everything it has ever printed about the docks."'
    )
    speakers = {sp for sp, _ in _pairs(body)}
    assert speakers == {"Mara Velcheva"}


def test_an_unknown_three_word_name_keeps_its_first_word() -> None:
    # Only a famous person's own full name, known to the gazetteer, shows the word before it to be glued on.
    assert "Ada Lenka Orrin" in _names("Ada Lenka Orrin said the harbour was a disaster.")


def test_a_name_particle_never_opens_a_parsed_name() -> None:
    text = "Sheikh Omar Bin Tarsal mocked the board."
    toks = [(0, 6, "Sheikh"), (7, 11, "Omar"), (12, 15, "Bin"), (16, 22, "Tarsal")]
    # The parse's PERSON entity covers "Bin Tarsal" only: the given name before the particle goes with it.
    kept = parsed_name_tokens(toks, [(12, 22)], {12: ("PROPN", "PERSON"), 16: ("PROPN", "PERSON")})
    assert [t[2] for t in kept] == ["Omar", "Bin", "Tarsal"]
    assert text[kept[0][0] : kept[-1][1]] == "Omar Bin Tarsal"


def test_a_parsed_name_opening_on_a_given_name_is_kept_as_parsed() -> None:
    toks = [(0, 6, "Sheikh"), (7, 11, "Omar"), (12, 18, "Tarsal")]
    kept = parsed_name_tokens(toks, [(7, 18)], {7: ("PROPN", "PERSON"), 12: ("PROPN", "PERSON")})
    assert [t[2] for t in kept] == ["Omar", "Tarsal"]


def test_a_state_name_is_a_given_name_when_the_parse_reads_one_person() -> None:
    body = (
        "Jordan Vellacott, the guild's chairman, said the vote was fair. "
        "Vellacott noted that the count was done twice."
    )
    speakers = {sp for sp, _ in _pairs(body)}
    assert speakers == {"Jordan Vellacott"}


def test_an_upper_case_dateline_place_is_no_person() -> None:
    body = (
        "NORTH VELLMARK - The two candidates could hardly differ more.\n\n"
        "Ada Vellacott said the harbour was dying."
    )
    names = _names(body)
    assert "NORTH VELLMARK" not in names
    assert "Ada Vellacott" in names


def test_an_upper_case_run_inside_a_sentence_is_not_taken_for_a_dateline() -> None:
    # The dash after a run does not make it a dateline unless the run opens its paragraph.
    names = _names("The guild's new head, Ada Vellacott - a fisher - said the nets were empty.")
    assert "Ada Vellacott" in names


def test_an_apposition_missing_its_closing_comma_leaves_the_name_the_subject() -> None:
    text = "Ivo Rastan, the chairman of the Portwick Harbour Board said in a statement."
    cue = text.index("said")
    subj = subject_before(text, 0, cue)
    assert text[subj.start : subj.end] == "Ivo Rastan"


def test_an_unclosed_apposition_with_a_lower_case_head_leaves_the_name_the_subject() -> None:
    text = "Ivo Rastan, the communications director for the Portwick Harbour Board said in a statement."
    subj = subject_before(text, 0, text.index("said"))
    assert text[subj.start : subj.end] == "Ivo Rastan"


def test_an_opening_place_before_an_apposition_like_comma_is_no_name() -> None:
    text = "In North Vellmark, the chairman of the Portwick Harbour Board said the count was fair."
    cue = text.index("said")
    subj = subject_before(text, 0, cue)
    assert text[subj.start : subj.end] != "In North Vellmark"
    assert "Board" in text[subj.start : subj.end]


def test_a_lead_in_sentence_with_an_unclosed_apposition_gives_the_quote_to_the_person() -> None:
    body = (
        "Ivo Rastan, the chairman of the Portwick Harbour Board said in a statement. "
        '"We will not concede anything to the guild."'
    )
    assert _pairs(body) == [("Ivo Rastan", "We will not concede anything to the guild.")]


def test_initials_printed_without_a_space_stay_in_the_name() -> None:
    body = (
        "The author J.K. Orrinwald told the guild that the harbour was dying.\n\n"
        "Former harbourmaster Ada H.W. Vellacott said the board had failed."
    )
    speakers = [sp for sp, _ in _pairs(body)]
    assert speakers == ["J.K. Orrinwald", "Ada H.W. Vellacott"]


def test_an_upper_case_heading_paragraph_with_a_full_stop_is_no_person() -> None:
    body = (
        "The admiral spoke in Portwick on Monday.\n\n"
        "FULL PICTURE.\n\n"
        "ADA VELLMARK\n\n"
        "Ivo Rastan said the harbour was dying."
    )
    names = _names(body)
    assert "FULL PICTURE" not in names
    # A signature line has no full stop: it may be a person's name.
    assert "ADA VELLMARK" in names


def test_a_preposition_opening_the_sentence_is_no_given_name() -> None:
    body = (
        "Outside Brannock's harbour plant, the pickets stood all night.\n\n"
        "Absent Vellmark's votes, the levy fails.\n\n"
        "Ada Brannock said the plant would stay open."
    )
    names = _names(body)
    assert "Outside Brannock" not in names
    assert "Absent Vellmark" not in names


def test_a_capitalised_auxiliary_inside_a_sentence_is_a_name_before_the_cue() -> None:
    text = "Vellmark spoke at the summit in Portwick, which Will claims affirmed the harbour's rights."
    cue = text.index("claims")
    subj = subject_before(text, 0, cue)
    assert text[subj.start : subj.end] == "Will"
    titled = "The board, Mr. Will says, is wrong."
    subj = subject_before(titled, 0, titled.index("says"))
    assert titled[subj.start : subj.end] == "Mr. Will"


def test_a_lower_case_auxiliary_before_the_cue_is_still_skipped() -> None:
    text = "Ada Vellmark will say that the harbour is safe."
    subj = subject_before(text, 0, text.index("say"))
    assert text[subj.start : subj.end] == "Ada Vellmark"


def test_a_bare_word_near_a_famous_given_name_is_not_that_person(monkeypatch: pytest.MonkeyPatch) -> None:
    # The gazetteer's fuzzy match may take a common word for a famous person's given name ("Carrier" for a
    # "Carrie"); a bare word stands for a famous person only as (a spelling of) the surname.
    famous = SimpleNamespace(canonical="Adalind Vellcorne", names=("Adalind Vellcorne",), kind="person")
    monkeypatch.setattr(gazetteer.kb, "resolve", lambda name: famous)
    monkeypatch.setattr(gazetteer.kb, "in_office_around", lambda person, on, **_: True)
    assert gazetteer.gazetteer_person("Adalinds", "2023-03-15") is None
    assert gazetteer.gazetteer_person("Vellcornes", "2023-03-15") is famous


def test_a_bare_surname_is_no_famous_bearer_before_their_office_began(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A foreign minister from 2019 to 2021: "Vellcorne" of a 2016 story is one of the name's many bearers, and
    # a near spelling of the full name ("Adalind Vellcorn") is someone else before the office too. Once in
    # office the surname is theirs, and a few years after leaving office it still is (a former minister).
    role = SimpleNamespace(start=dt.date(2019, 3, 1), end=dt.date(2021, 6, 30))
    famous = SimpleNamespace(
        canonical="Adalind Vellcorne", names=("Adalind Vellcorne",), kind="person", roles=(role,)
    )
    monkeypatch.setattr(gazetteer.kb, "resolve", lambda name: famous)
    for on in ("2016-05-10", "2019-02-20"):
        assert gazetteer.gazetteer_person("Adalind Vellcorn", on) is None, on
    for on in ("2019-03-02", "2023-11-01"):
        assert gazetteer.gazetteer_person("Vellcorne", on) is famous, on
        assert gazetteer.gazetteer_person("Adalind Vellcorn", on) is famous, on
    # A bare surname stands for them from their campaign's year on, not years before.
    assert gazetteer.gazetteer_person("Vellcorne", "2016-05-10") is None
    assert gazetteer.gazetteer_person("Vellcorne", "2018-06-01") is famous
