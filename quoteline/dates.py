"""Dates: publication dates, datelines, relative day expressions, and the dates a statement speaks of.

Candidate expressions are found with regular expressions first; only short candidates ever reach dateparser
(``languages=['en']``, ``RELATIVE_BASE`` = the publication day), whose calls are cached, capped in length and
bounded by the ``dateparser_timeout`` setting because dateparser is known to hang on some inputs.

Conventions (docs/KNOWLEDGE.md has the full table):
- a bare weekday ("on Monday", "Saturday's offer") is the latest such day on or before publication;
  "last Monday" is strictly before it;
- "last week" is the day seven days before publication (dateparser's reading), "last month" the month
  before;
- a month without a year ("said in May") is the latest such month on or before publication, at month
  precision;
- in ``referenced_dates`` a month or day without a year is the nearest one to publication, or the coming one
  after "by", "until", "next", "starting" ..., or the past one after "since", "last" ...;
- nothing is ever resolved against today: without a publication date, relative expressions give None.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import signal
import threading
from collections.abc import Callable
from functools import lru_cache
from typing import Any, TypeVar

from quoteline import settings

T = TypeVar("T")

MAX_DATEPARSER_CHARS = 64  # candidates are short phrases; longer input is where dateparser gets slow
MONTHS = {
    name: i
    for i in range(1, 13)
    for name in {calendar.month_name[i].lower(), calendar.month_abbr[i].lower(), "sept" if i == 9 else ""}
    if name
}
WEEKDAYS = {calendar.day_name[i].lower(): i for i in range(7)}
# A month's name or abbreviation, and a weekday's name, as printed in English text.
_MONTH_ALTERNATIVES = (
    r"Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?"
)
MONTH_NAME = rf"(?:{_MONTH_ALTERNATIVES})(?![A-Za-z])\.?"
WEEKDAY_NAME = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
_MONTH = r"(?P<{}>" + _MONTH_ALTERNATIVES + r")(?![A-Za-z])\.?"  # the name, not its full stop
_WEEKDAY = WEEKDAY_NAME
_DAY = r"(?P<{}>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<{}>(?:1[89]|20)\d\d)"


# Words before a date that point ahead ("by March", "until 2030"); shared by datelines and referenced dates.
_FUTURE_WORDS_TEXT = (
    r"by|until|till|before|next|from|starting|beginning|ahead\s+of|scheduled\s+for|due|on\s+or\s+before"
)


class DateparserTimeout(RuntimeError):
    """A bounded call ran past ``dateparser_timeout``."""


# ----------------------------------------------------------------------------------------------- bounding


def run_bounded(fn: Callable[[], T], timeout: float) -> T:
    """Run ``fn`` and raise DateparserTimeout if it takes longer than ``timeout`` seconds.

    In the main thread a real-time timer interrupts the call itself; elsewhere (e.g. the dashboard's script
    thread) the call runs in a daemon thread that is abandoned on timeout.
    """
    if timeout <= 0:
        return fn()
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        return _run_with_alarm(fn, timeout)
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:  # handed back to the caller below
            box["error"] = exc

    worker = threading.Thread(target=target, name="quoteline-dateparser", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise DateparserTimeout(f"dateparser call abandoned after {timeout:g} s")
    if "error" in box:
        raise box["error"]
    value: T = box["value"]
    return value


class _Alarm(Exception):
    """Raised inside the bounded call by the timer's signal handler."""


def _run_with_alarm(fn: Callable[[], T], timeout: float) -> T:
    """Bound ``fn`` with SIGALRM, restoring any handler and timer that were set before."""

    def on_alarm(signum: int, frame: object) -> None:
        raise _Alarm

    previous = signal.signal(signal.SIGALRM, on_alarm)
    earlier = signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        return fn()
    except _Alarm:
        raise DateparserTimeout(f"dateparser call interrupted after {timeout:g} s") from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if earlier[0] > 0:
            signal.setitimer(signal.ITIMER_REAL, max(earlier[0] - timeout, 0.001), earlier[1])


