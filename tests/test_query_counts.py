"""The leader x topic x week counts written at commit time equal a count of the statements as read.

The reference count here is computed in plain Python from ``Store.statements()`` (the store's own read path,
corrections applied), never from the counts code; stores are real Delta folders in tmp_path.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest

from quoteline.corrections import edit
from quoteline.query.counts import leader_topic_week
from quoteline.query.lake import open_lake
from quoteline.schema import A, S
from quoteline.store import Store
from quoteline.store.manifest import COMMIT_NAME, Manifest
from quoteline.store.synthetic import fake_batch

Key = tuple[str, str | None, date | None]


def _week(value: object) -> date | None:
    if not isinstance(value, str):
        return None
    parts = [int(p) for p in value.split("-")]
    try:
        day = date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return None
    return day - timedelta(days=day.weekday())


def reference(frame: pd.DataFrame) -> Counter[Key]:
    """Every statement counted once per (speaker, week) and once per distinct topic."""
    tally: Counter[Key] = Counter()
    for speaker, topics, when in zip(frame[S.speaker], frame[S.topics], frame[S.date], strict=True):
        week = _week(when)
        tally[(speaker, None, week)] += 1
        for topic in set(topics):
            tally[(speaker, topic, week)] += 1
    return tally


def from_table(store: Store, manifest: Manifest | None = None) -> Counter[Key]:
    with open_lake(store, manifest) as lake:
        rows = leader_topic_week(lake, undated=True).to_pylist()
    return Counter({(r[S.speaker], r["topic"], r["week"]): r["n"] for r in rows})


def _check(store: Store) -> None:
    expected = reference(store.statements([S.speaker, S.topics, S.date]))
    assert from_table(store) == expected


@pytest.fixture
def store(tmp_path: Path) -> Store:
    st = Store(tmp_path / "store")
    for seed in (1, 2, 3):
        st.add(*fake_batch(20, 3, seed=seed))
    return st


def test_counts_after_ingests_equal_the_statements(store: Store) -> None:
    manifest = store.manifest()
    assert manifest is not None
    assert manifest.counts is not None
    _check(store)
    assert sum(from_table(store).values()) > len(store.statements([S.statement_id]))


def test_counts_follow_every_kind_of_correction(store: Store) -> None:
    rows = store.statements([S.statement_id, S.article_id, S.speaker, S.topics, S.date])
    first, second, third = (rows.iloc[i] for i in range(3))
    edit.correct_statement(store, first[S.statement_id], {"speaker": "Ilvo Marent"})
    _check(store)
    other_topic = "sanctions" if "sanctions" not in second[S.topics] else "energy"
    edit.correct_statement(store, second[S.statement_id], {"topics": [other_topic], "date": "2021-07"})
    _check(store)
    edit.delete_statement(store, third[S.statement_id])
    _check(store)
    article = store.article(first[S.article_id])
    assert article is not None
    start = str(article[A.text]).index("\n\n") + 2
    edit.add_statement(store, first[S.article_id], start, start + 10, "Odra Vennet", topics=["energy"])
    _check(store)
    busiest = rows[S.speaker].value_counts().index[0]
    merged = edit.merge_speakers(store, busiest, "Ilvo Marent")
    _check(store)
    # A later ingest: the merge already in force applies to the new statements too.
    store.add(*fake_batch(15, 3, seed=9))
    _check(store)
    edit.undo(store, merged.ids[0])
    _check(store)
    edit.correct_article(store, first[S.article_id], {"published": "2018-02-14"})
    _check(store)


def test_counts_after_re_extraction(store: Store) -> None:
    edit.merge_speakers(store, store.statements([S.speaker])[S.speaker].iloc[0], "Ilvo Marent")
    articles = store.articles(raw=True)
    statements = store.statements(raw=True).drop(columns=[S.n_sources, S.cluster_id])
    statements = statements.iloc[::2].assign(**{S.speaker: "Saya Olund"})
    store.replace_extraction(articles, statements)
    _check(store)


def test_counts_after_a_rolled_back_writer_and_in_time_travel(store: Store) -> None:
    before = store.manifest()
    record = (store.root / COMMIT_NAME).read_bytes()
    expected_before = reference(store.statements([S.speaker, S.topics, S.date]))
    # A writer killed after its Delta transactions and before its commit record: the tables hold versions
    # no commit names (counts included). Readers pin the recorded versions; the next writer rolls them back.
    store.add(*fake_batch(10, 3, seed=21))
    (store.root / COMMIT_NAME).write_bytes(record)
    fresh = Store(store.root)
    assert from_table(fresh) == expected_before
    fresh.add(*fake_batch(10, 3, seed=22))
    _check(fresh)
    # Time travel: the older commit reads its own counts.
    assert from_table(fresh, before) == expected_before


def test_compaction_sums_the_increments(store: Store) -> None:
    edit.correct_statement(
        store, store.statements([S.statement_id])[S.statement_id].iloc[0], {"speaker": "X Y"}
    )
    store.compact(retention_hours=0)
    _check(store)
    manifest = store.manifest()
    assert manifest is not None
    with open_lake(store) as lake:
        raw = lake.table("SELECT speaker, topic, week, count(*) AS k FROM counts_increments GROUP BY ALL")
    assert set(raw.column("k").to_pylist()) == {1}


def test_a_commit_record_without_counts_is_counted_then_built(store: Store) -> None:
    body = json.loads((store.root / COMMIT_NAME).read_text())
    del body["tables"]["counts"]
    (store.root / COMMIT_NAME).write_text(json.dumps(body))
    fresh = Store(store.root)
    manifest = fresh.manifest()
    assert manifest is not None
    assert manifest.counts is None
    _check(fresh)  # counted from the statements
    fresh.add(*fake_batch(5, 3, seed=30))
    manifest = fresh.manifest()
    assert manifest is not None
    assert manifest.counts is not None
    _check(fresh)


def test_query_filters(store: Store) -> None:
    expected = reference(store.statements([S.speaker, S.topics, S.date]))
    per_speaker: Counter[str] = Counter()
    per_topic: Counter[str] = Counter()
    for (who, topic, _), n in expected.items():
        per_speaker[who] += n if topic is None else 0
    speaker = per_speaker.most_common(1)[0][0]
    for (who, topic, _), n in expected.items():
        if who == speaker and topic is not None:
            per_topic[topic] += n
    topics = [t for t, _ in per_topic.most_common(2)]
    since, until = date(2020, 1, 1), date(2022, 6, 30)
    first_week = _week(since.isoformat())
    assert first_week is not None
    with open_lake(store) as lake:
        rows = leader_topic_week(lake, [speaker], topics, since, until).to_pylist()
    got = {(r[S.speaker], r["topic"], r["week"]): r["n"] for r in rows}
    want = {
        k: n
        for k, n in expected.items()
        if k[0] == speaker and k[1] in topics and k[2] is not None and first_week <= k[2] <= until
    }
    assert got == want
    assert got
