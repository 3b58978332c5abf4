"""The `extract` command: formats, header and --published, clear errors, formula-safe CSV."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from quoteline.extract import command

ARTICLE = (
    "published: 2022-02-10\nsource: Meridian Wire\n\nVelcheva speaks\n\n"
    "“=SUM(A1:A9) is not a policy,” Mara Velcheva said.\n\n"
    "Velcheva said on Tuesday that Valdoria would join the Union.\n"
)


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = command.main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_jsonl_fields_and_header_date(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "a.txt"
    f.write_text(ARTICLE, encoding="utf-8")
    code, out, _ = _run([str(f)], capsys)
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == 2
    need = {
        "speaker",
        "kind",
        "cue",
        "text",
        "date",
        "topics",
        "counterparts",
        "referenced_dates",
        "start",
        "end",
        "stance",
        "speaker_type",
        "date_source",
        "cue_start",
        "cue_end",
        "article_id",
        "statement_id",
    }
    assert need <= set(rows[0])
    text = f.read_text(encoding="utf-8")
    assert text[rows[0]["start"] : rows[0]["end"]] == rows[0]["text"]
    assert rows[0]["date"] == "2022-02-10"
    assert rows[1]["date"] == "2022-02-08"


def test_published_flag_overrides_the_header(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "a.txt"
    f.write_text(ARTICLE, encoding="utf-8")
    _, out, _ = _run(["--published", "2023-01-05", str(f)], capsys)
    assert json.loads(out.splitlines()[0])["date"] == "2023-01-05"


def test_csv_neutralises_formula_cells(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "a.txt"
    f.write_text(ARTICLE, encoding="utf-8")
    _, out, _ = _run(["--format", "csv", str(f)], capsys)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0]["text"].startswith("'=SUM")
    for row in rows:
        for cell in row.values():
            assert not cell.startswith(("=", "+", "-", "@"))


def test_table_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "a.txt"
    f.write_text(ARTICLE, encoding="utf-8")
    _, out, _ = _run(["--format", "table", str(f)], capsys)
    assert "Mara Velcheva" in out
    assert len(out.splitlines()) == 2


def test_unreadable_file_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nope.txt"
    code, _, err = _run([str(missing)], capsys)
    assert code == 2
    assert "nope.txt" in err
    assert "does not exist" in err
    code, _, err = _run([str(tmp_path)], capsys)
    assert code == 2
    assert "is a folder" in err


def test_bad_published_value_is_rejected(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "a.txt"
    f.write_text(ARTICLE, encoding="utf-8")
    with pytest.raises(SystemExit):
        command.main(["--published", "10/02/2022", str(f)])
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_empty_published_means_not_given(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "a.txt"
    f.write_text(ARTICLE, encoding="utf-8")
    code, out, _ = _run(["--published", "", str(f)], capsys)
    assert code == 0
    assert json.loads(out.splitlines()[0])["date"] == "2022-02-10"  # the header date still applies


BUG = "an invented bug in the extractor"


def test_an_article_whose_extraction_fails_is_named_and_the_others_are_printed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from quoteline.extract import batch, extract_statements

    # 18 records in one JSONL file: the third is bad, in the first group of 16 extracted together.
    records = [
        {
            "title": f"Dock {i} of Halvern reopens",
            "text": f"“Dock {i} reopens on Monday,” Harbourmaster Ines Corvo told the crews of Halvern.",
            "published": "2023-06-01",
        }
        for i in range(18)
    ]
    wire = tmp_path / "wire.jsonl"
    wire.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    real = batch.begin_article

    def broken(text: str, published: str | None, article_id: str | None) -> batch.PendingArticle:
        if text.startswith("Dock 2 "):
            raise RuntimeError(BUG)
        return real(text, published, article_id)

    monkeypatch.setattr(batch, "begin_article", broken)
    code, out, err = _run(["--format", "jsonl", str(wire)], capsys)
    assert code == 2
    assert err.splitlines() == [
        f"quoteline extract: {wire} line 3: extraction failed: RuntimeError: {BUG}",
        "quoteline extract: 1 article(s) could not be extracted (named above); the others were printed",
    ]
    printed = [json.loads(line) for line in out.splitlines()]
    assert {r["source_file"] for r in printed} == {f"{wire} line {n}" for n in range(1, 19) if n != 3}
    monkeypatch.setattr(batch, "begin_article", real)
    good = f"{records[0]['title']}\n\n{records[0]['text']}"
    alone = [s.text for s in extract_statements(good, published="2023-06-01")]
    assert [r["text"] for r in printed if r["source_file"] == f"{wire} line 1"] == alone
    assert alone
