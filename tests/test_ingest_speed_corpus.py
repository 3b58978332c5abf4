"""The ingest benchmark's corpus folder holds its stamp (``corpus.json``) beside the article files; the
benchmark must ingest the articles alone, or every run reports the stamp as one failed article."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.ingest_speed import STAMP, corpus_files, make_corpus
from quoteline.ingest.pipeline import ingest_paths
from quoteline.store import Store

RECORDS = [
    {
        "id": f"orvel-{i}",
        "title": f"Harbour council meets in Orvel ({i})",
        "text": f'"The quay will reopen in spring," Mayor Tesni Varrow said on Tuesday. Meeting {i}.',
        "published": "2021-04-0" + str(i + 1),
        "source": "Orvel Courier",
    }
    for i in range(3)
]


def test_the_benchmark_ingests_its_articles_and_not_its_stamp(tmp_path: Path) -> None:
    source = tmp_path / "source"
    source.mkdir()
    (source / "courier.jsonl").write_text("\n".join(json.dumps(r) for r in RECORDS) + "\n", encoding="utf-8")
    folder = tmp_path / "corpus"
    assert make_corpus(source, folder, 5, 2) == 3
    assert (folder / STAMP).is_file()
    files = corpus_files(folder)
    assert [p.name for p in files] == ["part00000.jsonl", "part00001.jsonl", "part00002.jsonl"]
    report = ingest_paths(files, Store(tmp_path / "store"))
    assert report.failures == []
    assert report.articles_failed == 0
    assert report.articles_new == 5, "two copies re-identified by their closing line"
