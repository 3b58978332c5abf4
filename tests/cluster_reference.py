"""The cluster index as session 20 left it (``quoteline/store/clusters.py`` at main ``ea89f6a``), kept
unchanged as the reference the current index must agree with: every stored statement normalised one Python
call at a time, a dict of every exact text. Only what assigning needs is kept (no frames, no n_sources)."""

from __future__ import annotations

import bisect
import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Final

from rapidfuzz import fuzz, process

from quoteline import settings

LOGGER = logging.getLogger(__name__)

UNDATED: Final = -1

_MARKS = str.maketrans(
    {
        **dict.fromkeys("\"'`«»‹›“”„‟‘’‚‛「」『』", " "),
        **dict.fromkeys("‐‑‒–—―−", "-"),
        "…": "...",
    }
)
_SPACE = re.compile(r"\s+")


def normalise_quote(text: str) -> str:
    """Fold the cosmetic differences outlets introduce: quote marks, dashes, whitespace, case."""
    folded = unicodedata.normalize("NFKC", text).translate(_MARKS).casefold()
    return _SPACE.sub(" ", folded).strip(" .,;:!?-")


def day_number(value: object) -> int:
    """A date string as a day ordinal (UNDATED when missing or no calendar day), as clustering compares."""
    return _day(value)


def _day(value: object) -> int:
    if not isinstance(value, str) or not value:
        return UNDATED
    try:
        parts = [int(p) for p in value.split("-")]
        while len(parts) < 3:
            parts.append(1)
        return date(parts[0], parts[1], parts[2]).toordinal()
    except ValueError:
        # Not a calendar day (a relative date resolved before year 1, say): compared as undated.
        LOGGER.info("statement date %r is not a calendar day; clustered as undated", value)
        return UNDATED


@dataclass
class _Speaker:
    """One speaker's statements, sorted by day, for windowed lookups."""

    days: list[int] = field(default_factory=list)
    norms: list[str] = field(default_factory=list)
    clusters: list[str] = field(default_factory=list)

    def add(self, day: int, norm: str, cluster: str) -> None:
        i = bisect.bisect_right(self.days, day)
        self.days.insert(i, day)
        self.norms.insert(i, norm)
        self.clusters.insert(i, cluster)

    def window(self, day: int, days: int) -> tuple[int, int]:
        if day == UNDATED:
            return 0, len(self.days)
        return bisect.bisect_left(self.days, day - days), bisect.bisect_right(self.days, day + days)


def _gap(a: int, b: int) -> int:
    """Days between two statements; 0 when either is undated (it is near every day)."""
    return 0 if a == UNDATED or b == UNDATED else abs(a - b)


def _near(a: int, b: int, days: int) -> bool:
    return a == UNDATED or b == UNDATED or abs(a - b) <= days


class ClusterIndex:
    """Every stored statement's normalised text, grouped by speaker, to assign clusters to new ones."""

    def __init__(self, threshold: float | None = None, window_days: int | None = None) -> None:
        self.threshold = settings.get_float("cluster_threshold") if threshold is None else threshold
        # Outlets rarely date the same remark more than a fortnight apart; the window also bounds the work.
        self.window_days = settings.get_int("cluster_window_days") if window_days is None else window_days
        # Identical normalised text: found by hash, then checked against the date window, so a catchphrase
        # repeated years later is a new statement, not one more source for the old one.
        self._exact: dict[tuple[str, str], list[tuple[int, str]]] = {}
        self._speakers: dict[str, _Speaker] = {}

    def _remember_exact(self, speaker: str, day: int, norm: str, cluster: str) -> None:
        self._exact.setdefault((speaker, norm), []).append((day, cluster))

    def extend(self, rows: Iterable[tuple[str, str, object, str]]) -> None:
        """Add already-clustered statements: (speaker, text, date, cluster_id)."""
        grouped: dict[str, list[tuple[int, str, str]]] = {}
        for speaker, text, when, cluster in rows:
            norm, day = normalise_quote(text), _day(when)
            self._remember_exact(speaker, day, norm, cluster)
            grouped.setdefault(speaker, []).append((day, norm, cluster))
        for speaker, items in grouped.items():
            # Sorting once is far cheaper than inserting row by row into a big speaker's lists.
            known = self._speakers.setdefault(speaker, _Speaker())
            merged = sorted([*zip(known.days, known.norms, known.clusters, strict=True), *items])
            known.days = [m[0] for m in merged]
            known.norms = [m[1] for m in merged]
            known.clusters = [m[2] for m in merged]

    def assign(self, speaker: str, text: str, when: object, statement_id: str) -> str:
        """The cluster a new statement belongs to (an existing one, or a new one named after it)."""
        norm = normalise_quote(text)
        day = _day(when)
        same = self._exact.get((speaker, norm), ())
        # Of two clusters with this very text in the window, the nearest in time, then the smaller id: not the
        # one read first, which depends on which files earlier commits read into the index.
        near = [(_gap(d, day), c) for d, c in same if _near(d, day, self.window_days)]
        cluster = min(near)[1] if near else None
        if cluster is None:
            cluster = self._fuzzy(speaker, norm, day) or statement_id
        self._remember_exact(speaker, day, norm, cluster)
        self._speakers.setdefault(speaker, _Speaker()).add(day, norm, cluster)
        return cluster

    def _fuzzy(self, speaker: str, norm: str, day: int) -> str | None:
        known = self._speakers.get(speaker)
        if known is None or not norm:
            return None
        lo, hi = known.window(day, self.window_days)
        undated = bisect.bisect_right(known.days, UNDATED) if day != UNDATED else 0
        lo = max(lo, undated)
        # Slices, not index lists: the candidate set is built in C, which matters for busy speakers.
        candidates = known.norms[:undated] + known.norms[lo:hi]
        if not candidates:
            return None
        best = process.extractOne(norm, candidates, scorer=fuzz.ratio, score_cutoff=self.threshold)
        if best is None:
            return None
        i = best[2]
        return known.clusters[i] if i < undated else known.clusters[lo + i - undated]
