"""Validation of every value a correction carries: each is checked and length-capped, and an error names
the field it is about. Values are stored as given (stripped); escaping is the business of whoever shows them.
"""

from __future__ import annotations

import datetime as dt
import getpass
import logging
import re
import unicodedata
from collections.abc import Iterable
from typing import Final

from quoteline.schema import DATE_PATTERN, KINDS, STANCES

LOGGER = logging.getLogger(__name__)

MAX_NAME: Final = 200  # a speaker or an outlet
MAX_BY: Final = 100
MAX_REASON: Final = 1000
MAX_TITLE: Final = 500
MAX_LABEL: Final = 80  # one topic or counterpart
MAX_LABELS: Final = 30
MAX_SPAN: Final = 5000  # characters of a statement's text span
_DATE = re.compile(DATE_PATTERN)


class CorrectionError(ValueError):
    """A correction cannot be made; the message names the field (or the target) and the problem."""


def _control(value: str, newlines: bool) -> bool:
    allowed = "\n\t" if newlines else ""
    return any(unicodedata.category(ch) in ("Cc", "Cs", "Co") and ch not in allowed for ch in value)


def text(field: str, value: object, max_len: int, *, newlines: bool = False) -> str:
    """A non-empty single-line text of at most ``max_len`` characters."""
    if not isinstance(value, str):
        raise CorrectionError(f"{field}: expected text, not {type(value).__name__}")
    value = value.strip()
    if not value:
        raise CorrectionError(f"{field}: is empty")
    if len(value) > max_len:
        raise CorrectionError(f"{field}: {len(value)} characters, more than the {max_len} allowed")
    if _control(value, newlines):
        raise CorrectionError(f"{field}: holds control characters")
    return value


def optional_text(field: str, value: object, max_len: int) -> str | None:
    """Like ``text``, but None or blank means no value."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return text(field, value, max_len, newlines=True)


def day(field: str, value: object) -> str:
    """A date as YYYY, YYYY-MM or YYYY-MM-DD naming a real day or month, from the year 1000 to today."""
    if not isinstance(value, str) or not _DATE.match(value.strip()):
        raise CorrectionError(f"{field}: {value!r} is not a date as YYYY, YYYY-MM or YYYY-MM-DD")
    value = value.strip()
    parts = [int(p) for p in value.split("-")]
    try:
        first = dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        raise CorrectionError(f"{field}: {value!r} is not a real date") from None
    if first.year < 1000:
        raise CorrectionError(f"{field}: {value!r} is before the year 1000")
    if first > dt.datetime.now(dt.UTC).date():
        raise CorrectionError(f"{field}: {value!r} is in the future")
    return value


def choice(field: str, value: object, allowed: Iterable[str]) -> str:
    """One of ``allowed``."""
    options = tuple(allowed)
    if not isinstance(value, str) or value.strip() not in options:
        raise CorrectionError(f"{field}: {value!r} is not one of {', '.join(options)}")
    return value.strip()


def kind(value: object) -> str:
    """A statement kind."""
    return choice("kind", value, KINDS)


def stance(value: object) -> str:
    """A stance."""
    return choice("stance", value, STANCES)


def labels(field: str, values: object, known: Iterable[str] | None = None) -> list[str]:
    """A list of short labels (a comma-separated text is split); each one of ``known`` when given."""
    if isinstance(values, str):
        values = [v for v in values.split(",") if v.strip()]
    if not isinstance(values, (list, tuple)):
        raise CorrectionError(f"{field}: expected a list of labels")
    if len(values) > MAX_LABELS:
        raise CorrectionError(f"{field}: {len(values)} labels, more than the {MAX_LABELS} allowed")
    out = list(dict.fromkeys(text(field, v, MAX_LABEL) for v in values))
    if known is not None:
        allowed = set(known)
        unknown = [v for v in out if v not in allowed]
        if unknown:
            raise CorrectionError(
                f"{field}: {', '.join(repr(u) for u in unknown)} not known; "
                f"choose from {', '.join(sorted(allowed))}"
            )
    return out


def span(start: object, end: object, article_text: str) -> tuple[int, int, str]:
    """A text span of the article: (start, end, text), non-empty and at most ``MAX_SPAN`` characters."""
    if (
        not isinstance(start, int)
        or not isinstance(end, int)
        or isinstance(start, bool)
        or isinstance(end, bool)
    ):
        raise CorrectionError("span: start and end must be whole numbers")
    if not 0 <= start < end <= len(article_text):
        raise CorrectionError(
            f"span: {start}:{end} is not a span of the article (0 <= start < end <= {len(article_text)})"
        )
    if end - start > MAX_SPAN:
        raise CorrectionError(f"span: {end - start} characters, more than the {MAX_SPAN} allowed")
    words = article_text[start:end]
    if not words.strip():
        raise CorrectionError(f"span: {start}:{end} holds only blanks")
    return start, end, words


def parse_span(value: str) -> tuple[int, int]:
    """START:END from the command line."""
    m = re.fullmatch(r"\s*(\d{1,9})\s*[:-]\s*(\d{1,9})\s*", value or "")
    if m is None:
        raise CorrectionError(f"span: {value!r} is not START:END (character offsets in the article)")
    return int(m[1]), int(m[2])


def by(value: object | None) -> str:
    """Who makes the correction: the name given, else the OS user."""
    if value is None or (isinstance(value, str) and not value.strip()):
        try:
            value = getpass.getuser()
        except (OSError, KeyError) as exc:  # no user name in the environment or the password database
            LOGGER.warning("no OS user name (%s); corrections are made by 'unknown'", exc)
            value = "unknown"
    return text("by", value, MAX_BY)


def reason(value: object | None) -> str | None:
    """An optional reason."""
    return optional_text("reason", value, MAX_REASON)


def find_span(article_text: str, words: object) -> tuple[int, int]:
    """The offsets of ``words`` in the article (its first occurrence): how the dashboard turns the words an
    analyst selected and pasted into a span. Whitespace runs match any whitespace (wrapped copy)."""
    wanted = text("words", words, MAX_SPAN, newlines=True)
    pattern = r"\s+".join(re.escape(part) for part in wanted.split())
    m = re.search(pattern, article_text)
    if m is None:
        raise CorrectionError("words: not found in the article; paste them exactly as the article has them")
    return m.start(), m.end()
