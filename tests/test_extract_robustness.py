"""No text makes the extractor raise, offsets always point at the statement, and huge inputs finish.

Wall time is never asserted here; benchmarks/extract_speed.py prints speed figures.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from extract_helpers import assert_offsets
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quoteline.extract import extract_statements
from quoteline.extract.pipeline import collapse

SAMPLE = sorted((Path(__file__).resolve().parent.parent / "data" / "sample").glob("*.txt"))
FIXTURES = sorted((Path(__file__).resolve().parent / "fixtures" / "gold").glob("*.txt"))
ARTICLES = [p.read_text(encoding="utf-8", errors="replace") for p in [*SAMPLE, *FIXTURES]]
MARKS = "\"'“”„‚‘’«»‹›"
TOKENS = [
    *MARKS,
    " ",
    "\n",
    "\n\n",
    ",",
    ".",
    ":",
    " said",
    " told reporters",
    " he",
    " She",
    " — ",
    "According to ",
    "Mara Velcheva",
    " the Drevnian leader",
    "PRESIDENT VORONETS: ",
    " that ",
]


def _check(text: str) -> None:
    for s in extract_statements(text, published="2023-03-15"):
        assert_offsets(text, s)
        if s.kind == "direct" and s.cue_start is not None and collapse(text[s.start : s.end]) == s.text:
            assert text[s.start : s.end].strip() != ""


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_arbitrary_unicode_never_raises(text: str) -> None:
    _check(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(TOKENS) | st.text(max_size=8), max_size=80).map("".join))
def test_quote_and_cue_soup_never_raises(text: str) -> None:
    _check("Title\n\n" + text)


@pytest.mark.skipif(not ARTICLES, reason="no bundled sample or fixture articles to mutate")
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.integers(min_value=0, max_value=10_000),
    st.lists(
        st.tuples(st.floats(0, 1), st.integers(0, 40), st.text(alphabet=MARKS + " \n.,:—ab", max_size=6)),
        max_size=12,
    ),
)
def test_mutated_real_articles_never_raise(pick: int, edits: list[tuple[float, int, str]]) -> None:
    text = ARTICLES[pick % len(ARTICLES)]
    for where, cut, insert in edits:
        i = int(where * len(text))
        text = text[:i] + insert + text[i + cut :]
    _check(text)


def test_five_megabyte_article_finishes() -> None:
    para = (
        "Officials in Valdgrad met again on the border question and reviewed the long list of proposals "
        "that had been circulated among the delegations during the previous weeks of technical talks. "
    ) * 6
    quote = "“We will keep talking until the border is settled,” Mara Velcheva said on Monday.\n\n"
    block = para + "\n\n" + quote
    text = "Long article\n\n" + block * (5_000_000 // len(block) + 1)
    assert len(text) >= 5_000_000
    out = extract_statements(text, published="2023-03-15")
    assert len(out) >= 4_000
    assert_offsets(text, out[-1])


def test_hundred_thousand_quote_marks_finish() -> None:
    text = "Marks\n\n" + " ".join(['"a" “b” «c»' for _ in range(17_000)]) + ' "' * 2_000
    assert sum(text.count(m) for m in MARKS) >= 100_000
    extract_statements(text)
