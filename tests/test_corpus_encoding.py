"""The corpus built from dictionary-encoded reads equals the one built from plain strings.

``load_corpus`` reads the few-valued filter columns dictionary-encoded (``Store.read_arrow(encoded=...)``)
and fingerprints the cluster ids; these tests build the same store both ways, also under corrections that
rename, re-tag, delete and move statements, and check every column, tag and derived count is the same.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest
from corpus_compare import assert_same_corpus

from benchmarks.synthetic import write_store
from quoteline.corrections import edit
from quoteline.query.corpus import EAGER_COLUMNS, Corpus, _cluster_columns
from quoteline.query.load import ENCODED_COLUMNS, load_corpus
from quoteline.schema import S
from quoteline.store import Store
from quoteline.store.delta import share_dictionary


def _plain(store: Store) -> Corpus:
    """The corpus from the eager columns read as plain strings (no dictionary read)."""
    table, _ = store.read_arrow("statements", list(EAGER_COLUMNS))
    return Corpus.from_frame(table.to_pandas(types_mapper=pd.ArrowDtype), fetch=load_corpus(store).fetch)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(write_store(tmp_path / "s", 4000, seed=11))


def test_the_encoded_load_equals_the_plain_one(store: Store) -> None:
    table, _ = store.read_arrow("statements", list(EAGER_COLUMNS), encoded=ENCODED_COLUMNS)
    assert pa.types.is_dictionary(table.schema.field(S.speaker).type)
    assert pa.types.is_dictionary(table.schema.field(S.topics).type.value_type)
    assert_same_corpus(load_corpus(store), _plain(store))


def test_the_same_after_corrections(store: Store) -> None:
    rows = store.statements([S.statement_id, S.article_id, S.speaker]).dropna()
    speakers = rows[S.speaker].drop_duplicates().tolist()
    edit.merge_speakers(store, speakers[1], speakers[0])  # into a name already held
    edit.merge_speakers(store, speakers[2], "Minister Orla Venn of Quellmark")  # into a new name
    first = rows.iloc[0]
    edit.correct_statement(
        store, first[S.statement_id], {"speaker": "Envoy Tamsin Rook", "date": "2019-02-11"}
    )
    edit.correct_statement(store, rows.iloc[5][S.statement_id], {"counterparts": ["Quellmark"]})
    edit.correct_article(store, rows.iloc[9][S.article_id], {"outlet": "The Quellmark Courier"})
    edit.delete_statement(store, rows.iloc[3][S.statement_id])
    got = load_corpus(store)
    assert_same_corpus(got, _plain(store))
    names = set(got.frame[S.speaker].cat.categories)
    assert speakers[1] not in names
    assert "Minister Orla Venn of Quellmark" in names
    assert "Quellmark" in got.counterparts.labels


def test_share_dictionary_makes_one_chunk_on_one_dictionary() -> None:
    a = pa.DictionaryArray.from_arrays(pa.array([0, 1, 0], pa.int32()), pa.array(["Arlo", None]))
    b = pa.DictionaryArray.from_arrays(pa.array([1, 0], pa.int32()), pa.array(["Arlo", "Brisa"]))
    shared = share_dictionary(pa.chunked_array([a, b]))
    assert shared.to_pylist() == ["Arlo", None, "Arlo", "Brisa", "Arlo"]
    assert shared.num_chunks == 1
    assert shared.chunk(0).dictionary.equals(pa.array(["Arlo", "Brisa"]))
    assert shared.take([1, 3]).to_pylist() == [None, "Brisa"]  # a null in a dictionary broke take
    kind = pa.list_(pa.dictionary(pa.int32(), pa.string()))
    lists = pa.chunked_array([pa.array([["x", "y"], []], kind), pa.array([None, ["z", "x"]], kind)])
    again = share_dictionary(lists)
    assert again.to_pylist() == [["x", "y"], [], None, ["z", "x"]]
    assert again.num_chunks == 1
    assert again.chunk(0).values.dictionary.equals(pa.array(["x", "y", "z"]))


def test_cluster_codes_from_fingerprints() -> None:
    ids = ["", "c1", "c10", "1c", "c1", "é" * 70, "é" * 69 + "e", None, "", "c10", None]
    sliced = pa.array(["zz", *ids]).slice(1)  # a chunk that does not start at its buffers' start
    codes, sizes, _ = _cluster_columns(pa.chunked_array([sliced[:4], sliced[4:]]))
    assert codes.tolist() == [0, 1, 2, 3, 1, 4, 5, 6, 0, 2, 6]  # equal ids alike, in order of appearance
    assert sizes.tolist() == [2, 2, 2, 1, 2, 1, 1, 2, 2, 2, 2]
