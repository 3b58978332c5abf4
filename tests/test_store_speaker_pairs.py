"""The ``facet_speaker_pairs`` table (each speaker's tags crossed with ONE of stance, kind, outlet or the
other list's tag, no month) equals a count of the statements as read, on every write path: ingests, each
kind of correction, re-extraction, compaction, a synthetic store, and the migration of a store whose commit
predates the table (read correctly before it, by counting the statements; written with a backup by
``quoteline migrate``; a migration failing before its commit leaves the store as it was).

The reference is computed in plain Python from ``Store.statements()`` (the store's own read path,
corrections applied), never from the counting SQL.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import pandas as pd
import pytest

from benchmarks.synthetic import write_store
from quoteline.corrections import edit
from quoteline.query.lake import open_lake
from quoteline.schema import S
from quoteline.store import Store, migrate
from quoteline.store.manifest import COMMIT_NAME
from quoteline.store.synthetic import fake_batch

Key = tuple[str | None, str, str, str, str | None]
COLUMNS = [S.speaker, S.topics, S.counterparts, S.stance, S.kind, S.outlet]


def _value(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _tags(values: object) -> set[str]:
    return {v for v in values if isinstance(v, str)} if isinstance(values, Iterable) else set()


def reference(frame: pd.DataFrame) -> Counter[Key]:
    """Per statement and distinct tag: +1 to its stance, kind and outlet rows; a topic also +1 per distinct
    counterpart of the statement."""
    tally: Counter[Key] = Counter()
    for row in frame[COLUMNS].itertuples(index=False):
        speaker, topics, counterparts, stance, kind, outlet = row
        fields = {"stance": _value(stance), "kind": _value(kind), "outlet": _value(outlet)}
        for field, tags in (("topic", _tags(topics)), ("counterpart", _tags(counterparts))):
            for tag in tags:
                for dim, value in fields.items():
                    tally[(_value(speaker), field, tag, dim, value)] += 1
                if field == "topic":
                    for other in _tags(counterparts):
                        tally[(_value(speaker), field, tag, "counterpart", other)] += 1
    return tally


def from_table(store: Store) -> Counter[Key]:
    with open_lake(store) as lake:
        rows = lake.table("SELECT * FROM facet_speaker_pairs").to_pylist()
    return Counter({(r[S.speaker], r["field"], r["tag"], r["dim"], r["dim_value"]): r["n"] for r in rows})


def _check(store: Store) -> None:
    expected = reference(store.statements(COLUMNS))
    assert expected, "the store holds no tagged statement"
    assert from_table(store) == +expected


@pytest.fixture
def store(tmp_path: Path) -> Store:
    st = Store(tmp_path / "store")
    for seed in (31, 32):
        st.add(*fake_batch(20, 3, seed=seed))
    return st


def test_ingests_corrections_re_extraction_and_compaction(store: Store) -> None:
    manifest = store.manifest()
    assert manifest is not None
    assert manifest.facet_speaker_pairs is not None
    _check(store)
    rows = store.statements([S.statement_id, S.article_id, S.speaker])
    first, second, third = (rows.iloc[i] for i in range(3))
    tags = {"topics": "energy, sanctions", "counterparts": "Norway"}
    edit.correct_statement(store, first[S.statement_id], tags)
    _check(store)
    edit.correct_statement(store, second[S.statement_id], {"stance": "threat", "speaker": "Ilvo Marent"})
    _check(store)
    edit.correct_article(store, third[S.article_id], {"outlet": "The Invented Courier"})
    _check(store)
    merged = edit.merge_speakers(store, rows[S.speaker].value_counts().index[0], "Ilvo Marent")
    store.add(*fake_batch(10, 3, seed=33))  # the merge in force applies to the new statements
    _check(store)
    edit.undo(store, merged.ids[0])
    _check(store)
    store.compact(retention_hours=0)
    _check(store)
    articles = store.articles(raw=True)
    statements = store.statements(raw=True).drop(columns=[S.n_sources, S.cluster_id])
    store.replace_extraction(articles, statements.iloc[::2].assign(**{S.speaker: "Saya Olund"}))
    _check(store)


def test_a_synthetic_store(tmp_path: Path) -> None:
    _check(Store(write_store(tmp_path / "synthetic", 2000, seed=9)))


def _drop_table(store: Store) -> None:
    """Make the commit record one written before the table existed."""
    path = store.root / COMMIT_NAME
    body = json.loads(path.read_text())
    del body["tables"]["facet_speaker_pairs"]
    path.write_text(json.dumps(body))
    store.forget()


def test_a_store_without_the_table_reads_right_then_migrates_with_a_backup(store: Store) -> None:
    expected = from_table(store)
    before = len(store.statements([S.statement_id]))
    _drop_table(store)
    manifest = store.manifest()
    assert manifest is not None
    assert manifest.facet_speaker_pairs is None
    assert from_table(store) == expected  # counted from the statements
    report = migrate.migrate(store, progress=False)
    assert report.summaries == ("facet_speaker_pairs",)
    assert report.backup is not None
    assert (report.backup / COMMIT_NAME).is_file()
    manifest = store.manifest()
    assert manifest is not None
    assert manifest.facet_speaker_pairs is not None
    assert from_table(store) == expected
    assert len(store.statements([S.statement_id])) == before
    _check(store)
    assert migrate.migrate(store, progress=False).backup is None  # nothing left to do


def test_a_migration_failing_before_its_commit_leaves_the_store_and_runs_again(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = from_table(store)
    _drop_table(store)
    record = (store.root / COMMIT_NAME).read_bytes()

    def fail(*_: object) -> None:
        raise OSError("disk full (simulated)")

    monkeypatch.setattr(migrate, "write_manifest", fail)
    with pytest.raises(OSError, match="simulated"):
        migrate.migrate(store, progress=False)
    assert (store.root / COMMIT_NAME).read_bytes() == record
    store.forget()
    assert from_table(store) == expected
    monkeypatch.undo()
    assert migrate.migrate(store, progress=False).summaries == ("facet_speaker_pairs",)
    assert from_table(store) == expected
    store.add(*fake_batch(5, 2, seed=34))  # the next commit appends to the migrated table
    _check(store)
