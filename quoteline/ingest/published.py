"""Check a publication date found in a file: a real calendar day, not in the future, as an ISO string.

Numeric forms are parsed here strictly, so that "31/02/2020" is reported as impossible rather than silently
guessed; other wordings go to ``quoteline.dates.parse_published`` (bounded dateparser).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from email.utils import parsedate_to_datetime

from quoteline.ingest.errors import InputError

_ISO = re.compile(r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$")
_YEAR = re.compile(r"^\d{4}$")
_NUMERIC = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
# A feed written in a timezone ahead of UTC may carry tomorrow's date; one day of slack allows for that.
_FUTURE_SLACK = timedelta(days=1)
# No news article is older. Dates near the calendar's start also break date arithmetic downstream
# ("last year" from 0001-01-01 is year 0, which no calendar type holds).
MIN_YEAR = 1000


def _shown(value: str) -> str:
    """A date as quoted in a message: cut short, so a 5,000-digit "date" does not flood the summary."""
    return repr(value if len(value) <= 40 else value[:37] + "...")


def today_utc() -> date:
    """Today's date in UTC."""
    return datetime.now(UTC).date()


def _day(where: str, value: str, y: int, m: int, d: int) -> date:
    try:
        return date(y, m, d)
    except ValueError:
        raise InputError(
            where,
            f"publication date {_shown(value)} is impossible (no such calendar day); "
            "fix it or give --published YYYY-MM-DD",
        ) from None


def check_published(value: str, where: str, today: date | None = None) -> str:
    """The ISO form (YYYY, YYYY-MM or YYYY-MM-DD) of a publication date; InputError says what is wrong."""
    text = value.strip()
    if not text:
        raise InputError(where, "publication date is empty")
    iso: str
    if _YEAR.match(text):
        iso = text
    elif m := _ISO.match(text):
        y, mo, d = int(m[1]), int(m[2]), m[3]
        iso = _day(where, text, y, mo, int(d)).isoformat() if d else f"{_day(where, text, y, mo, 1):%Y-%m}"
    elif m := _NUMERIC.match(text):
        a, b, y = int(m[1]), int(m[2]), int(m[3])
        # Day first, as most of the world writes it, unless only the month-first reading is a date.
        day_first, month_first = (a, b), (b, a)
        d, mo = month_first if b > 12 >= a else day_first
        iso = _day(where, text, y, mo, d).isoformat()
    else:
        iso = _parse_words(text, where)
    if int(iso[:4]) < MIN_YEAR:
        raise InputError(
            where,
            f"publication date {_shown(text)} is before the year {MIN_YEAR}; no news article is that old "
            "(fix it or give --published YYYY-MM-DD)",
        )
    _not_future(iso, text, where, today or today_utc())
    return iso


def _parse_words(text: str, where: str) -> str:
    if len(text) > 64:  # no written date is this long; and the parsers below would echo it whole
        raise InputError(where, f"publication date {_shown(text)} is not a date; write it as YYYY-MM-DD")
    try:
        return parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    from quoteline import dates  # imported here: its dateparser fallback is slow to load and rarely needed

    try:
        found = dates.parse_published(text)
    except ValueError as exc:
        raise InputError(where, f"publication date {exc}; or give --published") from None
    if not found:
        raise InputError(where, "publication date is empty")
    return found


def _not_future(iso: str, text: str, where: str, today: date) -> None:
    parts = [int(p) for p in iso.split("-")]
    first_day = date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    if first_day > today + _FUTURE_SLACK:
        raise InputError(
            where,
            f"publication date {_shown(text)} is in the future (today is {today.isoformat()}); "
            "the article was not ingested",
        )
