"""Line shifts: consecutive windows of a speaker's stances on a topic, and counterparts newly named."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from quoteline.query.shifts import ShiftSettings, find_shifts
from quoteline.store import Store

ROOT = Path(__file__).resolve().parent.parent


def _frame(rows: list[tuple[str, str, str, list[str]]], speaker: str = "Oren Vask") -> pd.DataFrame:
    """Statements from (date, stance, topic, counterparts) tuples, all by one speaker."""
    return pd.DataFrame(
        {
            "statement_id": [f"s{i:02d}" for i in range(len(rows))],
            "speaker": [speaker] * len(rows),
            "date": [r[0] for r in rows],
            "stance": [r[1] for r in rows],
            "topics": [[r[2]] for r in rows],
            "counterparts": [r[3] for r in rows],
        }
    )


def test_denials_then_admissions_make_one_shift_at_the_first_admission() -> None:
    frame = _frame(
        [
            ("2021-01-05", "denial", "water", []),
            ("2021-01-20", "neutral", "water", []),
            ("2021-02-03", "denial", "water", []),
            ("2021-03-01", "denial", "water", []),
            ("2021-06-11", "admission", "water", []),
            ("2021-06-30", "neutral", "water", []),
            ("2021-07-02", "admission", "water", []),
        ]
    )
    [shift] = find_shifts(frame)
    assert (shift.kind, shift.before, shift.after, shift.date) == (
        "stance",
        "denial",
        "admission",
        "2021-06-11",
    )
    assert shift.before_ids == ("s00", "s02", "s03")  # neutral statements say nothing about a line
    assert shift.after_ids == ("s04", "s06")
    assert shift.change == 1.0


def test_the_same_mix_or_too_few_statements_is_no_shift() -> None:
    steady = _frame([(f"2021-0{m}-01", s, "water", []) for m, s in enumerate(["denial", "threat"] * 3, 1)])
    assert find_shifts(steady) == []
    thin = _frame([("2021-01-01", "denial", "water", []), ("2021-02-01", "admission", "water", [])])
    assert find_shifts(thin) == []
    assert len(find_shifts(thin, ShiftSettings(window=3, min_statements=1))) == 1


def test_topics_are_apart_and_a_month_date_sorts_before_its_days() -> None:
    frame = _frame(
        [
            ("2022-03-14", "admission", "water", []),
            ("2022-03", "denial", "water", []),  # said "in March": before any day of March
            ("2022-02-27", "denial", "water", []),
            ("2022-03-20", "admission", "water", []),
            ("2022-04-01", "praise", "ports", []),
        ]
    )
    [shift] = find_shifts(frame)
    assert (shift.topic, shift.date, shift.before_ids) == ("water", "2022-03-14", ("s02", "s01"))


def test_one_change_of_line_is_reported_once() -> None:
    stances = ["threat", "criticism", "denial", "denial", "denial", "admission", "admission", "admission"]
    frame = _frame([(f"2020-{m:02d}-01", s, "border", []) for m, s in enumerate(stances, 1)])
    shifts = find_shifts(frame)
    assert [(s.before, s.after, s.date) for s in shifts] == [("denial", "admission", "2020-06-01")]


def test_a_counterpart_named_after_a_record_without_it() -> None:
    Row = tuple[str, str, str, list[str]]
    rows: list[Row] = [(f"2023-0{m}-01", "neutral", "trade", []) for m in range(1, 6)]
    rows += [
        ("2023-06-01", "neutral", "trade", ["Estmark"]),
        ("2023-07-01", "criticism", "trade", ["Estmark"]),
    ]
    [shift] = find_shifts(_frame(rows))
    assert (shift.kind, shift.after, shift.date, shift.after_ids) == (
        "counterpart",
        "Estmark",
        "2023-06-01",
        ("s05", "s06"),
    )
    # Named from the first statement on: not new.
    assert find_shifts(_frame([(d, s, t, ["Estmark"]) for d, s, t, _ in rows])) == []


def test_undated_statements_are_left_out() -> None:
    frame = _frame([("", "denial", "water", []), ("2021-01-01", "denial", "water", [])])
    frame.loc[0, "date"] = None
    assert find_shifts(frame) == []


@pytest.mark.parametrize(("window", "least", "change"), [(0, 1, 0.5), (3, 4, 0.5), (3, 1, 0.0), (3, 1, 1.5)])
def test_settings_are_checked(window: int, least: int, change: float) -> None:
    with pytest.raises(ValueError, match="shift settings"):
        ShiftSettings(window=window, min_statements=least, min_change=change)


def test_the_sample_corpus_deny_then_admit_arcs(tmp_path: Path) -> None:
    """The fictional sample tells two deny-then-admit stories: both are found, at the first admission."""
    store = tmp_path / "store"
    subprocess.run(
        [sys.executable, "-m", "quoteline", "ingest", str(ROOT / "data" / "sample"), "--store", str(store)],
        check=True,
        capture_output=True,
    )
    statements = Store(store).statements()
    found = {(s.speaker, s.topic, s.before, s.after) for s in find_shifts(statements)}
    assert ("Arkady Voronets", "security", "denial", "admission") in found
    assert ("Mara Velcheva", "energy", "denial", "admission") in found
