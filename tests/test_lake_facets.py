"""The facet counts answered from the commit-time facet tables (``quoteline.query.lake_facets``) EQUAL the
in-memory corpus' answers (``quoteline.query.facets.facet_counts`` and the caption's ``select(...).total``)
on real stores: one ingested from a few hundred articles of ../shared/corpus/real, one synthetic, each
checked again after a speaker merge, a correction of the tag lists and compaction, and with a commit record
written before the tables existed (the statements are then counted instead)."""

from __future__ import annotations

import itertools
import json
import os
from datetime import date, timedelta
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from benchmarks.rows_read import CountingConnection
from benchmarks.synthetic import write_store
from quoteline.corrections import edit
from quoteline.knowledge import gazetteer
from quoteline.query import speakers
from quoteline.query.corpus import Corpus
from quoteline.query.facets import facet_counts
from quoteline.query.filters import Filters, select
from quoteline.query.lake import open_lake
from quoteline.query.lake_facets import FacetAnswer, LakeFacets
from quoteline.schema import S
from quoteline.store import Store, delta
from quoteline.store.manifest import COMMIT_NAME
from quoteline.store.synthetic import fake_batch

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "corpus" / "real"
PER_FILE = 60  # articles taken from each file of the real corpus (four files: 240 articles)


@pytest.fixture(scope="module")
def resolve() -> speakers.Resolve:
    return speakers.exact_lookup(gazetteer.load())


def _corpus(store: Store, resolve: speakers.Resolve) -> Corpus:
    from quoteline.query.load import load_corpus

    corpus = load_corpus(store)
    speakers.speaker_facts(corpus, resolve)  # the same gazetteer on both sides
    return corpus


