"""The speaker lens: which speakers a page draws as lanes or rows when thousands match.

A real store holds thousands of speakers; one lane each would freeze the browser and tell the analyst
nothing. By default a page draws the ``top`` busiest speakers among the statements the filters matched, says
how many more there are, and lets the analyst show more or pick any speaker by name. Speakers picked by name
are always drawn, whatever ``top`` is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
import pandas as pd

from quoteline.query.corpus import Corpus
from quoteline.schema import S

DEFAULT_TOP: Final = 20
TOP_STEP: Final = 20  # what "show more" adds
MAX_TOP: Final = 500


@dataclass(frozen=True)
class Lens:
    """The speakers a page draws (busiest first), out of how many the rows hold."""

    speakers: tuple[str, ...]
    total: int
    picked: bool = False  # True when the analyst named the speakers

    @property
    def hidden(self) -> int:
        """How many speakers the rows hold that are not drawn."""
        return max(self.total - len(self.speakers), 0)


def clamp_top(value: int) -> int:
    """``top`` kept between 1 and ``MAX_TOP``."""
    return max(1, min(int(value), MAX_TOP))


def speaker_tally(corpus: Corpus, rows: np.ndarray) -> np.ndarray:
    """Statements per speaker code among ``rows``."""
    speakers = corpus.frame[S.speaker]
    codes = speakers.cat.codes.to_numpy()[rows]
    return np.bincount(codes[codes >= 0], minlength=len(speakers.cat.categories))


def lens(corpus: Corpus, rows: np.ndarray, top: int, picked: tuple[str, ...] = ()) -> Lens:
    """The busiest ``top`` speakers among ``rows``, or the ``picked`` ones that have statements there."""
    tally = speaker_tally(corpus, rows)
    labels = corpus.frame[S.speaker].cat.categories
    present = np.flatnonzero(tally)
    if picked:
        lookup = {str(label): i for i, label in enumerate(labels)}
        chosen = [name for name in picked if name in lookup and tally[lookup[name]]]
        chosen.sort(key=lambda name: -tally[lookup[name]])
        return Lens(tuple(chosen), len(present), picked=True)
    # Busiest first; ties in the order of the speaker codes, so the same data gives the same lanes.
    order = present[np.argsort(-tally[present], kind="stable")][: clamp_top(top)]
    return Lens(tuple(str(labels[i]) for i in order), len(present))


def rows_in_lens(corpus: Corpus, rows: np.ndarray, shown: Lens) -> np.ndarray:
    """The subset of ``rows`` spoken by a speaker the lens draws."""
    speakers = corpus.frame[S.speaker]
    wanted = speakers.cat.categories.get_indexer(pd.Index(shown.speakers))
    keep = np.zeros(len(speakers.cat.categories) + 1, dtype=bool)
    keep[wanted[wanted >= 0]] = True
    codes = speakers.cat.codes.to_numpy()[rows]  # -1 (no speaker) reads the spare last slot, always False
    return rows[keep[codes]]
