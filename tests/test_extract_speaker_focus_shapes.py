"""Speakers of direct and mixed quotes where the focus or a name's reading decides who speaks: a name that
only modifies an agent noun before another name, a sentence whose subject is a role description, a pronoun
that follows its paragraph's own thread, a sentence-opening "Neither", a role word that is a surname, and the
catenative "went so far as to" (docs/EXTRACTION.md, "Pronouns"). All people and places are invented."""

from __future__ import annotations

from extract_helpers import run


def _speakers(body: str) -> dict[str, str]:
    """Each statement's text, with its speaker."""
    return {s.text: s.speaker for s in run(body, published="2016-05-10")}


def _speaker_of(body: str, start: str) -> str:
    got = [speaker for text, speaker in _speakers(body).items() if text.startswith(start)]
    assert got, _speakers(body)
    return got[0]


def test_a_name_before_an_agent_noun_only_modifies_the_name_after_it() -> None:
    body = (
        "“We will rebuild the pier before the winter,” Tomas Halvek said in his speech that night.\n\n"
        "Halvek consultant Ivo Brindle, the best-known pollster in the county, picked up the same thread "
        "at the time. “Voters here want the pier far more than they want the bridge,” he said."
    )
    assert _speaker_of(body, "Voters here want the pier") == "Ivo Brindle"


def test_a_sentence_whose_subject_is_a_role_description_moves_the_focus() -> None:
    body = (
        "Mayor Tomas Halvek met the flood board on Saturday.\n\n"
        "“The levy failed us,” said Ivo Brindle, a councillor who has run against Halvek twice. “Someone "
        "must answer for it.”\n\n"
        "Speaking to reporters at the harbour office on Sunday, the mayor framed the flood as a test for "
        "the whole town.\n\n"
        "He did not mention the levy. But it was clearly in his thoughts as he called on residents not to "
        "“give up on the town we built together.”"
    )
    assert _speaker_of(body, "give up on the town") == "Tomas Halvek"


def test_a_pronoun_that_continues_its_paragraphs_thread_gives_the_name_before_it_no_gender() -> None:
    body = (
        "Ivo Brindle chairs the ferry board. “The boats are old,” he said.\n\n"
        "Ada Vell has made the ferry a theme of her campaign. After the storm last year she issued a plan "
        "to rebuild the pier: Mayor Tomas Halvek later adopted a similar plan. She has called for a new "
        "levy as well.\n\n"
        "“We cannot wait for the state to pay,” Halvek said on Monday. “The pier is ours to fix.”\n\n"
        "Speaking at the pier, Halvek was asked about the levy. “The town cannot carry it alone,” he said."
    )
    assert _speaker_of(body, "The town cannot carry it alone") == "Tomas Halvek"


def test_neither_opening_a_sentence_is_no_part_of_the_name_after_it() -> None:
    body = (
        "Neither Tomas Halvek nor Ada Halvek would comment on the fresh charges from the board.\n\n"
        "Halvek said later that the pier would reopen in May."
    )
    assert _speaker_of(body, "the pier would reopen") == "Tomas Halvek"


def test_a_role_word_that_is_the_articles_surname_for_one_person_is_that_person() -> None:
    body = (
        "Tennis great Ada King and the boxer Ivo Brindle first met in 1975.\n\n"
        "“He always told me I would win the final,” she said.\n\n"
        "King won six titles while Brindle was rising in his own sport. King says Brindle “never once lost "
        "his temper in the ring, not even after a defeat.”"
    )
    assert _speaker_of(body, "never once lost his temper") == "Ada King"


def test_a_role_word_with_an_article_stays_a_role() -> None:
    body = (
        "Tennis great Ada King met the boxer Ivo Brindle in 1975.\n\n"
        "“The match will go ahead as planned,” the King said in a statement from the palace."
    )
    assert "Ada King" not in _speakers(body).values()


def test_went_so_far_as_to_carries_its_infinitive_cue() -> None:
    body = (
        "Investors fled the harbour bond, and critics piled on. The columnist Ada Orrin went so far as to "
        "say: “The harbour as we know it is finished.”\n\n"
        "Other analysts were calmer. “The bond will recover by the spring,” said Ivo Brindle of Portwick "
        "Research."
    )
    assert _speaker_of(body, "The harbour as we know it") == "Ada Orrin"


def test_a_one_word_name_written_as_a_brand_speaks_as_a_body_and_takes_no_pronoun() -> None:
    body = (
        "Ada Vell spoke to the harbour bankers in 2009.\n\n"
        "According to HarbourWatch, Vell praised her “loyal donors” in the room, and she asked the banks "
        "to freeze their rates. She also said the crash was not chiefly the banks’ doing, “not by any "
        "stretch, whatever the papers say.”"
    )
    statements = run(body, published="2016-05-10")
    by_text = {s.text: s for s in statements}
    quote = next(s for t, s in by_text.items() if t.startswith("not by any stretch"))
    assert quote.speaker == "Ada Vell"
    sourced = [s for s in statements if s.speaker == "HarbourWatch"]
    assert sourced
    assert all(s.speaker_type == "institution" for s in sourced)


def test_a_surname_with_a_long_prefix_stays_a_persons_name() -> None:
    body = (
        "Harbour master Tomas MacArdle opened the new gates on Monday.\n\n"
        "“The pier will open in May,” MacArdle said, standing beside the gates."
    )
    speakers = {s.speaker: s.speaker_type for s in run(body, published="2016-05-10")}
    assert speakers == {"Tomas MacArdle": "person"}
