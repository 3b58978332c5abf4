"""Line shifts: where a speaker's stance on a topic changed, found by comparing consecutive windows.

The method is deliberately simple, so that an analyst can check every shift it reports by reading:

1. For each speaker and topic, take the dated statements that carry a stance ("neutral" says nothing about a
   line, so it is left out) in date order.
2. At each boundary between two consecutive dates, compare the ``window`` positioned statements before it
   with the ``window`` from it on. Each side needs at least ``min_statements``.
3. A boundary is a candidate when the most frequent stance differs on the two sides and the share of
   stances moved by at least ``min_change`` (total variation distance: half the sum of the absolute
   differences of the shares; 0 means the same mix, 1 a complete change).
4. Of candidate boundaries closer than ``window`` statements to each other, the largest change is kept, then
   the best supported (the most statements on its thinner side), then the earliest, so that one change of
   line is reported once.

A counterpart the speaker starts to name on the topic, after at least ``window`` statements on it without
it, and names in at least ``min_statements`` statements from then on, is reported as a new counterpart.

A shift is a pointer for reading, not a finding: the stance of a statement comes from its reporting verb
(``data/cues.yaml``), and the extractor can be wrong about a statement's speaker, topic or date.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from quoteline.schema import S

NEUTRAL = "neutral"
_DAY_LEN = 10
# The bounds of the knobs the What changed page offers (its sliders) and a link may set (``swindow``,
# ``smin``, ``schange``: ``quoteline.query.state``): one place, so a link names only what the page can show.
WINDOW_RANGE = (2, 15)
CHANGE_RANGE = (0.1, 1.0)
CHANGE_STEP = 0.05


@dataclass(frozen=True)
class ShiftSettings:
    """The knobs of the method (see the module docstring)."""

    window: int = 5
    min_statements: int = 2
    min_change: float = 0.5

    def __post_init__(self) -> None:
        if self.window < 1 or self.min_statements < 1 or self.min_statements > self.window:
            raise ValueError("shift settings: need 1 <= min_statements <= window")
        if not 0.0 < self.min_change <= 1.0:
            raise ValueError("shift settings: min_change must be in (0, 1]")


@dataclass(frozen=True)
class Shift:
    """One change of line: what the speaker said on the topic before a date, and from that date on."""

    speaker: str
    topic: str
    date: str  # the first day of the new line
    kind: str  # "stance" or "counterpart"
    before: str  # the dominant stance before; for a new counterpart, "" (it was not named)
    after: str  # the dominant stance from ``date`` on; for a new counterpart, its name
    change: float  # total variation distance between the stance shares (1.0 for a new counterpart)
    before_ids: tuple[str, ...]
    after_ids: tuple[str, ...]

    @property
    def summary(self) -> str:
        """One line saying what changed."""
        if self.kind == "counterpart":
            return f"{self.speaker} starts naming {self.after} on {self.topic}"
        return f"{self.speaker} on {self.topic}: {self.before} → {self.after}"


def _dated(statements: pd.DataFrame) -> pd.DataFrame:
    """Statements with a date, ordered by it; a month- or year-precision date sorts at its start."""
    dated = statements[statements[S.date].notna() & (statements[S.date].astype(str) != "")]
    # "2023-02" -> "2023-02-00": before every day of February, and after January's days.
    order = dated[S.date].astype(str).map(lambda d: d + "-00" * ((_DAY_LEN - len(d)) // 3))
    keyed = dated.assign(_order=order)
    return keyed.sort_values(["_order", S.statement_id], kind="stable")


def _by_topic(statements: pd.DataFrame) -> Iterable[tuple[tuple[str, str], pd.DataFrame]]:
    exploded = statements.explode(S.topics)
    exploded = exploded[exploded[S.topics].notna()]
    for key, group in exploded.groupby([S.speaker, S.topics], sort=True):
        yield (str(key[0]), str(key[1])), group


def _shares(stances: Sequence[str]) -> dict[str, float]:
    counts = Counter(stances)
    return {k: v / len(stances) for k, v in counts.items()}


def _dominant(stances: Sequence[str]) -> str:
    counts = Counter(stances)
    best = max(counts.values())
    # On a tie, the stance seen most recently in the window speaks for it.
    return next(s for s in reversed(stances) if counts[s] == best)


def _distance(a: dict[str, float], b: dict[str, float]) -> float:
    # Summed in a fixed order and rounded: a set's order changes with the hash seed, and so would the last bit
    # of the sum, which decides between two boundaries of equal change.
    return round(sum(abs(a.get(k, 0.0) - b.get(k, 0.0)) for k in sorted(a.keys() | b.keys())) / 2, 9)


def _stance_shifts(speaker: str, topic: str, group: pd.DataFrame, cfg: ShiftSettings) -> list[Shift]:
    positioned = group[group[S.stance] != NEUTRAL]
    stances = positioned[S.stance].astype(str).tolist()
    ids = positioned[S.statement_id].astype(str).tolist()
    dates = positioned[S.date].astype(str).tolist()
    # (index of the first statement after the boundary, change, statements on the thinner side)
    candidates: list[tuple[int, float, int]] = []
    for i in range(1, len(stances)):
        if dates[i] == dates[i - 1]:
            continue  # a boundary falls between days, never inside one
        before, after = stances[max(0, i - cfg.window) : i], stances[i : i + cfg.window]
        if len(before) < cfg.min_statements or len(after) < cfg.min_statements:
            continue
        if _dominant(before) == _dominant(after):
            continue
        change = _distance(_shares(before), _shares(after))
        if change >= cfg.min_change:
            candidates.append((i, change, min(len(before), len(after))))
    kept: list[tuple[int, float, int]] = []
    for cand in candidates:
        if kept and cand[0] - kept[-1][0] < cfg.window:
            if cand[1:] > kept[-1][1:]:
                kept[-1] = cand
            continue
        kept.append(cand)
    return [
        Shift(
            speaker=speaker,
            topic=topic,
            date=dates[i],
            kind="stance",
            before=_dominant(stances[max(0, i - cfg.window) : i]),
            after=_dominant(stances[i : i + cfg.window]),
            change=round(change, 3),
            before_ids=tuple(ids[max(0, i - cfg.window) : i]),
            after_ids=tuple(ids[i : i + cfg.window]),
        )
        for i, change, _ in kept
    ]


def _names(value: object) -> set[str]:
    """The counterparts of one statement: a list, or an array as read back from Parquet; else none."""
    if isinstance(value, str) or not isinstance(value, Iterable):
        return set()
    return {str(v) for v in value}


def _counterpart_shifts(speaker: str, topic: str, group: pd.DataFrame, cfg: ShiftSettings) -> list[Shift]:
    ids = group[S.statement_id].astype(str).tolist()
    dates = group[S.date].astype(str).tolist()
    named = [_names(c) for c in group[S.counterparts]]
    first: dict[str, int] = {}
    for i, names in enumerate(named):
        for name in sorted(names):
            first.setdefault(name, i)
    found = []
    for name, i in first.items():
        later = [j for j in range(i, len(ids)) if name in named[j]]
        if i < cfg.window or len(later) < cfg.min_statements:
            continue
        found.append(
            Shift(
                speaker=speaker,
                topic=topic,
                date=dates[i],
                kind="counterpart",
                before="",
                after=name,
                change=1.0,
                before_ids=tuple(ids[max(0, i - cfg.window) : i]),
                after_ids=tuple(ids[j] for j in later[: cfg.window]),
            )
        )
    return found


def find_shifts(statements: pd.DataFrame, cfg: ShiftSettings | None = None) -> list[Shift]:
    """Every line shift in ``statements``, latest first.

    Columns used: statement_id, speaker, topics, stance, date and counterparts.
    """
    cfg = cfg or ShiftSettings()
    if statements.empty:
        return []
    shifts: list[Shift] = []
    for (speaker, topic), group in _by_topic(_dated(statements)):
        shifts.extend(_stance_shifts(speaker, topic, group, cfg))
        shifts.extend(_counterpart_shifts(speaker, topic, group, cfg))
    return sorted(shifts, key=lambda s: (s.date, s.speaker, s.topic, s.kind), reverse=True)
