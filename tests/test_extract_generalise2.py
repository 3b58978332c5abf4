"""Generalisation, third round: prose that looks like page furniture, spaced-hyphen datelines, and the
security vocabulary of the topic taxonomy. Every name and sentence here is fictional."""

from __future__ import annotations

from extract_helpers import run

from quoteline.extract.text import is_boilerplate
from quoteline.knowledge import topics


def _pairs(body: str, **kw: str) -> list[tuple[str, str, str]]:
    return [(s.speaker, s.cue, s.text) for s in run(body, **kw)]


def test_read_more_into_is_prose_not_a_prompt() -> None:
    assert not is_boilerplate(
        "GOVERNOR BRENN: No. The ferries are on loan. Nobody should read more into it than that."
    )
    assert is_boilerplate("Read more: ferry timetables for the winter")


def test_transcript_answer_mentioning_read_more_into_is_kept() -> None:
    body = (
        "GOVERNOR OSKAR BRENN: Good morning. The quay reopens on Monday.\n\n"
        "Q: Will the navy use it?\n\n"
        "GOVERNOR OSKAR BRENN: No. The quay is for ferries. "
        "Nobody should read more into this than there is.\n\n"
        "MAYOR ILSE TAMM: We agree with the governor."
    )
    texts = [t for _, _, t in _pairs(body)]
    assert "No. The quay is for ferries. Nobody should read more into this than there is." in texts


def test_spaced_hyphen_dateline_keeps_the_sentence_subject_for_a_pronoun() -> None:
    body = (
        "OSTRAVEN, Lusmark - Berit Lunde keeps a ledger of every storm on her harbour wall.\n\n"
        '"Storms come back every winter," she said, leaning on the railing of the pier. '
        '"The sea keeps count."'
    )
    assert _pairs(body) == [("Berit Lunde", "said", "Storms come back every winter, The sea keeps count.")]


def test_agency_dateline_keeps_the_sentence_subject_for_a_pronoun() -> None:
    body = (
        "OSTRAVEN, Lusmark (Tidewire) - Berit Lunde keeps a ledger of every storm.\n\n"
        '"Storms come back every winter," she said.'
    )
    assert _pairs(body) == [("Berit Lunde", "said", "Storms come back every winter,")]


def test_maritime_security_words_are_security() -> None:
    for text in (
        "the patrol boats shadowed the convoy past the cape",
        "the coastguard fired flares over the fishing fleet",
        "a coast guard cutter and naval forces gathered off the island",
    ):
        assert topics.classify(text)[:1] == ["security"], text


def test_bare_the_president_in_a_two_president_readout_is_the_host() -> None:
    body = (
        "On 3 March, President of Portugal Ilda Marvão held a telephone conversation with President of "
        "Chile Tomasa Errázuriz.\n\n"
        "President Errázuriz informed her counterpart about the copper fund. She noted that the fund "
        "was open to every country of the region.\n\n"
        "The President reaffirmed Portugal's readiness to expand trade with Chile."
    )
    got = {t: sp for sp, _, t in _pairs(body)}
    assert got["Portugal's readiness to expand trade with Chile"] == "Ilda Marvão"
    assert got["the fund was open to every country of the region"] == "Tomasa Errázuriz"


def test_the_x_side_is_that_countrys_person_at_the_meeting() -> None:
    body = (
        "Minister of Foreign Affairs Ilda Marvão met today in Lisbon with the Minister of Foreign Affairs "
        "of Chile, Tomasa Errázuriz.\n\n"
        "Minister Errázuriz confirmed that Chile would finance two survey teams.\n\n"
        "The Portuguese side expressed concern over the mines along the border and called on the Union "
        "to include demining in its programme."
    )
    got = {t: sp for sp, _, t in _pairs(body)}
    assert got["Chile would finance two survey teams"] == "Tomasa Errázuriz"
    assert got["the mines along the border"] == "Ilda Marvão"
    assert got["the Union to include demining in its programme"] == "Ilda Marvão"


def test_examples_cue_takes_its_usual_variants() -> None:
    body = (
        "Foreign Minister Ivo Renk cited examples of violations by the border guards of the ceasefire terms."
    )
    sts = run(body)
    assert [(s.speaker, s.text) for s in sts] == [
        ("Ivo Renk", "violations by the border guards of the ceasefire terms")
    ]
    assert sts[0].stance == "criticism"
