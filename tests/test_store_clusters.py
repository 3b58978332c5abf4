"""Cross-outlet clusters: one cluster per quote and speaker, near duplicates included, n_sources counted."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from quoteline.schema import A, S
from quoteline.store import Store
from quoteline.store.clusters import ClusterIndex, normalise_quote
from quoteline.store.synthetic import fake_batch


def _one_quote_articles(quotes: list[tuple[str, str, str | None, str]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Articles each carrying one quote: (speaker, text, outlet, date)."""
    articles, statements = fake_batch(len(quotes), 1, seed=42)
    statements[S.speaker] = [q[0] for q in quotes]
    statements[S.text] = [q[1] for q in quotes]
    statements[S.outlet] = [q[2] for q in quotes]
    statements[S.date] = [q[3] for q in quotes]
    statements[S.end] = statements[S.start] + statements[S.text].str.len()
    articles[A.outlet] = [q[2] for q in quotes]
    return articles, statements


def test_quote_marks_case_and_spacing_do_not_split_a_cluster() -> None:
    assert normalise_quote("«We will  never yield»") == normalise_quote('"we will never yield"')
    assert normalise_quote("“Talks — now.”") == normalise_quote("'talks - now'")


def test_same_quote_across_outlets_is_one_cluster_with_n_sources(tmp_path: Path) -> None:
    speaker = "President Arlen Vostrova"
    store = Store(tmp_path)
    store.add(
        *_one_quote_articles(
            [
                (
                    speaker,
                    "The grain corridor will stay open as long as our partners keep their word",
                    "Wire A",
                    "2024-03-02",
                ),
                (
                    speaker,
                    "the grain corridor will stay open, as long as our partners keep their word.",
                    "Wire B",
                    "2024-03-03",
                ),
                # A small edit: one word changed.
                (
                    speaker,
                    "The grain corridor will remain open as long as our partners keep their word",
                    "Herald",
                    "2024-03-04",
                ),
                # Same outlet again: counts once.
                (
                    speaker,
                    "The grain corridor will stay open as long as our partners keep their word",
                    "Wire A",
                    "2024-03-05",
                ),
                # Another speaker saying the same words is another cluster.
                (
                    "Premier Tomas Kellin",
                    "The grain corridor will stay open as long as our partners keep their word",
                    "Wire A",
                    "2024-03-02",
                ),
                # Different words, same speaker.
                (speaker, "Sanctions will not change our course", "Wire B", "2024-03-02"),
            ]
        )
    )
    df = store.statements([S.speaker, S.text, S.outlet, S.cluster_id, S.n_sources])
    grain = df[(df[S.speaker] == speaker) & df[S.text].str.contains("grain")]
    assert grain[S.cluster_id].nunique() == 1
    assert set(grain[S.n_sources]) == {3}
    other = df[df[S.speaker] == "Premier Tomas Kellin"]
    assert other[S.cluster_id].iloc[0] not in set(grain[S.cluster_id])
    assert other[S.n_sources].iloc[0] == 1
    sanctions = df[df[S.text].str.startswith("Sanctions")]
    assert sanctions[S.n_sources].iloc[0] == 1


def test_a_later_batch_joins_the_stored_cluster(tmp_path: Path) -> None:
    speaker = "Chancellor Ilse Marrow"
    store = Store(tmp_path)
    store.add(*_one_quote_articles([(speaker, "We reject this ultimatum entirely", "Wire A", "2023-05-01")]))
    articles, statements = _one_quote_articles(
        [(speaker, "“We reject this ultimatum entirely.”", "Wire C", "2023-05-02")]
    )
    articles[A.title] = "A later report"
    articles[A.article_id] = "f" * 16
    statements[S.article_id] = "f" * 16
    statements[S.statement_id] = "e" * 16
    store.add(articles, statements)
    df = store.statements([S.cluster_id, S.n_sources])
    assert df[S.cluster_id].nunique() == 1
    assert set(df[S.n_sources]) == {2}


def test_only_statements_within_the_date_window_are_clustered() -> None:
    index = ClusterIndex(threshold=90)
    speaker = "Minister Oduya Fenn"
    first = index.assign(speaker, "Our borders are closed to the militia", "2020-01-01", "a" * 16)
    near = index.assign(speaker, "Our borders are closed to that militia", "2020-01-05", "c" * 16)
    assert near == first
    # The same words months later are a new statement (a repeated line), not another source for the first.
    later = index.assign(speaker, "Our borders are closed to the militia", "2020-06-01", "b" * 16)
    assert later == "b" * 16
    undated = index.assign(speaker, "“Our borders are closed to the militia”", None, "d" * 16)
    assert undated in {first, later}


@pytest.mark.parametrize("read_first", ["early", "late"])
def test_the_same_words_join_the_nearest_cluster_whatever_was_read_first(read_first: str) -> None:
    """Two stored clusters hold the very words, three days apart: a new statement dated next to the later one
    joins that one, in whichever order the index took them in (a commit reads only some files)."""
    speaker = "Minister Oduya Fenn"
    words = "The ferry will sail on time"
    stored = {"early": ("2020-03-01", "e" * 16), "late": ("2020-03-04", "l" * 16)}
    order = ["early", "late"] if read_first == "early" else ["late", "early"]
    index = ClusterIndex(threshold=90)
    index.extend((speaker, words, *stored[name]) for name in order)
    assert index.assign(speaker, words, "2020-03-05", "n" * 16) == "l" * 16


def test_dissimilar_quotes_stay_apart() -> None:
    index = ClusterIndex(threshold=90)
    a = index.assign("Premier Tomas Kellin", "We will sign the treaty in spring", "2022-02-02", "a" * 16)
    b = index.assign("Premier Tomas Kellin", "We will not sign any treaty this year", "2022-02-02", "b" * 16)
    assert a != b


def test_supplied_cluster_ids_are_kept_and_later_statements_join_them(tmp_path: Path) -> None:
    store = Store(tmp_path)
    articles, statements = _one_quote_articles(
        [("Governor Mirela Sand", "The dam will be finished by autumn", "Wire A", "2021-03-01")]
    )
    statements[S.cluster_id] = "bulk-cluster-1"
    store.add(articles, statements)
    later_articles, later = _one_quote_articles(
        [("Governor Mirela Sand", "“The dam will be finished by autumn.”", "Wire B", "2021-03-02")]
    )
    later_articles[A.title] = "Another report"
    later_articles[A.article_id] = later[S.article_id] = "c" * 16
    later[S.statement_id] = "d" * 16
    store.add(later_articles, later)
    df = store.statements([S.cluster_id, S.n_sources])
    assert set(df[S.cluster_id]) == {"bulk-cluster-1"}
    assert set(df[S.n_sources]) == {2}


def test_the_window_follows_the_cluster_window_days_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    speaker = "Minister Oduya Fenn"
    quote = "Our borders are closed to the militia"
    monkeypatch.setenv("QUOTELINE_CLUSTER_WINDOW_DAYS", "30")
    wide = ClusterIndex(threshold=90)
    first = wide.assign(speaker, quote, "2020-01-01", "a" * 16)
    assert wide.assign(speaker, quote, "2020-01-25", "b" * 16) == first  # 24 days apart: inside 30
    monkeypatch.setenv("QUOTELINE_CLUSTER_WINDOW_DAYS", "14")
    narrow = ClusterIndex(threshold=90)
    first = narrow.assign(speaker, quote, "2020-01-01", "a" * 16)
    assert narrow.assign(speaker, quote, "2020-01-25", "b" * 16) == "b" * 16  # outside 14: a new statement
