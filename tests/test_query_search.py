"""Search: words with their inflections, quoted phrases, OR, speaker names; over a real corpus too."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from quoteline.query import Corpus
from quoteline.query.filters import Filters, select
from quoteline.query.search import MAX_TERMS, matches, search_problem, stem

TEXTS = [
    "The gas pipeline to Lindor reopens on Monday",  # 0, Ilse Maarten
    "Cable talks with Estmark stalled again",  # 1, Oskar Lind
    "We talked about the Amber  Sea union for hours",  # 2, unnamed
    "Правительство Эстмарка ответило Линду",  # 3, Ilse Maarten
    "They will transform the statement into law",  # 4, Oskar Lind
    "He denies every report of shelling",  # 5
    "The United States planned a summit",  # 6
    "Crisis? What crisis, the minister said",  # 7
]
SPEAKERS = ["Ilse Maarten", "Oskar Lind"]
CODES = np.array([0, 1, -1, 0, 1, -1, -1, -1])


def _found(query: str) -> list[int]:
    return np.flatnonzero(matches(query, pa.array(TEXTS), CODES, SPEAKERS)).tolist()


@pytest.mark.parametrize(
    ("query", "rows"),
    [
        ("pipelines", [0]),  # a plural finds the singular
        ("talks", [1, 2]),  # and the past tense
        ("talking", [1, 2]),
        ("denied", [5]),  # deny / denies / denied
        ("plans", [6]),  # plan / planned
        ("states", [6]),  # not "statement"
        ("form", []),  # whole words: not "transform"
        ("crisis", [7]),  # no ending cut from "crisis"
        ("GAS", [0]),
    ],
)
def test_words_match_their_inflections_as_whole_words(query: str, rows: list[int]) -> None:
    assert _found(query) == rows


def test_phrases_and_or() -> None:
    assert _found('"amber sea"') == [2]  # any spacing
    assert _found('"sea amber"') == []
    assert _found("gas OR cable") == [0, 1]
    assert _found("talks stalled OR reopens") == [1]  # talks AND (stalled OR reopens)
    assert _found('"unclosed phrase') == []


def test_speaker_names_are_searched_too() -> None:
    assert _found("maarten") == [0, 3]
    assert _found("lind stalled") == [1]  # one term in the name, the other in the text
    assert _found("эстмарка") == [3]  # non-Latin words are whole words too


def test_empty_and_oversized_queries() -> None:
    assert _found("") == list(range(len(TEXTS)))
    assert _found("OR") == list(range(len(TEXTS)))
    too_long = " ".join(f"w{i}" for i in range(MAX_TERMS + 1))
    assert search_problem(too_long) is not None
    assert search_problem("gas OR oil") is None
    with pytest.raises(ValueError, match="more than"):
        _found(too_long)


def test_stem() -> None:
    assert [stem(w) for w in ("talks", "denies", "taxes", "press", "status", "gas")] == [
        "talk",
        "deny",
        "tax",
        "press",
        "status",
        "gas",
    ]


def test_the_filter_uses_it_on_a_corpus() -> None:
    n = len(TEXTS)
    frame = pd.DataFrame(
        {
            "statement_id": [f"{i:016x}" for i in range(n)],
            "article_id": ["a" * 16] * n,
            "speaker": [SPEAKERS[c] if c >= 0 else "unnamed source" for c in CODES],
            "speaker_type": ["person"] * n,
            "kind": ["direct"] * n,
            "cue": ["said"] * n,
            "text": TEXTS,
            "start": [0] * n,
            "end": [1] * n,
            "date": ["2024-05-01"] * n,
            "date_source": ["published"] * n,
            "topics": [["energy"]] * n,
            "counterparts": [[]] * n,
            "stance": ["neutral"] * n,
            "outlet": ["Harbour Post"] * n,
            "cluster_id": [f"c{i}" for i in range(n)],
        }
    )
    corpus = Corpus.from_frame(frame)
    picked = select(corpus, Filters(search="maarten OR lind"))
    assert sorted(picked.dated.tolist()) == [0, 1, 3, 4]
    picked = select(corpus, Filters(search="talks", kinds=("direct",)))
    assert sorted(picked.dated.tolist()) == [1, 2]
