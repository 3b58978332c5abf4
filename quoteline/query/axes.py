"""The time span a page's charts share: the date filter where it is set, else the statements' own dates.

Every chart of a page (timeline, volume, heatmaps) draws the same span, so that their time axes line up and
follow the From/To filter rather than whatever the data happen to cover.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from quoteline.query.filters import day_to_date


def date_span(days: np.ndarray, date_from: date | None, date_to: date | None) -> tuple[date, date] | None:
    """(first day, last day) to draw: each end from the filter when set, else from ``days`` (days since
    1970, NaN for undated). None when neither gives a date."""
    known = days[~np.isnan(days)] if days.size else days
    first = date_from or (day_to_date(float(known.min())) if known.size else None)
    last = date_to or (day_to_date(float(known.max())) if known.size else None)
    if first is None or last is None:
        return None
    return (first, last) if first <= last else (last, first)
