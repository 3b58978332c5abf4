"""Facet counts: how many statements each filter option would match, given every other filter.

As in Datasette's facets, the counts follow the rest of the view: with a leader selected, "energy (68)"
becomes the number of that leader's statements on energy. A filter's own choice is left out of its counts
(disjunctive faceting), so the options of a multi-choice filter still say what adding one of them would bring.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from quoteline.query import speakers
from quoteline.query.corpus import Corpus, Tags
from quoteline.query.filters import Filters, parts, search_mask
from quoteline.schema import S


@dataclass(frozen=True)
class Facets:
    """Statement counts per option of each filter (options with no statement are left out)."""

    leaders: dict[str, int] = field(default_factory=dict)  # busiest first
    topics: dict[str, int] = field(default_factory=dict)
    counterparts: dict[str, int] = field(default_factory=dict)
    stances: dict[str, int] = field(default_factory=dict)
    kinds: dict[str, int] = field(default_factory=dict)
    outlets: dict[str, int] = field(default_factory=dict)
    speaker_types: dict[str, int] = field(default_factory=dict)
    countries: dict[str, int] = field(default_factory=dict)  # busiest first
    in_office: int = 0  # statements the "leaders only" switch would keep


def _labelled(tally: np.ndarray, labels: tuple[str, ...] | list[str], busiest_first: bool) -> dict[str, int]:
    used = np.flatnonzero(tally[: len(labels)])
    if busiest_first:
        used = used[np.argsort(-tally[used], kind="stable")]
    return {str(labels[i]): int(tally[i]) for i in used}


def _categorical(
    corpus: Corpus, column: str, keep: np.ndarray, busiest_first: bool = False
) -> dict[str, int]:
    values = corpus.frame[column]
    codes = values.cat.codes.to_numpy()[keep]
    labels = [str(c) for c in values.cat.categories]
    tally = np.bincount(codes[codes >= 0], minlength=len(labels))
    return _labelled(tally, labels, busiest_first)


def _tags(tags: Tags, keep: np.ndarray) -> dict[str, int]:
    tally = np.bincount(tags.codes[keep[tags.rows]], minlength=len(tags.labels))
    return _labelled(tally, tags.labels, busiest_first=False)


def _per_speaker(per_row: np.ndarray, keep: np.ndarray, labels: tuple[str, ...]) -> dict[str, int]:
    codes = per_row[keep]
    tally = np.bincount(codes[codes >= 0], minlength=len(labels))
    return _labelled(tally, labels, busiest_first=False)


def facet_counts(corpus: Corpus, filters: Filters) -> Facets:
    """The counts of every facet under ``filters`` (each facet's own filter left out)."""
    n = len(corpus)
    if not n:
        return Facets()
    active = parts(corpus, filters)
    needle = filters.search.strip()
    if needle:
        active["search"] = search_mask(corpus, needle)

    def without(name: str) -> np.ndarray:
        keep = np.ones(n, dtype=bool)
        for other, part in active.items():
            if other != name:
                keep &= part
        return keep

    facts = speakers.speaker_facts(corpus)
    return Facets(
        leaders=_categorical(corpus, S.speaker, without("leaders"), busiest_first=True),
        topics=_tags(corpus.topics, without("topics")),
        counterparts=_tags(corpus.counterparts, without("counterparts")),
        stances=_categorical(corpus, S.stance, without("stances")),
        kinds=_categorical(corpus, S.kind, without("kinds")),
        outlets=_categorical(corpus, S.outlet, without("outlets")),
        speaker_types=_per_speaker(
            speakers.row_types(corpus), without("speaker_types"), speakers.SPEAKER_TYPES
        ),
        countries=dict(
            sorted(
                _per_speaker(
                    speakers.row_countries(corpus), without("countries"), facts.country_labels
                ).items(),
                key=lambda item: -item[1],
            )
        ),
        in_office=int(np.count_nonzero(without("in_office") & speakers.in_office_rows(corpus))),
    )
