"""The full-text index finds exactly what the scan finds, and stays correct as the store changes.

Every store here is a real Delta store written by the test and every index a real tantivy index. The
reference is always the scan condition (``lake_search.scan_condition``) over the same lake, itself checked
against the dashboard's Arrow search in tests/test_lake_search.py.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import random
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest
from test_lake_search import QUERIES as SCAN_QUERIES
from test_lake_search import TEXTS as SCAN_TEXTS

from quoteline.corrections import edit
from quoteline.query import text_index, text_query
from quoteline.query.id_numbers import to_ids
from quoteline.query.lake import Lake, open_lake
from quoteline.query.lake_search import scan_condition, search_condition, search_count, search_ids
from quoteline.schema import A, S
from quoteline.store import Store
from quoteline.store.synthetic import fake_batch

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "corpus" / "real"
FIXTURES = ROOT / "tests" / "fixtures" / "gold"

# Invented statements: inflections, punctuation, several scripts, and case forms RE2 folds specially.
TEXTS = [
    *SCAN_TEXTS,  # the scan's own (test_lake_search), then what only an index can get wrong
    "Żółty most w Brenwie jest zamknięty",
    "ŻÓŁTY sztandar nad Brenwą",
    "Ο ΛΟΓΟΣ του Καλέντη ήταν σαφής",
    "ο λόγος είναι σαφής",
    "The U.S. envoy and the U.S.envoy differ",
    "A co-op in Marrow, the co-operative said",
    "The amber-sea route is closed",
    "Amber\u00a0Sea with a no-break space",
    "Amber\tSea with a tab",
    "Talks on preſſure continue",  # a long s: RE2 folds it with s
    "Planning, planned, plans: the planners plan",
    "Denied, denying, denies and deny",
    "Kelvin 5\u212a of cold",
]
SPEAKERS = [
    "Ilse Maarten",
    "Oskar Lind",
    "Mira Dost",
    "Ilse Maarten",
    "Oskar Lind",
    "Wanda Żółtek",
    "Ανδρέας Καλέντης",
]
# The scan's own battery (test_lake_search), and what only an index can get wrong: plurals of a singular, more
# scripts (Cyrillic pairs, Polish, Greek with its final sigma), letters whose lowercase RE2 folds otherwise
# (long s, the Kelvin sign's "k"), punctuation inside words and phrases, stop words, no hit at all.
QUERIES = [
    *SCAN_QUERIES,
    "plan",
    "эстмарка OR линду",
    "żółty",
    "ŻÓŁTY",
    '"żółty most"',
    "żółtek",
    "λόγος",
    "ΛΟΓΟΣ",
    "καλέντης",
    "pressure",
    "preſſure",
    "kelvin",
    "5k",
    "u.s.",
    '"u.s. envoy"',
    "co-op",
    "amber",
    '"the"',
    "the OR a",
    "xylophone",
    "sea",
]


def _store_of(root: Path, texts: list[str], speakers: list[str], seed: int = 7) -> Store:
    """A real store whose statements carry ``texts`` (cycled) and ``speakers`` (cycled)."""
    store = Store(root)
    articles, statements = fake_batch(len(texts), 1, seed=seed)
    statements = statements.iloc[: len(texts)].copy()
    statements[S.text] = texts
    statements[S.speaker] = [speakers[i % len(speakers)] for i in range(len(texts))]
    store.add(articles, statements)
    return store


def _found(store: Store, query: str, *, index: bool) -> set[str]:
    with open_lake(store) as lake:
        condition, params = search_condition(query, lake=lake) if index else scan_condition(query)
        rows = lake.table(f"SELECT statement_id FROM statements WHERE {condition}", params)
    return set(rows.column(0).to_pylist())


def _ids_of(lake: Lake, query: str) -> set[str] | None:
    """What ``search_ids`` answers (the index's hits as numbers, never through DuckDB), as ids."""
    numbers = search_ids(query, lake)
    if numbers is None:
        return None
    assert numbers.type == pa.uint64()
    values = numbers.to_numpy()
    assert (values[1:] > values[:-1]).all(), "not ascending, once each"
    return set(to_ids(values).to_pylist())


def _check(store: Store, queries: list[str]) -> None:
    with open_lake(store) as lake:
        for query in queries:
            found = []
            for condition, params in (search_condition(query, lake=lake), scan_condition(query)):
                rows = lake.table(f"SELECT statement_id FROM statements WHERE {condition}", params)
                found.append(set(rows.column(0).to_pylist()))
            assert found[0] == found[1], query
            numbers = _ids_of(lake, query)
            assert numbers is None or numbers == found[1], query
            counted = search_count(query, lake)
            assert counted is None or counted == len(found[1]), query


def _answers(store: Store, query: str) -> bool:
    """Whether the index answered ``query`` (rather than leaving it to the scan)."""
    return text_query.candidates(store, store.manifest(), query) is not None


@pytest.fixture
def invented(tmp_path: Path) -> Store:
    store = _store_of(tmp_path / "store", TEXTS, SPEAKERS)
    text_index.update(store)
    return store


@pytest.fixture(scope="module")
def battery(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """The invented store, shared by the read-only tests."""
    store = _store_of(tmp_path_factory.mktemp("battery") / "store", TEXTS, SPEAKERS)
    text_index.update(store)
    return store


def test_the_tokenizer_cuts_words_as_the_search_sees_them() -> None:
    analyzer = text_index._analyzer()
    assert analyzer.analyze("Żółty U.S. x--5\u00a0y\tz") == [
        "żółty", "u", ".", "s", ".", "x", "-", "-", "5", "\u00a0", "y", "z",
    ]  # fmt: skip
    assert analyzer.analyze("a" * 300) == ["a" * 300]  # no length filter


@pytest.mark.parametrize("query", QUERIES)
def test_the_index_finds_what_the_scan_finds(battery: Store, query: str) -> None:
    assert _found(battery, query, index=True) == _found(battery, query, index=False)


@pytest.mark.parametrize("query", QUERIES)
def test_the_index_alone_finds_what_the_scan_finds(battery: Store, query: str) -> None:
    """``search_ids``: the index's hits straight out as numbers (the dashboard's search), no semi-join."""
    with open_lake(battery) as lake:
        found = _ids_of(lake, query)
        counted = search_count(query, lake)
    scanned = _found(battery, query, index=False)
    if found is None:  # not exact (punctuation inside a term): the caller runs the condition
        assert counted is None
        found = _found(battery, query, index=True)
    else:
        assert counted == len(scanned)  # tantivy's own count, no hit taken out
    assert found == scanned


def test_plain_words_and_phrases_are_answered_by_the_index(battery: Store) -> None:
    invented = battery
    for query in (
        "pipelines",
        '"amber sea"',
        "żółty",
        "λόγος",
        "pressure",
        "kelvin",
        "gas OR cable",
        "xylophone",
    ):
        found = text_query.candidates(invented, invented.manifest(), query)
        assert found is not None, query
        assert found.exact, query
        with open_lake(invented) as lake:
            assert search_ids(query, lake) is not None, query
            assert search_count(query, lake) is not None, query
    # Punctuation inside a term: a superset, confirmed by RE2.
    found = text_query.candidates(invented, invented.manifest(), '"u.s. envoy"')
    assert found is not None
    assert not found.exact


def test_exact_answers_need_no_text(battery: Store) -> None:
    with open_lake(battery) as lake:
        condition, params = search_condition("talks", lake=lake)
    assert "regexp_matches" not in condition
    assert params == []


def _fixture_store(tmp_path: Path) -> Store:
    from quoteline.ingest.pipeline import ingest_paths

    store = Store(tmp_path / "fixtures")
    texts = sorted(FIXTURES.glob("*.txt"))
    report = ingest_paths(texts, store)
    assert report.statements_added > 0
    return store


def _words_of(store: Store, n: int, seed: int) -> list[str]:
    """``n`` queries made of words and word pairs drawn from the store's own statements."""
    rows = store.statements([S.text, S.speaker])
    rng = random.Random(seed)
    words = [w for t in rows[S.text] for w in re.findall(r"\w+", str(t))]
    names = [w for s in rows[S.speaker].dropna() for w in str(s).split()]
    queries = [rng.choice(words) for _ in range(n)]
    queries += [f"{rng.choice(words)} {rng.choice(words)}" for _ in range(n // 2)]
    queries += [f"{rng.choice(words)} OR {rng.choice(names)}" for _ in range(n // 4)]
    texts = [str(t).split() for t in rows[S.text]]
    for _ in range(n // 2):
        t = rng.choice([t for t in texts if len(t) > 2])
        i = rng.randrange(len(t) - 1)
        queries.append('"' + " ".join(t[i : i + 2]).replace('"', "") + '"')
    return queries


def test_a_store_of_the_fixture_articles(tmp_path: Path) -> None:
    store = _fixture_store(tmp_path)
    text_index.update(store)
    _check(store, _words_of(store, 40, seed=3))


def _real_sentences(limit: int) -> list[str]:
    sentences: list[str] = []
    for path in sorted(REAL.glob("*.jsonl")):
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                body = str(record.get("text") or record.get("body") or "")
                sentences += [s.strip() for s in re.split(r"(?<=[.!?])\s+", body) if len(s.strip()) > 20][:20]
                if len(sentences) >= limit * (1 + sorted(REAL.glob("*.jsonl")).index(path)) // 4:
                    break
    return sentences[:limit]


@pytest.mark.skipif(
    not REAL.is_dir() and not os.environ.get("CI"), reason="../shared/corpus/real is not next to the project"
)
def test_a_store_of_real_article_text(tmp_path: Path) -> None:
    sentences = _real_sentences(6000)
    assert len(sentences) > 1000
    names = ["Oskar Lind", "Ilse Maarten", "Wanda Żółtek", "Олег Линдов"]
    store = _store_of(tmp_path / "real", sentences, names, seed=11)
    text_index.update(store)
    _check(store, [*_words_of(store, 60, seed=5), "president", "said OR told", '"the president"', "Україна"])


def test_a_second_ingest_is_caught_up_by_the_next_search(invented: Store) -> None:
    before = text_index.covered(invented)
    assert before is not None
    invented.add(*fake_batch(30, 2, seed=99))
    manifest = invented.manifest()
    assert manifest is not None
    version = manifest.table_version("statements")
    assert version is not None
    assert before.version < version
    _check(invented, ["support", "peace OR pressure", "talks"])
    after = text_index.covered(invented)
    assert after is not None
    assert after.version == version
    assert after.rows == len(invented.statements([S.statement_id]))


def test_compaction_is_caught_up_without_duplicates(tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    for seed in range(4):
        store.add(*fake_batch(15, 3, seed=seed))
    text_index.update(store)
    store.compact(retention_hours=0)
    _check(store, ["support", "peace OR pressure", '"the agreement"'])
    covered = text_index.covered(store)
    assert covered is not None
    assert covered.rows == len(store.statements([S.statement_id]))


def test_corrections_are_searched_on_their_corrected_values(invented: Store) -> None:
    rows = invented.statements([S.statement_id, S.text, S.speaker, S.article_id])
    talks = rows[rows[S.text].str.contains("Cable talks")].iloc[0]
    # A new speaker name: found under it, no longer under the old one.
    edit.correct_statement(invented, talks[S.statement_id], {"speaker": "Brunhilde Quaystone"})
    # A new span: the statement's text becomes part of its article's title.
    gas = rows[rows[S.text].str.contains("gas pipeline")].iloc[0]
    article = invented.article(gas[S.article_id])
    assert article is not None
    edit.correct_statement(invented, gas[S.statement_id], {"span": (0, len("Fictional report"))})
    denies = rows[rows[S.text].str.contains("denies every")].iloc[0]
    edit.delete_statement(invented, denies[S.statement_id])
    edit.merge_speakers(invented, "Ilse Maarten", "Ilse Maarten-Vos")
    for query in ("quaystone", "oskar", "fictional", "pipeline", "denies", "maarten", "vos", "talks"):
        assert _answers(invented, query), query
        with open_lake(invented) as lake:  # and _check compares these with the scan
            assert search_ids(query, lake) is not None, query
            assert search_count(query, lake) is not None, query
    _check(invented, ["quaystone", "oskar", "fictional", "pipeline", "denies", "maarten", "vos", "talks"])
    assert _found(invented, "quaystone", index=True) == {talks[S.statement_id]}
    assert _found(invented, "fictional", index=True) == {gas[S.statement_id]}
    assert denies[S.statement_id] not in _found(invented, "denies", index=True)
    assert _found(invented, "denies", index=True)  # the other statement with "denies" is still found


def test_a_session_pinned_before_the_index_scans_loudly(
    invented: Store, caplog: pytest.LogCaptureFixture
) -> None:
    old = invented.manifest()
    invented.add(*fake_batch(10, 2, seed=5))
    text_index.update(invented)
    caplog.set_level(logging.INFO, logger="quoteline.query")
    assert text_query.candidates(invented, old, "talks") is None
    assert "scanning" in caplog.text
    with open_lake(invented, old) as lake:
        condition, params = search_condition("talks", lake=lake)
        got = lake.table(f"SELECT statement_id FROM statements WHERE {condition}", params)
        scan, scan_params = scan_condition("talks")
        want = lake.table(f"SELECT statement_id FROM statements WHERE {scan}", scan_params)
    assert set(got.column(0).to_pylist()) == set(want.column(0).to_pylist())


def test_an_index_far_behind_is_not_caught_up_by_a_search(
    invented: Store, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(text_query, "CATCH_UP_ROWS", 5)
    invented.add(*fake_batch(10, 2, seed=6))
    caplog.set_level(logging.INFO, logger="quoteline.query")
    assert text_query.candidates(invented, invented.manifest(), "talks") is None
    assert "behind" in caplog.text
    _check(invented, ["talks", "support"])


def _replace(file: Path, content: bytes) -> None:
    fresh = file.with_name(file.name + ".damaged")
    fresh.write_bytes(content)
    os.replace(fresh, file)


def test_a_damaged_index_is_bypassed_then_rebuilt(invented: Store, caplog: pytest.LogCaptureFixture) -> None:
    folder = text_index.index_path(invented)
    # Each damaged file replaces the old one (a new inode), as another program's write would: truncating a
    # file in place would pull the pages from under a mapping tantivy's threads may still hold in this
    # process, a bus error rather than a damaged index.
    for file in list(folder.iterdir()):
        if file.suffix in {".idx", ".term", ".pos"}:
            _replace(file, b"not an index")
    _replace(folder / "meta.json", b"{not json")
    caplog.set_level(logging.INFO, logger="quoteline.query")
    assert text_query.candidates(invented, invented.manifest(), "talks") is None
    assert "cannot be opened" in caplog.text
    assert any(r.levelno == logging.WARNING and "rebuild" in r.getMessage() for r in caplog.records)
    _check(invented, ["talks", "żółty"])
    covered = text_index.update(invented)
    assert covered is not None
    assert covered.rows == len(TEXTS)
    assert _answers(invented, "talks")
    _check(invented, ["talks", "żółty"])


def test_an_index_of_another_store_is_rebuilt(tmp_path: Path, invented: Store) -> None:
    other = _store_of(tmp_path / "other", ["Completely other words here"], ["Ilse Maarten"])
    text_index.update(other)
    text_index.remove(invented)
    os.rename(text_index.index_path(other), text_index.index_path(invented))
    assert not _answers(invented, "talks")  # another table's index is never used
    text_index.update(invented)
    assert _answers(invented, "talks")
    _check(invented, ["talks", "completely"])


def test_replaying_an_update_changes_nothing(invented: Store) -> None:
    manifest = invented.manifest()
    assert manifest is not None
    version = manifest.table_version("statements")
    assert version is not None
    index = text_index.open_index(text_index.index_path(invented))
    files = text_index._files(invented, version)
    table = text_index.table_id(invented, version)
    # As if a crash came after the index's commit and the same catch-up ran again.
    text_index._apply(invented, index, [], files, table, version, None)
    assert text_index.covered(invented) == text_index.Covered(table, version, len(TEXTS))
    _check(invented, ["talks", "amber"])


def test_hits_taken_out_a_slice_at_a_time(battery: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past SLICE_HITS the ids come out of tantivy a slice at a time, each the next ids above the last
    slice's (and with one hit a slice, or a slice that ends on the last hit): the same ids, in order, as
    the postings' answer (postings_search)."""
    with open_lake(battery) as lake:
        whole = {q: _ids_of(lake, q) for q in ("the OR a", "talks", "sea", "xylophone", "oskar OR talks")}
        monkeypatch.setattr(text_query, "_from_postings", lambda *args: None)  # tantivy's hits, taken out
        for size in (1, 2, 3, 1000):
            monkeypatch.setattr(text_query, "SLICE_HITS", size)
            for query, found in whole.items():
                assert found is not None
                assert _ids_of(lake, query) == found, (query, size)
    assert len(whole["the OR a"] or ()) > 6  # several slices, not one


def test_a_count_with_too_many_corrected_rows_is_left_to_sql(
    invented: Store, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    rows = invented.statements([S.statement_id, S.text])
    talks = rows[rows[S.text].str.contains("talks", case=False)][S.statement_id].tolist()
    assert len(talks) >= 2
    edit.correct_statement(invented, talks[0], {"speaker": "Brunhilde Quaystone"})
    with open_lake(invented) as lake:
        assert search_count("talks", lake) == len(_found(invented, "talks", index=False))
        monkeypatch.setattr(text_query, "MAX_LEFT_OUT", 0)
        caplog.set_level(logging.INFO, logger="quoteline.query")
        assert search_count("talks", lake) is None
        assert "leave out of a count" in caplog.text
        assert _ids_of(lake, "talks") == _found(invented, "talks", index=False)  # the ids still answer


def test_too_many_candidates_scan_loudly(battery: Store, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="quoteline.query")
    assert text_query.candidates(battery, battery.manifest(), "the", max_candidates=2) is None
    assert "more than 2" in caplog.text


def _rebuild(root: str) -> None:
    text_index.update(Store(root), rebuild=True, wait=120)


def test_two_processes_updating_at_once(invented: Store) -> None:
    invented.add(*fake_batch(40, 3, seed=12))
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_rebuild, args=(str(invented.root),)) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(180)
        assert worker.exitcode == 0
    covered = text_index.covered(invented)
    assert covered is not None
    assert covered.rows == len(invented.statements([S.statement_id]))
    _check(invented, ["talks", "support OR peace"])


def test_the_index_command(invented: Store) -> None:
    invented.add(*fake_batch(5, 2, seed=13))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = [sys.executable, "-m", "quoteline", "index", "--store", str(invented.root)]
    done = subprocess.run(run, capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    rows = len(invented.statements([S.statement_id]))
    assert f"{rows:,} statements" in done.stdout
    done = subprocess.run([*run, "--rebuild"], capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    assert _answers(invented, "talks")


def test_the_ambiguous_statements_are_flagged(battery: Store) -> None:
    found = text_query.candidates(battery, battery.manifest(), "talks")
    assert found is not None
    flagged = set(found.ambiguous.column(S.text).to_pylist())
    # Final sigma and long s are flagged, in the text or the speaker's name; the Kelvin sign lowercases to k.
    speakers = [SPEAKERS[i % len(SPEAKERS)] for i in range(len(TEXTS))]
    assert flagged == {t for t, s in zip(TEXTS, speakers, strict=True) if re.search("[ςſ]", t + s)}
    assert "Kelvin 5\u212a of cold" in flagged  # its speaker is Ανδρέας Καλέντης
    # The store reads as before: the index is a folder beside the tables.
    assert isinstance(battery.articles([A.article_id]), pd.DataFrame)


def test_a_small_store_gets_its_index_on_the_first_search(tmp_path: Path) -> None:
    store = _store_of(tmp_path / "store", TEXTS, SPEAKERS)
    assert text_index.covered(store) is None
    _check(store, ["talks", "żółty"])
    covered = text_index.covered(store)
    assert covered is not None
    assert covered.rows == len(TEXTS)


def test_an_ingest_catches_the_index_up(tmp_path: Path, invented: Store) -> None:
    article = tmp_path / "note.txt"
    article.write_text(
        "published: 2024-05-02\n\nBrenwa council\n\n"
        '"The harbour of Brenwa reopens next spring," said Oskar Lind, the mayor of Brenwa.\n',
        encoding="utf-8",
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = [sys.executable, "-m", "quoteline", "ingest", str(article), "--store", str(invented.root)]
    done = subprocess.run(run, capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    assert len(invented.statements([S.statement_id])) > len(TEXTS)
    manifest = invented.manifest()
    assert manifest is not None
    assert text_index.covered(invented) == text_index.Covered(
        text_index.table_id(invented, manifest.statements or 0),
        manifest.statements or 0,
        len(invented.statements([S.statement_id])),
    )
    _check(invented, ["harbour", "reopens"])
