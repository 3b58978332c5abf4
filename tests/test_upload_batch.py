"""The dashboard's upload extracts in groups (``extract_many``): a bar that counts articles, a bad article
named and skipped while the rest carry on, and the same statements as extracting each article alone."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from quoteline.schema import EXTRACT_COLUMNS, A

BROKEN = "Velstrom"  # the invented place whose articles the patched extractor refuses


class _Upload:
    """What st.file_uploader hands the page: a name and the bytes."""

    def __init__(self, name: str, data: bytes) -> None:
        self.name, self._data = name, data

    def getvalue(self) -> bytes:
        return self._data


class _Bar:
    """A stand-in for ``st.progress``: records every fraction and text it is given."""

    def __init__(self) -> None:
        self.calls: list[tuple[float, str]] = []

    def progress(self, fraction: float, text: str = "") -> None:
        self.calls.append((fraction, text))

    def empty(self) -> None:
        self.calls.append((-1.0, "emptied"))


def _article(i: int, place: str = "Dornholm") -> dict[str, Any]:
    return {
        "title": f"{place} ferry notice {i}",
        "text": (
            f"“The ferry to {place} will sail twice a day from week {i},” harbour chief Mira Solvang said on "
            f"Monday. Solvang said the crossing would take forty minutes once the new pier opened."
        ),
        "published": "2024-03-0" + str(1 + i % 9),
    }


def _records(articles: list[dict[str, Any]]) -> bytes:
    return ("\n".join(json.dumps(a) for a in articles) + "\n").encode()


@pytest.fixture
def bar(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> _Bar:
    import streamlit as st

    monkeypatch.setenv("QUOTELINE_STORE_DIR", str(tmp_path / "store"))
    fake = _Bar()

    def progress(fraction: float, text: str = "") -> _Bar:
        fake.progress(fraction, text)
        return fake

    monkeypatch.setattr(st, "progress", progress)
    return fake


def test_the_bar_counts_articles_across_files_and_statements_match_one_by_one(bar: _Bar) -> None:
    from components import upload
    from quoteline.extract import extract_statements

    first = [_article(i) for i in range(20)]
    second = [_article(i, "Kessel Bay") for i in range(20, 25)]
    files = [_Upload("first.jsonl", _records(first)), _Upload("second.jsonl", _records(second))]
    preview = upload.preview_files(files, None)
    assert preview.problems == []
    assert [a[A.title] for a in preview.articles] == [a["title"] for a in first + second]
    ticks = [text for fraction, text in bar.calls if text.startswith("Extracting")]
    assert ticks[0] == "Extracting first.jsonl: article 1 of 25"
    assert ticks[-1] == "Extracting second.jsonl: article 25 of 25"
    assert len(ticks) == 25, "one step per article, across both files"
    fractions = [fraction for fraction, text in bar.calls if text.startswith("Extracting")]
    assert fractions == sorted(fractions)
    assert fractions[-1] == 1.0
    # The same statements as each article extracted on its own (what the upload did before).
    for article, statements in zip(preview.articles, preview.statements, strict=True):
        alone = extract_statements(
            article[A.text], published=article[A.published], article_id=article[A.article_id]
        )
        assert statements[list(EXTRACT_COLUMNS)].to_dict("records") == [s.to_dict() for s in alone]
    assert sum(len(s) for s in preview.statements) >= 25


def test_one_article_that_breaks_extraction_is_named_and_the_batch_carries_on(
    bar: _Bar, monkeypatch: pytest.MonkeyPatch
) -> None:
    from components import upload
    from quoteline.extract import batch

    real_begin = batch.begin_article

    def begin(text: str, published: str | None, article_id: str | None) -> Any:
        if BROKEN in text:
            raise ValueError("an invented fault in the extractor")
        return real_begin(text, published, article_id)

    monkeypatch.setattr(batch, "begin_article", begin)
    articles = [_article(i) for i in range(6)]
    articles.insert(3, _article(99, BROKEN))
    preview = upload.preview_files([_Upload("mixed.jsonl", _records(articles))], None)
    assert preview.problems == [
        "mixed.jsonl line 4: extraction failed: ValueError: an invented fault in the extractor"
    ]
    assert [a[A.title] for a in preview.articles] == [a["title"] for a in articles if BROKEN not in a["text"]]
    assert len(preview.statements) == 6
    assert all(len(s) for s in preview.statements)
    assert bar.calls[-2][1] == "Extracting mixed.jsonl: article 7 of 7", "the bad article moves the bar too"


def test_an_article_already_stored_is_not_extracted_again(bar: _Bar, monkeypatch: pytest.MonkeyPatch) -> None:
    from components import upload

    articles = [_article(i) for i in range(3)]
    first = upload.preview_files([_Upload("a.jsonl", _records(articles))], None)
    monkeypatch.setattr(upload, "_known_ids", lambda: {first.articles[1][A.article_id]})
    again = upload.preview_files([_Upload("a.jsonl", _records(articles))], None)
    assert again.duplicates == 1
    assert [a[A.title] for a in again.articles] == [articles[0]["title"], articles[2]["title"]]
    assert bar.calls[-2][1] == "Extracting a.jsonl: article 2 of 2", "only the new articles are extracted"
