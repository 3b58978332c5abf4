"""The index's large answers kept on disk: the same ids as tantivy's, per query and index version.

Real stores and real tantivy indexes; phrases (which the postings leave to tantivy) so that tantivy
answers, and ``hit_cache.MIN_HITS`` lowered so that a small store's answers are kept.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from test_text_index import _check, _ids_of, _store_of

from quoteline.query import hit_cache, text_index, text_query
from quoteline.query.lake import open_lake
from quoteline.store import Store
from quoteline.store.synthetic import fake_batch

TEXTS = [
    "The amber sea route stays open, Ilse Maarten said",
    "Talks on the amber sea route continue in Brenwa",
    "The amber sea is calm and the talks are over",
    "No route across the sea this winter",
]
PHRASES = ['"amber sea"', '"the talks"', '"sea route"']


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    monkeypatch.setattr(hit_cache, "MIN_HITS", 1)
    made = _store_of(tmp_path / "store", TEXTS * 3, ["Oskar Lind", "Mira Dost"])
    text_index.update(made)
    return made


def _kept(store: Store) -> list[Path]:
    return sorted(hit_cache.folder(store).glob("*/*.npy")) if hit_cache.folder(store).is_dir() else []


def _answers(store: Store) -> dict[str, set[str] | None]:
    with open_lake(store) as lake:
        return {q: _ids_of(lake, q) for q in PHRASES}


def test_an_answer_is_kept_and_read_back(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    first = _answers(store)
    assert all(first.values())
    assert len(_kept(store)) == len(PHRASES)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("tantivy's hits were taken out again")

    monkeypatch.setattr(text_query, "_hit_ids", refuse)
    assert _answers(store) == first
    _check(store, PHRASES)


def test_small_answers_are_not_kept(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hit_cache, "MIN_HITS", 10_000)
    _answers(store)
    assert _kept(store) == []


def test_a_new_version_leaves_the_old_answers(store: Store) -> None:
    _answers(store)
    generations = {p.parent for p in _kept(store)}
    assert len(generations) == 1
    store.add(*fake_batch(10, 2, seed=31))
    _check(store, PHRASES)  # caught up: a new generation, the old one removed
    assert {p.parent for p in _kept(store)}.isdisjoint(generations)
    assert len({p.parent for p in _kept(store)}) == 1


def test_a_damaged_answer_is_removed_and_asked_again(store: Store, caplog: pytest.LogCaptureFixture) -> None:
    first = _answers(store)
    for path in _kept(store):
        path.write_bytes(b"not an array")
    caplog.set_level(logging.WARNING, logger="quoteline.query")
    assert _answers(store) == first
    assert "unreadable" in caplog.text
    assert len(_kept(store)) == len(PHRASES)  # asked again and kept again


def test_a_read_only_deployment_keeps_nothing(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUOTELINE_READ_ONLY", "true")
    assert all(_answers(store).values())
    assert _kept(store) == []


def test_the_least_recently_read_go_first(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hit_cache, "MAX_FILES", 2)
    asked: list[int] = []
    take_out = text_query._hit_ids

    def counted(*args: object, **kwargs: object) -> object:
        asked.append(1)
        return take_out(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(text_query, "_hit_ids", counted)
    with open_lake(store) as lake:
        for query in ('"amber sea"', '"the talks"', '"sea route"'):
            _ids_of(lake, query)
        assert len(_kept(store)) == 2  # the first answer left
        _ids_of(lake, '"the talks"')  # read: the most recent now
        _ids_of(lake, '"route stays"')  # kept: '"sea route"' leaves
        assert len(asked) == 4
        _ids_of(lake, '"the talks"')
        assert len(asked) == 4
        _ids_of(lake, '"sea route"')
        assert len(asked) == 5
    monkeypatch.setattr(hit_cache, "MAX_BYTES", 1)  # no answer fits: none is kept, not even the newest
    with open_lake(store) as lake:
        _ids_of(lake, '"amber sea"')
    assert _kept(store) == []


def test_removing_the_index_removes_its_answers(store: Store) -> None:
    _answers(store)
    assert _kept(store)
    text_index.remove(store)
    assert not hit_cache.folder(store).exists()
