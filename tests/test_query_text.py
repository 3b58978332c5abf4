"""Escaping, shortening and link checks for article-derived text."""

from __future__ import annotations

import pyarrow as pa
import pytest

from quoteline.query.text import escape, plain_label, safe_url, shorten, shorten_array


def test_escape_neutralises_markup() -> None:
    assert (
        escape('<img src=x onerror=alert(1)> & "q"')
        == "&lt;img src=x onerror=alert(1)&gt; &amp; &quot;q&quot;"
    )
    assert escape(None) == ""


def test_shorten_collapses_and_cuts() -> None:
    assert shorten("a  b\n\nc") == "a b c"
    cut = shorten("word " * 100, 20)
    assert len(cut) <= 20
    assert cut.endswith("…")


# Texts whose first characters decide the cut, and texts where they do not: a long run of blank space, a
# tab-and-newline padding, accented letters (several bytes each), missing and empty values.
ODD_TEXTS = [
    "The Talvoran envoy said the ferry talks would resume.",
    "  spaced   out\n\n words  ",
    "x" + " " * 3_000 + "the words after a long gap",
    "\t\n" * 2_000 + "padding first, then the point",
    "é" * 900,
    "word " * 700,
    None,
    "",
]


@pytest.mark.parametrize("limit", [1, 8, 60, 180, 300])
def test_shorten_array_matches_shorten(limit: int) -> None:
    shortened = shorten_array(pa.array(ODD_TEXTS, pa.string()), limit).to_pylist()
    assert shortened == [shorten(text, limit) for text in ODD_TEXTS]


@pytest.mark.parametrize("url", ["https://example.test/a?b=1", "http://host.test"])
def test_http_links_pass(url: str) -> None:
    assert safe_url(url) == url


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "data:text/html,x",
        "//evil.test",
        "https://",
        "ftp://host.test/x",
        None,
        42,
        "https://ok.test/\u202egpj.exe",
        "https://a.test/" + "x" * 3000,
    ],
)
def test_other_links_are_refused(url: object) -> None:
    assert safe_url(url) is None


def test_plain_label_is_short_and_escaped() -> None:
    assert plain_label("<b>" + "x" * 100, 10) == "&lt;b&gt;xxxxxx…"
