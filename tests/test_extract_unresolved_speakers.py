"""Subjects that named no speaker: an organisation speaking on its own authority ("Valtrix said in a
statement", "Brindle said it ..."), "the court" for a body named earlier only in passing, and "they" after an
institution's statement. All names, bodies and places are invented.
"""

from __future__ import annotations

from extract_helpers import run


def _speakers(body: str) -> list[tuple[str, str]]:
    return [(s.speaker, s.speaker_type) for s in run(body)]


def test_a_one_word_company_that_speaks_of_itself_as_it_is_an_institution() -> None:
    body = (
        "Shoppers queued outside the Brindle depot in Kesh before dawn. Brindle said it shipped more parcels "
        "in the quarter than in any quarter before."
    )
    assert _speakers(body) == [("Brindle", "institution")]


def test_a_company_speaking_in_a_statement_is_an_institution() -> None:
    body = (
        "The Quorvel app was down for six hours on Tuesday. Quorvel said in a statement that the fault "
        "had been found and fixed overnight."
    )
    assert _speakers(body) == [("Quorvel", "institution")]


def test_a_place_saying_it_is_not_made_an_organisation() -> None:
    body = (
        "Regulators in Tesmark met on Friday to weigh the ferry tariffs. Tesmark said it would not "
        "comment on the tribunal's ruling."
    )
    assert all(name != "Tesmark" for name, _ in _speakers(body))


def test_a_short_form_takes_the_fuller_name_given_earlier() -> None:
    body = (
        "The Harrow Grain Board opened an inquiry into the subsidies in May. Harrow said it would publish "
        "what the inquiry found by the end of the month."
    )
    assert _speakers(body) == [("Harrow Grain Board", "institution")]


def test_the_court_is_the_court_named_earlier_in_passing() -> None:
    body = (
        "The appeal reached the Velmora High Court in March after two years in the lower courts. The court "
        "said it would hear the ferry owners' case in the autumn."
    )
    assert _speakers(body) == [("Velmora High Court", "institution")]


def test_they_after_an_institutions_statement_is_that_institution() -> None:
    body = (
        "The Orvel Council for Tides said on Monday that the old charts were wrong. They said the spring "
        "tides would rise higher than the harbour walls."
    )
    assert _speakers(body) == [("Orvel Council for Tides", "institution")] * 2


def test_they_with_no_institution_speaking_before_names_no_one() -> None:
    body = "The harbour was quiet on Sunday. They said the boats would not sail until the storm had passed."
    assert _speakers(body) == []


def test_it_after_an_institutions_statement_is_that_institution() -> None:
    body = (
        "The Orvel Council for Tides said the ferry fares had doubled since the spring. It added that the "
        "harbour board had not answered its questions."
    )
    assert _speakers(body) == [("Orvel Council for Tides", "institution")] * 2


def test_a_company_named_after_from_and_reporting_of_itself_is_an_institution() -> None:
    body = (
        "Shares rose on results from Brindle and Quorvel. Brindle reported it sold more parcels in the "
        "quarter than a year earlier, and in Brindle's home market sales doubled."
    )
    assert ("Brindle", "institution") in _speakers(body)
