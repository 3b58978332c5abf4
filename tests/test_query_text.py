"""Escaping, shortening and link checks for article-derived text."""

from __future__ import annotations

import pytest

from quoteline.query.text import escape, plain_label, safe_url, shorten


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
