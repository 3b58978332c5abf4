"""Extraction over many articles (``extract_many``): the parse windows of a group of articles go through one
spaCy batch, each article's statements are exactly those it gets alone, and a bad article fails alone.

All people, places and sentences are invented.
"""

from __future__ import annotations

from typing import Any

import pytest
from extract_helpers import article, spy_parses

from quoteline.extract import extract_statements, parse
from quoteline.extract.batch import ArticleInput, extract_many

_BODIES = [
    "Harbour Commissioner Ilse Varro said the ferry timetable would change in May. "
    "“We have listened to the islanders,” she said.",
    "The orchard cooperative of Dunmere met on Monday. Its treasurer, Piet Solberg, told members that the "
    "harvest had been the best in a decade. “Nobody expected this,” said Solberg.",
    "No one was quoted in this short note about the weather over the Kessel valley.",
    "Mayor Orla Quist warned that the bridge repairs would take two years. Deputy Mayor Bram Tessler "
    "disagreed, saying the work could be done by autumn.",
    "“The library stays open,” said Councillor Nadia Ferrant, who chairs the culture committee.",
]


def _inputs() -> list[ArticleInput]:
    return [
        ArticleInput(article(body, f"Invented story {k}"), "2024-02-0" + str(k + 1), f"art-{k}")
        for k, body in enumerate(_BODIES)
    ]


def _alone(a: ArticleInput) -> list[Any]:
    return extract_statements(a.text, published=a.published, article_id=a.article_id)


def test_each_article_gets_exactly_the_statements_it_gets_alone() -> None:
    inputs = _inputs()
    # Groups of two: the last group is short, and one group holds an article with nothing to parse.
    batched = list(extract_many(inputs, group=2))
    assert batched == [_alone(a) for a in inputs]
    assert any(batched)


def test_the_windows_of_a_group_go_through_one_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = spy_parses(monkeypatch)
    list(extract_many(_inputs(), group=3))
    assert calls == [3, 2]


def test_a_bad_article_fails_alone_and_the_others_carry_on() -> None:
    inputs = _inputs()
    broken = ArticleInput(b"not text", None, "broken")  # type: ignore[arg-type]
    results = list(extract_many([inputs[0], broken, inputs[1]], group=3))
    assert isinstance(results[1], TypeError)
    assert results[0] == _alone(inputs[0])
    assert results[2] == _alone(inputs[1])


def test_a_group_parse_that_raises_is_retried_article_by_article(monkeypatch: pytest.MonkeyPatch) -> None:
    inputs = _inputs()
    expected = [_alone(a) for a in inputs]
    real = parse.parse_articles

    def fails_on_a_group(articles: list[tuple[str, parse.Windows]]) -> list[parse.ArticleParse]:
        if len(articles) > 1:
            raise RuntimeError("the parser broke on this batch")
        if "Orla Quist" in articles[0][0]:
            raise RuntimeError("the parser broke on this article")
        return real(articles)

    monkeypatch.setattr(parse, "parse_articles", fails_on_a_group)
    results = list(extract_many(inputs, group=5))
    assert isinstance(results[3], RuntimeError)
    assert [r for k, r in enumerate(results) if k != 3] == [e for k, e in enumerate(expected) if k != 3]


def test_a_missing_parser_stops_the_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(articles: list[tuple[str, parse.Windows]]) -> list[parse.ArticleParse]:
        raise parse.ParserMissingError("no model here")

    monkeypatch.setattr(parse, "parse_articles", missing)
    with pytest.raises(parse.ParserMissingError):
        list(extract_many(_inputs()))
