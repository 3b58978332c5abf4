"""The Dask driver hands each task's outcome on in file and record order, however the tasks finish, so it
stages batches as they come and still stores what the local engine stores, in the same order."""

from __future__ import annotations

from quoteline.ingest.dask_engine import _InOrder
from quoteline.ingest.pipeline import Prepared


def _outcome(name: str) -> Prepared:
    return Prepared(name)


def test_outcomes_wait_for_every_task_before_them() -> None:
    out: list[str] = []
    ordered = _InOrder(lambda p: out.append(p.path))
    for order in [(0, -1), (1, -1)]:  # two files' counts
        ordered.expect(order)
    ordered.done((1, -1), _outcome("file 1 head"))
    assert out == [], "file 1 went ahead of file 0's count"
    for order in [(0, 0), (0, 20)]:  # file 0's chunks, submitted before its count is handed on
        ordered.expect(order)
    ordered.done((0, -1), _outcome("file 0 head"))
    assert out == ["file 0 head"]
    ordered.done((0, 20), _outcome("file 0 records 21-40"))
    assert out == ["file 0 head"]
    ordered.done((0, 0), _outcome("file 0 records 1-20"))
    assert out == ["file 0 head", "file 0 records 1-20", "file 0 records 21-40", "file 1 head"]


def test_a_task_run_again_or_failed_holds_its_place_and_a_failure_hands_on_nothing() -> None:
    out: list[str] = []
    ordered = _InOrder(lambda p: out.append(p.path))
    for order in [(0, 0), (0, 2), (0, 4)]:
        ordered.expect(order)
    # (0, 0) is given up with a dead worker: its records run again alone, at the end, and keep their place.
    ordered.expect((0, 0))
    ordered.expect((0, 1))
    ordered.done((0, 0), None)
    ordered.done((0, 2), _outcome("records 3-4"))
    ordered.done((0, 4), None)  # failed for good: nothing to hand on, nothing held up
    assert out == []
    ordered.done((0, 1), _outcome("record 2"))
    assert out == []
    ordered.done((0, 0), _outcome("record 1"))
    assert out == ["record 1", "record 2", "records 3-4"]
