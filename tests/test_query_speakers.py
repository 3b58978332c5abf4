"""Speaker facts for the dashboard's filters: type, country, office on the statement's day, and the lens.

Every name here is invented; the gazetteer is replaced by a small resolver of invented entries.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from benchmarks.synthetic import synthetic_frame
from quoteline.knowledge.gazetteer import Gazetteer, Person, Role
from quoteline.query import Corpus, Filters, select
from quoteline.query.lens import DEFAULT_TOP, MAX_TOP, clamp_top, lens, rows_in_lens
from quoteline.query.speakers import (
    NO_COUNTRY,
    SPEAKER_TYPES,
    exact_lookup,
    facts_for,
    in_office_rows,
    speaker_facts,
    speaker_type,
)
from quoteline.schema import S

# Russia is a real country of data/countries.yaml: the "state" rule needs a country the index knows.
ORLA = Person(
    "Orla Brennick",
    "Russia",
    "person",
    ("Brennick",),
    (Role("head_of_state", "president", "Russia", date(2022, 3, 1), date(2023, 2, 28)),),
)
TOMAS = Person("Tomas Felder", "Russia", "person")  # in the gazetteer, but without an office
GAZETTE = Person("Velmar Gazette", "", "institution", outlet=True)
STATE = Person("Russia", "Russia", "institution")
MINISTRY = Person("Ministry of Lanterns", "Russia", "institution")
ENTRIES = {p.canonical: p for p in (ORLA, TOMAS, GAZETTE, STATE, MINISTRY)}


def resolve(name: str) -> Person | None:
    return ENTRIES.get(name)


@pytest.mark.parametrize(
    ("name", "stored", "expected"),
    [
        ("Orla Brennick", "person", "person"),
        ("Velmar Gazette", "institution", "outlet"),
        ("Russia", "institution", "state"),
        ("Ministry of Lanterns", "institution", "institution"),
        ("Moscow", "institution", "state"),  # a capital speaking for its state, not in the resolver
        ("Harbour Daily", "institution", "outlet"),  # an outlet the store holds articles from
        ("Quill Porter", "person", "person"),  # unknown to the gazetteer: the extractor's type stands
        ("Guild of Tanners", "institution", "institution"),
        ("two officials", "unnamed", "unnamed"),
        ("Orla Brennick", "unnamed", "unnamed"),  # unnamed wins: the store says nobody was named
    ],
)
def test_speaker_type(name: str, stored: str, expected: str) -> None:
    entry = resolve(name) if stored != "unnamed" else None
    assert speaker_type(name, stored, entry, frozenset({"harbour daily"})) == expected


def test_facts_give_type_country_and_terms_per_speaker() -> None:
    names = ["Orla Brennick", "Velmar Gazette", "Russia", "Quill Porter"]
    facts = facts_for(names, ["person", "institution", "institution", "person"], [], resolve)
    assert [SPEAKER_TYPES[t] for t in facts.types] == ["person", "outlet", "state", "person"]
    assert [facts.country_labels[c] for c in facts.countries] == ["Russia", NO_COUNTRY, "Russia", NO_COUNTRY]
    assert facts.terms.shape == (1, 3)
    assert facts.terms[0, 0] == 0  # Orla Brennick's code


def test_exact_lookup_knows_canonical_names_and_aliases_only() -> None:
    book = Gazetteer(entries=[ORLA, MINISTRY])
    found = exact_lookup(book)
    assert found("Orla Brennick") is ORLA
    assert found("orla  BRENNICK") is ORLA  # folded: case and spaces
    assert found("Brennick") is ORLA  # an alias
    assert found("Orla Brenick") is None  # no fuzzy matching: the extractor wrote canonical names


def _frame(speakers: list[str], dates: list[str | None], types: list[str] | None = None) -> pd.DataFrame:
    frame = synthetic_frame(len(speakers), seed=3)
    frame[S.speaker] = pd.Series(speakers, dtype="string[pyarrow]")
    frame[S.date] = pd.Series(dates, dtype="string[pyarrow]")
    frame[S.speaker_type] = pd.Series(types or ["person"] * len(speakers), dtype="string[pyarrow]")
    return frame


def test_in_office_follows_the_statement_date() -> None:
    frame = _frame(
        ["Orla Brennick", "Orla Brennick", "Orla Brennick", "Orla Brennick", "Tomas Felder", "Quill Porter"],
        ["2022-03-01", "2023-02-28", "2023-03-01", None, "2022-06-01", "2022-06-01"],
    )
    corpus = Corpus.from_frame(frame)
    speaker_facts(corpus, resolve)
    # First and last day in office count; the day after does not; undated rows never do.
    assert in_office_rows(corpus).tolist() == [True, True, False, False, False, False]
    kept = select(corpus, Filters(in_office=True))
    assert sorted(kept.dated.tolist()) == [0, 1]


def test_type_and_country_filters_select_their_speakers() -> None:
    frame = _frame(
        ["Orla Brennick", "Velmar Gazette", "Russia", "Quill Porter", "two officials"],
        ["2022-06-01"] * 5,
        ["person", "institution", "institution", "person", "unnamed"],
    )
    corpus = Corpus.from_frame(frame)
    speaker_facts(corpus, resolve)
    assert select(corpus, Filters(speaker_types=("state", "outlet"))).dated.tolist() == [1, 2]
    assert select(corpus, Filters(speaker_types=("unnamed",))).dated.tolist() == [4]
    assert select(corpus, Filters(countries=("Russia",))).dated.tolist() == [0, 2]
    assert select(corpus, Filters(countries=(NO_COUNTRY,), speaker_types=("person",))).dated.tolist() == [3]


def _many_speakers() -> Corpus:
    # Speaker i has i + 1 statements: the busiest are the last ones.
    names = [f"Speaker {i:03d}" for i in range(60) for _ in range(i + 1)]
    return Corpus.from_frame(_frame(names, ["2024-01-01"] * len(names)))


def test_lens_keeps_the_busiest_speakers() -> None:
    corpus = _many_speakers()
    rows = np.arange(len(corpus))
    shown = lens(corpus, rows, DEFAULT_TOP)
    assert shown.speakers == tuple(f"Speaker {i:03d}" for i in range(59, 59 - DEFAULT_TOP, -1))
    assert (shown.total, shown.hidden, shown.picked) == (60, 60 - DEFAULT_TOP, False)
    drawn = rows_in_lens(corpus, rows, shown)
    assert set(corpus.frame[S.speaker].to_numpy()[drawn]) == set(shown.speakers)
    assert drawn.size == sum(i + 1 for i in range(59, 59 - DEFAULT_TOP, -1))


def test_lens_counts_only_the_given_rows() -> None:
    corpus = _many_speakers()
    speakers = corpus.frame[S.speaker].to_numpy()
    rows = np.flatnonzero(np.isin(speakers, ["Speaker 003", "Speaker 010"]))
    shown = lens(corpus, rows, 1)
    assert shown.speakers == ("Speaker 010",)
    assert shown.total == 2


def test_picked_speakers_are_drawn_whatever_the_limit() -> None:
    corpus = _many_speakers()
    rows = np.arange(len(corpus))
    shown = lens(corpus, rows, 1, picked=("Speaker 002", "Speaker 040", "Nobody Here"))
    assert shown.speakers == ("Speaker 040", "Speaker 002")  # busiest first; unknown names dropped
    assert shown.picked


def test_top_is_clamped() -> None:
    assert clamp_top(0) == 1
    assert clamp_top(10_000) == MAX_TOP
    assert clamp_top(35) == 35
