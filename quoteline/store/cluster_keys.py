"""What clustering compares a statement by: its quote normalised, and its date as a day number, for one
statement (``normalise_quote``, ``day_number``) or for an Arrow column of stored ones at once
(``normalised``, ``day_numbers``), with the same result.

A commit by busy speakers dated across years takes millions of stored statements into the cluster index
(10M synthetic store, 4 of its leaders: 3.2M rows); normalising them one Python call at a time was 44 of its
79 profiled CPU s, and their day numbers 27 (session 21). The column forms compute in Arrow and numpy the
rows whose result they can compute exactly, and hand the others to the one-value functions:
- a quote made only of ASCII and the quote marks and dashes clustering folds: for those characters NFKC
  changes nothing but what the fold maps anyway ("…" to "...", a non-breaking hyphen to a hyphen), and
  ``casefold`` is ASCII lower-casing. Any other letter (ß, dotted I, final sigma, ligatures: Arrow's
  lower-casing differs from ``casefold`` for some) goes through ``normalise_quote``.
- a date of the form YYYY, YYYY-MM or YYYY-MM-DD that is a calendar day; any other string (and the log line
  it earns) goes through ``day_number``.
``tests/test_cluster_keys.py`` checks both forms equal on every ASCII character and on generated text.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from datetime import date
from typing import Final

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

LOGGER = logging.getLogger(__name__)

UNDATED: Final = -1

# What outlets vary between copies of one quote: each of these characters is folded to its value.
FOLDS: Final[dict[str, str]] = {
    **dict.fromkeys("\"'`«»‹›“”„‟‘’‚‛「」『』", " "),
    **dict.fromkeys("‐‑‒–—―−", "-"),
    "…": "...",
}
_MARKS = str.maketrans(FOLDS)
_SPACE = re.compile(r"\s+")
STRIPPED: Final = " .,;:!?-"


def normalise_quote(text: str) -> str:
    """Fold the cosmetic differences outlets introduce: quote marks, dashes, whitespace, case."""
    folded = unicodedata.normalize("NFKC", text).translate(_MARKS).casefold()
    return _SPACE.sub(" ", folded).strip(STRIPPED)


def day_number(value: object) -> int:
    """A date string as a day ordinal (UNDATED when missing or no calendar day), as clustering compares."""
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


def _char_class(chars: str) -> str:
    return "[" + "".join(f"\\x{{{ord(c):X}}}" for c in chars) + "]"


# The quotes computed in Arrow: ASCII and the folded characters alone (RE2 syntax).
_SIMPLE: Final = "^[\\x{0}-\\x{7F}" + _char_class("".join(FOLDS))[1:] + "*$"
# Python's ``\s`` on ASCII: space, \t \n \v \f \r and the separators \x1c-\x1f (RE2's ``\s`` lacks some).
# Only the runs that are not one space already: replacing every space between words cost 2.4 us a quote.
_SPACES: Final = "\\x{9}-\\x{D}\\x{1C}-\\x{20}"
_MESSY_SPACE: Final = f"[\\x{{9}}-\\x{{D}}\\x{{1C}}-\\x{{1F}}][{_SPACES}]*| [{_SPACES}]+"


def normalised(texts: pa.Array | pa.ChunkedArray) -> pa.Array:
    """``normalise_quote`` of every value of a string column (no nulls), as a string array."""
    texts = _flat(texts)
    simple = pc.fill_null(pc.match_substring_regex(texts, _SIMPLE), False)
    folded = texts
    for value in sorted(set(FOLDS.values())):
        chars = "".join(c for c, v in FOLDS.items() if v == value)
        folded = pc.replace_substring_regex(folded, _char_class(chars), value)
    folded = pc.ascii_lower(folded)
    messy = pc.match_substring_regex(folded, _MESSY_SPACE)
    if pc.any(messy).as_py():
        tidied = pc.replace_substring_regex(folded.filter(messy), _MESSY_SPACE, " ")
        folded = pc.replace_with_mask(folded, messy, tidied)
    folded = pc.utf8_trim(folded, STRIPPED)
    rest = np.flatnonzero(~simple.to_numpy(zero_copy_only=False))
    if len(rest) == 0:
        return folded
    others = texts.take(pa.array(rest)).to_numpy(zero_copy_only=False)
    replacements = pa.array([normalise_quote(t) for t in others], folded.type)
    return pc.replace_with_mask(folded, pc.invert(simple), replacements)


_DATE: Final = "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"
_DAYS_BEFORE_MONTH: Final = np.array([0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334], np.int64)
_MONTH_DAYS: Final = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], np.int64)


def day_numbers(dates: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """``day_number`` of every value of a string column (null: UNDATED), as int64."""
    dates = _flat(dates)
    n = len(dates)
    out = np.full(n, UNDATED, np.int64)
    if n == 0:
        return out
    shaped = pc.fill_null(pc.match_substring_regex(dates, _DATE), False).to_numpy(zero_copy_only=False)
    length = pc.fill_null(pc.utf8_length(dates), 0).to_numpy(zero_copy_only=False)
    year = _part(dates, shaped, 0, 4, length >= 4)
    month = _part(dates, shaped, 5, 7, length >= 7)
    day = _part(dates, shaped, 8, 10, length >= 10)
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    month_ok = (month >= 1) & (month <= 12)
    safe_month = np.where(month_ok, month, 1)
    last = _MONTH_DAYS[safe_month] + ((safe_month == 2) & leap)
    valid = shaped & (year >= 1) & month_ok & (day >= 1) & (day <= last)
    before = year - 1
    ordinal = (
        before * 365
        + before // 4
        - before // 100
        + before // 400
        + _DAYS_BEFORE_MONTH[safe_month]
        + ((safe_month > 2) & leap)
        + day
    )
    out[valid] = ordinal[valid]
    # Every other non-empty string (a date of another shape, or no calendar day) as the one-value form has it.
    present = pc.fill_null(pc.greater(pc.utf8_length(dates), 0), False).to_numpy(zero_copy_only=False)
    for i in np.flatnonzero(present & ~valid):
        out[i] = day_number(dates[int(i)].as_py())
    return out


def _part(dates: pa.Array, shaped: np.ndarray, start: int, stop: int, present: np.ndarray) -> np.ndarray:
    """The digits dates[start:stop] as numbers where the date has them and is shaped, 1 elsewhere."""
    use = shaped & present
    digits = pc.if_else(pa.array(use), pc.utf8_slice_codeunits(dates, start, stop), "1")
    return np.where(use, pc.cast(pc.fill_null(digits, "1"), pa.int64()).to_numpy(), 1)


def _flat(values: pa.Array | pa.ChunkedArray) -> pa.Array:
    if isinstance(values, pa.ChunkedArray):
        return values.combine_chunks() if values.num_chunks else pa.array([], values.type)
    return values
