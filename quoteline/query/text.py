"""Making article-derived text safe to show: escaping, shortening and link checking.

Article text is hostile input. Everything the dashboard renders from it passes through these helpers,
which are pure functions so they can be tested without a browser.
"""

from __future__ import annotations

import html
import math
import re
from urllib.parse import urlsplit

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

_SPACE = re.compile(r"\s+")
# Characters that have no business in a link or label: controls and bidi overrides.
_UNSAFE_CHARS = re.compile(r"[\x00-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def present(value: object) -> str | None:
    """The value as text, or None when it is missing (None, NaN, pd.NA, empty)."""
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value)
    return text or None


def escape(text: object, missing: str = "") -> str:
    """Escape text for HTML (and Plotly's HTML-like labels): <, >, &, quotes; missing gives ``missing``."""
    value = present(text)
    return html.escape(missing if value is None else value, quote=True)


def shorten(text: object, limit: int = 160) -> str:
    """Collapse whitespace and cut to ``limit`` characters, ending with an ellipsis when cut."""
    flat = _SPACE.sub(" ", present(text) or "").strip()
    if len(flat) <= limit:
        return flat
    return flat[: max(limit - 1, 0)].rstrip() + "…"


def safe_url(url: object) -> str | None:
    """Return the URL if it is a plain http(s) link with a host, otherwise None."""
    if not isinstance(url, str):
        return None
    candidate = url.strip()
    if not candidate or len(candidate) > 2048 or _UNSAFE_CHARS.search(candidate):
        return None
    try:
        parts = urlsplit(candidate)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return candidate


def plural(count: int, noun: str, many: str | None = None) -> str:
    """The count with its noun, singular or plural: "1 statement", "0 statements", "1,204 statements"."""
    word = noun if count == 1 else (many or f"{noun}s")
    return f"{count:,} {word}"


def plain_label(text: object, limit: int = 60) -> str:
    """A shortened, escaped label for chart axes and legends."""
    return escape(shorten(text, limit))


_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&#x27;"))


def _arrow(values: pd.Series | pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    if isinstance(values, pd.Series):
        values = pa.array(values.astype("object").where(values.notna(), None).to_numpy(), type=pa.string())
    return pc.fill_null(values.cast(pa.string()), "")


def escape_array(values: pd.Series | pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    """``escape`` for a whole column at once, with Arrow kernels (missing values become empty strings)."""
    out = _arrow(values)
    for raw, entity in _ESCAPES:  # "&" first, so the entities added later are not escaped again
        out = pc.replace_substring(out, raw, entity)
    return out


# ``shorten_array`` collapses the whitespace of each text's first characters only, not of the whole text:
# statements average some 500 characters and run to 60,000, and the regular expression over all of them was
# most of the cost of a chart's hover labels (2,786 of them on the real corpus's Compare page).
_PREFIX_PER_CHAR = 4


def _collapsed(values: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    return pc.utf8_trim_whitespace(pc.replace_substring_regex(values, r"\s+", " "))


def _cut(flat: pa.Array | pa.ChunkedArray, limit: int) -> pa.Array | pa.ChunkedArray:
    cut = pc.binary_join_element_wise(
        pc.utf8_rtrim_whitespace(pc.utf8_slice_codeunits(flat, 0, max(limit - 1, 0))), "…", ""
    )
    return pc.if_else(pc.greater(pc.utf8_length(flat), limit), cut, flat)


def shorten_array(
    values: pd.Series | pa.Array | pa.ChunkedArray, limit: int = 160
) -> pa.Array | pa.ChunkedArray:
    """``shorten`` for a whole column at once, with Arrow kernels.

    Only a prefix of each text (``_PREFIX_PER_CHAR`` times ``limit``) is collapsed. Collapsing whitespace
    never lengthens a text, and the collapse of a prefix starts as the whole text's collapse does, so a
    prefix that still collapses to more than ``limit`` characters gives the whole text's cut. The rare text
    whose prefix collapses to ``limit`` or fewer (a long run of blank space) is collapsed whole.
    """
    texts = _arrow(values)
    bound = _PREFIX_PER_CHAR * max(limit, 1)
    flat = _collapsed(pc.utf8_slice_codeunits(texts, 0, bound))
    # A text of at most ``bound`` bytes has at most ``bound`` characters: its prefix is the whole text.
    fell_short = pc.and_(
        pc.greater(pc.binary_length(texts), bound), pc.less_equal(pc.utf8_length(flat), limit)
    )
    if pc.any(fell_short).as_py():
        flat = pc.if_else(fell_short, _collapsed(texts), flat)
    return _cut(flat, limit)