def _month_end(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def _states(corpus: Corpus) -> list[Filters]:
    """Filter states built from what the store holds: each facet alone, dates that cut months and dates of
    whole months, the speaker-derived filters, "in office", a search, one tag crossed with a kind and one
    other field, and mixes the facet tables cannot answer alone."""
    leaders = list(corpus.speaker_counts())
    topics = sorted(corpus.topics.counts(), key=lambda t: -corpus.topics.counts()[t])
    counterparts = sorted(corpus.counterparts.counts(), key=lambda t: -corpus.counterparts.counts()[t])
    stances = corpus.category_values(S.stance)
    outlets = corpus.category_values(S.outlet)
    kinds = corpus.category_values(S.kind)
    days = corpus.frame["day"].dropna()
    first = date.fromordinal(date(1970, 1, 1).toordinal() + int(days.quantile(0.2)))
    last = date.fromordinal(date(1970, 1, 1).toordinal() + int(days.quantile(0.8)))
    return [
        Filters(),
        Filters(leaders=(leaders[0],)),
        Filters(leaders=(leaders[0], leaders[3], "Nobody Known")),
        Filters(stances=tuple(stances[:2])),
        Filters(kinds=("direct",), outlets=(outlets[0],)),
        Filters(date_from=first.replace(day=17), date_to=last.replace(day=9)),
        Filters(date_from=first),
        Filters(date_to=first.replace(day=1)),
        Filters(date_from=first.replace(day=3), date_to=first.replace(day=21)),
        Filters(leaders=(leaders[1],), date_from=first.replace(day=2)),
        Filters(speaker_types=("person", "state")),
        Filters(countries=("Ukraine", "Russia", "(no country)")),
        Filters(in_office=True),
        Filters(in_office=True, date_from=first.replace(day=12), stances=tuple(stances[1:3])),
        Filters(topics=(topics[0],)),
        Filters(topics=(topics[1],), leaders=(leaders[0],), date_to=last.replace(day=14)),
        Filters(counterparts=(counterparts[0],)),
        Filters(counterparts=(counterparts[0],), topics=(topics[0], topics[2])),
        Filters(search="the"),
        Filters(search="minister", in_office=True, outlets=tuple(outlets[:2])),
        Filters(topics=(topics[0],), date_from=first.replace(day=1), date_to=_month_end(last)),
        Filters(counterparts=(counterparts[1],), date_to=_month_end(first)),
        Filters(outlets=(outlets[1],)),
        Filters(kinds=(kinds[-1],), date_from=first.replace(day=1)),
        Filters(stances=(stances[0],), kinds=(kinds[0],), date_to=_month_end(last)),
        Filters(topics=(topics[0],), kinds=(kinds[0],)),
        Filters(counterparts=(counterparts[0],), outlets=(outlets[0],)),
        Filters(topics=(topics[1],), stances=tuple(stances[:2]), kinds=tuple(kinds)),
        Filters(topics=(topics[0], topics[1])),
        Filters(counterparts=(counterparts[0],), stances=(stances[0],), leaders=(leaders[0],)),
        Filters(topics=(topics[2],), date_from=first.replace(day=5)),
        Filters(leaders=(leaders[2],), date_from=date(first.year, 1, 1), date_to=date(last.year, 12, 31)),
        Filters(date_from=date(first.year - 1, 11, 1), date_to=date(last.year, 2, 17)),
        # A leader with one tag (the leader facet from the tag cube, the rest from the leader's rows only),
        # and states that read every speaker's rows again (a second tag value, a stance, a search).
        Filters(leaders=(leaders[1],), topics=(topics[2],)),
        Filters(leaders=(leaders[0], "Nobody Known"), counterparts=(counterparts[0],), in_office=True),
        Filters(
            leaders=(leaders[2],),
            topics=(topics[0],),
            speaker_types=("person",),
            date_from=first.replace(day=1),
        ),
        Filters(
            leaders=(leaders[0], leaders[4]), counterparts=(counterparts[1],), date_from=first.replace(day=6)
        ),
        Filters(leaders=(leaders[3],), stances=(stances[0],)),
        Filters(leaders=(leaders[0],), topics=(topics[0],), stances=(stances[0],)),
        Filters(leaders=(leaders[1],), topics=(topics[0], topics[1])),
        Filters(leaders=(leaders[1],), search="the"),
        # The leader states whose facets the tag sets and the leaders-apart grouping answer: whole months
        # from a leader's start (the benchmark's "a leader from June 2022"), a leader with a field and
        # speaker filters, a leader the store does not hold, a leader "in office" from a month.
        Filters(leaders=(leaders[5 % len(leaders)],), date_from=first.replace(day=1)),
        Filters(
            leaders=(leaders[2], leaders[6 % len(leaders)]),
            stances=(stances[0],),
            kinds=(kinds[0],),
            speaker_types=("person",),
        ),
        Filters(leaders=("Nobody Known",), countries=("Ukraine",)),
        Filters(leaders=(leaders[0],), in_office=True, date_from=first.replace(day=1)),
        Filters(leaders=(leaders[0],), counterparts=(counterparts[1],), outlets=(outlets[0],)),
        # Speaker filters with ONE tag of one value, or ONE stance, kind, outlet or single other-tag filter,
        # and no date range: answered from ``facet_speaker_pairs`` (the benchmark's "a leader and a topic"
        # and "a leader and a stance"), and the same with a cut date range, which still reads.
        Filters(leaders=(leaders[0],), topics=(topics[0],)),
        Filters(leaders=(leaders[0], leaders[2]), counterparts=(counterparts[0],)),
        Filters(leaders=(leaders[1], "Nobody Known"), stances=tuple(stances[:2])),
        Filters(leaders=(leaders[2],), kinds=(kinds[0],)),
        Filters(leaders=(leaders[0], leaders[1]), outlets=(outlets[0], outlets[-1])),
        Filters(leaders=(leaders[0],), counterparts=(counterparts[0],), topics=(topics[1],)),
        Filters(leaders=(leaders[3],), topics=(topics[0],), speaker_types=("person", "state")),
        Filters(speaker_types=("person",), topics=(topics[1],)),
        Filters(countries=("Ukraine", "(no country)"), counterparts=(counterparts[1],)),
        Filters(countries=("Russia",), stances=(stances[0],)),
        Filters(leaders=("Nobody Known",), topics=(topics[0],)),
        Filters(leaders=(leaders[0],), topics=(topics[0],), date_from=first.replace(day=2)),
        Filters(leaders=(leaders[0],), stances=(stances[0],), date_to=last.replace(day=20)),
    ]


def _check(store: Store, resolve: speakers.Resolve, *, tables: bool = True) -> None:
    corpus = _corpus(store, resolve)
    with open_lake(store) as lake:
        assert lake.manifest is not None
        assert (lake.manifest.facets is not None) is tables
        assert (lake.manifest.facet_tags is not None) is tables
        assert (lake.manifest.facet_pairs is not None) is tables
        assert (lake.manifest.facet_speaker_pairs is not None) is tables
        source = LakeFacets(lake, resolve)
        for filters in _states(corpus):
            got = source.answer(filters)
            assert got.facets == facet_counts(corpus, filters), filters
            assert got.total == select(corpus, filters).total, filters
            _check_sources(filters, got)


def _whole_months(filters: Filters) -> bool:
    start = filters.date_from is None or filters.date_from.day == 1
    return start and (filters.date_to is None or filters.date_to == _month_end(filters.date_to))


def _check_sources(filters: Filters, got: FacetAnswer) -> None:
    """The statements are read only for what the tables cannot say. The single-valued facets: under a
    topic, counterpart or search filter, unless the one other filter is a single tag (with whole months),
    or the other filters are a single tag and speaker filters (no date range). A tag facet: under a
    stance, kind, outlet, other tag or search filter, unless ``facet_pairs`` has it (no speaker, "in
    office" or search filter, whole months, a kind and at most one other field, a single other tag) or
    ``facet_speaker_pairs`` has it (a speaker filter, no date range, "in office" or search filter, ONE
    stance, kind, outlet or single other-tag filter)."""
    by_speaker = bool(filters.leaders or filters.speaker_types or filters.countries)
    pairable = _whole_months(filters) and not (filters.search or filters.in_office or by_speaker)
    speaker_pairable = by_speaker and not (filters.search or filters.in_office or filters.has_date_range)
    tags = {"topics": set(filters.topics), "counterparts": set(filters.counterparts)}
    one_tag = [name for name, chosen in tags.items() if chosen]
    by_pairs = (
        pairable
        and len(one_tag) == 1
        and len(tags[one_tag[0]]) == 1
        and not (filters.stances or filters.kinds or filters.outlets)
    )
    by_speaker_pairs = (
        speaker_pairable
        and len(one_tag) == 1
        and len(tags[one_tag[0]]) == 1
        and not (filters.stances or filters.kinds or filters.outlets)
    )
    scalars_read = bool(filters.topics or filters.counterparts or filters.search) and not (
        by_pairs or by_speaker_pairs
    )
    assert ("scalars" in got.scanned) is scalars_read, filters
    single = bool(filters.stances or filters.kinds or filters.outlets or filters.search)
    for name, other in (("topics", "counterparts"), ("counterparts", "topics")):
        crossed = bool(filters.stances) + bool(filters.outlets) + bool(tags[other])
        paired = pairable and crossed <= 1 and len(tags[other]) <= 1
        speaker_paired = speaker_pairable and crossed + bool(filters.kinds) == 1 and len(tags[other]) <= 1
        read = bool(single or tags[other]) and not (paired or speaker_paired)
        assert (name in got.scanned) is read, (name, filters)
    # Under a leader filter the statements read are the leaders' own, unless the leader facet needs every
    # speaker's rows (anything but ONE tag filter of one value with the speaker filters and dates).
    apart = len(one_tag) == 1 and len(tags[one_tag[0]]) == 1 and not (single or filters.search)
    expected = bool(got.scanned) and bool(filters.leaders) and (not scalars_read or apart)
    assert got.leaders_only is expected, filters


def _real_articles(path: Path) -> Path:
    """A JSONL of the first ``PER_FILE`` articles of each file of the real corpus."""
    with path.open("w", encoding="utf-8") as out:
        for source in sorted(REAL.glob("*.jsonl")):
            with source.open(encoding="utf-8") as lines:
                for _, line in zip(range(PER_FILE), lines, strict=False):
                    out.write(line if line.endswith("\n") else line + "\n")
    return path


@pytest.fixture(scope="module")
def real_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    if not REAL.is_dir():
        if os.environ.get("CI"):
            raise AssertionError(f"{REAL} is missing")
        pytest.skip("../shared/corpus/real is not next to the project")
    from quoteline.ingest.pipeline import ingest_paths

    folder = tmp_path_factory.mktemp("real")
    store = Store(folder / "store")
    report = ingest_paths([_real_articles(folder / "sample.jsonl")], store, batch_size=80)
    assert report.statements_added > 500
    return store


def test_real_store_facets_equal_the_corpus(real_store: Store, resolve: speakers.Resolve) -> None:
    _check(real_store, resolve)


def test_real_store_after_a_speaker_merge_and_compaction(
    real_store: Store, resolve: speakers.Resolve
) -> None:
    rows = real_store.statements([S.speaker])
    busiest = list(rows[S.speaker].value_counts().index[:2])
    edit.merge_speakers(real_store, busiest[1], busiest[0])
    # A correction of the lists: the corrected rows' tag sets are recomputed on read.
    tagged = real_store.statements([S.statement_id, S.speaker])
    first = tagged[tagged[S.speaker] == busiest[0]][S.statement_id].iloc[0]
    edit.correct_statement(real_store, first, {"topics": "energy, sanctions", "counterparts": "Norway"})
    _check(real_store, resolve)
    real_store.compact(retention_hours=0)
    _check(real_store, resolve)


@pytest.fixture
def synthetic_store(tmp_path: Path) -> Store:
    store = Store(write_store(tmp_path / "synthetic", 3000, seed=3))
    store.add(*fake_batch(30, 3, seed=4))  # a commit's increments on top of the written tables
    return store


def test_synthetic_store_through_corrections_and_compaction(
    synthetic_store: Store, resolve: speakers.Resolve
) -> None:
    _check(synthetic_store, resolve)
    edit.merge_speakers(synthetic_store, "Leader 01 of Borduria", "Leader 00 of Arcadia")
    first = synthetic_store.statements([S.statement_id, S.article_id]).iloc[0]
    edit.correct_statement(synthetic_store, first[S.statement_id], {"stance": "threat", "date": "2022-03-05"})
    edit.correct_article(synthetic_store, first[S.article_id], {"outlet": "Outlet 29 (fictional)"})
    _check(synthetic_store, resolve)
    synthetic_store.compact(retention_hours=0)
    _check(synthetic_store, resolve)
    with open_lake(synthetic_store) as lake:  # compaction summed the increments: one row per key
        keys = "speaker, speaker_type, stance, kind, outlet, month_start"
        assert (
            lake.table("SELECT count(*) AS n FROM facets_increments").to_pylist()[0]["n"]
            == (
                lake.table(
                    f"SELECT count(*) AS n FROM (SELECT DISTINCT {keys} FROM facets_increments)"
                ).to_pylist()[0]["n"]
            )
        )


def test_a_commit_record_without_the_tables_counts_the_statements(
    synthetic_store: Store, resolve: speakers.Resolve
) -> None:
    path = synthetic_store.root / COMMIT_NAME
    body = json.loads(path.read_text())
    for table in ("facets", "facet_tags", "facet_pairs", "facet_speaker_pairs"):
        del body["tables"][table]
    path.write_text(json.dumps(body))
    synthetic_store.forget()
    _check(synthetic_store, resolve, tables=False)
    # The next commit builds them from every statement.
    synthetic_store.add(*fake_batch(5, 2, seed=8))
    _check(synthetic_store, resolve)


def test_an_empty_filter_choice_matches_nothing(synthetic_store: Store, resolve: speakers.Resolve) -> None:
    corpus = _corpus(synthetic_store, resolve)
    with open_lake(synthetic_store) as lake:
        source = LakeFacets(lake, resolve)
        for filters in (Filters(countries=("Nowhere",)), Filters(speaker_types=("robot",))):
            got = source.answer(filters)
            assert got.total == 0 == select(corpus, filters).total
            assert got.facets == facet_counts(corpus, filters)


def _speakers_by_file(store: Store) -> dict[str, tuple[tuple[int | None, ...], list[str]]]:
    manifest = store.manifest()
    assert manifest is not None
    folder = delta.table_path(store.root, "statements")
    return {
        f.path: (f.partition, pq.read_table(folder / f.path, columns=[S.speaker]).column(0).to_pylist())
        for f in delta.data_files(store.root, "statements", manifest.statements)
    }


def _sorted(names: list[str]) -> bool:
    return all(a <= b for a, b in itertools.pairwise(names))


def test_statement_files_stay_sorted_by_speaker_and_a_leader_reads_its_row_groups(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, resolve: speakers.Resolve
) -> None:
    """Every commit writes its statements sorted by speaker in small row groups, a compaction merges a
    month's files into one file sorted the same way, and a leader-and-topic state then reads only the row
    groups whose min/max speaker can hold the leader, with every count still EQUAL to the corpus."""
    monkeypatch.setattr(delta, "STATEMENT_ROW_GROUP", 16)
    monkeypatch.setenv("QUOTELINE_COMPACT_THRESHOLD", "0")
    store = Store(write_store(tmp_path / "sorted", 6000, seed=5))
    for seed in (11, 12, 13):
        store.add(*fake_batch(60, 3, seed=seed))
    files = _speakers_by_file(store)
    assert all(_sorted(names) for _, names in files.values()), "a commit wrote a file out of speaker order"
    merged = {part for part, _ in files.values() if None not in part}
    assert len(files) > len({part for part, _ in files.values()}), "no partition holds two files"
    store.compact(retention_hours=0)
    after = _speakers_by_file(store)
    dated = [(part, names) for part, names in after.values() if None not in part]
    assert {part for part, _ in dated} == merged
    assert len(dated) == len(merged), "a month kept more than one file after compaction"
    assert all(_sorted(names) for _, names in dated), "a compacted month is not sorted by speaker"
    _check(store, resolve)

    corpus = _corpus(store, resolve)
    leader = list(corpus.speaker_counts())[6]
    topic = sorted(corpus.topics.counts(), key=lambda t: -corpus.topics.counts()[t])[0]
    # A date range that cuts a month: without one these states come from ``facet_speaker_pairs``.
    since = date(1970, 1, 1) + timedelta(days=int(corpus.frame["day"].dropna().median()))
    since = since.replace(day=2)
    with open_lake(store) as lake:
        source = LakeFacets(lake, resolve)
        counting = CountingConnection(lake.con)
        lake.con = counting  # type: ignore[assignment]
        for filters in (
            Filters(leaders=(leader,), topics=(topic,), date_from=since),
            Filters(leaders=(leader,), stances=("praise",), date_from=since),
        ):
            before = (counting.read.row_groups, counting.read.row_groups_listed)
            got = source.answer(filters)
            assert got.leaders_only, filters
            assert got.scanned, filters
            read = counting.read.row_groups - before[0]
            listed = counting.read.row_groups_listed - before[1]
            assert 0 < read < listed / 3, (filters, read, listed)
            assert got.facets == facet_counts(corpus, filters), filters
            assert got.total == select(corpus, filters).total, filters
        lake.con = counting.stop()


def test_the_dashboard_takes_the_facets_from_the_tables_past_the_threshold(
    synthetic_store: Store, resolve: speakers.Resolve, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``components.data.facet_counts``: the in-memory count below ``lake_facets_min_statements``, the
    facet tables from it (equal answers), and the in-memory count again for a corpus of an older version
    than the store's (a commit landed since it was read)."""
    from components import data

    monkeypatch.setenv("QUOTELINE_STORE_DIR", str(synthetic_store.root))
    corpus = _corpus(synthetic_store, resolve)
    leader = next(iter(corpus.speaker_counts()))
    states = [Filters(), Filters(leaders=(leader,), stances=("praise",))]
    built: list[str] = []
    real = LakeFacets.__init__

    def counted(self: LakeFacets, *args: object, **kwargs: object) -> None:
        built.append(corpus.version)
        real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(LakeFacets, "__init__", counted)
    monkeypatch.setenv("QUOTELINE_LAKE_FACETS_MIN_STATEMENTS", str(len(corpus) + 1))
    for filters in states:
        assert data.facet_counts(corpus, filters) == facet_counts(corpus, filters)
    assert not built
    monkeypatch.setenv("QUOTELINE_LAKE_FACETS_MIN_STATEMENTS", str(len(corpus)))
    for filters in states:
        assert data.facet_counts(corpus, filters) == facet_counts(corpus, filters)
    assert built == [corpus.version]  # one per store version, kept between filter changes
    synthetic_store.add(*fake_batch(3, 2, seed=41))  # the corpus is now an older version
    assert data.facet_counts(corpus, Filters()) == facet_counts(corpus, Filters())
    assert built == [corpus.version]


def test_a_search_on_a_lean_corpus_is_counted_in_memory(
    synthetic_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past ``lake_facets_min_statements``, a search filter on a lean corpus (its rows found through the
    index, remembered) is counted from the corpus, not by the facet tables' SQL; the same counts."""
    from components import data
    from quoteline.query import text_index
    from quoteline.query.load import load_corpus

    monkeypatch.setenv("QUOTELINE_STORE_DIR", str(synthetic_store.root))
    text_index.update(synthetic_store)
    lean, full = load_corpus(synthetic_store, lean_from=0), load_corpus(synthetic_store)
    asked: list[Filters] = []
    real = LakeFacets.answer

    def answer(self: LakeFacets, filters: Filters) -> object:
        asked.append(filters)
        return real(self, filters)

    monkeypatch.setattr(LakeFacets, "answer", answer)
    monkeypatch.setenv("QUOTELINE_LAKE_FACETS_MIN_STATEMENTS", "0")
    for filters in (Filters(search="reform"), Filters(search="border reform", stances=("praise",))):
        assert data.facet_counts(lean, filters) == facet_counts(full, filters), filters
    assert not asked
    assert data.facet_counts(lean, Filters(stances=("praise",))) == facet_counts(
        full, Filters(stances=("praise",))
    )
    assert len(asked) == 1  # without a search: the facet tables
