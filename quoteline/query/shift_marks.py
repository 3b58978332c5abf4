"""Line shifts marked on a timeline: which shifts fall in which of the drawn lanes, at which day.

``quoteline.query.shifts.find_shifts`` finds the shifts; this module places them on a swimlane chart. A shift
belongs to its speaker's lane on a leader timeline and to its topic's lane on a topic timeline, at the first
day of the new line. Shifts whose lane is not drawn (a speaker outside the lens) are left out: a mark must sit
on a lane the analyst can see.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from quoteline.query.shifts import Shift
from quoteline.schema import STANCE_LABELS

Lane = Literal["leader", "topic"]
# Above this many dated statements drawn, no shift is looked for. find_shifts explodes the topics and groups
# per speaker and topic in pandas: with the columns it needs, 0.31 s for 969 synthetic statements, 0.71 s
# for 4,844 and 1.42 s for 19,436 (benchmarks.synthetic, best of 3, this 2-core VM). The timeline remembers
# the result per rows, so this is paid on a page's first run over a selection, not on each click; 2,000
# keeps that under half a second. A chart that large is a survey rather than a reading of one speaker's
# line, and the What changed page still lists every shift.
MAX_MARKED_STATEMENTS = 2_000
TRACE_NAME = "line shift"


@dataclass(frozen=True)
class ShiftMark:
    """One shift as drawn: the lane it sits in, its day (ISO) and the line its hover shows."""

    lane: str
    day: str
    speaker: str
    label: str


def label(shift: Shift) -> str:
    """What the mark's hover says: "<speaker> on <topic>: <stance before> → <stance after>"."""
    if shift.kind == "counterpart":
        return f"{shift.speaker} starts naming {shift.after} on {shift.topic}"
    before = STANCE_LABELS.get(shift.before, shift.before)
    after = STANCE_LABELS.get(shift.after, shift.after)
    return f"{shift.speaker} on {shift.topic}: {before} → {after}"


def _day(value: str) -> str:
    """A shift's date as a day Plotly can place: a month or year precision date at its first day."""
    parts = value.split("-")
    return "-".join([*parts, *["01"] * (3 - len(parts))])


def place(shifts: Iterable[Shift], lanes: Sequence[str], lane: Lane) -> list[ShiftMark]:
    """The marks of ``shifts`` that fall in one of the drawn ``lanes`` (speakers or topics, per ``lane``),
    earliest first; a shift outside them is left out."""
    if lane not in ("leader", "topic"):
        raise ValueError(f"shift marks: unknown lane kind {lane!r} (expected 'leader' or 'topic')")
    drawn = set(lanes)
    marks = [
        ShiftMark(
            lane=shift.speaker if lane == "leader" else shift.topic,
            day=_day(shift.date),
            speaker=shift.speaker,
            label=label(shift),
        )
        for shift in shifts
    ]
    return sorted((m for m in marks if m.lane in drawn), key=lambda m: (m.day, m.lane, m.label))


def worth_marking(statements: int) -> bool:
    """Whether a chart of ``statements`` dated statements is small enough to look for shifts on."""
    return 0 < statements <= MAX_MARKED_STATEMENTS
