"""The DuckDB lake reads what the store reads: the corrections applied, pinned to a commit, filters pushed
down, and a clear error when the store is broken. Real Delta stores in tmp_path."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from quoteline.corrections import edit
from quoteline.query.lake import open_lake
from quoteline.schema import A, S
from quoteline.store import Store
from quoteline.store.delta import data_files
from quoteline.store.errors import StoreError
from quoteline.store.manifest import COMMIT_NAME
from quoteline.store.overlay import CORRECTED
from quoteline.store.synthetic import fake_batch

COLUMNS = [S.statement_id, S.speaker, S.date, S.outlet, S.text, S.stance, S.start, S.end]


@pytest.fixture
def store(tmp_path: Path) -> Store:
    st = Store(tmp_path / "store")
    for seed in (5, 6):
        st.add(*fake_batch(20, 3, seed=seed))
    return st


def _lake_frame(store: Store, *, raw: bool = False) -> pd.DataFrame:
    names = ", ".join(f'"{c}"' for c in [*COLUMNS, CORRECTED])
    with open_lake(store, raw=raw) as lake:
        df = lake.table(f"SELECT {names} FROM statements").to_pandas()
    return df.sort_values(S.statement_id).reset_index(drop=True)


def _store_frame(store: Store, *, raw: bool = False) -> pd.DataFrame:
    cols = COLUMNS if raw else [*COLUMNS, CORRECTED]
    df = store.statements(cols, raw=raw).astype(object)
    if raw:
        df[CORRECTED] = False
    return df.sort_values(S.statement_id).reset_index(drop=True)


def _same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    assert a.astype(object).where(a.notna(), None).to_dict("records") == b.astype(object).where(
        b.notna(), None
    ).to_dict("records")


def test_the_lake_reads_the_corrected_statements(store: Store) -> None:
    rows = store.statements([S.statement_id, S.article_id, S.speaker])
    edit.correct_statement(store, rows[S.statement_id].iloc[0], {"speaker": "Ilvo Marent", "date": "2020-02"})
    edit.delete_statement(store, rows[S.statement_id].iloc[1])
    edit.merge_speakers(store, rows[S.speaker].iloc[5], "Saya Olund")
    edit.correct_article(store, rows[S.article_id].iloc[7], {"outlet": "Tarn Gazette", "title": "Better"})
    _same(_lake_frame(store), _store_frame(store))
    _same(_lake_frame(store, raw=True), _store_frame(store, raw=True))
    with open_lake(store) as lake:
        title = lake.table(
            f"SELECT {A.title}, {CORRECTED} FROM articles WHERE {A.article_id} = ?",
            [rows[S.article_id].iloc[7]],
        ).to_pylist()
    assert title == [{A.title: "Better", CORRECTED: True}]


def test_a_lake_stays_pinned_to_its_commit(store: Store) -> None:
    with open_lake(store) as lake:
        before = lake.table("SELECT count(*) AS n FROM statements").column("n")[0].as_py()
        store.add(*fake_batch(10, 3, seed=7))
        assert lake.table("SELECT count(*) AS n FROM statements").column("n")[0].as_py() == before
    with open_lake(store) as lake:
        assert lake.table("SELECT count(*) AS n FROM statements").column("n")[0].as_py() == before + 30


def _parquet_scans(lake: Any, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    """The ``READ_PARQUET`` operators of the plan DuckDB makes for ``sql``."""
    plan = lake.table(f"EXPLAIN (FORMAT json) {sql}", params)
    scans = []

    def walk(node: dict[str, Any]) -> None:
        if node.get("name") == "READ_PARQUET":
            scans.append(node["extra_info"])
        for child in node.get("children", []):
            walk(child)

    for node in json.loads(plan.column(1)[0].as_py()):
        walk(node)
    return scans


def test_filters_and_columns_are_pushed_to_the_scan(store: Store) -> None:
    manifest = store.manifest()
    assert manifest is not None
    files = data_files(store.root, "statements", manifest.statements)
    partitions = {f.partition for f in files}
    assert len({p[0] for p in partitions}) > 1, "the fixture must span several years"
    for year in sorted({p[0] for p in partitions}, key=lambda y: (y is None, y or 0)):
        in_year = sum(1 for f in files if f.partition[0] == year)
        with open_lake(store) as lake:
            by_year = _parquet_scans(
                lake, "SELECT text FROM statements WHERE year IS NOT DISTINCT FROM ?", [year]
            )
            speaker = (
                lake.table("SELECT speaker FROM statements WHERE year IS NOT DISTINCT FROM ? LIMIT 1", [year])
                .column(0)[0]
                .as_py()
            )
            by_speaker = _parquet_scans(
                lake,
                "SELECT text FROM statements WHERE year IS NOT DISTINCT FROM ? AND speaker = ?",
                [year, speaker],
            )
        # DuckDB's own Parquet reader scans only that year's partitions (one scan of every file, the other
        # years' files dropped by their folders' year before any is opened), reading the one column asked for.
        assert len(by_year) == 1
        assert by_year[0]["Scanning Files"] == f"{in_year}/{len(files)}"
        assert all(scan["Projections"] == "text" for scan in by_year)
        # A speaker filter is pushed into the scan too, where the row groups' statistics are checked.
        assert len(by_speaker) == 1
        assert by_speaker[0]["Scanning Files"] == f"{in_year}/{len(files)}"
        assert by_speaker[0]["Projections"] == "text"
        assert speaker in by_speaker[0].get("Filters", "")


def test_n_sources_matches_the_store(store: Store) -> None:
    expected = store.statements([S.statement_id, S.n_sources]).set_index(S.statement_id)[S.n_sources]
    with open_lake(store) as lake:
        got = lake.table(
            "SELECT statement_id, n_sources FROM statements JOIN sources USING (cluster_id)"
        ).to_pandas()
    assert (
        got.set_index(S.statement_id)[S.n_sources].sort_index().to_dict() == expected.sort_index().to_dict()
    )


def test_a_missing_data_file_is_named(store: Store) -> None:
    victim = next(p for p in (store.root / "statements").rglob("*.parquet") if "_delta_log" not in p.parts)
    victim.unlink()
    with pytest.raises(StoreError, match=r"missing .*statements/"):
        open_lake(store)


def test_a_damaged_commit_record_is_refused(store: Store) -> None:
    (store.root / COMMIT_NAME).write_text("{not json")
    with pytest.raises(StoreError, match="repair"):
        open_lake(Store(store.root))


def test_an_empty_store_has_empty_views(tmp_path: Path) -> None:
    with open_lake(Store(tmp_path / "nothing")) as lake:
        assert lake.table("SELECT count(*) AS n FROM statements").column("n")[0].as_py() == 0
        assert lake.table("SELECT count(*) AS n FROM counts").column("n")[0].as_py() == 0


def test_a_pinned_commit_whose_files_were_vacuumed_says_so(store: Store) -> None:
    with open_lake(store) as lake:
        store.add(*fake_batch(10, 3, seed=8))
        store.compact(retention_hours=0)  # merges the files and deletes the ones the lake pinned
        with pytest.raises(StoreError, match="vacuumed them"):
            lake.table("SELECT count(*) FROM statements WHERE length(text) > 0")


def _years_and_months(store: Store) -> list[tuple[Any, ...]]:
    with open_lake(store) as lake:
        rows = lake.table("SELECT statement_id, date, year, month FROM statements").to_pylist()
    return sorted((r["statement_id"], r["date"], r["year"], r["month"]) for r in rows)


def test_a_store_under_a_folder_that_looks_like_a_partition_keeps_its_own_years(tmp_path: Path) -> None:
    # DuckDB reads every key=value folder of a path as a partition, the first of a key winning: a store
    # kept under "year=1999" must still give each statement the year and month of its own partition.
    plain = Store(tmp_path / "plain" / "store")
    nested = Store(tmp_path / "year=1999" / "month=3" / "store")
    for st in (plain, nested):
        st.add(*fake_batch(20, 3, seed=5))
    got = _years_and_months(nested)
    assert got == _years_and_months(plain)
    assert {r[2] for r in got} - {None} != {1999}
    for _, date, year, month in got:
        assert year == (int(date[:4]) if date else None)
        assert month == (int(date[5:7]) if date and len(date) >= 7 else None)
