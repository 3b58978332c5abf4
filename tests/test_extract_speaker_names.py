"""Named and nominal speakers: how a speaker's span is cut and resolved to a name (titles, labels, postings).

Each test is one mechanism, written in invented words (invented people, places and bodies).
"""

from __future__ import annotations

from extract_helpers import run

from quoteline.extract import institutions
from quoteline.extract.mentions import strip_titles


def _speakers(body: str, title: str = "Fictional test article") -> list[str]:
    return [s.speaker for s in run(body, title=title)]


def test_a_title_only_transcript_label_is_the_person_printed_after_that_title() -> None:
    body = (
        "Marrow Hall\nPortwick\n\n"
        "THE GOVERNOR:  Welcome, all of you, to the opening of the new pier.\n\n"
        "THE FIRST LADY:  Thank you.  We waited a long time for this day.\n\n"
        "THE GOVERNOR:  And First Lady Edda Varnholt cut the ribbon this morning.\n"
    )
    got = _speakers(body, title="Remarks by Governor Ilse Varro at the Pier Opening")
    assert "Edda Varnholt" in got
    assert "Lady" not in got


def test_a_title_only_label_with_no_name_in_the_article_keeps_the_title() -> None:
    body = (
        "THE GOVERNOR:  Welcome, all of you, to the opening of the new pier.\n\n"
        "THE FIRST LADY:  Thank you.  We waited a long time for this day.\n\n"
        "THE GOVERNOR:  We did.  And now the ferries can dock again.\n"
    )
    got = _speakers(body, title="Remarks at the Pier Opening in Portwick")
    assert "First Lady" in got
    assert "Lady" not in got


def test_a_question_its_sentence_introduces_keeps_that_speaker_not_the_next_lead_in() -> None:
    # The splitter cuts after `?”`; the clause after it ends in a comma before the next quote, so it
    # introduces that quote and is no attribution of the question, which its own lead-in already has.
    body = (
        "The letters show a long exchange between Ada Orrin and her aide Ivo Brannock in April.\n\n"
        "Brannock forwards a note about the pier. Orrin replies to Brannock with, “Why now? Was that on my "
        "way to Halvik?” Brannock then writes back, “You look great in it.”"
    )
    got = [(s.speaker, s.text) for s in run(body) if s.kind == "direct"]
    assert ("Ada Orrin", "Why now? Was that on my way to Halvik?") in got
    assert ("Ivo Brannock", "You look great in it.") in got


def test_a_question_with_no_lead_in_still_takes_the_attribution_after_it() -> None:
    body = "The pier closed in April.\n\n“Why wait for the spring?” Ivo Brannock asked. “The crews are set.”"
    got = [s.speaker for s in run(body) if s.kind == "direct"]
    assert got[:1] == ["Ivo Brannock"]


_CANDIDATE = "Ivo Brannock is running for mayor of Portwick on a promise to scrap the harbour levy.\n\n"
_LEVY = "The levy is a tax on every family that takes the ferry to work"


def test_a_candidates_campaign_speaks_as_a_body_named_after_the_candidate() -> None:
    for subject in ("The Brannock campaign", "Brannock’s campaign"):
        got = run(_CANDIDATE + f"{subject} said in a statement: “{_LEVY}.”")
        assert [(s.speaker, s.speaker_type) for s in got if s.kind == "direct"] == [
            ("Ivo Brannock campaign", "institution")
        ], subject


def test_the_campaign_after_a_quote_is_the_campaign_named_before() -> None:
    body = _CANDIDATE + (
        "The Brannock campaign has spent heavily on ferry adverts.\n\n"
        f"“{_LEVY},” the campaign said in a statement on Monday."
    )
    assert [s.speaker for s in run(body) if s.kind == "direct"] == ["Ivo Brannock campaign"]


def test_a_campaign_official_named_in_full_is_the_person_not_the_campaign() -> None:
    body = _CANDIDATE + f"“{_LEVY},” Brannock campaign manager Olla Vessing said."
    assert [s.speaker for s in run(body) if s.kind == "direct"] == ["Olla Vessing"]


