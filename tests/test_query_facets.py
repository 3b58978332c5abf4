"""Facet counts against a brute-force count: each option's count is the number of statements that pass every
other filter and carry that option (a filter's own choice never narrows its own counts)."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import date

import numpy as np
import pandas as pd
import pytest

from benchmarks.synthetic import synthetic_frame
from quoteline.knowledge.gazetteer import Person, Role
from quoteline.query import Corpus, Filters, mask
from quoteline.query.facets import Facets, facet_counts
from quoteline.query.speakers import SPEAKER_TYPES, in_office_rows, row_countries, row_types, speaker_facts
from quoteline.schema import S

# Invented speakers with gazetteer entries; the other synthetic "Leader NN of <state>" names stay unknown.
KNOWN = {
    "Leader 00 of Arcadia": Person(
        "Leader 00 of Arcadia",
        "Russia",
        "person",
        roles=(Role("head_of_state", "president", "Russia", date(2022, 1, 1), date(2023, 6, 30)),),
    ),
    "Leader 01 of Borduria": Person("Leader 01 of Borduria", "Ukraine", "institution", outlet=True),
    "Leader 02 of Syldavia": Person("Ukraine", "Ukraine", "institution"),
    "Leader 03 of Freedonia": Person(
        "Leader 03 of Freedonia",
        "Ukraine",
        "person",
        roles=(Role("foreign_minister", "foreign minister", "Ukraine", date(2021, 5, 1)),),
    ),
}


def resolve(name: str) -> Person | None:
    return KNOWN.get(name)


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    frame = synthetic_frame(2500, seed=5)
    types = np.where(frame[S.speaker].str.endswith("9 of Qumar").to_numpy(dtype=bool), "unnamed", "person")
    frame[S.speaker_type] = pd.Series(types, dtype="string[pyarrow]")
    built = Corpus.from_frame(frame)
    speaker_facts(built, resolve)
    return built


def _brute(corpus: Corpus, filters: Filters) -> Facets:
    """Facet counts the slow way: for each facet, drop its filter, then count each option row by row."""
    facts = speaker_facts(corpus)
    n = len(corpus)

    def keep_without(name: str, cleared: tuple[str, ...] | bool) -> np.ndarray:
        return mask(corpus, replace(filters, **{name: cleared}))  # type: ignore[arg-type]

    def tally(keep: np.ndarray, values: list[object]) -> dict[str, int]:
        counts: dict[str, int] = {}
        for row in np.flatnonzero(keep):
            value = values[row]
            for one in value if isinstance(value, list) else [value]:
                counts[str(one)] = counts.get(str(one), 0) + 1
        return counts

    def column(name: str) -> list[object]:
        return list(corpus.frame[name].astype(object).to_numpy())

    def tags(name: str) -> list[object]:
        return [corpus.tags_of(getattr(corpus, name), r) for r in range(n)]

    types = [SPEAKER_TYPES[t] for t in row_types(corpus)]
    countries = [facts.country_labels[c] for c in row_countries(corpus)]
    return Facets(
        leaders=tally(keep_without("leaders", ()), column(S.speaker)),
        topics=tally(keep_without("topics", ()), tags("topics")),
        counterparts=tally(keep_without("counterparts", ()), tags("counterparts")),
        stances=tally(keep_without("stances", ()), column(S.stance)),
        kinds=tally(keep_without("kinds", ()), column(S.kind)),
        outlets=tally(keep_without("outlets", ()), column(S.outlet)),
        speaker_types=tally(keep_without("speaker_types", ()), list(types)),
        countries=tally(keep_without("countries", ()), list(countries)),
        in_office=int((keep_without("in_office", False) & in_office_rows(corpus)).sum()),
    )


CASES = [
    Filters(),
    Filters(leaders=("Leader 00 of Arcadia",)),
    Filters(leaders=("Leader 00 of Arcadia", "Leader 03 of Freedonia"), topics=("energy",)),
    Filters(topics=("trade", "security"), stances=("denial",)),
    Filters(speaker_types=("state", "outlet")),
    Filters(countries=("Ukraine",), kinds=("direct",)),
    Filters(in_office=True, outlets=("Outlet 02 (fictional)", "Outlet 05 (fictional)")),
    Filters(counterparts=("Syldavia",), date_from=date(2022, 1, 1), date_to=date(2023, 1, 1)),
    Filters(search="border", speaker_types=("person",), in_office=True),
]


@pytest.mark.parametrize("filters", CASES)
def test_facets_match_a_brute_force_count(corpus: Corpus, filters: Filters) -> None:
    got, want = facet_counts(corpus, filters), _brute(corpus, filters)
    for f in fields(Facets):
        assert getattr(got, f.name) == getattr(want, f.name), f.name


def test_counts_follow_the_other_filters(corpus: Corpus) -> None:
    everyone = facet_counts(corpus, Filters())
    one = facet_counts(corpus, Filters(leaders=("Leader 00 of Arcadia",)))
    assert one.topics != everyone.topics
    assert sum(one.kinds.values()) == one.leaders["Leader 00 of Arcadia"]
    # The leaders facet leaves its own choice out: the other leaders still show what they would add.
    assert one.leaders == everyone.leaders


def test_leaders_and_countries_come_busiest_first(corpus: Corpus) -> None:
    facets = facet_counts(corpus, Filters())
    for counts in (facets.leaders, facets.countries):
        values = list(counts.values())
        assert values == sorted(values, reverse=True)
    assert set(facets.speaker_types) == {"person", "outlet", "state", "unnamed"}
    assert 0 < facets.in_office < len(corpus)


def test_an_empty_corpus_has_no_counts() -> None:
    empty = Corpus.from_frame(synthetic_frame(0))
    assert facet_counts(empty, Filters(topics=("energy",))) == Facets()
