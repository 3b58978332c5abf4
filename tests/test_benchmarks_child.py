"""The benchmarks' child-process helpers: the JSON figures a child prints last, a failing child's message, and
memory figures read from /proc."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from benchmarks.child import run_child, status_mb


def test_the_figures_are_the_json_object_on_the_childs_last_line(tmp_path: Path) -> None:
    script = tmp_path / "figures.py"
    script.write_text('import sys\nprint("warming up")\nprint(\'{"rows": %s}\' % sys.argv[1])\n')
    assert run_child(script, "42") == {"rows": 42}


def test_a_failing_child_stops_the_benchmark_with_its_stderr(tmp_path: Path) -> None:
    script = tmp_path / "broken.py"
    script.write_text('raise RuntimeError("the store is gone")\n')
    with pytest.raises(SystemExit, match=r"(?s)broken\.py --size 3 failed:.*the store is gone"):
        run_child(script, "--size", "3")


def test_memory_figures_are_read_in_mb_and_a_missing_one_is_nan() -> None:
    rss, peak = status_mb("VmRSS"), status_mb("VmHWM")
    assert 1 < rss <= peak  # this process holds more than a megabyte, and never more than its peak
    assert math.isnan(status_mb("VmNoSuchField"))
