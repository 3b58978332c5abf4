"""The ingest's batch extraction, on a real store in tmp_path: the articles of many small files, or of one
file's many records, go through ``extract_many`` together (their parse windows in one spaCy batch), and
``--reextract`` extracts a unit's articles the same way. An article whose extraction raises fails alone and
is named; the rest of its group is stored exactly as each article would be extracted alone.

The bad article is made bad in ``begin_article``, the first per-article step of ``extract_many``, the path
the ingest really extracts by. All people, places and sentences are invented.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from extract_helpers import spy_parses

import quoteline
from quoteline.extract import batch, extract_statements
from quoteline.ingest.pipeline import file_tasks, ingest_paths, reextract
from quoteline.schema import A, S
from quoteline.store import Store

HARBOURS = ["Ostrel", "Vennick", "Dural", "Sarn"]


def _article(i: int) -> tuple[str, str]:
    """An invented article (title, body) that differs with ``i``, with a direct and a reported statement."""
    town = HARBOURS[i % len(HARBOURS)]
    title = f"Mayor Kellin opens pier {i} of {town}"
    body = (
        f"Mayor Tomas Kellin of {town} said on Tuesday that pier {i} would take ships from May.\n\n"
        f"“Pier {i} is ready for every trawler of the bay,” Kellin told reporters at the harbour."
    )
    return title, body


def _txt_folder(folder: Path, n: int) -> Path:
    folder.mkdir(parents=True)
    for i in range(n):
        title, body = _article(i)
        (folder / f"a{i:02d}.txt").write_text(
            f"published: 2024-05-{i % 27 + 1:02d}\nsource: Bay Wire\n\n{title}\n\n{body}\n", encoding="utf-8"
        )
    return folder


def _break_article(monkeypatch: pytest.MonkeyPatch, marker: str) -> None:
    """The article whose text holds ``marker`` raises in ``extract_many``'s per-article step."""
    real = batch.begin_article

    def broken(text: str, published: str | None, article_id: str | None) -> batch.PendingArticle:
        if marker in text:
            raise RuntimeError("an invented bug in the extractor")
        return real(text, published, article_id)

    monkeypatch.setattr(batch, "begin_article", broken)


def _as_alone(store: Store) -> None:
    """Every stored article holds exactly the statements it gets extracted on its own."""
    articles = store.articles([A.article_id, A.text, A.published]).to_dict("records")
    expected = sorted(
        st.statement_id
        for row in articles
        for st in extract_statements(row[A.text], published=row[A.published], article_id=row[A.article_id])
    )
    assert sorted(store.statements([S.statement_id])[S.statement_id]) == expected
    assert len(expected) > len(articles)


def test_small_files_are_cut_into_tasks_of_up_to_16_files_and_every_worker_gets_some(tmp_path: Path) -> None:
    files = [str(p) for p in sorted(_txt_folder(tmp_path / "in", 40).iterdir())]
    assert [len(t) for t in file_tasks(files, workers=1)] == [16, 16, 8]
    assert [len(t) for t in file_tasks(files[:6], workers=2)] == [3, 3]
    assert [p for t in file_tasks(files, workers=2) for p in t] == files  # in order, each once
    big = tmp_path / "in" / "a00.txt"
    big.write_text(big.read_text(encoding="utf-8") + "Filler. " * 10_000, encoding="utf-8")
    assert [len(t) for t in file_tasks(files[:3], workers=1)] == [1, 2]  # a big file is a task of its own


@pytest.mark.parametrize("workers", [1, 2])
def test_a_bad_article_among_16_files_fails_alone_and_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    corpus = _txt_folder(tmp_path / "in", 17)
    _break_article(monkeypatch, "pier 5 ")  # workers are forked: the patch holds there too
    sizes = spy_parses(monkeypatch)
    store = Store(tmp_path / "store")
    progress: list[int] = []
    report = ingest_paths(
        [corpus], store, workers=workers, progress=lambda done, total, _: progress.append(done)
    )
    assert report.exit_code == 2
    assert (report.files_read, report.articles_new, report.articles_failed) == (17, 16, 1)
    [failure] = report.failures
    assert failure.where == str(corpus / "a05.txt")
    assert failure.reason == "extraction failed: RuntimeError: an invented bug in the extractor"
    assert f"failed:\n  {failure}" in report.summary()
    assert progress == list(range(1, 18))  # one mark per file, in order
    if workers == 1:
        assert sizes == [15, 1]  # 16 files in one group, less the bad article; then the 17th
    _as_alone(store)


def test_a_bad_record_in_a_group_of_16_records_fails_alone_and_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    records = []
    for i in range(20):
        title, body = _article(i)
        records.append({"title": title, "text": body, "published": "2024-05-02", "source": "Bay Wire"})
    wire = folder / "wire.jsonl"
    wire.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    _break_article(monkeypatch, "pier 3 ")
    sizes = spy_parses(monkeypatch)
    store = Store(tmp_path / "store")
    report = ingest_paths([folder], store)
    assert report.exit_code == 2
    assert (report.articles_new, report.articles_failed) == (19, 1)
    assert [f.where for f in report.failures] == [f"{wire} line 4"]
    assert sizes == [15, 4]  # records 1-16 in one batch, less the bad one; then 17-20
    _as_alone(store)


def test_reextract_extracts_a_unit_together_and_a_bad_article_keeps_its_old_statements(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = _txt_folder(tmp_path / "in", 18)
    store = Store(tmp_path / "store")
    monkeypatch.setattr(quoteline, "EXTRACTOR_VERSION", "old")
    assert ingest_paths([corpus], store).articles_new == 18
    monkeypatch.undo()
    # What an older extractor left: statements the current one does not find (their ids tell them apart).
    old = store.statements(raw=True)
    old[S.statement_id] = "old-" + old[S.statement_id]
    store.replace_extraction(store.articles(raw=True), old.drop(columns=[S.n_sources, S.cluster_id]))
    _break_article(monkeypatch, "pier 7 ")
    sizes = spy_parses(monkeypatch)
    report = reextract(store, workers=1)
    assert report.exit_code == 2
    assert (report.articles_reextracted, report.articles_failed) == (17, 1)
    [failure] = report.failures
    victim = str(corpus / "a07.txt")
    assert failure.where == victim
    assert failure.reason == "extraction failed: RuntimeError: an invented bug in the extractor"
    assert sizes == [15, 2]  # one unit of 18 articles (one month, one data file): batches of 16 and 2
    articles = store.articles(
        [A.article_id, A.source_path, A.extractor_version, A.text, A.published], raw=True
    )
    stale = articles[articles[A.extractor_version] != quoteline.EXTRACTOR_VERSION]
    assert list(stale[A.source_path]) == [victim]
    statements = store.statements([S.article_id, S.statement_id])
    kept = statements[statements[S.article_id] == stale[A.article_id].item()][S.statement_id]
    assert len(kept) > 0
    assert kept.str.startswith("old-").all()
    fresh = articles[articles[A.source_path] != victim].to_dict("records")
    expected = sorted(
        st.statement_id
        for row in fresh
        for st in extract_statements(row[A.text], published=row[A.published], article_id=row[A.article_id])
    )
    assert sorted(statements[~statements[S.statement_id].isin(kept)][S.statement_id]) == expected
