"""Mechanisms found reading a fresh seeded sample of real official news and Wikinews (session 21): a written
text named right after its quoted words (`"…," the message reads.`). All names, places and bodies are
invented (data/gazetteer/fictional.yaml); articles are published on Wednesday 2023-03-15
(``extract_helpers.run``) unless a test gives its own day."""

from __future__ import annotations

from extract_helpers import run


def _direct(sts: list, fragment: str) -> list[tuple[str, str]]:
    return sorted((s.speaker, s.cue) for s in sts if s.kind == "direct" and fragment in s.text)


def test_a_message_named_after_its_quote_is_the_senders() -> None:
    # The paragraph before tells whose condolences the message carries; the quoted paragraph has no person.
    body = (
        "Arkady Voronets offered his deepest condolences on the death of the poet Ilse Marrow.\n\n"
        '"Ilse Marrow was a generous friend to the river towns, and her verse will be read for a long time '
        'to come," the message reads.'
    )
    sts = run(body, title="Condolences on the death of Ilse Marrow")
    assert _direct(sts, "generous friend") == [("Arkady Voronets", "reads")]


def test_the_from_phrase_after_the_verb_names_the_author() -> None:
    body = (
        "Heavy rains flooded the lower valley of Tarsenia this week.\n\n"
        '"Drevnia shares the grief of the families who lost their homes to the flood," the message from the '
        "President of Drevnia reads, in part."
    )
    sts = run(body, title="Condolences to the people of Tarsenia")
    assert _direct(sts, "shares the grief") == [("Arkady Voronets", "reads")]


def test_a_possessive_owner_with_the_verb_first_speaks_and_the_split_quote_joins() -> None:
    body = (
        "A court in Halvik struck down the ferry levy on Friday.\n\n"
        '"While the levy may once have paid for the harbour," reads President Arkady Voronets\'s statement, '
        '"it now falls on the towns that can least afford it."'
    )
    sts = run(body)
    found = [s for s in sts if s.kind == "direct" and "paid for the harbour" in s.text]
    assert [(s.speaker, s.cue) for s in found] == [("Arkady Voronets", "reads")]
    assert "least afford it" in found[0].text


def test_a_letter_the_sentence_before_does_not_announce_is_nobodys() -> None:
    # The one in focus (the mayor who answered) did not write the letter: without an owner, a from-phrase or
    # a sentence before that names the text, the quote stays unattributed.
    body = (
        "Mayor Ilse Marrow answered the guild's questions at length on Monday.\n\n"
        "The guild's tools can copy any ferry timetable in the valley.\n\n"
        '"Any program able to read the timetable can copy it, whoever approved it," the letter read.'
    )
    sts = run(body)
    assert _direct(sts, "whoever approved it") == []


def test_a_document_after_a_quote_needs_the_clause_to_end_there() -> None:
    # "the statement reads like a threat to the towns": the verb has an object of its own, so no lead-in.
    body = (
        "Arkady Voronets sent a message to the river towns on Monday.\n\n"
        '"We will not abandon a single town on the lower river," the message reads like a promise, but '
        "mayors doubt it."
    )
    sts = run(body)
    assert ("Arkady Voronets", "reads") not in _direct(sts, "single town")


def test_a_building_on_opening_dates_the_earlier_step_not_the_statement() -> None:
    # "Building on <an earlier step> in May, X called on …": May is the step's month; the statement is the
    # fact sheet's own (its publication day), and so is the same speaker's next one.
    body = (
        "Building on the River Vision that he launched with President Elias Marant in May 2022, President "
        "Arkady Voronets called on the Concord to fund the new locks.\n\n"
        "Building off of our work on the Mirel airlift in April, President Voronets also committed to expand "
        "the ferry service. President Voronets pledged to open two new quays."
    )
    sts = run(body, published="2022-11-16", title="Fact Sheet: The Harbour Partnership")
    dates = {s.text: s.date for s in sts if s.speaker == "Arkady Voronets"}
    assert dates == {
        "the Concord to fund the new locks": "2022-11-16",
        "to expand the ferry service": "2022-11-16",
        "to open two new quays": "2022-11-16",
    }


def test_a_day_in_the_opening_of_a_plain_sentence_still_dates_it() -> None:
    # Only an opening of sequence gives its day away; "On Monday, X said" keeps Monday.
    body = "On Monday, President Arkady Voronets called on the Concord to fund the new locks."
    sts = run(body, published="2022-11-16")
    assert [s.date for s in sts if "new locks" in s.text] == ["2022-11-14"]


def test_a_text_the_announcing_sentence_gives_to_another_author_is_not_the_relayer_s() -> None:
    # Read out or quoted, a letter "from" someone else, or someone's own, is not the reader's words.
    for opening in (
        "Mayor Ada Vell read out a letter from the dockers' union on Monday.",
        "Mayor Ada Vell shared Rask's letter on Monday.",
    ):
        body = opening + ' "We will strike on Friday unless the levy goes," the letter says.'
        assert not [s for s in run(body) if s.kind == "direct" and s.speaker == "Ada Vell"], opening
