"""One comparison of two corpora, column by column, for the tests that load a corpus two ways."""

from __future__ import annotations

import mmap

import numpy as np
import pandas as pd

from quoteline.query.corpus import Corpus
from quoteline.schema import S


def assert_same_corpus(got: Corpus, want: Corpus) -> None:
    """Every frame column (dtype, labels, codes), both tag lists and the derived source counts."""
    assert list(got.frame.columns) == list(want.frame.columns)
    for name in got.frame.columns:
        a, b = got.frame[name], want.frame[name]
        assert a.dtype == b.dtype, name
        if isinstance(a.dtype, pd.CategoricalDtype):
            assert list(a.cat.categories) == list(b.cat.categories), name
            assert np.array_equal(a.cat.codes.to_numpy(), b.cat.codes.to_numpy()), name
        else:
            assert a.equals(b), name
    for tags in ("topics", "counterparts"):
        x, y = getattr(got, tags), getattr(want, tags)
        assert x.labels == y.labels
        assert np.array_equal(x.rows, y.rows)
        assert np.array_equal(x.codes, y.codes)
    assert got.col(S.n_sources).equals(want.col(S.n_sources))


def is_mapped(array: np.ndarray) -> bool:
    """Whether ``array`` is a view of a mapped file (an encoded corpus' column), not memory of its own."""
    base: object = array
    while isinstance(base, np.ndarray):
        if isinstance(base, np.memmap):
            return True
        base = base.base
    return isinstance(base, mmap.mmap)
