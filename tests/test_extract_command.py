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
