"""Dates: publication formats, datelines, relative expressions, referenced dates, and the dateparser bound."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quoteline import dates

# Hostile text: arbitrary unicode mixed with the pieces the helpers look for.
PIECES = st.sampled_from(
    ["Moscow", "'s", " said ", "U.S.", "in ", "on Monday", "March 3", ", 2020", "-", "—", "Putin", "Jr.", " "]
)
TEXT = st.lists(st.one_of(st.text(max_size=20), PIECES), max_size=30).map("".join)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2019-11-17", "2019-11-17"),
        ("2019-11-17T08:30:00+03:00", "2019-11-17"),
        ("2019-11-17 08:30", "2019-11-17"),
        ("2019/11/17", "2019-11-17"),
        ("20191117", "2019-11-17"),
        ("17/11/2019", "2019-11-17"),
        ("17.11.2019", "2019-11-17"),
        ("11/17/2019", "2019-11-17"),
        ("03/04/2020", "2020-04-03"),
        ("17 November 2019", "2019-11-17"),
        ("November 17, 2019", "2019-11-17"),
        ("Nov. 17, 2019", "2019-11-17"),
        ("Sunday, November 17, 2019", "2019-11-17"),
        ("Sun, 17 Nov 2019 08:30:00 GMT", "2019-11-17"),
        ("17th of November 2019", "2019-11-17"),
        ("2020-02-29", "2020-02-29"),
        (None, None),
        ("", None),
        ("   ", None),
    ],
)
def test_parse_published(value: str | None, expected: str | None) -> None:
    assert dates.parse_published(value) == expected


@pytest.mark.parametrize(
    "value",
    ["31/02/2020", "2019-02-29", "2020-13-01", "February 30, 2020", "31 April 2021", "next Tuesday-ish"],
)
def test_parse_published_rejects_impossible_and_unreadable_dates(value: str) -> None:
    with pytest.raises(ValueError, match="not a") as caught:
        dates.parse_published(value)
    assert value in str(caught.value)


def test_is_future() -> None:
    today = dt.date(2022, 3, 1)
    assert dates.is_future("2022-03-02", today)
    assert not dates.is_future("2022-03-01", today)
    assert dates.is_future("2022-04", today)
    assert not dates.is_future("2022", today)
    assert dates.is_future("2999-01-01")


@pytest.mark.parametrize(
    ("body", "published", "expected"),
    [
        ("Title\n\nWASHINGTON, March 3 - The president said", "2022-03-04", "2022-03-03"),
        ("WASHINGTON, March 3 (Reuters) - text", "2022-03-04", "2022-03-03"),
        ("MINSK, Nov 17 (Reuters) - Belarus", "2019-11-18", "2019-11-17"),
        ("VELGRAD, Dec 30 - text", "2020-01-02", "2019-12-30"),
        ("KYIV, Ukraine, March 3, 2022 — text", None, "2022-03-03"),
        ("LONDON, 3 March - text", "2022-03-05", "2022-03-03"),
        ("BRUSSELS, March 3, 2022 /PRNewswire/ -- text", None, "2022-03-03"),
        ("Title\n\nPublished: March 3, 2022 10:32 AM EST\n\nText", None, "2022-03-03"),
        ("Title\n\n13 February 2022 - 23:10\n\nText", None, "2022-02-13"),
        ("Title\n\nMonday, September 23, 2019\n\nThe minister said", None, "2019-09-23"),
        ("Title\n\n23 September 2019\n\nText", None, "2019-09-23"),
        ("WASHINGTON, March 3 - text", None, None),  # no year anywhere
        ("WASHINGTON (AP) — text", "2020-01-01", None),
        ("Title\n\nThe minister said on March 3 that talks would go on.", "2022-03-04", None),
        ("VELGRAD, February 30 - text", "2022-03-04", None),
        ("", "2022-03-04", None),
    ],
)
def test_find_dateline(body: str, published: str | None, expected: str | None) -> None:
    assert dates.find_dateline(body, published) == expected


PUB = "2019-11-17"  # a Sunday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("he said on Monday", "2019-11-11"),
        ("told reporters on Sunday", "2019-11-17"),  # a bare weekday may be the publication day
        ("said last Sunday", "2019-11-10"),
        ("Saturday's offer", "2019-11-16"),
        ("told reporters yesterday", "2019-11-16"),
        ("the day before yesterday", "2019-11-15"),
        ("said today", "2019-11-17"),
        ("two days ago", "2019-11-15"),
        ("last week", "2019-11-10"),
        ("said on November 3", "2019-11-03"),
        ("said on 3 November", "2019-11-03"),
        ("said on December 3", "2018-12-03"),  # never after publication
        ("said on March 3, 2018", "2018-03-03"),
        ("said in May", "2019-05"),
        ("said in December", "2018-12"),
        ("said in May 2017", "2017-05"),
        ("earlier this month", "2019-11"),
        ("last month", "2019-10"),
        ("last year", "2018"),
        ("he may march on", None),
        ("no day here", None),
        ("", None),
    ],
)
def test_resolve_relative(text: str, expected: str | None) -> None:
    assert dates.resolve_relative(text, PUB) == expected


def test_resolve_relative_never_guesses_without_publication() -> None:
    assert dates.resolve_relative("said on Monday", None) is None
    assert dates.resolve_relative("said yesterday", "not a date") is None


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("he will seek re-election in the 2020 elections", "2019-11-17", ["2020"]),
        ("enough to start trading on July 1, 2020", "2019-07-10", ["2020-07-01"]),
        (
            "the statement of November 9, 2020 and the 1 December 2021 meeting",
            None,
            ["2020-11-09", "2021-12-01"],
        ),
        ("in Sochi on November 26", "2021-12-14", ["2021-11-26"]),
        ("the meeting scheduled for December 15", "2021-12-14", ["2021-12-15"]),
        ("help 8 million people by the end of August", "2022-04-28", ["2022-08"]),
        ("by January", "2021-12-14", ["2022-01"]),
        ("since March", "2021-01-10", ["2020-03"]),
        ("starting early next year", "2021-12-30", ["2022"]),
        ("food prices this year", "2022-04-28", ["2022"]),
        ("food prices this year", None, []),
        ("in March 2014 and again in 2022", None, ["2014-03", "2022"]),
        ("between 2014 and 2022", None, ["2014", "2022"]),
        ("the 2019-2020 season", None, ["2019", "2020"]),
        ("costs between $5 and $7 billion, 1,905 people, 2020% more, $2020", None, []),
        ("he may march", "2021-01-01", []),
        ("they sent 2000 troops and nearly 2010 more", None, []),
        ("from 2019 to 2022, at least 2000 of them", None, ["2019", "2022"]),
        ("", "2021-01-01", []),
    ],
)
def test_referenced_dates(text: str, published: str | None, expected: list[str]) -> None:
    assert dates.referenced_dates(text, published) == expected


def _spin() -> None:
    """A call that never finishes on its own."""
    while True:
        time.sleep(0.001)


def test_bound_interrupts_a_hanging_call_in_the_main_thread() -> None:
    with pytest.raises(dates.DateparserTimeout):
        dates.run_bounded(_spin, 0.05)
    assert dates.run_bounded(lambda: 42, 0.05) == 42


def test_bound_abandons_a_hanging_call_in_another_thread() -> None:
    outcome: list[str] = []

    def worker() -> None:
        try:
            dates.run_bounded(_spin, 0.05)
        except dates.DateparserTimeout:
            outcome.append("timeout")

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join(10)
    assert outcome == ["timeout"]


def test_bound_passes_errors_through() -> None:
    def boom() -> None:
        raise ZeroDivisionError

    with pytest.raises(ZeroDivisionError):
        dates.run_bounded(boom, 1.0)


def test_hostile_input_is_capped_and_never_raises() -> None:
    base = "yesterday Monday March 3 2020 " + "9" * 200_000 + " \x00\u202e" * 1000
    assert dates.resolve_relative(base, PUB) == "2019-11-16"
    assert dates.referenced_dates(base, PUB) == ["2020-03-03"]
    assert dates.find_dateline(base * 3, PUB) is None
    with pytest.raises(ValueError, match="not a date"):
        dates.parse_published("9" * 100_000)


@settings(max_examples=150, deadline=None)
@given(TEXT, st.sampled_from([None, "2020-02-29", "2019-12-31"]))
def test_dates_never_raise(text: str, published: str | None) -> None:
    day = dates.resolve_relative(text, published)
    assert day is None or published is not None
    for value in dates.referenced_dates(text, published):
        assert value[:4].isdigit()
    dates.find_dateline(text, published)


def test_date_order_setting_switches_numeric_dates_to_month_first(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUOTELINE_DATE_ORDER", "MDY")
    dates.parse_published.cache_clear()
    try:
        assert dates.parse_published("03/04/2020") == "2020-03-04"
        assert dates.parse_published("31/12/2020") == "2020-12-31"  # only day-first makes sense
    finally:
        dates.parse_published.cache_clear()


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("she told the assembly in her first speech in 2017", "2023-05-02", "2017"),
        ("said the works would finish in 2027", "2023-05-02", None),
        ("said in May", "2023-03-20", "2022-05"),
        ("said in February", "2023-03-20", "2023-02"),
        ("Friday's proposal from Ilse Tamm, who promised", "2023-03-20", "2023-03-17"),
    ],
)
def test_resolve_relative_years_months_and_possessive_days(
    text: str, published: str, expected: str | None
) -> None:
    assert dates.resolve_relative(text, published) == expected


# Every day or week phrase the relative pattern reads, as ``_resolve_match`` hands it on (lower case).
_COUNTS = [*dates._COUNT_WORDS, *(str(n) for n in range(100)), *(f"0{n}" for n in range(10))]
_DAY_PHRASES = [
    "yesterday",
    "day before yesterday",
    "the day before yesterday",
    "last week",
    *(f"{n} {unit} ago" for n in _COUNTS for unit in ("day", "days", "week", "weeks")),
]


@pytest.mark.parametrize("base", [dt.date(2024, 3, 1), dt.date(2021, 1, 3)])
def test_day_and_week_phrases_are_counted_as_dateparser_counts_them(base: dt.date) -> None:
    for phrase in _DAY_PHRASES:
        back = dates.days_back(phrase)
        assert back is not None, phrase
        assert base - dt.timedelta(days=back) == dates._dateparser.__wrapped__(phrase, base), phrase


def test_month_phrases_are_left_to_dateparser() -> None:
    assert dates.days_back("three months ago") is None
    assert dates.days_back("a month ago") is None
    assert dates.resolve_relative("She said two months ago that the pier would close.", "2024-03-31") == (
        "2024-01-31"
    )
    assert dates.resolve_relative("She said three days ago that the pier would close.", "2024-03-01") == (
        "2024-02-27"
    )
