"""The time span a page's charts share: the date filter where it is set, else the statements' own dates.

Every chart of a page (timeline, volume, heatmaps) draws the same span, so that their time axes line up and
follow the From/To filter rather than whatever the data happen to cover.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from quoteline.query.filters import day_number, day_to_date

# A few statements dated far before the rest (a misread "1846" in a history paragraph) would squash every
# chart into its right edge: without a From filter, dates more than this many days before the 0.5% quantile
# of the dates are left outside the span (and counted in a caption).
_STRAY_DAYS = 3 * 365
_STRAY_SHARE = 0.005


def date_span(days: np.ndarray, date_from: date | None, date_to: date | None) -> tuple[date, date] | None:
    """(first day, last day) to draw: each end from the filter when set, else from ``days`` (days since
    1970, NaN for undated), leaving out a few stray early dates. None when neither gives a date."""
    known = days[~np.isnan(days)] if days.size else days
    first = date_from or (day_to_date(_robust_start(known)) if known.size else None)
    last = date_to or (day_to_date(float(known.max())) if known.size else None)
    if first is None or last is None:
        return None
    return (first, last) if first <= last else (last, first)


def _robust_start(known: np.ndarray) -> float:
    """The earliest date that is not a stray: none more than ``_STRAY_DAYS`` before the 0.5% quantile."""
    typical = float(np.quantile(known, _STRAY_SHARE))
    return float(known[known >= typical - _STRAY_DAYS].min())


def outside(days: np.ndarray, span: tuple[date, date] | None) -> int:
    """How many of the dated ``days`` fall outside ``span`` (drawn off the visible axis)."""
    if span is None:
        return 0
    known = days[~np.isnan(days)]
    return int(np.count_nonzero((known < day_number(span[0])) | (known > day_number(span[1]))))
