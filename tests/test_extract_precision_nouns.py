"""Precision: an -s form of a cue before a relative clause with a plural verb is a plural noun ("protests
that have gone on"), not "X protests".

All people and places are invented.
"""

from __future__ import annotations

import pytest
from extract_helpers import run

LEAD = "Ada Vellmar spoke at the Ostrava quay on Monday.\n\n"


@pytest.mark.parametrize(
    ("body", "cue"),
    [
        ("In marches and protests that have gone on since May, the tension is plain.", "protests"),
        ("Vellmar gave two interviews, comments that were echoed by her aides.", "comments"),
        ("The ferry owners and claims which remain unpaid are the board's worry.", "claims"),
    ],
)
def test_plural_noun_before_a_relative_clause_is_no_cue(body: str, cue: str) -> None:
    assert cue not in {st.cue for st in run(LEAD + body)}


def test_cue_before_a_that_clause_stays() -> None:
    got = {st.cue: st.text for st in run(LEAD + "Vellmar says that the levy will pass.")}
    assert got.get("says") == "the levy will pass"
