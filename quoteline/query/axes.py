"""The time span a page's charts share: the date filter where it is set, else the statements' own dates.

Every chart of a page (timeline, volume, heatmaps) draws the same span, so that their time axes line up and
follow the From/To filter rather than whatever the data happen to cover.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

import numpy as np

from quoteline.query.filters import day_number, day_to_date
from quoteline.query.state import MAX_YEAR, MIN_YEAR

# A few statements dated far before the rest (a misread "1846" in a history paragraph) would squash every
# chart into its right edge: without a From filter, dates more than this many days before the 0.5% quantile
# of the dates are left outside the span (and counted in a caption).
_STRAY_DAYS = 3 * 365
_STRAY_SHARE = 0.005
_DRAG_END = re.compile(r"^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?)?$")


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


def clip_zoom(
    zoom: tuple[date, date] | None, date_from: date | None, date_to: date | None
) -> tuple[date, date] | None:
    """The zoom window within the date filter's ends where they are set; None when there is no zoom or
    nothing of it is left inside the filter."""
    if zoom is None:
        return None
    first = max(zoom[0], date_from) if date_from else zoom[0]
    last = min(zoom[1], date_to) if date_to else zoom[1]
    return (first, last) if first <= last else None


def _drag_end(value: object) -> datetime | None:
    """One end of a drag on a date axis, as Plotly reports it: ``YYYY-MM-DD[ HH:MM[:SS[.fff]]]``."""
    if not isinstance(value, str) or not _DRAG_END.match(value):
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def drag_window(ends: object) -> tuple[date, date] | None:
    """The days a horizontal drag on a time chart covers, from the two x values of the browser's box
    selection; None for anything malformed (the event comes from the browser, so it is not trusted).

    An axis day runs from its midnight to the next one, so a drag that stops exactly at midnight ends the
    day before."""
    if not isinstance(ends, list | tuple) or len(ends) != 2:
        return None
    start, stop = (_drag_end(v) for v in ends)
    if start is None or stop is None:
        return None
    start, stop = min(start, stop), max(start, stop)
    last = stop.date()
    if stop > start and stop.time() == time(0) and last > start.date():
        last -= timedelta(days=1)
    first = start.date()
    if first.year < MIN_YEAR or last.year > MAX_YEAR:
        return None
    return first, last
