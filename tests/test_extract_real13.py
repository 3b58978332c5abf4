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
        "which will let larger ships call at Portwick again. Arkady Voronets: What about the ferry crossings? "
        "Ivo Brannock: Two new ferries will enter service this summer. Arkady Voronets: Will that be enough?"
    )
    speakers = [s.speaker for s in run(body) if s.kind == "direct"]
    assert speakers.count("Arkady Voronets") == 3
    assert speakers.count("Ivo Brannock") == 2


def test_a_prime_minister_chairing_a_summit_keeps_his_turns() -> None:
    body = (
        "PRIME MINISTER ORRIN:  Good morning. It is my pleasure to open the summit of the harbour states. May "
        "I now ask President Vell to speak?\n\n"
        "PRESIDENT VELL:  Thank you, Prime Minister. Our states have never been closer, and the new ferry "
        "treaty will prove it to our peoples.\n\n"
        "PRIME MINISTER ORRIN:  Thank you very much, President Vell. May I now invite Chancellor Brannock?\n\n"
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
