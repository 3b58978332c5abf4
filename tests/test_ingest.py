"""The ingest pipeline and CLI: the real extractor, a real store, the sample corpus end to end."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest
from child_process import quoteline_cli

import quoteline
from quoteline.ingest.pipeline import IngestReport, Options, _Batch, ingest_paths, prepare_file, reextract
from quoteline.schema import A, S
from quoteline.store import Store

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample"

ARTICLE = """Kellin keeps Ostrel harbour open

OSTREL, April 4 (Northgate Wire) - Premier Tomas Kellin said on Tuesday that the harbour would stay open.

“The harbour will stay open to every ship that respects our law,” Kellin told reporters in Ostrel.
"""


def _corpus(folder: Path, n: int = 6) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        text = ARTICLE.replace("every ship", f"every ship of fleet {i}")
        (folder / f"a{i}.txt").write_text(
            f"published: 2023-04-0{i % 9 + 1}\nsource: Wire {i % 2}\n\n{text}", encoding="utf-8"
        )
    return folder


def test_articles_and_statements_are_stored_with_offsets_into_the_stored_text(tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    report = ingest_paths([_corpus(tmp_path / "in")], store)
    assert report.exit_code == 0, report.summary()
    assert (report.files_read, report.articles_new, report.articles_failed) == (6, 6, 0)
    statements = store.statements()
    assert report.statements_added == len(statements) > 0
    texts = store.articles([A.article_id, A.text]).set_index(A.article_id)[A.text]
    for aid, kind, start, end, quote in statements[[S.article_id, S.kind, S.start, S.end, S.text]].itertuples(
        index=False
    ):
        article = str(texts[str(aid)])
        assert article.startswith("Kellin keeps Ostrel harbour open\n\n")
        if kind == "direct":
            assert article[int(start) : int(end)] == quote
    articles = store.articles()
    assert set(articles[A.published_source]) == {"header"}
    assert set(articles[A.outlet]) == {"Wire 0", "Wire 1"}
    assert (articles[A.extractor_version] == quoteline.EXTRACTOR_VERSION).all()


def test_reingesting_adds_nothing(tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    corpus = _corpus(tmp_path / "in")
    ingest_paths([corpus], store)
    version = store.version()
    again = ingest_paths([corpus], store)
    assert (again.articles_new, again.articles_duplicate, again.statements_added) == (0, 6, 0)
    assert store.version() == version


def test_publication_date_precedence(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "header.txt").write_text(f"published: 2023-02-01\n\n{ARTICLE}", encoding="utf-8")
    (folder / "dateline.txt").write_text(
        ARTICLE.replace("every ship", "each ship").replace("OSTREL, April 4", "OSTREL, April 4, 2022"),
        encoding="utf-8",
    )
    (folder / "none.txt").write_text("A quiet day\n\nNothing was dated here at all.\n", encoding="utf-8")
    store = Store(tmp_path / "store")
    ingest_paths([folder], store)
    got = store.articles([A.source_path, A.published, A.published_source])
    by_file = {Path(p).name: (None if pd.isna(d) else d, s) for p, d, s in got.itertuples(index=False)}
    assert by_file == {
        "header.txt": ("2023-02-01", "header"),
        "dateline.txt": ("2022-04-04", "dateline"),
        "none.txt": (None, "unknown"),
    }
    # The CLI flag beats everything, and names its source.
    store2 = Store(tmp_path / "store2")
    ingest_paths([folder], store2, published="2021-12-31", source="Desk")
    flagged = store2.articles([A.published, A.published_source, A.outlet])
    assert set(flagged[A.published]) == {"2021-12-31"}
    assert set(flagged[A.published_source]) == {"cli"}
    assert set(flagged[A.outlet]) == {"Desk"}


def test_two_workers_store_the_same_as_one(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "in", n=8)
    one, two = Store(tmp_path / "one"), Store(tmp_path / "two")
    ingest_paths([corpus], one, workers=1)
    ingest_paths([corpus], two, workers=2)
    cols = [S.statement_id, S.speaker, S.text, S.cluster_id, S.n_sources]
    a = one.statements(cols).sort_values(S.statement_id).reset_index(drop=True)
    b = two.statements(cols).sort_values(S.statement_id).reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b)


def test_small_batches_commit_as_they_go(tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    ingest_paths([_corpus(tmp_path / "in", n=7)], store, batch_size=3)
    assert store.version().startswith("3-")  # 3 + 3 + 1 articles: three commits
    assert len(store.articles()) == 7


def test_reextract_refreshes_articles_of_an_older_extractor(tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    text = ARTICLE
    title, body = text.split("\n\n", 1)
    old = pd.DataFrame(
        [
            {
                A.article_id: "0123456789abcdef",
                A.title: title,
                A.outlet: "Wire",
                A.url: None,
                A.published: "2023-04-04",
                A.published_source: "header",
                A.ingested_at: datetime.now(UTC),
                A.word_count: len(body.split()),
                A.extractor_version: "0",
                A.source_path: None,
                A.text: text,
            }
        ]
    )
    empty = pd.DataFrame(
        {c: pd.Series(dtype="object") for c in (*quoteline.schema.EXTRACT_COLUMNS, S.outlet)}
    )
    store.add(old, empty)
    assert store.statements().empty
    report = reextract(store)
    assert report.articles_reextracted == 1
    assert report.statements_added == len(store.statements()) > 0
    assert store.articles()[A.extractor_version].tolist() == [quoteline.EXTRACTOR_VERSION]
    assert reextract(store).articles_reextracted == 0


def test_sample_corpus_end_to_end(tmp_path: Path) -> None:
    if not any(SAMPLE.glob("*")):
        pytest.fail(f"{SAMPLE} holds no sample corpus")
    store = Store(tmp_path / "store")
    report = ingest_paths([SAMPLE], store, workers=2)
    assert report.failures == [], report.summary()
    assert report.articles_new >= 60
    articles = store.articles()
    statements = store.statements()
    assert articles[A.title].str.len().min() > 0
    assert set(articles[A.published_source]) <= {"header", "html", "record", "dateline"}
    assert statements[S.speaker].nunique() >= 8
    assert (statements[S.n_sources] > 1).any(), "the sample reports some quotes in several outlets"
    assert ingest_paths([SAMPLE], store).articles_new == 0


def test_cli_summary_progress_and_exit_codes(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "in", n=3)
    store = str(tmp_path / "store")
    ok = quoteline_cli("ingest", str(corpus), "--store", store)
    assert ok.returncode == 0, ok.stderr
    assert "files read: 3" in ok.stdout
    assert "articles: 3 new, 0 duplicate, 0 failed" in ok.stdout
    assert "statements added:" in ok.stdout
    assert "3/3" in ok.stderr  # the tqdm bar
    (corpus / "broken.json").write_text('{"title": "x", "te', encoding="utf-8")
    some = quoteline_cli("ingest", str(corpus), "--store", store)
    assert some.returncode == 2
    assert "articles: 0 new, 3 duplicate, 1 failed" in some.stdout
    assert f"{corpus / 'broken.json'}: invalid or truncated JSON" in some.stdout
    nothing = quoteline_cli("ingest", str(corpus / "broken.json"), "--store", store)
    assert nothing.returncode == 1
    missing = quoteline_cli("ingest", str(tmp_path / "nope"), "--store", store)
    assert missing.returncode == 1
    assert "does not exist" in missing.stdout
    bad_flag = quoteline_cli("ingest", str(corpus), "--store", store, "--published", "31/02/2020")
    assert bad_flag.returncode == 64  # a usage error
    assert "--published: publication date '31/02/2020' is impossible" in bad_flag.stderr


def test_the_batch_size_setting_is_the_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUOTELINE_INGEST_BATCH_SIZE", "2")
    store = Store(tmp_path / "store")
    ingest_paths([_corpus(tmp_path / "in", n=5)], store)
    assert store.version().startswith("3-")  # 2 + 2 + 1 articles: three commits
    assert len(store.articles()) == 5


def test_an_invalid_extraction_fails_its_article_alone(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "in", n=4)
    opts = Options(today=datetime.now(UTC).date())
    store = Store(tmp_path / "store")
    report = IngestReport()
    batch = _Batch(store, report, size=100)
    prepared = [prepare_file(str(path), opts) for path in sorted(corpus.iterdir())]
    assert all(p.statements[0] for p in prepared)
    # The batch is validated in one pass; a statement the schema refuses must still fail only its article.
    prepared[1].statements[0][0][S.stance] = "not-a-stance"
    for p in prepared:
        batch.take(p)
    batch.commit()
    assert report.articles_new == 3
    assert report.articles_failed == 1
    assert report.failures[0].where.endswith("a1.txt")
    assert "extraction failed" in report.failures[0].reason
    stored = set(store.articles([A.source_path])[A.source_path])
    assert stored == {str(corpus / f"a{i}.txt") for i in (0, 2, 3)}
