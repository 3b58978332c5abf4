"""Organisations named "<Org word> for/on/of <Capitalised words>" speak as institutions, not as a person
named after the tail of their name."""

from quoteline.extract import extract_statements

_TEXT = (
    "Harbour fees\n\n"
    "The Center for Coastal Heritage said the harbour would close next week. "
    "The Council on Tidal Fairness said on Monday that the tolls were unjust. "
    "Office of the President Lina Vorst said the visit went well."
)


def test_org_with_for_or_on_is_the_institution() -> None:
    got = {(s.speaker, s.speaker_type) for s in extract_statements(_TEXT, published="2024-03-05")}
    assert ("Center for Coastal Heritage", "institution") in got
    assert ("Council on Tidal Fairness", "institution") in got
    assert not any(name in ("Coastal Heritage", "Tidal Fairness") for name, _ in got)


def test_title_after_org_tail_still_names_a_person() -> None:
    got = {(s.speaker, s.speaker_type) for s in extract_statements(_TEXT, published="2024-03-05")}
    assert ("Lina Vorst", "person") in got


def test_person_named_after_an_org_keeps_their_name() -> None:
    text = (
        "Towns meet\n\n"
        "The Association of Orvel Towns Ada Vell said the roads were poor. "
        "Vell also said the bridges needed repair."
    )
    got = {(s.speaker, s.speaker_type) for s in extract_statements(text, published="2024-03-05")}
    assert got == {("Ada Vell", "person")}


def test_org_words_and_a_state_after_the_org_are_no_name() -> None:
    text = (
        "Grants\n\n"
        "The National Tidal Foundation said the grants would grow. The Foundation later said it was pleased. "
        "Ada Vell met the Director of the Office of Valdoria Ivo Marsk. Marsk said the talks went well."
    )
    got = {(s.speaker, s.speaker_type) for s in extract_statements(text, published="2024-03-05")}
    assert ("National Tidal Foundation", "institution") in got
    assert ("Ivo Marsk", "person") in got
