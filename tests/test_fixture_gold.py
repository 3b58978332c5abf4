"""The extractor on the fictional annotated fixtures (tests/fixtures/gold), scored in-process.

Scored by tests/scoring.py. The floors were set from measurement (on 12 articles: every figure 1.0 except
topics 0.91) with room for one or two misses, so a regression in any mechanism fails here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from scoring import Tally, score

from quoteline.extract import extract_statements

GOLD = Path(__file__).resolve().parent / "fixtures" / "gold"
FILES = sorted(GOLD.glob("*.gold.json"))
FLOORS = {
    "attributed_f1": 0.93,
    "direct_recall": 0.95,
    "direct_speaker": 0.95,
    "date_accuracy": 0.92,
    "topic_accuracy": 0.70,
}


def _predict(gold_file: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    doc = json.loads(gold_file.read_text(encoding="utf-8"))
    article = gold_file.with_name(doc.get("article") or gold_file.name.replace(".gold.json", ".txt"))
    text = article.read_text(encoding="utf-8")
    pred = [s.to_dict() for s in extract_statements(text, published=doc.get("published"))]
    return doc["statements"], pred


@pytest.mark.skipif(not FILES, reason="tests/fixtures/gold holds no annotated fixtures yet")
def test_fixture_gold_reaches_the_floors() -> None:
    tally = Tally()
    for f in FILES:
        gold, pred = _predict(f)
        score(gold, pred, tally)
    got = {name: getattr(tally, name) for name in FLOORS}
    low = {k: (round(v, 3), FLOORS[k]) for k, v in got.items() if v < FLOORS[k]}
    assert not low, f"below the floor (got, floor): {low}"


def test_scorer_counts_a_wrong_speaker_and_a_miss() -> None:
    gold: list[dict[str, Any]] = [
        {
            "speaker": "Mara Velcheva",
            "speaker_aliases": ["Velcheva"],
            "kind": "direct",
            "text": "We will win this",
            "date": "2023-01-02",
            "topics": ["elections"],
        },
        {
            "speaker": "Arkady Voronets",
            "kind": "indirect",
            "text": "Drevnia has no troops there",
            "date": "2023-01",
        },
    ]
    pred: list[dict[str, Any]] = [
        {"speaker": "Velcheva", "text": "We will win this", "date": "2023-01-02", "topics": ["elections"]},
        {"speaker": "Someone Else", "text": "Drevnia has no troops there at all", "date": "2023-01-09"},
    ]
    t = score(gold, pred)
    assert (t.counts["found"], t.counts["attributed"]) == (2, 1)
    assert t.date_accuracy == 1.0
    assert t.direct_speaker == 1.0
    assert score(gold, pred[:1]).prf("found")[1] == 0.5
