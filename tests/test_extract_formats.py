"""`extract` reads every format `ingest` reads, with its readers: HTML, JSON, JSONL, CSV, feeds, encodings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quoteline.extract import command
from quoteline.ingest.readers import read_path

PAGE = """<!doctype html>
<html><head>
<title>Velcheva speaks on the Union</title>
<meta property="article:published_time" content="2022-02-10T09:00:00Z">
<meta property="og:url" content="https://meridian.example/velcheva">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article>
<h1>Velcheva speaks on the Union</h1>
<p>Valdoria's foreign minister spoke to reporters in Lindor on Thursday.</p>
<p>“We will not wait for another winter of promises,” Mara Velcheva said.</p>
<p>She said on Tuesday that Valdoria would apply to join the Union before the summer.</p>
<p>Opposition leaders in the capital criticised the plan as rushed and costly for farmers.</p>
</article>
<footer>© Meridian Wire</footer>
</body></html>
"""


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, list[dict[str, object]], str]:
    code = command.main(argv)
    out = capsys.readouterr()
    return code, [json.loads(line) for line in out.out.splitlines()], out.err


def test_html_is_read_as_ingest_reads_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "velcheva.html"
    page.write_text(PAGE, encoding="utf-8")
    code, rows, _ = _run([str(page)], capsys)
    assert code == 0
    assert rows, "no statement found in the HTML page"
    quote = next(r for r in rows if r["kind"] == "direct")
    assert quote["speaker"] == "Mara Velcheva"
    for r in rows:
        assert "<" not in str(r["text"]), "markup leaked into a statement"
    # The page's own metadata dates it, as ingest does: the quote is dated the day of publication.
    assert quote["date"] == "2022-02-10"
    stored = read_path(page)[0]
    assert quote["article_id"] == command.read_inputs(page).__next__().article_id  # type: ignore[union-attr]
    assert stored.text[int(str(quote["start"])) : int(str(quote["end"]))] == quote["text"]
    assert quote["title"] == stored.title
    assert quote["url"] == "https://meridian.example/velcheva"


def test_every_jsonl_record_is_extracted_and_a_bad_one_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = [
        {"title": "Port", "text": "“The port stays open,” Ilse Maarten said.", "published": "2021-06-01"},
        {"title": "No text here", "published": "2021-06-02"},
        {"title": "Grain", "text": "“Grain will move by rail,” Tomas Ruud said.", "published": "2021-06-03"},
    ]
    f = tmp_path / "batch.jsonl"
    f.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    code, rows, err = _run([str(f)], capsys)
    assert code == 2
    assert "batch.jsonl" in err
    assert "2" in err
    found = {(r["speaker"], r["date"]) for r in rows}
    assert found == {("Ilse Maarten", "2021-06-01"), ("Tomas Ruud", "2021-06-03")}
    assert len({r["source_file"] for r in rows}) == 2


def test_csv_with_publication_dates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "batch.csv"
    f.write_text(
        'title,text,published,source\n"Dam","“The dam is safe,” Oskar Lind said.",2020-03-04,River Post\n',
        encoding="utf-8",
    )
    code, rows, _ = _run([str(f)], capsys)
    assert code == 0
    found = [(r["speaker"], r["date"], r["outlet"]) for r in rows]
    assert found == [("Oskar Lind", "2020-03-04", "River Post")]


def test_a_legacy_encoded_text_file_is_decoded(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (
        "published: 2019-05-05\n\nCafé talks in Sète\n\n"
        "The café owners of Sète met the préfet on Saturday. Their négociations went on late.\n\n"
        "«Le café est fermé jusqu'à l'été, et nous ne sommes pas d'accord», Anaïs Dubreuil said on Sunday.\n"
    )
    f = tmp_path / "old.txt"
    f.write_bytes(text.encode("cp1252"))
    code, rows, _ = _run([str(f)], capsys)
    assert code == 0
    assert rows
    assert rows[0]["speaker"] == "Anaïs Dubreuil"
    # Offsets of a text file stay offsets into the file's own text, header included.
    assert text[int(str(rows[0]["start"])) : int(str(rows[0]["end"]))] == rows[0]["text"]


def test_a_binary_file_is_refused_by_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "image.txt"
    f.write_bytes(bytes(range(256)) * 8)
    good = tmp_path / "good.txt"
    good.write_text("Dam\n\n“The dam is safe,” Oskar Lind said.\n", encoding="utf-8")
    code, rows, err = _run([str(f), str(good)], capsys)
    assert code == 2
    assert "image.txt" in err
    assert "binary" in err
    assert [r["speaker"] for r in rows] == ["Oskar Lind"]


def test_fields_are_mapped_as_for_ingest(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "dump.jsonl"
    f.write_text(
        json.dumps({"headline": "Dam", "body": "“The dam is safe,” Oskar Lind said.", "day": "2020-03-04"})
    )
    code, rows, _ = _run(
        ["--field", "text=body", "--field", "title=headline", "--field", "published=day", str(f)], capsys
    )
    assert code == 0
    assert [(r["speaker"], r["date"], r["title"]) for r in rows] == [("Oskar Lind", "2020-03-04", "Dam")]
    code, _, err = _run(["--field", "colour=body", str(f)], capsys)
    assert code == 64
    assert "--field" in err
