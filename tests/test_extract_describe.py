"""A description with a posting ("the adviser to the Head of the Office") names its head, not its
complement."""

from quoteline.extract.pipeline import extract_statements


def _speaker_of(text: str, words: str) -> tuple[str, str] | None:
    for s in extract_statements(text, "2024-03-02"):
        if s.kind == "direct" and words in s.text:
            return s.speaker, s.speaker_type
    return None


def test_posting_description_resolves_to_the_person_introduced_with_its_head() -> None:
    text = (
        "Ferry talks resume in Orvel\n\n"
        "President Tamsin Korvald met harbour pilots on Friday.\n\n"
        "The talks were opened by Adviser to the Head of the Governor's Office Ivo Varnek on Friday.\n\n"
        "Ivo Varnek thanked the pilots for their patience.\n\n"
        '"The pilots will have their new charts before the spring tides," the Adviser to the Head of the '
        "Governor's Office said."
    )
    assert _speaker_of(text, "new charts") == ("Ivo Varnek", "person")


def test_posting_description_takes_a_later_introduction_in_a_quote_first_report() -> None:
    text = (
        "Ferry talks resume in Orvel\n\n"
        '"The pilots will have their new charts before the spring tides," said the adviser to the President.'
        " This was announced by adviser to the President Lene Sorvik after the talks with President Tamsin "
        "Korvald."
    )
    assert _speaker_of(text, "new charts") == ("Lene Sorvik", "person")


def test_posting_description_no_one_answers_to_is_an_unnamed_speaker_never_the_complement() -> None:
    text = (
        "Ferry talks resume in Orvel\n\n"
        "President Tamsin Korvald met harbour pilots on Friday.\n\n"
        '"The pilots will have their new charts before the spring tides," said the adviser to the President.'
    )
    got = _speaker_of(text, "new charts")
    assert got is not None
    assert got[0] != "Tamsin Korvald"
    assert got[1] == "unnamed"


def test_qualified_head_does_not_take_the_bare_title_holder() -> None:
    text = (
        "Ferry talks resume in Orvel\n\n"
        "Head of the Harbour Office Brann Ostlund opened the talks on Friday.\n\n"
        '"The new quay will be finished by the autumn fair," the deputy head of the Harbour Office said.'
    )
    got = _speaker_of(text, "new quay")
    assert got is not None
    assert got[0] != "Brann Ostlund"
