"""Mechanisms found by reading extraction output at scale on real articles, round 13, in invented words."""

from __future__ import annotations

from extract_helpers import run

# An office holder whose turns mostly end in a question still speaks: a president questioning a minister at a
# working meeting is no interviewer.


def test_a_president_questioning_a_minister_keeps_his_turns() -> None:
    body = (
        "Arkady Voronets held a working meeting with Minister of Tides Ivo Brannock.\n\n"
        "President of Drevnia Arkady Voronets: Mr Brannock, the harbours have had a difficult year. How are "
        "the repairs going? Minister of Tides Ivo Brannock: Mr President, the repairs are ahead of schedule. "
        "We have rebuilt eleven piers and the dredging of the northern channel will be finished in spring, "
        "which will let larger ships call at Portwick again. Arkady Voronets: What about the ferry "
        "crossings? Ivo Brannock: Two new ferries will enter service this summer. Arkady Voronets: "
        "Will that be enough?"
    )
    speakers = [s.speaker for s in run(body) if s.kind == "direct"]
    assert speakers.count("Arkady Voronets") == 3
    assert speakers.count("Ivo Brannock") == 2


def test_a_prime_minister_chairing_a_summit_keeps_his_turns() -> None:
    body = (
        "PRIME MINISTER ORRIN:  Good morning. It is my pleasure to open the summit of the harbour "
        "states. May I now ask President Vell to speak?\n\n"
        "PRESIDENT VELL:  Thank you, Prime Minister. Our states have never been closer, and the new ferry "
        "treaty will prove it to our peoples.\n\n"
        "PRIME MINISTER ORRIN:  Thank you very much, President Vell. May I now invite Chancellor "
        "Brannock?\n\n"
        "CHANCELLOR BRANNOCK:  Thank you. I agree with every word said here today."
    )
    speakers = [s.speaker for s in run(body)]
    assert speakers.count("Orrin") == 2


def test_a_reporter_questioning_a_president_is_still_the_interviewer() -> None:
    body = (
        "Arkady Voronets answered questions from journalists.\n\n"
        "Ada Lenska: Mr President, will the harbour levy rise next year? Arkady Voronets: No, it will not. "
        "We have made a promise to the shipowners and we will keep it, whatever the budget pressures may be. "
        "Ada Lenska: And what about the ferries? Arkady Voronets: The ferries will keep running."
    )
    speakers = {s.speaker for s in run(body) if s.kind == "direct"}
    assert speakers == {"Arkady Voronets"}


# The day of another event named inside a readout's scene-setting sentence, or inside a sentence telling the
# speaker's act, dates that event, not the statements made in the call or meeting.

PUB13 = "2023-03-15"


def _dates_of(body: str, cue: str) -> set[str | None]:
    return {s.date for s in run(body, published=PUB13) if s.cue == cue}


def test_a_relative_clause_day_in_the_setting_sentence_does_not_date_the_call() -> None:
    body = (
        "Arkady Voronets had a telephone conversation with Ada Vellmar, who stepped down as chancellor of "
        "Halvia on March 13.\n\nArkady Voronets thanked Ada Vellmar for years of fruitful cooperation on the "
        "northern ports."
    )
    assert _dates_of(body, "thanked") == {PUB13}


def test_the_day_of_talks_held_elsewhere_does_not_date_the_call() -> None:
    body = (
        "Arkady Voronets had a telephone conversation with Prime Minister Ivo Brannock. Arkady Voronets "
        "shared his assessment of the talks with the Halvian delegation held on March 13 in Portwick. "
        "The leaders agreed to continue their dialogue on the matter."
    )
    assert _dates_of(body, "agreed to") == {PUB13}


def test_a_day_before_an_event_noun_does_not_date_the_call() -> None:
    body = (
        "Arkady Voronets had a telephone conversation with President Ivo Brannock. The presidents discussed "
        "the outcome of Ivo Brannock's March 13 talks in Portwick. The leaders reaffirmed their commitment "
        "to close cooperation on the harbour agenda."
    )
    assert _dates_of(body, "reaffirmed") == {PUB13}


def test_a_meeting_day_after_follow_up_to_does_not_date_the_call() -> None:
    body = (
        "Arkady Voronets had a telephone conversation with President Ivo Brannock.\n\nIn the follow-up to "
        "the meeting between Arkady Voronets and Ivo Brannock on March 12, the leaders discussed trade. The "
        "presidents confirmed their intention to strengthen the partnership between their states."
    )
    assert _dates_of(body, "confirmed") == {PUB13}


def test_the_day_of_the_call_itself_still_dates_its_statements() -> None:
    body = (
        "Arkady Voronets had a telephone conversation with Ada Vellmar on March 13, which she had requested. "
        "Arkady Voronets thanked Ada Vellmar for years of fruitful cooperation on the northern ports."
    )
    assert _dates_of(body, "thanked") == {"2023-03-13"}


# A hard-wrapped Markdown list (as pandoc writes official releases) indents each item's wrapped lines to the
# item's text column: they run on in the item, not as wire copy's indented new paragraphs.


def test_a_wrapped_list_item_keeps_its_whole_content() -> None:
    body = (
        "The agreement sets out what each side will do:\n\n"
        "-   Drevnia has committed to cut its levies on grain, timber and fruit\n"
        "    from its neighbours, including dried fruit, by a third.\n"
        "-   Drevnia has committed to lower its harbour dues on foreign\n"
        "    cargo by a fifth."
    )
    texts = {s.text for s in run(body) if s.cue == "committed"}
    assert texts == {
        "to cut its levies on grain, timber and fruit from its neighbours, including dried fruit, by a third",
        "to lower its harbour dues on foreign cargo by a fifth",
    }


def test_wire_copy_indents_still_open_paragraphs() -> None:
    from quoteline.extract.text import prepare

    text = "Title\n\n    The mayor spoke first and\nthen left.\n    The governor said nothing.\n"
    doc = prepare(text)
    assert [doc.work[p.start : p.end] for p in doc.paragraphs] == [
        "The mayor spoke first and then left.",
        "The governor said nothing.",
    ]


def test_a_nested_list_item_keeps_its_wrapped_lines() -> None:
    from quoteline.extract.text import prepare

    text = (
        "Title\n\nThe plan:\n\n    -   **Feed the harbour towns** by asking the Tidal Office to\n"
        "        widen its grain programme.\n"
    )
    doc = prepare(text)
    assert [" ".join(doc.work[p.start : p.end].split()) for p in doc.paragraphs] == [
        "The plan:",
        "- Feed the harbour towns by asking the Tidal Office to widen its grain programme.",
    ]
