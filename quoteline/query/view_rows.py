"""Small row-set helpers the pages share."""

from __future__ import annotations

import numpy as np

from quoteline.query.corpus import Corpus


def rows_with_topic(corpus: Corpus, rows: np.ndarray, topic: str) -> np.ndarray:
    """The subset of ``rows`` tagged with ``topic``."""
    return rows[corpus.topics.rows_with_any([topic], len(corpus))[rows]]
