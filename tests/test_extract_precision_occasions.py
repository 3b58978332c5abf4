"""Precision: an object content stops before the occasion it was given at ("praised the crews at a news
conference", "defended the levy in a recent interview"), and a mixed quote that is a minor part of a kept
reported statement is given once, as that statement, not again as a direct statement.

All people, places and sentences are invented.
"""

from __future__ import annotations

import pytest
from extract_helpers import run

LEAD = "Ada Vellmar spoke at the Ostrava quay on Monday.\n\n"


@pytest.mark.parametrize(
    ("body", "content"),
    [
        ("Vellmar praised the ferry crews at a news conference in Ostrava.", "the ferry crews"),
        ("Vellmar defended the harbour levy in a recent interview with the Courier.", "the harbour levy"),
        ("Vellmar denied the accusation in a statement from her office.", "the accusation"),
        ("Vellmar attacked the pier plan at a campaign rally along the coast.", "the pier plan"),
    ],
)
def test_object_content_stops_before_its_occasion(body: str, content: str) -> None:
    texts = [st.text for st in run(LEAD + body) if st.kind == "indirect"]
    assert texts == [content]


@pytest.mark.parametrize(
    ("body", "content"),
    [
        # A clause content keeps its own adjuncts: the crews meet at the rally, it is what was said.
        (
            "Vellmar said the crews would gather at a rally in the spring.",
            "the crews would gather at a rally in the spring",
        ),
        # An occasion inside the object's own clause stays: "the speech" is what was praised.
        ("Vellmar described the speech at the convention as a turning point.", None),
    ],
)
def test_occasion_inside_a_clause_content_stays(body: str, content: str | None) -> None:
    texts = [st.text for st in run(LEAD + body) if st.kind == "indirect"]
    if content is not None:
        assert texts == [content]
    else:
        assert texts
        assert all("as a turning point" in t for t in texts)


def test_minor_mixed_quote_is_given_once_as_the_reported_statement() -> None:
    body = (
        "Vellmar said the harbour board had ignored the ferry crews for years and that the levy was "
        '"a burden no honest skipper should carry" before she left the quay.'
    )
    out = run(LEAD + body)
    assert [st.kind for st in out] == ["indirect"]
    assert "a burden no honest skipper should carry" in out[0].text


def test_mixed_quote_covering_most_of_the_content_stays_direct() -> None:
    body = 'Vellmar said the levy was "a burden no honest skipper should ever have to carry."'
    out = run(LEAD + body)
    assert [st.kind for st in out] == ["direct"]
    assert out[0].text.startswith("a burden no honest skipper")