@lru_cache(maxsize=8192)
def _dateparser(expression: str, base: dt.date, prefer: str = "past") -> dt.date | None:
    """dateparser on one short expression relative to ``base``; None when it fails or times out."""
    import dateparser  # slow to import; only needed for the long tail of expressions

    text = expression[:MAX_DATEPARSER_CHARS]
    options = {
        "RELATIVE_BASE": dt.datetime(base.year, base.month, base.day),
        "PREFER_DATES_FROM": prefer,
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    try:
        found = run_bounded(
            lambda: dateparser.parse(text, languages=["en"], settings=options),
            settings.get_float("dateparser_timeout"),
        )
    except DateparserTimeout:
        return None
    except (ValueError, OverflowError, TypeError):
        return None
    return found.date() if found is not None else None


# --------------------------------------------------------------------------------------------- publication


def _day(year: int, month: int, day: int, written: str) -> str:
    """ISO day, or ValueError naming the impossible date as it was written."""
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError as exc:
        raise ValueError(f"{written!r} is not a real date ({exc})") from None


_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[T ]\S*.*$)")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_NUMERIC = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})(?:$|[T ,].*$)")
_TEXT_DMY = re.compile(
    rf"^(?:{_WEEKDAY}|(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\.?)?,?\s*{_DAY.format('d')}\s+(?:of\s+)?"
    rf"{_MONTH.format('m')},?\s+{_YEAR.format('y')}\b",
    re.IGNORECASE,
)
_TEXT_MDY = re.compile(
    rf"^(?:{_WEEKDAY}|(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\.?)?,?\s*{_MONTH.format('m')}\s+{_DAY.format('d')},?\s+"
    rf"{_YEAR.format('y')}\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=4096)
def parse_published(value: str | None) -> str | None:
    """A publication date in any common format as YYYY-MM-DD; None when empty.

    Raises ValueError with a message naming the value when it is not a date, or is an impossible one
    ("31/02/2020"). All-numeric dates follow the ``date_order`` setting (day first by default) unless only
    the other order makes sense ("12/31/2020" is read as December 31).
    """
    if value is None or not str(value).strip():
        return None
    text = str(value).strip()[:200]
    if m := _ISO.match(text):
        return _day(int(m[1]), int(m[2]), int(m[3]), text)
    if m := _COMPACT.match(text):
        return _day(int(m[1]), int(m[2]), int(m[3]), text)
    if m := _NUMERIC.match(text):
        first, second, year = int(m[1]), int(m[2]), int(m[3])
        year = year + 2000 if year < 100 else year
        month_first = settings.get("date_order").upper() == "MDY"
        if (month_first and first <= 12) or second > 12 >= first:  # 12/31/2020 is only month-first
            first, second = second, first
        return _day(year, second, first, text)
    for pattern in (_TEXT_DMY, _TEXT_MDY):
        if m := pattern.match(text):
            return _day(int(m["y"]), MONTHS[m["m"].lower().rstrip(".")], int(m["d"]), text)
    found = _parse_free(text)
    if found is None:
        raise ValueError(f"{text!r} is not a date Quoteline can read; write it as YYYY-MM-DD")
    return found


def _parse_free(text: str) -> str | None:
    """Last resort for unusual formats (RFC 2822 with odd zones and the like), via bounded dateparser."""
    import dateparser

    options = {"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]}
    try:
        found = run_bounded(
            lambda: dateparser.parse(text[:MAX_DATEPARSER_CHARS], languages=["en"], settings=options),
            settings.get_float("dateparser_timeout"),
        )
    except (DateparserTimeout, ValueError, OverflowError, TypeError):
        return None
    return found.date().isoformat() if found is not None else None


def is_future(day: str, today: dt.date | None = None) -> bool:
    """Whether a (possibly partial) ISO date begins after ``today`` (the real today by default)."""
    parts = [int(p) for p in day.split("-")]
    start = dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    return start > (today or dt.date.today())


def _base(published: str | None) -> dt.date | None:
    """The publication day as a date, or None when absent or unreadable."""
    try:
        iso = parse_published(published)
    except ValueError:
        return None
    return dt.date.fromisoformat(iso) if iso else None


# ------------------------------------------------------------------------------------------------ dateline

_WIRE = re.compile(
    rf"^[\s\"'“]*[A-Z][A-Z.'’\- ]{{1,40}}(?:,\s*[A-Z][A-Za-z.'’\- ]{{1,30}})?,?\s+"
    rf"(?:{_WEEKDAY},?\s+)?{_MONTH.format('m')}\s+{_DAY.format('d')}(?:,?\s+{_YEAR.format('y')})?"
    r"\s*(?:\([^)\n]{1,40}\)|/[^/\n]{1,40}/)?\s*[-–—:]"
)
_WIRE_DMY = re.compile(
    rf"^[\s\"'“]*[A-Z][A-Z.'’\- ]{{1,40}}(?:,\s*[A-Z][A-Za-z.'’\- ]{{1,30}})?,?\s+{_DAY.format('d')}\s+"
    rf"{_MONTH.format('m')}(?:,?\s+{_YEAR.format('y')})?\s*(?:\([^)\n]{{1,40}}\)|/[^/\n]{{1,40}}/)?\s*[-–—:]"
)
# A line holding only a date may carry a label and a time: "Published: March 3, 2022 10:32 AM EST",
# "13 February 2022 - 23:10".
_STAMP = r"(?:(?:Published|Posted|Updated|Last\s+updated|Date|Dated)(?:\s+on)?\s*:?\s*)?"
_TIME = r"(?:\s*[-–—,|]?\s*(?:at\s+)?\d{1,2}[:.]\d{2}(?![\d]).{0,30})?"
_DATE_LINE = [
    re.compile(
        rf"^\s*{_STAMP}(?:{_WEEKDAY},?\s+)?{_MONTH.format('m')}\s+{_DAY.format('d')},?\s+{_YEAR.format('y')}"
        rf"{_TIME}\s*$",
        re.IGNORECASE,
    ),
    re.compile(
        rf"^\s*{_STAMP}(?:{_WEEKDAY},?\s+)?{_DAY.format('d')}\s+{_MONTH.format('m')},?\s+{_YEAR.format('y')}"
        rf"{_TIME}\s*$",
        re.IGNORECASE,
    ),
    re.compile(rf"^\s*{_STAMP}(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d){_TIME}\s*$"),
]


def find_dateline(body: str, published: str | None = None) -> str | None:
    """The day a dateline near the top of ``body`` gives ("WASHINGTON, March 3 -", "Monday, May 6, 2019").

    A dateline without a year takes it from ``published``, stepping back a year when the day would otherwise
    fall after publication. Without ``published`` the year is the story's own: the latest year its text
    names in the past or present (wire copy says "its 1986 results", "in 1987"); with no year anywhere such a
    dateline gives None.
    """
    lines = [ln for ln in body[:3000].splitlines() if ln.strip()][:8]
    for line in lines:
        line = line[:300]
        for pattern in (_WIRE, _WIRE_DMY, *_DATE_LINE):
            m = pattern.match(line)
            if m:
                if published is None and not m["y"]:
                    year = story_year(body)
                    published = f"{year:04d}-12-31" if year else None
                found = _dateline_day(m, published)
                if found:
                    return found
    return None


def dateline_span(body: str, published: str | None = None) -> tuple[int, int] | None:
    """Offsets in ``body`` of the dateline ``find_dateline`` reads (same lines, same patterns), or None."""
    if find_dateline(body, published) is None:
        return None
    pos, seen = 0, 0
    for line in body[:3000].splitlines(keepends=True):
        if line.strip():
            seen += 1
            for pattern in (_WIRE, _WIRE_DMY, *_DATE_LINE):
                m = pattern.match(line[:300])
                if m:
                    if published is None and not m["y"]:
                        year = story_year(body)
                        published = f"{year:04d}-12-31" if year else None
                    if _dateline_day(m, published) is None:
                        continue
                    lead = len(m.group(0)) - len(m.group(0).lstrip(" \t\"'“"))
                    return pos + m.start() + lead, pos + len(m.group(0).rstrip())
            if seen >= 8:
                break
        pos += len(line)
    return None


_STORY_YEAR = re.compile(r"(?<![\d$€£.,/-])\b(?:19|20)\d\d\b(?![\d.,]\d)(?!\s*(?:%|percent|per\s+cent))")
_YEAR_AHEAD = re.compile(
    rf"\b(?:{_FUTURE_WORDS_TEXT}|to|through|will|would|target|targets|plan|plans|goal)\s+(?:the\s+)?"
    r"(?:end\s+of\s+|year\s+|fiscal\s+)?$",
    re.IGNORECASE,
)
_STORY_CHARS = 8000  # the years a story names are read from its opening


def story_year(body: str) -> int | None:
    """The latest year the text names that is not a plan or a count ("by 2030", "nearly 2000 troops")."""
    text = body[:_STORY_CHARS]
    years = [
        int(m.group(0))
        for m in _STORY_YEAR.finditer(text)
        if not _YEAR_AHEAD.search(text, max(0, m.start() - 30), m.start())
        and not _QUANTITY_BEFORE.search(text[max(0, m.start() - 20) : m.start()])
        and not re.match(rf"\s+{_COUNTED}\b", text[m.end() : m.end() + 20], re.IGNORECASE)
    ]
    return max(years) if years else None


def _dateline_day(m: re.Match[str], published: str | None) -> str | None:
    """ISO day from a dateline match, taking a missing year from ``published``."""
    month_text = m["m"]
    month = int(month_text) if month_text.isdigit() else MONTHS[month_text.lower().rstrip(".")]
    day = int(m["d"])
    if m["y"]:
        try:
            return dt.date(int(m["y"]), month, day).isoformat()
        except ValueError:
            return None
    base = _base(published)
    if base is None:
        return None
    return _day_near(month, day, base, "past")


# ----------------------------------------------------------------------------------------- relative dates

# Cheap first looks: most statements hold no date words at all and skip the full patterns. A set lookup per
# word is several times faster than any case-insensitive alternation over the text.
_ALPHA = re.compile(r"[A-Za-z]+")
_FOUR_DIGITS = re.compile(r"\d{4}")
_MONTH_WORDS = frozenset(
    w.capitalize() for w in [*MONTHS, *(calendar.month_name[i] for i in range(1, 13))] if w
) | frozenset(calendar.month_name[i] for i in range(1, 13))
_REL_WORDS = frozenset(
    [
        "yesterday",
        "today",
        "tonight",
        "ago",
        "last",
        "this",
        "night",
        "week",
        "month",
        "year",
        "earlier",
        "later",
    ]
) | frozenset(WEEKDAYS)


def _may_hold_day(text: str) -> bool:
    """Whether ``text`` has any word a relative day expression needs."""
    return bool(_FOUR_DIGITS.search(text)) or any(
        w in _MONTH_WORDS or w.lower() in _REL_WORDS for w in _ALPHA.findall(text)
    )


def _may_hold_date(text: str) -> bool:
    """Whether ``text`` has a four-digit number, a month name, or "year"/"month"."""
    if _FOUR_DIGITS.search(text):
        return True
    return any(w in _MONTH_WORDS or w.lower() in ("year", "month") for w in _ALPHA.findall(text))


# Every pattern below starts at a word start: the look-around fails fast everywhere else.
_WORD_START = r"(?<![A-Za-z0-9])(?=[A-Za-z0-9])"
_REL = re.compile(
    _WORD_START + r"(?:(?P<dby>\b(?:the\s+)?day\s+before\s+yesterday\b)"
    r"|(?P<yday>\byesterday(?:['’]s)?\b|\blast\s+night\b)"
    r"|(?P<today>\btoday(?:['’]s)?\b|\bthis\s+(?:morning|afternoon|evening)\b|\btonight\b)"
    r"|(?P<ago>\b(?:(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+"
    r"(?:days?|weeks?|months?)\s+ago)\b)"
    r"|(?P<lastweek>\blast\s+week\b|\ba\s+week\s+ago\b)"
    r"|(?P<lastmonth>\blast\s+month\b)"
    r"|(?P<thismonth>\b(?:earlier|late[r]?)\s+this\s+month\b|\bthis\s+month\b)"
    r"|(?P<lastyear>\blast\s+year\b)"
    r"|(?P<thisyear>\bearlier\s+this\s+year\b)"
    rf"|(?P<wd>\b(?P<wdlast>last\s+|this\s+past\s+|past\s+)?(?P<wdname>{_WEEKDAY})(?:['’]s)?\b)"
    rf"|(?P<md>\b{_MONTH.format('m1')}\s+{_DAY.format('d1')}(?!\d)(?:(?:st|nd|rd|th)?,?\s+{_YEAR.format('y1')})?)"
    rf"|(?P<dm>\b{_DAY.format('d2')}\s+(?:of\s+)?{_MONTH.format('m2')}(?:,?\s+{_YEAR.format('y2')})?)"
    rf"|(?P<inmonth>\b(?:in|during|early|late|mid|last)\s+(?:-\s*)?{_MONTH.format('m3')}"
    rf"(?:\s+(?:of\s+)?{_YEAR.format('y3')}|,?\s+(?:of\s+)?(?P<yrel>last|this|next)\s+year\b)?)"
    rf"|(?P<inyear>\bin\s+{_YEAR.format('y4')}\b))",
    re.IGNORECASE,  # "Yesterday, ..." opens many sentences; month names are checked for case below
)
# A day governed by a word of sequence, or inside a relative clause, dates another event: "After Monday's
# vote, X said", "since Friday", "attacked the decree, which was signed on Monday".
_OTHER_EVENT = re.compile(
    r"\b(?:after|following|before|ahead\s+of|since|until|prior\s+to|which|in\s+the\s+(?:wake|aftermath)\s+of)\b"
    r"[^,;:.!?()\u201c\u201d\"]{0,40}$",
    re.IGNORECASE,
)
_MONTH_CASE = re.compile(r"^[A-Z]")  # "may"/"march" in lower case are the verb, not the month


def resolve_relative(text: str, published: str | None) -> str | None:
    """The day (or month) the first day expression in ``text`` places a statement on, against ``published``.

    Returns YYYY-MM-DD, or YYYY-MM / YYYY for "in May", "earlier this month", "last year"; None when the text
    has no such expression or there is no publication date (never today).
    """
    base = _base(published)
    if base is None or not text:
        return None
    text = text[:5000]
    if not _may_hold_day(text):
        return None
    vague: str | None = None
    for m in _REL.finditer(text):
        if _OTHER_EVENT.search(text, max(0, m.start() - 50), m.start()):
            continue
        if m.lastgroup == "inyear" and _BIOGRAPHY.search(text, max(0, m.start() - 60), m.start()):
            continue  # "X, who retired as director in 2013, said": a year of the speaker's life story
        if m.lastgroup in _AHEAD_SENSITIVE and _tense(text, m.start()) == "future":
            continue  # "will speak on Monday", "would go ahead in May": a plan, not the day it was said
        if (
            m.lastgroup == "wd"
            and not m["wdlast"]
            and _SOME_WEEKDAY.search(text, max(0, m.start() - 12), m.start())
        ):
            continue  # "One Sunday in late 2001", "every Friday": no particular day
        found = _resolve_match(m, base)
        if not found:
            continue
        if m.lastgroup not in _VAGUE:
            return found
        vague = vague or found  # "Last week, on December 8, ...": a day named after it is more precise
    return vague


def relative_phrase(text: str, published: str | None) -> tuple[int, int] | None:
    """Offsets in ``text`` of the expression ``resolve_relative`` reads its day from, or None.

    Every test ``resolve_relative`` makes on a match looks only at the words before it, so the expression is
    the first match at whose end the text, cut there, already resolves to the whole text's day.
    """
    day = resolve_relative(text, published)
    if day is None:
        return None
    for m in _REL.finditer(text[:5000]):
        if resolve_relative(text[: m.end()], published) == day:
            return m.span()
    return None


_BIOGRAPHY = re.compile(r"\b(?:who|whose|whom)\b[^,;:.!?()\u201c\u201d\"]{0,50}$", re.IGNORECASE)
_AHEAD_SENSITIVE = frozenset(["wd", "md", "dm", "inmonth"])
# "One Sunday", "every Friday", "next Monday": no past day. ("a Sunday news conference" is a particular one.)
_SOME_WEEKDAY = re.compile(r"\b(?:one|every|each|some|another|any|next|coming)\s+$", re.I)
# Expressions that give a stretch of time rather than a day; a day the same text names wins over them.
_VAGUE = frozenset(["lastweek", "lastmonth", "thismonth", "lastyear", "thisyear", "inmonth", "inyear"])


def _resolve_match(m: re.Match[str], base: dt.date) -> str | None:
    """Resolve one matched relative expression; None when it turns out not to be a date."""
    kind = m.lastgroup
    if kind == "wd" or m["wdname"]:
        target = WEEKDAYS[m["wdname"].lower()]
        back = (base.weekday() - target) % 7
        if m["wdlast"] and back == 0:
            back = 7
        return (base - dt.timedelta(days=back)).isoformat()
    if kind in ("dby", "yday", "ago", "lastweek"):
        fallback = {"dby": 2, "yday": 1, "lastweek": 7}.get(kind or "")
        phrase = "yesterday" if kind == "yday" else " ".join(m.group(0).lower().split())
        days = days_back(phrase)
        found = base - dt.timedelta(days=days) if days is not None else _dateparser(phrase, base)
        if found is None and fallback is not None:
            found = base - dt.timedelta(days=fallback)
        return found.isoformat() if found and found <= base else None
    if kind == "today":
        return base.isoformat()
    if kind == "lastmonth":
        prev = base.replace(day=1) - dt.timedelta(days=1)
        return f"{prev.year:04d}-{prev.month:02d}"
    if kind == "thismonth":
        return f"{base.year:04d}-{base.month:02d}"
    if kind == "lastyear":
        return f"{base.year - 1:04d}"
    if kind == "thisyear":
        return f"{base.year:04d}"
    if kind == "inyear":
        # "in her inaugural address in 2019": a past year only; a later year is a plan, not when it was said.
        said_in = int(m["y4"])
        return f"{said_in:04d}" if said_in < base.year else None
    if m["m1"] or m["m2"]:
        month_text, day, year = (m["m1"], m["d1"], m["y1"]) if m["m1"] else (m["m2"], m["d2"], m["y2"])
        if not _MONTH_CASE.match(month_text):
            return None
        return _month_day(month_text, int(day), year, base, "past")
    if m["m3"] and _MONTH_CASE.match(m["m3"]):
        month = MONTHS[m["m3"].lower().rstrip(".")]
        if m["y3"]:
            return f"{int(m['y3']):04d}-{month:02d}"
        # "in March of last year" is last year's March, though this year's has passed; "in December this
        # year", still ahead, and "next year" name a plan, not when anything was said.
        rel = (m["yrel"] or "").lower()
        if rel == "next" or (rel == "this" and month > base.month):
            return None
        year = base.year - 1 if rel == "last" or month > base.month else base.year
        return f"{year:04d}-{month:02d}"
    return None


_COUNT_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}  # fmt: skip
_DAYS_AGO = re.compile(r"(?P<n>[a-z]+|\d{1,2}) (?P<unit>day|week)s? ago")


def days_back(phrase: str) -> int | None:
    """How many days before publication a day or week phrase of ``_REL`` lies ("yesterday", "last week",
    "three days ago"; lower case, single spaces), counted as dateparser counts them, or None (months, which
    dateparser counts by the calendar, and anything else).

    Plain arithmetic spares the import and first call of dateparser (about a fifth of a second of CPU per
    process, most articles need no other dateparser reading) and its timer; tests/test_dates.py checks the
    answer against dateparser for every such phrase.
    """
    fixed = {"yesterday": 1, "day before yesterday": 2, "the day before yesterday": 2, "last week": 7}
    if phrase in fixed:
        return fixed[phrase]
    m = _DAYS_AGO.fullmatch(phrase)
    if m is None:
        return None
    count = int(m["n"]) if m["n"].isdigit() else _COUNT_WORDS.get(m["n"])
    if count is None:
        return None
    return count * (7 if m["unit"] == "week" else 1)


def _month_day(month_text: str, day: int, year: str | None, base: dt.date, direction: str) -> str | None:
    """ISO day for "March 3" (with or without a year); None when it is impossible."""
    month = MONTHS[month_text.lower().rstrip(".")]
    if year:
        try:
            return dt.date(int(year), month, day).isoformat()
        except ValueError:
            return None
    return _day_near(month, day, base, direction)


def _day_near(month: int, day: int, base: dt.date, direction: str) -> str | None:
    """The month/day in the year that fits ``direction`` (past / future / nearest) relative to ``base``."""
    options = []
    for year in (base.year - 1, base.year, base.year + 1):
        try:
            options.append(dt.date(year, month, day))
        except ValueError:
            continue
    if not options:
        return None
    if direction == "past":
        past = [d for d in options if d <= base]
        return max(past).isoformat() if past else None
    if direction == "future":
        future = [d for d in options if d >= base]
        return min(future).isoformat() if future else None
    return min(options, key=lambda d: abs((d - base).days)).isoformat()


# ----------------------------------------------------------------------------------------- referenced dates

_FUTURE_WORDS = rf"(?:{_FUTURE_WORDS_TEXT})"
_PAST_WORDS = r"(?:since|last|earlier|ago|after)"
# A four-digit number before these words is a quantity ("2000 troops"), not a year.
_COUNTED = (
    r"(?:troops|soldiers|people|civilians|migrants|refugees|km|kilometres|kilometers|miles|tonnes|tons|dollars"
    r"|euros|barrels|metres|meters|cases|deaths|casualties|men|women|children|prisoners|jobs|units|flights|votes)"
)
_QUANTITY_BEFORE = re.compile(
    r"\b(?:about|around|some|nearly|almost|approximately|roughly|another|additional|at\s+least)\s+$", re.I
)
_REF = re.compile(
    _WORD_START + rf"(?:(?P<iso>\b(?P<iy>(?:19|20)\d\d)-(?P<im>[01]\d)-(?P<id>[0-3]\d)\b)"
    rf"|(?P<mdy>\b{_MONTH.format('m1')}\s+{_DAY.format('d1')},?\s+{_YEAR.format('y1')}\b)"
    rf"|(?P<dmy>\b{_DAY.format('d2')}\s+(?:of\s+)?{_MONTH.format('m2')},?\s+{_YEAR.format('y2')}\b)"
    rf"|(?P<my>\b{_MONTH.format('m3')}\s+(?:of\s+)?{_YEAR.format('y3')}\b)"
    rf"|(?P<md>\b{_MONTH.format('m4')}\s+{_DAY.format('d4')}(?![\d,]*\d)\b)"
    rf"|(?P<dm>\b{_DAY.format('d5')}\s+(?:of\s+)?{_MONTH.format('m5')}\b)"
    r"|(?P<rel>\b(?P<relwhich>this|next|last|coming|past)\s+(?P<relunit>year|month)\b)"
    rf"|(?P<mo>\b(?P<mprep>in|by|until|till|since|from|before|after|through|during|of|end\s+of|"
    rf"beginning\s+of|start\s+of|middle\s+of|early|late|mid|next|last|this)\s+(?:-\s*)?{_MONTH.format('m6')}"
    r"(?!\s*,?\s*(?:of\s+)?(?:19|20)\d\d)(?!\s+[0-3]?\d(?:st|nd|rd|th)?\b))"
    r"|(?P<year>(?<![\d$€£.,/])\b(?P<yy>(?:19|20)\d\d)\b(?!\s*(?:%|percent|per\s+cent))(?![\d.,]\d)"
    rf"(?!\s+{_COUNTED}\b)))",
)


def referenced_dates(text: str, published: str | None) -> list[str]:
    """Dates the statement's content speaks of, each as precise as given ("2020", "2020-03", "2020-03-05").

    Years, months and days with a year are read without ``published``; expressions that need it
    ("this year", "by the end of August", "on November 26") are skipped when it is None.
    """
    text = text[:20000]
    if not text or not _may_hold_date(text):
        return []
    base = _base(published)
    found: list[str] = []
    for m in _REF.finditer(text):
        value = _ref_value(m, text, base)
        if value and value not in found:
            found.append(value)
    return found


# The verb of the clause a year-less date sits in: "will meet in March" is the coming March, "met in March"
# the last one. Only the clause before the date is read, back to the nearest mark or "that", and the tense
# word nearest the date wins ("agreed to meet in March" looks ahead, "the debate, which was slated for").
_FUTURE_TENSE = (
    r"(?:will|shall|would)(?:\s+not)?(?:\s+be)?(?:\s+[a-z]+)?|going\s+to|(?:(?:is|are)\s+)?to\s+be(?:\s+[a-z]+)?|"
    r"(?:is|are)\s+to|(?:plans?|planned|intends?|intended|expects?|expected|"
    r"hopes?|hoped|aims?|aimed|agreed|agrees|decided|decides|pledged|promised|vowed|seeks?|sought|wants?|wanted|"
    r"set|due|poised|ready)\s+to|scheduled|slated|anticipated|upcoming|forthcoming|coming|next|\w['’]ll"
)
_PAST_TENSE = (
    r"was|were|had|did|ago|held|met|began|took|went|came|made|said|told|won|lost|fell|last|[a-z]{2,}[^e\W]ed"
)
_TENSE = re.compile(rf"\b(?:(?P<future>{_FUTURE_TENSE})|(?P<past>{_PAST_TENSE}))\b", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r".*(?:[,;:.!?()\"“”]|\bthat\b)", re.IGNORECASE | re.DOTALL)


def _tense(text: str, start: int) -> str:
    """ "future", "past" or "nearest" from the tense word nearest ``start`` in the clause that ends there."""
    before = text[max(0, start - 80) : start]
    cut = _CLAUSE_BREAK.match(before)
    clause = before[cut.end() :] if cut else before
    last = None
    for m in _TENSE.finditer(clause):
        last = m
    if last is None:
        return "nearest"
    return "future" if last["future"] else "past"


def looks_ahead(text: str) -> bool:
    """Whether the clause that ends ``text`` speaks of the future ("would stay shut until the hearing")."""
    end = len(text.rstrip())
    if _tense(text, end) == "future":
        return True
    return bool(re.search(rf"\b{_FUTURE_WORDS}\b[^,;:.!?]{{0,40}}$", text[max(0, end - 60) : end], re.I))


def _direction(text: str, start: int) -> str:
    """Whether the words just before ``start`` point to the future, the past, or neither ("nearest")."""
    before = text[max(0, start - 30) : start].lower()
    if re.search(
        rf"\b{_FUTURE_WORDS}\s+(?:the\s+)?(?:end\s+of\s+|beginning\s+of\s+|start\s+of\s+)?$", before
    ):
        return "future"
    if re.search(rf"\b{_PAST_WORDS}\s+(?:the\s+)?$", before):
        return "past"
    return _tense(text, start)


def _ref_value(m: re.Match[str], text: str, base: dt.date | None) -> str | None:
    """The ISO value of one referenced-date match, or None."""
    kind = m.lastgroup
    try:
        if kind == "iso":
            return dt.date(int(m["iy"]), int(m["im"]), int(m["id"])).isoformat()
        if kind == "mdy" and _MONTH_CASE.match(m["m1"]):
            return dt.date(int(m["y1"]), MONTHS[m["m1"].lower().rstrip(".")], int(m["d1"])).isoformat()
        if kind == "dmy" and _MONTH_CASE.match(m["m2"]):
            return dt.date(int(m["y2"]), MONTHS[m["m2"].lower().rstrip(".")], int(m["d2"])).isoformat()
    except ValueError:
        return None
    if kind == "my" and _MONTH_CASE.match(m["m3"]):
        return f"{int(m['y3']):04d}-{MONTHS[m['m3'].lower().rstrip('.')]:02d}"
    if kind == "year":
        if _QUANTITY_BEFORE.search(text[max(0, m.start() - 20) : m.start()]):
            return None  # "nearly 2000 ...", "up to 2050": a count, not a year
        return m["yy"]
    if base is None:
        return None
    if kind in ("md", "dm"):
        month_text, day = (m["m4"], m["d4"]) if kind == "md" else (m["m5"], m["d5"])
        if not _MONTH_CASE.match(month_text) or not 1 <= int(day) <= 31:
            return None
        return _month_day(month_text, int(day), None, base, _direction(text, m.start()))
    if kind == "rel":
        shift = {"this": 0, "next": 1, "coming": 1, "last": -1, "past": -1}[m["relwhich"].lower()]
        if m["relunit"].lower() == "year":
            return f"{base.year + shift:04d}"
        first = base.replace(day=1)
        month_index = first.year * 12 + first.month - 1 + shift
        return f"{month_index // 12:04d}-{month_index % 12 + 1:02d}"
    if kind == "mo" and _MONTH_CASE.match(m["m6"]):
        return _month_ref(m, text, base)
    return None


def _month_ref(m: re.Match[str], text: str, base: dt.date) -> str | None:
    """YYYY-MM for a month named without a year ("by the end of August", "since March")."""
    month = MONTHS[m["m6"].lower().rstrip(".")]
    prep = " ".join(m["mprep"].lower().split())
    if prep in ("next",) or re.match(_FUTURE_WORDS + "$", prep) or prep.endswith("of"):
        direction = _direction(text, m.start("m6"))
        direction = "future" if prep == "next" or direction == "future" else direction
    elif prep in ("since", "last", "after"):
        direction = "past"
    else:
        direction = _direction(text, m.start())
    if prep in ("by", "until", "till", "before", "from"):
        direction = "future"
    day = _day_near(month, 1, base.replace(day=1), direction)
    return day[:7] if day else None
