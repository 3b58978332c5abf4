"""Quote-mark pairing: every mark family, straight quotes by context, unbalanced input, reopened quotes."""

from __future__ import annotations

import pytest
from extract_helpers import article, by_text, run

from quoteline.extract.quotes import find_quotes
from quoteline.extract.text import prepare


def _inners(body: str) -> list[str]:
    doc = prepare(article(body))
    return [doc.raw[q.inner.start : q.inner.end] for q in find_quotes(doc.work, doc.paragraphs)]


@pytest.mark.parametrize(
    ("open_mark", "close_mark"),
    [("“", "”"), ('"', '"'), ("‘", "’"), ("«", "»"), ("„", "“"), ("‹", "›"), ("»", "«"), ("„", "”")],
)
def test_every_mark_pair_is_a_quote(open_mark: str, close_mark: str) -> None:
    body = f"{open_mark}We will build the bridge this year,{close_mark} Mara Velcheva said."
    sts = run(body)
    st = by_text(sts, "We will build the bridge")
    assert st.kind == "direct"
    assert st.speaker == "Mara Velcheva"
    assert st.text == "We will build the bridge this year,"


def test_apostrophes_do_not_close_single_quotes() -> None:
    assert _inners("‘Valdoria’s future is in the Union’s hands,’ she said.") == [
        "Valdoria’s future is in the Union’s hands,"
    ]


def test_nested_straight_quotes_stay_inside_the_outer_quote() -> None:
    inners = _inners('Velcheva said: "We call it the "open door" policy, and it works." Then she left.')
    assert inners == ['We call it the "open door" policy, and it works.']


@pytest.mark.parametrize(
    "body",
    [
        'He said "this never closes',
        '"""" "" " "',
        "“ ” ” “ “ « « » ‹",
        'She said: "A," and "B and then',
        "'tis the '90s' end '",
    ],
)
def test_unbalanced_marks_never_raise(body: str) -> None:
    run(body)


def test_quote_reopened_in_next_paragraph_continues() -> None:
    body = (
        "“We have waited long enough for the Union to decide,” Prime Minister Henrik Aalstad said. "
        "“The farmers "
        "of Lusmark cannot plan their harvest on promises.\n\n"
        "“We need a date, and we need it before the summer.”\n\nThe talks resume in May."
    )
    sts = run(body)
    joined = by_text(sts, "cannot plan their harvest")
    assert "before the summer" in joined.text
    assert joined.speaker == "Henrik Aalstad"


def test_quote_across_line_breaks_is_found() -> None:
    body = "“We will not\nallow a new wall\nacross the Amber Sea,” Mara Velcheva said."
    st = by_text(run(body), "new wall")
    assert st.text == "We will not allow a new wall across the Amber Sea,"


def test_scare_quotes_and_titles_are_not_statements() -> None:
    body = (
        "The so-called “balanced” policy of Valdoria was debated on Monday.\n\n"
        "Velcheva's memoir “The Long Road Home” sold well in Valdgrad."
    )
    assert run(body) == []


@pytest.mark.parametrize(
    ("open_mark", "close_mark"),
    [("''", "''"), ("``", "''")],
)
def test_doubled_marks_are_one_quote(open_mark: str, close_mark: str) -> None:
    body = (
        f"{open_mark}We will reopen the ferry to Halvik before the thaw,{close_mark} said Oskar Vell, "
        f"the harbour master. {open_mark}The ice won't wait for us.{close_mark}"
    )
    st = by_text(run(body), "reopen the ferry")
    assert st.kind == "direct"
    assert st.speaker == "Oskar Vell"
    assert st.text == "We will reopen the ferry to Halvik before the thaw, The ice won't wait for us."


def test_single_quote_nested_at_the_edge_of_a_doubled_one() -> None:
    body = "Mara Velcheva said: ''He looked at me and said, 'Not this winter.'''"
    assert _inners(body) == ["He looked at me and said, 'Not this winter.'"]


def test_sentences_end_before_and_after_doubled_marks() -> None:
    body = (
        "Oskar Vell said prices had fallen in the recession. ''Things are moving in the right direction,'' "
        "he said. ''We are not there yet.''"
    )
    sts = run(body)
    reported = [s for s in sts if s.kind == "indirect"]
    assert [s.text for s in reported] == ["prices had fallen in the recession"]
    direct = [s.text for s in sts if s.kind == "direct"]
    assert direct == ["Things are moving in the right direction, We are not there yet."]


def test_curly_quote_closed_by_a_straight_mark() -> None:
    assert _inners('“We will keep the ferry running all winter." Then Velcheva left.') == [
        "We will keep the ferry running all winter."
    ]
