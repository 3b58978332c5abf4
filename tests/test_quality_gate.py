"""The extraction quality gate: ../shared's dev corpus and PolNeAR dev split must reach the pinned floors.

Runs the scorer exactly as CI and analysts do (a subprocess calling `python -m quoteline extract`). Skips,
saying so, only when the shared evaluation folder is not next to the project, and never under CI.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SCORER = SHARED / "eval" / "score.py"
EXTERNAL_SCORER = SHARED / "eval" / "score_external.py"
DEV = SHARED / "corpus" / "dev"
POLNEAR_DEV = SHARED / "corpus" / "polnear" / "dev"
SEED = "000_4e34d0b8d4941720"
SEED_SPEAKER = "Alexander Lukashenko"

# Reset once (2026-12-05), when the dev set grew from 10 to 46 real articles, to what the extractor measured
# on it less 0.005 (a loaded machine can time out a date parse); raised with every landing, never lowered.
FLOORS = {
    "attributed_f1": 0.936,
    "direct_recall": 0.970,
    "direct_speaker": 0.989,
    "date": 0.970,
    "topic": 0.917,
}
SEED_F1_FLOOR = 0.90
# PolNeAR's dev split (US election news from 7 outlets, annotated by PolNeAR's authors), scored by the
# words of the speaker's name. Floors: measured less 0.005; raised with every landing, never lowered.
POLNEAR_FLOORS = {
    "direct+mixed recall": 0.930,
    "direct+mixed speaker accuracy": 0.914,
    "indirect recall": 0.751,
    "precision": 0.897,
}

SHARED_PRESENT = SCORER.is_file() and DEV.is_dir() and EXTERNAL_SCORER.is_file() and POLNEAR_DEV.is_dir()
if not SHARED_PRESENT and os.environ.get("CI"):
    # CI always has ../shared beside the checkout: a missing folder there is a broken CI, not a skip.
    raise RuntimeError(
        f"CI is set but one of {SCORER}, {EXTERNAL_SCORER}, {DEV}, {POLNEAR_DEV} is missing: "
        "the quality gate cannot run"
    )

pytestmark = [
    pytest.mark.gate,
    pytest.mark.skipif(
        not SHARED_PRESENT,
        reason="../shared/eval and ../shared/corpus/{dev,polnear/dev} are not next to the project",
    ),
]


def _score(gold_dir: Path) -> dict[str, float]:
    proc = subprocess.run(
        [sys.executable, str(SCORER), str(gold_dir), "--project", str(ROOT)],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "FAILED" not in proc.stdout, proc.stdout
    out = proc.stdout

    def grab(pattern: str) -> float:
        m = re.search(pattern, out)
        assert m, f"no match for {pattern!r} in scorer output:\n{out}"
        return float(m.group(1))

    return {
        "attributed_f1": grab(r"attributed_F1=([\d.]+)"),
        "direct_recall": grab(r"direct\s+recall ([\d.]+)"),
        "direct_speaker": grab(r"speaker accuracy ([\d.]+)"),
        "date": grab(r"date\s+accuracy ([\d.]+)"),
        "topic": grab(r"topic\s+accuracy ([\d.]+)"),
    }


def test_dev_corpus_reaches_the_floors() -> None:
    got = _score(DEV)
    low = {k: (v, FLOORS[k]) for k, v in got.items() if v < FLOORS[k]}
    assert not low, f"below the floor (got, floor): {low}"


def test_seed_article_alone(tmp_path: Path) -> None:
    # Score the seed article on its own: a folder holding its gold file and a link to the article.
    gold = json.loads((DEV / f"{SEED}.gold.json").read_text(encoding="utf-8"))
    (tmp_path / f"{SEED}.txt").symlink_to(DEV / f"{SEED}.txt")
    (tmp_path / f"{SEED}.gold.json").write_text(json.dumps(gold), encoding="utf-8")
    got = _score(tmp_path)
    assert got["attributed_f1"] >= SEED_F1_FLOOR, got
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "quoteline",
            "extract",
            "--format",
            "jsonl",
            "--published",
            gold["published"],
            str(DEV / f"{SEED}.txt"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    rows = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    direct = [r for r in rows if r["kind"] == "direct"]
    assert len(direct) >= sum(1 for s in gold["statements"] if s["kind"] == "direct")
    assert {r["speaker"] for r in direct} == {SEED_SPEAKER}


def test_polnear_dev_reaches_the_floors(tmp_path: Path) -> None:
    # score_external.py runs the project's own .venv python, as `make test` builds it.
    assert (ROOT / ".venv" / "bin" / "python").exists(), "the PolNeAR gate needs the project's .venv"
    figures = tmp_path / "figures.json"
    proc = subprocess.run(
        [
            sys.executable,
            str(EXTERNAL_SCORER),
            str(POLNEAR_DEV),
            "--project",
            str(ROOT),
            "--run",
            "--json",
            str(figures),
        ],
        capture_output=True,
        text=True,
        timeout=1800,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "FAILED" not in proc.stderr, proc.stderr[-2000:]
    data = json.loads(figures.read_text(encoding="utf-8"))
    got = {
        "direct+mixed recall": data["direct+mixed"]["recall"],
        "direct+mixed speaker accuracy": data["direct+mixed"]["speaker_accuracy"],
        "indirect recall": data["indirect"]["recall"],
        "precision": data["pred_all"]["precision"],
    }
    low = {k: (v, POLNEAR_FLOORS[k]) for k, v in got.items() if v < POLNEAR_FLOORS[k]}
    assert not low, f"below the floor (got, floor): {low}"