def test_an_office_with_an_ordinal_is_a_title_label_and_a_title_before_a_name() -> None:
    body = (
        "THE GOVERNOR:  Welcome to the opening of the new pier, and thank you all for coming.\n\n"
        "THE SECOND GENTLEMAN:  Thank you.  We waited a long time for this day.\n\n"
        "THE GOVERNOR:  We did.  And now the ferries can dock again.\n"
    )
    title = "Remarks by Governor Ilse Varro and Second Gentleman Oskar Tarvel at the Pier Opening"
    got = _speakers(body, title=title)
    assert "Oskar Tarvel" in got
    assert not any("Gentleman" in s for s in got)


def test_a_call_operator_and_a_remark_from_the_floor_are_no_speakers() -> None:
    body = (
        "OPERATOR:  Welcome, everyone, to today's call on the harbour levy. The line is now open.\n\n"
        "MS. VARRO:  Thanks, everyone, for joining us on the call today about the levy.\n\n"
        "Remark:  Good afternoon to you and to all the members of the board.\n\n"
        "MS. VARRO:  Good afternoon. The levy will be cut in half by the end of May.\n"
    )
    got = _speakers(body)
    assert got
    assert not {"Operator", "Remark"} & set(got)


def test_answers_of_a_q_and_a_are_the_interviewees() -> None:
    body = (
        "Harbour master Edda Varnholt spent Tuesday on the new pier in Portwick, then sat down with us.\n\n"
        "Q: Will the ferries run this spring?\n\n"
        "A: We will not let the ferries stop running this spring, whatever the board decides.\n\n"
        "Q: And the levy?\n\n"
        "A: The levy is a matter for the board and the voters of Portwick.\n"
    )
    got = _speakers(body)
    assert got.count("Edda Varnholt") >= 2
    assert "A" not in got


def test_a_postings_object_ending_in_a_common_noun_is_no_part_of_the_name() -> None:
    body = (
        "The harbour board met on Monday.\n\n"
        "The plan was signed by the Deputy Adviser for Tidal Safety Edda Varnholt, who told reporters: "
        "“We will not let the ferries stop running this spring.”"
    )
    assert _speakers(body) == ["Edda Varnholt"]


def test_posting_name_start_cuts_after_the_objects_last_common_noun() -> None:
    def unknown(word: str) -> bool:
        return False

    for run_words, name in (
        ("Harbour Transformation Ivo Rast", "Ivo Rast"),
        ("Cyber and Emerging Technology Ada Vell", "Ada Vell"),
        ("Water Resources Ivo Rast", "Ivo Rast"),
        ("Kamchatka Ada Mira Vell", "Kamchatka Ada Mira Vell"),  # nothing shows where the name starts
    ):
        words = run_words.split()
        assert " ".join(words[institutions.posting_name_start(words, unknown) :]) == name


def test_a_chief_executive_abbreviation_is_a_title() -> None:
    assert strip_titles(["CEO", "Lena", "Soderal"]) == ["Lena", "Soderal"]
    assert strip_titles(["President", "and", "CEO", "Lena", "Soderal"]) == ["Lena", "Soderal"]


def test_a_group_of_companies_or_voters_speaks_as_an_unnamed_source() -> None:
    lead = "The harbour levy vote is set for May, and the ferry union has threatened a strike over it.\n\n"
    for subject in ("Companies say", "Many voters say", "Shipping firms argue"):
        body = lead + f"{subject} the levy will cost them “millions of crowns every year in lost trade.”"
        got = run(body)
        assert got, subject
        assert {s.speaker_type for s in got} == {"unnamed"}, subject


def test_the_campaign_before_any_campaign_is_named_is_the_one_named_later_never_an_aides() -> None:
    body = (
        "Olla Vessing, an aide to Ivo Brannock, sent the harbour memos to a private address.\n\n"
        "The campaign has long maintained that the memos were not secret at the time they were sent.\n\n"
        "The Brannock campaign said the story was “a smear put about by the harbour board for its own gain.”"
    )
    assert [s.speaker for s in run(body)] == ["Ivo Brannock campaign", "Ivo Brannock campaign"]
