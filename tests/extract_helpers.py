"""Shared helpers for the extraction tests: build an article, extract, and check offsets."""

from __future__ import annotations

import pytest

from quoteline.extract import Statement, extract_statements, parse
from quoteline.extract.resolution import Registry


def article(body: str, title: str = "Fictional test article") -> str:
    """An article as on disk: title line, blank line, body."""
    return f"{title}\n\n{body}"


def run(
    body: str, published: str | None = "2023-03-15", title: str = "Fictional test article"
) -> list[Statement]:
    """Extract the statements of a body wrapped as an article, checking every offset on the way."""
    text = article(body, title)
    out = extract_statements(text, published=published)
    for st in out:
        assert_offsets(text, st)
    return out


def collapse(text: str) -> str:
    """Whitespace collapsed to single spaces."""
    return " ".join(text.split())


def assert_offsets(text: str, st: Statement) -> None:
    """The statement's offsets point at its text (first to last part for split quotes and turns)."""
    assert 0 <= st.start <= st.end <= len(text)
    span = collapse(text[st.start : st.end])
    words = st.text.split()
    assert span.startswith(" ".join(words[:1])), (span, st.text)
    assert span.endswith(" ".join(words[-1:])), (span, st.text)
    if st.cue_start is not None and st.cue_end is not None:
        assert 0 <= st.cue_start <= st.cue_end <= len(text)
        assert collapse(text[st.cue_start : st.cue_end]) == st.cue


def by_text(statements: list[Statement], fragment: str) -> Statement:
    """The one statement whose text contains ``fragment``."""
    found = [s for s in statements if fragment in s.text]
    assert len(found) == 1, [(s.speaker, s.kind, s.text) for s in statements]
    return found[0]


def speakers_with(statements: list[Statement], fragment: str) -> list[str]:
    """The speakers of the statements whose text contains ``fragment``, sorted (one per statement)."""
    return sorted(s.speaker for s in statements if fragment in s.text)


def speaker_starting(body: str, start: str) -> str | None:
    """The speaker of the first statement of ``body`` whose text starts with ``start``; None if none."""
    found = [s.speaker for s in run(body) if s.text.startswith(start)]
    return found[0] if found else None


def speaker_type_starting(body: str, start: str) -> str | None:
    """The speaker type of the first statement of ``body`` whose text starts with ``start``; None if none."""
    found = [s.speaker_type for s in run(body) if s.text.startswith(start)]
    return found[0] if found else None


def statements_of(body: str, published: str | None = "2023-03-15") -> list[tuple[str, str, str]]:
    """Every statement of ``body`` as (kind, speaker, text)."""
    return [(s.kind, s.speaker, s.text) for s in run(body, published=published)]


def speakers_of(body: str) -> list[str]:
    """The speaker of every statement of ``body``, in order."""
    return [s.speaker for s in run(body)]


def reported(body: str) -> list[tuple[str, str, str]]:
    """Every reported-speech statement of ``body`` as (speaker, cue, text)."""
    return [(s.speaker, s.cue, s.text) for s in run(body) if s.kind == "indirect"]


def spy_parses(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of articles in each spaCy batch (``parse.parse_articles``) of this process."""
    sizes: list[int] = []
    real = parse.parse_articles

    def spy(articles: list[tuple[str, parse.Windows]]) -> list[parse.ArticleParse]:
        sizes.append(len(articles))
        return real(articles)

    monkeypatch.setattr(parse, "parse_articles", spy)
    return sizes


def registry(text: str, published: str = "2023-03-15") -> Registry:
    """The entity table built over the whole of ``text``."""
    table = Registry(published)
    table.build(text, 0, len(text))
    return table


def assert_gender_from_given_name_only(table: Registry, key: str) -> None:
    """The article shows nothing of the man's gender (as much evidence either way); his given name does."""
    ent = table.entities[key]
    assert ent.male == ent.female
    assert ent.gender == "m"
