"""The search postings beside the index answer a query of words exactly as tantivy does, and keep up.

Every store is a real Delta store and every index a real tantivy index; the reference is tantivy's own
answer for the same query (``text_query._hit_ids``), and through ``test_text_index._check`` the scan.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import numpy as np
import pytest
from test_text_index import QUERIES, SPEAKERS, TEXTS, _check, _store_of

from quoteline.query import postings_search, postings_tokens, term_postings, text_index, text_query
from quoteline.query.text_index import _analyzer
from quoteline.schema import S
from quoteline.store import Store
from quoteline.store.errors import StoreError
from quoteline.store.synthetic import fake_batch


def _tantivy_and_postings(store: Store, query: str) -> tuple[np.ndarray, np.ndarray | None] | None:
    """tantivy's hits for ``query`` and the postings' answer (None: they leave it to tantivy)."""

    def both(asked: text_query._Asked) -> tuple[np.ndarray, np.ndarray | None]:
        files = text_index.version_files(store, asked.covered.version)
        return text_query._hit_ids(asked), postings_search.hits(store, files, asked.key)

    answered = text_query._ask(store, store.manifest(), query, both)
    return None if answered is None else answered[0]


@pytest.fixture(scope="module")
def battery(tmp_path_factory: pytest.TempPathFactory) -> Store:
    store = _store_of(tmp_path_factory.mktemp("postings") / "store", TEXTS, SPEAKERS)
    text_index.update(store)
    return store


# The queries the index cannot answer at all (a word with punctuation inside, whose inflections could cross
# tokens; an empty query): the scan does.
UNANSWERED = {"100%_", "", "u.s.", "co-op"}


@pytest.mark.parametrize("query", QUERIES)
def test_the_postings_answer_as_tantivy_does(battery: Store, query: str) -> None:
    answered = _tantivy_and_postings(battery, query)
    assert (answered is None) == (query in UNANSWERED), query
    if answered is None:
        return
    tantivy_ids, postings_ids = answered
    if postings_ids is None:
        assert '"' in query, query  # only a phrase of several tokens is left to tantivy
        return
    assert postings_ids.dtype == np.uint64
    assert (np.diff(postings_ids.astype(np.float64)) > 0).all(), "ascending, once each"
    assert postings_ids.tolist() == tantivy_ids.tolist(), query


def test_words_are_answered_without_tantivy(battery: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("tantivy's hits were taken out")

    monkeypatch.setattr(text_query, "_hit_ids", refuse)
    _check(battery, ["talks", "pipelines", "gas OR cable", "żółty", "λόγος", "xylophone", "oskar"])
    with pytest.raises(AssertionError, match="taken out"):
        _check(battery, ['"amber sea"'])  # a phrase of two tokens: positions are not kept


def test_the_tokens_are_the_analyzers() -> None:
    analyzer = _analyzer()
    odd = sorted(postings_tokens._odd_characters())
    samples = [
        *TEXTS,
        *SPEAKERS,
        "İzmir and ΛΟΓΟΣ, a final Σ",
        "Tab\there, vertical\vtab, form\ffeed, no-break\u00a0space",
        "Combining e\u0301 marks, ligature \ufb01 and \u2160 numerals",
        "CJK 中文字 and emoji \U0001f600 between words",
        "".join(odd[:50]) + " and " + " ".join(odd[-50:]),
        "",
    ]
    for text in samples:
        assert postings_tokens.tokens_of([text])[0] == analyzer.analyze(text), text


def test_a_character_python_cuts_otherwise_is_cut_by_the_analyzer(tmp_path: Path) -> None:
    odd = sorted(postings_tokens._odd_characters() - {"\u0130"})  # not one the index flags
    assert odd, "Python and tantivy agree on every character: nothing to test"
    char = odd[len(odd) // 2]
    texts = [f"Harrow{char}gate talks continue", f"Talks in Harrow {char} today", "Plain talks in Brenwa"]
    store = _store_of(tmp_path / "store", texts, ["Ilse Maarten", f"Oskar{char}Lind"])
    text_index.update(store)
    # Against tantivy, not the scan: whether RE2 takes the character for a letter is another question.
    for query in ["talks", "harrow", "oskar", "brenwa", f"harrow{char}gate", "lind", "gate"]:
        answered = _tantivy_and_postings(store, query)
        if answered is None:  # a query word tantivy cannot answer either (the scan does)
            assert char in query, query
            continue
        assert answered[1] is not None, query
        assert answered[1].tolist() == answered[0].tolist(), query


def test_a_file_without_postings_is_left_to_tantivy(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    store = Store(tmp_path / "store")
    for seed in range(3):
        store.add(*fake_batch(12, 3, seed=seed))
    text_index.update(store)
    folders = sorted(term_postings.folder(store).iterdir())
    assert len(folders) >= 3  # a folder per data file
    term_postings.remove_file(store, str(term_postings._record_file(folders[0])))
    postings_search._OPEN.clear()
    caplog.set_level(logging.INFO, logger="quoteline.query")
    _check(store, ["support", "peace OR pressure"])
    assert "no postings for" in caplog.text
    # The stamp says every file has its folder, so the catch-up after a command trusts it; `quoteline
    # index` reads every record (``recheck``) and writes what the version lacks.
    text_index.update(store, postings=True)
    assert len(list(term_postings.folder(store).iterdir())) == len(folders) - 1
    text_index.update(store, postings=True, recheck=True)
    assert len(list(term_postings.folder(store).iterdir())) == len(folders)
    assert _tantivy_and_postings(store, "support") is not None


def test_a_command_rewrites_postings_of_an_older_format(tmp_path: Path) -> None:
    """A store indexed by an older Quoteline: its postings' record names another format, so searches would
    ask tantivy, and it has no stamp; the next command's refresh writes them again in this format."""
    store = Store(tmp_path / "store")
    for seed in range(3):
        store.add(*fake_batch(12, 3, seed=seed))
    text_index.update(store)
    records = [folder / term_postings.RECORD for folder in term_postings.folder(store).iterdir()]
    for record in records:
        old = json.loads(record.read_text())
        record.write_text(json.dumps({**old, "format": term_postings.FORMAT - 1}))
    term_postings.unstamp(store)  # an older Quoteline wrote none
    files = [str(term_postings._record_file(record.parent)) for record in records]
    assert not any(term_postings.has(store, file) for file in files)
    store.add(*fake_batch(5, 2, seed=9))
    text_index.refresh(store)
    assert all(term_postings.has(store, file) for file in files)
    assert term_postings.stamped(store, *_table_and_version(store))
    postings_search._OPEN.clear()
    answered = _tantivy_and_postings(store, "support")
    assert answered is not None
    assert answered[1] is not None
    assert answered[1].tolist() == answered[0].tolist()


