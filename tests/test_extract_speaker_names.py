"""Named and nominal speakers: how a speaker's span is cut and resolved to a name (titles, labels, postings).

Each test is one mechanism, written in invented words (invented people, places and bodies).
"""

from __future__ import annotations

from extract_helpers import run


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