def _version(store: Store) -> int:
    """The statements table's version in the store's current commit."""
    manifest = store.manifest()
    assert manifest is not None
    version = manifest.table_version("statements")
    assert version is not None
    return version


def _table_and_version(store: Store) -> tuple[str, int]:
    version = _version(store)
    return text_index.table_id(store, version), version


def _records_read(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The data files whose postings record is read from now on (``term_postings.has``)."""
    read: list[str] = []
    has = term_postings.has

    def counting(store: Store, file: str) -> bool:
        read.append(file)
        return has(store, file)

    monkeypatch.setattr(term_postings, "has", counting)
    return read


def test_the_stamp_spares_the_catch_up_every_record(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """After an ingest the catch-up reads the records of the files the ingest added, not of every file: the
    stamp moves on with the index. Without a stamp, every record is read, once, and the stamp written."""
    store = Store(tmp_path / "store")
    for seed in range(3):
        store.add(*fake_batch(12, 3, seed=seed))
    text_index.update(store)
    before = set(text_index.version_files(store, _version(store)))
    assert term_postings.stamped(store, *_table_and_version(store))
    read = _records_read(monkeypatch)
    store.add(*fake_batch(5, 2, seed=9))
    text_index.refresh(store)
    after = set(text_index.version_files(store, _version(store)))
    assert after - before
    assert set(read) == after - before
    assert term_postings.stamped(store, *_table_and_version(store))
    term_postings.unstamp(store)
    read.clear()
    text_index.refresh(store)  # the index is current: only the postings' check runs
    assert sorted(read) == sorted(after)
    assert term_postings.stamped(store, *_table_and_version(store))


def test_a_failed_postings_write_is_not_stamped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store(tmp_path / "store")
    store.add(*fake_batch(12, 3, seed=1))
    text_index.update(store)
    write_file = term_postings.write_file

    def failing(store: Store, file: str) -> None:
        raise StoreError(f"{file}: cannot read it (test)")

    monkeypatch.setattr(term_postings, "write_file", failing)
    store.add(*fake_batch(5, 2, seed=9))
    text_index.refresh(store)  # logged, not raised
    table, version = _table_and_version(store)
    assert text_index.covered(store) == text_index.Covered(table, version, 12 * 3 + 5 * 2)
    assert not term_postings.stamped(store, table, version)
    monkeypatch.setattr(term_postings, "write_file", write_file)
    text_index.refresh(store)  # the next command writes what the version lacks, then stamps it
    assert all(term_postings.has(store, f) for f in text_index.version_files(store, version))
    assert term_postings.stamped(store, table, version)


def test_the_postings_follow_ingests_compactions_and_rebuilds(tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    for seed in range(4):
        store.add(*fake_batch(15, 3, seed=seed))
    text_index.update(store)

    def folders() -> set[str | None]:
        return {term_postings._record_file(f) for f in term_postings.folder(store).iterdir()}

    def files() -> set[str | None]:
        return set(text_index.version_files(store, _version(store)))

    assert folders() == files()
    store.add(*fake_batch(20, 2, seed=40))
    _check(store, ["support", "talks"])  # the search catches the index up, and the postings with it
    assert folders() == files()
    store.compact(retention_hours=0)
    _check(store, ["support", "peace OR pressure"])
    assert folders() == files()  # the merged files' folders are gone
    stale = term_postings.folder(store) / "0123456789abcdef01234567"
    stale.mkdir()
    text_index.update(store, rebuild=True)
    assert folders() == files()
    assert not stale.exists()
    answered = _tantivy_and_postings(store, "support OR talks")
    assert answered is not None
    assert answered[1] is not None
    assert answered[1].tolist() == answered[0].tolist()
    assert len(answered[1]) <= len(store.statements([S.statement_id]))


def test_a_token_tantivy_leaves_out_is_left_out(tmp_path: Path) -> None:
    """tantivy drops a token longer than 65,530 UTF-8 bytes (measured): so do the postings."""
    long_ok, too_long = "b" * postings_tokens.MAX_TOKEN_BYTES, "c" * (postings_tokens.MAX_TOKEN_BYTES + 1)
    store = _store_of(tmp_path / "store", [f"{long_ok} talks", f"{too_long} talks", "talks"], ["Mira Dost"])
    text_index.update(store)
    version = _version(store)
    opened = [postings_search._open(store, f) for f in text_index.version_files(store, version)]
    assert all(p is not None for p in opened)
    held = {t: sum(len(p.rows_of("text", t)) for p in opened if p is not None) for t in (long_ok, too_long)}
    assert held == {long_ok: 1, too_long: 0}
    answered = _tantivy_and_postings(store, "talks")
    assert answered is not None
    assert answered[1] is not None
    assert answered[1].tolist() == answered[0].tolist()


def test_the_literal_head_of_a_dictionary_regex() -> None:
    head = postings_search._literal_prefix
    assert head("(?:talk(?:s|es|e|ed|ing|ings)?|talkk(?:ed|ing|ings))") == "talk"
    assert head("(?:plann(?:s|es|e|ed|ing|ings)?|plans?)") == "plan"  # the optional s is no head
    assert head("(?:deny(?:s|es|e|ed|ing|ings)?|den(?:ies|ied))") == "den"
    assert head("(?:a(?:s|es|e|ed|ing|ings)?)") == "a"


@pytest.mark.parametrize("dtype", ["<u8", "<i4", "<i8", "|u1", "|b1"])
@pytest.mark.parametrize("size", [0, 1, 1000])
def test_a_postings_file_maps_as_np_load_reads_it(tmp_path: Path, dtype: str, size: int) -> None:
    values = (np.arange(size) * 7919 % 251).astype(dtype)
    np.save(tmp_path / "a.npy", values)
    mapped: list[object] = []
    got = postings_search._map(tmp_path / "a.npy", mapped)  # type: ignore[arg-type]
    assert got.dtype == np.dtype(dtype)
    assert got.tolist() == np.load(tmp_path / "a.npy").tolist()
    assert len(mapped) == (1 if size else 0)


def test_a_file_of_another_shape_is_read_by_np_load_and_a_short_one_refused(tmp_path: Path) -> None:
    np.save(tmp_path / "two.npy", np.arange(6, dtype=np.int64).reshape(2, 3))
    assert postings_search._map(tmp_path / "two.npy", []).tolist() == [[0, 1, 2], [3, 4, 5]]
    np.save(tmp_path / "short.npy", np.arange(100, dtype=np.int64))
    data = (tmp_path / "short.npy").read_bytes()
    (tmp_path / "short.npy").write_bytes(data[:-8])
    with pytest.raises(ValueError, match="shorter"):
        postings_search._map(tmp_path / "short.npy", [])


def test_the_masks_are_a_corpus_mask_only_over_rows_in_the_files_order(battery: Store) -> None:
    """The files' masks are the rows of a corpus whose ids are the files' ids in order, the same rows as the
    ids found; a corpus of other rows or another order gets None (its ids are mapped instead)."""
    manifest = battery.manifest()
    assert manifest is not None
    version = manifest.table_version("statements")
    assert version is not None
    files = text_index.version_files(battery, version)
    opened = [postings_search._open(battery, f) for f in files]
    numbers = np.concatenate([p.sids for p in opened if p is not None])
    checked = 0
    for query in ["talks", "gas OR cable", "żółty", "xylophone", "the OR a"]:
        found = text_query.file_masks(battery, manifest, query)
        assert found is not None, query
        rows = postings_search.corpus_mask(found.masks, numbers)
        assert rows is not None
        want = text_query.candidates(battery, manifest, query, max_candidates=None)
        assert want is not None
        assert numbers[rows].tolist() == sorted(want.ids.to_pylist()) or sorted(
            numbers[rows].tolist()
        ) == sorted(want.ids.to_pylist()), query
        checked += int(rows.sum())
    assert checked  # some query found rows
    assert text_query.file_masks(battery, manifest, '"amber sea"') is None  # a phrase: tantivy answers
    for other in (numbers[::-1].copy(), numbers[1:].copy()):
        found = text_query.file_masks(battery, manifest, "talks")
        assert found is not None
        assert postings_search.corpus_mask(found.masks, other) is None


def test_a_dense_word_is_a_bitmap_and_a_rare_one_positions(tmp_path: Path) -> None:
    """A token in more than 1/32 of a file's rows is kept as a bitmap, a rarer one as positions: both
    answer as tantivy does, alone and together."""
    texts = [f"Quiet harbour talks number {i}" for i in range(300)]
    texts[17] = "The rare lighthouse talks"
    texts[230] = "Another lighthouse at dusk"
    store = Store(tmp_path / "store")
    articles, statements = fake_batch(len(texts), 1, seed=3)
    statements = statements.iloc[: len(texts)].copy()
    statements[S.text] = texts
    statements[S.speaker] = ["Ilse Maarten", "Oskar Lind"] * (len(texts) // 2)
    statements[S.date] = "2024-03-05"  # one month: one data file of 300 rows
    store.add(articles, statements)
    text_index.update(store)
    version = _version(store)
    opened = [postings_search._open(store, f) for f in text_index.version_files(store, version)]
    assert len(opened) == 1
    assert all(p is not None for p in opened)
    kinds = set()
    for postings in opened:
        assert postings is not None
        field = postings.fields["text"]
        for token in ("talks", "lighthouse"):
            at = field.find(token)
            if at is not None and len(field.rows_of(at)):
                kinds.add((token, int(field.slots[at]) >= 0))
    assert ("talks", True) in kinds  # in every row: a bitmap
    assert ("lighthouse", False) in kinds  # in two rows of 300: positions
    for query in ["talks", "lighthouse", "lighthouse talks", "lighthouse OR harbour", "dusk OR rare"]:
        answered = _tantivy_and_postings(store, query)
        assert answered is not None, query
        assert answered[1] is not None, query
        assert answered[1].tolist() == answered[0].tolist(), query
